import CGDAL
import TongchengGeometry

/// OGR geometries → Tongcheng's value types. Coordinates are copied in bulk (`OGR_G_GetPoints`
/// writes x and y straight into the `Position` array); curves (CircularString, CompoundCurve,
/// CurvePolygon, MultiSurface …) are linearised by OGR first.
enum OGRGeometryReading {
    struct Unsupported: Error { var typeName: String }

    /// The geometry, or `nil` for an empty one.
    static func geometry(_ g: OGRGeometryH) throws -> Geometry? {
        let type = OGR_GT_Flatten(OGR_G_GetGeometryType(g))
        if OGR_GT_IsNonLinear(type) != 0 {
            guard let linear = OGR_G_GetLinearGeometry(g, 0, nil) else { throw Unsupported(typeName: typeName(g)) }
            defer { OGR_G_DestroyGeometry(linear) }
            return try geometry(linear)
        }
        if OGR_G_IsEmpty(g) != 0 { return nil }
        switch type {
        case wkbPoint:
            let z: Double? = OGR_G_Is3D(g) != 0 ? OGR_G_GetZ(g, 0) : nil
            return .point(Point(OGR_G_GetX(g, 0), OGR_G_GetY(g, 0), z: z))
        case wkbLineString, wkbLinearRing:
            return .lineString(lineString(g))
        case wkbPolygon:
            return .polygon(polygon(g))
        case wkbMultiPoint:
            return .multiPoint(MultiPoint(members(g).compactMap { m in
                OGR_G_IsEmpty(m) != 0 ? nil : Point(OGR_G_GetX(m, 0), OGR_G_GetY(m, 0), z: OGR_G_Is3D(m) != 0 ? OGR_G_GetZ(m, 0) : nil)
            }))
        case wkbMultiLineString:
            return .multiLineString(MultiLineString(members(g).map(lineString)))
        case wkbMultiPolygon:
            return .multiPolygon(MultiPolygon(members(g).map(polygon)))
        case wkbGeometryCollection:
            return .geometryCollection(GeometryCollection(try members(g).compactMap(geometry)))
        case wkbPolyhedralSurface, wkbTIN:
            // Faces are polygons: read them as a MultiPolygon.
            guard let multi = OGR_G_ForceTo(OGR_G_Clone(g), wkbMultiPolygon, nil) else { throw Unsupported(typeName: typeName(g)) }
            defer { OGR_G_DestroyGeometry(multi) }
            return try geometry(multi)
        default:
            throw Unsupported(typeName: typeName(g))
        }
    }

    static func typeName(_ g: OGRGeometryH) -> String {
        OGR_G_GetGeometryName(g).map { String(cString: $0) } ?? "unknown"
    }

    private static func members(_ g: OGRGeometryH) -> [OGRGeometryH] {
        (0..<OGR_G_GetGeometryCount(g)).compactMap { OGR_G_GetGeometryRef(g, $0) }
    }

    private static func polygon(_ g: OGRGeometryH) -> Polygon {
        Polygon(rings: members(g).map(lineString).filter { !$0.positions.isEmpty })
    }

    private static func lineString(_ g: OGRGeometryH) -> LineString {
        let n = Int(OGR_G_GetPointCount(g))
        guard n > 0 else { return LineString([]) }
        let stride = Int32(MemoryLayout<Position>.stride)
        let positions = [Position](unsafeUninitializedCapacity: n) { buffer, count in
            let raw = UnsafeMutableRawPointer(buffer.baseAddress!)
            _ = OGR_G_GetPoints(g, raw, stride, raw + MemoryLayout<Double>.size, stride, nil, 0)
            count = n
        }
        var z: [Double]?
        if OGR_G_Is3D(g) != 0 {
            z = [Double](unsafeUninitializedCapacity: n) { buffer, count in
                _ = OGR_G_GetPoints(g, nil, 0, nil, 0, UnsafeMutableRawPointer(buffer.baseAddress!), Int32(MemoryLayout<Double>.stride))
                count = n
            }
        }
        return LineString(positions, z: z)
    }
}
