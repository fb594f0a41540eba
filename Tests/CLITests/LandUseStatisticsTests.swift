import Foundation
import Testing
@testable import TongchengGeometry

/// 三调-style statistics in `tabulate`: code order, `--level 1`, `--deduct KCXS`, the crosstab.
///
/// The fixture (Tests/Fixtures/landuse/deduction.geojson) is five equal 0.01° cells in one row of
/// latitude, so each has the same geodesic area A (an ellipsoid of revolution: a shift in
/// longitude changes no area); A is read from `tongcheng area`. The expected values are a hand
/// calculation in units of A, from the cells' classes and coefficients:
///
/// | cell | DLBM | KCXS | own class | 田坎 1203 | zone B |
/// |---|---|---|---|---|---|
/// | p-rail    | 1001 | null   | 1.00 | 0    | yes |
/// | p-orchard | 0201 | absent | 1.00 | 0    | no  |
/// | p-dry-a   | 0103 | 0.2    | 0.80 | 0.20 | no  |
/// | p-paddy   | 0101 | 0.1    | 0.90 | 0.10 | no  |
/// | p-dry-b   | 0103 | "0.15" | 0.85 | 0.15 | yes |
///
/// Zone A (all cells): 0101 0.9, 0103 1.65, 0201 1, 1001 1, 1203 0.45 (total 5).
/// Zone B (the last two cells by longitude): 0103 0.85, 1001 1, 1203 0.15 (total 2).
/// Level 1, zone A: 01 2.55, 02 1, 10 1, 12 0.45; without deduction 01 3, 02 1, 10 1.
@Suite struct LandUseStatisticsTests {
    let parcels = "Tests/Fixtures/landuse/deduction.geojson"
    let zones = "Tests/Fixtures/landuse/deduction-zones.geojson"

