import Foundation
import Testing
import TongchengGeometry
import TongchengOperations
import TongchengRecipes

/// Tongcheng as a library (issue 22 item 7): `examples/consumer`, a package of its own that
/// depends on Tongcheng by path and imports the `Tongcheng` product, builds, and its script's
/// numbers are the command line's on the same files — the area, the land-use table, the overlaps
/// and the centre of the special zone.
///
/// `scripts/test` builds the consumer before `swift test` (a first build compiles the library
/// modules again for that package: about 2 minutes on 2 cores), so that here `swift build` has
/// nothing left to do; run alone, the first test builds it.
@Suite(.serialized) struct ConsumerPackageTests {
    static let package = CLI.root.appendingPathComponent("examples/consumer")
    static let env = URL(fileURLWithPath: "/usr/bin/env")
    let zone = "geodata/plan/special_zone.geojson", parcels = "geodata/landuse/parcels.geojson"

    /// `swift build` in examples/consumer, once for the suite.
    static let build: Swift.Result<CLI.Result, Error> = Swift.Result { try CLI.run(["swift", "build", "--package-path", package.path], executable: env) }

    /// The consumer's output: each `# title` section's rows under its header, as dictionaries.
    static func sections() throws -> [String: [[String: String]]] {
        let built = try build.get()
        guard built.code == 0 else { throw Failure("swift build in examples/consumer: exit \(built.code)\n\(built.stderr)\(built.stdout)") }
        let r = try CLI.run([], executable: package.appendingPathComponent(".build/debug/zone-report"))
        guard r.code == 0 else { throw Failure("zone-report: exit \(r.code)\n\(r.stderr)") }
        var out: [String: [[String: String]]] = [:]
        for block in r.stdout.components(separatedBy: "\n\n") {
            var lines = block.split(separator: "\n").map(String.init)
            guard lines.count >= 2, lines[0].hasPrefix("# ") else { continue }
            let title = String(lines.removeFirst().dropFirst(2).prefix { $0 != ":" })
            let header = lines.removeFirst().split(separator: ",").map(String.init)
            out[title] = lines.map { Dictionary(uniqueKeysWithValues: zip(header, $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init))) }
        }
        return out
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ d: String) { description = d }
    }

    static func close(_ a: String?, _ b: Double?, relative: Double = 1e-12) -> Bool {
        guard let a = a.flatMap(Double.init), let b else { return false }
        return abs(a - b) <= relative * max(abs(a), abs(b), 1e-300)
    }

    @Test func theConsumerPackageBuildsAgainstTongchengByPath() throws {
        let built = try Self.build.get()
        #expect(built.code == 0, "\(built.stderr)\(built.stdout)")
        #expect(FileManager.default.isExecutableFile(atPath: Self.package.appendingPathComponent(".build/debug/zone-report").path))
    }

    @Test func itsAreaAndLandUseTableAreTheCommandLines() throws {
        let s = try Self.sections()
        let area = try CLI.run(["area", zone, "--format", "json"]).json()
        let areas = try #require(s["area"])
        #expect(areas.count == area["features"]?.arrayValue?.count)
        for (row, feature) in zip(areas, area["features"]?.arrayValue ?? []) {
            #expect(row["zone"] == feature["name"]?.stringValue)
            #expect(Self.close(row["area_m2"], feature["area_m2"]?.doubleValue), "\(row) vs \(feature)")
        }

        // Same columns as the CLI's CSV with --unit mu, same rows (matched by zone and class; the
        // CLI lists classes in code order, the library in order of first appearance).
        let table = try #require(s["tabulate"])
        let csvHeader = try CLI.run(["tabulate", parcels, "--by", "DLMC", "--zones", zone, "--unit", "mu", "--format", "csv"]).stdout
            .replacingOccurrences(of: "\u{FEFF}", with: "").split(separator: "\n").first.map(String.init)
        #expect(csvHeader == OperationCatalog.tabulate.columns(unit: "mu").joined(separator: ","))
        let cli = try CLI.run(["tabulate", parcels, "--by", "DLMC", "--zones", zone, "--unit", "mu", "--format", "json"]).json()
        let cliRows = cli["rows"]?.arrayValue ?? []
        #expect(table.count == cliRows.count && table.count >= 8, "\(table.count) rows vs the CLI's \(cliRows.count)")
        for row in cliRows {
            let mine = table.first { $0["zone"] == row["zone"]?.stringValue && $0["class"] == row["class"]?.stringValue }
            #expect(mine != nil, "no row for \(row)")
            for column in ["area_m2", "area_mu", "share"] {
                #expect(Self.close(mine?[column], row[column]?.doubleValue, relative: 1e-9), "\(column): \(mine ?? [:]) vs \(row)")
            }
        }
    }

    @Test func itsOverlapsAndCentreAreTheCommandLines() throws {
        let s = try Self.sections()
        let overlaps = try #require(s["overlap"])
        #expect(!overlaps.isEmpty)
        // Every polygon layer of the plan, as the script walks them.
        let plan = try JSONValue.parse(String(contentsOf: CLI.root.appendingPathComponent("geodata/plan.json"), encoding: .utf8), name: "plan.json")
        for layer in ["boundaries", "zone", "belt", "corridors", "central_city"] {
            let file = try #require(plan["layers"]?[layer]?.stringValue)
            let cli = try CLI.run(["overlap", zone, "geodata/\(file)", "--format", "json"]).json()
            let pairs = cli["pairs"]?.arrayValue ?? []
            let mine = overlaps.filter { $0["layer"] == layer }
            #expect(mine.count == pairs.count, "\(layer): \(mine.count) pairs vs the CLI's \(pairs.count)")
            for p in pairs {
                let row = mine.first { $0["feature"] == p["b"]?["name"]?.stringValue }
                #expect(Self.close(row?["area_m2"], p["area_m2"]?.doubleValue, relative: 1e-9), "\(layer): \(row ?? [:]) vs \(p)")
                #expect(Self.close(row?["fraction_of_zone"], p["fraction_of_a"]?.doubleValue, relative: 1e-9), "\(layer): \(row ?? [:]) vs \(p)")
            }
        }

        let centre = try #require(s["centroid"]?.first)
        let cli = try GeoJSONReader().read(string: try CLI.run(["centroid", zone]).stdout).featureCollection.features
        guard case .point(let p)? = cli.first?.geometry else { Issue.record("centroid wrote no point"); return }
        #expect(Self.close(centre["longitude"], p.position.longitude, relative: 1e-14) && Self.close(centre["latitude"], p.position.latitude, relative: 1e-14), "\(centre) vs \(p)")
    }
}

