#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why an output was not written. `kind` gives the exit code the command-line tool uses.
public struct SafeOutputError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The output cannot be created or replaced (EX_CANTCREAT, 73): a FIFO, socket, folder or
        /// block device at the path, a write-protected file, a missing folder, a hard-linked file.
        case cannotCreate
        /// Writing failed part-way (EX_IOERR, 74): a full disk, `/dev/full`, an I/O error.
        case ioError
        /// The output is one of the run's inputs (refused before anything is written).
        case isInput
        /// The reader of standard output went away (EPIPE): the run ends quietly.
        case brokenPipe
    }
    public var kind: Kind
    public var path: String
    public var reason: String
    public var description: String { "\(path): cannot write: \(reason)" }

    public init(_ kind: Kind, path: String, reason: String) {
        self.kind = kind
        self.path = path
        self.reason = reason
    }
}

/// The one way Tongcheng writes an output file.
///
/// - A regular file is replaced atomically: the data goes to an unnamed temporary file in the
///   target's folder (Linux `O_TMPFILE`; elsewhere an unpredictable `.tongcheng-*.tmp` name that
///   SIGINT, SIGTERM and SIGHUP remove), is flushed, given the old file's mode and owner, linked
///   in and renamed over the target. A failed run leaves the target as it was and no temporary file.
/// - A symbolic link is never replaced: the file it points to is (beside that file). A dangling
///   link is refused.
/// - A character device (`/dev/null`, a terminal) and the process's own standard output or error
///   (`/dev/stdout`, even when it is a pipe or a file) are written into directly, never replaced.
/// - A FIFO, socket, folder or block device at the path is refused (73), as is a file with other
///   hard links (replacing it would break them), a file whose permission bits do not allow this
///   user to write it (even root: no overriding of permissions), one whose owner could not be
///   kept, and any file of `protecting` (compared by device and inode, not by spelling).
///
/// ```swift
/// try SafeOutput.write(Array("id,area\n".utf8), to: "out/areas.csv", protecting: ReadLog.shared.files())
/// try SafeOutput.write(svg, to: "-")   // standard output
/// ```
public enum SafeOutput {
    /// Writes `bytes` to `path` (`-` for standard output). `createFolders` makes missing folders.
    public static func write(_ bytes: [UInt8], to path: String, protecting inputs: InputSet = InputSet(), createFolders: Bool = false) throws {
        if path == "-" {
            try StandardStreams.write(bytes, to: 1)
            return
        }
        let target = try check(path, protecting: inputs, createFolders: createFolders)
        switch target {
        case .stream(let fd):
            try StandardStreams.write(bytes, to: fd, name: path)
        case .device:
            try writeIntoDevice(bytes, path: path)
        case .replace(let real, let existing):
            try replace(real, with: bytes, existing: existing, shownAs: path)
        }
    }

    /// Writes text as UTF-8.
    public static func write(_ text: String, to path: String, protecting inputs: InputSet = InputSet(), createFolders: Bool = false) throws {
        try write(Array(text.utf8), to: path, protecting: inputs, createFolders: createFolders)
    }

    /// Checks that `path` could be written, without writing: the same refusals as `write`. Use it
    /// for every output of a run before the first is written.
    public static func checkWritable(_ path: String, protecting inputs: InputSet = InputSet(), createFolders: Bool = false) throws {
        if path == "-" { return }
        _ = try check(path, protecting: inputs, createFolders: createFolders, dryRun: true)
    }

    /// One key per file an output path would write (two spellings of one file, or a symbolic
    /// link and its file, have one key), to refuse two outputs of a run to one file.
    ///
    /// ```swift
    /// SafeOutput.key(for: "out/a.svg") == SafeOutput.key(for: "out/../out/./a.svg")  // true
    /// ```
    public static func key(for path: String) -> String {
        if path == "-" { return "-" }
        if let id = FileIdentity(path: path) { return "file:\(id.device):\(id.inode)" }
        return "path:" + resolvedLexically(path)
    }

