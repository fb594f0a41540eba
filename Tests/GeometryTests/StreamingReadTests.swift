import Foundation
import Testing
@testable import TongchengGeometry

/// `GeoJSONReader.forEachFeature`: the same features as `read(file:)`, one at a time, and the same
/// errors at the same places. The reference is `read(file:)` itself, the reader the rest of the
/// suite checks against GDAL and hand-written cases.
@Suite struct StreamingReadTests {
    static func temporary(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("stream-\(UUID().uuidString).geojson").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func streamedFeaturesEqualTheWholeRead() throws {
        // Members in an unusual order ("features" before "type") and foreign members on both sides.
        var features: [String] = []
        for k in 0..<5000 {
            features.append(#"{"type":"Feature","id":\#(k),"properties":{"DLMC":"耕地","n":\#(k)},"geometry":{"type":"Polygon","coordinates":[[[114.\#(k % 97),34.1],[114.\#(k % 97),34.2],[114.5,34.2],[114.\#(k % 97),34.1]]]}}"#)
        }
        for order in [#"{"name":"x","features":[\#(features.joined(separator: ","))],"type":"FeatureCollection","note":"y"}"#,
                      #"{"type":"FeatureCollection","features":[\#(features.joined(separator: ",\n"))]}"#] {
            let path = try StreamingReadTests.temporary(order)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let whole = try GeoJSONReader().read(file: path).featureCollection
            var streamed: [Feature] = []
            var indices: [Int] = []
            let header = try GeoJSONReader().forEachFeature(file: path) { f, k in
                streamed.append(f)
                indices.append(k)
            }
            #expect(streamed == whole.features)
            #expect(indices == Array(0..<5000))
            #expect(header.features.isEmpty)
            #expect(header.foreignMembers == whole.foreignMembers)
        }
    }

    @Test func aBadFeatureIsReportedAtItsPlaceAfterTheGoodOnes() throws {
        let text = #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":null},{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1,"x"]}}]}"#
        let path = try StreamingReadTests.temporary(text)
        defer { try? FileManager.default.removeItem(atPath: path) }
        var seen = 0
        var streamedError: GeoJSONError?
        do { _ = try GeoJSONReader().forEachFeature(file: path) { _, _ in seen += 1 } } catch let e as GeoJSONError { streamedError = e }
        var wholeError: GeoJSONError?
        do { _ = try GeoJSONReader().read(file: path) } catch let e as GeoJSONError { wholeError = e }
        #expect(seen == 1)
        let e = try #require(streamedError)
        #expect(e.description == wholeError?.description)
        #expect(e.description.contains("features[1]"))
    }

    @Test func aSingleFeatureOrGeometryIsFeatureZero() throws {
        let path = try StreamingReadTests.temporary(#"{"type":"Point","coordinates":[114.8,34.8]}"#)
        defer { try? FileManager.default.removeItem(atPath: path) }
        var got: [(Feature, Int)] = []
        _ = try GeoJSONReader().forEachFeature(file: path) { got.append(($0, $1)) }
        #expect(got.count == 1 && got[0].1 == 0)
        #expect(got.first?.0.geometry == .point(Point(Position(114.8, 34.8))))
    }
}

/// Strings are checked as UTF-8 without `String(validating:)` (GeoJSONParser.utf8String): every
/// kind of ill-formed sequence in the Unicode standard's table 3-7 is still refused, well-formed
/// text (including a literal U+FFFD) kept byte for byte.
@Suite struct UTF8CheckTests {
    func read(_ name: [UInt8]) -> Result<String, GeoJSONError> {
        let bytes = Array(#"{"type":"Feature","properties":{"name":""#.utf8) + name + Array(#""},"geometry":null}"#.utf8)
        do {
            guard case .feature(let f) = try GeoJSONReader().read(data: bytes, name: "t.geojson") else { return .success("?") }
            return .success(f[property: "name"]?.stringValue ?? "?")
        } catch let e as GeoJSONError { return .failure(e) } catch { return .success("?") }
    }

    @Test func illFormedSequencesAreRefused() {
        let bad: [[UInt8]] = [[0xE9], [0xC3, 0x28], [0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
                              [0xF8, 0x88, 0x80, 0x80, 0x80], [0xFF], [0xE4, 0xB8], [0xC4, 0xE3]]
        for b in bad {
            guard case .failure(let e) = read(b) else { Issue.record("\(b) was accepted"); continue }
            #expect(e.description.contains("not valid UTF-8"), "\(b): \(e)")
        }
    }

    @Test func wellFormedTextIsKept() {
        for text in ["兰考", "耕地 ✓", "\u{FFFD}", "a\u{10FFFF}b", "plain"] {
            #expect((try? read(Array(text.utf8)).get()) == text)
        }
    }
}
