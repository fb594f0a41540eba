import Analysis
import Geometry

extension PostGISEngine {
    /// Pairs of polygon features whose interiors overlap, as `Overlap` finds them: within one
    /// list (`b == nil`, each pair once) or across two. The join goes through the GiST index
    /// (`ST_Intersects`), the shared part is `ST_Intersection` in longitude/latitude (GEOS, as
    /// locally) with its polygons kept, and areas are geodesic (`ST_Area(geography)`). Shared
    /// areas at or below `minimumAreaSquareMetres` are slivers, not overlaps.
    ///
    /// ```swift
    /// let pairs = try engine.overlap(corridors, zones)
    /// ```
    public func overlap(_ a: [FeatureRef], _ b: [FeatureRef]?, minimumAreaSquareMetres: Double = 1e-4) throws -> [Overlap.Pair] {
        let ta = try stage(a)
        defer { drop(ta) }
        let tb = try b.map { try stage($0) } ?? ta
        defer { if b != nil { drop(tb) } }
        let samePool = b == nil
        // One join of two tables with row-wise functions and no CTE: Citus pushes it down to the
        // shards when one side is distributed and the other a reference table (or both are
        // distributed on the same key and the join includes it).
        let r = try db.query("""
            SELECT ak, bk, ST_Area(shared::geography)::float8, area_a::float8, area_b::float8, shared
            FROM (
              SELECT a.k AS ak, b.k AS bk,
                     ST_CollectionExtract(ST_Intersection(a.geom, b.geom), 3) AS shared,
                     ST_Area(a.geom::geography) AS area_a, ST_Area(b.geom::geography) AS area_b
              FROM \(ta) a JOIN \(tb) b ON ST_Intersects(a.geom, b.geom)
              WHERE ST_Dimension(a.geom) = 2 AND ST_Dimension(b.geom) = 2\(samePool ? " AND a.k < b.k" : "")
            ) pairs
            WHERE ST_Area(shared::geography) > $1
            ORDER BY ak, bk
            """, [String(minimumAreaSquareMetres)], purpose: "find the overlapping pairs", binary: true)
        let other = b ?? a
        var pairs: [Overlap.Pair] = []
        pairs.reserveCapacity(r.rowCount)
        for row in 0..<r.rowCount {
            let area = PostGISEngine.double(r, row, 2), areaA = PostGISEngine.double(r, row, 3), areaB = PostGISEngine.double(r, row, 4)
            pairs.append(Overlap.Pair(a: a[PostGISEngine.int(r, row, 0)], b: other[PostGISEngine.int(r, row, 1)], areaSquareMetres: area,
                                      fractionOfA: areaA > 0 ? area / areaA : 0, fractionOfB: areaB > 0 ? area / areaB : 0,
                                      shared: try PostGISEngine.geometry(r, row, 5) ?? .multiPolygon(MultiPolygon([]))))
        }
        return pairs
    }
}
