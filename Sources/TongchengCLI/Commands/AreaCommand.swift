import ArgumentParser
import TongchengGeodesy
import TongchengAnalysis
import TongchengGeometry
import TongchengOperations

struct AreaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "area",
        abstract: "Area of every feature and the total, on the ellipsoid.",
        discussion: """
        Areas are geodesic on the WGS 84 ellipsoid (as PostGIS geography and pyproj compute them) \
        unless --crs names a projected CRS. Holes are subtracted; points and lines have no area. \
        Invalid polygons (self-intersections, holes outside their shell) are refused with GEOS's \
        reason; --repair fixes them with makeValid first.

        Examples:
          tongcheng area geodata/boundaries.geojson --unit km2
          tongcheng area plan/special_zone.geojson --unit mu --format json
          cat zone.geojson | tongcheng area - --crs EPSG:4547
        """
    )

    @Argument(help: ArgumentHelp("Sources (any format; 'FILE|layer=NAME|crs=EPSG:XXXX'; pg:TABLE), or - for standard input.", valueName: "FILE"))
    var files: [String]

    @Option(help: "Unit for the table: km2, ha, mu (亩 = 666.67 m²) or m2. JSON always carries area_m2 as well.")
    var unit: String = "km2"

    @Option(help: "table (for people), csv, json (the documented contract) or geojson (features with area_m2 added). Default: table, or the format -o's extension names.")
    var format: FormatChoice<MeasureFormats>?

    @OptionGroup var csv: CSVOptions

    @OptionGroup var crs: MeasureCRSOptions
    @OptionGroup var interchange: InterchangeOptions
    @OptionGroup var analysis: AnalysisOptions
    @OptionGroup var engine: EngineOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard AreaUnit(unit) != nil else { throw ValidationError("unknown area unit \"\(unit)\": use km2, ha, mu or m2") }
    }

    func run() throws {
        try guarded {
            let unit = AreaUnit(unit)!
            // An invalid polygon has no meaningful area (a bow-tie's halves cancel out): refuse it
            // with GEOS's reason unless --repair is given.
            var inputs = try loadInputs(files, options: interchange.read, conninfo: engine.conninfo)
            for k in inputs.indices {
                let checked = try analysis.checked(FeatureRef.all(in: inputs[k].collection, file: inputs[k].name))
                inputs[k].collection.features = checked.map(\.feature)
            }
            let m = Measurement(kind: .area, inputs: inputs, projection: try crs.projection(), engine: try engine.postgis(for: OperationCatalog.area))
            let rows = try m.rows()
            let decimals = unit == .m2 ? 0 : 2
            let text: String
            let format = try outputFormat(format, of: MeasureFormats.self, output: output.output)
            switch format {
            case .json: text = try m.json(rows, unitKey: "area_\(unit.rawValue)", unitValue: unit.fromSquareMetres)
            case .csv, .xlsx:
                let table = TableRows(objects: try m.objects(rows, unitKey: "area_\(unit.rawValue)", unitValue: unit.fromSquareMetres), columns: m.columns(unitKey: "area_\(unit.rawValue)"))
                return try csv.write(table, format: format, sheet: "area", to: output.output, inputs: files)
            case .geojson: text = try m.geojson(rows, precision: nil)
            default: text = m.table(rows, heading: "area (\(unit.symbol))", format: { grouped(unit.fromSquareMetres($0), decimals) }).aligned()
            }
            try Output.write(text, to: output.output, inputs: files)
        }
    }
}
