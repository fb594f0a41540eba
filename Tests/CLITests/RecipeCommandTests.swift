import Foundation
import Testing
@testable import TongchengGeometry

/// `tongcheng run` and `tongcheng report`.
@Suite(.serialized) struct RecipeCommandTests {
    @Test func runsARecipeAndWritesItsOutputsRelativeToIt() throws {
        let out = CLI.examplesCopy.appendingPathComponent("examples/out/kaifeng-reach-from-centre.csv")
        try? FileManager.default.removeItem(at: out)
        let r = try CLI.run(["run", "examples/kaifeng-counties-reach.yaml"], in: CLI.examplesCopy)
        #expect(r.code == 0, "\(r.stderr)")
        let csv = try String(contentsOf: out, encoding: .utf8)
        #expect(csv.contains("410225,兰考县,"))
        // Quiet in pipes: no progress line escape codes on stderr when it is not a terminal.
        #expect(!r.stderr.contains("\u{1B}["))
    }

    @Test func dryRunPrintsTheStepsAndWritesNothing() throws {
        let out = CLI.examplesCopy.appendingPathComponent("examples/out/special-zone-candidates.csv")
        try? FileManager.default.removeItem(at: out)
        let r = try CLI.run(["run", "examples/special-zone-siting.yaml", "--dry-run"], in: CLI.examplesCopy)
        #expect(r.code == 0)
        #expect(r.stdout.contains("2. candidates = site("))
        #expect(r.stdout.contains("[line 10]"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test func invalidRecipesExit65WithTheirLine() throws {
        let r = try CLI.run(["run", "Tests/Fixtures/recipes/unknown-layer.yaml"])
        #expect(r.code == 65)
        #expect(r.stderr.contains("unknown-layer.yaml:10: step \"clipped\": unknown layer \"lankao-boundary\""))
        #expect(try CLI.run(["run", "no-such-recipe.yaml"]).code == 66)
    }

    @Test func mapAndReportOutputs() throws {
        let r = try CLI.run(["run", "examples/layout-map-a3.yaml"], in: CLI.examplesCopy)
        #expect(r.code == 0, "\(r.stderr)")
        let svg = try String(contentsOf: CLI.examplesCopy.appendingPathComponent("examples/out/layout-a3.svg"), encoding: .utf8)
        #expect(svg.contains("<svg") && svg.contains("郑开同城化东部示范区布局图"))
        let html = try String(contentsOf: CLI.examplesCopy.appendingPathComponent("examples/out/report.html"), encoding: .utf8)
        #expect(html.contains("<iframe class=\"map\"") && html.contains("&lt;svg"))
    }

