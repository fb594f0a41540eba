import Foundation
import TongchengGeometry
import TongchengInterchange
import TongchengProcessIO

/// Writes a command's result to standard output or to a file through `SafeOutput` (the one
/// writer: atomic replacement, devices written into, FIFOs and the like refused, mode and owner
/// kept), refusing any file this run has read (by device and inode, however it is spelt).
///
/// ```swift
/// try Output.write("…", to: "out.geojson", inputs: ["in.geojson"])  // or to: nil for stdout
/// ```
enum Output {
    static func write(_ text: String, to path: String?, inputs: [String] = []) throws {
        try write(Array(text.utf8), to: path, inputs: inputs)
    }

    /// Text for people (tables, summaries, lists of problems): control characters and
    /// bidirectional overrides from data (file names, property keys, layer names) are shown as
    /// `\u{1B}`-style escapes, line breaks kept: the one path to the terminal besides `Terminal`.
    static func writeReadable(_ text: String, to path: String?, inputs: [String] = []) throws {
        try write(TerminalText.visible(text, keepLineBreaks: true), to: path, inputs: inputs)
    }

    static func write(_ bytes: [UInt8], to path: String?, inputs: [String] = []) throws {
        guard let path, path != "-" else {
            try StandardStreams.write(bytes, to: 1)
            return
        }
        try SafeOutput.write(bytes, to: path, protecting: protected(inputs))
    }

    /// Every file read so far in this run, and the named inputs.
    static func protected(_ inputs: [String] = []) -> InputSet {
        var set = ReadLog.shared.files()
        set.formUnion(InputSet(paths: inputs.map { SourceSpec.location(of: $0) }))
        return set
    }
}
