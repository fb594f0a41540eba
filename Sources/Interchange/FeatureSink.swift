import CGDAL
import Foundation
import TongchengGeodesy
import TongchengGeometry
import TongchengProcessIO

/// What a write did besides writing: the file actually written, what happened to the layer of a
/// GeoPackage or FileGDB, and notes for the user (field names shortened for a Shapefile, what DXF
/// keeps, GDAL's warnings).
///
/// ```swift
/// let report = try FeatureSink.write(fc, to: "out/plan.shp")
/// report.notes.forEach { print($0) }
/// ```
public struct WriteReport: Sendable {
    public var format: FeatureFormat
    public var featureCount: Int
    public var notes: [String]
    /// The file (or FileGDB folder) written, as the driver named it (`-o x.SHP` writes `x.shp`).
    public var path: String
    /// For a GeoPackage or FileGDB: whether the layer was added, replaced, or the file made anew.
    public var layerAction: LayerAction?
}

/// What a write into a container (GeoPackage, FileGDB) did to its layers.
///
/// ```swift
/// LayerAction.added(layer: "farmland", kept: ["townships"]).summary  // layer farmland added (kept: townships)
/// ```
public enum LayerAction: Sendable, Equatable {
    /// A new file holding this one layer.
    case created(layer: String)
    /// The layer was added; the file's other layers are kept.
    case added(layer: String, kept: [String])
    /// A layer of that name was replaced; the other layers are kept.
    case replaced(layer: String, kept: [String])
    /// `--overwrite`: the whole file was replaced by one holding this layer.
    case overwritten(layer: String)

    public var summary: String {
        func list(_ kept: [String]) -> String { kept.isEmpty ? "" : " (kept: \(kept.joined(separator: ", ")))" }
        switch self {
        case .created(let layer): return "layer \(layer) in a new file"
        case .added(let layer, let kept): return "layer \(layer) added" + list(kept)
        case .replaced(let layer, let kept): return "layer \(layer) replaced" + list(kept)
        case .overwritten(let layer): return "file overwritten with layer \(layer)"
        }
    }
}

/// Where features go: any format by the output's extension (`.geojson`, `.gpkg`, `.shp`, `.zip`
/// for a zipped Shapefile, `.dxf`, `.kml`, `.fgb`, `.csv` with WKT, `.gdb`, `.gml`), projected by
/// `outputCRS`. Every format has the guarantees of `SafeOutput` (docs/robustness.md): GDAL writes
/// into memory (`MemoryFolder`), and the finished files reach the disk through `SafeOutput`
/// (one file, a set of files, or a FileGDB folder), so a failure, a full disk or a signal leaves
/// the old output as it was and no temporary behind. A GeoPackage or FileGDB is a container: the
/// layer is added or replaced and the others are kept, unless `overwrite` is set.
///
/// ```swift
/// try FeatureSink.write(zones, to: "out/plan.gpkg", options: WriteOptions(layer: "zones", outputCRS: "EPSG:4547"))
/// try FeatureSink.write(zones, to: "out/zones.shp")  // .shp, .shx, .dbf, .prj, .cpg (UTF-8)
/// ```
public enum FeatureSink {
    /// The format for the output's extension, or `nil`.
    public static func format(of path: String) -> FeatureFormat? { FeatureFormat(path: path) }

