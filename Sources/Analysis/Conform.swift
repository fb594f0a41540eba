import Foundation
import TongchengGeodesy
import TongchengGeometry
import TongchengTopology

/// 合规性审查: every piece of a plan feature that overlaps a forbidden layer (permanent basic
/// farmland, the ecological red line) or lies outside a required one (the development boundary),
/// with its geodesic area.
///
/// Forbidden layers may hold many polygons (a county's farmland): they are clipped against the
/// plan features prepared once per thread, and only polygons crossing a plan feature's edge are
/// overlaid (one wholly inside a plan feature conflicts as a whole).
///
/// ```swift
/// let layers = [Conform.Layer(file: "farmland.geojson", rule: .forbid, features: farmland)]
/// let conflicts = try Conform(jobs: 2).run(plan: specialZone, constraints: layers)
/// let total = conflicts.reduce(0) { $0 + $1.areaSquareMetres }
/// ```
public struct Conform: Sendable {
    public enum Rule: String, Sendable {
        /// The plan must not overlap the layer.
        case forbid
        /// The plan must lie within the layer.
        case within
    }

    /// A constraint layer: its file (as results name it), its rule and its features.
    public struct Layer: Sendable {
        public var file: String
        public var rule: Rule
        public var features: [FeatureRef]

        public init(file: String, rule: Rule, features: [FeatureRef]) {
            self.file = file
            self.rule = rule
            self.features = features
        }
    }

    /// One conflict: a piece of a plan feature against one constraint feature (`forbid`) or
    /// outside a whole required layer (`within`, `constraint` is `nil`).
    public struct Conflict: Sendable {
        public var feature: FeatureRef
        public var file: String
        public var constraint: FeatureRef?
        public var rule: Rule
        public var areaSquareMetres: Double
        public var geometry: Geometry
    }

    public var jobs: Int
    public var check: ValidityCheck
    /// Pieces at or below this are rounding slivers of features that only touch, not conflicts.
    public var minimumAreaSquareMetres: Double
    /// Counts constraint features checked (forbidden layers) and plan features (required ones).
    public var progress: ProgressCounter?

    public init(jobs: Int = 1, check: ValidityCheck = .refuse, minimumAreaSquareMetres: Double = 1e-4) {
        self.jobs = jobs
        self.check = check
        self.minimumAreaSquareMetres = minimumAreaSquareMetres
    }

    /// Every conflict, by plan feature, then layer, then constraint feature.
    public func run(plan: [FeatureRef], constraints: [Layer]) throws -> [Conflict] {
        let planFeatures = plan.filter { $0.geometry?.dimension == 2 }
        // Edges are geodesics (docs/semantics.md): both operands are cut into geodesic pieces.
        let planGeometries: [Geometry?] = planFeatures.map { $0.geometry?.withGeodesicEdges() }
        var conflicts: [(order: (Int, Int, Int), conflict: Conflict)] = []
        progress?.start("conform", total: constraints.reduce(0) { $0 + ($1.rule == .forbid ? $1.features.count : planFeatures.count) })
        for (l, layer) in constraints.enumerated() {
            switch layer.rule {
            case .forbid:
                let size = 1024
                let chunks = (layer.features.count + size - 1) / size
                let found = try forEachChunk(count: chunks, jobs: jobs, prepare: { try PreparedLayer(planGeometries) }) { prepared, c -> [(Int, Int, Conflict)] in
                    var out: [(Int, Int, Conflict)] = []
                    let range = c * size..<min(layer.features.count, (c + 1) * size)
                    defer { progress?.advance(by: range.count) }
                    for k in range {
                        let ref = layer.features[k]
                        guard let g = ref.geometry?.withGeodesicEdges(), g.dimension == 2 else { continue }
                        let clip = try prepared.clip(g, check: check)
                        if let v = clip.invalid {
                            throw InvalidGeometryError(file: ref.file, index: ref.index, id: ref.feature.id?.text, reason: v.reason ?? "invalid", location: v.location)
                        }
                        let geometry = clip.repaired ?? g
                        for (p, piece) in clip.pieces {
                            let part: Geometry
                            switch piece {
                            case .whole: part = geometry
                            case .part(let x): part = Overlay.keepDimension(x, of: geometry)
                            }
                            let area = part.geodesicArea()
                            guard area > minimumAreaSquareMetres else { continue }
                            out.append((p, k, Conflict(feature: planFeatures[p], file: layer.file, constraint: ref, rule: .forbid, areaSquareMetres: area, geometry: part)))
                        }
                    }
                    return out
                }
                for chunk in found { for (p, k, c) in chunk { conflicts.append(((p, l, k), c)) } }
            case .within:
                let required = try PreparedLayer(layer.features.map { $0.geometry?.dimension == 2 ? $0.geometry?.withGeodesicEdges() : nil })
                for (p, ref) in planFeatures.enumerated() {
                    defer { progress?.advance() }
                    guard let g = planGeometries[p], let box = g.boundingBox else { continue }
                    let candidates = try required.candidates(box)
                    guard let rest = try required.outside(g, among: candidates) else { continue }
                    let part = Overlay.keepDimension(rest, of: g)
                    let area = part.geodesicArea()
                    guard area > minimumAreaSquareMetres else { continue }
                    conflicts.append(((p, l, -1), Conflict(feature: ref, file: layer.file, constraint: nil, rule: .within, areaSquareMetres: area, geometry: part)))
                }
            }
        }
        return conflicts.sorted { a, b in
            a.order.0 != b.order.0 ? a.order.0 < b.order.0 : a.order.1 != b.order.1 ? a.order.1 < b.order.1 : a.order.2 < b.order.2
        }.map(\.conflict)
    }
}
