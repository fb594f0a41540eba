import TongchengAnalysis
import TongchengGeodesy
import TongchengGeometry
import TongchengTopology

/// `centroid` (中心点): one point per feature, with the feature's properties — its centre of area
/// (of length for lines, the mean for points), or with `inside` a point guaranteed to lie on the
/// feature (GEOS's point on surface: for a label, or for a feature shaped like a crescent whose
/// centre lies outside it). Declared once: the command line (`tongcheng centroid`), the recipe
/// step and docs/recipes.md follow from `declaration`; the PostGIS engine runs
/// `ST_Centroid(geography)` and `ST_PointOnSurface`.
///
/// The centre is geodesic, not a mean of degrees: the feature is projected to a Lambert azimuthal
/// equal-area projection centred on it, where GEOS's area-weighted centroid is the centre of the
/// ellipsoidal area, and the point is projected back. PostGIS's geography centroid (area-weighted
/// on the spheroid) agrees with it to centimetres on a county (`CentroidTests`).
///
/// ```sh
/// tongcheng centroid geodata/henan_counties.geojson --inside -o labels.geojson
/// ```
/// ```yaml
///   - name: labels
///     centroid: {input: counties, inside: true}
/// ```
public enum CentroidOperation: DeclaredOperation {
    public static let declaration = OperationDeclaration(name: "centroid", summary: "中心点: a point per feature, its centre of area (or a point surely inside it)", parameters: [
        .init("input", .layer, required: true, help: "layer"),
        .init("inside", .flag, help: "a point on the feature (point on surface) instead of its centre, which may lie outside"),
    ], makesTable: false, engines: [.local, .postgis])

    public static func run(_ call: OperationCall) throws -> OperationResult {
        let refs = call.refs("input")
        let inside = call.flag("inside")
        let points: [Geometry?]
        if let db = call.postgis {
            points = try db.perFeature(refs, geometrySQL: inside ? "ST_PointOnSurface(geom)" : "ST_Centroid(geom::geography, true)::geometry")
        } else {
            points = try refs.map { ref in try ref.geometry.flatMap { inside ? try surfacePoint($0) : try centre($0) } }
        }
        return OperationResult(layer: FeatureCollection(zip(refs, points).map { ref, point in
            var f = ref.feature
            f.geometry = point
            return f
        }))
    }

    /// GEOS's point on surface, `nil` for an empty geometry.
    static func surfacePoint(_ g: Geometry) throws -> Geometry? {
        guard g.boundingBox != nil else { return nil }
        return try g.pointOnSurface()
    }

    /// The centre of area (length, points) in a Lambert azimuthal equal-area projection centred on
    /// the geometry's box, back in longitude/latitude; `nil` for an empty geometry.
    static func centre(_ g: Geometry) throws -> Geometry? {
        guard let box = g.boundingBox else { return nil }
        let c = box.center
        let laea = CoordinateSystem.proj("+proj=laea +lat_0=\(c.latitude) +lon_0=\(c.longitude) +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs +type=crs")
        let local = try TransformerCache.shared.transformer(from: .wgs84, to: laea)
        return try local.inverse.transform(try local.forward.transform(g).centroid())
    }
}
