import Foundation

/// One input as the user names it: a path (or `-`, or `pg:TABLE`) with its own options, written
/// QGIS-style after the path: `parcels.gpkg|layer=parcels`, `zone.dxf|crs=EPSG:4547`,
/// `old.shp|encoding=GBK`, combinable (`x.gpkg|layer=t|crs=EPSG:4490`). Options given here belong
/// to this source alone; the command's `--layer`, `--input-crs` and `--encoding` are only defaults
/// for sources that say nothing (see `ReadOptions`).
///
/// - `layer=`: the layer of a multi-layer source (GeoPackage, FileGDB, KML, a zip of Shapefiles).
/// - `crs=`: treat the coordinates as this CRS, whatever the file says (it overrides a `.prj`).
/// - `encoding=`: the attribute text's encoding, whatever the file says (it overrides a `.cpg`).
///
/// ```swift
/// let s = try SourceSpec.parse("kaifeng.gpkg|layer=counties|crs=EPSG:4490")
/// s.location  // "kaifeng.gpkg"
/// s.layer     // "counties"
/// ```
public struct SourceSpec: Sendable, Hashable, CustomStringConvertible {
    /// The path, `-`, or `pg:TABLE`.
    public var location: String
    public var layer: String?
    public var crs: String?
    public var encoding: String?

    public init(location: String, layer: String? = nil, crs: String? = nil, encoding: String? = nil) {
        self.location = location
        self.layer = layer
        self.crs = crs
        self.encoding = encoding
    }

    /// The option names a source may carry.
    public static let keys = ["layer", "crs", "encoding"]

    /// Splits `path|key=value|…`. A path that exists as it is (a file whose name holds `|`) is
    /// taken whole. An unknown or repeated key, or an empty value, is a usage error naming the
    /// source.
    public static func parse(_ text: String) throws -> SourceSpec {
        guard text.contains("|"), !FileManager.default.fileExists(atPath: text) else { return SourceSpec(location: text) }
        var parts = text.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        let location = parts.removeFirst()
        var spec = SourceSpec(location: location)
        func bad(_ why: String) -> InterchangeError {
            InterchangeError(kind: .usage, file: location, message: "\(why) in the source \"\(text)\"",
                             hint: "write a source as PATH|layer=NAME|crs=EPSG:XXXX|encoding=GBK, quoted in the shell")
        }
        if location.isEmpty { throw bad("no path before |") }
        var seen = Set<String>()
        for part in parts {
            guard let eq = part.firstIndex(of: "=") else { throw bad("\"\(part)\" is not key=value") }
            let key = part[..<eq].trimmingCharacters(in: .whitespaces).lowercased()
            let value = part[part.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            guard keys.contains(key) else { throw bad("unknown option \"\(key)\" (known: \(keys.joined(separator: ", ")))") }
            guard !value.isEmpty else { throw bad("\(key)= has no value") }
            guard seen.insert(key).inserted else { throw bad("\(key)= is given twice") }
            switch key {
            case "layer": spec.layer = value
            case "crs": spec.crs = value
            default: spec.encoding = value
            }
        }
        return spec
    }

    /// The location alone, for code that needs only the path (`x.gpkg|layer=t` → `x.gpkg`);
    /// text that does not parse is returned as it is.
    public static func location(of text: String) -> String {
        (try? parse(text))?.location ?? text
    }

    /// The source written back as `path|layer=…|crs=…|encoding=…`.
    public var description: String {
        var s = location
        if let layer { s += "|layer=\(layer)" }
        if let crs { s += "|crs=\(crs)" }
        if let encoding { s += "|encoding=\(encoding)" }
        return s
    }
}
