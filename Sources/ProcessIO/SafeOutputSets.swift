#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension SafeOutput {
    /// Writes files that belong together (a Shapefile's `.shp .shx .dbf .prj .cpg`, GML and its
    /// `.xsd`) with `write`'s guarantees for each: every path is checked before anything is
    /// written, every file is written and flushed unnamed beside its target, and only then are
    /// they renamed in, one after the other. A full disk or a refusal leaves the old set as it was.
    ///
    /// ```swift
    /// try SafeOutput.write(files: [("out/a.shp", shp), ("out/a.shx", shx), ("out/a.dbf", dbf)])
    /// ```
    public static func write(files: [(path: String, bytes: [UInt8])], protecting inputs: InputSet = InputSet()) throws {
        let targets = try files.map { try check($0.path, protecting: inputs, createFolders: false) }
        var pending: [PendingFile] = []
        do {
            for (target, file) in zip(targets, files) {
                switch target {
                case .stream(let fd): try StandardStreams.write(file.bytes, to: fd, name: file.path)
                case .device: try writeIntoDevice(file.bytes, path: file.path)
                case .replace(let real, let existing):
                    let p = try PendingFile(replacing: real, existing: existing, shownAs: file.path)
                    pending.append(p)
                    try p.write(file.bytes)
                }
            }
            for p in pending { try p.link() }
            for p in pending { try p.place() }
        } catch {
            for p in pending { p.discard() }
            throw error
        }
    }

    /// Writes a dataset that is a folder (a FileGDB, `x.gdb/`): the new folder is built beside the
    /// target under a random name (it and its files removed by SIGINT, SIGTERM and SIGHUP), then
    /// exchanged with the old one in one step (`renameat2(RENAME_EXCHANGE)`), and the old one is
    /// removed. An existing target is replaced only when it is a folder that `isDataset` accepts
    /// and whose permission bits let this user write it; a symbolic link stays a link (the folder
    /// it points to is replaced); anything else (a file, FIFO, device, another kind of folder, a
    /// dangling link) is refused (73), as is a folder holding one of the run's inputs (64).
    /// Returns whether an old folder was replaced.
    ///
    /// ```swift
    /// try SafeOutput.writeFolder("out/plan.gdb", files: [("gdb", header), ...], kind: "FileGDB") { FileGDB.isOne($0) }
    /// ```
    @discardableResult
    public static func writeFolder(_ path: String, files: [(name: String, bytes: [UInt8])], protecting inputs: InputSet = InputSet(),
                                   kind: String, isDataset: (String) -> Bool) throws -> Bool {
        func refuse(_ reason: String) -> SafeOutputError { SafeOutputError(.cannotCreate, path: path, reason: reason) }
        var real = path
        var existing: stat?
        var lst = stat()
        if lstat(path, &lst) == 0 {
            var st = stat()
            guard stat(path, &st) == 0, let resolved = realPath(path) else {
                throw refuse("it is a symbolic link to something that does not exist; it is not followed")
            }
            guard (st.st_mode & S_IFMT) == S_IFDIR else { throw refuse("it is \(Self.kindName(st)), not a \(kind) folder; it is not replaced") }
            if let name = inputs.name(of: FileIdentity(st)) ?? Self.inputInside(resolved, inputs) {
                throw SafeOutputError(.isInput, path: path, reason: "it holds an input of this run (\(name)); write to another folder (inputs are never modified)")
            }
            if !Permission.allowsWrite(st, needsSearch: true) {
                throw refuse("its permissions (mode \(String(st.st_mode & 0o7777, radix: 8)), owner \(st.st_uid)) do not let this user write it; it is not replaced, even by root")
            }
            guard isDataset(resolved) else { throw refuse("it is a folder that is not a \(kind); only a \(kind) is replaced") }
            real = resolved
            existing = st
        } else if errno != ENOENT {
            throw refuse(String(cString: strerror(errno)))
        }
        try checkFolder(of: real, shownAs: path, target: existing)

        let building = folderOf(real) + "/" + TemporaryName.make()
        var registered = [building]
        TemporaryFiles.register(building)
        defer { for name in registered { TemporaryFiles.unregister(name) } }
        guard mkdir(building, 0o777) == 0 else { throw refuse("cannot make a folder beside it: \(String(cString: strerror(errno)))") }
        do {
            for file in files {
                let name = building + "/" + file.name
                TemporaryFiles.register(name)
                registered.append(name)
                let fd = open(name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o666)
                guard fd >= 0 else { throw refuse(String(cString: strerror(errno))) }
                do {
                    try StandardStreams.write(file.bytes, to: fd, name: path)
                    if fsync(fd) != 0 { throw SafeOutputError(.ioError, path: path, reason: String(cString: strerror(errno))) }
                } catch {
                    close(fd)
                    throw error
                }
                if close(fd) != 0 { throw SafeOutputError(.ioError, path: path, reason: String(cString: strerror(errno))) }
            }
            if let old = existing {
                chmod(building, old.st_mode & 0o7777)
                if old.st_uid != geteuid() || old.st_gid != getegid(), chown(building, old.st_uid, old.st_gid) != 0 {
                    throw refuse("the folder belongs to user \(old.st_uid), group \(old.st_gid), and replacing it would change its owner")
                }
            }
            syncFolder(building)
        } catch {
            removeFlat(building)
            throw error
        }
        guard existing != nil else {
            if rename(building, real) != 0 {
                let reason = String(cString: strerror(errno))
                removeFlat(building)
                throw refuse("cannot move the new folder in: \(reason)")
            }
            registered = []
            syncFolder(folderOf(real))
            return false
        }
        guard exchange(building, real) else {
            let reason = String(cString: strerror(errno))
            removeFlat(building)
            throw refuse("cannot exchange the new folder with the old one: \(reason)")
        }
        // `building` now holds the old dataset: register what it holds, then remove it.
        for name in folderEntries(building) where !registered.contains(building + "/" + name) {
            TemporaryFiles.register(building + "/" + name)
            registered.append(building + "/" + name)
        }
        syncFolder(folderOf(real))
        removeFlat(building)
        return true
    }

    /// `renameat2(…, RENAME_EXCHANGE)` (Linux 3.15; not imported into Swift, so found by name).
    static func exchange(_ a: String, _ b: String) -> Bool {
        typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2") else {
            errno = ENOSYS
            return false
        }
        let call = unsafeBitCast(symbol, to: RenameAt2.self)
        return call(AT_FDCWD, a, AT_FDCWD, b, 2 /* RENAME_EXCHANGE */) == 0
    }

    static func folderEntries(_ folder: String) -> [String] {
        guard let dir = opendir(folder) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// Removes a folder and the files (and folders, one level down) in it.
    static func removeFlat(_ folder: String) {
        for name in folderEntries(folder) {
            let p = folder + "/" + name
            if unlink(p) != 0 { removeFlat(p) }
        }
        rmdir(folder)
    }

    static func syncFolder(_ folder: String) {
        let dir = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dir >= 0 {
            fsync(dir)
            close(dir)
        }
    }

    static func inputInside(_ folder: String, _ inputs: InputSet) -> String? {
        for name in folderEntries(folder) {
            if let id = FileIdentity(path: folder + "/" + name), let input = inputs.name(of: id) { return input }
        }
        return nil
    }

    static func kindName(_ st: stat) -> String {
        switch st.st_mode & S_IFMT {
        case S_IFREG: return "a file"
        case S_IFIFO: return "a FIFO (named pipe)"
        case S_IFSOCK: return "a socket"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        default: return "not a folder"
        }
    }
}
