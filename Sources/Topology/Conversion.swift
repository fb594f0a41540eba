import CGEOS
import TongchengGeometry

/// Conversion between Tongcheng's value types and GEOS geometries.
///
/// Coordinates are handed to GEOS in bulk with `GEOSCoordSeq_copyFromBuffer_r`: a
/// `[Position]` is already an interleaved x,y buffer, so a line of N vertices costs one copy.
extension GEOSContext {
    /// Makes a GEOS geometry; the caller owns the result (wrap it in `GEOSHandle`).
    func make(_ geometry: Geometry) throws -> OpaquePointer {
        switch geometry {
        case .point(let p):
            let seq = try sequence([p.position], z: p.z.map { [$0] })
            guard let g = GEOSGeom_createPoint_r(handle, seq) else { throw fail("createPoint") }
            return g
        case .lineString(let l):
            let seq = try sequence(l.positions, z: l.z)
            guard let g = GEOSGeom_createLineString_r(handle, seq) else { throw fail("createLineString") }
            return g
        case .polygon(let p):
            return try makePolygon(p)
        case .multiPoint(let m):
            return try collection(GEOS_MULTIPOINT, m.points.map { .point($0) })
        case .multiLineString(let m):
            return try collection(GEOS_MULTILINESTRING, m.lineStrings.map { .lineString($0) })
        case .multiPolygon(let m):
            return try collection(GEOS_MULTIPOLYGON, m.polygons.map { .polygon($0) })
        case .geometryCollection(let c):
            return try collection(GEOS_GEOMETRYCOLLECTION, c.geometries)
        }
    }

    /// A wrapped GEOS copy of `geometry`.
    func handle(_ geometry: Geometry) throws -> GEOSHandle {
        GEOSHandle(try make(geometry), context: self)
    }

