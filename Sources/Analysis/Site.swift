import Foundation
import TongchengGeodesy
import TongchengGeometry
import TongchengTopology

/// Candidate sites of a given area inside a region, clear of constraint layers and close to
/// transport, ranked by a score.
///
/// Method: the allowed land is the region minus the union of the constraint layers (each widened
/// by `avoidBufferMetres`). Candidate sites are squares of the requested geodesic area, laid on a
/// grid (spacing a quarter of the side) in an azimuthal equidistant projection centred on the
/// region; a candidate is kept only if the allowed land covers it entirely. Score (0–1, higher is
/// better): 0.7 × closeness of the site's centre to the nearest `near` feature (1 at distance 0,
/// falling linearly to 0 at `maxDistanceMetres` plus half a side; sites whose edge is farther than
/// `maxDistanceMetres` are dropped) + 0.3 × compactness of the allowed
/// land around it (the share of a ring of half a side around the square that is allowed land, so
/// sites in the middle of free land beat sites squeezed against constraints). Without `near`, the
/// score is the compactness alone. The best `count` sites that lie apart from each other (no overlap, no shared edge) are returned.
///
/// ```swift
/// let sites = try SiteSearch(areaSquareMetres: 30e6, region: lankao, avoid: [belt], near: [g30, lankaoSouth], maxDistanceMetres: 5_000).run()
/// ```
public struct SiteSearch: Sendable {
    public var areaSquareMetres: Double
    public var region: Geometry
    public var avoid: [Geometry]
    public var avoidBufferMetres: Double
    public var near: [Geometry]
    public var maxDistanceMetres: Double
    public var count: Int
    /// Counts the rows of the candidate grid searched (`nil`: no progress kept).
    public var progress: ProgressCounter?

    public init(areaSquareMetres: Double, region: Geometry, avoid: [Geometry] = [], avoidBufferMetres: Double = 0, near: [Geometry] = [], maxDistanceMetres: Double = 10_000, count: Int = 5) {
        self.areaSquareMetres = areaSquareMetres
        self.region = region
        self.avoid = avoid
        self.avoidBufferMetres = avoidBufferMetres
        self.near = near
        self.maxDistanceMetres = maxDistanceMetres
        self.count = count
    }

    public struct Site: Sendable {
        public var geometry: Geometry
        public var score: Double
        public var areaSquareMetres: Double
        /// Distance to the nearest `near` feature (nil without `near`).
        public var distanceMetres: Double?
        public var centre: Position
    }

    /// The most candidate squares a search tests (the grid's spacing is a quarter of a side, so
    /// a site 1/1,000 of the region's box needs 16,000 of them, 1/100,000 1.6 million).
    public static let maximumCandidates = 250_000

    /// The smallest site area a search of `region` accepts, in m²: the one whose grid holds
    /// `maximumCandidates` squares over the region's box.
    ///
    /// ```swift
    /// let floor = try SiteSearch.smallestArea(in: lankao)   // ≈ 0.03 km² for Lankao
    /// ```
    public static func smallestArea(in region: Geometry) throws -> Double {
        guard let box = region.boundingBox else { return 0 }
        let local = try TransformerCache.shared.transformer(from: .wgs84, to: .azimuthalEquidistant(at: box.center)).forward
        guard let b = try local.transform(region).boundingBox else { return 0 }
        return 16 * (b.maxX - b.minX) * (b.maxY - b.minY) / Double(maximumCandidates)
    }

