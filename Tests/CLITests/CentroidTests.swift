import Foundation
import Testing
import TongchengGeodesy
import TongchengGeometry

/// `tongcheng centroid` (the operation added through the operation model alone): the centre of
/// area on the ellipsoid, not a mean of degrees, and with `--inside` a point that lies on the
/// feature even when the centre does not.
@Suite struct CentroidTests {
    let counties = "geodata/henan_counties.geojson"

    static func points(_ stdout: String) throws -> [String: Position] {
        var out: [String: Position] = [:]
        for f in try GeoJSONReader().read(string: stdout).featureCollection.features {
            if case .point(let p)? = f.geometry, let name = f[property: "name"]?.stringValue { out[name] = p.position }
        }
        return out
    }

    @Test func aCountysCentreIsItsCentreOfAreaOnTheEllipsoid() throws {
        // Oracle: scripts/oracle/centroid_oracle.py integrates each county's area on the WGS 84
        // ellipsoid over a 2000 × 2000 grid (Shapely 2 + pyproj) and averages Earth-centred
        // positions; it also writes how far the mean of degrees (a planar lon/lat centroid) lies.
        let expected = try GeoJSONReader().read(string: #"{"type":"Feature","geometry":null,"properties":{"v":"#
            + String(contentsOfFile: "Tests/Fixtures/centroid/expected.json", encoding: .utf8) + "}}")
        guard case .feature(let e) = expected else { Issue.record("no oracle"); return }
        let oracle = try #require(e[property: "v"]?["counties"]?.arrayValue)
        #expect(oracle.count == 5)
        let r = try CLI.run(["centroid", counties])
        #expect(r.code == 0, "\(r.stderr)")
        let got = try Self.points(r.stdout)
        #expect(got.count == 157)
        for c in oracle {
            let name = try #require(c["name"]?.stringValue)
            let want = Position(try #require(c["lon"]?.doubleValue), try #require(c["lat"]?.doubleValue))
            let p = try #require(got[name], "\(name)")
            let off = Ellipsoid.wgs84.distance(p, want)
            let degreeOff = try #require(c["degree_centroid_off_m"]?.doubleValue)
            // Within 1 m of the integrated centre, where the mean of degrees is 3.8–7.6 m away.
            #expect(off < 1, "\(name): \(off) m from the centre of area")
            #expect(degreeOff > 3, "\(name): the oracle does not tell a degree centroid apart (\(degreeOff) m)")
        }
    }

    /// Whether `p` lies inside the ring (even–odd rule, a hand-written ray cast: independent of GEOS).
    static func inside(_ p: Position, _ ring: [Position]) -> Bool {
        var odd = false
        var j = ring.count - 1
        for i in ring.indices {
            let (a, b) = (ring[i], ring[j])
            if (a.y > p.y) != (b.y > p.y), p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x { odd.toggle() }
            j = i
        }
        return odd
    }

    @Test func insideGivesAPointOnACrescentWhoseCentreIsOutside() throws {
        // A C-shaped zone 0.2° across: its centre of area lies in the gap of the C.
        let ring: [[Double]] = [[114.0, 34.0], [114.2, 34.0], [114.2, 34.04], [114.04, 34.04], [114.04, 34.16], [114.2, 34.16],
                                [114.2, 34.2], [114.0, 34.2], [114.0, 34.0]]
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("c.geojson").path
        let coordinates = "[[" + ring.map { "[\($0[0]),\($0[1])]" }.joined(separator: ",") + "]]"
        try #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"C"},"geometry":{"type":"Polygon","coordinates":"#
            .appending(coordinates + "}}]}").write(toFile: file, atomically: true, encoding: .utf8)
        let positions = ring.map { Position($0[0], $0[1]) }
        let centre = try #require(try Self.points(CLI.run(["centroid", file]).stdout)["C"])
        #expect(!Self.inside(centre, positions), "the centre \(centre) should lie in the C's gap")
        let onIt = try #require(try Self.points(CLI.run(["centroid", file, "--inside"]).stdout)["C"])
        #expect(Self.inside(onIt, positions), "--inside gave \(onIt), not on the C")
    }

    @Test func everyCountysInsidePointLiesInTheCounty() throws {
        let r = try CLI.run(["centroid", counties, "--inside"])
        #expect(r.code == 0, "\(r.stderr)")
        let got = try Self.points(r.stdout)
        var checked = 0
        for f in try GeoJSONReader().read(file: counties).featureCollection.features {
            guard let name = f[property: "name"]?.stringValue, let p = got[name], case .multiPolygon(let m)? = f.geometry else { continue }
            // Inside one polygon's outer ring and none of its holes.
            let hit = m.polygons.contains { poly in
                Self.inside(p, poly.rings[0].positions) && !poly.rings.dropFirst().contains { Self.inside(p, $0.positions) }
            }
            #expect(hit, "\(name): \(p) is not inside")
            checked += 1
        }
        #expect(checked >= 150)
    }

    @Test func aWrongOptionOrAMissingFileIsAUsageError() throws {
        let bogus = try CLI.run(["centroid", counties, "--bogus"])
        #expect(bogus.code == 64)
        #expect(bogus.stderr.contains("centroid has no option --bogus"), "\(bogus.stderr)")
        #expect(try CLI.run(["centroid"]).code == 64)
        #expect(try CLI.run(["centroid", "nowhere.geojson"]).code == 66)
    }
}