    /// Whether `path` lies inside `folder` once `..`, `.` and symbolic links of the existing part
    /// of the path are resolved.
    ///
    /// ```swift
    /// SafeOutput.isInside("maps/../../etc/x.svg", folder: "maps")  // false
    /// ```
    public static func isInside(_ path: String, folder: String) -> Bool {
        let root = resolvedLexically(folder.isEmpty ? "." : folder)
        let target = resolvedLexically(path)
        return target.hasPrefix(root == "/" ? "/" : root + "/")
    }

    /// An absolute path with `.` and `..` removed and the longest existing prefix resolved
    /// through symbolic links (a link out of the folder counts as outside).
    static func resolvedLexically(_ path: String) -> String {
        var absolute = path
        if !path.hasPrefix("/") {
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let cwd = getcwd(&buffer, buffer.count) != nil ? String(cString: buffer) : "/"
            absolute = cwd + "/" + path
        }
        var parts: [Substring] = []
        for part in absolute.split(separator: "/") {
            if part == "." { continue }
            if part == ".." { _ = parts.popLast(); continue }
            parts.append(part)
        }
        // Resolve the longest existing prefix, keep the rest as written.
        var k = parts.count
        while k > 0 {
            let prefix = "/" + parts[0..<k].joined(separator: "/")
            if let real = realPath(prefix) {
                let rest = parts[k...].joined(separator: "/")
                return rest.isEmpty ? real : (real == "/" ? "/" : real + "/") + rest
            }
            k -= 1
        }
        return "/" + parts.joined(separator: "/")
    }

    /// Moves a finished file (written by another tool into a temporary folder on the same file
    /// system) to `path` with the same checks and guarantees as `write`.
    ///
    /// ```swift
    /// try SafeOutput.move(finished: "/tmp/tc-x/out.gpkg", to: "out/plan.gpkg", protecting: inputs)
    /// ```
    public static func move(finished source: String, to path: String, protecting inputs: InputSet = InputSet()) throws {
        // Copy through `write` so that the mode, owner, symlink and device rules are the same;
        // outputs are at most a few hundred MB.
        let bytes = try InputFile.readBytes(path: source)
        try write(bytes, to: path, protecting: inputs)
        unlink(source)
    }

    enum Target {
        case stream(Int32)
        case device
        /// The real path to replace, and the existing file's status if there is one.
        case replace(String, stat?)
    }

    static func check(_ path: String, protecting inputs: InputSet, createFolders: Bool, dryRun: Bool = false) throws -> Target {
        func refuse(_ reason: String) -> SafeOutputError { SafeOutputError(.cannotCreate, path: path, reason: reason) }
        var st = stat()
        if stat(path, &st) == 0 {
            let id = FileIdentity(st)
            if let name = inputs.name(of: id) {
                let same = name == path ? "" : " (\(name))"
                throw SafeOutputError(.isInput, path: path, reason: "it is also an input of this run\(same); write to another file (inputs are never modified)")
            }
            for fd: Int32 in [1, 2] where FileIdentity(descriptor: fd) == id { return .stream(fd) }
            switch st.st_mode & S_IFMT {
            case S_IFCHR: return .device
            case S_IFREG: break
            case S_IFIFO: throw refuse("it is a FIFO (named pipe), not a regular file")
            case S_IFSOCK: throw refuse("it is a socket, not a regular file")
            case S_IFDIR: throw refuse("it is a folder")
            case S_IFBLK: throw refuse("it is a block device, not a regular file")
            default: throw refuse("it is not a regular file")
            }
            guard let real = realPath(path) else { throw refuse("cannot resolve the path: \(String(cString: strerror(errno)))") }
            if st.st_nlink > 1 {
                throw refuse("the file has \(st.st_nlink) hard links and replacing it would break them; remove it first or write elsewhere")
            }
            if !Permission.allowsWrite(st) {
                throw refuse("its permissions (mode \(String(st.st_mode & 0o7777, radix: 8)), owner \(st.st_uid)) do not let this user write it; it is not overwritten, even by root")
            }
            try checkFolder(of: real, shownAs: path, target: st)
            return .replace(real, st)
        }
        let code = errno
        guard code == ENOENT else { throw refuse(String(cString: strerror(code))) }
        var lst = stat()
        if lstat(path, &lst) == 0, (lst.st_mode & S_IFMT) == S_IFLNK {
            throw refuse("it is a symbolic link to a file that does not exist; it is not followed")
        }
        let folder = folderOf(path)
        var fst = stat()
        if stat(folder, &fst) != 0 {
            guard createFolders else { throw refuse("the folder \(folder) does not exist") }
            if dryRun { return .replace(path, nil) }
            try makeFolders(folder, shownAs: path)
        }
        try checkFolder(of: path, shownAs: path, target: nil)
        return .replace(path, nil)
    }

