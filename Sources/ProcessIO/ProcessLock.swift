#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A POSIX mutex with a stable address: the `pthread_mutex_t` lives in memory the lock
/// allocates once and frees in `deinit`, never in a Swift `var` passed as `&lock` (whose address
/// Swift does not guarantee). `recursive: true` lets one thread take it again while holding it.
/// ProcessIO depends on nothing, so it uses this rather than Foundation's `NSLock` (and
/// `Mutex` from Synchronization needs macOS 15, above the package's macOS 13).
///
/// Why `@unchecked Sendable` is safe: the only state is the mutex itself, which pthreads makes
/// safe to lock from any thread; the pointer to it never changes.
///
/// ```swift
/// let lock = ProcessLock()
/// let n = lock.locked { counter += 1; return counter }
/// ```
public final class ProcessLock: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>

    public init(recursive: Bool = false) {
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        // The attributes too get memory of their own for the four calls that share them.
        let attributes = UnsafeMutablePointer<pthread_mutexattr_t>.allocate(capacity: 1)
        attributes.initialize(to: pthread_mutexattr_t())
        defer { attributes.deinitialize(count: 1); attributes.deallocate() }
        pthread_mutexattr_init(attributes)
        if recursive { pthread_mutexattr_settype(attributes, Int32(PTHREAD_MUTEX_RECURSIVE)) }
        pthread_mutex_init(mutex, attributes)
        pthread_mutexattr_destroy(attributes)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deinitialize(count: 1)
        mutex.deallocate()
    }

    /// Runs `body` holding the lock.
    public func locked<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }
}
