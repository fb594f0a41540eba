import TongchengAnalysis
import TongchengGeometry
import TongchengTopology

extension PostGISEngine {
    /// 图层比对 in the database: the features are paired as locally (`LayerDiff.match`: by key, or
    /// by equal geometry), then the database compares each pair's geometries (`ST_Normalize`
    /// equality: the same vertices whatever the ring start and direction) and measures what each
    /// changed one gained and lost (`ST_Area(ST_Difference(…)::geography)`) and the area of every
    /// added or removed feature. Attributes are compared as read.
    ///
    /// ```swift
    /// let d = try engine.diff(old: plan2021, new: plan2023, key: "id")
    /// ```
    public func diff(old: [FeatureRef], new: [FeatureRef], key: String?) throws -> LayerDiff.Result {
        let matching = try LayerDiff(key: key).match(old: old, new: new)
        let to = try stage(old, asRead: true)
        defer { drop(to) }
        let tn = try stage(new, asRead: true)
        defer { drop(tn) }
        // Positions in the inputs (the staged tables' k), as int8 arrays.
        func positions(_ refs: [FeatureRef], in all: [FeatureRef]) -> String {
            var at: [String: Int] = [:]
            for (k, r) in all.enumerated() { at["\(r.file)#\(r.index)"] = k }
            return "{" + refs.map { String(at["\($0.file)#\($0.index)"] ?? -1) }.joined(separator: ",") + "}"
        }
        let pairs = try db.query("""
            SELECT x.n, o.geom IS NOT NULL, n.geom IS NOT NULL,
                   COALESCE(ST_AsBinary(ST_Normalize(o.geom)) = ST_AsBinary(ST_Normalize(n.geom)), o.geom IS NULL AND n.geom IS NULL),
                   CASE WHEN ST_Dimension(n.geom) = 2 THEN ST_Area((CASE WHEN o.geom IS NULL OR ST_Dimension(o.geom) <> 2 THEN n.geom
                        ELSE ST_CollectionExtract(ST_Difference(n.geom, o.geom), 3) END)::geography) ELSE 0 END::float8,
                   CASE WHEN ST_Dimension(o.geom) = 2 THEN ST_Area((CASE WHEN n.geom IS NULL OR ST_Dimension(n.geom) <> 2 THEN o.geom
                        ELSE ST_CollectionExtract(ST_Difference(o.geom, n.geom), 3) END)::geography) ELSE 0 END::float8
            FROM unnest($1::int8[], $2::int8[]) WITH ORDINALITY x(ok, nk, n)
            LEFT JOIN \(to) o ON o.k = x.ok LEFT JOIN \(tn) n ON n.k = x.nk
            ORDER BY x.n
            """, [positions(matching.pairs.map(\.old), in: old), positions(matching.pairs.map(\.new), in: new)], purpose: "compare the matched features", binary: true)
        var compared = [LayerDiff.Entry?](repeating: nil, count: matching.pairs.count)
        for row in 0..<pairs.rowCount {
            let n = PostGISEngine.int(pairs, row, 0) - 1
            let (key, a, b) = matching.pairs[n]
            let attributes = LayerDiff.changedAttributes(a.feature, b.feature)
            let geometryChanged = PostGISEngine.bool(pairs, row, 3) == false
            guard geometryChanged || !attributes.isEmpty else { continue }
            let gained = geometryChanged && !pairs.isNull(row, 4) ? PostGISEngine.double(pairs, row, 4) : 0
            let lost = geometryChanged && !pairs.isNull(row, 5) ? PostGISEngine.double(pairs, row, 5) : 0
            compared[n] = LayerDiff.Entry(change: .changed, key: key, old: a, new: b, geometryChanged: geometryChanged, attributesChanged: attributes,
                                          areaGainedSquareMetres: gained, areaLostSquareMetres: lost)
        }
        var areas = [Double](repeating: 0, count: matching.unmatched.count)
        for (side, table, all) in [(LayerDiff.Change.removed, to, old), (.added, tn, new)] {
            let picks = matching.unmatched.enumerated().filter { $0.element.change == side }
            guard !picks.isEmpty else { continue }
            let r = try db.query("""
                SELECT x.n, CASE WHEN ST_Dimension(t.geom) = 2 THEN ST_Area(t.geom::geography) ELSE 0 END::float8
                FROM unnest($1::int8[]) WITH ORDINALITY x(k, n) JOIN \(table) t ON t.k = x.k
                """, [positions(picks.map(\.element.feature), in: all)], purpose: "measure the \(side.rawValue) features", binary: true)
            for row in 0..<r.rowCount { areas[picks[PostGISEngine.int(r, row, 0) - 1].offset] = PostGISEngine.double(r, row, 1) }
        }
        return LayerDiff.result(matching, compared: compared, areas: areas)
    }
}
