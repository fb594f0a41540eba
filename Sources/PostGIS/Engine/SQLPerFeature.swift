import TongchengAnalysis
import TongchengGeometry

extension PostGISEngine {
    /// One geometry per feature from a SQL expression over the staged column `geom` (SRID 4326),
    /// in feature order: what an operation declared in TongchengOperations needs to run on this
    /// engine without SQL of its own here. `nil` for a feature without geometry or a NULL result.
    ///
    /// ```swift
    /// let inside = try engine.perFeature(refs, geometrySQL: "ST_PointOnSurface(geom)")
    /// ```
    public func perFeature(_ refs: [FeatureRef], geometrySQL: String) throws -> [Geometry?] {
        let layer = try stage(refs)
        defer { drop(layer) }
        let r = try db.query("SELECT k, (\(geometrySQL))::geometry FROM \(layer) ORDER BY k", purpose: "compute one geometry per feature", binary: true)
        var out = [Geometry?](repeating: nil, count: refs.count)
        for row in 0..<r.rowCount {
            out[PostGISEngine.int(r, row, 0)] = try PostGISEngine.geometry(r, row, 1)
        }
        return out
    }
}
