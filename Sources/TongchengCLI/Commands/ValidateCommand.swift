import ArgumentParser
import TongchengGeodesy
import TongchengGeometry
import TongchengInterchange
import TongchengTopology

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check sources (GeoJSON or any format) and report every problem with its location.",
        discussion: """
        Checks that each file is RFC 7946 GeoJSON (syntax, structure, rings, positions, \
        coordinate ranges), that every geometry is valid by the OGC rules that GEOS applies \
        (no self-intersections, holes inside shells, …), and that feature ids are unique. \
        Exits 0 when all is well, 65 when anything is wrong, 66 when a file is missing.

        Example:
          tongcheng validate geodata/plan/*.geojson
        """
    )

    @Argument(help: ArgumentHelp("Sources (any format), or - for standard input.", valueName: "FILE"))
    var files: [String]

    @Option(help: "table (one line per problem) or json.")
    var format: FormatChoice<SummaryFormats>?

    @OptionGroup var output: OutputOptions


    struct Problem {
        var file: String
        var path: String
        var message: String
        var location: Position?
    }

    func run() throws {
        var exitCode: Int32 = 0
        try guarded {
            let json = try outputFormat(format, of: SummaryFormats.self, output: output.output) == .json
            var problems: [Problem] = []
            var checked: [(String, Int)] = []
            for path in files {
                let name = path == "-" ? "<stdin>" : path
                do {
                    // GeoJSON is checked by the native reader; other formats are read through GDAL.
                    let fc = try FeatureSource.isGeoJSONName(path) ? GeoJSONReader().read(file: path).featureCollection
                        : FeatureSource.read(path, options: ReadOptions(warn: { Terminal.warning($0) }))
                    checked.append((name, fc.features.count))
                    var seen: [FeatureID: Int] = [:]
                    for (k, f) in fc.features.enumerated() {
                        if let id = f.id {
                            if let first = seen[id] {
                                problems.append(Problem(file: name, path: "features[\(k)].id", message: "duplicate feature id \"\(id.text)\" (also features[\(first)])"))
                            } else { seen[id] = k }
                        }
                        guard let g = f.geometry else { continue }
                        let v = try g.validity()
                        if !v.isValid {
                            problems.append(Problem(file: name, path: "features[\(k)].geometry", message: "invalid geometry: \(v.reason ?? "unknown reason")", location: v.location))
                        }
                    }
                } catch let e as InterchangeError {
                    checked.append((name, 0))
                    problems.append(Problem(file: name, path: e.featureIndex.map { "features[\($0)]" } ?? "(file)",
                                           message: (e.layer.map { "layer \($0): " } ?? "") + e.message + (e.hint.map { " (\($0))" } ?? "")))
                    if e.kind == .missingFile { exitCode = SysExit.noInput }
                } catch let e as GeoJSONError {
                    checked.append((name, 0))
                    problems.append(Problem(file: name, path: e.path.description, message: e.line > 0 ? "\(e.message) (line \(e.line), column \(e.column))" : e.message))
                    if e.kind == .missingFile || e.kind == .unreadableFile { exitCode = SysExit.noInput }
                }
            }
            let text: String
            if json {
                var fileValues: [JSONValue] = []
                for (name, n) in checked {
                    let mine = problems.filter { $0.file == name }
                    fileValues.append(.object(JSONObject([
                        ("file", .string(name)), ("features", .number(JSONNumber(n))), ("valid", .bool(mine.isEmpty)),
                        ("problems", .array(try mine.map { p in
                            .object(JSONObject([("path", .string(p.path)), ("message", .string(p.message)),
                                                ("location", try p.location.map { .array([try number($0.x), try number($0.y)]) } ?? .null)]))
                        })),
                    ])))
                }
                text = JSONText.encode(.object(JSONObject([("valid", .bool(problems.isEmpty)), ("files", .array(fileValues))]))) + "\n"
            } else {
                var lines = ""
                for p in problems {
                    let at = p.location.map { " at (\($0.x), \($0.y))" } ?? ""
                    lines += "\(p.file): \(p.path): \(p.message)\(at)\n"
                }
                for (name, n) in checked where !problems.contains(where: { $0.file == name }) {
                    lines += "\(name): valid (\(n) feature\(n == 1 ? "" : "s"))\n"
                }
                text = lines
            }
            if json { try Output.write(text, to: output.output, inputs: files) } else { try Output.writeReadable(text, to: output.output, inputs: files) }
            if !problems.isEmpty && exitCode == 0 { exitCode = SysExit.dataError }
        }
        if exitCode != 0 { throw ExitCode(exitCode) }
    }
}
