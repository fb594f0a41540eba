import CPROJ
import Foundation
import TongchengGeometry

/// Areas, lengths and distances on the ellipsoid, for geometries in longitude/latitude.
///
/// Edges are geodesics (as PostGIS `geography` and pyproj's `Geod.geometry_area_perimeter`
/// treat them); results are in m² and m.
extension Geometry {
    /// Geodesic area in m²: exterior rings minus holes, summed over parts. Points and lines have 0.
    ///
    /// ```swift
    /// let km2 = lankao.geodesicArea() / 1e6  // ≈ 1,116
    /// ```
    public func geodesicArea(on ellipsoid: Ellipsoid = .wgs84) -> Double {
        var g = ellipsoid.geodesic
        return geodesicArea(&g)
    }

    func geodesicArea(_ g: inout geod_geodesic) -> Double {
        switch self {
        case .point, .lineString, .multiPoint, .multiLineString: return 0
        case .polygon(let p): return Geometry.area(of: p, &g)
        case .multiPolygon(let m): return m.polygons.reduce(0) { $0 + Geometry.area(of: $1, &g) }
        case .geometryCollection(let c): return c.geometries.reduce(0) { $0 + $1.geodesicArea(&g) }
        }
    }

    static func area(of polygon: Polygon, _ g: inout geod_geodesic) -> Double {
        var total = 0.0
        for (k, ring) in polygon.rings.enumerated() {
            let a = abs(ringArea(ring.positions, &g))
            total += k == 0 ? a : -a
        }
        return total
    }

    /// Signed area of one ring (positive counter-clockwise). The closing position is skipped,
    /// since `geod_polygon_compute` closes the ring itself.
    static func ringArea(_ positions: [Position], _ g: inout geod_geodesic) -> Double {
        if let area = fastRingArea(positions, &g) { return area }
        return karneyRingArea(positions, &g)
    }

    /// Karney's `geod_polygon`: one inverse geodesic problem per edge, exact to round-off for any ring.
    static func karneyRingArea(_ positions: [Position], _ g: inout geod_geodesic) -> Double {
        var poly = geod_polygon()
        geod_polygon_init(&poly, 0)
        let n = positions.count > 1 && positions.first == positions.last ? positions.count - 1 : positions.count
        positions.withUnsafeBufferPointer { p in
            for k in 0..<n { geod_polygon_addpoint(&g, &poly, p[k].y, p[k].x) }
        }
        var area = 0.0
        geod_polygon_compute(&g, &poly, 0, 1, &area, nil)
        return area
    }

    /// Edges up to this length (radians of latitude or longitude, about 6 km) take the closed form
    /// in `fastRingArea`; longer ones an inverse geodesic problem. Measured against `geod_geninverse`
    /// over random edges at 5–55°N: the two differ by at most 1e-4 m² an edge up to this length
    /// (3e-5 m², their round-off, below 3 km), 0.003 m² at twice it, 9 m² at ten times.
    static let shortEdgeRadians = 1e-3

