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
    init(path: String, name: String, update: Bool = false, openOptions: CStringList = CStringList(), session: GDALSession) throws {
        let flags = UInt32(GDAL_OF_VECTOR) | (update ? UInt32(GDAL_OF_UPDATE) : 0)
        guard let h = GDALOpenEx(path, flags, nil, openOptions.constPointer, nil) else {
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

    /// The layer named `wanted`, or the only layer; otherwise an error listing the layers.
    func layer(_ wanted: String?) throws -> OGRLayerH {
        let names = layerNames
        if let wanted, let h = GDALDatasetGetLayerByName(handle, wanted) { return h }
        if names.count == 1, let h = GDALDatasetGetLayer(handle, 0) { return h }
        if names.isEmpty { throw InterchangeError(kind: .badData, file: name, message: "no vector layer (\(driverName))") }
        let list = names.map { "\"\($0)\"" }.joined(separator: ", ")
        if let wanted {
            throw InterchangeError(kind: .usage, file: name, message: "no layer \"\(wanted)\"; its layers are \(list)")
        }
        throw InterchangeError(kind: .usage, file: name, message: "has \(names.count) layers (\(list)); name one with --layer (or layer: in a recipe or map spec)")
    }

    /// GDAL's messages sometimes repeat the path GDAL was given (`/vsizip/…`); they are shown as they are, trimmed.
    static func plain(_ message: String) -> String {
        message.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
