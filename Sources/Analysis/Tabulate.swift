import Foundation
import TongchengGeodesy
import TongchengGeometry
import TongchengTopology

/// 地类统计: for every zone and every value of a class field (地类), the geodesic area of the
/// parcels' intersection with the zone. Zones may overlap each other and have holes; parcels may
/// cross zone edges (they are split there).
///
/// Fast at survey scale (10⁵–10⁶ parcels): each thread prepares the zones once (GEOS prepared
/// geometries in its own context, no lock per parcel), copies every parcel into GEOS once, and
/// only parcels crossing a zone's edge are overlaid; a parcel wholly inside a zone
/// (containsProperly) adds its own geodesic area. Parcels are cut into chunks of a fixed size
/// whose sums are added in order, so the result does not depend on `jobs`.
///
/// ```swift
/// let t = try Tabulate(jobs: 2).run(parcels: parcelRefs, classField: "DLMC", zones: zoneRefs)
/// for row in t.rows { print(t.zoneLabels[row.zone], row.classValue ?? "—", row.areaSquareMetres / 666.67, "亩") }
/// ```
public struct Tabulate: Sendable {
    /// Threads to use (the result does not depend on it: chunks are summed in order).
    public var jobs: Int
    /// Invalid parcels: `.refuse` (default, throws `InvalidGeometryError` naming the first),
    /// `.repair` (GEOS makeValid) or `.trust`.
    public var check: ValidityCheck
    /// Keep the split pieces (for `--format geojson`); costs memory at survey scale.
    public var keepPieces: Bool
    /// The zone property whose value names a zone (default: its name, else its id, else `#index`).
    public var zoneField: String?
    /// Counts parcels tabulated, a chunk at a time (`nil`: no progress kept).
    public var progress: ProgressCounter?
    /// The parcels' class-name field (e.g. DLMC when tabulating by DLBM): each class's first name
    /// met is kept in `Result.classNames`.
    public var nameField: String?
    /// 田坎 deduction as the third national land survey tallies it (`nil`: none).
    public var deduction: Deduction?

    /// The survey's 扣除系数 (KCXS): a parcel whose `field` holds k (0 ≤ k < 1) adds area × k to
    /// `classValue` (田坎, 1203) and area × (1 − k) to its own class. A parcel without the field
    /// (or null) deducts nothing; any other value is a `DeductionCoefficientError`.
    ///
    /// ```swift
    /// var t = Tabulate(); t.deduction = .init(field: "KCXS")
    /// ```
    public struct Deduction: Sendable {
        public var field: String
        public var classValue: String
        public init(field: String, classValue: String = "1203") {
            self.field = field
            self.classValue = classValue
        }
    }

    /// `Tabulate(jobs: 2)`: two threads, invalid parcels refused, zones named by their name (or `zoneField`).
    public init(jobs: Int = 1, check: ValidityCheck = .refuse, keepPieces: Bool = false, zoneField: String? = nil) {
        self.jobs = jobs
        self.check = check
        self.keepPieces = keepPieces
        self.zoneField = zoneField
    }

    /// One cell of the table: a class's area inside a zone.
    public struct Row: Sendable {
        /// Index into `Result.zones`.
        public var zone: Int
        /// The class value (`nil` for parcels without the field).
        public var classValue: String?
        /// Geodesic area in m².
        public var areaSquareMetres: Double
        /// `areaSquareMetres` over the zone's area.
        public var share: Double
    }

    /// A parcel's part inside a zone.
    public struct Piece: Sendable {
        public var zone: Int
        public var parcel: FeatureRef
        public var classValue: String?
        public var areaSquareMetres: Double
        public var geometry: Geometry
    }

