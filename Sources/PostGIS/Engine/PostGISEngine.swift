import TongchengAnalysis
import TongchengGeodesy
import Foundation
import TongchengGeometry

/// Runs Tongcheng's analyses inside PostgreSQL/PostGIS: the inputs are staged as temporary
/// tables (`k` = the feature's position in its input, `geom` in SRID 4326, a GiST index), the
/// computation is one SQL statement per analysis (ST_Area/ST_Length on geography, ST_Intersection
/// joined through the index, ST_DWithin on geography), and the rows come back as the same result
/// values the local engine produces, so the CLI prints the same JSON, tables and GeoJSON.
///
/// Every statement is a plain join of two tables (or a scan of one) with per-row functions: no
/// recursive or data-modifying CTEs, no window functions across tables, so on Citus it runs as
/// it is with the big layer distributed and the other one a reference table (docs/postgis.md).
///
/// ```swift
/// let engine = PostGISEngine(try Connection(conninfo: ""))
/// let areas = try engine.measure(.area, refs)         // [Double], m², geodesic
/// let pairs = try engine.overlap(parcels, zones)      // [Overlap.Pair]
/// ```
public final class PostGISEngine {
    public let db: Connection
    var staged = 0

    public init(_ db: Connection) { self.db = db }

    /// Copies the features' geometries into a new temporary table and returns its name.
    /// `groups` (one per feature) adds a bigint column `grp` for dissolve; `classes` a text
    /// column `cls` with the value of the property `classes.field` as Tongcheng reads it
    /// (`nil`: absent or null) for tabulate. `asRead: true` keeps invalid geometries of a `pg:`
    /// table copied in the database as they are, for analyses that check validity themselves.
    /// `geodesicEdges: true` (every overlay's operands, docs/semantics.md) cuts edges longer than
    /// 50 m into geodesic pieces first: by `Geometry.withGeodesicEdges()`, the local engine's own
    /// code, for features sent; by `ST_Segmentize(geography, 50)` for a `pg:` table copied in the
    /// database (great circles on a sphere, whose points lie within a micrometre of the
    /// ellipsoid's on edges of some hundred metres; a table of kilometre-long edges is better sent).
    func stage(_ refs: [FeatureRef], groups: [Int]? = nil, classes: (field: String, values: [String?])? = nil, asRead: Bool = false,
               geodesicEdges: Bool = false) throws -> String {
        staged += 1
        let name = "tongcheng_input_\(staged)"
        let q = SQLName.quote(name)
        if groups == nil, try stageInDatabase(refs, as: q, classField: classes?.field, repair: !asRead, geodesicEdges: geodesicEdges) { return q }
        let extra: (name: String, type: String)? = groups != nil ? ("grp", "bigint") : classes != nil ? ("cls", "text") : nil
        try db.query("CREATE TEMPORARY TABLE \(q) (k bigint, \(extra.map { "\($0.name) \($0.type), " } ?? "")geom geometry(Geometry, 4326))", purpose: "create a temporary table for the input")
        try db.copyIn("COPY \(q) (k, \(extra.map { "\($0.name), " } ?? "")geom) FROM STDIN (FORMAT binary)", purpose: "send the input features to PostGIS") { send in
            var copy = CopyEncoding(header: true)
            for (k, r) in refs.enumerated() {
                guard let g = r.geometry, !g.isEmpty else { continue }
                copy.beginRow(fields: extra == nil ? 2 : 3)
                copy.bigint(Int64(k))
                if let groups { copy.bigint(Int64(groups[k])) }
                if let classes {
                    if let v = classes.values[k] { copy.text(v) } else { copy.null() }
                }
                copy.geometry(geodesicEdges ? g.withGeodesicEdges() : g)
                if copy.bytes.count >= TablePush.chunkBytes {
                    try copy.bytes.withUnsafeBytes { try send($0) }
                    copy = CopyEncoding(header: false)
                }
            }
            copy.finish()
            try copy.bytes.withUnsafeBytes { try send($0) }
        }
        try db.query("CREATE INDEX ON \(q) USING gist (geom)", purpose: "index the input features")
        try db.query("ANALYZE \(q)", purpose: "gather statistics on the input features")
        return q
    }

