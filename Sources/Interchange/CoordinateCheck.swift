import Foundation
import TongchengGeometry

/// The checks every coordinate passes on its way in, whatever it came from (a GDAL format, a
/// `pg:` table, a recipe input, a map layer, a plan folder), so that no analysis ever sees a
/// NaN or a "longitude" of 3,456,789:
///
/// - before transformation, a source read as longitude/latitude (a geographic CRS, or none
///   named) must hold values within ±180/±90; projected metres labelled as degrees get a hint
///   naming the CRS to write (`|crs=EPSG:4547` for Gauss–Krüger metres around 114°E);
/// - after transformation to WGS 84, every value is finite and within ±180/±90.
///
/// ```swift
/// try CoordinateCheck.wgs84(fc.features, source: "zones.gpkg", layer: "zones")
/// ```
public enum CoordinateCheck {
    /// The first position of `g` that is not finite or lies outside ±180/±90.
    static func firstOutOfRange(_ g: Geometry) -> Position? {
        var bad: Position?
        g.forEachSequence { run in
            guard bad == nil else { return }
            for p in run where !(p.x.isFinite && p.y.isFinite && abs(p.x) <= 180 && abs(p.y) <= 90) {
                bad = p
                return
            }
        }
        return bad
    }

    /// Coordinates read as longitude/latitude before any transformation. `crs` names what they
    /// were taken as (`EPSG:4326`), `origin` why (`the file`, `--input-crs`, `no CRS named`);
    /// `unnamed` replaces "names no CRS, so it is read as longitude/latitude," when `crs` is nil
    /// for a more precise reason (a `.prj` GDAL cannot read).
    public static func lonLat(_ features: [Feature], crs: String?, origin: String, source: String, layer: String? = nil, firstIndex: Int = 0,
                              unnamed: String? = nil) throws {
        for (k, f) in features.enumerated() {
            guard let g = f.geometry, let p = firstOutOfRange(g) else { continue }
            let (message, hint) = explain(p, crs: crs, origin: origin, source: source, unnamed: unnamed)
            throw InterchangeError(kind: .badData, file: source, layer: layer, featureIndex: firstIndex + k, message: message, hint: hint)
        }
    }

    /// Coordinates after transformation to WGS 84.
    /// `hint` replaces the default advice (name the right CRS with `|crs=`) where that is not
    /// how to fix it: a `pg:` table's coordinates are fixed on the server, by its SRID.
    public static func wgs84(_ features: [Feature], source: String, layer: String? = nil, from crs: String? = nil, firstIndex: Int = 0, hint: String? = nil) throws {
        for (k, f) in features.enumerated() {
            guard let g = f.geometry, let p = firstOutOfRange(g) else { continue }
            let what = p.x.isFinite && p.y.isFinite ? "lies at (\(shown(p.x)), \(shown(p.y)))" : "has a coordinate that is not a finite number (\(p.x), \(p.y))"
            throw InterchangeError(kind: .badData, file: source, layer: layer, featureIndex: firstIndex + k,
                                   message: "\(what) in WGS 84\(crs.map { " after transformation from \($0)" } ?? ""), outside longitude ±180, latitude ±90",
                                   hint: hint ?? "check the source's CRS; name the right one as '\(source)|crs=EPSG:XXXX'")
        }
    }

    /// The advice for a `pg:` table whose coordinates are out of range: its SRID is fixed on the
    /// server (a `|crs=` after a table means nothing; TablePull transforms by the SRID).
    public static let tableSRIDHint = "the table's SRID does not describe its coordinates (Gauss–Krüger metres stored as EPSG:4326?); "
        + "set the right one on the server, e.g. SELECT UpdateGeometrySRID('TABLE', 'geom', 4547), and read it again"

    /// The message and hint for a position that cannot be longitude/latitude.
    static func explain(_ p: Position, crs: String?, origin: String, source: String, unnamed: String? = nil) -> (String, String) {
        guard p.x.isFinite, p.y.isFinite else {
            return ("has a coordinate that is not a finite number (\(p.x), \(p.y))", "the file is damaged or was written with a bad transformation")
        }
        let value = abs(p.x) > 180 ? "x = \(shown(p.x))" : "y = \(shown(p.y))"
        let taken = crs.map { "\($0) (named by \(origin))" } ?? unnamed ?? "names no CRS, so it is read as longitude/latitude,"
        func orInputCRS(_ code: String) -> String { crs == nil ? " (or --input-crs \(code) for every source that names none)" : "" }
        if looksLikeGaussKruger114(p) {
            return ("\(taken) but \(value): projected metres?",
                    "name the CRS with '\(source)|crs=EPSG:4547'\(orInputCRS("EPSG:4547")), CGCS2000 3-degree Gauss–Krüger 114°E for Zhengzhou, Kaifeng, Lankao")
        }
        if abs(p.x) <= 90, abs(p.y) <= 180 {
            return ("\(taken) but \(value): are longitude and latitude swapped?", "check the column order, or name the CRS with '\(source)|crs=EPSG:XXXX'")
        }
        return ("\(taken) but \(value): projected metres?", "name the CRS with '\(source)|crs=EPSG:XXXX'\(orInputCRS("EPSG:XXXX"))")
    }

    /// Easting/northing of CGCS2000 3-degree Gauss–Krüger (no zone prefix) over Henan.
    static func looksLikeGaussKruger114(_ p: Position) -> Bool {
        p.x > 100_000 && p.x < 900_000 && p.y > 2_000_000 && p.y < 6_000_000
    }

    /// A number with thousands separators (`3,456,789`), as a planner reads it.
    static func shown(_ v: Double) -> String {
        guard v.isFinite, abs(v) < 1e15 else { return "\(v)" }
        let formatter = NumberFormatter()
        formatter.numberStyle = .decimal
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.usesGroupingSeparator = true
        formatter.groupingSeparator = ","
        formatter.groupingSize = 3
        formatter.maximumFractionDigits = abs(v) >= 1000 ? 0 : 6
        return formatter.string(from: NSNumber(value: v)) ?? "\(v)"
    }
}
