import TongchengGeodesy
import TongchengGeometry
import TongchengTopology

/// Every pair of polygon features whose interiors overlap, with the shared area (geodesic) and
/// the share of each side. Candidate pairs come from an STRtree, so thousands of features need
/// far fewer than n² intersection tests.
///
/// ```swift
/// let pairs = try Overlap().pairs(within: planZones)                 // one layer against itself
/// let across = try Overlap().pairs(between: specialZone, and: belt)  // two layers
/// ```
public struct Overlap: Sendable {
    /// Threads to use (the pairs and their order do not depend on it).
    public var jobs: Int
    /// Shared areas at or below this are rounding slivers between features that only touch
    /// (coordinates like 0.01·3 and 0.01 + 0.02 differ in the last bit), not overlaps.
    public var minimumAreaSquareMetres: Double
    /// Counts the features of the first list compared (`nil`: no progress kept).
    public var progress: ProgressCounter?

    /// `Overlap(jobs: 2)`: compare on two threads; `minimumAreaSquareMetres` drops slivers of features that only touch.
    public init(jobs: Int = 1, minimumAreaSquareMetres: Double = 1e-4) {
        self.jobs = jobs
        self.minimumAreaSquareMetres = minimumAreaSquareMetres
    }

    /// Two features whose interiors overlap, and what they share.
    ///
    /// ```swift
    /// for p in try Overlap().pairs(between: zones, and: belt) { print(p.b.feature.name ?? "", p.areaSquareMetres / 1e6, "km²", p.fractionOfA) }
    /// ```
    public struct Pair: Sendable {
        /// The feature of the first list.
        public var a: FeatureRef
        /// The feature of the second list (or the later one within one list).
        public var b: FeatureRef
        /// The shared area, geodesic, in m².
        public var areaSquareMetres: Double
        /// The shared area over `a`'s own geodesic area (0…1).
        public var fractionOfA: Double
        /// The shared area over `b`'s own geodesic area (0…1).
        public var fractionOfB: Double
        /// The shared part itself (longitude/latitude).
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
        var out: [Pair] = []
        try forEachPair(refs, refs, samePool: true) { out.append($0) }
        return out
    }

    /// Pairs across two lists.
    public func pairs(between a: [FeatureRef], and b: [FeatureRef]) throws -> [Pair] {
        var out: [Pair] = []
        try forEachPair(a, b, samePool: false) { out.append($0) }
        return out
    }

    /// Streams the pairs (within one list when `b` is nil) to `body` in the same order as
    /// `pairs`, holding only one batch of features' pairs at a time: memory stays constant in the
    /// number of pairs (2,000 identical squares make two million). Stops after `limit` pairs and
    /// returns whether it did.
    ///
    /// ```swift
    /// let cut = try Overlap().forEachPair(in: zones, limit: 100) { print($0.areaSquareMetres) }
    /// ```
    @discardableResult
    public func forEachPair(in a: [FeatureRef], and b: [FeatureRef]? = nil, limit: Int? = nil, _ body: (Pair) throws -> Void) throws -> Bool {
        var delivered = 0
        var stopped = false
        try forEachPair(a, b ?? a, samePool: b == nil) { pair in
            if let limit, delivered >= limit {
                stopped = true
                throw StopPairs()
            }
            try body(pair)
            delivered += 1
        }
        return stopped
    }

    struct StopPairs: Error {}

    func forEachPair(_ a: [FeatureRef], _ b: [FeatureRef], samePool: Bool, _ body: (Pair) throws -> Void) throws {
        // Polygons only, each with its geometry unwrapped once.
        let positionsB = b.indices.filter { b[$0].geometry?.dimension == 2 }
        // Edges are geodesics (docs/semantics.md): both sides are cut into geodesic pieces once.
        let polygonsB = try parallelMap(positionsB, jobs: jobs) { k in (b[k], b[k].geometry!.withGeodesicEdges()) }
        let index = try SpatialIndex(polygonsB.map(\.1))
        let areasB = try parallelMap(polygonsB, jobs: jobs) { $0.1.geodesicArea() }
        let candidates = try parallelMap(Array(a.enumerated().filter { $0.element.geometry?.dimension == 2 }), jobs: jobs) { i, ref in
            (i, ref, ref.geometry!.withGeodesicEdges())
        }
        let batch = max(16, jobs * 8)
        progress?.start("overlap", total: candidates.count)
        var start = 0
        do {
            while start < candidates.count {
                let slice = Array(candidates[start..<min(start + batch, candidates.count)])
                start += batch
                let found = try parallelMap(slice, jobs: jobs) { (i, ref, g) -> [Pair] in
                    let hits = try index.query(g)
                    guard !hits.isEmpty else { return [] }
                    let areaA = g.geodesicArea()
                    let prepared = try PreparedGeometry(g)
                    var pairs: [Pair] = []
                    for j in hits {
                        let (other, h) = polygonsB[j]
                        if samePool {
                            // Each unordered pair once: only partners that come later in the same list.
                            guard positionsB[j] > i else { continue }
                        }
                        guard try prepared.intersects(h) else { continue }
                        let shared = Overlay.keepDimension(try g.intersection(h), of: g)
                        let area = shared.geodesicArea()
                        guard area > minimumAreaSquareMetres else { continue }  // touching only: interiors do not overlap
                        pairs.append(Pair(a: ref, b: other, areaSquareMetres: area,
                                          fractionOfA: areaA > 0 ? area / areaA : 0, fractionOfB: areasB[j] > 0 ? area / areasB[j] : 0, shared: shared))
                    }
                    return pairs
                }
                progress?.advance(by: slice.count)
                for list in found { for p in list { try body(p) } }
            }
        } catch is StopPairs {
            return
        }
    }
}
