import CGEOS
import TongchengGeometry

/// How a feature lies against one polygon of a `PreparedLayer`.
///
/// ```swift
/// switch piece { case .whole: total += parcel.geodesicArea(); case .part(let g): total += g.geodesicArea() }
/// ```
public enum ClipPiece: Sendable {
    /// The feature lies wholly in the polygon's interior (GEOS prepared containsProperly): no overlay needed.
    case whole
    /// The part of the feature inside the polygon (GEOS OverlayNG intersection; may hold slivers of
    /// lower dimension, which `Overlay.keepDimension` drops).
    case part(Geometry)
}

/// What to do with a feature whose geometry is invalid.
public enum ValidityCheck: Sendable {
    /// Use it as it is (the caller has checked it).
    case trust
    /// Report it (`Clip.invalid`) and clip nothing.
    case refuse
    /// Repair it with GEOS makeValid first (`Clip.repaired` holds the repaired geometry).
    case repair
}

/// One feature clipped against polygons of a `PreparedLayer`.
public struct Clip: Sendable {
    /// Set when the feature is invalid and the check was `.refuse`: GEOS's reason and location.
    public var invalid: Validity?
    /// Set when the feature was invalid and the check was `.repair`.
    public var repaired: Geometry?
    /// The polygons the feature meets (by index, ascending) with the piece inside each.
    public var pieces: [(polygon: Int, piece: ClipPiece)] = []

    /// Nothing met yet: `var clip = Clip()`.
    public init() {}
}

/// Polygons prepared once (GEOS prepared geometries in one private context) for one thread to
/// clip many features against: each feature is copied into GEOS once, checked, and tested against
/// every polygon whose box it meets; only features crossing a polygon's edge are overlaid.
///
/// Not for sharing between threads: make one per thread (preparing is cheap next to the work),
/// so that no lock is taken per feature and two threads scale.
///
/// ```swift
/// let zones = try PreparedLayer(zoneGeometries)
/// let clip = try zones.clip(parcel, check: .refuse)
/// for (zone, piece) in clip.pieces { … }
/// ```
public final class PreparedLayer {
    private let context = GEOSContext()
    private var geometries: [OpaquePointer?] = []
    private var prepared: [OpaquePointer?] = []
    /// The polygons' bounding boxes (`nil` for a missing or empty geometry).
    public let boxes: [BoundingBox?]
    private var tree: OpaquePointer?
    private var treeEnvelopes: [OpaquePointer] = []
    /// Per polygon with many vertices, its pieces in a grid of tiles, cut on first use: a feature
    /// crossing the polygon's edge is overlaid with the tile's piece (tens of vertices), not the
    /// whole polygon (OverlayNG walks all of a polygon's rings to clip it to the feature's box).
    private var tiles: [TileCache<OpaquePointer>?] = []

    /// Prepares every geometry (`nil` entries are kept as never met).
    public init(_ polygons: [Geometry?]) throws {
        boxes = polygons.map { $0?.boundingBox }
        do {
            for g in polygons {
                guard let g, g.boundingBox != nil else {
                    geometries.append(nil)
                    prepared.append(nil)
                    continue
                }
                let made = try context.make(g)
                geometries.append(made)
                guard let p = GEOSPrepare_r(context.handle, made) else { throw context.fail("prepare") }
                prepared.append(p)
            }
            tiles = polygons.map { g in g.flatMap { g in g.boundingBox.flatMap { TileCache(box: $0, vertexCount: g.positionCount) } } }
            // Beyond a few dozen polygons an STRtree finds the candidates faster than a scan of the boxes.
            if polygons.count > 32 {
                guard let t = GEOSSTRtree_create_r(context.handle, 10) else { throw context.fail("STRtree_create") }
                tree = t
                for (k, box) in boxes.enumerated() {
                    guard let box else { continue }
                    let e = try context.make(SpatialIndex.rectangle(box))
                    treeEnvelopes.append(e)
                    GEOSSTRtree_insert_r(context.handle, t, e, UnsafeMutableRawPointer(bitPattern: k + 1))
                }
            }
        } catch {
            release()
            throw error
        }
    }

    deinit { release() }

    private func release() {
        if let tree { GEOSSTRtree_destroy_r(context.handle, tree) }
        tree = nil
        for e in treeEnvelopes { GEOSGeom_destroy_r(context.handle, e) }
        treeEnvelopes = []
        for t in tiles { for p in t?.pieces ?? [] { GEOSGeom_destroy_r(context.handle, p) } }
        tiles = []
        for p in prepared { if let p { GEOSPreparedGeom_destroy_r(context.handle, p) } }
        for g in geometries { if let g { GEOSGeom_destroy_r(context.handle, g) } }
        prepared = []
        geometries = []
    }

    /// How many polygons the layer holds.
    public var count: Int { boxes.count }

