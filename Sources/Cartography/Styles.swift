import TongchengGeometry
import TongchengPlan

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

/// Default styles per layer kind, mode and status, so that specs stay short; the styles
/// themselves are the entries of `StyleTable`.
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
        var s = StyleTable.entry(for: variant, source: source).style
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

    /// The variant of a feature of `layer`: for a land-use layer (`classes:`), the sub-kind is its
    /// class code (a class name is looked up in the classification), else as `variant(of:source:)`.
    public static func variant(of feature: Feature, layer: LayerSpec) -> FeatureVariant {
        guard let c = layer.classes else { return variant(of: feature, source: layer.source) }
        let raw = feature[property: c.field].flatMap { $0 == .null ? nil : $0.displayText }
        let code = raw.flatMap { LandUseClassification.isCode($0) ? $0 : c.classification.code(named: $0) ?? $0 }
        return FeatureVariant(subkind: code ?? "none", status: nil, dimension: feature.geometry?.dimension ?? 2)
    }

    /// The style of a variant of `layer`: a land-use layer's classes filled with the `landuse`
    /// colours (`LandUseStyles`) and thin white edges, unless the spec sets them; else as
    /// `style(for:source:overrides:label:)`.
    public static func style(for variant: FeatureVariant, layer: LayerSpec) -> FeatureStyle {
        var s = style(for: variant, source: layer.source, overrides: layer.style, label: layer.label)
        guard let c = layer.classes else { return s }
        if layer.style.fill == nil { s.fill = variant.subkind.flatMap { LandUseStyles.fill(for: $0, classification: c.classification) } ?? "#eeeeee" }
        if layer.style.fillOpacity == nil { s.fillOpacity = 1 }
        if layer.style.stroke == nil { s.stroke = "#ffffff" }
        if layer.style.width == nil { s.strokeWidth = 0.3 }
        return s
    }

    static func isRiver(_ source: LayerSpec.Source) -> Bool {
        if case .plan(.river) = source { return true }
        return false
    }

    /// Chinese names of transport modes, place kinds and boundary levels, for the legend (the
    /// `StyleTable` entries' names).
    public static func chineseName(ofSubkind subkind: String) -> String? {
        StyleTable.entries.first { $0.key.hasSuffix("/" + subkind) && $0.value.legendName != nil }?.value.legendName
    }
}
