import CGDAL
import TongchengGeodesy

/// OGR spatial references ↔ Tongcheng's `CoordinateSystem`.
enum SpatialReference {
    /// The coordinate system of an OGR spatial reference: its authority code when it has one or
    /// GDAL can identify it (an ESRI `.prj` naming `CGCS2000_3_Degree_GK_CM_114E` becomes
    /// `EPSG:4547`), its WKT otherwise.
    static func coordinateSystem(_ srs: OGRSpatialReferenceH) -> CoordinateSystem {
        if let code = authorityCode(srs) { return code == "EPSG:4326" || code == "OGC:CRS84" ? .wgs84 : .proj(code) }
        if let clone = OSRClone(srs) {
            defer { OSRDestroySpatialReference(clone) }
            var count: Int32 = 0
            var confidences: UnsafeMutablePointer<Int32>?
            if let matches = OSRFindMatches(clone, nil, &count, &confidences) {
                defer {
                    OSRFreeSRSArray(matches)
                    VSIFree(confidences)
                }
                if count >= 1, let confidences, confidences[0] >= 90, let best = matches[0], let code = authorityCode(best) {
                    return code == "EPSG:4326" ? .wgs84 : .proj(code)
                }
            }
        }
        return .proj(wkt(srs) ?? "EPSG:4326")
    }

    static func authorityCode(_ srs: OGRSpatialReferenceH) -> String? {
        guard let name = OSRGetAuthorityName(srs, nil), let code = OSRGetAuthorityCode(srs, nil) else { return nil }
        return "\(String(cString: name)):\(String(cString: code))"
    }

    static func wkt(_ srs: OGRSpatialReferenceH) -> String? {
        var text: UnsafeMutablePointer<CChar>?
        let options = CStringList([("FORMAT", "WKT2_2019")])
        guard OSRExportToWktEx(srs, &text, options.constPointer) == OGRERR_NONE, let text else { return nil }
        defer { VSIFree(text) }
        return String(cString: text)
    }

    /// The CRS's name (`CGCS2000 / 3-degree Gauss-Kruger CM 114E`).
    static func name(_ srs: OGRSpatialReferenceH) -> String {
        OSRGetName(srs).map { String(cString: $0) } ?? "unnamed"
    }

    /// A new spatial reference for writing (freed by the caller with `OSRDestroySpatialReference`),
    /// in longitude/latitude (or easting/northing) axis order.
    static func make(_ system: CoordinateSystem) -> OGRSpatialReferenceH? {
        let definition: String
        switch system {
        case .gcj02: definition = "EPSG:4326"  // GCJ-02 has no CRS definition; its coordinates are lon/lat on WGS 84
        case .proj(let s): definition = s
        }
        guard let srs = OSRNewSpatialReference(nil) else { return nil }
        guard OSRSetFromUserInput(srs, definition) == OGRERR_NONE else {
            OSRDestroySpatialReference(srs)
            return nil
        }
        OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER)
        return srs
    }
}
