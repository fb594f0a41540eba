import TongchengAnalysis
import TongchengGeometry
import TongchengTopology

extension PostGISEngine {
    /// 地类统计 in the database, as `Tabulate.run` computes it: for every zone and every value of
    /// `classField`, the geodesic area of the parcels' intersection with the zone. The zones'
    /// edges are cut geodesically first (`cutPolygons`, as locally); a parcel wholly inside a zone
    /// (`ST_ContainsProperly`) counts whole, the others are overlaid (`ST_Intersection`, its
    /// polygons kept); areas are `ST_Area(geography)`, summed `GROUP BY` zone and class.
    ///
    /// The class is the property's text (`nil` when absent or null), read here as locally and sent
    /// with each parcel; a `pg:` table read whole keeps its class column in the database when the
    /// column's text is that value (text, integers, dates), so nothing is sent back. Unknown
    /// `classField`/`zoneField` throw `UnknownFieldError`, invalid parcels follow `check`.
    ///
    /// ```swift
    /// let t = try engine.tabulate(parcels: parcelRefs, classField: "DLMC", zones: zoneRefs)
    /// ```
    public func tabulate(parcels: [FeatureRef], classField: String, zones: [FeatureRef], check: ValidityCheck = .refuse,
                         keepPieces: Bool = false, zoneField: String? = nil) throws -> Tabulate.Result {
        try UnknownFieldError.check(classField, in: parcels, role: "parcels")
        if let zoneField { try UnknownFieldError.check(zoneField, in: zones, role: "zones") }
        let classes = parcels.map { ref -> String? in ref.feature[property: classField].flatMap { $0 == .null ? nil : $0.displayText } }
        // A pg: table read whole is copied in the database with its class column (as text); files are sent with the class as read here.
        let tp = try stage(parcels, classes: (classField, classes), asRead: true, geodesicEdges: true)
        defer { drop(tp) }
        let cuts = try cutPolygons(zones)
        defer { drop(cuts) }
        let (repaired, met) = try checkValidity(tp, near: cuts, check: check, refs: parcels)

        var zoneAreas = [Double](repeating: 0, count: zones.count)
        // The cut polygon's geodesic area is the zone's (its new vertices lie on the geodesic edges).
        let a = try db.query("SELECT k, ST_Area(geom::geography)::float8 FROM \(cuts)", purpose: "measure the zones", binary: true)
        for row in 0..<a.rowCount { zoneAreas[PostGISEngine.int(a, row, 0)] = PostGISEngine.double(a, row, 1) }

        // One piece per (parcel, zone) that meet: the whole parcel when the zone contains it
        // properly, else its polygons inside the zone. A join of the parcels (distributed by
        // county code on Citus) with the cut zones (a reference table) with per-row functions:
        // pushed down to every shard; the GROUP BY's partial sums are added on the coordinator.
        // No CTE and no window function, which Citus could not distribute.
        let pieces = """
            SELECT z.k AS zk, p.cls, p.k AS pk,
                   CASE WHEN ST_ContainsProperly(z.geom, p.geom) THEN p.geom
                        ELSE ST_CollectionExtract(ST_Intersection(p.geom, z.geom), 3) END AS piece
            FROM \(tp) p JOIN \(cuts) z ON ST_Intersects(p.geom, z.geom)
            WHERE ST_Dimension(p.geom) = 2
            """
        // Class values as they come back, numbered in the order met.
        var values: [String?] = []
        var codes: [String?: Int] = [:]
        func code(_ r: QueryResult, _ row: Int, _ column: Int) -> Int {
            let v = r.bytes(row, column).map { String(decoding: $0, as: UTF8.self) }
            if let c = codes[v] { return c }
            codes[v] = values.count
            values.append(v)
            return values.count - 1
        }
        var sums: [[Int: Double]] = Array(repeating: [:], count: zones.count)
        var firstParcel: [Int: Int] = [:]
        var kept: [Tabulate.Piece] = []
        if keepPieces {
            let r = try db.query("""
                SELECT zk, cls, pk, ST_Area(piece::geography)::float8, piece FROM (\(pieces)) x ORDER BY pk, zk
                """, purpose: "tabulate the parcels by zone and class", binary: true)
            for row in 0..<r.rowCount {
                let z = PostGISEngine.int(r, row, 0), c = code(r, row, 1), p = PostGISEngine.int(r, row, 2)
                let area = PostGISEngine.double(r, row, 3)
                firstParcel[c] = min(firstParcel[c] ?? p, p)
                guard area > 0, let g = try PostGISEngine.geometry(r, row, 4) else { continue }
                sums[z][c, default: 0] += area
                kept.append(Tabulate.Piece.make(zone: z, parcel: parcels[p], classValue: values[c], areaSquareMetres: area, geometry: g))
            }
        } else {
            let r = try db.query("""
                SELECT zk, cls, SUM(ST_Area(piece::geography))::float8, MIN(pk) FROM (\(pieces)) x GROUP BY zk, cls
                """, purpose: "tabulate the parcels by zone and class", binary: true)
            for row in 0..<r.rowCount {
                let z = PostGISEngine.int(r, row, 0), c = code(r, row, 1)
                firstParcel[c] = min(firstParcel[c] ?? Int.max, PostGISEngine.int(r, row, 3))
                if !r.isNull(row, 2) { sums[z][c, default: 0] += PostGISEngine.double(r, row, 2) }
            }
        }
        // Classes in order of their first parcel that meets a zone, as the local engine meets them.
        let order = firstParcel.keys.sorted { firstParcel[$0, default: .max] < firstParcel[$1, default: .max] }
        var rows: [Tabulate.Row] = []
        for z in zones.indices {
            for c in order {
                let s = sums[z][c] ?? 0
                guard s > 0 else { continue }
                rows.append(Tabulate.Row.make(zone: z, classValue: values[c], areaSquareMetres: s, share: zoneAreas[z] > 0 ? s / zoneAreas[z] : 0))
            }
        }
        let classified = sums.map { row in order.reduce(0.0) { $0 + (row[$1] ?? 0) } }
        return Tabulate.Result.make(zones: zones, zoneLabels: Tabulate.labels(zones, field: zoneField), zoneAreaSquareMetres: zoneAreas,
                               classifiedSquareMetres: classified, rows: rows, classes: order.map { values[$0] }, pieces: kept,
                               repaired: repaired, parcelsInZones: met)
    }
}
