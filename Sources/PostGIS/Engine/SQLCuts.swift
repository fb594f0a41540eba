import TongchengAnalysis
import TongchengGeometry
import TongchengTopology

extension PostGISEngine {
    /// A temporary table of the polygons of `refs` with their edges cut geodesically, as the
    /// local engine cuts zones and plan features before overlaying them (`Geometry.withGeodesicEdges()`,
    /// 50 m), so that the straight longitude/latitude pieces GEOS overlays follow the geodesic
    /// edges (without it a 6 km edge cuts 2e-5 of a 30 km² zone off its geodesic area). Columns
    /// `k` (the position in `refs`; features that are not polygons are left out) and `geom`,
    /// GiST-indexed.
    ///
    /// The cut is made here by the same code as locally (`Geometry.densifiedGeodesically`, on
    /// the WGS 84 ellipsoid) and sent: PostGIS's `ST_Segmentize(geom::geography, 50)` follows
    /// great circles on a sphere instead, which put the townships' edges about a millimetre off
    /// the geodesic and moved up to 2.3e-6 of a class's area from one township to the next on the
    /// bundled land-use data — above the 1e-6 the engines must agree to. Zones and plan features
    /// are few polygons; on Citus this table is a small reference table, joined per shard.
    func cutPolygons(_ refs: [FeatureRef]) throws -> String {
        // No file name: these are new geometries, never a `pg:` table to copy in the database.
        try stage(refs.enumerated().map { k, ref in
            let cut = ref.geometry?.dimension == 2 ? ref.geometry?.withGeodesicEdges() : nil
            return FeatureRef(file: "", index: k, feature: Feature(geometry: cut))
        })
    }

    /// Applies the local engine's validity rule to the polygons of `table` whose boxes meet a
    /// polygon of `cuts` (those the local clip would overlay): `.refuse` throws
    /// `InvalidGeometryError` naming the first invalid one (GEOS's reason and location, through
    /// `ST_IsValidDetail`), `.repair` replaces them by `ST_MakeValid` and returns how many.
    /// Then counts the polygons that meet a polygon of `cuts`.
    func checkValidity(_ table: String, near cuts: String, check: ValidityCheck, refs: [FeatureRef]) throws -> (repaired: Int, met: Int) {
        var repaired = 0
        if check == .repair {
            // UPDATE … FROM a reference table: Citus runs it per shard.
            repaired = try db.query("""
                UPDATE \(table) t SET geom = ST_MakeValid(t.geom) FROM \(cuts) z
                WHERE t.geom && z.geom AND ST_Dimension(t.geom) = 2 AND NOT ST_IsValid(t.geom) RETURNING t.k
                """, purpose: "repair the invalid geometries").rowCount
        }
        // ST_Intersects only on valid geometries (CASE fixes the order): GEOS may throw on invalid ones.
        // A join with a reference table and plain aggregates: per shard on Citus, the count of
        // distinct parcels finished on the coordinator (Citus's count(DISTINCT) on a
        // non-distribution column).
        let valid = check == .trust ? "true" : "ST_IsValid(t.geom)"
        let r = try db.query("""
            SELECT min(t.k) FILTER (WHERE NOT t.valid),
                   count(DISTINCT t.k) FILTER (WHERE CASE WHEN t.valid THEN ST_Intersects(t.geom, z.geom) ELSE false END)
            FROM (SELECT k, geom, \(valid) AS valid FROM \(table) t WHERE ST_Dimension(geom) = 2) t JOIN \(cuts) z ON t.geom && z.geom
            """, purpose: "check the geometries", binary: true)
        if !r.isNull(0, 0) {
            let k = PostGISEngine.int(r, 0, 0)
            let d = try db.query("""
                SELECT (ST_IsValidDetail(geom)).reason, ST_X((ST_IsValidDetail(geom)).location), ST_Y((ST_IsValidDetail(geom)).location)
                FROM \(table) WHERE k = $1
                """, [String(k)], purpose: "describe an invalid geometry")
            let ref = refs[k]
            let location = d.text(0, 1).flatMap(Double.init).flatMap { x in d.text(0, 2).flatMap(Double.init).map { Position(x, $0) } }
            throw InvalidGeometryError.make(file: ref.file, index: ref.index, id: ref.feature.id?.text, reason: d.text(0, 0) ?? "invalid", location: location)
        }
        return (repaired, PostGISEngine.int(r, 0, 1))
    }
}
