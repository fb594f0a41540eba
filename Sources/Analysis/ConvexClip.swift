import TongchengGeodesy
import TongchengGeometry
import TongchengTopology

/// The area of a zone inside a convex parcel, without GEOS: the zone's rings (near the parcel)
/// are clipped by the parcel's edges one half-plane at a time (Sutherland–Hodgman) and the
/// clipped rings' signed geodesic areas are added.
///
/// Sutherland–Hodgman is exact for areas with any subject ring (concave, holes, several parts)
/// as long as the window is convex: where the subject leaves and re-enters the window the result
/// runs along the window's edge and back (a bridge of zero width), whose two passes cancel in the
/// area; each point keeps its winding number times "inside the half-plane". Intersections are
/// computed in longitude/latitude as GEOS's overlay computes them, and the areas are geodesic,
/// so the sums agree with GEOS intersection + geodesic area to round-off (tested against it).
///
/// Why not GEOS here: measured with callgrind on 10⁵ synthetic parcels × 10 zones
/// (bench/landuse-run), OverlayNG cost 116,000 instructions for each of the 12,959 parcels
/// crossing a zone edge (noding, graph, ring building: 1.5 G of the tabulation's 2.27 G),
/// this clip a few thousand. Parcels that are not convex, and every run that keeps the pieces'
/// geometry (`--format geojson`), still go through GEOS.
///
/// ```swift
/// var meter = GeodesicAreaMeter()
/// if let window = ConvexWindow(parcelRing) {
///     let inside = window.area(of: zoneRings, meter: &meter)
/// }
/// ```
struct ConvexWindow {
    /// The window's corners counter-clockwise, not closed.
    let corners: [Position]

    /// The parcel ring as a window, or `nil` when it is not strictly convex (a corner that does
    /// not turn, or turns the other way) or has fewer than three corners or more than 64.
    init?(_ ring: [Position]) {
        var p = ring
        if p.count > 1 && p.first == p.last { p.removeLast() }
        let n = p.count
        guard n >= 3, n <= 64 else { return nil }
        var sign = 0.0
        for k in 0..<n {
            let a = p[k], b = p[(k + 1) % n], c = p[(k + 2) % n]
            let turn = (b.x - a.x) * (c.y - b.y) - (b.y - a.y) * (c.x - b.x)
            guard turn != 0, turn.isFinite else { return nil }
            if sign == 0 { sign = turn } else if (turn > 0) != (sign > 0) { return nil }
        }
        if sign < 0 { p.reverse() }
        corners = p
    }

