import TongchengGeodesy
import TongchengGeometry
import TongchengTopology

/// 图层比对: what changed between two versions of a layer (two editions of a plan layer, two
/// surveys) — the features added, removed and changed (in geometry and/or attributes, with the
/// geodesic area each changed feature gained and lost) and how many stayed as they were.
///
/// Features are matched by the value of a key field when one is given; without one, by equal
/// geometry (vertex for vertex, whatever the ring start and direction), so that only attribute
/// changes are seen as changes and a reshaped feature is one removed and one added.
///
/// ```swift
/// let d = try LayerDiff(key: "BSM").run(old: plan2021, new: plan2023)
/// for e in d.entries { print(e.change, e.key ?? "", e.areaGainedSquareMetres, e.areaLostSquareMetres) }
/// ```
public struct LayerDiff: Sendable {
    public enum Change: String, Sendable, CaseIterable {
        case added, removed, changed
    }

    /// One feature that is not the same in both versions.
    public struct Entry: Sendable {
        public var change: Change
        /// The key's value (`nil` when matching by geometry).
        public var key: String?
        public var old: FeatureRef?
        public var new: FeatureRef?
        public var geometryChanged: Bool
        /// Properties whose values differ (or that one version lacks), sorted.
        public var attributesChanged: [String]
        /// Geodesic m² in the new geometry and not in the old (a whole added feature's area).
        public var areaGainedSquareMetres: Double
        /// Geodesic m² in the old geometry and not in the new (a whole removed feature's area).
        public var areaLostSquareMetres: Double

        /// An entry as another engine (PostGIS) computed it.
        public init(change: Change, key: String?, old: FeatureRef?, new: FeatureRef?, geometryChanged: Bool, attributesChanged: [String],
                    areaGainedSquareMetres: Double, areaLostSquareMetres: Double) {
            self.change = change
            self.key = key
            self.old = old
            self.new = new
            self.geometryChanged = geometryChanged
            self.attributesChanged = attributesChanged
            self.areaGainedSquareMetres = areaGainedSquareMetres
            self.areaLostSquareMetres = areaLostSquareMetres
        }
    }

    public struct Result: Sendable {
        /// Removed and changed features in the old layer's order, then added ones in the new layer's.
        public var entries: [Entry]
        public var unchanged: Int

        public init(entries: [Entry], unchanged: Int) {
            self.entries = entries
            self.unchanged = unchanged
        }

        /// How many entries of a kind.
        public func count(_ change: Change) -> Int { entries.filter { $0.change == change }.count }
    }

    /// The field whose value identifies a feature in both versions (`nil`: match by geometry).
    public var key: String?
    public var jobs: Int

    public init(key: String? = nil, jobs: Int = 1) {
        self.key = key
        self.jobs = jobs
    }

    /// Which features correspond: pairs found in both versions (by key or by equal geometry) and
    /// the features found in one only (`added` or `removed`), each in its layer's order.
    public struct Matching: Sendable {
        public var pairs: [(key: String?, old: FeatureRef, new: FeatureRef)] = []
        public var unmatched: [(change: Change, key: String?, feature: FeatureRef)] = []
    }

    /// Compares `old` with `new`. With a key, throws `UnknownFieldError` when neither layer has
    /// it and `FeatureDataError` for a feature without a value or a value that appears twice.
    public func run(old: [FeatureRef], new: [FeatureRef]) throws -> Result {
        let matching = try match(old: old, new: new)
        // Compared and measured on `jobs` threads, in order.
        let compared: [Entry?] = try parallelMap(matching.pairs, jobs: jobs) { key, a, b in
            let attributes = LayerDiff.changedAttributes(a.feature, b.feature)
            let geometryChanged = LayerDiff.shape(a) != LayerDiff.shape(b)
            guard geometryChanged || !attributes.isEmpty else { return nil }
            var gained = 0.0, lost = 0.0
            if geometryChanged { (gained, lost) = try LayerDiff.gainedAndLost(a.geometry, b.geometry) }
            return Entry(change: .changed, key: key, old: a, new: b, geometryChanged: geometryChanged, attributesChanged: attributes,
                         areaGainedSquareMetres: gained, areaLostSquareMetres: lost)
        }
        let areas: [Double] = try parallelMap(matching.unmatched, jobs: jobs) { _, _, ref in ref.geometry.map { $0.dimension == 2 ? $0.geodesicArea() : 0 } ?? 0 }
        return LayerDiff.result(matching, compared: compared, areas: areas)
    }

