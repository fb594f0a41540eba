import TongchengAnalysis
import TongchengGeometry
import TongchengTopology

extension PostGISEngine {
    /// How much of each feature lies inside `area` (a reach disc, an isochrone), as
    /// `Reach.measure` gives it. The disc is built by the same geodesic code as locally and sent
    /// as one parameter, so both engines measure against the same polygon; the per-feature work
    /// (`ST_Covers`, `ST_Intersection`, `ST_Area(geography)`) runs in the database.
    ///
    /// ```swift
    /// let rows = try engine.reach(counties, inside: try Reach(origin: .point(zhengzhou), radiusMetres: 100_000).disc())
    /// ```
    public func reach(_ refs: [FeatureRef], inside area: Geometry) throws -> [Reach.Row] {
        let t = try stage(refs, geodesicEdges: true)
        defer { drop(t) }
        // A constant geometry against a table: a scan per shard on Citus.
        let r = try db.query("""
            SELECT k, ST_Area(geom::geography)::float8, COALESCE(ST_Area(part::geography), 0)::float8, part
            FROM (
              SELECT k, geom, \(PostGISEngine.keepDimension("cut", of: "geom")) AS part
              FROM (
                SELECT k, geom,
                       CASE WHEN ST_Covers($1::geometry, geom) THEN geom
                            WHEN ST_Intersects($1::geometry, geom) THEN ST_Intersection(geom, $1::geometry)
                       END AS cut
                FROM \(t)
              ) cuts
            ) parts
            """, [PostGISEngine.hexEWKB(area)], purpose: "measure the parts inside the reach", binary: true)
        var rows = refs.map { Reach.Row(ref: $0, areaSquareMetres: 0, insideSquareMetres: 0, inside: nil) }
        for row in 0..<r.rowCount {
            let k = PostGISEngine.int(r, row, 0)
            rows[k].areaSquareMetres = PostGISEngine.double(r, row, 1)
            rows[k].insideSquareMetres = PostGISEngine.double(r, row, 2)
            rows[k].inside = try PostGISEngine.geometry(r, row, 3)
        }
        return rows
    }

    /// Clip (`keepOutside: false`: the parts inside the union of the mask) or erase (`true`: the
    /// parts outside it), as `Overlay.clip`/`Overlay.erase` give them: features keep their id
    /// and properties; features left empty disappear. The mask's union is made once
    /// (`ST_Union`) into a one-row table that the layer is joined against.
    ///
    /// ```swift
    /// let inside = try engine.overlay(belt, mask: [lankao], keepOutside: false)
    /// ```
    public func overlay(_ collection: FeatureCollection, file: String, mask: [FeatureRef], keepOutside: Bool) throws -> FeatureCollection {
        let refs = FeatureRef.all(in: collection, file: file)
        let layer = try stage(refs, geodesicEdges: true)
        defer { drop(layer) }
        let masks = try stage(mask, geodesicEdges: true)
        defer { drop(masks) }
        staged += 1
        let union = SQLName.quote("tongcheng_mask_\(staged)")
        // On Citus the mask is a reference table: its union is computed once, on the coordinator.
        try db.query("CREATE TEMPORARY TABLE \(union) AS SELECT ST_Union(geom) AS geom FROM \(masks)", purpose: "merge the mask")
        defer { drop(union) }
        let op = keepOutside
            ? "CASE WHEN l.geom && m.geom THEN ST_Difference(l.geom, m.geom) ELSE l.geom END"
            : "CASE WHEN l.geom && m.geom THEN ST_Intersection(l.geom, m.geom) END"
        let r = try db.query("""
            SELECT k, \(PostGISEngine.keepDimension("cut", of: "geom"))
            FROM (SELECT l.k, l.geom, \(op) AS cut FROM \(layer) l CROSS JOIN \(union) m) cuts
            ORDER BY k
            """,
                             purpose: keepOutside ? "erase the mask from the features" : "clip the features to the mask", binary: true)
        var out: [Feature] = []
        for row in 0..<r.rowCount {
            guard let g = try PostGISEngine.geometry(r, row, 1), !g.isEmpty else { continue }
            var f = refs[PostGISEngine.int(r, row, 0)].feature
            f.geometry = g
            f.bbox = nil
            out.append(f)
        }
        return FeatureCollection(out, foreignMembers: collection.foreignMembers)
    }

    /// Dissolve, as `Overlay.dissolve` does it (same groups, same properties), with the union of
    /// each group computed by `ST_Union … GROUP BY` in the database.
    ///
    /// ```swift
    /// let byCity = try engine.dissolve(counties, by: "city")
    /// ```
    public func dissolve(_ collection: FeatureCollection, by property: String?) throws -> FeatureCollection {
        try Overlay.dissolve(collection, by: property) { groups in
            var refs: [FeatureRef] = []
            var ids: [Int] = []
            for (k, group) in groups.enumerated() {
                for g in group {
                    refs.append(FeatureRef(file: "", index: refs.count, feature: Feature(geometry: g)))
                    ids.append(k)
                }
            }
            let t = try stage(refs, groups: ids, geodesicEdges: true)
            defer { drop(t) }
            // GROUP BY a column other than the distribution column: on Citus the rows of each
            // group meet on the coordinator (ST_Union is not split across shards); grouping by the
            // distribution column (the county code) runs on the shards.
            let r = try db.query("SELECT grp, ST_Union(geom) FROM \(t) GROUP BY grp ORDER BY grp", purpose: "merge the groups", binary: true)
            var unions = [Geometry](repeating: .geometryCollection(GeometryCollection([])), count: groups.count)
            for row in 0..<r.rowCount {
                if let g = try PostGISEngine.geometry(r, row, 1) { unions[PostGISEngine.int(r, row, 0)] = g }
            }
            return unions
        }
    }
}
