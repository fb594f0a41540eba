import Foundation
import TongchengGeometry

/// Estimated text widths, to place labels without a font at hand: CJK and full-width characters
/// are one em wide in every CJK font of the stack; Latin letters and digits are estimated from
/// Noto Sans's average advance (about 0.55 em), rounded up so that a label's box errs large.
///
/// ```swift
/// TextMetrics.width("兰考县", size: 12)   // 36.0
/// ```
public enum TextMetrics {
    /// The estimated advance width of `text` at `size` px.
    public static func width(_ text: String, size: Double) -> Double {
        var em = 0.0
        for s in text.unicodeScalars {
            let v = s.value
            switch v {
            case 0x20: em += 0.28
            case 0x30...0x39: em += 0.57
            case 0x41...0x5A: em += 0.66
            case 0x61...0x7A: em += 0.54
            case 0x21...0x2F, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E: em += 0.36
            case 0xB0, 0x2032, 0x2033: em += 0.4
            case 0x2013, 0x2014: em += v == 0x2014 ? 1.0 : 0.56
            case 0x00...0x2E7F: em += 0.6
            default: em += 1.0   // CJK, full-width forms, CJK punctuation
            }
        }
        return em * size
    }
}

/// A rectangle that may be rotated: the boxes labels and symbols occupy.
struct OrientedBox: Sendable {
    var corners: [Position]   // four, in order

    init(rect: PageRect) {
        corners = [Position(rect.x, rect.y), Position(rect.maxX, rect.y), Position(rect.maxX, rect.maxY), Position(rect.x, rect.maxY)]
    }

    /// A box of `width` × `height` centred on `center`, turned by `angle` radians (clockwise on the page).
    init(center: Position, width: Double, height: Double, angle: Double) {
        let c = cos(angle), s = sin(angle)
        let hw = width / 2, hh = height / 2
        corners = [(-hw, -hh), (hw, -hh), (hw, hh), (-hw, hh)].map { Position(center.x + $0.0 * c - $0.1 * s, center.y + $0.0 * s + $0.1 * c) }
    }

    var bounds: PageRect {
        let xs = corners.map(\.x), ys = corners.map(\.y)
        return PageRect(x: xs.min()!, y: ys.min()!, width: xs.max()! - xs.min()!, height: ys.max()! - ys.min()!)
    }

    /// Separating-axis test for two convex quadrilaterals.
    func overlaps(_ o: OrientedBox) -> Bool {
        guard bounds.intersects(o.bounds) else { return false }
        for quad in [self, o] {
            for k in 0..<4 {
                let a = quad.corners[k], b = quad.corners[(k + 1) % 4]
                let axis = Position(-(b.y - a.y), b.x - a.x)
                func project(_ q: OrientedBox) -> (Double, Double) {
                    var lo = Double.infinity, hi = -Double.infinity
                    for p in q.corners {
                        let v = p.x * axis.x + p.y * axis.y
                        lo = min(lo, v)
                        hi = max(hi, v)
                    }
                    return (lo, hi)
                }
                let (a0, a1) = project(self), (b0, b1) = project(o)
                if a1 <= b0 || b1 <= a0 { return false }
            }
        }
        return true
    }
}

/// What a label is attached to.
enum LabelAnchor: Sendable {
    /// A point symbol of this size (px).
    case point(Position, symbolSize: Double)
    /// Candidate positions inside a polygon, best first.
    case area([Position])
    /// A line on the page (one or more runs), labelled along itself.
    case line([[Position]])
}

/// A label to place.
struct LabelRequest: Sendable {
    var text: String
    var anchor: LabelAnchor
    var size: Double
    var color: String
    var bold: Bool
    var priority: Double
    /// Order among equal priorities (layer order, then feature order): keeps output stable.
    var order: Int
    var layerID: String
    var featureID: String
}

