import Foundation
import Testing

/// `docs/architecture.md` states the module graph; `Package.swift` is the graph. These tests read
/// both texts (and every source file's imports) and fail when they disagree.
@Suite struct ArchitectureTests {
    /// One target as `Package.swift` declares it.
    struct Target {
        var kind: String
        var name: String
        var dependencies: Set<String>
        var path: String?
        var folder: String { path ?? (kind == "testTarget" ? "Tests/\(name)" : "Sources/\(name)") }
    }

    /// The targets of `Package.swift`: every `.target(`, `.executableTarget(`, `.testTarget(` and
    /// `.systemLibrary(` call, its `name:`, the names in its `dependencies:` (string literals and
    /// `.product(name:)`) and its `path:`.
    static func packageTargets() throws -> [Target] {
        let text = try String(contentsOf: CLI.root.appendingPathComponent("Package.swift"), encoding: .utf8)
        var targets: [Target] = []
        for kind in ["target", "executableTarget", "testTarget", "systemLibrary"] {
            var rest = text[...]
            while let start = rest.range(of: ".\(kind)(") {
                // The call's text, up to its balanced closing parenthesis.
                var depth = 0
                var end = start.upperBound
                var i = rest.index(before: start.upperBound)
                while i < rest.endIndex {
                    if rest[i] == "(" { depth += 1 }
                    if rest[i] == ")" { depth -= 1; if depth == 0 { end = i; break } }
                    i = rest.index(after: i)
                }
                let call = String(rest[start.upperBound..<end])
                rest = rest[end...]
                guard let name = firstString(after: "name:", in: call) else { continue }
                var dependencies = Set<String>()
                if let d = call.range(of: "dependencies:") {
                    let list = call[d.upperBound...]
                    let close = matchingBracket(in: list)
                    for literal in stringLiterals(in: String(list[..<close])) { dependencies.insert(literal) }
                    dependencies.remove("swift-argument-parser")   // the package of .product(name: "ArgumentParser", …)
                }
                targets.append(Target(kind: kind, name: name, dependencies: dependencies, path: firstString(after: "path:", in: call)))
            }
        }
        return targets
    }

    static func firstString(after label: String, in text: String) -> String? {
        guard let r = text.range(of: label) else { return nil }
        return stringLiterals(in: String(text[r.upperBound...])).first
    }

    static func stringLiterals(in text: String) -> [String] {
        text.split(separator: "\"", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }
    }

    static func matchingBracket(in text: Substring) -> Substring.Index {
        var depth = 0
        var i = text.startIndex
        while i < text.endIndex {
            if text[i] == "[" { depth += 1 }
            if text[i] == "]" { depth -= 1; if depth == 0 { return i } }
            i = text.index(after: i)
        }
        return text.endIndex
    }

    /// The library modules: `.target`s outside `Tests/`.
    static func libraries() throws -> [Target] {
        try packageTargets().filter { $0.kind == "target" && !$0.folder.hasPrefix("Tests/") }
    }

    static func architectureText() throws -> String {
        try String(contentsOf: CLI.root.appendingPathComponent("docs/architecture.md"), encoding: .utf8)
    }

