import Foundation
import TongchengGeometry
import TongchengPostGIS
import Testing

/// `db push` / `db pull` and `pg:` inputs against a real PostgreSQL 15 + PostGIS 3.3 (the throwaway cluster).
@Suite struct PushPullTests {
    /// Features covering every column type, ids, holes, heights, collections and a missing geometry.
    static let sample = """
    {"type":"FeatureCollection","features":[
    {"type":"Feature","id":"a-1","properties":{"name":"兰考县","adcode":410225,"big":9007199254740993,"share":0.125,"planned":true,"opened":"2021-06-01","tags":{"level":["县"],"n":1},"mixed":1,"note":"plain"},
     "geometry":{"type":"Polygon","coordinates":[[[114.5,34.6],[115.2,34.6],[115.2,35.1],[114.5,35.1],[114.5,34.6]],[[114.7,34.8],[114.9,34.8],[114.9,34.9],[114.7,34.8]]]}},
    {"type":"Feature","id":"b-2","properties":{"name":"开封市","adcode":410200,"big":-5,"share":1e-7,"planned":false,"opened":"1999-12-31","tags":[1,2.5,null],"mixed":"one","note":null},
     "geometry":{"type":"MultiPolygon","coordinates":[[[[114.1,34.5],[114.4,34.5],[114.4,34.9],[114.1,34.5]]],[[[114.45,34.5],[114.48,34.5],[114.48,34.52],[114.45,34.5]]]]}},
    {"type":"Feature","id":"c-3","properties":{"name":"站","adcode":1,"big":0,"share":-2.5,"planned":true,"opened":"2024-02-29","tags":{},"mixed":true,"note":"z"},
     "geometry":{"type":"LineString","coordinates":[[114.1,34.5,70.5],[114.2,34.6,71.25]]}},
    {"type":"Feature","id":"d-4","properties":{"name":"无","adcode":2,"big":3,"share":3.5,"planned":false,"opened":"2000-01-01","tags":{"x":"y"},"mixed":null,"note":"g"},
     "geometry":{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[114.3,34.7]},{"type":"MultiPoint","coordinates":[[1,2],[3,4]]}]}},
    {"type":"Feature","id":"e-5","properties":{"name":"空","adcode":3,"big":4,"share":0,"planned":true,"opened":"1970-01-01","tags":null,"mixed":2.5,"note":"h"},"geometry":null}
    ]}
    """