    /// The table: one `Row` per zone and class with area, and each zone's own area.
    ///
    /// ```swift
    /// let t = try Tabulate().run(parcels: parcels, classField: "DLMC", zones: zones)
    /// for row in t.rows { print(t.zoneLabels[row.zone], row.classValue ?? "—", AreaUnit.mu.fromSquareMetres(row.areaSquareMetres)) }
    /// ```
    public struct Result: Sendable {
        /// The zones, as given (a row's `zone` indexes them).
        public var zones: [FeatureRef]
        /// How each zone is named in the results (the zone field's value, its name, id or `#index`).
        public var zoneLabels: [String]
        /// Each zone's geodesic area in m² (the denominator of `Row.share`).
        public var zoneAreaSquareMetres: [Double]
        /// The classified area inside each zone (the sum of its rows).
        public var classifiedSquareMetres: [Double]
        /// Zone by zone, classes in order of first appearance among the parcels; only non-zero cells.
        public var rows: [Row]
        /// Every class value met, in order of first appearance.
        public var classes: [String?]
        /// Each class's name from `nameField` (the first met), where a parcel had one.
        public var classNames: [String: String] = [:]
        /// Whether any parcel that met a zone had the deduction field (with a `deduction`).
        public var sawDeductionField = false
        /// The parcels' parts inside the zones, with `keepPieces` (else empty).
        public var pieces: [Piece]
        /// Parcels repaired with makeValid (with `.repair`).
        public var repaired: Int
        /// Parcels that met at least one zone.
        public var parcelsInZones: Int
    }

    /// Parcels per chunk: small enough to balance two threads, large enough that per-chunk work is noise.
    static let chunkSize = 2048


    /// Tabulates `parcels` by `classField` inside every polygon of `zones`.
    /// Throws `UnknownFieldError` when no parcel has `classField`.
    public func run(parcels: [FeatureRef], classField: String, zones: [FeatureRef]) throws -> Result {
        try UnknownFieldError.check(classField, in: parcels, role: "parcels")
        var run = try Tabulation(self, classField: classField, zones: zones, sample: parcels)
        progress?.start("tabulate", total: parcels.count, unit: "parcels")
        // Held whole already: one batch, so that the threads share all the chunks at once.
        try run.add(parcels, parcels.indices)
        return run.result()
    }

    /// Parcels per batch when streaming: 8 chunks, so that two threads share each batch evenly.
    ///
    /// ```swift
    /// try FeatureSource.forEachBatch("parcels.geojson", batchSize: Tabulate.batchSize) { batch, first in … }
    /// ```
    public static let batchSize = 8 * chunkSize

    /// Tabulates parcels that arrive in batches (in order; each a multiple of `batchSize` but the
    /// last, or any size when the sums' last bits may depend on it), so that a survey is never held
    /// whole: `parcels` is called once with a function to hand each batch to. The first batch sizes
    /// the zones' grids. Throws `UnknownFieldError` at the end when no parcel had `classField`,
    /// and an invalid parcel's error as soon as its batch is done.
    ///
    /// ```swift
    /// let t = try Tabulate(jobs: 2).run(classField: "DLMC", zones: zoneRefs) { add in
    ///     try FeatureSource.forEachBatch("parcels.geojson", batchSize: Tabulate.batchSize) { batch, first in
    ///         try add(batch.enumerated().map { FeatureRef(file: "parcels.geojson", index: first + $0, feature: $1) })
    ///     }
    /// }
    /// ```
    public func run(classField: String, zones: [FeatureRef], parcels: (_ add: ([FeatureRef]) throws -> Void) throws -> Void) throws -> Result {
        var run: Tabulation?
        var sawField = false
        var sample: [FeatureRef] = []
        progress?.start("tabulate", unit: "parcels")
        try parcels { batch in
            // Parcels kept only to name the fields there are, should no parcel have `classField`.
            if !sawField {
                sawField = batch.contains { $0.feature.properties?[classField] != nil }
                sample = sawField ? [] : sample + batch.prefix(max(0, 10_000 - sample.count))
            }
            if run == nil { run = try Tabulation(self, classField: classField, zones: zones, sample: batch) }
            try run?.add(batch, batch.indices)
        }
        if !sawField { try UnknownFieldError.check(classField, in: sample, role: "parcels") }
        // The count is known only now: show the stage done with its total.
        let count = progress?.snapshot.done ?? 0
        progress?.start("tabulate", total: count, unit: "parcels")
        progress?.advance(by: count)
        return try (run ?? Tabulation(self, classField: classField, zones: zones, sample: [])).result()
    }

