import TongchengGeometry

/// Distances and areas written with units, as planners type them: `100km`, `500 m`, `2.5 km`,
/// `30km2`, `30 km²`, `3000ha`, `45000mu` (亩), `1e6 m2`.
///
/// A quantity must carry its unit: a bare `100` is refused ("add a unit: 100km, 500m") rather
/// than silently read as metres, the mistake that turned `--radius 100` into a 100 m reach and
/// `--area 30` into a 30 m² site search. Only zero, the same in every unit, may go without one.
///
/// ```swift
/// let r = try Quantity.metres("100km")        // 100000.0
/// let a = try Quantity.squareMetres("30km2")  // 30000000.0
/// print(AreaUnit.mu.fromSquareMetres(666.67))  // ≈ 1.0
/// ```
public enum Quantity {
    /// Metres from a distance with a unit (m, km); a bare number other than 0 is refused.
    public static func metres(_ text: String) throws -> Double {
        let (value, unit) = try split(text)
        if unit.isEmpty && value != 0 {
            throw QuantityError(text: text, expected: "a distance", missingUnit: "add a unit: \(plain(value))km, \(plain(value))m")
        }
        let m: Double
        switch unit {
        case "", "m", "metre", "metres", "meter", "meters", "米": m = value
        case "km", "kilometre", "kilometres", "kilometer", "kilometers", "公里", "千米": m = value * 1000
        default: throw QuantityError(text: text, expected: "a distance such as 500m, 100km or 2.5 km")
        }
        return m   // a range check with the allowed range follows where the distance is used
    }

    /// Square metres from an area with a unit (m2, km2, ha, mu/亩); a bare number other than 0 is refused.
    public static func squareMetres(_ text: String) throws -> Double {
        let (value, unit) = try split(text)
        if unit.isEmpty && value != 0 {
            throw QuantityError(text: text, expected: "an area", missingUnit: "add a unit: \(plain(value))km2, \(plain(value))ha, \(plain(value))mu")
        }
        guard let u = AreaUnit(unit.isEmpty ? "m2" : unit) else {
            throw QuantityError(text: text, expected: "an area such as 30km2, 3000ha, 45000mu or 1e6m2")
        }
        let m2 = u.toSquareMetres(value)
        guard m2.isFinite else { throw QuantityError(text: text, expected: "an area", reason: "is too large: the whole Earth is about 510,066,000 km2") }
        return m2
    }

    static func split(_ text: String) throws -> (Double, String) {
        let t = text.trimmingSpaces
        var numberEnd = t.startIndex
        for (k, ch) in zip(t.indices, t) {
            if ch.isNumber || ch == "." || ch == "-" || ch == "+" || ((ch == "e" || ch == "E") && k != t.startIndex) {
                // "e" belongs to the number only when digits follow (1e6), not in units.
                if ch == "e" || ch == "E" {
                    let next = t.index(after: k)
                    guard next < t.endIndex, t[next].isNumber || t[next] == "-" || t[next] == "+" else { break }
                }
                numberEnd = t.index(after: k)
            } else { break }
        }
        guard let value = Double(t[t.startIndex..<numberEnd]), value.isFinite else {
            throw QuantityError(text: text, expected: "a number followed by a unit")
        }
        let unit = String(t[numberEnd...]).trimmingSpaces.lowercased()
        return (value, unit)
    }

    /// The number as typed back in a hint: `100`, `2.5`.
    static func plain(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : "\(v)"
    }
}

/// A quantity that could not be read.
public struct QuantityError: Error, Sendable, CustomStringConvertible {
    public var text: String
    public var expected: String
    /// Set when the number came without a unit: the hint that names the units to add.
    public var missingUnit: String?
    /// Set when the number was read but cannot be used (too large): what is wrong with it.
    public var reason: String?

    public init(text: String, expected: String, missingUnit: String? = nil, reason: String? = nil) {
        self.text = text
        self.expected = expected
        self.missingUnit = missingUnit
        self.reason = reason
    }

    public var description: String {
        if let missingUnit { return "\"\(TextExcerpt.short(text))\" has no unit: \(missingUnit)" }
        if let reason { return "\"\(TextExcerpt.short(text))\" \(reason)" }
        return "cannot read \"\(text)\": expected \(expected)"
    }
}

/// Units in which areas are reported.
///
/// ```swift
/// AreaUnit.km2.fromSquareMetres(1_116_000_000)  // 1116.0
/// ```
public enum AreaUnit: String, Sendable, CaseIterable {
    case m2, ha, km2, mu

    /// Parses `m2`, `m²`, `ha`, `km2`, `km²`, `mu`, `亩`, `sqkm`.
    public init?(_ text: String) {
        switch text.trimmingSpaces.lowercased() {
        case "m2", "m²", "sqm", "平方米": self = .m2
        case "ha", "hectare", "hectares", "公顷": self = .ha
        case "km2", "km²", "sqkm", "平方公里", "平方千米": self = .km2
        case "mu", "亩": self = .mu
        default: return nil
        }
    }

    /// Square metres in one unit. One 亩 (mu) is 10000/15 m² ≈ 666.67 m², the legal definition.
    public var squareMetres: Double {
        switch self {
        case .m2: return 1
        case .ha: return 10_000
        case .km2: return 1_000_000
        case .mu: return 10_000.0 / 15.0
        }
    }

    /// Square metres in this unit: `AreaUnit.mu.fromSquareMetres(30e6)` → 45,000.
    public func fromSquareMetres(_ v: Double) -> Double { v / squareMetres }
    /// This unit in square metres: `AreaUnit.km2.toSquareMetres(30)` → 30,000,000.
    public func toSquareMetres(_ v: Double) -> Double { v * squareMetres }

    /// The unit as printed in table headings.
    public var symbol: String {
        switch self {
        case .m2: return "m²"
        case .ha: return "ha"
        case .km2: return "km²"
        case .mu: return "亩"
        }
    }
}

/// Units in which lengths are reported.
public enum LengthUnit: String, Sendable, CaseIterable {
    case m, km

    public init?(_ text: String) {
        switch text.trimmingSpaces.lowercased() {
        case "m", "metre", "metres", "米": self = .m
        case "km", "公里": self = .km
        default: return nil
        }
    }

    public var metres: Double { self == .m ? 1 : 1000 }
    /// Metres in this unit: `LengthUnit.km.fromMetres(2_500)` → 2.5.
    public func fromMetres(_ v: Double) -> Double { v / metres }
}
