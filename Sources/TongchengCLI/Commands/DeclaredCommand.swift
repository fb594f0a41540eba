import ArgumentParser
import TongchengAnalysis
import TongchengGeometry
import TongchengOperations
import TongchengRecipes

/// The subcommand of an operation that runs from its declaration alone (`DeclaredOperation`):
/// its name, help and options come from `Operation.declaration` — files for `input`, `--name
/// VALUE` for every other parameter (`--name` alone for a flag), each checked as a recipe checks
/// it — and it runs on the engine `--engine` chooses, writing its layer (or, for a table, its
/// rows under the declared columns as CSV or JSON).
///
/// ```sh
/// tongcheng centroid geodata/plan/zone.geojson --inside -o inside.geojson
/// ```
struct DeclaredCommand<Operation: DeclaredOperation>: ParsableCommand {
    static var configuration: CommandConfiguration {
        let d = Operation.declaration
        var options = ""
        for p in d.parameters {
            let shown = p.name == "input" ? "FILE …" : p.kind == .flag ? p.option : "\(p.option) \(p.kind)"
            options += wrapped("\(p.help)\(p.required ? " (required)" : "")", first: "  \(shown)\(String(repeating: " ", count: max(1, 24 - shown.count)))")
        }
        let examples = d.examples.isEmpty ? "" : "\nExamples:\n" + d.examples.map { "  \($0)\n" }.joined()
        return CommandConfiguration(commandName: d.name, abstract: d.summary.prefix(1).uppercased() + d.summary.dropFirst() + ".",
                                    discussion: "Parameters (declared once for the command line and recipes; docs/recipes.md):\n" + options
                                        + "Engines: \(d.engines.map(\.rawValue).joined(separator: ", ")).\n" + examples)
    }

    /// `text` after `first`, wrapped at 78 columns under a 26-column hanging indent, so that
    /// ArgumentParser (which wraps discussions at 80) leaves the lines as they are.
    static func wrapped(_ text: String, first: String) -> String {
        var lines: [String] = [], line = first
        let indent = String(repeating: " ", count: 26)
        for word in text.split(separator: " ") {
            if line.count + 1 + word.count > 78, line.count > indent.count {
                lines.append(line)
                line = indent
            }
            line += (line.hasSuffix(" ") ? "" : " ") + word
        }
        lines.append(line)
        return lines.joined(separator: "\n") + "\n"
    }

    @Argument(parsing: .allUnrecognized, help: ArgumentHelp("Input files, then the operation's parameters as listed below.", valueName: "ARGUMENTS"))
    var words: [String] = []

    @Option(help: "For an operation that makes a table: csv (default) or json.")
    var format: String?

    @OptionGroup var analysis: AnalysisOptions
    @OptionGroup var engine: EngineOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var interchange: InterchangeOptions

    /// The files and `--name value` pairs of `words`, checked against the declaration.
    func parsed() throws -> (files: [String: [String]], values: [String: String]) {
        let d = Operation.declaration
        var files: [String: [String]] = [:], values: [String: String] = [:]
        var i = 0
        while i < words.count {
            let word = words[i]
            guard word.hasPrefix("--"), word.count > 2 else {
                files["input", default: []].append(word)
                i += 1
                continue
            }
            let name = String(word.dropFirst(2)).replacingOccurrences(of: "-", with: "_")
            guard let p = d.parameter(name), name != "input" else {
                throw CommandFailure.usage("\(d.name) has no option \(word) (it takes: \(d.parameters.filter { $0.name != "input" }.map(\.option).joined(separator: ", ")))")
            }
            if p.kind == .flag {
                values[name] = "true"
                i += 1
                continue
            }
            guard i + 1 < words.count else { throw CommandFailure.usage("\(word) needs a value") }
            let value = words[i + 1]
            switch p.kind {
            case .layer, .layers: files[name, default: []].append(value)
            default:
                try p.check(value)
                values[name] = value
            }
            i += 2
        }
        for p in d.parameters where p.required && files[p.name] == nil && values[p.name] == nil {
            throw CommandFailure.usage(p.name == "input" ? "\(d.name) needs a FILE (\(p.help))" : "\(d.name) needs \(p.option) (\(p.help))")
        }
        return (files, values)
    }

    func run() throws {
        try guarded {
            let d = Operation.declaration
            let (files, values) = try parsed()
            let sql = try engine.postgis(for: d)
            var layers: [String: [FeatureRef]] = [:]
            for (name, paths) in files {
                let inputs = try loadInputs(paths, options: interchange.read, conninfo: engine.conninfo)
                layers[name] = try analysis.checked(inputs.flatMap { FeatureRef.all(in: $0.collection, file: $0.name) })
            }
            let result = try ProgressLine.show(quiet: analysis.quiet) { progress in
                try Operation.run(OperationCall(layers: layers, values: values, postgis: sql, jobs: analysis.jobs, progress: progress))
            }
            let inputs = files.values.flatMap { $0 }
            guard d.makesTable else { return try writeFeatures(result.layer, to: output, inputs: inputs, interchange: interchange) }
            let table = ResultTable(columns: d.columns, rows: result.rows)
            guard format == nil || format == "csv" || format == "json" else { throw CommandFailure.usage("--format \(format!) is not csv or json") }
            try Output.write(format == "json" ? table.json() : table.csv(), to: output.output, inputs: inputs)
        }
    }
}

/// The subcommands of `OperationRegistry.declared`.
func declaredCommands() -> [ParsableCommand.Type] {
    func command<O: DeclaredOperation>(_ operation: O.Type) -> ParsableCommand.Type { DeclaredCommand<O>.self }
    return OperationRegistry.declared.map { command($0) }
}
