import ArgumentParser
import TongchengInterchange
import TongchengGeometry
import TongchengPostGIS
import TongchengProcessIO

/// `tongcheng db pull TABLE -o FILE`: a PostGIS table back to a file.
struct DbPullCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pull",
        abstract: "Read a PostGIS table (or view) back into a file: GeoJSON, or any format by -o's extension (.gpkg, .shp, …).",
        discussion: """
        The first geometry column becomes the geometry (in WGS 84; other SRIDs are transformed by \
        the server), the column push marked as the feature id becomes the id, every other column a \
        property with its type kept. A table pushed by Tongcheng comes back as it went in.

        Examples:
          tongcheng db pull henan_counties -o counties.geojson
          tongcheng db pull plan.zones --precision 7 > zones.geojson
          tongcheng db pull henan_counties -o counties.gpkg
        """
    )

    @Argument(help: ArgumentHelp("The table: NAME or schema.name.", valueName: "TABLE"))
    var table: String

    @Option(help: ArgumentHelp("Schema of the table (then TABLE is taken whole, dots included).", valueName: "S"))
    var schema: String?

    @Option(help: "Decimal places for coordinates (default: every digit, so the round trip is exact).")
    var precision: Int?

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var container: ContainerOptions

    func validate() throws {
        if let out = output.output, out != "-", FeatureSink.format(of: out) == nil {
            throw ValidationError("cannot tell the output format from \(out)'s extension: use one of \(FeatureFormat.extensionList)")
        }
    }

    func run() throws {
        try guarded {
            let name = try SQLName.table(table, schema: schema)
            let db = try database.connect()
            if let path = output.output, path != "-", let format = FeatureSink.format(of: path), format != .geoJSON {
                // GDAL formats are written whole by FeatureSink (the rows are held until then).
                let fc = try TablePull.read(name, from: db)
                try writeFeatures(fc.features, to: output, inputs: [], precision: precision, container: container)
                return
            }
            // GeoJSON is streamed: each row is written as it arrives, so memory stays bounded at
            // any row count; the file is put in place only when the last row is in.
            let stream = try SafeOutput.Stream(to: output.output, protecting: Output.protected())
            let writer = GeoJSONWriter(precision: precision)
            var count = 0
            var pending: [UInt8] = Array(#"{"type":"FeatureCollection","features":["#.utf8)
            try TablePull.forEachFeature(name, from: db) { feature in
                pending.append(contentsOf: (count == 0 ? "\n" : ",\n").utf8)
                pending.append(contentsOf: writer.string(feature).utf8)
                count += 1
                if pending.count >= 1 << 20 {
                    try stream.write(pending)
                    pending.removeAll(keepingCapacity: true)
                }
            }
            pending.append(contentsOf: (count == 0 ? "]}\n" : "\n]}\n").utf8)
            try stream.write(pending)
            try stream.commit()
        }
    }
}