    static func folderOf(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let f = String(path[..<slash])
        return f.isEmpty ? "/" : f
    }

    static func realPath(_ path: String) -> String? {
        guard let p = realpath(path, nil) else { return nil }
        defer { free(p) }
        return String(cString: p)
    }

    static func checkFolder(of path: String, shownAs shown: String, target: stat?) throws {
        let folder = folderOf(path)
        var fst = stat()
        guard stat(folder, &fst) == 0 else {
            throw SafeOutputError(.cannotCreate, path: shown, reason: "the folder \(folder): \(String(cString: strerror(errno)))")
        }
        guard (fst.st_mode & S_IFMT) == S_IFDIR else {
            throw SafeOutputError(.cannotCreate, path: shown, reason: "\(folder) is not a folder")
        }
        // Whether a file may be made in the folder is the operating system's decision (root in a
        // container writes into a bind-mounted folder of uid 1000, as ogr2ogr does); only an
        // existing file's own permission bits are honoured as a wish not to be overwritten.
        if faccessat(AT_FDCWD, folder, W_OK | X_OK, AT_EACCESS) != 0 {
            throw SafeOutputError(.cannotCreate, path: shown, reason: "the folder \(folder) does not let this user write in it (mode \(String(fst.st_mode & 0o7777, radix: 8)), owner \(fst.st_uid)): \(String(cString: strerror(errno)))")
        }
        // A sticky folder (/tmp) lets only a file's owner replace it.
        if let t = target, fst.st_mode & S_ISVTX != 0, t.st_uid != geteuid(), fst.st_uid != geteuid() {
            throw SafeOutputError(.cannotCreate, path: shown, reason: "the file belongs to another user in a shared (sticky) folder")
        }
    }

    static func makeFolders(_ folder: String, shownAs shown: String) throws {
        var built = folder.hasPrefix("/") ? "" : "."
        for part in folder.split(separator: "/") {
            built += "/" + part
            if mkdir(built, 0o777) != 0 && errno != EEXIST {
                throw SafeOutputError(.cannotCreate, path: shown, reason: "cannot make the folder \(built): \(String(cString: strerror(errno)))")
            }
        }
    }

