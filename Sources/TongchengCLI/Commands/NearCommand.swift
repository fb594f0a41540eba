import Analysis
import ArgumentParser
import Geodesy
import Geometry

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
          tongcheng near geodata/places.geojson --to geodata/plan/transport.geojson --distance 5km
        """
    )

    @Argument(help: ArgumentHelp("A GeoJSON file, or - for standard input.", valueName: "FILE"))
    var file: String

    @Option(name: .customLong("to"), help: ArgumentHelp("GeoJSON file of the features to measure to.", valueName: "FILE"))
    var target: String

    @Option(help: "Distance with a unit: 5km, 500m.")
    var distance: String

    @Option(help: "table, csv, json (the documented contract) or geojson. Default: table, or the format -o's extension names.")
    var format: FormatChoice<MeasureFormats>?

    @OptionGroup var csv: CSVOptions

    @OptionGroup var analysis: AnalysisOptions
    @OptionGroup var engine: EngineOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try guarded {
            let d = try checkedMetres(distance, option: "--distance", in: 0...EarthLimits.halfMeridianMetres)
            guard d >= 0 else { throw CommandFailure.usage("--distance must not be negative") }
            let inputs = try loadInputs([file, target], conninfo: engine.conninfo)
            let a = try analysis.checked(FeatureRef.all(in: inputs[0].collection, file: inputs[0].name))
            let b = try analysis.checked(FeatureRef.all(in: inputs[1].collection, file: inputs[1].name))
            let pairs = try engine.postgis().map { try $0.near(a, b, distanceMetres: d) } ?? Near(distanceMetres: d, jobs: analysis.jobs).pairs(from: a, to: b)
            let text: String
            let objects = pairs.map { p in JSONObject([("a", refJSON(p.a)), ("b", refJSON(p.b)), ("distance_m", number(p.distanceMetres))]) }
            switch try outputFormat(format, of: MeasureFormats.self, output: output.output) {
            case .json:
                text = JSONText.encode(.object(JSONObject([("distance_m", number(d)), ("pairs", .array(objects.map(JSONValue.object)))]))) + "\n"
            case .csv:
                let ref = ["index", "file", "id", "name"]
                text = csv.writer(for: output.output).string(objects: objects, columns: ref.map { "a_" + $0 } + ref.map { "b_" + $0 } + ["distance_m"])
                if pairs.isEmpty { Terminal.note("nothing within \(distance): the CSV has only its header") }
            case .geojson:
                var seen = Set<Int>()
                var features: [Feature] = []
                for p in pairs where !seen.contains(p.a.index) {
                    seen.insert(p.a.index)
                    var f = p.a.feature
                    var props = f.properties ?? JSONObject()
                    props["near_id"] = idJSON(p.b.feature)
                    props["near_name"] = nameJSON(p.b.feature)
                    props["distance_m"] = number(p.distanceMetres)
                    f.properties = props
                    features.append(f)
                }
                text = GeoJSONWriter().string(FeatureCollection(features))
            default:
                var t = Table(columns: ["a", "b", "distance (km)"], rightAligned: [2])
                func label(_ r: FeatureRef) -> String { r.feature.name ?? r.feature.id?.text ?? "#\(r.index)" }
                for p in pairs {
                    t.rows.append([label(p.a), label(p.b), fixed(p.distanceMetres / 1000, 2)])
                }
                text = pairs.isEmpty ? "nothing within \(distance)\n" : t.aligned()
            }
            try Output.write(text, to: output.output, inputs: [file, target])
        }
    }
}
