import Foundation
import Testing
@testable import TongchengGeometry

/// `tongcheng tabulate` and `tongcheng conform`: JSON contracts, tables in 亩, bad inputs and exit codes.
/// Expected areas come from scripts/oracle/landuse_oracle.py (Shapely 2 + pyproj), which wrote
/// Tests/Fixtures/landuse/ and its expected.json.
@Suite struct LandUseCommandTests {
    let parcels = "Tests/Fixtures/landuse/parcels.geojson"
    let zones = "Tests/Fixtures/landuse/zones.geojson"

    @Test func tabulateJSONContract() throws {
        let r = try CLI.run(["tabulate", parcels, "--by", "DLMC", "--zones", zones, "--zone-field", "code", "--format", "json"])
        #expect(r.code == 0, "\(r.stderr)")
        let j = try r.json()
        #expect(j.objectValue?.keys == ["rows", "zones"])
        let rows = try #require(j["rows"]?.arrayValue)
        for row in rows { #expect(row.objectValue?.keys == ["zone", "class", "area_m2", "share"]) }   // no --unit: m² alone
        let mu = try CLI.run(["tabulate", parcels, "--by", "DLMC", "--zones", zones, "--format", "json", "--unit", "mu"]).json()
        for row in mu["rows"]?.arrayValue ?? [] { #expect(row.objectValue?.keys == ["zone", "class", "area_m2", "area_mu", "share"]) }   // the CSV's columns
        let zoneList = try #require(j["zones"]?.arrayValue)
        #expect(zoneList.map { $0["zone"]?.stringValue } == ["A", "B", "C"])  // --zone-field code
        for z in zoneList { #expect(z.objectValue?.keys == ["zone", "area_m2", "classified_m2"]) }
        // Oracle (landuse_oracle.py): zone A, class 耕地 3,516,349.4740 m², share 0.236832850 (both operands cut along geodesic edges, docs/semantics.md).
        let a = try #require(rows.first { $0["zone"] == "A" && $0["class"] == "耕地" })
        #expect(abs((a["area_m2"]?.doubleValue ?? 0) - 3_516_349.474014107) < 1e-3)
        #expect(abs((a["share"]?.doubleValue ?? 0) - 0.23683285037431476) < 1e-9)
        // The parcel without DLMC is tabled as class null.
        #expect(rows.contains { $0["zone"] == "A" && $0["class"] == .null })
    }

    @Test func tabulateTableIsInMuByDefault() throws {
        let r = try CLI.run(["tabulate", parcels, "--by", "DLMC", "--zones", zones])
        #expect(r.code == 0)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines[0].hasPrefix("地类 class") && lines[0].contains("A 有洞 (亩)") && lines[0].contains("合计 total (亩)"))
        // Zone C's area, 30,446,350.2084 m² (oracle) = 45,669.53 亩.
        let area = try #require(lines.first { $0.hasPrefix("分区面积 zone area") })
        #expect(area.contains("45,669.53"))
        let csv = try CLI.run(["tabulate", parcels, "--by", "DLMC", "--zones", zones, "--format", "csv", "--unit", "ha"]).stdout
        // The chosen unit beside m² (issue 24: the CSV agrees with the table a person reads).
        #expect(csv.hasPrefix("zone,class,area_m2,area_ha,share\n"))
    }

    @Test func tabulateGeoJSONPiecesCarryTheParcelAndZone() throws {
        let r = try CLI.run(["tabulate", parcels, "--by", "DLMC", "--zones", zones, "--format", "geojson"])
        let fc = try GeoJSONReader().read(string: r.stdout).featureCollection
        #expect(!fc.features.isEmpty)
        let sumA = fc.features.filter { $0[property: "zone"] == "A 有洞" }.reduce(0) { $0 + ($1[property: "area_m2"]?.doubleValue ?? 0) }
        #expect(abs(sumA - 14_847_389.06786867) < 1e-2)  // oracle: zone A classified_m2
        #expect(fc.features.allSatisfy { $0[property: "DLBM"] != nil || $0[property: "DLMC"] != nil })
    }

    @Test func unknownClassFieldIsUsageErrorListingTheFields() throws {
        let r = try CLI.run(["tabulate", parcels, "--by", "地类名称", "--zones", zones])
        #expect(r.code == 64)
        #expect(r.stderr.contains("\"地类名称\"") && r.stderr.contains("DLMC, DLBM"), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    @Test func invalidParcelIsDataErrorNamingItUnlessRepaired() throws {
        let dir = try CLI.temporaryDirectory()
        let bad = dir.appendingPathComponent("bad.geojson")
        try #"""
        {"type":"FeatureCollection","features":[
        {"type":"Feature","id":"ok","properties":{"DLMC":"耕地"},"geometry":{"type":"Polygon","coordinates":[[[114.81,34.81],[114.82,34.81],[114.82,34.82],[114.81,34.82],[114.81,34.81]]]}},
        {"type":"Feature","id":"bowtie","properties":{"DLMC":"林地"},"geometry":{"type":"Polygon","coordinates":[[[114.82,34.81],[114.83,34.82],[114.83,34.81],[114.82,34.82],[114.82,34.81]]]}}
        ]}
        """#.write(to: bad, atomically: true, encoding: .utf8)
        let r = try CLI.run(["tabulate", bad.path, "--by", "DLMC", "--zones", zones])
        #expect(r.code == 65)
        #expect(r.stderr.contains("features[1]") && r.stderr.contains("bowtie") && r.stderr.contains("Self-intersection"), "\(r.stderr)")
        let fixed = try CLI.run(["tabulate", bad.path, "--by", "DLMC", "--zones", zones, "--repair", "--format", "json"])
        #expect(fixed.code == 0)
        #expect(fixed.stderr.contains("repaired 1 invalid parcel geometry"))
        // Repaired, the bow-tie is two triangles of a quarter cell each: 林地 appears beside 耕地.
        #expect(try fixed.json()["rows"]?.arrayValue?.contains { $0["class"] == "林地" } == true)
    }

    @Test func zonesThatMeetNoParcelGiveAnEmptyTableAndANote() throws {
        let r = try CLI.run(["tabulate", parcels, "--by", "DLMC", "--zones", "Tests/Fixtures/landuse/far.geojson", "--format", "json"])
        #expect(r.code == 0)
        #expect(r.stderr.contains("no parcel meets any zone"))
        let j = try r.json()
        #expect(j["rows"] == .array([]))
        #expect(j["zones"]?.arrayValue?.first?["classified_m2"]?.doubleValue == 0)
    }

    @Test func conformJSONContractAndFail() throws {
        let args = ["conform", "Tests/Fixtures/landuse/plan.geojson", "--forbid", "Tests/Fixtures/landuse/farmland.geojson", "--within", "Tests/Fixtures/landuse/boundary.geojson"]
        let r = try CLI.run(args + ["--format", "json"])
        #expect(r.code == 0, "\(r.stderr)")
        let j = try r.json()
        #expect(j.objectValue?.keys == ["conflicts", "total_m2"])
        let conflicts = try #require(j["conflicts"]?.arrayValue)
        for c in conflicts {
            #expect(c.objectValue?.keys == ["feature", "constraint", "rule", "area_m2"])
            #expect(c["feature"]?.objectValue?.keys == ["index", "id", "name"])
            #expect(c["constraint"]?.objectValue?.keys == ["file", "index", "id", "name"])
        }
        // Oracle: plan 2 reaches 0.01° east of the development boundary; that piece is a within conflict.
        let within = try #require(conflicts.first { $0["rule"] == "within" })
        #expect(within["feature"]?["id"] == "plan-2" && within["constraint"]?["index"] == .null)
        let total = conflicts.reduce(0) { $0 + ($1["area_m2"]?.doubleValue ?? 0) }
        #expect(abs(total - (j["total_m2"]?.doubleValue ?? 0)) < 1e-6)
        #expect(try CLI.run(args + ["--fail"]).code == 1)
        let clean = try CLI.run(["conform", "Tests/Fixtures/landuse/plan.geojson", "--forbid", "Tests/Fixtures/landuse/far.geojson", "--fail"])
        #expect(clean.code == 0 && clean.stdout.hasPrefix("no conflicts"))
        let table = try CLI.run(args).stdout
        #expect(table.contains("area (亩)") && table.contains("农田 2"))
    }

    @Test func conformGeoJSONHasTheConflictPolygons() throws {
        let r = try CLI.run(["conform", "Tests/Fixtures/landuse/plan.geojson", "--forbid", "Tests/Fixtures/landuse/farmland.geojson", "--format", "geojson"])
        let fc = try GeoJSONReader().read(string: r.stdout).featureCollection
        #expect(fc.features.count == 3)  // farmland 1 inside plan 1, farmland 2 across plans 1 and 2
        #expect(fc.features.allSatisfy { $0.geometry?.dimension == 2 && $0[property: "rule"] == "forbid" && $0[property: "constraint_file"] != nil })
    }
}
