/// The formats Tongcheng writes, chosen by the output's extension.
///
/// ```swift
/// FeatureFormat(path: "out/plan.gpkg")   // .geoPackage
/// FeatureFormat(path: "out/plan.shp")    // .shapefile
/// ```
public enum FeatureFormat: String, Sendable, CaseIterable {
    case geoJSON, geoPackage, shapefile, zippedShapefile, dxf, kml, flatGeobuf, csv, fileGDB, gml

    /// The format for a path's extension, or `nil` when Tongcheng does not write it.
    public init?(path: String) {
        let lower = path.lowercased()
        guard let format = Self.allCases.first(where: { f in f.extensions.contains { lower.hasSuffix("." + $0) } }) else { return nil }
        self = format
    }

    /// Extensions, lowercase, without the dot.
    public var extensions: [String] {
        switch self {
        case .geoJSON: return ["geojson", "json"]
        case .geoPackage: return ["gpkg"]
        case .shapefile: return ["shp"]
        case .zippedShapefile: return ["shp.zip", "shz", "zip"]
        case .dxf: return ["dxf"]
        case .kml: return ["kml"]
        case .flatGeobuf: return ["fgb"]
        case .csv: return ["csv"]
        case .fileGDB: return ["gdb"]
        case .gml: return ["gml"]
        }
    }

    /// GDAL's driver (`nil` for GeoJSON, written by Tongcheng's own writer).
    var driver: String? {
        switch self {
        case .geoJSON: return nil
        case .geoPackage: return "GPKG"
        case .shapefile, .zippedShapefile: return "ESRI Shapefile"
        case .dxf: return "DXF"
        case .kml: return "KML"
        case .flatGeobuf: return "FlatGeobuf"
        case .csv: return "CSV"
        case .fileGDB: return "OpenFileGDB"
        case .gml: return "GML"
        }
    }

    /// A name for messages.
    public var displayName: String {
        switch self {
        case .geoJSON: return "GeoJSON"
        case .geoPackage: return "GeoPackage"
        case .shapefile: return "Shapefile"
        case .zippedShapefile: return "zipped Shapefile"
        case .dxf: return "DXF"
        case .kml: return "KML"
        case .flatGeobuf: return "FlatGeobuf"
        case .csv: return "CSV"
        case .fileGDB: return "FileGDB"
        case .gml: return "GML"
        }
    }

    /// Formats that hold several layers: a write adds or replaces one and keeps the others.
    public var isContainer: Bool { self == .geoPackage || self == .fileGDB }

    /// The file name without this format's extension (`zones` for `zones.shp.zip`): the default layer name.
    func stem(of fileName: String) -> String {
        let lower = fileName.lowercased()
        let ext = extensions.filter { lower.hasSuffix("." + $0) }.max { $0.count < $1.count } ?? ""
        return String(fileName.dropLast(ext.isEmpty ? 0 : ext.count + 1))
    }

    /// Formats whose geometry column holds one kind of geometry (points, lines or polygons).
    var needsOneGeometryKind: Bool { self == .shapefile || self == .zippedShapefile || self == .fileGDB }
    /// Formats with a CRS of their own that is always WGS 84.
    var alwaysWGS84: Bool { self == .kml || self == .geoJSON }

    /// Every extension, for messages: `.geojson, .gpkg, .shp, …`.
    public static var extensionList: String {
        allCases.flatMap(\.extensions).filter { $0 != "shz" && $0 != "shp.zip" }.map { "." + $0 }.joined(separator: ", ")
    }
}