    static func sampleFile() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tongcheng-pg-sample-\(UUID().uuidString).geojson")
        try sample.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test func pushTypesColumnsIndexesAndPullGivesTheSameFeatures() throws {
        let db = try ThrowawayServer.connect()
        let fc = try GeoJSONReader().read(string: Self.sample).featureCollection
        let name = try SQLName.table("push_types")
        try TablePush.push(fc, to: name, mode: .replace, on: db)
        // The catalog says which types the columns got (expected: the rules of ColumnPlan by hand).
        let cols = try db.query("SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'push_types'::regclass AND attnum > 0 ORDER BY attnum", purpose: "test")
        let types = (0..<cols.rowCount).map { "\(cols.text($0, 0)!) \(cols.text($0, 1)!)" }
        #expect(types == ["id text", "name text", "adcode bigint", "big bigint", "share double precision", "planned boolean", "opened date",
                          "tags jsonb", "mixed jsonb", "note text", "geom geometry(GeometryZ,4326)"])
        let index = try db.query("SELECT indexdef FROM pg_indexes WHERE tablename = 'push_types'", purpose: "test")
        #expect(index.rowCount == 1 && (index.text(0, 0) ?? "").contains("USING gist (geom)"))
        let analyzed = try db.query("SELECT last_analyze IS NOT NULL FROM pg_stat_user_tables WHERE relname = 'push_types'", purpose: "test")
        #expect(analyzed.text(0, 0) == "t")
        // PostGIS reads the geometry as written (its own WKT writer, an independent check of the EWKB).
        let wkt = try db.query("SELECT ST_AsText(geom) FROM push_types WHERE id = $1", ["c-3"], purpose: "test")
        #expect(wkt.text(0, 0) == "LINESTRING Z (114.1 34.5 70.5,114.2 34.6 71.25)")
        let poly = try db.query("SELECT ST_AsText(geom), ST_SRID(geom) FROM push_types WHERE id = $1", ["a-1"], purpose: "test")
        #expect(poly.text(0, 0) == "POLYGON Z ((114.5 34.6 0,115.2 34.6 0,115.2 35.1 0,114.5 35.1 0,114.5 34.6 0),(114.7 34.8 0,114.9 34.8 0,114.9 34.9 0,114.7 34.8 0))")
        #expect(poly.text(0, 1) == "4326")
        let values = try db.query("SELECT big::text, opened::text, tags::text FROM push_types WHERE id = $1", ["a-1"], purpose: "test")
        #expect(values.text(0, 0) == "9007199254740993")
        #expect(values.text(0, 1) == "2021-06-01")
        #expect(values.text(0, 2) == #"{"n": 1, "level": ["县"]}"#)

        let back = try TablePull.read(name, from: db)
        #expect(back.features.count == fc.features.count)
        for (a, b) in zip(fc.features, back.features) {
            #expect(a.id == b.id)
            // Values are exact; jsonb keeps objects' members in its own order and numbers by value.
            #expect(canonical(.object(a.properties ?? [:])) == canonical(.object(b.properties ?? [:])))
            // Heights: the table is GeometryZ, so 2D parts come back with z = 0; positions are exact.
            #expect(a.geometry?.positionCount == b.geometry?.positionCount)
        }
        #expect(back.features[2].geometry == fc.features[2].geometry)
        #expect(back.features[4].geometry == nil)
    }

    /// A JSON value with object members sorted and numbers by value, for comparing what jsonb kept.
    func canonical(_ v: JSONValue) -> String {
        switch v {
        case .object(let o): return "{" + o.keys.sorted().map { "\($0):\(canonical(o[$0]!))" }.joined(separator: ",") + "}"
        case .array(let a): return "[" + a.map(canonical).joined(separator: ",") + "]"
        case .number(let n): return Int64(n.literal).map(String.init) ?? "\(n.doubleValue)"
        default: return JSONText.encode(v)
        }
    }

    @Test func roundTripThroughTheCommandIsByteIdentical() throws {
        let info = try ThrowawayServer.conninfo()
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("tongcheng-pull-\(UUID().uuidString).geojson")
        defer { try? FileManager.default.removeItem(at: out) }
        let push = try Tool.run(["db", "push", "geodata/henan_counties.geojson", "--table", "henan_round_trip", "--replace", "--db", info])
        #expect(push.code == 0, "\(push.stderr)")
        #expect(push.stdout == "henan_round_trip: 157 features from geodata/henan_counties.geojson\n")
        let pull = try Tool.run(["db", "pull", "henan_round_trip", "-o", out.path, "--db", info])
        #expect(pull.code == 0, "\(pull.stderr)")
        let original = try Data(contentsOf: ThrowawayServer.root.appendingPathComponent("geodata/henan_counties.geojson"))
        #expect(try Data(contentsOf: out) == original)
    }

    @Test func pgInputsReadTablesWhereFilesAreTaken() throws {
        let info = try ThrowawayServer.conninfo()
        #expect(try Tool.run(["db", "push", "geodata/plan/corridors.geojson", "--table", "plan.corridors_in", "--db", info]).code == 65)  // no schema "plan" yet
        let db = try ThrowawayServer.connect()
        try db.query("CREATE SCHEMA IF NOT EXISTS plan", purpose: "test")
        let push = try Tool.run(["db", "push", "geodata/plan/corridors.geojson", "--table", "corridors_in", "--schema", "plan", "--replace", "--db", info])
        #expect(push.code == 0, "\(push.stderr)")
        let fromFile = try Tool.run(["overlap", "geodata/plan/corridors.geojson", "geodata/plan/zone.geojson", "--format", "json"])
        let fromTable = try Tool.run(["overlap", "pg:plan.corridors_in", "geodata/plan/zone.geojson", "--format", "json"], environment: ["TONGCHENG_DB": info])
        #expect(fromTable.code == 0, "\(fromTable.stderr)")
        #expect(fromTable.stdout == fromFile.stdout.replacingOccurrences(of: "geodata/plan/corridors.geojson", with: "pg:plan.corridors_in"))
        #expect(fromFile.stdout.contains("area_m2"))
        // The standard PG* variables work as well.
        let folder = try ThrowawayServer.started.get()
        let viaPG = try Tool.run(["area", "pg:plan.corridors_in", "--format", "json"], environment: ["PGHOST": folder, "PGDATABASE": "tongcheng", "PGUSER": "postgres"])
        #expect(viaPG.code == 0, "\(viaPG.stderr)")
        let missing = try Tool.run(["area", "pg:plan.nothing_here", "--db", info])
        #expect(missing.code == 66 || missing.code == 64, "\(missing.stderr)")
        #expect(missing.stderr.contains("pg:plan.nothing_here: no such table"))
    }

    @Test func pgTablesInRecipesAndMapSpecsAndPullToAnyFormat() throws {
        let info = try ThrowawayServer.conninfo()
        #expect(try Tool.run(["db", "push", "geodata/plan/zone.geojson", "--table", "zone_for_recipes", "--replace", "--db", info]).code == 0)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tongcheng-pg-recipe-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        // A recipe input and a map-spec layer name the table as `pg:…`, not as a file beside them.
        try """
        version: 1
        inputs:
          zone: {file: "pg:zone_for_recipes"}
        steps:
          - name: measured
            area: {input: zone, unit: m2}
        outputs:
          - {table: measured, file: out/area.json}
        """.write(to: dir.appendingPathComponent("r.yaml"), atomically: true, encoding: .utf8)
        let run = try Tool.run(["run", dir.appendingPathComponent("r.yaml").path], environment: ["TONGCHENG_DB": info])
        #expect(run.code == 0, "\(run.stderr)")
        let table = try String(contentsOf: dir.appendingPathComponent("out/area.json"), encoding: .utf8)
        // The same area as the file's (pyproj 3.7.2 on the bundled boundary: 1,106,493,952.4 m²).
        #expect(table.contains("1106493952.4"), "\(table)")
        try "title: pg\nlayers:\n  - file: \"pg:zone_for_recipes\"\n".write(to: dir.appendingPathComponent("m.yaml"), atomically: true, encoding: .utf8)
        let render = try Tool.run(["render", dir.appendingPathComponent("m.yaml").path, "-o", dir.appendingPathComponent("m.svg").path], environment: ["TONGCHENG_DB": info])
        #expect(render.code == 0, "\(render.stderr)")
        #expect(try String(contentsOf: dir.appendingPathComponent("m.svg"), encoding: .utf8).contains("data-id=\"zone-east-demonstration\""))
        // db pull writes any format the interchange writes, by extension; ogrinfo (GDAL) reads it back.
        let gpkg = dir.appendingPathComponent("zone.gpkg").path
        let pull = try Tool.run(["db", "pull", "zone_for_recipes", "-o", gpkg, "--db", info])
        #expect(pull.code == 0, "\(pull.stderr)")
        let area = try Tool.run(["area", gpkg, "--unit", "m2", "--format", "json"])
        #expect(area.stdout.contains("\"area_m2\":1106493952.4"), "\(area.stdout)")
        #expect(try Tool.run(["db", "pull", "zone_for_recipes", "-o", dir.appendingPathComponent("zone.txt").path, "--db", info]).code == 64)
    }

    @Test func aHostileTableNameCreatesThatTableAndHarmsNothing() throws {
        let info = try ThrowawayServer.conninfo()
        let db = try ThrowawayServer.connect()
        #expect(try Tool.run(["db", "push", "geodata/henan_counties.geojson", "--table", "counties", "--replace", "--db", info]).code == 0)
        let hostile = #"z"; DROP TABLE counties; --"#
        let r = try Tool.run(["db", "push", "geodata/plan/zone.geojson", "--table", hostile, "--replace", "--db", info])
        #expect(r.code == 0, "\(r.stderr)")
        #expect(try db.query("SELECT count(*) FROM counties", purpose: "test").text(0, 0) == "157")
        #expect(try db.query("SELECT count(*) FROM pg_class WHERE relname = $1 AND relkind = 'r'", [hostile], purpose: "test").text(0, 0) == "1")
        // And it reads back under that name.
        let back = try Tool.run(["area", "pg:" + hostile, "--db", info, "--format", "json"])
        #expect(back.code == 0, "\(back.stderr)")
        // A hostile property name is a quoted column too.
        let fc = FeatureCollection([Feature(properties: [#"a"); DROP TABLE counties; --"#: "x"], geometry: .point(Point(1, 2)))])
        try TablePush.push(fc, to: try SQLName.table("hostile_columns"), mode: .replace, on: db)
        #expect(try db.query("SELECT count(*) FROM counties", purpose: "test").text(0, 0) == "157")
        #expect(try TablePull.read(try SQLName.table("hostile_columns"), from: db).features[0][property: #"a"); DROP TABLE counties; --"#] == "x")
        // Names PostgreSQL would shorten silently are refused (exit 64).
        let long = try Tool.run(["db", "push", "geodata/plan/zone.geojson", "--table", String(repeating: "长", count: 30), "--db", info])
        #expect(long.code == 64, "\(long.stderr)")
    }

    @Test func existingTablesAppendAndMismatches() throws {
        let info = try ThrowawayServer.conninfo()
        let file = try Self.sampleFile()
        defer { try? FileManager.default.removeItem(at: file) }
        #expect(try Tool.run(["db", "push", file.path, "--table", "appended", "--replace", "--db", info]).code == 0)
        let again = try Tool.run(["db", "push", file.path, "--table", "appended", "--db", info])
        #expect(again.code == 73)
        #expect(again.stderr.contains("exists already"))
        let append = try Tool.run(["db", "push", file.path, "--table", "appended", "--append", "--db", info])
        #expect(append.code == 0, "\(append.stderr)")
        let db = try ThrowawayServer.connect()
        #expect(try db.query("SELECT count(*) FROM appended", purpose: "test").text(0, 0) == "10")
        // A server-side refusal (a Point column given a polygon): exit 65, the purpose, no SQL.
        #expect(try Tool.run(["db", "push", "geodata/plan/zone.geojson", "--table", "points_only", "--replace", "--db", info]).code == 0)
        try db.query("TRUNCATE points_only", purpose: "test")
        try db.query("ALTER TABLE points_only ALTER COLUMN geom TYPE geometry(Point, 4326)", purpose: "test")
        let wrong = try Tool.run(["db", "push", "geodata/plan/zone.geojson", "--table", "points_only", "--append", "--db", info])
        #expect(wrong.code == 65, "\(wrong.stderr)")
        #expect(wrong.stderr.contains("copy the features into points_only"))
        #expect(!wrong.stderr.contains("COPY"))
        #expect(wrong.stderr.contains("does not match column type (Point)"))
        #expect(try db.query("SELECT count(*) FROM points_only", purpose: "test").text(0, 0) == "0")
    }

    /// Issue 23: a `pg:` table whose SRID says EPSG:4326 but whose geometries are Gauss–Krüger
    /// metres (made here with PostGIS's own ST_Transform to EPSG:4547, then relabelled) is
    /// refused by both engines with 65, naming the table and the first bad coordinate, and the
    /// hint is to fix the SRID on the server (a `|crs=` after a table means nothing).
    @Test func aTableWhoseSRIDDoesNotDescribeItsCoordinatesIsRefused() throws {
        let info = try ThrowawayServer.conninfo()
        let db = try ThrowawayServer.connect()
        #expect(try Tool.run(["db", "push", "geodata/plan/zone.geojson", "--table", "srid_right", "--replace", "--db", info]).code == 0)
        try db.query("DROP TABLE IF EXISTS srid_wrong", purpose: "test")
        try db.query("CREATE TABLE srid_wrong AS SELECT ST_SetSRID(ST_Transform(geom, 4547), 4326)::geometry(Geometry, 4326) AS geom FROM srid_right", purpose: "test")
        for engine in [[], ["--engine", "postgis"]] {
            for format in ["json", "table"] {
                let r = try Tool.run(["area", "pg:srid_wrong", "--db", info, "--format", format] + engine)
                #expect(r.code == 65, "\(engine) \(format): \(r.stdout) \(r.stderr)")
                #expect(r.stderr.contains("pg:srid_wrong") && r.stderr.contains("outside longitude ±180, latitude ±90"), "\(r.stderr)")
                #expect(r.stderr.contains("UpdateGeometrySRID") && !r.stderr.contains("|crs="), "\(r.stderr)")
                #expect(r.stdout.isEmpty, "\(r.stdout)")
            }
        }
        // The table with the right SRID reads as it should.
        #expect(try Tool.run(["area", "pg:srid_right", "--db", info]).code == 0)
    }

    @Test func passwordsAreNeverPrintedAndUnreachableServersExit69() throws {
        let cases: [([String], [String: String])] = [
            (["--db", "host=/nonexistent-tongcheng password=s3cr3t-pw user=planner"], [:]),
            (["--db", "postgresql://planner:s3cr3t-pw@/tongcheng?host=/nonexistent-tongcheng"], [:]),
            ([], ["TONGCHENG_DB": "host=/nonexistent-tongcheng password='s3cr3t-pw' user=planner"]),
            ([], ["PGHOST": "/nonexistent-tongcheng", "PGPASSWORD": "s3cr3t-pw", "PGUSER": "planner"]),
        ]
        for (args, env) in cases {
            for command in [["db", "pull", "t"], ["area", "pg:t"], ["db", "push", "geodata/plan/zone.geojson", "--table", "t"]] {
                let r = try Tool.run(command + args, environment: env)
                #expect(r.code == 69, "\(command) \(args) \(env): \(r.stderr)")
                #expect(r.stderr.contains("/nonexistent-tongcheng"), "host missing: \(r.stderr)")
                #expect(r.stderr.contains("No such file or directory"), "reason missing: \(r.stderr)")
                #expect(!r.stderr.contains("s3cr3t") && !r.stdout.contains("s3cr3t"), "password printed: \(r.stderr)")
            }
        }
        // A TCP host that refuses: the host and the server's reason.
        let tcp = try Tool.run(["db", "pull", "t", "--db", "postgresql://planner:s3cr3t-pw@127.0.0.1:1/x"])
        #expect(tcp.code == 69)
        #expect(tcp.stderr.contains("127.0.0.1") && tcp.stderr.contains("Connection refused"))
        #expect(!tcp.stderr.contains("s3cr3t"))
        // The scrubber itself, on the forms libpq might echo.
        #expect(Connection.scrub("password=abc host=x", secrets: []) == "password=*** host=x")
        #expect(Connection.scrub("postgresql://u:abc@h/db", secrets: []) == "postgresql://u:***@h/db")
        #expect(Connection.scrub("failed for abc", secrets: ["abc"]) == "failed for ***")
    }
}
