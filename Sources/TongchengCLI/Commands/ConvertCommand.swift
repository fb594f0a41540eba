import ArgumentParser
import Foundation
import TongchengGeodesy
import TongchengGeometry
import TongchengInterchange
import TongchengPostGIS

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
            // What the source used (its layer and CRS, from `|layer=`/`|crs=`, the file, or the
            // global defaults), so that the output keeps that CRS; tables and standard input are WGS 84.
            let spec = try SourceSpec.parse(file)
            let fc: FeatureCollection
            var use: SourceUse?
            if PostGISSource.isLocation(spec.location) || spec.location == "-" {
                fc = try loadInputs([file], options: interchange.read)[0].collection
            } else {
                let read = try FeatureSource.readReporting(spec, options: interchange.read)
                (fc, use) = (read.collection, read.use)
            }
            var options = interchange.write(precision: precision)
            guard let path = output.output, path != "-", let format = FeatureSink.format(of: path), format != .geoJSON else {
                try writeFeatures(fc, to: output, inputs: [file], precision: precision, interchange: interchange)
                return
            }
            // ogr2ogr's behaviour: the source's CRS unless --output-crs names another (KML, like
            // GeoJSON, is WGS 84 by definition).
            if options.outputCRS == nil, format != .kml { options.outputCRS = ConvertCommand.sourceCRS(spec.location, use: use) }
            options.protecting = Output.protected([spec.location])
            let report = try FeatureSink.write(fc, to: path, options: options)
            for note in report.notes { Terminal.note(note) }
            var from = "GeoJSON"
            if !FeatureSource.isGeoJSONName(spec.location), FileManager.default.fileExists(atPath: spec.location), let d = try? FeatureSource.describe(spec.location) {
                from = d.driver + (use?.crs.map { ", \($0)" } ?? "")
            }
            let to = report.format.displayName + ", " + (options.outputCRS.map(ConvertCommand.shortCRS) ?? "WGS 84")
            let action = report.layerAction.map { "; \($0.summary)" } ?? ""
            let summary = "\(file) (\(from)) → \(report.path) (\(to)): \(report.featureCount) feature\(report.featureCount == 1 ? "" : "s")\(action)\n"
            try Output.writeReadable(summary, to: nil)
        }
    }
}

extension ConvertCommand {
    /// The CRS the source's coordinates were read in — its own `|crs=`, the file's (in full, as
    /// GDAL reads it), or `--input-crs` for a file that names none, as `SourceUse` says — or
    /// `nil` for WGS 84, GeoJSON, tables and standard input.
    static func sourceCRS(_ location: String, use: SourceUse?) -> String? {
        guard let use, let named = use.crs else { return nil }
        let crs: CoordinateSystem?
        if use.crsOrigin == "the file" {
            crs = FeatureSource.storedCoordinateSystem(location, layer: use.layer)
        } else {
            crs = try? CoordinateSystem(named)
        }
        guard let crs, crs != .wgs84 else { return nil }
        return crs == .gcj02 ? "gcj02" : crs.description
    }

    /// A CRS for the summary line: its code, or the first words of a WKT.
    static func shortCRS(_ crs: String) -> String {
        crs.count <= 40 ? crs : String(crs.prefix(37)) + "…"
    }
}
