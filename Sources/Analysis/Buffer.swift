import TongchengGeodesy
import TongchengGeometry
import TongchengTopology

/// Buffers every feature by a distance in metres: geodesically by default (right on the WGS 84
/// ellipsoid, see `Geometry.geodesicBuffer`), or planar in a projected CRS.
///
/// ```swift
/// let band = try BufferAnalysis(distanceMetres: 5_000).run(railway)
/// let dissolved = try BufferAnalysis(distanceMetres: 2_000, dissolve: true).run(towns)
/// ```
public struct BufferAnalysis: Sendable {
    public var distanceMetres: Double
    /// A projected CRS to buffer in instead of geodesically.
    public var crs: CoordinateSystem?
    /// Merge all buffers into one feature.
    public var dissolve: Bool
    public var style: BufferStyle
    public var jobs: Int
    /// Counts features buffered (`nil`: no progress kept).
    public var progress: ProgressCounter?

    public init(distanceMetres: Double, crs: CoordinateSystem? = nil, dissolve: Bool = false, style: BufferStyle = BufferStyle(quadrantSegments: 32), jobs: Int = 1) {
        self.distanceMetres = distanceMetres
        self.crs = crs
        self.dissolve = dissolve
        self.style = style
        self.jobs = jobs
    }

    /// Buffers one geometry (lon/lat in, lon/lat out).
    public func buffer(_ g: Geometry) throws -> Geometry {
        if let crs {
            let pair = try TransformerCache.shared.transformer(from: .wgs84, to: crs)
            return try pair.inverse.transform(try pair.forward.transform(g).buffer(distanceMetres, style: style))
        }
        return try g.geodesicBuffer(distanceMetres, style: style)
    }

    /// Buffers every feature, keeping ids and properties (plus `buffer_m`).
    public func run(_ collection: FeatureCollection) throws -> FeatureCollection {
        progress?.start("buffer", total: collection.features.count)
        let buffered = try parallelMap(collection.features, jobs: jobs) { f -> Feature in
            defer { progress?.advance() }
            var out = f
            out.geometry = try f.geometry.map(buffer)
            var p = f.properties ?? JSONObject()
            p["buffer_m"] = .number(try JSONNumber.finite(distanceMetres, "buffer distance"))
            out.properties = p
            out.bbox = nil
            return out
        }
        guard dissolve else { return FeatureCollection(buffered, foreignMembers: collection.foreignMembers) }
        progress?.start("dissolve the buffers")
        let union = try Geometry.union(of: buffered.compactMap(\.geometry))
        let f = Feature(properties: ["buffer_m": .number(try JSONNumber.finite(distanceMetres, "buffer distance")), "dissolved": .number(JSONNumber(buffered.count))], geometry: union)
        return FeatureCollection([f])
    }
}
