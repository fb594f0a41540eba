import TongchengGeometry
import TongchengPlan

/// One line of the style table: how a class of features is drawn and what the legend calls it.
///
/// ```swift
/// let e = StyleTable.entries["transport/high_speed_rail"]!
/// print(e.style.stroke, e.legendName ?? "")   // #8e2a8e 高速铁路
/// ```
public struct StyleEntry: Sendable {
    /// The default style (status dashes and the spec's overrides come on top).
    public var style: FeatureStyle
    /// The legend's name for the class (plan sub-kinds), or `nil` to use the layer's.
    public var legendName: String?
}

/// The default styles, as data: a new mode, place kind or layer kind is one entry here.
///
/// Keys are `SOURCE/SUBKIND` or `SOURCE`: SOURCE is a plan layer kind (`zone`, `transport`, …),
/// `file/0`, `file/1`, `file/2` (a GeoJSON file's points, lines, areas), `reach` or `isochrone`;
/// SUBKIND is a transport `mode`, a place `kind` or a boundary `level`. A feature takes the entry
/// for its source and sub-kind, else the one for its source alone.
///
/// ```swift
/// let v = FeatureVariant(subkind: "station", status: nil, dimension: 0)
/// print(StyleTable.entry(for: v, source: .plan(.places)).style.symbol)   // train
/// ```
public enum StyleTable {
    /// The style of a feature class, with the defaults for anything the table does not name.
    public static func entry(for variant: FeatureVariant, source: LayerSpec.Source) -> StyleEntry {
        let key: String
        switch source {
        case .plan(let kind): key = kind.rawValue
        case .file: key = "file/\(min(max(variant.dimension, 0), 2))"
        case .reach: key = "reach"
        case .isochrone: key = "isochrone"
        }
        if let sub = variant.subkind, let e = entries[key + "/" + sub] { return e }
        return entries[key] ?? StyleEntry(style: make(), legendName: nil)
    }

    static func make(fill: String = "none", fillOpacity: Double = 1, stroke: String = "#555555", width: Double = 1,
                     symbol: PointSymbol = .circle, size: Double = 7, labelSize: Double = 11, labelColor: String = "#222222",
                     bold: Bool = false, priority: Double = 30) -> FeatureStyle {
        FeatureStyle(fill: fill, fillOpacity: fillOpacity, stroke: stroke, strokeWidth: width, dash: [], opacity: 1, symbol: symbol,
                     size: size, labelSize: labelSize, labelColor: labelColor, labelBold: bold, labelPriority: priority)
    }

    private static func e(_ style: FeatureStyle, _ name: String? = nil) -> StyleEntry { StyleEntry(style: style, legendName: name) }

