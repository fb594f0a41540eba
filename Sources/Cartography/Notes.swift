import TongchengAnalysis
import Foundation
import TongchengGeodesy
import TongchengGeometry
import TongchengPlan
import TongchengTopology

/// Fills the `{…}` placeholders of notes and label templates from analyses, so that a printed
/// figure is always the one the data give now.
///
/// Placeholders in notes (TARGET is a boundary's adcode such as `410225`, a layer id of the spec,
/// or a plan feature id such as `special-cooperation-zone`):
/// - `{share:LAYER:TARGET}` — percentage of TARGET's geodesic area inside LAYER's features, one
///   decimal (for a `reach` layer computed with Analysis `Reach.measure`, as `tongcheng reach` does);
/// - `{inside_km2:LAYER:TARGET}` — that area in km², one decimal;
/// - `{area_km2:TARGET}` — TARGET's geodesic area in km², one decimal;
/// - `{count:LAYER}` — how many of LAYER's features are drawn;
/// - `{date}` — the furniture's `date`.
///
/// In label templates: `{PROPERTY}` is the feature's property, `{@area_km2}` its geodesic area in
/// km², `{@length_km}` its geodesic length in km (one decimal each).
///
/// ```swift
/// // notes: ["兰考县在郑州 100 km 内的面积占比 {share:reach:410225}%"]
/// let text = try filler.fill("{share:reach:410225}%", line: 12)   // "…%"
/// ```
struct NoteFiller {
    let spec: MapSpec
    let sources: LayerSources
    /// Features of each layer (WGS 84) and how many were drawn.
    let layers: [String: (spec: LayerSpec, features: [Feature], drawn: Int)]

    func fill(_ template: String, line: Int?) throws -> String {
        do {
            return try NoteFiller.substitute(template) { key in try value(key, line: line) }
        } catch let e as TemplateError {
            throw MapSpecError(kind: .badSpec, file: spec.file, line: line, message: e.message)
        }
    }

    private func fail(_ message: String, _ line: Int?) -> MapSpecError {
        MapSpecError(kind: .badSpec, file: spec.file, line: line, message: message)
    }

    private func value(_ key: String, line: Int?) throws -> String {
        let parts = key.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        switch parts[0] {
        case "share", "inside_km2":
            guard parts.count == 3 else { throw fail("{\(key)}: write {\(parts[0]):LAYER:TARGET}", line) }
            let (fraction, inside) = try share(layerID: parts[1], target: parts[2], line: line)
            return parts[0] == "share" ? SVGNumber.formatFixed(fraction * 100, decimals: 1) : SVGNumber.formatFixed(inside / 1e6, decimals: 1)
        case "area_km2":
            guard parts.count == 2 else { throw fail("{\(key)}: write {area_km2:TARGET}", line) }
            return SVGNumber.formatFixed(try target(parts[1], line: line).geodesicArea() / 1e6, decimals: 1)
        case "count":
            guard parts.count == 2, let layer = layers[parts[1]] else { throw fail("{\(key)}: write {count:LAYER} with a layer id of this spec", line) }
            return String(layer.drawn)
        case "date":
            guard let date = spec.furniture.sourceDate else { throw fail("{date} needs furniture: date:", line) }
            return date
        default:
            throw fail("unknown placeholder {\(key)} (share, inside_km2, area_km2, count, date)", line)
        }
    }

    /// The fraction of the target's area inside the layer, and that area (m²): Analysis
    /// `Reach.measure(_:inside:)`, as `tongcheng reach` and `isochrone` compute it, against the
    /// layer's disc or isochrone as drawn, or the union of its areas.
    private func share(layerID: String, target targetText: String, line: Int?) throws -> (Double, Double) {
        guard let layer = layers[layerID] else { throw fail("no layer \"\(layerID)\" in this spec", line) }
        let target = try target(targetText, line: line)
        guard target.dimension == 2 else { throw fail("\(targetText) has no area", line) }
        let mask: Geometry
        if let derived = sources.derivedGeometry(layerID) {
            mask = derived
        } else {
            let areas = layer.features.compactMap(\.geometry).filter { $0.dimension == 2 }
            guard !areas.isEmpty else { throw fail("layer \"\(layerID)\" has no areas", line) }
            mask = areas.count == 1 ? areas[0] : try Geometry.union(of: areas)
        }
        let ref = FeatureRef(file: targetText, index: 0, feature: Feature(geometry: target))
        let row = try Reach.measure([ref], inside: mask)[0]
        return (row.fraction, row.insideSquareMetres)
    }