    /// The geodesic area (m²) of the rings' region inside the window: the sum of the clipped
    /// rings' signed areas, so the rings must run counter-clockwise round areas and clockwise
    /// round holes (`ZoneTiles` orients them so).
    ///
    /// Measured as GEOS's overlay result would be: its boundary along a parcel edge has a vertex
    /// wherever any ring crosses that edge, and each piece between two is a geodesic. A ring
    /// clipped on its own knows only its own crossings, and a 1 km edge measured whole differs
    /// from the same edge in pieces (the pieces' ends lie on the straight longitude/latitude
    /// line, not on the geodesic) by several m² (7.4 m² on a fixture parcel). So every point
    /// made on a window edge is remembered (`lines`: a bit per window edge it lies on), and each
    /// clipped edge along a window edge is cut at every ring's points on it before measuring.
    /// Never inlined, so that callgrind can count the clip's instructions on its own
    /// (`bench/instructions`); one call per parcel and zone costs nothing against the clip.
    @inline(never)
    func area(of rings: [[Position]], meter: inout GeodesicAreaMeter) -> Double {
        let n = corners.count
        var outputs: [[Marked]] = []
        var a: [Marked] = [], b: [Marked] = []
        for ring in rings {
            a.removeAll(keepingCapacity: true)
            for p in ring { a.append(Marked(p, 0)) }
            for k in 0..<n {
                let p = corners[k], q = corners[(k + 1) % n]
                let dx = q.x - p.x, dy = q.y - p.y
                // Left of p→q (inside a counter-clockwise window) is positive.
                ConvexWindow.clip(a, into: &b, line: UInt64(1) << UInt64(k)) { v in dx * (v.y - p.y) - dy * (v.x - p.x) }
                swap(&a, &b)
                if a.count < 3 { break }
            }
            if a.count >= 3 { outputs.append(a) }
        }
        guard !outputs.isEmpty else { return 0 }
        // Every ring's points on each window edge.
        var onEdge = [[Position]](repeating: [], count: n)
        for ring in outputs {
            for m in ring where m.lines != 0 {
                for k in 0..<n where m.lines & (UInt64(1) << UInt64(k)) != 0 { onEdge[k].append(m.position) }
            }
        }
        var total = 0.0
        var refined: [Position] = []
        var between: [(Double, Position)] = []
        for ring in outputs {
            refined.removeAll(keepingCapacity: true)
            for (i, u) in ring.enumerated() {
                refined.append(u.position)
                let v = ring[(i + 1) % ring.count]
                let common = u.lines & v.lines
                guard common != 0, common.nonzeroBitCount == 1 else { continue }
                let k = common.trailingZeroBitCount
                let ex = v.position.x - u.position.x, ey = v.position.y - u.position.y
                let length2 = ex * ex + ey * ey
                guard length2 > 0 else { continue }
                between.removeAll(keepingCapacity: true)
                for w in onEdge[k] {
                    let t = ((w.x - u.position.x) * ex + (w.y - u.position.y) * ey) / length2
                    if t > 1e-12 && t < 1 - 1e-12 { between.append((t, w)) }
                }
                between.sort { $0.0 < $1.0 }
                var last = -1.0
                for (t, w) in between where t - last > 1e-12 {
                    refined.append(w)
                    last = t
                }
            }
            total += meter.signedArea(ofRing: refined)
        }
        return total
    }

    /// Whether every vertex of `rings` lies on the outer side of one of the window's edges or on
    /// its line: then the rings' region shares no area with the window (the edge's line separates
    /// them), and `area(of:)` would return 0 after clipping.
    ///
    /// Neighbours in a coverage share an edge, and their shared vertices are the same numbers, so
    /// the side test gives exactly 0 for them (`a == p` gives 0·0, `a == q` gives dx·dy − dy·dx) and
    /// the shared edge separates them. In check and transition most pairs whose boxes meet are such
    /// neighbours: testing them first took `tongcheng check` of the committed 50,837 parcels from
    /// 6.62 G to 4.03 G instructions (callgrind), with the same answer.
    ///
    /// ```swift
    /// if window.excludes(neighbourRings) { /* 0 m² shared */ }
    /// ```
    @inline(never)
    func excludes(_ rings: [[Position]]) -> Bool {
        let n = corners.count
        edges: for k in 0..<n {
            let p = corners[k], q = corners[k == n - 1 ? 0 : k + 1]
            let dx = q.x - p.x, dy = q.y - p.y
            for ring in rings {
                for v in ring where dx * (v.y - p.y) - dy * (v.x - p.x) > 0 { continue edges }
            }
            return true
        }
        return false
    }

    /// A clipped ring's point and the window edges it lies on (bit k: edge k).
    struct Marked {
        var position: Position
        var lines: UInt64
        init(_ position: Position, _ lines: UInt64) {
            self.position = position
            self.lines = lines
        }
    }

    /// One Sutherland–Hodgman pass: the part of the open ring `input` where `side` ≥ 0, into
    /// `output`, marking the points it makes (and those it keeps that lie exactly on the line) with `line`.
    @inline(__always)
    static func clip(_ input: [Marked], into output: inout [Marked], line: UInt64, side: (Position) -> Double) {
        output.removeAll(keepingCapacity: true)
        guard let last = input.last else { return }
        var p = last
        var sp = side(p.position)
        for q in input {
            let sq = side(q.position)
            if sq >= 0 {
                if sp < 0 { output.append(Marked(cross(p.position, sp, q.position, sq), (p.lines & q.lines) | line)) }
                output.append(sq == 0 ? Marked(q.position, q.lines | line) : q)
            } else if sp >= 0 {
                output.append(Marked(cross(p.position, sp, q.position, sq), (p.lines & q.lines) | line))
            }
            p = q
            sp = sq
        }
    }

