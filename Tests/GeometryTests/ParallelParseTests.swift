import Foundation
import TestSupport
import Testing
@testable import TongchengGeometry

/// Parsing a FeatureCollection's features on several threads (`GeoJSONReadOptions.jobs`,
/// GeoJSONParallel.swift) gives what one thread gives: the same features in the same order, the
/// same streamed indices, and for bad input the same error (message, path, line, column) after
/// the same features. The reference is the one-thread parser, which the rest of the suite checks
/// against GDAL and hand-written cases. Rounds are made small here (a few KiB a thread) so that
/// a file of a few hundred features is cut in many places, and the text holds the traps a cut
/// can fall into: `,{"type":"Feature"` inside a string, members in other orders, white space.
@Suite struct ParallelParseTests {
    /// A seeded collection of `n` features in the shapes writers produce.
    static func collection(_ n: Int, seed: UInt64, bad: Int? = nil, badKind: Int = 0) -> String {
        var rng = SplitMix64(seed: seed)
        var features: [String] = []
        for k in 0..<n {
            let x = 114 + Double(rng.next() % 1000) / 1000, y = 34 + Double(rng.next() % 1000) / 1000
            let ring = "[[\(x),\(y)],[\(x + 0.001),\(y)],[\(x + 0.001),\(y + 0.001)],[\(x),\(y + 0.001)],[\(x),\(y)]]"
            var coordinates = "[\(ring)]"
            var separator = ","
            if k == bad {
                switch badKind {
                case 0: coordinates = "[[[\(x),95],[\(x + 0.001),\(y)],[\(x),\(y + 0.001)],[\(x),95]]]"  // latitude out of range
                case 1: coordinates = "[[[\(x),\(y)],[\(x + 0.001),\(y)],[\(x),\(y + 0.001)],[\(x),\(y + 0.002)]]]"  // ring not closed
                case 2: separator = " "  // a missing comma after this feature
                default: coordinates = "[[[\(x),\(y)],[\"a\",\(y)]]]"  // a string for a number
                }
            }
            // Feature-like objects nested in the properties, one after a `}` and a comma (where a
            // cut is guessed, wrongly: the thread that starts there parses a valid Feature and
            // meets the array's `]`), one after a number.
            let decoy: String
            switch rng.next() % 5 {
            case 0: decoy = #",{"type":"Feature","x":1}"#
            case 1: decoy = #",{"a":1} , {"type":"Feature","properties":{},"geometry":null}"#
            default: decoy = ""
            }
            let text: String
            switch rng.next() % 4 {
            case 0:
                text = #"{"type":"Feature","id":\#(k),"properties":{"DLMC":"耕地","note":[0\#(decoy)]},"geometry":{"type":"Polygon","coordinates":\#(coordinates)}}"#
            case 1:
                // Written as GDAL writes it, with spaces; the note holds the text of a cut in a string.
                text = #"{ "type": "Feature", "properties": { "DLMC": "林地", "note": ",{\"type\": \"Feature\"", "more": [ 1, { "type": "Feature" } ] }, "geometry": { "type": "Polygon", "coordinates": \#(coordinates) } }"#
            case 2:
                // Keys in another order: not a place a cut can be guessed at, parsed all the same.
                text = #"{"geometry":{"coordinates":\#(coordinates),"type":"Polygon"},"properties":{"DLMC":"水域"},"type":"Feature"}"#
            default:
                text = #"{"type":"Feature","properties":null,"geometry":{"type":"MultiPolygon","coordinates":[\#(coordinates)]}}"#
            }
            features.append(text + (k == n - 1 ? "" : separator + (rng.next() % 3 == 0 ? "\n" : "")))
        }
        return #"{"type":"FeatureCollection","name":"t","features":["# + features.joined() + "]}"
    }

    static func reader(jobs: Int, segment: Int) -> GeoJSONReader {
        var r = GeoJSONReader(options: GeoJSONReadOptions(jobs: jobs))
        r.parallelSegment = segment
        return r
    }

