import Foundation
import TongchengGeometry
import TongchengPlan

// Layout: where the furniture goes (legend, scale bar, north arrow, inset, notes) and what the
// legend lists; the page's title band and source note. Nothing here writes text.

/// The furniture of one map, placed.
struct PlacedFurniture {
    var corners: CornerStack
    var north: NorthArrow?
    var inset: InsetMap?
    var notes: NotesBox?
    var scaleBar: ScaleBar?
    var legend: Legend?
    var detail: DetailMap?
}

extension RenderJob {
    /// Places the north arrow, inset, notes, scale bar and legend in the frame's corners, in that
    /// order (the legend last, in the corner where it hides least when the spec lets it choose).
    func placeFurniture(transform t: PageTransform, projection: MapProjection, notes: [String], variants: [DrawnVariant], drawn: [DrawnFeature],
                        detailBox: BoundingBox? = nil) throws -> PlacedFurniture {
        var corners = CornerStack(frame: t.frame)
        var north: NorthArrow?
        if let corner = spec.furniture.northArrow {
            let centre = try projection.geographic(t.projected(t.frame.center))
            let gamma = try NorthArrow.gridConvergence(at: centre, projection: projection)
            let size = 46.0
            let o = corners.place(width: size * 0.64 + 8, height: size * 1.34 + 8, at: corner)
            north = NorthArrow(center: Position(o.x + (size * 0.64 + 8) / 2, o.y + 4 + size * 0.84), size: size, convergenceDegrees: gamma)
        }
        var inset: InsetMap?
        if let corner = spec.furniture.inset {
            let plan = try sources.plan()
            guard let henan = plan.henan?.geometry else { throw fail("the inset needs Henan's boundary (adcode 410000) in the plan") }
            let highlights = [410100, 410200].compactMap { plan.boundary(adcode: $0)?.geometry }
            var map = try InsetMap(outline: henan, highlights: highlights, name: "河南省", projection: projection, mainFrame: t.projectedFrame,
                                   width: min(max(t.frame.width * 0.17, 140), 230))
            map.origin = corners.place(width: map.size.width, height: map.size.height, at: corner)
            inset = map
        }
        var notesBox: NotesBox?
        if !notes.isEmpty {
            var box = NotesBox(lines: notes)
            box.origin = corners.place(width: box.size.width, height: box.size.height, at: spec.notesPosition)
            notesBox = box
        }
        var scaleBar: ScaleBar?
        if let corner = spec.furniture.scaleBar {
            var bar = try ScaleBar.make(transform: t, projection: projection, maximumPx: min(t.frame.width * 0.22, 240), printed: spec.page.unit == .mm)
            bar.origin = corners.place(width: bar.size.width, height: bar.size.height, at: corner)
            scaleBar = bar
        }
        // The enlarged view goes above the scale bar when they share a corner.
        var detail: DetailMap?
        if let d = spec.furniture.detail, let detailBox {
            var map = try DetailMap.make(main: spec, detail: d, box: detailBox, transform: t, sources: sources,
                                         maximumHeight: corners.room(at: d.corner) * 0.9)
            map.origin = corners.place(width: map.size.width, height: map.size.height, at: d.corner)
            detail = map
        }
        var legend: Legend?
        if var corner = spec.furniture.legend {
            let entries = RenderJob.legendEntries(variants, drawn: drawn, layers: spec.layers, sources: sources)
            if !entries.isEmpty {
                var l = Legend(title: spec.furniture.legendTitle, entries: entries)
                if spec.furniture.legendAutomatic {
                    corner = RenderJob.emptiestCorner(for: l, columns: spec.furniture.legendColumns, corners: corners, drawn: drawn)
                }
                l.layout(maximumHeight: corners.room(at: corner), columns: spec.furniture.legendColumns)
                l.origin = corners.place(width: l.size.width, height: l.size.height, at: corner)
                legend = l
            }
        }

        return PlacedFurniture(corners: corners, north: north, inset: inset, notes: notesBox, scaleBar: scaleBar, legend: legend, detail: detail)
    }

    // MARK: Variants and legend

    static func variants(_ drawn: [DrawnFeature], layers: [LayerSpec]) -> [DrawnVariant] {
        var out: [DrawnVariant] = []
        for d in drawn {
            let id = layers[d.layer].id
            if let i = out.firstIndex(where: { $0.layerID == id && $0.variant == d.variant }) { out[i].count += 1 } else {
                out.append(DrawnVariant(layerID: id, variant: d.variant, count: 1))
            }
        }
        return out
    }

