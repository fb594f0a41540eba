import CGDAL
import Foundation

/// GDAL's drivers are registered once per process (`GDALAllRegister` is not meant to be called
/// concurrently); a global `let` is initialised exactly once, on first use, by Swift. GDAL is set
/// up here to touch nothing but the files it is given (see `GDALContainment`).
private let driversRegistered: Bool = {
    GDALContainment.configure()
    GDALAllRegister()
    return true
}()

/// What GDAL said while a piece of work ran on this thread.
struct GDALMessage: Sendable {
    var failure: Bool
    /// GDAL's error number (`CPLE_NotSupported` = 6, `CPLE_AppDefined` = 1, …).
    var number: Int32
    var text: String
}

/// Collects GDAL's `CPLError` reports for the work done inside `GDALSession.run` on the calling
/// thread. GDAL keeps its error-handler stack per thread, so two threads reading two files each
/// get their own messages, and nothing reaches GDAL's default handler (which prints to stderr).
///
/// ```swift
/// let count = try GDALSession.run { session in
///     try session.check("reading x.shp")   // throws if GDAL reported a failure since the last check
///     return 1
/// }
/// ```
final class GDALSession {
    private(set) var messages: [GDALMessage] = []
    private var checked = 0

    private init() {}

    /// Runs `body` with GDAL's errors captured on this thread.
    static func run<T>(_ body: (GDALSession) throws -> T) throws -> T {
        _ = driversRegistered
        let session = GDALSession()
        let token = Unmanaged.passRetained(session)
        CPLPushErrorHandlerEx(gdalErrorHandler, token.toOpaque())
        defer {
            CPLPopErrorHandler()
            token.release()
        }
        return try body(session)
    }

    fileprivate func record(_ level: CPLErr, _ number: Int32, _ text: String) {
        switch level {
        case CE_Failure, CE_Fatal: messages.append(GDALMessage(failure: true, number: number, text: text))
        case CE_Warning: messages.append(GDALMessage(failure: false, number: number, text: text))
        default: break  // CE_Debug, CE_None
        }
    }

    /// While reading, a warning is a failure unless it is known to lose nothing: GDAL warns when
    /// it drops attributes, geometries or records it cannot read, and a read that lost data must
    /// not pass as a whole one. The exceptions are the open options a driver does not take (all
    /// of Tongcheng's read options are passed to whichever driver opens the file).
    func readingFailures() -> [String] {
        let fresh = messages[checked...].filter { $0.failure || !Self.harmless($0) }.map(\.text)
        checked = messages.count
        return fresh
    }

    /// Warnings that lose no data, or whose loss is reported otherwise: GeoPackage's "more than N
    /// vector tables" is answered by `OGRDataset.layerCount()`, which refuses the source.
    static func harmless(_ m: GDALMessage) -> Bool {
        (m.number == CPLE_NotSupported && m.text.contains("does not support open option"))
            || m.text.contains("vector tables. Limiting to first")
    }

    /// The failures reported since the last call (and marks them seen).
    func newFailures() -> [String] {
        let fresh = messages[checked...].filter(\.failure).map(\.text)
        checked = messages.count
        return fresh
    }

    /// The warnings reported so far (de-duplicated, in order), less the harmless ones.
    var warnings: [String] {
        var seen = Set<String>()
        return messages.filter { !$0.failure && !Self.harmless($0) && seen.insert($0.text).inserted }.map(\.text)
    }

    /// The last failure message, if any (for a call that returned NULL).
    var lastFailure: String? { messages.last(where: \.failure)?.text }
}

private let gdalErrorHandler: CPLErrorHandler = { level, number, message in
    guard let data = CPLGetErrorHandlerUserData() else { return }
    let session = Unmanaged<GDALSession>.fromOpaque(data).takeUnretainedValue()
    session.record(level, number, message.map { String(cString: $0) } ?? "unknown GDAL error")
}

/// A NULL-terminated list of C strings (`char **`) for GDAL options, freed with `CSLDestroy`.
final class CStringList {
    private(set) var pointer: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?

    init(_ pairs: [(String, String)] = []) {
        for (k, v) in pairs { set(k, v) }
    }

    func set(_ key: String, _ value: String) {
        pointer = CSLSetNameValue(pointer, key, value)
    }

    func add(_ text: String) {
        pointer = CSLAddString(pointer, text)
    }

    var constPointer: UnsafePointer<UnsafePointer<CChar>?>? {
        pointer.map { UnsafeRawPointer($0).assumingMemoryBound(to: UnsafePointer<CChar>?.self) }
    }

    deinit { CSLDestroy(pointer) }

    /// The strings of a GDAL `char **` list (not freed).
    static func strings(_ list: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> [String] {
        guard let list else { return [] }
        var out: [String] = []
        var k = 0
        while let s = list[k] {
            out.append(String(cString: s))
            k += 1
        }
        return out
    }
}

/// Sets a GDAL configuration option on this thread only, for the duration of `body`.
func withThreadConfig<T>(_ key: String, _ value: String?, _ body: () throws -> T) rethrows -> T {
    guard let value else { return try body() }
    let previous = CPLGetThreadLocalConfigOption(key, nil).map { String(cString: $0) }
    CPLSetThreadLocalConfigOption(key, value)
    defer { CPLSetThreadLocalConfigOption(key, previous) }
    return try body()
}
