import Foundation
import TongchengGeometry

/// PostGIS's extended well-known binary (EWKB): the form `COPY … (FORMAT binary)` takes and
/// returns for a `geometry` column. Little-endian, SRID on the outermost geometry, Z when any
/// part of the geometry has heights.
///
/// ```swift
/// var bytes: [UInt8] = []
/// EWKB.append(.point(Point(114.8, 34.8)), srid: 4326, to: &bytes)
/// let back = try EWKB.read(bytes)                      // .point(Point(114.8, 34.8))
/// ```
public enum EWKB {
    static let zFlag: UInt32 = 0x8000_0000
    static let mFlag: UInt32 = 0x4000_0000
    static let sridFlag: UInt32 = 0x2000_0000

    /// Appends the geometry's EWKB (with `srid` when given) to `out`.
    /// `forceZ` writes heights (0 where a part has none) for a `GeometryZ` column.
    public static func append(_ g: Geometry, srid: Int32?, forceZ: Bool = false, to out: inout [UInt8]) {
        write(g, srid: srid, hasZ: forceZ || g.hasHeights, to: &out)
    }

    static func header(_ type: UInt32, srid: Int32?, hasZ: Bool, to out: inout [UInt8]) {
        out.append(1)  // little-endian
        var t = type
        if hasZ { t |= zFlag }
        if srid != nil { t |= sridFlag }
        put(t, &out)
        if let srid { put(UInt32(bitPattern: srid), &out) }
    }

