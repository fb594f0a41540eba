import TongchengGeodesy
import TongchengGeometry
import TongchengTopology

/// The geodesic area two valid polygon features share, for the analyses that measure many
/// neighbouring pairs (check's overlaps, transition's cells). When either side is a convex
/// single ring (most survey parcels), the other's rings are clipped by it in Swift
/// (`ConvexWindow`, a few thousand instructions where GEOS's OverlayNG takes about 116,000 per
/// pair, measured in ConvexClip.swift); otherwise GEOS intersects them. Each feature's window
/// and oriented rings are made once (`SharedArea.Shape`), not once per pair.
///
/// ```swift
/// var meter = GeodesicAreaMeter()
/// let shared = try SharedArea.of(SharedArea.Shape(oldParcel), SharedArea.Shape(newParcel), meter: &meter)  // m²
/// ```
enum SharedArea {
    /// A polygon ready to be measured against many others.
    struct Shape: Sendable {
        let geometry: Geometry
        /// The polygon as a convex clip window, when it is one convex ring.
        let window: ConvexWindow?
        /// Its rings oriented for `ConvexWindow.area(of:)` (`nil` for a non-polygon).
        let rings: [[Position]]?

        init(_ geometry: Geometry) {
            self.geometry = geometry
            window = SharedArea.convexWindow(geometry)
            rings = SharedArea.orientedRings(geometry)
        }
    }

    static func of(_ a: Shape, _ b: Shape, meter: inout GeodesicAreaMeter) throws -> Double {
        // Neighbours that only touch share 0 m²: a convex side's edge separates them (for two convex
        // polygons whose interiors do not meet, an edge of one of them always does). Tested before
        // clipping, since most pairs in a coverage are such neighbours.
        if let window = a.window, let rings = b.rings {
            if window.excludes(rings) { return 0 }
            if let other = b.window, let own = a.rings, other.excludes(own) { return 0 }
            return max(0, window.area(of: rings, meter: &meter))
        }
        if let window = b.window, let rings = a.rings {
            if window.excludes(rings) { return 0 }
            return max(0, window.area(of: rings, meter: &meter))
        }
        return meter.area(of: Overlay.keepDimension(try a.geometry.intersection(b.geometry), of: a.geometry))
    }

    static func of(_ a: Geometry, _ b: Geometry, meter: inout GeodesicAreaMeter) throws -> Double {
        try of(Shape(a), Shape(b), meter: &meter)
    }

    static func convexWindow(_ g: Geometry) -> ConvexWindow? {
        guard case .polygon(let p) = g, p.rings.count == 1 else { return nil }
        return ConvexWindow(p.rings[0].positions)
    }

    /// Shells counter-clockwise, holes clockwise, as `ConvexWindow.area(of:)` adds them.
    static func orientedRings(_ g: Geometry) -> [[Position]]? {
        var out: [[Position]] = []
        func add(_ p: Polygon) {
            for (k, r) in p.rings.enumerated() {
                var ring = r.positions
                if ring.count > 1 && ring.first == ring.last { ring.removeLast() }
                guard ring.count >= 3 else { continue }
                if (ZoneTiles.planarSignedArea(ring) > 0) != (k == 0) { ring.reverse() }
                out.append(ring)
            }
        }
        switch g {
        case .polygon(let p): add(p)
        case .multiPolygon(let m): m.polygons.forEach(add)
        default: return nil
        }
        return out
    }
}
