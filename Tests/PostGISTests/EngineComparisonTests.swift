import Foundation
import Geometry
import Testing

/// Every analysis with `--engine postgis` against the local engine on the same data (the bundled
/// plan, Henan's counties, the gazetteer): the local engine is GEOS + PROJ/GeographicLib in this
/// process, PostGIS 3.3 computes with its own geography code, so agreement is a check of both.
/// Areas agree to 1e-6 relative, the same pairs and features come out in the same order.
@Suite struct EngineComparisonTests {
    /// Runs the command with each engine and returns both standard outputs (after checking exit 0).
    func both(_ arguments: [String]) throws -> (local: String, postgis: String) {
        let info = try ThrowawayServer.conninfo()
        let local = try Tool.run(arguments + ["--engine", "local"])
        let sql = try Tool.run(arguments + ["--engine", "postgis", "--db", info])
        #expect(local.code == 0, "\(arguments) local: \(local.stderr)")
        #expect(sql.code == 0, "\(arguments) postgis: \(sql.stderr)")
        return (local.stdout, sql.stdout)
    }

    func json(_ text: String) throws -> JSONValue {
        guard case .feature(let f) = try GeoJSONReader().read(string: #"{"type":"Feature","geometry":null,"properties":{"v":"# + text + "}}") else { return .null }
        return f[property: "v"] ?? .null
    }

    func close(_ a: Double?, _ b: Double?, relative: Double = 1e-6, absolute: Double = 1e-6, _ what: String) {
        guard let a, let b else {
            Issue.record("\(what): missing value (\(String(describing: a)), \(String(describing: b)))")
            return
        }
        #expect(abs(a - b) <= max(absolute, relative * max(abs(a), abs(b))), "\(what): local \(a), postgis \(b)")
    }

    @Test func areaAndLength() throws {
        let area = try both(["area", "geodata/plan/zone.geojson", "geodata/henan_counties.geojson", "--format", "json"])
        let (la, pa) = (try json(area.local), try json(area.postgis))
        let lf = la["features"]?.arrayValue ?? [], pf = pa["features"]?.arrayValue ?? []
        #expect(lf.count == 158 && pf.count == 158)
        for (x, y) in zip(lf, pf) {
            #expect(x["id"] == y["id"] && x["file"] == y["file"] && x["index"] == y["index"])
            close(x["area_m2"]?.doubleValue, y["area_m2"]?.doubleValue, "area of \(x["id"]?.displayText ?? "")")
        }
        close(la["total_m2"]?.doubleValue, pa["total_m2"]?.doubleValue, "total area")
        let length = try both(["length", "geodata/plan/transport.geojson", "geodata/plan/zone.geojson", "--format", "json"])
        let (ll, pl) = (try json(length.local), try json(length.postgis))
        let lfl = ll["features"]?.arrayValue ?? [], pfl = pl["features"]?.arrayValue ?? []
        #expect(!lfl.isEmpty && lfl.count == pfl.count)
        for (x, y) in zip(lfl, pfl) {
            #expect(x["id"] == y["id"])
            close(x["length_m"]?.doubleValue, y["length_m"]?.doubleValue, "length of \(x["id"]?.displayText ?? "")")
        }
    }

    @Test func overlapWithinAndAcross() throws {
        for args in [["overlap", "geodata/plan/corridors.geojson", "geodata/plan/zone.geojson"], ["overlap", "geodata/henan_counties.geojson"],
                     ["overlap", "geodata/plan/corridors.geojson", "geodata/boundaries.geojson"]] {
            let out = try both(args + ["--format", "json"])
            let lp = try json(out.local)["pairs"]?.arrayValue ?? [], pp = try json(out.postgis)["pairs"]?.arrayValue ?? []
            #expect(lp.count == pp.count, "\(args): \(lp.count) pairs locally, \(pp.count) in PostGIS")
            for (x, y) in zip(lp, pp) {
                #expect(x["a"] == y["a"] && x["b"] == y["b"], "\(args): different pair")
                close(x["area_m2"]?.doubleValue, y["area_m2"]?.doubleValue, "\(args) shared area")
                close(x["fraction_of_a"]?.doubleValue, y["fraction_of_a"]?.doubleValue, "\(args) fraction of a")
            }
            // The two corridors and the northern one's Lankao functional area (geodata/plan/corridors.geojson).
            if args.count == 3 && args[2] == "geodata/plan/zone.geojson" { #expect(lp.count == 3) }
        }
    }

    @Test func nearReach() throws {
        let near = try both(["near", "geodata/places.geojson", "--to", "geodata/plan/transport.geojson", "--distance", "5km", "--format", "json"])
        // The same pairs; ties in distance (several lines through one station, 0 m) may come in either order.
        func key(_ p: JSONValue) -> String { "\(p["a"]?["index"]?.displayText ?? "") \(p["b"]?["index"]?.displayText ?? "")" }
        let ln = (try json(near.local)["pairs"]?.arrayValue ?? []).sorted { key($0) < key($1) }
        let pn = (try json(near.postgis)["pairs"]?.arrayValue ?? []).sorted { key($0) < key($1) }
        #expect(!ln.isEmpty && ln.count == pn.count, "\(ln.count) pairs locally, \(pn.count) in PostGIS")
        for (x, y) in zip(ln, pn) {
            #expect(x["a"] == y["a"] && x["b"] == y["b"])
            // The local engine finds the closest points in a local azimuthal projection ("well under a metre").
            close(x["distance_m"]?.doubleValue, y["distance_m"]?.doubleValue, relative: 0, absolute: 0.5, "distance")
        }
        for from in ["zhengzhou", "geodata/plan/central_city.geojson"] {
            let reach = try both(["reach", "--from", from, "--radius", "100km", "--within", "geodata/plan/zone.geojson", "--within", "geodata/henan_counties.geojson", "--format", "json"])
            let lr = try json(reach.local)["features"]?.arrayValue ?? [], pr = try json(reach.postgis)["features"]?.arrayValue ?? []
            #expect(lr.count == 158 && lr.count == pr.count)
            for (x, y) in zip(lr, pr) {
                #expect(x["id"] == y["id"])
                close(x["area_m2"]?.doubleValue, y["area_m2"]?.doubleValue, "reach area")
                close(x["inside_m2"]?.doubleValue, y["inside_m2"]?.doubleValue, absolute: 1e-3, "reach inside \(x["id"]?.displayText ?? "")")
            }
        }
    }

    /// Clip, erase and dissolve: the same features (ids, properties) whose areas agree.
    @Test func clipEraseDissolve() throws {
        let cases = [["clip", "geodata/henan_counties.geojson", "--mask", "geodata/plan/zone.geojson", "--mask", "geodata/plan/corridors.geojson"],
                     ["erase", "geodata/plan/zone.geojson", "--mask", "geodata/plan/belt.geojson"],
                     ["dissolve", "geodata/henan_counties.geojson", "--by", "city"],
                     ["dissolve", "geodata/plan/corridors.geojson"]]
        for args in cases {
            let out = try both(args)
            let lf = try GeoJSONReader().read(string: out.local).featureCollection.features
            let pf = try GeoJSONReader().read(string: out.postgis).featureCollection.features
            #expect(!lf.isEmpty && lf.count == pf.count, "\(args): \(lf.count) features locally, \(pf.count) in PostGIS")
            for (x, y) in zip(lf, pf) {
                #expect(x.id == y.id && x.properties == y.properties, "\(args)")
            }
            // Areas of both outputs through the same (local) measure.
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tongcheng-engines-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            try out.local.write(to: dir.appendingPathComponent("l.geojson"), atomically: true, encoding: .utf8)
            try out.postgis.write(to: dir.appendingPathComponent("p.geojson"), atomically: true, encoding: .utf8)
            let la = try json(try Tool.run(["area", dir.appendingPathComponent("l.geojson").path, "--format", "json"]).stdout)["features"]?.arrayValue ?? []
            let pa = try json(try Tool.run(["area", dir.appendingPathComponent("p.geojson").path, "--format", "json"]).stdout)["features"]?.arrayValue ?? []
            #expect(la.count == lf.count && pa.count == pf.count)
            for (x, y) in zip(la, pa) { close(x["area_m2"]?.doubleValue, y["area_m2"]?.doubleValue, "\(args) area of \(x["id"]?.displayText ?? "")") }
        }
    }

    @Test func pgInputsWithThePostGISEngineAndCRSRefused() throws {
        let info = try ThrowawayServer.conninfo()
        #expect(try Tool.run(["db", "push", "geodata/plan/zone.geojson", "--table", "engine_zone", "--replace", "--db", info]).code == 0)
        let file = try Tool.run(["overlap", "geodata/plan/corridors.geojson", "geodata/plan/zone.geojson", "--format", "json"])
        let table = try Tool.run(["overlap", "geodata/plan/corridors.geojson", "pg:engine_zone", "--format", "json", "--engine", "postgis", "--db", info])
        #expect(table.code == 0, "\(table.stderr)")
        let lp = try json(file.stdout)["pairs"]?.arrayValue ?? [], pp = try json(table.stdout)["pairs"]?.arrayValue ?? []
        #expect(lp.count == 3 && pp.count == 3)  // two corridors and the Lankao functional area
        for (x, y) in zip(lp, pp) { close(x["area_m2"]?.doubleValue, y["area_m2"]?.doubleValue, "shared area") }
        let crs = try Tool.run(["area", "geodata/plan/zone.geojson", "--crs", "EPSG:4547", "--engine", "postgis", "--db", info])
        #expect(crs.code == 64, "\(crs.stderr)")
    }
}
