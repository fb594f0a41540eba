import Foundation
import TongchengGeodesy
import TongchengGeometry
import TongchengPlan

/// The interactive map: the rendered SVG (the one rendering pipeline) inside a self-contained
/// HTML page with a small script — pan and zoom (wheel, drag, pinch, buttons), the legend as the
/// layer list (one checkbox per entry), hover and click on features (name, geodesic area in km²
/// and 亩 or length, status, source, accuracy), search by Chinese name, pinyin id or English name,
/// and a coordinate read-out in WGS 84 and CGCS2000 GK (EPSG:4547).
///
/// The page loads nothing: no fonts, no scripts, no images from anywhere. Its
/// Content-Security-Policy forbids every fetch and lets only its own script run (by hash). All
/// text from the data reaches it through `SVGWriter.escape`, the one escaper.
///
/// ```swift
/// let map = try MapRenderer().render(file: "maps/layout.yaml")
/// try MapViewer.page(map).write(toFile: "layout.html", atomically: true, encoding: .utf8)
/// ```
public enum MapViewer {
    /// The Content-Security-Policy of the page (and of pages that embed it, as the plan report).
    public static var contentSecurityPolicy: String {
        "default-src 'none'; script-src '\(ViewerScript.scriptHash)'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
    }

    /// The whole page.
    public static func page(_ map: RenderedMap) throws -> String {
        let e = SVGWriter.escape
        var html = "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
        html += "<meta http-equiv=\"Content-Security-Policy\" content=\"\(e(contentSecurityPolicy))\">\n"
        html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        html += "<meta name=\"referrer\" content=\"no-referrer\">\n"
        html += "<title>\(e(map.title))</title>\n<style>\n\(ViewerScript.style)\n</style>\n</head>\n<body>\n"
        html += "<div id=\"tc-viewer\">\n<div id=\"tc-bar\"><h1>\(e(map.title))</h1>"
        html += "<button id=\"tc-zoom-in\" type=\"button\" title=\"放大 zoom in\">+</button>"
        html += "<button id=\"tc-zoom-out\" type=\"button\" title=\"缩小 zoom out\">−</button>"
        html += "<button id=\"tc-reset\" type=\"button\" title=\"全图 reset\">全图</button>"
        html += "<div id=\"tc-search-box\"><input id=\"tc-search\" type=\"search\" placeholder=\"搜索 地名 / pinyin / English\" autocomplete=\"off\" aria-label=\"search\"><ul id=\"tc-results\"></ul></div></div>\n"
        html += "<div id=\"tc-stage\">\n" + inlineSVG(map.svg) + "</div>\n"
        html += "<div id=\"tc-side\">\n<h2>\(e(map.legend?.title ?? "图例")) · layers</h2>\n<div id=\"tc-legend\">\n" + legendList(map.legend) + "</div>\n"
        html += "<h2>要素 · feature</h2>\n<div id=\"tc-info\"></div>\n</div>\n"
        html += "<div id=\"tc-coords\"></div>\n</div>\n"
        html += "<script type=\"application/json\" id=\"tc-params\">" + (try parameters(map)) + "</script>\n"
        html += "<script>" + ViewerScript.script + "</script>\n</body>\n</html>\n"
        return html
    }

    /// The SVG without its XML declaration, as HTML takes it inline.
    static func inlineSVG(_ svg: String) -> String {
        guard svg.hasPrefix("<?xml"), let end = svg.range(of: "?>\n") else { return svg }
        return String(svg[end.upperBound...])
    }

    /// The legend as the layer list: a checkbox, the entry's swatch (drawn as in the map) and its text.
    static func legendList(_ legend: Legend?) -> String {
        let e = SVGWriter.escape
        var out = ""
        for entry in legend?.entries ?? [] {
            var swatch = SVGWriter()
            swatch.open(.svg, [.width(Legend.swatchWidth), .height(18), .viewBox(0, 0, Legend.swatchWidth, 18)])
            Legend.swatch(entry, x: 0, cy: 9, into: &swatch)
            let svg = swatch.finish().replacingOccurrences(of: "\n", with: "")
            out += "<label><input type=\"checkbox\" checked data-layer=\"\(e(entry.layerID))\" data-variant=\"\(e(entry.variant.key))\">"
            out += svg + "<span>\(e(entry.label))</span></label>\n"
        }
        return out
    }

