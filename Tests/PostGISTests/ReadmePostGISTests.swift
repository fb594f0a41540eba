import Foundation
import TongchengPostGIS
import TestSupport
import Testing

/// The README's PostGIS example (push → analyse in PostGIS → pull) is run against the throwaway
/// server and compared with the README's text, as `ReadmeDocTests` (CLITests) does for the other
/// examples, which skip it because they have no server. The block is the one after the line
/// `<!-- doctest: skip (… ReadmePostGISTests …) -->`. Its first command (starting a server and
/// exporting `TONGCHENG_DB`) and its last (stopping it) are the reader's; here the test's
/// server stands in for them, with a database of the example's own so that its tables meet no
/// other test's. The conventions are ReadmeDocTests': `$ ` starts a command (run by /bin/sh,
/// standard error merged), the lines up to the next command are its output, `…` alone on a line
/// matches any lines and inside a line any text.
@Suite struct ReadmePostGISTests {
    static let marker = "ReadmePostGISTests"

    /// (command, expected lines) of the block after the marker line.
    static func example(in markdown: String) -> [(command: String, expected: [String])] {
        let lines = markdown.components(separatedBy: "\n")
        guard let m = lines.firstIndex(where: { $0.hasPrefix("<!-- doctest: skip") && $0.contains(marker) }), m + 1 < lines.count, lines[m + 1].hasPrefix("```") else { return [] }
        var out: [(String, [String])] = []
        var k = m + 2
        while k < lines.count, !lines[k].hasPrefix("```") {
            if lines[k].hasPrefix("$ ") {
                out.append((String(lines[k].dropFirst(2)), []))
            } else if !out.isEmpty {
                out[out.count - 1].1.append(lines[k])
            }
            k += 1
        }
        return out
    }

    static func matches(_ actual: [String], _ pattern: [String]) -> Bool {
        func strip(_ s: String) -> String { s.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) }
        func lineMatches(_ a: String, _ p: String) -> Bool {
            let parts = strip(p).components(separatedBy: "…"), a = strip(a)
            guard parts.count > 1 else { return a == parts[0] }
            guard a.hasPrefix(parts[0]) else { return false }
            var rest = Substring(a.dropFirst(parts[0].count))
            for part in parts.dropFirst().dropLast() where !part.isEmpty {
                guard let r = rest.range(of: part) else { return false }
                rest = rest[r.upperBound...]
            }
            return rest.hasSuffix(parts[parts.count - 1])
        }
        let a = Array(actual.map(strip).reversed().drop(while: \.isEmpty).reversed())
        let p = Array(pattern.map(strip).reversed().drop(while: \.isEmpty).reversed())
        var memo: [Int: Bool] = [:]
        func go(_ i: Int, _ j: Int) -> Bool {
            if let r = memo[i * (p.count + 1) + j] { return r }
            let r: Bool
            if j == p.count { r = i == a.count }
            else if p[j].trimmingCharacters(in: .whitespaces) == "…" { r = go(i, j + 1) || (i < a.count && go(i + 1, j)) }
            else { r = i < a.count && lineMatches(a[i], p[j]) && go(i + 1, j + 1) }
            memo[i * (p.count + 1) + j] = r
            return r
        }
        return go(0, 0)
    }

    @Test func theREADMEsPostGISExampleIsRealOutput() throws {
        let readme = try String(contentsOf: ThrowawayServer.root.appendingPathComponent("README.md"), encoding: .utf8)
        let steps = ReadmePostGISTests.example(in: readme)
        #expect(steps.count >= 6, "the README has no block after a doctest: skip line naming \(ReadmePostGISTests.marker)")
        #expect(steps.first?.command.contains("scripts/pg-throwaway start") == true && steps.last?.command.contains("scripts/pg-throwaway stop") == true)

        // A database of the example's own on the test's server.
        let db = try ThrowawayServer.connect()
        try db.query("DROP DATABASE IF EXISTS readme_example", purpose: "drop the example's database")
        try db.query("CREATE DATABASE readme_example", purpose: "create the example's database")
        let info = try ThrowawayServer.conninfo().replacingOccurrences(of: "dbname=tongcheng", with: "dbname=readme_example")
        let ext = try Connection(conninfo: info)
        try ext.query("CREATE EXTENSION postgis", purpose: "add PostGIS to the example's database")

        // The commands run in a temporary folder with links to the bundled data, the built tongcheng first on PATH.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tongcheng-readme-pg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for name in ["geodata", "scripts"] {
            try FileManager.default.createSymbolicLink(at: dir.appendingPathComponent(name), withDestinationURL: ThrowawayServer.root.appendingPathComponent(name))
        }
        var env = ProcessInfo.processInfo.environment
        for key in env.keys where key.hasPrefix("PG") { env[key] = nil }
        env["TONGCHENG_DB"] = info
        env["PATH"] = Tool.executable.deletingLastPathComponent().path + ":" + (env["PATH"] ?? "/usr/bin:/bin")
        for step in steps.dropFirst().dropLast() {
            let r = try Spawn.run("/bin/sh", ["-c", step.command + " 2>&1"], in: dir.path, watchdog: 600, environment: env)
            let actual = String(decoding: r.stdout, as: UTF8.self).components(separatedBy: "\n")
            #expect(ReadmePostGISTests.matches(actual, step.expected), "README: $ \(step.command)\nexpected:\n\(step.expected.joined(separator: "\n"))\ngot:\n\(actual.joined(separator: "\n"))")
        }
    }
}