    /// One entry per drawn layer variant, topmost layers first; within a layer, variants by
    /// sub-kind as they first appear, then existing, under construction, planned.
    static func legendEntries(_ variants: [DrawnVariant], drawn: [DrawnFeature], layers: [LayerSpec], sources: LayerSources) -> [LegendEntry] {
        var entries: [LegendEntry] = []
        for layer in layers.reversed() where layer.inLegend {
            let mine = variants.filter { $0.layerID == layer.id }
            guard !mine.isEmpty else { continue }
            let subkinds = mine.map { $0.variant.subkind ?? "" }.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
            let statusOrder: [PlanStatus?] = [nil, .existing, .underConstruction, .planned]
            let ordered = mine.sorted {
                let a = subkinds.firstIndex(of: $0.variant.subkind ?? "")!, b = subkinds.firstIndex(of: $1.variant.subkind ?? "")!
                if a != b { return a < b }
                return statusOrder.firstIndex(of: $0.variant.status)! < statusOrder.firstIndex(of: $1.variant.status)!
            }
            let statuses = Set(mine.map(\.variant.status))
            // A land-use layer's classes in code order.
            let inOrder = layer.classes == nil ? ordered : ordered.sorted { LandUseLegend.precedes($0.variant.subkind, $1.variant.subkind) }
            for v in inOrder {
                guard let sample = drawn.first(where: { layers[$0.layer].id == layer.id && $0.variant == v.variant }) else { continue }
                let text = legendText(layer, variant: v.variant, sample: sample.feature, mixedStatus: statuses.count > 1)
                entries.append(LegendEntry(layerID: layer.id, variant: v.variant, label: text, style: sample.style))
            }
        }
        return entries
    }

    /// The legend text of a variant: the spec's `legend:` text as written (with the status added
    /// only when the layer mixes statuses), else the Chinese name of the mode, place kind, level or
    /// layer kind, with the status for elements not yet built ("高速铁路（规划）").
    static func legendText(_ layer: LayerSpec, variant: FeatureVariant, sample: Feature, mixedStatus: Bool) -> String {
        var base: String
        if let c = layer.classes, let code = variant.subkind {
            base = c.classification.name(of: code).map { "\(code) \($0)" } ?? code
        } else if let text = layer.legendText {
            base = text
        } else {
            switch layer.source {
            case .plan(let kind):
                base = StyleTable.entry(for: variant, source: layer.source).legendName ?? kind.chineseName
            case .reach, .isochrone: base = sample.name ?? layer.id
            case .file: base = layer.id
            }
        }
        guard let status = variant.status else { return base }
        let wanted = layer.legendText == nil ? (status != .existing || mixedStatus) : mixedStatus
        guard wanted, !base.contains(status.chineseName) else { return base }
        // "一区（东部示范区）" + planned → "一区（东部示范区，规划）"
        if base.hasSuffix("）") { return String(base.dropLast()) + "，" + status.chineseName + "）" }
        return base + "（" + status.chineseName + "）"
    }

    /// The corner where the legend hides the least: fewest vertices of drawn features under its
    /// box, a point symbol counting as 20 and a polygon's vertex as half a line's. Ties go to
    /// bottom right, bottom left, top right, top left, in that order.
    static func emptiestCorner(for legend: Legend, columns: Int, corners: CornerStack, drawn: [DrawnFeature]) -> Corner {
        var best = (corner: Corner.bottomRight, cost: Double.infinity)
        for corner in [Corner.bottomRight, .bottomLeft, .topRight, .topLeft] {
            var l = legend
            l.layout(maximumHeight: corners.room(at: corner), columns: columns)
            var trial = corners
            let o = trial.place(width: l.size.width, height: l.size.height, at: corner)
            let box = PageRect(x: o.x, y: o.y, width: l.size.width, height: l.size.height)
            var cost = 0.0
            for d in drawn {
                // A hidden point symbol (a place, a station) outweighs any number of line or outline vertices.
                let weight = d.variant.dimension == 0 ? 1e6 : d.variant.dimension == 1 ? 1 : 0.5
                d.page.forEachSequence { run in for p in run where box.contains(p) { cost += weight } }
            }
            if cost < best.cost { best = (corner, cost) }
        }
        return best.corner
    }
}

/// Furniture boxes stacked from each corner of the frame inwards.
struct CornerStack {
    let frame: PageRect
    let pad = 10.0
    let gap = 8.0
    private var used: [Corner: Double] = [:]
    private(set) var placed: [PageRect] = []

