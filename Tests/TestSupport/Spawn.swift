import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a program with `posix_spawn` and `waitpid`, capturing its output.
///
/// Foundation's `Process` on Linux depends on its run-loop thread seeing each child's exit; under
/// load, after a few hundred concurrent launches, it can miss one, and the waiting test hangs for
/// ever (seen here: the corpus stalled with every case started and no child left running). Waiting
/// on the child's pid directly cannot miss it.
public enum Spawn {
    public struct Result: Sendable {
        /// The exit status when the program exited, else 0.
        public var status: Int32
        /// The signal that ended the program, else 0.
        public var signal: Int32
        public var stdout: Data
        public var stderr: Data
        /// Whether the watchdog killed it.
        public var timedOut: Bool
        /// The standard output as text.
        public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
        /// The standard error as text.
        public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
    }

    /// Which of the child's outputs go to a pseudo-terminal instead of a pipe (a terminal is what
    /// makes a tool draw progress lines). What the terminal shows comes back in `stderr`, byte for
    /// byte (no newline translation); `stdout` is then empty when it went there too.
    public enum Terminal: Sendable {
        /// Standard error on the terminal, standard output still a pipe (or `stdoutPath`).
        case standardError
        /// Both on the same terminal, as in an interactive shell.
        case standardOutputAndError
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    // glibc has both, but Swift's Glibc module shows them only with _GNU_SOURCE: look them up.
    private typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>?, Int32) -> Int32
    private typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, UnsafePointer<CChar>?) -> Int32
    private static let pipe2: Pipe2 = unsafeBitCast(dlsym(UnsafeMutableRawPointer(bitPattern: 0), "pipe2"), to: Pipe2.self)
    private static let addChdir: AddChdir = unsafeBitCast(dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addchdir_np"), to: AddChdir.self)
    // The same for the pseudo-terminal calls (XOPEN).
    private typealias OpenPT = @convention(c) (Int32) -> Int32
    private typealias PTName = @convention(c) (Int32) -> UnsafeMutablePointer<CChar>?
    private static let posix_openpt: OpenPT = unsafeBitCast(dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_openpt"), to: OpenPT.self)
    private static let grantpt: OpenPT = unsafeBitCast(dlsym(UnsafeMutableRawPointer(bitPattern: 0), "grantpt"), to: OpenPT.self)
    private static let unlockpt: OpenPT = unsafeBitCast(dlsym(UnsafeMutableRawPointer(bitPattern: 0), "unlockpt"), to: OpenPT.self)
    private static let ptsname: PTName = unsafeBitCast(dlsym(UnsafeMutableRawPointer(bitPattern: 0), "ptsname"), to: PTName.self)

    /// Runs `program` with `arguments` in `directory`, feeding `stdin`, and waits for it. With a
    /// `watchdog`, a run still going after that many seconds is killed (a hang, not slowness).
    /// `environment` replaces the inherited one when given.
    ///
    /// ```swift
    /// let r = try Spawn.run("/usr/bin/pdftotext", ["map.pdf", "-"], in: "/tmp")
    /// print(r.status, r.stdoutText)
    /// ```
    public static func run(_ program: String, _ arguments: [String], in directory: String = FileManager.default.currentDirectoryPath, stdin: Data = Data(), stdoutPath: String? = nil, stderrPath: String? = nil, watchdog: Double? = nil, environment: [String: String]? = nil, terminal: Terminal? = nil) throws -> Result {
        var outPipe: [Int32] = [-1, -1], errPipe: [Int32] = [-1, -1], inPipe: [Int32] = [-1, -1]
        guard pipe2(&inPipe, O_CLOEXEC) == 0 else { throw Failure(description: "pipe: \(String(cString: strerror(errno)))") }
        // A terminal: the child gets its slave side (opened here, closed here once the child has it);
        // the master side is read like the stderr pipe, and ends (EIO) when the child closes the slave.
        var slave: Int32 = -1
        if let terminal {
            let (master, opened) = try openTerminal()
            errPipe = [master, opened]
            slave = opened
            if terminal == .standardOutputAndError { outPipe = [-1, opened] }
        }
        if stdoutPath == nil && outPipe[1] < 0 { guard pipe2(&outPipe, O_CLOEXEC) == 0 else { throw Failure(description: "pipe: \(String(cString: strerror(errno)))") } }
        if stderrPath == nil && errPipe[1] < 0 { guard pipe2(&errPipe, O_CLOEXEC) == 0 else { throw Failure(description: "pipe: \(String(cString: strerror(errno)))") } }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, inPipe[0], 0)
        if let stdoutPath, terminal != .standardOutputAndError {
            posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        } else {
            posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        }
        if let stderrPath, terminal == nil {
            posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        } else {
            posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        }
        _ = addChdir(&actions, directory)

        let argv: [UnsafeMutablePointer<CChar>?] = ([program] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let envp: [UnsafeMutablePointer<CChar>?]? = environment.map { $0.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil] }
        defer { envp?.forEach { free($0) } }
        // The child starts as from a shell: no blocked signals and default dispositions. The test
        // runner's threads block signals (SIGCHLD, SIGTERM, …) and a child would inherit that mask:
        // a shell could then never reap its jobs, a tool never see a SIGTERM.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), defaults = sigset_t()
        sigemptyset(&none)
        sigemptyset(&defaults)
        for sig in [SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGCHLD, SIGQUIT] { sigaddset(&defaults, sig) }
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let rc = envp.map { posix_spawn(&pid, program, &actions, &attributes, argv, $0) } ?? posix_spawn(&pid, program, &actions, &attributes, argv, environ)
        for fd in Set([inPipe[0], outPipe[1], errPipe[1], slave]) where fd >= 0 { close(fd) }
        guard rc == 0 else {
            for fd in [inPipe[1], outPipe[0], errPipe[0]] where fd >= 0 { close(fd) }
            throw Failure(description: "cannot start \(program): \(String(cString: strerror(rc)))")
        }

        // Feed stdin and drain both outputs on their own threads, so that no pipe can fill and block the child.
        let group = DispatchGroup()
        final class Box: @unchecked Sendable { var data = Data() }
        let outBox = Box(), errBox = Box()
        let input = stdin
        let inFD = inPipe[1], outFD = outPipe[0], errFD = errPipe[0]
        DispatchQueue.global().async(group: group) {
            input.withUnsafeBytes { raw in
                var at = 0
                while at < raw.count {
                    let n = write(inFD, raw.baseAddress! + at, raw.count - at)
                    if n < 0 { if errno == EINTR { continue } else { break } }
                    at += n
                }
            }
            close(inFD)
        }
        for (fd, box) in [(terminal == .standardOutputAndError ? -1 : outFD, outBox), (errFD, errBox)] where fd >= 0 {
            DispatchQueue.global().async(group: group) {
                var chunk = [UInt8](repeating: 0, count: 1 << 16)
                while true {
                    let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                    if n < 0 && errno == EINTR { continue }
                    if n <= 0 { break }   // EOF, or EIO: the terminal's last user closed it
                    box.data.append(contentsOf: chunk[0..<n])
                }
                close(fd)
            }
        }

        final class Watch: @unchecked Sendable {
            let lock = NSLock()
            var finished = false
            var killed = false
        }
        let watch = Watch()
        if let watchdog {
            let child = pid
            DispatchQueue.global().asyncAfter(deadline: .now() + watchdog) {
                watch.lock.withLock {
                    if !watch.finished {
                        watch.killed = true
                        kill(child, SIGKILL)
                    }
                }
            }
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { throw Failure(description: "waitpid: \(String(cString: strerror(errno)))") }
        }
        watch.lock.withLock { watch.finished = true }
        group.wait()
        let signal = status & 0x7F
        return Result(status: signal == 0 ? (status >> 8) & 0xFF : 0, signal: signal, stdout: outBox.data, stderr: errBox.data,
                      timedOut: watch.lock.withLock { watch.killed })
    }

    /// A pseudo-terminal, 200 columns wide, that passes output through unchanged (no `\n` → `\r\n`):
    /// (master, slave), both close-on-exec (the child gets the slave through dup2).
    private static func openTerminal() throws -> (Int32, Int32) {
        let master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard master >= 0 else { throw Failure(description: "posix_openpt: \(String(cString: strerror(errno)))") }
        guard grantpt(master) == 0, unlockpt(master) == 0, let name = ptsname(master) else {
            close(master)
            throw Failure(description: "pseudo-terminal: \(String(cString: strerror(errno)))")
        }
        let slave = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard slave >= 0 else {
            close(master)
            throw Failure(description: "open \(String(cString: name)): \(String(cString: strerror(errno)))")
        }
        var settings = termios()
        tcgetattr(slave, &settings)
        settings.c_oflag &= ~tcflag_t(OPOST)
        tcsetattr(slave, TCSANOW, &settings)
        var size = winsize(ws_row: 50, ws_col: 200, ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(slave, UInt(TIOCSWINSZ), &size)
        return (master, slave)
    }
}
