/// A table name, optionally with its schema, and the quoting that makes any name safe in SQL.
///
/// Every identifier Tongcheng sends is quoted (`"…"`, inner quotes doubled), so a table named
/// `z"; DROP TABLE counties; --` is just a table with an odd name. Names PostgreSQL would
/// silently shorten (over 63 bytes) or cannot store (NUL, empty) are refused.
///
/// ```swift
/// let t = try SQLName.table("plan.zones")          // schema "plan", table "zones"
/// print(t.sql)                                      // "plan"."zones"
/// print(SQLName.quote(#"z"; DROP TABLE x; --"#))    // "z""; DROP TABLE x; --"
/// ```
public struct SQLName: Sendable, Hashable {
    public var schema: String?
    public var table: String

    public init(schema: String?, table: String) throws {
        if let schema { try SQLName.check(schema, what: "schema") }
        try SQLName.check(table, what: "table")
        self.schema = schema
        self.table = table
    }

    /// `TABLE` or `schema.table` (split at the first dot); with `schema` given, `text` is the table name whole.
    public static func table(_ text: String, schema: String? = nil) throws -> SQLName {
        if let schema { return try SQLName(schema: schema, table: text) }
        if let dot = text.firstIndex(of: "."), dot != text.startIndex, text.index(after: dot) != text.endIndex {
            return try SQLName(schema: String(text[..<dot]), table: String(text[text.index(after: dot)...]))
        }
        return try SQLName(schema: nil, table: text)
    }

    /// The quoted, qualified name for SQL text.
    public var sql: String { (schema.map { SQLName.quote($0) + "." } ?? "") + SQLName.quote(table) }

    /// The name as the user wrote it, for messages.
    public var display: String { (schema.map { $0 + "." } ?? "") + table }

    /// `name` as a quoted identifier.
    public static func quote(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Refuses names PostgreSQL cannot keep as given.
    public static func check(_ name: String, what: String) throws {
        if name.isEmpty { throw DatabaseError(.usage, "an empty \(what) name is not allowed") }
        if name.utf8.contains(0) { throw DatabaseError(.usage, "the \(what) name \(SQLName.quote(name)) contains a NUL character") }
        if name.utf8.count > 63 {
            throw DatabaseError(.usage, "the \(what) name \(SQLName.quote(name)) is \(name.utf8.count) bytes; PostgreSQL keeps at most 63 (it would shorten it silently)")
        }
    }
}
