import TongchengAnalysis
import TongchengGeometry
import TongchengTopology

extension PostGISEngine {
    /// 土地利用转移矩阵 in the database, as `Transition.run` computes it: the old and new parcels
    /// (with their classes as read here) are joined through the GiST index (`ST_Intersects`) and
    /// `ST_Area(ST_Intersection(…)::geography)` summed `GROUP BY` old class, new class (and zone:
    /// with zones, each old parcel is cut by the geodesically cut zones first, as locally).
    /// Invalid parcels follow `options.check` (refused, naming the first, or `ST_MakeValid`).
    ///
    /// ```swift
    /// let m = try engine.transition(old: a, new: b, oldField: "DLMC", newField: "DLMC", zones: nil, options: Transition())
    /// ```
    public func transition(old: [FeatureRef], new: [FeatureRef], oldField: String, newField: String, zones: [FeatureRef]?,
                           options: Transition) throws -> Transition.Result {
        try UnknownFieldError.check(oldField, in: old, role: "old parcels")
        try UnknownFieldError.check(newField, in: new, role: "new parcels")
        if let field = options.zoneField, let zones { try UnknownFieldError.check(field, in: zones, role: "zones") }
        func classes(_ refs: [FeatureRef], _ field: String) -> [String?] {
            refs.map { $0.feature[property: field].flatMap { $0 == .null ? nil : $0.displayText } }
        }
        let to = try stage(old, classes: (oldField, classes(old, oldField)), asRead: true)
        defer { drop(to) }
        let tn = try stage(new, classes: (newField, classes(new, newField)), asRead: true)
        defer { drop(tn) }
        var repaired = 0
        // Every parcel is checked, as locally (each side near itself: all of them).
        repaired += try checkEvery(to, check: options.check, refs: old)
        repaired += try checkEvery(tn, check: options.check, refs: new)
        let zoneRefs = zones?.filter { $0.geometry?.dimension == 2 }
        var cuts: String?
        if let zoneRefs { cuts = try cutPolygons(zoneRefs) }
        defer { if let cuts { drop(cuts) } }
        let pieces = cuts.map { z in
            """
            SELECT z.k AS zk, o.cls, CASE WHEN ST_ContainsProperly(z.geom, o.geom) THEN o.geom
                                          ELSE ST_CollectionExtract(ST_Intersection(o.geom, z.geom), 3) END AS geom
            FROM \(to) o JOIN \(z) z ON ST_Intersects(o.geom, z.geom) WHERE ST_Dimension(o.geom) = 2
            """
        } ?? "SELECT -1::int8 AS zk, cls, geom FROM \(to) WHERE ST_Dimension(geom) = 2"
        let r = try db.query("""
            SELECT zk, fc, tc, SUM(ST_Area(piece::geography))::float8 FROM (
              SELECT zk, p.cls AS fc, n.cls AS tc, ST_CollectionExtract(ST_Intersection(p.geom, n.geom), 3) AS piece
              FROM (\(pieces)) p JOIN \(tn) n ON ST_Intersects(p.geom, n.geom)
              WHERE ST_Dimension(n.geom) = 2
            ) x
            WHERE \(PostGISEngine.aboveSliver("piece"))
            GROUP BY zk, fc, tc
            """, [String(options.minimumAreaSquareMetres)], purpose: "overlay the old parcels with the new", binary: true)
        func text(_ r: QueryResult, _ row: Int, _ column: Int) -> String? { r.bytes(row, column).map { String(decoding: $0, as: UTF8.self) } }
        // Classes sorted, as locally, with their whole areas.
        func totals(_ table: String, _ values: [String?]) throws -> (classes: [String?], areas: [Double]) {
            let r = try db.query("SELECT k, ST_Area(geom::geography)::float8 FROM \(table) WHERE ST_Dimension(geom) = 2", purpose: "measure the parcels", binary: true)
            var sums: [ClassName: Double] = [:]
            for row in 0..<r.rowCount { sums[ClassName(values[PostGISEngine.int(r, row, 0)]), default: 0] += PostGISEngine.double(r, row, 1) }
            let order = sums.keys.map(\.value).sorted(by: Transition.precedes)
            return (order, order.map { sums[ClassName($0)] ?? 0 })
        }
        let from = try totals(to, classes(old, oldField)), into = try totals(tn, classes(new, newField))
        var cells: [Transition.Cell] = []
        for row in 0..<r.rowCount {
            let area = r.isNull(row, 3) ? 0 : PostGISEngine.double(r, row, 3)
            guard area > 0 else { continue }
            let z = PostGISEngine.int(r, row, 0)
            cells.append(Transition.Cell(from: text(r, row, 1), to: text(r, row, 2), zone: z < 0 ? nil : z, areaSquareMetres: area))
        }
        let sums = Transition.sorted(cells)
        return Transition.Result(cells: sums, fromClasses: from.classes, toClasses: into.classes, fromAreaSquareMetres: from.areas,
                                 toAreaSquareMetres: into.areas, zoneLabels: zoneRefs?.map { Tabulate.label($0, field: options.zoneField) } ?? [],
                                 repaired: repaired)
    }
}

/// A class value (or none) as a dictionary key.
struct ClassName: Hashable {
    var value: String?
    init(_ value: String?) { self.value = value }
}

extension PostGISEngine {
    /// The local engine's validity rule over a whole staged table: `.refuse` throws
    /// `InvalidGeometryError` naming the first invalid polygon (`ST_IsValidDetail`'s reason and
    /// location), `.repair` replaces each by `ST_MakeValid` and returns how many.
    func checkEvery(_ table: String, check: ValidityCheck, refs: [FeatureRef]) throws -> Int {
        if check == .repair {
            return try db.query("""
                UPDATE \(table) SET geom = ST_MakeValid(geom) WHERE ST_Dimension(geom) = 2 AND NOT ST_IsValid(geom) RETURNING k
                """, purpose: "repair the invalid geometries").rowCount
        }
        guard check == .refuse else { return 0 }
        let d = try db.query("""
            SELECT k, (ST_IsValidDetail(geom)).reason, ST_X((ST_IsValidDetail(geom)).location), ST_Y((ST_IsValidDetail(geom)).location)
            FROM \(table) WHERE ST_Dimension(geom) = 2 AND NOT ST_IsValid(geom) ORDER BY k LIMIT 1
            """, purpose: "check the geometries")
        guard d.rowCount > 0, let k = d.text(0, 0).flatMap({ Int($0) }) else { return 0 }
        let ref = refs[k]
        let location = d.text(0, 2).flatMap(Double.init).flatMap { x in d.text(0, 3).flatMap(Double.init).map { Position(x, $0) } }
        throw InvalidGeometryError.make(file: ref.file, index: ref.index, id: ref.feature.id?.text, reason: d.text(0, 1) ?? "invalid", location: location)
    }
}
