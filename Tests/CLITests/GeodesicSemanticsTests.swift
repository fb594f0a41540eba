import Foundation
import Testing

/// One geometry semantics (docs/semantics.md): an edge of a longitude/latitude polygon is the
/// geodesic between its vertices, in every overlay. On a zone whose long edges lie 18 m from the
/// straight longitude/latitude lines between their corners (Tests/Fixtures/semantics/strip.geojson,
/// 0.4° long), the questions "how much farmland lies in the zone" and "how much of each parcel
/// class" get one answer from every command that can answer them, and that answer is the
/// independent one: pyproj's geodesic points (`Geod.npts`), Shapely's intersection and pyproj's
/// geodesic area (scripts/oracle/semantics_oracle.py → Tests/Fixtures/semantics/expected.json),
/// where the same computation with straight edges is 1.1e-3 off for the farmland.
@Suite struct GeodesicSemanticsTests {
    static let strip = "Tests/Fixtures/semantics/strip.geojson"
    static let farmland = "geodata/landuse/farmland.geojson"

    static func json(_ r: CLI.Result) throws -> [String: Any] {
        #expect(r.code == 0, "\(r.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    }

    static func oracle(_ layer: String) throws -> (geodesic: Double, straight: Double) {
        let data = try Data(contentsOf: CLI.root.appendingPathComponent("Tests/Fixtures/semantics/expected.json"))
        let all = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let v = try #require(all[layer] as? [String: Double])
        return (try #require(v["geodesic_edges_m2"]), try #require(v["straight_edges_m2"]))
    }

    static func relative(_ a: Double, _ b: Double) -> Double { abs(a - b) / max(abs(a), abs(b)) }

    /// The sum of `area_m2` over `key`'s rows (pairs, conflicts, features, rows).
    static func sum(_ j: [String: Any], _ key: String) throws -> Double {
        try #require(j[key] as? [[String: Any]]).reduce(0) { $0 + (($1["area_m2"] as? Double) ?? .nan) }
    }

    @Test func clipThenAreaIsConformsAreaAndTheOracles() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let clipped = dir.appendingPathComponent("clipped.geojson").path
        let clip = try CLI.run(["clip", Self.farmland, "--mask", Self.strip, "-o", clipped])
        #expect(clip.code == 0, "\(clip.stderr)")
        let byClip = try Self.json(try CLI.run(["area", clipped, "--format", "json"]))["total_m2"] as? Double ?? .nan
        let byConform = try Self.json(try CLI.run(["conform", Self.strip, "--forbid", Self.farmland, "--format", "json"]))["total_m2"] as? Double ?? .nan
        let byTabulate = try Self.sum(try Self.json(try CLI.run(["tabulate", Self.farmland, "--by", "name", "--zones", Self.strip, "--format", "json"])), "rows")
        let byOverlap = try Self.sum(try Self.json(try CLI.run(["overlap", Self.strip, Self.farmland, "--format", "json"])), "pairs")
        let oracle = try Self.oracle("farmland")
        for (name, value) in [("clip then area", byClip), ("tabulate", byTabulate), ("overlap", byOverlap)] {
            #expect(Self.relative(value, byConform) <= 1e-9, "\(name) \(value) m² against conform \(byConform) m²")
        }
        #expect(Self.relative(byConform, oracle.geodesic) <= 1e-9, "conform \(byConform) m², oracle \(oracle.geodesic) m²")
        // The fixture tells the semantics apart: straight edges would be 1.1e-3 off.
        #expect(Self.relative(oracle.straight, oracle.geodesic) > 1e-4)
    }

    @Test func overlapIsTabulateOnParcels() throws {
        let parcels = "geodata/landuse/parcels.geojson"
        let byTabulate = try Self.sum(try Self.json(try CLI.run(["tabulate", parcels, "--by", "DLMC", "--zones", Self.strip, "--format", "json"])), "rows")
        let byOverlap = try Self.sum(try Self.json(try CLI.run(["overlap", Self.strip, parcels, "--format", "json"])), "pairs")
        #expect(Self.relative(byOverlap, byTabulate) <= 1e-9, "overlap \(byOverlap) m², tabulate \(byTabulate) m²")
        let oracle = try Self.oracle("parcels")
        #expect(Self.relative(byTabulate, oracle.geodesic) <= 1e-9, "tabulate \(byTabulate) m², oracle \(oracle.geodesic) m²")
    }

    @Test func dissolveAndEraseKeepTheGeodesicArea() throws {
        // Erasing the strip from the farmland leaves the farmland outside it: the two add up to
        // the farmland's own area; dissolving the farmland inside the strip keeps its area.
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let erased = dir.appendingPathComponent("erased.geojson").path
        let clipped = dir.appendingPathComponent("clipped.geojson").path
        let dissolved = dir.appendingPathComponent("dissolved.geojson").path
        #expect(try CLI.run(["erase", Self.farmland, "--mask", Self.strip, "-o", erased]).code == 0)
        #expect(try CLI.run(["clip", Self.farmland, "--mask", Self.strip, "-o", clipped]).code == 0)
        #expect(try CLI.run(["dissolve", clipped, "-o", dissolved]).code == 0)
        let whole = try Self.json(try CLI.run(["area", Self.farmland, "--format", "json"]))["total_m2"] as? Double ?? .nan
        let outside = try Self.json(try CLI.run(["area", erased, "--format", "json"]))["total_m2"] as? Double ?? .nan
        let inside = try Self.json(try CLI.run(["area", clipped, "--format", "json"]))["total_m2"] as? Double ?? .nan
        let merged = try Self.json(try CLI.run(["area", dissolved, "--format", "json"]))["total_m2"] as? Double ?? .nan
        #expect(Self.relative(inside + outside, whole) <= 1e-9, "inside \(inside) + outside \(outside) against \(whole)")
        #expect(Self.relative(merged, inside) <= 1e-9, "dissolved \(merged) against \(inside)")
    }
}