    @Test func reportIsSelfContainedHTMLWithEveryTable() throws {
        let dir = try CLI.temporaryDirectory()
        let file = dir.appendingPathComponent("report.html")
        let r = try CLI.run(["report", "-o", file.path])
        #expect(r.code == 0, "\(r.stderr)")
        let html = try String(contentsOf: file, encoding: .utf8)
        for heading in ["规划要素", "兰考与郑州", "图层叠加", "特别合作区核查"] { #expect(html.contains(heading)) }
        // The layout map is the interactive viewer, in a sandboxed frame of its own (escaped
        // into srcdoc, so the report itself holds no script), with its own CSP.
        #expect(html.contains("<iframe class=\"map\" title=\"布局示意图 · layout map\" sandbox=\"allow-scripts\""))
        #expect(html.contains("srcdoc=\"&lt;!DOCTYPE html&gt;"))
        #expect(html.contains("&lt;meta http-equiv=&quot;Content-Security-Policy&quot; content=&quot;default-src &amp;#39;none&amp;#39;"))
        #expect(html.contains("&lt;svg"))
        // No external resources: no scripts, stylesheets or remote fonts; the one image (the
        // static map printed in place of the viewer, issue 26) is inside the page as a data: URI.
        for bad in ["<script", "<link", "@import", "url(http"] { #expect(!html.contains(bad), "\(bad)") }
        let sources = html.components(separatedBy: "src=").dropFirst()
        #expect(sources.count == 1, "one image: the printed map")
        for s in sources { #expect(s.hasPrefix("\"data:image/svg+xml;base64,"), "\(s.prefix(60))") }
        // The figures match the analyses: Lankao's share within 100 km of Erqi square (pyproj + Shapely: 5.29 %).
        #expect(html.contains("5.3 %"))
        #expect(html.contains("30.00 km²"))
        let md = try CLI.run(["report", "--format", "md"])
        #expect(md.stdout.hasPrefix("# 兰考纳入郑开同城化"))
    }

    /// In a recipe too, a map or report is never written under another format's extension: the
    /// recipe is refused (65, with the output's line) and nothing is written.
    @Test func recipeMapAndReportOutputsMustNameTheirFormat() throws {
        let dir = try CLI.temporaryDirectory()
        try FileManager.default.copyItem(atPath: CLI.root.appendingPathComponent("examples/layout-a3.map.yaml").path, toPath: dir.appendingPathComponent("a3.map.yaml").path)
        let spec = dir.appendingPathComponent("a3.map.yaml").path
        try (try String(contentsOfFile: spec, encoding: .utf8)).replacingOccurrences(of: "plan: ../geodata", with: "plan: " + CLI.root.appendingPathComponent("geodata").path)
            .write(toFile: spec, atomically: true, encoding: .utf8)
        for (output, line) in [("map: a3.map.yaml\n    file: map.pdf", "map.pdf"), ("report: true\n    file: report.pdf", "report.pdf")] {
            let recipe = dir.appendingPathComponent("r.yaml")
            try "version: 1\nname: t\nsteps:\n  - name: a\n    area:\n      input: plan.zone\noutputs:\n  - layer: a\n    file: ok.geojson\n  - \(output)\n"
                .write(to: recipe, atomically: true, encoding: .utf8)
            let r = try CLI.run(["run", recipe.path, "--plan", CLI.root.appendingPathComponent("geodata").path])
            #expect(r.code == 65, "\(line): \(r.stderr)")
            #expect(r.stderr.contains("r.yaml:10") && r.stderr.contains(line), "\(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent(line).path))
            #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("ok.geojson").path))
        }
    }

    /// A report is never written under another format's name (64), nothing is left behind.
    @Test func reportNeverWritesOneFormatUnderAnothersName() throws {
        let dir = try CLI.temporaryDirectory()
        for arguments in [["-o", "r.pdf", "--format", "html"], ["--format", "docx"], ["-o", "r.md", "--format", "html"], ["-o", "r.txt"]] {
            let r = try CLI.run(["report"] + arguments.map { $0.hasPrefix("r.") ? dir.appendingPathComponent($0).path : $0 })
            #expect(r.code == 64, "\(arguments): \(r.stderr)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    @Test func swiftExampleAgreesWithItsRecipe() throws {
        let example = CLI.executable.deletingLastPathComponent().appendingPathComponent("tongcheng-example")
        guard FileManager.default.isExecutableFile(atPath: example.path) else {
            Issue.record("tongcheng-example is not built (swift build builds it)")
            return
        }
        let text = try CLI.run([CLI.root.appendingPathComponent("geodata").path], executable: example).stdout
        _ = try CLI.run(["run", "examples/towns-near-hsr.yaml"], in: CLI.examplesCopy)
        let recipe = try String(contentsOf: CLI.examplesCopy.appendingPathComponent("examples/out/towns-near-hsr.csv"), encoding: .utf8)
        func pairs(_ csv: String) -> Set<String> {
            let lines = csv.components(separatedBy: "\n").dropFirst().filter { !$0.isEmpty }
            return Set(lines.map { $0.components(separatedBy: ",").prefix(3).joined(separator: ",") })
        }
        #expect(!pairs(text).isEmpty)
        #expect(pairs(text) == pairs(recipe))
    }
}