/// A placed label: its lines' positions, alignment and rotation.
///
/// ```swift
/// for label in map.labels { print(label.layerID, label.text) }
/// ```
public struct PlacedLabel: Sendable {
    /// The text (lines separated by `\n`).
    public var text: String
    /// Each line's baseline position on the page and its text.
    public var lines: [(x: Double, y: Double, text: String)]
    /// SVG `text-anchor`: start, middle or end.
    public var anchor: String
    /// Rotation in degrees (clockwise) about `pivot`.
    public var rotation: Double
    /// Centre of rotation (the label box's centre).
    public var pivot: Position
    /// Font size (px).
    public var size: Double
    public var color: String
    public var bold: Bool
    /// The spec layer and the feature (plan id or index) the label belongs to.
    public var layerID: String
    public var featureID: String
    var box: OrientedBox
    /// The point the label belongs to: its symbol's position for a point, else its own centre
    /// (the viewer keeps labels near their printed size around it when zooming).
    public var origin: Position {
        if case .point(let p, _) = attachedTo { return p }
        return pivot
    }
    var attachedTo: LabelAnchor? = nil
}

/// Places labels one by one, best first, each where it overlaps no label placed before, no point
/// symbol and no map furniture, and stays inside the frame; a label with no free position is
/// dropped rather than drawn over something.
///
/// Points try eight positions around the symbol (right, upper right, lower right, left, upper
/// left, lower left, above, below); areas try their inner points; lines try stretches at 50 %,
/// 40 %, 60 %, 30 %, 70 %, … of their length that are straight enough, with the text turned along them.
struct LabelPlacer {
    var frame: PageRect
    private(set) var obstacles: [OrientedBox] = []
    private(set) var placed: [PlacedLabel] = []
    private(set) var dropped: [LabelRequest] = []
    /// How many requests were not tried because the map had `maxLabels` already (lowest priority first).
    private(set) var beyondCap = 0
    /// At most this many labels are tried on one map: each is checked against every label placed
    /// before it, so the work grows with the square of the count (100,000 labels took 232 s), and
    /// a page cannot show more legibly anyway.
    static let maxLabels = 2_000
    /// Space kept between a label and anything else (px): also room for the halo.
    let gap = 1.5

    init(frame: PageRect) { self.frame = frame.inset(by: 3) }

    /// Obstacles and placed labels by 64 px page cell, so that a candidate is tested only against
    /// boxes near it (100,000 point symbols as obstacles made every test scan them all).
    private var grid: [Int64: [OrientedBox]] = [:]
    static let cellSize = 64.0

    private func cells(_ r: PageRect) -> [Int64] {
        let x0 = Int64((r.x / LabelPlacer.cellSize).rounded(.down)), x1 = Int64(((r.x + r.width) / LabelPlacer.cellSize).rounded(.down))
        let y0 = Int64((r.y / LabelPlacer.cellSize).rounded(.down)), y1 = Int64(((r.y + r.height) / LabelPlacer.cellSize).rounded(.down))
        guard x1 - x0 < 4096, y1 - y0 < 4096 else { return [Int64.min] }   // a huge box: the overflow cell, checked always
        var out: [Int64] = []
        for y in y0...y1 { for x in x0...x1 { out.append(y &* 1_000_003 &+ x) } }
        return out
    }

    private mutating func index(_ box: OrientedBox) {
        for c in cells(box.bounds) { grid[c, default: []].append(box) }
    }

    mutating func addObstacle(_ rect: PageRect) {
        let box = OrientedBox(rect: rect)
        obstacles.append(box)
        index(box)
    }

    /// The part of a point symbol's nominal square its shape fills (circles, stars and pictograms
    /// leave the corners empty).
    static let symbolExtent = 0.8

    /// The box a point symbol keeps free of labels.
    static func symbolBox(at p: Position, size: Double) -> PageRect {
        let s = size * symbolExtent
        return PageRect(x: p.x - s / 2, y: p.y - s / 2, width: s, height: s)
    }

