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
    /// `-`/stdin and `.geojson`/`.json` keep the native fast GeoJSON reader; everything else goes
    /// through OGR (the format is detected by GDAL, not by the extension). Returns features in
    /// WGS 84 lon/lat.
    public static func read(_ location: String, options: ReadOptions = .init()) throws -> FeatureCollection {
        if let (scheme, reader) = SchemeRegistry.shared.reader(for: location) {
            _ = scheme
            return try reader(location, options)
        }
        if location == "-" || (isGeoJSONName(location) && !looksLikeOtherFormat(location)) {
            return try readGeoJSON(location, options: options)
        }
        return try OGRSourceReader.read(location, options: options)
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
    public static func forEachBatch(_ location: String, options: ReadOptions = .init(), batchSize: Int,
                                    _ body: ([Feature], Int) throws -> Void) throws {
        let size = max(1, batchSize)
        let streamed = SchemeRegistry.shared.reader(for: location) == nil && location != "-"
            && isGeoJSONName(location) && !looksLikeOtherFormat(location)
        guard streamed else {
            let all = try read(location, options: options).features
            for start in stride(from: 0, to: all.count, by: size) { try body(Array(all[start..<min(all.count, start + size)]), start) }
            return
        }
        let toWGS84 = try wgs84Transformer(options)
        let reader = GeoJSONReader(options: GeoJSONReadOptions(geographic: toWGS84?.sourceIsGeographic ?? true))
        var batch: [Feature] = []
        batch.reserveCapacity(size)
        var first = 0
        _ = try reader.forEachFeature(file: location) { feature, index in
            var f = feature
            if let toWGS84 { try transform(&f, with: toWGS84, file: location, index: index) }
            batch.append(f)
            if batch.count == size {
                try body(batch, first)
                first = index + 1
                batch.removeAll(keepingCapacity: true)
            }
        }
        if !batch.isEmpty { try body(batch, first) }
    }

    /// The transformer from a GeoJSON file's declared CRS (`options.inputCRS`) to WGS 84, or `nil`
    /// when the file is in WGS 84 already.
    static func wgs84Transformer(_ options: ReadOptions) throws -> Transformer? {
        guard let crs = options.inputCRS else { return nil }
        let system = try CoordinateSystem(crs)
        return system == .wgs84 ? nil : try Transformer(from: system, to: .wgs84)
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

    static func readGeoJSON(_ path: String, options: ReadOptions) throws -> FeatureCollection {
        let name = path == "-" ? "<stdin>" : path
        let toWGS84 = try wgs84Transformer(options)
        let reader = GeoJSONReader(options: GeoJSONReadOptions(geographic: toWGS84?.sourceIsGeographic ?? true))
        var fc = try reader.read(file: path).featureCollection
        if let toWGS84 {
            for k in fc.features.indices { try transform(&fc.features[k], with: toWGS84, file: name, index: k) }
            fc.bbox = nil
            fc.foreignMembers["crs"] = nil
        }
        return fc
    }
}

/// Readers registered by scheme (`pg:`), shared by every thread behind a lock.
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
