import CGDAL
import Foundation
import TongchengProcessIO

/// A private folder in GDAL's memory file system (`/vsimem/`) where a driver writes a dataset
/// before `SafeOutput` puts its files on disk. Nothing a driver writes reaches the disk until it
/// is complete, so a full disk, a refused target or a signal can never leave a half-written
/// dataset or a temporary folder; the files then take SafeOutput's one path to disk (unnamed
/// temporary files renamed in, links kept, devices and write-protected files refused).
///
/// ```swift
/// let work = MemoryFolder()
/// // GDALCreate(driver, work.path("plan.gpkg"), …) … close
/// let files = work.files()     // [("plan.gpkg", bytes)]
/// ```
final class MemoryFolder {
    let root: String

    init() {
        var g = SystemRandomNumberGenerator()
        root = "/vsimem/tongcheng-" + String(g.next() as UInt64, radix: 16)
        // Drivers that write beside the named file (CSV) check that its folder exists.
        VSIMkdir(root, 0o755)
    }

    deinit { VSIRmdirRecursive(root) }

    /// A path inside the folder.
    func path(_ name: String) -> String { root + "/" + name }

    /// Copies a file from disk into the folder (to update a container rather than replace it).
    func load(_ diskPath: String, as name: String) throws {
        let bytes = try InputFile.readBytes(path: diskPath)
        guard let buffer = VSIMalloc(max(bytes.count, 1)) else {
            throw InterchangeError(kind: .cannotWrite, file: diskPath, message: "out of memory copying it")
        }
        bytes.withUnsafeBytes { raw in
            if let base = raw.baseAddress { memcpy(buffer, base, raw.count) }
        }
        let target = path(name)
        VSIMkdirRecursive((target as NSString).deletingLastPathComponent, 0o755)
        guard let handle = VSIFileFromMemBuffer(target, buffer.assumingMemoryBound(to: GByte.self), vsi_l_offset(bytes.count), 1) else {
            VSIFree(buffer)
            throw InterchangeError(kind: .cannotWrite, file: diskPath, message: "cannot copy it into memory")
        }
        VSIFCloseL(handle)
    }

    /// Every file in the folder (recursively), by path relative to it, sorted.
    func files(under sub: String = "") -> [(name: String, bytes: [UInt8])] {
        let base = sub.isEmpty ? root : path(sub)
        let list = VSIReadDirRecursive(base)
        defer { CSLDestroy(list) }
        var out: [(String, [UInt8])] = []
        for name in CStringList.strings(list).sorted() {
            guard !name.hasSuffix("/") else { continue }  // VSIReadDirRecursive marks folders with a slash
            let full = base + "/" + name
            var length: vsi_l_offset = 0
            let data = VSIGetMemFileBuffer(full, &length, 0)
            out.append((name, data.map { Array(UnsafeBufferPointer(start: $0, count: Int(length))) } ?? []))
        }
        return out
    }
}
