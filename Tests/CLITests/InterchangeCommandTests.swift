import Foundation
import Testing
@testable import TongchengGeometry

/// Every subcommand reads the formats planners hold (fixtures written by ogr2ogr:
/// scripts/fixtures/make-interchange-fixtures) and writes them by the output's extension.
@Suite struct InterchangeCommandTests {
    let fixtures = "Tests/Fixtures/interchange"

    func areas(_ arguments: [String]) throws -> [Double] {
        let r = try CLI.run(["area"] + arguments + ["--format", "json"])
        #expect(r.code == 0, "\(arguments): \(r.stderr)")
        return try #require(r.json()["features"]?.arrayValue).compactMap { $0["area_m2"]?.doubleValue }
    }

    @Test func areaOfEveryFormatAgreesWithTheGeoJSONOriginal() throws {
        let original = try areas(["\(fixtures)/source/counties.geojson"])
        #expect(original.count == 9)
        for input in [["counties-gk.shp"], ["counties-gbk-nocpg.zip", "--encoding", "GBK"], ["kaifeng-4490.gpkg", "--layer", "counties"],
                      ["kaifeng.gdb"], ["counties-wkt.csv"], ["counties-gk.dxf", "--input-crs", "EPSG:4547"]] {
            let got = try areas(["\(fixtures)/\(input[0])"] + input.dropFirst())
            #expect(got.count == original.count, "\(input)")
            for (a, b) in zip(got, original) { #expect(abs(a - b) / b < 1e-7, "\(input): \(a) vs \(b)") }
        }
    }

    @Test func infoShowsDriverLayersCRSEncodingAndFieldTypes() throws {
        let r = try CLI.run(["info", "\(fixtures)/counties-gk.shp"])
        #expect(r.code == 0, "\(r.stderr)")
        #expect(r.stdout.contains("driver:     ESRI Shapefile"))
        #expect(r.stdout.contains("crs:        EPSG:4547 (CGCS2000 / 3-degree Gauss-Kruger CM 114E)"))
        #expect(r.stdout.contains("encoding:   CP936"))
        #expect(r.stdout.contains("adcode Integer") && r.stdout.contains("surveyed Date"))
        #expect(r.stdout.contains("features:   9"))
        let gpkg = try CLI.run(["info", "\(fixtures)/kaifeng-4490.gpkg", "--format", "json"])
        #expect(gpkg.code == 0, "\(gpkg.stderr)")
        let layers = try #require(gpkg.json()["files"]?.arrayValue?.first?["gdal"]?["layers"]?.arrayValue)
        #expect(layers.map { $0["name"] } == [.string("counties"), .string("places")])
        #expect(layers.first?["crs"] == .string("EPSG:4490"))
    }

    @Test func aGeoPackageWithTwoLayersNeedsLayer() throws {
        let r = try CLI.run(["area", "\(fixtures)/kaifeng-4490.gpkg"])
        #expect(r.code == 64)
        #expect(r.stderr.contains("kaifeng-4490.gpkg") && r.stderr.contains("\"counties\"") && r.stderr.contains("--layer"))
    }

    @Test func encodingWarningNamesTheOption() throws {
        let r = try CLI.run(["area", "\(fixtures)/counties-gbk-nocpg.zip"])
        #expect(r.code == 0)
        #expect(r.stderr.contains("warning") && r.stderr.contains("--encoding GBK"))
        let named = try CLI.run(["area", "\(fixtures)/counties-gbk-nocpg.zip", "--encoding", "GBK"])
        #expect(named.stdout.contains("兰考县") && named.stderr.isEmpty)
    }

    @Test(arguments: [("truncated.shp", "feature"), ("missing-shx.shp", ".shx"), ("missing-dbf.shp", ".dbf"),
                      ("corrupt.gpkg", "malformed"), ("no-prj.shp", "--input-crs EPSG:")])
    func badInputsExit65NamingTheFileAndWriteNothing(_ name: String, _ text: String) throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = "\(fixtures)/bad/\(name)"
        let before = try Data(contentsOf: CLI.root.appendingPathComponent(input))
        for output in ["out.gpkg", "out.geojson", "out.shp"] {
            let r = try CLI.run(["buffer", input, "--distance", "1km", "-o", folder.appendingPathComponent(output).path])
            #expect(r.code == 65, "\(name): \(r.stderr)")
            #expect(r.stderr.contains(input) && r.stderr.contains(text), "\(name): \(r.stderr)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
        #expect(try Data(contentsOf: CLI.root.appendingPathComponent(input)) == before)
    }

    @Test func missingInputExits66() throws {
        let r = try CLI.run(["area", "\(fixtures)/nowhere.shp"])
        #expect(r.code == 66)
        #expect(r.stderr.contains("nowhere.shp"))
    }

    @Test func geometryCommandsWriteAnyFormatByExtension() throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("clipped.gpkg").path
        let r = try CLI.run(["clip", "\(fixtures)/counties-gk.shp", "--mask", "geodata/plan/zone.geojson", "-o", out, "--layer", "lankao"])
        #expect(r.code == 0, "\(r.stderr)")
        let info = try CLI.run(["info", out])
        #expect(info.stdout.contains("layer:      lankao (3 features"), "\(info.stdout)")
        // The same features as the GeoJSON output, area for area.
        let geojson = try CLI.run(["clip", "\(fixtures)/counties-gk.shp", "--mask", "geodata/plan/zone.geojson"])
        let a = try areas([out]), b = try CLI.run(["area", "-", "--format", "json"], stdin: geojson.stdout).json()
        let expected = try #require(b["features"]?.arrayValue).compactMap { $0["area_m2"]?.doubleValue }
        #expect(a.count == expected.count)
        for (x, y) in zip(a, expected) { #expect(abs(x - y) / y < 1e-9) }
        // --output-crs projects: Gauss–Krüger metres in the .prj and the coordinates.
        let shp = folder.appendingPathComponent("clipped-gk.shp").path
        let projected = try CLI.run(["clip", "\(fixtures)/counties-gk.shp", "--mask", "geodata/plan/zone.geojson", "-o", shp, "--output-crs", "EPSG:4547"])
        #expect(projected.code == 0, "\(projected.stderr)")
        let shpInfo = try CLI.run(["info", shp])
        #expect(shpInfo.stdout.contains("EPSG:4547"))
        #expect(shpInfo.stdout.contains("encoding:   UTF-8"))
    }
}
