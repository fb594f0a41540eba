import Foundation
import Testing
@testable import TongchengCartography
import TongchengGeometry

/// What the SVG text guarantees: the same bytes for the same input, data that stays data, no
/// external references, coordinates at the page's resolution.
@Suite struct SVGOutputTests {
    @Test func sameSpecGivesByteIdenticalSVGAcrossRuns() throws {
        for name in ["layout", "reach"] {
            let first = try renderCommitted(name).svg
            let second = try renderCommitted(name).svg
            #expect(first == second, "\(name)")
        }
    }

    /// A feature named like markup comes out as text; property keys that are not safe names
    /// never become attribute names.
    @Test func featureNamesAndPropertiesComeOutAsTextNeverMarkup() throws {
        let folder = temporaryFolder()
        let geojson = #"""
            {"type":"FeatureCollection","features":[
            {"type":"Feature","id":"\" onload=\"x","properties":{"name":"<script>alert(1)</script>","bad key":"v1","x\" onload=\"y":"v2","ok_key":"\" onload=\"x","NAME_EN":"A & B"},
             "geometry":{"type":"Polygon","coordinates":[[[114.7,34.7],[114.9,34.7],[114.9,34.9],[114.7,34.9],[114.7,34.7]]]}},
            {"type":"Feature","properties":{"name":"\" onload=\"x","onload":"alert(2)"},"geometry":{"type":"Point","coordinates":[114.8,34.8]}}]}
            """#
        try geojson.write(toFile: folder + "/evil.geojson", atomically: true, encoding: .utf8)
        let yaml = """
            title: "<script>alert(3)</script>"
            subtitle: "\\" onload=\\"x"
            layers:
              - id: evil
                file: evil.geojson
                label: name
                legend: "<b>legend</b>"
            notes:
              - "</text><script>alert(4)</script>"
            furniture:
              source: "<image href=\\"http://example.com/x.png\\"/>"
              scale_bar: false
              north_arrow: false
            """
        let map = try MapRenderer(planDirectory: geodataFolder).render(try spec(yaml, base: folder))
        let svg = map.svg
        #expect(!svg.contains("<script"))
        #expect(!svg.contains("<image"))
        #expect(!svg.contains("<b>"))
        #expect(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(svg.contains("&lt;script&gt;alert(3)&lt;/script&gt;"))
        #expect(svg.contains("&quot; onload=&quot;x"))
        #expect(svg.contains("A &amp; B"))

        let elements = try parseSVG(svg)
        let allowed = Set(["svg", "g", "path", "rect", "circle", "line", "polyline", "text", "tspan", "title", "desc", "defs", "clipPath", "metadata"])
        for e in elements {
            #expect(allowed.contains(e.name), "element \(e.name)")
            for (name, value) in e.attributes {
                #expect(name.range(of: #"^[a-z][a-z0-9_:-]*$"#, options: [.regularExpression, .caseInsensitive]) != nil, "attribute name \(name)")
                #expect(!name.lowercased().hasPrefix("on"), "event handler \(name)")
                if name == "href" || name == "xlink:href" { #expect(value.hasPrefix("#")) }
            }
        }
        // The text survives as text: the parser gives back exactly what the data held.
        let texts = elements.filter { $0.name == "text" || $0.name == "tspan" || $0.name == "title" }.map(\.text)
        #expect(texts.contains("<script>alert(3)</script>"))
        #expect(texts.contains("<b>legend</b>"))
        #expect(texts.contains("</text><script>alert(4)</script>"))
        let paths = elements.filter { $0.attributes["class"]?.contains("layer-evil") == true && $0.name == "path" }
        #expect(paths.count == 2)
        let polygon = try #require(paths.first)
        #expect(polygon.attributes["data-name"] == "<script>alert(1)</script>")
        #expect(polygon.attributes["data-ok_key"] == "\" onload=\"x")
        #expect(polygon.attributes["data-name_en"] == "A & B")
        #expect(polygon.attributes.keys.allSatisfy { !$0.contains(" ") && !$0.contains("\"") })
        #expect(polygon.attributes["data-bad key"] == nil)
        // The property "onload" is only ever data-onload, never onload.
        #expect(paths[1].attributes["onload"] == nil)
        #expect(paths[1].attributes["data-onload"] == "alert(2)")
        // An id made from data keeps to safe characters.
        #expect(polygon.attributes["id"]?.range(of: #"^[A-Za-z][A-Za-z0-9_-]*$"#, options: .regularExpression) != nil)
    }

    @Test func escapingHappensInOnePlaceAndCoversControlCharacters() {
        #expect(SVGWriter.escape("<a href=\"x\">'&'</a>") == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;")
        #expect(SVGWriter.escape("兰考\u{0}\u{1B}县\n") == "兰考县&#10;")
        #expect(SVGWriter.escape("plain 文字") == "plain 文字")
        #expect(SVGAttribute.data("x\" onload=\"y", "1") == nil)
        #expect(SVGAttribute.data("bad key", "1") == nil)
        #expect(SVGAttribute.data("xmlns", "1") == nil)
        #expect(SVGAttribute.data("Name_EN", "1")?.name == "data-name_en")
    }

    @Test func specColoursCannotReferenceAnythingOutside() throws {
        let yaml = """
            layers:
              - plan: zone
                style: {fill: "url(http://example.com/#p)"}
            """
        #expect(throws: MapSpecError.self) { try spec(yaml) }
    }

    @Test func noExternalReferencesInTheCommittedMaps() throws {
        for name in ["layout", "core-area", "reach", "henan-locator"] {
            let svg = try String(contentsOfFile: mapsFolder + "/\(name).svg", encoding: .utf8)
            for forbidden in ["<image", "<script", "<foreignObject", "<style", "href=", "@import", "url(http", "<a "] {
                #expect(!svg.contains(forbidden), "\(name): \(forbidden)")
            }
            // The only URL is the SVG namespace.
            #expect(svg.components(separatedBy: "http").count == 2, "\(name)")
            _ = try parseSVG(svg)
        }
    }

    @Test func numbersAreFormattedTheSameWayEverywhere() {
        #expect(SVGNumber.format(12.349) == "12.3")
        #expect(SVGNumber.format(12.35) == "12.4")
        #expect(SVGNumber.format(-0.04) == "0")
        #expect(SVGNumber.format(-2.5, decimals: 0) == "-3")
        #expect(SVGNumber.format(1e-7, decimals: 3) == "0")
        #expect(SVGNumber.format(1234567.891, decimals: 2) == "1234567.89")
        #expect(SVGNumber.formatFixed(30, decimals: 1) == "30.0")
        #expect(PathBuilder.tenths(-5) == "-0.5")
    }

    /// Geometries are simplified to the page before writing: no vertex within 0.5 px of the one
    /// before it, coordinates on a 0.1 px grid.
    @Test func featurePathsHaveNoSubPixelVertices() throws {
        let map = try renderCommitted("core-area")
        let elements = try parseSVG(map.svg)
        var vertices = 0
        for e in elements where e.name == "path" && (e.attributes["class"] ?? "").hasPrefix("feature") {
            let d = try #require(e.attributes["d"])
            if d.contains("a") { continue }   // point symbols
            for run in polylines(d) {
                vertices += run.count
                for k in run.indices.dropFirst() {
                    let step = hypot(run[k].x - run[k - 1].x, run[k].y - run[k - 1].y)
                    #expect(step >= 0.5 - 1e-9, "\(e.attributes["id"] ?? ""): \(step) px")
                }
                for p in run {
                    #expect(abs(p.x * 10 - (p.x * 10).rounded()) < 1e-6 && abs(p.y * 10 - (p.y * 10).rounded()) < 1e-6)
                }
            }
        }
        #expect(vertices > 1000)
    }
}
