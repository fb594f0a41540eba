import TongchengAnalysis
import ArgumentParser
import Foundation
import TongchengGeodesy
import TongchengGeometry
import TongchengOperations
import TongchengPostGIS

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "数据质检: a polygon layer's topology problems (invalid, empty, multipart, duplicate, overlap, gap, sliver).",
        discussion: """
        Checks a layer (a land-use survey's parcels, a plan layer) in one pass: invalid \
        geometries (GEOS's reason and location), empty features, multipart features, duplicates \
        (equal geometries, vertex for vertex), overlaps between features (each pair with its \
        geodesic area), gaps in the coverage inside --within (or inside the layer's own \
        outline: holes between features), and slivers (under --min-area, default 10m2, or \
        thinner than --max-thinness, default 0.05, where thinness is 4πA/P²: 1 for a circle, \
        0.785 for a square, 0.05 for a 1:60 strip). Overlaps and gaps of 1e-4 m² or less are \
        rounding between neighbours, not problems.

        JSON: {"problems":[{"kind","features":[indexes],"area_m2","location":[lon,lat],"detail"}],\
        "counts":{kind: n}} — features are the features' positions in the layer (0-based), \
        detail is GEOS's reason, the thinness or the number of parts. --format geojson gives \
        the problems' geometries (the feature, the shared part, the hole) for a GIS; --fail \
        exits 1 when any problem is found.

        Examples:
          tongcheng check geodata/landuse/parcels.geojson
          tongcheng check parcels.geojson --within county.geojson --fail \\
              --format json
        """
    )

    @Argument(help: ArgumentHelp("The layer to check (polygons).", valueName: "LAYER"))
    var layer: String

    @Option(parsing: .upToNextOption, help: ArgumentHelp("The area the layer should cover (gaps are its parts no feature covers); default: the layer's own outline.", valueName: "FILE"))
    var within: [String] = []

    @Option(name: .customLong("min-area"), help: ArgumentHelp("Features smaller than this are slivers (default 10m2).", valueName: "AREA"))
    var minArea: String?

    @Option(name: .customLong("max-thinness"), help: ArgumentHelp("Features with 4πA/P² under this are slivers (default 0.05; 0 turns the test off).", valueName: "RATIO"))
    var maxThinness: Double = Check.defaultMaximumThinness

    @Flag(help: "Exit 1 when any problem is found (the output is written first).")
    var fail = false

    @Option(help: "Unit for the table: m2 (default), mu (亩), ha or km2. JSON and CSV carry m²; when given, CSV and workbooks add an area_<unit> column beside each _m2 one.")
    var unit: String?

    @Option(help: "table (for people), csv, json (the documented contract), geojson (the problems' geometries) or xlsx (the CSV's rows as a workbook). Default: table, or the format -o's extension names.")
    var format: FormatChoice<MeasureFormats>?

    @OptionGroup var csv: CSVOptions
    @OptionGroup var interchange: InterchangeOptions
    @OptionGroup var analysis: AnalysisOptions
    @OptionGroup var engine: EngineOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard AreaUnit(unit ?? "m2") != nil else { throw ValidationError("unknown area unit \"\(unit ?? "")\": use m2, mu, ha or km2") }
        guard maxThinness >= 0, maxThinness <= 1 else { throw ValidationError("--max-thinness must be between 0 and 1 (a circle is 1)") }
        guard analysis.jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        guard !analysis.repair else { throw ValidationError("check reports invalid geometries; --repair does not apply (repair them with another subcommand's --repair)") }
    }

    func run() throws {
        var found = false
        try guarded {
            let minimum = try minArea.map { try squareMetres($0, option: "--min-area") } ?? Check.defaultMinimumAreaSquareMetres
            guard minimum >= 0 else { throw CommandFailure.usage("--min-area must not be negative") }
            let features = refs(try loadInputs([layer], options: interchange.read, conninfo: engine.conninfo))
            let withinGeometries: [Geometry]? = within.isEmpty ? nil : try analysis.checked(refs(try loadInputs(within, options: interchange.read, conninfo: engine.conninfo))).compactMap(\.geometry)
            let format = try outputFormat(format, of: MeasureFormats.self, output: output.output)
            var check = Check(jobs: analysis.jobs, minimumAreaSquareMetres: minimum, maximumThinness: maxThinness)
            let result = try ProgressLine.show(quiet: analysis.quiet) { progress in
                if let sql = try engine.postgis(for: OperationCatalog.check) {
                    progress?.start("check in PostGIS")
                    return try sql.check(features, within: withinGeometries, options: check)
                }
                check.progress = progress
                return try check.run(features, within: withinGeometries)
            }
            found = !result.problems.isEmpty
            let text: String
            switch format {
            case .json: text = JSONText.encode(.object(try CheckCommand.json(result))) + "\n"
            case .csv, .xlsx:
                let table = TableRows(objects: try result.problems.map(CheckCommand.row), columns: ["kind", "features", "area_m2", "lon", "lat", "detail"],
                                      unit: unit.flatMap { AreaUnit($0) })
                return try csv.write(table, format: format, sheet: "problems", to: output.output, inputs: [layer] + within)
            case .table: text = CheckCommand.table(result, unit: AreaUnit(unit ?? "m2")!)
            case .geojson:
                text = GeoJSONWriter().string(FeatureCollection(try result.problems.map { p in
                    Feature(properties: try CheckCommand.row(p), geometry: p.geometry)
                }))
            }
            if format == .table { try Output.writeReadable(text, to: output.output, inputs: [layer] + within) } else { try Output.write(text, to: output.output, inputs: [layer] + within) }
        }
        if fail && found { throw ExitCode(1) }
    }

    /// `{"problems":[…],"counts":{…}}`, the JSON contract.
    static func json(_ r: Check.Result) throws -> JSONObject {
        let problems: [JSONValue] = try r.problems.map { p in
            .object(JSONObject([
                ("kind", .string(p.kind.rawValue)), ("features", .array(p.features.map { .number(JSONNumber($0)) })),
                ("area_m2", try p.areaSquareMetres.map { try number($0) } ?? .null),
                ("location", try p.location.map { .array([try number($0.x), try number($0.y)]) } ?? .null),
                ("detail", p.detail.map { .string($0) } ?? .null),
            ]))
        }
        let counts = JSONObject(r.counts.map { ($0.kind.rawValue, JSONValue.number(JSONNumber($0.count))) })
        return JSONObject([("problems", .array(problems)), ("counts", .object(counts)), ("features", .number(JSONNumber(r.featureCount)))])
    }

    /// A problem as a CSV row or GeoJSON properties (features joined by `;`).
    static func row(_ p: Check.Problem) throws -> JSONObject {
        JSONObject([
            ("kind", .string(p.kind.rawValue)), ("features", .string(p.features.map(String.init).joined(separator: ";"))),
            ("area_m2", try p.areaSquareMetres.map { try number($0) } ?? .null), ("lon", try p.location.map { try number($0.x) } ?? .null),
            ("lat", try p.location.map { try number($0.y) } ?? .null), ("detail", p.detail.map { .string($0) } ?? .null),
        ])
    }

    static func table(_ r: Check.Result, unit: AreaUnit) -> String {
        let summary = "\(grouped(Double(r.featureCount), 0)) features: " + r.counts.map { "\($0.count) \($0.kind.rawValue)" }.joined(separator: ", ") + "\n"
        guard !r.problems.isEmpty else { return summary }
        var t = Table(columns: ["problem", "features", "area (\(unit.symbol))", "location (lon, lat)", "detail"], rightAligned: [2])
        for p in r.problems {
            let features = p.features.count > 4 ? p.features.prefix(3).map(String.init).joined(separator: ", ") + ", … (\(p.features.count))" : p.features.map(String.init).joined(separator: ", ")
            t.rows.append([p.kind.rawValue, features, p.areaSquareMetres.map { grouped(unit.fromSquareMetres($0), 2) } ?? "",
                           p.location.map { fixed($0.x, 6) + ", " + fixed($0.y, 6) } ?? "", p.detail ?? ""])
        }
        return t.aligned() + summary
    }
}
