import Geodesy
import Geometry
import Topology

/// Every pair of polygon features whose interiors overlap, with the shared area (geodesic) and
/// the share of each side. Candidate pairs come from an STRtree, so thousands of features need
/// far fewer than n² intersection tests.
///
/// ```swift
/// let pairs = try Overlap().pairs(within: planZones)                 // one layer against itself
/// let across = try Overlap().pairs(between: specialZone, and: belt)  // two layers
/// ```
public struct Overlap: Sendable {
    public var jobs: Int
    /// Shared areas at or below this are rounding slivers between features that only touch
    /// (coordinates like 0.01·3 and 0.01 + 0.02 differ in the last bit), not overlaps.
    public var minimumAreaSquareMetres: Double

    public init(jobs: Int = 1, minimumAreaSquareMetres: Double = 1e-4) {
        self.jobs = jobs
        self.minimumAreaSquareMetres = minimumAreaSquareMetres
    }

    public struct Pair: Sendable {
        public var a: FeatureRef
        public var b: FeatureRef
        public var areaSquareMetres: Double
        public var fractionOfA: Double
        public var fractionOfB: Double
        public var shared: Geometry

        /// A pair as another engine (PostGIS) computed it.
        public init(a: FeatureRef, b: FeatureRef, areaSquareMetres: Double, fractionOfA: Double, fractionOfB: Double, shared: Geometry) {
            self.a = a
            self.b = b
            self.areaSquareMetres = areaSquareMetres
            self.fractionOfA = fractionOfA
            self.fractionOfB = fractionOfB
            self.shared = shared
        }
    }

    /// Pairs within one list (each unordered pair once, a before b).
    public func pairs(within refs: [FeatureRef]) throws -> [Pair] {
        try compute(refs, refs, samePool: true)
    }

    /// Pairs across two lists.
    public func pairs(between a: [FeatureRef], and b: [FeatureRef]) throws -> [Pair] {
        try compute(a, b, samePool: false)
    }

    func compute(_ a: [FeatureRef], _ b: [FeatureRef], samePool: Bool) throws -> [Pair] {
        let positionsB = b.indices.filter { b[$0].geometry?.dimension == 2 }
        let polygonsB = positionsB.map { b[$0] }
        let index = try SpatialIndex(polygonsB.map { $0.geometry! })
        let areasB = try parallelMap(polygonsB, jobs: jobs) { $0.geometry!.geodesicArea() }
        let candidates = a.enumerated().filter { $0.element.geometry?.dimension == 2 }
        let found = try parallelMap(candidates, jobs: jobs) { (i, ref) -> [Pair] in
            let g = ref.geometry!
            let hits = try index.query(g)
            guard !hits.isEmpty else { return [] }
            let areaA = g.geodesicArea()
            let prepared = try PreparedGeometry(g)
            var pairs: [Pair] = []
            for j in hits {
                let other = polygonsB[j]
                if samePool {
                    // Each unordered pair once: only partners that come later in the same list.
                    guard positionsB[j] > i else { continue }
                }
                let h = other.geometry!
                guard try prepared.intersects(h) else { continue }
                let shared = Overlay.keepDimension(try g.intersection(h), of: g)
                let area = shared.geodesicArea()
                guard area > minimumAreaSquareMetres else { continue }  // touching only: interiors do not overlap
                pairs.append(Pair(a: ref, b: other, areaSquareMetres: area,
                                  fractionOfA: areaA > 0 ? area / areaA : 0, fractionOfB: areasB[j] > 0 ? area / areasB[j] : 0, shared: shared))
            }
            return pairs
        }
        return found.flatMap { $0 }
    }
}
