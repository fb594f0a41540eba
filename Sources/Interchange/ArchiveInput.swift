import CGDAL
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A zip (a zipped Shapefile, a KMZ) read through GDAL's `/vsizip/`: what it holds is checked
/// before GDAL expands anything, so that a zip bomb is refused in a moment instead of filling
/// memory, and a Shapefile in a zip is held to the same rules as one on disk (its `.shx` and
/// `.dbf` present).
///
/// ```swift
/// let entry = try ArchiveInput.connection(for: "parcels.zip", layer: nil)   // "/vsizip/parcels.zip/parcels.shp"
/// ```
enum ArchiveInput {
    /// What an archive may expand to: 1 GiB, the cap on standard input.
    static let expansionLimit: Int64 = 1 << 30

    /// Whether the file is a zip (its magic bytes), whatever its extension.
    static func isZip(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 4)) ?? Data()
        return head.elementsEqual([0x50, 0x4B, 0x03, 0x04] as [UInt8])
    }

    /// The entries of the zip (paths inside it) and their declared sizes.
    static func entries(_ path: String) -> [(name: String, size: Int64)] {
        let root = "/vsizip/" + path
        let list = VSIReadDirRecursive(root)
        defer { CSLDestroy(list) }
        return CStringList.strings(list).compactMap { name in
            // GDAL's VSIStatBufL is the C library's 64-bit stat (the same layout as `stat` on 64-bit Linux).
            var stat = Glibc.stat()
            let status = withUnsafeMutablePointer(to: &stat) { VSIStatL(root + "/" + name, OpaquePointer($0)) }
            guard status == 0, (stat.st_mode & S_IFMT) == S_IFREG else { return nil }
            return (name, Int64(stat.st_size))
        }
    }

    /// The GDAL connection for a zip: the one Shapefile in it (or the one named by `layer`) as
    /// `/vsizip/x.zip/inner.shp`, so that GDAL's Shapefile reader sees it as on disk; the zip as
    /// a folder otherwise. Throws when the zip would expand past `expansionLimit`, or a Shapefile
    /// in it lacks its `.shx` or `.dbf`.
    static func connection(for path: String, layer: String?) throws -> String {
        let all = entries(path)
        let total = all.reduce(Int64(0)) { $0 + $1.size }
        if total > expansionLimit {
            throw InterchangeError(kind: .badData, file: path,
                                   message: "the archive expands to \(gib(total)) GiB, over Tongcheng's cap of \(gib(expansionLimit)) GiB",
                                   hint: "unzip it and name the file inside, or split the archive")
        }
        let shapefiles = all.map(\.name).filter { $0.lowercased().hasSuffix(".shp") }
        guard !shapefiles.isEmpty else { return "/vsizip/" + path }
        let chosen: String
        if shapefiles.count == 1 {
            chosen = shapefiles[0]
        } else if let layer, let match = shapefiles.first(where: { (($0 as NSString).lastPathComponent as NSString).deletingPathExtension == layer }) {
            chosen = match
        } else {
            let names = shapefiles.map { "\"\((($0 as NSString).lastPathComponent as NSString).deletingPathExtension)\"" }.joined(separator: ", ")
            throw InterchangeError(kind: .usage, file: path,
                                   message: layer.map { "no layer \"\($0)\"; its layers are \(names)" } ?? "has \(shapefiles.count) layers (\(names)); name one as \(path)|layer=NAME")
        }
        let stem = String(chosen.dropLast(4)).lowercased()
        let names = Set(all.map { $0.name.lowercased() })
        for (ext, what) in [("shx", "its index"), ("dbf", "its attribute table")] where !names.contains(stem + "." + ext) {
            throw InterchangeError(kind: .badData, file: path, message: "\(chosen) in the archive has no .\(ext) (\(what))",
                                   hint: "a Shapefile is the .shp with its .shx and .dbf (and .prj, .cpg) of the same name; zip them all")
        }
        return "/vsizip/" + path + "/" + chosen
    }

    private static func gib(_ bytes: Int64) -> String {
        String(format: "%.2f", Double(bytes) / Double(1 << 30))
    }
}