    /// Indices of the polygons whose boxes meet `box`, ascending.
    public func candidates(_ box: BoundingBox) throws -> [Int] {
        guard let tree else {
            return boxes.indices.filter { boxes[$0].map { $0.intersects(box) } ?? false }
        }
        let q = try context.make(SpatialIndex.rectangle(box))
        defer { GEOSGeom_destroy_r(context.handle, q) }
        var hits: [Int] = []
        withUnsafeMutablePointer(to: &hits) { hitsPointer in
            GEOSSTRtree_query_r(context.handle, tree, q, { item, userdata in
                userdata!.assumingMemoryBound(to: [Int].self).pointee.append(Int(bitPattern: item) - 1)
            }, hitsPointer)
        }
        return hits.sorted()
    }

    /// Clips `feature` against every polygon it meets (or only those in `among`, when given).
    ///
    /// With `direct`, a feature small next to a tiled polygon is overlaid with the polygon's tile at
    /// once, without the prepared containsProperly and intersects tests first: for features the
    /// caller already knows to be near the polygon's edge, most of which cross it.
    public func clip(_ feature: Geometry, check: ValidityCheck = .trust, among: [Int]? = nil, direct: Bool = false) throws -> Clip {
        var result = Clip()
        guard let box = feature.boundingBox else { return result }
        let candidates = try among ?? self.candidates(box)
        guard !candidates.isEmpty else { return result }
        let h = context.handle
        var g = try context.make(feature)
        defer { GEOSGeom_destroy_r(h, g) }
        if check != .trust {
            let valid = GEOSisValid_r(h, g)
            guard valid != 2 else { throw context.fail("isValid") }
            if valid == 0 {
                if check == .refuse {
                    result.invalid = try validity(g)
                    return result
                }
                guard let fixed = GEOSMakeValid_r(h, g) else { throw context.fail("makeValid") }
                GEOSGeom_destroy_r(h, g)
                g = fixed
                result.repaired = try context.read(g)
            }
        }
        for k in candidates {
            guard let p = prepared[k], let zone = geometries[k] else { continue }
            if direct, let piece = try tilePiece(k, box) {
                // Asked to overlay without the predicates (the caller's own test left this feature undecided).
                let part = try context.consume(GEOSIntersection_r(h, g, piece), "intersection")
                if !part.isEmpty { result.pieces.append((k, .part(part))) }
                continue
            }
            let inside = GEOSPreparedContainsProperly_r(h, p, g)
            guard inside != 2 else { throw context.fail("containsProperly") }
            if inside == 1 {
                result.pieces.append((k, .whole))
                continue
            }
            let meets = GEOSPreparedIntersects_r(h, p, g)
            guard meets != 2 else { throw context.fail("intersects") }
            guard meets == 1 else { continue }
            let target = try tilePiece(k, box) ?? zone
            result.pieces.append((k, .part(try context.consume(GEOSIntersection_r(h, g, target), "intersection"))))
        }
        return result
    }

    /// The part of `feature` outside every polygon in `among` (GEOS difference with their union);
    /// `nil` when nothing is outside.
    public func outside(_ feature: Geometry, among: [Int]) throws -> Geometry? {
        let h = context.handle
        let g = try context.make(feature)
        defer { GEOSGeom_destroy_r(h, g) }
        var parts: [OpaquePointer?] = []
        for k in among { if let z = geometries[k] { parts.append(GEOSGeom_clone_r(h, z)) } }
        guard !parts.isEmpty else { return feature }
        guard let collection = GEOSGeom_createCollection_r(h, Int32(GEOS_GEOMETRYCOLLECTION.rawValue), &parts, UInt32(parts.count)) else { throw context.fail("createCollection") }
        defer { GEOSGeom_destroy_r(h, collection) }
        guard let union = GEOSUnaryUnion_r(h, collection) else { throw context.fail("unaryUnion") }
        defer { GEOSGeom_destroy_r(h, union) }
        let rest = try context.consume(GEOSDifference_r(h, g, union), "difference")
        return rest.isEmpty ? nil : rest
    }

    /// The piece of polygon `k` in the tile that holds `box`, or `nil` when the polygon is not
    /// tiled or the box is too large for a tile.
    private func tilePiece(_ k: Int, _ box: BoundingBox) throws -> OpaquePointer? {
        guard k < tiles.count, let t = tiles[k], let zone = geometries[k] else { return nil }
        return try t.piece(for: box, whole: zone, cut: cut)
    }

    private func cut(_ g: OpaquePointer, _ box: BoundingBox) throws -> OpaquePointer {
        let rect = try context.make(SpatialIndex.rectangle(box))
        defer { GEOSGeom_destroy_r(context.handle, rect) }
        guard let piece = GEOSIntersection_r(context.handle, g, rect) else { throw context.fail("intersection") }
        return piece
    }

    private func validity(_ g: OpaquePointer) throws -> Validity {
        var reason: UnsafeMutablePointer<CChar>?
        var location: OpaquePointer?
        let r = GEOSisValidDetail_r(context.handle, g, 0, &reason, &location)
        guard r != 2 else { throw context.fail("isValidDetail") }
        defer {
            if let reason { GEOSFree_r(context.handle, reason) }
            if let location { GEOSGeom_destroy_r(context.handle, location) }
        }
        var position: Position?
        if let location, case .point(let p) = try context.read(location) { position = p.position }
        return Validity(isValid: r == 1, reason: r == 1 ? nil : reason.map { String(cString: $0) }, location: position)
    }
}
