import ArgumentParser
import Foundation
import Testing
@testable import TongchengCLI

/// Help texts a user can copy from (issue 17, problem 5): examples never wrap in the middle of a
/// command at 80 columns (long ones use explicit `\` continuations), every example parses as a
/// real command line, the isochrone model is described in its own help, and site's example
/// really keeps its sites away from the towns.
@Suite struct HelpTests {
    /// The root command and every subcommand, nested ones (db push, db pull) included.
    static let commands: [ParsableCommand.Type] = {
        func all(_ c: ParsableCommand.Type) -> [ParsableCommand.Type] { [c] + c.configuration.subcommands.flatMap(all) }
        return all(Tongcheng.self)
    }()

    /// The example command lines of a discussion: lines starting with `tongcheng` (or with a
    /// pipe into it), and the continuation lines after a line ending in `\`.
    static func examples(_ discussion: String) -> [[String]] {
        var out: [[String]] = []
        var continuing = false
        for line in discussion.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if continuing {
                out[out.count - 1].append(line)
            } else if trimmed.hasPrefix("tongcheng ") || trimmed == "tongcheng" || (trimmed.contains("| tongcheng ") && line.hasPrefix("  ")) {
                out.append([line])
            } else {
                continue
            }
            continuing = trimmed.hasSuffix("\\")
        }
        return out
    }

    /// Splits a command line as a POSIX shell would for these examples: words, '…' and "…" quotes.
    static func words(_ text: String) -> [String] {
        var words: [String] = [], current = "", quote: Character?, started = false
        for ch in text {
            if let q = quote {
                if ch == q { quote = nil } else { current.append(ch) }
            } else if ch == "'" || ch == "\"" {
                quote = ch
                started = true
            } else if ch == " " {
                if started || !current.isEmpty { words.append(current) }
                current = ""
                started = false
            } else {
                current.append(ch)
            }
        }
        if started || !current.isEmpty { words.append(current) }
        return words
    }

    @Test func everySubcommandHasExamplesThatDoNotWrapAt80Columns() throws {
        for command in HelpTests.commands {
            let name = command.configuration.commandName ?? "tongcheng"
            let examples = HelpTests.examples(command.configuration.discussion)
            #expect(!examples.isEmpty, "\(name): no example in its help")
            let help = command == Tongcheng.self ? Tongcheng.helpMessage(columns: 80) : Tongcheng.helpMessage(for: command, columns: 80)
            let helpLines = Set(help.split(separator: "\n").map { String($0).replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) })
            for example in examples {
                for line in example {
                    #expect(Table.displayWidth(line) <= 80, "\(name): example line over 80 columns: \(line)")
                    #expect(helpLines.contains(line), "\(name): the help wraps this example line at 80 columns: \(line)")
                }
            }
        }
    }

    @Test func everyExampleParsesAsACommandLine() throws {
        for command in HelpTests.commands {
            for example in HelpTests.examples(command.configuration.discussion) {
                let joined = example.map { $0.hasSuffix("\\") ? String($0.dropLast()) : $0 }.joined(separator: " ")
                for piece in joined.split(separator: "|") {
                    var words = HelpTests.words(String(piece.split(separator: "#", maxSplits: 1)[0]))
                    guard words.first == "tongcheng" else { continue }
                    words.removeFirst()
                    if words.isEmpty { continue }
                    if let redirect = words.firstIndex(of: ">") { words.removeSubrange(redirect...) }
                    do {
                        _ = try Tongcheng.parseAsRoot(words)
                    } catch {
                        // --help and completion scripts end the parse with a clean exit.
                        if !Tongcheng.exitCode(for: error).isSuccess { Issue.record("\(joined): \(Tongcheng.fullMessage(for: error))") }
                    }
                }
            }
        }
    }

    @Test func theIsochroneModelIsInItsOwnHelp() {
        let help = Tongcheng.helpMessage(for: IsochroneCommand.self, columns: 80)
        #expect(!help.contains("Sources/"))
        for fact in ["Dijkstra", "30 km/h", "5 minutes to board", "speed_kmh", "--status"] {
            #expect(help.contains(fact), "\(fact)")
        }
    }

    /// The site example says it keeps 2 km from the towns: run it, and measure with `near` (GEOS
    /// distances, not the site search's own code) that no place of the gazetteer is within 1.9 km.
    @Test func sitesExampleReallyAvoidsTheTowns() throws {
        let example = try #require(HelpTests.examples(SiteCommand.configuration.discussion).first)
        let joined = example.map { $0.hasSuffix("\\") ? String($0.dropLast()) : $0 }.joined(separator: " ")
        #expect(joined.contains("geodata/places.geojson"))
        let dir = try CLI.temporaryDirectory()
        let sites = dir.appendingPathComponent("sites.geojson").path
        let run = try CLI.run(Array(HelpTests.words(joined).dropFirst()) + ["-o", sites])
        #expect(run.code == 0, "\(run.stderr)")
        let near = try CLI.run(["near", sites, "--to", "geodata/places.geojson", "--distance", "1.9km", "--format", "json"]).json()
        #expect(near["pairs"]?.arrayValue?.isEmpty == true, "\(near)")
        let count = try CLI.run(["info", sites, "--format", "json"]).json()
        #expect((count["files"]?.arrayValue?.first?["features"]?.doubleValue ?? 0) >= 1)
    }
}
