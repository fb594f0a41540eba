import CPROJ
import Foundation
import TongchengGeometry

extension Geometry {
    /// The geometry with points inserted along the geodesic of every edge longer than
    /// `maxSegmentMetres`, each edge cut into equal parts (Karney's `geod_inverseline` and
    /// `geod_position`; pyproj's `Geod.npts` gives the same points). Heights are dropped.
    ///
    /// Why: GEOS overlays cut along straight lines in longitude/latitude, while geodesic areas
    /// treat edges as geodesics. Across a 6 km east–west edge at 35°N the two lie 0.5 m apart, so
    /// a 30 km² zone cut by parcels loses about 700 m² (2e-5 of it) against its own geodesic area.
    /// With edges of 100 m the difference falls below 1e-10 of the area, and the pieces of a zone
    /// add up to its area.
    ///
    /// ```swift
    /// let zone = specialZone.densifiedGeodesically(maxSegmentMetres: 100)
    /// ```
    public func densifiedGeodesically(maxSegmentMetres: Double, on ellipsoid: Ellipsoid = .wgs84) -> Geometry {
        guard maxSegmentMetres > 0, hasEdge(longerThanBound: maxSegmentMetres / 112_000) else { return self }
        var g = ellipsoid.geodesic
        func run(_ positions: [Position]) -> [Position] {
            guard positions.count > 1 else { return positions }
            var out: [Position] = []
            out.reserveCapacity(positions.count)
            out.append(positions[0])
            for k in 1..<positions.count {
                let a = positions[k - 1], b = positions[k]
                // No degree of latitude or longitude is longer than 112 km: a short edge needs no inverse problem.
                if 112_000 * (abs(b.x - a.x) + abs(b.y - a.y)) <= maxSegmentMetres {
                    out.append(b)
                    continue
                }
                // The points are computed from the edge's lesser end (by longitude, then latitude),
                // so that an edge two polygons share, each running it the other way, gets the same
                // points bit for bit: shared edges stay shared, with no sliver between neighbours.
                let forward = (a.x, a.y) <= (b.x, b.y)
                let (p, q) = forward ? (a, b) : (b, a)
                var s12 = 0.0
                geod_inverse(&g, p.y, p.x, q.y, q.x, &s12, nil, nil)
                let n = Int((s12 / maxSegmentMetres).rounded(.up))
                if n > 1 {
                    var line = geod_geodesicline()
                    geod_inverseline(&line, &g, p.y, p.x, q.y, q.x, UInt32(GEOD_LATITUDE.rawValue | GEOD_LONGITUDE.rawValue | GEOD_DISTANCE_IN.rawValue))
                    for j in 1..<n {
                        let i = forward ? j : n - j
                        var lat = 0.0, lon = 0.0
                        geod_position(&line, s12 * Double(i) / Double(n), &lat, &lon, nil)
                        out.append(Position(lon, lat))
                    }
                }
                out.append(b)
            }
            return out
        }
        func polygon(_ p: Polygon) -> Polygon { Polygon(rings: p.rings.map { LineString(run($0.positions)) }) }
        switch self {
        case .point, .multiPoint: return self
        case .lineString(let l): return .lineString(LineString(run(l.positions)))
        case .polygon(let p): return .polygon(polygon(p))
        case .multiLineString(let m): return .multiLineString(MultiLineString(m.lineStrings.map { LineString(run($0.positions)) }))
        case .multiPolygon(let m): return .multiPolygon(MultiPolygon(m.polygons.map(polygon)))
        case .geometryCollection(let c): return .geometryCollection(GeometryCollection(c.geometries.map { $0.densifiedGeodesically(maxSegmentMetres: maxSegmentMetres, on: ellipsoid) }))
        }
    }

    /// Whether any edge spans more than `degrees` in |Δlon| + |Δlat| (the cheap test `run` makes
    /// before an inverse problem): a geometry of short edges is returned as it is, without copies.
    private func hasEdge(longerThanBound degrees: Double) -> Bool {
        func long(_ p: [Position]) -> Bool {
            guard p.count > 1 else { return false }
            for k in 1..<p.count where abs(p[k].x - p[k - 1].x) + abs(p[k].y - p[k - 1].y) > degrees { return true }
            return false
        }
        switch self {
        case .point, .multiPoint: return false
        case .lineString(let l): return long(l.positions)
        case .polygon(let p): return p.rings.contains { long($0.positions) }
        case .multiLineString(let m): return m.lineStrings.contains { long($0.positions) }
        case .multiPolygon(let m): return m.polygons.contains { $0.rings.contains { long($0.positions) } }
        case .geometryCollection(let c): return c.geometries.contains { $0.hasEdge(longerThanBound: degrees) }
        }
    }
}
