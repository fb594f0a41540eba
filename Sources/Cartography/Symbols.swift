import Foundation
import TongchengGeometry

/// The shapes drawn for point features; the map and the legend draw them with the same function.
///
/// Each symbol is one closed path (holes by the even-odd rule), centred on the point and `size`
/// px across, so that a point feature stays one `<path>` element.
///
/// ```swift
/// let d = PointSymbol.train.pathData(at: Position(100, 80), size: 12)
/// ```
public enum PointSymbol: String, Sendable, CaseIterable, Hashable {
    case circle, square, star, train, plane
    /// A ring with a dot: the conventional city-centre mark.
    case ring

    /// Path data (page coordinates, 0.1 px) of the symbol centred on `center`.
    public func pathData(at center: Position, size: Double) -> String {
        let s = size
        var path = PathBuilder()
        func polygon(_ unit: [(Double, Double)]) {
            path.ring(unit.map { Position(center.x + $0.0 * s, center.y + $0.1 * s) })
        }
        switch self {
        case .circle:
            path.circle(center: center, radius: s / 2)
        case .ring:
            path.circle(center: center, radius: s / 2)
            path.circle(center: center, radius: s * 0.3)
            path.circle(center: center, radius: s * 0.14)
        case .square:
            polygon([(-0.42, -0.42), (0.42, -0.42), (0.42, 0.42), (-0.42, 0.42)])
        case .star:
            var points: [(Double, Double)] = []
            for k in 0..<10 {
                let r = k % 2 == 0 ? 0.55 : 0.22
                let a = Double(k) * Double.pi / 5
                points.append((r * sin(a), -r * cos(a) + 0.04))
            }
            polygon(points)
        case .train:
            // A train seen from the front: body with a window and two lamps (holes), two legs.
            polygon([(-0.3, -0.5), (0.3, -0.5), (0.38, -0.42), (0.38, 0.28), (-0.38, 0.28), (-0.38, -0.42)])
            polygon([(-0.27, -0.4), (0.27, -0.4), (0.27, -0.1), (-0.27, -0.1)])
            polygon([(-0.25, 0.04), (-0.13, 0.04), (-0.13, 0.16), (-0.25, 0.16)])
            polygon([(0.13, 0.04), (0.25, 0.04), (0.25, 0.16), (0.13, 0.16)])
            polygon([(-0.3, 0.32), (-0.16, 0.32), (-0.3, 0.5), (-0.45, 0.5)])
            polygon([(0.16, 0.32), (0.3, 0.32), (0.45, 0.5), (0.3, 0.5)])
        case .plane:
            // An aircraft seen from above, nose to the north.
            polygon([(0, -0.52), (0.07, -0.43), (0.07, -0.13), (0.5, 0.1), (0.5, 0.2), (0.07, 0.07), (0.07, 0.3),
                     (0.2, 0.4), (0.2, 0.48), (0, 0.43), (-0.2, 0.48), (-0.2, 0.4), (-0.07, 0.3), (-0.07, 0.07),
                     (-0.5, 0.2), (-0.5, 0.1), (-0.07, -0.13), (-0.07, -0.43)])
        }
        return path.data
    }
}

/// Builds SVG path data from page coordinates, rounded to 0.1 px with repeated vertices dropped.
///
/// ```swift
/// var p = PathBuilder()
/// p.ring([Position(0, 0), Position(10, 0), Position(10, 10)])
/// print(p.data)   // M0 0L10 0L10 10Z
/// ```
public struct PathBuilder: Sendable {
    /// The path data so far.
    public private(set) var data = ""

    /// Empty path data.
    public init() {}

    /// Appends an open polyline; returns false (and appends nothing) when it rounds to one point.
    /// With `minimumSpacing` (px), vertices closer than that to the previous one are dropped
    /// (the last vertex is kept and its neighbour dropped instead).
    @discardableResult
    public mutating func line(_ positions: [Position], minimumSpacing: Double = 0) -> Bool {
        var q = PathBuilder.rounded(positions)
        if minimumSpacing > 0, q.count > 2 { q = PathBuilder.thinned(q, spacing: minimumSpacing, closed: false) }
        guard q.count >= 2 else { return false }
        append(q, close: false)
        return true
    }

    /// Appends a closed ring (the closing vertex may be given or not); returns false when it
    /// rounds to fewer than three distinct vertices.
    @discardableResult
    public mutating func ring(_ positions: [Position], minimumSpacing: Double = 0) -> Bool {
        var q = PathBuilder.rounded(positions)
        if q.count > 1, q.first! == q.last! { q.removeLast() }
        if minimumSpacing > 0, q.count > 3 { q = PathBuilder.thinned(q, spacing: minimumSpacing, closed: true) }
        guard q.count >= 3 else { return false }
        append(q, close: true)
        return true
    }

    /// Appends a circle as two arcs.
    public mutating func circle(center: Position, radius r: Double) {
        let x = SVGNumber.format(center.x - r), y = SVGNumber.format(center.y), rr = SVGNumber.format(r, decimals: 2)
        let d = SVGNumber.format(2 * r)
        data += "M\(x) \(y)a\(rr) \(rr) 0 1 0 \(d) 0a\(rr) \(rr) 0 1 0 -\(d) 0Z"
    }

    private mutating func append(_ q: [(Int64, Int64)], close: Bool) {
        for (k, p) in q.enumerated() {
            data += k == 0 ? "M" : "L"
            data += PathBuilder.tenths(p.0)
            data += " "
            data += PathBuilder.tenths(p.1)
        }
        if close { data += "Z" }
    }

    /// Positions on the 0.1 px grid, consecutive duplicates removed.
    static func rounded(_ positions: [Position]) -> [(Int64, Int64)] {
        var out: [(Int64, Int64)] = []
        out.reserveCapacity(positions.count)
        for p in positions {
            let q = (Int64((p.x * 10).rounded(.toNearestOrAwayFromZero)), Int64((p.y * 10).rounded(.toNearestOrAwayFromZero)))
            if let last = out.last, last == q { continue }
            out.append(q)
        }
        return out
    }

    /// Drops vertices closer than `spacing` px to the last one kept (on the 0.1 px grid). An
    /// open line keeps its end; a ring also checks its last vertex against its first.
    static func thinned(_ q: [(Int64, Int64)], spacing: Double, closed: Bool) -> [(Int64, Int64)] {
        let limit = Int64((spacing * 10).rounded()) * Int64((spacing * 10).rounded())
        func close(_ a: (Int64, Int64), _ b: (Int64, Int64)) -> Bool {
            let dx = a.0 - b.0, dy = a.1 - b.1
            return dx * dx + dy * dy < limit
        }
        var out: [(Int64, Int64)] = [q[0]]
        for p in q.dropFirst().dropLast() where !close(p, out.last!) { out.append(p) }
        let last = q[q.count - 1]
        if closed {
            if !close(last, out.last!) { out.append(last) }
            while out.count > 1, close(out.last!, out[0]) { out.removeLast() }
        } else {
            while out.count > 1, close(last, out.last!) { out.removeLast() }
            out.append(last)
        }
        return out
    }

    /// An integer count of tenths as decimal text ("123" → "12.3", "-5" → "-0.5", "40" → "4").
    static func tenths(_ v: Int64) -> String {
        let a = v < 0 ? -v : v
        var s = v < 0 ? "-" : ""
        s += String(a / 10)
        if a % 10 != 0 { s += "." + String(a % 10) }
        return s
    }
}
