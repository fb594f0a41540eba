import CPROJ
import Foundation
import TongchengGeometry

/// Transforms positions and whole geometries between coordinate reference systems with PROJ.
///
/// Axis order is always x = longitude/easting, y = latitude/northing (PROJ's
/// `proj_normalize_for_visualization`), so GeoJSON stays (lon, lat) whatever the EPSG axis order.
/// GCJ-02 at either end is converted through WGS 84 with `GCJ02`.
///
/// A transformer owns its PROJ context and serialises its calls, so it may be shared between
/// threads; for throughput give each thread its own.
///
/// ```swift
/// let toGK = try Transformer(from: .wgs84, to: .gaussKruger114)
/// let projected = try toGK.transform(lankao)       // metres, EPSG:4547
/// let back = try toGK.inverse().transform(projected)
/// ```
///
/// Why `@unchecked Sendable` is safe: the PROJ context and transformation (`context`, `pj`) are
/// used only under `lock` (an `NSLock`, a class: stable address); every other property is a constant.
public final class Transformer: @unchecked Sendable {
    public let source: CoordinateSystem
    public let target: CoordinateSystem
    private let context: OpaquePointer?
    private let pj: OpaquePointer?
    private let lock = NSLock()
    /// Whether the target's coordinates are geographic degrees (longitude/latitude).
    public let targetIsGeographic: Bool
    /// Whether the source's coordinates are geographic degrees.
    public let sourceIsGeographic: Bool

    /// A transformer between two systems; throws `ProjectionError.unknownCRS` for a definition PROJ
    /// cannot build. `try Transformer(from: .gcj02, to: .wgs84)`
    public init(from source: CoordinateSystem, to target: CoordinateSystem) throws {
        self.source = source
        self.target = target
        let projSource = source == .gcj02 ? CoordinateSystem.wgs84 : source
        let projTarget = target == .gcj02 ? CoordinateSystem.wgs84 : target
        // GCJ-02 was mapped to WGS 84 just above, so both are PROJ definitions; say so if not.
        guard case .proj(let from) = projSource, case .proj(let to) = projTarget else {
            throw ProjectionError.unknownCRS("\(source) → \(target)", "no PROJ definition")
        }
        let ctx = proj_context_create()
        proj_log_level(ctx, PJ_LOG_NONE)
        proj_log_func(ctx, nil) { _, _, _ in }  // PROJ's messages become our errors, not stderr noise
        context = ctx
        func isGeographic(_ definition: String) throws -> Bool {
            guard let crs = proj_create(ctx, definition) else {
                if let missing = Transformer.missingDatabase(ctx) { throw missing }
                let reason = String(cString: proj_context_errno_string(ctx, proj_context_errno(ctx)))
                throw ProjectionError.unknownCRS(definition, reason)
            }
            defer { proj_destroy(crs) }
            let type = proj_get_type(crs)
            switch type {
            case PJ_TYPE_GEOGRAPHIC_2D_CRS, PJ_TYPE_GEOGRAPHIC_3D_CRS, PJ_TYPE_GEOGRAPHIC_CRS: return true
            case PJ_TYPE_PROJECTED_CRS, PJ_TYPE_GEOCENTRIC_CRS, PJ_TYPE_COMPOUND_CRS, PJ_TYPE_BOUND_CRS, PJ_TYPE_ENGINEERING_CRS, PJ_TYPE_OTHER_CRS, PJ_TYPE_VERTICAL_CRS: return false
            default: throw ProjectionError.unknownCRS(definition, "not a coordinate reference system")
            }
        }
        do {
            sourceIsGeographic = try isGeographic(from)
            targetIsGeographic = try isGeographic(to)
        } catch {
            proj_context_destroy(ctx)
            throw error
        }
        if from == to {
            pj = nil
            return
        }
        guard let raw = proj_create_crs_to_crs(ctx, from, to, nil) else {
            let reason = String(cString: proj_context_errno_string(ctx, proj_context_errno(ctx)))
            proj_context_destroy(ctx)
            throw ProjectionError.unknownCRS("\(from) → \(to)", reason)
        }
        let normalized = proj_normalize_for_visualization(ctx, raw)
        proj_destroy(raw)
        guard let normalized else {
            proj_context_destroy(ctx)
            throw ProjectionError.unknownCRS("\(from) → \(to)", "cannot normalise axis order")
        }
        pj = normalized
    }

