import TongchengAnalysis
import TongchengGeometry
import TongchengTopology

extension PostGISEngine {
    /// 占补平衡 in the database, as `Balance.run` computes it: the plan's features cut
    /// geodesically and merged (`ST_Union`), the farmland's overlap with them
    /// (`ST_Intersection`, summed as `ST_Area(geography)`), the supplement's merged area and its
    /// part inside the plan.
    ///
    /// ```swift
    /// let b = try engine.balance(plan: specialZone, farmland: farmland, supplement: newFarmland)
    /// ```
    public func balance(plan: [FeatureRef], farmland: [FeatureRef], supplement: [FeatureRef], check: ValidityCheck = .refuse) throws -> Balance.Result {
        let cuts = try cutPolygons(plan.filter { $0.geometry?.dimension == 2 })
        defer { drop(cuts) }
        let tf = try stage(farmland, asRead: true, geodesicEdges: true)
        defer { drop(tf) }
        let ts = try stage(supplement, asRead: true, geodesicEdges: true)
        defer { drop(ts) }
        _ = try checkValidity(tf, near: cuts, check: check, refs: farmland)
        _ = try checkEvery(ts, check: check, refs: supplement)
        let r = try db.query("""
            WITH p AS (SELECT ST_Union(geom) AS u FROM \(cuts) WHERE ST_Dimension(geom) = 2),
                 s AS (SELECT ST_Union(geom) AS u FROM \(ts) WHERE ST_Dimension(geom) = 2)
            SELECT COALESCE((SELECT SUM(ST_Area(CASE WHEN ST_ContainsProperly(p.u, f.geom) THEN f.geom
                                                     ELSE ST_CollectionExtract(ST_Intersection(f.geom, p.u), 3) END::geography))
                             FROM \(tf) f, p WHERE ST_Dimension(f.geom) = 2 AND ST_Intersects(f.geom, p.u)), 0)::float8,
                   COALESCE((SELECT ST_Area(s.u::geography) FROM s), 0)::float8,
                   COALESCE((SELECT ST_Area(ST_CollectionExtract(ST_Intersection(s.u, p.u), 3)::geography) FROM s, p), 0)::float8
            """, purpose: "balance the farmland occupied against the supplement", binary: true)
        return Balance.Result(occupiedSquareMetres: PostGISEngine.double(r, 0, 0), supplementSquareMetres: PostGISEngine.double(r, 0, 1),
                              supplementInsidePlanSquareMetres: PostGISEngine.double(r, 0, 2))
    }
}
