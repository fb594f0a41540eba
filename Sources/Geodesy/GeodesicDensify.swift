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
        guard maxSegmentMetres > 0 else { return self }
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
                var s12 = 0.0
                geod_inverse(&g, a.y, a.x, b.y, b.x, &s12, nil, nil)
                let n = Int((s12 / maxSegmentMetres).rounded(.up))
                if n > 1 {
                    var line = geod_geodesicline()
                    geod_inverseline(&line, &g, a.y, a.x, b.y, b.x, UInt32(GEOD_LATITUDE.rawValue | GEOD_LONGITUDE.rawValue | GEOD_DISTANCE_IN.rawValue))
                    for i in 1..<n {
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
}
