import CGEOS
import Foundation
import Geometry

/// A geometry prepared once for many fast predicate tests against it (GEOS prepared geometry:
/// indexed segments, cached point-in-polygon).
///
/// Safe to share between threads: tests are serialised on its own GEOS context.
///
/// ```swift
/// let lankao = try PreparedGeometry(lankaoBoundary)
/// let inside = try towns.filter { try lankao.contains($0.geometry!) }
/// ```
public final class PreparedGeometry: @unchecked Sendable {
    private let context = GEOSContext()
    private let geometry: GEOSHandle
    private let prepared: OpaquePointer
    private let lock = NSLock()

    /// Prepares `geometry` (copied into GEOS once): `let lankao = try PreparedGeometry(county)`.
    public init(_ geometry: Geometry) throws {
        self.geometry = try context.handle(geometry)
        guard let p = GEOSPrepare_r(context.handle, self.geometry.pointer) else { throw context.fail("prepare") }
        prepared = p
    }

    deinit {
        GEOSPreparedGeom_destroy_r(context.handle, prepared)
    }

    /// Whether `predicate` holds between the prepared geometry and `other`.
    public func relates(_ predicate: SpatialPredicate, _ other: Geometry) throws -> Bool {
        lock.lock()
        defer { lock.unlock() }
        let g = try context.make(other)
        defer { GEOSGeom_destroy_r(context.handle, g) }
        let h = context.handle
        let r: CChar = switch predicate {
        case .intersects: GEOSPreparedIntersects_r(h, prepared, g)
        case .contains: GEOSPreparedContains_r(h, prepared, g)
        case .within: GEOSPreparedWithin_r(h, prepared, g)
        case .covers: GEOSPreparedCovers_r(h, prepared, g)
        case .coveredBy: GEOSPreparedCoveredBy_r(h, prepared, g)
        case .touches: GEOSPreparedTouches_r(h, prepared, g)
        case .overlaps: GEOSPreparedOverlaps_r(h, prepared, g)
        case .crosses: GEOSPreparedCrosses_r(h, prepared, g)
        case .disjoint: GEOSPreparedDisjoint_r(h, prepared, g)
        case .equals: GEOSEquals_r(h, geometry.pointer, g)
        }
        guard r != 2 else { throw context.fail(predicate.rawValue) }
        return r == 1
    }

    /// Shorthands for `relates`: `try lankao.covers(.point(Point(114.82, 34.77)))`.
    public func intersects(_ other: Geometry) throws -> Bool { try relates(.intersects, other) }
    public func contains(_ other: Geometry) throws -> Bool { try relates(.contains, other) }
    public func covers(_ other: Geometry) throws -> Bool { try relates(.covers, other) }
}
