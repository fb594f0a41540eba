import TongchengGeodesy
import TongchengGeometry
import TongchengTopology

/// 土地利用转移矩阵: between two surveys of the same land, the geodesic area where a parcel of
/// each old class overlaps a parcel of each new class, optionally per zone.
///
/// The matrix closes by construction: where the new survey's parcels do not overlap each other,
/// an old class's row adds up to its area inside the new survey's coverage (and a new class's
/// column to its area inside the old survey's).
///
/// Fast at survey scale: the new parcels go into an STRtree once; the old ones are taken a chunk
/// per thread, each meeting only the new parcels whose boxes it meets, and a pair is measured by
/// the convex clip when either parcel is convex (`SharedArea`), by GEOS otherwise. Zones are
/// prepared once per thread (as `Tabulate` does) and each old parcel is split at their edges first.
/// Chunk sums are added in chunk order, so the result does not depend on `jobs`.
///
/// ```swift
/// let m = try Transition(jobs: 2).run(old: survey2019, new: survey2023, oldField: "DLMC", newField: "DLMC")
/// for cell in m.cells { print(cell.from ?? "—", "→", cell.to ?? "—", cell.areaSquareMetres / 666.67, "亩") }
/// ```
public struct Transition: Sendable {
    public var jobs: Int
    /// Invalid parcels: `.refuse` (throws `InvalidGeometryError` naming the first) or `.repair`.
    public var check: ValidityCheck
    /// The zone property whose value names a zone (default: its name, else its id, else `#index`).
    public var zoneField: String?
    /// Counts old parcels done.
    public var progress: ProgressCounter?
    /// An old and a new parcel sharing this area or less only touch (rounding), as in `Overlap`.
    public var minimumAreaSquareMetres = 1e-4

    public init(jobs: Int = 1, check: ValidityCheck = .refuse, zoneField: String? = nil) {
        self.jobs = jobs
        self.check = check
        self.zoneField = zoneField
    }

    /// One cell of the matrix: from an old class to a new class (inside one zone, with zones).
    public struct Cell: Sendable, Hashable {
        public var from: String?
        public var to: String?
        /// Index into `Result.zoneLabels` (`nil` without zones).
        public var zone: Int?
        public var areaSquareMetres: Double

        /// A cell as another engine (PostGIS) computed it.
        public init(from: String?, to: String?, zone: Int?, areaSquareMetres: Double) {
            self.from = from
            self.to = to
            self.zone = zone
            self.areaSquareMetres = areaSquareMetres
        }
    }

    public struct Result: Sendable {
        /// Cells over the sliver threshold: by zone, then old class, then new class.
        public var cells: [Cell]
        /// Old classes, sorted (`nil`, no value, first).
        public var fromClasses: [String?]
        /// New classes, sorted.
        public var toClasses: [String?]
        /// Each old class's whole area in the old survey, by `fromClasses`.
        public var fromAreaSquareMetres: [Double]
        /// Each new class's whole area in the new survey, by `toClasses`.
        public var toAreaSquareMetres: [Double]
        /// How zones are named (empty without zones).
        public var zoneLabels: [String]
        /// Old and new parcels repaired with makeValid (with `.repair`).
        public var repaired: Int

        /// A result as another engine (PostGIS) computed it.
        public init(cells: [Cell], fromClasses: [String?], toClasses: [String?], fromAreaSquareMetres: [Double], toAreaSquareMetres: [Double],
                    zoneLabels: [String], repaired: Int) {
            self.cells = cells
            self.fromClasses = fromClasses
            self.toClasses = toClasses
            self.fromAreaSquareMetres = fromAreaSquareMetres
            self.toAreaSquareMetres = toAreaSquareMetres
            self.zoneLabels = zoneLabels
            self.repaired = repaired
        }

        /// Each old class's row total (all zones), by `fromClasses`: its area inside the new survey's coverage.
        public var matchedFromSquareMetres: [Double] {
            fromClasses.map { c in cells.filter { $0.from == c }.reduce(0) { $0 + $1.areaSquareMetres } }
        }

