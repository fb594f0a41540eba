import Foundation

/// Remembers which multi-layer files took their layer from the command's `--layer` in this run,
/// so that a second input naming the same file is not silently read as the same layer
/// (`tabulate x.gpkg --layer parcels --zones x.gpkg` would tabulate the parcels against
/// themselves): the second read gets a warning that names the per-source syntax.
///
/// ```swift
/// if DefaultLayerLog.shared.isRepeat(file: "x.gpkg", layer: "parcels") { /* warn */ }
/// ```
final class DefaultLayerLog: @unchecked Sendable {
    // Sendable by its lock: `seen` is touched only while `lock` is held.
    static let shared = DefaultLayerLog()
    private let lock = NSLock()
    private var seen: Set<String> = []

    /// Records the file (by its absolute path) and layer; true when they were recorded before.
    func isRepeat(file: String, layer: String) -> Bool {
        let key = URL(fileURLWithPath: file).standardizedFileURL.path + "\u{0}" + layer
        return lock.withLock { !seen.insert(key).inserted }
    }
}
