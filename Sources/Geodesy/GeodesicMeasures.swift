import CPROJ
import Geometry

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