    public func run() throws -> [Site] {
        let floor = try SiteSearch.smallestArea(in: region)
        guard areaSquareMetres.isFinite, areaSquareMetres > 0, areaSquareMetres >= floor else {
            throw SiteSearchError(message: "a site area of \(areaSquareMetres) m² is outside the searchable range for this region: at least \(floor.rounded(.up)) m² (the search tests at most \(SiteSearch.maximumCandidates) squares)")
        }
        guard let box = region.boundingBox else { return [] }
        let local = try Transformer(from: .wgs84, to: .azimuthalEquidistant(at: box.center))
        let back = try local.inverse()
        progress?.start("site: the allowed land")
        // Edges are geodesics (docs/semantics.md): cut into geodesic pieces before projecting, so
        // that the projected polygons follow them.
        var allowed = try local.transform(region.withGeodesicEdges())
        if !avoid.isEmpty {
            var constraints = try Geometry.union(of: avoid.map { try local.transform($0.withGeodesicEdges()) })
            if avoidBufferMetres > 0 { constraints = try constraints.buffer(avoidBufferMetres) }
            allowed = try allowed.difference(constraints)
        }
        let allowedPrepared = try PreparedGeometry(allowed)
        let nearLocal = try near.map { try local.transform($0.withGeodesicEdges()) }
        // Prepared once: the loop below measures thousands of squares against the same lines
        // and cuts thousands of rings from the same region, without copying either into GEOS again.
        let nearUnion = nearLocal.isEmpty ? nil : try PreparedGeometry(try Geometry.union(of: nearLocal))
        let side = areaSquareMetres.squareRoot()
        let step = side / 4
        guard let a = allowed.boundingBox else { return [] }
        var candidates: [Site] = []
        var y = a.minY
        progress?.start("site search", total: a.maxY - a.minY >= side ? Int(((a.maxY - a.minY - side) / step).rounded(.down)) + 1 : 0, unit: "grid rows")
        while y + side <= a.maxY {
            defer { progress?.advance() }
            var x = a.minX
            while x + side <= a.maxX {
                let square = SiteSearch.square(x, y, side)
                if try allowedPrepared.covers(square) {
                    var distance: Double?
                    var closeness = 0.0
                    if let nearUnion {
                        let d = try nearUnion.distance(to: square)
                        if d > maxDistanceMetres {
                            x += step
                            continue
                        }
                        distance = d
                        // Closeness from the site's centre, so that sites astride a line still rank by how central the line runs.
                        let centre = Geometry.point(Point(x + side / 2, y + side / 2))
                        closeness = max(0, 1 - (try nearUnion.distance(to: centre)) / (maxDistanceMetres + side / 2))
                    }
                    let ring = try SiteSearch.square(x - side / 2, y - side / 2, side * 2).difference(square)
                    let free = try allowedPrepared.intersection(of: ring).planarArea() / ring.planarArea()
                    let score = nearUnion == nil ? free : 0.7 * closeness + 0.3 * free
                    candidates.append(Site(geometry: square, score: score, areaSquareMetres: 0, distanceMetres: distance, centre: Position(x + side / 2, y + side / 2)))
                }
                x += step
            }
            y += step
        }
        candidates.sort { $0.score != $1.score ? $0.score > $1.score : ($0.centre.y != $1.centre.y ? $0.centre.y < $1.centre.y : $0.centre.x < $1.centre.x) }
        var chosen: [Site] = []
        for c in candidates where chosen.count < count {
            // Alternatives must be apart: not overlapping and not sharing an edge (at least 1 m between them).
            if try chosen.contains(where: { try $0.geometry.planarDistance(to: c.geometry) < 1 }) { continue }
            chosen.append(c)
        }
        // Back to lon/lat, with the geodesic area measured there.
        return try chosen.map { s in
            let g = try back.transform(s.geometry)
            return Site(geometry: g, score: s.score, areaSquareMetres: g.geodesicArea(), distanceMetres: s.distanceMetres, centre: try back.transform(s.centre))
        }
    }

    static func square(_ x: Double, _ y: Double, _ side: Double) -> Geometry {
        .polygon(Polygon(exterior: LineString([Position(x, y), Position(x + side, y), Position(x + side, y + side), Position(x, y + side), Position(x, y)])))
    }
}

/// A site search that would not be bounded (an area too small for its region).
public struct SiteSearchError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
