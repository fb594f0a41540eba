import Foundation
import TestSupport
import Testing
@testable import TongchengGeometry

/// The subcommands every corpus case goes through. A row's `key` names its own expectations in
/// Tests/Corpus/cases.json (`validate_exit`, `transform_message`, …), which override the case's
/// general ones. Adding a subcommand is adding a row.
let corpusCommands: [CorpusCommand] = [
    CorpusCommand("area", fallback: "analysis"),
    CorpusCommand("length"),
    CorpusCommand("info"),
    CorpusCommand("transform", options: ["--from", "wgs84", "--to", "EPSG:4547"]),
    CorpusCommand("validate", reportsInOutput: true),
    // The analyses refuse invalid geometries (expectations under "analysis_…").
    CorpusCommand("buffer", options: ["--distance", "1km"], fallback: "analysis"),
    CorpusCommand("dissolve", fallback: "analysis"),
    CorpusCommand("clip", options: ["--mask", "geodata/plan/zone.geojson"], fallback: "analysis"),
    CorpusCommand("erase", options: ["--mask", "geodata/plan/zone.geojson"], fallback: "analysis"),
    CorpusCommand("overlap", options: ["--format", "json"], fallback: "analysis"),
    CorpusCommand("near", options: ["--to", "geodata/places.geojson", "--distance", "5km", "--format", "json"], fallback: "analysis"),
    CorpusCommand("reach", "--from", "zhengzhou", "--radius", "100km", "--format", "json", "--within", key: "reach", fallback: "analysis"),
    CorpusCommand("isochrone", "--from", "zhengzhou", "--minutes", "30", "--format", "json", "--within", key: "isochrone", fallback: "analysis"),
    // 1,000 km² sites: few candidates, so that the million-position case stays quick.
    CorpusCommand("site", "--area", "1000km2", "--within", key: "site", fallback: "analysis"),
    CorpusCommand("tabulate", "Tests/Fixtures/landuse/parcels.geojson", "--by", "DLMC", "--format", "json", "--zones", key: "tabulate", fallback: "analysis"),
    CorpusCommand("conform", options: ["--forbid", "Tests/Fixtures/landuse/farmland.geojson", "--format", "json"], fallback: "analysis"),
]

/// One way of running `tongcheng` on a corpus file: `tongcheng <words> FILE <options> -o OUT`.
struct CorpusCommand: Sendable, CustomStringConvertible {
    /// The subcommand's words (`["plan", "check"]`); the first is the key in cases.json unless `key` is given.
    var words: [String]
    var options: [String]
    var key: String
    /// Whether the command takes `-o FILE` (then a failed run must leave no file behind).
    var writesOutput: Bool
    /// Whether problems with the input are the command's result, written to `-o` (as `validate`
    /// reports them), rather than an error on stderr.
    var reportsInOutput: Bool
    /// A second key whose expectations apply when the case has none under `key` (all the
    /// analyses share `analysis_exit`, `analysis_message`, `analysis_location`).
    var fallback: String?

    init(_ words: String..., options: [String] = [], key: String? = nil, writesOutput: Bool = true, reportsInOutput: Bool = false, fallback: String? = nil) {
        self.words = words
        self.options = options
        self.key = key ?? words[0]
        self.writesOutput = writesOutput
        self.reportsInOutput = reportsInOutput
        self.fallback = fallback
    }

    var description: String { (words + options).joined(separator: " ") }
}

/// Runs the bad-input corpus (Tests/Corpus, listed in cases.json) through every subcommand above:
/// the expected exit code and never a signal, the file and JSON location in the message, no output
/// left by a failed run, the input untouched.
///
/// Nothing here depends on the machine's speed: a watchdog of many minutes only catches a hang.
/// The million-position cases (`"stress": true`) run through the release build in `scripts/stress`,
/// which prints their times; speed itself is measured in `bench/`.
@Suite struct CorpusTests {
    static let corpus = CLI.root.appendingPathComponent("Tests/Corpus")
    /// A run still going after this long is a hang (the slowest case takes seconds on an idle
    /// machine); it is killed and fails the case.
    static let watchdogSeconds = 900.0
    /// The cases this run checks: the suite's, or with `TONGCHENG_CORPUS=stress` (set by
    /// `scripts/stress`, which builds in release mode) only the stress cases.
    static func suiteCases() throws -> [CorpusCase] {
        let stress = ProcessInfo.processInfo.environment["TONGCHENG_CORPUS"] == "stress"
        return try CorpusCase.load().filter { ($0.stress ?? false) == stress }
    }

