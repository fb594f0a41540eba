import TongchengGeometry

/// A grid over a zone whose cells are known to lie wholly inside it, wholly outside, or on its
/// boundary: most parcels of a survey lie in cells wholly inside (or outside) a zone and need no
/// GEOS call at all; only those in boundary cells are tested and overlaid by GEOS.
///
/// Cells touched by any boundary segment's box (grown by a hair) are boundary cells; every other
/// cell holds no boundary point, so its centre's side (even–odd crossings along the row, holes
/// and multipolygons included) is the whole cell's side. Measured on 10⁵ synthetic parcels
/// against 10 zones (bench/RESULTS.md): GEOS prepared containsProperly for every parcel cost
/// about 3 µs a parcel with its conversion; the grid lookup costs well under one.
///
/// ```swift
/// let grid = ZoneRaster(zone, cellWidth: 0.002, cellHeight: 0.002)
/// if grid.side(of: parcelBox) == .inside { total += parcel.geodesicArea() }
/// ```
struct ZoneRaster: Sendable {
    enum Side: Sendable { case inside, outside, unknown }

    let minX: Double, minY: Double, cellWidth: Double, cellHeight: Double
    let columns: Int, rows: Int
    /// 0 outside, 1 inside, 2 boundary; row-major.
    let cells: [UInt8]
    /// Each row's centre line: where the boundary crosses it, ascending.
    let crossings: [[Double]]
    /// Each row's boundary segments (those whose box meets the row), as indices into `segments`.
    let rowSegments: [[Int32]]
    /// Boundary segments as x0, y0, x1, y1.
    let segments: [Double]

    /// At most this many cells a zone (one byte each).
    static let maximumCells = 4_000_000

    init?(_ zone: Geometry, cellWidth requestedWidth: Double, cellHeight requestedHeight: Double) {
        guard let box = zone.boundingBox, requestedWidth > 0, requestedHeight > 0, box.maxX > box.minX, box.maxY > box.minY else { return nil }
        var w = requestedWidth, h = requestedHeight
        while Double(Int((box.maxX - box.minX) / w) + 1) * Double(Int((box.maxY - box.minY) / h) + 1) > Double(ZoneRaster.maximumCells) {
            w *= 1.5
            h *= 1.5
        }
        minX = box.minX
        minY = box.minY
        cellWidth = w
        cellHeight = h
        columns = Int((box.maxX - box.minX) / w) + 1
        rows = Int((box.maxY - box.minY) / h) + 1
        var cells = [UInt8](repeating: 0, count: columns * rows)
        var crossings = [[Double]](repeating: [], count: rows)
        var rowSegments = [[Int32]](repeating: [], count: rows)
        var segments: [Double] = []
        let hair = 1e-9
        let columns = columns, rows = rows, minX = minX, minY = minY
        zone.forEachSequence { ring in
            guard ring.count > 1 else { return }
            for k in 1..<ring.count {
                let a = ring[k - 1], b = ring[k]
                // Boundary cells: those the segment's box meets.
                let i0 = max(0, Int(((min(a.x, b.x) - hair) - minX) / w)), i1 = min(columns - 1, Int(((max(a.x, b.x) + hair) - minX) / w))
                let j0 = max(0, Int(((min(a.y, b.y) - hair) - minY) / h)), j1 = min(rows - 1, Int(((max(a.y, b.y) + hair) - minY) / h))
                if i0 <= i1 && j0 <= j1 {
                    let index = Int32(segments.count / 4)
                    segments += [a.x, a.y, b.x, b.y]
                    for j in j0...j1 {
                        rowSegments[j].append(index)
                        for i in i0...i1 { cells[j * columns + i] = 2 }
                    }
                }
                // Crossings of the rows' centre lines (half-open, so a vertex on a line counts once).
                let lo = min(a.y, b.y), hi = max(a.y, b.y)
                let r0 = max(0, Int(((lo - minY) / h - 0.5).rounded(.up))), r1 = min(rows - 1, Int(((hi - minY) / h - 0.5).rounded(.down)))
                guard r0 <= r1 else { continue }
                for j in r0...r1 {
                    let y = minY + (Double(j) + 0.5) * h
                    guard (a.y <= y) != (b.y <= y) else { continue }
                    crossings[j].append(a.x + (y - a.y) / (b.y - a.y) * (b.x - a.x))
                }
            }
        }
        for j in 0..<rows { crossings[j].sort() }
        for j in 0..<rows {
            let xs = crossings[j]
            var next = 0
            for i in 0..<columns {
                let cx = minX + (Double(i) + 0.5) * w
                while next < xs.count && xs[next] < cx { next += 1 }
                if cells[j * columns + i] != 2 && next % 2 == 1 { cells[j * columns + i] = 1 }
            }
        }
        self.cells = cells
        self.crossings = crossings
        self.rowSegments = rowSegments
        self.segments = segments
    }

