import CGEOS
import TongchengGeometry

/// Planar measures in the geometry's own units. For metres on longitude/latitude data use
/// `geodesicArea()`/`geodesicLength()` (module Geodesy) or project first.
extension Geometry {
    /// Planar area in squared coordinate units (m² for a projected geometry).
    ///
    /// ```swift
    /// let a = try projectedCounty.planarArea()  // m² in EPSG:4547
    /// ```
    public func planarArea() throws -> Double {
        try withGEOS(self) { c, g in
            var area = 0.0
            guard GEOSArea_r(c.handle, g, &area) != 0 else { throw c.fail("area") }
            return area
        }
    }

    /// Planar length (perimeter for polygons) in coordinate units.
    ///
    /// ```swift
    /// let l = try projectedLine.planarLength()
    /// ```
    public func planarLength() throws -> Double {
        try withGEOS(self) { c, g in
            var length = 0.0
            guard GEOSLength_r(c.handle, g, &length) != 0 else { throw c.fail("length") }
            return length
        }
    }

    /// Shortest planar distance to `other` in coordinate units (0 when they intersect).
    ///
    /// ```swift
    /// let d = try a.planarDistance(to: b)
    /// ```
    public func planarDistance(to other: Geometry) throws -> Double {
        try withGEOS(self, other) { c, a, b in
            var d = 0.0
            guard GEOSDistance_r(c.handle, a, b, &d) != 0 else { throw c.fail("distance") }
            return d
        }
    }

    /// The two closest points of this geometry and `other` (planar), nearest first on `self`.
    ///
    /// ```swift
    /// let (onSelf, onOther) = try a.nearestPoints(to: b)
    /// ```
    public func nearestPoints(to other: Geometry) throws -> (Position, Position) {
        try withGEOS(self, other) { c, a, b in
            guard let seq = GEOSNearestPoints_r(c.handle, a, b) else { throw c.fail("nearestPoints") }
            defer { GEOSCoordSeq_destroy_r(c.handle, seq) }
            var xy = [Double](repeating: 0, count: 4)
            guard GEOSCoordSeq_copyToBuffer_r(c.handle, seq, &xy, 0, 0) != 0 else { throw c.fail("nearestPoints") }
            return (Position(xy[0], xy[1]), Position(xy[2], xy[3]))
        }
    }
}