    static func writeIntoDevice(_ bytes: [UInt8], path: String) throws {
        let fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC)
        guard fd >= 0 else { throw SafeOutputError(.cannotCreate, path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        try StandardStreams.write(bytes, to: fd, name: path)
    }

    /// The data into an unnamed temporary file, then linked and renamed over `real`.
    static func replace(_ real: String, with bytes: [UInt8], existing: stat?, shownAs shown: String) throws {
        let pending = try PendingFile(replacing: real, existing: existing, shownAs: shown)
        do {
            try pending.write(bytes)
            try pending.commit()
        } catch {
            pending.discard()
            throw error
        }
    }

    /// An output written piece by piece (pairs streamed as they are found) with the same
    /// guarantees as `write`: the target is replaced only by `commit()`; a stream dropped
    /// without it leaves the target as it was and no temporary file.
    ///
    /// ```swift
    /// let out = try SafeOutput.Stream(to: "pairs.csv", protecting: inputs)
    /// try out.write(Array("a,b\n".utf8))
    /// try out.commit()
    /// ```
    public final class Stream {
        private enum Sink {
            case descriptor(Int32, name: String, owned: Bool)
            case file(PendingFile)
        }
        private let sink: Sink
        private var finished = false

        /// `path` nil or `-` is standard output.
        public init(to path: String?, protecting inputs: InputSet = InputSet()) throws {
            guard let path, path != "-" else {
                sink = .descriptor(1, name: "standard output", owned: false)
                return
            }
            switch try SafeOutput.check(path, protecting: inputs, createFolders: false) {
            case .stream(let fd): sink = .descriptor(fd, name: path, owned: false)
            case .device:
                let fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC)
                guard fd >= 0 else { throw SafeOutputError(.cannotCreate, path: path, reason: String(cString: strerror(errno))) }
                sink = .descriptor(fd, name: path, owned: true)
            case .replace(let real, let existing):
                sink = .file(try PendingFile(replacing: real, existing: existing, shownAs: path))
            }
        }

        public func write(_ bytes: [UInt8]) throws {
            switch sink {
            case .descriptor(let fd, let name, _): try StandardStreams.write(bytes, to: fd, name: fd == 1 ? nil : name)
            case .file(let f): try f.write(bytes)
            }
        }

        public func write(_ text: String) throws { try write(Array(text.utf8)) }

        /// Puts the output in place (for a file: flush, keep mode and owner, rename).
        public func commit() throws {
            finished = true
            switch sink {
            case .descriptor(let fd, let name, let owned):
                if owned, close(fd) != 0 { throw SafeOutputError(.ioError, path: name, reason: String(cString: strerror(errno))) }
            case .file(let f): try f.commit()
            }
        }

        deinit {
            guard !finished else { return }
            switch sink {
            case .descriptor(let fd, _, let owned): if owned { close(fd) }
            case .file(let f): f.discard()
            }
        }
    }
}

/// A temporary file in the target's folder: unnamed (`O_TMPFILE`) until `commit` links it under
/// a random name and renames it over the target, or (without `O_TMPFILE`) an unpredictable
/// name that a signal removes.
final class PendingFile {
    let real: String
    let folder: String
    let shown: String
    let existing: stat?
    var fd: Int32
    var named: String?

