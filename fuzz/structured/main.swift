// Structured mutation fuzzer for the inputs libFuzzer cannot reach without the whole package:
// recipes (YAML → Recipe), map specs (YAML → MapSpec) and the command line (argv → parsed
// subcommand). Built by SwiftPM (`tongcheng-fuzz`), run by scripts/fuzz.
//
// Each target starts from real seeds (examples/, maps/, Tests/Fixtures/recipes/, the README's
// commands) and applies seeded random mutations: byte flips, deletions, duplicated lines, and
// tokens chosen to hurt (`..`, `/dev/zero`, `1e308`, `0x72`, YAML anchors and aliases, tabs,
// NUL, control characters, very long names). The invariants:
//
// - recipes: `Recipe.parse` returns or throws a `RecipeError` with the file name, never
//   anything else, never a crash; an output never names a path with a NUL byte;
// - map specs: `MapSpec.parse` returns or throws a `MapSpecError`;
// - the command line: `Tongcheng.parseAsRoot` returns a command or throws (ArgumentParser's
//   errors, validation errors); never a crash;
// - every input finishes within 10 s (a watchdog reports the input and exits 1 otherwise).
//
//   tongcheng-fuzz SECONDS [SEED]     exit 0: no finding; 1: a finding, written to .build-fuzz/structured/

import TongchengCartography
import Foundation
import TongchengRecipes
import TongchengCLI

let arguments = CommandLine.arguments
let seconds = arguments.count > 1 ? Double(arguments[1]) ?? 60 : 60
var rng = SplitMix(seed: arguments.count > 2 ? UInt64(arguments[2]) ?? 18 : 18)
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let findings = root.appendingPathComponent(".build-fuzz/structured")

/// A small seeded generator (SplitMix64), so a run can be repeated exactly.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { n <= 1 ? 0 : Int(next() % UInt64(n)) }
}

let tokens = ["..", "../../..", "/dev/zero", "/dev/full", "/etc/passwd", "-", "1e308", "1e308km", "-1", "0", "0x72,34", "nan", "inf",
              "&a [1,2,3]", "*a", "<<: *a", "!!binary AAAA", "\t", "\u{0}", "\u{1B}[2J", "\u{202E}", "{", "}", "[", "]", ":", "- ", "\n  ",
              String(repeating: "x", count: 300), "version: 1", "outputs:", "file: ", "map: ", "layer: ", "steps:", "inputs:", "~", "null", "\"", "'"]

func mutate(_ text: String, _ rng: inout SplitMix) -> String {
    var lines = text.components(separatedBy: "\n")
    for _ in 0...rng.below(4) {
        guard !lines.isEmpty else { lines = [""]; continue }
        let k = rng.below(lines.count)
        switch rng.below(6) {
        case 0: lines.remove(at: k)
        case 1: lines.insert(lines[k], at: k)
        case 2:
            var chars = Array(lines[k])
            let at = rng.below(chars.count + 1)
            chars.insert(contentsOf: tokens[rng.below(tokens.count)], at: at)
            lines[k] = String(chars)
        case 3:
            var bytes = Array(lines[k].utf8)
            if !bytes.isEmpty { bytes[rng.below(bytes.count)] ^= UInt8(1 << rng.below(8)) }
            lines[k] = String(decoding: bytes, as: UTF8.self)
        case 4:
            if let colon = lines[k].firstIndex(of: ":") { lines[k] = String(lines[k][...colon]) + " " + tokens[rng.below(tokens.count)] }
        default: lines.swapAt(k, rng.below(lines.count))
        }
    }
    return lines.joined(separator: "\n")
}

func seeds(_ folders: [String]) -> [String] {
    folders.flatMap { folder -> [String] in
        let dir = root.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted().compactMap { try? String(contentsOf: dir.appendingPathComponent($0), encoding: .utf8) }
    }
}

/// Reports an input that broke an invariant and stops.
func finding(_ target: String, _ input: String, _ why: String) -> Never {
    try? FileManager.default.createDirectory(at: findings, withIntermediateDirectories: true)
    let file = findings.appendingPathComponent("\(target)-\(UInt32(truncatingIfNeeded: input.hashValue)).txt")
    try? input.write(to: file, atomically: true, encoding: .utf8)
    FileHandle.standardError.write(Data("fuzz: \(target): \(why)\n  input saved to \(file.path)\n".utf8))
    exit(1)
}

