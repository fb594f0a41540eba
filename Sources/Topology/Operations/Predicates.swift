import CGEOS
import TongchengGeometry

/// A spatial relationship between two geometries (DE-9IM named predicates).
///
/// ```swift
/// if try lankao.relates(.contains, specialZone) { … }
/// ```
public enum SpatialPredicate: String, Sendable, CaseIterable {
    case intersects, contains, within, covers, coveredBy, touches, overlaps, crosses, disjoint, equals
}

extension Geometry {
    /// Whether `predicate` holds between this geometry and `other`.
    ///
    /// ```swift
    /// let inside = try lankao.relates(.covers, specialZone)
    /// ```
    public func relates(_ predicate: SpatialPredicate, _ other: Geometry) throws -> Bool {
        try withGEOS(self, other) { c, a, b in
            let h = c.handle
            let r: CChar = switch predicate {
            case .intersects: GEOSIntersects_r(h, a, b)
            case .contains: GEOSContains_r(h, a, b)
            case .within: GEOSWithin_r(h, a, b)
            case .covers: GEOSCovers_r(h, a, b)
            case .coveredBy: GEOSCoveredBy_r(h, a, b)
            case .touches: GEOSTouches_r(h, a, b)
            case .overlaps: GEOSOverlaps_r(h, a, b)
            case .crosses: GEOSCrosses_r(h, a, b)
            case .disjoint: GEOSDisjoint_r(h, a, b)
            case .equals: GEOSEquals_r(h, a, b)
            }
            guard r != 2 else { throw c.fail(predicate.rawValue) }
            return r == 1
        }
    }

    /// Whether the geometries share any point.
    public func intersects(_ other: Geometry) throws -> Bool { try relates(.intersects, other) }
    /// Whether `other` lies in this geometry's interior (none of it outside, some inside).
    public func contains(_ other: Geometry) throws -> Bool { try relates(.contains, other) }
    /// Whether this geometry lies within `other`.
    public func within(_ other: Geometry) throws -> Bool { try relates(.within, other) }
    /// Whether no point of `other` lies outside this geometry.
    public func covers(_ other: Geometry) throws -> Bool { try relates(.covers, other) }
    /// Whether the geometries touch at their boundaries only.
    public func touches(_ other: Geometry) throws -> Bool { try relates(.touches, other) }
    /// Whether the geometries share some but not all interior, of the same dimension.
    public func overlaps(_ other: Geometry) throws -> Bool { try relates(.overlaps, other) }
    /// Whether the geometries cross (a line through a polygon, say).
    public func crosses(_ other: Geometry) throws -> Bool { try relates(.crosses, other) }
    /// Whether the geometries share no point.
    public func disjoint(_ other: Geometry) throws -> Bool { try relates(.disjoint, other) }
    /// Whether the geometries are topologically equal.
    public func topologicallyEquals(_ other: Geometry) throws -> Bool { try relates(.equals, other) }
}
