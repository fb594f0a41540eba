import CPROJ
import Geometry

/// Measures many geodesic areas with one initialised ellipsoid (`geodesicArea()` sets PROJ's
/// `geod_geodesic` up on every call: a tenth of the time for a small parcel).
///
/// ```swift
/// var meter = GeodesicAreaMeter()
/// let total = parcels.reduce(0) { $0 + meter.area(of: $1) }
/// ```
public struct GeodesicAreaMeter: Sendable {
    private var g: geod_geodesic

    public init(_ ellipsoid: Ellipsoid = .wgs84) {
        g = ellipsoid.geodesic
    }

    /// The same value as `geometry.geodesicArea()`, in m².
    public mutating func area(of geometry: Geometry) -> Double {
        geometry.geodesicArea(&g)
    }
}
