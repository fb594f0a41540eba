import TongchengAnalysis
import Foundation
import TongchengGeometry
import TongchengProcessIO

/// The progress line of long runs, on standard error: what is running, items done of the total
/// and the time since the work began, such as `buffer 12,345 / 50,837 features · 3.2 s`
/// (in a recipe, `step 2/5 belt-2km · buffer …`). It appears after 2 s, is redrawn four times a
/// second and when a stage starts or completes, and is erased at the end; output written
/// meanwhile erases it first (`StatusLine`), so it never runs into a table.
///
/// Only when standard error is a terminal (and not `TERM=dumb`), not under `--quiet`, not when
/// `CI` is set. The variable `TONGCHENG_PROGRESS_AFTER` (seconds) changes the 2 s delay; the
/// tests set it to 0.
///
/// ```swift
/// let result = try ProgressLine.show(quiet: analysis.quiet) { progress in
///     var buffer = BufferAnalysis(distanceMetres: 5_000)
///     buffer.progress = progress        // nil when no line is shown: the analysis keeps no count
///     return try buffer.run(railway)
/// }
/// ```
///
/// Why `@unchecked Sendable` is safe: `counter` is set once in `init` before the timer starts;
/// `finished` is read and written only under `lock`; the timer and `began`/`after` are constants.
final class ProgressLine: @unchecked Sendable {
    /// Runs `body` with a counter whose progress is drawn, or with `nil` when no line is wanted.
    static func show<T>(quiet: Bool, _ body: (ProgressCounter?) throws -> T) rethrows -> T {
        guard let line = ProgressLine.start(quiet: quiet) else { return try body(nil) }
        defer { line.finish() }
        return try body(line.counter)
    }

    /// A line, started, when one is wanted (see the type's comment), else `nil`.
    static func start(quiet: Bool) -> ProgressLine? {
        let environment = ProcessInfo.processInfo.environment
        // TERM=dumb: a terminal that cannot erase a line (Emacs's shell buffer, say).
        guard !quiet, isatty(2) == 1, environment["CI"] == nil, environment["TERM"] != "dumb" else { return nil }
        let after = environment["TONGCHENG_PROGRESS_AFTER"].flatMap(Double.init).map { max(0, $0) } ?? 2
        return ProgressLine(after: after)
    }

    /// The counter analyses advance.
    private(set) var counter = ProgressCounter()
    private let began = Date()
    private let after: Double
    private let timer = DispatchSource.makeTimerSource(queue: DispatchQueue.global(qos: .utility))
    private let lock = NSLock()
    private var finished = false

    private init(after: Double) {
        self.after = after
        counter = ProgressCounter { [weak self] _ in self?.draw() }
        timer.schedule(deadline: .now() + after, repeating: 0.25)
        timer.setEventHandler { [weak self] in self?.draw() }
        timer.resume()
    }

    /// Erases the line and stops drawing it.
    func finish() {
        lock.withLock {
            finished = true
            timer.cancel()
            StatusLine.clear()
        }
    }

    private func draw() {
        let seconds = Date().timeIntervalSince(began)
        guard seconds >= after else { return }
        lock.withLock {
            guard !finished else { return }
            StatusLine.show(ProgressLine.text(counter.snapshot, seconds: seconds))
        }
    }

    /// The line for a snapshot: `[context · ]stage[ done / total unit] · seconds s`.
    static func text(_ s: ProgressCounter.Snapshot, seconds: Double) -> String {
        var parts: [String] = []
        if let context = s.context { parts.append(TerminalText.visible(context)) }
        var what = TerminalText.visible(s.stage.isEmpty ? "working" : s.stage)
        if s.total > 0 {
            what += " \(grouped(Double(min(s.done, s.total)), 0)) / \(grouped(Double(s.total), 0)) \(s.unit)"
        } else if s.done > 0 {
            what += " \(grouped(Double(s.done), 0)) \(s.unit)"
        }
        parts.append(what)
        parts.append("\(fixed(seconds, 1)) s")
        return parts.joined(separator: " · ")
    }
}
