import Foundation
import TongchengGeodesy
import TongchengGeometry
import TongchengTopology

/// 数据质检: the topology problems of a polygon layer (a land-use survey's parcels) in one pass —
/// invalid geometries, empty and multipart features, duplicates, overlaps between features, gaps
/// in the coverage and slivers — each with the features involved, its geodesic area and where it is.
///
/// How it stays fast at 10⁶ parcels: every feature is checked and measured once on `jobs` threads
/// (a simple ring passes a Swift validity test, `isClearlyValidPolygon`, before GEOS is asked);
/// overlap candidates come from an STRtree and a pair is measured by the convex clip of
/// `ConvexClip.swift` when either side is convex, by GEOS otherwise; gaps are the holes of the
/// coverage's union, built by GEOS's CoverageUnion (shared edges cancel: no overlay) and checked
/// against the sum of the areas, with an ordinary union as the fallback.
///
/// ```swift
/// let result = try Check(jobs: 2).run(FeatureRef.all(in: parcels, file: "parcels.geojson"))
/// for p in result.problems { print(p.kind, p.features, p.areaSquareMetres ?? 0) }
/// ```
public struct Check: Sendable {
    /// What is wrong, in the order results list them.
    public enum Kind: String, Sendable, CaseIterable {
        /// Not valid by OGC rules (GEOS's reason and location in `detail` and `location`).
        case invalid
        /// No geometry, or an empty one.
        case empty
        /// A MultiPolygon of several parts (a parcel is one piece of land).
        case multipart
        /// Two or more features with equal geometries (vertex for vertex, in any ring start or direction).
        case duplicate
        /// Two features whose interiors overlap (`area_m2`: the shared area).
        case overlap
        /// A hole in the coverage inside `within` (or inside the layer's own outline).
        case gap
        /// A feature under the minimum area, or thinner than the maximum thinness 4πA/P².
        case sliver
    }

    /// One problem found.
    public struct Problem: Sendable {
        public var kind: Kind
        /// The features involved, by their index in the layer (none for a gap).
        public var features: [Int]
        /// Geodesic m²: the feature's (invalid, multipart, duplicate, sliver), the shared one (overlap), the hole's (gap).
        public var areaSquareMetres: Double?
        /// A point on the problem (longitude, latitude): GEOS's location for an invalid feature.
        public var location: Position?
        /// GEOS's reason (invalid), `thinness 0.0123` (sliver), the number of parts (multipart).
        public var detail: String?
        /// The problem's geometry: the feature, the shared part, the hole.
        public var geometry: Geometry?

        /// A problem as another engine (PostGIS) found it.
        public init(kind: Kind, features: [Int], areaSquareMetres: Double? = nil, location: Position? = nil, detail: String? = nil, geometry: Geometry? = nil) {
            self.kind = kind
            self.features = features
            self.areaSquareMetres = areaSquareMetres
            self.location = location
            self.detail = detail
            self.geometry = geometry
        }
    }

    public struct Result: Sendable {
        /// By kind (in `Kind`'s order), then by the first feature.
        public var problems: [Problem]
        /// How many features were checked.
        public var featureCount: Int

        /// A result as another engine (PostGIS) found it: the problems are put in `Check`'s order.
        public init(problems: [Problem], featureCount: Int) {
            self.problems = Check.sorted(problems)
            self.featureCount = featureCount
        }

        /// Problems of each kind, every kind listed (0 when none).
        public var counts: [(kind: Kind, count: Int)] {
            Kind.allCases.map { k in (k, problems.filter { $0.kind == k }.count) }
        }
    }

    public var jobs: Int
    /// Features under this area are slivers (default 10 m²).
    public var minimumAreaSquareMetres: Double
    /// Features with thinness 4πA/P² under this are slivers (default 0.05: a 1:60 rectangle; a circle is 1, a square 0.785).
    public var maximumThinness: Double
    /// Overlaps and gaps of this area or less are rounding between neighbours, not problems (1e-4 m², as `Overlap`).
    public var toleranceSquareMetres: Double
    /// Counts features checked.
    public var progress: ProgressCounter?

    public static let defaultMinimumAreaSquareMetres = 10.0
    public static let defaultMaximumThinness = 0.05

    public init(jobs: Int = 1, minimumAreaSquareMetres: Double = Check.defaultMinimumAreaSquareMetres,
                maximumThinness: Double = Check.defaultMaximumThinness, toleranceSquareMetres: Double = 1e-4) {
        self.jobs = jobs
        self.minimumAreaSquareMetres = minimumAreaSquareMetres
        self.maximumThinness = maximumThinness
        self.toleranceSquareMetres = toleranceSquareMetres
    }

