import TongchengAnalysis
import Foundation
import TongchengGeodesy
import TongchengGeometry

/// The land-use section's second half: the data-quality check of the parcels (数据质检, as
/// `tongcheng check`), the change in the special zone between two surveys (土地利用转移, as
/// `tongcheng transition --by DLMC --zones`) and the farmland balance (占补平衡, as
/// `tongcheng conform --balance`). Each part is a heading, a paragraph and tables, rendered alike
/// in Markdown, HTML and the PDF.
///
/// ```swift
/// for part in section.parts { print(part.heading); print(part.text) }
/// ```
extension LandUseSection {
    /// A table of the section: `numeric` columns are right-aligned.
    public struct Table: Sendable {
        public var header: [String]
        public var rows: [[String]]
        public var numeric: Set<Int>
    }

    /// A part of the section: a heading, a paragraph (Chinese, then English) and its tables.
    public struct Part: Sendable {
        public var heading: String
        public var text: String
        public var tables: [Table]
    }

    /// The change between the two surveys inside the special zone.
    public struct Change: Sendable {
        /// The later survey, relative to the plan folder (`landuse/parcels-2023.geojson`).
        public var file: String
        /// Its year, from its name.
        public var year: Int
        /// The transition matrix inside the zone (by 地类名称 DLMC).
        public var matrix: Transition.Result

        /// The cells where the class changed, largest first.
        public var changed: [Transition.Cell] {
            matrix.cells.filter { $0.from != $0.to }.sorted { $0.areaSquareMetres > $1.areaSquareMetres }
        }

        /// All the land the matrix holds (the zone inside both surveys).
        public var totalSquareMetres: Double { matrix.cells.reduce(0) { $0 + $1.areaSquareMetres } }
    }

    /// How many problems of each kind the parts list (the largest of each kind).
    public static let problemsListedPerKind = 3

    /// The kinds of problem in Chinese and English, as `tongcheng check` names them.
    static func kindName(_ kind: TongchengAnalysis.Check.Kind) -> String {
        switch kind {
        case .invalid: return "无效 invalid"
        case .empty: return "空 empty"
        case .multipart: return "多部件 multipart"
        case .duplicate: return "重复 duplicate"
        case .overlap: return "重叠 overlap"
        case .gap: return "缝隙 gap"
        case .sliver: return "碎片 sliver"
        }
    }

    /// The newest later survey beside the parcels: `parcels-YYYY.geojson` with the largest year.
    static func laterSurvey(in folder: String) -> (year: Int, name: String)? {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.compactMap { name -> (year: Int, name: String)? in
            guard let m = name.wholeMatch(of: /parcels-([0-9]{4})\.geojson/), let year = Int(m.1) else { return nil }
            return (year, name)
        }.max { $0.year < $1.year }
    }

    /// The problems listed: of each kind, the largest `problemsListedPerKind` (by area, then as `Check` orders them).
    public var listedProblems: [TongchengAnalysis.Check.Problem] {
        TongchengAnalysis.Check.Kind.allCases.flatMap { kind in
            quality.problems.enumerated().filter { $0.element.kind == kind }
                .sorted { ($0.element.areaSquareMetres ?? 0, -$0.offset) > ($1.element.areaSquareMetres ?? 0, -$1.offset) }
                .prefix(LandUseSection.problemsListedPerKind).map(\.element)
        }
    }

    /// The parts after the land-use mix and the conflicts: quality, change (with a later survey), balance (with a supplement layer).
    public var parts: [Part] {
        [qualityPart] + (change.map { [changePart($0)] } ?? []) + (balance.map { [balancePart($0)] } ?? [])
    }

    func m2(_ v: Double) -> String { String(format: "%.2f", v) }

    var qualityPart: Part {
        let counts = quality.counts
        let found = quality.problems.count
        let list = counts.map { "\(LandUseSection.kindName($0.kind).split(separator: " ")[0]) \($0.count)" }.joined(separator: "、")
        let english = counts.map { "\($0.count) \($0.kind.rawValue)" }.joined(separator: ", ")
        var s = "全县地类图斑（landuse/parcels.geojson）共 \(quality.featureCount) 个，质检发现问题 \(found) 处：\(list)"
        s += "（碎片：面积不足 \(m2(minimumAreaSquareMetres)) m² 或细长度 4πA/P² 低于 \(thinnessText)）。"
        let listed = listedProblems
        if !listed.isEmpty { s += "下表列出每类面积最大的 \(LandUseSection.problemsListedPerKind) 处。" }
        s += " — The county's \(quality.featureCount) parcels, checked as tongcheng check does: \(english) "
        s += "(slivers: under \(m2(minimumAreaSquareMetres)) m² or thinner than 4πA/P² = \(thinnessText))."
        s += listed.isEmpty ? " No problem found." : " The table lists the largest \(LandUseSection.problemsListedPerKind) of each kind\(listed.count < found ? "; tongcheng check landuse/parcels.geojson lists all \(found)" : "")."
        let countTable = Table(header: ["图斑 parcels"] + counts.map { LandUseSection.kindName($0.kind) },
                               rows: [[String(quality.featureCount)] + counts.map { String($0.count) }], numeric: Set(0...counts.count))
        var tables = [countTable]
        if !listed.isEmpty {
            tables.append(Table(header: ["问题 problem", "图斑 feature", "面积 m²", "位置 location (lon, lat)", "说明 detail"], rows: listed.map { p in
                let features = p.features.prefix(3).map { k in problemFeatureIDs[k].map { "\(k) (\($0))" } ?? String(k) }.joined(separator: ", ")
                    + (p.features.count > 3 ? ", … (\(p.features.count))" : "")
                return [LandUseSection.kindName(p.kind), features, p.areaSquareMetres.map(m2) ?? "",
                        p.location.map { String(format: "%.6f, %.6f", $0.x, $0.y) } ?? "", p.detail ?? ""]
            }, numeric: [2]))
        }
        return Part(heading: "地类图斑质检 · Data quality of the parcels", text: s, tables: tables)
    }

