import TongchengGeometry

/// `pg:TABLE` and `pg:schema.table` as inputs: wherever a file is taken, a PostGIS table can be
/// named instead, read through `TablePull`.
///
/// ```swift
/// if PostGISSource.isLocation("pg:plan.zones") {
///     let zones = try PostGISSource.read(location: "pg:plan.zones", conninfo: "")   // TONGCHENG_DB or PG* variables
/// }
/// ```
public enum PostGISSource {
    public static let scheme = "pg"

    /// Whether an input names a table rather than a file.
    public static func isLocation(_ location: String) -> Bool { location.hasPrefix("pg:") }

    /// The table an input names (`pg:TABLE`, `pg:schema.table`).
    public static func table(_ location: String) throws -> SQLName {
        try SQLName.table(String(location.dropFirst(3)))
    }

    /// Connects with `conninfo` (see `ConnectionSettings.resolve`) and reads the table.
    public static func read(location: String, conninfo: String) throws -> FeatureCollection {
        let name = try table(location)
        let db = try Connection(conninfo: conninfo)
        return try TablePull.read(name, from: db)
    }
}
