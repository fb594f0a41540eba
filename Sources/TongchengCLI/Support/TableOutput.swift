import Foundation
import TongchengGeodesy
import TongchengGeometry
import TongchengInterchange

/// A table result as its rows (CSV's, and a workbook's first sheet): the JSON objects flattened
/// (`a_id` for `{"a":{"id":…}}`), with a `<name>_<unit>` column beside every `<name>_m2` one
/// (`area_mu` beside `area_m2`, `inside_ha` beside `inside_m2`) when a unit was chosen, so that
/// the CSV agrees with the table a person reads.
///
/// ```swift
/// let rows = TableRows(objects: objects, columns: ["zone", "class", "area_m2", "share"], unit: .mu)
/// rows.columns  // ["zone", "class", "area_m2", "area_mu", "share"]
/// ```
struct TableRows {
    var columns: [String]
    var rows: [[JSONValue]]

    init(objects: [JSONObject], columns known: [String] = [], unit: AreaUnit? = nil) {
        let flat = objects.map(CSVWriter.flatten)
        var header = known
        var seen = Set(known)
        for o in flat { for k in o.keys where seen.insert(k).inserted { header.append(k) } }
        let converted = TableRows.unitColumns(&header, unit: unit)
        columns = header
        rows = flat.map { TableRows.row($0, columns: header, converted: converted, unit: unit) }
    }

    /// Inserts `<name>_<unit>` after each `<name>_m2` column; returns which column each comes from.
    static func unitColumns(_ header: inout [String], unit: AreaUnit?) -> [String: String] {
        var converted: [String: String] = [:]
        guard let unit, unit != .m2 else { return converted }
        for key in header where key.hasSuffix("_m2") {
            let name = String(key.dropLast(3)) + "_" + unit.rawValue
            if !header.contains(name) { converted[name] = key }
        }
        for (name, key) in converted.sorted(by: { $0.key < $1.key }) {
            if let at = header.firstIndex(of: key) { header.insert(name, at: at + 1) }
        }
        return converted
    }

    /// One flattened object as cells of `columns`, the converted ones computed from their `_m2` source.
    static func row(_ o: JSONObject, columns: [String], converted: [String: String], unit: AreaUnit?) -> [JSONValue] {
        columns.map { key in
            if let source = converted[key], let unit {
                // The source cell is a finite JSON number and every unit divides m² by at least 1,
                // so the converted value is finite too: `JSONNumber(_:)` cannot fail here.
                return o[source]?.doubleValue.flatMap { JSONNumber(unit.fromSquareMetres($0)) }.map(JSONValue.number) ?? .null
            }
            return o[key] ?? .null
        }
    }

    init(columns: [String], rows: [[JSONValue]]) {
        self.columns = columns
        self.rows = rows
    }
}

extension CSVOptions {
    /// Writes a table result as CSV text, or as a workbook when the format is `.xlsx` (the rows on
    /// a sheet named `sheet`, then `extraSheets`, e.g. tabulate's crosstab).
    func write(_ table: TableRows, format: OutputFormat, sheet: String, extraSheets: [WorkbookSheet] = [],
               to path: String?, inputs: [String]) throws {
        if format == .xlsx {
            guard let path, path != "-" else {
                throw CommandFailure.usage("a workbook is a file: name it with -o FILE.xlsx")
            }
            let sheets = [WorkbookSheet(name: sheet, columns: table.columns.map(WorkbookHeadings.heading), rows: table.rows)] + extraSheets
            try WorkbookSink.write(sheets, to: path, protecting: Output.protected(inputs))
            return
        }
        try Output.write(writer(for: path).string(header: table.columns, rows: table.rows), to: path, inputs: inputs)
    }
}
