import Foundation
import TongchengGeometry

/// A table produced by a step (areas, reach shares, overlaps…), written as CSV or JSON.
///
/// ```swift
/// var t = ResultTable(columns: ["id", "area_m2"])
/// t.rows.append(["zone", .number(JSONNumber(1.1e9))])
/// print(t.csv())
/// ```
public struct ResultTable: Sendable, Hashable {
    public var columns: [String]
    public var rows: [[JSONValue]]

    public init(columns: [String], rows: [[JSONValue]] = []) {
        self.columns = columns
        self.rows = rows
    }

    /// CSV with a header row (the JSON keys of `json()`), through the one `CSVWriter`: plain
    /// numbers, formula-like text defused, a UTF-8 BOM when asked (recipes write one into `.csv`
    /// files so that Excel reads Chinese names).
    public func csv(byteOrderMark: Bool = false) -> String {
        CSVWriter(byteOrderMark: byteOrderMark).string(header: columns, rows: rows)
    }

    /// JSON: `{"columns":[…],"rows":[{column: value, …}, …]}`.
    public func json() -> String {
        let rowObjects: [JSONValue] = rows.map { r in .object(JSONObject(Array(zip(columns, r)))) }
        return JSONText.encode(.object(JSONObject([("columns", .array(columns.map { .string($0) })), ("rows", .array(rowObjects))]))) + "\n"
    }

    /// The value in `column` of row `row`.
    public func value(_ row: Int, _ column: String) -> JSONValue? {
        guard let c = columns.firstIndex(of: column), row < rows.count else { return nil }
        return rows[row][c]
    }
}
