import Foundation
import Testing
@testable import TongchengGeodesy
@testable import TongchengGeometry

/// `transform`, `validate` and `info`.
@Suite struct TransformCommandTests {
    @Test func gcj02ToWGS84KeepsPropertiesIdsAndForeignMembers() throws {
        let input = #"{"type":"FeatureCollection","title":"t","features":[{"type":"Feature","id":"lankao","properties":{"name":"兰考县","n":{"a":[1,2]}},"geometry":{"type":"Point","coordinates":[114.8216,34.826]},"x":true}]}"#
        let r = try CLI.run(["transform", "-", "--from", "gcj02", "--to", "wgs84"], stdin: input)
        #expect(r.code == 0, "\(r.stderr)")
        let fc = try GeoJSONReader().read(string: r.stdout).featureCollection
        #expect(fc.foreignMembers["title"] == .string("t"))
        let f = fc.features[0]
        #expect(f.id == .string("lankao"))
        #expect(f[property: "n"] == .object(["a": [1, 2]]))
        #expect(f.foreignMembers["x"] == .bool(true))
        guard case .point(let p) = f.geometry else { Issue.record("point"); return }
        let expected = GCJ02.toWGS84(Position(114.8216, 34.826))
        #expect(p.position == expected)
    }

    @Test func projectedOutputNamesItsCRSAndReadsBack() throws {
        let there = try CLI.run(["transform", "geodata/boundaries.geojson", "--from", "wgs84", "--to", "EPSG:4547", "--precision", "3"])
        #expect(there.code == 0)
        #expect(there.stdout.contains(#""crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4547"}}"#))
        let back = try CLI.run(["transform", "-", "--from", "EPSG:4547", "--to", "wgs84", "--precision", "7"], stdin: there.stdout)
        #expect(back.code == 0, "\(back.stderr)")
        let original = try GeoJSONReader().read(file: CLI.root.appendingPathComponent("geodata/boundaries.geojson").path).featureCollection
        let roundTrip = try GeoJSONReader().read(string: back.stdout).featureCollection
        #expect(roundTrip.features.count == original.features.count)
        // Millimetre precision in metres, then back: within 1e-7° (~1 cm).
        guard case .multiPolygon(let a) = original.features[0].geometry, case .multiPolygon(let b) = roundTrip.features[0].geometry else {
            Issue.record("multipolygons")
            return
        }
        for (p, q) in zip(a.polygons[0].rings[0].positions, b.polygons[0].rings[0].positions).prefix(500) {
            #expect(abs(p.x - q.x) < 2e-7 && abs(p.y - q.y) < 2e-7)
        }
        #expect(roundTrip.foreignMembers["crs"] == nil)
    }
}

@Suite struct ValidateCommandTests {
    @Test func validFilesPass() throws {
        let r = try CLI.run(["validate", "geodata/boundaries.geojson"])
        #expect(r.code == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("valid (29 features)"))
    }

    @Test func everyProblemIsReportedWithItsLocation() throws {
        let input = """
        {"type":"FeatureCollection","features":[
        {"type":"Feature","id":"a","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,1],[1,0],[0,1],[0,0]]]}},
        {"type":"Feature","id":"a","properties":{},"geometry":{"type":"Point","coordinates":[1,1]}},
        {"type":"Feature","id":"c","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]],[[5,5],[6,5],[6,6],[5,5]]]}}
        ]}
        """
        let r = try CLI.run(["validate", "-", "--format", "json"], stdin: input)
        #expect(r.code == 65)
        let problems = try #require(r.json()["files"]?.arrayValue?.first?["problems"]?.arrayValue)
        #expect(problems.count == 3)
        #expect(problems.contains { $0["path"] == "features[0].geometry" && $0["message"]?.stringValue?.contains("Self-intersection") == true && $0["location"] == .array([0.5, 0.5]) })
        #expect(problems.contains { $0["path"] == "features[1].id" && $0["message"]?.stringValue?.contains("duplicate") == true })
        #expect(problems.contains { $0["path"] == "features[2].geometry" && $0["message"]?.stringValue?.contains("Hole lies outside shell") == true })
    }

    @Test func missingFileIsReportedAndExits66() throws {
        let r = try CLI.run(["validate", "geodata/boundaries.geojson", "missing.geojson"])
        #expect(r.code == 66)
        #expect(r.stdout.contains("missing.geojson"))
    }
}

@Suite struct InfoCommandTests {
    @Test func summarisesTypesExtentAndProperties() throws {
        let r = try CLI.run(["info", "geodata/boundaries.geojson", "--format", "json"])
        #expect(r.code == 0)
        let file = try #require(r.json()["files"]?.arrayValue?.first)
        #expect(file["features"]?.doubleValue == 29)
        #expect(file["geometry_types"]?["MultiPolygon"]?.doubleValue == 29)
        let bbox = try #require(file["bbox"]?.arrayValue).compactMap { $0.doubleValue }
        // Henan spans about 110.3–116.7°E, 31.4–36.4°N.
        #expect(bbox[0] > 110 && bbox[0] < 111 && bbox[2] > 116 && bbox[2] < 117)
        let props = try #require(file["properties"]?.arrayValue)
        #expect(props.contains("adcode") && props.contains("name_en") && props.contains("level"))
    }
}