    /// One tabulation under way: the zones prepared once per thread, the partial sums of the
    /// chunks done so far (merged in chunk order at the end, so the result does not depend on
    /// `jobs` or on how the parcels were batched, batches being multiples of `chunkSize`).
    struct Tabulation {
        let options: Tabulate
        let classField: String
        let zones: [FeatureRef]
        let zoneAreas: [Double]
        let cutLines: [Geometry?]
        let grids: [ZoneRaster?]
        var threads: [ThreadZones] = []
        var partials: [Partial] = []

        init(_ options: Tabulate, classField: String, zones: [FeatureRef], sample: [FeatureRef]) throws {
            if let field = options.zoneField { try UnknownFieldError.check(field, in: zones, role: "zones") }
            self.options = options
            self.classField = classField
            self.zones = zones
            let zoneGeometries: [Geometry?] = zones.map { $0.geometry?.dimension == 2 ? $0.geometry : nil }
            zoneAreas = zoneGeometries.map { $0?.geodesicArea() ?? 0 }
            // Zones are cut along their geodesic edges, so that where parcels tile a zone its pieces add up to its area.
            cutLines = try forEachChunk(count: zoneGeometries.count, jobs: options.jobs, prepare: {}) { _, k in
                zoneGeometries[k]?.withGeodesicEdges()
            }
            grids = ZoneRaster.grids(for: cutLines, parcels: sample, jobs: options.jobs)
        }

        /// Tabulates `parcels[range]`, a chunk a thread at a time.
        mutating func add(_ parcels: [FeatureRef], _ range: Range<Int>) throws {
            let chunks = (range.count + Tabulate.chunkSize - 1) / Tabulate.chunkSize
            let workers = max(1, min(options.jobs, chunks))
            if threads.count < workers {
                // Each thread's zones are prepared on that thread's own start, side by side.
                let cutLines = cutLines
                threads += try forEachChunk(count: workers - threads.count, jobs: workers, prepare: {}) { _, _ in try ThreadZones(cutLines) }
            }
            let options = options, classField = classField, grids = grids
            let done = try forEachChunk(count: chunks, states: Array(threads.prefix(workers))) { zones, c in
                let lower = range.lowerBound + c * Tabulate.chunkSize
                let chunk = lower..<min(range.upperBound, lower + Tabulate.chunkSize)
                defer { options.progress?.advance(by: chunk.count) }
                return try options.tabulateChunk(parcels, range: chunk, classField: classField, zones: zones, grids: grids)
            }
            // An invalid parcel stops the run at once (the first in file order).
            if let bad = done.first(where: { $0.invalid != nil })?.invalid { throw bad }
            if let bad = done.first(where: { $0.badCoefficient != nil })?.badCoefficient { throw bad }
            partials += done
        }

        /// Merges the chunks in order: the same sums whatever the number of threads.
        func result() -> Result {
            var classes: [String?] = []
            var classIndex: [String?: Int] = [:]
            var sums: [[Double]] = Array(repeating: [], count: zones.count)
            var pieces: [Piece] = []
            var repaired = 0, met = 0
            var names: [String: String] = [:]
            var sawDeductionField = false
            for p in partials {
                sawDeductionField = sawDeductionField || p.sawDeductionField
                names.merge(p.names) { first, _ in first }
                repaired += p.repaired
                met += p.met
                for (k, value) in p.classes.enumerated() {
                    let index: Int
                    if let i = classIndex[value] { index = i } else {
                        index = classes.count
                        classIndex[value] = index
                        classes.append(value)
                        for z in sums.indices { sums[z].append(0) }
                    }
                    for z in sums.indices { sums[z][index] += p.sums[z][k] }
                }
                pieces += p.pieces
            }
            var rows: [Row] = []
            for z in zones.indices {
                for (k, value) in classes.enumerated() where sums[z][k] > 0 {
                    rows.append(Row(zone: z, classValue: value, areaSquareMetres: sums[z][k], share: zoneAreas[z] > 0 ? sums[z][k] / zoneAreas[z] : 0))
                }
            }
            return Result(zones: zones, zoneLabels: Tabulate.labels(zones, field: options.zoneField), zoneAreaSquareMetres: zoneAreas,
                          classifiedSquareMetres: sums.map { $0.reduce(0, +) }, rows: rows, classes: classes, classNames: names, sawDeductionField: sawDeductionField,
                          pieces: pieces, repaired: repaired, parcelsInZones: met)
        }
    }