    /// The result from the matching, each pair's entry (`nil`: unchanged) and each unmatched feature's area.
    public static func result(_ matching: Matching, compared: [Entry?], areas: [Double]) -> Result {
        let wholes = matching.unmatched.enumerated().map { k, u in
            Entry(change: u.change, key: u.key, old: u.change == .removed ? u.feature : nil, new: u.change == .added ? u.feature : nil,
                  geometryChanged: true, attributesChanged: [],
                  areaGainedSquareMetres: u.change == .added ? areas[k] : 0, areaLostSquareMetres: u.change == .removed ? areas[k] : 0)
        }
        let changed = compared.compactMap { $0 }
        var entries = (wholes.filter { $0.change == .removed } + changed).sorted { ($0.old?.index ?? 0) < ($1.old?.index ?? 0) }
        entries += wholes.filter { $0.change == .added }
        return Result(entries: entries, unchanged: matching.pairs.count - changed.count)
    }

    /// Pairs the features by key or, without one, by equal geometry (first come, first paired).
    public func match(old: [FeatureRef], new: [FeatureRef]) throws -> Matching {
        var m = Matching()
        if let key {
            if !(key == "id" && (old + new).contains(where: { $0.feature.id != nil })) { try UnknownFieldError.check(key, in: old + new, role: "old or new") }
            let oldKeys = try LayerDiff.keyed(old, key), newByKey = try LayerDiff.keyed(new, key)
            var seen = Set<String>()
            for (k, value) in oldKeys.order.enumerated() {
                seen.insert(value)
                if let n = newByKey.first[value] { m.pairs.append((value, old[k], new[n])) } else { m.unmatched.append((.removed, value, old[k])) }
            }
            for (k, n) in newByKey.order.enumerated() where !seen.contains(n) { m.unmatched.append((.added, n, new[k])) }
        } else {
            var byGeometry: [[Position]: [Int]] = [:]
            for (k, ref) in new.enumerated() { byGeometry[LayerDiff.shape(ref), default: []].append(k) }
            var matched = Set<Int>()
            for ref in old {
                let s = LayerDiff.shape(ref)
                if let n = byGeometry[s]?.first {
                    byGeometry[s]!.removeFirst()
                    matched.insert(n)
                    m.pairs.append((nil, ref, new[n]))
                } else {
                    m.unmatched.append((.removed, nil, ref))
                }
            }
            for (k, ref) in new.enumerated() where !matched.contains(k) { m.unmatched.append((.added, nil, ref)) }
        }
        return m
    }

    /// Each feature's key value, and the position of each value; a missing or repeated value is an error.
    static func keyed(_ refs: [FeatureRef], _ key: String) throws -> (order: [String], first: [String: Int]) {
        var first: [String: Int] = [:]
        var order: [String] = []
        for (k, ref) in refs.enumerated() {
            guard let v = value(ref.feature, key) else {
                throw FeatureDataError(file: ref.file, index: ref.index, message: "no value for the key \"\(key)\" (every feature needs one to be matched)")
            }
            let text = v.displayText
            if let earlier = first[text] {
                throw FeatureDataError(file: ref.file, index: ref.index, message: "the key \"\(key)\" = \(text) is also features[\(refs[earlier].index)]'s: keys must be unique")
            }
            first[text] = k
            order.append(text)
        }
        return (order, first)
    }

    /// The key's value: the property, or the feature's GeoJSON id for `id` when no property has that name.
    static func value(_ f: Feature, _ key: String) -> JSONValue? {
        if let v = f[property: key], v != .null { return v }
        if key == "id", f[property: key] == nil { return f.id?.jsonValue }
        return nil
    }

    static func shape(_ ref: FeatureRef) -> [Position] {
        guard let g = ref.geometry else { return [] }
        switch g {
        case .polygon, .multiPolygon: return Check.canonical(g)
        default:
            var out: [Position] = []
            g.forEachSequence { out += $0 + [Position(.infinity, .infinity)] }
            return out
        }
    }

    public static func changedAttributes(_ a: Feature, _ b: Feature) -> [String] {
        var names = Set<String>()
        for (k, v) in a.properties ?? JSONObject() where b.properties?[k] != v { names.insert(k) }
        for (k, v) in b.properties ?? JSONObject() where a.properties?[k] != v { names.insert(k) }
        return names.sorted()
    }

    /// The areas gained (new − old) and lost (old − new), geodesic m²; 0 for lines and points.
    static func gainedAndLost(_ a: Geometry?, _ b: Geometry?) throws -> (Double, Double) {
        guard let a, let b, a.dimension == 2 || b.dimension == 2 else { return (0, 0) }
        if a.isEmpty || a.dimension != 2 { return (b.geodesicArea(), 0) }
        if b.isEmpty || b.dimension != 2 { return (0, a.geodesicArea()) }
        let gained = Overlay.keepDimension(try b.difference(a), of: b).geodesicArea()
        let lost = Overlay.keepDimension(try a.difference(b), of: a).geodesicArea()
        return (gained, lost)
    }
}
