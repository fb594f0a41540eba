import Foundation
import TongchengGeometry

/// One line of the legend: a drawn layer's variant, its text and the style it is drawn with.
///
/// ```swift
/// for e in map.legend?.entries ?? [] { print(e.layerID, e.variant.key, e.label) }
/// ```
public struct LegendEntry: Sendable, Hashable {
    /// The spec layer the entry stands for.
    public var layerID: String
    /// Which of the layer's features (sub-kind, status, dimension).
    public var variant: FeatureVariant
    /// The text printed beside the swatch.
    public var label: String
    /// The style the swatch (and the features) are drawn with.
    public var style: FeatureStyle
}

/// The legend, built from what was actually drawn: one entry per layer and variant (kind, mode,
/// status) with at least one feature on the map, its swatch drawn with the same style and symbol
/// as the features. Layers marked `legend: false` are left out.
///
/// ```swift
/// var legend = Legend(title: "图例", entries: entries)
/// legend.layout(maximumHeight: 500)
/// print(legend.size)
/// ```
public struct Legend: Sendable {
    /// The heading ("图例").
    public var title: String
    /// The entries, in the order printed (column by column).
    public var entries: [LegendEntry]
    /// Top-left of the legend box on the page.
    public var origin = Position(0, 0)
    private(set) var rowsPerColumn = 1
    private(set) var columnWidth = 0.0

    static let titleSize = 13.0
    static let textSize = 11.0
    static let rowHeight = 19.0
    static let swatchWidth = 28.0
    static let padding = 9.0

    /// A legend laid out in one column; call `layout` to fit it to the room there is.
    public init(title: String, entries: [LegendEntry]) {
        self.title = title
        self.entries = entries
        layout(maximumHeight: .infinity)
    }

    /// Splits the entries into columns: `columns` of them (0: as few as keep a column to
    /// `maximumRows` rows and the legend within `maximumHeight`).
    public mutating func layout(maximumHeight: Double, columns requested: Int = 0, maximumRows: Int = 15) {
        let header = Legend.padding + Legend.titleSize + 8
        let usable = max(maximumHeight - header - Legend.padding, Legend.rowHeight)
        let fitting = usable.isFinite ? max(1, Int(usable / Legend.rowHeight)) : entries.count
        var rows = min(fitting, maximumRows)
        if requested > 0 { rows = (entries.count + requested - 1) / requested }
        // Balance the columns: 29 entries in two columns are 15 + 14, not 15 + 15 + …
        let columns = max(1, (entries.count + max(rows, 1) - 1) / max(rows, 1))
        rows = (entries.count + columns - 1) / columns
        rowsPerColumn = max(1, min(entries.count, rows))
        let widest = entries.map { TextMetrics.width($0.label, size: Legend.textSize) }.max() ?? 0
        columnWidth = Legend.swatchWidth + 8 + widest + 12
    }

    var columns: Int { entries.isEmpty ? 0 : (entries.count + rowsPerColumn - 1) / rowsPerColumn }

    /// Width and height of the legend box.
    public var size: (width: Double, height: Double) {
        let titleWidth = TextMetrics.width(title, size: Legend.titleSize) * 1.05
        let width = max(Double(columns) * columnWidth - 12, titleWidth) + 2 * Legend.padding
        let rows = min(rowsPerColumn, entries.count)
        return (width, Legend.padding * 2 + Legend.titleSize + 8 + Double(rows) * Legend.rowHeight - 4)
    }

    /// The legend box on the page.
    public var bounds: PageRect { PageRect(x: origin.x, y: origin.y, width: size.width, height: size.height) }

    func draw(into svg: inout SVGWriter) {
        let box = bounds
        svg.open(.g, [.cls("legend")])
        svg.element(.rect, [.x(box.x), .y(box.y), .width(box.width), .height(box.height), .fill("#ffffff"), .fillOpacity(0.92), .stroke("#888888"), .strokeWidth(0.6)])
        svg.element(.text, [.x(box.x + Legend.padding), .y(box.y + Legend.padding + Legend.titleSize * 0.88), .fontSize(Legend.titleSize),
                            .fontWeight("bold"), .letterSpacing(2), .fill("#222222")], text: title)
        let top = box.y + Legend.padding + Legend.titleSize + 8
        for (k, e) in entries.enumerated() {
            let column = k / rowsPerColumn, row = k % rowsPerColumn
            let x = box.x + Legend.padding + Double(column) * columnWidth
            let cy = top + Double(row) * Legend.rowHeight + Legend.rowHeight / 2 - 2
            svg.open(.g, [.cls("legend-entry layer-\(e.layerID) variant-\(e.variant.key)")])
            Legend.swatch(e, x: x, cy: cy, into: &svg)
            svg.element(.text, [.x(x + Legend.swatchWidth + 8), .y(cy + Legend.textSize * 0.36), .fontSize(Legend.textSize), .fill("#222222")], text: e.label)
            svg.close()
        }
        svg.close()
    }

    /// The entry's sample, drawn with the features' own style: a marker for points, a line sample
    /// (with its dash) for lines and unfilled outlines, a box for filled areas.
    static func swatch(_ e: LegendEntry, x: Double, cy: Double, into svg: inout SVGWriter) {
        let s = e.style
        switch e.variant.dimension {
        case 0:
            let size = min(s.size, 16)
            svg.element(.path, [.d(s.symbol.pathData(at: Position(x + swatchWidth / 2, cy), size: size))] + s.attributes(dimension: 0))
        case 1, _ where s.fill == "none":
            // Lines, and outlines drawn without a fill (市界, 县界): a line sample with their dash.
            var p = PathBuilder()
            p.line([Position(x, cy), Position(x + swatchWidth, cy)])
            svg.element(.path, [.d(p.data)] + s.attributes(dimension: 1))
        default:
            var p = PathBuilder()
            let h = 12.0
            p.ring([Position(x + 1, cy - h / 2), Position(x + swatchWidth - 1, cy - h / 2), Position(x + swatchWidth - 1, cy + h / 2), Position(x + 1, cy + h / 2)])
            var style = s
            style.strokeWidth = min(s.strokeWidth, 2)
            svg.element(.path, [.d(p.data)] + style.attributes(dimension: 2))
        }
    }
}