    /// Every zone's label, told apart: zones that share a label get their position among the
    /// zones after it (`兰考 #0`, `兰考 #3`), so JSON, CSV and table keys never merge two zones.
    ///
    /// ```swift
    /// Tabulate.labels(zones, field: nil)   // ["兰考 #0", "开封", "兰考 #2"]
    /// ```
    public static func labels(_ zones: [FeatureRef], field: String?) -> [String] {
        let plain = zones.map { label($0, field: field) }
        var counts: [String: Int] = [:]
        for l in plain { counts[l, default: 0] += 1 }
        return plain.enumerated().map { k, l in counts[l]! > 1 ? "\(l) #\(k)" : l }
    }

    /// A deduction coefficient read from a property: absent or null is 0; a number (or numeric
    /// text) in 0 ≤ k < 1 is itself; anything else is `nil` (an error).
    static func coefficient(_ v: JSONValue?) -> Double? {
        guard let v, v != .null else { return 0 }
        let k: Double?
        switch v {
        case .string(let s): k = s.isEmpty ? 0 : Double(s)
        default: k = v.doubleValue
        }
        guard let k, k.isFinite, k >= 0, k < 1 else { return nil }
        return k
    }

    /// Each class value's first name in `nameField` among `parcels` (empty without a name field).
    ///
    /// ```swift
    /// Tabulate.classNames(parcels, classField: "DLBM", nameField: "DLMC")  // ["0101": "水田", …]
    /// ```
    public static func classNames(_ parcels: [FeatureRef], classField: String, nameField: String?) -> [String: String] {
        guard let nameField else { return [:] }
        var names: [String: String] = [:]
        for p in parcels {
            guard let v = p.feature[property: classField], v != .null, let n = p.feature[property: nameField], n != .null else { continue }
            if names[v.displayText] == nil { names[v.displayText] = n.displayText }
        }
        return names
    }

    /// How a zone is named: the `field` value, else its name, id, or `#index`.
    public static func label(_ ref: FeatureRef, field: String?) -> String {
        if let field, let v = ref.feature[property: field], v != .null { return v.displayText }
        return ref.feature.name ?? ref.feature.id?.text ?? "#\(ref.index)"
    }

    struct Partial {
        var classes: [String?] = []
        var names: [String: String] = [:]
        var badCoefficient: DeductionCoefficientError?
        var sawDeductionField = false
        var sums: [[Double]]
        var pieces: [Piece] = []
        var invalid: InvalidGeometryError?
        var repaired = 0
        var met = 0
    }

    /// One thread's view of the zones: GEOS prepared polygons and the Swift tiles for convex parcels.
    ///
    /// Why `@unchecked Sendable` is safe: a `ThreadZones` is made on one worker thread and handed
    /// back to the caller (`forEachChunk` joins that thread first), then given to exactly one
    /// worker per `forEachChunk(states:)` call (worker w gets `states[w]`), whose workers are all
    /// joined before the next call: it is never used by two threads at once. Its `PreparedLayer`
    /// owns its own GEOS context, so no context is shared either; the tiles' caches are mutated
    /// only by the one thread using them.
    final class ThreadZones: @unchecked Sendable {
        let layer: PreparedLayer
        let tiles: [ZoneTiles?]

        init(_ zones: [Geometry?]) throws {
            layer = try PreparedLayer(zones)
            tiles = zones.map { $0.flatMap(ZoneTiles.init) }
        }
    }

