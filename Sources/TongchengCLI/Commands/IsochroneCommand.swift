import TongchengAnalysis
import ArgumentParser
import Foundation
import TongchengGeodesy
import TongchengGeometry
import TongchengPlan

struct IsochroneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "isochrone",
        abstract: "The area reachable from a place within a travel time over the transport network.",
        discussion: """
        The model. The transport lines become a graph: their vertices are nodes (roads \
        densified to at most 2 km between nodes), each edge timed at its line's average speed — \
        high-speed rail 250, intercity 120, railway 80, airport express 120, expressway 100, \
        national road 60, provincial road 50 km/h (a line's own speed_kmh property overrides). \
        Roads join where their vertices lie within 250 m of each other. Trains are boarded and \
        left only at stations (gazetteer places of kind station within 500 m of the line), with \
        5 minutes to board. Off the network a trip moves in a straight line at 30 km/h (local \
        roads at about 40 km/h with a detour factor of 1.3): from the origin to any road node or \
        station, and from any reached road node or station to the end of the trip. Shortest times \
        come from Dijkstra's algorithm. The isochrone is the union of discs around the origin and \
        every reached node, each of radius the time left at 30 km/h, computed in an azimuthal \
        equidistant projection centred on the origin (exact distances from it; scale error below \
        0.01 % within 150 km). Areas are then geodesic on WGS 84.

        By default only existing lines count; --status existing,under_construction,planned tests \
        the plan after it is built. A planned line changes the isochrone only where it is faster \
        than what already exists and has a station within reach: planned lines without stations \
        of the gazetteer, or parallel to a faster existing one, leave the area unchanged.

        JSON: {"origin":[lon,lat],"minutes":…,"area_m2":…,"features":[{"index","id","name","area_m2","inside_m2","fraction"}]}
        (features only with --within). --format geojson gives the isochrone polygon.

        Examples:
          tongcheng isochrone --from zhengzhou --minutes 60 \\
              --within geodata/plan/zone.geojson --to lankao-south
          tongcheng isochrone --from zhengzhou --minutes 60 \\
              --status existing,planned -o hour.geojson
        """
    )

    @Option(help: ArgumentHelp("A place from the gazetteer or LON,LAT.", valueName: "PLACE"))
    var from: String

    @Option(name: .customLong("minutes"), help: ArgumentHelp("Travel time in minutes (a decimal number: 60, 45.5).", valueName: "minutes"))
    var minutesOption: DecimalNumber
    var minutes: Double { minutesOption.value }

    @Option(help: ArgumentHelp("Transport lines with mode and status properties, any source (default: the plan's transport layer).", valueName: "FILE"))
    var network: String?

    @Option(help: "Statuses of the lines that count, comma-separated: existing, under_construction, planned.")
    var status: String = "existing"

    @Option(name: .customLong("within"), parsing: .upToNextOption, help: ArgumentHelp("Sources (any format) whose share inside the isochrone is reported.", valueName: "FILE"))
    var within: [String] = []

    @Option(name: .customLong("to"), help: ArgumentHelp("A place whose travel time is reported (repeatable).", valueName: "PLACE"))
    var destinations: [String] = []

    @Option(help: "table, csv (the --within shares only), json (the documented contract) or geojson (the isochrone polygon). Default: table, or the format -o's extension names.")
    var format: FormatChoice<MeasureFormats>?

    @OptionGroup var csv: CSVOptions

    @OptionGroup var plan: PlanOptions
    @OptionGroup var analysis: AnalysisOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var interchange: InterchangeOptions

    func validate() throws {
        guard minutes > 0 && minutes <= 24 * 60 else { throw ValidationError("--minutes must be between 0 and 1440") }
        for s in status.split(separator: ",") where PlanStatus(rawValue: String(s)) == nil {
            throw ValidationError("unknown status \"\(s)\": use existing, under_construction or planned")
        }
    }

    func run() throws {
        try guarded {
            let format = try outputFormat(format, of: MeasureFormats.self, output: output.output)
            if (format == .csv || format == .xlsx) && within.isEmpty {
                throw CommandFailure.usage("--format csv lists the share of each --within feature inside the isochrone: add --within FILE, or use --format json for the area and travel times")
            }
            let origin = try plan.position(from)
            let statuses = Set(status.split(separator: ",").compactMap { PlanStatus(rawValue: String($0)) })
            let networkPath = try network ?? Plan.layerPath(.transport, directory: plan.directory)
            let lines = try loadInputs([networkPath], options: interchange.read)[0].collection.features.filter { f in
                f.planStatus.map { statuses.contains($0) } ?? statuses.contains(.existing)
            }
            let stations = try plan.gazetteer().places.stationPositions
            let iso = Isochrone(origin: origin, minutes: minutes, network: lines, stations: stations)
            let withinRefs = within.isEmpty ? [] : try analysis.checked(refs(try loadInputs(within, options: interchange.read)))
            let (area, arrivals, rows) = try ProgressLine.show(quiet: analysis.quiet) { progress in
                progress?.start("isochrone: travel times over \(lines.count) lines")
                let area = try iso.area()
                let arrivals = destinations.isEmpty ? [] : try iso.minutes(to: try destinations.map { try plan.position($0) })
                let rows = within.isEmpty ? [] : try Reach.measure(withinRefs, inside: area, jobs: analysis.jobs, progress: progress, stage: "isochrone")
                return (area, arrivals, rows)
            }
            let times = Array(zip(destinations, arrivals))
            let text: String
            switch format {
            case .csv, .xlsx:
                return try csv.write(TableRows(objects: try shareObjects(rows), columns: shareColumns), format: format, sheet: "isochrone",
                                     to: output.output, inputs: within + [networkPath])
            case .json:
                text = JSONText.encode(.object(JSONObject([
                    ("origin", .array([try number(origin.x), try number(origin.y)])), ("origin_name", .string(from)), ("minutes", try number(minutes)),
                    ("statuses", .array(statuses.map(\.rawValue).sorted().map { .string($0) })),
                    ("area_m2", try number(area.geodesicArea())),
                    ("destinations", .array(try times.map { .object(JSONObject([("place", .string($0.0)), ("minutes", try $0.1.map { try number($0) } ?? .null)])) })),
                    ("features", .array(try shareObjects(rows).map(JSONValue.object))),
                ]))) + "\n"
            case .geojson:
                text = GeoJSONWriter(precision: 6).string(FeatureCollection([Feature(id: .string("isochrone"), properties: [
                    "kind": "isochrone", "origin": .string(from), "minutes": try number(minutes),
                    "statuses": .string(statuses.map(\.rawValue).sorted().joined(separator: ",")), "area_m2": try number(area.geodesicArea()),
                ], geometry: area)]))
            default:
                var out = "isochrone: \(minutesOption.text) min from \(from) over \(statuses.map(\.rawValue).sorted().joined(separator: ", ")) lines: \(grouped(area.geodesicArea() / 1e6, 1)) km²\n"
                for (place, m) in times {
                    out += "  to \(place): " + (m.map { "\(fixed($0, 0)) min" } ?? "beyond \(minutesOption.text) min") + "\n"
                }
                if !within.isEmpty { out += shareTable(rows, unit: .km2) }
                text = out
            }
            try Output.write(text, to: output.output, inputs: within + [networkPath])
        }
    }
}
