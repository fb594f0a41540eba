import Foundation
import TongchengGeodesy
import TongchengGeometry

/// The map's projection: WGS 84 longitude/latitude to a projected CRS (EPSG:4547 by default) and
/// back. A geographic CRS is refused: longitude and latitude are never drawn as x and y.
///
/// ```swift
/// let gk = try MapProjection("EPSG:4547")
/// let xy = try gk.project(Position(114.816, 34.827))   // metres, CGCS2000 / GK CM 114°E
/// let back = try gk.geographic(xy)
/// ```
///
/// Why `@unchecked Sendable` is safe: every property is a constant set in `init`, and the two
/// transformers are themselves safe to share (`Transformer` locks its PROJ object).
public final class MapProjection: @unchecked Sendable {
    /// The CRS as the spec named it.
    public let name: String
    /// The CRS the map is drawn in.
    public let crs: CoordinateSystem
    private let forward: Transformer
    private let backward: Transformer

    /// Parses a CRS name (`EPSG:4547`, a PROJ string, WKT); throws for an unknown or geographic CRS.
    public init(_ name: String) throws {
        self.name = name
        crs = try CoordinateSystem(name)
        forward = try Transformer(from: .wgs84, to: crs)
        if forward.targetIsGeographic {
            throw ProjectionError.unknownCRS(name, "a geographic CRS (degrees); maps are drawn in a projected CRS such as EPSG:4547")
        }
        backward = try forward.inverse()
    }

    /// Projects one longitude/latitude position.
    public func project(_ p: Position) throws -> Position { try forward.transform(p) }
    /// Projects positions in bulk.
    public func project(_ ps: [Position]) throws -> [Position] { try forward.transform(ps) }
    /// Projects every position of a geometry.
    public func project(_ g: Geometry) throws -> Geometry { try forward.transform(g) }
    /// Longitude/latitude of a projected position.
    public func geographic(_ p: Position) throws -> Position { try backward.transform(p) }
}

/// A rectangle on the page (px, y down).
///
/// ```swift
/// let r = PageRect(x: 10, y: 10, width: 100, height: 50)
/// print(r.maxX, r.center)   // 110.0 Position(60, 35)
/// ```
public struct PageRect: Sendable, Hashable {
    /// Left edge (px).
    public var x: Double
    /// Top edge (px).
    public var y: Double
    public var width: Double
    public var height: Double

    /// A rectangle from its top-left corner and size.
    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    /// Right edge.
    public var maxX: Double { x + width }
    /// Bottom edge.
    public var maxY: Double { y + height }
    /// The centre.
    public var center: Position { Position(x + width / 2, y + height / 2) }

    /// The rectangle grown by `d` on every side (shrunk for negative `d`).
    public func inset(by d: Double) -> PageRect { PageRect(x: x + d, y: y + d, width: width - 2 * d, height: height - 2 * d) }

    /// Whether the rectangles overlap.
    public func intersects(_ o: PageRect) -> Bool { x < o.maxX && o.x < maxX && y < o.maxY && o.y < maxY }

    /// Whether `o` lies inside.
    public func contains(_ o: PageRect) -> Bool { o.x >= x && o.maxX <= maxX && o.y >= y && o.maxY <= maxY }

    /// Whether `p` lies inside (edges included).
    public func contains(_ p: Position) -> Bool { p.x >= x && p.x <= maxX && p.y >= y && p.y <= maxY }

    /// The rectangle as a closed polygon.
    var polygon: Geometry {
        .polygon(Polygon(exterior: LineString([Position(x, y), Position(maxX, y), Position(maxX, maxY), Position(x, maxY), Position(x, y)])))
    }
}

