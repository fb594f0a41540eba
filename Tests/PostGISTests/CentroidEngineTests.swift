import Foundation
import Testing
import TongchengGeometry

/// `centroid` on the PostGIS engine (`ST_Centroid(geography)`, `ST_PointOnSurface`) against the
/// local one (a centroid in a local equal-area projection, GEOS's point on surface), on Henan's
/// 157 counties: two independent computations of the centre of area agree to well under a metre;
/// the point on surface is GEOS's in both.
@Suite struct CentroidEngineTests {
    static func points(_ r: Tool.Result) throws -> [Position?] {
        try GeoJSONReader().read(string: r.stdout).featureCollection.features.map { f in
            if case .point(let p)? = f.geometry { return p.position }
            return nil
        }
    }

    /// Metres between two nearby lon/lat points (a local flat approximation, enough for metres).
    static func metres(_ a: Position, _ b: Position) -> Double {
        let k = Double.pi / 180 * 6_371_008.8
        return hypot((a.x - b.x) * k * cos(a.y * .pi / 180), (a.y - b.y) * k)
    }

    @Test func theCentresAndInsidePointsAgreeBetweenEngines() throws {
        let info = try ThrowawayServer.conninfo()
        for inside in [false, true] {
            let args = ["centroid", "geodata/henan_counties.geojson"] + (inside ? ["--inside"] : [])
            let local = try Tool.run(args + ["--engine", "local"])
            let sql = try Tool.run(args + ["--engine", "postgis", "--db", info])
            #expect(local.code == 0 && sql.code == 0, "\(local.stderr)\(sql.stderr)")
            let (a, b) = (try Self.points(local), try Self.points(sql))
            #expect(a.count == 157 && b.count == 157)
            var worst = 0.0
            for (p, q) in zip(a, b) {
                guard let p, let q else { Issue.record("a county without a point"); continue }
                worst = max(worst, Self.metres(p, q))
            }
            // Measured: 0.0 m for the point on surface (GEOS in both); see the note for centres.
            #expect(worst <= (inside ? 1e-6 : 0.5), "inside \(inside): engines differ by up to \(worst) m")
        }
    }
}
