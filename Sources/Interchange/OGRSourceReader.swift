import CGDAL
import Foundation
import TongchengGeodesy
import TongchengGeometry
import TongchengProcessIO

/// Reads one layer of any OGR vector source into features in WGS 84 longitude/latitude.
enum OGRSourceReader {
    /// The GDAL connection string for a user's path: a zip through `/vsizip/` (its one Shapefile
    /// named directly, the archive checked first: `ArchiveInput`), anything else as it is.
    static func connection(_ path: String, layer: String?) throws -> String {
        try refuseVirtualPath(path)
        let lower = path.lowercased()
        if lower.hasSuffix(".zip") || lower.hasSuffix(".kmz") || (!lower.hasSuffix(".gpkg") && !lower.hasSuffix(".xlsx") && ArchiveInput.isZip(path)) {
            return try ArchiveInput.connection(for: path, layer: layer)
        }
        return path
    }

    /// GDAL's virtual paths (`/vsicurl/…`, `/vsizip/…`, `/vsistdin/`) would reach servers or other
    /// files than the one named: a usage error, before anything looks for the file.
    static func refuseVirtualPath(_ path: String) throws {
        if path.lowercased().hasPrefix("/vsi") {
            throw InterchangeError(kind: .usage, file: path, message: "GDAL virtual paths (/vsi…) are not read", hint: "name a local file")
        }
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

    /// CSV: column types detected (integers, reals, dates rather than text), points made from
    /// longitude/latitude columns, WKT geometry columns found by name. The geometry's columns are
    /// kept so that a value GDAL could not parse is seen (GDAL leaves the geometry empty without
    /// a word) and then dropped from the properties.
    static let csvXNames = ["lon", "lng", "long", "longitude", "x", "经度"]
    static let csvYNames = ["lat", "latitude", "y", "纬度"]
    static let csvGeometryNames = ["wkt", "geometry", "geom", "the_geom"]
    static let csvOptions: [(String, String)] = [
        ("AUTODETECT_TYPE", "YES"), ("KEEP_GEOM_COLUMNS", "YES"),
        ("X_POSSIBLE_NAMES", csvXNames.joined(separator: ",")), ("Y_POSSIBLE_NAMES", csvYNames.joined(separator: ",")),
        ("GEOM_POSSIBLE_NAMES", csvGeometryNames.joined(separator: ",")),
    ]

    /// How much CPU time opening a source and finding its layer may take (a GeoPackage whose layer
    /// is a recursive view never finishes; `OpenWatchdog`): `TONGCHENG_OPEN_SECONDS` or 120 s.
    static var openTimeLimit: Double {
        ProcessInfo.processInfo.environment["TONGCHENG_OPEN_SECONDS"].flatMap(Double.init).map { max(0.1, $0) } ?? 120
    }

    /// Opens a source for reading with the contained drivers and options (`GDALContainment`); a
    /// Shapefile's encoding is applied when `encoding` is given.
    static func openForReading(_ path: String, connection: String, encoding: String?, session: GDALSession) throws -> OGRDataset {
        let options = CStringList(GDALContainment.readOpenOptions + csvOptions)
        if let encoding { options.set("ENCODING", encoding) }
        do {
            return try withThreadConfig("OGR_TABLE_LIMIT", String(OGRDataset.layerLimit + 1)) {
                try withThreadConfig("DXF_ENCODING", encoding) {
                    try OGRDataset(path: connection, name: path, openOptions: options, allowed: GDALContainment.allowedDrivers(), session: session)
                }
            }
        } catch let e as InterchangeError where isVirtualDataset(path) {
            _ = e
            throw InterchangeError(kind: .badData, file: path, message: "is a GDAL virtual dataset (VRT), which names other files or servers; Tongcheng reads only the file it is given",
                                   hint: "convert what it names first: ogr2ogr -f GPKG out.gpkg \(path)")
        } catch let e as InterchangeError where connection.hasPrefix("/vsizip/") && connection.lowercased().hasSuffix(".shp") {
            // A Shapefile inside a zip that GDAL cannot open: say which member, rather than GDAL's
            // generic "not a format" about the archive (an all-zero .shp reads as nothing).
            let member = String(connection.dropFirst(("/vsizip/" + path + "/").count))
            throw InterchangeError(kind: .badData, file: path,
                                   message: "\(member) in the archive is not a readable Shapefile (\(e.message)); its header or index is damaged",
                                   hint: "check the zip's files: unzip it and open \((member as NSString).lastPathComponent) with ogrinfo")
        }
    }

    /// Whether the file is an OGR or GDAL virtual dataset (XML naming other sources).
    static func isVirtualDataset(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let head = String(decoding: (try? handle.read(upToCount: 512)) ?? Data(), as: UTF8.self)
        return head.contains("<OGRVRTDataSource") || head.contains("<VRTDataset")
    }

    /// What a Shapefile says its encoding is (its `.cpg`, or the code page in the `.dbf` header).
    static func declaredShapefileEncoding(_ layer: OGRLayerH) -> (String, String)? {
        func item(_ key: String) -> String? {
            GDALGetMetadataItem(layer, key, "SHAPEFILE").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 }
        }
        if let cpg = item("ENCODING_FROM_CPG") { return (cpg, "the .cpg") }
        if let ldid = item("ENCODING_FROM_LDID") { return (ldid, "the .dbf header (LDID)") }
        return item("SOURCE_ENCODING").map { ($0, "the file") }
    }