    /// A boundary by adcode, a spec layer's features (merged), or a plan feature by id.
    private func target(_ text: String, line: Int?) throws -> Geometry {
        if let adcode = Int(text) {
            guard let g = try sources.plan(line: line).boundary(adcode: adcode)?.geometry else { throw fail("no boundary with adcode \(adcode) in the plan", line) }
            return g
        }
        if let layer = layers[text] {
            let gs = layer.features.compactMap(\.geometry)
            guard !gs.isEmpty else { throw fail("layer \"\(text)\" is empty", line) }
            return gs.count == 1 ? gs[0] : try Geometry.union(of: gs)
        }
        let plan = try sources.plan(line: line)
        for kind in LayerKind.allCases {
            if let g = plan[kind]?.feature(id: text)?.geometry { return g }
        }
        throw fail("\"\(text)\" is neither an adcode, a layer of this spec nor a plan feature id", line)
    }

    /// Replaces every `{key}` by `value(key)`; `{{` and `}}` write braces.
    static func substitute(_ template: String, _ value: (String) throws -> String) throws -> String {
        var out = ""
        var i = template.startIndex
        while i < template.endIndex {
            let c = template[i]
            let next = template.index(after: i)
            if c == "{", next < template.endIndex, template[next] == "{" {
                out.append("{")
                i = template.index(after: next)
            } else if c == "}", next < template.endIndex, template[next] == "}" {
                out.append("}")
                i = template.index(after: next)
            } else if c == "{" {
                guard let close = template[next...].firstIndex(of: "}") else { throw TemplateError(message: "an unclosed { in \"\(template)\"") }
                out += try value(String(template[next..<close]))
                i = template.index(after: close)
            } else {
                out.append(c)
                i = next
            }
        }
        return out
    }

    /// A label's text: the template filled from the feature, or the field's value.
    static func labelText(_ label: LabelSpec, feature: Feature) -> String? {
        if let id = feature.planID, let replaced = label.replace.first(where: { $0.id == id }) { return replaced.text }
        guard let template = label.template else {
            guard let v = feature[property: label.field], !v.isNull else { return nil }
            let text = v.displayText
            return text.isEmpty ? nil : text
        }
        let result = try? substitute(template.replacingOccurrences(of: "\\n", with: "\n")) { key -> String in
            switch key {
            case "@area_km2": return SVGNumber.formatFixed((feature.geometry?.geodesicArea() ?? 0) / 1e6, decimals: 1)
            case "@length_km": return SVGNumber.formatFixed((feature.geometry?.geodesicLength() ?? 0) / 1000, decimals: 1)
            default: return feature[property: key]?.displayText ?? ""
            }
        }
        guard let text = result, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
        return text
    }
}

/// A template that cannot be filled (an unclosed brace).
struct TemplateError: Error {
    var message: String
}

extension SVGNumber {
    /// Fixed decimals kept (30.0, not 30): for figures printed on the map.
    ///
    /// ```swift
    /// SVGNumber.formatFixed(30, decimals: 1)   // "30.0"
    /// ```
    public static func formatFixed(_ v: Double, decimals: Int) -> String {
        var s = format(v, decimals: decimals)
        guard decimals > 0 else { return s }
        if !s.contains(".") { s += "." }
        let have = s.count - 1 - s.distance(from: s.startIndex, to: s.firstIndex(of: ".")!)
        return s + String(repeating: "0", count: decimals - have)
    }
}
