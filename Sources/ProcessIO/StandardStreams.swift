#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writing to standard output, standard error and open files with every failure turned into a
/// `SafeOutputError` (never a crash): EPIPE on standard output is `.brokenPipe` (the reader went
/// away, as with `| head`), anything else (a closed descriptor, `/dev/full`, an I/O error) `.ioError`.
///
/// ```swift
/// try StandardStreams.write(Array("area_km2\n".utf8), to: 1)
/// StandardStreams.message("tongcheng: wrote out.svg\n")
/// ```
public enum StandardStreams {
    /// Writes all of `bytes` to `fd`; `name` names the file in errors. When a terminal status
    /// line is installed (`installTerminalLine`, the CLI's `StatusLine`), writes to standard
    /// output and standard error go through it, so it can erase itself first.
    public static func write(_ bytes: [UInt8], to fd: Int32, name: String? = nil) throws {
        guard fd == 1 || fd == 2, let line = terminalLine.current else { return try writeAll(bytes, to: fd, name: name) }
        try line.around(fd, bytes) { try writeAll(bytes, to: fd, name: name) }
    }

    /// Routes later writes to standard output and standard error through `line` (one line at
    /// a time: installing another replaces it).
    ///
    /// ```swift
    /// StandardStreams.installTerminalLine(MyStatusLine())
    /// ```
    public static func installTerminalLine(_ line: any TerminalLine) {
        terminalLine.current = line
    }

    private static let terminalLine = TerminalLineSlot()

    /// The installed line, behind a lock with a stable address.
    ///
    /// Why `@unchecked Sendable` is safe: `line` is read and written only under `lock`, and the
    /// line itself is `Sendable`.
    private final class TerminalLineSlot: @unchecked Sendable {
        private let lock = ProcessLock()
        private var line: (any TerminalLine)?
        var current: (any TerminalLine)? {
            get { lock.locked { line } }
            set { lock.locked { line = newValue } }
        }
    }

    private static func writeAll(_ bytes: [UInt8], to fd: Int32, name: String?) throws {
        let shown = name ?? (fd == 1 ? "standard output" : fd == 2 ? "standard error" : "file descriptor \(fd)")
        var written = 0
        let failure: Int32? = bytes.withUnsafeBytes { raw -> Int32? in
            while written < raw.count {
                let n = Glibc_write(fd, raw.baseAddress! + written, raw.count - written)
                if n < 0 {
                    if errno == EINTR { continue }
                    if errno == EAGAIN {
                        var p = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                        _ = poll(&p, 1, -1)
                        continue
                    }
                    return errno
                }
                written += n
            }
            return nil
        }
        guard let code = failure else { return }
        if code == EPIPE && (fd == 1 || fd == 2) { throw SafeOutputError(.brokenPipe, path: shown, reason: "the reader closed the pipe") }
        let reason = code == EBADF ? "it is closed" : String(cString: strerror(code))
        throw SafeOutputError(.ioError, path: shown, reason: reason)
    }

    /// Whether a message to standard error failed (the command then ends with exit 74).
    public static var messageFailed: Bool { failedFlag.value }

    /// Writes a message to standard error; a failure is remembered in `messageFailed`.
    public static func message(_ text: String) {
        do { try write(Array(text.utf8), to: 2) } catch { failedFlag.set() }
    }

    /// Makes SIGPIPE an error (EPIPE) instead of a silent death, so that it can end the run quietly
    /// with an exit code. Child processes inherit the setting.
    public static func ignoreBrokenPipeSignal() {
        signal(SIGPIPE, SIG_IGN)
    }

    private static let failedFlag = Flag()

    /// Why `@unchecked Sendable` is safe: `raised` is read and written only under `lock`.
    private final class Flag: @unchecked Sendable {
        private let lock = ProcessLock()
        private var raised = false
        var value: Bool { lock.locked { raised } }
        func set() { lock.locked { raised = true } }
    }
}

/// A line of status drawn on the terminal that ordinary output must not run into: every write to
/// standard output or standard error runs inside `around`, which erases the line first when the
/// write lands on its terminal. The CLI's `StatusLine` is one.
///
/// ```swift
/// struct Quiet: TerminalLine {
///     func around(_ fd: Int32, _ bytes: [UInt8], _ write: () throws -> Void) throws { try write() }
/// }
/// ```
public protocol TerminalLine: Sendable {
    /// Runs `write` (a write of `bytes` to `fd`, 1 or 2), erasing the line first when needed.
    func around(_ fd: Int32, _ bytes: [UInt8], _ write: () throws -> Void) throws
}

