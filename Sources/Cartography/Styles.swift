import Geometry
import Plan

/// How one class of features is drawn: after the defaults for its layer kind, mode and status,
/// and the spec's own settings on top.
///
/// ```swift
/// let v = FeatureVariant(subkind: "high_speed_rail", status: .planned, dimension: 1)
/// let s = DefaultStyles.style(for: v, source: .plan(.transport), overrides: StyleOverrides())
/// print(s.stroke, s.dash)   // #8e2a8e [7.8, 4.68] — planned lines are dashed
/// ```
public struct FeatureStyle: Sendable, Hashable {
    /// Fill colour (`none` for lines).
    public var fill: String
    /// Opacity of the fill (0–1).
    public var fillOpacity: Double
    /// Stroke colour.
    public var stroke: String
    /// Stroke width (px).
    public var strokeWidth: Double
    /// Dash pattern in px (empty: solid).
    public var dash: [Double]
    /// Opacity of the whole feature (0–1).
    public var opacity: Double
    /// Point symbol.
    public var symbol: PointSymbol
    /// Point symbol size in px.
    public var size: Double
    /// Label font size (px), colour and weight.
    public var labelSize: Double
    public var labelColor: String
    public var labelBold: Bool
    /// Labels with a higher priority are placed first.
    public var labelPriority: Double

    /// The presentation attributes of a feature's `<path>` for its geometry dimension.
    func attributes(dimension: Int) -> [SVGAttribute] {
        var a: [SVGAttribute] = []
        switch dimension {
        case 0:
            a += [.fill(fill), .fillRule("evenodd"), .stroke(stroke), .strokeWidth(strokeWidth), .strokeLinejoin("round")]
        case 1:
            a += [.fill("none"), .stroke(stroke), .strokeWidth(strokeWidth), .strokeLinejoin("round"), .strokeLinecap(dash.isEmpty ? "round" : "butt")]
        default:
            a += [.fill(fill), .fillRule("evenodd")]
            if fill != "none", fillOpacity < 1 { a.append(.fillOpacity(fillOpacity)) }
            a += [.stroke(stroke), .strokeWidth(strokeWidth), .strokeLinejoin("round")]
        }
        if !dash.isEmpty, dimension > 0 { a.append(.strokeDasharray(dash)) }
        if opacity < 1 { a.append(.opacity(opacity)) }
        return a
    }
}

/// What tells features of one layer apart in the legend: the sub-kind (transport mode, place
/// kind, boundary level), the plan status and the geometry dimension.
///
/// ```swift
/// let v = FeatureVariant(subkind: "station", status: nil, dimension: 0)
/// print(v.key)   // station
/// ```
public struct FeatureVariant: Sendable, Hashable {
    /// Transport mode, place kind or boundary level (`nil` when the layer has no sub-kinds).
    public var subkind: String?
    /// Plan status, for plan elements.
    public var status: PlanStatus?
    /// 0 points, 1 lines, 2 areas.
    public var dimension: Int

    /// A variant from its parts.
    public init(subkind: String?, status: PlanStatus?, dimension: Int) {
        self.subkind = subkind
        self.status = status
        self.dimension = dimension
    }

    /// A class-name-safe key (`high_speed_rail-planned`, `county`, `default`).
    public var key: String {
        let parts = [subkind.map { SVGIdentifier.make($0, fallback: "x") }, status?.rawValue].compactMap { $0 }
        return parts.isEmpty ? "default" : parts.joined(separator: "-")
    }
}

/// Default styles per layer kind, mode and status, so that specs stay short.
///
/// Conventions: planned lines (and planned outlines) are dashed, lines under construction dotted,
/// existing ones solid; point symbols are a star for county seats, a train for stations, a plane
/// for airports, a ring for city centres, a circle or square otherwise.
public enum DefaultStyles {
    /// The variant of a feature in a layer fed from `source`.
    public static func variant(of feature: Feature, source: LayerSpec.Source) -> FeatureVariant {
        let dimension = feature.geometry?.dimension ?? 2
        switch source {
        case .plan(.transport): return FeatureVariant(subkind: feature.mode ?? "other", status: feature.planStatus, dimension: dimension)
        case .plan(.places): return FeatureVariant(subkind: feature.kindProperty ?? "place", status: nil, dimension: dimension)
        case .plan(.boundaries): return FeatureVariant(subkind: feature[property: "level"]?.stringValue ?? "boundary", status: nil, dimension: dimension)
        case .plan: return FeatureVariant(subkind: nil, status: feature.planStatus, dimension: dimension)
        case .file: return FeatureVariant(subkind: nil, status: feature.planStatus, dimension: dimension)
        case .reach, .isochrone: return FeatureVariant(subkind: nil, status: nil, dimension: 2)
        }
    }