    init(replacing real: String, existing: stat?, shownAs shown: String) throws {
        self.real = real
        self.existing = existing
        self.shown = shown
        folder = SafeOutput.folderOf(real)
        fd = open(folder, O_TMPFILE_FLAG | O_WRONLY | O_CLOEXEC, 0o600)
        if fd < 0 {
            // No O_TMPFILE on this file system: an unpredictable name, removed on a signal.
            let name = folder + "/" + TemporaryName.make()
            TemporaryFiles.register(name)
            fd = open(name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            if fd < 0 {
                let reason = String(cString: strerror(errno))
                TemporaryFiles.unregister(name)
                throw SafeOutputError(.cannotCreate, path: shown, reason: reason)
            }
            named = name
        }
    }

    func write(_ bytes: [UInt8]) throws {
        try StandardStreams.write(bytes, to: fd, name: shown)
    }

    /// Closes and removes the temporary file; the target is untouched.
    func discard() {
        if fd >= 0 { close(fd) }
        fd = -1
        if let named {
            unlink(named)
            TemporaryFiles.unregister(named)
            self.named = nil
        }
    }

    func commit() throws {
        do {
            try finish()
        } catch {
            discard()
            throw error
        }
    }

    private func finish() throws {
        try link()
        try place()
    }

    /// Flushes the data, gives the file the old one's mode and owner, closes it and links it under
    /// a random name beside the target (a signal removes that name). `place` renames it in.
    func link() throws {
        if fsync(fd) != 0 { throw SafeOutputError(.ioError, path: shown, reason: String(cString: strerror(errno))) }
        if let old = existing {
            fchmod(fd, old.st_mode & 0o7777)
            if old.st_uid != geteuid() || old.st_gid != getegid() {
                if fchown(fd, old.st_uid, old.st_gid) != 0 {
                    throw SafeOutputError(.cannotCreate, path: shown, reason: "the file belongs to user \(old.st_uid), group \(old.st_gid), and replacing it would change its owner")
                }
                fchmod(fd, old.st_mode & 0o7777)  // chown clears set-id bits
            }
        } else {
            let mask = umask(0)
            umask(mask)
            fchmod(fd, 0o666 & ~mask)
        }
        if named == nil {
            // Give the unnamed file a random name, then rename it over the target. The name exists
            // only between linkat and rename; a signal then removes it.
            let name = folder + "/" + TemporaryName.make()
            TemporaryFiles.register(name)
            if linkat(AT_FDCWD, "/proc/self/fd/\(fd)", AT_FDCWD, name, AT_SYMLINK_FOLLOW) != 0 {
                let reason = String(cString: strerror(errno))
                TemporaryFiles.unregister(name)
                throw SafeOutputError(.cannotCreate, path: shown, reason: "cannot link the new file into \(folder): \(reason)")
            }
            named = name
        }
        let closed = close(fd)
        fd = -1
        if closed != 0 { throw SafeOutputError(.ioError, path: shown, reason: String(cString: strerror(errno))) }
    }

    /// Renames the linked file over the target and flushes the folder.
    func place() throws {
        guard let name = named else { return }
        if rename(name, real) != 0 {
            throw SafeOutputError(.cannotCreate, path: shown, reason: String(cString: strerror(errno)))
        }
        TemporaryFiles.unregister(name)
        named = nil
        let dir = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dir >= 0 {
            fsync(dir)
            close(dir)
        }
    }
}

/// Linux's `O_TMPFILE` (`__O_TMPFILE | O_DIRECTORY`; the macro is not imported into Swift).
#if os(Linux)
let O_TMPFILE_FLAG: Int32 = 0o20000000 | O_DIRECTORY
#else
let O_TMPFILE_FLAG: Int32 = -1
#endif

/// Random, short temporary names: `.tongcheng-<16 hex digits>.tmp`, 31 bytes whatever the
/// output's name (an output name of 255 bytes still works).
enum TemporaryName {
    static func make() -> String {
        var g = SystemRandomNumberGenerator()
        let n = g.next() as UInt64
        let hex = String(n, radix: 16)
        return ".tongcheng-" + String(repeating: "0", count: 16 - hex.count) + hex + ".tmp"
    }
}

/// Whether the permission bits let this process write a file (or enter and write a folder)
/// without root's override: the owner, group or other bits that apply to the effective user.
enum Permission {
    static func allowsWrite(_ st: stat, needsSearch: Bool = false) -> Bool {
        let mode = st.st_mode
        let (w, x): (mode_t, mode_t)
        if st.st_uid == geteuid() {
            (w, x) = (S_IWUSR, S_IXUSR)
        } else if inGroup(st.st_gid) {
            (w, x) = (S_IWGRP, S_IXGRP)
        } else {
            (w, x) = (S_IWOTH, S_IXOTH)
        }
        return mode & w != 0 && (!needsSearch || mode & x != 0)
    }

    static func inGroup(_ gid: gid_t) -> Bool {
        if gid == getegid() { return true }
        let n = getgroups(0, nil)
        guard n > 0 else { return false }
        var groups = [gid_t](repeating: 0, count: Int(n))
        let m = getgroups(n, &groups)
        return m > 0 && groups[0..<Int(m)].contains(gid)
    }
}