#if canImport(Glibc)
@inline(__always) func Glibc_write(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int { Glibc.write(fd, p, n) }
#else
@inline(__always) func Glibc_write(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int { Darwin.write(fd, p, n) }
#endif

/// Temporary files that a signal must remove, and child processes that must not outlive this
/// one. SIGINT, SIGTERM and SIGHUP (when not ignored) run a handler that unlinks the registered
/// files and sends SIGTERM to the registered children, then dies of the same signal as before.
/// The handler uses only async-signal-safe calls on storage allocated before it is installed.
///
/// ```swift
/// TemporaryFiles.register("/out/.tongcheng-1a2b.tmp")
/// defer { TemporaryFiles.unregister("/out/.tongcheng-1a2b.tmp") }
/// ```
public enum TemporaryFiles {
    /// 256 slots: a FileGDB being built beside its target registers its folder and each of its
    /// files (20 for one layer, 3–4 more per layer). `calloc` leaves untouched slots unmapped.
    static let slots = 256
    static let slotSize = 4096
    // Why `nonisolated(unsafe)` is safe for `paths` and `children`: the pointers themselves never
    // change after this one initialisation; what they point to is written only under
    // `guardLock`, a slot's first byte last, and the signal handler only reads (it cannot take a
    // lock: async-signal-safety), seeing either an empty slot or a whole path.
    nonisolated(unsafe) static let paths: UnsafeMutablePointer<CChar> = {
        calloc(slots * slotSize, 1)!.bindMemory(to: CChar.self, capacity: slots * slotSize)
    }()
    nonisolated(unsafe) static let children: UnsafeMutablePointer<pid_t> = {
        let p = UnsafeMutablePointer<pid_t>.allocate(capacity: slots)
        p.initialize(repeating: 0, count: slots)
        return p
    }()
    /// C functions run first when a signal ends the process (cancelling a database statement):
    /// async-signal-safe calls only. Allocated once, before the handler is installed.
    public typealias SignalAction = @convention(c) () -> Void
    // Why `nonisolated(unsafe)` is safe for `actions`: the pointer never changes after this one
    // initialisation; its slots are written only under `guardLock`, and the signal handler only
    // reads them (a slot holds nil or a whole function pointer, one word).
    nonisolated(unsafe) static let actions: UnsafeMutablePointer<SignalAction?> = {
        let p = UnsafeMutablePointer<SignalAction?>.allocate(capacity: 4)
        p.initialize(repeating: nil, count: 4)
        return p
    }()
    private static let guardLock = ProcessLock()

    /// Installed once, after the storage exists.
    private static let installed: Bool = {
        _ = paths
        _ = children
        _ = actions
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            var old = sigaction()
            sigaction(sig, nil, &old)
            #if canImport(Glibc)
            let wasDefault = old.__sigaction_handler.sa_handler == nil
            #else
            let wasDefault = old.__sigaction_u.__sa_handler == nil
            #endif
            if wasDefault { signal(sig) { s in TemporaryFiles.onSignal(s) } }
        }
        return true
    }()

    static func onSignal(_ sig: Int32) {
        for k in 0..<4 { actions[k]?() }
        for k in 0..<slots {
            let p = paths + k * slotSize
            if p.pointee != 0 { unlink(p) }
            let child = children[k]
            if child > 0 { kill(child, SIGTERM) }
        }
        // Registered folders (a FileGDB under construction) once their files are gone.
        for k in 0..<slots {
            let p = paths + k * slotSize
            if p.pointee != 0 { rmdir(p) }
        }
        signal(sig, SIG_DFL)
        raise(sig)
    }

    /// Runs `action` when SIGINT, SIGTERM or SIGHUP ends the process, before the files are removed.
    public static func addSignalAction(_ action: SignalAction) {
        _ = installed
        guardLock.locked {
            for k in 0..<4 where actions[k] == nil {
                actions[k] = action
                return
            }
        }
    }

    /// Removes `path` if a signal ends the process before `unregister`.
    public static func register(_ path: String) {
        _ = installed
        let bytes = Array(path.utf8)
        guard bytes.count < slotSize else { return }
        guardLock.locked {
            for k in 0..<slots where paths[k * slotSize] == 0 {
                let slot = paths + k * slotSize
                // The first byte last, so that the handler never sees a half-written path.
                slot[bytes.count] = 0
                for i in stride(from: bytes.count - 1, through: 0, by: -1) { slot[i] = CChar(bitPattern: bytes[i]) }
                return
            }
        }
    }

    public static func unregister(_ path: String) {
        guardLock.locked {
            for k in 0..<slots where paths[k * slotSize] != 0 && String(cString: paths + k * slotSize) == path {
                paths[k * slotSize] = 0
                return
            }
        }
    }

    /// Sends SIGTERM to `pid` if a signal ends this process first.
    public static func registerChild(_ pid: pid_t) {
        _ = installed
        guardLock.locked {
            for k in 0..<slots where children[k] == 0 {
                children[k] = pid
                return
            }
        }
    }

    public static func unregisterChild(_ pid: pid_t) {
        guardLock.locked {
            for k in 0..<slots where children[k] == pid { children[k] = 0 }
        }
    }
}

/// Text from data (properties, file names) made safe for a terminal: C0 and C1 control
/// characters, DEL and the bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069)
/// are shown as `\u{1B}`-style escapes, so an escape sequence, a BEL, a CR or a right-to-left
/// override in a name cannot rewrite what the user sees. Tabs and newlines are kept only where
/// `keepLineBreaks` says so (messages, not table cells).
///
/// ```swift
/// TerminalText.visible("a\u{1B}[2Jb")   // "a\u{1B}[2Jb" shown as a\u{1B}[2Jb, harmless
/// ```
public enum TerminalText {
    public static func visible(_ text: String, keepLineBreaks: Bool = false) -> String {
        func unsafe(_ v: UInt32) -> Bool {
            if keepLineBreaks && (v == 0x0A || v == 0x09) { return false }
            return v < 0x20 || (0x7F...0x9F).contains(v) || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
        }
        guard text.unicodeScalars.contains(where: { unsafe($0.value) }) else { return text }
        var out = String.UnicodeScalarView()
        for s in text.unicodeScalars {
            if unsafe(s.value) {
                out.append(contentsOf: "\\u{\(String(s.value, radix: 16, uppercase: true))}".unicodeScalars)
            } else {
                out.append(s)
            }
        }
        return String(out)
    }
}
