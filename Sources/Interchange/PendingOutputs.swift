import TongchengGeometry
import TongchengProcessIO
import Synchronization

/// GeoJSON outputs that a run has made but not yet written, readable by path while `serving`
/// runs: a recipe's map may draw a layer the same recipe writes, read from the text about to be
/// written rather than from a stale or missing file, and the recipe still writes nothing until
/// every output is made. Keyed like `SafeOutput.key(for:)` (device and inode when the file exists).
///
/// ```swift
/// try PendingOutputs.serving([SafeOutput.key(for: "out/conflicts.geojson"): text]) {
///     _ = try FeatureSource.read("out/conflicts.geojson")   // parses `text`
/// }
/// ```
public enum PendingOutputs {
    private static let texts = Mutex<[String: String]>([:])

    /// Runs `body` with `pending` readable through `FeatureSource.read`.
    public static func serving<T>(_ pending: [String: String], _ body: () throws -> T) rethrows -> T {
        texts.withLock { $0.merge(pending) { _, new in new } }
        defer { texts.withLock { current in for key in pending.keys { current[key] = nil } } }
        return try body()
    }

    /// The pending text for `location`, if a run is about to write it.
    static func text(for location: String) -> String? {
        let all = texts.withLock { $0 }
        guard !all.isEmpty, location != "-" else { return nil }
        return all[SafeOutput.key(for: location)]
    }
}
