#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why an input file could not be read.
public struct InputFileError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case missing, unreadable, notAFile, tooLarge
    }
    public var kind: Kind
    public var file: String
    public var reason: String
    public var description: String { "\(file): \(reason)" }
}

/// Reading streams (standard input, pipes, character devices) without unbounded memory: at most
/// `StreamedInput.limitBytes` (1 GiB, or `TONGCHENG_MAX_STREAM_BYTES`), and, for JSON and YAML
/// text, stopping at the first byte no text can hold (NUL and the other C0 controls but tab, LF,
/// CR), so `/dev/zero` or `/dev/urandom` fail at once instead of filling memory.
///
/// ```swift
/// let bytes = try StreamedInput.readAll(fd: 0, stopAtControlByte: true)
/// ```
public enum StreamedInput {
    /// The most bytes read from a stream: 1 GiB, or `TONGCHENG_MAX_STREAM_BYTES` when set.
    public static var limitBytes: Int {
        if let v = getenv("TONGCHENG_MAX_STREAM_BYTES"), let n = Int(String(cString: v)), n > 0 { return n }
        return 1 << 30
    }

    public static func readAll(fd: Int32, stopAtControlByte: Bool) throws -> [UInt8] {
        let limit = limitBytes
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw InputFileError(kind: .unreadable, file: "", reason: "cannot read: \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            if out.count + n > limit {
                throw InputFileError(kind: .tooLarge, file: "", reason: "a stream (standard input, a pipe or a device) longer than \(limit) bytes is refused; save it to a file, or raise TONGCHENG_MAX_STREAM_BYTES")
            }
            if stopAtControlByte, let bad = chunk[0..<n].firstIndex(where: { $0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }) {
                // Keep the bad byte: the parser reports it with its line and column. UTF-16 and
                // UTF-32 text (NULs in the first bytes) keep enough for the parser to recognise it.
                out.append(contentsOf: chunk[0..<min(n, max(bad + 1, 64))])
                break
            }
            out.append(contentsOf: chunk[0..<n])
        }
        return out
    }
}

/// Reads a small text input (a recipe, a map spec, a plan manifest) whole, bounded like streams,
/// and records it in `ReadLog.shared` so that no output of the run can replace it.
///
/// ```swift
/// let yaml = try InputFile.readText(path: "examples/towns-near-hsr.yaml")
/// ```
public enum InputFile {
    public static func readBytes(path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            let code = errno
            throw InputFileError(kind: code == ENOENT ? .missing : .unreadable, file: path, reason: code == ENOENT ? "no such file" : "cannot open: \(String(cString: strerror(code)))")
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw InputFileError(kind: .unreadable, file: path, reason: String(cString: strerror(errno))) }
        if (st.st_mode & S_IFMT) == S_IFDIR { throw InputFileError(kind: .notAFile, file: path, reason: "is a folder, not a file") }
        ReadLog.shared.record(descriptor: fd, name: path)
        do {
            return try StreamedInput.readAll(fd: fd, stopAtControlByte: (st.st_mode & S_IFMT) != S_IFREG)
        } catch var e as InputFileError {
            e.file = path
            throw e
        }
    }

    /// A document that says what to do (a recipe, a map spec) as UTF-8 text, or `nil` when it is
    /// not UTF-8. It must be a regular file on a real filesystem: a device, a FIFO or a file of
    /// `/proc` or `/sys` (`/proc/self/environ` holds `PGPASSWORD`) is refused before it is opened
    /// for reading, so no error message can echo it.
    ///
    /// ```swift
    /// let yaml = try InputFile.readDocumentText(path: "examples/towns-near-hsr.yaml", kind: "recipe")
    /// ```
    public static func readDocumentText(path: String, kind: String) throws -> String? {
        var st = stat()
        if stat(path, &st) == 0 {
            let procOrSys = InputFile.isProcOrSys(path)
            if (st.st_mode & S_IFMT) != S_IFREG || procOrSys {
                let what = (st.st_mode & S_IFMT) == S_IFDIR ? "a folder" : (st.st_mode & S_IFMT) == S_IFIFO ? "a FIFO"
                    : (st.st_mode & S_IFMT) == S_IFREG ? "a file of /proc or /sys" : "a device or special file"
                throw InputFileError(kind: .notAFile, file: path, reason: "is \(what), not a regular file: a \(kind) must be a file on disk")
            }
        }
        return try readText(path: path)
    }

    /// Whether `path` lies on procfs or sysfs (by the filesystem's magic number, however it is
    /// mounted or spelt). Swift's Glibc module does not show `statfs`; it is looked up, and its
    /// result's first field, `f_type` (a C long), read from a buffer larger than `struct statfs`.
    static func isProcOrSys(_ path: String) -> Bool {
        #if os(Linux)
        typealias StatFS = @convention(c) (UnsafePointer<CChar>?, UnsafeMutableRawPointer?) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "statfs") else { return false }
        let call = unsafeBitCast(symbol, to: StatFS.self)
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: 512, alignment: 16)
        defer { buffer.deallocate() }
        guard call(path, buffer) == 0 else { return false }
        let type = buffer.load(as: Int.self)
        return type == 0x9fa0 || type == 0x6265_6572
        #else
        return path.hasPrefix("/proc/") || path.hasPrefix("/sys/")
        #endif
    }

    /// The file as UTF-8 text, or `nil` when it is not UTF-8.
    public static func readText(path: String) throws -> String? {
        let bytes = try readBytes(path: path)
        return String(validating: bytes, as: UTF8.self)
    }
}
