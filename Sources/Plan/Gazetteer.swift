import Foundation
import TongchengGeometry

/// Named places, so that analyses can say `--from zhengzhou` as well as `--from 113.66,34.75`.
///
/// Lookups forgive the ways people write a place: the id (`zhengzhou-east`, also `Zhengzhou East`
/// or `zhengzhoueast`), the Chinese name with or without its 市/县/县城/站 suffix or its
/// parenthesis (`郑州` and `郑州市` find `郑州中心城区（二七广场）`, `兰考` and `兰考县` find
/// `兰考县城`, `兰考南` finds `兰考南站`), or the English name, case-insensitively. A name that
/// matches nothing gets the nearest names by edit distance ("did you mean zhengzhou?").
///
/// ```swift
/// let g = plan.gazetteer
/// let erqi = try g.position("郑州")           // Position(113.6655, 34.7535)
/// let p = try g.position("114.82,34.77")     // a literal LON,LAT
/// try g.position("zhengzhuo")                // GazetteerError: did you mean zhengzhou (郑州中心城区（二七广场）)?
/// ```
public struct Gazetteer: Sendable {
    public var places: [Feature]

    public init(_ places: [Feature]) { self.places = places }

    /// The place feature whose id, Chinese name or English name is exactly `name` (ids and
    /// English names case-insensitively), or `nil`.
    public func exactPlace(_ name: String) -> Feature? {
        let key = name.trimmingCharacters(in: .whitespaces).lowercased()
        return places.first { $0.planID?.lowercased() == key }
            ?? places.first { $0.name == name.trimmingCharacters(in: .whitespaces) }
            ?? places.first { $0.englishName?.lowercased() == key }
    }

    /// The place feature for a name written any of the forgiven ways, or `nil`. The first pass
    /// that finds a place wins, so `郑州站` (exact) is the station while `郑州` is the city centre.
    public func place(_ name: String) -> Feature? {
        if let f = exactPlace(name) { return f }
        let latin = Gazetteer.latinKey(name)
        if !latin.isEmpty, let f = places.first(where: { Gazetteer.latinKeys(of: $0).contains(latin) }) { return f }
        let chinese = Gazetteer.chineseCore(name, dropStation: false)
        if !chinese.isEmpty, let f = places.first(where: { $0.name.map { Gazetteer.chineseCore($0, dropStation: false) } == chinese }) { return f }
        let bare = Gazetteer.chineseCore(name, dropStation: true)
        if !bare.isEmpty, let f = places.first(where: { $0.name.map { Gazetteer.chineseCore($0, dropStation: true) } == bare }) { return f }
        return nil
    }

    /// A position from a place name or a literal `LON,LAT`.
    public func position(_ text: String) throws -> Position {
        if let p = Gazetteer.parseLonLat(text) { return p }
        if let reason = Gazetteer.lonLatProblem(text) { throw GazetteerError(name: text, suggestions: [], examples: [], reason: reason) }
        guard let f = place(text) else { throw unknown(text) }
        guard case .point(let point)? = f.geometry else {
            throw GazetteerError(name: text, suggestions: [], examples: [], reason: "\(f.planID ?? text) has no point geometry")
        }
        return point.position
    }

    /// The error for a name that is not in the gazetteer: the closest names (at most three, by
    /// edit distance) or, when nothing is close, a few ids to show the form.
    public func unknown(_ text: String) -> GazetteerError {
        let suggestions = suggest(text).map { f in
            let id = f.planID ?? f.name ?? "?"
            return f.name.map { "\(id) (\($0))" } ?? id
        }
        let examples = Array(places.compactMap(\.planID).prefix(4))
        return GazetteerError(name: text, suggestions: suggestions, examples: examples, count: places.count)
    }

    /// Places whose id, English name or Chinese name is within a few edits of `text`, best first.
    public func suggest(_ text: String, limit: Int = 3) -> [Feature] {
        let latin = Gazetteer.latinKey(text)
        let chinese = Gazetteer.chineseCore(text, dropStation: true)
        var scored: [(distance: Int, index: Int)] = []
        for (k, f) in places.enumerated() {
            var best = Int.max
            if !latin.isEmpty {
                let tolerance = max(1, min(3, latin.count / 3))
                for key in Gazetteer.latinKeys(of: f) {
                    let d = Gazetteer.editDistance(latin, key)
                    if d <= tolerance { best = min(best, d) }
                }
            }
            if !chinese.isEmpty, let name = f.name {
                let core = Gazetteer.chineseCore(name, dropStation: true)
                let d = Gazetteer.editDistance(chinese, core)
                if d <= max(1, chinese.count / 3) { best = min(best, d) }
            }
            if best != Int.max { scored.append((best, k)) }
        }
        return scored.sorted { ($0.distance, $0.index) < ($1.distance, $1.index) }.prefix(limit).map { places[$0.index] }
    }

    /// What is wrong with `LON,LAT` when the text is two decimal numbers out of range (`181,0`),
    /// so that it is not reported as an unknown place name; `nil` otherwise.
    public static func lonLatProblem(_ text: String) -> String? {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, parts.allSatisfy(isDecimal), let lon = Double(parts[0]), let lat = Double(parts[1]) else { return nil }
        if !(lon.isFinite && abs(lon) <= 180) { return "longitude \(parts[0]) is out of range: LON,LAT takes longitude −180 to 180 and latitude −90 to 90 (degrees, WGS 84)" }
        if !(lat.isFinite && abs(lat) <= 90) { return "latitude \(parts[1]) is out of range: LON,LAT takes longitude −180 to 180 and latitude −90 to 90 (degrees, WGS 84)" }
        return nil
    }

