import CGEOS
import TongchengGeometry

/// Derived geometries: centroid, point on surface, envelope, convex hull.
extension Geometry {
    /// The planar centroid (for lon/lat data, a good label point but not a geodesic centre).
    ///
    /// ```swift
    /// let c = try county.centroid()
    /// ```
    public func centroid() throws -> Geometry {
        try withGEOS(self) { c, g in try c.consume(GEOSGetCentroid_r(c.handle, g), "centroid") }
    }

    /// A point guaranteed to lie inside the geometry (use it to label crescent-shaped areas).
    ///
    /// ```swift
    /// let label = try county.pointOnSurface()
    /// ```
    public func pointOnSurface() throws -> Geometry {
        try withGEOS(self) { c, g in try c.consume(GEOSPointOnSurface_r(c.handle, g), "pointOnSurface") }
    }

    /// The bounding rectangle as a polygon (a point or line if degenerate).
    ///
    /// ```swift
    /// let box = try county.envelope()
    /// ```
    public func envelope() throws -> Geometry {
        try withGEOS(self) { c, g in try c.consume(GEOSEnvelope_r(c.handle, g), "envelope") }
    }

    /// The smallest convex polygon containing the geometry.
    ///
    /// ```swift
    /// let hull = try clusters.convexHull()
    /// ```
    public func convexHull() throws -> Geometry {
        try withGEOS(self) { c, g in try c.consume(GEOSConvexHull_r(c.handle, g), "convexHull") }
    }
}