    func tabulateChunk(_ parcels: [FeatureRef], range: Range<Int>, classField: String, zones: ThreadZones, grids: [ZoneRaster?]) throws -> Partial {
        let layer = zones.layer
        var out = Partial(sums: Array(repeating: [], count: layer.count))
        var cut: [(zone: Int, area: Double)] = []
        var local: [ClassKey: Int] = [:]
        var meter = GeodesicAreaMeter()
        var wholes: [Int] = [], unsure: [Int] = []
        let boxes = layer.boxes
        let scan = layer.count <= 32
        for k in range {
            let ref = parcels[k]
            guard let g = ref.feature.geometry, g.dimension == 2, let box = g.boundingBox else { continue }
            wholes.removeAll(keepingCapacity: true)
            unsure.removeAll(keepingCapacity: true)
            var clip = Clip()
            cut.removeAll(keepingCapacity: true)
            if check == .trust || isClearlyValidPolygon(g) {
                // Zones whose grid places the parcel wholly inside need no GEOS; those it places outside are skipped.
                func sort(_ z: Int) {
                    switch grids[z]?.side(of: box) ?? .unknown {
                    case .inside: wholes.append(z)
                    case .outside: break
                    case .unknown: unsure.append(z)
                    }
                }
                if scan {
                    for z in boxes.indices where boxes[z]?.intersects(box) ?? false { sort(z) }
                } else {
                    for z in try layer.candidates(box) { sort(z) }
                }
                if !unsure.isEmpty {
                    // A parcel cut by a zone edge is cut along its own geodesic edges too (docs/semantics.md);
                    // one wholly inside or outside needs no cut, and its geodesic area is the same either way.
                    let g = g.withGeodesicEdges()
                    // A convex parcel's share of each zone is clipped in Swift (ConvexClip.swift); the rest, and
                    // any run that keeps the pieces' geometry, through GEOS.
                    if !keepPieces, case .polygon(let polygon) = g, polygon.rings.count == 1,
                       unsure.allSatisfy({ zones.tiles[$0] != nil }), let window = ConvexWindow(polygon.rings[0].positions) {
                        for z in unsure {
                            let area = window.area(of: zones.tiles[z]!.rings(near: box), meter: &meter)
                            if area > 0 { cut.append((z, area)) }
                        }
                    } else {
                        clip = try layer.clip(g, check: .trust, among: unsure, direct: true)
                    }
                }
            } else {
                clip = try layer.clip(g.withGeodesicEdges(), check: check)
                if let v = clip.invalid {
                    out.invalid = InvalidGeometryError(file: ref.file, index: ref.index, id: ref.feature.id?.text, reason: v.reason ?? "invalid", location: v.location)
                    return out
                }
            }
            guard !clip.pieces.isEmpty || !wholes.isEmpty || !cut.isEmpty else { continue }
            if clip.repaired != nil { out.repaired += 1 }
            out.met += 1
            let geometry = clip.repaired ?? g
            let value: String? = ref.feature[property: classField].flatMap { $0 == .null ? nil : $0.displayText }
            func classIndex(_ value: String?) -> Int {
                if let i = local[ClassKey(value)] { return i }
                let c = out.classes.count
                local[ClassKey(value)] = c
                out.classes.append(value)
                for z in out.sums.indices { out.sums[z].append(0) }
                return c
            }
            let c = classIndex(value)
            if let nameField, let value, out.names[value] == nil, let name = ref.feature[property: nameField], name != .null {
                out.names[value] = name.displayText
            }
            // 田坎 deduction: k of the parcel's area goes to the deduction class, as the survey tallies.
            var k = 0.0, deducted = c
            if let deduction {
                if ref.feature.properties?[deduction.field] != nil { out.sawDeductionField = true }
                switch Tabulate.coefficient(ref.feature[property: deduction.field]) {
                case .some(let v): k = v
                case .none:
                    out.badCoefficient = DeductionCoefficientError(file: ref.file, index: ref.index, id: ref.feature.id?.text, field: deduction.field,
                                                                   value: ref.feature[property: deduction.field]?.displayText ?? "")
                    return out
                }
                if k > 0 { deducted = classIndex(deduction.classValue) }
            }
            func tally(_ zone: Int, _ area: Double) {
                out.sums[zone][c] += area * (1 - k)
                if k > 0 { out.sums[zone][deducted] += area * k }
            }
            var wholeArea: Double?
            for (zone, piece) in clip.pieces {
                let part: Geometry
                let area: Double
                switch piece {
                case .whole:
                    if wholeArea == nil { wholeArea = meter.area(of: geometry) }
                    area = wholeArea!
                    part = geometry
                case .part(let p):
                    part = Overlay.keepDimension(p, of: geometry)
                    area = meter.area(of: part)
                }
                guard area > 0 else { continue }
                tally(zone, area)
                if keepPieces { out.pieces.append(Piece(zone: zone, parcel: ref, classValue: value, areaSquareMetres: area, geometry: part)) }
            }
            for (zone, area) in cut { tally(zone, area) }
            for zone in wholes {
                if wholeArea == nil { wholeArea = meter.area(of: geometry) }
                tally(zone, wholeArea!)
                if keepPieces { out.pieces.append(Piece(zone: zone, parcel: ref, classValue: value, areaSquareMetres: wholeArea!, geometry: geometry)) }
            }
        }
        return out
    }
}