/// Watchdog: an input running over 10 s is a finding.
final class Watchdog: @unchecked Sendable {
    private let lock = NSLock()
    private var started = Date()
    private var current: (String, String)?
    func begin(_ target: String, _ input: String) { lock.lock(); started = Date(); current = (target, input); lock.unlock() }
    func end() { lock.lock(); current = nil; lock.unlock() }
    func check() {
        lock.lock()
        let c = current, t = started
        lock.unlock()
        if let c, Date().timeIntervalSince(t) > 10 { finding(c.0, c.1, "took more than 10 s") }
    }
}
let watchdog = Watchdog()
Thread.detachNewThread {
    while true {
        Thread.sleep(forTimeInterval: 1)
        watchdog.check()
    }
}

let recipeSeeds = seeds(["examples", "Tests/Fixtures/recipes"]).filter { $0.contains("steps") }
let specSeeds = seeds(["maps", "examples"]).filter { $0.contains("layers") }
let commandSeeds: [[String]] = [
    ["area", "geodata/boundaries.geojson", "--unit", "km2"], ["buffer", "a.geojson", "--distance", "5km", "--quadrant-segments", "8", "--precision", "6"],
    ["reach", "--from", "zhengzhou", "--radius", "100km", "--within", "geodata/plan/zone.geojson", "--format", "json"],
    ["near", "a.geojson", "--to", "b.geojson", "--distance", "5km", "--limit", "10"], ["overlap", "a.geojson", "b.geojson", "--jobs", "auto"],
    ["site", "--area", "30km2", "--within", "z.geojson", "--count", "5"], ["run", "r.yaml", "--dry-run", "--allow-outside"],
    ["render", "maps/layout.yaml", "-o", "x.svg"], ["transform", "a.geojson", "--from", "gcj02", "--to", "wgs84", "--precision", "7"],
]
let argumentTokens = ["--jobs", "-1", "0", "auto", "--precision", "--quadrant-segments", "1000000000", "-o", "-", "/dev/null", "--limit", "--radius",
                      "1e308km", "0x72,34", "--format", "csv", "table", "--", "--help", "-h", "--version", "", "\u{0}", "--unit", "mu", "--from", "--bogus"]

let deadline = Date().addingTimeInterval(seconds)
var runs = [0, 0, 0]
let recipeDir = FileManager.default.temporaryDirectory.appendingPathComponent("tongcheng-fuzz-\(getpid())").path
while Date() < deadline {
    // Recipes.
    let recipe = mutate(recipeSeeds[rng.below(recipeSeeds.count)], &rng)
    watchdog.begin("recipe", recipe)
    do { _ = try Recipe.parse(recipe, file: recipeDir + "/fuzz.yaml") } catch let e as RecipeError {
        if !e.description.contains("fuzz.yaml") { finding("recipe", recipe, "an error without the file name: \(e)") }
    } catch { finding("recipe", recipe, "an error that is not a RecipeError: \(error)") }
    runs[0] += 1

    // Map specs.
    let spec = mutate(specSeeds[rng.below(specSeeds.count)], &rng)
    watchdog.begin("map-spec", spec)
    do { _ = try MapSpec.parse(yaml: spec, file: "fuzz.yaml", baseDirectory: root.appendingPathComponent("maps").path) } catch is MapSpecError {
    } catch { finding("map-spec", spec, "an error that is not a MapSpecError: \(error)") }
    runs[1] += 1

    // The command line.
    var argv = commandSeeds[rng.below(commandSeeds.count)]
    for _ in 0...rng.below(3) {
        let k = rng.below(argv.count + 1)
        switch rng.below(3) {
        case 0: argv.insert(argumentTokens[rng.below(argumentTokens.count)], at: k)
        case 1: if k < argv.count { argv.remove(at: k) }
        default: if k < argv.count { argv[k] = argumentTokens[rng.below(argumentTokens.count)] }
        }
    }
    watchdog.begin("arguments", argv.joined(separator: " "))
    _ = try? Tongcheng.parseAsRoot(argv)
    runs[2] += 1
    watchdog.end()
}
print("fuzz: structured: \(runs[0]) recipes, \(runs[1]) map specs, \(runs[2]) command lines, no finding")
