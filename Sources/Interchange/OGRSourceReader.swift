import CGDAL
import Foundation
import TongchengGeodesy
import TongchengGeometry
import TongchengProcessIO

/// Reads one layer of any OGR vector source into features in WGS 84 longitude/latitude.
enum OGRSourceReader {
    /// The GDAL connection string for a user's path: zips through `/vsizip/`.
    static func connection(_ path: String) -> String {
        let lower = path.lowercased()
        if lower.hasSuffix(".zip"), !lower.hasPrefix("/vsi") { return "/vsizip/" + path }
        return path
    }

    /// A Shapefile needs its `.shx` (index) and `.dbf` (attributes) beside the `.shp`; GDAL reads
    /// one without a `.dbf` silently, so the set is checked first.
    static func checkShapefileSet(_ path: String) throws {
        guard path.lowercased().hasSuffix(".shp") else { return }
        let stem = String(path.dropLast(4))
        for (ext, what) in [("shx", "its index"), ("dbf", "its attribute table")] {
            let candidates = [stem + "." + ext, stem + "." + ext.uppercased()]
            if !candidates.contains(where: { FileManager.default.fileExists(atPath: $0) }) {
                throw InterchangeError(kind: .badData, file: path, message: "the Shapefile has no .\(ext) (\(what))",
                                       hint: "a Shapefile is the .shp with its .shx and .dbf (and .prj, .cpg) of the same name; copy them all")
            }
        }
    }

    /// Opens the source for reading, with the encoding applied where the driver needs it.
    static func open(_ path: String, encoding: String?, session: GDALSession) throws -> OGRDataset {
        let connection = connection(path)
        let dataset = try OGRDataset(path: connection, name: path, session: session)
        guard let encoding else { return dataset }
        switch dataset.driverName {
        case "ESRI Shapefile":
            return try OGRDataset(path: connection, name: path, openOptions: CStringList([("ENCODING", encoding)]), session: session)
        case "DXF":
            return try withThreadConfig("DXF_ENCODING", encoding) { try OGRDataset(path: connection, name: path, session: session) }
        default:
            return dataset
        }
    }

    /// CSV: column types detected (integers, reals, dates rather than text), points made from
    /// longitude/latitude columns, WKT geometry columns found by name.
    static let csvOptions: [(String, String)] = [
        ("AUTODETECT_TYPE", "YES"), ("KEEP_GEOM_COLUMNS", "NO"),
        ("X_POSSIBLE_NAMES", "lon,lng,long,longitude,x,经度"), ("Y_POSSIBLE_NAMES", "lat,latitude,y,纬度"),
        ("GEOM_POSSIBLE_NAMES", "wkt,geometry,geom,the_geom"),
    ]

    static func openForReading(_ path: String, encoding: String?, session: GDALSession) throws -> OGRDataset {
        let dataset = try open(path, encoding: encoding, session: session)
        if dataset.driverName == "CSV" {
            return try OGRDataset(path: connection(path), name: path, openOptions: CStringList(csvOptions), session: session)
        }
        return dataset
    }

    static func read(_ path: String, options: ReadOptions) throws -> FeatureCollection {
        guard FileManager.default.fileExists(atPath: path) else {
            throw InterchangeError(kind: .missingFile, file: path, message: "no such file")
        }
        try checkShapefileSet(path)
        if let encoding = options.encoding { try TextEncoding.check(encoding, file: path) }
        let requested = try options.inputCRS.map { try CoordinateSystem($0) }
        return try GDALSession.run { session in
            let dataset = try openForReading(path, encoding: options.encoding, session: session)
            let driver = dataset.driverName
            recordRead(path, dataset)
            if options.encoding != nil, !TextEncoding.honoured(by: driver) {
                options.warn("\(path): --encoding is ignored: \(driver) stores text as UTF-8")
            }
            let layer = try dataset.layer(options.layer)
            let layerName = String(cString: OGR_L_GetName(layer))
            let recode = driver == "CSV" ? options.encoding : nil
            var (features, sawInvalidText) = try readFeatures(layer, name: path, layerName: layerName, recodeFrom: recode, driver: driver, session: session)
            let source: CoordinateSystem?
            if let requested { source = requested } else { source = OGR_L_GetSpatialRef(layer).map(SpatialReference.coordinateSystem) }
            if let source {
                if source != .wgs84 { try project(&features, from: source, file: path, layer: layerName) }
            } else {
                try checkLongitudeLatitude(features, file: path, layer: layerName)
            }
            if sawInvalidText {
                options.warn("\(path): attribute text is not UTF-8 and the file does not say which encoding it uses (no .cpg); "
                             + "unreadable bytes are shown as \u{FFFD}: name the encoding with --encoding GBK (or GB18030, CP936, …)")
            }
            for w in session.warnings { options.warn("\(path): \(OGRDataset.plain(w))") }
            return FeatureCollection(features)
        }
    }

