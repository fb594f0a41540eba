import Foundation
import Testing
@testable import TongchengGeometry

/// The plan report's land-use section (`LandUseSection`): its data-quality check, land-use change
/// and 占补平衡 say what `tongcheng check`, `tongcheng transition` and `tongcheng conform --balance`
/// say for the same questions (each run as its own process, read through its JSON contract), and
/// it says what it left out when the plan has no later survey or supplement layer.
@Suite struct ReportLandUseTests {
    static func mu(_ m2: Double) -> String { String(format: "%.2f", m2 / (10_000.0 / 15.0)) }
    static func ha(_ m2: Double) -> String { String(format: "%.2f", m2 / 10_000) }

    /// The report's text from `heading` to the next heading of any level.
    static func part(_ md: String, _ heading: String) throws -> [String] {
        let lines = md.components(separatedBy: "\n")
        let start = try #require(lines.firstIndex { $0.hasPrefix("### " + heading) }, "no \(heading) in the report")
        let end = lines[(start + 1)...].firstIndex { $0.hasPrefix("#") } ?? lines.endIndex
        return Array(lines[start..<end])
    }

    @Test func landUseSectionShowsTheNumbersCheckTransitionAndBalancePrint() throws {
        let report = try CLI.run(["report", "--format", "md", "-q"])
        #expect(report.code == 0, "\(report.stderr)")
        let md = report.stdout

        // 数据质检: the counts of every kind and the parcels, as `tongcheng check` counts them
        // (the README's run: 50,837 features, 17 multipart, 19 sliver).
        let check = try CLI.run(["check", "geodata/landuse/parcels.geojson", "--format", "json", "-q"]).json()
        let kinds = ["invalid", "empty", "multipart", "duplicate", "overlap", "gap", "sliver"]
        let counts = kinds.map { Int(check["counts"]?[$0]?.doubleValue ?? -1) }
        let features = Int(check["features"]?.doubleValue ?? -1)
        #expect(features == 50_837 && counts[2] == 17 && counts[6] == 19, "\(counts)")
        let quality = try Self.part(md, "地类图斑质检")
        #expect(quality.contains("| \(features) | " + counts.map(String.init).joined(separator: " | ") + " |"), "\(quality.joined(separator: "\n"))")
        // The problems listed: the three largest of each kind, each row the CLI's index, m², location and detail.
        let names = ["invalid": "无效 invalid", "empty": "空 empty", "multipart": "多部件 multipart", "duplicate": "重复 duplicate",
                     "overlap": "重叠 overlap", "gap": "缝隙 gap", "sliver": "碎片 sliver"]
        let problems = try #require(check["problems"]?.arrayValue)
        var listed = 0
        for kind in kinds {
            let largest = problems.filter { $0["kind"]?.stringValue == kind }.sorted { ($0["area_m2"]?.doubleValue ?? 0) > ($1["area_m2"]?.doubleValue ?? 0) }.prefix(3)
            for p in largest {
                let index = Int(p["features"]?.arrayValue?.first?.doubleValue ?? -1)
                let location = p["location"]?.arrayValue?.compactMap(\.doubleValue) ?? []
                let row = try #require(quality.first { $0.hasPrefix("| \(names[kind]!) | \(index) \\(tb-") }, "\(kind) \(index) not listed")
                #expect(row.hasSuffix(" | " + String(format: "%.2f", p["area_m2"]?.doubleValue ?? -1) + " | " + String(format: "%.6f, %.6f", location[0], location[1])
                                      + " | " + (p["detail"]?.stringValue ?? "") + " |"), "\(row)")
                listed += 1
            }
        }
        #expect(listed == 6 && quality.filter { $0.hasPrefix("| 多部件") || $0.hasPrefix("| 碎片") }.count == listed)

        // 地类变化 in the zone: `tongcheng transition … --by DLMC --zones` the special zone; every changed cell, in 亩 and 公顷.
        let transition = try CLI.run(["transition", "geodata/landuse/parcels.geojson", "geodata/landuse/parcels-2023.geojson", "--by", "DLMC",
                                      "--zones", "geodata/plan/special_zone.geojson", "--format", "json", "-q"]).json()
        let cells = try #require(transition["rows"]?.arrayValue).filter { $0["from"] != $0["to"] }
        let change = try Self.part(md, "地类变化")
        #expect(!cells.isEmpty && change.filter { $0.hasPrefix("| ") && !$0.hasPrefix("| 原地类") && !$0.hasPrefix("| 合计") }.count == cells.count)
        for c in cells {
            let m2 = c["area_m2"]?.doubleValue ?? -1
            let prefix = "| \(c["from"]?.stringValue ?? "") | \(c["to"]?.stringValue ?? "") | \(Self.mu(m2)) | \(Self.ha(m2)) |"
            #expect(change.contains { $0.hasPrefix(prefix) }, "\(prefix)")
        }
        let farmToBuilt = try #require(cells.first { $0["from"] == "耕地" && $0["to"] == "城镇村及工矿用地" }?["area_m2"]?.doubleValue)
        #expect(change.joined().contains("其中耕地转为城镇村及工矿用地 \(Self.mu(farmToBuilt)) 亩（\(Self.ha(farmToBuilt)) 公顷）"))
        #expect(Self.mu(farmToBuilt) == "10909.74")  // the README's matrix, row 01, column 20 inside the zone

        // 占补平衡: `tongcheng conform` the zone `--forbid farmland --balance supplement`.
        let conform = try CLI.run(["conform", "geodata/plan/special_zone.geojson", "--forbid", "geodata/landuse/farmland.geojson",
                                   "--balance", "geodata/landuse/supplement.geojson", "--format", "json", "-q"])
        let balance = try #require(try conform.json()["balance"])
        let rows = try Self.part(md, "占补平衡")
        for (label, key) in [("占用永久基本农田 farmland occupied", "occupied_m2"), ("补充耕地 supplement", "supplement_m2"),
                             ("  其中位于合作区内 of which inside the zone", "supplement_inside_plan_m2"), ("不平衡 not balanced: 净 net", "net_m2")] {
            let m2 = try #require(balance[key]?.doubleValue)
            #expect(rows.contains("| \(label) | \(Self.mu(m2)) | \(Self.ha(m2)) |"), "\(key): \(rows.joined(separator: "\n"))")
        }
        #expect(balance["balanced"] == .bool(false))
    }

    @Test func withoutALaterSurveyOrSupplementTheSectionSaysWhatItLeftOut() throws {
        let fm = FileManager.default
        let plan = try CLI.temporaryDirectory()
        let source = CLI.root.appendingPathComponent("geodata")
        for name in try fm.contentsOfDirectory(atPath: source.path) where name != "landuse" {
            try fm.createSymbolicLink(at: plan.appendingPathComponent(name), withDestinationURL: source.appendingPathComponent(name))
        }
        try fm.createDirectory(at: plan.appendingPathComponent("landuse"), withIntermediateDirectories: false)
        for name in ["parcels.geojson", "farmland.geojson", "redline.geojson"] {
            try fm.createSymbolicLink(at: plan.appendingPathComponent("landuse/" + name), withDestinationURL: source.appendingPathComponent("landuse/" + name))
        }
        let r = try CLI.run(["report", "--plan", plan.path, "--format", "md", "-q"])
        #expect(r.code == 0, "\(r.stderr)")
        #expect(r.stdout.contains("### 地类图斑质检"))
        #expect(!r.stdout.contains("### 地类变化") && !r.stdout.contains("### 占补平衡"))
        #expect(r.stdout.contains("- 地类变化 · the land-use change: no later survey beside the parcels \\(landuse/parcels-YYYY.geojson\\)"), "\(r.stdout.suffix(800))")
        #expect(r.stdout.contains("- 占补平衡 · the farmland balance: no supplemented farmland \\(landuse/supplement.geojson\\)"))
    }
}