    /// Whether two encoding names mean the same code page.
    static func sameEncoding(_ a: String, _ b: String) -> Bool {
        let chinese: Set<String> = ["GBK", "CP936", "936", "MS936", "WINDOWS-936"]
        let x = a.uppercased(), y = b.uppercased()
        return x == y || (chinese.contains(x) && chinese.contains(y))
    }

    /// Reads one layer of a GDAL source into WGS 84, with what was used (`SourceUse`).
    static func read(_ source: SourceSpec, options: ReadOptions) throws -> (FeatureCollection, SourceUse) {
        let path = source.location
        try refuseVirtualPath(path)
        guard FileManager.default.fileExists(atPath: path) else {
            throw InterchangeError(kind: .missingFile, file: path, message: "no such file")
        }
        try checkShapefileSet(path)
        if let e = source.encoding { try TextEncoding.check(e, file: path) }
        if let e = options.encoding { try TextEncoding.check(e, file: path) }
        let overriding = try source.crs.map { try CoordinateSystem($0) }
        let defaultCRS = try options.inputCRS.map { try CoordinateSystem($0) }
        let wantedLayer = source.layer ?? options.layer
        let connection = try connection(path, layer: wantedLayer)
        return try GDALSession.run { session in
            let watchdog = OpenWatchdog(file: path, seconds: openTimeLimit)
            defer { watchdog.stop() }
            var dataset = try openForReading(path, connection: connection, encoding: source.encoding, session: session)
            var layer = try dataset.layer(wantedLayer)
            _ = OGR_L_GetLayerDefn(layer)
            watchdog.stop()
            try throwIfFailed(session, path)
            let driver = dataset.driverName
            // The encoding: the source's own |encoding= overrides; the command's --encoding fills in
            // where the file declares none.
            var use = SourceUse(crs: nil, crsOrigin: "", encoding: nil, encodingOrigin: "")
            var recode: String?
            if driver == "ESRI Shapefile" {
                let declared = declaredShapefileEncoding(layer)
                if let e = source.encoding {
                    (use.encoding, use.encodingOrigin) = (e, "|encoding=")
                } else if let declared {
                    (use.encoding, use.encodingOrigin) = declared
                    if let d = options.encoding, !sameEncoding(d, declared.0) {
                        options.warn("\(path): keeps the encoding \(declared.0) that \(declared.1) names; --encoding \(d) applies only to sources that name none (write '\(path)|encoding=\(d)' to override it)")
                    }
                } else if let d = options.encoding {
                    (use.encoding, use.encodingOrigin) = (d, "--encoding")
                    dataset = try openForReading(path, connection: connection, encoding: d, session: session)
                    layer = try dataset.layer(wantedLayer)
                    try throwIfFailed(session, path)
                } else {
                    (use.encoding, use.encodingOrigin) = (nil, "none named: text must be UTF-8")
                }
            } else if TextEncoding.honoured(by: driver) {
                // CSV and DXF declare none: the source's or the command's encoding applies.
                if let e = source.encoding ?? options.encoding {
                    (use.encoding, use.encodingOrigin) = (e, source.encoding != nil ? "|encoding=" : "--encoding")
                    if driver == "DXF", source.encoding == nil {
                        dataset = try openForReading(path, connection: connection, encoding: e, session: session)
                        layer = try dataset.layer(wantedLayer)
                        try throwIfFailed(session, path)
                    }
                    if driver == "CSV" { recode = e }
                } else {
                    (use.encoding, use.encodingOrigin) = (nil, "none named: text must be UTF-8")
                }
            } else {
                (use.encoding, use.encodingOrigin) = ("UTF-8", "the format (\(driver) stores text as UTF-8)")
                if let e = source.encoding { options.warn("\(path): |encoding=\(e) is ignored: \(driver) stores text as UTF-8") }
            }
            recordRead(path, dataset)
            let layerName = String(cString: OGR_L_GetName(layer))
            use.layer = layerName
            if !OGRDataset.singleLayerDrivers.contains(driver) {
                use.layers = dataset.layerNames
                if source.layer == nil, let given = options.layer, use.layers.count > 1, DefaultLayerLog.shared.isRepeat(file: path, layer: layerName) {
                    options.warn("\(path): --layer \(given) chose layer \(layerName) for another input of this command too; "
                                 + "if this one should be another layer, name it as '\(path)|layer=NAME' (its layers: \(use.layers.prefix(20).joined(separator: ", ")))")
                }
            }
            var (features, sawInvalidText) = try readFeatures(layer, name: path, layerName: layerName, recodeFrom: recode, driver: driver, session: session)
            // The CRS: the source's own |crs= is "treat as"; otherwise the file's; --input-crs fills in.
            let fileCRS = OGR_L_GetSpatialRef(layer).map(SpatialReference.coordinateSystem)
            let system: CoordinateSystem?
            var unnamed: String?
            if let overriding {
                (system, use.crs, use.crsOrigin) = (overriding, source.crs, "|crs=")
            } else if let fileCRS {
                (system, use.crs, use.crsOrigin) = (fileCRS, fileCRS.shortName, "the file")
                if let defaultCRS, defaultCRS != fileCRS, let given = options.inputCRS {
                    options.warn("\(path): keeps its own CRS \(fileCRS.shortName); --input-crs \(given) applies only to sources that name none (write '\(path)|crs=\(given)' to treat it as \(given))")
                }
            } else if let defaultCRS {
                (system, use.crs, use.crsOrigin) = (defaultCRS, options.inputCRS, "--input-crs")
            } else if let prj = sidecar(of: path, "prj") {
                // A .prj GDAL cannot read must not be reported as no .prj at all.
                let why = "its .prj (\((prj as NSString).lastPathComponent)) is not a coordinate system GDAL can read"
                (system, use.crs, use.crsOrigin) = (nil, nil, "\(why): read as longitude/latitude")
                unnamed = "\(why), so it is read as longitude/latitude,"
            } else {
                (system, use.crs, use.crsOrigin) = (nil, nil, "none named: read as longitude/latitude")
            }
            try project(&features, from: system, use: use, file: path, layer: layerName, unnamed: unnamed)
            if sawInvalidText {
                let cpg = sidecar(of: path, "cpg").flatMap { try? String(contentsOfFile: $0, encoding: .utf8) }?.trimmingCharacters(in: .whitespacesAndNewlines)
                let which = cpg.map { "its .cpg names \"\(TextExcerpt.short($0, limit: 40))\", which is not an encoding GDAL knows" }
                    ?? "the file does not say which encoding it uses (no .cpg)"
                options.warn("\(path): attribute text is not UTF-8 and \(which); "
                             + "unreadable bytes are shown as \u{FFFD}: name the encoding as '\(path)|encoding=GBK' or with --encoding GBK (or GB18030, CP936, …)")
            }
            for (k, f) in features.enumerated() {
                if let g = f.geometry, let problem = Antimeridian.problem(in: g) {
                    throw InterchangeError(kind: .badData, file: path, layer: layerName, featureIndex: k, message: problem)
                }
            }
            return (FeatureCollection(features), use)
        }
    }

