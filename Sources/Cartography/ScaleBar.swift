import Foundation
import TongchengGeodesy
import TongchengGeometry

/// A scale bar in kilometres, its length right at the map's centre.
///
/// The ground length of a page pixel is measured, not assumed: a horizontal stretch of page
/// through the frame's centre is taken back to longitude/latitude and its geodesic length on the
/// WGS 84 ellipsoid is divided by its length in px. So the bar is right whatever the CRS's scale
/// factor there (≈ 1.00008 at Lankao in EPSG:4547, 1.22 at 35°N in Web Mercator). The bar's
/// length is the largest round value (1, 2 or 5 × 10ⁿ km) that fits the room given.
///
/// ```swift
/// let bar = try ScaleBar.make(transform: t, projection: gk, maximumPx: 220)
/// print(bar.kilometres, bar.lengthPx)   // 20.0 187.3…
/// ```
public struct ScaleBar: Sendable {
    /// The bar's total length on the ground (km).
    public var kilometres: Double
    /// Its length on the page (px).
    public var lengthPx: Double
    /// Ground metres per px at the map's centre, along the page's x axis.
    public var groundMetresPerPx: Double
    /// How many alternating segments.
    public var segments: Int
    /// The scale denominator on paper (print pages only, and only where the grid scale is the
    /// ground scale to 0.2 %: a 1:N printed beside a Web Mercator bar would mislead).
    public var denominator: Double?
    /// The longest the bar may be (px); the viewer picks a new length within it when zooming.
    public var maximumPx = 0.0
    /// Top-left of the furniture box on the page.
    public var origin = Position(0, 0)

    static let padding = 8.0
    static let barHeight = 5.0
    static let fontSize = 10.0

    /// Measures the ground scale at the frame's centre and picks the bar's length.
    public static func make(transform t: PageTransform, projection: MapProjection, maximumPx: Double, printed: Bool = false) throws -> ScaleBar {
        let mpp = try groundMetresPerPx(transform: t, projection: projection)
        let maxKm = maximumPx * mpp / 1000
        var km = pow(10, floor(log10(maxKm)))
        for m in [5.0, 2.0, 1.0] where m * km <= maxKm {
            km *= m
            break
        }
        let lead = Int((km / pow(10, floor(log10(km)))).rounded())
        let segments = lead == 2 ? 4 : 5
        var bar = ScaleBar(kilometres: km, lengthPx: km * 1000 / mpp, groundMetresPerPx: mpp, segments: segments)
        bar.maximumPx = maximumPx
        let gridToGround = mpp / t.unitsPerPx
        if printed, abs(gridToGround - 1) < 0.002 { bar.denominator = t.scaleDenominator }
        return bar
    }

    /// Ground metres per page px at the frame's centre, along page x, measured geodesically.
    public static func groundMetresPerPx(transform t: PageTransform, projection: MapProjection) throws -> Double {
        let c = t.frame.center
        let half = t.frame.width * 0.1
        let a = try projection.geographic(t.projected(Position(c.x - half, c.y)))
        let b = try projection.geographic(t.projected(Position(c.x + half, c.y)))
        return Ellipsoid.wgs84.distance(a, b) / (2 * half)
    }

    /// The size of the furniture box.
    public var size: (width: Double, height: Double) {
        let label = TextMetrics.width("\(ScaleBar.number(kilometres)) km", size: ScaleBar.fontSize)
        let height = ScaleBar.padding * 2 + ScaleBar.barHeight + 4 + ScaleBar.fontSize + (denominator != nil ? ScaleBar.fontSize + 4 : 0)
        return (lengthPx + ScaleBar.padding * 2 + label / 2 + 6, height)
    }

    /// The furniture box on the page.
    public var bounds: PageRect { PageRect(x: origin.x, y: origin.y, width: size.width, height: size.height) }

    static func number(_ km: Double) -> String { SVGNumber.format(km, decimals: 3) }

    func draw(into svg: inout SVGWriter) {
        let box = bounds
        svg.open(.g, [.cls("scale-bar"), .data("km", ScaleBar.number(kilometres))!, .data("length_px", SVGNumber.format(lengthPx, decimals: 3))!])
        svg.element(.rect, [.x(box.x), .y(box.y), .width(box.width), .height(box.height), .fill("#ffffff"), .fillOpacity(0.85), .stroke("#bbbbbb"), .strokeWidth(0.5)])
        let x0 = box.x + ScaleBar.padding + 4, y0 = box.y + ScaleBar.padding
        let seg = lengthPx / Double(segments)
        for k in 0..<segments {
            svg.element(.rect, [.x(x0 + Double(k) * seg), .y(y0), .width(seg), .height(ScaleBar.barHeight),
                                .fill(k % 2 == 0 ? "#222222" : "#ffffff"), .stroke("#222222"), .strokeWidth(0.6)])
        }
        let labelY = y0 + ScaleBar.barHeight + 3 + ScaleBar.fontSize * 0.85
        let step = kilometres / Double(segments)
        let everyTick = seg >= TextMetrics.width(ScaleBar.number(kilometres), size: ScaleBar.fontSize) + 6
        for k in 0...segments where everyTick || k == 0 || k == segments || (segments % 2 == 0 && k == segments / 2) {
            let text = k == segments ? "\(ScaleBar.number(kilometres)) km" : ScaleBar.number(step * Double(k))
            let x = x0 + Double(k) * seg
            // "N km" is centred on its number, so the unit hangs to the right of the end tick.
            let dx = k == segments ? TextMetrics.width(" km", size: ScaleBar.fontSize) / 2 : 0
            svg.element(.text, [.x(x + dx), .y(labelY), .fontSize(ScaleBar.fontSize), .textAnchor("middle"), .fill("#222222")], text: text)
        }
        if let denominator {
            svg.element(.text, [.x(x0), .y(labelY + ScaleBar.fontSize + 4), .fontSize(ScaleBar.fontSize), .fill("#222222")],
                        text: "比例尺 1:" + ScaleBar.grouped(denominator))
        }
        svg.close()
    }

    /// 750000 → "750 000".
    static func grouped(_ v: Double) -> String {
        var digits = String(Int64(v.rounded()))
        var out = ""
        while digits.count > 3 {
            out = " " + digits.suffix(3) + out
            digits = String(digits.dropLast(3))
        }
        return digits + out
    }
}