    /// The numbers the script needs, as JSON: the page transform, the projection (Transverse
    /// Mercator parameters when the map is drawn in EPSG:4547, else a grid of positions that
    /// PROJ computed), the scale bar, and a few check points for the browser test.
    static func parameters(_ map: RenderedMap) throws -> String {
        let t = map.transform
        var p: [String: JSONValue] = [
            "frame": .object(JSONObject([("x", try number(t.frame.x)), ("y", try number(t.frame.y)), ("width", try number(t.frame.width)), ("height", try number(t.frame.height))])),
            "originX": try number(t.originX), "originY": try number(t.originY), "unitsPerPx": try number(t.unitsPerPx),
            "crs": .string(map.projection),
            "legendEntries": try number(Double(map.legend?.entries.count ?? 0)),
            "statusNames": .object(JSONObject(PlanStatus.allCases.map { ($0.rawValue, JSONValue.string($0.chineseName)) })),
            "hint": .string("点击要素查看属性 · click a feature for its properties"),
            "coordsHint": .string("移动鼠标查看坐标 · move the pointer over the map for coordinates"),
            "measureNote": .string("面积、长度为 WGS 84 椭球面测地值（渲染时计算）· geodesic on the WGS 84 ellipsoid, computed when the map was rendered"),
        ]
        if let bar = map.scaleBar {
            p["scale"] = .object(JSONObject([("metresPerPx", try number(bar.groundMetresPerPx)), ("maximumPx", try number(bar.maximumPx))]))
        }
        let f = t.frame
        let checks = [f.center, Position(f.x, f.y), Position(f.maxX, f.y), Position(f.x, f.maxY), Position(f.maxX, f.maxY)]
        p["checkPoints"] = .array(try checks.map { .array([try number($0.x), try number($0.y)]) })
        if isGK114(map.projection) {
            // CGCS2000 / 3-degree Gauss–Krüger CM 114°E: the CGCS2000 ellipsoid (a, 1/f as GRS 80
            // to 0.1 mm), k0 = 1, false easting 500 km.
            p["tm"] = .object(JSONObject([("a", try number(6_378_137)), ("f", try number(1 / 298.257222101)), ("lon0", try number(114)), ("k0", try number(1)),
                                          ("fe", try number(500_000)), ("fn", try number(0))]))
        } else if let grid = try? grid(map) {
            p["grid"] = grid
        }
        return JSONText.encode(.object(JSONObject(p.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }))).replacingOccurrences(of: "<", with: "\\u003c")
    }

    static func number(_ v: Double) throws -> JSONValue { .number(try JSONNumber.finite(v, "a map coordinate")) }

    static func isGK114(_ name: String) -> Bool {
        name.uppercased().replacingOccurrences(of: " ", with: "") == "EPSG:4547"
    }

    /// A 17 × 17 grid over the frame: longitude, latitude and EPSG:4547 easting and northing at
    /// each node, for maps drawn in another CRS (the page interpolates between nodes).
    static func grid(_ map: RenderedMap) throws -> JSONValue {
        let n = 17
        let projection = try MapProjection(map.projection)
        let gk = try Transformer(from: .wgs84, to: try CoordinateSystem("EPSG:4547"))
        var lon: [JSONValue] = [], lat: [JSONValue] = [], east: [JSONValue] = [], north: [JSONValue] = []
        let f = map.transform.frame
        for j in 0..<n {
            for i in 0..<n {
                let page = Position(f.x + f.width * Double(i) / Double(n - 1), f.y + f.height * Double(j) / Double(n - 1))
                let g = try projection.geographic(map.transform.projected(page))
                let xy = try gk.transform(g)
                lon.append(try number(g.x)); lat.append(try number(g.y)); east.append(try number(xy.x)); north.append(try number(xy.y))
            }
        }
        return .object(JSONObject([("size", try number(Double(n))), ("lon", .array(lon)), ("lat", .array(lat)), ("east", .array(east)), ("north", .array(north))]))
    }
}