    /// Whether everything in `box` lies inside the zone, outside it, or either (ask GEOS).
    func side(of box: BoundingBox) -> Side {
        let maxX = minX + Double(columns) * cellWidth, maxY = minY + Double(rows) * cellHeight
        if box.maxX < minX || box.minX > maxX || box.maxY < minY || box.minY > maxY { return .outside }
        let fi0 = (box.minX - minX) / cellWidth, fi1 = (box.maxX - minX) / cellWidth
        let fj0 = (box.minY - minY) / cellHeight, fj1 = (box.maxY - minY) / cellHeight
        guard fi0 >= 0, fj0 >= 0, fi1 < Double(columns), fj1 < Double(rows) else { return .unknown }
        let i0 = Int(fi0), i1 = Int(fi1), j0 = Int(fj0), j1 = Int(fj1)
        let first = cells[j0 * columns + i0]
        var same = first != 2
        if same {
            for j in j0...j1 {
                for i in i0...i1 where cells[j * columns + i] != first { same = false; break }
                if !same { break }
            }
        }
        if same { return first == 1 ? .inside : .outside }
        // Near the boundary: when no boundary segment's box meets the box, the box lies on one
        // side, read from the crossings of a row centre line through it (even–odd).
        for j in j0...j1 {
            for s in rowSegments[j] {
                let k = Int(s) * 4
                let x0 = segments[k], y0 = segments[k + 1], x1 = segments[k + 2], y1 = segments[k + 3]
                if min(x0, x1) <= box.maxX && max(x0, x1) >= box.minX && min(y0, y1) <= box.maxY && max(y0, y1) >= box.minY { return .unknown }
            }
        }
        let r = Int(((box.minY - minY) / cellHeight - 0.5).rounded(.up))
        guard r >= 0, r < rows, minY + (Double(r) + 0.5) * cellHeight <= box.maxY else { return .unknown }
        let xs = crossings[r]
        var lo = 0, hi = xs.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if xs[mid] < box.minX { lo = mid + 1 } else { hi = mid }
        }
        return lo % 2 == 1 ? .inside : .outside
    }
}

/// Whether a polygon is certainly valid by a quick test in Swift: one ring of at most 32
/// positions, closed, finite, no zero-length edge, and no two edges meeting except neighbours at
/// their shared vertex, each orientation clearly non-zero. Anything else (holes, long rings,
/// near-degenerate corners) returns false and is left to GEOS's isValid, which this only spares
/// for the plain parcels that make up almost all of a survey.
///
/// ```swift
/// if !isClearlyValidPolygon(parcel) { _ = try parcel.validity() }
/// ```
func isClearlyValidPolygon(_ g: Geometry) -> Bool {
    guard case .polygon(let p) = g, p.rings.count == 1 else { return false }
    return p.rings[0].positions.withUnsafeBufferPointer { r -> Bool in
        let n = r.count - 1
        guard n >= 3, n <= 32, r[0] == r[n] else { return false }
        for k in 0..<n {
            let a = r[k], b = r[k + 1]
            guard a.x.isFinite, a.y.isFinite, a != b else { return false }
        }
        // Orientation of c against the line a→b, or nil when too close to call.
        @inline(__always) func orient(_ a: Position, _ b: Position, _ c: Position) -> Double? {
            let ux = b.x - a.x, uy = b.y - a.y, vx = c.x - a.x, vy = c.y - a.y
            let o = ux * vy - uy * vx
            return abs(o) > 1e-12 * (abs(ux) + abs(uy)) * (abs(vx) + abs(vy)) ? o : nil
        }
        for i in 0..<n {
            let a = r[i], b = r[i + 1]
            // A spike (the next edge folding back on this one) is not valid: its corner must turn.
            guard orient(a, b, r[i + 2 > n ? 1 : i + 2]) != nil else { return false }
            for j in stride(from: i + 2, to: n, by: 1) where !(i == 0 && j == n - 1) {
                let c = r[j], d = r[j + 1]
                if max(a.x, b.x) < min(c.x, d.x) || max(c.x, d.x) < min(a.x, b.x) || max(a.y, b.y) < min(c.y, d.y) || max(c.y, d.y) < min(a.y, b.y) { continue }
                guard let o1 = orient(a, b, c), let o2 = orient(a, b, d), let o3 = orient(c, d, a), let o4 = orient(c, d, b) else { return false }
                if (o1 > 0) != (o2 > 0) && (o3 > 0) != (o4 > 0) { return false }
            }
        }
        return true
    }
}

extension ZoneRaster {
    /// One grid a zone, with cells about twice the parcels' typical size (the median box of up to
    /// 2,000 parcels spread over the list), so that a parcel spans one to four cells.
    static func grids(for zones: [Geometry?], parcels: [FeatureRef], jobs: Int = 1) -> [ZoneRaster?] {
        var widths: [Double] = [], heights: [Double] = []
        let step = max(1, parcels.count / 2000)
        for k in stride(from: 0, to: parcels.count, by: step) {
            guard let b = parcels[k].feature.geometry?.boundingBox else { continue }
            widths.append(b.maxX - b.minX)
            heights.append(b.maxY - b.minY)
        }
        guard !widths.isEmpty else { return zones.map { _ in nil } }
        widths.sort()
        heights.sort()
        let w = 0.5 * widths[widths.count / 2], h = 0.5 * heights[heights.count / 2]
        // Zone by zone on the threads there are: the grids are most of a tabulation's serial start.
        return (try? forEachChunk(count: zones.count, jobs: jobs, prepare: {}) { _, k in
            zones[k].flatMap { ZoneRaster($0, cellWidth: w, cellHeight: h) }
        }) ?? zones.map { _ in nil }
    }
}