extension Tabulate.Result {
    /// The split pieces (kept with `keepPieces`) as features: each parcel's own properties plus
    /// `zone` (the zone's label) and `area_m2`, with the piece's geometry — what `--format geojson`
    /// and the recipe step write.
    ///
    /// ```swift
    /// let pieces = try Tabulate(keepPieces: true).run(parcels: parcels, classField: "DLMC", zones: zones).pieceFeatures()
    /// ```
    public func pieceFeatures() throws -> [Feature] {
        try pieces.map { piece in
            var f = piece.parcel.feature
            var properties = f.properties ?? JSONObject()
            properties["zone"] = .string(zoneLabels[piece.zone])
            properties["area_m2"] = .number(try JSONNumber.finite(piece.areaSquareMetres, "area_m2"))
            f.properties = properties
            f.geometry = piece.geometry
            f.bbox = nil
            return f
        }
    }
}

/// A class value as a dictionary key hashed on its UTF-8 bytes: `String`'s own hashing
/// normalises non-ASCII text (地类 names) first, which costs more than the rest of a parcel's lookup.
struct ClassKey: Hashable {
    var value: String?

    init(_ value: String?) { self.value = value }

    func hash(into hasher: inout Hasher) {
        guard var v = value else { return hasher.combine(0 as UInt8) }
        v.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }

    static func == (a: ClassKey, b: ClassKey) -> Bool {
        switch (a.value, b.value) {
        case (nil, nil): return true
        case (let x?, let y?): return x.utf8.elementsEqual(y.utf8)
        default: return false
        }
    }
}

/// A property asked for by name that no feature has; lists the ones there are.
///
/// ```swift
/// try UnknownFieldError.check("DLMC", in: parcels, role: "parcels")
/// ```
public struct UnknownFieldError: Error, Sendable, CustomStringConvertible {
    public var field: String
    public var role: String
    public var files: [String]
    public var available: [String]

    public var description: String {
        let list = available.isEmpty ? "they have no properties" : "their properties are: " + available.joined(separator: ", ")
        return "\(files.joined(separator: ", ")): no \(role) feature has the property \"\(field)\"; \(list)"
    }

    /// Throws when no feature of `refs` has `field` (an empty list passes).
    public static func check(_ field: String, in refs: [FeatureRef], role: String) throws {
        guard !refs.isEmpty else { return }
        if refs.contains(where: { $0.feature.properties?[field] != nil }) { return }
        var seen = Set<String>()
        var names: [String] = []
        for r in refs.prefix(10_000) {
            for key in r.feature.properties?.keys ?? [] where seen.insert(key).inserted { names.append(key) }
        }
        var files: [String] = []
        for r in refs where !files.contains(r.file) { files.append(r.file) }
        throw UnknownFieldError(field: field, role: role, files: files, available: names)
    }
}
