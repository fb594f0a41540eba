import Foundation
import TongchengGeodesy
import TongchengGeometry
import TongchengTopology

/// Which features lie within a distance of which (towns within 5 km of a planned line, say), with
/// the geodesic distance between them.
///
/// Candidates come from an STRtree on bounding boxes widened by the distance; for each candidate
/// pair the two closest points are found by GEOS in an azimuthal equidistant projection centred on
/// the pair, and their distance is then measured on the ellipsoid. For features a few tens of
/// kilometres apart this agrees with the exact geodesic minimum to well under a metre.
///
/// ```swift
/// let hits = try Near(distanceMetres: 5_000).pairs(from: towns, to: railway)
/// for h in hits { print(h.a.feature.name ?? "", h.distanceMetres) }
/// ```
public struct Near: Sendable {
    public var distanceMetres: Double
    public var jobs: Int
    /// Counts the features of `from` searched (`nil`: no progress kept).
    public var progress: ProgressCounter?

    public init(distanceMetres: Double, jobs: Int = 1) {
        self.distanceMetres = distanceMetres
        self.jobs = jobs
    }

    public struct Pair: Sendable {
        public var a: FeatureRef
        public var b: FeatureRef
        public var distanceMetres: Double
        /// The closest point on `a` and on `b`.
        public var nearestOnA: Position
        public var nearestOnB: Position

        /// A pair as another engine (PostGIS) computed it.
        public init(a: FeatureRef, b: FeatureRef, distanceMetres: Double, nearestOnA: Position, nearestOnB: Position) {
            self.a = a
            self.b = b
            self.distanceMetres = distanceMetres
            self.nearestOnA = nearestOnA
            self.nearestOnB = nearestOnB
        }
    }

    /// Every pair (feature of `from`, feature of `to`) closer than the distance, nearest first per feature of `from` (at equal distance in the order of `to`).
    ///
    /// Each feature of `from` is prepared once. A candidate it intersects is at distance 0; for
    /// the others only the part of the feature within the (generously widened) search box of the
    /// candidate is projected and compared: a closer point cannot lie outside it. This took `near`
    /// on a 1,000,000-position polygon against the 30 places from 11.75 s (the whole polygon
    /// projected and copied for every candidate) to well under a second.
    public func pairs(from: [FeatureRef], to: [FeatureRef]) throws -> [Pair] {
        var out: [Pair] = []
        try forEachPair(from: from, to: to) { out.append($0) }
        return out
    }

    /// Streams the pairs to `body` in the order of `pairs`, one batch of `from` features at a
    /// time, so memory stays constant in the number of pairs; stops after `limit` pairs and
    /// returns whether it did.
    ///
    /// ```swift
    /// try Near(distanceMetres: 5_000).forEachPair(from: towns, to: railway, limit: 10) { print($0.distanceMetres) }
    /// ```
    @discardableResult
    public func forEachPair(from: [FeatureRef], to: [FeatureRef], limit: Int? = nil, _ body: (Pair) throws -> Void) throws -> Bool {
        let targets = to.compactMap { ref in ref.geometry.map { (ref, $0) } }
        let index = try SpatialIndex(targets.map(\.1))
        let sources = from.compactMap { ref in ref.geometry.map { (ref, $0) } }
        let batch = max(16, jobs * 8)
        progress?.start("near", total: sources.count)
        var delivered = 0
        var start = 0
        while start < sources.count {
            let slice = Array(sources[start..<min(start + batch, sources.count)])
            start += batch
            let found = try parallelMap(slice, jobs: jobs) { (ref, g) -> [Pair] in
                guard let box = g.boundingBox else { return [] }
                let hits = try index.query(widen(box))
                guard !hits.isEmpty else { return [] }
                let prepared = try PreparedGeometry(g)
                var pairs: [(pair: Pair, target: Int)] = []
                for j in hits {
                    let (other, otherGeometry) = targets[j]
                    if try prepared.intersects(otherGeometry) {
                        let (pa, pb) = try prepared.nearestPoints(to: otherGeometry)
                        pairs.append((Pair(a: ref, b: other, distanceMetres: 0, nearestOnA: pa, nearestOnB: pb), j))
                        continue
                    }
                    guard let otherBox = otherGeometry.boundingBox, let near = try prepared.clipped(to: widen(otherBox)) else { continue }
                    let (d, pa, pb) = try Near.distance(near, otherGeometry)
                    if d <= distanceMetres { pairs.append((Pair(a: ref, b: other, distanceMetres: d, nearestOnA: pa, nearestOnB: pb), j)) }
                }
                // Nearest first to the millimetre, then in the order of `to`: two lines that share
                // a stretch are at one distance (their exact values differ by 1e-9 m between
                // engines), and the spatial index's hit order is no order. The PostGIS engine
                // sorts alike (`SQLNear.swift`).
                return pairs.sorted { (Near.sortKey($0.pair.distanceMetres), $0.target) < (Near.sortKey($1.pair.distanceMetres), $1.target) }.map(\.pair)
            }
            progress?.advance(by: slice.count)
            for list in found {
                for p in list {
                    if let limit, delivered >= limit { return true }
                    try body(p)
                    delivered += 1
                }
            }
        }
        return false
    }

    /// The distance a pair is sorted by: whole millimetres, so that equal distances computed two
    /// ways sort as equal. `Near.sortKey(1298.2799038288479)  // 1298280`
    public static func sortKey(_ metres: Double) -> Double { (metres * 1000).rounded() }

    /// A box widened by the distance in degrees, generously (at the box's highest latitude).
    func widen(_ b: BoundingBox) -> BoundingBox {
        let dLat = distanceMetres / 110_574 * 1.01
        let lat = min(89, max(abs(b.minY), abs(b.maxY)) + dLat)
        let dLon = min(180, distanceMetres / (111_320 * cos(lat * .pi / 180)) * 1.01)
        return BoundingBox(minX: b.minX - dLon, minY: b.minY - dLat, maxX: b.maxX + dLon, maxY: b.maxY + dLat)
    }

    /// Geodesic distance between two lon/lat geometries and their closest points (0 when they intersect).
    public static func distance(_ a: Geometry, _ b: Geometry) throws -> (Double, Position, Position) {
        guard let boxA = a.boundingBox, let boxB = b.boundingBox else { return (.infinity, Position(0, 0), Position(0, 0)) }
        var box = boxA
        box.extend(boxB)
        // Transformers are cached by centre (pairs of one place share one; building one costs ms).
        let local = try TransformerCache.shared.transformer(from: .wgs84, to: .azimuthalEquidistant(at: box.center))
        let (pa, pb) = try local.forward.transform(a).nearestPoints(to: local.forward.transform(b))
        let qa = try local.inverse.transform(pa), qb = try local.inverse.transform(pb)
        if pa == pb { return (0, qa, qb) }
        return (Ellipsoid.wgs84.distance(qa, qb), qa, qb)
    }
}
