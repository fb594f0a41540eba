import Foundation
import Testing
@testable import TongchengGeometry
@testable import TongchengCLI

/// The conventions every subcommand follows: exit codes (sysexits), atomic output, untouched inputs.
@Suite struct ConventionsTests {
    let bad = #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[0,0]]]}}]}"#

    @Test func successIsZero() throws {
        #expect(try CLI.run(["info", "geodata/boundaries.geojson"]).code == 0)
    }

    @Test func badUsageIs64() throws {
        #expect(try CLI.run(["area"]).code == 64)                                           // no file
        #expect(try CLI.run(["area", "geodata/boundaries.geojson", "--unit", "acre"]).code == 64)
        #expect(try CLI.run(["area", "geodata/boundaries.geojson", "--bogus"]).code == 64)
        let crs = try CLI.run(["transform", "geodata/boundaries.geojson", "--from", "wgs84", "--to", "EPSG:999999"])
        #expect(crs.code == 64)
        #expect(crs.stderr.contains("EPSG:999999"))
        #expect(try CLI.run(["frobnicate"]).code == 64)
    }

    @Test func badDataIs65WithFileAndLocation() throws {
        let dir = try CLI.temporaryDirectory()
        let file = dir.appendingPathComponent("bad.geojson")
        try bad.write(to: file, atomically: true, encoding: .utf8)
        for command in [["area"], ["length"], ["info"], ["transform", "--from", "wgs84", "--to", "EPSG:4547"]] {
            let r = try CLI.run([command[0], file.path] + command.dropFirst())
            #expect(r.code == 65, "\(command)")
            #expect(r.stderr.contains("bad.geojson:1:"), "\(command): \(r.stderr)")
            #expect(r.stderr.contains("features[0].geometry.coordinates[0]"), "\(command)")
            #expect(r.stderr.contains("at least 4 positions"), "\(command)")
        }
        let stdin = try CLI.run(["area", "-"], stdin: "{\"type\":")
        #expect(stdin.code == 65)
        #expect(stdin.stderr.contains("<stdin>:1:"))
    }

    @Test func missingInputIs66() throws {
        let r = try CLI.run(["area", "no/such/file.geojson"])
        #expect(r.code == 66)
        #expect(r.stderr.contains("no/such/file.geojson: no such file"))
    }

    @Test func unwritableOutputIs73AndLeavesNothing() throws {
        let r = try CLI.run(["area", "geodata/boundaries.geojson", "-o", "/nonexistent-dir/out.json"])
        #expect(r.code == 73)
        #expect(!FileManager.default.fileExists(atPath: "/nonexistent-dir/out.json"))
    }

    @Test func internalErrorsMapTo70() {
        struct Unexpected: Error {}
        #expect(classify(Unexpected()).0 == 70)
        #expect(classify(GeoJSONError(kind: .invalidGeoJSON, file: nil, message: "x")).0 == 65)
        #expect(classify(GeoJSONError(kind: .missingFile, file: nil, message: "x")).0 == 66)
    }

    @Test func failedRunLeavesAnExistingOutputUntouched() throws {
        let dir = try CLI.temporaryDirectory()
        let input = dir.appendingPathComponent("bad.geojson")
        let output = dir.appendingPathComponent("out.geojson")
        try bad.write(to: input, atomically: true, encoding: .utf8)
        try "previous result\n".write(to: output, atomically: true, encoding: .utf8)
        let r = try CLI.run(["transform", input.path, "--from", "wgs84", "--to", "EPSG:4547", "-o", output.path])
        #expect(r.code == 65)
        #expect(try String(contentsOf: output, encoding: .utf8) == "previous result\n")
        #expect(try String(contentsOf: input, encoding: .utf8) == bad)
        // No temporary file is left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["bad.geojson", "out.geojson"])
    }

    @Test func outputOverTheInputIsRefused() throws {
        let dir = try CLI.temporaryDirectory()
        let input = dir.appendingPathComponent("in.geojson")
        let text = #"{"type":"Point","coordinates":[114.8,34.8]}"#
        try text.write(to: input, atomically: true, encoding: .utf8)
        let r = try CLI.run(["transform", input.path, "--from", "wgs84", "--to", "gcj02", "-o", input.path])
        #expect(r.code == 64)
        #expect(try String(contentsOf: input, encoding: .utf8) == text)
    }

    @Test func successfulOutputIsWrittenWhole() throws {
        let dir = try CLI.temporaryDirectory()
        let output = dir.appendingPathComponent("areas.json")
        let r = try CLI.run(["area", "geodata/boundaries.geojson", "--format", "json", "-o", output.path])
        #expect(r.code == 0)
        #expect(r.stdout.isEmpty)
        let text = try String(contentsOf: output, encoding: .utf8)
        #expect(text.hasPrefix("{\"features\":[") && text.hasSuffix("}\n"))
    }

    @Test func helpReadsWell() throws {
        let r = try CLI.run(["--help"])
        #expect(r.code == 0)
        for sub in ["area", "length", "transform", "validate", "info"] { #expect(r.stdout.contains(sub)) }
        #expect(try CLI.run(["area", "--help"]).stdout.contains("geodesic"))
    }
}