    /// What one feature is, after the per-feature pass.
    struct Measured: Sendable {
        var geometry: Geometry?
        var invalid: Validity?
        var area = 0.0
        var problems: [Problem] = []
        /// The geometry's vertices in a canonical order, for duplicates (`nil` for empty or invalid features).
        var canonical: [Position]?
    }

    /// Checks `features` (polygons; a point or line feature is refused with `FeatureDataError`).
    /// `within`: the area the coverage should fill (gaps are its parts no feature covers); `nil`:
    /// the layer's own outline (gaps are the holes of the features' union).
    public func run(_ features: [FeatureRef], within: [Geometry]? = nil) throws -> Result {
        try Check.requirePolygons(features)
        progress?.start("check", total: features.count, unit: "features")
        let size = 4096
        let chunks = (features.count + size - 1) / size
        let measured: [Measured] = try forEachChunk(count: chunks, jobs: jobs, prepare: { GeodesicAreaMeter() }) { _, c in
            var meter = GeodesicAreaMeter()
            let range = c * size..<min(features.count, (c + 1) * size)
            defer { progress?.advance(by: range.count) }
            return try range.map { try measure(features[$0], meter: &meter) }
        }.flatMap { $0 }

        var problems = measured.flatMap(\.problems)
        // Duplicates: equal canonical vertex lists.
        var groups: [[Position]: [Int]] = [:]
        for (k, m) in measured.enumerated() { if let c = m.canonical { groups[c, default: []].append(k) } }
        var duplicateOf = [Int?](repeating: nil, count: features.count)
        for (_, members) in groups where members.count > 1 {
            for k in members.dropFirst() { duplicateOf[k] = members[0] }
            let first = members[0]
            problems.append(Problem(kind: .duplicate, features: members.map { features[$0].index }, areaSquareMetres: measured[first].area,
                                    location: try measured[first].geometry.flatMap(Check.point), geometry: measured[first].geometry))
        }

        // Overlaps: pairs of valid features whose boxes meet, measured.
        let usable = measured.indices.filter { measured[$0].geometry != nil && measured[$0].invalid == nil && duplicateOf[$0] == nil }
        let index = try SpatialIndex(usable.map { measured[$0].geometry! })
        let shapes = try parallelMap(usable, jobs: jobs) { SharedArea.Shape(measured[$0].geometry!) }
        let pairChunks = (usable.count + size - 1) / size
        let overlaps: [(Int, Int, Double)] = try forEachChunk(count: pairChunks, jobs: jobs, prepare: { GeodesicAreaMeter() }) { _, c in
            var meter = GeodesicAreaMeter()
            var out: [(Int, Int, Double)] = []
            for u in c * size..<min(usable.count, (c + 1) * size) {
                guard let box = shapes[u].geometry.boundingBox else { continue }
                for v in try index.query(box) where v > u {
                    let area = try SharedArea.of(shapes[u], shapes[v], meter: &meter)
                    if area > toleranceSquareMetres { out.append((usable[u], usable[v], area)) }
                }
            }
            return out
        }.flatMap { $0 }
        var overlapping = Set<Int>()
        for (a, b, area) in overlaps {
            overlapping.insert(a)
            overlapping.insert(b)
            let shared = Overlay.keepDimension(try measured[a].geometry!.intersection(measured[b].geometry!), of: measured[a].geometry!)
            problems.append(Problem(kind: .overlap, features: [features[a].index, features[b].index], areaSquareMetres: area,
                                    location: try Check.point(shared), geometry: shared))
        }

        problems += try gaps(measured, excluded: { overlapping.contains($0) || duplicateOf[$0] != nil }, within: within)
        return Result(problems: problems, featureCount: features.count)
    }

    /// By kind (in `Kind`'s order), then by the features, then west to east.
    static func sorted(_ problems: [Problem]) -> [Problem] {
        let order = Dictionary(uniqueKeysWithValues: Kind.allCases.enumerated().map { ($1, $0) })
        return problems.sorted { a, b in
            if a.kind != b.kind { return order[a.kind]! < order[b.kind]! }
            if a.features != b.features { return a.features.lexicographicallyPrecedes(b.features) }
            return (a.location?.x ?? 0, a.location?.y ?? 0) < (b.location?.x ?? 0, b.location?.y ?? 0)
        }
    }

