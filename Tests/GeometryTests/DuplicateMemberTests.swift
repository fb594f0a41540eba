import Testing
@testable import TongchengGeometry

/// Every duplicate member of a GeoJSON object is refused with its location (issue 18): which of
/// two "geometry" members is meant cannot be known (RFC 8259 §4 leaves it open).
@Suite struct DuplicateMemberTests {
    func error(_ text: String) -> GeoJSONError? {
        do {
            _ = try GeoJSONReader().read(string: text, name: "t.geojson")
            return nil
        } catch let e as GeoJSONError {
            return e
        } catch {
            return nil
        }
    }

    @Test func aSecondGeometryIsRefused() {
        let e = error(#"{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[114,34]},"geometry":{"type":"Point","coordinates":[115,34]}}"#)
        #expect(e?.kind == .invalidGeoJSON)
        #expect(e?.description.contains("at geometry: \"geometry\" is given twice") == true, "\(String(describing: e))")
    }

    @Test func aSecondPropertyIsRefused() {
        let e = error(#"{"type":"Feature","properties":{"name":"a","name":"b"},"geometry":null}"#)
        #expect(e?.description.contains("properties.name") == true, "\(String(describing: e))")
    }

    @Test func aSecondTypeEvenEqualIsRefused() {
        let e = error(#"{"type":"Point","type":"Point","coordinates":[114,34]}"#)
        #expect(e?.description.contains("\"type\" is given twice") == true)
    }

    @Test func distinctMembersAreRead() {
        #expect(error(#"{"type":"Feature","properties":{"a":1,"b":{"a":2}},"geometry":null}"#) == nil)
    }
}
