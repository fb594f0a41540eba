import Geometry
import Topology

extension Geometry {
    /// A buffer of `distanceMetres` that is right on the WGS 84 ellipsoid, for lon/lat geometries.
    ///
    /// Method: the geometry is projected to an azimuthal equidistant projection centred on the
    /// centre of its bounding box, buffered there in metres by GEOS, and projected back. Distances
    /// from the centre are exact in that projection; across it the scale error grows as
    /// (d/R)²/6 with the distance d from the centre — 0.004 % at 100 km, 0.1 % at 500 km — so a
    /// county-sized geometry is buffered to well under a metre. `quadrantSegments` defaults to 32
    /// (128 segments a circle): the polygon then holds 99.96 % of the true circle's area
    /// (128·sin(2π/128)/2π), against 99.4 % with GEOS's default of 8.
    ///
    /// ```swift
    /// let reach = try Geometry.point(Point(113.6655, 34.7535)).geodesicBuffer(100_000)
    /// print(reach.geodesicArea() / 1e6)  // ≈ 31,400 km² (π·100²)
    /// ```
    public func geodesicBuffer(_ distanceMetres: Double, style: BufferStyle = BufferStyle(quadrantSegments: 32)) throws -> Geometry {
        guard let box = boundingBox else { return self }
        let local = try Transformer(from: .wgs84, to: .azimuthalEquidistant(at: box.center))
        let projected = try local.transform(self)
        let buffered = try projected.buffer(distanceMetres, style: style)
        return try local.inverse().transform(buffered)
    }
}
