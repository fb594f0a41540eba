import ArgumentParser
import Geodesy
import Geometry

struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Summarise GeoJSON files: features by geometry type, extent, property names.",
        discussion: """
        Example:
          tongcheng info geodata/places.geojson
        """
    )

    @Argument(help: ArgumentHelp("GeoJSON files, or - for standard input.", valueName: "FILE"))
    var files: [String]

    @Option(help: "table or json.")
    var format: FormatChoice<SummaryFormats>?

    @OptionGroup var input: InputCRSOptions
    @OptionGroup var output: OutputOptions


    func run() throws {
        try guarded {
            let json = try outputFormat(format, of: SummaryFormats.self, output: output.output) == .json
            var text = ""
            var docs: [JSONValue] = []
            for loaded in try loadInputs(files, crs: try input.coordinateSystem()) {
                let fc = loaded.collection
                var types: [(String, Int)] = []
                var properties: [String] = []
                var box: BoundingBox?
                var positions = 0
                var nullGeometries = 0
                for f in fc.features {
                    for (k, _) in f.properties ?? JSONObject() where !properties.contains(k) { properties.append(k) }
                    guard let g = f.geometry else {
                        nullGeometries += 1
                        continue
                    }
                    if let i = types.firstIndex(where: { $0.0 == g.typeName }) { types[i].1 += 1 } else { types.append((g.typeName, 1)) }
                    positions += g.positionCount
                    if let b = g.boundingBox {
                        if box == nil { box = b } else { box!.extend(b) }
                    }
                }
                if nullGeometries > 0 { types.append(("null", nullGeometries)) }
                if json {
                    docs.append(.object(JSONObject([
                        ("file", .string(loaded.name)), ("features", .number(JSONNumber(fc.features.count))),
                        ("geometry_types", .object(JSONObject(types.map { ($0.0, .number(JSONNumber($0.1))) }))),
                        ("positions", .number(JSONNumber(positions))),
                        ("bbox", box.map { .array($0.array.map(number)) } ?? .null),
                        ("properties", .array(properties.map { .string($0) })),
                    ])))
                } else {
                    text += "\(loaded.name)\n"
                    text += "  features:   \(fc.features.count)\n"
                    text += "  types:      \(types.map { "\($0.0) \($0.1)" }.joined(separator: ", "))\n"
                    text += "  positions:  \(positions)\n"
                    if let b = box {
                        text += "  bbox:       \(b.minX), \(b.minY), \(b.maxX), \(b.maxY) (lon/lat, WGS 84)\n"
                    }
                    text += "  properties: \(properties.joined(separator: ", "))\n"
                }
            }
            if json { text = JSONText.encode(.object(JSONObject([("files", .array(docs))]))) + "\n" }
            try Output.write(text, to: output.output, inputs: files)
        }
    }
}
