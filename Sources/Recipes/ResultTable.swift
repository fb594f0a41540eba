import Foundation
import Geometry

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

    /// CSV with a header row; numbers as written, text quoted when needed.
    public func csv() -> String {
        func field(_ v: JSONValue) -> String {
            let s = v.displayText
            if s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
                return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            }
            return s
        }
        var out = columns.map { field(.string($0)) }.joined(separator: ",") + "\n"
        for r in rows { out += r.map(field).joined(separator: ",") + "\n" }
        return out
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
