import Foundation

/// Writes text atomically: a temporary file beside the target, flushed, then renamed over it.
///
/// ```swift
/// try AtomicFile.write("id,area\n", to: "out/areas.csv")
/// ```
public enum AtomicFile {
    /// Writes `text` to `path`, creating the folder; the target is replaced only by a complete file.
    public static func write(_ text: String, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        do {
            try Data(text.utf8).write(to: temporary)
            let handle = try FileHandle(forWritingTo: temporary)
            try handle.synchronize()
            try handle.close()
            if rename(temporary.path, url.path) != 0 { throw CocoaError(.fileWriteUnknown) }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }
}

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
        FileHandle.standardError.write(Data("\r\u{1B}[K\(bar) \(done)/\(total) \(label)".utf8))
    }

    public func finish() {
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
