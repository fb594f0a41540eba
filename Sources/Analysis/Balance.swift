import TongchengGeodesy
import TongchengGeometry
import TongchengTopology

/// 占补平衡: the farmland a plan occupies against the farmland a supplement layer adds. The
/// occupied area is where the plan's features (merged, so that overlapping features count once)
/// overlap the farmland layer; the supplement's is the area of its features merged; the net is
/// supplement − occupied (balanced when it is 0 or more). Areas are geodesic; the plan's edges
/// are cut geodesically as `Conform` cuts them.
///
/// ```swift
/// let b = try Balance(jobs: 2).run(plan: specialZone, farmland: farmland, supplement: newFarmland)
/// print(b.occupiedSquareMetres, b.supplementSquareMetres, b.netSquareMetres, b.isBalanced)
/// ```
public struct Balance: Sendable {
    public var jobs: Int
    public var check: ValidityCheck

    public init(jobs: Int = 1, check: ValidityCheck = .refuse) {
        self.jobs = jobs
        self.check = check
    }

    public struct Result: Sendable {
        /// Farmland the plan occupies, m².
        public var occupiedSquareMetres: Double
        /// The supplement layer's area, m².
        public var supplementSquareMetres: Double
        /// Where the supplement lies inside the plan itself (it cannot make up for farmland the plan takes), m².
        public var supplementInsidePlanSquareMetres: Double
        public init(occupiedSquareMetres: Double, supplementSquareMetres: Double, supplementInsidePlanSquareMetres: Double) {
            self.occupiedSquareMetres = occupiedSquareMetres
            self.supplementSquareMetres = supplementSquareMetres
            self.supplementInsidePlanSquareMetres = supplementInsidePlanSquareMetres
        }

        /// supplement − occupied.
        public var netSquareMetres: Double { supplementSquareMetres - occupiedSquareMetres }
        public var isBalanced: Bool { netSquareMetres >= 0 }
    }

    public func run(plan: [FeatureRef], farmland: [FeatureRef], supplement: [FeatureRef]) throws -> Result {
        let planPolygons = plan.compactMap { $0.geometry?.dimension == 2 ? $0.geometry?.withGeodesicEdges() : nil }
        let planUnion: Geometry? = planPolygons.isEmpty ? nil : try Geometry.union(of: planPolygons)
        let occupied = try planUnion.map { try area(of: farmland, inside: $0) } ?? 0
        let supplementPolygons = supplement.compactMap { $0.geometry?.dimension == 2 ? $0.geometry?.withGeodesicEdges() : nil }
        for ref in supplement {
            if let g = ref.geometry, g.dimension == 2, check == .refuse {
                let v = try g.validity()
                if !v.isValid { throw InvalidGeometryError(file: ref.file, index: ref.index, id: ref.feature.id?.text, reason: v.reason ?? "invalid", location: v.location) }
            }
        }
        var supplementUnion: Geometry?
        if !supplementPolygons.isEmpty {
            let repaired = try check == .repair ? supplementPolygons.map { try $0.isValid() ? $0 : $0.madeValid() } : supplementPolygons
            supplementUnion = try Geometry.coverageUnion(of: repaired) ?? Geometry.union(of: repaired)
        }
        let inside = try planUnion.flatMap { p in try supplementUnion.map { Overlay.keepDimension(try $0.intersection(p), of: $0).geodesicArea() } } ?? 0
        return Result(occupiedSquareMetres: occupied, supplementSquareMetres: supplementUnion?.geodesicArea() ?? 0, supplementInsidePlanSquareMetres: inside)
    }

    /// The area of `features` inside `area`, features clipped a chunk per thread against `area` prepared once per thread.
    func area(of features: [FeatureRef], inside area: Geometry) throws -> Double {
        let size = 1024
        let chunks = (features.count + size - 1) / size
        return try forEachChunk(count: chunks, jobs: jobs, prepare: { try PreparedLayer([area]) }) { prepared, c -> Double in
            var meter = GeodesicAreaMeter()
            var sum = 0.0
            for ref in features[c * size..<min(features.count, (c + 1) * size)] {
                guard let g = ref.geometry?.withGeodesicEdges(), g.dimension == 2 else { continue }
                let clip = try prepared.clip(g, check: check)
                if let v = clip.invalid {
                    throw InvalidGeometryError(file: ref.file, index: ref.index, id: ref.feature.id?.text, reason: v.reason ?? "invalid", location: v.location)
                }
                let geometry = clip.repaired ?? g
                for (_, piece) in clip.pieces {
                    switch piece {
                    case .whole: sum += meter.area(of: geometry)
                    case .part(let p): sum += meter.area(of: Overlay.keepDimension(p, of: geometry))
                    }
                }
            }
            return sum
        }.reduce(0, +)
    }
}
