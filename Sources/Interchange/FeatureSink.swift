import CGDAL
import Foundation
import TongchengGeodesy
import TongchengGeometry
import TongchengProcessIO

/// What a write did besides writing: notes for the user (field names shortened for a
/// Shapefile, attributes DXF cannot keep, GDAL's warnings).
///
/// ```swift
/// let report = try FeatureSink.write(fc, to: "out/plan.shp")
/// report.notes.forEach { print($0) }
/// ```
public struct WriteReport: Sendable {
    public var format: FeatureFormat
    public var featureCount: Int
    public var notes: [String]
}

/// Where features go: any format by the output's extension (`.geojson`, `.gpkg`, `.shp`, `.zip`
/// for a zipped Shapefile, `.dxf`, `.kml`, `.fgb`, `.csv` with WKT, `.gdb`, `.gml`), projected by
/// `outputCRS`. Every write is atomic: the output is made in a temporary folder beside the
/// target and moved in only when complete, so a failure leaves nothing behind and replaces
/// nothing.
///
/// ```swift
/// try FeatureSink.write(zones, to: "out/zones.gpkg", options: WriteOptions(layer: "zones", outputCRS: "EPSG:4547"))
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
        var features = fc.features
        var system = CoordinateSystem.wgs84
        if let crs = options.outputCRS {
            system = try CoordinateSystem(crs)
            if format == .kml, system != .wgs84 {
                throw InterchangeError(kind: .usage, file: path, message: "KML is always WGS 84 longitude/latitude", hint: "leave out --output-crs")
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
        }
        let protected = options.protecting ?? ReadLog.shared.files()
        let placement = try AtomicPlacement(target: path, format: format, protecting: protected)
        defer { placement.discard() }
        var notes: [String] = []
        if format == .geoJSON {
            var out = FeatureCollection(features, foreignMembers: fc.foreignMembers)
            out.foreignMembers["crs"] = nil
            let text = GeoJSONWriter(precision: options.precision).string(out)
            guard FileManager.default.createFile(atPath: placement.workingPath, contents: Data(text.utf8)) else {
                throw InterchangeError(kind: .cannotWrite, file: path, message: "cannot write into \(placement.folder)")
            }
        } else {
            notes = try OGRLayerWriter.write(features, format: format, to: placement.workingPath, name: path,
                                             layer: options.layer ?? placement.stem, crs: system, dxfLayerProperty: options.dxfLayerProperty)
        }
        try placement.commit()
        return WriteReport(format: format, featureCount: features.count, notes: notes)
    }
}

/// A temporary folder beside the target: the output is written there, flushed, and moved over
/// the target only when complete (`rename`, atomic for a file; for a folder such as `.gdb` the old
/// one is moved aside first and removed after). `discard` removes whatever is left.
final class AtomicPlacement {
    let target: String
    let folder: String
    let format: FeatureFormat
    /// The file name without the format's extension: the default layer name.
    let stem: String
    private let fileName: String
    private let temporary: String
    private var committed = false

    private let protecting: InputSet

    init(target: String, format: FeatureFormat, protecting: InputSet) throws {
        self.target = target
        self.format = format
        self.protecting = protecting
        let url = URL(fileURLWithPath: target)
        fileName = url.lastPathComponent
        let lower = fileName.lowercased()
        let ext = format.extensions.first { lower.hasSuffix("." + $0) } ?? ""
        stem = String(fileName.dropLast(ext.isEmpty ? 0 : ext.count + 1))
        folder = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw InterchangeError(kind: .cannotWrite, file: target, message: "the folder \(folder) does not exist")
        }
        if format != .fileGDB, FileManager.default.fileExists(atPath: target, isDirectory: &isDirectory), isDirectory.boolValue {
            throw InterchangeError(kind: .cannotWrite, file: target, message: "is a folder")
        }
        var template = Array("\(folder)/.\(fileName).tmp-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.flatMap { mkdtemp($0) } }
        guard made != nil else {
            throw InterchangeError(kind: .cannotWrite, file: target, message: String(cString: strerror(errno)))
        }
        temporary = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Where the writer writes (a zipped Shapefile is written as `.shp.zip`, which GDAL zips itself).
    var workingPath: String {
        let name = format == .zippedShapefile ? stem + ".shp.zip" : fileName
        return temporary + "/" + name
    }

    /// Flushes every file and moves the output in.
    func commit() throws {
        let fm = FileManager.default
        let made = (try? fm.contentsOfDirectory(atPath: temporary)) ?? []
        guard !made.isEmpty else { throw InterchangeError(kind: .cannotWrite, file: target, message: "the writer produced no file") }
        for name in made { Self.sync(temporary + "/" + name) }
        let mask = umask(0)
        umask(mask)
        func fail(_ what: String) -> InterchangeError {
            InterchangeError(kind: .cannotWrite, file: target, message: "\(what): \(String(cString: strerror(errno)))")
        }
        switch format {
        case .fileGDB:
            if protecting.contains(path: target) || (try? fm.contentsOfDirectory(atPath: target))?.contains(where: { protecting.contains(path: target + "/" + $0) }) == true {
                throw InterchangeError(kind: .cannotWrite, file: target, message: "is one of this run's inputs; write to another folder (the input is never modified)")
            }
            let built = temporary + "/" + fileName
            if fm.fileExists(atPath: target) {
                let aside = temporary + "/.previous"
                guard rename(target, aside) == 0 else { throw fail("cannot move the old \(fileName) aside") }
                guard rename(built, target) == 0 else {
                    rename(aside, target)
                    throw fail("cannot move the new \(fileName) in")
                }
            } else if rename(built, target) != 0 {
                throw fail("cannot move \(fileName) in")
            }
        case .shapefile, .gml:
            // Several files of one stem (.shp .shx .dbf .prj .cpg; .gml .xsd): each checked as
            // SafeOutput checks a file, renamed in, then the old set's leftovers (an index of the
            // old file) removed.
            for name in made { try SafeOutput.checkWritable(folder + "/" + name, protecting: protecting) }
            for name in made {
                chmod(temporary + "/" + name, 0o666 & ~mask)
                guard rename(temporary + "/" + name, folder + "/" + name) == 0 else { throw fail("cannot move \(name) in") }
            }
            let sidecars = format == .shapefile ? ["qix", "sbn", "sbx", "cpg", "prj"] : ["xsd", "gfs"]
            let stale = sidecars.map { stem + "." + $0 }.filter { !made.contains($0) }
            for name in stale { unlink(folder + "/" + name) }
        default:
            // One file, checked by SafeOutput's rules (inputs protected, FIFOs, folders and
            // write-protected files refused). A new file is renamed into place (it is flushed
            // already); an existing one is replaced through SafeOutput, which keeps its mode,
            // owner and symbolic links (at the cost of a copy).
            try SafeOutput.checkWritable(target, protecting: protecting)
            var st = stat()
            if lstat(target, &st) != 0, errno == ENOENT {
                chmod(workingPath, 0o666 & ~mask)
                guard rename(workingPath, target) == 0 else { throw fail("cannot move \(fileName) in") }
            } else {
                try SafeOutput.move(finished: workingPath, to: target, protecting: protecting)
            }
        }
        committed = true
    }

    /// Removes the temporary folder and anything left in it.
    func discard() {
        try? FileManager.default.removeItem(atPath: temporary)
    }

    /// `fsync` a file, or every file of a folder.
    private static func sync(_ path: String) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return }
        if isDirectory.boolValue {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] { sync(path + "/" + name) }
            return
        }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }
}