    @Test func manifestListsEveryFileOnce() throws {
        let cases = try CorpusCase.load()
        #expect(cases.count >= 60)
        let listed = cases.filter { $0.generate == nil }.map(\.file)
        #expect(Set(listed).count == listed.count, "a file is listed twice")
        let present = try FileManager.default.contentsOfDirectory(atPath: CorpusTests.corpus.path).filter { $0 != "cases.json" && !$0.hasPrefix(".") }
        #expect(Set(present) == Set(listed), "not listed: \(Set(present).subtracting(listed).sorted()); missing: \(Set(listed).subtracting(present).sorted())")
        for c in cases {
            let exit = c.expect["exit"]?.int
            #expect(exit == 0 || exit == 65, "\(c.file): exit must be 0 or 65")
            if exit != 0 { #expect(c.expect["message"]?.string != nil && c.expect["location"]?.string != nil, "\(c.file): an error case needs message and location") }
        }
    }

    @Test func manifestLoads() throws {
        // The argument list below falls back to no cases when the manifest cannot be read: fail here then.
        #expect(try CorpusTests.suiteCases().count >= 2)
    }

    @Test(arguments: (try? CorpusTests.suiteCases()) ?? [])
    func corpusCase(_ c: CorpusCase) async throws {
        let work = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let input: URL
        if let generator = c.generate {
            input = work.appendingPathComponent(c.file)
            try Data(try c.generated(by: generator)).write(to: input)
        } else {
            input = CorpusTests.corpus.appendingPathComponent(c.file)
        }
        let before = try CorpusTests.contents(of: input)
        let limit = CorpusTests.watchdogSeconds

        for command in corpusCommands {
            let folder = work.appendingPathComponent(command.key, isDirectory: true)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let out = folder.appendingPathComponent("out")
            let arguments = command.words + [input.path] + command.options + (command.writesOutput ? ["-o", out.path] : [])
            let r = try await TimedRun.run(arguments, stderrIn: work, limit: limit)
            let label = "\(c.file) | \(command)"

            #expect(!r.timedOut, "\(label): still running after \(limit) s (a hang), killed")
            #expect(r.reason == .exit, "\(label): killed by signal \(r.status)\n\(r.stderr)")
            let expected = c.expectation(for: command.key, fallback: command.fallback)
            #expect(r.status == expected.exit, "\(label): exit \(r.status), expected \(expected.exit)\n\(r.stderr)")

            let report = command.reportsInOutput ? ((try? String(contentsOf: out, encoding: .utf8)) ?? "") : r.stderr
            if expected.exit != 0 {
                // Messages are checked without the file name, which may itself contain the words.
                let text = report.replacingOccurrences(of: input.path, with: "<file>")
                #expect(report.contains(input.path), "\(label): the message does not name the file\n\(report)")
                if let message = expected.message { #expect(text.contains(message), "\(label): expected “\(message)”\n\(report)") }
                if let location = expected.location { #expect(text.contains(location), "\(label): expected location “\(location)”\n\(report)") }
            }
            if command.writesOutput {
                let left = try FileManager.default.contentsOfDirectory(atPath: folder.path)
                if expected.exit == 0 || command.reportsInOutput {
                    #expect(left == ["out"], "\(label): expected the output file alone, found \(left)")
                } else {
                    #expect(left.isEmpty, "\(label): a failed run left \(left)")
                }
            }
            #expect(try CorpusTests.contents(of: input) == before, "\(label): the input file changed")
        }

        if c.expect["preserved"]?.bool == true { try await checkPreserved(input, work: work, label: c.file) }
    }

    /// A file's bytes. `Data(contentsOf:)` leaks 4 KB on Linux for every empty file it reads (the
    /// Foundation of Swift 6.3), which LeakSanitizer reports under `swift test --sanitize=address`.
    static func contents(of url: URL) throws -> Data {
        let size = try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int ?? 0
        return size == 0 ? Data() : try Data(contentsOf: url)
    }

    /// Text survives `transform --from wgs84 --to wgs84` unchanged: the same properties and ids,
    /// and every string written with exactly the bytes it was read with (no normalisation).
    func checkPreserved(_ input: URL, work: URL, label: String) async throws {
        let out = work.appendingPathComponent("preserved.geojson")
        let r = try await TimedRun.run(["transform", input.path, "--from", "wgs84", "--to", "wgs84", "-o", out.path], stderrIn: work, limit: CorpusTests.watchdogSeconds)
        try #require(r.reason == .exit && r.status == 0, "\(label): transform wgs84 → wgs84 failed\n\(r.stderr)")
        let original = try GeoJSONReader().read(file: input.path).featureCollection
        let copy = try GeoJSONReader().read(file: out.path).featureCollection
        #expect(copy.features.map(\.properties) == original.features.map(\.properties), "\(label): properties changed")
        #expect(copy.features.map(\.id) == original.features.map(\.id), "\(label): ids changed")
        let bytes = try Data(contentsOf: out)
        var strings: [String] = []
        func collect(_ v: JSONValue) {
            switch v {
            case .string(let s): strings.append(s)
            case .array(let a): a.forEach(collect)
            case .object(let o): for (k, v) in o { strings.append(k); collect(v) }
            default: break
            }
        }
        for f in original.features { collect(.object(f.properties ?? JSONObject())) }
        for s in strings {
            #expect(bytes.range(of: Data(JSONText.quote(s).utf8)) != nil, "\(label): \(JSONText.quote(s)) is not in the output byte for byte")
        }
    }
}

/// One entry of Tests/Corpus/cases.json.
struct CorpusCase: Decodable, Sendable, CustomTestStringConvertible {
    var file: String
    var what: String
    /// For inputs too large for git: the name of the generator that writes the file at test time.
    var generate: String?
    /// The number of positions a generated polygon has.
    var positions: Int?
    /// Run by `scripts/stress` (release build) rather than by the test suite.
    var stress: Bool?
    var expect: [String: Field]

    var testDescription: String { file }

    enum Field: Decodable, Sendable {
        case int(Int), double(Double), bool(Bool), string(String)

        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let v = try? c.decode(Int.self) { self = .int(v) } else if let v = try? c.decode(Double.self) { self = .double(v) } else if let v = try? c.decode(Bool.self) { self = .bool(v) } else { self = .string(try c.decode(String.self)) }
        }

        var int: Int? { if case .int(let v) = self { v } else { nil } }
        var double: Double? { if case .double(let v) = self { v } else { int.map(Double.init) } }
        var bool: Bool? { if case .bool(let v) = self { v } else { nil } }
        var string: String? { if case .string(let v) = self { v } else { nil } }
    }

    struct Expectation {
        var exit: Int32
        var message: String?
        var location: String?
    }

    /// What running the subcommand `key` should give: its own `<key>_exit`, `<key>_message` and
    /// `<key>_location` when the case has them, else the fallback key's, else the case's `exit`,
    /// `message` and `location`.
    func expectation(for key: String, fallback: String? = nil) -> Expectation {
        for k in [key] + (fallback.map { [$0] } ?? []) {
            if let exit = expect["\(k)_exit"]?.int {
                return Expectation(exit: Int32(exit), message: expect["\(k)_message"]?.string, location: expect["\(k)_location"]?.string)
            }
        }
        return Expectation(exit: Int32(expect["exit"]?.int ?? 0), message: expect["message"]?.string, location: expect["location"]?.string)
    }

    struct Manifest: Decodable { var cases: [CorpusCase] }

    static func load() throws -> [CorpusCase] {
        try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: CorpusTests.corpus.appendingPathComponent("cases.json"))).cases
    }

