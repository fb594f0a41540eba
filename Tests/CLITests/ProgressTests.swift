import Foundation
import TestSupport
import Testing
@testable import TongchengGeometry
import TongchengAnalysis
@testable import TongchengCLI

/// Issue 17, problem 8: long runs show "stage done / total unit · seconds" on standard error, only
/// when it is a terminal and not with --quiet, and never change standard output.
///
/// The tool runs under a pseudo-terminal (`Spawn.run(terminal:)`). `TONGCHENG_PROGRESS_AFTER=0`
/// removes the 2 s delay, and the line is drawn when a stage starts and when its count reaches
/// its total (besides every 0.25 s), so what these tests look for is drawn however fast or slow
/// the machine is. Expected counts are the features of the inputs (counted here from the files).
@Suite struct ProgressTests {
    /// The environment of a user at a terminal: no `CI` (which turns progress off), no delay.
    static let environment: [String: String] = {
        var e = ProcessInfo.processInfo.environment
        e["CI"] = nil
        e["TERM"] = "xterm-256color"
        e["TONGCHENG_PROGRESS_AFTER"] = "0"
        return e
    }()

    static let erase = "\r\u{1B}[K"

    /// Runs the tool with standard error (or both outputs) on a terminal; `stderr` is what the
    /// terminal shows.
    static func run(_ arguments: [String], terminal: Spawn.Terminal? = .standardError, in directory: URL? = nil) throws -> CLI.Result {
        let r = try Spawn.run(CLI.executable.path, arguments, in: (directory ?? CLI.root).path, watchdog: 600, environment: environment, terminal: terminal)
        return CLI.Result(code: r.signal == 0 ? r.status : 128 + r.signal, stdout: r.stdoutText, stderr: r.stderrText)
    }

    static func featureCount(_ file: String) throws -> Int {
        let text = try String(contentsOf: CLI.root.appendingPathComponent(file), encoding: .utf8)
        return try #require(try JSONValue.parse(text, name: file)["features"]?.arrayValue).count
    }

    /// What a terminal transcript holds besides progress lines. Split at each ERASE: a piece with
    /// no newline is a progress line (the text drawn after an ERASE until the next ERASE or the
    /// end); a piece with one is output written after the line was erased. (Bytes, not
    /// Characters: "\r\n" is one Character.)
    static func withoutProgressLines(_ transcript: String) -> String {
        let bytes = Array(transcript.utf8), erase = Array(ProgressTests.erase.utf8)
        var pieces: [[UInt8]] = [[]]
        var k = 0
        while k < bytes.count {
            if bytes[k] == erase[0], k + erase.count <= bytes.count, Array(bytes[k..<k + erase.count]) == erase {
                pieces.append([])
                k += erase.count
            } else {
                pieces[pieces.count - 1].append(bytes[k])
                k += 1
            }
        }
        let kept = [pieces[0]] + pieces.dropFirst().filter { $0.contains(0x0A) }
        return String(decoding: kept.joined(), as: UTF8.self)
    }

    /// 50837 → "50,837", as the line groups counts (Foundation's formatter, not the tool's).
    static func thousands(_ n: Int) -> String {
        let f = NumberFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.numberStyle = .decimal
        f.groupingSeparator = ","
        f.usesGroupingSeparator = true
        return f.string(from: NSNumber(value: n)) ?? "\(n)"
    }

    let transport = "geodata/plan/transport.geojson"

    @Test func bufferShowsFeaturesDoneOfTotalOnATerminalAndErasesTheLine() throws {
        let n = try ProgressTests.featureCount(transport)
        let r = try ProgressTests.run(["buffer", transport, "--distance", "5km"])
        #expect(r.code == 0, "\(r.stderr)")
        #expect(r.stderr.contains("\(ProgressTests.erase)buffer 0 / \(n) features · "), "\(r.stderr.debugDescription)")
        #expect(r.stderr.contains("\(ProgressTests.erase)buffer \(n) / \(n) features · "), "\(r.stderr.debugDescription)")
        // Erased at the end: the terminal is left as it was, no half line.
        #expect(r.stderr.hasSuffix(ProgressTests.erase), "\(r.stderr.debugDescription)")
        #expect(r.stdout.hasPrefix("{\"type\":\"FeatureCollection\""))
    }

