import Testing
@testable import TongchengGeometry

/// Writing GeoJSON: deterministic text, exact round trips, precision, escaping.
@Suite struct GeoJSONWriterTests {
    @Test func roundTripKeepsFeaturesPropertiesAndEveryBitOfTheCoordinates() throws {
        let text = """
        {"type":"FeatureCollection","name":"t","features":[
        {"type":"Feature","id":7,"bbox":[0,0,1,1],"properties":{"name":"兰考县\\n\\"县\\"","v":[1,{"x":null}]},"geometry":{"type":"Polygon","coordinates":[[[114.81600000000001,34.827],[0.1,0.2],[1e-7,-3.5],[114.81600000000001,34.827]]]},"extra":1}
        ]}
        """
        let fc = try GeoJSONReader().read(string: text).featureCollection
        let written = GeoJSONWriter().string(fc)
        let again = try GeoJSONReader().read(string: written).featureCollection
        #expect(again == fc)
        // Writing what was read gives the same bytes again.
        #expect(GeoJSONWriter().string(again) == written)
    }

    @Test func randomDoublesRoundTripExactly() throws {
        // A property test: shortest round-trip formatting and the parser's number reading together.
        var rng = SystemRandomNumberGenerator()
        var positions: [Position] = []
        for _ in 0..<20_000 {
            let scale = [1.0, 1e-9, 1e6, 1e-300, 1e300].randomElement(using: &rng)!
            positions.append(Position(Double.random(in: -180...180, using: &rng) * min(scale, 1), Double.random(in: -90...90, using: &rng) * min(scale, 1)))
        }
        positions.append(positions[0])
        let g = Geometry.lineString(LineString(positions))
        let fc = FeatureCollection([Feature(geometry: g)])
        let back = try GeoJSONReader().read(string: GeoJSONWriter().string(fc)).featureCollection
        #expect(back.features[0].geometry == g)
    }

    @Test func outputIsDeterministicWithFixedMemberOrder() {
        var props = JSONObject()
        props["z"] = 1
        props["a"] = "兰考"
        let f = Feature(id: .string("x"), properties: props, geometry: .point(Point(114.5, 34.25)), foreignMembers: ["note": "n"])
        let text = GeoJSONWriter().string(FeatureCollection([f]))
        #expect(text == """
        {"type":"FeatureCollection","features":[
        {"type":"Feature","id":"x","properties":{"z":1,"a":"兰考"},"geometry":{"type":"Point","coordinates":[114.5,34.25]},"note":"n"}
        ]}

        """)
    }

    @Test func precisionRoundsCoordinates() {
        let g = Geometry.point(Point(114.816123456789, 34.8271234))
        #expect(GeoJSONWriter(precision: 6).string(g) == #"{"type":"Point","coordinates":[114.816123,34.827123]}"#)
        #expect(GeoJSONWriter(precision: 0).string(g) == #"{"type":"Point","coordinates":[115,35]}"#)
    }

    @Test func controlCharactersAreEscaped() throws {
        let f = Feature(properties: ["s": "a\u{01}b\tc"], geometry: nil)
        let text = GeoJSONWriter().string(f)
        #expect(text.contains(#""a\u0001b\tc""#))
        #expect(try GeoJSONReader().read(string: text).featureCollection.features[0][property: "s"] == "a\u{01}b\tc")
    }
}