    init(frame: PageRect) { self.frame = frame }

    /// The top-left of a box of this size in the corner, below (or above) what is there already.
    mutating func place(width: Double, height: Double, at corner: Corner) -> Position {
        let offset = used[corner] ?? 0
        let x = (corner == .topLeft || corner == .bottomLeft) ? frame.x + pad : frame.maxX - pad - width
        let y = (corner == .topLeft || corner == .topRight) ? frame.y + pad + offset : frame.maxY - pad - offset - height
        used[corner] = offset + height + gap
        placed.append(PageRect(x: x, y: y, width: width, height: height))
        return Position(x, y)
    }

    /// Height left in the corner's column (what the other corner on the same side holds is kept clear).
    func room(at corner: Corner) -> Double {
        let opposite: Corner
        switch corner {
        case .topLeft: opposite = .bottomLeft
        case .bottomLeft: opposite = .topLeft
        case .topRight: opposite = .bottomRight
        case .bottomRight: opposite = .topRight
        }
        return frame.height - 2 * pad - (used[corner] ?? 0) - (used[opposite] ?? 0)
    }
}

/// The notes box: computed figures and free text.
struct NotesBox {
    var lines: [String]
    var origin = Position(0, 0)
    static let fontSize = 12.0
    static let padding = 9.0

    var size: (width: Double, height: Double) {
        let w = lines.map { TextMetrics.width($0, size: NotesBox.fontSize) }.max() ?? 0
        return (w + 2 * NotesBox.padding, Double(lines.count) * NotesBox.fontSize * 1.5 + 2 * NotesBox.padding - NotesBox.fontSize * 0.5)
    }

    func draw(into svg: inout SVGWriter) {
        let (w, h) = size
        svg.open(.g, [.cls("notes")])
        svg.element(.rect, [.x(origin.x), .y(origin.y), .width(w), .height(h), .fill("#ffffff"), .fillOpacity(0.92), .stroke("#888888"), .strokeWidth(0.6)])
        for (k, line) in lines.enumerated() {
            svg.element(.text, [.x(origin.x + NotesBox.padding), .y(origin.y + NotesBox.padding + NotesBox.fontSize * (0.88 + 1.5 * Double(k))),
                                .fontSize(NotesBox.fontSize), .fill("#222222")], text: line)
        }
        svg.close()
    }
}

/// The texts under the frame: `left` (source note, coordinate system and approval number) and
/// `right` (producer and date).
struct FrameTexts {
    var left: [String] = []
    var right: [String] = []
}

/// Where the title, frame and source note go on the page.
struct PageLayout {
    var frame: PageRect
    var margin: Double
    var titleSize = 24.0
    var subtitleSize = 14.0
    var sourceSize = 9.0
    /// The source note's texts: right-aligned or not, and on which row under the frame.
    var sourceLines: [(text: String, right: Bool, row: Int)] = []

    /// The page's bands for `spec`, with `below` the texts under the frame: on the left the
    /// source note (wrapped at its `；`) and the coordinate-system note with the approval number,
    /// on the right the producer and date, each on the first row where it fits beside the left
    /// text (30 px apart), else on a row of its own: no two texts overlap.
    init(spec: MapSpec, below: FrameTexts = FrameTexts()) {
        let page = spec.page
        margin = page.unit == .mm ? 8 * PageSize.pxPerMM : max(20, min(page.width, page.height) * 0.025)
        let gutter = spec.furniture.graticuleStep != nil ? Graticule.gutter : 0
        var top = 0.0
        if spec.title != nil { top += titleSize + 10 }
        if spec.subtitle != nil { top += subtitleSize + 8 }
        if top > 0 { top += 4 }
        let width = page.width - 2 * margin - 2 * gutter
        sourceLines = PageLayout.arrange(below, width: width, size: sourceSize)
        let rows = (sourceLines.map(\.row).max() ?? -1) + 1
        let bottom = rows > 0 ? Double(rows) * (sourceSize + 5) + 6 : 0
        frame = PageRect(x: margin + gutter, y: margin + top + gutter, width: page.width - 2 * margin - 2 * gutter,
                         height: page.height - 2 * margin - top - bottom - 2 * gutter)
    }

