import ArgumentParser
import TongchengGeodesy
import TongchengGeometry
import TongchengOperations

struct LengthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "length",
        abstract: "Length of every feature (perimeter for polygons) and the total, on the ellipsoid.",
        discussion: """
        Lengths follow geodesics on the WGS 84 ellipsoid unless --crs names a projected CRS. \
        Polygons report their perimeter (all rings); points have length 0.

        Examples:
          tongcheng length geodata/plan/transport.geojson --unit km
          tongcheng length line.geojson --format json
        """
    )

    @Argument(help: ArgumentHelp("Sources (any format; 'FILE|layer=NAME|crs=EPSG:XXXX'; pg:TABLE), or - for standard input.", valueName: "FILE"))
    var files: [String]

    @Option(help: "Unit for the table: km or m. JSON always carries length_m as well.")
    var unit: String = "km"

    @Option(help: "table, csv, json or geojson (features with length_m added). Default: table, or the format -o's extension names.")
    var format: FormatChoice<MeasureFormats>?

    @OptionGroup var csv: CSVOptions

    @OptionGroup var crs: MeasureCRSOptions
    @OptionGroup var interchange: InterchangeOptions
    @OptionGroup var engine: EngineOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard LengthUnit(unit) != nil else { throw ValidationError("unknown length unit \"\(unit)\": use km or m") }
    }

    func run() throws {
        try guarded {
            let unit = LengthUnit(unit)!
            let m = Measurement(kind: .length, inputs: try loadInputs(files, options: interchange.read, conninfo: engine.conninfo), projection: try crs.projection(), engine: try engine.postgis(for: OperationCatalog.length))
            let rows = try m.rows()
            let text: String
            let format = try outputFormat(format, of: MeasureFormats.self, output: output.output)
            switch format {
            case .json: text = try m.json(rows, unitKey: "length_\(unit.rawValue)", unitValue: unit.fromMetres)
            case .csv, .xlsx:
                let table = TableRows(objects: try m.objects(rows, unitKey: "length_\(unit.rawValue)", unitValue: unit.fromMetres), columns: m.columns(unitKey: "length_\(unit.rawValue)"))
                return try csv.write(table, format: format, sheet: "length", to: output.output, inputs: files)
            case .geojson: text = try m.geojson(rows, precision: nil)
            default: text = m.table(rows, heading: "length (\(unit.rawValue))", format: { grouped(unit.fromMetres($0), unit == .m ? 1 : 3) }).aligned()
            }
            try Output.write(text, to: output.output, inputs: files)
        }
    }
}
