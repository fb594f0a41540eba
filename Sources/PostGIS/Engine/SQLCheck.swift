import TongchengAnalysis
import TongchengGeometry
import TongchengTopology

extension PostGISEngine {
    /// 数据质检 in the database, as `Check.run` finds the problems: `ST_IsValidDetail` (invalid),
    /// `ST_NumGeometries` (multipart), `ST_Area`/`ST_Perimeter` on geography (slivers: under the
    /// minimum area or 4πA/P² under the maximum thinness), `ST_Normalize` equality (duplicates), a
    /// self-join through the GiST index with `ST_Relate(…, 'T********')` and `ST_Intersection`
    /// (overlaps), and the holes of `ST_Union` of every feature (or `within` less that union) for
    /// gaps. Features without geometry (empty) are found as they are read; a point or line feature
    /// is refused as locally.
    ///
    /// ```swift
    /// let result = try engine.check(parcels, within: nil, options: Check())
    /// ```
    public func check(_ features: [FeatureRef], within: [Geometry]?, options: Check) throws -> Check.Result {
        try Check.requirePolygons(features)
        var problems: [Check.Problem] = []
        for ref in features where ref.geometry?.isEmpty ?? true { problems.append(Check.Problem(kind: .empty, features: [ref.index])) }
        let t = try stage(features, asRead: true)
        defer { drop(t) }
        func index(_ k: Int) -> Int { features[k].index }
        func position(_ r: QueryResult, _ row: Int, _ column: Int) -> Position? {
            r.isNull(row, column) ? nil : Position(PostGISEngine.double(r, row, column), PostGISEngine.double(r, row, column + 1))
        }
        let perFeature = try db.query("""
            SELECT k, valid, reason, ST_X(loc)::float8, ST_Y(loc)::float8, area, perimeter, parts, ST_X(pos)::float8, ST_Y(pos)::float8, geom FROM (
              SELECT k, geom, v.valid, v.reason, v.location AS loc,
                     CASE WHEN v.valid THEN ST_Area(geom::geography)::float8 END AS area,
                     CASE WHEN v.valid THEN ST_Perimeter(geom::geography)::float8 END AS perimeter,
                     ST_NumGeometries(geom)::int8 AS parts, ST_PointOnSurface(CASE WHEN v.valid THEN geom END) AS pos
              FROM \(t), ST_IsValidDetail(geom) v
            ) x
            WHERE NOT valid OR parts > 1 OR area < $1 OR 4 * pi() * area / NULLIF(perimeter * perimeter, 0) < $2
            """, [String(options.minimumAreaSquareMetres), String(options.maximumThinness)], purpose: "check every feature", binary: true)
        for row in 0..<perFeature.rowCount {
            let k = PostGISEngine.int(perFeature, row, 0)
            let g = try PostGISEngine.geometry(perFeature, row, 10)
            if PostGISEngine.bool(perFeature, row, 1) == false {
                let reason = perFeature.bytes(row, 2).map { String(decoding: $0, as: UTF8.self) }
                problems.append(Check.Problem(kind: .invalid, features: [index(k)], location: position(perFeature, row, 3), detail: reason, geometry: g))
                continue
            }
            let area = PostGISEngine.double(perFeature, row, 5), perimeter = PostGISEngine.double(perFeature, row, 6)
            let parts = PostGISEngine.int(perFeature, row, 7)
            let at = position(perFeature, row, 8)
            if parts > 1 { problems.append(Check.Problem(kind: .multipart, features: [index(k)], areaSquareMetres: area, location: at, detail: "\(parts) parts", geometry: g)) }
            let thinness = perimeter > 0 ? 4 * Double.pi * area / (perimeter * perimeter) : 0
            if area < options.minimumAreaSquareMetres || (options.maximumThinness > 0 && thinness < options.maximumThinness) {
                problems.append(Check.Problem(kind: .sliver, features: [index(k)], areaSquareMetres: area, location: at,
                                              detail: "thinness " + String(format: "%.4f", thinness), geometry: g))
            }
        }
        // Duplicates: valid features equal after ST_Normalize (ring starts and directions made canonical).
        let dup = try db.query("""
            SELECT array_to_string(ks, ','), ST_Area(g::geography)::float8, ST_X(ST_PointOnSurface(g))::float8, ST_Y(ST_PointOnSurface(g))::float8 FROM (
              SELECT array_agg(k ORDER BY k) AS ks, (array_agg(geom ORDER BY k))[1] AS g FROM \(t) WHERE ST_IsValid(geom)
              GROUP BY ST_AsBinary(ST_Normalize(geom)) HAVING count(*) > 1
            ) d
            """, purpose: "find duplicate features")
        var secondary: [Int] = []
        var duplicateGeometry: [Int: Geometry] = [:]
        for row in 0..<dup.rowCount {
            let ks = (dup.text(row, 0) ?? "").split(separator: ",").compactMap { Int($0) }
            guard let first = ks.first else { continue }
            secondary += ks.dropFirst()
            duplicateGeometry[first] = features[first].geometry
            problems.append(Check.Problem(kind: .duplicate, features: ks.map(index), areaSquareMetres: Double(dup.text(row, 1) ?? ""),
                                          location: Double(dup.text(row, 2) ?? "").flatMap { x in Double(dup.text(row, 3) ?? "").map { Position(x, $0) } },
                                          geometry: features[first].geometry))
        }
        let excluded = "{" + secondary.map(String.init).joined(separator: ",") + "}"
        let overlaps = try db.query("""
            SELECT ak, bk, ST_Area(s::geography)::float8, ST_X(ST_PointOnSurface(s))::float8, ST_Y(ST_PointOnSurface(s))::float8, s FROM (
              SELECT a.k AS ak, b.k AS bk, ST_CollectionExtract(ST_Intersection(a.geom, b.geom), 3) AS s
              FROM (SELECT k, geom FROM \(t) WHERE ST_IsValid(geom) AND NOT k = ANY($2::int8[])) a
              JOIN (SELECT k, geom FROM \(t) WHERE ST_IsValid(geom) AND NOT k = ANY($2::int8[])) b
                ON a.k < b.k AND a.geom && b.geom AND ST_Relate(a.geom, b.geom, 'T********')
            ) x
            WHERE ST_Area(s::geography) > $1
            ORDER BY ak, bk
            """, [String(options.toleranceSquareMetres), excluded], purpose: "find overlapping features", binary: true)
        for row in 0..<overlaps.rowCount {
            problems.append(Check.Problem(kind: .overlap, features: [index(PostGISEngine.int(overlaps, row, 0)), index(PostGISEngine.int(overlaps, row, 1))],
                                          areaSquareMetres: PostGISEngine.double(overlaps, row, 2), location: position(overlaps, row, 3),
                                          geometry: try PostGISEngine.geometry(overlaps, row, 5)))
        }
        // Gaps: the holes of the union of every feature (invalid ones made valid), less the islands in them; or `within` less the union.
        let union = "(SELECT ST_Union(CASE WHEN ST_IsValid(geom) THEN geom ELSE ST_CollectionExtract(ST_MakeValid(geom), 3) END) AS u FROM \(t))"
        let region: String
        var parameters: [String?] = [String(options.toleranceSquareMetres)]
        if let within {
            let area = try Geometry.union(of: within.filter { $0.dimension == 2 })
            parameters.append(PostGISEngine.hexEWKB(area))
            region = "SELECT ST_CollectionExtract(CASE WHEN u.u IS NULL THEN $2::geometry ELSE ST_Difference($2::geometry, u.u) END, 3) AS h FROM \(union) u"
        } else {
            region = """
                SELECT ST_CollectionExtract(ST_Difference(
                         (SELECT ST_Union(ST_MakePolygon(ST_ExteriorRing(d.geom))) FROM ST_Dump(u.u) d), u.u), 3) AS h FROM \(union) u
                """
        }
        let gaps = try db.query("""
            SELECT ST_Area(p::geography)::float8, ST_X(ST_PointOnSurface(p))::float8, ST_Y(ST_PointOnSurface(p))::float8, p FROM (
              SELECT (ST_Dump(h)).geom AS p FROM (\(region)) r WHERE h IS NOT NULL
            ) x WHERE ST_Area(p::geography) > $1
            """, parameters, purpose: "find gaps in the coverage", binary: true)
        for row in 0..<gaps.rowCount {
            problems.append(Check.Problem(kind: .gap, features: [], areaSquareMetres: PostGISEngine.double(gaps, row, 0), location: position(gaps, row, 1),
                                          geometry: try PostGISEngine.geometry(gaps, row, 3)))
        }
        return Check.Result(problems: problems, featureCount: features.count)
    }

    /// A boolean from a binary result column (`nil` for NULL).
    static func bool(_ r: QueryResult, _ row: Int, _ column: Int) -> Bool? {
        guard let b = r.bytes(row, column), b.count == 1 else { return nil }
        return b[0] != 0
    }
}