    @Test func noProgressWhenStandardErrorIsNotATerminal() throws {
        let r = try ProgressTests.run(["buffer", transport, "--distance", "5km"], terminal: nil)
        #expect(r.code == 0, "\(r.stderr)")
        #expect(r.stderr.isEmpty, "\(r.stderr.debugDescription)")
        let overlap = try ProgressTests.run(["overlap", "geodata/plan/corridors.geojson", "geodata/plan/zone.geojson"], terminal: nil)
        #expect(overlap.code == 0 && !overlap.stderr.contains("\u{1B}["), "\(overlap.stderr.debugDescription)")
    }

    @Test func noProgressOnADumbTerminal() throws {
        var environment = ProgressTests.environment
        environment["TERM"] = "dumb"
        let r = try Spawn.run(CLI.executable.path, ["buffer", transport, "--distance", "5km"], in: CLI.root.path, watchdog: 600, environment: environment, terminal: .standardError)
        #expect(r.status == 0, "\(r.stderrText)")
        #expect(r.stderr.isEmpty, "\(r.stderrText.debugDescription)")
    }

    @Test func quietSilencesProgressOnATerminal() throws {
        for arguments in [["buffer", transport, "--distance", "5km", "--quiet"], ["render", "maps/layout.yaml", "-o", "-", "--quiet"]] {
            let r = try ProgressTests.run(arguments)
            #expect(r.code == 0, "\(r.stderr)")
            #expect(!r.stderr.contains("\u{1B}[") && !r.stderr.contains("\r"), "\(arguments): \(r.stderr.debugDescription)")
        }
    }

    @Test func standardOutputIsByteIdenticalWithAndWithoutProgress() throws {
        for arguments in [["buffer", transport, "--distance", "5km"],
                          ["overlap", "geodata/plan/corridors.geojson", "geodata/plan/zone.geojson", "--format", "json"],
                          ["tabulate", "Tests/Fixtures/landuse/parcels.geojson", "--by", "DLMC", "--zones", "Tests/Fixtures/landuse/zones.geojson", "--format", "csv"]] {
            let shown = try ProgressTests.run(arguments)
            let piped = try ProgressTests.run(arguments, terminal: nil)
            let quiet = try ProgressTests.run(arguments + ["--quiet"])
            #expect(shown.code == 0 && piped.code == 0 && quiet.code == 0, "\(shown.stderr)")
            #expect(shown.stderr.contains(" / "), "\(arguments): no progress drawn: \(shown.stderr.debugDescription)")
            #expect(!shown.stdout.isEmpty)
            #expect(Data(shown.stdout.utf8) == Data(piped.stdout.utf8), "\(arguments)")
            #expect(Data(quiet.stdout.utf8) == Data(piped.stdout.utf8), "\(arguments)")
        }
    }

    /// With both outputs on one terminal, the line is erased before any output and drawn again
    /// only at the start of a line: taking the progress lines out of what the terminal shows
    /// leaves exactly the standard output of a run in a pipe.
    @Test func progressNeverRunsIntoOutputOnTheSameTerminal() throws {
        for arguments in [["overlap", "geodata/plan/corridors.geojson", "geodata/plan/zone.geojson"],
                          ["buffer", transport, "--distance", "5km"]] {
            let shown = try ProgressTests.run(arguments, terminal: .standardOutputAndError)
            let piped = try ProgressTests.run(arguments, terminal: nil)
            #expect(shown.code == 0, "\(shown.stderr)")
            #expect(shown.stdout.isEmpty)
            #expect(shown.stderr.contains(" / "), "\(arguments): no progress drawn: \(shown.stderr.debugDescription)")
            #expect(ProgressTests.withoutProgressLines(shown.stderr) == piped.stdout, "\(arguments): \(shown.stderr.debugDescription)")
        }
    }

