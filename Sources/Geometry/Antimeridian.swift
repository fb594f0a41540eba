/// Polygons that longitude/latitude cannot hold as drawn: a ring with an edge that spans 180° of
/// longitude or more (it crosses the antimeridian at ±180°, as a ring round a pole must, or is
/// the whole world from −180 to 180) or with a vertex on a pole. Measured as written, such a ring
/// has the wrong area (the whole world 0 km²; a 2°-wide polygon across ±180° 24,619 km², and 50 %
/// of a 1° square at (0, 0) "shared" with it), so every reader refuses it with this one message
/// (`GeoJSONReader`, the GDAL sources, `pg:` tables): every analysis and `validate` alike.
///
/// ```swift
/// let ring = [Position(179, 0), Position(-179, 0), Position(-179, 1), Position(179, 1), Position(179, 0)]
/// Antimeridian.problem(inRing: ring)   // "the ring crosses the antimeridian …"
/// ```
public enum Antimeridian {
    /// What is wrong with a lon/lat ring, or `nil` when it is an ordinary one. A ring with a
    /// position outside ±180/±90 is not this problem: every reader's range check names it (the
    /// Gauss–Krüger metres of a table labelled EPSG:4326 were said to be "on a pole" before).
    public static func problem(inRing ring: [Position]) -> String? {
        guard ring.allSatisfy({ abs($0.x) <= 180 && abs($0.y) <= 90 }) else { return nil }
        for (k, p) in ring.enumerated() {
            if abs(p.y) >= 90 {
                return refusal("position \(k) (\(p.x), \(p.y)) is on a pole")
            }
            if k > 0, abs(p.x - ring[k - 1].x) >= 180 {
                return refusal("from position \(k - 1) to \(k) the longitude jumps from \(ring[k - 1].x) to \(p.x)")
            }
        }
        return nil
    }

    /// The first problem of any polygon ring of `geometry` (lines and points are not checked).
    public static func problem(in geometry: Geometry) -> String? {
        switch geometry {
        case .polygon(let p): return p.rings.lazy.compactMap { problem(inRing: $0.positions) }.first
        case .multiPolygon(let m): return m.polygons.lazy.compactMap { problem(in: .polygon($0)) }.first
        case .geometryCollection(let c): return c.geometries.lazy.compactMap { problem(in: $0) }.first
        default: return nil
        }
    }

    static func refusal(_ detail: String) -> String {
        "the polygon crosses the antimeridian (±180° longitude), goes round or touches a pole, or spans the whole world (\(detail)); "
            + "Tongcheng does not measure or overlay such polygons: split it at ±180° (RFC 7946 §3.1.9) and keep it off the poles"
    }
}
