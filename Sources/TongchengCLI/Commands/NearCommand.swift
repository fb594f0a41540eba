import TongchengAnalysis
import ArgumentParser
import TongchengGeodesy
import TongchengGeometry
import TongchengOperations

struct NearCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "near",
        abstract: "Which features lie within a distance of which, with the geodesic distance.",
        discussion: """
        For every feature of FILE, the features of --to within --distance, nearest first. \
        Distances are geodesic (WGS 84) between the two closest points.

        JSON: {"distance_m":…,"pairs":[{"a":{"index","id","name"},"b":{…},"distance_m":…}]}
        --format geojson gives the features of FILE that are near, with near_id, near_name and distance_m.

        Example: places within 5 km of the planned Heze–Lankao–Zhengzhou South railway
          tongcheng near geodata/places.geojson \\
              --to geodata/plan/transport.geojson --distance 5km
        """
    )

    @Argument(help: ArgumentHelp("A source (any format; 'FILE|layer=NAME|crs=EPSG:XXXX'; pg:TABLE), or - for standard input.", valueName: "FILE"))
    var file: String

    @Option(name: .customLong("to"), help: ArgumentHelp("The features to measure to: any source.", valueName: "FILE"))
    var target: String

    @Option(parsing: .unconditional, help: "Distance with a unit: 5km, 500m.")
    var distance: String

    @Option(help: "table, csv, json (the documented contract) or geojson. Default: table, or the format -o's extension names.")
    var format: FormatChoice<MeasureFormats>?

    @OptionGroup var csv: CSVOptions

    @OptionGroup var analysis: AnalysisOptions
    @OptionGroup var engine: EngineOptions
    @OptionGroup var limit: PairLimitOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var interchange: InterchangeOptions

    func run() throws {
        try guarded {
            let d = try declaredMetres(distance, OperationCatalog.near, "distance")
            guard d >= 0 else { throw CommandFailure.usage("--distance must not be negative") }
            let inputs = try loadInputs([file, target], options: interchange.read, conninfo: engine.conninfo)
            let a = try analysis.checked(FeatureRef.all(in: inputs[0].collection, file: inputs[0].name))
            let b = try analysis.checked(FeatureRef.all(in: inputs[1].collection, file: inputs[1].name))
            let ref = ["index", "file", "id", "name"]
            let out = try PairOutput(format: try outputFormat(format, of: MeasureFormats.self, output: output.output), csv: csv.writer(for: output.output),
                                     columns: ref.map { "a_" + $0 } + ref.map { "b_" + $0 } + ["distance_m"],
                                     table: Table(columns: ["a", "b", "distance (km)"], rightAligned: [2]),
                                     jsonHead: "{\"distance_m\":\(JSONText.encode(try number(d))),\"pairs\":[", to: output.output, inputs: [file, target])
            func label(_ r: FeatureRef) -> String { r.feature.name ?? r.feature.id?.text ?? "#\(r.index)" }
            var seen = Set<Int>()  // GeoJSON: each feature of the first file once, with its nearest
            let sql = try engine.postgis(for: OperationCatalog.near)
            func pairs(_ progress: ProgressCounter?, _ body: (Near.Pair) throws -> Void) throws -> Bool {
                if let sql {
                    progress?.start("near in PostGIS")
                    return try streamList(try sql.near(a, b, distanceMetres: d), limit: limit.limit, body)
                }
                var near = Near(distanceMetres: d, jobs: analysis.jobs)
                near.progress = progress
                return try near.forEachPair(from: a, to: b, limit: limit.limit, body)
            }
            let stopped = try ProgressLine.show(quiet: analysis.quiet) { progress in try pairs(progress) { p in
                let first = seen.insert(p.a.index).inserted
                try out.add(object: JSONObject([("a", refJSON(p.a)), ("b", refJSON(p.b)), ("distance_m", try number(p.distanceMetres))]),
                            cells: [label(p.a), label(p.b), fixed(p.distanceMetres / 1000, 2)],
                            feature: first ? {
                                var f = p.a.feature
                                var props = f.properties ?? JSONObject()
                                props["near_id"] = idJSON(p.b.feature)
                                props["near_name"] = nameJSON(p.b.feature)
                                props["distance_m"] = try number(p.distanceMetres)
                                f.properties = props
                                return f
                            }() : nil)
            } }
            try out.finish(emptyTable: "nothing within \(distance)\n", emptyNote: "nothing within \(distance): the CSV has only its header")
            if stopped { Terminal.note("stopped after \(out.count) pairs (--limit); there are more") }
        }
    }
}
