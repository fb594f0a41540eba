import CGDAL
import Foundation

/// What GDAL knows about a source: its driver and, for each layer, the feature count, geometry
/// type, CRS, text encoding and field types (for `tongcheng info`).
///
/// ```swift
/// let d = try FeatureSource.describe("survey.gpkg")
/// for layer in d.layers { print(layer.name, layer.crs ?? "no CRS", layer.fields.map(\.name)) }
/// ```
public struct SourceDescription: Sendable, Hashable {
    public struct Field: Sendable, Hashable {
        public var name: String
        /// OGR's type name: `Integer`, `Integer64`, `Real`, `String`, `Date`, `DateTime`, … (with a
        /// subtype in parentheses: `Integer(Boolean)`).
        public var type: String
    }

    public struct Layer: Sendable, Hashable {
        public var name: String
        public var featureCount: Int
        public var geometryType: String
        /// `EPSG:4547`, or the CRS's name when it has no code; `nil` when the layer names none.
        public var crs: String?
        public var crsName: String?
        /// The attribute text's encoding as the source declares it (`UTF-8`, a `.cpg`'s code page),
        /// or `nil` when it declares none.
        public var encoding: String?
        public var fields: [Field]
    }

    /// GDAL's short driver name: `ESRI Shapefile`, `GPKG`, `KML`, `DXF`, `OpenFileGDB`, `CSV`, …
    public var driver: String
    public var layers: [Layer]
}

extension FeatureSource {
    /// Describes a GDAL source without reading its features.
    public static func describe(_ path: String) throws -> SourceDescription {
        guard FileManager.default.fileExists(atPath: path) else {
            throw InterchangeError(kind: .missingFile, file: path, message: "no such file")
        }
        try OGRSourceReader.checkShapefileSet(path)
        let connection = try OGRSourceReader.connection(path, layer: nil)
        return try GDALSession.run { session in
            let watchdog = OpenWatchdog(file: path, seconds: OGRSourceReader.openTimeLimit)
            defer { watchdog.stop() }
            let dataset = try OGRSourceReader.openForReading(path, connection: connection, encoding: nil, session: session)
            try OGRSourceReader.throwIfFailed(session, path)
            let driver = dataset.driverName
            let encoding = declaredEncoding(driver: driver, files: dataset.files)
            var layers: [SourceDescription.Layer] = []
            let count = try dataset.layerCount()
            for i in 0..<Int32(count) {
                guard let layer = GDALDatasetGetLayer(dataset.handle, i) else { continue }
                let definition = OGR_L_GetLayerDefn(layer)
                var fields: [SourceDescription.Field] = []
                for k in 0..<OGR_FD_GetFieldCount(definition) {
                    guard let f = OGR_FD_GetFieldDefn(definition, k) else { continue }
                    var type = String(cString: OGR_GetFieldTypeName(OGR_Fld_GetType(f)))
                    if OGR_Fld_GetSubType(f) != OFSTNone { type += "(\(String(cString: OGR_GetFieldSubTypeName(OGR_Fld_GetSubType(f)))))" }
                    fields.append(.init(name: String(cString: OGR_Fld_GetNameRef(f)), type: type))
                }
                let srs = OGR_L_GetSpatialRef(layer)
                var crs: String?
                if let srs {
                    switch SpatialReference.coordinateSystem(srs) {
                    case .proj(let s): crs = s.count < 40 ? s : SpatialReference.name(srs)
                    case .gcj02: crs = "GCJ-02"
                    }
                }
                layers.append(.init(name: String(cString: OGR_L_GetName(layer)), featureCount: Int(OGR_L_GetFeatureCount(layer, 1)),
                                    geometryType: String(cString: OGRGeometryTypeToName(OGR_L_GetGeomType(layer))),
                                    crs: crs, crsName: srs.map(SpatialReference.name), encoding: encoding, fields: fields))
            }
            _ = session.newFailures()
            return SourceDescription(driver: driver, layers: layers)
        }
    }

    /// The encoding a source declares: UTF-8 for the formats that are UTF-8 by definition, a
    /// Shapefile's `.cpg`, otherwise `nil`.
    static func declaredEncoding(driver: String, files: [String]) -> String? {
        switch driver {
        case "ESRI Shapefile":
            guard let cpg = files.first(where: { $0.lowercased().hasSuffix(".cpg") }) else { return nil }
            return try? GDALFile.text(cpg).trimmingCharacters(in: .whitespacesAndNewlines)
        case "CSV", "DXF": return nil
        default: return "UTF-8"
        }
    }
}

/// Small reads through GDAL's virtual file system (works inside `/vsizip/` too).
enum GDALFile {
    struct Unreadable: Error {}

    static func text(_ path: String, limit: Int = 4096) throws -> String {
        guard let f = VSIFOpenL(path, "rb") else { throw Unreadable() }
        defer { VSIFCloseL(f) }
        var buffer = [UInt8](repeating: 0, count: limit)
        let n = VSIFReadL(&buffer, 1, limit, f)
        return String(decoding: buffer[..<n], as: UTF8.self)
    }
}