    var thinnessText: String { String(format: "%g", maximumThinness) }

    func changePart(_ c: Change) -> Part {
        let changed = c.changed
        let total = c.totalSquareMetres
        let changedArea = changed.reduce(0) { $0 + $1.areaSquareMetres }
        let share = total > 0 ? changedArea / total : 0
        let builtOnFarmland = c.matrix.cells.filter { $0.from == LandUseSection.cultivated && $0.to == LandUseSection.builtUp }.reduce(0) { $0 + $1.areaSquareMetres }
        var s = "\(c.year) 年调查（\(c.file)）与前次调查（landuse/parcels.geojson）相比，\(zoneName)内地类变化 \(mu(changedArea)) 亩（\(ha(changedArea)) 公顷，占 \(pct(share))），"
        s += "其中耕地转为城镇村及工矿用地 \(mu(builtOnFarmland)) 亩（\(ha(builtOnFarmland)) 公顷）。"
        s += " — Between the earlier survey and the \(c.year) one, \(mu(changedArea)) mu (\(ha(changedArea)) ha, \(pct(share))) of the zone changed class; "
        s += "\(mu(builtOnFarmland)) mu (\(ha(builtOnFarmland)) ha) of cultivated land became built-up land (tongcheng transition --by DLMC --zones the special zone)."
        var rows = changed.map { [$0.from ?? "—", $0.to ?? "—", mu($0.areaSquareMetres), ha($0.areaSquareMetres), pct(total > 0 ? $0.areaSquareMetres / total : 0)] }
        rows.append(["合计 total changed", "", mu(changedArea), ha(changedArea), pct(share)])
        return Part(heading: "地类变化 · Land-use change in the zone, \(c.year)", text: s,
                    tables: [Table(header: ["原地类 from", "现地类 to", "亩", "公顷", "占合作区 share"], rows: rows, numeric: [2, 3, 4])])
    }

    func balancePart(_ b: Balance.Result) -> Part {
        var s = "\(zoneName)占用永久基本农田 \(mu(b.occupiedSquareMetres)) 亩，补充耕地（landuse/supplement.geojson）\(mu(b.supplementSquareMetres)) 亩，"
        s += "其中 \(mu(b.supplementInsidePlanSquareMetres)) 亩位于合作区内；"
        s += b.isBalanced ? "补充多于占用 \(mu(b.netSquareMetres)) 亩，实现占补平衡。" : "补充少于占用 \(mu(-b.netSquareMetres)) 亩，未实现占补平衡。"
        s += " — The zone occupies \(mu(b.occupiedSquareMetres)) mu of permanent basic farmland against \(mu(b.supplementSquareMetres)) mu supplemented, "
        s += "\(mu(b.supplementInsidePlanSquareMetres)) mu of it inside the zone itself; "
        s += b.isBalanced ? "the balance holds with \(mu(b.netSquareMetres)) mu to spare (tongcheng conform --balance)." : "\(mu(-b.netSquareMetres)) mu short: not balanced (tongcheng conform --balance)."
        let rows = [
            ["占用永久基本农田 farmland occupied", mu(b.occupiedSquareMetres), ha(b.occupiedSquareMetres)],
            ["补充耕地 supplement", mu(b.supplementSquareMetres), ha(b.supplementSquareMetres)],
            ["  其中位于合作区内 of which inside the zone", mu(b.supplementInsidePlanSquareMetres), ha(b.supplementInsidePlanSquareMetres)],
            [b.isBalanced ? "平衡 balanced: 净 net" : "不平衡 not balanced: 净 net", mu(b.netSquareMetres), ha(b.netSquareMetres)],
        ]
        return Part(heading: "占补平衡 · Farmland balance", text: s, tables: [Table(header: ["占补平衡 balance", "亩", "公顷"], rows: rows, numeric: [1, 2])])
    }

    /// The parts as Markdown (text from the data escaped as `PlanReport.markdownText` does).
    func partsMarkdown() -> String {
        let md = PlanReport.markdownText
        var s = ""
        for part in parts {
            s += "\n### \(md(part.heading))\n\n\(md(part.text))\n"
            for t in part.tables {
                s += "\n| " + t.header.map(md).joined(separator: " | ") + " |\n|"
                s += t.header.indices.map { t.numeric.contains($0) ? "---:|" : "---|" }.joined() + "\n"
                for row in t.rows { s += "| " + row.map(md).joined(separator: " | ") + " |\n" }
            }
        }
        return s
    }

    /// The parts as HTML.
    func partsHTML(_ escape: (String) -> String) -> String {
        var s = ""
        for part in parts {
            s += "<h3>\(escape(part.heading))</h3>\n<p>\(escape(part.text))</p>\n"
            for t in part.tables {
                s += "<table><thead><tr>" + t.header.map { "<th>\(escape($0))</th>" }.joined() + "</tr></thead>\n"
                for row in t.rows {
                    s += "<tr>" + row.enumerated().map { k, cell in "<td\(t.numeric.contains(k) ? " class=\"n\"" : "")>\(escape(cell))</td>" }.joined() + "</tr>\n"
                }
                s += "</table>\n"
            }
        }
        return s
    }
}