    private func sequence(_ positions: [Position], z: [Double]?) throws -> OpaquePointer {
        let seq: OpaquePointer?
        if let z {
            var xyz = [Double]()
            xyz.reserveCapacity(positions.count * 3)
            for (p, h) in zip(positions, z) { xyz += [p.x, p.y, h] }
            seq = GEOSCoordSeq_copyFromBuffer_r(handle, xyz, UInt32(positions.count), 1, 0)
        } else {
            seq = positions.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: Double.self) { doubles in
                    GEOSCoordSeq_copyFromBuffer_r(handle, doubles.baseAddress, UInt32(positions.count), 0, 0)
                }
            }
        }
        guard let seq else { throw fail("copyFromBuffer") }
        return seq
    }

    private func makePolygon(_ p: Polygon) throws -> OpaquePointer {
        guard let shellRing = p.rings.first else {
            guard let g = GEOSGeom_createEmptyPolygon_r(handle) else { throw fail("createEmptyPolygon") }
            return g
        }
        var rings: [OpaquePointer] = []
        do {
            for ring in p.rings {
                guard ring.positions.count >= 4, ring.isClosed else {
                    throw TopologyError(operation: "createLinearRing", message: "a polygon ring needs at least 4 positions and must be closed")
                }
                let seq = try sequence(ring.positions, z: ring.z)
                guard let r = GEOSGeom_createLinearRing_r(handle, seq) else { throw fail("createLinearRing") }
                rings.append(r)
            }
        } catch {
            for r in rings { GEOSGeom_destroy_r(handle, r) }
            throw error
        }
        _ = shellRing
        var holes: [OpaquePointer?] = rings.dropFirst().map { $0 }
        guard let g = GEOSGeom_createPolygon_r(handle, rings[0], &holes, UInt32(holes.count)) else { throw fail("createPolygon") }
        return g
    }

    private func collection(_ type: GEOSGeomTypes, _ parts: [Geometry]) throws -> OpaquePointer {
        var made: [OpaquePointer?] = []
        made.reserveCapacity(parts.count)
        do {
            for part in parts { made.append(try make(part)) }
        } catch {
            for g in made { GEOSGeom_destroy_r(handle, g) }
            throw error
        }
        guard let g = GEOSGeom_createCollection_r(handle, Int32(type.rawValue), &made, UInt32(made.count)) else { throw fail("createCollection") }
        return g
    }

    /// Reads a GEOS geometry back into a value (the GEOS geometry stays owned by the caller).
    func read(_ g: OpaquePointer) throws -> Geometry {
        let type = GEOSGeomTypeId_r(handle, g)
        switch type {
        case Int32(GEOS_POINT.rawValue):
            if GEOSisEmpty_r(handle, g) == 1 { return .geometryCollection(GeometryCollection([])) }
            let (positions, z) = try positionsOf(g)
            return .point(Point(positions[0], z: z?[0]))
        case Int32(GEOS_LINESTRING.rawValue), Int32(GEOS_LINEARRING.rawValue):
            let (positions, z) = try positionsOf(g)
            return .lineString(LineString(positions, z: z))
        case Int32(GEOS_POLYGON.rawValue):
            return .polygon(try readPolygon(g))
        case Int32(GEOS_MULTIPOINT.rawValue):
            return .multiPoint(MultiPoint(try parts(g).compactMap { if case .point(let p) = try read($0) { return p } else { return nil } }))
        case Int32(GEOS_MULTILINESTRING.rawValue):
            return .multiLineString(MultiLineString(try parts(g).map { if case .lineString(let l) = try read($0) { return l } else { throw TopologyError(operation: "read", message: "unexpected part in a multilinestring") } }))
        case Int32(GEOS_MULTIPOLYGON.rawValue):
            return .multiPolygon(MultiPolygon(try parts(g).map { try readPolygon($0) }))
        case Int32(GEOS_GEOMETRYCOLLECTION.rawValue):
            return .geometryCollection(GeometryCollection(try parts(g).map { try read($0) }))
        default:
            throw TopologyError(operation: "read", message: lastError ?? "unknown GEOS geometry type \(type)")
        }
    }

    private func parts(_ g: OpaquePointer) throws -> [OpaquePointer] {
        let n = GEOSGetNumGeometries_r(handle, g)
        guard n >= 0 else { throw fail("getNumGeometries") }
        return try (0..<n).map { k in
            guard let part = GEOSGetGeometryN_r(handle, g, k) else { throw fail("getGeometryN") }
            return part
        }
    }

    private func readPolygon(_ g: OpaquePointer) throws -> Polygon {
        if GEOSisEmpty_r(handle, g) == 1 { return Polygon(rings: []) }
        guard let shell = GEOSGetExteriorRing_r(handle, g) else { throw fail("getExteriorRing") }
        var rings: [LineString] = []
        let (p, z) = try positionsOf(shell)
        rings.append(LineString(p, z: z))
        let n = GEOSGetNumInteriorRings_r(handle, g)
        guard n >= 0 else { throw fail("getNumInteriorRings") }
        for k in 0..<n {
            guard let hole = GEOSGetInteriorRingN_r(handle, g, k) else { throw fail("getInteriorRingN") }
            let (hp, hz) = try positionsOf(hole)
            rings.append(LineString(hp, z: hz))
        }
        return Polygon(rings: rings)
    }

    private func positionsOf(_ g: OpaquePointer) throws -> ([Position], [Double]?) {
        guard let seq = GEOSGeom_getCoordSeq_r(handle, g) else { throw fail("getCoordSeq") }
        var size: UInt32 = 0
        var dims: UInt32 = 0
        guard GEOSCoordSeq_getSize_r(handle, seq, &size) != 0, GEOSCoordSeq_getDimensions_r(handle, seq, &dims) != 0 else { throw fail("coordinate sequence") }
        let n = Int(size)
        if dims >= 3 && GEOSHasZ_r(handle, g) == 1 {
            var xyz = [Double](repeating: 0, count: n * 3)
            guard GEOSCoordSeq_copyToBuffer_r(handle, seq, &xyz, 1, 0) != 0 else { throw fail("copyToBuffer") }
            return ((0..<n).map { Position(xyz[3 * $0], xyz[3 * $0 + 1]) }, (0..<n).map { xyz[3 * $0 + 2] })
        }
        let positions = try [Position](unsafeUninitializedCapacity: n) { buffer, initialized in
            let ok = buffer.withMemoryRebound(to: Double.self) { doubles in
                GEOSCoordSeq_copyToBuffer_r(handle, seq, doubles.baseAddress, 0, 0)
            }
            guard ok != 0 else { throw fail("copyToBuffer") }
            initialized = n
        }
        return (positions, nil)
    }

    /// Takes ownership of a GEOS result, reads it and destroys it.
    func consume(_ result: OpaquePointer?, _ operation: String) throws -> Geometry {
        guard let result else { throw fail(operation) }
        defer { GEOSGeom_destroy_r(handle, result) }
        return try read(result)
    }
}

/// Runs `body` with GEOS copies of the geometries, made in the thread's context and destroyed after.
@inline(__always)
func withGEOS<R>(_ a: Geometry, _ body: (GEOSContext, OpaquePointer) throws -> R) throws -> R {
    let context = GEOSContext.current
    let g = try context.make(a)
    defer { GEOSGeom_destroy_r(context.handle, g) }
    return try body(context, g)
}

@inline(__always)
func withGEOS<R>(_ a: Geometry, _ b: Geometry, _ body: (GEOSContext, OpaquePointer, OpaquePointer) throws -> R) throws -> R {
    let context = GEOSContext.current
    let ga = try context.make(a)
    defer { GEOSGeom_destroy_r(context.handle, ga) }
    let gb = try context.make(b)
    defer { GEOSGeom_destroy_r(context.handle, gb) }
    return try body(context, ga, gb)
}
