import Foundation
import Geometry

/// A progress bar on standard error, drawn only when standard error is a terminal (quiet in
/// pipes and CI).
///
/// ```swift
/// let bar = ProgressBar.onTerminal()
/// bar?.update(3, of: 10, label: "buffer belt-2km")
/// bar?.finish()
/// ```
public final class ProgressBar: @unchecked Sendable {
    private let lock = NSLock()

    /// A bar when stderr is a terminal and not under CI, else `nil`.
    public static func onTerminal() -> ProgressBar? {
        guard isatty(2) == 1, ProcessInfo.processInfo.environment["CI"] == nil else { return nil }
        return ProgressBar()
    }

    public func update(_ done: Int, of total: Int, label: String) {
        lock.lock()
        defer { lock.unlock() }
        let width = 24
        let filled = total > 0 ? width * done / total : width
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        StandardStreams.message("\r\u{1B}[K\(bar) \(done)/\(total) \(label)")
    }

    public func finish() {
        StandardStreams.message("\r\u{1B}[K")
    }
}
