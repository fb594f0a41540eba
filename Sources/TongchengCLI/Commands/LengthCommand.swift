import ArgumentParser
import Geodesy
import Geometry

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

    @Argument(help: ArgumentHelp("GeoJSON files, or - for standard input.", valueName: "FILE"))
    var files: [String]

    @Option(help: "Unit for the table: km or m. JSON always carries length_m as well.")
    var unit: String = "km"

    @Option(help: "table, csv, json or geojson (features with length_m added).")
    var format: OutputFormat = .table

    @OptionGroup var crs: MeasureCRSOptions
    @OptionGroup var input: InputCRSOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard LengthUnit(unit) != nil else { throw ValidationError("unknown length unit \"\(unit)\": use km or m") }
    }

    func run() throws {
        try guarded {
            let unit = LengthUnit(unit)!
            let m = Measurement(kind: .length, inputs: try loadInputs(files, crs: try input.coordinateSystem()), projection: try crs.projection())
            let rows = try m.rows()
            let text: String
            switch format {
            case .json: text = m.json(rows, unitKey: "length_\(unit.rawValue)", unitValue: unit.fromMetres)
            case .table: text = m.table(rows, heading: "length (\(unit.rawValue))", format: { grouped(unit.fromMetres($0), unit == .m ? 1 : 3) }).aligned()
            case .csv: text = m.table(rows, heading: "length_\(unit.rawValue)", format: { fixed(unit.fromMetres($0), 6) }).csv()
            case .geojson: text = m.geojson(rows, precision: nil)
            }
            try Output.write(text, to: output.output, inputs: files)
        }
    }
}