    /// The style of a variant: kind defaults, then status dashes, then the spec's overrides.
    public static func style(for variant: FeatureVariant, source: LayerSpec.Source, overrides o: StyleOverrides, label: LabelSpec? = nil) -> FeatureStyle {
        var s = base(variant, source)
        // Status: planned dashed, under construction dotted (lines and outlines).
        if variant.dimension > 0, !isRiver(source) {
            let w = max(s.strokeWidth, 0.8)
            switch variant.status {
            case .planned?: s.dash = [max(6, w * 3), max(3.5, w * 1.8)]
            case .underConstruction?: s.dash = [max(1.5, w * 0.9), max(2.5, w * 1.3)]
            default: break
            }
        }
        if let v = o.fill { s.fill = v }
        if let v = o.fillOpacity { s.fillOpacity = v }
        if let v = o.stroke { s.stroke = v }
        if let v = o.width {
            // A dash pattern scales with the width it was made for.
            if o.dash == nil, !s.dash.isEmpty, s.strokeWidth > 0 { s.dash = s.dash.map { $0 * max(v, 0.8) / max(s.strokeWidth, 0.8) } }
            s.strokeWidth = v
        }
        if let v = o.dash { s.dash = v }
        if let v = o.opacity { s.opacity = v }
        if let v = o.symbol { s.symbol = v }
        if let v = o.size { s.size = v }
        if let label {
            if let v = label.size { s.labelSize = v }
            if let v = label.color { s.labelColor = v }
            if let v = label.bold { s.labelBold = v }
            if let v = label.priority { s.labelPriority = v }
        }
        return s
    }

    static func isRiver(_ source: LayerSpec.Source) -> Bool {
        if case .plan(.river) = source { return true }
        return false
    }

    private static func make(fill: String = "none", fillOpacity: Double = 1, stroke: String = "#555555", width: Double = 1,
                             symbol: PointSymbol = .circle, size: Double = 7, labelSize: Double = 11, labelColor: String = "#222222",
                             bold: Bool = false, priority: Double = 30) -> FeatureStyle {
        FeatureStyle(fill: fill, fillOpacity: fillOpacity, stroke: stroke, strokeWidth: width, dash: [], opacity: 1, symbol: symbol,
                     size: size, labelSize: labelSize, labelColor: labelColor, labelBold: bold, labelPriority: priority)
    }

    private static func base(_ v: FeatureVariant, _ source: LayerSpec.Source) -> FeatureStyle {
        switch source {
        case .plan(let kind):
            switch kind {
            case .boundaries:
                switch v.subkind {
                case "province": return make(stroke: "#5a5a5a", width: 1.6, labelSize: 14, labelColor: "#555555", priority: 20)
                case "city": return make(stroke: "#7a7a7a", width: 1.1, labelSize: 13, labelColor: "#555555", priority: 25)
                default: return make(stroke: "#a0a0a0", width: 0.6, labelSize: 10.5, labelColor: "#666666", priority: 15)
                }
            case .zone: return make(fill: "#f7dfa3", fillOpacity: 0.6, stroke: "#d08a00", width: 1.6, labelSize: 13, labelColor: "#8a5a00", bold: true, priority: 70)
            case .belt: return make(fill: "#9fd0ec", fillOpacity: 0.5, stroke: "#4a9bd0", width: 0.8, labelSize: 12, labelColor: "#1f5f8f", priority: 45)
            case .river: return make(stroke: "#2f7fc1", width: 2.4, labelSize: 12, labelColor: "#1f5f8f", priority: 40)
            case .corridors: return make(fill: "#d9c2e8", fillOpacity: 0.45, stroke: "#8a5aa8", width: 1.0, labelSize: 12, labelColor: "#5e3a78", priority: 45)
            case .corridorAxes: return make(stroke: "#8a5aa8", width: 1.4, priority: 35)
            case .clusters: return make(fill: "#e8631d", stroke: "#ffffff", width: 0.8, symbol: .circle, size: 8, labelSize: 10.5, labelColor: "#a8420f", priority: 40)
            case .specialZone: return make(fill: "#e53935", fillOpacity: 0.4, stroke: "#c62828", width: 1.6, labelSize: 12, labelColor: "#b71c1c", bold: true, priority: 90)
            case .centralCity: return make(fill: "#c9c9c9", fillOpacity: 0.7, stroke: "#9a9a9a", width: 0.6, labelSize: 12, priority: 50)
            case .transport: return transport(v)
            case .places: return place(v)
            }
        case .file:
            switch v.dimension {
            case 0: return make(fill: "#333333", stroke: "#ffffff", width: 0.8, priority: 30)
            case 1: return make(stroke: "#555555", width: 1.0, priority: 25)
            default: return make(fill: "#eeeeee", stroke: "#888888", width: 0.6, priority: 20)
            }
        case .reach: return make(fill: "#d32f2f", fillOpacity: 0.05, stroke: "#d32f2f", width: 1.6, labelSize: 12, labelColor: "#b71c1c", priority: 20)
        case .isochrone: return make(fill: "#2e7d32", fillOpacity: 0.14, stroke: "#2e7d32", width: 1.3, labelSize: 12, labelColor: "#1b5e20", priority: 20)
        }
    }

