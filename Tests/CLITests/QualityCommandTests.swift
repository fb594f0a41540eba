import Foundation
import Testing
@testable import TongchengGeometry

/// `tongcheng check`, `transition`, `diff` and `conform --balance` as a user runs them: the JSON
/// contracts, exit codes for bad input, --fail. The numbers themselves are checked against the
/// Shapely + pyproj oracle in Tests/AnalysisTests/QualityTests.swift; here the oracle's
/// expected.json (scripts/oracle/quality_oracle.py) is compared with the JSON printed.
@Suite struct QualityCommandTests {
    static let dir = "Tests/Fixtures/quality/"

    static let expected: JSONValue = {
        let text = (try? String(contentsOf: CLI.root.appendingPathComponent(dir + "expected.json"), encoding: .utf8)) ?? "null"
        return (try? JSONValue.parse(text, name: "expected.json")) ?? .null
    }()

    @Test func checkJSONContractAndFail() throws {
        let r = try CLI.run(["check", QualityCommandTests.dir + "check-layer.geojson", "--format", "json", "--fail"])
        #expect(r.code == 1, "\(r.stderr)")  // problems found: written, then exit 1
        let json = try r.json()
        let problems = try #require(json["problems"]?.arrayValue)
        #expect(problems.count == 12)
        let overlap = try #require(problems.first { $0["kind"]?.stringValue == "overlap" })
        #expect(overlap["features"]?.arrayValue?.count == 2)
        #expect(overlap["location"]?.arrayValue?.count == 2)
        #expect(overlap["area_m2"]?.doubleValue != nil)
        for kind in ["invalid", "empty", "multipart", "duplicate", "overlap", "gap", "sliver"] {
            #expect(json["counts"]?[kind]?.doubleValue == Double(QualityCommandTests.expected["check"]?[kind]?.arrayValue?.count ?? -1), "\(kind)")
        }
    }

    @Test func checkOfACleanLayerExitsZeroWithFail() throws {
        let r = try CLI.run(["check", QualityCommandTests.dir + "survey-new.geojson", "--fail"])
        #expect(r.code == 0, "\(r.stderr)")
        #expect(r.stdout == "18 features: 0 invalid, 0 empty, 0 multipart, 0 duplicate, 0 overlap, 0 gap, 0 sliver\n")
    }

    @Test func checkGeoJSONGivesTheProblemGeometries() throws {
        let r = try CLI.run(["check", QualityCommandTests.dir + "check-layer.geojson", "--format", "geojson"])
        #expect(r.code == 0)
        let features = try #require(r.json()["features"]?.arrayValue)
        let gaps = features.filter { $0["properties"]?["kind"]?.stringValue == "gap" }
        #expect(gaps.count == 3)
        #expect(gaps.allSatisfy { $0["geometry"]?["type"]?.stringValue == "Polygon" })
    }

    @Test func checkRefusesPointsAndLines() throws {
        let r = try CLI.run(["check", "geodata/places.geojson"])
        #expect(r.code == 65)
        #expect(r.stderr.contains("geodata/places.geojson: features[0]: check needs polygons; this feature is a Point"), "\(r.stderr)")
        let sliver = try CLI.run(["check", QualityCommandTests.dir + "check-layer.geojson", "--min-area", "10"])
        #expect(sliver.code == 64)  // an area needs its unit
    }

    @Test func transitionJSONContractAgreesWithTheOracle() throws {
        let r = try CLI.run(["transition", QualityCommandTests.dir + "survey-old.geojson", QualityCommandTests.dir + "survey-new.geojson", "--by", "DLBM", "--format", "json"])
        #expect(r.code == 0, "\(r.stderr)")
        let json = try r.json()
        let rows = try #require(json["rows"]?.arrayValue)
        let want = try #require(QualityCommandTests.expected["transition"]?["rows"]?.arrayValue)
        #expect(rows.count == want.count)
        for (a, b) in zip(rows, want) {
            #expect(a["from"] == b["from"] && a["to"] == b["to"])
            let (x, y) = (a["area_m2"]?.doubleValue ?? 0, b["area_m2"]?.doubleValue ?? -1)
            #expect(abs(x - y) <= 1e-7 * y)
        }
        let from = try #require(json["from"]?.arrayValue)
        #expect(from.allSatisfy { $0["class"] != nil && $0["area_m2"]?.doubleValue != nil && $0["matched_m2"]?.doubleValue != nil })
    }