    func generated(by name: String) throws -> [UInt8] {
        switch name {
        case "polygon": return CorpusCase.polygon(positions: positions ?? 0, sortedKeys: false)
        case "polygonSortedKeys": return CorpusCase.polygon(positions: positions ?? 0, sortedKeys: true)
        case "deepGeometryCollections":
            let levels = 10_000
            let open = String(repeating: #"{"type":"GeometryCollection","geometries":["#, count: levels)
            let close = String(repeating: "]}", count: levels)
            return Array(#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":null,"geometry":"#.utf8)
                + Array(open.utf8) + Array(#"{"type":"Point","coordinates":[114.8,34.8]}"#.utf8) + Array(close.utf8) + Array("}]}\n".utf8)
        default:
            throw CocoaError(.featureUnsupported, userInfo: [NSLocalizedDescriptionKey: "no corpus generator named \(name)"])
        }
    }

    /// A polygon of exactly `positions` positions (1,000,000: about 19 MB): all but four along its
    /// southern edge, one micro-degree apart, then three corners and the closing position. With
    /// `sortedKeys`, members come in alphabetical order (as `jq -S` writes them), so `type` comes
    /// last everywhere. `scripts/stress` writes the same bytes.
    static func polygon(positions: Int, sortedKeys: Bool) -> [UInt8] {
        let head = Array((sortedKeys ? #"{"features":[{"geometry":{"coordinates":[["# : #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"兰考"},"geometry":{"type":"Polygon","coordinates":[["#).utf8)
        let corners = "[115.0,34.7],[115.0,34.9],[114.0,34.9],[114.0,34.7]]]"
        let tail = Array((corners + (sortedKeys ? #","type":"Polygon"},"properties":{"name":"兰考"},"type":"Feature"}],"type":"FeatureCollection"}"# : "}}]}") + "\n").utf8)
        let template = Array("[114.000000,34.7],".utf8)
        let n = max(0, positions - 4)
        var out = [UInt8](repeating: 0, count: head.count + n * template.count + tail.count)
        out.withUnsafeMutableBufferPointer { buffer in
            var at = 0
            for b in head { buffer[at] = b; at += 1 }
            for k in 0..<n {
                for b in template { buffer[at] = b; at += 1 }
                var micro = k
                for digit in stride(from: at - 8, through: at - 13, by: -1) {  // the six decimals of the longitude
                    buffer[digit] = UInt8(48 + micro % 10)
                    micro /= 10
                }
            }
            for b in tail { buffer[at] = b; at += 1 }
        }
        return out
    }
}

/// Runs `tongcheng` under a watchdog against hangs, without blocking the cooperative pool while it runs.
enum TimedRun {
    struct Result {
        var status: Int32
        var reason: Process.TerminationReason
        var stderr: String
        var timedOut: Bool
    }

    /// At most this many runs at once, so that the corpus keeps both cores busy without swamping them.
    static let slots = Slots(ProcessInfo.processInfo.activeProcessorCount * 2)

    static func run(_ arguments: [String], stderrIn folder: URL, limit: Double) async throws -> Result {
        await slots.acquire()
        defer { Task { await slots.release() } }
        let errURL = folder.appendingPathComponent("stderr-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: errURL) }
        // The child is waited for on a thread of its own (waitpid blocks), never on the
        // cooperative pool that the other cases share.
        let r: Spawn.Result = try await withCheckedThrowingContinuation { done in
            Thread {
                done.resume(with: Swift.Result { try Spawn.run(CLI.executable.path, arguments, in: CLI.root.path, stdoutPath: "/dev/null", stderrPath: errURL.path, watchdog: limit) })
            }.start()
        }
        let stderr = String(decoding: try CorpusTests.contents(of: errURL), as: UTF8.self)
        return Result(status: r.signal == 0 ? r.status : r.signal, reason: r.signal == 0 ? .exit : .uncaughtSignal, stderr: stderr, timedOut: r.timedOut)
    }

    /// A counting semaphore for async code.
    actor Slots {
        private var free: Int
        private var waiting: [CheckedContinuation<Void, Never>] = []

        init(_ count: Int) { free = max(1, count) }

        func acquire() async {
            if free > 0 {
                free -= 1
                return
            }
            await withCheckedContinuation { waiting.append($0) }
        }

        func release() {
            if waiting.isEmpty { free += 1 } else { waiting.removeFirst().resume() }
        }
    }
}
