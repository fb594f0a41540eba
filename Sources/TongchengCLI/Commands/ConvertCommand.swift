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
        (.geojson .gpkg .shp .zip .dxf .kml .fgb .csv .gdb .gml), in WGS 84 unless --output-crs \
        names a CRS. A Shapefile gets a .prj, a UTF-8 .cpg and field names of at most 10 characters \
        (the renaming is reported); DXF gets closed polylines on CAD layers named by \
        --dxf-layer-property or the layer name. Writes are atomic: a failure leaves nothing behind.

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

    @Option(name: .customLong("output-layer"), help: ArgumentHelp("The output layer's name (default: --layer, else the output file's name).", valueName: "NAME"))
    var outputLayer: String?

    @Option(name: .customLong("dxf-layer-property"), help: ArgumentHelp("DXF: the property whose value names each feature's CAD layer.", valueName: "NAME"))
    var dxfLayerProperty: String?

    @Option(help: "Decimals for GeoJSON coordinates (default: as many as needed to round-trip each double).")
    var precision: Int?

    func validate() throws {
        if let precision, !(0...17).contains(precision) { throw ValidationError("--precision must be between 0 and 17") }
    }

    func run() throws {
        try guarded {
            let fc = try loadInputs([file], options: interchange.read)[0].collection
            var options = interchange.write(precision: precision)
            options.layer = outputLayer ?? interchange.layer
            options.dxfLayerProperty = dxfLayerProperty
            guard let path = output.output, path != "-", let format = FeatureSink.format(of: path), format != .geoJSON else {
                try writeFeatures(fc, to: output, inputs: [file], precision: precision, interchange: interchange)
                return
            }
            options.protecting = Output.protected([file])
            let report = try FeatureSink.write(fc, to: path, options: options)
            for note in report.notes { Terminal.note(note) }
            var from = "GeoJSON"
            if !FeatureSource.isGeoJSONName(file), FileManager.default.fileExists(atPath: file), let d = try? FeatureSource.describe(file) {
                let layer = d.layers.count == 1 ? d.layers[0] : d.layers.first { $0.name == interchange.layer }
                from = d.driver + (layer?.crs.map { ", \($0)" } ?? "")
            }
            let to = report.format.displayName + ", " + (interchange.outputCRS ?? "WGS 84")
            let summary = "\(file) (\(from)) → \(path) (\(to)): \(report.featureCount) feature\(report.featureCount == 1 ? "" : "s")\n"
            try Output.write(summary, to: nil)
        }
    }
}