    @discardableResult
    public static func write(_ fc: FeatureCollection, to path: String, options: WriteOptions = .init()) throws -> WriteReport {
        guard let format = FeatureFormat(path: path) else {
            throw InterchangeError(kind: .usage, file: path, message: "cannot tell the output format from the extension",
                                   hint: "use one of \(FeatureFormat.extensionList)")
        }
        let fileName = (path as NSString).lastPathComponent
        let stem = format.stem(of: fileName)
        guard !stem.isEmpty else {
            throw InterchangeError(kind: .usage, file: path, message: "the file name has nothing before .\(format.extensions.first { fileName.lowercased().hasSuffix("." + $0) } ?? "")",
                                   hint: "name the file, e.g. \(((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent("zones" + fileName))")
        }
        var features = fc.features
        var system = CoordinateSystem.wgs84
        if let crs = options.outputCRS { system = try CoordinateSystem(crs) }
        if format == .kml, system != .wgs84 {
            throw InterchangeError(kind: .usage, file: path, message: "KML is always WGS 84 longitude/latitude", hint: "leave out --output-crs")
        }
        if format == .dxf, try Transformer(from: .wgs84, to: system).targetIsGeographic {
            throw InterchangeError(kind: .usage, file: path, message: "DXF for CAD needs coordinates in metres, and these would be longitude/latitude degrees",
                                   hint: "add --output-crs with a projected CRS, e.g. --output-crs EPSG:4547 (CGCS2000 / 3-degree Gauss-Kruger CM 114E, for Lankao and Kaifeng)")
        }
        if system != .wgs84 {
            let t = try Transformer(from: .wgs84, to: system)
            for k in features.indices {
                guard let g = features[k].geometry else { continue }
                do { features[k].geometry = try t.transform(g) } catch let e as ProjectionError {
                    throw InterchangeError(kind: .badData, file: path, featureIndex: k, message: e.description)
                }
            }
        }
        let protected = options.protecting ?? ReadLog.shared.files()
        // Refused targets are refused before any work (a FileGDB folder is checked when written).
        if format != .fileGDB { try SafeOutput.checkWritable(path, protecting: protected) }
        if format == .geoJSON {
            var out = FeatureCollection(features, foreignMembers: fc.foreignMembers)
            out.foreignMembers["crs"] = nil
            try SafeOutput.write(GeoJSONWriter(precision: options.precision).string(out), to: path, protecting: protected)
            return WriteReport(format: format, featureCount: features.count, notes: [], path: path, layerAction: nil)
        }
        let layer = options.layer ?? stem
        let work = MemoryFolder()
        // A zipped Shapefile is written as `.shp.zip`, which GDAL zips itself.
        let workingName = format == .zippedShapefile ? stem + ".shp.zip" : fileName
        let update = try format.isContainer && !options.overwrite && ContainerCopy.load(path, format: format, into: work, as: workingName, protecting: protected)
        var written = try OGRLayerWriter.write(features, format: format, to: work.path(workingName), name: path, layer: layer, crs: system,
                                               update: update, dxf: options.dxf)
        let folder = (path as NSString).deletingLastPathComponent
        func onDisk(_ name: String) -> String { folder.isEmpty ? name : folder + "/" + name }
        var writtenPath = path
        switch format {
        case .fileGDB:
            let replaced = try SafeOutput.writeFolder(path, files: work.files(under: workingName), protecting: protected,
                                                      kind: "FileGDB", isDataset: ContainerCopy.isFileGDB)
            if !update { written.action = options.overwrite && replaced ? .overwritten(layer: layer) : .created(layer: layer) }
        case .shapefile, .gml:
            // Several files of one stem (.shp .shx .dbf .prj .cpg; .gml .xsd), then the old set's
            // leftovers (an index of the old file) removed.
            let made = work.files()
            try SafeOutput.write(files: made.map { (onDisk($0.name), $0.bytes) }, protecting: protected)
            let main = made.first { $0.name.lowercased().hasSuffix("." + (format == .gml ? "gml" : "shp")) }
            writtenPath = main.map { onDisk($0.name) } ?? path
            let writtenStem = main.map { String($0.name.dropLast(4)) } ?? stem
            let sidecars = format == .shapefile ? ["qix", "sbn", "sbx", "cpg", "prj"] : ["xsd", "gfs"]
            for name in sidecars.map({ writtenStem + "." + $0 }) where !made.contains(where: { $0.name == name }) {
                var st = stat()
                let stale = onDisk(name)
                if lstat(stale, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, FileIdentity(path: stale).map({ protected.name(of: $0) == nil }) ?? true { unlink(stale) }
            }
        default:
            let made = work.files()
            guard made.count == 1, var bytes = made.first?.bytes else {
                throw InterchangeError(kind: .cannotWrite, file: path, message: "the \(format.displayName) writer made \(made.count) files instead of one")
            }
            if format == .dxf { bytes = DXFText.forCAD(bytes, notes: &written.notes, file: path) }
            let existed = FileIdentity(path: path) != nil
            try SafeOutput.write(bytes, to: path, protecting: protected)
            if format.isContainer, !update { written.action = options.overwrite && existed ? .overwritten(layer: layer) : .created(layer: layer) }
        }
        return WriteReport(format: format, featureCount: features.count, notes: written.notes, path: writtenPath,
                           layerAction: format.isContainer ? written.action : nil)
    }
}

/// Copies an existing GeoPackage or FileGDB into memory, to add a layer to it.
enum ContainerCopy {
    /// Whether a folder is a FileGDB (it holds the system catalog, `a00000001.gdbtable`).
    static func isFileGDB(_ folder: String) -> Bool {
        var st = stat()
        return stat(folder + "/a00000001.gdbtable", &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG
    }

    /// `false` when there is nothing at `path`; `true` once the container is in `work`. Refuses
    /// (before any work) what could not be replaced anyway.
    static func load(_ path: String, format: FeatureFormat, into work: MemoryFolder, as name: String, protecting: InputSet) throws -> Bool {
        var st = stat()
        guard stat(path, &st) == 0 else { return false }
        if format == .geoPackage {
            try SafeOutput.checkWritable(path, protecting: protecting)
            guard (st.st_mode & S_IFMT) == S_IFREG else { return false }  // a device is written into, not read
            try work.load(path, as: name)
            return true
        }
        guard (st.st_mode & S_IFMT) == S_IFDIR, isFileGDB(path) else { return false }  // writeFolder refuses it with the reason
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] {
            var fst = stat()
            if stat(path + "/" + entry, &fst) == 0, (fst.st_mode & S_IFMT) == S_IFREG { try work.load(path + "/" + entry, as: name + "/" + entry) }
        }
        return true
    }
}
