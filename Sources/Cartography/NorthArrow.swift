import Foundation
import TongchengGeometry

/// A north arrow that points to true north at the map's centre.
///
/// In a Gauss–Krüger (transverse Mercator) map the page's "up" is grid north, which differs from
/// true north away from the central meridian by the meridian convergence γ (about Δλ·sin φ:
/// 0.47° at Lankao, 0.82° east of CM 114°E). γ is measured from the projection itself, numerically:
/// the centre and a point 0.0001° north of it on the same meridian are projected, and the angle of
/// that step from the grid's y axis is the angle between the meridian and grid north. This works
/// for any projected CRS, not only transverse Mercator.
///
/// ```swift
/// let gk = try MapProjection("EPSG:4547")
/// let gamma = try NorthArrow.gridConvergence(at: Position(114.82, 34.83), projection: gk)  // ≈ 0.468°
/// ```
public struct NorthArrow: Sendable {
    /// Centre of the arrow on the page.
    public var center: Position
    /// Height of the arrow in px.
    public var size: Double
    /// Meridian convergence at the map's centre in degrees, with PROJ's sign
    /// (`meridian_convergence`): positive when grid north lies clockwise of true north (east of
    /// the central meridian in the northern hemisphere).
    public var convergenceDegrees: Double

    /// The arrow's rotation on the page, degrees clockwise from "up": true north lies
    /// counter-clockwise of grid north by the convergence, so this is −γ.
    public var rotationDegrees: Double { -convergenceDegrees }

    /// An arrow of `size` px at `center`, turned by −`convergenceDegrees`.
    public init(center: Position, size: Double, convergenceDegrees: Double) {
        self.center = center
        self.size = size
        self.convergenceDegrees = convergenceDegrees
    }

    /// The meridian convergence (degrees) at a longitude/latitude position in `projection`.
    public static func gridConvergence(at p: Position, projection: MapProjection) throws -> Double {
        let step = 1e-4
        let ends = try projection.project([Position(p.x, p.y - step), Position(p.x, p.y + step)])
        let dx = ends[1].x - ends[0].x, dy = ends[1].y - ends[0].y
        // Bearing of the meridian (true north) on the grid, clockwise from grid north; γ is its negative.
        return -atan2(dx, dy) * 180 / .pi
    }

    /// The box the arrow (and its letter) occupies.
    public var bounds: PageRect {
        PageRect(x: center.x - size * 0.32, y: center.y - size * 0.5 - size * 0.34, width: size * 0.64, height: size * 1.34)
    }

    func draw(into svg: inout SVGWriter) {
        let h = size / 2, w = size * 0.17
        let c = center
        let rotation = "rotate(\(SVGNumber.format(rotationDegrees, decimals: 3)) \(SVGNumber.format(c.x)) \(SVGNumber.format(c.y)))"
        svg.open(.g, [.cls("north-arrow"), .transform(rotation),
                      .data("convergence_deg", SVGNumber.format(convergenceDegrees, decimals: 4))!])
        var left = PathBuilder(), right = PathBuilder()
        left.ring([Position(c.x, c.y - h), Position(c.x - w, c.y + h * 0.55), Position(c.x, c.y + h * 0.3)])
        right.ring([Position(c.x, c.y - h), Position(c.x + w, c.y + h * 0.55), Position(c.x, c.y + h * 0.3)])
        svg.element(.path, [.d(left.data), .fill("#222222"), .stroke("#222222"), .strokeWidth(0.8), .strokeLinejoin("round")])
        svg.element(.path, [.d(right.data), .fill("#ffffff"), .stroke("#222222"), .strokeWidth(0.8), .strokeLinejoin("round")])
        svg.element(.text, [.x(c.x), .y(c.y - h - size * 0.08), .fontSize(size * 0.3), .fontWeight("bold"), .textAnchor("middle"), .fill("#222222")], text: "N")
        svg.close()
    }
}
