import TongchengAnalysis
import TongchengGeometry

extension PostGISEngine {
    /// Every pair (feature of `from`, feature of `to`) within `distanceMetres`, nearest first per
    /// feature of `from` (to the millimetre, then in the order of `to`), as `Near` gives them.
    /// `ST_DWithin` and `ST_Distance` on `geography` (the exact geodesic minimum on the
    /// spheroid); a bounding-box test widened by the distance in degrees (`&&` with `ST_Expand`)
    /// lets the join use the GiST index first. The closest points are GEOS's in
    /// longitude/latitude (`ST_ClosestPoint`), which Tongcheng's outputs do not print.
    ///
    /// ```swift
    /// let pairs = try engine.near(towns, railways, distanceMetres: 5_000)
    /// ```
    public func near(_ from: [FeatureRef], _ to: [FeatureRef], distanceMetres: Double) throws -> [Near.Pair] {
        let ta = try stage(from)
        defer { drop(ta) }
        let tb = try stage(to)
        defer { drop(tb) }
        // Degrees of latitude and (at the box's highest latitude) longitude the distance spans,
        // 1 % generous, as the local engine widens its STRtree boxes.
        let r = try db.query("""
            SELECT a.k, b.k, x.d,
                   ST_ClosestPoint(a.geom, b.geom), ST_ClosestPoint(b.geom, a.geom)
            FROM \(ta) a JOIN \(tb) b
              ON a.geom && ST_Expand(b.geom,
                   LEAST(180, $1::float8 / (111320 * cos(radians(LEAST(89, GREATEST(abs(ST_YMin(b.geom)), abs(ST_YMax(b.geom))) + $1::float8 / 110574 * 1.01))))) * 1.01,
                   $1::float8 / 110574 * 1.01)
             AND ST_DWithin(a.geom::geography, b.geom::geography, $1::float8)
            CROSS JOIN LATERAL (SELECT ST_Distance(a.geom::geography, b.geom::geography)::float8 AS d) x
            ORDER BY a.k, round(x.d::numeric * 1000), b.k
            """, [String(distanceMetres)], purpose: "find the features within the distance", binary: true)
        var pairs: [Near.Pair] = []
        for row in 0..<r.rowCount {
            func position(_ c: Int) throws -> Position {
                if case .point(let p)? = try PostGISEngine.geometry(r, row, c) { return p.position }
                return Position(0, 0)
            }
            pairs.append(Near.Pair(a: from[PostGISEngine.int(r, row, 0)], b: to[PostGISEngine.int(r, row, 1)],
                                   distanceMetres: PostGISEngine.double(r, row, 2), nearestOnA: try position(3), nearestOnB: try position(4)))
        }
        return pairs
    }
}
