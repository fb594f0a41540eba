import TongchengGeometry

/// Writes features into a PostGIS table: typed columns from the properties (`ColumnPlan`), the
/// feature id kept, `geom geometry(Geometry, 4326)`, rows sent by binary `COPY` with EWKB, a GiST
/// index and `ANALYZE`. Creating or replacing happens in one transaction: a failed push leaves
/// the database as it was.
///
/// ```swift
/// let db = try Connection(conninfo: "")
/// let n = try TablePush.push(counties, to: try SQLName.table("henan_counties"), mode: .replace, on: db)
/// ```
public enum TablePush {
    public enum Mode: Sendable {
        /// Create the table; refuse if it exists.
        case create
        /// Drop the table if it exists, then create it.
        case replace
        /// Add rows to an existing table (its column types decide the encoding).
        case append
    }

    /// Bytes collected before a chunk goes to the server.
    static let chunkBytes = 4 << 20

    /// Pushes `collection` and returns the number of rows written.
    @discardableResult
    public static func push(_ collection: FeatureCollection, to name: SQLName, mode: Mode, on db: Connection,
                            temporary: Bool = false, source: String = "input") throws -> Int {
        var plan = try ColumnPlan(collection.features)
        try db.transaction {
            switch mode {
            case .create, .replace:
                if mode == .replace {
                    try db.query("DROP TABLE IF EXISTS \(name.sql)", purpose: "drop the old table \(name.display) (--replace)")
                } else if try exists(name, on: db) {
                    throw DatabaseError(.cannotCreate, "the table \(name.display) exists already; pass --replace to drop it first or --append to add rows")
                }
                let geometryType = plan.hasZ ? "GeometryZ" : "Geometry"
                let columns = plan.columns.map { "\(SQLName.quote($0.name)) \($0.type.rawValue)" } + ["\(SQLName.quote(plan.geometryColumn)) geometry(\(geometryType), 4326)"]
                try db.query("CREATE \(temporary ? "TEMPORARY " : "")TABLE \(name.sql) (\(columns.joined(separator: ", ")))", purpose: "create the table \(name.display)")
                if let idColumn = plan.columns.first(where: { $0.key == nil }) {
                    // The comment text is a fixed literal; only the quoted identifiers vary.
                    try db.query("COMMENT ON COLUMN \(name.sql).\(SQLName.quote(idColumn.name)) IS '\(ColumnPlan.featureIDComment)'", purpose: "mark the feature id column of \(name.display)")
                }
            case .append:
                guard try exists(name, on: db) else {
                    throw DatabaseError(.missingTable, "the table \(name.display) does not exist; push without --append to create it")
                }
                plan = try existingColumns(of: name, matching: plan, on: db)
            }
            try copyRows(collection.features, plan: plan, into: name, on: db, source: source)
            if mode != .append {
                try db.query("CREATE INDEX ON \(name.sql) USING gist (\(SQLName.quote(plan.geometryColumn)))", purpose: "build the spatial index of \(name.display)")
            }
        }
        try db.query("ANALYZE \(name.sql)", purpose: "gather statistics on \(name.display)")
        return collection.features.count
    }

    /// Whether a table (or view) of that name exists.
    public static func exists(_ name: SQLName, on db: Connection) throws -> Bool {
        try db.query("SELECT to_regclass($1) IS NOT NULL", [name.sql], purpose: "look up the table \(name.display)").text(0, 0) == "t"
    }

    static func copyRows(_ features: [Feature], plan: ColumnPlan, into name: SQLName, on db: Connection, source: String) throws {
        let list = (plan.columns.map(\.name) + [plan.geometryColumn]).map(SQLName.quote).joined(separator: ", ")
        try db.copyIn("COPY \(name.sql) (\(list)) FROM STDIN (FORMAT binary)", purpose: "copy the features into \(name.display)") { send in
            var copy = CopyEncoding(header: true)
            for (k, f) in features.enumerated() {
                copy.beginRow(fields: plan.columns.count + 1)
                for c in plan.columns {
                    let value: JSONValue? = c.key.map { f.properties?[$0] ?? .null } ?? f.id?.jsonValue
                    try encode(value, as: c.type, into: &copy, at: "\(source): features[\(k)]: \(c.key.map { "property \"\($0)\"" } ?? "id")")
                }
                if let g = f.geometry { copy.geometry(g, forceZ: plan.hasZ) } else { copy.null() }
                if copy.bytes.count >= chunkBytes {
                    try copy.bytes.withUnsafeBytes { try send($0) }
                    copy = CopyEncoding(header: false)
                }
            }
            copy.finish()
            try copy.bytes.withUnsafeBytes { try send($0) }
        }
    }

    /// One value in the column's binary form; a value the column cannot hold is a data error naming the feature.
    static func encode(_ value: JSONValue?, as type: ColumnType, into copy: inout CopyEncoding, at place: String) throws {
        guard let value, !value.isNull else { return copy.null() }
        switch (type, value) {
        case (.jsonb, _): copy.jsonb(value)
        case (.text, .string(let s)): copy.text(s)
        case (.text, _): copy.text(value.displayText)
        case (.bigint, .number(let n)):
            guard let v = Int64(n.literal) else { throw DatabaseError(.data, "\(place): \(n.literal) is not a whole number, but the column is bigint") }
            copy.bigint(v)
        case (.doublePrecision, .number(let n)): copy.double(n.doubleValue)
        case (.boolean, .bool(let b)): copy.boolean(b)
        case (.date, .string(let s)):
            guard let d = CopyEncoding.daysSince2000(s) else { throw DatabaseError(.data, "\(place): \"\(s)\" is not a YYYY-MM-DD date, but the column is date") }
            copy.date(days: d)
        default:
            throw DatabaseError(.data, "\(place): \(value.typeDescription) does not fit the column's type \(type.rawValue)")
        }
    }

    /// For `--append`: the table's own column types, and refusal of properties it has no column for.
    static func existingColumns(of name: SQLName, matching plan: ColumnPlan, on db: Connection) throws -> ColumnPlan {
        let columns = try TableColumns.read(name, on: db)
        guard let geometry = columns.first(where: { $0.typeName == "geometry" }) else {
            throw DatabaseError(.data, "the table \(name.display) has no geometry column to append to")
        }
        var out = plan
        out.geometryColumn = geometry.name
        let marked = columns.first(where: { $0.comment == ColumnPlan.featureIDComment })?.name
        out.columns = try plan.columns.map { c in
            let target = c.key == nil ? (marked ?? c.name) : c.name
            guard let existing = columns.first(where: { $0.name == target }) else {
                throw DatabaseError(.data, "the table \(name.display) has no column \(SQLName.quote(target)) for the \(c.key == nil ? "feature id" : "property"); push to a new table or add the column")
            }
            guard let type = ColumnType(sqlName: existing.typeName) else {
                throw DatabaseError(.data, "the column \(SQLName.quote(target)) of \(name.display) is \(existing.typeName); appending works with text, bigint, double precision, boolean, jsonb and date columns")
            }
            return ColumnPlan.Column(name: target, type: type, key: c.key)
        }
        return out
    }
}

extension ColumnType {
    /// The type for a `pg_type.typname`.
    init?(sqlName: String) {
        switch sqlName {
        case "text": self = .text
        case "int8": self = .bigint
        case "float8": self = .doublePrecision
        case "bool": self = .boolean
        case "jsonb": self = .jsonb
        case "date": self = .date
        default: return nil
        }
    }
}
