import Foundation
import Testing
@testable import TongchengGeometry

/// Magnitudes, option values and configuration checked before any work, and answers at the
/// edges that are right or refused (issue 18). Ranges: a hemisphere is a quarter meridian,
/// 10,001.965729 km; two points are at most half a meridian apart, 20,003.931458 km (WGS 84).
@Suite struct EdgeCaseTests {
    func run(_ arguments: [String]) throws -> CLI.Result { try CLI.run(arguments) }

    @Test func magnitudesAreCheckedUpFrontWithTheAllowedRange() throws {
        let cases: [([String], String)] = [
            (["buffer", "geodata/places.geojson", "--distance", "1e308km"], "allowed -10001.965729 km to 10001.965729 km"),
            (["reach", "--from", "113.6655,34.7535", "--radius", "1e30km", "--within", "geodata/boundaries.geojson"], "allowed more than 0 to 10001.965729 km"),
            (["reach", "--from", "113.6655,34.7535", "--radius", "0km", "--within", "geodata/boundaries.geojson"], "allowed more than 0"),
            (["near", "geodata/places.geojson", "--to", "geodata/plan/transport.geojson", "--distance", "1e308km"], "allowed 0 to 20003.931458 km"),
            (["site", "--area", "0.01km2", "--within", "geodata/plan/zone.geojson"], "too small"),
        ]
        for (arguments, message) in cases {
            let r = try run(arguments)
            #expect(r.code == 64, "\(arguments): \(r.stderr)")
            #expect(r.stderr.contains(message), "\(arguments): \(r.stderr)")
        }
    }

    @Test func optionValuesAreValidated() throws {
        let base = ["buffer", "geodata/places.geojson", "--distance", "5km"]
        for extra in [["--quadrant-segments", "0"], ["--quadrant-segments", "101"], ["--quadrant-segments", "1000000000"], ["--precision=-1"], ["--precision", "0"], ["--jobs=-1"], ["--jobs", "0"], ["--jobs", "many"]] {
            let r = try run(base + extra)
            #expect(r.code == 64, "\(extra): \(r.stderr)")
        }
        #expect(try run(base + ["--jobs", "auto", "-o", "/dev/null"]).code == 0)
        #expect(try run(base + ["--quadrant-segments", "100", "--precision", "1", "--jobs", "1", "-o", "/dev/null"]).code == 0)
    }

    @Test func aReachBeyondTheAntimeridianIsRefusedNotZero() throws {
        // The issue: 6,000 km from Zhengzhou reported 0 % for Lankao, 70 km away, with exit 0.
        let r = try run(["reach", "--from", "113.6655,34.7535", "--radius", "6000km", "--within", "geodata/boundaries.geojson"])
        #expect(r.code == 65, "\(r.stderr)")
        #expect(r.stderr.contains("antimeridian"))
        let ok = try run(["reach", "--from", "113.6655,34.7535", "--radius", "5000km", "--within", "geodata/boundaries.geojson", "--format", "csv"])
        #expect(ok.code == 0, "\(ok.stderr)")
        // Every boundary (Henan, Heze, Lankao) lies wholly inside a 5,000 km disc around Zhengzhou.
        let rows = ok.stdout.split(separator: "\n").dropFirst()
        #expect(rows.count >= 3)
        #expect(rows.allSatisfy { $0.split(separator: ",").last.flatMap { Double($0) } == 1 }, "\(ok.stdout)")  // the fraction column, a plain number
    }

    @Test func aTinyBufferKeepsTheFeature() throws {
        let r = try CLI.run(["buffer", "-", "--distance", "1e-20m"], stdin: #"{"type":"Point","coordinates":[114,34]}"#)
        #expect(r.code == 0, "\(r.stderr)")
        #expect(r.stdout.contains(#""coordinates":[114,34]"#))
    }

    @Test func aMissingProjDatabaseIsAConfigurationError() throws {
        let r = try CLI.run(["-c", "PROJ_DATA=/nonexistent '\(CLI.executable.path)' transform geodata/places.geojson --from wgs84 --to EPSG:4547"],
                            executable: URL(fileURLWithPath: "/bin/sh"))
        #expect(r.code == 78, "\(r.stderr)")
        #expect(r.stderr.contains("PROJ_DATA=/nonexistent"))
    }

    @Test func controlCharactersFromDataAreShownEscaped() throws {
        let text = #"{"type":"Feature","properties":{"name":"x\u001b[2J\u0007\r\u202eabc"},"geometry":{"type":"Polygon","coordinates":[[[114,34],[114.1,34],[114.1,34.1],[114,34.1],[114,34]]]}}"#
        let r = try CLI.run(["area", "-"], stdin: text)
        #expect(r.code == 0, "\(r.stderr)")
        #expect(!r.stdout.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x0D || $0.value == 0x202E })
        #expect(r.stdout.contains(#"x\u{1B}[2J\u{7}\u{D}\u{202E}abc"#))
        // In messages too: a file name with an escape sequence.
        let m = try CLI.run(["area", "no\u{1B}[2Jsuch.geojson"])
        #expect(m.code == 66)
        #expect(!m.stderr.unicodeScalars.contains { $0.value == 0x1B })
    }

    @Test func hexadecimalIsNotACoordinate() throws {
        let r = try run(["reach", "--from", "0x72,34", "--radius", "10km", "--within", "geodata/boundaries.geojson"])
        #expect(r.code == 64, "\(r.stderr)")
        #expect(r.stderr.contains("unknown place \"0x72,34\""))
    }

    @Test func aDuplicateGeometryMemberIsRefusedWithItsLocation() throws {
        let r = try CLI.run(["area", "-"], stdin: #"{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[114,34]},"geometry":{"type":"Point","coordinates":[115,34]}}"#)
        #expect(r.code == 65)
        #expect(r.stderr.contains("<stdin>:1:"))
        #expect(r.stderr.contains("at geometry: \"geometry\" is given twice"))
    }

    @Test func overlapAndNearStreamTheirPairsAndStopAtTheLimit() throws {
        // 300 identical squares: 44,850 overlapping pairs; --limit 10 writes the first 10.
        let square = #"{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[114,34],[114.01,34],[114.01,34.01],[114,34.01],[114,34]]]}}"#
        let text = #"{"type":"FeatureCollection","features":["# + Array(repeating: square, count: 300).joined(separator: ",") + "]}"
        let dir = try CLI.temporaryDirectory()
        try text.write(to: dir.appendingPathComponent("squares.geojson"), atomically: false, encoding: .utf8)
        let r = try CLI.run(["overlap", "squares.geojson", "--limit", "10", "--format", "csv"], in: dir)
        #expect(r.code == 0, "\(r.stderr)")
        #expect(r.stdout.split(separator: "\n").count == 11)   // header + 10
        #expect(r.stderr.contains("stopped after 10 pairs"))
        let json = try CLI.run(["overlap", "squares.geojson", "--limit", "3", "--format", "json"], in: dir)
        #expect(json.stdout.hasPrefix(#"{"pairs":[{"a":{"index":0"#) && json.stdout.hasSuffix("]}\n"))
        let near = try CLI.run(["near", "squares.geojson", "--to", "squares.geojson", "--distance", "1m", "--limit", "5", "--format", "csv"], in: dir)
        #expect(near.stdout.split(separator: "\n").count == 6, "\(near.stdout)")
        #expect(try CLI.run(["overlap", "squares.geojson", "--limit", "0"], in: dir).code == 64)
    }
}
