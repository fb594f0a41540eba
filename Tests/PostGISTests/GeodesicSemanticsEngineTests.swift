import Foundation
import Testing

/// The PostGIS engine keeps Tongcheng's one geometry semantics (docs/semantics.md: an edge is a
/// geodesic, cut into 50 m geodesic pieces before any overlay): on the 36 km-long strip of
/// Tests/Fixtures/semantics/strip.geojson, where straight edges would move 1.1e-3 of the farmland
/// inside it, clip then area, tabulate, overlap and conform give the local engine's answer to
/// 1e-9 (measured: 1e-16 to 1.3e-11), and the local engine's is the pyproj/Shapely oracle's
/// (GeodesicSemanticsTests).
@Suite struct GeodesicSemanticsEngineTests {
    static let strip = "Tests/Fixtures/semantics/strip.geojson"
    static let farmland = "geodata/landuse/farmland.geojson"
    static let parcels = "geodata/landuse/parcels.geojson"

    static func json(_ r: Tool.Result) throws -> [String: Any] {
        #expect(r.code == 0, "\(r.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    }

    static func total(_ j: [String: Any], _ key: String) -> Double {
        if let t = j["total_m2"] as? Double, key == "total_m2" { return t }
        return (j[key] as? [[String: Any]] ?? []).reduce(0) { $0 + (($1["area_m2"] as? Double) ?? .nan) }
    }

    @Test(arguments: [
        (["tabulate", parcels, "--by", "DLMC", "--zones", strip, "--format", "json"], "rows"),
        (["overlap", strip, parcels, "--format", "json"], "pairs"),
        (["conform", strip, "--forbid", farmland, "--format", "json"], "total_m2"),
    ])
    func bothEnginesCutAlongGeodesics(_ arguments: [String], _ key: String) throws {
        let local = Self.total(try Self.json(try Tool.run(arguments)), key)
        let sql = Self.total(try Self.json(try Tool.run(arguments + ["--engine", "postgis", "--db", try ThrowawayServer.conninfo()])), key)
        #expect(local > 0 && abs(sql - local) / local <= 1e-9, "\(arguments[0]): PostGIS \(sql) m², local \(local) m²")
    }

    @Test func clipOnPostGISThenAreaIsConformsArea() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tongcheng-semantics-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("clipped.geojson").path
        let clip = try Tool.run(["clip", Self.farmland, "--mask", Self.strip, "--engine", "postgis", "--db", try ThrowawayServer.conninfo(), "-o", out])
        #expect(clip.code == 0, "\(clip.stderr)")
        let area = Self.total(try Self.json(try Tool.run(["area", out, "--format", "json"])), "total_m2")
        let conform = Self.total(try Self.json(try Tool.run(["conform", Self.strip, "--forbid", Self.farmland, "--format", "json"])), "total_m2")
        #expect(conform > 0 && abs(area - conform) / conform <= 1e-9, "clip on PostGIS then area \(area) m², conform \(conform) m²")
    }
}
