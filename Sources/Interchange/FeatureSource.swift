import Foundation
import TongchengGeodesy
import TongchengGeometry

/// Where features come from: a GeoJSON file or standard input (the native reader), any file
/// GDAL reads (Shapefile, zipped Shapefile, GeoPackage, KML/KMZ, DXF, FileGDB, FlatGeobuf, GML,
/// CSV), or a registered scheme such as `pg:`. Features always come back in WGS 84
/// longitude/latitude.
///
/// ```swift
/// let parcels = try FeatureSource.read("survey/地类图斑.shp", options: ReadOptions(encoding: "GBK"))
/// let zones = try FeatureSource.read("plan.gpkg", options: ReadOptions(layer: "zones"))
/// let piped = try FeatureSource.read("-")
/// ```
public enum FeatureSource {
    /// Reads a source as the user names it: a path, `-` or `pg:TABLE`, with its own options after
    /// `|` (`kaifeng.gpkg|layer=counties`, `zone.dxf|crs=EPSG:4547`; see `SourceSpec`). `options`
    /// holds the command's defaults for sources that say nothing. `-`/stdin and
    /// `.geojson`/`.json` keep the native fast GeoJSON reader; everything else goes through OGR
    /// (the format is detected by GDAL, not by the extension). Returns features in WGS 84 lon/lat,
    /// every coordinate checked (`CoordinateCheck`).
    public static func read(_ location: String, options: ReadOptions = .init()) throws -> FeatureCollection {
        try readReporting(try SourceSpec.parse(location), options: options).collection
    }

    /// Reads a source whose options are given apart (a recipe's or map spec's `layer:`, `crs:`,
    /// `encoding:`): they are the source's own, like `|layer=` after a path.
    public static func read(_ source: SourceSpec, options: ReadOptions = .init()) throws -> FeatureCollection {
        try readReporting(source, options: options).collection
    }

    /// Reads a source and says what it used: the layer, the CRS and the encoding, and where each
    /// came from (`tongcheng info` prints them).
    ///
    /// ```swift
    /// let (fc, use) = try FeatureSource.readReporting(SourceSpec(location: "zone.dxf", crs: "EPSG:4547"))
    /// print(use.crs ?? "none", use.crsOrigin)   // EPSG:4547 |crs=
    /// ```
    public static func readReporting(_ source: SourceSpec, options: ReadOptions = .init()) throws -> (collection: FeatureCollection, use: SourceUse) {
        let location = source.location
        if let (_, reader) = SchemeRegistry.shared.reader(for: location) {
            // Tables come in WGS 84 (transformed on the server); their coordinates are checked here.
            let fc = try reader(location, options)
            try CoordinateCheck.wgs84(fc.features, source: location, hint: CoordinateCheck.tableSRIDHint)
            return (fc, SourceUse(crs: "EPSG:4326", crsOrigin: "the table (transformed to WGS 84 on the server)", encoding: "UTF-8", encodingOrigin: "the database"))
        }
        if let text = PendingOutputs.text(for: location) {
            // A GeoJSON output of this run, about to be written: WGS 84 like every output.
            return (try GeoJSONReader().read(string: text).featureCollection,
                    SourceUse(crs: "EPSG:4326", crsOrigin: "an output of this run (GeoJSON)", encoding: "UTF-8", encodingOrigin: "GeoJSON"))
        }
        if location == "-" || (isGeoJSONName(location) && !looksLikeOtherFormat(location)) {
            return try readGeoJSON(source, options: options)
        }
        return try OGRSourceReader.read(source, options: options)
    }

    /// Registers a reader for locations starting with `scheme:` (for example `pg:` for PostGIS
    /// tables). `FeatureSource.register(scheme: "pg") { location, options in … }`
    public static func register(scheme: String, reader: @escaping @Sendable (String, ReadOptions) throws -> FeatureCollection) {
        SchemeRegistry.shared.register(scheme: scheme, reader: reader)
    }

    /// Whether a location names a registered scheme (`pg:zones`) rather than a file: recipes and
    /// map specs then take it as it is, not as a path relative to themselves.
    ///
    /// ```swift
    /// FeatureSource.isSchemeLocation("pg:public.zones")  // true once the CLI registered "pg"
    /// ```
    public static func isSchemeLocation(_ location: String) -> Bool {
        SchemeRegistry.shared.reader(for: location) != nil
    }

    /// Whether the location would be read by the native GeoJSON reader.
    public static func isGeoJSONName(_ location: String) -> Bool {
        let lower = location.lowercased()
        return location == "-" || lower.hasSuffix(".geojson") || lower.hasSuffix(".json")
    }