    /// Refuses a layer with point or line features (check is for polygons).
    public static func requirePolygons(_ features: [FeatureRef]) throws {
        for ref in features {
            if let g = ref.geometry, !g.isEmpty, g.dimension != 2 {
                throw FeatureDataError(file: ref.file, index: ref.index, message: "check needs polygons; this feature is a \(g.typeName)")
            }
        }
    }

    /// The per-feature checks: empty, invalid, multipart, sliver; the area and the canonical form.
    func measure(_ ref: FeatureRef, meter: inout GeodesicAreaMeter) throws -> Measured {
        var m = Measured()
        guard let g = ref.geometry, !g.isEmpty else {
            m.problems.append(Problem(kind: .empty, features: [ref.index]))
            return m
        }
        m.geometry = g
        if !isClearlyValidPolygon(g) {
            let v = try g.validity()
            if !v.isValid {
                m.invalid = v
                m.problems.append(Problem(kind: .invalid, features: [ref.index], location: try v.location ?? Check.point(g), detail: v.reason, geometry: g))
                return m
            }
        }
        m.area = meter.area(of: g)
        if case .multiPolygon(let mp) = g, mp.polygons.count > 1 {
            m.problems.append(Problem(kind: .multipart, features: [ref.index], areaSquareMetres: m.area, location: try Check.point(g),
                                      detail: "\(mp.polygons.count) parts", geometry: g))
        }
        if let thinness = sliverThinness(g, area: m.area) {
            m.problems.append(Problem(kind: .sliver, features: [ref.index], areaSquareMetres: m.area, location: try Check.point(g),
                                      detail: "thinness " + String(format: "%.4f", thinness), geometry: g))
        }
        m.canonical = Check.canonical(g)
        return m
    }

    /// The thinness 4πA/P² when the feature is a sliver, else `nil`. The geodesic perimeter is
    /// measured only when a local planar estimate (within 1 % for parcels) cannot rule it out.
    func sliverThinness(_ g: Geometry, area: Double) -> Double? {
        if area < minimumAreaSquareMetres { return Check.thinness(area: area, perimeter: g.geodesicLength()) }
        guard maximumThinness > 0 else { return nil }
        let estimate = Check.approximatePerimeter(g)
        // 4πA/P² < t  ⇔  P² > 4πA/t; a perimeter 2 % above the estimate still leaves it thick.
        if estimate * 1.02 * estimate * 1.02 < 4 * Double.pi * area / maximumThinness { return nil }
        let t = Check.thinness(area: area, perimeter: g.geodesicLength())
        return t < maximumThinness ? t : nil
    }

    static func thinness(area: Double, perimeter: Double) -> Double {
        perimeter > 0 ? 4 * Double.pi * area / (perimeter * perimeter) : 0
    }

    /// The perimeter in metres on a sphere of the mean radius, each edge as its local planar length.
    static func approximatePerimeter(_ g: Geometry) -> Double {
        let radians = Double.pi / 180, r = 6_371_008.8
        var total = 0.0
        g.forEachSequence { p in
            guard p.count > 1 else { return }
            for k in 1..<p.count {
                let dy = (p[k].y - p[k - 1].y) * radians
                let dx = (p[k].x - p[k - 1].x) * radians * cos((p[k].y + p[k - 1].y) / 2 * radians)
                total += (dx * dx + dy * dy).squareRoot() * r
            }
        }
        return total
    }

    /// A point on the geometry's surface (GEOS pointOnSurface), or `nil` for an empty one.
    static func point(_ g: Geometry) throws -> Position? {
        guard !g.isEmpty else { return nil }
        if case .point(let p) = try g.pointOnSurface() { return p.position }
        return nil
    }

