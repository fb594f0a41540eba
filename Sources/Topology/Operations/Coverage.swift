import CGEOS
import TongchengGeometry

extension Geometry {
    /// The union of polygons that form a coverage (no two overlap; neighbours share their
    /// vertices along common edges, as a land-use survey's parcels do), by GEOS's CoverageUnion:
    /// shared edges cancel, so it costs a hash of the edges instead of an overlay. GEOS says the
    /// result is undefined when the polygons do not form a coverage, so this checks it: the
    /// planar area of the union must equal the sum of the polygons' (relative 1e-11) and the
    /// union must be valid; otherwise it returns `nil` and the caller falls back on
    /// `union(of:)`.
    ///
    /// ```swift
    /// let outline = try Geometry.coverageUnion(of: parcels) ?? Geometry.union(of: parcels)
    /// ```
    public static func coverageUnion(of polygons: [Geometry]) throws -> Geometry? {
        guard !polygons.isEmpty else { return nil }
        let collection = Geometry.geometryCollection(GeometryCollection(polygons))
        var inputArea = 0.0, scale = 0.0
        for p in polygons {
            let a = Geometry.shoelaceArea(p)
            inputArea += a
            scale += abs(a)
        }
        let union: Geometry? = try withGEOS(collection) { c, g in
            guard let u = GEOSCoverageUnion_r(c.handle, g) else {
                _ = c.takeError()
                return nil
            }
            return try c.consume(u, "coverageUnion")
        }
        guard let union, try union.isValid() else { return nil }
        let area = try union.planarArea()
        return abs(area - inputArea) <= 1e-11 * max(scale, 1e-300) ? union : nil
    }

    /// Planar area in coordinate units (holes subtracted), in Swift: for the coverage check,
    /// where a GEOS call per polygon would cost more than the union.
    static func shoelaceArea(_ g: Geometry) -> Double {
        func ring(_ r: LineString) -> Double {
            let p = r.positions
            guard p.count > 3 else { return 0 }
            var s = 0.0
            for k in 0..<(p.count - 1) { s += (p[k].x - p[0].x) * (p[k + 1].y - p[0].y) - (p[k + 1].x - p[0].x) * (p[k].y - p[0].y) }
            return abs(s) / 2
        }
        func polygon(_ p: Polygon) -> Double {
            guard let shell = p.rings.first else { return 0 }
            return ring(shell) - p.rings.dropFirst().reduce(0) { $0 + ring($1) }
        }
        switch g {
        case .polygon(let p): return polygon(p)
        case .multiPolygon(let m): return m.polygons.reduce(0) { $0 + polygon($1) }
        default: return 0
        }
    }
}