    /// The table.
    public static let entries: [String: StyleEntry] = [
        // Boundaries by level (the source alone: counties).
        "boundaries/province": e(make(stroke: "#5a5a5a", width: 1.6, labelSize: 14, labelColor: "#555555", priority: 20), "省界"),
        "boundaries/city": e(make(stroke: "#7a7a7a", width: 1.1, labelSize: 13, labelColor: "#555555", priority: 25), "市界"),
        "boundaries/county": e(make(stroke: "#a0a0a0", width: 0.6, labelSize: 10.5, labelColor: "#666666", priority: 15), "县（区）界"),
        "boundaries": e(make(stroke: "#a0a0a0", width: 0.6, labelSize: 10.5, labelColor: "#666666", priority: 15)),
        // The plan's areas and lines.
        "zone": e(make(fill: "#f7dfa3", fillOpacity: 0.6, stroke: "#d08a00", width: 1.6, labelSize: 13, labelColor: "#8a5a00", bold: true, priority: 70)),
        "belt": e(make(fill: "#9fd0ec", fillOpacity: 0.5, stroke: "#4a9bd0", width: 0.8, labelSize: 12, labelColor: "#1f5f8f", priority: 45)),
        "river": e(make(stroke: "#2f7fc1", width: 2.4, labelSize: 12, labelColor: "#1f5f8f", priority: 40)),
        "corridors": e(make(fill: "#d9c2e8", fillOpacity: 0.45, stroke: "#8a5aa8", width: 1.0, labelSize: 12, labelColor: "#5e3a78", priority: 45)),
        "corridor_axes": e(make(stroke: "#8a5aa8", width: 1.4, priority: 35)),
        "clusters": e(make(fill: "#e8631d", stroke: "#ffffff", width: 0.8, symbol: .circle, size: 8, labelSize: 10.5, labelColor: "#a8420f", priority: 40)),
        "special_zone": e(make(fill: "#e53935", fillOpacity: 0.4, stroke: "#c62828", width: 1.6, labelSize: 12, labelColor: "#b71c1c", bold: true, priority: 90)),
        "central_city": e(make(fill: "#c9c9c9", fillOpacity: 0.7, stroke: "#9a9a9a", width: 0.6, labelSize: 12, priority: 50)),
        // Transport by mode (the source alone: any other mode).
        "transport/railway": e(make(stroke: "#3c3c3c", width: 1.8, labelSize: 10.5, labelColor: "#3c3c3c", priority: 32), "普速铁路"),
        "transport/high_speed_rail": e(make(stroke: "#8e2a8e", width: 2.6, labelSize: 10.5, labelColor: "#6d1f6d", priority: 35), "高速铁路"),
        "transport/intercity_rail": e(make(stroke: "#1f6fb2", width: 2.2, labelSize: 10.5, labelColor: "#17548a", priority: 34), "城际铁路"),
        "transport/airport_express": e(make(stroke: "#00897b", width: 2.0, labelSize: 10.5, labelColor: "#00695c", priority: 30), "机场快线"),
        "transport/expressway": e(make(stroke: "#e07b00", width: 2.4, labelSize: 10.5, labelColor: "#9a5500", priority: 33), "高速公路、快速路"),
        "transport/national_road": e(make(stroke: "#c23b22", width: 1.6, labelSize: 10, labelColor: "#8f2a18", priority: 28), "国道"),
        "transport/provincial_road": e(make(stroke: "#b8860b", width: 1.3, labelSize: 10, labelColor: "#7a5a08", priority: 26), "省道"),
        "transport/airport": e(make(fill: "#1f6fb2", stroke: "#ffffff", width: 0.8, symbol: .plane, size: 15, labelSize: 10.5, labelColor: "#17548a", priority: 60), "机场"),
        "transport/airport_terminal": e(make(fill: "#ffffff", stroke: "#1f6fb2", width: 1.2, symbol: .plane, size: 12, labelSize: 10, labelColor: "#17548a", priority: 45), "异地航站楼"),
        "transport/freight_station": e(make(fill: "#3c3c3c", stroke: "#ffffff", width: 0.8, symbol: .train, size: 11, labelSize: 10, labelColor: "#3c3c3c", priority: 45), "铁路货运站"),
        "transport/land_port": e(make(fill: "#6d4c41", stroke: "#ffffff", width: 0.8, symbol: .square, size: 9, labelSize: 10, labelColor: "#4e342e", priority: 45), "陆港"),
        "transport": e(make(stroke: "#666666", width: 1.2, priority: 25)),
        // Places by kind (the source alone: any other kind).
        "places/city_centre": e(make(fill: "#d32f2f", stroke: "#ffffff", width: 0.8, symbol: .ring, size: 13, labelSize: 15, labelColor: "#111111", bold: true, priority: 100), "城市中心"),
        "places/county_seat": e(make(fill: "#d32f2f", stroke: "#ffffff", width: 0.7, symbol: .star, size: 13, labelSize: 12.5, labelColor: "#111111", bold: true, priority: 80), "县城"),
        "places/station": e(make(fill: "#1f4e8c", stroke: "#ffffff", width: 0.7, symbol: .train, size: 12, labelSize: 10, labelColor: "#1f4e8c", priority: 60), "铁路车站"),
        "places/airport": e(make(fill: "#1f6fb2", stroke: "#ffffff", width: 0.8, symbol: .plane, size: 15, labelSize: 10.5, labelColor: "#17548a", priority: 65), "机场"),
        "places/town": e(make(fill: "#ffffff", stroke: "#333333", width: 1.2, symbol: .circle, size: 6.5, labelSize: 10.5, labelColor: "#333333", priority: 50), "乡镇"),
        "places/village": e(make(fill: "#ffffff", stroke: "#555555", width: 1.0, symbol: .square, size: 5.5, labelSize: 9.5, labelColor: "#444444", priority: 35), "村庄"),
        "places/landmark": e(make(fill: "#2e7d32", stroke: "#ffffff", width: 0.7, symbol: .square, size: 7, labelSize: 9.5, labelColor: "#1b5e20", priority: 38), "景点、纪念地"),
        "places": e(make(fill: "#333333", stroke: "#ffffff", width: 0.7, symbol: .circle, size: 6, priority: 30)),
        // GeoJSON files by dimension, and the derived layers.
        "file/0": e(make(fill: "#333333", stroke: "#ffffff", width: 0.8, priority: 30)),
        "file/1": e(make(stroke: "#555555", width: 1.0, priority: 25)),
        "file/2": e(make(fill: "#eeeeee", stroke: "#888888", width: 0.6, priority: 20)),
        "reach": e(make(fill: "#d32f2f", fillOpacity: 0.05, stroke: "#d32f2f", width: 1.6, labelSize: 12, labelColor: "#b71c1c", priority: 20)),
        "isochrone": e(make(fill: "#2e7d32", fillOpacity: 0.14, stroke: "#2e7d32", width: 1.3, labelSize: 12, labelColor: "#1b5e20", priority: 20)),
    ]
}
