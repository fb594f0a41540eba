#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A POSIX thread running one closure, joined before the closure's captures go away (a Foundation
/// `Thread` keeps its block alive past its end, which `withoutActuallyEscaping` refuses). In
/// Geometry, the lowest module that runs threads (the parallel GeoJSON parse); Analysis's chunk
/// runner uses it too.
///
/// ```swift
/// let t = WorkerThread { print("on another thread") }
/// t.join()
/// ```
///
/// Why `@unchecked Sendable` is safe: `thread` is written by `init` and `join` only, both on the
/// thread that made the `WorkerThread`; the started thread touches nothing of it but its
/// `@Sendable` body.
package final class WorkerThread: @unchecked Sendable {
    private var thread: pthread_t?
    private final class Box {
        let body: @Sendable () -> Void
        package init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }

    package init(_ body: @escaping @Sendable () -> Void) {
        let box = Unmanaged.passRetained(Box(body)).toOpaque()
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        pthread_attr_setstacksize(&attributes, 8 << 20)
        #if canImport(Darwin)
        var t: pthread_t?
        #else
        var t = pthread_t()
        #endif
        let started = pthread_create(&t, &attributes, { raw in
            #if canImport(Darwin)
            let raw: UnsafeMutableRawPointer? = raw
            #endif
            guard let raw else { return nil }
            let box = Unmanaged<Box>.fromOpaque(raw).takeRetainedValue()
            box.body()
            return nil
        }, box)
        pthread_attr_destroy(&attributes)
        if started == 0 {
            thread = t
        } else {
            // No thread to be had: run here instead.
            let box = Unmanaged<Box>.fromOpaque(box).takeRetainedValue()
            box.body()
        }
    }

    /// Waits for the thread to end (at once when it ran on the caller).
    package func join() {
        if let thread { pthread_join(thread, nil) }
        thread = nil
    }
}