    /// Signed ring area (positive counter-clockwise), or `nil` for a ring round a pole or one over
    /// 1e14 m² (a fifth of the ellipsoid), which `geod_polygon` handles. Checked against it on
    /// the national workload and on rings with long edges, round a pole, across the antimeridian
    /// and at 70°N (`tongcheng-bench FILE --steps area --check`): within 0.0011 m² a ring.
    ///
    /// The area between an edge and the equator, Karney's S12, is (a²/2)∫q(φ)dλ along the edge,
    /// with q the authalic function (a²q(φ)/2 is the area between the equator and latitude φ per
    /// radian of longitude). For a short edge the integral is the trapezoid rule plus its h³ term,
    /// −h³q''/12, with q'' from Clairaut's relation on the ellipsoid:
    ///   ∫q dλ = h(q₁+q₂)/2 + h·sinφ·[(1−e²)²Δφ²/(2W⁶) + cos²φ·h²/(6W²)] + O(h⁵),
    /// h = Δλ, φ the mid-latitude, W² = 1 − e²sin²φ. Longer edges take S12 from `geod_geninverse`.
    /// One sin and cos a vertex instead of one inverse geodesic problem an edge: measured on the
    /// benchmark's national workload (2,875 counties, 4.2 million vertices, 1,427 edges over 6 km;
    /// `tongcheng-bench --steps area --check`), `geodesicArea` of every county went from 2.36 s
    /// (`geod_polygon` over every vertex) to 0.087 s on one core, pyproj's
    /// `Geod.geometry_area_perimeter` taking 2.5 s; no county's area moved by more than 0.0011 m²
    /// (1.1e-10 of it).
    static func fastRingArea(_ positions: [Position], _ g: inout geod_geodesic) -> Double? {
        let count = positions.count > 1 && positions.first == positions.last ? positions.count - 1 : positions.count
        guard count >= 3 else { return nil }
        let a = g.a, f = g.f
        let e2 = f * (2 - f)
        let oneMinusE2 = 1 - e2
        let halfA2 = a * a / 2
        let radians = Double.pi / 180
        let limit = shortEdgeRadians
        // q(φ) = (1−e²)·s·[1/(1−e²s²) + Σₖ (e²s²)ᵏ/(2k+1)], s = sin φ; nine terms reach 1e-19.
        @inline(__always) func q(_ s: Double) -> Double {
            let x = e2 * s * s
            var series = 1.0 / 17
            series = series * x + 1.0 / 15
            series = series * x + 1.0 / 13
            series = series * x + 1.0 / 11
            series = series * x + 1.0 / 9
            series = series * x + 1.0 / 7
            series = series * x + 1.0 / 5
            series = series * x + 1.0 / 3
            series = series * x + 1
            return oneMinusE2 * s * (1 / (1 - x) + series)
        }
        let sum: Double? = positions.withUnsafeBufferPointer { p in
            var lon1 = p[0].x, lat1 = p[0].y
            var phi1 = lat1 * radians
            var s1 = sin(phi1), c1 = cos(phi1)
            // Sums of h·(q − q0) lose no digits to the large q0 (Σh = 0 round a ring).
            let q0 = q(s1)
            var q1 = 0.0
            var sum = 0.0, turn = 0.0
            for k in 1...count {
                let next = p[k == count ? 0 : k]
                var h = next.x - lon1
                if h > 180 { h -= 360 } else if h < -180 { h += 360 }
                h *= radians
                let phi2 = next.y * radians
                let dphi = phi2 - phi1
                let s2 = sin(phi2), c2 = cos(phi2)
                let q2 = q(s2) - q0
                if abs(h) <= limit && abs(dphi) <= limit {
                    // sin and cos of the mid-latitude from the ends: (s₁+s₂)/(2cos(Δφ/2)).
                    let half = 1 / (2 - dphi * dphi / 4)
                    let sm = (s1 + s2) * half, cm = (c1 + c2) * half
                    let w2 = 1 - e2 * sm * sm
                    sum += h * (q1 + q2) / 2
                        + sm * h * (oneMinusE2 * oneMinusE2 * dphi * dphi / (2 * w2 * w2 * w2) + cm * cm * h * h / (6 * w2))
                } else {
                    var s12 = 0.0, area12 = 0.0
                    geod_geninverse(&g, lat1, lon1, next.y, next.x, &s12, nil, nil, nil, nil, nil, &area12)
                    sum += area12 / halfA2 - q0 * h
                }
                turn += h
                lon1 = next.x
                lat1 = next.y
                phi1 = phi2
                s1 = s2
                c1 = c2
                q1 = q2
            }
            // A ring round a pole turns by ±2π.
            return abs(turn) < Double.pi ? sum : nil
        }
        guard let sum else { return nil }
        let area = -halfA2 * sum
        return abs(area) < 1e14 ? area : nil
    }

    /// Geodesic length in metres: the length of lines, the perimeter (all rings) of polygons.
    ///
    /// ```swift
    /// let km = railway.geodesicLength() / 1000
    /// ```
    public func geodesicLength(on ellipsoid: Ellipsoid = .wgs84) -> Double {
        var g = ellipsoid.geodesic
        var total = 0.0
        switch self {
        case .point, .multiPoint: return 0
        default:
            forEachSequence { run in total += Geometry.pathLength(run, &g) }
        }
        return total
    }

    static func pathLength(_ positions: [Position], _ g: inout geod_geodesic) -> Double {
        guard positions.count > 1 else { return 0 }
        var total = 0.0
        var s12 = 0.0
        positions.withUnsafeBufferPointer { p in
            for k in 1..<p.count {
                geod_inverse(&g, p[k - 1].y, p[k - 1].x, p[k].y, p[k].x, &s12, nil, nil)
                total += s12
            }
        }
        return total
    }
}