/// From projected coordinates to the page and back: a uniform scale (projected units per px), an
/// origin, and y pointing down. The map frame is the page rectangle the map fills.
///
/// ```swift
/// let t = PageTransform(frame: PageRect(x: 40, y: 80, width: 1000, height: 700),
///                       center: Position(500_000, 3_850_000), unitsPerPx: 150)
/// let onPage = t.page(Position(500_000, 3_850_000))   // the frame's centre
/// ```
public struct PageTransform: Sendable, Hashable {
    /// The map frame on the page.
    public var frame: PageRect
    /// Projected units (metres) per px.
    public var unitsPerPx: Double
    /// Projected x at the frame's left edge and y at its top edge.
    public var originX: Double
    public var originY: Double

    /// A transform that puts projected `center` at the frame's centre.
    public init(frame: PageRect, center: Position, unitsPerPx: Double) {
        self.frame = frame
        self.unitsPerPx = unitsPerPx
        originX = center.x - frame.width / 2 * unitsPerPx
        originY = center.y + frame.height / 2 * unitsPerPx
    }

    /// The transform that fits a projected box in the frame (centred, aspect kept), its scale
    /// rounded up to a round denominator when `roundScale` (print pages).
    public static func fitting(_ box: BoundingBox, in frame: PageRect, roundScale: Bool, fixedDenominator: Double? = nil) -> PageTransform {
        let w = max(box.maxX - box.minX, 1), h = max(box.maxY - box.minY, 1)
        var unitsPerPx = max(w / frame.width, h / frame.height)
        if let fixed = fixedDenominator {
            unitsPerPx = fixed * metresPerPx
        } else if roundScale {
            unitsPerPx = roundDenominator(unitsPerPx / metresPerPx) * metresPerPx
        }
        return PageTransform(frame: frame, center: box.center, unitsPerPx: unitsPerPx)
    }

    /// Metres of paper per px (1/96 inch).
    public static let metresPerPx = 0.0254 / 96

    /// The scale denominator on paper, in projected units (1:N).
    public var scaleDenominator: Double { unitsPerPx / PageTransform.metresPerPx }

    /// The smallest round denominator (1, 1.2, 1.25, 1.5, 1.75, 2, 2.25, 2.5, 3, 3.5, 4, 4.5, 5, 6,
    /// 7, 7.5, 8, 9 × 10ⁿ) at least `d`.
    public static func roundDenominator(_ d: Double) -> Double {
        let steps = [1.0, 1.2, 1.25, 1.5, 1.75, 2, 2.25, 2.5, 3, 3.5, 4, 4.5, 5, 6, 7, 7.5, 8, 9, 10]
        let decade = pow(10, floor(log10(d)))
        for s in steps where s * decade >= d * (1 - 1e-12) { return s * decade }
        return 10 * decade
    }

    /// Page position of a projected position.
    @inline(__always)
    public func page(_ p: Position) -> Position {
        Position(frame.x + (p.x - originX) / unitsPerPx, frame.y + (originY - p.y) / unitsPerPx)
    }

    /// Projected position of a page position.
    public func projected(_ p: Position) -> Position {
        Position(originX + (p.x - frame.x) * unitsPerPx, originY - (p.y - frame.y) * unitsPerPx)
    }

    /// The frame's extent in projected coordinates.
    public var projectedFrame: BoundingBox {
        BoundingBox(minX: originX, minY: originY - frame.height * unitsPerPx, maxX: originX + frame.width * unitsPerPx, maxY: originY)
    }

    /// A projected geometry on the page.
    public func page(_ g: Geometry) -> Geometry { g.mapPositions { page($0) } }
}

extension BoundingBox {
    /// A box around positions (nil for none).
    static func around(_ ps: [Position]) -> BoundingBox? {
        guard let f = ps.first else { return nil }
        var b = BoundingBox(minX: f.x, minY: f.y, maxX: f.x, maxY: f.y)
        for p in ps.dropFirst() { b.extend(p) }
        return b
    }

    /// The box grown by `fraction` of its size on every side.
    func grown(by fraction: Double) -> BoundingBox {
        let dx = (maxX - minX) * fraction, dy = (maxY - minY) * fraction
        return BoundingBox(minX: minX - dx, minY: minY - dy, maxX: maxX + dx, maxY: maxY + dy)
    }
}