    /// Records the source's files in `ReadLog` so that no output of the run can replace them.
    static func recordRead(_ path: String, _ dataset: OGRDataset) {
        for file in [path] + dataset.files where !file.hasPrefix("/vsi") {
            if let id = FileIdentity(path: file) { ReadLog.shared.record(id, name: file) }
        }
    }

    /// Every feature of the layer, failing on the first error GDAL reports (a truncated `.shp`
    /// must not quietly yield fewer features).
    static func readFeatures(_ layer: OGRLayerH, name: String, layerName: String, recodeFrom: String?, driver: String,
                             session: GDALSession) throws -> ([Feature], Bool) {
        var fields = OGRFieldReading(layer: layer, recodeFrom: recodeFrom, driver: driver)
        var features: [Feature] = []
        let expected = OGR_L_GetFeatureCount(layer, 0)
        if expected > 0 { features.reserveCapacity(Int(expected)) }
        OGR_L_ResetReading(layer)
        func failure(_ index: Int, _ messages: [String]) -> InterchangeError {
            InterchangeError(kind: .badData, file: name, layer: layerName, featureIndex: index,
                             message: messages.map(OGRDataset.plain).joined(separator: "; "))
        }
        _ = session.newFailures()
        while true {
            let index = features.count
            let handle = OGR_L_GetNextFeature(layer)
            let failures = session.newFailures()
            guard failures.isEmpty else {
                if let handle { OGR_F_Destroy(handle) }
                throw failure(index, failures)
            }
            guard let handle else { break }
            defer { OGR_F_Destroy(handle) }
            var geometry: Geometry?
            if let g = OGR_F_GetGeometryRef(handle) {
                do {
                    geometry = try OGRGeometryReading.geometry(g)
                } catch let e as OGRGeometryReading.Unsupported {
                    throw InterchangeError(kind: .badData, file: name, layer: layerName, featureIndex: index, message: "unsupported geometry type \(e.typeName)")
                }
            }
            let (id, properties) = fields.read(handle)
            let late = session.newFailures()
            guard late.isEmpty else { throw failure(index, late) }
            features.append(Feature(id: id, properties: properties, geometry: geometry))
        }
        return (features, fields.sawInvalidText)
    }

    /// Transforms every geometry to WGS 84.
    static func project(_ features: inout [Feature], from source: CoordinateSystem, file: String, layer: String?) throws {
        let toWGS84 = try Transformer(from: source, to: .wgs84)
        for k in features.indices {
            guard let g = features[k].geometry else { continue }
            do {
                features[k].geometry = try toWGS84.transform(g)
            } catch let e as ProjectionError {
                throw InterchangeError(kind: .badData, file: file, layer: layer, featureIndex: k, message: e.description)
            }
        }
    }

    /// Data with no CRS are taken as longitude/latitude only if they can be.
    static func checkLongitudeLatitude(_ features: [Feature], file: String, layer: String?) throws {
        for (k, f) in features.enumerated() {
            guard let b = f.geometry?.boundingBox else { continue }
            if b.minX < -180 || b.maxX > 180 || b.minY < -90 || b.maxY > 90 {
                var hint = "name its CRS with --input-crs EPSG:XXXX"
                if b.minX > 100_000, b.maxX < 900_000, b.minY > 2_000_000, b.maxY < 6_000_000 {
                    hint += ", e.g. --input-crs EPSG:4547 for CGCS2000 3-degree Gauss–Krüger CM 114°E (Zhengzhou, Kaifeng, Lankao)"
                }
                throw InterchangeError(kind: .badData, file: file, layer: layer, featureIndex: k,
                                       message: "the file names no coordinate system and its coordinates (\(b.minX), \(b.minY)) cannot be longitude/latitude",
                                       hint: hint)
            }
        }
    }
}
