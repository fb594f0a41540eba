import CPROJ
import TongchengGeometry

/// A reference ellipsoid for geodesic measures (Karney's algorithms in PROJ's `geod_*`).
///
/// ```swift
/// let g = Ellipsoid.wgs84
/// print(g.semiMajorAxis)  // 6378137.0
/// ```
public struct Ellipsoid: Sendable, Hashable {
    /// Semi-major axis in metres.
    public var semiMajorAxis: Double
    /// Flattening.
    public var flattening: Double

    public init(semiMajorAxis: Double, flattening: Double) {
        self.semiMajorAxis = semiMajorAxis
        self.flattening = flattening
    }

    /// WGS 84 (EPSG:7030), the ellipsoid of GPS and RFC 7946 GeoJSON.
    public static let wgs84 = Ellipsoid(semiMajorAxis: 6_378_137, flattening: 1 / 298.257223563)
    /// CGCS2000 (EPSG:1024), China's geodetic system: the same axis, a flattening that differs from
    /// WGS 84's in the 11th digit (areas agree to about 1e-9).
    public static let cgcs2000 = Ellipsoid(semiMajorAxis: 6_378_137, flattening: 1 / 298.257222101)

    /// The `geod_geodesic` for this ellipsoid (WGS 84's is initialised once per process).
    var geodesic: geod_geodesic {
        if self == .wgs84 { return Ellipsoid.wgs84Geodesic }
        var g = geod_geodesic()
        geod_init(&g, semiMajorAxis, flattening)
        return g
    }

    /// WGS 84's `geod_geodesic`, initialised once (a value: each caller works on its own copy).
    static let wgs84Geodesic: geod_geodesic = {
        var g = geod_geodesic()
        geod_init(&g, 6_378_137, 1 / 298.257223563)
        return g
    }()
}

/// The result of an inverse geodesic problem: distance and azimuths between two points.
///
/// ```swift
/// let line = Ellipsoid.wgs84.inverse(from: zhengzhou, to: lankao)
/// print(line.distanceMetres, line.initialAzimuth)
/// ```
public struct GeodesicLine: Sendable, Hashable {
    /// Distance along the ellipsoid, metres.
    public var distanceMetres: Double
    /// Azimuth at the start, degrees clockwise from north.
    public var initialAzimuth: Double
    /// Azimuth at the end, degrees clockwise from north.
    public var finalAzimuth: Double
}

extension Ellipsoid {
    /// Distance and azimuths between two lon/lat positions (Karney 2013, accurate to nanometres).
    ///
    /// ```swift
    /// let d = Ellipsoid.wgs84.inverse(from: Position(113.6655, 34.7535), to: Position(114.816, 34.827)).distanceMetres
    /// ```
    public func inverse(from a: Position, to b: Position) -> GeodesicLine {
        var g = geodesic
        var s12 = 0.0, azi1 = 0.0, azi2 = 0.0
        geod_inverse(&g, a.latitude, a.longitude, b.latitude, b.longitude, &s12, &azi1, &azi2)
        return GeodesicLine(distanceMetres: s12, initialAzimuth: azi1, finalAzimuth: azi2)
    }

    /// The position reached from `start` after `distanceMetres` along `azimuth` (degrees from north).
    ///
    /// ```swift
    /// let north = Ellipsoid.wgs84.destination(from: Position(114, 34), azimuth: 0, distanceMetres: 1000)
    /// ```
    public func destination(from start: Position, azimuth: Double, distanceMetres: Double) -> Position {
        var g = geodesic
        var lat2 = 0.0, lon2 = 0.0, azi2 = 0.0
        geod_direct(&g, start.latitude, start.longitude, azimuth, distanceMetres, &lat2, &lon2, &azi2)
        return Position(lon2, lat2)
    }

    /// Geodesic distance in metres between two lon/lat positions.
    public func distance(_ a: Position, _ b: Position) -> Double {
        inverse(from: a, to: b).distanceMetres
    }
}
