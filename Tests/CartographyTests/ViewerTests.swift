import Foundation
import TestSupport
import TongchengGeometry
import Testing
@testable import TongchengCartography

/// The HTML viewer: self-contained, escaped, and working in a real browser (headless Chromium
/// from `file://`; the page's `#selftest` hook runs the clicks and writes what it saw into the DOM).
@Suite(.serialized) struct ViewerTests {
    /// The layout map, its page, and the page written to a temporary file.
    static func layout() throws -> (map: RenderedMap, html: String, file: String) {
        let map = try renderCommitted("layout")
        let html = try MapViewer.page(map)
        let file = temporaryFolder() + "/layout.html"
        try html.write(toFile: file, atomically: true, encoding: .utf8)
        return (map, html, file)
    }

    @Test func pageIsSelfContainedAndSmall() throws {
        let layout = try ViewerTests.layout()
        let html = layout.html
        #expect(html.utf8.count < 5_000_000, "\(html.utf8.count) bytes")
        #expect(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src &#39;none&#39;; script-src &#39;sha256-"))
        // Nothing that loads: no src/href to anything, no stylesheet links, no CSS imports, fonts or url()s.
        for needle in ["<link", " src=", "href=", "@import", "@font-face", "url(http", "url(//", "fetch(", "XMLHttpRequest", "WebSocket", "import("] {
            #expect(!html.contains(needle), "\(needle)")
        }
        // Exactly the two script blocks: the parameters (JSON, not run) and the viewer's script.
        #expect(html.components(separatedBy: "<script").count - 1 == 2)
        #expect(html.contains("<script type=\"application/json\" id=\"tc-params\">"))
        // One rendering: the map in the page is the SVG the renderer wrote.
        #expect(html.contains(MapViewer.inlineSVG(layout.map.svg)))
    }

    /// The CSP names the script by its SHA-256, computed here by coreutils' sha256sum.
    @Test func scriptHashInThePolicyIsTheScriptsSHA256() throws {
        let hex = try Spawn.run("/usr/bin/sha256sum", [], stdin: Data(ViewerScript.script.utf8)).stdoutText.prefix(64)
        var bytes: [UInt8] = []
        var i = hex.startIndex
        while i < hex.endIndex {
            let j = hex.index(i, offsetBy: 2)
            bytes.append(UInt8(hex[i..<j], radix: 16)!)
            i = j
        }
        #expect(ViewerScript.scriptHash == "sha256-" + Data(bytes).base64EncodedString())
    }

    /// Every feature element carries its layer, id and name, and its geodesic measure.
    @Test func featuresCarryIdentityAndMeasures() throws {
        let elements = try parseSVG(try ViewerTests.layout().map.svg).filter { ($0.attributes["class"] ?? "").hasPrefix("feature ") }
        #expect(elements.count > 100)
        for e in elements {
            #expect(e.attributes["data-layer"] != nil && e.attributes["data-id"] != nil && e.attributes["data-name"] != nil, "\(e.attributes["id"] ?? "?")")
        }
        // The special zone's area is the geodesic area `tongcheng area` prints (45,000.29 亩 in the README).
        let zone = try #require(elements.first { $0.attributes["data-id"] == "special-cooperation-zone" })
        let m2 = try #require(Double(zone.attributes["data-area-m2"] ?? ""))
        #expect(abs(m2 / (10_000.0 / 15) - 45_000.29) < 0.5)
    }

    @Test func theLayoutViewerWorksInChromium() throws {
        let (map, _, file) = try ViewerTests.layout()
        let run = try Browser.open(file, fragment: "selftest")
        let r = try Browser.selfTest(run)
        let entries = try #require(map.legend?.entries.count)
        #expect(r["checkboxes"] as? Int == entries, "one checkbox per legend entry")
        #expect(r["legendEntries"] as? Int == entries)
        #expect(r["hiddenAfterToggle"] as? Bool == true, "unticking \(r["toggledLayer"] ?? "?") hides its features")
        #expect(r["shownAfterSecondToggle"] as? Bool == true)
        // Clicking the demonstration zone shows its name and area (1,106.49 km², as `tongcheng reach` prints it).
        #expect(r["clickedName"] as? String == "郑开同城化东部示范区")
        let panel = try #require(r["panel"] as? String)
        #expect(panel.contains("郑开同城化东部示范区"))
        #expect(panel.contains("1,106.49 km²"), "\(panel)")
        #expect(panel.contains("1,659,741 亩"), "\(panel)")
        #expect(panel.contains("规划"))
        #expect((r["searchResults"] as? [String])?.first == "兰考南站")
        #expect((r["panelAfterSearch"] as? String)?.hasPrefix("兰考南站") == true)
        #expect(r["searchByPinyinId"] as? String == "兰考南站")
        #expect(r["searchByEnglishName"] as? String == "兰考南站")
        // Dragging by (120, 40) screen px moves the map by that much in page units; the wheel
        // and a two-finger spread (100 → 200 px apart) zoom in (by 2 for the pinch).
        let dragged = try #require(r["dragged"] as? [Double])
        #expect(dragged[0] > 0 && dragged[1] > 0 && dragged[2] == 1 && abs(dragged[0] / dragged[1] - 3) < 0.01, "\(dragged)")
        #expect((r["wheelZoom"] as? Double ?? 1) > 1)
        #expect(abs((r["pinchZoom"] as? Double ?? 1) - 2) < 1e-9, "\(r["pinchZoom"] ?? "")")
        // Zoomed to the station, the scale bar is redrawn for the new scale.
        #expect((r["zoomAfterSearch"] as? Double ?? 1) > 1)
        #expect(r["scaleBarKmAfterSearch"] as? String != map.scaleBar.map { ScaleBar.number($0.kilometres) })
        #expect(r["scaleBarKmAtReset"] as? String == map.scaleBar.map { ScaleBar.number($0.kilometres) })
        // Nothing went wrong, nothing was requested.
        #expect((r["problems"] as? [Any])?.isEmpty == true, "\(r["problems"] ?? "")")
        #expect((r["resources"] as? [Any])?.isEmpty == true, "\(r["resources"] ?? "")")
        #expect(run.consoleLines.isEmpty, "\(run.consoleLines)")
        #expect(run.pageRequests.isEmpty, "\(run.pageRequests)")
    }

