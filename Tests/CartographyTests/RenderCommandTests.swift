import Foundation
import Testing

/// `tongcheng render` as a user runs it: exit codes, atomic output, the default maps/ folder.
@Suite struct RenderCommandTests {
    struct Result {
        var code: Int32
        var stderr: String
    }

    /// The built `tongcheng` beside the test bundle.
    static let executable: URL? = {
        var dir = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<3 {
            let candidate = dir.appendingPathComponent("tongcheng")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return nil
    }()

    func run(_ arguments: [String]) throws -> Result {
        let process = Process()
        process.executableURL = try #require(RenderCommandTests.executable, "build the tongcheng executable first")
        process.arguments = arguments
        process.currentDirectoryURL = packageRoot
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let data = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(code: process.terminationStatus, stderr: String(decoding: data, as: UTF8.self))
    }

    @Test func rendersASpecToTheNamedFile() throws {
        let out = temporaryFolder() + "/reach.svg"
        let r = try run(["render", "maps/reach.yaml", "-o", out])
        #expect(r.code == 0, "\(r.stderr)")
        let written = try String(contentsOfFile: out, encoding: .utf8)
        #expect(written == (try String(contentsOfFile: mapsFolder + "/reach.svg", encoding: .utf8)))
    }

    @Test func badSpecIs65WithFileAndLine() throws {
        let folder = temporaryFolder()
        try "title: x\nlayers:\n  - plan: zone\n    colour: red\n".write(toFile: folder + "/bad.yaml", atomically: true, encoding: .utf8)
        let r = try run(["render", folder + "/bad.yaml"])
        #expect(r.code == 65)
        #expect(r.stderr.contains("bad.yaml:4: layers[0]: unknown key \"colour\""), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/bad.svg"))
    }

    @Test func missingSpecOrDataIs66() throws {
        #expect(try run(["render", "maps/no-such-map.yaml"]).code == 66)
        let folder = temporaryFolder()
        try "layers:\n  - file: gone.geojson\n".write(toFile: folder + "/gone.yaml", atomically: true, encoding: .utf8)
        let r = try run(["render", folder + "/gone.yaml"])
        #expect(r.code == 66)
        #expect(r.stderr.contains("gone.yaml:2:"), "\(r.stderr)")
    }

    @Test func unwritableOutputIs73AndLeavesNothing() throws {
        let r = try run(["render", "maps/reach.yaml", "-o", "/nonexistent-dir/reach.svg"])
        #expect(r.code == 73)
        #expect(!FileManager.default.fileExists(atPath: "/nonexistent-dir/reach.svg"))
    }

    @Test func dashOWantsExactlyOneSpec() throws {
        #expect(try run(["render", "maps/reach.yaml", "maps/layout.yaml", "-o", "/tmp/x.svg"]).code == 64)
    }
}
