import CLibPQ
import TongchengGeometry
import TongchengProcessIO
#if canImport(Glibc)
import Glibc
#endif

/// The statements this process is waiting on, so that they can be cancelled on the server when
/// the process ends early: SIGINT, SIGTERM or SIGHUP (through `TemporaryFiles`' handler, which
/// then removes temporary files and dies of the signal) and `exit` while a statement runs.
/// `PQcancel` is documented as safe in a signal handler; the slots are allocated before the
/// handler is installed and read without locks there.
///
/// ```swift
/// RunningStatements.register(cancel)     // before waiting for an answer
/// defer { RunningStatements.unregister(cancel) }
/// ```
enum RunningStatements {
    static let slots = 16
    // Why `nonisolated(unsafe)` is safe for `cancels`: the pointer never changes after this one
    // initialisation; its slots are written under `lock` and read by the signal handler, and the
    // storage is allocated once and never freed, so the handler never reads freed storage.
    nonisolated(unsafe) static let cancels: UnsafeMutablePointer<OpaquePointer?> = {
        let p = UnsafeMutablePointer<OpaquePointer?>.allocate(capacity: slots)
        p.initialize(repeating: nil, count: slots)
        return p
    }()
    private static let lock = Lock()

    /// Why `@unchecked Sendable` is safe: the class holds only a constant pointer to a pthread
    /// mutex allocated once (a stable address, never moved by Swift), and the mutex is what
    /// serialises every use.
    private final class Lock: @unchecked Sendable {
        let mutex: UnsafeMutablePointer<pthread_mutex_t> = {
            let m = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
            pthread_mutex_init(m, nil)
            return m
        }()
        func run<T>(_ body: () -> T) -> T {
            pthread_mutex_lock(mutex)
            defer { pthread_mutex_unlock(mutex) }
            return body()
        }
    }

    private static let installed: Bool = {
        _ = cancels
        TemporaryFiles.addSignalAction { RunningStatements.cancelAll() }
        atexit { RunningStatements.cancelAll() }
        return true
    }()

    /// Installs the signal and exit hooks (once).
    static func prepare() { _ = installed }

    static func register(_ cancel: OpaquePointer?) {
        guard let cancel else { return }
        _ = installed
        lock.run {
            for k in 0..<slots where cancels[k] == nil {
                cancels[k] = cancel
                return
            }
        }
    }

    static func unregister(_ cancel: OpaquePointer?) {
        guard let cancel else { return }
        lock.run {
            for k in 0..<slots where cancels[k] == cancel { cancels[k] = nil }
        }
    }

    /// Async-signal-safe: sends a cancel request for every registered statement.
    static func cancelAll() {
        var buffer = (Int64(0), Int64(0), Int64(0), Int64(0), Int64(0), Int64(0), Int64(0), Int64(0),
                      Int64(0), Int64(0), Int64(0), Int64(0), Int64(0), Int64(0), Int64(0), Int64(0))
        for k in 0..<slots {
            guard let cancel = cancels[k] else { continue }
            withUnsafeMutableBytes(of: &buffer) { raw in
                _ = PQcancel(cancel, raw.baseAddress!.assumingMemoryBound(to: CChar.self), Int32(raw.count))
            }
        }
    }
}
