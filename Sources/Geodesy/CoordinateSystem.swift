import TongchengGeometry

/// A coordinate reference system: anything PROJ understands (EPSG codes, PROJ strings, WKT),
/// plus GCJ-02, which PROJ does not know.
///
/// ```swift
/// let gk = try CoordinateSystem("EPSG:4547")       // CGCS2000 / 3-degree Gauss–Krüger CM 114°E
/// let amap = try CoordinateSystem("gcj02")
/// let local = CoordinateSystem.azimuthalEquidistant(at: Position(113.6655, 34.7535))
/// ```
public enum CoordinateSystem: Sendable, Hashable, CustomStringConvertible {
    /// GCJ-02 longitude/latitude (Chinese web maps).
    case gcj02
    /// A CRS definition for PROJ.
    case proj(String)

    /// WGS 84 longitude/latitude (EPSG:4326 in GeoJSON axis order).
    public static let wgs84 = CoordinateSystem.proj("EPSG:4326")
    /// CGCS2000 longitude/latitude (EPSG:4490).
    public static let cgcs2000 = CoordinateSystem.proj("EPSG:4490")
    /// CGCS2000 / 3-degree Gauss–Krüger CM 114°E (EPSG:4547), the zone of Henan's planning drawings.
    public static let gaussKruger114 = CoordinateSystem.proj("EPSG:4547")
    /// WGS 84 / UTM zone 50N (EPSG:32650).
    public static let utm50N = CoordinateSystem.proj("EPSG:32650")
    /// WGS 84 / Pseudo-Mercator (EPSG:3857), the web-map projection.
    public static let webMercator = CoordinateSystem.proj("EPSG:3857")

    /// A local azimuthal equidistant projection centred on `center` (metres; distances from the
    /// centre are exact on the WGS 84 ellipsoid).
    public static func azimuthalEquidistant(at center: Position) -> CoordinateSystem {
        .proj("+proj=aeqd +lat_0=\(center.latitude) +lon_0=\(center.longitude) +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs +type=crs")
    }

    /// Parses a name: `wgs84`, `gcj02`, `cgcs2000`, `EPSG:XXXX`, a bare EPSG number, a PROJ string or WKT.
    public init(_ text: String) throws {
        let t = text.trimmingSpaces
        switch t.lowercased() {
        case "": throw ProjectionError.unknownCRS(text, "an empty name")
        case "wgs84", "wgs 84", "wgs-84", "crs84", "ogc:crs84", "epsg:4326", "4326": self = .wgs84
        case "gcj02", "gcj-02", "gcj", "amap", "mars": self = .gcj02
        case "cgcs2000", "epsg:4490", "4490": self = .cgcs2000
        default:
            if t.allSatisfy(\.isNumber) { self = .proj("EPSG:\(t)") } else if t.hasPrefix("+"), !t.contains("+type=crs") {
                self = .proj(t + " +type=crs")
            } else {
                self = .proj(t)
            }
        }
    }

    public var description: String {
        switch self {
        case .gcj02: return "GCJ-02"
        case .proj(let s): return s
        }
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}

/// A coordinate reference system PROJ cannot build, or a position it cannot transform.
///
/// ```swift
/// do { _ = try Transformer(from: .wgs84, to: try CoordinateSystem("EPSG:999999")) }
/// catch let e as ProjectionError { print(e) }
/// ```
public enum ProjectionError: Error, Sendable, CustomStringConvertible, Equatable {
    case unknownCRS(String, String)
    case transformFailed(String)
    /// PROJ's database (proj.db) cannot be found: an installation problem, not a bad CRS name.
    case dataMissing(String)

    public var description: String {
        switch self {
        case .dataMissing(let reason): return reason
        case .unknownCRS(let name, let reason): return "unknown coordinate reference system \"\(name)\": \(reason)"
        case .transformFailed(let reason): return "coordinate transformation failed: \(reason)"
        }
    }
}
