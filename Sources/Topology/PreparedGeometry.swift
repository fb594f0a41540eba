import CGEOS
import Foundation
import TongchengGeometry

/// A geometry prepared once for many fast predicate tests against it (GEOS prepared geometry:
/// indexed segments, cached point-in-polygon).
///
/// Safe to share between threads: tests are serialised on its own GEOS context.
///
/// ```swift
/// let lankao = try PreparedGeometry(lankaoBoundary)
/// let inside = try towns.filter { try lankao.contains($0.geometry!) }
/// ```
///
/// Why `@unchecked Sendable` is safe: the GEOS handles are constants made in `init` and used only
/// under `lock` (an `NSLock`), with this object's own GEOS context.
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

    /// The two closest points of the prepared geometry and `other` (planar, in their coordinate
    /// units), without copying the prepared geometry into GEOS again.
    ///
    /// ```swift
    /// let (onCounty, onTown) = try lankao.nearestPoints(to: .point(Point(114.9, 34.8)))
    /// ```
    public func nearestPoints(to other: Geometry) throws -> (Position, Position) {
        lock.lock()
        defer { lock.unlock() }
        let g = try context.make(other)
        defer { GEOSGeom_destroy_r(context.handle, g) }
        guard let seq = GEOSNearestPoints_r(context.handle, geometry.pointer, g) else { throw context.fail("nearestPoints") }
        defer { GEOSCoordSeq_destroy_r(context.handle, seq) }
        var xy = [Double](repeating: 0, count: 4)
        guard GEOSCoordSeq_copyToBuffer_r(context.handle, seq, &xy, 0, 0) != 0 else { throw context.fail("nearestPoints") }
        return (Position(xy[0], xy[1]), Position(xy[2], xy[3]))
    }

    /// Shortest planar distance to `other` in coordinate units (GEOS's indexed facet distance: a
    /// search, not a scan of every pair of segments).
    ///
    /// ```swift
    /// let metres = try railwayLocal.distance(to: candidateSquare)
    /// ```
    public func distance(to other: Geometry) throws -> Double {
        lock.lock()
        defer { lock.unlock() }
        let g = try context.make(other)
        defer { GEOSGeom_destroy_r(context.handle, g) }
        var d = 0.0
        guard GEOSPreparedDistance_r(context.handle, prepared, g, &d) != 0 else { throw context.fail("distance") }
        return d
    }

    /// `other ∩ this geometry` (GEOS OverlayNG), without copying this geometry into GEOS again:
    /// for loops that cut many small shapes from one large one.
    ///
    /// ```swift
    /// let free = try allowed.intersection(of: ring).planarArea()
    /// ```
    public func intersection(of other: Geometry) throws -> Geometry {
        lock.lock()
        defer { lock.unlock() }
        let g = try context.make(other)
        defer { GEOSGeom_destroy_r(context.handle, g) }
        return try context.consume(GEOSIntersection_r(context.handle, g, geometry.pointer), "intersection")
    }

    /// The part of the prepared geometry inside `box` (GEOS's fast rectangle clip), or `nil` when
    /// nothing of it is there. Lets a loop look at a huge geometry only near what it compares.
    ///
    /// ```swift
    /// let nearTown = try county.clipped(to: BoundingBox(minX: 114.8, minY: 34.7, maxX: 114.9, maxY: 34.8))
    /// ```
    public func clipped(to box: BoundingBox) throws -> Geometry? {
        lock.lock()
        defer { lock.unlock() }
        guard let r = GEOSClipByRect_r(context.handle, geometry.pointer, box.minX, box.minY, box.maxX, box.maxY) else { throw context.fail("clipByRect") }
        if GEOSisEmpty_r(context.handle, r) == 1 {
            GEOSGeom_destroy_r(context.handle, r)
            return nil
        }
        return try context.consume(r, "clipByRect")
    }
}

/// One prepared copy of a geometry for each thread that asks, so that threads testing against the
/// same geometry (a reach disc against thousands of counties, `--jobs 2`) never wait for one
/// another: a `PreparedGeometry` serialises its tests on its own context, and one shared copy
/// would make two threads as slow as one. Only the lookup of the thread's copy takes a lock.
///
/// ```swift
/// let disc = PreparedPerThread(reachDisc)
/// let inside = try parallelMap(counties, jobs: 2) { try disc.current().covers($0.geometry!) }
/// ```
///
/// Why `@unchecked Sendable` is safe: `copies` is read and written only under `lock`; each copy
/// is used only by the thread whose id keys it (and is itself `Sendable`).
public final class PreparedPerThread: @unchecked Sendable {
    private let geometry: Geometry
    private let lock = NSLock()
    private var copies: [UInt: PreparedGeometry] = [:]

    /// Keeps `geometry`; each thread prepares its copy on first use.
    public init(_ geometry: Geometry) { self.geometry = geometry }

    /// This thread's prepared copy.
    public func current() throws -> PreparedGeometry {
        #if os(Linux)
        let me = UInt(pthread_self())
        #else
        let me = UInt(bitPattern: pthread_self())
        #endif
        if let p = lock.withLock({ copies[me] }) { return p }
        let p = try PreparedGeometry(geometry)
        lock.withLock { copies[me] = p }
        return p
    }
}