    /// A decimal number as typed (`12`, `-0.5`, `1e3`): not hexadecimal, `nan` or `inf`, which `Double(_:)` also reads.
    public static func isDecimal(_ s: String) -> Bool {
        s.range(of: #"^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$"#, options: .regularExpression) != nil
    }

    /// Parses `LON,LAT` (degrees, WGS 84); `nil` when the text is not two numbers.
    public static func parseLonLat(_ text: String) -> Position? {
        let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        // Decimal numbers only: Double("0x72") is hexadecimal, Double("nan") and Double("inf") parse too.
        func decimal(_ s: String) -> Bool { s.contains(where: \.isNumber) && s.allSatisfy { "0123456789.+-eE".contains($0) } }
        guard parts.count == 2, parts.allSatisfy(decimal), let lon = Double(parts[0]), let lat = Double(parts[1]),
              abs(lat) <= 90, abs(lon) <= 180 else { return nil }
        return Position(lon, lat)
    }

    /// Lower-case ASCII letters and digits only: `Zhengzhou East`, `zhengzhou-east` and
    /// `zhengzhou_east` all become `zhengzhoueast`. Empty for a Chinese name.
    static func latinKey(_ text: String) -> String {
        String(text.lowercased().unicodeScalars.filter { ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") }.map(Character.init))
    }

    /// The Latin keys a place answers to: its id, its English name, and that name without its
    /// parenthesis (`Zhengzhou city centre (Erqi Square)` → `zhengzhoucitycentre`).
    static func latinKeys(of f: Feature) -> [String] {
        var keys: [String] = []
        if let id = f.planID { keys.append(latinKey(id)) }
        if let en = f.englishName {
            keys.append(latinKey(en))
            keys.append(latinKey(withoutParenthesis(en)))
        }
        return keys.filter { !$0.isEmpty }
    }

    /// The Chinese part of a name without its parenthesis and administrative suffix: `郑州市` and
    /// `郑州中心城区（二七广场）` → `郑州`, `兰考县城` → `兰考`; with `dropStation`, `兰考南站` → `兰考南`.
    /// Empty when the text has no Chinese characters.
    static func chineseCore(_ text: String, dropStation: Bool) -> String {
        var s = withoutParenthesis(text).filter { !$0.isWhitespace }
        guard s.unicodeScalars.contains(where: { $0.value >= 0x4E00 && $0.value <= 0x9FFF }) else { return "" }
        for suffix in ["中心城区", "城区", "县城", "市", "县", "区", "镇", "村"] where s.hasSuffix(suffix) && s.count > suffix.count + 1 {
            s.removeLast(suffix.count)
            break
        }
        if dropStation, s.hasSuffix("站"), s.count > 2 { s.removeLast() }
        return s
    }

    static func withoutParenthesis(_ text: String) -> String {
        var out = ""
        var depth = 0
        for ch in text {
            if ch == "(" || ch == "（" { depth += 1 } else if ch == ")" || ch == "）" { depth = max(0, depth - 1) } else if depth == 0 { out.append(ch) }
        }
        return out.trimmingCharacters(in: .whitespaces)
    }

    /// Optimal string alignment distance (Levenshtein with adjacent transpositions), so that the
    /// typo `zhengzhuo` is one edit from `zhengzhou`.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: y.count + 1), count: x.count + 1)
        for i in 0...x.count { d[i][0] = i }
        for j in 0...y.count { d[0][j] = j }
        for i in 1...x.count {
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[x.count][y.count]
    }
}

/// A place that is not in the gazetteer, with the nearest names to suggest.
///
/// ```swift
/// print(GazetteerError(name: "zhengzhuo", suggestions: ["zhengzhou (郑州)"], examples: []))
/// // unknown place "zhengzhuo": did you mean zhengzhou (郑州)?
/// ```
public struct GazetteerError: Error, Sendable, CustomStringConvertible {
    public var name: String
    /// `id (中文名)` of the closest places, best first.
    public var suggestions: [String]
    /// A few ids, shown when nothing is close.
    public var examples: [String]
    /// How many places the gazetteer has.
    public var count: Int
    /// A reason other than "not found" (a place without a point).
    public var reason: String?

    public init(name: String, suggestions: [String], examples: [String], count: Int = 0, reason: String? = nil) {
        self.name = name
        self.suggestions = suggestions
        self.examples = examples
        self.count = count
        self.reason = reason
    }

    public var description: String {
        if let reason { return "place \"\(name)\": \(reason)" }
        if let first = suggestions.first {
            let others = suggestions.dropFirst()
            return "unknown place \"\(name)\": did you mean \(first)?" + (others.isEmpty ? "" : " (or \(others.joined(separator: ", ")))")
        }
        let sample = examples.isEmpty ? "" : " such as \(examples.joined(separator: ", "))"
        return "unknown place \"\(name)\": give LON,LAT or one of the \(count) places of the gazetteer\(sample) (by id, Chinese or English name; the plan's places.geojson lists them)"
    }
}
