import TongchengAnalysis
import TongchengGeodesy
import TongchengGeometry
import TongchengInterchange

/// A `Crosstab` for people (an aligned table) and for spreadsheets (CSV), in an area unit: the rows,
/// a total column, and a total row. `tabulate` writes its classes × zones through it; any other
/// two-way table of areas (a transition matrix) can.
///
/// ```swift
/// print(CrosstabOutput.table(result.crosstab(), unit: .mu))
/// let text = CrosstabOutput.csv(result.crosstab(), unit: .ha, writer: CSVWriter())
/// let sheet = CrosstabOutput.sheet(result.crosstab(), unit: .mu)   // a workbook's "crosstab 亩"
/// ```
enum CrosstabOutput {
    /// The aligned table: one column per crosstab column in `unit` (two decimals; m² none), a total
    /// column when there are two columns or more (or `share`, one text per row, instead), the totals
    /// row labelled `totalsLabel`, and any rows `below` it (label and one value per column).
    static func table(_ c: Crosstab, unit: AreaUnit, totalsLabel: String = "合计 total", share: [String]? = nil,
                      below: [(String, [Double])] = []) -> String {
        let decimals = unit == .m2 ? 0 : 2
        let many = c.columnLabels.count > 1
        let totalColumn = many || share == nil
        var t = Table(columns: [c.rowHeading] + c.columnLabels.map { "\($0) (\(unit.symbol))" }
                        + (totalColumn && many ? ["合计 total (\(unit.symbol))"] : []) + (share != nil && !many ? ["share"] : []),
                      rightAligned: Set(1...(c.columnLabels.count + 1)))
        func values(_ v: [Double]) -> [String] {
            v.map { grouped(unit.fromSquareMetres($0), decimals) } + (many ? [grouped(unit.fromSquareMetres(v.reduce(0, +)), decimals)] : [])
        }
        for (k, label) in c.rowLabels.enumerated() {
            t.rows.append([label] + values(c.cells[k]) + (share != nil && !many ? [share![k]] : []))
        }
        let pad = share != nil && !many ? [""] : []
        t.footer.append([totalsLabel] + values(c.columnTotals) + pad)
        for (label, v) in below { t.footer.append([label] + values(v) + pad) }
        return t.aligned()
    }

    /// CSV: a header `class,<column> (<unit>)…,total (<unit>)`, a line per row, and a `total` line;
    /// numbers plain, in `unit`.
    static func csv(_ c: Crosstab, unit: AreaUnit, writer: CSVWriter) throws -> String {
        let header = ["class"] + c.columnLabels.map { "\($0) (\(unit.rawValue))" } + ["total (\(unit.rawValue))"]
        func line(_ label: String, _ v: [Double]) throws -> [JSONValue] {
            [.string(label)] + (try (v + [v.reduce(0, +)]).map { try number(unit.fromSquareMetres($0)) })
        }
        let rows = try c.rowLabels.indices.map { try line(c.rowLabels[$0], c.cells[$0]) } + [try line("total", c.columnTotals)]
        return writer.string(header: header, rows: rows)
    }

    /// A workbook sheet named `crosstab <unit symbol>`: the rows in the crosstab's order (code
    /// order for `tabulate`), one number column per crosstab column in `unit` rounded to two
    /// decimals, a total column and a total row (totals from the unrounded areas).
    static func sheet(_ c: Crosstab, unit: AreaUnit) throws -> WorkbookSheet {
        func value(_ m2: Double) throws -> JSONValue { try number((unit.fromSquareMetres(m2) * 100).rounded() / 100) }
        func line(_ label: String, _ v: [Double]) throws -> [JSONValue] { [.string(label)] + (try (v + [v.reduce(0, +)]).map(value)) }
        let rows = try c.rowLabels.indices.map { try line(c.rowLabels[$0], c.cells[$0]) } + [try line("合计 total", c.columnTotals)]
        return WorkbookSheet(name: "crosstab \(unit.symbol)", columns: [c.rowHeading] + c.columnLabels + ["合计 total"], rows: rows)
    }
}
