import TongchengGeometry

/// The columns of a table as the catalog describes them.
public struct TableColumns {
    public var name: String
    public var typeName: String
    public var comment: String?

    /// Every column of `table` in order; a missing table is `DatabaseError.missingTable`.
    public static func read(_ table: SQLName, on db: Connection) throws -> [TableColumns] {
        let r = try db.query("""
            SELECT a.attname, t.typname, col_description(a.attrelid, a.attnum)
            FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
            WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped
            ORDER BY a.attnum
            """, [table.sql], purpose: "read the columns of \(table.display)")
        if r.rowCount == 0 {
            if try !TablePush.exists(table, on: db) {
                throw DatabaseError(.missingTable, "pg:\(table.display): no such table (check the name and the schema, or the search_path of the database)")
            }
        }
        return (0..<r.rowCount).map { TableColumns(name: r.text($0, 0) ?? "", typeName: r.text($0, 1) ?? "", comment: r.text($0, 2)) }
    }
}

/// Reads a PostGIS table (or view) back into features: the first geometry (or geography) column
/// in WGS 84 (other SRIDs are transformed by the server), the column marked as the feature id
/// (`ColumnPlan.featureIDComment`) as the id, every other column as a property. Values keep
/// their types: bigint and other integers as whole numbers, double precision as numbers,
/// numeric exactly as written, booleans, jsonb/json as JSON, dates as `YYYY-MM-DD`, everything
/// else as its text. Rows come in their physical order (the push order for a table Tongcheng wrote).
///
/// `forEachFeature` streams the rows (libpq's single-row mode): memory stays bounded at any
/// row count; `read` collects them.
///
/// ```swift
/// let counties = try TablePull.read(try SQLName.table("henan_counties"), from: db)
/// try TablePull.forEachFeature(try SQLName.table("parcels"), from: db) { print($0.id ?? "") }
/// ```
public enum TablePull {
    enum Decode { case bigint, double, numericText, boolean, text, jsonb, date, geometry }

    public static func read(_ table: SQLName, from db: Connection) throws -> FeatureCollection {
        var features: [Feature] = []
        try forEachFeature(table, from: db) { features.append($0) }
        return FeatureCollection(features)
    }

    /// Reads the table row by row, handing each feature to `body` as it arrives; an error thrown
    /// by `body` cancels the statement on the server.
    public static func forEachFeature(_ table: SQLName, from db: Connection, _ body: (Feature) throws -> Void) throws {
        let columns = try TableColumns.read(table, on: db)
        let geometryIndex = columns.firstIndex { $0.typeName == "geometry" } ?? columns.firstIndex { $0.typeName == "geography" }
        let idIndex = columns.firstIndex { $0.comment == ColumnPlan.featureIDComment }
        var select: [String] = []
        var decoders: [Decode] = []
        for (k, c) in columns.enumerated() {
            let q = SQLName.quote(c.name)
            if k == geometryIndex {
                let g = c.typeName == "geography" ? "\(q)::geometry" : q
                // SRID 0 (unknown) is taken as WGS 84; anything else is transformed to it.
                select.append("CASE WHEN ST_SRID(\(g)) IN (0, 4326) THEN \(g) ELSE ST_Transform(\(g), 4326) END")
                decoders.append(.geometry)
                continue
            }
            switch c.typeName {
            case "int8": select.append(q); decoders.append(.bigint)
            case "int2", "int4", "oid": select.append("\(q)::int8"); decoders.append(.bigint)
            case "float8": select.append(q); decoders.append(.double)
            case "float4": select.append("\(q)::float8"); decoders.append(.double)
            case "numeric": select.append("\(q)::text"); decoders.append(.numericText)
            case "bool": select.append(q); decoders.append(.boolean)
            case "jsonb": select.append(q); decoders.append(.jsonb)
            case "json": select.append("\(q)::jsonb"); decoders.append(.jsonb)
            case "date": select.append(q); decoders.append(.date)
            default: select.append("\(q)::text"); decoders.append(.text)
            }
        }
        let kind = try db.query("SELECT relkind FROM pg_class WHERE oid = to_regclass($1)", [table.sql], purpose: "look up \(table.display)").text(0, 0)
        let order = (kind == "r" || kind == "m") ? " ORDER BY ctid" : ""
        var rowNumber = 0
        try db.forEachRow("SELECT \(select.isEmpty ? "NULL" : select.joined(separator: ", ")) FROM \(table.sql)\(order)", purpose: "read the table \(table.display)", binary: true) { r in
            rowNumber += 1
            let row = 0
            var props: [(String, JSONValue)] = []
            var id: FeatureID?
            var geometry: Geometry?
            for (k, c) in columns.enumerated() {
                guard let bytes = r.bytes(row, k) else {
                    if k != geometryIndex && k != idIndex { props.append((c.name, .null)) }
                    continue
                }
                let place = "pg:\(table.display): row \(rowNumber), column \(SQLName.quote(c.name))"
                let value: JSONValue
                switch decoders[k] {
                case .geometry:
                    do { geometry = try EWKB.read(bytes) } catch let e as DatabaseError { throw DatabaseError(.data, "\(place): \(e.message)") }
                    continue
                case .bigint: value = .number(JSONNumber(Int(Int64(bigEndian: bytes.loadUnaligned(as: Int64.self)))))
                case .double:
                    let v = Double(bitPattern: UInt64(bigEndian: bytes.loadUnaligned(as: UInt64.self)))
                    value = JSONNumber(v).map { .number($0) } ?? .string("\(v)")
                case .numericText:
                    let s = String(decoding: bytes, as: UTF8.self)
                    value = Double(s).map { $0.isFinite && s != "NaN" ? .number(JSONNumber(literal: s, doubleValue: $0)) : .string(s) } ?? .string(s)
                case .boolean: value = .bool(bytes.first == 1)
                case .text: value = .string(String(decoding: bytes, as: UTF8.self))
                case .jsonb: value = try parseJSON(String(decoding: bytes.dropFirst(), as: UTF8.self), place: place)
                case .date:
                    value = .string(CopyEncoding.dateText(daysSince2000: Int32(bigEndian: bytes.loadUnaligned(as: Int32.self))))
                }
                if k == idIndex {
                    switch value {
                    case .string(let s): id = .string(s)
                    case .number(let n): id = .number(n)
                    default: id = .string(value.displayText)
                    }
                } else {
                    props.append((c.name, value))
                }
            }
            if let geometry, let problem = Antimeridian.problem(in: geometry) {
                throw DatabaseError(.data, "pg:\(table.display): row \(rowNumber): \(problem)")
            }
            try body(Feature(id: id, properties: JSONObject(props), geometry: geometry))
        }
    }

    /// A JSON text from the server as a lossless value.
    static func parseJSON(_ text: String, place: String) throws -> JSONValue {
        do { return try JSONValue.parse(text, name: place) } catch { throw DatabaseError(.data, "\(place): unreadable JSON: \(error)") }
    }
}
