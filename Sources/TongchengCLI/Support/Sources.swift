import TongchengInterchange
import TongchengPostGIS

extension Tongcheng {
    /// Registers the input schemes the tool knows beyond files: `pg:TABLE` and `pg:schema.table`
    /// read a PostGIS table (connection from `TONGCHENG_DB` or the `PG*` variables), so recipes and
    /// map specs take them wherever they take a file, as the subcommands do.
    ///
    /// ```swift
    /// Tongcheng.registerSources()
    /// let zones = try FeatureSource.read("pg:plan.zones")
    /// ```
    public static func registerSources() {
        FeatureSource.register(scheme: PostGISSource.scheme) { location, _ in
            try PostGISSource.read(location: location, conninfo: ConnectionSettings.resolve(option: nil))
        }
    }
}
