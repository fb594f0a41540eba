import TongchengGeometry

/// A polygon's pieces in a two-level grid of tiles, each cut on first use, so that a small
/// feature is overlaid with the tens of vertices near it rather than the whole polygon. Coarse
/// tiles hold about 16 of the polygon's vertices on average over its box; each splits into
/// 4 × 4 fine tiles cut from the coarse piece, so no cut walks the whole polygon more than once
/// a coarse tile. A tile's piece is cut from its rectangle grown by half a tile each way, which
/// holds every feature of up to half a tile whose box's centre lies in the tile.
///
/// Generic over the piece: GEOS geometries in `PreparedLayer`, Swift rings in the tabulation's
/// convex clip. Not for sharing between threads (the cache is not locked).
///
/// ```swift
/// let tiles = TileCache<[Position]>(box: zoneBox, vertexCount: ring.count)
/// let near = tiles?.piece(for: parcelBox, whole: ring) { piece, rect in clip(piece, to: rect) } ?? ring
/// ```
public final class TileCache<Piece> {
    /// Polygons with more vertices than this are tiled.
    @inlinable public static var tiledAbove: Int { 256 }

    // Inlinable, so that each user's pieces are specialised (unspecialised generic calls cost the
    // tabulation of 10⁵ parcels 5 %).
    @usableFromInline let minX: Double, minY: Double, width: Double, height: Double
    @usableFromInline let side: Int
    @usableFromInline var coarse: [Piece?]
    @usableFromInline var fine: [[Piece?]]

    /// A grid over `box` for a polygon of `vertexCount` vertices, or `nil` when it has too few to tile.
    @inlinable public init?(box: BoundingBox, vertexCount: Int) {
        guard vertexCount > TileCache.tiledAbove else { return nil }
        side = max(1, Int((Double(vertexCount) / 16).squareRoot()))
        minX = box.minX
        minY = box.minY
        width = max((box.maxX - box.minX) / Double(side), 1e-9)
        height = max((box.maxY - box.minY) / Double(side), 1e-9)
        coarse = Array(repeating: nil, count: side * side)
        fine = Array(repeating: [], count: side * side)
    }

    /// The piece holding all of the polygon within `box`, or `nil` when `box` is too large for a
    /// tile (use the whole polygon). `cut(piece, rectangle)` cuts a piece to a rectangle: from
    /// `whole` for a coarse tile, from the coarse piece for a fine one; a coarse piece for which
    /// `refine` is false is used as it is.
    @inlinable public func piece(for box: BoundingBox, whole: Piece, refine: (Piece) -> Bool = { _ in true },
                      cut: (Piece, BoundingBox) throws -> Piece) rethrows -> Piece? {
        guard box.maxX - box.minX <= width / 2, box.maxY - box.minY <= height / 2 else { return nil }
        let cx = (box.minX + box.maxX) / 2, cy = (box.minY + box.maxY) / 2
        let i = min(side - 1, max(0, Int((cx - minX) / width)))
        let j = min(side - 1, max(0, Int((cy - minY) / height)))
        let cell = j * side + i
        let x0 = minX + Double(i) * width, y0 = minY + Double(j) * height
        let piece: Piece
        if let done = coarse[cell] { piece = done } else {
            piece = try cut(whole, BoundingBox(minX: x0 - width / 2, minY: y0 - height / 2, maxX: x0 + 1.5 * width, maxY: y0 + 1.5 * height))
            coarse[cell] = piece
            fine[cell] = Array(repeating: nil, count: 16)
        }
        let fw = width / 4, fh = height / 4
        guard box.maxX - box.minX <= fw / 2, box.maxY - box.minY <= fh / 2, refine(piece) else { return piece }
        let fi = min(3, max(0, Int((cx - x0) / fw))), fj = min(3, max(0, Int((cy - y0) / fh)))
        if let done = fine[cell][fj * 4 + fi] { return done }
        // Inside the coarse tile's grown rectangle, so the coarse piece holds all of the polygon there.
        let fx = x0 + Double(fi) * fw, fy = y0 + Double(fj) * fh
        let cutPiece = try cut(piece, BoundingBox(minX: fx - fw / 2, minY: fy - fh / 2, maxX: fx + 1.5 * fw, maxY: fy + 1.5 * fh))
        fine[cell][fj * 4 + fi] = cutPiece
        return cutPiece
    }

    /// Every piece cut so far (to release them, when they are resources).
    public var pieces: [Piece] { coarse.compactMap { $0 } + fine.flatMap { $0.compactMap { $0 } } }
}
