import CGEOS
import TongchengGeometry

/// The outcome of a validity check: GEOS's reason and where the problem is.
///
/// ```swift
/// let v = try bowtie.validity()
/// print(v.isValid, v.reason ?? "", v.location as Any)  // false Self-intersection Optional(Position(x: 0.5, y: 0.5))
/// ```
public struct Validity: Sendable, Hashable {
    public var isValid: Bool
    /// GEOS's reason, such as "Self-intersection" or "Hole lies outside shell".
    public var reason: String?
    /// Where the problem is.
    public var location: Position?
}

extension Geometry {
    /// Checks OGC validity and says why not.
    ///
    /// ```swift
    /// if try !county.validity().isValid { … }
    /// ```
    public func validity() throws -> Validity {
        try withGEOS(self) { c, g in
            var reason: UnsafeMutablePointer<CChar>?
            var location: OpaquePointer?
            let r = GEOSisValidDetail_r(c.handle, g, 0, &reason, &location)
            guard r != 2 else { throw c.fail("isValidDetail") }
            defer {
                if let reason { GEOSFree_r(c.handle, reason) }
                if let location { GEOSGeom_destroy_r(c.handle, location) }
            }
            var position: Position?
            if let location, case .point(let p) = try c.read(location) { position = p.position }
            return Validity(isValid: r == 1, reason: r == 1 ? nil : reason.map { String(cString: $0) }, location: position)
        }
    }

    /// Whether the geometry is valid (OGC simple features rules).
    public func isValid() throws -> Bool { try validity().isValid }

    /// Repairs an invalid geometry without losing vertices (GEOS makeValid).
    ///
    /// ```swift
    /// let fixed = try bowtie.madeValid()  // a MultiPolygon of two triangles
    /// ```
    public func madeValid() throws -> Geometry {
        try withGEOS(self) { c, g in try c.consume(GEOSMakeValid_r(c.handle, g), "makeValid") }
    }
}