        /// Each new class's column total, by `toClasses`: its area inside the old survey's coverage.
        public var matchedToSquareMetres: [Double] {
            toClasses.map { c in cells.filter { $0.to == c }.reduce(0) { $0 + $1.areaSquareMetres } }
        }
    }

    struct Key: Hashable {
        var from: Int
        var to: Int
        var zone: Int
    }

    /// The matrix of `old` (classes in `oldField`) against `new` (classes in `newField`), inside
    /// each polygon of `zones` when given. Throws `UnknownFieldError` when no parcel has the field.
    public func run(old: [FeatureRef], new: [FeatureRef], oldField: String, newField: String, zones: [FeatureRef]? = nil) throws -> Result {
        try UnknownFieldError.check(oldField, in: old, role: "old parcels")
        try UnknownFieldError.check(newField, in: new, role: "new parcels")
        if let field = zoneField, let zones { try UnknownFieldError.check(field, in: zones, role: "zones") }
        let (oldParcels, oldRepaired) = try parcels(old, field: oldField)
        let (newParcels, newRepaired) = try parcels(new, field: newField)
        let index = try SpatialIndex(newParcels.map(\.geometry))
        let zoneRefs = zones?.filter { $0.geometry?.dimension == 2 }
        let zoneCuts: [Geometry?] = try zoneRefs.map { z in
            try forEachChunk(count: z.count, jobs: jobs, prepare: {}) { _, k in z[k].geometry?.withGeodesicEdges() }
        } ?? []
        progress?.start("transition", total: oldParcels.count, unit: "parcels")
        let size = 2048
        let chunks = (oldParcels.count + size - 1) / size
        let partials: [[Key: Double]] = try forEachChunk(count: chunks, jobs: jobs, prepare: { try zoneRefs.map { _ in try PreparedLayer(zoneCuts) } }) { layer, c in
            var meter = GeodesicAreaMeter()
            var sums: [Key: Double] = [:]
            let range = c * size..<min(oldParcels.count, (c + 1) * size)
            defer { progress?.advance(by: range.count) }
            for k in range {
                let a = oldParcels[k]
                guard let box = a.geometry.boundingBox else { continue }
                let candidates = try index.query(box)
                guard !candidates.isEmpty else { continue }
                var pieces: [(zone: Int, shape: SharedArea.Shape, whole: Bool)] = []
                if let layer {
                    for (z, piece) in try layer.clip(a.geometry).pieces {
                        switch piece {
                        case .whole: pieces.append((z, a.shape, true))
                        case .part(let p):
                            let part = Overlay.keepDimension(p, of: a.geometry)
                            if !part.isEmpty { pieces.append((z, SharedArea.Shape(part), false)) }
                        }
                    }
                } else {
                    pieces = [(-1, a.shape, true)]
                }
                for (zone, piece, whole) in pieces {
                    for j in candidates {
                        let b = newParcels[j]
                        // A parcel the later survey kept as it was (most of them) shares the whole of
                        // itself: its own area, without clipping one by the other. Measured with
                        // callgrind on the committed surveys (50,837 × 50,609 parcels): the clip of
                        // such pairs was most of the 1,037 M instructions of `ConvexWindow.area`.
                        let area = whole && a.geometry == b.geometry ? a.area : try SharedArea.of(piece, b.shape, meter: &meter)
                        // Neighbours that only touch meet in rounding slivers, as in `Overlap`.
                        if area > minimumAreaSquareMetres { sums[Key(from: a.classIndex, to: b.classIndex, zone: zone), default: 0] += area }
                    }
                }
            }
            return sums
        }
        var total: [Key: Double] = [:]
        for p in partials { for key in p.keys.sorted(by: { ($0.zone, $0.from, $0.to) < ($1.zone, $1.from, $1.to) }) { total[key, default: 0] += p[key]! } }
        let oldClasses = Transition.classes(oldParcels), newClasses = Transition.classes(newParcels)
        let cells = Transition.sorted(total.keys.map { key in
            Cell(from: oldClasses.byIndex[key.from], to: newClasses.byIndex[key.to], zone: key.zone < 0 ? nil : key.zone, areaSquareMetres: total[key]!)
        })
        return Result(cells: cells, fromClasses: oldClasses.values, toClasses: newClasses.values, fromAreaSquareMetres: oldClasses.areas,
                      toAreaSquareMetres: newClasses.areas, zoneLabels: zoneRefs?.map { Tabulate.label($0, field: zoneField) } ?? [],
                      repaired: oldRepaired + newRepaired)
    }

