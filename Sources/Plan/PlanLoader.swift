import Foundation
import TongchengGeodesy
import TongchengGeometry
import TongchengInterchange
import TongchengTopology
import TongchengProcessIO

/// Limits the plan's validation applies.
///
/// ```swift
/// var rules = PlanRules()
/// rules.specialZoneToleranceSquareMetres = 2e6  // ±2 km²
/// ```
public struct PlanRules: Sendable {
    /// How far the special zone's geodesic area may be from its `area_target_km2`.
    public var specialZoneToleranceSquareMetres: Double = 1_000_000
    /// Properties every plan element must have.
    public var requiredProperties = ["name", "name_en", "kind", "status", "source", "accuracy"]
    /// Properties every place must have (places have no status).
    public var requiredPlaceProperties = ["name", "name_en", "kind", "source", "accuracy"]
    /// Properties every boundary must have.
    public var requiredBoundaryProperties = ["adcode", "name", "name_en", "level"]

    public init() {}
}

/// Reads a plan folder and collects every problem instead of stopping at the first.
struct PlanLoader {
    let directory: String
    let rules: PlanRules

    func load() throws -> Plan {
        var problems: [PlanProblem] = []
        let manifestPath = (directory as NSString).appendingPathComponent("plan.json")
        guard FileManager.default.fileExists(atPath: manifestPath) else {
            throw PlanLoadError(directory: directory, problems: [PlanProblem(file: manifestPath, message: "no plan manifest (plan.json) in this folder")])
        }
        let manifest: JSONValue
        do {
            manifest = try JSONValue.parse(String(decoding: try InputFile.readBytes(path: manifestPath), as: UTF8.self), name: manifestPath)
        } catch {
            throw PlanLoadError(directory: directory, problems: [PlanProblem(file: "plan.json", message: "not valid JSON: \(error)")])
        }
        guard let layerMap = manifest["layers"]?.objectValue else {
            throw PlanLoadError(directory: directory, problems: [PlanProblem(file: "plan.json", message: "needs a \"layers\" object mapping layer kinds to files")])
        }
        var plan = Plan(name: manifest["name"]?.stringValue ?? directory, directory: directory, layers: [:])
        for (key, value) in layerMap {
            guard let kind = LayerKind(rawValue: key) else {
                problems.append(PlanProblem(file: "plan.json", message: "unknown layer \"\(key)\" (known: \(LayerKind.allCases.map(\.rawValue).joined(separator: ", ")))"))
                continue
            }
            guard let file = value.stringValue else {
                problems.append(PlanProblem(file: "plan.json", message: "layer \"\(key)\" must name a file"))
                continue
            }
            let path = (directory as NSString).appendingPathComponent(file)
            do {
                // Any source Tongcheng reads (`zones.shp`, `plan.gpkg|layer=zone`), coordinates checked.
                let fc = try FeatureSource.read(path)
                plan.layers[kind] = PlanLayer(kind: kind, file: file, collection: fc)
            } catch let e as InterchangeError {
                var shown = e
                shown.file = file
                problems.append(PlanProblem(file: file, message: e.kind == .missingFile ? "missing file (named by plan.json for layer \"\(key)\")"
                                                : shown.description.replacingOccurrences(of: "\(file): ", with: "")))
            } catch let e as ProjectionError {
                problems.append(PlanProblem(file: file, message: e.description))
            } catch let e as GeoJSONError {
                switch e.kind {
                case .missingFile: problems.append(PlanProblem(file: file, message: "missing file (named by plan.json for layer \"\(key)\")"))
                default:
                    var shown = e
                    shown.file = file
                    problems.append(PlanProblem(file: file, message: shown.description.replacingOccurrences(of: "\(file): ", with: "")))
                }
            }
        }
        problems += validate(plan)
        plan.problems = problems
        return plan
    }

    func validate(_ plan: Plan) -> [PlanProblem] {
        var problems: [PlanProblem] = []
        var ids: [String: String] = [:]
        let region = regionGeometry(plan)
        let lankao = plan.lankao?.geometry
        let preparedRegion = region.flatMap { try? PreparedGeometry($0) }
        let preparedLankao = lankao.flatMap { try? PreparedGeometry($0) }

        for kind in LayerKind.allCases {
            guard let layer = plan.layers[kind] else { continue }
            for (k, f) in layer.features.enumerated() {
                let label = f.planID ?? "features[\(k)]"
                func problem(_ m: String) { problems.append(PlanProblem(file: layer.file, feature: label, message: m)) }
                guard let g = f.geometry else {
                    problem("has no geometry")
                    continue
                }
                if !kind.allowedDimensions.contains(g.dimension) {
                    problem("is a \(g.typeName), but the \(kind.rawValue) layer holds \(kind.geometryDescription)")
                }
                if kind == .boundaries {
                    for p in rules.requiredBoundaryProperties where f[property: p] == nil { problem("has no \"\(p)\" property") }
                    continue
                }
                guard let id = f.planID else {
                    problem("has no id (give it an \"id\" member or property)")
                    continue
                }
                if let other = ids[id] { problem("duplicate id \"\(id)\" (also in \(other))") } else { ids[id] = layer.file }
                let required = kind == .places ? rules.requiredPlaceProperties : rules.requiredProperties
                for p in required where f[property: p] == nil || f[property: p] == .null { problem("has no \"\(p)\" property") }
                if let s = f[property: "status"]?.stringValue, PlanStatus(rawValue: s) == nil {
                    problem("unknown status \"\(s)\" (use existing, planned or under_construction)")
                }
                if let a = f[property: "accuracy"]?.stringValue, PlanAccuracy(rawValue: a) == nil {
                    problem("unknown accuracy \"\(a)\" (use surveyed, digitised or schematic)")
                }
                if kind == .transport, let m = f.mode, TransportMode(rawValue: m) == nil {
                    problem("unknown mode \"\(m)\" (use \(TransportMode.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                if kind == .places, let k = f.kindProperty, PlaceKind(rawValue: k) == nil {
                    problem("unknown kind of place \"\(k)\" (use \(PlaceKind.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                if g.dimension == 0, let preparedRegion, let inside = try? preparedRegion.covers(g), !inside {
                    problem("lies outside Henan and the bundled neighbouring boundaries (are longitude and latitude right?)")
                } else if kind == .clusters, let preparedLankao, let inside = try? preparedLankao.covers(g), !inside {
                    problem("a cluster of Lankao lies outside Lankao county")
                }
                if kind == .specialZone {
                    let area = g.geodesicArea()
                    if let target = f[property: "area_target_km2"]?.doubleValue {
                        let tolerance = rules.specialZoneToleranceSquareMetres
                        if abs(area - target * 1e6) > tolerance {
                            problem(String(format: "measures %.2f km² on the ellipsoid, more than %.1f km² from its target of %g km²", area / 1e6, tolerance / 1e6, target))
                        }
                    }
                    if let preparedLankao, let inside = try? preparedLankao.covers(g), !inside {
                        problem("does not lie inside Lankao county")
                    }
                }
            }
        }
        if plan.layers[.boundaries] != nil && plan.lankao == nil {
            problems.append(PlanProblem(file: plan.layers[.boundaries]!.file, message: "has no boundary with adcode 410225 (Lankao), which the plan's checks need"))
        }
        return problems
    }

    /// Henan and the neighbouring boundaries bundled with it: where plan points may lie.
    func regionGeometry(_ plan: Plan) -> Geometry? {
        let parts = plan.features(.boundaries).compactMap(\.geometry)
        guard !parts.isEmpty else { return nil }
        return try? Geometry.union(of: parts)
    }
}
