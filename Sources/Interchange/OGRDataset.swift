import CGDAL
import Foundation

/// An open GDAL vector dataset, owned by one thread (GDAL datasets are not thread-safe): opened
/// in `init`, closed in `deinit`. Never handed to another thread.
final class OGRDataset {
    let handle: GDALDatasetH
    /// The user's name for the source (for messages).
    let name: String

    /// Opens `path` (a GDAL connection string: a file, a folder, `/vsizip/…`) for reading or
    /// writing; `nil` with GDAL's reason when GDAL cannot.
    /// `allowed` limits the drivers tried (`GDALContainment.readDrivers` for inputs).
    init(path: String, name: String, update: Bool = false, openOptions: CStringList = CStringList(), allowed: CStringList? = nil,
         session: GDALSession) throws {
        let flags = UInt32(GDAL_OF_VECTOR) | (update ? UInt32(GDAL_OF_UPDATE) : 0)
        guard let h = GDALOpenEx(path, flags, allowed?.constPointer, openOptions.constPointer, nil) else {
            let reason = session.lastFailure ?? "not a format GDAL can read as vector data"
            _ = session.newFailures()
            throw InterchangeError(kind: .badData, file: name, message: Self.plain(reason))
        }
        handle = h
        self.name = name
    }

    /// Wraps a dataset just created by a driver.
    init(created: GDALDatasetH, name: String) {
        handle = created
        self.name = name
    }

    deinit { GDALClose(handle) }

    var driverName: String {
        guard let driver = GDALGetDatasetDriver(handle) else { return "unknown" }
        return String(cString: GDALGetDriverShortName(driver))
    }

    var layerNames: [String] {
        (0..<GDALDatasetGetLayerCount(handle)).compactMap { GDALDatasetGetLayer(handle, $0) }.map { String(cString: OGR_L_GetName($0)) }
    }

    /// Every file the dataset is made of (`.shp`, `.shx`, `.dbf`, `.prj`, `.cpg` …).
    var files: [String] {
        let list = GDALGetFileList(handle)
        defer { CSLDestroy(list) }
        return CStringList.strings(list)
    }

    /// Formats that hold one layer by nature: a layer name asked of them is not an error (a
    /// command's `--layer` meant for another input is ignored here).
    static let singleLayerDrivers: Set<String> = ["ESRI Shapefile", "CSV", "DXF", "FlatGeobuf", "GeoJSON", "GeoJSONSeq", "MapInfo File"]

    /// The most layers Tongcheng lists or searches in one source: 10,000, GDAL's own cap for
    /// GeoPackage tables, past which GDAL silently lists no more (a layer beyond it would be
    /// "not found"). `TONGCHENG_LAYER_LIMIT` lowers it (the tests use a small one).
    static let layerLimit = ProcessInfo.processInfo.environment["TONGCHENG_LAYER_LIMIT"].flatMap(Int.init).map { max(1, $0) } ?? 10_000

    /// Throws when the source holds more than `layerLimit` layers. Sources are opened with GDAL's
    /// `OGR_TABLE_LIMIT` one above the cap, so that GDAL stops listing there and the excess shows.
    func layerCount() throws -> Int {
        let count = Int(GDALDatasetGetLayerCount(handle))
        if count > Self.layerLimit {
            throw InterchangeError(kind: .badData, file: name, message: "has more than \(Self.layerLimit) layers, the most Tongcheng lists or reads in one source",
                                   hint: "export the layers you need with ogr2ogr")
        }
        return count
    }

    private func checkLayerCount() throws { _ = try layerCount() }

    /// The layer named `wanted`, or the only layer; otherwise an error listing the layers. A name
    /// asked of a single-layer format is ignored; of any other source, it must exist.
    func layer(_ wanted: String?) throws -> OGRLayerH {
        try checkLayerCount()
        let names = layerNames
        if let wanted, let h = GDALDatasetGetLayerByName(handle, wanted) { return h }
        if names.count == 1, wanted == nil || Self.singleLayerDrivers.contains(driverName), let h = GDALDatasetGetLayer(handle, 0) { return h }
        if names.isEmpty { throw InterchangeError(kind: .badData, file: name, message: "no vector layer (\(driverName))") }
        let list = names.prefix(20).map { "\"\($0)\"" }.joined(separator: ", ") + (names.count > 20 ? ", …" : "")
        if let wanted {
            throw InterchangeError(kind: .usage, file: name, message: "no layer \"\(wanted)\"; its layers are \(list)")
        }
        throw InterchangeError(kind: .usage, file: name, message: "has \(names.count) layers (\(list)); name one as '\(name)|layer=NAME' (or with --layer NAME, or layer: in a recipe or map spec)")
    }

    /// GDAL's messages sometimes repeat the path GDAL was given (`/vsizip/…`); they are shown as they are, trimmed.
    static func plain(_ message: String) -> String {
        message.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
