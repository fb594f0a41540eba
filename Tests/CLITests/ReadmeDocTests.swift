import Foundation
import TestSupport
import Testing

/// The README's worked examples are executed and compared with the README's text, so that the
/// README cannot drift from what the tool prints (issue 17, problem 7).
///
/// The convention (also stated in the README and CONTRIBUTING.md):
/// - a fenced block whose first line starts with `$ tongcheng` is a doc-test; other blocks are not;
/// - in it, a line starting with `$ ` is a command (run by /bin/sh, standard error merged into
///   standard output as a terminal shows them; a line ending in `\` continues on the next); the
///   lines up to the next command are its expected output;
/// - `…` alone on a line (spaces around it allowed) matches any number of lines (none included); within a line, `…` matches
///   any text; trailing spaces are ignored, and so is the exit code;
/// - a block right after a line `<!-- doctest: skip (why) -->` is not run (output that depends on
///   a database server, say);
/// - commands run in a temporary folder holding links to geodata/, maps/, docs/ and Tests/ and a
///   copy of examples/, with the debug-built `tongcheng` first on PATH; they write under `out/`
///   there, never into the source tree. Nothing is timed; a watchdog of minutes catches hangs.
@Suite struct ReadmeDocTests {
    struct Example {
        var line: Int
        var command: String
        var expected: [String]
    }

    /// The examples of every doc-test block of a Markdown text.
    static func examples(in markdown: String) -> [Example] {
        let lines = markdown.components(separatedBy: "\n")
        var out: [Example] = []
        var k = 0
        while k < lines.count {
            guard lines[k].hasPrefix("```") else { k += 1; continue }
            let skip = k > 0 && lines[k - 1].trimmingCharacters(in: .whitespaces).hasPrefix("<!-- doctest: skip")
            var end = k + 1
            while end < lines.count && !lines[end].hasPrefix("```") { end += 1 }
            let body = Array(lines[(k + 1)..<min(end, lines.count)])
            defer { k = end + 1 }
            guard !skip, body.first?.hasPrefix("$ tongcheng") == true else { continue }
            var j = 0
            while j < body.count {
                guard body[j].hasPrefix("$ ") else { j += 1; continue }
                let start = j
                var command = String(body[j].dropFirst(2))
                while command.hasSuffix("\\"), j + 1 < body.count {
                    j += 1
                    command = String(command.dropLast()).trimmingCharacters(in: .whitespaces) + " " + body[j].trimmingCharacters(in: .whitespaces)
                }
                j += 1
                var expected: [String] = []
                while j < body.count && !body[j].hasPrefix("$ ") { expected.append(body[j]); j += 1 }
                out.append(Example(line: k + 2 + start, command: command, expected: expected))
            }
        }
        return out
    }

    /// Whether `actual` matches `pattern` line by line, with `…` as described above.
    static func matches(_ actual: [String], _ pattern: [String]) -> Bool {
        func strip(_ s: String) -> String { s.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) }
        func lineMatches(_ a: String, _ p: String) -> Bool {
            let a = strip(a), p = strip(p)
            guard p.contains("…") else { return a == p }
            let parts = p.components(separatedBy: "…")
            guard a.hasPrefix(parts[0]), a.hasSuffix(parts[parts.count - 1]), a.count >= parts[0].count + parts[parts.count - 1].count else { return false }
            var rest = Substring(a.dropFirst(parts[0].count))
            for part in parts.dropFirst().dropLast() where !part.isEmpty {
                guard let r = rest.range(of: part) else { return false }
                rest = rest[r.upperBound...]
            }
            return rest.hasSuffix(parts[parts.count - 1])
        }
        let a = actual.map(strip).reversed().drop(while: \.isEmpty).reversed().map { $0 }
        let p = pattern.map(strip).reversed().drop(while: \.isEmpty).reversed().map { $0 }
        // Memoised matching with "…" lines as wildcards over lines.
        var memo: [Int: Bool] = [:]
        func go(_ i: Int, _ j: Int) -> Bool {
            let key = i * (p.count + 1) + j
            if let m = memo[key] { return m }
            let r: Bool
            if j == p.count { r = i == a.count }
            else if p[j].trimmingCharacters(in: .whitespaces) == "…" { r = go(i, j + 1) || (i < a.count && go(i + 1, j)) }
            else { r = i < a.count && lineMatches(a[i], p[j]) && go(i + 1, j + 1) }
            memo[key] = r
            return r
        }
        return go(0, 0)
    }

    @Test func theMatcherHonoursEllipses() {
        #expect(ReadmeDocTests.matches(["a", "b", "c"], ["a", "…"]))
        #expect(ReadmeDocTests.matches(["a"], ["a", "…"]))
        #expect(ReadmeDocTests.matches(["{\"rank\":1,\"score\":0.9,\"x\":2}"], ["{\"rank\":1,\"score\":…,\"x\":2}"]))
        #expect(!ReadmeDocTests.matches(["a", "b"], ["a"]))
        #expect(!ReadmeDocTests.matches(["a", "x"], ["a", "b", "…"]))
        #expect(!ReadmeDocTests.matches(["total 5"], ["total 6"]))
        let parsed = ReadmeDocTests.examples(in: "text\n```\n$ tongcheng a \\\n    --b\nout\n…\n$ echo x | tongcheng c\ny\n```\n<!-- doctest: skip (server) -->\n```\n$ tongcheng db\n```\n```sh\nscripts/run\n```\n")
        #expect(parsed.map(\.command) == ["tongcheng a --b", "echo x | tongcheng c"])
        #expect(parsed.map(\.expected) == [["out", "…"], ["y"]])
    }

    /// A folder that looks like the repository to the examples, where their outputs may land.
    static func workspace() throws -> URL {
        let fm = FileManager.default
        let dir = try CLI.temporaryDirectory()
        for name in ["geodata", "maps", "docs", "Tests"] {
            try fm.createSymbolicLink(at: dir.appendingPathComponent(name), withDestinationURL: CLI.root.appendingPathComponent(name))
        }
        try fm.copyItem(at: CLI.root.appendingPathComponent("examples"), to: dir.appendingPathComponent("examples"))
        try? fm.removeItem(at: dir.appendingPathComponent("examples/out"))
        try fm.createDirectory(at: dir.appendingPathComponent("out"), withIntermediateDirectories: true)
        return dir
    }

    @Test func everyWorkedExampleInTheREADMEPrintsWhatTheREADMEShows() throws {
        let readme = try String(contentsOf: CLI.root.appendingPathComponent("README.md"), encoding: .utf8)
        let examples = ReadmeDocTests.examples(in: readme)
        #expect(examples.count >= 15, "the README's worked examples were not found")
        let dir = try ReadmeDocTests.workspace()
        let bin = CLI.executable.deletingLastPathComponent().path
        for e in examples {
            let script = "export PATH='\(bin)':\"$PATH\"; export COLUMNS=80; { \(e.command)\n} 2>&1"
            let r = try Spawn.run("/bin/sh", ["-c", script], in: dir.path, watchdog: 600)
            let actual = String(decoding: r.stdout, as: UTF8.self).components(separatedBy: "\n")
            // The tool's output is shown up to 60 lines: enough to fix the README from.
            let shown = actual.count > 60 ? actual.prefix(60) + ["… (\(actual.count - 60) more lines)"] : actual[...]
            #expect(ReadmeDocTests.matches(actual, e.expected),
                    "README.md:\(e.line): $ \(e.command)\n--- the README shows:\n\(e.expected.joined(separator: "\n"))\n--- the tool printed:\n\(shown.joined(separator: "\n"))")
        }
    }
}
