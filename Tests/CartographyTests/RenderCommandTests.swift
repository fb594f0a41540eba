import Foundation
import TestSupport
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
        let program = try #require(RenderCommandTests.executable, "build the tongcheng executable first")
        let r = try Spawn.run(program.path, arguments, in: packageRoot.path, stdoutPath: "/dev/null")
        return Result(code: r.signal == 0 ? r.status : 128 + r.signal, stderr: r.stderrText)
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

    /// Runs a poppler tool (apt poppler-utils) and returns its standard output.
    func poppler(_ tool: String, _ arguments: [String]) throws -> String {
        let r = try Spawn.run("/usr/bin/" + tool, arguments)
        #expect(r.status == 0 && r.signal == 0, "\(tool) \(arguments)")
        return r.stdoutText
    }

    /// A3 landscape as the spec says (420 × 297 mm = 1190.55 × 841.89 pt), Noto Sans CJK embedded
    /// as subsets with a Unicode map, and Chinese labels that pdftotext finds as text.
    @Test func pdfHasThePagesSizeEmbeddedFontsAndSearchableText() throws {
        let out = temporaryFolder() + "/layout.pdf"
        let r = try run(["render", "maps/layout.yaml", "-o", out])
        #expect(r.code == 0, "\(r.stderr)")
        let info = try poppler("pdfinfo", [out])
        #expect(info.contains("Page size:       1190.55 x 841.89 pts (A3)"), "\(info)")
        #expect(info.contains("Pages:           1"))
        let fonts = try poppler("pdffonts", [out]).split(separator: "\n").dropFirst(2)
        #expect(!fonts.isEmpty)
        for line in fonts {
            #expect(line.contains("NotoSansCJK"), "\(line)")
            // emb sub uni
            #expect(line.range(of: #"yes\s+yes\s+yes"#, options: .regularExpression) != nil, "\(line)")
        }
        let text = try poppler("pdftotext", [out, "-"])
        #expect(text.contains("兰考纳入郑开同城化空间布局示意图"))
        #expect(text.contains("东部示范区"))
        #expect(text.contains("兰考南站"))
    }

    /// 420 mm at 300 dpi is 4961 px (420 / 25.4 × 300), 297 mm is 3508 px.
    @Test func pngHasThePagesSizeAtTheResolutionAsked() throws {
        let out = temporaryFolder() + "/layout.png"
        let r = try run(["render", "maps/layout.yaml", "-o", out, "--dpi", "300"])
        #expect(r.code == 0, "\(r.stderr)")
        let data = try Data(contentsOf: URL(fileURLWithPath: out))
        #expect(data.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        func be32(_ at: Int) -> Int { data[at..<(at + 4)].reduce(0) { $0 << 8 | Int($1) } }
        #expect(be32(16) == 4961)
        #expect(be32(20) == 3508)
    }

    /// No format is ever written under another's extension.
    @Test func formatAndExtensionMustAgree() throws {
        let folder = temporaryFolder()
        for (arguments, file) in [(["-o", folder + "/map.png", "--format", "pdf"], "map.png"), (["-o", folder + "/map.pdf", "--format", "svg"], "map.pdf"),
                                  (["-o", folder + "/map.txt"], "map.txt"), (["-o", folder + "/map", "--format", "html"], "map")] {
            let r = try run(["render", "maps/reach.yaml"] + arguments)
            #expect(r.code == 64, "\(arguments): \(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: folder + "/" + file))
        }
        let r = try run(["render", "maps/reach.yaml", "-o", folder + "/reach.HTML", "--format", "html"])
        #expect(r.code == 0, "\(r.stderr)")
        #expect(try String(contentsOfFile: folder + "/reach.HTML", encoding: .utf8).hasPrefix("<!DOCTYPE html>"))
    }
}
