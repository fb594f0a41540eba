import Foundation

/// Progress for long work on standard error: after two seconds, a line with what is running and
/// the time elapsed, redrawn every second and erased at the end. Only when standard error is a
/// terminal (never in pipes, files or CI) and not with `--quiet`.
///
/// ```swift
/// let result = try Elapsed.report("buffer 2,875 features", quiet: false) { try work() }
/// ```
enum Elapsed {
    static func report<T>(_ label: String, quiet: Bool, _ body: () throws -> T) rethrows -> T {
        guard !quiet, isatty(2) == 1, ProcessInfo.processInfo.environment["CI"] == nil else { return try body() }
        let start = Date()
        let timer = DispatchSource.makeTimerSource(queue: DispatchQueue.global(qos: .utility))
        timer.schedule(deadline: .now() + 2, repeating: 1)
        timer.setEventHandler {
            let seconds = Int(Date().timeIntervalSince(start))
            FileHandle.standardError.write(Data("\r\u{1B}[K\(label): \(seconds) s".utf8))
        }
        timer.resume()
        defer {
            timer.cancel()
            if Date().timeIntervalSince(start) >= 2 { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        }
        return try body()
    }
}
