import Foundation
import TongchengGeometry
import TongchengPlan

// Writing: the laid-out map as SVG text, through `SVGWriter` (the one escaper).

extension RenderJob {
    // MARK: Writing

    func write(title: String?, subtitle: String?, layout: PageLayout, transform t: PageTransform, projection: MapProjection, drawn: [DrawnFeature], labels: [PlacedLabel],
               graticule: Graticule?, north: NorthArrow?, inset: InsetMap?, notes: NotesBox?, scaleBar: ScaleBar?, legend: Legend?,
               detail: DetailMap? = nil) -> String {
        let page = spec.page
        var svg = SVGWriter()
        svg.openDocument([.width(page.physical(page.width)), .height(page.physical(page.height)), .viewBox(0, 0, page.width, page.height),
                          .fontFamily(RenderJob.fontFamily), .lang("zh-CN"), .role("img")])
        svg.element(.title, [], text: title ?? spec.name)
        var description = [subtitle].compactMap { $0 }
        description.append("Rendered by tongcheng render from \((spec.file as NSString).lastPathComponent); projection \(spec.projection); 1 px = \(SVGNumber.format(t.unitsPerPx, decimals: 3)) m (grid) at 96 px/in.")
        svg.element(.desc, [], text: description.joined(separator: " — "))
        svg.open(.defs)
        svg.open(.clipPath, [.id("map-frame")])
        svg.element(.rect, [.x(t.frame.x), .y(t.frame.y), .width(t.frame.width), .height(t.frame.height)])
        svg.close()
        svg.close()
        svg.element(.rect, [.cls("page"), .x(0), .y(0), .width(page.width), .height(page.height), .fill("#ffffff")])

        svg.open(.g, [.id("map"), .clipPath("map-frame")])
        svg.element(.rect, [.cls("frame-background"), .x(t.frame.x), .y(t.frame.y), .width(t.frame.width), .height(t.frame.height), .fill("#fbfaf7")])
        // What pans and zooms in the viewer; the clip stays with the frame.
        svg.open(.g, [.id("map-content")])
        var ids = Set<String>()
        for (l, layer) in spec.layers.enumerated() {
            let features = drawn.filter { $0.layer == l }
            svg.open(.g, [.id("layer-" + layer.id), .cls("layer")])
            for (k, d) in features.enumerated() {
                var id = SVGIdentifier.make(layer.id + "-" + (d.feature.planID ?? d.feature[property: "adcode"]?.displayText ?? String(k + 1)), fallback: "f")
                if ids.contains(id) {
                    var n = 2
                    while ids.contains("\(id)-\(n)") { n += 1 }
                    id = "\(id)-\(n)"
                }
                ids.insert(id)
                // Point symbols are marked, so the viewer can keep them near their printed size when zooming.
                var attributes: [SVGAttribute] = [.id(id), .cls("feature layer-\(layer.id) variant-\(d.variant.key)" + (d.variant.dimension == 0 ? " symbol" : ""))]
                attributes += RenderJob.identityAttributes(d, layerID: layer.id, elementID: id)
                attributes += RenderJob.dataAttributes(d.feature, fields: layer.dataFields, reserved: ["layer", "id", "name", "area-m2", "length-m"])
                attributes.append(.d(d.path))
                attributes += d.style.attributes(dimension: d.variant.dimension)
                svg.element(.path, attributes)
            }
            svg.close()
        }
        graticule?.drawLines(into: &svg)
        detail?.drawMark(into: &svg)
        svg.open(.g, [.cls("labels"), .stroke("#ffffff"), .strokeLinejoin("round"), .paintOrder("stroke")])
        for label in labels {
            var attributes: [SVGAttribute] = [.cls("label layer-\(label.layerID)"), .fontSize(label.size), .fill(label.color),
                                              .strokeWidth(max(2.4, label.size * 0.24)), .textAnchor(label.anchor)]
            if label.bold { attributes.append(.fontWeight("bold")) }
            attributes.append(.data("origin", SVGNumber.format(label.origin.x) + " " + SVGNumber.format(label.origin.y))!)
            if label.rotation != 0 {
                attributes.append(.transform("rotate(\(SVGNumber.format(label.rotation, decimals: 2)) \(SVGNumber.format(label.pivot.x)) \(SVGNumber.format(label.pivot.y)))"))
            }
            svg.textLines(attributes, lines: label.lines)
        }
        svg.close()
        svg.close()
        svg.close()

        if spec.furniture.neatLine {
            svg.element(.rect, [.cls("neat-line"), .x(t.frame.x), .y(t.frame.y), .width(t.frame.width), .height(t.frame.height), .fill("none"), .stroke("#333333"), .strokeWidth(1.2)])
        }
        graticule?.drawLabels(into: &svg)
        inset?.draw(into: &svg)
        detail?.draw(into: &svg)
        notes?.draw(into: &svg)
        legend?.draw(into: &svg)
        scaleBar?.draw(into: &svg)
        north?.draw(into: &svg)
        layout.drawTitleAndSource(spec: spec, title: title, subtitle: subtitle, into: &svg)
        return svg.finish()
    }

    /// What the viewer reads off every feature: `data-layer`, `data-id` and `data-name` (from the
    /// feature, else its element id), and its geodesic area (`data-area-m2`) or length
    /// (`data-length-m`) on the WGS 84 ellipsoid, so the page itself never measures anything.
    static func identityAttributes(_ d: DrawnFeature, layerID: String, elementID: String) -> [SVGAttribute] {
        let f = d.feature
        let id = f[property: "id"]?.displayText ?? f.planID ?? f[property: "adcode"]?.displayText ?? elementID
        let name = f.name ?? f[property: "name"]?.displayText ?? id
        var out: [SVGAttribute] = [.data("layer", layerID), .data("id", id), .data("name", name)].compactMap { $0 }
        if d.variant.dimension == 2, d.areaSquareMetres > 0 {
            out.append(.data("area-m2", SVGNumber.format(d.areaSquareMetres, decimals: 0))!)
        } else if d.variant.dimension == 1, d.lengthMetres > 0 {
            out.append(.data("length-m", SVGNumber.format(d.lengthMetres, decimals: 0))!)
        }
        return out
    }

    /// `data-*` attributes from the feature's scalar properties (or the listed ones); keys that
    /// are not safe names are left out, and so are later keys that differ only in case.
    static func dataAttributes(_ f: Feature, fields: [String]?, reserved: Set<String> = []) -> [SVGAttribute] {
        guard let properties = f.properties else { return [] }
        var out: [SVGAttribute] = []
        var names = Set(reserved.map { "data-" + $0 })
        let pairs: [(String, JSONValue)] = fields.map { keys in keys.compactMap { k in properties[k].map { (k, $0) } } } ?? properties.map { ($0.key, $0.value) }
        for (key, value) in pairs {
            switch value {
            case .string, .number, .bool: break
            default: continue
            }
            guard let a = SVGAttribute.data(key, value.displayText), !names.contains(a.name) else { continue }
            names.insert(a.name)
            out.append(a)
        }
        return out
    }
}
