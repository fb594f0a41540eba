import ArgumentParser
import Foundation
import TongchengGeometry
import TongchengInterchange

/// Output formats. Each subcommand offers only the ones it writes (`FormatChoice`), and an `-o`
/// file must carry an extension of its format (`OutputFormat.extensions`).
enum OutputFormat: String, CaseIterable, Sendable {
    case table, csv, json, geojson, xlsx

    /// The file extensions an output of each format may have. An `-o` file with another extension
    /// is refused (exit 64) rather than written in a format its name belies; a name without an
    /// extension is accepted. Keyed by format: a new output format (GeoPackage, Shapefile, PDF…)
    /// is one more entry here and one more case above.
    static let extensions: [OutputFormat: [String]] = [
        .table: ["txt"],
        .csv: ["csv"],
        .json: ["json"],
        .geojson: ["geojson", "json"],
        .xlsx: ["xlsx"],
    ]
}

/// The formats one subcommand writes, first the default.
protocol FormatSet {
    static var formats: [OutputFormat] { get }
}

/// `table, csv, json, geojson, xlsx`: the measuring subcommands (xlsx: the CSV's rows as an Excel
/// workbook, numbers as numbers, and a crosstab sheet where the command has one).
enum MeasureFormats: FormatSet { static let formats: [OutputFormat] = [.table, .csv, .json, .geojson, .xlsx] }
/// `table, csv, json, xlsx`: tables with no geometry of their own (transition).
enum TableFormats: FormatSet { static let formats: [OutputFormat] = [.table, .csv, .json, .xlsx] }
/// `table, json`: summaries (info, validate, plan).
enum SummaryFormats: FormatSet { static let formats: [OutputFormat] = [.table, .json] }
/// `geojson`: the subcommands that make geometry (transform, buffer, clip, erase, dissolve, site).
enum GeometryFormats: FormatSet { static let formats: [OutputFormat] = [.geojson] }

/// A `--format` value restricted to a subcommand's formats, so that its help lists only those
/// and any other value is a usage error (exit 64).
struct FormatChoice<Set: FormatSet>: ExpressibleByArgument {
    var format: OutputFormat

    init(_ format: OutputFormat) { self.format = format }

    init?(argument: String) {
        guard let f = OutputFormat(rawValue: argument.lowercased()), Set.formats.contains(f) else { return nil }
        format = f
    }

    static var allValueStrings: [String] { Set.formats.map(\.rawValue) }
    var defaultValueDescription: String { format.rawValue }
}

/// The format to write: `--format` when given (and then `-o`'s extension must agree), else the
/// one `-o`'s extension names, else the subcommand's default.
///
/// ```swift
/// try outputFormat(nil, of: MeasureFormats.self, output: "areas.csv")      // .csv
/// try outputFormat(.init(.json), of: MeasureFormats.self, output: "a.csv") // exit 64
/// ```
func outputFormat<S: FormatSet>(_ given: FormatChoice<S>?, of: S.Type, output: String?) throws -> OutputFormat {
    let allowed = S.formats
    let ext = output.flatMap { $0 == "-" ? nil : ($0 as NSString).pathExtension.lowercased() } ?? ""
    func names(_ f: OutputFormat) -> String { (OutputFormat.extensions[f] ?? []).map { "." + $0 }.joined(separator: " or ") }
    if let given {
        if !ext.isEmpty, !(OutputFormat.extensions[given.format] ?? []).contains(ext) {
            throw CommandFailure.usage("-o \(output ?? ""): a .\(ext) file cannot hold \(given.format.rawValue) output; name it \(names(given.format))" +
                                       (allowed.count > 1 ? ", or choose the --format its extension names" : ""))
        }
        return given.format
    }
    guard !ext.isEmpty else { return allowed[0] }
    if let f = allowed.first(where: { (OutputFormat.extensions[$0] ?? []).contains(ext) }) { return f }
    let offered = allowed.map { "\($0.rawValue) (\(names($0)))" }.joined(separator: ", ")
    throw CommandFailure.usage("-o \(output ?? ""): this subcommand does not write .\(ext) files; it writes \(offered)")
}

/// Refuses an `-o` whose extension is not GeoJSON's or one of `FeatureSink`'s formats (`.gpkg`,
/// `.shp`, `.zip`, `.dxf`, `.kml`, `.fgb`, `.csv`, `.gdb`, `.gml`), for the subcommands that write
/// features.
func checkGeoJSONOutput(_ output: OutputOptions) throws {
    if let path = output.output, path != "-", let format = FeatureSink.format(of: path), format != .geoJSON { return }
    _ = try outputFormat(nil as FormatChoice<GeometryFormats>?, of: GeometryFormats.self, output: output.output)
}

/// `--bom` / `--no-bom`: the UTF-8 byte-order mark in CSV output. Default: a BOM when `-o` ends in
/// `.csv` (a file for a spreadsheet: Excel needs it to read Chinese names), none on standard
/// output (for tools and pipes).
struct CSVOptions: ParsableArguments {
    @Flag(inversion: .prefixedNo, help: "Start CSV with a UTF-8 byte-order mark, so that Excel reads Chinese names (default: yes when -o ends in .csv, no on standard output).")
    var bom: Bool?

    /// The CSV writer for an output path.
    func writer(for output: String?) -> CSVWriter {
        CSVWriter(byteOrderMark: bom ?? (output?.lowercased().hasSuffix(".csv") ?? false))
    }
}
