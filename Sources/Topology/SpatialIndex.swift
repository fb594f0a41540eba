import CGEOS
import Foundation
import TongchengGeometry

/// An STRtree over many geometries, for many-to-many queries ("which features might touch this
/// one?") without testing every pair.
///
/// Queries return candidate indices whose envelopes intersect the query's; confirm with a
/// predicate. Safe to share between threads (queries are serialised on its own GEOS context).
///
/// ```swift
/// let index = try SpatialIndex(counties.map { $0.geometry! })
/// let candidates = try index.query(specialZone)  // [Int], indices into counties
/// ```
///
/// Why `@unchecked Sendable` is safe: the tree and `envelopes` are built in `init` and never
/// changed after; queries run under `lock` on this object's own GEOS context.
public final class SpatialIndex: @unchecked Sendable {
    private let context = GEOSContext()
    private let tree: OpaquePointer
    /// Envelopes of the inserted geometries; the tree keeps pointers to them.
    private var envelopes: [OpaquePointer] = []
    private let lock = NSLock()
    public let count: Int

    /// Builds the index. `nodeCapacity` is the STRtree's branching factor (GEOS's usual 10).
    public init(_ geometries: [Geometry], nodeCapacity: Int = 10) throws {
        guard let t = GEOSSTRtree_create_r(context.handle, max(2, nodeCapacity)) else { throw context.fail("STRtree_create") }
        tree = t
        count = geometries.count
        envelopes.reserveCapacity(geometries.count)
        for (k, g) in geometries.enumerated() {
            guard let box = g.boundingBox else { continue }
            let e = try context.make(SpatialIndex.rectangle(box))
            envelopes.append(e)
            GEOSSTRtree_insert_r(context.handle, tree, e, UnsafeMutableRawPointer(bitPattern: k + 1))
        }
    }

    deinit {
        GEOSSTRtree_destroy_r(context.handle, tree)
        for e in envelopes { GEOSGeom_destroy_r(context.handle, e) }
    }

    /// Indices of the geometries whose bounding boxes intersect `geometry`'s, ascending.
    public func query(_ geometry: Geometry) throws -> [Int] {
        guard let box = geometry.boundingBox else { return [] }
        return try query(box)
    }

    /// Indices of the geometries whose bounding boxes intersect `box`, ascending.
    public func query(_ box: BoundingBox) throws -> [Int] {
        lock.lock()
        defer { lock.unlock() }
        let q = try context.make(SpatialIndex.rectangle(box))
        defer { GEOSGeom_destroy_r(context.handle, q) }
        var hits: [Int] = []
        withUnsafeMutablePointer(to: &hits) { hitsPointer in
            GEOSSTRtree_query_r(context.handle, tree, q, { item, userdata in
                let hits = userdata!.assumingMemoryBound(to: [Int].self)
                hits.pointee.append(Int(bitPattern: item) - 1)
            }, hitsPointer)
        }
        return hits.sorted()
    }

    static func rectangle(_ b: BoundingBox) -> Geometry {
        if b.minX == b.maxX && b.minY == b.maxY { return .point(Point(b.minX, b.minY)) }
        if b.minX == b.maxX || b.minY == b.maxY {
            return .lineString(LineString([Position(b.minX, b.minY), Position(b.maxX, b.maxY)]))
        }
        return .polygon(Polygon(exterior: LineString([
            Position(b.minX, b.minY), Position(b.maxX, b.minY), Position(b.maxX, b.maxY), Position(b.minX, b.maxY), Position(b.minX, b.minY),
        ])))
    }
}