    @Test func overlapTabulateAndConformCountTheirWork() throws {
        let corridors = try ProgressTests.featureCount("geodata/plan/corridors.geojson")
        let overlap = try ProgressTests.run(["overlap", "geodata/plan/corridors.geojson", "geodata/plan/zone.geojson"])
        #expect(overlap.stderr.contains("overlap \(corridors) / \(corridors) features"), "\(overlap.stderr.debugDescription)")

        let parcels = try ProgressTests.featureCount("Tests/Fixtures/landuse/parcels.geojson")
        let tabulate = try ProgressTests.run(["tabulate", "Tests/Fixtures/landuse/parcels.geojson", "--by", "DLMC", "--zones", "Tests/Fixtures/landuse/zones.geojson"])
        #expect(tabulate.code == 0, "\(tabulate.stderr)")
        // A GeoJSON file is streamed: the parcels are counted as they come, the total shown when known.
        #expect(tabulate.stderr.contains("tabulate \(parcels) / \(parcels) parcels"), "\(tabulate.stderr.debugDescription)")

        let farmland = try ProgressTests.featureCount("Tests/Fixtures/landuse/farmland.geojson")
        let plan = try ProgressTests.featureCount("Tests/Fixtures/landuse/plan.geojson")
        let conform = try ProgressTests.run(["conform", "Tests/Fixtures/landuse/plan.geojson", "--forbid", "Tests/Fixtures/landuse/farmland.geojson",
                                             "--within", "Tests/Fixtures/landuse/boundary.geojson"])
        // Forbidden layers count their features, required ones the plan's features.
        let total = farmland + plan
        #expect(conform.stderr.contains("conform \(total) / \(total) features"), "\(conform.stderr.debugDescription)")
    }

    @Test func nearReachOverlaysSiteAndIsochroneCountTheirWork() throws {
        let places = try ProgressTests.featureCount("geodata/places.geojson")
        let text = try String(contentsOf: CLI.root.appendingPathComponent("geodata/henan_counties.geojson"), encoding: .utf8)
        let counties = try #require(try JSONValue.parse(text, name: "henan_counties")["features"]?.arrayValue)
        let cities = Set(counties.map { $0["properties"]?["city"] ?? .null }).count
        let cases: [([String], String)] = [
            (["near", "geodata/places.geojson", "--to", transport, "--distance", "5km"], "near \(places) / \(places) features"),
            (["reach", "--from", "zhengzhou", "--radius", "100km", "--within", "geodata/plan/zone.geojson"], "reach 1 / 1 features"),
            (["clip", "geodata/plan/belt.geojson", "--mask", "geodata/plan/zone.geojson"], "clip 2 / 2 features"),
            (["erase", "geodata/plan/zone.geojson", "--mask", "geodata/plan/belt.geojson"], "erase 1 / 1 features"),
            (["dissolve", "geodata/henan_counties.geojson", "--by", "city"], "dissolve \(cities) / \(cities) groups"),
            (["isochrone", "--from", "zhengzhou", "--minutes", "60", "--within", "geodata/plan/zone.geojson"], "isochrone 1 / 1 features"),
        ]
        for (arguments, expected) in cases {
            let r = try ProgressTests.run(arguments)
            #expect(r.code == 0, "\(arguments): \(r.stderr)")
            #expect(r.stderr.contains(ProgressTests.erase + expected + " · "), "\(arguments): \(r.stderr.debugDescription)")
        }
        // The site search counts the rows of its grid: whatever their number, all of them.
        let site = try ProgressTests.run(["site", "--area", "30km2", "--within", "geodata/plan/zone.geojson"])
        #expect(site.code == 0, "\(site.stderr)")
        #expect(site.stderr.contains(try Regex(#"site search ([1-9][0-9]*) / \1 grid rows · "#)), "\(site.stderr.debugDescription)")
    }

