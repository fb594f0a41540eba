import Foundation
import TongchengGeometry

/// Meridians and parallels every `step` degrees, projected (so they curve and converge as the
/// projection makes them), with degree labels outside the frame where they cross its edges.
///
/// ```swift
/// let g = try Graticule.make(step: 0, transform: t, projection: gk)   // 0: a step that gives 3–6 lines
/// print(g.step)   // 0.5
/// ```
struct Graticule: Sendable {
    struct Line: Sendable {
        var isMeridian: Bool
        var degrees: Double
        var points: [Position]
    }

    struct Label: Sendable {
        var text: String
        var position: Position
        /// Degrees, clockwise (parallels' labels run up the side edges).
        var rotation: Double
    }

    var step: Double
    var lines: [Line]
    var labels: [Label]

    static let fontSize = 9.0
    /// Room the labels need outside the frame (px).
    static let gutter = 14.0

    static func make(step requested: Double, transform t: PageTransform, projection: MapProjection) throws -> Graticule {
        // The frame's extent in degrees, from points along its edges.
        var edge: [Position] = []
        let f = t.frame
        for k in 0...24 {
            let s = Double(k) / 24
            edge += [Position(f.x + s * f.width, f.y), Position(f.x + s * f.width, f.maxY), Position(f.x, f.y + s * f.height), Position(f.maxX, f.y + s * f.height)]
        }
        let geographic = try edge.map { try projection.geographic(t.projected($0)) }
        let box = BoundingBox.around(geographic)!
        let step = requested > 0 ? requested : autoStep(span: max(box.maxX - box.minX, box.maxY - box.minY))
        var lines: [Line] = []
        let lon0 = (box.minX / step).rounded(.down) * step, lat0 = (box.minY / step).rounded(.down) * step
        let latPad = (box.maxY - box.minY) * 0.1 + step, lonPad = (box.maxX - box.minX) * 0.1 + step
        var lon = lon0
        while lon <= box.maxX + 1e-9 {
            let samples = (0...64).map { Position(lon, box.minY - latPad + Double($0) / 64 * (box.maxY - box.minY + 2 * latPad)) }
            lines.append(Line(isMeridian: true, degrees: lon, points: try projection.project(samples).map { t.page($0) }))
            lon += step
        }
        var lat = lat0
        while lat <= box.maxY + 1e-9 {
            let samples = (0...64).map { Position(box.minX - lonPad + Double($0) / 64 * (box.maxX - box.minX + 2 * lonPad), lat) }
            lines.append(Line(isMeridian: false, degrees: lat, points: try projection.project(samples).map { t.page($0) }))
            lat += step
        }
        var labels: [Label] = []
        for line in lines {
            let text = format(line.degrees, isLongitude: line.isMeridian)
            if line.isMeridian {
                for (y, dy) in [(f.y, -4.0), (f.maxY, Graticule.fontSize + 2)] {
                    if let x = crossing(line.points, atY: y), x > f.x + 12, x < f.maxX - 12 {
                        labels.append(Label(text: text, position: Position(x, y + dy), rotation: 0))
                    }
                }
            } else {
                for (x, dx, rotation) in [(f.x, -4.0, -90.0), (f.maxX, 4.0, 90.0)] {
                    if let y = crossing(line.points, atX: x), y > f.y + 12, y < f.maxY - 12 {
                        labels.append(Label(text: text, position: Position(x + dx, y), rotation: rotation))
                    }
                }
            }
        }
        return Graticule(step: step, lines: lines, labels: labels)
    }

    /// The smallest of 5′, 10′, 15′, 20′, 30′, 1°, 2°, 5°, 10° that gives at most seven lines across.
    static func autoStep(span: Double) -> Double {
        for s in [5.0 / 60, 10.0 / 60, 0.25, 1.0 / 3, 0.5, 1, 2, 5, 10] where span / s <= 7 { return s }
        return 30
    }

    /// 114.5 → "114°30′E", 34.25 → "34°15′N".
    static func format(_ degrees: Double, isLongitude: Bool) -> String {
        let totalMinutes = Int((abs(degrees) * 60).rounded())
        let d = totalMinutes / 60, m = totalMinutes % 60
        let hemisphere = isLongitude ? (degrees < 0 ? "W" : "E") : (degrees < 0 ? "S" : "N")
        return m == 0 ? "\(d)°\(hemisphere)" : "\(d)°\(m < 10 ? "0" : "")\(m)′\(hemisphere)"
    }

    static func crossing(_ ps: [Position], atY y: Double) -> Double? {
        for k in ps.indices.dropFirst() {
            let a = ps[k - 1], b = ps[k]
            if (a.y - y) * (b.y - y) <= 0, a.y != b.y { return a.x + (b.x - a.x) * (y - a.y) / (b.y - a.y) }
        }
        return nil
    }

    static func crossing(_ ps: [Position], atX x: Double) -> Double? {
        for k in ps.indices.dropFirst() {
            let a = ps[k - 1], b = ps[k]
            if (a.x - x) * (b.x - x) <= 0, a.x != b.x { return a.y + (b.y - a.y) * (x - a.x) / (b.x - a.x) }
        }
        return nil
    }

    /// The lines (inside the clipped map group).
    func drawLines(into svg: inout SVGWriter) {
        svg.open(.g, [.cls("graticule"), .fill("none"), .stroke("#7f93a8"), .strokeWidth(0.5), .strokeOpacity(0.7)])
        for line in lines {
            var p = PathBuilder()
            p.line(line.points)
            svg.element(.path, [.cls(line.isMeridian ? "meridian" : "parallel"), .d(p.data)])
        }
        svg.close()
    }

    /// The degree labels (outside the frame).
    func drawLabels(into svg: inout SVGWriter) {
        svg.open(.g, [.cls("graticule-labels"), .fontSize(Graticule.fontSize), .fill("#44586c"), .textAnchor("middle")])
        for l in labels {
            var attributes: [SVGAttribute] = [.x(l.position.x), .y(l.position.y)]
            if l.rotation != 0 {
                attributes.append(.transform("rotate(\(SVGNumber.format(l.rotation)) \(SVGNumber.format(l.position.x)) \(SVGNumber.format(l.position.y)))"))
            }
            svg.element(.text, attributes, text: l.text)
        }
        svg.close()
    }
}
