import Foundation
import TestSupport
@testable import TongchengGeometry

/// Runs the built `tongcheng` executable as a user would, capturing its output and exit code.
enum CLI {
    struct Result {
        var code: Int32
        var stdout: String
        var stderr: String

        /// The standard output parsed as JSON.
        func json() throws -> JSONValue {
            try JSONValue.parse(stdout, name: "<stdout>")
        }
    }

    /// The package root (tests read the bundled geodata from there).
    static let root: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The executable beside the test bundle in the build folder.
    static let executable: URL = {
        let me = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var dir = me.deletingLastPathComponent()
        for _ in 0..<3 {
            let candidate = dir.appendingPathComponent("tongcheng")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return root.appendingPathComponent(".build/debug/tongcheng")
    }()

    /// `environment` holds variables added to the inherited ones (`TONGCHENG_LAYER_LIMIT`, …).
    static func run(_ arguments: [String], stdin: String? = nil, in directory: URL? = nil, executable program: URL? = nil,
                    environment: [String: String] = [:]) throws -> Result {
        let merged = environment.isEmpty ? nil : ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let r = try Spawn.run((program ?? executable).path, arguments, in: (directory ?? root).path, stdin: stdin.map { Data($0.utf8) } ?? Data(),
                              environment: merged)
        return Result(code: r.signal == 0 ? r.status : 128 + r.signal, stdout: String(decoding: r.stdout, as: UTF8.self), stderr: String(decoding: r.stderr, as: UTF8.self))
    }

    /// A temporary folder holding a copy of examples/ beside a link to geodata/: run example
    /// recipes there (`in: CLI.examplesCopy`) so that their `out/` files never land in the source tree.
    static let examplesCopy: URL = {
        let fm = FileManager.default
        let top = fm.temporaryDirectory.appendingPathComponent("tongcheng-examples-\(UUID().uuidString)")
        let copy = top.appendingPathComponent("examples")
        try? fm.createDirectory(at: copy, withIntermediateDirectories: true)
        try? fm.createSymbolicLink(at: top.appendingPathComponent("geodata"), withDestinationURL: root.appendingPathComponent("geodata"))
        for name in (try? fm.contentsOfDirectory(atPath: root.appendingPathComponent("examples").path)) ?? [] where name.hasSuffix(".yaml") {
            try? fm.copyItem(at: root.appendingPathComponent("examples/\(name)"), to: copy.appendingPathComponent(name))
        }
        return top
    }()

    /// A fresh temporary folder.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tongcheng-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
