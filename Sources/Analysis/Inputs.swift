import TongchengGeometry
import TongchengTopology

/// A feature with where it came from, so that results can name it (`index`, `id`, `name`).
///
/// ```swift
/// let refs = FeatureRef.all(in: fc, file: "plan/special_zone.geojson")
/// ```
public struct FeatureRef: Sendable {
    /// The file (or layer name) the feature came from, as results name it.
    public var file: String
    /// The feature's position in that file, from 0.
    public var index: Int
    /// The feature itself (geometry and properties).
    public var feature: Feature

    /// A reference to one feature: `FeatureRef(file: "zone.geojson", index: 0, feature: f)`.
    public init(file: String, index: Int, feature: Feature) {
        self.file = file
        self.index = index
        self.feature = feature
    }

    /// Every feature of a collection, numbered from 0, as the input of an analysis.
    ///
    /// ```swift
    /// let zones = FeatureRef.all(in: plan[.specialZone]!.collection, file: "special_zone")
    /// ```
    public static func all(in collection: FeatureCollection, file: String) -> [FeatureRef] {
        collection.features.enumerated().map { FeatureRef(file: file, index: $0.offset, feature: $0.element) }
    }

    /// The feature's geometry (`nil` for a feature without one).
    public var geometry: Geometry? { feature.geometry }
}

/// Invalid geometries are refused by analyses unless the caller asks for a repair.
///
/// ```swift
/// let (fixed, repaired) = try ValidityPolicy.check(refs, repair: true)
/// ```
public enum ValidityPolicy {
    /// Returns the features, repaired with GEOS makeValid when `repair` is true, and how many were
    /// changed; throws `InvalidGeometryError` on the first invalid one otherwise.
    public static func check(_ refs: [FeatureRef], repair: Bool) throws -> ([FeatureRef], Int) {
        var out = refs
        var repaired = 0
        for k in out.indices {
            guard let g = out[k].feature.geometry else { continue }
            let v = try g.validity()
            if v.isValid { continue }
            guard repair else {
                throw InvalidGeometryError(file: out[k].file, index: out[k].index, id: out[k].feature.id?.text, reason: v.reason ?? "invalid", location: v.location)
            }
            out[k].feature.geometry = try g.madeValid()
            repaired += 1
        }
        return (out, repaired)
    }
}

/// An invalid geometry met by an analysis that was not asked to repair it.
public struct InvalidGeometryError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var index: Int
    public var id: String?
    public var reason: String
    public var location: Position?

    public var description: String {
        let at = location.map { " at (\($0.x), \($0.y))" } ?? ""
        let name = id.map { " (id \"\($0)\")" } ?? ""
        return "\(file): features[\(index)].geometry\(name): invalid geometry: \(reason)\(at). Check the data with `tongcheng validate`, or pass --repair to fix it with GEOS makeValid."
    }
}

/// Maps over items on several threads (each with its own GEOS context), keeping the order.
///
/// ```swift
/// let areas = try parallelMap(features, jobs: 2) { $0.geometry?.geodesicArea() ?? 0 }
/// ```
public func parallelMap<T: Sendable, R: Sendable>(_ items: [T], jobs: Int, _ transform: @Sendable (T) throws -> R) throws -> [R] {
    if jobs <= 1 || items.count < 2 { return try items.map(transform) }
    // Runs of neighbouring items, four a thread, claimed as threads come free (`runChunks`).
    let size = max(1, (items.count + jobs * 4 - 1) / (jobs * 4))
    let runs = (items.count + size - 1) / size
    return try runChunks(count: runs, workers: min(jobs, runs), state: { _ in () }) { _, c in
        try items[c * size..<min(items.count, (c + 1) * size)].map(transform)
    }.flatMap { $0 }
}