    /// Where p→q crosses the line (sp and sq of opposite signs, not both zero).
    @inline(__always)
    static func cross(_ p: Position, _ sp: Double, _ q: Position, _ sq: Double) -> Position {
        let t = sp / (sp - sq)
        return Position(p.x + t * (q.x - p.x), p.y + t * (q.y - p.y))
    }

    /// The open ring's part inside the rectangle (Sutherland–Hodgman on its four sides).
    static func clip(_ ring: [Position], to r: BoundingBox) -> [Position] {
        var a = ring.map { Marked($0, 0) }, b: [Marked] = []
        if a.count > 1 && a.first?.position == a.last?.position { a.removeLast() }
        // The marks are not used here: a tile's sides lie outside every parcel clipped against it.
        clip(a, into: &b, line: 0) { $0.x - r.minX }
        clip(b, into: &a, line: 0) { r.maxX - $0.x }
        clip(a, into: &b, line: 0) { $0.y - r.minY }
        clip(b, into: &a, line: 0) { r.maxY - $0.y }
        return a.map(\.position)
    }
}

/// A zone's rings, oriented for `ConvexWindow.area` (areas counter-clockwise, holes clockwise),
/// in tiles (`TileCache`, as `PreparedLayer` tiles its GEOS polygons) so that a parcel is clipped
/// against the tens of vertices near it rather than the whole zone. One per thread: the cache is
/// not locked.
final class ZoneTiles {
    private let rings: [[Position]]
    private let tiles: TileCache<[[Position]]>?

    /// Coarse pieces with more vertices than this are cut again into fine ones. Measured on 10⁵
    /// synthetic parcels × 10 zones (massif): caching every fine piece held 30 MB; most coarse
    /// pieces away from the zone's edge have four to a dozen vertices and need no finer cut.
    static let fineAbove = 64

    init?(_ zone: Geometry) {
        var rings: [[Position]] = []
        func add(_ polygon: Polygon) {
            for (k, ring) in polygon.rings.enumerated() {
                var p = ring.positions
                if p.count > 1 && p.first == p.last { p.removeLast() }
                guard p.count >= 3 else { continue }
                let counterClockwise = ZoneTiles.planarSignedArea(p) > 0
                if counterClockwise != (k == 0) { p.reverse() }
                rings.append(p)
            }
        }
        switch zone {
        case .polygon(let p): add(p)
        case .multiPolygon(let m): m.polygons.forEach(add)
        default: return nil
        }
        guard !rings.isEmpty, let box = zone.boundingBox else { return nil }
        self.rings = rings
        tiles = TileCache(box: box, vertexCount: rings.reduce(0) { $0 + $1.count })
    }

    /// The zone's rings near `box`: the same area as the whole zone inside any window within `box`.
    func rings(near box: BoundingBox) -> [[Position]] {
        tiles?.piece(for: box, whole: rings, refine: { $0.reduce(0) { $0 + $1.count } > ZoneTiles.fineAbove }, cut: ZoneTiles.cut) ?? rings
    }

    private static func cut(_ rings: [[Position]], _ r: BoundingBox) -> [[Position]] {
        rings.compactMap { ring in
            // A ring whose box misses the rectangle neither crosses nor surrounds it.
            guard ZoneTiles.box(of: ring).intersects(r) else { return nil }
            // Kept for the whole run; `clip(_:to:)` returns an array without spare capacity (a map).
            let c = ConvexWindow.clip(ring, to: r)
            return c.count >= 3 ? c : nil
        }
    }

    private static func box(of ring: [Position]) -> BoundingBox {
        var b = BoundingBox(minX: .infinity, minY: .infinity, maxX: -.infinity, maxY: -.infinity)
        for p in ring { b.extend(p) }
        return b
    }

    static func planarSignedArea(_ p: [Position]) -> Double {
        var s = 0.0
        for k in p.indices {
            let a = p[k], b = p[(k + 1) % p.count]
            s += a.x * b.y - b.x * a.y
        }
        return s / 2
    }
}
