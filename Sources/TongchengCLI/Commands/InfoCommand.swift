import ArgumentParser
import Foundation
import TongchengGeodesy
import TongchengGeometry
import TongchengInterchange

struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Summarise files: features by geometry type, extent, property names; for GDAL formats the driver, layers, CRS, encoding and field types.",
        discussion: """
        Example:
          tongcheng info geodata/places.geojson
          tongcheng info Tests/Fixtures/interchange/kaifeng-4490.gpkg  # all layers
        """
    )

    @Argument(help: ArgumentHelp("Sources (GeoJSON, Shapefile, GeoPackage, KML, DXF, FileGDB, CSV, …; 'FILE|layer=NAME|crs=EPSG:XXXX|encoding=GBK'; pg:TABLE), or - for standard input.", valueName: "FILE"))
    var files: [String]

    @Option(help: "table or json.")
    var format: FormatChoice<SummaryFormats>?

    @OptionGroup var interchange: InterchangeOptions
    @OptionGroup var output: OutputOptions


    func run() throws {
        try guarded {
            let json = try outputFormat(format, of: SummaryFormats.self, output: output.output) == .json
            var text = ""
            var docs: [JSONValue] = []
            var gdalJSON: [String: JSONValue] = [:]
            if files.filter({ $0 == "-" }).count > 1 { throw CommandFailure.usage("standard input (-) can be read only once") }
            for file in files {
                let name = file == "-" ? "<stdin>" : file
                let source = try SourceSpec.parse(file)
                var gdal: SourceDescription?
                if !FeatureSource.isGeoJSONName(source.location), FileManager.default.fileExists(atPath: source.location) {
                    gdal = try FeatureSource.describe(source.location)
                }
                if let gdal {
                    if json { gdalJSON[name] = describeJSON(gdal) } else { text += describeText(gdal, name: name) }
                    // A source of several layers is only described unless a layer is named.
                    if gdal.layers.count > 1, (source.layer ?? interchange.layer) == nil {
                        if json { docs.append(.object(JSONObject([("file", .string(name)), ("gdal", gdalJSON[name] ?? .null)]))) }
                        continue
                    }
                }
                let (fc, use) = try FeatureSource.readReporting(source, options: interchange.read)
                let loaded = (name: name, collection: fc)
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
                // A column named id becomes the features' id: it is listed with the properties.
                if !properties.contains("id"), fc.features.contains(where: { $0.id != nil }) { properties.insert("id", at: 0) }
                if json {
                    docs.append(.object(JSONObject([
                        ("file", .string(loaded.name)), ("features", .number(JSONNumber(fc.features.count))),
                        ("geometry_types", .object(JSONObject(types.map { ($0.0, .number(JSONNumber($0.1))) }))),
                        ("positions", .number(JSONNumber(positions))),
                        ("bbox", try box.map { .array(try $0.array.map { try number($0) }) } ?? .null),
                        ("properties", .array(properties.map { .string($0) })),
                        ("used", usedJSON(use)),
                    ] + (gdal == nil ? [] : [("gdal", gdalJSON[name] ?? .null)]))))
                } else {
                    if gdal == nil { text += "\(loaded.name)\n" }
                    text += "  features:   \(fc.features.count)\n"
                    text += "  types:      \(types.map { "\($0.0) \($0.1)" }.joined(separator: ", "))\n"
                    text += "  positions:  \(positions)\n"
                    if let b = box {
                        text += "  bbox:       \(b.minX), \(b.minY), \(b.maxX), \(b.maxY) (lon/lat, WGS 84)\n"
                    }
                    text += "  properties: \(properties.joined(separator: ", "))\n"
                    if gdal != nil || use.crsOrigin == "|crs=" { text += usedText(use) }
                }
            }
            if json { text = JSONText.encode(.object(JSONObject([("files", .array(docs))]))) + "\n" }
            if json { try Output.write(text, to: output.output, inputs: files) } else { try Output.writeReadable(text, to: output.output, inputs: files) }
        }
    }

    /// What the read used, and where each choice came from.
    func usedText(_ use: SourceUse) -> String {
        var text = ""
        if let layer = use.layer { text += "  read layer: \(layer)\n" }
        text += "  crs used:   \(use.crs.map { "\($0) (from \(use.crsOrigin))" } ?? use.crsOrigin)\n"
        text += "  encoding used: \(use.encoding.map { "\($0) (from \(use.encodingOrigin))" } ?? use.encodingOrigin)\n"
        return text
    }

    func usedJSON(_ use: SourceUse) -> JSONValue {
        .object(JSONObject([
            ("layer", use.layer.map { .string($0) } ?? .null),
            ("crs", use.crs.map { .string($0) } ?? .null), ("crs_from", .string(use.crsOrigin)),
            ("encoding", use.encoding.map { .string($0) } ?? .null), ("encoding_from", .string(use.encodingOrigin)),
        ]))
    }

    /// The GDAL description as text: driver, then each layer with its CRS, encoding and fields.
    func describeText(_ d: SourceDescription, name: String) -> String {
        var text = "\(name)\n  driver:     \(d.driver)\n"
        for layer in d.layers {
            text += "  layer:      \(layer.name) (\(layer.featureCount) feature\(layer.featureCount == 1 ? "" : "s"), \(layer.geometryType))\n"
            let crs = layer.crs.map { c in layer.crsName.map { $0 == c ? c : "\(c) (\($0))" } ?? c } ?? "none named (read as longitude/latitude unless --input-crs or FILE|crs= names one)"
            text += "  crs:        \(crs)\n"
            text += "  encoding:   \(layer.encoding ?? "not named (UTF-8 expected unless --encoding or FILE|encoding= names another)")\n"
            text += "  fields:     \(layer.fields.map { "\($0.name) \($0.type)" }.joined(separator: ", "))\n"
        }
        return text
    }

    func describeJSON(_ d: SourceDescription) -> JSONValue {
        .object(JSONObject([
            ("driver", .string(d.driver)),
            ("layers", .array(d.layers.map { l in
                .object(JSONObject([
                    ("name", .string(l.name)), ("features", .number(JSONNumber(l.featureCount))), ("geometry_type", .string(l.geometryType)),
                    ("crs", l.crs.map { .string($0) } ?? .null), ("crs_name", l.crsName.map { .string($0) } ?? .null),
                    ("encoding", l.encoding.map { .string($0) } ?? .null),
                    ("fields", .array(l.fields.map { .object(JSONObject([("name", .string($0.name)), ("type", .string($0.type))])) })),
                ]))
            })),
        ]))
    }
}
