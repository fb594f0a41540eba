#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TongchengProcessIO

/// One line of status (progress) at the bottom of the terminal, on standard error, that ordinary
/// output never runs into: `StandardStreams.write` to standard error, or to standard output when
/// that is a terminal too, erases the line first (under the same lock, so no redraw can slip in
/// between), and the next `show` draws it again below. A line is drawn only at the start of a
/// line of output, so it never erases half a row of a table.
///
/// The line is drawn as `\r` ESC `[K` then the text (no newline); `clear` erases it. Whoever calls
/// `show` decides whether a status line is wanted at all (a terminal, no `--quiet`).
///
/// ```swift
/// StatusLine.show("buffer 1,200 / 2,875 features · 3.2 s")
/// try StandardStreams.write(Array("a row\n".utf8), to: 1)   // the line is erased first
/// StatusLine.clear()
/// ```
enum StatusLine {
    /// Routes writes to standard output and standard error through the line (`StandardStreams`
    /// calls `around`), so that they erase it first. Called once when a command starts.
    static func install() {
        StandardStreams.installTerminalLine(Interposer())
    }

    private struct Interposer: TerminalLine {
        func around(_ fd: Int32, _ bytes: [UInt8], _ write: () throws -> Void) throws {
            try StatusLine.around(fd, bytes, write)
        }
    }

    /// Draws (or redraws) the line, cut to the terminal's width so that it never wraps.
    static func show(_ text: String) {
        state.locked {
            guard state.atLineStart else { return }
            let cut = fitted(text, columns: terminalColumns())
            rawWrite(Array("\r\u{1B}[K\(cut)".utf8))
            state.visible = true
        }
    }

    /// Erases the line if it is shown.
    static func clear() {
        state.locked { eraseIfVisible() }
    }

    /// Runs `write` (a write of `bytes` to `fd`) with the line erased first when the write would
    /// land on the terminal the line is on.
    static func around(_ fd: Int32, _ bytes: [UInt8], _ write: () throws -> Void) rethrows {
        guard fd == 1 || fd == 2 else { return try write() }
        try state.locked {
            let onTerminal = fd == 2 || state.standardOutputIsTerminal
            if onTerminal { eraseIfVisible() }
            try write()
            if onTerminal, let last = bytes.last { state.atLineStart = last == 0x0A }
        }
    }

    private static func eraseIfVisible() {
        guard state.visible else { return }
        rawWrite(Array("\r\u{1B}[K".utf8))
        state.visible = false
    }

    /// `text` cut to fit `columns - 1` cells (CJK characters take two), with `…` where cut.
    static func fitted(_ text: String, columns: Int) -> String {
        guard columns > 1 else { return text }
        var width = 0
        var out = ""
        for c in text {
            let w = (c.unicodeScalars.first.map { $0.value >= 0x1100 } ?? false) ? 2 : 1
            if width + w > columns - 2 { return out + "…" }
            width += w
            out.append(c)
        }
        return out
    }

    private static func terminalColumns() -> Int {
        var size = winsize()
        #if canImport(Glibc)
        let request = UInt(TIOCGWINSZ)
        #else
        let request = TIOCGWINSZ
        #endif
        guard ioctl(2, request, &size) == 0 else { return 0 }
        return Int(size.ws_col)
    }

    /// Writes straight to standard error, ignoring failures (a status line is best effort).
    private static func rawWrite(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            var at = 0
            while at < raw.count {
                #if canImport(Glibc)
                let n = Glibc.write(2, raw.baseAddress! + at, raw.count - at)
                #else
                let n = Darwin.write(2, raw.baseAddress! + at, raw.count - at)
                #endif
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return }
                at += n
            }
        }
    }

    private static let state = State()

    /// Why `@unchecked Sendable` is safe: `visible` and `atLineStart` are read and written only
    /// inside `locked` (a recursive `ProcessLock`: `around` may run a write that shows the line);
    /// `standardOutputIsTerminal` is a constant.
    private final class State: @unchecked Sendable {
        private let lock = ProcessLock(recursive: true)
        var visible = false
        var atLineStart = true
        let standardOutputIsTerminal = isatty(1) == 1

        func locked<T>(_ body: () throws -> T) rethrows -> T {
            try lock.locked(body)
        }
    }
}