/// The operation table of the DocC documentation (`Sources/Operations/TongchengOperations.docc/
/// EveryOperation.md`) is the declarations' own: every operation the recipes and the command line
/// know, with its parameters, units, ranges, engines and columns, written by
/// `OperationTable.markdown`. `TONGCHENG_UPDATE_DOCS=1` rewrites the generated part instead.
@Suite struct OperationTableArticleTests {
    static let article = CLI.root.appendingPathComponent("Sources/Operations/TongchengOperations.docc/EveryOperation.md")

    @Test func theArticleHoldsTheTableWrittenFromEveryDeclaration() throws {
        let text = try String(contentsOf: Self.article, encoding: .utf8)
        let marker = try #require(text.range(of: OperationTable.marker), "EveryOperation.md has no line \(OperationTable.marker)")
        let expected = OperationTable.markdown(RecipeSchema.orderedOperations)
        let generated = String(text[marker.upperBound...]).trimmingCharacters(in: .newlines)
        if ProcessInfo.processInfo.environment["TONGCHENG_UPDATE_DOCS"] == "1" {
            try (String(text[..<marker.upperBound]) + "\n\n" + expected).write(to: Self.article, atomically: true, encoding: .utf8)
            return
        }
        #expect(generated == expected.trimmingCharacters(in: .newlines), "EveryOperation.md differs from the declarations; TONGCHENG_UPDATE_DOCS=1 swift test --filter OperationTableArticleTests rewrites it:\n\(expected)")
    }

    @Test func everyOperationAndParameterIsInTheTable() {
        let table = OperationTable.markdown(RecipeSchema.orderedOperations)
        #expect(RecipeSchema.orderedOperations.count >= 24)
        for op in RecipeSchema.orderedOperations {
            #expect(table.contains("\n### \(op.name)\n"), "\(op.name)")
            for p in op.parameters {
                #expect(table.contains("| `\(p.name)` | \(p.required ? "yes" : "no") | \(p.kind.valueDescription)"), "\(op.name).\(p.name)")
            }
        }
        // A quantity's range is stated in the unit a planner types, as the refusal states it.
        #expect(table.contains("| `radius` | yes | distance with a unit: m or km (2km, 500 m) | more than 0 to "))
        let refusal = #"is out of range: allowed "# + (OperationCatalog.reach.parameter("radius")?.allowedValues ?? "?")
        let error = #expect(throws: ParameterError.self) { try OperationCatalog.reach.parameter("radius")?.check("0km") }
        #expect(error?.problem == refusal)
    }
}