    /// The vertices of every ring, each ring started at its least vertex and run counter-clockwise,
    /// rings and polygons in sorted order, separated by a NaN-free marker: equal for geometries equal
    /// vertex for vertex, whatever their ring starts and directions.
    static func canonical(_ g: Geometry) -> [Position] {
        func ring(_ r: [Position]) -> [Position] {
            var p = r
            if p.count > 1 && p.first == p.last { p.removeLast() }
            guard !p.isEmpty else { return [] }
            if ZoneTiles.planarSignedArea(p) < 0 { p.reverse() }
            let start = p.indices.min { (p[$0].x, p[$0].y) < (p[$1].x, p[$1].y) }!
            return Array(p[start...] + p[..<start])
        }
        func polygon(_ p: Polygon) -> [[Position]] {
            guard let shell = p.rings.first else { return [] }
            let holes = p.rings.dropFirst().map { ring($0.positions) }.sorted { ($0.first?.x ?? 0, $0.first?.y ?? 0) < ($1.first?.x ?? 0, $1.first?.y ?? 0) }
            return [ring(shell.positions)] + holes
        }
        var polygons: [[[Position]]]
        switch g {
        case .polygon(let p): polygons = [polygon(p)]
        case .multiPolygon(let m): polygons = m.polygons.map(polygon)
        default: polygons = []
        }
        polygons.sort { ($0.first?.first?.x ?? 0, $0.first?.first?.y ?? 0) < ($1.first?.first?.x ?? 0, $1.first?.first?.y ?? 0) }
        let marker = Position(.infinity, .infinity)
        return polygons.flatMap { rings in rings.flatMap { $0 + [marker] } + [marker] }
    }

    /// The coverage's gaps: the holes of the union of every feature (or `within`'s parts outside
    /// it). The features that overlap nothing form a coverage, merged by CoverageUnion; the few
    /// others (overlapping, duplicated, invalid ones made valid) are added to it by an overlay.
    func gaps(_ measured: [Measured], excluded: (Int) -> Bool, within: [Geometry]?) throws -> [Problem] {
        var clean: [Geometry] = [], others: [Geometry] = []
        for (k, m) in measured.enumerated() {
            guard let g = m.geometry else { continue }
            if m.invalid != nil { others.append(Overlay.keepDimension(try g.madeValid(), of: g)) } else if excluded(k) { others.append(g) } else { clean.append(g) }
        }
        var union: Geometry? = clean.isEmpty ? nil : try Geometry.coverageUnion(of: clean) ?? Geometry.union(of: clean)
        if !others.isEmpty {
            let rest = try Geometry.union(of: others)
            union = try union.map { try $0.union(rest) } ?? rest
        }
        var holes: [Geometry] = []
        if let within {
            let area = try Geometry.union(of: within.filter { $0.dimension == 2 })
            holes = [try union.map { Overlay.keepDimension(try area.difference($0), of: area) } ?? area]
        } else {
            var parts: [Polygon] = []
            switch union {
            case .polygon(let p)?: parts = [p]
            case .multiPolygon(let m)?: parts = m.polygons
            case .geometryCollection(let c)?: for case .polygon(let p) in c.geometries { parts.append(p) }
            default: break
            }
            let boxes = parts.map { Geometry.polygon($0).boundingBox }
            for p in parts {
                for ring in p.rings.dropFirst() {
                    var hole = Geometry.polygon(Polygon(exterior: ring))
                    // Parts of the union lying inside the hole (an island of features in a gap) are not gap.
                    guard let box = hole.boundingBox else { continue }
                    let islands = parts.indices.filter { k in boxes[k].map { $0.minX >= box.minX && $0.maxX <= box.maxX && $0.minY >= box.minY && $0.maxY <= box.maxY } ?? false }
                    if !islands.isEmpty { hole = Overlay.keepDimension(try hole.difference(Geometry.multiPolygon(MultiPolygon(islands.map { parts[$0] }))), of: hole) }
                    holes.append(hole)
                }
            }
        }
        var out: [Problem] = []
        var meter = GeodesicAreaMeter()
        for h in holes {
            var parts: [Geometry] = []
            switch h {
            case .polygon: parts = [h]
            case .multiPolygon(let m): parts = m.polygons.map { .polygon($0) }
            case .geometryCollection(let c): parts = c.geometries.filter { $0.dimension == 2 }
            default: break
            }
            for part in parts {
                let area = meter.area(of: part)
                guard area > toleranceSquareMetres else { continue }
                out.append(Problem(kind: .gap, features: [], areaSquareMetres: area, location: try Check.point(part), geometry: part))
            }
        }
        return out
    }
}

/// A feature the analysis cannot take (a line where polygons are needed, say): file, index, what is wrong.
///
/// ```swift
/// throw FeatureDataError(file: "roads.geojson", index: 3, message: "check needs polygons; this feature is a LineString")
/// ```
public struct FeatureDataError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var index: Int
    public var message: String

    public init(file: String, index: Int, message: String) {
        self.file = file
        self.index = index
        self.message = message
    }

    public var description: String { "\(file): features[\(index)]: \(message)" }
}
