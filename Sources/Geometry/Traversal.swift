/// Walking and rewriting the positions of a geometry.
extension Geometry {
    /// Number of positions (vertices), counting ring closures.
    ///
    /// ```swift
    /// Geometry.point(Point(0, 0)).positionCount  // 1
    /// ```
    public var positionCount: Int {
        var n = 0
        forEachSequence { n += $0.count }
        return n
    }

    /// Calls `body` once per contiguous run of positions (a point, a line, a ring).
    ///
    /// ```swift
    /// g.forEachSequence { run in print(run.count) }
    /// ```
    public func forEachSequence(_ body: ([Position]) throws -> Void) rethrows {
        switch self {
        case .point(let p): try body([p.position])
        case .lineString(let l): try body(l.positions)
        case .polygon(let p): for r in p.rings { try body(r.positions) }
        case .multiPoint(let m): for p in m.points { try body([p.position]) }
        case .multiLineString(let m): for l in m.lineStrings { try body(l.positions) }
        case .multiPolygon(let m): for p in m.polygons { for r in p.rings { try body(r.positions) } }
        case .geometryCollection(let c): for g in c.geometries { try g.forEachSequence(body) }
        }
    }

    /// Returns the geometry with every run of positions replaced by `transform(run)`,
    /// which must return as many positions as it was given. Heights are kept.
    ///
    /// ```swift
    /// let shifted = try g.mapSequences { run in run.map { Position($0.x + 1, $0.y) } }
    /// ```
    public func mapSequences(_ transform: ([Position]) throws -> [Position]) rethrows -> Geometry {
        func line(_ l: LineString) throws -> LineString {
            let out = try transform(l.positions)
            precondition(out.count == l.positions.count, "mapSequences must keep the number of positions")
            return LineString(out, z: l.z)
        }
        func point(_ p: Point) throws -> Point {
            let out = try transform([p.position])
            return Point(out[0], z: p.z)
        }
        func polygon(_ p: Polygon) throws -> Polygon { Polygon(rings: try p.rings.map(line)) }
        switch self {
        case .point(let p): return .point(try point(p))
        case .lineString(let l): return .lineString(try line(l))
        case .polygon(let p): return .polygon(try polygon(p))
        case .multiPoint(let m):
            // One call for all points of the multipoint, so bulk transforms stay bulk.
            let out = try transform(m.points.map(\.position))
            precondition(out.count == m.points.count)
            return .multiPoint(MultiPoint(zip(out, m.points).map { Point($0, z: $1.z) }))
        case .multiLineString(let m): return .multiLineString(MultiLineString(try m.lineStrings.map(line)))
        case .multiPolygon(let m): return .multiPolygon(MultiPolygon(try m.polygons.map(polygon)))
        case .geometryCollection(let c): return .geometryCollection(GeometryCollection(try c.geometries.map { try $0.mapSequences(transform) }))
        }
    }

    /// Returns the geometry with every position replaced by `transform(position)`.
    ///
    /// ```swift
    /// let swapped = g.mapPositions { Position($0.y, $0.x) }
    /// ```
    public func mapPositions(_ transform: (Position) throws -> Position) rethrows -> Geometry {
        try mapSequences { try $0.map(transform) }
    }

    /// The bounding box of all positions, or `nil` when the geometry is empty.
    ///
    /// ```swift
    /// let box = g.boundingBox  // BoundingBox(minX:…, minY:…, maxX:…, maxY:…)
    /// ```
    public var boundingBox: BoundingBox? {
        var box: BoundingBox?
        forEachSequence { run in
            for p in run {
                if box == nil { box = BoundingBox(minX: p.x, minY: p.y, maxX: p.x, maxY: p.y) } else { box!.extend(p) }
            }
        }
        return box
    }
}

/// An axis-aligned box in the geometry's own coordinates.
///
/// ```swift
/// var box = BoundingBox(minX: 113, minY: 34, maxX: 115, maxY: 35)
/// box.extend(Position(116, 36))
/// ```
public struct BoundingBox: Sendable, Hashable {
    public var minX: Double
    public var minY: Double
    public var maxX: Double
    public var maxY: Double

    public init(minX: Double, minY: Double, maxX: Double, maxY: Double) {
        self.minX = minX
        self.minY = minY
        self.maxX = maxX
        self.maxY = maxY
    }

    public mutating func extend(_ p: Position) {
        if p.x < minX { minX = p.x }
        if p.x > maxX { maxX = p.x }
        if p.y < minY { minY = p.y }
        if p.y > maxY { maxY = p.y }
    }

    public mutating func extend(_ other: BoundingBox) {
        minX = Swift.min(minX, other.minX)
        minY = Swift.min(minY, other.minY)
        maxX = Swift.max(maxX, other.maxX)
        maxY = Swift.max(maxY, other.maxY)
    }

    /// The middle of the box (in its own coordinates: the mean of the extremes, not a centroid).
    public var center: Position { Position((minX + maxX) / 2, (minY + maxY) / 2) }

    /// Whether the two boxes share at least a point (touching edges count).
    ///
    /// ```swift
    /// if a.boundingBox?.intersects(b.boundingBox!) == true { /* worth an exact test */ }
    /// ```
    public func intersects(_ other: BoundingBox) -> Bool {
        minX <= other.maxX && other.minX <= maxX && minY <= other.maxY && other.minY <= maxY
    }

    /// `[minX, minY, maxX, maxY]`, GeoJSON's `bbox` order.
    public var array: [Double] { [minX, minY, maxX, maxY] }
}

extension Geometry {
    /// Whether any part carries heights (z): writers of WKB/EWKB and OGR pick the 3D type then.
    ///
    /// ```swift
    /// Geometry.point(Point(114.8, 34.8, z: 72)).hasHeights  // true
    /// ```
    public var hasHeights: Bool {
        switch self {
        case .point(let p): return p.z != nil
        case .lineString(let l): return l.z != nil
        case .polygon(let p): return p.rings.contains { $0.z != nil }
        case .multiPoint(let m): return m.points.contains { $0.z != nil }
        case .multiLineString(let m): return m.lineStrings.contains { $0.z != nil }
        case .multiPolygon(let m): return m.polygons.contains { $0.rings.contains { $0.z != nil } }
        case .geometryCollection(let c): return c.geometries.contains { $0.hasHeights }
        }
    }
}
