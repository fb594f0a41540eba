import Foundation
import TongchengGeometry

/// An enlarged view (放大图) of a crowded part of the map, in a corner of the frame: the map's own
/// layers rendered again over `DetailSpec.extent` at a larger scale (labels placed anew, with room),
/// with its own scale bar, and its area marked on the main map by a rectangle and a leader line.
///
/// ```swift
/// // In a spec:
/// // furniture:
/// //   detail: {extent: {layers: [special_zone], margin: 60%}, corner: bottom-left, width: 400, title: 兰考核心区放大图}
/// ```
struct DetailMap {
    /// The detail's own SVG document (rendered by a `RenderJob` of the derived spec).
    var document: String
    var size: (width: Double, height: Double)
    var title: String
    var scaleDenominator: Double
    /// The detail's area on the main map's page.
    var marked: PageRect
    /// Top-left of the box on the page.
    var origin = Position(0, 0)

    /// Room around the detail's frame inside its box (a printed page's margin, 8 mm); the title
    /// sits in the top band.
    static let margin = 8 * PageSize.pxPerMM
    static let titleSize = 11.5

    /// The spec of the detail: the main spec's layers over `detail.extent`, on a page of the box's
    /// size, with a scale bar and a neat line and nothing else (no title, legend, notes or texts
    /// under the frame).
    static func spec(of main: MapSpec, detail: DetailSpec, height: Double) -> MapSpec {
        var s = main
        s.title = nil
        s.subtitle = nil
        s.notes = []
        s.extent = detail.extent
        s.scaleDenominator = nil
        // A printed page (mm): a round scale, printed under the scale bar.
        s.page = PageSize(width: detail.width, height: height, unit: .mm)
        var f = FurnitureSpec()
        f.legend = nil
        f.northArrow = nil
        f.scaleBar = .bottomLeft
        f.sourceAutomatic = false
        f.crsNoteAutomatic = false
        s.furniture = f
        return s
    }

    /// Renders the detail of `main` over `box` (its extent, projected), marked on the main map
    /// through `t`; the box's height follows the extent's shape, at most `maximumHeight`.
    static func make(main: MapSpec, detail: DetailSpec, box: BoundingBox, transform t: PageTransform, sources: LayerSources,
                     maximumHeight: Double) throws -> DetailMap {
        let inner = detail.width - 2 * margin
        let aspect = max(box.maxY - box.minY, 1) / max(box.maxX - box.minX, 1)
        let height = min(inner * aspect + 2 * margin, max(maximumHeight, 4 * margin))
        let rendered = try RenderJob(spec: spec(of: main, detail: detail, height: height), sources: sources).run()
        // The area the detail actually shows (its frame may be wider or taller than the extent).
        let f = rendered.transform.frame
        let shown = (rendered.transform.projected(Position(f.x, f.y)), rendered.transform.projected(Position(f.maxX, f.maxY)))
        let c = t.page(shown.0), d = t.page(shown.1)
        let marked = PageRect(x: min(c.x, d.x), y: min(c.y, d.y), width: max(abs(d.x - c.x), 2), height: max(abs(d.y - c.y), 2))
        return DetailMap(document: rendered.svg, size: (detail.width, height), title: detail.title,
                         scaleDenominator: rendered.transform.scaleDenominator, marked: marked)
    }

    var bounds: PageRect { PageRect(x: origin.x, y: origin.y, width: size.width, height: size.height) }

    /// The rectangle on the main map (drawn with the map, so it pans in the viewer).
    func drawMark(into svg: inout SVGWriter) {
        svg.element(.rect, [.cls("detail-extent"), .x(marked.x), .y(marked.y), .width(marked.width), .height(marked.height),
                            .fill("none"), .stroke("#d32f2f"), .strokeWidth(1.3)])
    }

    /// The box: the detail map, its border and title, and a leader from the marked area to it.
    func draw(into svg: inout SVGWriter) {
        let box = bounds
        // The leader: from the marked rectangle's corner nearest the box to the box's nearest corner.
        let markCorners = [Position(marked.x, marked.y), Position(marked.maxX, marked.y), Position(marked.x, marked.maxY), Position(marked.maxX, marked.maxY)]
        let boxCorners = [Position(box.x, box.y), Position(box.maxX, box.y), Position(box.x, box.maxY), Position(box.maxX, box.maxY)]
        var best = (markCorners[0], boxCorners[0]), distance = Double.infinity
        for m in markCorners {
            for b in boxCorners {
                let d = (m.x - b.x) * (m.x - b.x) + (m.y - b.y) * (m.y - b.y)
                if d < distance { distance = d; best = (m, b) }
            }
        }
        svg.open(.g, [.cls("detail")])
        svg.element(.line, [.cls("detail-leader"), .x1(best.0.x), .y1(best.0.y), .x2(best.1.x), .y2(best.1.y), .stroke("#d32f2f"), .strokeWidth(0.9),
                            .strokeDasharray([4, 3])])
        svg.embed(document: document, in: box, idPrefix: "detail-")
        svg.element(.rect, [.x(box.x), .y(box.y), .width(box.width), .height(box.height), .fill("none"), .stroke("#d32f2f"), .strokeWidth(1.2)])
        svg.element(.text, [.x(box.x + DetailMap.margin), .y(box.y + DetailMap.margin - 6), .fontSize(DetailMap.titleSize), .fill("#333333"),
                            .fontWeight("bold")], text: title)
        svg.close()
    }
}