    /// Rows for the texts under the frame (see `init`).
    static func arrange(_ texts: FrameTexts, width: Double, size: Double) -> [(text: String, right: Bool, row: Int)] {
        func w(_ t: String) -> Double { TextMetrics.width(t, size: size) }
        var left: [String] = []
        for text in texts.left { left += wrap(text, width: width, size: size) }
        var out = left.enumerated().map { (text: $0.element, right: false, row: $0.offset) }
        var row = left.count
        for text in texts.right {
            if let r = left.indices.first(where: { r in w(left[r]) + w(text) + 30 <= width && !out.contains { $0.right && $0.row == r } }) {
                out.append((text, true, r))
            } else {
                out.append((text, true, row))
                row += 1
            }
        }
        return out
    }

    /// A text cut into lines no wider than `width`: at `；` where it can, else between characters;
    /// with `words`, a line that must be cut is cut at its last space or beside a CJK character
    /// (so that an English word or a number such as 12629.25 is not split), between characters
    /// only when the line has no such place.
    ///
    /// ```swift
    /// PageLayout.wrap("12629.25 mu changed", width: 60, size: 10, words: true)  // ["12629.25 mu", "changed"]
    /// ```
    static func wrap(_ text: String, width: Double, size: Double, words: Bool = false) -> [String] {
        guard TextMetrics.width(text, size: size) > width else { return [text] }
        var lines: [String] = []
        var line = ""
        for piece in text.split(separator: "；", omittingEmptySubsequences: false).enumerated().map({ $0.offset == 0 ? String($0.element) : "；" + $0.element }) {
            if TextMetrics.width(line + piece, size: size) <= width { line += piece; continue }
            if !line.isEmpty { lines.append(line); line = "" }
            var rest = piece.hasPrefix("；") ? String(piece.dropFirst()) : piece
            while TextMetrics.width(rest, size: size) > width {
                var k = rest.startIndex
                while k < rest.endIndex, TextMetrics.width(String(rest[...k]), size: size) <= width { k = rest.index(after: k) }
                if k == rest.startIndex { k = rest.index(after: k) }
                if words, k < rest.endIndex, let j = lastBreak(in: rest, before: k) { k = j }
                lines.append(words ? String(rest[..<k]).trimmingCharacters(in: .whitespaces) : String(rest[..<k]))
                rest = String(rest[k...])
                if words { rest = String(rest.drop { $0 == " " }) }
            }
            line = rest
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    /// The last place before `end` (after the first character) where a line may end: after a
    /// space, or before or after a CJK character — not before closing punctuation (，。）…) nor
    /// after opening punctuation (（《…).
    static func lastBreak(in text: String, before end: String.Index) -> String.Index? {
        func cjk(_ c: Character) -> Bool {
            c.unicodeScalars.first.map { (0x2E80...0x9FFF).contains($0.value) || (0xF900...0xFAFF).contains($0.value) || (0xFF00...0xFFEF).contains($0.value) } ?? false
        }
        let closing: Set<Character> = ["，", "。", "、", "；", "：", "）", "》", "」", "”", "！", "？", ",", ".", ")", ";", ":"]
        let opening: Set<Character> = ["（", "《", "「", "“", "("]
        var j = end
        while j > text.index(after: text.startIndex) {
            let before = text[text.index(before: j)], after = text[j]
            if before == " " { return j }
            if (cjk(before) || cjk(after)) && !closing.contains(after) && !opening.contains(before) && after != " " { return j }
            j = text.index(before: j)
        }
        return nil
    }

    func drawTitleAndSource(spec: MapSpec, title: String?, subtitle: String?, into svg: inout SVGWriter) {
        let cx = spec.page.width / 2
        var y = margin
        if let title {
            y += titleSize
            svg.element(.text, [.cls("title"), .x(cx), .y(y), .fontSize(titleSize), .fontWeight("bold"), .textAnchor("middle"), .letterSpacing(1), .fill("#111111")], text: title)
            y += 10
        }
        if let subtitle {
            y += subtitleSize
            svg.element(.text, [.cls("subtitle"), .x(cx), .y(y), .fontSize(subtitleSize), .textAnchor("middle"), .fill("#444444")], text: subtitle)
        }
        guard !sourceLines.isEmpty else { return }
        let gutter = spec.furniture.graticuleStep != nil ? Graticule.gutter : 0
        svg.open(.g, [.cls("source-note"), .fontSize(sourceSize), .fill("#555555")])
        for (text, right, row) in sourceLines {
            let baseline = frame.maxY + gutter + 4 + sourceSize + Double(row) * (sourceSize + 5)
            svg.element(.text, [.x(right ? frame.maxX : frame.x), .y(baseline)] + (right ? [.textAnchor("end")] : []), text: text)
        }
        svg.close()
    }
}