    static func temporary(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("parallel-\(UUID().uuidString).geojson").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// What streaming a file gives: the features with their indices, then the error if any.
    static func stream(_ path: String, _ reader: GeoJSONReader) -> ([Feature], [Int], String?) {
        var features: [Feature] = []
        var indices: [Int] = []
        do {
            _ = try reader.forEachFeature(file: path) { f, k in
                features.append(f)
                indices.append(k)
            }
            return (features, indices, nil)
        } catch {
            return (features, indices, "\(error)")
        }
    }

    @Test(arguments: [2, 3]) func severalThreadsGiveTheFeaturesOfOne(jobs: Int) throws {
        let text = ParallelParseTests.collection(600, seed: 29)
        let one = try GeoJSONReader().read(string: text).featureCollection
        #expect(one.features.count == 600)
        for segment in [1024, 3000, 20_000] {
            let many = try ParallelParseTests.reader(jobs: jobs, segment: segment).read(string: text).featureCollection
            #expect(many == one, "jobs \(jobs), rounds of \(segment) bytes")
        }
        let path = try ParallelParseTests.temporary(text)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (features, indices, error) = ParallelParseTests.stream(path, ParallelParseTests.reader(jobs: jobs, segment: 2048))
        #expect(error == nil)
        #expect(features == one.features)
        #expect(indices == Array(0..<600))
    }

    @Test(arguments: [0, 1, 2, 3]) func badInputFailsAsOnOneThreadAfterTheSameFeatures(kind: Int) throws {
        for bad in [0, 7, 150, 411, 598] {  // not the last: with no comma after it, case 2 would be valid
            let text = ParallelParseTests.collection(600, seed: 2900 + UInt64(bad), bad: bad, badKind: kind)
            let path = try ParallelParseTests.temporary(text)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let one = ParallelParseTests.stream(path, GeoJSONReader())
            #expect(one.2 != nil, "case \(kind) at feature \(bad) is bad input")
            for segment in [1024, 4096] {
                let many = ParallelParseTests.stream(path, ParallelParseTests.reader(jobs: 2, segment: segment))
                #expect(many.2 == one.2, "case \(kind) at feature \(bad), rounds of \(segment) bytes")
                #expect(many.0 == one.0)
                #expect(many.1 == one.1)
                var wholeError: String?
                do { _ = try ParallelParseTests.reader(jobs: 2, segment: segment).read(string: text) } catch { wholeError = "\(error)" }
                var wholeOne: String?
                do { _ = try GeoJSONReader().read(string: text) } catch { wholeOne = "\(error)" }
                #expect(wholeError == wholeOne)
            }
        }
    }

    /// Every feature holds `},{"type":"Feature",…}` in its properties, so that many guessed cuts
    /// fall inside a feature, where a thread parses a valid Feature that is not one of the
    /// collection's: none of them may appear.
    @Test func cutsGuessedInsideAFeatureAreNotTrusted() throws {
        var rng = SplitMix64(seed: 2929)
        let features = (0..<2000).map { k in
            let pad = String(repeating: " ", count: Int(rng.next() % 40))
            return #"{"type":"Feature","id":\#(k),"properties":{"x":[{"a":1},\#(pad){"type":"Feature","properties":{"decoy":true},"geometry":null}]},"geometry":null}"#
        }
        let text = #"{"type":"FeatureCollection","features":["# + features.joined(separator: ",") + "]}"
        let one = try GeoJSONReader().read(string: text).featureCollection
        for segment in [700, 1024, 5000] {
            let many = try ParallelParseTests.reader(jobs: 2, segment: segment).read(string: text).featureCollection
            #expect(many == one, "rounds of \(segment) bytes")
            #expect(many.features.map { $0.id?.text } == (0..<2000).map { String($0) })
        }
    }

    @Test func aTruncatedFileFailsAsOnOneThread() throws {
        let text = ParallelParseTests.collection(400, seed: 7)
        for cut in [text.utf8.count / 3, text.utf8.count / 2 + 17, text.utf8.count - 3] {
            let truncated = String(decoding: Array(text.utf8.prefix(cut)), as: UTF8.self)
            var one: String?, many: String?
            do { _ = try GeoJSONReader().read(string: truncated) } catch { one = "\(error)" }
            do { _ = try ParallelParseTests.reader(jobs: 2, segment: 1500).read(string: truncated) } catch { many = "\(error)" }
            #expect(one != nil)
            #expect(many == one, "cut at byte \(cut)")
        }
    }
}