    @Test func renderShowsEachLayerAndThePDFStage() throws {
        let dir = try CLI.temporaryDirectory()
        let pdf = dir.appendingPathComponent("layout.pdf").path
        let r = try ProgressTests.run(["render", "maps/layout.yaml", "-o", pdf])
        #expect(r.code == 0, "\(r.stderr)")
        let transportLayer = try ProgressTests.featureCount(transport)
        #expect(r.stderr.contains("draw layout: layer transport 0 / \(transportLayer) features"), "\(r.stderr.debugDescription)")
        #expect(r.stderr.contains("draw layout: layer transport \(transportLayer) / \(transportLayer) features"), "\(r.stderr.debugDescription)")
        #expect(r.stderr.contains("output 1/1 · convert to PDF and write \(pdf) · "), "\(r.stderr.debugDescription)")
        #expect(r.stderr.hasSuffix(ProgressTests.erase) || r.stderr.hasSuffix("\n"), "\(r.stderr.debugDescription)")
        #expect(FileManager.default.fileExists(atPath: pdf))
    }

    @Test func reportShowsItsSectionsAndCountsTheParcels() throws {
        let parcels = try ProgressTests.featureCount("geodata/landuse/parcels.geojson")
        let out = try CLI.temporaryDirectory().appendingPathComponent("report.html").path
        let r = try ProgressTests.run(["report", "-o", out])
        #expect(r.code == 0, "\(r.stderr)")
        for stage in ["report: the layout map · ", "report: the plan elements · ", "report: overlaps · ", "tabulate \(ProgressTests.thousands(parcels)) / \(ProgressTests.thousands(parcels)) parcels · "] {
            #expect(r.stderr.contains(ProgressTests.erase + stage), "\(stage): \(r.stderr.debugDescription)")
        }
        let quiet = try ProgressTests.run(["report", "-o", out, "--quiet"])
        #expect(quiet.code == 0 && quiet.stderr.isEmpty, "\(quiet.stderr.debugDescription)")
    }

    @Test func recipeProgressNamesTheStepAndCountsItsFeatures() throws {
        // towns-near-hsr.yaml: step 1 keeps the 2 high-speed lines it names, step 3 buffers them.
        let r = try ProgressTests.run(["run", "examples/towns-near-hsr.yaml"], in: CLI.examplesCopy)
        #expect(r.code == 0, "\(r.stderr)")
        #expect(r.stderr.contains("step 1/3 hsr · filter · "), "\(r.stderr.debugDescription)")
        #expect(r.stderr.contains("step 3/3 corridor · buffer 2 / 2 features · "), "\(r.stderr.debugDescription)")
        let quiet = try ProgressTests.run(["run", "examples/towns-near-hsr.yaml", "--quiet"], in: CLI.examplesCopy)
        #expect(quiet.code == 0 && !quiet.stderr.contains("\u{1B}["), "\(quiet.stderr.debugDescription)")
    }

    @Test func lineReadsStageDoneOfTotalAndSeconds() {
        typealias S = ProgressCounter.Snapshot
        let s = S(context: "step 2/5 belt-2km", stage: "buffer", done: 12_345, total: 50_837, unit: "features")
        // The form the issue asks for, by hand: thousands grouped, one decimal of seconds.
        #expect(ProgressLine.text(s, seconds: 3.24) == "step 2/5 belt-2km · buffer 12,345 / 50,837 features · 3.2 s")
        #expect(ProgressLine.text(S(context: nil, stage: "dissolve the buffers", done: 0, total: 0, unit: "features"), seconds: 0) == "dissolve the buffers · 0.0 s")
        // A name from the data cannot move the cursor.
        #expect(!ProgressLine.text(S(context: nil, stage: "layer \u{1B}[2J", done: 0, total: 0, unit: "features"), seconds: 0).contains("\u{1B}"))
    }
}