    /// Features read whole from a `pg:` table are not sent back: the temporary table is filled
    /// from the table itself, numbered in the order `TablePull` read them (physical order), with
    /// invalid geometries repaired by `ST_MakeValid` as `--repair` did locally (without it the
    /// features were checked and are valid). Returns false when the features are not a whole
    /// table in order (a view, a filtered subset, a table that changed since it was read).
    /// With `classField`, the column of that name becomes `cls` as text when its text is what
    /// Tongcheng reads as the class (text, integers, dates); for other types (numbers with a
    /// fraction, booleans, JSON) returns false and the features are sent.
    func stageInDatabase(_ refs: [FeatureRef], as q: String, classField: String? = nil, repair: Bool = true, geodesicEdges: Bool = false) throws -> Bool {
        guard let file = refs.first?.file, PostGISSource.isLocation(file),
              refs.enumerated().allSatisfy({ $0.offset == $0.element.index && $0.element.file == file }) else { return false }
        let table = try PostGISSource.table(file)
        let kind = try db.query("SELECT relkind FROM pg_class WHERE oid = to_regclass($1)", [table.sql], purpose: "look up \(table.display)").text(0, 0)
        guard kind == "r" || kind == "m" else { return false }
        let columns = try TableColumns.read(table, on: db)
        guard let geometry = columns.first(where: { $0.typeName == "geometry" }) else { return false }
        let g = SQLName.quote(geometry.name)
        var cls = ""
        if let classField {
            let textual: Set<String> = ["text", "varchar", "bpchar", "name", "int2", "int4", "int8", "date"]
            guard let c = columns.first(where: { $0.name == classField }), textual.contains(c.typeName), c.comment != ColumnPlan.featureIDComment else { return false }
            cls = "\(SQLName.quote(c.name))::text AS cls, "
        }
        // row_number() over the physical order is what TablePull read; on Citus a distributed
        // table has no such global order, so there the features are sent (the other branch).
        try db.query("""
            CREATE TEMPORARY TABLE \(q) AS
            SELECT (row_number() OVER (ORDER BY c) - 1)::bigint AS k, \(classField == nil ? "" : "cls, ")
                   \(repair ? "CASE WHEN ST_IsValid(w) THEN w ELSE ST_MakeValid(w) END" : "w")::geometry(Geometry, 4326) AS geom
            FROM (SELECT ctid AS c, \(cls)\(geodesicEdges ? "ST_Segmentize((" : "")CASE WHEN ST_SRID(\(g)) IN (0, 4326) THEN ST_SetSRID(\(g), 4326) ELSE ST_Transform(\(g), 4326) END\(geodesicEdges ? ")::geography, \(Geometry.geodesicEdgeMetres))::geometry" : "") AS w FROM \(table.sql)) t
            """, purpose: "copy \(table.display) into a temporary table")
        let count = try db.query("SELECT count(*) FROM \(q)", purpose: "count the features of \(table.display)").text(0, 0)
        guard count == String(refs.count) else {
            drop(q)
            return false
        }
        try db.query("DELETE FROM \(q) WHERE geom IS NULL OR ST_IsEmpty(geom)", purpose: "skip features without geometry")
        try db.query("CREATE INDEX ON \(q) USING gist (geom)", purpose: "index the input features")
        try db.query("ANALYZE \(q)", purpose: "gather statistics on the input features")
        return true
    }

    /// Drops a staged table (they also vanish with the connection).
    func drop(_ table: String) {
        _ = try? db.query("DROP TABLE IF EXISTS \(table)", purpose: "drop a temporary table")
    }

    /// SQL for `Overlay.keepDimension`: a collection from an overlay keeps only the parts of the
    /// input's dimension (`ST_CollectionExtract`); a result wholly of a lower dimension (polygons
    /// that only touch meet in a line) is nothing (NULL); any other result stays as it is.
    static func keepDimension(_ result: String, of input: String) -> String {
        """
        CASE WHEN GeometryType(\(result)) = 'GEOMETRYCOLLECTION' THEN ST_CollectionExtract(\(result), ST_Dimension(\(input)) + 1) \
        WHEN ST_IsEmpty(\(result)) OR ST_Dimension(\(result)) = ST_Dimension(\(input)) THEN \(result) END
        """
    }

    /// A double from a binary result column.
    static func double(_ r: QueryResult, _ row: Int, _ column: Int) -> Double {
        guard let b = r.bytes(row, column) else { return 0 }
        return Double(bitPattern: UInt64(bigEndian: b.loadUnaligned(as: UInt64.self)))
    }

    /// An int8 from a binary result column.
    static func int(_ r: QueryResult, _ row: Int, _ column: Int) -> Int {
        guard let b = r.bytes(row, column) else { return -1 }
        return Int(Int64(bigEndian: b.loadUnaligned(as: Int64.self)))
    }

    /// A geometry from a binary result column (`nil` for NULL).
    static func geometry(_ r: QueryResult, _ row: Int, _ column: Int) throws -> Geometry? {
        guard let b = r.bytes(row, column) else { return nil }
        return try EWKB.read(b)
    }

    /// A geometry as hex EWKB text, the form `$1::geometry` accepts as a parameter.
    static func hexEWKB(_ g: Geometry) -> String {
        var bytes: [UInt8] = []
        EWKB.append(g, srid: 4326, to: &bytes)
        let digits = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
