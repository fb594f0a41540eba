import Foundation
import TongchengGeometry
import Testing

/// Recipes on the PostGIS engine: `engine: postgis` on the recipe, on a step, or `run --engine
/// postgis` give the same tables as the local engine (to 1e-6 relative, as the command line's
/// engine comparison), a step whose operation has no SQL form is refused, and the choice really
/// reaches the database (an unreachable server is exit 69).
@Suite struct RecipeEngineTests {
    static let steps = """
    steps:
      - name: areas
        area: {input: counties, unit: km2}
      - name: lengths
        length: {input: transport}
      - name: mix
        tabulate: {input: parcels, by: DLMC, zones: zone}
      - name: near-rail
        near: {input: places, to: transport, distance: 5km}
      - name: shared
        overlap: {input: zone, with: counties}
      - name: farm-conflicts
        conform: {input: zone, forbid: farmland}
      - name: reach
        reach: {from: "114.8,34.8", radius: 50km, within: counties}
      - name: clipped
        clip: {input: counties, mask: zone}
      - name: merged
        dissolve: {input: counties, by: city}
    outputs:
      - {table: areas, file: out/areas.json}
      - {table: lengths, file: out/lengths.json}
      - {table: mix, file: out/mix.json}
      - {table: near-rail, file: out/near.json}
      - {table: shared, file: out/shared.json}
      - {table: farm-conflicts, file: out/conform.json}
      - {table: reach, file: out/reach.json}
      - {layer: clipped, file: out/clipped.geojson}
      - {layer: merged, file: out/merged.geojson}

    """

    static func recipe(engine: String?, stepEngine: String? = nil) -> String {
        let root = ThrowawayServer.root.path
        var text = "version: 1\nname: engines\n"
        if let engine { text += "engine: \(engine)\n" }
        text += """
        inputs:
          counties: {file: \(root)/geodata/henan_counties.geojson}
          transport: {file: \(root)/geodata/plan/transport.geojson}
          parcels: {file: \(root)/geodata/landuse/parcels.geojson}
          farmland: {file: \(root)/geodata/landuse/farmland.geojson}
          zone: {file: \(root)/geodata/plan/special_zone.geojson}
          places: {file: \(root)/geodata/places.geojson}

        """
        var steps = steps
        if let stepEngine {
            steps = steps.replacingOccurrences(of: "  - name: mix\n", with: "  - name: mix\n    engine: \(stepEngine)\n")
            #expect(steps.contains("engine: \(stepEngine)"), "the step engine was not written into the recipe")
        }
        return text + steps
    }