    @Test func everyLibraryModuleIsPrefixedSoItCannotCollideInAConsumersGraph() throws {
        let libraries = try Self.libraries()
        #expect(libraries.count >= 12)
        for t in libraries { #expect(t.name.hasPrefix("Tongcheng"), "\(t.name)") }
    }

    @Test func theTableListsEveryModuleWithItsFolderAndDependencies() throws {
        var rows: [String: (folder: String, dependencies: Set<String>)] = [:]
        for line in try Self.architectureText().split(separator: "\n") where line.hasPrefix("| `") {
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 6 else { continue }
            let ticked = { (cell: String) in Self.ticked(cell) }
            rows[ticked(cells[1]).first ?? ""] = (ticked(cells[2]).first ?? "", Set(ticked(cells[4])))
        }
        let libraries = try Self.libraries()
        #expect(Set(rows.keys) == Set(libraries.map(\.name)))
        for t in libraries {
            #expect(rows[t.name]?.folder == t.folder, "\(t.name): folder")
            #expect(rows[t.name]?.dependencies == t.dependencies, "\(t.name): docs say \(rows[t.name]?.dependencies.sorted() ?? []), Package.swift says \(t.dependencies.sorted())")
        }
    }

    @Test func theGraphIsPackageSwiftsWithImpliedEdgesLeftOut() throws {
        var drawn = Set<String>()
        for line in try Self.architectureText().split(separator: "\n") where line.contains(" --> ") {
            let ends = line.split(separator: " ").filter { $0 != "-->" }.map(String.init)
            if ends.count == 2 { drawn.insert("\(ends[0]) -> \(ends[1])") }
        }
        let libraries = try Self.libraries()
        let names = Set(libraries.map(\.name))
        var edges: [String: Set<String>] = [:]
        for t in libraries { edges[t.name] = t.dependencies.intersection(names) }
        func reachable(from a: String) -> Set<String> {
            var seen = Set<String>(), stack = Array(edges[a] ?? [])
            while let x = stack.popLast() {
                if seen.insert(x).inserted { stack += edges[x] ?? [] }
            }
            return seen
        }
        var reduced = Set<String>()
        for (a, bs) in edges {
            for b in bs where !bs.contains(where: { $0 != b && reachable(from: $0).contains(b) }) { reduced.insert("\(a) -> \(b)") }
        }
        #expect(drawn == reduced, "drawn but not implied: \(drawn.subtracting(reduced).sorted()); missing: \(reduced.subtracting(drawn).sorted())")
    }

    @Test func noSourceFileImportsAModuleItsTargetDoesNotDeclare() throws {
        let all = try Self.packageTargets()
        let modules = Set(all.filter { $0.kind == "target" }.map(\.name))
        for t in all where t.kind != "systemLibrary" {
            let folder = CLI.root.appendingPathComponent(t.folder)
            guard let walk = FileManager.default.enumerator(atPath: folder.path) else { continue }
            for case let file as String in walk where file.hasSuffix(".swift") {
                let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
                for line in text.split(separator: "\n") {
                    let words = line.split(separator: " ")
                    guard let i = words.firstIndex(of: "import"), i + 1 < words.count, i == 0 || words[0] == "@testable" || words[0] == "@_exported" else { continue }
                    let module = String(words[i + 1])
                    guard modules.contains(module), module != t.name else { continue }
                    #expect(t.dependencies.contains(module), "\(t.folder)/\(file) imports \(module), which \(t.name) does not declare")
                }
            }
        }
    }

    /// Issue 22: no `@unchecked Sendable` or `nonisolated(unsafe)` without a comment, just above
    /// it, saying why it is safe ("Why `@unchecked Sendable` is safe: …").
    @Test func everyUncheckedSendableSaysWhyItIsSafe() throws {
        let sources = CLI.root.appendingPathComponent("Sources")
        guard let walk = FileManager.default.enumerator(atPath: sources.path) else { return }
        var checked = 0
        for case let file as String in walk where file.hasSuffix(".swift") {
            let lines = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8).components(separatedBy: "\n")
            for (k, line) in lines.enumerated() {
                let code = line.components(separatedBy: "//")[0]
                for marker in ["@unchecked Sendable", "nonisolated(unsafe)"] where code.contains(marker) {
                    checked += 1
                    let above = lines[max(0, k - 14)..<k].joined(separator: "\n")
                    #expect(above.contains("Why `\(marker)` is safe") || above.contains("Why `nonisolated(unsafe)` is safe for"),
                            "Sources/\(file):\(k + 1): \(marker) without a comment proving why it is safe")
                }
            }
        }
        #expect(checked > 0)
    }

    /// The `Tongcheng` product re-exports exactly the modules its target depends on, so that
    /// `import Tongcheng` gives a script what docs/architecture.md says it does.
    @Test func theUmbrellaReExportsExactlyWhatItDependsOn() throws {
        let umbrella = try #require(try Self.libraries().first { $0.name == "Tongcheng" })
        var exported = Set<String>()
        let folder = CLI.root.appendingPathComponent(umbrella.folder)
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) where file.hasSuffix(".swift") {
            for line in try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8).split(separator: "\n") where line.hasPrefix("@_exported import ") {
                exported.insert(String(line.dropFirst("@_exported import ".count)))
            }
        }
        #expect(exported == umbrella.dependencies)
        #expect(exported.isSuperset(of: ["TongchengGeometry", "TongchengGeodesy", "TongchengPlan", "TongchengAnalysis", "TongchengOperations"]))
    }

    @Test func processIOIsAtTheBottomWithNoDependencies() throws {
        let io = try Self.libraries().first { $0.name == "TongchengProcessIO" }
        #expect(io?.dependencies == [])
    }

    /// The `backticked` words of a table cell.
    static func ticked(_ cell: String) -> [String] {
        cell.split(separator: "`", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }
    }
}
