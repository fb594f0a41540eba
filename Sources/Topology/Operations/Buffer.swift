import CGEOS
import TongchengGeometry

/// How a buffer's ends and corners are drawn.
///
/// ```swift
/// let style = BufferStyle(quadrantSegments: 16, endCap: .flat, join: .mitre)
/// ```
public struct BufferStyle: Sendable, Hashable {
    /// How line ends are drawn: `BufferStyle(endCap: .flat)` for a band that stops at the line's ends.
    public enum EndCap: Sendable, Hashable { case round, flat, square }
    /// How corners are drawn: `BufferStyle(join: .mitre)` keeps a square's corners square.
    public enum Join: Sendable, Hashable { case round, mitre, bevel }

    /// Segments used to approximate a quarter circle (GEOS default 8).
    public var quadrantSegments: Int
    public var endCap: EndCap
    public var join: Join
    public var mitreLimit: Double
    /// Buffer one side only: left for positive distances, right for negative (lines only).
    public var singleSided: Bool

    public init(quadrantSegments: Int = 8, endCap: EndCap = .round, join: Join = .round, mitreLimit: Double = 5, singleSided: Bool = false) {
        self.quadrantSegments = quadrantSegments
        self.endCap = endCap
        self.join = join
        self.mitreLimit = mitreLimit
        self.singleSided = singleSided
    }
}

extension Geometry {
    /// The planar buffer at `distance` coordinate units (metres only for projected data; see
    /// `geodesicBuffer` in Geodesy for metres on longitude/latitude). Negative distances shrink polygons.
    ///
    /// ```swift
    /// let band = try projectedLine.buffer(5_000, style: BufferStyle(endCap: .flat))
    /// ```
    public func buffer(_ distance: Double, style: BufferStyle = BufferStyle()) throws -> Geometry {
        try withGEOS(self) { c, g in
            guard let params = GEOSBufferParams_create_r(c.handle) else { throw c.fail("bufferParams") }
            defer { GEOSBufferParams_destroy_r(c.handle, params) }
            let cap: GEOSBufCapStyles = switch style.endCap {
            case .round: GEOSBUF_CAP_ROUND
            case .flat: GEOSBUF_CAP_FLAT
            case .square: GEOSBUF_CAP_SQUARE
            }
            let join: GEOSBufJoinStyles = switch style.join {
            case .round: GEOSBUF_JOIN_ROUND
            case .mitre: GEOSBUF_JOIN_MITRE
            case .bevel: GEOSBUF_JOIN_BEVEL
            }
            guard GEOSBufferParams_setEndCapStyle_r(c.handle, params, Int32(cap.rawValue)) != 0,
                  GEOSBufferParams_setJoinStyle_r(c.handle, params, Int32(join.rawValue)) != 0,
                  GEOSBufferParams_setMitreLimit_r(c.handle, params, style.mitreLimit) != 0,
                  GEOSBufferParams_setQuadrantSegments_r(c.handle, params, Int32(style.quadrantSegments)) != 0,
                  GEOSBufferParams_setSingleSided_r(c.handle, params, style.singleSided ? 1 : 0) != 0
            else { throw c.fail("bufferParams") }
            return try c.consume(GEOSBufferWithParams_r(c.handle, g, params, distance), "buffer")
        }
    }
}
