import CGEOS
import TongchengGeometry

extension Geometry {
    /// Douglas–Peucker simplification with `tolerance` in coordinate units (may produce invalid polygons).
    ///
    /// ```swift
    /// let coarse = try line.simplified(tolerance: 100)  // metres, in a projected CRS
    /// ```
    public func simplified(tolerance: Double) throws -> Geometry {
        try withGEOS(self) { c, g in try c.consume(GEOSSimplify_r(c.handle, g, tolerance), "simplify") }
    }

    /// Topology-preserving simplification: rings stay valid and do not cross each other.
    ///
    /// ```swift
    /// let coarse = try county.simplifiedPreservingTopology(tolerance: 100)
    /// ```
    public func simplifiedPreservingTopology(tolerance: Double) throws -> Geometry {
        try withGEOS(self) { c, g in try c.consume(GEOSTopologyPreserveSimplify_r(c.handle, g, tolerance), "topologyPreserveSimplify") }
    }
}
