import TongchengAnalysis
import TongchengGeometry
import TongchengTopology

extension PostGISEngine {
    /// 合规性审查 in the database, as `Conform.run` computes it: the plan features' edges are cut
    /// geodesically (`cutPolygons`); a forbidden layer is joined with them through the GiST index
    /// (`ST_Intersects`), a constraint wholly inside a plan feature (`ST_ContainsProperly`)
    /// conflicting whole and the others overlaid (`ST_Intersection`, polygons kept); a required
    /// layer's cut polygons are merged (`ST_Union`) and each plan feature's part outside them is
    /// `ST_Difference`. Areas are `ST_Area(geography)`; pieces of `minimumAreaSquareMetres` or less
    /// are touching slivers, not conflicts. The order is the local engine's: plan feature, layer,
    /// constraint feature.
    ///
    /// ```swift
    /// let layers = [Conform.Layer(file: "farmland.geojson", rule: .forbid, features: farmland)]
    /// let conflicts = try engine.conform(plan: specialZone, constraints: layers)
    /// ```
    public func conform(plan: [FeatureRef], constraints: [Conform.Layer], check: ValidityCheck = .refuse,
                        minimumAreaSquareMetres: Double = 1e-4) throws -> [Conform.Conflict] {
        let planFeatures = plan.filter { $0.geometry?.dimension == 2 }
        let cuts = try cutPolygons(planFeatures)
        defer { drop(cuts) }
        let minimum = [String(minimumAreaSquareMetres)]
        var conflicts: [(order: (Int, Int, Int), conflict: Conform.Conflict)] = []
        for (l, layer) in constraints.enumerated() {
            switch layer.rule {
            case .forbid:
                let tc = try stage(layer.features, asRead: true, geodesicEdges: true)
                defer { drop(tc) }
                _ = try checkValidity(tc, near: cuts, check: check, refs: layer.features)
                // The forbidden layer (farmland, distributed on Citus) joined with the plan's cut
                // features (a reference table): per shard, no CTE.
                let r = try db.query("""
                    SELECT pk, ck, ST_Area(piece::geography)::float8, piece FROM (
                      SELECT z.k AS pk, c.k AS ck,
                             CASE WHEN ST_ContainsProperly(z.geom, c.geom) THEN c.geom
                                  ELSE ST_CollectionExtract(ST_Intersection(c.geom, z.geom), 3) END AS piece
                      FROM \(tc) c JOIN \(cuts) z ON ST_Intersects(c.geom, z.geom)
                      WHERE ST_Dimension(c.geom) = 2
                    ) x
                    WHERE \(PostGISEngine.aboveSliver("piece"))
                    """, minimum, purpose: "find the plan's overlaps with \(layer.file)", binary: true)
                for row in 0..<r.rowCount {
                    let p = PostGISEngine.int(r, row, 0), k = PostGISEngine.int(r, row, 1)
                    guard let g = try PostGISEngine.geometry(r, row, 3) else { continue }
                    conflicts.append(((p, l, k), Conform.Conflict.make(feature: planFeatures[p], file: layer.file, constraint: layer.features[k], rule: .forbid,
                                                                  areaSquareMetres: PostGISEngine.double(r, row, 2), geometry: g)))
                }
            case .within:
                // The required layer is few polygons (a development boundary), as are the plan's:
                // both are reference tables on Citus, where this runs on the coordinator. Each
                // plan feature is compared with the union of the required polygons whose boxes
                // meet it, as locally (a union of the whole layer could leave different rounding
                // slivers where its polygons meet).
                let required = try cutPolygons(layer.features)
                defer { drop(required) }
                let r = try db.query("""
                    SELECT k, ST_Area(rest::geography)::float8, rest FROM (
                      SELECT k, CASE WHEN u IS NULL THEN geom ELSE ST_CollectionExtract(ST_Difference(geom, u), 3) END AS rest
                      FROM (SELECT z.k, z.geom, (SELECT ST_UnaryUnion(ST_Collect(r.geom ORDER BY r.k)) FROM \(required) r WHERE r.geom && z.geom) AS u FROM \(cuts) z) m
                    ) x
                    WHERE \(PostGISEngine.aboveSliver("rest"))
                    """, minimum, purpose: "find the plan's parts outside \(layer.file)", binary: true)
                for row in 0..<r.rowCount {
                    let p = PostGISEngine.int(r, row, 0)
                    guard let g = try PostGISEngine.geometry(r, row, 2) else { continue }
                    conflicts.append(((p, l, -1), Conform.Conflict.make(feature: planFeatures[p], file: layer.file, constraint: nil, rule: .within,
                                                                   areaSquareMetres: PostGISEngine.double(r, row, 1), geometry: g)))
                }
            }
        }
        return conflicts.sorted { a, b in
            a.order.0 != b.order.0 ? a.order.0 < b.order.0 : a.order.1 != b.order.1 ? a.order.1 < b.order.1 : a.order.2 < b.order.2
        }.map(\.conflict)
    }

    /// SQL true when `piece` is larger than `$1` m² (the sliver threshold). A piece made of
    /// zero-width slivers along an edge the plan shares with the constraint layer (71 parts of
    /// near-collinear geodesic vertices, the bundled Lankao functional area within the townships)
    /// measures 6.2e-4 m² by `ST_Area(geography)`, 2.6e-6 m² by the local engine's meter and
    /// 2.4e-6 m² planar in its UTM zone: PostGIS's geodesic area is noisier on such slivers.
    /// Pieces under 1 m² are therefore also measured in their UTM zone (EPSG 326xx/327xx, planar,
    /// exact enough for a threshold) and must pass both; the area reported stays the geodesic one.
    static func aboveSliver(_ piece: String) -> String {
        let utm = "(CASE WHEN ST_Y(ST_Centroid(\(piece))) >= 0 THEN 32600 ELSE 32700 END + LEAST(60, floor((ST_X(ST_Centroid(\(piece))) + 180) / 6)::int + 1))"
        return "ST_Area(\(piece)::geography) > $1 AND (ST_Area(\(piece)::geography) >= 1 OR ST_Area(ST_Transform(\(piece), \(utm))) > $1)"
    }
}
