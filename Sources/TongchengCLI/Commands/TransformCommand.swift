import ArgumentParser
import TongchengGeodesy
import TongchengGeometry
import TongchengInterchange

struct TransformCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transform",
        abstract: "Convert a source between coordinate systems (EPSG codes, PROJ strings, wgs84, gcj02).",
        discussion: """
        Properties, ids and foreign members pass through unchanged. GeoJSON keeps (longitude, \
        latitude) order whatever the CRS's official axis order. gcj02 is the datum of Amap/高德 and \
        Tencent web maps (300–700 m off WGS 84 in Henan): convert such data to wgs84 before \
        combining it with GPS, OpenStreetMap or official data. Output in a projected CRS is \
        written in its units (metres) with a "crs" member naming it, as QGIS and GDAL read it.

        Examples:
          tongcheng transform boundary_gcj.geojson --from gcj02 --to wgs84 \\
              -o boundary.geojson
          tongcheng transform plan.geojson --from wgs84 --to EPSG:4547 --precision 2
        """
    )

    @Argument(help: ArgumentHelp("A source (any format; 'FILE|crs=EPSG:XXXX'), or - for standard input.", valueName: "FILE"))
    var file: String

    @Option(help: ArgumentHelp("The input's CRS: wgs84, gcj02, cgcs2000, EPSG:XXXX or a PROJ string (default: wgs84 for GeoJSON; the file's own CRS for Shapefile, GeoPackage, …).", valueName: "CRS"))
    var from: String?

    @Option(help: ArgumentHelp("The output's CRS, in the same forms.", valueName: "CRS"))
    var to: String

    @Option(help: "Decimals for output coordinates (default: as many as needed to round-trip each double).")
    var precision: Int?

    @OptionGroup var output: OutputOptions
    @OptionGroup var container: ContainerOptions

    func validate() throws {
        try checkPrecision(precision)
    }

    func run() throws {
        try guarded {
            try checkGeoJSONOutput(output)
            let target = try CoordinateSystem(to)
            if let path = output.output, path != "-", let format = FeatureSink.format(of: path), format != .geoJSON {
                // Another format: read in WGS 84 (from the file's CRS or --from), project on the way out.
                let fc = try loadInputs([file], options: ReadOptions(inputCRS: from, warn: { Terminal.warning($0) }))[0].collection
                let report = try FeatureSink.write(fc, to: path, options: WriteOptions(layer: container.outputLayer, outputCRS: to, precision: precision,
                                                                                    overwrite: container.overwrite, protecting: Output.protected([file])))
                for note in report.notes { Terminal.note(note) }
                if let action = report.layerAction { Terminal.note("\(report.path): \(action.summary)") }
                return
            }
            if file != "-", !FeatureSource.isGeoJSONName(file) {
                var fc = try loadInputs([file], options: ReadOptions(inputCRS: from, warn: { Terminal.warning($0) }))[0].collection
                let transformer = try Transformer(from: .wgs84, to: target)
                try transformGeometries(&fc, with: transformer, file: file)
                try Output.write(GeoJSONWriter(precision: precision).string(withCRSMember(fc, transformer, target)), to: output.output, inputs: [file])
                return
            }
            let source = try CoordinateSystem(from ?? "wgs84")
            let transformer = try Transformer(from: source, to: target)
            let reader = GeoJSONReader(options: GeoJSONReadOptions(geographic: transformer.sourceIsGeographic))
            var fc = try reader.read(file: file).featureCollection
            try transformGeometries(&fc, with: transformer, file: file == "-" ? "<stdin>" : file)
            try Output.write(GeoJSONWriter(precision: precision).string(withCRSMember(fc, transformer, target)), to: output.output, inputs: [file])
        }
    }

    /// The collection with a "crs" member naming a projected target, as QGIS and GDAL read it.
    func withCRSMember(_ collection: FeatureCollection, _ transformer: Transformer, _ target: CoordinateSystem) -> FeatureCollection {
        var fc = collection
        fc.bbox = nil  // a bbox in the old CRS would be wrong now
        fc.foreignMembers["crs"] = nil
        if !transformer.targetIsGeographic, case .proj(let definition) = target, definition.uppercased().hasPrefix("EPSG:") {
            fc.foreignMembers["crs"] = .object(JSONObject([("type", "name"), ("properties", .object(JSONObject([("name", .string("urn:ogc:def:crs:EPSG::\(definition.dropFirst(5))"))])))]))
        }
        return fc
    }
}