    /// Fails with every error (and data-losing warning) GDAL reported so far.
    static func throwIfFailed(_ session: GDALSession, _ path: String, layer: String? = nil) throws {
        let failures = session.readingFailures()
        guard failures.isEmpty else {
            throw InterchangeError(kind: .badData, file: path, layer: layer, message: failures.map(OGRDataset.plain).joined(separator: "; "))
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
        let definition = OGR_L_GetLayerDefn(layer)
        var geometryColumns: [Int] = []
        if driver == "CSV" {
            let names = Set(csvXNames + csvYNames + csvGeometryNames)
            for i in 0..<Int(OGR_FD_GetFieldCount(definition)) {
                if let f = OGR_FD_GetFieldDefn(definition, Int32(i)), names.contains(String(cString: OGR_Fld_GetNameRef(f)).lowercased()) { geometryColumns.append(i) }
            }
        }
        var fields = OGRFieldReading(layer: layer, recodeFrom: recodeFrom, driver: driver,
                                     skipping: driver == "CSV" ? Set(csvXNames + csvYNames + csvGeometryNames) : [])
        var features: [Feature] = []
        let expected = OGR_L_GetFeatureCount(layer, 0)
        if expected > 0 { features.reserveCapacity(Int(expected)) }
        OGR_L_ResetReading(layer)
        func failure(_ index: Int, _ messages: [String]) -> InterchangeError {
            InterchangeError(kind: .badData, file: name, layer: layerName, featureIndex: index,
                             message: messages.map(OGRDataset.plain).joined(separator: "; "))
        }
        let before = session.readingFailures()
        guard before.isEmpty else { throw failure(0, before) }
        while true {
            let index = features.count
            let handle = OGR_L_GetNextFeature(layer)
            let failures = session.readingFailures()
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
            if geometry == nil, OGR_F_GetGeometryRef(handle) == nil,
               let text = geometryColumns.lazy.compactMap({ fields.rawText(handle, $0) }).first(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) {
                throw InterchangeError(kind: .badData, file: name, layer: layerName, featureIndex: index,
                                       message: "the geometry columns hold \"\(text.prefix(60))\", which GDAL could not read as a geometry")
            }
            let (id, properties) = fields.read(handle)
            let late = session.readingFailures()
            guard late.isEmpty else { throw failure(index, late) }
            features.append(Feature(id: id, properties: properties, geometry: geometry))
        }
        return (features, fields.sawInvalidText)
    }

    /// Checks and transforms every geometry to WGS 84: read as longitude/latitude (a geographic
    /// CRS, or none), the raw values must be; after the transformation every value must be.
    /// `unnamed` says why a source without a CRS is read as longitude/latitude when there is more
    /// to say than that it names none (a `.prj` GDAL cannot read).
    static func project(_ features: inout [Feature], from source: CoordinateSystem?, use: SourceUse, file: String, layer: String?,
                        unnamed: String? = nil) throws {
        let toWGS84 = try source.flatMap { $0 == .wgs84 ? nil : try Transformer(from: $0, to: .wgs84) }
        if toWGS84?.sourceIsGeographic ?? true {
            try CoordinateCheck.lonLat(features, crs: use.crs, origin: use.crsOrigin, source: file, layer: layer, unnamed: unnamed)
        }
        guard let toWGS84 else { return }
        for k in features.indices {
            guard let g = features[k].geometry else { continue }
            do {
                features[k].geometry = try toWGS84.transform(g)
            } catch let e as ProjectionError {
                throw InterchangeError(kind: .badData, file: file, layer: layer, featureIndex: k, message: e.description)
            }
        }
        try CoordinateCheck.wgs84(features, source: file, layer: layer, from: use.crs)
    }

    /// A Shapefile's sidecar (`X.prj`, `X.cpg`, any case of the extension) when it exists.
    static func sidecar(of path: String, _ ext: String) -> String? {
        guard (path as NSString).pathExtension.lowercased() == "shp" else { return nil }
        let stem = (path as NSString).deletingPathExtension
        return [ext, ext.uppercased()].map { "\(stem).\($0)" }.first { FileManager.default.fileExists(atPath: $0) }
    }
}
