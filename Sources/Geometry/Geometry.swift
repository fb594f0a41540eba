/// A position: longitude/latitude in degrees for geographic data (GeoJSON's order, x then y),
/// or easting/northing in metres for projected data.
///
/// ```swift
/// let erqi = Position(113.6655, 34.7535)
/// print(erqi.longitude, erqi.latitude)
/// ```
/// The memory layout is two `Double`s, so an array of positions can be handed to GEOS and PROJ
/// as one interleaved x,y buffer without copying.
@frozen
public struct Position: Sendable, Hashable {
    public var x: Double
    public var y: Double

    @inlinable public init(_ x: Double, _ y: Double) {
        self.x = x
        self.y = y
    }

    @inlinable public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }

    /// `x` read as a longitude in degrees.
    @inlinable public var longitude: Double { x }
    /// `y` read as a latitude in degrees.
    @inlinable public var latitude: Double { y }
}

/// A single position, with an optional height.
///
/// ```swift
/// let lankao = Point(114.816, 34.827)
/// ```
public struct Point: Sendable, Hashable {
    public var position: Position
    /// Height (third coordinate) where the source has one.
    public var z: Double?

    public init(_ position: Position, z: Double? = nil) {
        self.position = position
        self.z = z
    }

    public init(_ x: Double, _ y: Double, z: Double? = nil) {
        self.position = Position(x, y)
        self.z = z
    }
}

/// A sequence of positions joined by straight segments; also the type of a polygon ring.
///
/// Heights, where present, are kept beside the positions (`z[i]` belongs to `positions[i]`),
/// so that the x,y part stays one contiguous buffer.
///
/// ```swift
/// let line = LineString([Position(113.7, 34.7), Position(114.8, 34.8)])
/// ```
public struct LineString: Sendable, Hashable {
    public var positions: [Position]
    /// Heights, one per position, or `nil` for 2D data.
    public var z: [Double]?

    public init(_ positions: [Position], z: [Double]? = nil) {
        precondition(z == nil || z!.count == positions.count, "one height per position")
        self.positions = positions
        self.z = z
    }

    /// Whether the first and last positions are equal (a closed ring).
    public var isClosed: Bool {
        guard let first = positions.first, let last = positions.last else { return false }
        return first == last
    }
}

/// A polygon: an exterior ring and zero or more holes (interior rings).
///
/// ```swift
/// let cell = Polygon(exterior: LineString([Position(0, 0), Position(1, 0), Position(1, 1), Position(0, 1), Position(0, 0)]))
/// ```
public struct Polygon: Sendable, Hashable {
    /// Rings; the first is the exterior, the rest are holes. Empty for an empty polygon.
    public var rings: [LineString]

    public init(rings: [LineString]) { self.rings = rings }

    public init(exterior: LineString, holes: [LineString] = []) {
        self.rings = [exterior] + holes
    }

    public var exterior: LineString? { rings.first }
    public var holes: ArraySlice<LineString> { rings.dropFirst() }
}

/// Several points as one geometry.
///
/// ```swift
/// let stations = MultiPoint([Point(113.78, 34.76), Point(114.82, 34.77)])
/// ```
public struct MultiPoint: Sendable, Hashable {
    public var points: [Point]
    public init(_ points: [Point]) { self.points = points }
}

/// Several line strings as one geometry.
///
/// ```swift
/// let rail = MultiLineString([LineString([Position(0, 0), Position(1, 1)])])
/// ```
public struct MultiLineString: Sendable, Hashable {
    public var lineStrings: [LineString]
    public init(_ lineStrings: [LineString]) { self.lineStrings = lineStrings }
}

/// Several polygons as one geometry (a county with exclaves, say).
///
/// ```swift
/// let parts = MultiPolygon([cell])
/// ```
public struct MultiPolygon: Sendable, Hashable {
    public var polygons: [Polygon]
    public init(_ polygons: [Polygon]) { self.polygons = polygons }
}

/// A heterogeneous collection of geometries.
///
/// ```swift
/// let both = GeometryCollection([.point(Point(0, 0)), .polygon(cell)])
/// ```
public struct GeometryCollection: Sendable, Hashable {
    public var geometries: [Geometry]
    public init(_ geometries: [Geometry]) { self.geometries = geometries }
}

/// Any GeoJSON geometry.
///
/// ```swift
/// let g: Geometry = .point(Point(113.6655, 34.7535))
/// print(g.typeName)  // "Point"
/// ```
public enum Geometry: Sendable, Hashable {
    case point(Point)
    case lineString(LineString)
    case polygon(Polygon)
    case multiPoint(MultiPoint)
    case multiLineString(MultiLineString)
    case multiPolygon(MultiPolygon)
    case geometryCollection(GeometryCollection)

    /// The GeoJSON type name ("Point", "MultiPolygon", …).
    public var typeName: String {
        switch self {
        case .point: return "Point"
        case .lineString: return "LineString"
        case .polygon: return "Polygon"
        case .multiPoint: return "MultiPoint"
        case .multiLineString: return "MultiLineString"
        case .multiPolygon: return "MultiPolygon"
        case .geometryCollection: return "GeometryCollection"
        }
    }

    /// Topological dimension: 0 for points, 1 for lines, 2 for polygons; the highest in a collection
    /// (-1 for an empty collection).
    public var dimension: Int {
        switch self {
        case .point, .multiPoint: return 0
        case .lineString, .multiLineString: return 1
        case .polygon, .multiPolygon: return 2
        case .geometryCollection(let c): return c.geometries.map(\.dimension).max() ?? -1
        }
    }

    /// Whether the geometry has no positions at all.
    public var isEmpty: Bool { positionCount == 0 }
}
