import TongchengGeometry

/// Overlays of layers; the analyses (clip, erase, dissolve) extend it in Analysis. Here the one
/// rule every overlay shares: a result keeps only the parts of its input's dimension.
///
/// ```swift
/// let cut = Overlay.keepDimension(try parcel.intersection(zone), of: parcel)
/// ```
public enum Overlay {
    /// Overlay results can hold lower-dimensional slivers (a polygon clipped along an edge gives
    /// lines too); keep only parts of the input's own dimension, as PostGIS's ST_CollectionExtract does.
    /// A result wholly of a lower dimension (two polygons that only touch intersect in a line or a
    /// point) holds nothing of the input's dimension and comes back empty.
    public static func keepDimension(_ g: Geometry, of input: Geometry) -> Geometry {
        let d = input.dimension
        let parts: [Geometry]
        if case .geometryCollection(let c) = g {
            parts = c.geometries.flatMap { part -> [Geometry] in
                if case .geometryCollection(let inner) = part { return inner.geometries }
                return [part]
            }.filter { $0.dimension == d }
        } else if g.isEmpty || g.dimension == d {
            return g
        } else {
            parts = []
        }
        switch d {
        case 2:
            var polygons: [Polygon] = []
            for p in parts {
                if case .polygon(let x) = p { polygons.append(x) }
                if case .multiPolygon(let x) = p { polygons += x.polygons }
            }
            return polygons.count == 1 ? .polygon(polygons[0]) : .multiPolygon(MultiPolygon(polygons))
        case 1:
            var lines: [LineString] = []
            for p in parts {
                if case .lineString(let x) = p { lines.append(x) }
                if case .multiLineString(let x) = p { lines += x.lineStrings }
            }
            return lines.count == 1 ? .lineString(lines[0]) : .multiLineString(MultiLineString(lines))
        default:
            var points: [Point] = []
            for p in parts {
                if case .point(let x) = p { points.append(x) }
                if case .multiPoint(let x) = p { points += x.points }
            }
            return points.count == 1 ? .point(points[0]) : .multiPoint(MultiPoint(points))
        }
    }
}
