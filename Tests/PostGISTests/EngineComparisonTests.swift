import Foundation
import TongchengGeometry
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

    /// 地类统计 both ways: the same rows (zone, class) in the same order, areas and shares to 1e-6,
    /// the zones' areas and classified totals; the split pieces (--format geojson) the same in
    /// number and total. Both engines cut the zones' edges geodesically every 50 m before the
    /// overlay (PostGIS's own ST_Segmentize(geography) follows great circles and moved 2.3e-6 of
    /// a class's area between the townships, above this bar — see cutPolygons).
    @Test func tabulate() throws {
        for args in [["tabulate", "geodata/landuse/parcels.geojson", "--by", "DLMC", "--zones", "geodata/plan/special_zone.geojson", "geodata/landuse/townships.geojson"],
                     ["tabulate", "geodata/landuse/parcels.geojson", "--by", "DLBM", "--zones", "geodata/plan/corridors.geojson", "geodata/plan/belt.geojson"]] {
            let out = try both(args + ["--format", "json"])
            let (l, p) = (try json(out.local), try json(out.postgis))
            let lr = l["rows"]?.arrayValue ?? [], pr = p["rows"]?.arrayValue ?? []
            #expect(lr.count > 20 && lr.count == pr.count, "\(args): \(lr.count) rows locally, \(pr.count) in PostGIS")
            for (x, y) in zip(lr, pr) {
                #expect(x["zone"] == y["zone"] && x["class"] == y["class"], "\(args): different row")
                close(x["area_m2"]?.doubleValue, y["area_m2"]?.doubleValue, "\(args) area of \(x["class"]?.displayText ?? "") in \(x["zone"]?.displayText ?? "")")
                close(x["share"]?.doubleValue, y["share"]?.doubleValue, "\(args) share")
            }
            let lz = l["zones"]?.arrayValue ?? [], pz = p["zones"]?.arrayValue ?? []
            #expect(!lz.isEmpty && lz.count == pz.count)
            for (x, y) in zip(lz, pz) {
                #expect(x["zone"] == y["zone"])
                close(x["area_m2"]?.doubleValue, y["area_m2"]?.doubleValue, "\(args) zone area")
                close(x["classified_m2"]?.doubleValue, y["classified_m2"]?.doubleValue, "\(args) classified")
            }
        }
        let pieces = try both(["tabulate", "geodata/landuse/parcels.geojson", "--by", "DLMC", "--zones", "geodata/plan/special_zone.geojson", "--format", "geojson"])
        let lf = try GeoJSONReader().read(string: pieces.local).featureCollection.features
        let pf = try GeoJSONReader().read(string: pieces.postgis).featureCollection.features
        #expect(lf.count > 1000 && lf.count == pf.count, "\(lf.count) pieces locally, \(pf.count) in PostGIS")
        func total(_ fs: [Feature]) -> Double { fs.reduce(0) { $0 + ($1[property: "area_m2"]?.doubleValue ?? 0) } }
        close(total(lf), total(pf), "total of the pieces")
        #expect(Set(lf.compactMap { $0.id?.text }) == Set(pf.compactMap { $0.id?.text }), "the same parcels split")
    }

    /// What goes wrong goes wrong the same way: an unknown class field (exit 64 listing the
    /// fields), zones the parcels do not reach (an empty table and a note, exit 0), an invalid
    /// parcel (exit 65 naming it; --repair repairs it and gives the same rows).
    @Test func tabulateAndConformBadInputs() throws {
        let info = try ThrowawayServer.conninfo()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tongcheng-engines-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        // A bow-tie parcel inside the special zone (self-intersecting), a square one beside it, a bow-tie far away (never overlaid).
        let (x, y) = (114.8826, 34.788545)
        func ring(_ r: [(Double, Double)]) -> String { "[[" + r.map { "[\($0.0),\($0.1)]" }.joined(separator: ",") + "]]" }
        let bad = dir.appendingPathComponent("bad.geojson")
        try """
            {"type":"FeatureCollection","features":[
            {"type":"Feature","id":"far","properties":{"DLMC":"耕地"},"geometry":{"type":"Polygon","coordinates":\(ring([(100, 10), (100.1, 10.1), (100.1, 10), (100, 10.1), (100, 10)]))}},
            {"type":"Feature","id":"ok","properties":{"DLMC":"林地"},"geometry":{"type":"Polygon","coordinates":\(ring([(x + 0.003, y), (x + 0.005, y), (x + 0.005, y + 0.002), (x + 0.003, y + 0.002), (x + 0.003, y)]))}},
            {"type":"Feature","id":"bowtie","properties":{"DLMC":"耕地"},"geometry":{"type":"Polygon","coordinates":\(ring([(x, y), (x + 0.002, y + 0.002), (x + 0.002, y), (x, y + 0.002), (x, y)]))}}]}
            """.write(to: bad, atomically: true, encoding: .utf8)
        for engine in ["local", "postgis"] {
            let e = ["--engine", engine, "--db", info]
            let unknown = try Tool.run(["tabulate", "geodata/landuse/parcels.geojson", "--by", "NOPE", "--zones", "geodata/plan/special_zone.geojson"] + e)
            #expect(unknown.code == 64 && unknown.stderr.contains("DLBM, DLMC"), "\(engine): \(unknown.stderr)")
            let apart = try Tool.run(["tabulate", "geodata/landuse/parcels.geojson", "--by", "DLMC", "--zones", "geodata/plan/central_city.geojson", "--format", "json"] + e)
            #expect(apart.code == 0 && apart.stderr.contains("no parcel meets any zone"), "\(engine): \(apart.stderr)")
            #expect(try json(apart.stdout)["rows"]?.arrayValue?.isEmpty == true)
            for command in [["tabulate", bad.path, "--by", "DLMC", "--zones", "geodata/plan/special_zone.geojson"],
                            ["conform", "geodata/plan/special_zone.geojson", "--forbid", bad.path]] {
                let refused = try Tool.run(command + e)
                #expect(refused.code == 65 && refused.stderr.contains("features[2].geometry (id \"bowtie\"): invalid geometry: Self-intersection"), "\(engine) \(command[0]): \(refused.stderr)")
            }
        }
        let repaired = try both(["tabulate", bad.path, "--by", "DLMC", "--zones", "geodata/plan/special_zone.geojson", "--repair", "--format", "json"])
        let lr = try json(repaired.local)["rows"]?.arrayValue ?? [], pr = try json(repaired.postgis)["rows"]?.arrayValue ?? []
        #expect(lr.count == 2 && pr.count == 2, "林地 (the square) and 耕地 (the repaired bow-tie)")
        for (a, b) in zip(lr, pr) {
            #expect(a["class"] == b["class"])
            close(a["area_m2"]?.doubleValue, b["area_m2"]?.doubleValue, "repaired \(a["class"]?.displayText ?? "")")
        }
    }

    /// 合规性审查 both ways: the same conflicts (plan feature, layer, constraint feature, rule) in the
    /// same order, areas to 1e-6, the same total and --fail's exit 1.
    @Test func conform() throws {
        let info = try ThrowawayServer.conninfo()
        let cases = [["conform", "geodata/plan/special_zone.geojson", "--forbid", "geodata/landuse/farmland.geojson", "geodata/landuse/redline.geojson", "--within", "geodata/plan/zone.geojson"],
                     ["conform", "geodata/plan/corridors.geojson", "--within", "geodata/plan/zone.geojson", "geodata/landuse/townships.geojson",
                      "--forbid", "geodata/landuse/redline.geojson", "geodata/landuse/farmland.geojson"]]
        for args in cases {
            let local = try Tool.run(args + ["--format", "json", "--fail"])
            let sql = try Tool.run(args + ["--format", "json", "--fail", "--engine", "postgis", "--db", info])
            #expect(local.code == 1 && sql.code == 1, "\(args): exit \(local.code) locally, \(sql.code) in PostGIS: \(sql.stderr)")
            let (l, p) = (try json(local.stdout), try json(sql.stdout))
            let lc = l["conflicts"]?.arrayValue ?? [], pc = p["conflicts"]?.arrayValue ?? []
            #expect(lc.count > 10 && lc.count == pc.count, "\(args): \(lc.count) conflicts locally, \(pc.count) in PostGIS")
            for (x, y) in zip(lc, pc) {
                #expect(x["feature"] == y["feature"] && x["constraint"] == y["constraint"] && x["rule"] == y["rule"], "\(args): different conflict")
                close(x["area_m2"]?.doubleValue, y["area_m2"]?.doubleValue, "\(args) conflict area")
            }
            close(l["total_m2"]?.doubleValue, p["total_m2"]?.doubleValue, "\(args) total")
            if args[1] == "geodata/plan/corridors.geojson" {
                // The two corridors leave Lankao (zone.geojson) and the townships tiling it; the Lankao
                // functional area, 20 m inside Lankao's line, leaves neither (its edge slivers are not conflicts).
                #expect(lc.filter { $0["rule"]?.displayText == "within" }.count == 4)
            }
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
        // Tabulate of pg: parcels (copied in the database with their class column) by pg: zones
        // (cut geodesically here and sent): the local engine's output on the files, to 1e-6.
        #expect(try Tool.run(["db", "push", "geodata/landuse/parcels.geojson", "geodata/landuse/townships.geojson", "--table", "engine_parcels", "--table", "engine_townships", "--replace", "--db", info]).code == 0)
        let tabFiles = try Tool.run(["tabulate", "geodata/landuse/parcels.geojson", "--by", "DLMC", "--zones", "geodata/landuse/townships.geojson", "--format", "json"])
        let tabTables = try Tool.run(["tabulate", "pg:engine_parcels", "--by", "DLMC", "--zones", "pg:engine_townships", "--format", "json", "--engine", "postgis", "--db", info])
        #expect(tabTables.code == 0, "\(tabTables.stderr)")
        let lr = try json(tabFiles.stdout)["rows"]?.arrayValue ?? [], pr = try json(tabTables.stdout)["rows"]?.arrayValue ?? []
        #expect(lr.count > 50 && lr.count == pr.count)
        for (x, y) in zip(lr, pr) {
            #expect(x["zone"] == y["zone"] && x["class"] == y["class"])
            close(x["area_m2"]?.doubleValue, y["area_m2"]?.doubleValue, "pg: tabulate area of \(x["class"]?.displayText ?? "") in \(x["zone"]?.displayText ?? "")")
        }
        let crs = try Tool.run(["area", "geodata/plan/zone.geojson", "--crs", "EPSG:4547", "--engine", "postgis", "--db", info])
        #expect(crs.code == 64, "\(crs.stderr)")
    }
}
