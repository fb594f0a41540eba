import CGEOS
import TongchengGeometry

/// Overlay (boolean) operations, computed by GEOS's robust OverlayNG.
extension Geometry {
    /// The part shared with `other`.
    ///
    /// ```swift
    /// let shared = try specialZone.intersection(belt)
    /// ```
    public func intersection(_ other: Geometry) throws -> Geometry {
        try withGEOS(self, other) { c, a, b in try c.consume(GEOSIntersection_r(c.handle, a, b), "intersection") }
    }

    /// Everything in either geometry.
    ///
    /// ```swift
    /// let both = try kaifeng.union(lankao)
    /// ```
    public func union(_ other: Geometry) throws -> Geometry {
        try withGEOS(self, other) { c, a, b in try c.consume(GEOSUnion_r(c.handle, a, b), "union") }
    }

    /// This geometry without the part shared with `other`.
    ///
    /// ```swift
    /// let outsideBelt = try lankao.difference(belt)
    /// ```
    public func difference(_ other: Geometry) throws -> Geometry {
        try withGEOS(self, other) { c, a, b in try c.consume(GEOSDifference_r(c.handle, a, b), "difference") }
    }

    /// The parts in exactly one of the two geometries.
    ///
    /// ```swift
    /// let changed = try oldZone.symmetricDifference(newZone)
    /// ```
    public func symmetricDifference(_ other: Geometry) throws -> Geometry {
        try withGEOS(self, other) { c, a, b in try c.consume(GEOSSymDifference_r(c.handle, a, b), "symmetricDifference") }
    }

    /// Dissolves the geometry's own parts into one (unary union).
    ///
    /// ```swift
    /// let henan = try Geometry.geometryCollection(GeometryCollection(counties)).unaryUnion()
    /// ```
    public func unaryUnion() throws -> Geometry {
        try withGEOS(self) { c, g in try c.consume(GEOSUnaryUnion_r(c.handle, g), "unaryUnion") }
    }

    /// Dissolves many geometries into one (the union of all of them).
    ///
    /// ```swift
    /// let region = try Geometry.union(of: counties)
    /// ```
    public static func union(of geometries: [Geometry]) throws -> Geometry {
        try Geometry.geometryCollection(GeometryCollection(geometries)).unaryUnion()
    }
}
