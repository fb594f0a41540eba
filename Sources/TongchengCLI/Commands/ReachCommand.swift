import TongchengAnalysis
import ArgumentParser
import Foundation
import TongchengGeodesy
import TongchengGeometry
import TongchengOperations

struct ReachCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reach",
        abstract: "How much of each feature lies within a distance of a place (the 100 km reach).",
        discussion: """
        The reach is a geodesic disc on the WGS 84 ellipsoid around a place, a LON,LAT point, or \
        the edge of a polygon file (reach from the edge of Zhengzhou's central city, not only from \
        its centre). For each feature of the --within files it gives the area, the area inside and \
        the fraction inside.

        JSON: {"origin":[lon,lat],"radius_m":…,"features":[{"index","id","name","area_m2","inside_m2","fraction"}]}
        --format geojson gives the disc and the parts inside.

        Examples:
          tongcheng reach --from zhengzhou --radius 100km \\
              --within geodata/plan/zone.geojson
          tongcheng reach --from central-city-zhengzhou --radius 100km \\
              --within geodata/boundaries.geojson
          tongcheng reach --from 113.6655,34.7535 --radius 100km \\
              --within geodata/boundaries.geojson --format json
        """
    )

    @Option(help: ArgumentHelp("A place from the gazetteer (zhengzhou, kaifeng, lankao-south, …), LON,LAT, an area of the plan by id or name (central-city-zhengzhou, 兰考县), or a source of polygons to reach from (any format).", valueName: "PLACE"))
    var from: String

    @Option(parsing: .unconditional, help: "Reach distance with a unit: 100km, 50 km.")
    var radius: String

    @Option(name: .customLong("within"), parsing: .upToNextOption, help: ArgumentHelp("Sources (any format) whose features are measured.", valueName: "FILE"))
    var within: [String]

    @Option(help: "table, csv, json (the documented contract) or geojson (the disc and the parts inside). Default: table, or the format -o's extension names.")
    var format: FormatChoice<MeasureFormats>?

    @OptionGroup var csv: CSVOptions

    @Option(help: "Unit for the table: km2, ha, mu or m2. Default: km2; when given, CSV and workbooks add an area_<unit> column beside each _m2 one.")
    var unit: String?

    @OptionGroup var plan: PlanOptions
    @OptionGroup var analysis: AnalysisOptions
    @OptionGroup var engine: EngineOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var interchange: InterchangeOptions

    func validate() throws {
        guard !within.isEmpty else { throw ValidationError("name the features to measure with --within FILE") }
        guard AreaUnit(unit ?? "km2") != nil else { throw ValidationError("unknown area unit \"\(unit ?? "")\": use km2, ha, mu or m2") }
    }

    func run() throws {
        try guarded {
            let r = try declaredMetres(radius, OperationCatalog.reach, "radius")
            let (origin, originName) = try plan.origin(from, analysis: analysis, read: interchange.read)
            var reach = Reach(origin: origin, radiusMetres: r, jobs: analysis.jobs)
            let inputs = try loadInputs(within, options: interchange.read, conninfo: engine.conninfo)
            let checked = try analysis.checked(refs(inputs))
            let sql = try engine.postgis(for: OperationCatalog.reach)
            let rows = try ProgressLine.show(quiet: analysis.quiet) { progress in
                reach.progress = progress
                return try sql.map { try $0.reach(checked, inside: try reach.disc()) } ?? reach.measure(checked)
            }
            let o = reach.originPosition
            let unit = AreaUnit(self.unit ?? "km2")!
            let chosenUnit = self.unit == nil ? nil : unit  // the CSV and workbook columns
            let text: String
            let format = try outputFormat(format, of: MeasureFormats.self, output: output.output)
            switch format {
            case .json:
                let features = try shareObjects(rows).map(JSONValue.object)
                text = JSONText.encode(.object(JSONObject([
                    ("origin", .array([try number(o.x), try number(o.y)])), ("origin_name", .string(originName)),
                    ("origin_kind", .string({ if case .area = origin { return "area" } else { return "point" } }())),
                    ("radius_m", try number(r)), ("features", .array(features)),
                ]))) + "\n"
            case .csv, .xlsx:
                return try csv.write(TableRows(objects: try shareObjects(rows), columns: shareColumns, unit: chosenUnit), format: format, sheet: "reach",
                                     to: output.output, inputs: within + [from])
            case .geojson:
                var features = [Feature(id: .string("reach"), properties: ["kind": "reach", "origin": .string(originName), "radius_m": try number(r)], geometry: try reach.disc())]
                for row in rows {
                    guard let part = row.inside else { continue }
                    var f = row.ref.feature
                    f.geometry = part
                    var p = f.properties ?? JSONObject()
                    p["inside_m2"] = try number(row.insideSquareMetres)
                    p["fraction"] = try number(row.fraction)
                    f.properties = p
                    f.bbox = nil
                    features.append(f)
                }
                text = GeoJSONWriter().string(FeatureCollection(features))
            default:
                text = "reach: \(grouped(r / 1000, 1)) km from \(originName) (\(fixed(o.x, 4)), \(fixed(o.y, 4))), geodesic on WGS 84\n"
                    + shareTable(rows, unit: unit)
            }
            try Output.write(text, to: output.output, inputs: within + [from])
        }
    }
}

/// The columns of a share row, as in the JSON contract of reach and isochrone.
let shareColumns = ["index", "file", "id", "name", "area_m2", "inside_m2", "fraction"]

/// `{"index","file","id","name","area_m2","inside_m2","fraction"}` per measured feature: the JSON
/// `features` of reach and isochrone, and the rows of their CSV.
func shareObjects(_ rows: [Reach.Row]) throws -> [JSONObject] {
    try rows.map { row in
        var obj = refObject(row.ref)
        obj["area_m2"] = try number(row.areaSquareMetres)
        obj["inside_m2"] = try number(row.insideSquareMetres)
        obj["fraction"] = try number(row.fraction)
        return obj
    }
}

/// The share rows as a table for people (or a line saying there is nothing to measure).
func shareTable(_ rows: [Reach.Row], unit: AreaUnit) -> String {
    if rows.isEmpty { return "no features to measure\n" }
    var t = Table(columns: ["#", "id", "name", "area (\(unit.symbol))", "inside (\(unit.symbol))", "share"], rightAligned: [0, 3, 4, 5])
    for row in rows {
        t.rows.append([String(row.ref.index), row.ref.feature.id?.text ?? "", row.ref.feature.name ?? "",
                       grouped(unit.fromSquareMetres(row.areaSquareMetres), 2), grouped(unit.fromSquareMetres(row.insideSquareMetres), 2),
                       fixed(row.fraction * 100, 1) + " %"])
    }
    return t.aligned()
}
