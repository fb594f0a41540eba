import CGDAL
import TongchengGeometry

/// Tongcheng's geometries → new OGR geometries (owned by the caller; `OGR_F_SetGeometryDirectly`
/// takes them over). Coordinates go in bulk through `OGR_G_SetPoints` from the `Position` arrays.
enum OGRGeometryWriting {
    /// The OGR geometry; `multi` turns single polygons/lines/points into one-member multis.
    static func make(_ g: Geometry, multi: Bool = false) -> OGRGeometryH? {
        switch g {
        case .point(let p):
            if multi { return collection(wkbMultiPoint, [make(.point(p))]) }
            guard let h = OGR_G_CreateGeometry(p.z == nil ? wkbPoint : wkbPoint25D) else { return nil }
            if let z = p.z { OGR_G_SetPoint(h, 0, p.position.x, p.position.y, z) } else { OGR_G_SetPoint_2D(h, 0, p.position.x, p.position.y) }
            return h
        case .lineString(let l):
            if multi { return collection(wkbMultiLineString, [curve(l, type: wkbLineString)]) }
            return curve(l, type: wkbLineString)
        case .polygon(let p):
            if multi { return collection(wkbMultiPolygon, [polygon(p)]) }
            return polygon(p)
        case .multiPoint(let m):
            return collection(wkbMultiPoint, m.points.map { make(.point($0)) })
        case .multiLineString(let m):
            return collection(wkbMultiLineString, m.lineStrings.map { curve($0, type: wkbLineString) })
        case .multiPolygon(let m):
            return collection(wkbMultiPolygon, m.polygons.map(polygon))
        case .geometryCollection(let c):
            return collection(wkbGeometryCollection, c.geometries.map { make($0) })
        }
    }

    private static func collection(_ type: OGRwkbGeometryType, _ members: [OGRGeometryH?]) -> OGRGeometryH? {
        guard let h = OGR_G_CreateGeometry(type) else { return nil }
        for m in members { if let m { OGR_G_AddGeometryDirectly(h, m) } }
        return h
    }

    private static func polygon(_ p: Polygon) -> OGRGeometryH? {
        collection(wkbPolygon, p.rings.map { curve($0, type: wkbLinearRing) })
    }

    private static func curve(_ l: LineString, type: OGRwkbGeometryType) -> OGRGeometryH? {
        guard let h = OGR_G_CreateGeometry(type) else { return nil }
        let n = l.positions.count
        guard n > 0 else { return h }
        let stride = Int32(MemoryLayout<Position>.stride)
        l.positions.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            if let z = l.z, z.count == n {
                z.withUnsafeBytes { zRaw in
                    OGR_G_SetPoints(h, Int32(n), base, stride, base + MemoryLayout<Double>.size, stride,
                                    zRaw.baseAddress, Int32(MemoryLayout<Double>.stride))
                }
            } else {
                OGR_G_SetPoints(h, Int32(n), base, stride, base + MemoryLayout<Double>.size, stride, nil, 0)
            }
        }
        return h
    }

    /// The kind of a geometry for formats that hold one kind: 0 points, 1 lines, 2 polygons, nil collections.
    static func kind(_ g: Geometry) -> Int? {
        switch g {
        case .point, .multiPoint: return 0
        case .lineString, .multiLineString: return 1
        case .polygon, .multiPolygon: return 2
        case .geometryCollection: return nil
        }
    }

    /// OGR's type for a geometry (2D or 2.5D).
    static func type(_ g: Geometry) -> OGRwkbGeometryType {
        let base: OGRwkbGeometryType
        switch g {
        case .point: base = wkbPoint
        case .lineString: base = wkbLineString
        case .polygon: base = wkbPolygon
        case .multiPoint: base = wkbMultiPoint
        case .multiLineString: base = wkbMultiLineString
        case .multiPolygon: base = wkbMultiPolygon
        case .geometryCollection: base = wkbGeometryCollection
        }
        return g.hasHeights ? OGR_GT_SetZ(base) : base
    }

}