    /// Runs a recipe text in a fresh folder and returns the folder.
    static func run(_ text: String, _ extra: [String] = []) throws -> (URL, Tool.Result) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tongcheng-recipe-engine-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try text.write(to: dir.appendingPathComponent("r.yaml"), atomically: true, encoding: .utf8)
        return (dir, try Tool.run(["run", dir.appendingPathComponent("r.yaml").path, "--quiet"] + extra))
    }

    /// Runs a recipe text for its exit status and messages only, removing its folder.
    static func outcome(_ text: String, _ extra: [String] = []) throws -> Tool.Result {
        let (dir, result) = try run(text, extra)
        try? FileManager.default.removeItem(at: dir)
        return result
    }

    static func json(_ url: URL) throws -> JSONValue {
        let text = try String(contentsOf: url, encoding: .utf8)
        guard case .feature(let f) = try GeoJSONReader().read(string: #"{"type":"Feature","geometry":null,"properties":{"v":"# + text + "}}") else { return .null }
        return f[property: "v"] ?? .null
    }

    /// Two JSON values equal but for numbers, which agree to 1e-6 relative (1e-6 absolute near 0),
    /// distances to 0.5 m as the command line's engine comparison allows (EngineComparisonTests:
    /// the local engine finds closest points in a local azimuthal projection).
    static func same(_ a: JSONValue, _ b: JSONValue, _ path: String) {
        switch (a, b) {
        case (.number(let x), .number(let y)):
            let (u, v) = (x.doubleValue, y.doubleValue)
            let allowed = path.hasSuffix(".distance_m") ? 0.5 : max(1e-6, 1e-6 * max(abs(u), abs(v)))
            #expect(abs(u - v) <= allowed, "\(path): local \(u), postgis \(v)")
        case (.array(let x), .array(let y)):
            #expect(x.count == y.count, "\(path): \(x.count) vs \(y.count) items")
            for (k, (u, v)) in zip(x, y).enumerated() { same(u, v, "\(path)[\(k)]") }
        case (.object(let x), .object(let y)):
            #expect(Array(x.keys) == Array(y.keys), "\(path): keys \(x.keys) vs \(y.keys)")
            for key in x.keys { same(x[key] ?? .null, y[key] ?? .null, "\(path).\(key)") }
        default:
            #expect(a == b, "\(path): \(a) vs \(b)")
        }
    }

    /// The total area of a GeoJSON layer, geodesic (m²).
    static func area(_ url: URL) throws -> Double {
        try GeoJSONReader().read(file: url.path).featureCollection.features.reduce(0) { $0 + ($1.geometry?.geodesicArea() ?? 0) }
    }

    @Test func aRecipeOnThePostGISEngineGivesTheLocalTables() throws {
        let info = try ThrowawayServer.conninfo()
        let (local, l) = try Self.run(Self.recipe(engine: nil))
        defer { try? FileManager.default.removeItem(at: local) }
        #expect(l.code == 0, "\(l.stderr)")
        for (name, text, extra) in [("recipe engine", Self.recipe(engine: "postgis"), ["--db", info]),
                                    ("run --engine", Self.recipe(engine: nil), ["--engine", "postgis", "--db", info])] {
            let (sql, r) = try Self.run(text, extra)
            defer { try? FileManager.default.removeItem(at: sql) }
            #expect(r.code == 0, "\(name): \(r.stderr)")
            for table in ["areas", "lengths", "mix", "near", "shared", "conform", "reach"] {
                Self.same(try Self.json(local.appendingPathComponent("out/\(table).json")), try Self.json(sql.appendingPathComponent("out/\(table).json")), "\(name) \(table)")
            }
            for layer in ["clipped", "merged"] {
                let (a, b) = (try Self.area(local.appendingPathComponent("out/\(layer).geojson")), try Self.area(sql.appendingPathComponent("out/\(layer).geojson")))
                #expect(abs(a - b) <= 1e-6 * a, "\(name) \(layer): local \(a) m², postgis \(b) m²")
            }
        }
    }

    @Test func theEngineChoiceReachesTheDatabase() throws {
        // Nothing listens there: only a step that really runs on PostGIS notices (exit 69).
        let nowhere = ["--db", "host=/nonexistent-tongcheng-socket-dir dbname=x connect_timeout=2"]
        #expect(try Self.outcome(Self.recipe(engine: "postgis"), nowhere).code == 69)
        #expect(try Self.outcome(Self.recipe(engine: nil, stepEngine: "postgis"), nowhere).code == 69)
        #expect(try Self.outcome(Self.recipe(engine: nil), ["--engine", "postgis"] + nowhere).code == 69)
        // run --engine local overrides the recipe's engine: postgis: no server needed.
        let local = try Self.outcome(Self.recipe(engine: "postgis"), ["--engine", "local"] + nowhere)
        #expect(local.code == 0, "\(local.stderr)")
    }

    @Test func aStepCannotAskForAnEngineItsOperationLacks() throws {
        let text = """
        version: 1
        inputs:
          places: {file: \(ThrowawayServer.root.path)/geodata/places.geojson}
        steps:
          - name: b
            engine: postgis
            buffer: {input: places, distance: 1km}
        """
        let r = try Self.outcome(text)
        #expect(r.code == 64, "\(r.stderr)")
        #expect(r.stderr.contains("buffer cannot run on the postgis engine (it runs on: local)"), "\(r.stderr)")
    }
}