    /// A, the geodesic area of one cell (all five are equal to 1e-11: rounding of the longitudes).
    func cellArea() throws -> Double {
        let r = try CLI.run(["area", parcels, "--format", "json"])
        let areas = try #require(r.json()["features"]?.arrayValue?.compactMap { $0["area_m2"]?.doubleValue })
        #expect(areas.count == 5)
        for a in areas { #expect(abs(a / areas[0] - 1) < 1e-11) }
        return areas[0]
    }

    /// `(zone, class) → area_m2` from the JSON rows, and the classes in row order for `zone`.
    func table(_ extra: [String]) throws -> (cells: [String: Double], order: [String: [String]], json: JSONValue) {
        let r = try CLI.run(["tabulate", parcels, "--by", "DLBM", "--zones", zones, "--format", "json"] + extra)
        #expect(r.code == 0, "\(r.stderr)")
        let j = try r.json()
        var cells: [String: Double] = [:]
        var order: [String: [String]] = [:]
        for row in j["rows"]?.arrayValue ?? [] {
            let zone = row["zone"]?.stringValue ?? "", cls = row["class"]?.stringValue ?? ""
            cells["\(zone)|\(cls)"] = row["area_m2"]?.doubleValue
            order[zone, default: []].append(cls)
        }
        return (cells, order, j)
    }

    @Test func rowsAreInCodeOrderWithNamesJoined() throws {
        // The file lists 1001, 0201, 0103, 0101, 0103: the rows come out as codes sort.
        let (_, order, j) = try table([])
        #expect(order["全部 A"] == ["0101", "0103", "0201", "1001"])
        #expect(order["东 B"] == ["0103", "1001"])
        // --by DLBM joins DLMC's names.
        let first = try #require(j["rows"]?.arrayValue?.first)
        #expect(first["name"] == "水田")
        let t = try CLI.run(["tabulate", parcels, "--by", "DLBM", "--zones", zones])
        let labels = t.stdout.split(separator: "\n").dropFirst(2).prefix(4).map { String($0.prefix(while: { $0 != " " })) }
        #expect(labels == ["0101", "0103", "0201", "1001"], "\(t.stdout)")
        #expect(t.stdout.contains("0101 水田") && t.stdout.contains("1001 铁路用地"))
        // Class names alone are ordered by their code in GB/T 21010-2017: 水田 0101 before 旱地 0103 before 果园 0201.
        let names = try CLI.run(["tabulate", parcels, "--by", "DLMC", "--zones", zones, "--format", "json"]).json()
        let zoneA = names["rows"]?.arrayValue?.filter { $0["zone"] == "全部 A" }.compactMap { $0["class"]?.stringValue }
        #expect(zoneA == ["水田", "旱地", "果园", "铁路用地"])
    }

    @Test func deductionTalliesTianKanAsTheSurveyDoes() throws {
        let a = try cellArea()
        let (cells, order, _) = try table(["--deduct", "KCXS"])
        let expected: [String: Double] = [
            "全部 A|0101": 0.9, "全部 A|0103": 1.65, "全部 A|0201": 1, "全部 A|1001": 1, "全部 A|1203": 0.45,
            "东 B|0103": 0.85, "东 B|1001": 1, "东 B|1203": 0.15,
        ]
        #expect(Set(cells.keys) == Set(expected.keys))
        for (key, units) in expected { #expect(abs((cells[key] ?? 0) / a - units) < 1e-9, "\(key): \((cells[key] ?? 0) / a) A, expected \(units) A") }
        #expect(order["全部 A"] == ["0101", "0103", "0201", "1001", "1203"])
        // Another deduction class.
        let (other, _, _) = try table(["--deduct", "KCXS", "--deduct-class", "2302"])
        #expect(abs((other["全部 A|2302"] ?? 0) / a - 0.45) < 1e-9 && other["全部 A|1203"] == nil)
    }

    @Test func levelOneRollsCodesUpToTheirFirstLevelClass() throws {
        let a = try cellArea()
        let (plain, order, j) = try table(["--level", "1"])
        #expect(order["全部 A"] == ["01", "02", "10"])
        #expect(abs((plain["全部 A|01"] ?? 0) / a - 3) < 1e-9 && abs((plain["全部 A|02"] ?? 0) / a - 1) < 1e-9)
        // Rolled-up classes take the classification's names, not a second-level name of the data.
        #expect(j["rows"]?.arrayValue?.first?["name"] == "耕地")
        let (deducted, order1, _) = try table(["--level", "1", "--deduct", "KCXS"])
        let expected: [String: Double] = ["全部 A|01": 2.55, "全部 A|02": 1, "全部 A|10": 1, "全部 A|12": 0.45, "东 B|01": 0.85, "东 B|10": 1, "东 B|12": 0.15]
        #expect(Set(deducted.keys) == Set(expected.keys))
        for (key, units) in expected { #expect(abs((deducted[key] ?? 0) / a - units) < 1e-9, "\(key)") }
        #expect(order1["全部 A"] == ["01", "02", "10", "12"])
    }

    @Test func crosstabHasTotalsRowAndColumn() throws {
        let a = try cellArea()
        let r = try CLI.run(["tabulate", parcels, "--by", "DLBM", "--zones", zones, "--level", "1", "--deduct", "KCXS",
                             "--crosstab", "--format", "csv", "--unit", "m2"])
        #expect(r.code == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(lines.first == ["class", "全部 A (m2)", "东 B (m2)", "total (m2)"])
        #expect(lines.dropFirst().map { $0[0] } == ["01 耕地", "02 园地", "10 交通运输用地", "12 其他土地", "total"])
        // Rows × (A, B, total) in units of A: 01 (2.55, 0.85, 3.4) … total (5, 2, 7).
        let expected: [[Double]] = [[2.55, 0.85, 3.4], [1, 0, 1], [1, 1, 2], [0.45, 0.15, 0.6], [5, 2, 7]]
        for (k, row) in expected.enumerated() {
            let got = lines[k + 1].dropFirst().map { (Double($0) ?? -1) / a }
            #expect(zip(got, row).allSatisfy { abs($0 - $1) < 1e-9 }, "\(lines[k + 1]) vs \(row) A")
        }
        // The table for people: the same rows with a total column and the totals row.
        let t = try CLI.run(["tabulate", parcels, "--by", "DLBM", "--zones", zones, "--level", "1"]).stdout
        #expect(t.contains("合计 total (亩)") && t.contains("已分类 classified") && t.contains("01 耕地"))
    }

    @Test func badCoefficientsAndCodelessLevelsAreRefused() throws {
        let dir = try CLI.temporaryDirectory()
        let bad = dir.appendingPathComponent("bad.geojson")
        try #"""
        {"type":"FeatureCollection","features":[
        {"type":"Feature","id":"ok","properties":{"DLBM":"0101","KCXS":0.1},"geometry":{"type":"Polygon","coordinates":[[[114.80,34.80],[114.81,34.80],[114.81,34.81],[114.80,34.81],[114.80,34.80]]]}},
        {"type":"Feature","id":"percent","properties":{"DLBM":"0103","KCXS":12},"geometry":{"type":"Polygon","coordinates":[[[114.81,34.80],[114.82,34.80],[114.82,34.81],[114.81,34.81],[114.81,34.80]]]}}
        ]}
        """#.write(to: bad, atomically: true, encoding: .utf8)
        let r = try CLI.run(["tabulate", bad.path, "--by", "DLBM", "--zones", zones, "--deduct", "KCXS"])
        #expect(r.code == 65 && r.stdout.isEmpty)
        #expect(r.stderr.contains("features[1]") && r.stderr.contains("percent") && r.stderr.contains("\"12\""), "\(r.stderr)")
        let missing = try CLI.run(["tabulate", parcels, "--by", "DLBM", "--zones", zones, "--deduct", "KCXS2"])
        #expect(missing.code == 64 && missing.stderr.contains("KCXS2"), "\(missing.stderr)")
        let names = try CLI.run(["tabulate", parcels, "--by", "DLMC", "--zones", zones, "--level", "1"])
        #expect(names.code == 64 && names.stderr.contains("is not a code") && names.stderr.contains("--by DLBM"), "\(names.stderr)")
        let layout = try CLI.run(["tabulate", parcels, "--by", "DLBM", "--zones", zones, "--crosstab", "--format", "json"])
        #expect(layout.code == 64)
    }
}