    @Test func transitionUnknownFieldIsAUsageError() throws {
        let r = try CLI.run(["transition", QualityCommandTests.dir + "survey-old.geojson", QualityCommandTests.dir + "survey-new.geojson", "--by", "DLBM", "--by-new", "地类"])
        #expect(r.code == 64)
        #expect(r.stderr.contains("no new parcels feature has the property \"地类\"; their properties are: DLBM"), "\(r.stderr)")
    }

    @Test func transitionTableIsAMatrixWithTotals() throws {
        let r = try CLI.run(["transition", QualityCommandTests.dir + "survey-old.geojson", QualityCommandTests.dir + "survey-new.geojson", "--by", "DLBM",
                             "--zones", QualityCommandTests.dir + "survey-zones.geojson"])
        #expect(r.code == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("西区\n亩  旧 old ↓ 新 new →"))
        #expect(r.stdout.contains("\n三角区\n"))
        #expect(r.stdout.components(separatedBy: "合计 total").count == 5)  // a heading and a footer per zone
    }

    @Test func diffJSONContract() throws {
        let r = try CLI.run(["diff", QualityCommandTests.dir + "diff-old.geojson", QualityCommandTests.dir + "diff-new.geojson", "--key", "BSM", "--format", "json"])
        #expect(r.code == 0, "\(r.stderr)")
        let json = try r.json()
        #expect(json["counts"] == QualityCommandTests.expected["diff_key"]?["counts"])
        let changed = try #require(json["changes"]?.arrayValue?.first { $0["key"]?.stringValue == "0005" })
        #expect(changed["change"]?.stringValue == "changed")
        #expect(changed["geometry_changed"]?.boolValue == true)
        #expect(changed["attributes"] == .array([.string("DLMC")]))
        #expect(changed["old"]?["index"]?.doubleValue == 4 && changed["new"]?["index"]?.doubleValue == 3)
    }

    @Test func diffRepeatedKeyIsADataError() throws {
        let r = try CLI.run(["diff", QualityCommandTests.dir + "diff-old.geojson", QualityCommandTests.dir + "diff-new.geojson", "--key", "DLMC"])
        #expect(r.code == 65)
        #expect(r.stderr.contains("diff-old.geojson: features[1]: the key \"DLMC\" = 耕地 is also features[0]'s: keys must be unique"), "\(r.stderr)")
        let unknown = try CLI.run(["diff", QualityCommandTests.dir + "diff-old.geojson", QualityCommandTests.dir + "diff-new.geojson", "--key", "BM"])
        #expect(unknown.code == 64)
    }

    @Test func conformBalanceJSON() throws {
        let r = try CLI.run(["conform", QualityCommandTests.dir + "balance-plan.geojson", "--forbid", QualityCommandTests.dir + "balance-farmland.geojson",
                             "--balance", QualityCommandTests.dir + "balance-supplement.geojson", "--format", "json"])
        #expect(r.code == 0, "\(r.stderr)")
        let balance = try #require(r.json()["balance"])
        let want = try #require(QualityCommandTests.expected["balance"])
        for key in ["occupied_m2", "supplement_m2", "supplement_inside_plan_m2"] {
            let (x, y) = (balance[key]?.doubleValue ?? 0, want[key]?.doubleValue ?? -1)
            #expect(abs(x - y) <= 1e-7 * y, "\(key): \(x) vs \(y)")
        }
        #expect(balance["balanced"]?.boolValue == true)
        let noFarmland = try CLI.run(["conform", QualityCommandTests.dir + "balance-plan.geojson", "--within", QualityCommandTests.dir + "balance-farmland.geojson",
                                      "--balance", QualityCommandTests.dir + "balance-supplement.geojson"])
        #expect(noFarmland.code == 64)
    }
}
