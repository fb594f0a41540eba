import Foundation

/// The output could not be written.
struct OutputError: Error, CustomStringConvertible {
    var path: String
    var reason: String
    var description: String { "\(path): cannot write: \(reason)" }
}

/// Writes a command's result to stdout, or atomically to a file: the text goes to a temporary
/// file beside the target, is flushed to disk, then renamed over the target. A failed run leaves
/// neither a partial file nor a changed target.
///
/// ```swift
/// try Output.write("…", to: "out.geojson")  // or to: nil for stdout
/// ```
enum Output {
    static func write(_ text: String, to path: String?, inputs: [String] = []) throws {
        guard let path, path != "-" else {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        try refuseOverwritingInputs(path, inputs)
        try writeAtomically(Data(text.utf8), to: path)
    }

    /// An output that would replace one of the inputs is refused: the input is never touched.
    static func refuseOverwritingInputs(_ path: String, _ inputs: [String]) throws {
        let target = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
        for input in inputs where input != "-" {
            let source = URL(fileURLWithPath: input).standardizedFileURL.resolvingSymlinksInPath().path
            if source == target {
                throw CommandFailure.usage("the output \(path) is also an input; write to another file (the input is never modified)")
            }
        }
    }

    static func writeAtomically(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw OutputError(path: path, reason: "the folder \(directory) does not exist")
        }
        var template = Array("\(directory)/.\(url.lastPathComponent).tmp-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw OutputError(path: path, reason: String(cString: strerror(errno))) }
        let tempPath = String(cString: template)
        var ok = false
        defer {
            if !ok { unlink(tempPath) }
        }
        var written = 0
        let failure: String? = data.withUnsafeBytes { raw -> String? in
            while written < raw.count {
                let n = Foundation.write(fd, raw.baseAddress! + written, raw.count - written)
                if n < 0 {
                    if errno == EINTR { continue }
                    return String(cString: strerror(errno))
                }
                written += n
            }
            return nil
        }
        if let failure {
            close(fd)
            throw OutputError(path: path, reason: failure)
        }
        if fsync(fd) != 0 || close(fd) != 0 {
            throw OutputError(path: path, reason: String(cString: strerror(errno)))
        }
        // Keep the usual permissions of a new file (mkstemp makes it 0600).
        let mask = umask(0)
        umask(mask)
        chmod(tempPath, 0o666 & ~mask)
        guard rename(tempPath, path) == 0 else {
            throw OutputError(path: path, reason: String(cString: strerror(errno)))
        }
        ok = true
    }
}