    private static func transport(_ v: FeatureVariant) -> FeatureStyle {
        switch v.subkind {
        case "railway": return make(stroke: "#3c3c3c", width: 1.8, labelSize: 10.5, labelColor: "#3c3c3c", priority: 32)
        case "high_speed_rail": return make(stroke: "#8e2a8e", width: 2.6, labelSize: 10.5, labelColor: "#6d1f6d", priority: 35)
        case "intercity_rail": return make(stroke: "#1f6fb2", width: 2.2, labelSize: 10.5, labelColor: "#17548a", priority: 34)
        case "airport_express": return make(stroke: "#00897b", width: 2.0, labelSize: 10.5, labelColor: "#00695c", priority: 30)
        case "expressway": return make(stroke: "#e07b00", width: 2.4, labelSize: 10.5, labelColor: "#9a5500", priority: 33)
        case "national_road": return make(stroke: "#c23b22", width: 1.6, labelSize: 10, labelColor: "#8f2a18", priority: 28)
        case "provincial_road": return make(stroke: "#b8860b", width: 1.3, labelSize: 10, labelColor: "#7a5a08", priority: 26)
        case "airport": return make(fill: "#1f6fb2", stroke: "#ffffff", width: 0.8, symbol: .plane, size: 15, labelSize: 10.5, labelColor: "#17548a", priority: 60)
        default: return make(stroke: "#666666", width: 1.2, priority: 25)
        }
    }

    private static func place(_ v: FeatureVariant) -> FeatureStyle {
        switch v.subkind {
        case "city_centre": return make(fill: "#d32f2f", stroke: "#ffffff", width: 0.8, symbol: .ring, size: 13, labelSize: 15, labelColor: "#111111", bold: true, priority: 100)
        case "county_seat": return make(fill: "#d32f2f", stroke: "#ffffff", width: 0.7, symbol: .star, size: 13, labelSize: 12.5, labelColor: "#111111", bold: true, priority: 80)
        case "station": return make(fill: "#1f4e8c", stroke: "#ffffff", width: 0.7, symbol: .train, size: 12, labelSize: 10, labelColor: "#1f4e8c", priority: 60)
        case "airport": return make(fill: "#1f6fb2", stroke: "#ffffff", width: 0.8, symbol: .plane, size: 15, labelSize: 10.5, labelColor: "#17548a", priority: 65)
        case "town": return make(fill: "#ffffff", stroke: "#333333", width: 1.2, symbol: .circle, size: 6.5, labelSize: 10.5, labelColor: "#333333", priority: 50)
        case "village": return make(fill: "#ffffff", stroke: "#555555", width: 1.0, symbol: .square, size: 5.5, labelSize: 9.5, labelColor: "#444444", priority: 35)
        case "landmark": return make(fill: "#2e7d32", stroke: "#ffffff", width: 0.7, symbol: .square, size: 7, labelSize: 9.5, labelColor: "#1b5e20", priority: 38)
        default: return make(fill: "#333333", stroke: "#ffffff", width: 0.7, symbol: .circle, size: 6, priority: 30)
        }
    }

    /// Chinese names of transport modes, place kinds and boundary levels, for the legend.
    public static func chineseName(ofSubkind subkind: String) -> String? {
        let names: [String: String] = [
            "railway": "普速铁路", "high_speed_rail": "高速铁路", "intercity_rail": "城际铁路", "airport_express": "机场快线",
            "expressway": "高速公路、快速路", "national_road": "国道", "provincial_road": "省道", "airport": "机场",
            "city_centre": "城市中心", "county_seat": "县城", "station": "铁路车站", "town": "乡镇", "village": "村庄",
            "landmark": "景点、纪念地", "province": "省界", "city": "市界", "county": "县（区）界",
        ]
        return names[subkind]
    }
}
