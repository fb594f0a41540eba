import Foundation
import Testing
import TongchengGeometry

/// `centroid` on the PostGIS engine against the local one, on Henan's 157 counties. Both compute
/// the centre of area in a local equal-area projection (PROJ, in SQL through `ST_Transform`) and
/// the point on surface by GEOS, so they agree to micrometres; and the PostGIS engine's centres
/// are within a metre of the ellipsoidal grid-integration oracle
/// (`scripts/oracle/centroid_oracle.py`), also on the two concave counties 正阳县 and 洛宁县 where
/// PostGIS's own `ST_Centroid(geography)` is 9.6 and 6.9 km off (it weights unsigned triangles).
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
            // Measured: 0.0 m for both (the same PROJ and GEOS behind both engines).
            #expect(worst <= 1e-6, "inside \(inside): engines differ by up to \(worst) m")
        }
    }

    @Test func thePostGISCentresAreTheOraclesCentresOfArea() throws {
        let sql = try Tool.run(["centroid", "geodata/henan_counties.geojson", "--engine", "postgis", "--db", try ThrowawayServer.conninfo()])
        #expect(sql.code == 0, "\(sql.stderr)")
        var got: [String: Position] = [:]
        for f in try GeoJSONReader().read(string: sql.stdout).featureCollection.features {
            if case .point(let p)? = f.geometry, let name = f[property: "name"]?.stringValue { got[name] = p.position }
        }
        let expected = try GeoJSONReader().read(string: #"{"type":"Feature","geometry":null,"properties":{"v":"#
            + String(contentsOfFile: "Tests/Fixtures/centroid/expected.json", encoding: .utf8) + "}}")
        guard case .feature(let e) = expected else { Issue.record("no oracle"); return }
        let oracle = try #require(e[property: "v"]?["counties"]?.arrayValue)
        #expect(oracle.count == 5)
        for c in oracle {
            let name = try #require(c["name"]?.stringValue)
            let truth = Position(try #require(c["lon"]?.doubleValue), try #require(c["lat"]?.doubleValue))
            let p = try #require(got[name], "\(name)")
            #expect(Self.metres(p, truth) < 1, "\(name): the PostGIS engine's centre is \(Self.metres(p, truth)) m from the centre of area")
        }
    }
}