    /// A polygon parcel, checked, with its class as an index into the layer's classes.
    struct Parcel: Sendable {
        var geometry: Geometry { shape.geometry }
        var shape: SharedArea.Shape
        var classIndex: Int
        var classValue: String?
        var area: Double
    }

    /// The layer's polygon parcels, checked (on `jobs` threads) and measured, and how many were repaired.
    func parcels(_ refs: [FeatureRef], field: String) throws -> ([Parcel], Int) {
        let size = 4096
        let chunks = (refs.count + size - 1) / size
        let checked: [[(SharedArea.Shape, String?, Double, Bool)]] = try forEachChunk(count: chunks, jobs: jobs, prepare: {}) { _, c in
            var meter = GeodesicAreaMeter()
            var out: [(SharedArea.Shape, String?, Double, Bool)] = []
            for ref in refs[c * size..<min(refs.count, (c + 1) * size)] {
                guard var g = ref.geometry, g.dimension == 2, !g.isEmpty else { continue }
                var repaired = false
                if !isClearlyValidPolygon(g) {
                    let v = try g.validity()
                    if !v.isValid {
                        guard check == .repair else {
                            throw InvalidGeometryError(file: ref.file, index: ref.index, id: ref.feature.id?.text, reason: v.reason ?? "invalid", location: v.location)
                        }
                        g = Overlay.keepDimension(try g.madeValid(), of: g)
                        repaired = true
                    }
                }
                let value: String? = ref.feature[property: field].flatMap { $0 == .null ? nil : $0.displayText }
                out.append((SharedArea.Shape(g), value, meter.area(of: g), repaired))
            }
            return out
        }
        var index: [ClassKey: Int] = [:]
        var parcels: [Parcel] = []
        var repaired = 0
        for (g, value, area, fixed) in checked.joined() {
            let k: Int
            if let i = index[ClassKey(value)] { k = i } else {
                k = index.count
                index[ClassKey(value)] = k
            }
            parcels.append(Parcel(shape: g, classIndex: k, classValue: value, area: area))
            if fixed { repaired += 1 }
        }
        return (parcels, repaired)
    }

    /// The classes in sorted order (none first) with their whole areas, and each class by its index in the parcels.
    static func classes(_ parcels: [Parcel]) -> (values: [String?], areas: [Double], byIndex: [String?]) {
        var values: [String?] = [], areas: [Double] = []
        for p in parcels {
            if p.classIndex == values.count {
                values.append(p.classValue)
                areas.append(0)
            }
            areas[p.classIndex] += p.area
        }
        let order = values.indices.sorted { precedes(values[$0], values[$1]) }
        return (order.map { values[$0] }, order.map { areas[$0] }, values)
    }

    /// Class order: no value first, then by the value's text (class codes 00, 01, … in order).
    public static func precedes(_ a: String?, _ b: String?) -> Bool {
        switch (a, b) {
        case (nil, nil): return false
        case (nil, _): return true
        case (_, nil): return false
        case (let x?, let y?): return Array(x.utf8).lexicographicallyPrecedes(Array(y.utf8))
        }
    }

    /// Cells by zone, then old class, then new class.
    public static func sorted(_ cells: [Cell]) -> [Cell] {
        cells.sorted { a, b in
            if a.zone != b.zone { return (a.zone ?? -1) < (b.zone ?? -1) }
            if a.from != b.from { return precedes(a.from, b.from) }
            return precedes(a.to, b.to)
        }
    }
}