    mutating func place(_ requests: [LabelRequest]) {
        let sorted = requests.enumerated().sorted {
            if $0.element.priority != $1.element.priority { return $0.element.priority > $1.element.priority }
            if $0.element.order != $1.element.order { return $0.element.order < $1.element.order }
            return $0.offset < $1.offset
        }.map(\.element)
        for (k, r) in sorted.enumerated() {
            if k >= LabelPlacer.maxLabels {
                dropped.append(r)
                beyondCap += 1
                continue
            }
            if let label = firstFree(r) {
                placed.append(label)
                index(label.box)
            } else {
                dropped.append(r)
            }
        }
    }

    private func free(_ box: OrientedBox) -> Bool {
        guard frame.contains(box.bounds) else { return false }
        let near = cells(box.bounds)
        if near == [Int64.min] {   // a candidate too big for the grid: test it against everything
            return !obstacles.contains { $0.overlaps(box) } && !placed.contains { $0.box.overlaps(box) }
        }
        for c in near + [Int64.min] {
            for o in grid[c] ?? [] where o.overlaps(box) { return false }
        }
        return true
    }

    private func lineHeight(_ r: LabelRequest) -> Double { r.size * 1.2 }

    private func textLines(_ r: LabelRequest) -> [String] { r.text.components(separatedBy: "\n") }

    private func dimensions(_ r: LabelRequest) -> (Double, Double) {
        let lines = textLines(r)
        let w = lines.map { TextMetrics.width($0, size: r.size) * (r.bold ? 1.04 : 1) }.max() ?? 0
        return (w + 2 * gap, Double(lines.count) * lineHeight(r) + 2 * gap)
    }

    /// Baseline offset from a line box's vertical centre for CJK fonts (glyphs sit ≈ 0.36 em
    /// above the centre of their em box).
    private func baseline(_ r: LabelRequest) -> Double { r.size * 0.36 }

    private func make(_ r: LabelRequest, box: PageRect, anchor: String) -> PlacedLabel {
        let lines = textLines(r)
        let x: Double
        switch anchor {
        case "start": x = box.x + gap
        case "end": x = box.maxX - gap
        default: x = box.center.x
        }
        var out: [(x: Double, y: Double, text: String)] = []
        for (k, line) in lines.enumerated() {
            let centre = box.y + gap + (Double(k) + 0.5) * lineHeight(r)
            out.append((x, centre + baseline(r), line))
        }
        return PlacedLabel(text: r.text, lines: out, anchor: anchor, rotation: 0, pivot: box.center, size: r.size, color: r.color,
                           bold: r.bold, layerID: r.layerID, featureID: r.featureID, box: OrientedBox(rect: box), attachedTo: r.anchor)
    }

    private func firstFree(_ r: LabelRequest) -> PlacedLabel? {
        let (w, h) = dimensions(r)
        switch r.anchor {
        case .point(let p, let symbolSize):
            // Symbols occupy about 0.8 of their nominal box (`LabelPlacer.symbolBox`); diagonal
            // positions tuck in at that corner.
            let d = symbolSize / 2 + 1, e = symbolSize * LabelPlacer.symbolExtent / 2 + 1
            let candidates: [(Double, Double, String)] = [
                (p.x + d, p.y - h / 2, "start"),
                (p.x + e, p.y - e - h, "start"),
                (p.x + e, p.y + e, "start"),
                (p.x - d - w, p.y - h / 2, "end"),
                (p.x - e - w, p.y - e - h, "end"),
                (p.x - e - w, p.y + e, "end"),
                (p.x - w / 2, p.y - d - h, "middle"),
                (p.x - w / 2, p.y + d, "middle"),
            ]
            for (x, y, anchor) in candidates {
                let box = PageRect(x: x, y: y, width: w, height: h)
                if free(OrientedBox(rect: box)) { return make(r, box: box, anchor: anchor) }
            }
        case .area(let points):
            for p in points {
                let box = PageRect(x: p.x - w / 2, y: p.y - h / 2, width: w, height: h)
                if free(OrientedBox(rect: box)) { return make(r, box: box, anchor: "middle") }
            }
        case .line(let runs):
            return alongLine(r, runs: runs, width: w, height: h)
        }
        return nil
    }

