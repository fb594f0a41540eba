import TongchengAnalysis
import TongchengGeometry

extension PostGISEngine {
    public enum Measure: Sendable { case area, length }

    /// The geodesic area (m²) or length (m; perimeter for polygons) of every feature, in order,
    /// as PostGIS computes it on the WGS 84 spheroid (`ST_Area`/`ST_Length`/`ST_Perimeter` of
    /// `geography`, Karney's algorithms through GeographicLib as in PROJ). Features without a
    /// geometry measure 0.
    ///
    /// ```swift
    /// let areas = try engine.measure(.area, FeatureRef.all(in: zones, file: "zones.geojson"))
    /// ```
    public func measure(_ measure: Measure, _ refs: [FeatureRef]) throws -> [Double] {
        let t = try stage(refs)
        defer { drop(t) }
        // A scan with per-row functions: runs on each shard of a distributed table as it is.
        let expression: String
        switch measure {
        case .area: expression = "ST_Area(geom::geography)"
        case .length: expression = "CASE WHEN ST_Dimension(geom) = 2 THEN ST_Perimeter(geom::geography) ELSE ST_Length(geom::geography) END"
        }
        let r = try db.query("SELECT k, \(expression)::float8 FROM \(t)", purpose: measure == .area ? "measure the areas" : "measure the lengths", binary: true)
        var values = [Double](repeating: 0, count: refs.count)
        for row in 0..<r.rowCount { values[PostGISEngine.int(r, row, 0)] = PostGISEngine.double(r, row, 1) }
        return values
    }
}
