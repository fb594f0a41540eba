import ArgumentParser
import Foundation
import TongchengGeodesy
import TongchengGeometry
import TongchengInterchange

struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert between formats, CRSs and encodings (the common ogr2ogr cases): Shapefile, GeoPackage, KML, DXF, FileGDB, CSV, GeoJSON …",
        discussion: """
        The input's format is found by GDAL, its CRS from the file (.prj, GeoPackage SRS; KML is \
        WGS 84) unless --input-crs names one; the output's format comes from the extension of -o \
        (.geojson .gpkg .shp .zip .dxf .kml .fgb .csv .gdb .gml), in the input's CRS (as ogr2ogr) \
        unless --output-crs names another. A GeoPackage or FileGDB that exists gets the layer \
        (--output-layer) added or replaced and keeps its others (--overwrite replaces the file). \
        A Shapefile gets a .prj, a UTF-8 .cpg and field names of at most 10 characters (the \
        renaming is reported); DXF, for CAD, needs metres (a projected CRS) and gets closed \
        polylines on CAD layers named by --dxf-layer-property or the layer name, Chinese names in \
        GBK (ANSI_936) and a TEXT label per feature with --dxf-label. Writes are atomic: a failure \
        leaves nothing behind.

        Examples:
          tongcheng convert survey.shp --encoding GBK -o survey.gpkg
          tongcheng convert plan.gpkg --layer zones -o zones.shp --output-crs EPSG:4547
          tongcheng convert geodata/plan/zone.geojson -o zone.dxf --output-crs EPSG:4547
        """
    )

    @Argument(help: ArgumentHelp("The input: any file GDAL reads, a GeoJSON file, or - for standard input.", valueName: "FILE"))
    var file: String

    @OptionGroup var interchange: InterchangeOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "Decimals for GeoJSON coordinates (default: as many as needed to round-trip each double).")
    var precision: Int?

    func validate() throws {
        if let precision, !(0...17).contains(precision) { throw ValidationError("--precision must be between 0 and 17") }
    }

    func run() throws {
        try guarded {
            let fc = try loadInputs([file], options: interchange.read)[0].collection
            var options = interchange.write(precision: precision)
            guard let path = output.output, path != "-", let format = FeatureSink.format(of: path), format != .geoJSON else {
                try writeFeatures(fc, to: output, inputs: [file], precision: precision, interchange: interchange)
                return
            }
            // ogr2ogr's behaviour: the source's CRS unless --output-crs names another (KML, like
            // GeoJSON, is WGS 84 by definition).
            if options.outputCRS == nil, format != .kml { options.outputCRS = ConvertCommand.sourceCRS(file, interchange: interchange) }
            options.protecting = Output.protected([file])
            let report = try FeatureSink.write(fc, to: path, options: options)
            for note in report.notes { Terminal.note(note) }
            var from = "GeoJSON"
            if !FeatureSource.isGeoJSONName(file), FileManager.default.fileExists(atPath: file), let d = try? FeatureSource.describe(file) {
                let layer = d.layers.count == 1 ? d.layers[0] : d.layers.first { $0.name == interchange.layer }
                from = d.driver + (layer?.crs.map { ", \($0)" } ?? "")
            }
            let to = report.format.displayName + ", " + (options.outputCRS.map(ConvertCommand.shortCRS) ?? "WGS 84")
            let action = report.layerAction.map { "; \($0.summary)" } ?? ""
            let summary = "\(file) (\(from)) → \(report.path) (\(to)): \(report.featureCount) feature\(report.featureCount == 1 ? "" : "s")\(action)\n"
            try Output.writeReadable(summary, to: nil)
        }
    }
}

extension ConvertCommand {
    /// The input layer's CRS (`--input-crs` when given), or `nil` for WGS 84 and GeoJSON.
    static func sourceCRS(_ file: String, interchange: InterchangeOptions) -> String? {
        if let given = interchange.inputCRS { return (try? CoordinateSystem(given)) == .wgs84 ? nil : given }
        guard !FeatureSource.isGeoJSONName(file), FileManager.default.fileExists(atPath: file),
              let crs = FeatureSource.storedCoordinateSystem(file, layer: interchange.layer), crs != .wgs84 else { return nil }
        return crs == .gcj02 ? "gcj02" : crs.description
    }

    /// A CRS for the summary line: its code, or the first words of a WKT.
    static func shortCRS(_ crs: String) -> String {
        crs.count <= 40 ? crs : String(crs.prefix(37)) + "…"
    }
}