    private func alongLine(_ r: LabelRequest, runs: [[Position]], width w: Double, height h: Double) -> PlacedLabel? {
        // Longest run first: the label goes where the line is seen most.
        let ordered = runs.map { ($0, LabelPlacer.length($0)) }.filter { $0.1 > w * 1.2 }.sorted { $0.1 > $1.1 }
        for (run, length) in ordered {
            for fraction in [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.1, 0.9] {
                let mid = length * fraction
                let s0 = mid - w / 2, s1 = mid + w / 2
                guard s0 >= 0, s1 <= length else { continue }
                let a = LabelPlacer.point(run, at: s0), b = LabelPlacer.point(run, at: s1)
                // Straight enough: the line strays from the chord by less than half the text height.
                let stretch = LabelPlacer.slice(run, from: s0, to: s1)
                let chord = Position(b.x - a.x, b.y - a.y)
                let chordLength = hypot(chord.x, chord.y)
                guard chordLength > w * 0.9 else { continue }
                var deviation = 0.0
                for p in stretch {
                    deviation = max(deviation, abs((p.x - a.x) * chord.y - (p.y - a.y) * chord.x) / chordLength)
                }
                guard deviation < r.size * 0.5 else { continue }
                var angle = atan2(chord.y, chord.x)
                if angle > .pi / 2 { angle -= .pi }
                if angle < -.pi / 2 { angle += .pi }
                // Text sits just above the line (on the side "up" from the text's point of view).
                let normal = Position(sin(angle), -cos(angle))
                let offset = h / 2 + 1
                let centerOnLine = Position((a.x + b.x) / 2, (a.y + b.y) / 2)
                for side in [1.0, -1.0] {
                    let c = Position(centerOnLine.x + normal.x * offset * side, centerOnLine.y + normal.y * offset * side)
                    let box = OrientedBox(center: c, width: w, height: h, angle: angle)
                    if free(box) {
                        let lines = textLines(r)
                        var out: [(x: Double, y: Double, text: String)] = []
                        for (k, line) in lines.enumerated() {
                            let dy = -h / 2 + gap + (Double(k) + 0.5) * lineHeight(r) + baseline(r)
                            out.append((c.x, c.y + dy, line))
                        }
                        return PlacedLabel(text: r.text, lines: out, anchor: "middle", rotation: angle * 180 / .pi, pivot: c, size: r.size,
                                           color: r.color, bold: r.bold, layerID: r.layerID, featureID: r.featureID, box: box)
                    }
                }
            }
        }
        return nil
    }

    static func length(_ run: [Position]) -> Double {
        var total = 0.0
        for k in run.indices.dropFirst() { total += hypot(run[k].x - run[k - 1].x, run[k].y - run[k - 1].y) }
        return total
    }

    static func point(_ run: [Position], at s: Double) -> Position {
        var left = s
        for k in run.indices.dropFirst() {
            let a = run[k - 1], b = run[k]
            let l = hypot(b.x - a.x, b.y - a.y)
            if left <= l, l > 0 {
                let t = left / l
                return Position(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t)
            }
            left -= l
        }
        return run.last!
    }

    static func slice(_ run: [Position], from s0: Double, to s1: Double) -> [Position] {
        var out: [Position] = []
        var s = 0.0
        for k in run.indices {
            if k > 0 { s += hypot(run[k].x - run[k - 1].x, run[k].y - run[k - 1].y) }
            if s >= s0, s <= s1 { out.append(run[k]) }
        }
        return out
    }
}