    @inline(__always) static func put(_ v: UInt32, _ out: inout [UInt8]) {
        withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) }
    }

    @inline(__always) static func put(_ v: Double, _ out: inout [UInt8]) {
        withUnsafeBytes(of: v.bitPattern.littleEndian) { out.append(contentsOf: $0) }
    }

    static func positions(_ l: LineString, hasZ: Bool, to out: inout [UInt8]) {
        put(UInt32(l.positions.count), &out)
        if !hasZ {
            out.reserveCapacity(out.count + 16 * l.positions.count)
            for p in l.positions {
                put(p.x, &out)
                put(p.y, &out)
            }
            return
        }
        for (k, p) in l.positions.enumerated() {
            put(p.x, &out)
            put(p.y, &out)
            put(l.z?[k] ?? 0, &out)
        }
    }

    static func write(_ g: Geometry, srid: Int32?, hasZ: Bool, to out: inout [UInt8]) {
        switch g {
        case .point(let p):
            header(1, srid: srid, hasZ: hasZ, to: &out)
            put(p.position.x, &out)
            put(p.position.y, &out)
            if hasZ { put(p.z ?? 0, &out) }
        case .lineString(let l):
            header(2, srid: srid, hasZ: hasZ, to: &out)
            positions(l, hasZ: hasZ, to: &out)
        case .polygon(let p):
            header(3, srid: srid, hasZ: hasZ, to: &out)
            put(UInt32(p.rings.count), &out)
            for r in p.rings { positions(r, hasZ: hasZ, to: &out) }
        case .multiPoint(let m):
            header(4, srid: srid, hasZ: hasZ, to: &out)
            put(UInt32(m.points.count), &out)
            for p in m.points { write(.point(p), srid: nil, hasZ: hasZ, to: &out) }
        case .multiLineString(let m):
            header(5, srid: srid, hasZ: hasZ, to: &out)
            put(UInt32(m.lineStrings.count), &out)
            for l in m.lineStrings { write(.lineString(l), srid: nil, hasZ: hasZ, to: &out) }
        case .multiPolygon(let m):
            header(6, srid: srid, hasZ: hasZ, to: &out)
            put(UInt32(m.polygons.count), &out)
            for p in m.polygons { write(.polygon(p), srid: nil, hasZ: hasZ, to: &out) }
        case .geometryCollection(let c):
            header(7, srid: srid, hasZ: hasZ, to: &out)
            put(UInt32(c.geometries.count), &out)
            for part in c.geometries { write(part, srid: nil, hasZ: hasZ, to: &out) }
        }
    }

    /// Reads (E)WKB — either byte order, ISO or extended Z/M flags (M is dropped).
    public static func read(_ bytes: [UInt8]) throws -> Geometry {
        try bytes.withUnsafeBytes { try read($0) }
    }

    /// Reads (E)WKB from raw bytes (a binary query result).
    public static func read(_ bytes: UnsafeRawBufferPointer) throws -> Geometry {
        var r = Reader(bytes: bytes)
        let g = try r.geometry()
        return g
    }

    struct Reader {
        var bytes: UnsafeRawBufferPointer
        var at = 0
        var little = true

        mutating func byte() throws -> UInt8 {
            guard at < bytes.count else { throw DatabaseError(.data, "geometry: truncated well-known binary at byte \(at)") }
            defer { at += 1 }
            return bytes[at]
        }

        mutating func uint32() throws -> UInt32 {
            guard at + 4 <= bytes.count else { throw DatabaseError(.data, "geometry: truncated well-known binary at byte \(at)") }
            let v = bytes.loadUnaligned(fromByteOffset: at, as: UInt32.self)
            at += 4
            return little ? UInt32(littleEndian: v) : UInt32(bigEndian: v)
        }

        mutating func double() throws -> Double {
            guard at + 8 <= bytes.count else { throw DatabaseError(.data, "geometry: truncated well-known binary at byte \(at)") }
            let v = bytes.loadUnaligned(fromByteOffset: at, as: UInt64.self)
            at += 8
            return Double(bitPattern: little ? UInt64(littleEndian: v) : UInt64(bigEndian: v))
        }

        mutating func line(z: Bool, m: Bool) throws -> LineString {
            let n = Int(try uint32())
            guard n <= (bytes.count - at) / 16 else { throw DatabaseError(.data, "geometry: a count of \(n) positions runs past the end") }
            var ps: [Position] = []
            ps.reserveCapacity(n)
            var zs: [Double] = []
            for _ in 0..<n {
                let x = try double(), y = try double()
                ps.append(Position(x, y))
                if z { zs.append(try double()) }
                if m { _ = try double() }
            }
            return LineString(ps, z: z ? zs : nil)
        }

        mutating func geometry() throws -> Geometry {
            little = try byte() == 1
            var type = try uint32()
            var z = type & EWKB.zFlag != 0, m = type & EWKB.mFlag != 0
            if type & EWKB.sridFlag != 0 { _ = try uint32() }
            type &= 0x0FFF_FFFF
            if type >= 1000 {  // ISO WKB: 1001 = Point Z, 2001 = Point M, 3001 = Point ZM
                let dims = type / 1000
                z = z || dims == 1 || dims == 3
                m = m || dims == 2 || dims == 3
                type %= 1000
            }
            func count(_ r: inout Reader) throws -> Int {
                let n = Int(try r.uint32())
                guard n <= r.bytes.count - r.at else { throw DatabaseError(.data, "geometry: a count of \(n) parts runs past the end") }
                return n
            }
            switch type {
            case 1:
                let x = try double(), y = try double()
                let zv = z ? try double() : nil
                if m { _ = try double() }
                return .point(Point(Position(x, y), z: zv))
            case 2: return .lineString(try line(z: z, m: m))
            case 3:
                let n = try count(&self)
                return .polygon(Polygon(rings: try (0..<n).map { _ in try line(z: z, m: m) }))
            case 4, 5, 6, 7:
                let n = try count(&self)
                let parts = try (0..<n).map { _ in try geometry() }
                switch type {
                case 4: return .multiPoint(MultiPoint(parts.compactMap { if case .point(let p) = $0 { return p } else { return nil } }))
                case 5: return .multiLineString(MultiLineString(parts.compactMap { if case .lineString(let l) = $0 { return l } else { return nil } }))
                case 6: return .multiPolygon(MultiPolygon(parts.compactMap { if case .polygon(let p) = $0 { return p } else { return nil } }))
                default: return .geometryCollection(GeometryCollection(parts))
                }
            default:
                throw DatabaseError(.data, "geometry: type \(type) (curves, surfaces, TINs) has no GeoJSON form; convert it with ST_CurveToLine or ST_Dump first")
            }
        }
    }
}
