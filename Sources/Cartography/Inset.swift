import Foundation
import TongchengGeometry
import TongchengTopology

/// A small locator map: Henan province (or any outline) in the same projection, with the main
/// map's frame marked in red, so a reader sees where the map lies.
///
/// ```swift
/// let inset = try InsetMap(outline: henanGeometry, highlights: [], name: "河南省",
///                          projection: gk, mainFrame: t.projectedFrame, width: 190)
/// ```
struct InsetMap: Sendable {
    /// The outline's page paths, relative to the inset's top-left corner.
    var outline: String
    var highlights: [String]
    var extent: PageRect
    var name: String
    var size: (width: Double, height: Double)
    /// Top-left of the inset box on the page.
    var origin = Position(0, 0)

    static let padding = 8.0

    /// Builds the inset from lon/lat geometries: `outline` is the area shown (Henan), `highlights`
    /// are drawn filled inside it, `mainFrame` is the main map's frame in projected coordinates.
    init(outline: Geometry, highlights: [Geometry], name: String, projection: MapProjection, mainFrame: BoundingBox, width: Double) throws {
        let projected = try projection.project(outline)
        guard let box = projected.boundingBox else { throw TopologyError(operation: "inset", message: "empty outline") }
        let inner = width - 2 * InsetMap.padding
        let unitsPerPx = (box.maxX - box.minX) / inner
        let height = (box.maxY - box.minY) / unitsPerPx + 2 * InsetMap.padding + 14
        size = (width, height)
        let frame = PageRect(x: InsetMap.padding, y: InsetMap.padding + 14, width: inner, height: (box.maxY - box.minY) / unitsPerPx)
        let t = PageTransform(frame: frame, center: box.center, unitsPerPx: unitsPerPx)
        func path(_ g: Geometry) throws -> String {
            let simplified = try t.page(g).simplifiedPreservingTopology(tolerance: 0.4)
            var p = PathBuilder()
            simplified.forEachSequence { p.ring($0) }
            return p.data
        }
        self.outline = try path(projected)
        self.highlights = try highlights.map { try path(try projection.project($0)) }
        let a = t.page(Position(mainFrame.minX, mainFrame.maxY)), b = t.page(Position(mainFrame.maxX, mainFrame.minY))
        extent = PageRect(x: a.x, y: a.y, width: max(b.x - a.x, 2), height: max(b.y - a.y, 2))
        self.name = name
    }

    var bounds: PageRect { PageRect(x: origin.x, y: origin.y, width: size.width, height: size.height) }

    func draw(into svg: inout SVGWriter) {
        let o = origin
        svg.open(.g, [.cls("inset")])
        svg.element(.rect, [.x(o.x), .y(o.y), .width(size.width), .height(size.height), .fill("#ffffff"), .fillOpacity(0.95), .stroke("#888888"), .strokeWidth(0.6)])
        svg.element(.text, [.x(o.x + InsetMap.padding), .y(o.y + InsetMap.padding + 9), .fontSize(10.5), .fill("#333333")], text: name + " · 位置示意")
        svg.open(.g, [.transform("translate(\(SVGNumber.format(o.x)) \(SVGNumber.format(o.y)))")])
        svg.element(.path, [.cls("inset-outline"), .d(outline), .fill("#f3efe6"), .fillRule("evenodd"), .stroke("#7a7a7a"), .strokeWidth(0.7)])
        for h in highlights {
            svg.element(.path, [.cls("inset-highlight"), .d(h), .fill("#f0b98d"), .fillRule("evenodd"), .stroke("#c07a40"), .strokeWidth(0.4)])
        }
        svg.element(.rect, [.cls("inset-extent"), .x(extent.x), .y(extent.y), .width(extent.width), .height(extent.height), .fill("none"), .stroke("#d32f2f"), .strokeWidth(1.4)])
        svg.close()
        svg.close()
    }
}
