/// A two-way table of areas (交叉表): labelled rows × labelled columns of square metres, with
/// their row totals, column totals and grand total. `tabulate` makes classes × zones; a transition
/// matrix is old classes × new classes. Writers (table, CSV, workbook) take it as it is and convert
/// to their unit.
///
/// ```swift
/// let c = Crosstab(rowHeading: "地类 class", rowLabels: ["01 耕地", "02 园地"], columnLabels: ["A", "B"],
///                  cells: [[10, 20], [1, 2]])
/// c.rowTotals      // [30, 3]
/// c.columnTotals   // [11, 22]
/// c.total          // 33
/// ```
public struct Crosstab: Sendable, Equatable {
    /// The heading of the label column, e.g. `地类 class`.
    public var rowHeading: String
    public var rowLabels: [String]
    public var columnLabels: [String]
    /// `cells[row][column]`, m²: one row per row label, one value per column label.
    public var cells: [[Double]]

    public init(rowHeading: String, rowLabels: [String], columnLabels: [String], cells: [[Double]]) {
        self.rowHeading = rowHeading
        self.rowLabels = rowLabels
        self.columnLabels = columnLabels
        self.cells = cells
    }

    /// Each row's sum across the columns.
    public var rowTotals: [Double] { cells.map { $0.reduce(0, +) } }

    /// Each column's sum down the rows.
    public var columnTotals: [Double] {
        columnLabels.indices.map { k in cells.reduce(0) { $0 + ($1.indices.contains(k) ? $1[k] : 0) } }
    }

    /// The sum of every cell.
    public var total: Double { rowTotals.reduce(0, +) }
}