    /// A configuration error when PROJ has no database: `PROJ_DATA` (or the older `PROJ_LIB`)
    /// names a folder without proj.db, or PROJ's data is not installed.
    static func missingDatabase(_ ctx: OpaquePointer?) -> ProjectionError? {
        if let path = proj_context_get_database_path(ctx), access(path, R_OK) == 0 { return nil }
        let env = ProcessInfo.processInfo.environment
        if let v = env["PROJ_DATA"] ?? env["PROJ_LIB"] {
            let name = env["PROJ_DATA"] != nil ? "PROJ_DATA" : "PROJ_LIB"
            return .dataMissing("PROJ cannot find its database proj.db: the environment variable \(name)=\(v) names a folder without it; unset \(name) or point it at the folder holding proj.db")
        }
        return .dataMissing("PROJ cannot find its database proj.db: install PROJ's data (apt-get install proj-data) or set PROJ_DATA to the folder holding proj.db")
    }

    deinit {
        if let pj { proj_destroy(pj) }
        proj_context_destroy(context)
    }

    /// The transformer in the other direction.
    public func inverse() throws -> Transformer {
        try Transformer(from: target, to: source)
    }

    /// Transforms positions in bulk (one `proj_trans_generic` call). Throws if any position
    /// cannot be transformed (outside the projection's domain).
    public func transform(_ positions: [Position]) throws -> [Position] {
        var out = positions
        if source == .gcj02 { for k in out.indices { out[k] = GCJ02.toWGS84(out[k]) } }
        if let pj {
            lock.lock()
            defer { lock.unlock() }
            let n = out.count
            let stride = MemoryLayout<Position>.stride
            out.withUnsafeMutableBufferPointer { buffer in
                guard let base = buffer.baseAddress else { return }
                let raw = UnsafeMutableRawPointer(base)
                _ = proj_trans_generic(pj, PJ_FWD,
                                       raw.assumingMemoryBound(to: Double.self), stride, n,
                                       (raw + MemoryLayout<Double>.size).assumingMemoryBound(to: Double.self), stride, n,
                                       nil, 0, 0, nil, 0, 0)
            }
            for p in out where !(p.x.isFinite && p.y.isFinite) {
                let err = proj_errno(pj)
                proj_errno_reset(pj)
                let reason = err != 0 ? String(cString: proj_context_errno_string(context, err)) : "a position lies outside the projection's domain"
                throw ProjectionError.transformFailed("\(source) → \(target): \(reason)")
            }
        }
        if target == .gcj02 { for k in out.indices { out[k] = GCJ02.fromWGS84(out[k]) } }
        return out
    }

    /// Transforms one position.
    public func transform(_ position: Position) throws -> Position {
        try transform([position])[0]
    }

    /// Transforms every position of a geometry (heights pass through unchanged).
    public func transform(_ geometry: Geometry) throws -> Geometry {
        try geometry.mapSequences { try transform($0) }
    }
}

/// Transformers by CRS pair, built once per process: building one costs milliseconds (63 ms for
/// EPSG:4547 on first use), so per-feature construction made 10,000 buffers take 100 s. The
/// cached transformer serialises its calls; the local azimuthal projections the geodesic buffer
/// uses are keyed by their centre, so features with one centre share one.
///
/// ```swift
/// let pair = try TransformerCache.shared.transformer(from: .wgs84, to: .gaussKruger114)
/// let metres = try pair.forward.transform(lankao)
/// ```
///
/// Why `@unchecked Sendable` is safe: `pairs`, the only mutable state, is read and written only
/// under `lock`; the pairs it hands out hold `Sendable` transformers.
public final class TransformerCache: @unchecked Sendable {
    public static let shared = TransformerCache()

    /// A transformer and its inverse.
    public struct Pair: Sendable {
        public let forward: Transformer
        public let inverse: Transformer
    }

    private let lock = NSLock()
    private var pairs: [String: Pair] = [:]
    /// The cache holds at most this many pairs (the azimuthal ones differ per centre).
    private let capacity = 4096

    /// The transformers both ways between two CRSs, made once and then shared by every thread.
    ///
    /// ```swift
    /// let gk = try TransformerCache.shared.transformer(from: .wgs84, to: try CoordinateSystem("EPSG:4547"))
    /// let projected = try gk.forward.transform(zone)   // metres; gk.inverse goes back
    /// ```
    public func transformer(from source: CoordinateSystem, to target: CoordinateSystem) throws -> Pair {
        let key = "\(source)→\(target)"
        lock.lock()
        if let p = pairs[key] {
            lock.unlock()
            return p
        }
        lock.unlock()
        let forward = try Transformer(from: source, to: target)
        let pair = Pair(forward: forward, inverse: try forward.inverse())
        lock.lock()
        defer { lock.unlock() }
        if pairs.count >= capacity { pairs.removeAll(keepingCapacity: true) }
        pairs[key] = pair
        return pair
    }
}
