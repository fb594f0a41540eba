import CGEOS
import Foundation
import TongchengGeometry

/// An error reported by GEOS (its own message), or a geometry GEOS cannot represent.
///
/// ```swift
/// do { _ = try a.intersection(b) } catch let e as TopologyError { print(e) }
/// ```
public struct TopologyError: Error, Sendable, CustomStringConvertible, Equatable {
    public var operation: String
    public var message: String

    public init(operation: String, message: String) {
        self.operation = operation
        self.message = message
    }

    public var description: String { "GEOS \(operation) failed: \(message)" }
}

/// One GEOS context handle (`GEOS_init_r`) with its error and notice handlers.
///
/// A context is never used by two threads at once: every thread gets its own through
/// `GEOSContext.current`, and objects that keep GEOS geometries alive (`PreparedGeometry`,
/// `SpatialIndex`) own a private context behind a lock. Users of the library never see one.
final class GEOSContext {
    let handle: GEOSContextHandle_t
    /// The last error message GEOS reported through the handler.
    var lastError: String?
    /// The last notice (GEOS reports validity reasons and warnings this way).
    var lastNotice: String?

    init() {
        guard let h = GEOS_init_r() else { fatalError("GEOS_init_r failed: out of memory") }
        handle = h
        let me = Unmanaged.passUnretained(self).toOpaque()
        GEOSContext_setErrorMessageHandler_r(handle, { message, userdata in
            guard let userdata else { return }
            let context = Unmanaged<GEOSContext>.fromOpaque(userdata).takeUnretainedValue()
            context.lastError = message.map { String(cString: $0) } ?? "unknown GEOS error"
        }, me)
        GEOSContext_setNoticeMessageHandler_r(handle, { message, userdata in
            guard let userdata else { return }
            let context = Unmanaged<GEOSContext>.fromOpaque(userdata).takeUnretainedValue()
            context.lastNotice = message.map { String(cString: $0) }
        }, me)
    }

    deinit {
        GEOS_finish_r(handle)
    }

    /// The calling thread's context, made on first use and finished when the thread ends.
    static var current: GEOSContext {
        if let p = pthread_getspecific(threadKey) {
            return Unmanaged<GEOSContext>.fromOpaque(p).takeUnretainedValue()
        }
        let context = GEOSContext()
        pthread_setspecific(threadKey, Unmanaged.passRetained(context).toOpaque())
        return context
    }

    /// Takes and clears the pending error message.
    func takeError(_ fallback: String = "GEOS reported an error without a message") -> String {
        defer { lastError = nil }
        return lastError ?? fallback
    }

    func fail(_ operation: String) -> TopologyError {
        TopologyError(operation: operation, message: takeError())
    }
}

private let threadKey: pthread_key_t = {
    var key = pthread_key_t()
    let status = pthread_key_create(&key) { pointer in
        guard let pointer else { return }
        Unmanaged<GEOSContext>.fromOpaque(pointer).release()
    }
    precondition(status == 0, "pthread_key_create failed")
    return key
}()

/// A GEOS geometry owned by Swift: destroyed with the context that made it, exactly once.
final class GEOSHandle {
    let context: GEOSContext
    let pointer: OpaquePointer

    init(_ pointer: OpaquePointer, context: GEOSContext) {
        self.pointer = pointer
        self.context = context
    }

    deinit {
        GEOSGeom_destroy_r(context.handle, pointer)
    }
}
