import TongchengAnalysis
import TongchengGeometry

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
        // Edges are geodesics (docs/semantics.md): both sides cut into geodesic pieces.
        let ta = try stage(a, geodesicEdges: true)
        defer { drop(ta) }
        let tb = try b.map { try stage($0, geodesicEdges: true) } ?? ta
        defer { if b != nil { drop(tb) } }
        let samePool = b == nil
        // Each feature's geodesic area once, by a scan per table: computed in the join it would
        // be recomputed for every pair (a zone's area once per parcel it meets, 8 of the 15 s of
        // the join at 50,000 parcels × 8 townships).
        func areas(_ t: String, _ count: Int) throws -> [Double] {
            let r = try db.query("SELECT k, ST_Area(geom::geography)::float8 FROM \(t)", purpose: "measure the features", binary: true)
            var values = [Double](repeating: 0, count: count)
            for row in 0..<r.rowCount { values[PostGISEngine.int(r, row, 0)] = PostGISEngine.double(r, row, 1) }
            return values
        }
        let other = b ?? a
        let areaA = try areas(ta, a.count), areaB = b == nil ? areaA : try areas(tb, other.count)
        // One join of two tables with row-wise functions and no CTE: Citus pushes it down to the
        // shards when one side is distributed and the other a reference table (or both are
        // distributed on the same key and the join includes it). The rows are put in order here,
        // not by an ORDER BY over the shared geometries.
        let r = try db.query("""
            SELECT ak, bk, ST_Area(shared::geography)::float8, shared
            FROM (
              SELECT a.k AS ak, b.k AS bk, ST_CollectionExtract(ST_Intersection(a.geom, b.geom), 3) AS shared
              FROM \(ta) a JOIN \(tb) b ON ST_Intersects(a.geom, b.geom)
              WHERE ST_Dimension(a.geom) = 2 AND ST_Dimension(b.geom) = 2\(samePool ? " AND a.k < b.k" : "")
            ) pairs
            WHERE ST_Area(shared::geography) > $1
            """, [String(minimumAreaSquareMetres)], purpose: "find the overlapping pairs", binary: true)
        let order = (0..<r.rowCount).map { (PostGISEngine.int(r, $0, 0), PostGISEngine.int(r, $0, 1), $0) }.sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        var pairs: [Overlap.Pair] = []
        pairs.reserveCapacity(r.rowCount)
        for (i, j, row) in order {
            let area = PostGISEngine.double(r, row, 2)
            pairs.append(Overlap.Pair(a: a[i], b: other[j], areaSquareMetres: area,
                                      fractionOfA: areaA[i] > 0 ? area / areaA[i] : 0, fractionOfB: areaB[j] > 0 ? area / areaB[j] : 0,
                                      shared: try PostGISEngine.geometry(r, row, 3) ?? .multiPolygon(MultiPolygon([]))))
        }
        return pairs
    }
}
