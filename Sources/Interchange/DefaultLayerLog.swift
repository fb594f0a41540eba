import Foundation

/// Remembers which multi-layer files took their layer from the command's `--layer` in this run,
/// so that a second input naming the same file is not silently read as the same layer
/// (`tabulate x.gpkg --layer parcels --zones x.gpkg` would tabulate the parcels against
/// themselves): the second read gets a warning that names the per-source syntax.
///
/// ```swift
/// if DefaultLayerLog.shared.isRepeat(file: "x.gpkg", layer: "parcels") { /* warn */ }
/// ```
///
/// Why `@unchecked Sendable` is safe: `seen`, the only mutable state, is read and written only
/// inside `lock.withLock`, and `lock` is a constant reference to an `NSLock` owned by the class.
final class DefaultLayerLog: @unchecked Sendable {
    static let shared = DefaultLayerLog()
    private let lock = NSLock()
    private var seen: Set<String> = []

    /// Records the file (by its absolute path) and layer; true when they were recorded before.
    func isRepeat(file: String, layer: String) -> Bool {
        let key = URL(fileURLWithPath: file).standardizedFileURL.path + "\u{0}" + layer
        return lock.withLock { !seen.insert(key).inserted }
    }
}
