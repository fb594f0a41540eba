import TongchengCartography
import Foundation
import TongchengReport

/// The plan report laid out for print (A4 portrait): the title page with the static layout map,
/// then one page (or more) per section, tables with their header repeated on each page; areas in
/// km², 公顷 and 亩 (two decimals).
///
/// ```swift
/// let pdf = try ReportPrint.document(report, map: rendered).pdf(date: report.date)
/// ```
enum ReportPrint {
    static func document(_ r: PlanReport, map: RenderedMap?) -> PrintDocument {
        var d = PrintDocument(title: r.planName)
        var b: [PrintDocument.Block] = [
            .title(r.planName),
            .meta("规划数据报告 · plan data report — 数据日期 \(r.date) — 兰考县面积 \(r.km2(r.lankaoSquareMetres)) km²（\(r.ha(r.lankaoSquareMetres)) 公顷，\(r.mu(r.lankaoSquareMetres)) 亩）"),
        ]
        if let map {
            b.append(.figure(svg: map.svg, aspect: map.page.height / map.page.width, caption: "图1 \(map.title)"))
        }
        b.append(.section("规划要素 · Plan elements"))
        b.append(.table(header: ["图层", "名称", "状态", "面积 km²", "面积 公顷", "面积 亩", "占兰考", "长度 km"], rows: r.elements.map { e in
            let area = e.areaSquareMetres > 0
            return [e.layer.chineseName, e.name, e.status, area ? r.km2(e.areaSquareMetres) : "", area ? r.ha(e.areaSquareMetres) : "",
                    area ? r.mu(e.areaSquareMetres) : "", e.shareOfLankao > 0 ? r.pct(e.shareOfLankao) : "",
                    e.lengthMetres > 0 ? String(format: "%.1f", e.lengthMetres / 1000) : ""]
        }, numeric: [3, 4, 5, 6, 7]))
        b.append(.section("兰考与郑州的距离 · Lankao's reach from Zhengzhou"))
        b.append(.table(header: ["", "km²", "占兰考"], rows: r.shares.map { [$0.label, r.km2($0.insideSquareMetres), r.pct($0.fraction)] }, numeric: [1, 2]))
        if let iso = r.isochrones { b.append(.paragraph(iso.explanation)) }
        b.append(.section("图层叠加 · Overlaps between layers"))
        b.append(.table(header: ["A", "B", "km²", "占 A", "占 B"], rows: r.overlaps.map {
            [$0.a.feature.name ?? "", $0.b.feature.name ?? "", r.km2($0.areaSquareMetres), r.pct($0.fractionOfA), r.pct($0.fractionOfB)]
        }, numeric: [2, 3, 4]))
        b.append(.section("特别合作区核查 · Special cooperation zone checks"))
        b.append(.table(header: ["项目", "结果", ""], rows: r.checks.map { [$0.label, $0.value, $0.passed.map { $0 ? "✓" : "✗" } ?? ""] }, numeric: []))
        if let l = r.landUse {
            b.append(.section("特别合作区地类与合规 · Special zone land use and conformance"))
            b.append(.paragraph(l.sentence))
            b.append(.table(header: ["地类 class", "亩", "公顷", "占比 share"], rows: l.classes.map { [$0.name, l.mu($0.areaSquareMetres), l.ha($0.areaSquareMetres), l.pct($0.share)] },
                            numeric: [1, 2, 3]))
            b.append(.table(header: ["约束 constraint", "图斑 feature", "重叠 亩"], rows: l.conflicts.isEmpty ? [["—", "无冲突 no conflicts", "0"]]
                                : l.conflicts.map { [$0.layer, $0.constraint, l.mu($0.areaSquareMetres)] }, numeric: [2]))
            for part in l.parts {
                b.append(.subheading(part.heading))
                b.append(.paragraph(part.text))
                for t in part.tables { b.append(.table(header: t.header, rows: t.rows, numeric: t.numeric)) }
            }
        }
        if !r.leftOut.isEmpty {
            b.append(.section("未包含 · Left out"))
            for item in r.leftOut { b.append(.paragraph("– " + item)) }
        }
        b.append(.paragraph(PlanReport.methodNote))
        d.blocks = b
        return d
    }
}
