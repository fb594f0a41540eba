import Foundation
import Geometry

/// Named places, so that analyses can say `--from zhengzhou` as well as `--from 113.66,34.75`.
///
/// Lookups try the id (`zhengzhou-east`), then the Chinese name (`郑州东站`), then the English
/// name, case-insensitively.
///
/// ```swift
/// let g = plan.gazetteer
/// let erqi = try g.position("zhengzhou")     // Position(113.6655, 34.7535)
/// let p = try g.position("114.82,34.77")     // a literal LON,LAT
/// ```
public struct Gazetteer: Sendable {
    public var places: [Feature]

    public init(_ places: [Feature]) { self.places = places }

    /// The place feature for a name, or `nil`.
    public func place(_ name: String) -> Feature? {
        let key = name.lowercased()
        return places.first { $0.planID?.lowercased() == key }
            ?? places.first { $0.name == name }
            ?? places.first { $0.englishName?.lowercased() == key }
    }

    /// A position from a place name or a literal `LON,LAT`.
    public func position(_ text: String) throws -> Position {
        if let p = Gazetteer.parseLonLat(text) { return p }
        guard let f = place(text), case .point(let point)? = f.geometry else {
            let known = places.compactMap(\.planID).prefix(40).joined(separator: ", ")
            throw GazetteerError(name: text, known: known)
        }
        return point.position
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
}

/// A place that is not in the gazetteer.
public struct GazetteerError: Error, Sendable, CustomStringConvertible {
    public var name: String
    public var known: String
    public var description: String { "unknown place \"\(name)\": give LON,LAT or one of: \(known)" }
}
