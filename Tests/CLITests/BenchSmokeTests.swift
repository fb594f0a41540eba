import Foundation
import Testing
@testable import TongchengGeometry

/// Smoke test of the benchmark runner (bench/Sources/tongcheng-bench): it runs on the small Henan
/// workload and prints one JSON line per step with positive times. The benchmark itself
/// (`bench/run`) is not part of the test suite.
@Suite struct BenchSmokeTests {
    /// The package root: Tests/CLITests/ is two folders below it.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The built `tongcheng-bench`: beside the test bundle, else in .build/debug or .build/release.
    static var executable: URL? {
        var candidates: [URL] = []
        var dir = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<3 {
            candidates.append(dir.appendingPathComponent("tongcheng-bench"))
            dir = dir.deletingLastPathComponent()
        }
        candidates += [".build/debug/tongcheng-bench", ".build/release/tongcheng-bench"].map { root.appendingPathComponent($0) }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    static func run(_ arguments: [String]) throws -> (code: Int32, stdout: String, stderr: String) {
        let r = try CLI.run(arguments, executable: executable)
        return (r.code, r.stdout, r.stderr)
    }

    @Test func printsOneJSONLinePerStepWithPositiveTimes() throws {
        guard Self.executable != nil else {
            Issue.record("tongcheng-bench is not built: run `swift build --build-tests` (or `swift build --product tongcheng-bench`) first")
            return
        }
        let steps = ["load", "area", "buffer1", "strtree"]
        let result = try Self.run(["--small", "--steps", steps.joined(separator: ","), "--repeat", "1"])
        #expect(result.code == 0, "stderr: \(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == steps.count, "stdout: \(result.stdout)")
        for (line, step) in zip(lines, steps) {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["impl"] as? String == "tongcheng")
            #expect(object?["step"] as? String == step, "line: \(line)")
            #expect(object?["error"] == nil, "line: \(line)")
            let time = object?["time_s"] as? Double ?? 0
            #expect(time > 0, "line: \(line)")
            #expect(object?["peak_mb"] is Double, "line: \(line)")
        }
        // Same work as the other implementations: Henan's 157 counties and their 975 intersecting ordered pairs.
        let load = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any]
        #expect(load?["features"] as? Int == 157)
        let strtree = try JSONSerialization.jsonObject(with: Data(lines[3].utf8)) as? [String: Any]
        #expect(strtree?["pairs"] as? Int == 975)
        // The area step measures Henan: the same total as `tongcheng area` on the same file, and
        // within 2 % of the published 167,000 km² (16.7万平方千米, e.g. baike.com's 河南省 entry).
        let area = try JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [String: Any]
        let totalKm2 = try #require(area?["total_km2"] as? Double)
        let cli = try CLI.run(["area", "geodata/henan_counties.geojson", "--format", "json"]).json()
        let cliKm2 = try #require(cli["total_m2"]?.doubleValue) / 1e6
        #expect(abs(totalKm2 / cliKm2 - 1) < 1e-9, "bench \(totalKm2) km² against tongcheng area \(cliKm2) km²")
        #expect(abs(totalKm2 / 167_000 - 1) < 0.02, "\(totalKm2) km²")
        // The 1 km buffers are real geometry: more vertices than the counties they grow from.
        let loaded = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any]
        let buffered = try JSONSerialization.jsonObject(with: Data(lines[2].utf8)) as? [String: Any]
        #expect((buffered?["vertices"] as? Int ?? 0) > (loaded?["vertices"] as? Int ?? .max))
    }

    @Test func refusesAnUnknownStep() throws {
        guard Self.executable != nil else {
            Issue.record("tongcheng-bench is not built: run `swift build --build-tests` (or `swift build --product tongcheng-bench`) first")
            return
        }
        let result = try Self.run(["--small", "--steps", "load,teleport"])
        #expect(result.code == 64)
        #expect(result.stderr.contains("unknown step \"teleport\""))
        #expect(result.stdout.isEmpty)
    }
}