    /// The read-out's coordinates against PROJ: the page's affine map to EPSG:4547 and its
    /// inverse Transverse Mercator, at the frame's centre and corners.
    @Test func coordinateReadOutAgreesWithPROJ() throws {
        let (map, _, file) = try ViewerTests.layout()
        let r = try Browser.selfTest(try Browser.open(file, fragment: "selftest"))
        let points = try #require(r["coordinates"] as? [[Double]])
        #expect(points.count == 5)
        let projection = try MapProjection(map.projection)
        for p in points {
            let projected = map.transform.projected(Position(p[0], p[1]))
            let lonLat = try projection.geographic(projected)
            #expect(abs(p[2] - lonLat.x) < 1e-8, "longitude \(p[2]) vs PROJ \(lonLat.x)")
            #expect(abs(p[3] - lonLat.y) < 1e-8, "latitude \(p[3]) vs PROJ \(lonLat.y)")
            #expect(abs(p[4] - projected.x) < 1e-6 && abs(p[5] - projected.y) < 1e-6)
        }
    }

    /// Hostile names stay text in the page and in the browser: the panel shows them as written.
    @Test func hostileNamesStayText() throws {
        let folder = temporaryFolder()
        let hostile = "<script>alert(1)</script> \"q\" 'a' ]]> </pre>"
        let geojson = """
            {"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"id":"x\\" onclick=\\"alert(2)","name":\(JSONText.quote(hostile)),"name_en":"]]><b>x</b>","source":"</script><script>alert(3)</script>"},
             "geometry":{"type":"Polygon","coordinates":[[[114.7,34.7],[114.9,34.7],[114.9,34.9],[114.7,34.9],[114.7,34.7]]]}}]}
            """
        try geojson.write(toFile: folder + "/evil.geojson", atomically: true, encoding: .utf8)
        let yaml = """
            title: "</title><script>alert(4)</script>"
            layers:
              - id: evil
                file: evil.geojson
                label: name
                legend: "<img src=x onerror=alert(5)>"
            """
        let map = try MapRenderer(planDirectory: geodataFolder).render(try spec(yaml, base: folder))
        let html = try MapViewer.page(map)
        #expect(html.components(separatedBy: "<script").count - 1 == 2)
        #expect(!html.contains("]]>"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("<b>"))
        #expect(!html.contains("\" onclick=\""))
        let file = folder + "/evil.html"
        try html.write(toFile: file, atomically: true, encoding: .utf8)
        let run = try Browser.open(file, fragment: "selftest")
        let r = try Browser.selfTest(run)
        #expect(r["clickedName"] as? String == hostile)
        #expect((r["panel"] as? String)?.contains("</script><script>alert(3)</script>") == true)
        #expect((r["problems"] as? [Any])?.isEmpty == true, "\(r["problems"] ?? "")")
        #expect(run.consoleLines.isEmpty, "\(run.consoleLines)")
        #expect(run.pageRequests.isEmpty, "\(run.pageRequests)")
    }

    /// The checks above can fail: a page that logs and loads something is caught.
    @Test func consoleAndRequestChecksCatchAPageThatMisbehaves() throws {
        let file = temporaryFolder() + "/bad.html"
        try "<!DOCTYPE html><html><body><img src=\"http://127.0.0.1:9/x.png\"><script>console.error('boom')</script></body></html>"
            .write(toFile: file, atomically: true, encoding: .utf8)
        let run = try Browser.open(file)
        #expect(run.consoleLines.contains { $0.contains("boom") })
        #expect(run.pageRequests.contains("http://127.0.0.1:9/x.png"))
    }
}
