import ArgumentParser
import Foundation
import TongchengGeodesy
import TongchengGeometry
import TongchengPlan

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Load a plan folder, check it, and list its layers.",
        discussion: """
        A plan folder holds plan.json naming one source per layer (boundaries, zone, belt, river, \
        corridors, corridor_axes, clusters, special_zone, transport, central_city, places), in any \
        format (zone.geojson, zone.shp, plan.gpkg|layer=zone). \
        Every problem is reported at once, one line each (missing file, wrong geometry type for a \
        layer, unknown status, a point outside Henan, the special zone's area off its target, a \
        feature without id, …); the exit code is then 65.

        --elements lists instead the elements the plan texts name (the folder's plan-elements.json): \
        the features that draw each one, or "not drawn" and its role (context, programme, unplaced); \
        --format json adds each one's reason.

        Examples:
          tongcheng plan                  # the bundled plan (geodata/)
          tongcheng plan --plan my-plan/
          tongcheng plan --elements       # every element of the two texts, drawn or not
        """
    )

    @OptionGroup var plan: PlanOptions
    @Option(help: "table or json.")
    var format: FormatChoice<SummaryFormats>?
    @OptionGroup var output: OutputOptions
    @Flag(help: "List the elements the plan texts name (plan-elements.json) with the features that draw them, or why not.")
    var elements = false

    func run() throws {
        try guarded {
            if elements {
                let json = try outputFormat(format, of: SummaryFormats.self, output: output.output) == .json
                try Output.write(try PlanElementsListing(directory: plan.directory).text(json: json), to: output.output)
                return
            }
            let loaded = try Plan.loadReportingProblems(directory: plan.directory)
            var text = ""
            if try outputFormat(format, of: SummaryFormats.self, output: output.output) == .json {
                let layers: [JSONValue] = LayerKind.allCases.compactMap { kind in
                    guard let layer = loaded[kind] else { return nil }
                    return .object(JSONObject([("layer", .string(kind.rawValue)), ("file", .string(layer.file)), ("features", .number(JSONNumber(layer.features.count)))]))
                }
                text = JSONText.encode(.object(JSONObject([
                    ("name", .string(loaded.name)), ("layers", .array(layers)),
                    ("problems", .array(loaded.problems.map { .string($0.description) })),
                ]))) + "\n"
            } else {
                var t = Table(columns: ["layer", "名称", "file", "features"], rightAligned: [3])
                for kind in LayerKind.allCases {
                    guard let layer = loaded[kind] else { continue }
                    t.rows.append([kind.rawValue, kind.chineseName, layer.file, String(layer.features.count)])
                }
                text = "\(loaded.name)\n\(plan.directory)\n" + t.aligned()
                if let zone = loaded[.specialZone]?.features.first?.geometry {
                    text += "special zone: \(fixed(zone.geodesicArea() / 1e6, 2)) km² (geodesic)\n"
                }
                text += loaded.problems.isEmpty ? "no problems\n" : ""
            }
            try Output.write(text, to: output.output)
            if !loaded.problems.isEmpty {
                for p in loaded.problems { Terminal.note("\(p)") }
                throw ExitCode(SysExit.dataError)
            }
        }
    }
}