    /// A `.json` that is really a GeoPackage or a zip (their magic bytes) goes to GDAL.
    private static func looksLikeOtherFormat(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 16)) ?? Data()
        return head.starts(with: Array("SQLite format 3".utf8)) || head.starts(with: [0x50, 0x4B, 0x03, 0x04])
    }

    /// GeoJSON through the native reader; `inputCRS` converts from another CRS.
    /// Reads `location` in batches of up to `batchSize` features, in order, handing each batch
    /// to `body` with the index of its first feature. A GeoJSON file is streamed
    /// (`GeoJSONReader.forEachFeature`): only one batch is held, so a survey of 10⁶ parcels reads
    /// in the memory of a few thousand. Other formats, tables and standard input are read whole
    /// first and then handed over in batches.
    ///
    /// ```swift
    /// try FeatureSource.forEachBatch("parcels.geojson", batchSize: 16_384) { batch, first in print(first, batch.count) }
    /// ```
    public static func forEachBatch(_ text: String, options: ReadOptions = .init(), batchSize: Int,
                                    _ body: ([Feature], Int) throws -> Void) throws {
        let source = try SourceSpec.parse(text)
        let location = source.location
        let size = max(1, batchSize)
        let streamed = SchemeRegistry.shared.reader(for: location) == nil && location != "-"
            && isGeoJSONName(location) && !looksLikeOtherFormat(location)
        guard streamed else {
            let all = try read(source, options: options).features
            for start in stride(from: 0, to: all.count, by: size) { try body(Array(all[start..<min(all.count, start + size)]), start) }
            return
        }
        let (toWGS84, _) = try geoJSONCRS(source, options: options)
        let reader = GeoJSONReader(options: GeoJSONReadOptions(geographic: toWGS84?.sourceIsGeographic ?? true, jobs: options.jobs))
        var batch: [Feature] = []
        batch.reserveCapacity(size)
        var first = 0
        _ = try reader.forEachFeature(file: location) { feature, index in
            var f = feature
            if let toWGS84 { try transform(&f, with: toWGS84, file: location, index: index) }
            batch.append(f)
            if batch.count == size {
                if toWGS84 != nil { try CoordinateCheck.wgs84(batch, source: location, from: source.crs, firstIndex: first) }
                try body(batch, first)
                first = index + 1
                batch.removeAll(keepingCapacity: true)
            }
        }
        if !batch.isEmpty {
            if toWGS84 != nil { try CoordinateCheck.wgs84(batch, source: location, from: source.crs, firstIndex: first) }
            try body(batch, first)
        }
    }

    /// A GeoJSON source's CRS: WGS 84 by RFC 7946 (a legacy `crs` member may say CGCS2000, a
    /// centimetre apart), unless the source itself says `|crs=` ("treat as"). The command's
    /// `--input-crs` does not apply: GeoJSON names its CRS; a warning says so when it differs.
    /// Returns the transformer to WGS 84 (`nil` when none is needed) and the `SourceUse`.
    static func geoJSONCRS(_ source: SourceSpec, options: ReadOptions) throws -> (Transformer?, SourceUse) {
        let name = source.location == "-" ? "<stdin>" : source.location
        var use = SourceUse(crs: "EPSG:4326", crsOrigin: "GeoJSON (RFC 7946: WGS 84)", encoding: "UTF-8", encodingOrigin: "GeoJSON (RFC 8259: UTF-8)")
        if let e = source.encoding { options.warn("\(name): |encoding=\(e) is ignored: GeoJSON is UTF-8") }
        if let crs = source.crs {
            let system = try CoordinateSystem(crs)
            (use.crs, use.crsOrigin) = (crs, "|crs=")
            return (system == .wgs84 ? nil : try Transformer(from: system, to: .wgs84), use)
        }
        if let given = options.inputCRS, try CoordinateSystem(given) != .wgs84 {
            let shown = source.location == "-" ? "-" : source.location
            options.warn("\(name): keeps its own CRS EPSG:4326 (GeoJSON is WGS 84); --input-crs \(given) applies only to sources that name none (write '\(shown)|crs=\(given)' to treat it as \(given))")
        }
        return (nil, use)
    }

    /// One feature's geometry into WGS 84; a position PROJ cannot transform names the file and feature.
    static func transform(_ feature: inout Feature, with toWGS84: Transformer, file: String, index: Int) throws {
        guard let g = feature.geometry else { return }
        do {
            feature.geometry = try toWGS84.transform(g)
        } catch let e as ProjectionError {
            throw InterchangeError(kind: .badData, file: file, featureIndex: index, message: e.description)
        }
    }

    static func readGeoJSON(_ source: SourceSpec, options: ReadOptions) throws -> (collection: FeatureCollection, use: SourceUse) {
        let path = source.location
        let name = path == "-" ? "<stdin>" : path
        let (toWGS84, use) = try geoJSONCRS(source, options: options)
        let reader = GeoJSONReader(options: GeoJSONReadOptions(geographic: toWGS84?.sourceIsGeographic ?? true, jobs: options.jobs))
        var fc = try reader.read(file: path).featureCollection
        if let toWGS84 {
            for k in fc.features.indices { try transform(&fc.features[k], with: toWGS84, file: name, index: k) }
            fc.bbox = nil
            fc.foreignMembers["crs"] = nil
            try CoordinateCheck.wgs84(fc.features, source: name, from: source.crs)
        }
        return (fc, use)
    }
}

/// Readers registered by scheme (`pg:`), shared by every thread behind a lock.
///
/// Why `@unchecked Sendable` is safe: `readers` is read and written only under `lock`, and the
/// readers are `@Sendable`.
final class SchemeRegistry: @unchecked Sendable {
    static let shared = SchemeRegistry()
    typealias Reader = @Sendable (String, ReadOptions) throws -> FeatureCollection
    private let lock = NSLock()
    private var readers: [String: Reader] = [:]

    func register(scheme: String, reader: @escaping Reader) {
        lock.lock()
        defer { lock.unlock() }
        readers[scheme.lowercased()] = reader
    }

    /// The reader for `scheme:rest` when `scheme` is registered (two letters at least, so that a
    /// Windows drive letter is never taken for a scheme).
    func reader(for location: String) -> (String, Reader)? {
        guard let colon = location.firstIndex(of: ":") else { return nil }
        let scheme = location[..<colon].lowercased()
        guard scheme.count >= 2 else { return nil }
        lock.lock()
        defer { lock.unlock() }
        return readers[scheme].map { (scheme, $0) }
    }
}
