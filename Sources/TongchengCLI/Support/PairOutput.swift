import ArgumentParser
import Foundation
import TongchengGeodesy
import TongchengGeometry
import TongchengInterchange
import TongchengProcessIO

/// `--limit`: stop after N pairs (overlap, near).
struct PairLimitOptions: ParsableArguments {
    @Option(help: "Stop after this many pairs (1 or more; default: all). Pairs are streamed, so memory does not grow with their number.")
    var limit: Int?

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be 1 or more") }
    }
}

/// Writes pairs as they are found: JSON, CSV and GeoJSON are streamed (constant memory in the
/// number of pairs) through `SafeOutput.Stream`, with the same bytes as writing them at once; the
/// aligned table needs every row's width first and keeps the rows (text only).
///
/// ```swift
/// let out = try PairOutput(format: .csv, csv: CSVWriter(), columns: ["a_id", "b_id"], table: Table(columns: ["a", "b"]),
///                          jsonHead: "{\"pairs\":[", to: nil, inputs: [])
/// try out.add(object: ["a": …, "b": …], cells: ["x", "y"], feature: nil)
/// try out.finish(emptyTable: "no pairs\n", emptyNote: nil)
/// ```
final class PairOutput {
    let format: OutputFormat
    let stream: SafeOutput.Stream
    let csv: CSVWriter
    let columns: [String]
    /// `area_<unit>` columns and the `_m2` column each is computed from.
    let converted: [String: String]
    let unit: AreaUnit?
    let sheet: String
    let path: String?
    var table: Table
    /// Pairs added.
    var count = 0
    /// JSON objects or GeoJSON features written (for the separators).
    var written = 0
    var pending: [[JSONValue]] = []
    var buffer = ""

    init(format: OutputFormat, csv: CSVWriter, columns: [String], table: Table, jsonHead: String, to path: String?, inputs: [String],
         unit: AreaUnit? = nil, sheet: String = "pairs") throws {
        self.format = format
        self.csv = csv
        var header = columns
        converted = TableRows.unitColumns(&header, unit: unit)
        self.columns = header
        self.unit = unit
        self.sheet = sheet
        self.path = path
        self.table = table
        if format == .xlsx, path == nil || path == "-" { throw CommandFailure.usage("a workbook is a file: name it with -o FILE.xlsx") }
        stream = try SafeOutput.Stream(to: path, protecting: Output.protected(inputs))
        switch format {
        case .json: buffer = jsonHead
        case .csv: buffer = csv.string(header: self.columns, rows: [])   // the BOM if asked, and the header
        case .geojson: buffer = "{\"type\":\"FeatureCollection\",\"features\":["
        default: break
        }
    }

    /// One pair: its JSON object (JSON and CSV), its table cells, its GeoJSON feature.
    func add(object: @autoclosure () throws -> JSONObject, cells: @autoclosure () throws -> [String], feature: @autoclosure () throws -> Feature?) throws {
        switch format {
        case .csv, .xlsx:
            pending.append(TableRows.row(CSVWriter.flatten(try object()), columns: columns, converted: converted, unit: unit))
        case .json:
            if written > 0 { buffer += "," }
            buffer += JSONText.encode(.object(try object()))
            written += 1
        case .geojson:
            if let f = try feature() {
                buffer += written == 0 ? "\n" : ",\n"
                buffer += GeoJSONWriter().string(f)
                written += 1
            }
        default: table.rows.append(try cells())
        }
        count += 1
        if format != .xlsx, pending.count >= 512 || buffer.utf8.count >= 1 << 16 { try flush() }
    }

    func flush() throws {
        if !pending.isEmpty {
            // The rows without the header line (and without a BOM).
            let text = CSVWriter(byteOrderMark: false).string(header: columns, rows: pending)
            buffer += String(text.drop { $0 != "\n" }.dropFirst())
            pending.removeAll(keepingCapacity: true)
        }
        if !buffer.isEmpty {
            try stream.write(buffer)
            buffer = ""
        }
    }

    /// Ends the document and puts the output in place.
    func finish(emptyTable: String, emptyNote: String) throws {
        switch format {
        case .json: buffer += "]}\n"
        case .geojson: buffer += written == 0 ? "]}\n" : "\n]}\n"
        case .csv: if count == 0 { Terminal.note(emptyNote) }
        case .xlsx:
            // A workbook is a zip written whole: the rows were kept.
            try stream.write(try WorkbookSink.bytes([WorkbookSheet(name: sheet, columns: columns.map(WorkbookHeadings.heading), rows: pending)], name: path ?? "-"))
            pending.removeAll()
        default: buffer = table.rows.isEmpty ? emptyTable : table.aligned()
        }
        try flush()
        try stream.commit()
    }
}

/// Feeds a computed list (pairs from PostGIS) to `body` like the streaming analyses do: at most
/// `limit` items; returns whether there were more.
func streamList<T>(_ list: [T], limit: Int?, _ body: (T) throws -> Void) throws -> Bool {
    for (k, item) in list.enumerated() {
        if let limit, k >= limit { return true }
        try body(item)
    }
    return false
}
