import Foundation
import TestSupport
import Testing
@testable import TongchengGeometry

/// Issue 25: secrets and long input never echoed, one path to the terminal, no silent answers,
/// bounded work, messages that say what is wrong. Each case of the issue with its exit code and message.
@Suite struct ReliabilityThirdPassTests {
    static let esc = "\u{1B}]0;pwned\u{07}\u{1B}[2J"

    func write(_ text: String, _ name: String, in dir: URL) throws -> String {
        let url = dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    func square(_ lon: Double, _ lat: Double, _ size: Double = 1) -> String {
        "[[[\(lon),\(lat)],[\(lon + size),\(lat)],[\(lon + size),\(lat + size)],[\(lon),\(lat + size)],[\(lon),\(lat)]]]"
    }

    // MARK: secrets and long input

    @Test func procFilesDevicesAndFIFOsAreNoRecipesOrSpecs() throws {
        var env = ProcessInfo.processInfo.environment
        env["PGPASSWORD"] = "hunter2-secret"
        for path in ["/proc/self/environ", "/dev/zero", "/dev/null"] {
            let r = try Spawn.run(CLI.executable.path, ["run", path], in: CLI.root.path, watchdog: 300, environment: env)
            #expect(r.status == 65, "\(path): \(r.status) \(r.stderrText)")
            #expect(r.stderrText.contains("not a regular file"), "\(r.stderrText)")
            #expect(!r.stderrText.contains("hunter2") && r.stderrText.count < 400, "\(r.stderrText)")
        }
        let spec = try CLI.run(["render", "/proc/self/environ", "-o", try CLI.temporaryDirectory().appendingPathComponent("m.svg").path])
        #expect(spec.code == 65 && spec.stderr.contains("not a regular file"), "\(spec.stderr)")
        // A FIFO is refused without being opened (opening one would wait for a writer for ever).
        let dir = try CLI.temporaryDirectory()
        let fifo = dir.appendingPathComponent("r.yaml").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let r = try CLI.run(["run", fifo])
        #expect(r.code == 65 && r.stderr.contains("is a FIFO"), "\(r.stderr)")
    }

    @Test func aMegabyteLineIsQuotedInAShortMessage() throws {
        let dir = try CLI.temporaryDirectory()
        let long = String(repeating: "x", count: 1_000_000)
        for text in ["version: 1\n\(long): 1\n", "version: 1\nsteps: [\(long)\n", "\(long)\u{1B}\n  - : ["] {
            let recipe = try write(text, "long.yaml", in: dir)
            let r = try CLI.run(["run", recipe])
            #expect(r.code == 65, "\(r.stderr)")
            #expect(r.stderr.count < 2_000, "a \(r.stderr.count)-character message")
            #expect(!r.stderr.contains("\u{1B}"))
        }
    }

    // MARK: one path to the terminal

    @Test func controlCharactersFromDataAreShownNotSent() throws {
        // The escapes are in the data (JSON \u001b, which GeoJSON allows) and in the file name:
        // every command reads the file and prints what came from it, made visible.
        let dir = try CLI.temporaryDirectory()
        let json = #"\u001b]0;pwned\u0007\u001b[2J"#
        let shownEsc = #"\u{1B}]0;pwned\u{7}\u{1B}[2J"#
        let file = try write("""
        {"type":"FeatureCollection","features":[
        {"type":"Feature","id":"a\(json)","properties":{"k\(json)":1},"geometry":{"type":"Polygon","coordinates":\(square(114, 34))}},
        {"type":"Feature","id":"a\(json)","properties":{"k\(json)":2},"geometry":{"type":"Polygon","coordinates":\(square(114.5, 34))}}
        ]}
        """, "z\(Self.esc).geojson", in: dir)
        let recipe = try write("""
        version: 1
        inputs:
          zones: {file: "\((file as NSString).lastPathComponent.replacingOccurrences(of: "\u{1B}", with: "\\e").replacingOccurrences(of: "\u{07}", with: "\\a"))"}
        steps:
          - name: "step\\e]0;x\\a"
            area: {input: zones}
        """, "r.yaml", in: dir)
        // Each run with its exit code and what it must show (escaped) from the data.
        let runs: [([String], Int32, String)] = [
            (["info", file], 0, "properties: id, k\(shownEsc)"),
            (["validate", file], 65, "duplicate feature id \"a\(shownEsc)\""),
            (["convert", file, "-o", dir.appendingPathComponent("o\(Self.esc).gpkg").path], 0, "z\(shownEsc).geojson (GeoJSON) → "),
            (["run", recipe], 0, #"1. step\u{1B}]0;x\u{7} (area): 2 rows"#),
            (["run", recipe, "--dry-run"], 0, #"1. step\u{1B}]0;x\u{7} = area"#),
            (["area", file], 0, "a\(shownEsc)"),
        ]
        for (arguments, code, shown) in runs {
            let r = try CLI.run(arguments, in: dir)
            #expect(r.code == code, "\(arguments[0]): exit \(r.code): \(r.stderr)")
            #expect(!r.stdout.contains("\u{1B}") && !r.stderr.contains("\u{1B}") && !r.stdout.contains("\u{07}") && !r.stderr.contains("\u{07}"),
                    "\(arguments[0]): \(r.stdout) \(r.stderr)")
            #expect((r.stdout + r.stderr).contains(shown), "\(arguments[0]) does not show \(shown): \(r.stdout) \(r.stderr)")
        }
    }

    @Test func gdalsOwnTextAndGeoPackageLayerNamesAreShownNotSent() throws {
        // GDAL quotes the data in its own warnings: writing a Shapefile, it cuts a text value to
        // 254 characters and says so with the value as it was (ogr2ogr on the same file prints
        // "Warning 1: Value '^[]0;pwned^Gxxx…' of field note has been truncated to 254 characters.");
        // Tongcheng's own note on the laundered field name quotes the key.
        let dir = try CLI.temporaryDirectory()
        let file = try write("""
        {"type":"FeatureCollection","features":[
        {"type":"Feature","properties":{"long\\u001b]0;pwned\\u0007field_name":"\\u001b]0;pwned\\u0007\(String(repeating: "x", count: 300))"},"geometry":{"type":"Polygon","coordinates":\(square(114.8, 34.8, 0.1))}}
        ]}
        """, "k.geojson", in: dir)
        let shp = try CLI.run(["convert", file, "-o", dir.appendingPathComponent("o.shp").path], in: dir)
        #expect(shp.code == 0, "\(shp.stderr)")
        #expect(shp.stderr.contains("has been truncated to 254 characters"), "GDAL's warning is not shown: \(shp.stderr)")
        #expect(shp.stderr.contains("field names shortened"), "\(shp.stderr)")
        #expect(!shp.stderr.contains("\u{1B}") && !shp.stderr.contains("\u{07}"), "\(shp.stderr)")
        #expect(shp.stderr.contains("Value '\\u{1B}]0;pwned\\u{7}xxx"), "\(shp.stderr)")
        // A GeoPackage layer named with the escape (by --output-layer) is listed by info escaped.
        let gpkg = dir.appendingPathComponent("o.gpkg").path
        let made = try CLI.run(["convert", file, "-o", gpkg, "--output-layer", "layer\(Self.esc)"], in: dir)
        #expect(made.code == 0, "\(made.stderr)")
        let info = try CLI.run(["info", gpkg], in: dir)
        #expect(info.code == 0, "\(info.stderr)")
        #expect(!info.stdout.contains("\u{1B}") && !info.stderr.contains("\u{1B}") && !info.stdout.contains("\u{07}"), "\(info.stdout)")
        #expect(info.stdout.contains("layer\\u{1B}]0;pwned"), "info does not show the layer name: \(info.stdout)")
    }

    @Test func readerWarningsInRecipesAreShownNotSent() throws {
        // A recipe reads its inputs with the readers' own warning path (not the CLI's options):
        // a Shapefile whose name holds an escape and whose GBK text names no encoding (no .cpg)
        // is warned about with the name made visible, as `area` on the same file does.
        let dir = try CLI.temporaryDirectory()
        let source = try write(#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"兰考"},"geometry":{"type":"Point","coordinates":[114.8,34.8]}}]}"#, "p.geojson", in: dir)
        let made = try Spawn.run("/usr/bin/ogr2ogr", ["-lco", "ENCODING=GBK", dir.appendingPathComponent("g.shp").path, source], watchdog: 300)
        #expect(made.status == 0, "\(made.stderrText)")
        try FileManager.default.removeItem(at: dir.appendingPathComponent("g.cpg"))
        for ext in ["shp", "shx", "dbf", "prj"] {
            try FileManager.default.moveItem(at: dir.appendingPathComponent("g.\(ext)"), to: dir.appendingPathComponent("g\(Self.esc).\(ext)"))
        }
        let recipe = try write("""
        version: 1
        inputs:
          points: {file: "g\\e]0;pwned\\a\\e[2J.shp"}
        steps:
          - name: rings
            buffer: {input: points, distance: 1km}
        """, "r.yaml", in: dir)
        for arguments in [["run", recipe, "--quiet"], ["area", dir.appendingPathComponent("g\(Self.esc).shp").path]] {
            let r = try CLI.run(arguments, in: dir)
            #expect(r.code == 0, "\(arguments[0]): \(r.stderr)")
            #expect(r.stderr.contains("attribute text is not UTF-8"), "\(arguments[0]): \(r.stderr)")
            #expect(!r.stderr.contains("\u{1B}") && !r.stderr.contains("\u{07}") && r.stderr.contains(#"g\u{1B}]0;pwned\u{7}\u{1B}[2J.shp"#),
                    "\(arguments[0]): \(r.stderr)")
        }
    }

    @Test func qualitySubcommandsShowControlCharactersFromData() throws {
        // transition's zone headings and diff's keys come from the data too, and reach the terminal escaped.
        let dir = try CLI.temporaryDirectory()
        let quality = CLI.root.appendingPathComponent("Tests/Fixtures/quality")
        var zones = try String(contentsOf: quality.appendingPathComponent("survey-zones.geojson"), encoding: .utf8)
        zones = zones.replacingOccurrences(of: "西区", with: "西区\\u001b]0;pwned\\u0007\\u001b[2J")
        let zoneFile = try write(zones, "zones.geojson", in: dir)
        var diffNew = try String(contentsOf: quality.appendingPathComponent("diff-new.geojson"), encoding: .utf8)
        diffNew = diffNew.replacingOccurrences(of: #""BSM":""#, with: #""BSM":"\u001b[2J"#)
        let diffFile = try write(diffNew, "diff-new.geojson", in: dir)
        let runs: [[String]] = [
            ["transition", quality.appendingPathComponent("survey-old.geojson").path, quality.appendingPathComponent("survey-new.geojson").path, "--by", "DLBM", "--zones", zoneFile],
            ["diff", quality.appendingPathComponent("diff-old.geojson").path, diffFile, "--key", "BSM"],
        ]
        for arguments in runs {
            let r = try CLI.run(arguments)
            #expect(r.code == 0, "\(arguments[0]): \(r.stderr)")
            #expect(!r.stdout.contains("\u{1B}") && !r.stderr.contains("\u{1B}") && !r.stdout.contains("\u{07}"), "\(arguments[0]): \(r.stdout)")
            #expect(r.stdout.contains("\\u{1B}"), "\(arguments[0]) does not show the escape: \(r.stdout)")
        }
    }

    // MARK: no silent answers

    @Test func unknownFieldsAreErrorsEverywhere() throws {
        let dissolve = try CLI.run(["dissolve", "geodata/henan_counties.geojson", "--by", "NOPE"])
        #expect(dissolve.code == 64, "\(dissolve.stderr)")
        #expect(dissolve.stderr.contains("no input feature has the property \"NOPE\"") && dissolve.stderr.contains("city"), "\(dissolve.stderr)")
        let dir = try CLI.temporaryDirectory()
        let recipe = try write("""
        version: 1
        steps:
          - name: lines
            filter: {input: plan.transport, where: {stauts: existing}}
        """, "f.yaml", in: dir)
        let r = try CLI.run(["run", recipe])
        #expect(r.code == 65 && r.stderr.contains("no input feature has the property \"stauts\""), "\(r.stderr)")
        try FileManager.default.copyItem(atPath: CLI.root.appendingPathComponent("examples/special-zone-conflicts.map.yaml").path, toPath: dir.appendingPathComponent("m.map.yaml").path)
        var spec = try String(contentsOf: dir.appendingPathComponent("m.map.yaml"), encoding: .utf8)
        spec = spec.replacingOccurrences(of: "filter: {adcode: 410225}", with: "filter: {adcod: 410225}")
            .replacingOccurrences(of: "../geodata", with: CLI.root.appendingPathComponent("geodata").path)
            .replacingOccurrences(of: "  - id: conflicts\n    file: out/special-zone-conflicts.geojson\n", with: "  - id: conflicts\n    file: \(CLI.root.appendingPathComponent("geodata/landuse/farmland.geojson").path)\n")
        try spec.write(to: dir.appendingPathComponent("m.map.yaml"), atomically: true, encoding: .utf8)
        let map = try CLI.run(["render", dir.appendingPathComponent("m.map.yaml").path, "-o", dir.appendingPathComponent("m.svg").path])
        #expect(map.code == 65 && map.stderr.contains("no feature has the property \"adcod\""), "\(map.stderr)")
        // transition and diff name the option that named the field.
        let quality = CLI.root.appendingPathComponent("Tests/Fixtures/quality").path
        let zoneField = try CLI.run(["transition", "\(quality)/survey-old.geojson", "\(quality)/survey-new.geojson", "--by", "DLBM", "--zones", "\(quality)/survey-zones.geojson", "--zone-field", "NOPE"])
        #expect(zoneField.code == 64 && zoneField.stderr.contains("--zone-field NOPE:") && zoneField.stderr.contains("no zones feature has the property \"NOPE\""), "\(zoneField.stderr)")
        let key = try CLI.run(["diff", "\(quality)/diff-old.geojson", "\(quality)/diff-new.geojson", "--key", "NOPE"])
        #expect(key.code == 64 && key.stderr.contains("--key NOPE:") && key.stderr.contains("their properties are: BSM, DLMC"), "\(key.stderr)")
    }

    @Test func duplicateZoneNamesAreToldApart() throws {
        let dir = try CLI.temporaryDirectory()
        // Two zones named alike, one over the special zone, one beside it (same shape moved east).
        let zones = try write("""
        {"type":"FeatureCollection","features":[
        {"type":"Feature","properties":{"name":"片区"},"geometry":{"type":"Polygon","coordinates":\(square(114.9, 34.8, 0.05))}},
        {"type":"Feature","properties":{"name":"片区"},"geometry":{"type":"Polygon","coordinates":\(square(114.95, 34.8, 0.05))}}
        ]}
        """, "zones.geojson", in: dir)
        let r = try CLI.run(["tabulate", "geodata/landuse/parcels.geojson", "--by", "DLMC", "--zones", zones, "--format", "json"])
        #expect(r.code == 0, "\(r.stderr)")
        let json = try r.json()
        let names = json["zones"]?.arrayValue?.compactMap { $0["zone"]?.stringValue } ?? []
        #expect(names == ["片区 #0", "片区 #1"], "\(names)")
        // The CSV tells them apart the same way.
        let csv = try CLI.run(["tabulate", "geodata/landuse/parcels.geojson", "--by", "DLMC", "--zones", zones, "--format", "csv"])
        #expect(csv.code == 0, "\(csv.stderr)")
        let zoneColumn = Set(csv.stdout.split(separator: "\n").dropFirst().compactMap { $0.split(separator: ",").first.map(String.init) })
        #expect(zoneColumn == ["片区 #0", "片区 #1"], "\(zoneColumn)")
    }

    @Test func polygonsAcrossTheAntimeridianOrRoundAPoleAreRefusedByEveryAnalysis() throws {
        let dir = try CLI.temporaryDirectory()
        let cases = [
            // 179 → −179: 24,619 km² as written; overlap with a square at (0, 0) said 50 % shared.
            ("antimeridian", #"[[[179,0],[-179,0],[-179,1],[179,1],[179,0]]]"#),
            ("world", #"[[[-180,-90],[180,-90],[180,90],[-180,90],[-180,-90]]]"#),
            ("pole", #"[[[0,80],[120,80],[-120,80],[0,80]]]"#),
        ]
        let unit = try write(#"{"type":"Feature","properties":{"name":"unit"},"geometry":{"type":"Polygon","coordinates":\#(square(0, 0))}}"#, "unit.geojson", in: dir)
        for (name, rings) in cases {
            let file = try write(#"{"type":"Feature","properties":{"name":"\#(name)"},"geometry":{"type":"Polygon","coordinates":\#(rings)}}"#, "\(name).geojson", in: dir)
            let runs: [[String]] = [["area", file], ["validate", file], ["overlap", file, unit], ["reach", "--from", "0.5,0.5", "--radius", "100km", "--within", file],
                                    ["clip", unit, "--mask", file], ["buffer", file, "--distance", "1km"], ["tabulate", unit, "--by", "name", "--zones", file],
                                    ["conform", unit, "--forbid", file], ["dissolve", file]]
            for arguments in runs {
                let r = try CLI.run(arguments)
                #expect(r.code == 65, "\(name) \(arguments[0]): \(r.code) \(r.stdout) \(r.stderr)")
                let said = arguments[0] == "validate" ? r.stdout + r.stderr : r.stderr
                #expect(said.contains("crosses the antimeridian (±180° longitude), goes round or touches a pole, or spans the whole world"), "\(name) \(arguments[0]): \(said)")
            }
        }
        // Through GDAL too: the same polygon as a GeoPackage.
        let gpkg = dir.appendingPathComponent("am.gpkg").path
        let made = try Spawn.run("/usr/bin/ogr2ogr", [gpkg, dir.appendingPathComponent("antimeridian.geojson").path], watchdog: 300)
        #expect(made.status == 0, "\(made.stderrText)")
        let r = try CLI.run(["area", gpkg])
        #expect(r.code == 65 && r.stderr.contains("crosses the antimeridian"), "\(r.stderr)")
    }

    @Test func speedsThatAreNoSpeedsAreErrors() throws {
        let dir = try CLI.temporaryDirectory()
        for (k, speed) in ["0", "-40", "\"fast\""].enumerated() {
            let network = try write("""
            {"type":"FeatureCollection","features":[
            {"type":"Feature","id":"road-\(k)","properties":{"mode":"expressway","status":"existing","speed_kmh":\(speed)},"geometry":{"type":"LineString","coordinates":[[113.66,34.75],[114.3,34.8]]}}
            ]}
            """, "net\(k).geojson", in: dir)
            let r = try CLI.run(["isochrone", "--from", "zhengzhou", "--minutes", "60", "--network", network])
            #expect(r.code == 65, "\(speed): \(r.stderr)")
            #expect(r.stderr.contains("transport feature 0 (road-\(k)): speed_kmh") && r.stderr.contains("is not a speed"), "\(r.stderr)")
        }
    }

    @Test func numericOptionsAreDecimalAndKeepTheirValue() throws {
        let hex = try CLI.run(["isochrone", "--from", "zhengzhou", "--minutes", "0x10"])
        #expect(hex.code == 64 && hex.stderr.contains("0x10"), "\(hex.stderr)")
        for bad in ["nan", "inf", "1e400"] { #expect(try CLI.run(["isochrone", "--from", "zhengzhou", "--minutes", bad]).code == 64) }
        let r = try CLI.run(["isochrone", "--from", "zhengzhou", "--minutes", "60.5", "--to", "lankao"])
        #expect(r.code == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("isochrone: 60.5 min from zhengzhou"), "\(r.stdout)")
    }

    @Test func theReportSaysWhatItLeftOut() throws {
        let dir = try CLI.temporaryDirectory()
        // A plan folder of its own (links to the bundled files) with no maps/ beside it.
        let plan = dir.appendingPathComponent("geodata")
        try FileManager.default.createDirectory(at: plan, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: CLI.root.appendingPathComponent("geodata").path) {
            try FileManager.default.createSymbolicLink(at: plan.appendingPathComponent(name), withDestinationURL: CLI.root.appendingPathComponent("geodata/\(name)"))
        }
        let r = try CLI.run(["report", "--plan", dir.appendingPathComponent("geodata").path, "--format", "md"])
        #expect(r.code == 0, "\(r.stderr)")
        #expect(r.stderr.contains("warning: the report leaves out 布局示意图 · the layout map: the plan folder has no map spec at ../maps/layout.yaml"), "\(r.stderr)")
        #expect(r.stdout.contains("## 未包含 · Left out") && r.stdout.contains("the layout map"), "\(r.stdout)")
    }

    // MARK: bounded work

    @Test func labelPlacementIsBoundedWithShortMessages() throws {
        let dir = try CLI.temporaryDirectory()
        // 20,000 labelled points in Lankao (seeded): over the cap of 2,000 a map tries.
        var rng = SplitMix64(seed: 25)
        var features: [String] = []
        for k in 0..<20_000 {
            let lon = 114.7 + Double(rng.next() % 100_000) / 100_000 * 0.5, lat = 34.6 + Double(rng.next() % 100_000) / 100_000 * 0.4
            features.append(#"{"type":"Feature","properties":{"name":"点\#(k)"},"geometry":{"type":"Point","coordinates":[\#(lon),\#(lat)]}}"#)
        }
        let points = try write(#"{"type":"FeatureCollection","features":["# + features.joined(separator: ",\n") + "]}", "points.geojson", in: dir)
        let spec = try write("""
        title: 标注上限
        page: A4 landscape
        plan: \(CLI.root.appendingPathComponent("geodata").path)
        layers:
          - file: \(points)
            label: name
        """, "labels.yaml", in: dir)
        let r = try CLI.run(["render", spec, "-o", dir.appendingPathComponent("labels.svg").path])
        #expect(r.code == 0, "\(r.stderr)")
        #expect(r.stderr.contains("not placed: a map places at most 2000"), "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").allSatisfy { $0.count < 400 }, "a long line: \(r.stderr.prefix(600))")
    }

    @Test func oversizedRasterIsAUsageErrorWithTheLimit() throws {
        let dir = try CLI.temporaryDirectory()
        let spec = try write("""
        page: {width: 20000, height: 20000, unit: px}
        plan: \(CLI.root.appendingPathComponent("geodata").path)
        layers:
          - plan: special_zone
        """, "big.yaml", in: dir)
        let r = try CLI.run(["render", spec, "-o", dir.appendingPathComponent("big.png").path, "--dpi", "600"])
        #expect(r.code == 64, "\(r.stderr)")
        #expect(r.stderr.contains("32,767 px a side") && r.stderr.contains("give --dpi"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("big.png").path))
    }

    @Test func quadrantSegmentsAreBoundedWithTheLimit() throws {
        // 1,000 segments a quarter circle on the land-use parcels ran past 60 s at 1.6 GB.
        let r = try CLI.run(["buffer", "geodata/landuse/parcels.geojson", "--distance", "10m", "--quadrant-segments", "1000", "-o", "/dev/null"])
        #expect(r.code == 64, "\(r.stderr)")
        #expect(r.stderr.contains("--quadrant-segments 1000: give 1 to 100"), "\(r.stderr)")
    }

    // MARK: messages that say what is wrong

    @Test func messagesSayWhatIsWrong() throws {
        let dir = try CLI.temporaryDirectory()
        // --distance -1km is a value, not an option: buffer shrinks, near says what is wrong.
        let shrink = try CLI.run(["buffer", "geodata/plan/zone.geojson", "--distance", "-1km", "-o", "/dev/null"])
        #expect(shrink.code == 0, "\(shrink.stderr)")
        let near = try CLI.run(["near", "geodata/places.geojson", "--to", "geodata/plan/transport.geojson", "--distance", "-1km"])
        #expect(near.code == 64 && !near.stderr.contains("Missing value") && near.stderr.contains("--distance"), "\(near.stderr)")
        // 181,0 is a point out of range, not an unknown place.
        let far = try CLI.run(["reach", "--from", "181,0", "--radius", "10km", "--within", "geodata/plan/zone.geojson"])
        #expect(far.code == 64 && far.stderr.contains("longitude 181 is out of range") && !far.stderr.contains("unknown place"), "\(far.stderr)")
        // 1e308 km² overflows: too large, not "must be more than 0".
        let huge = try CLI.run(["site", "--area", "1e308km2", "--within", "geodata/plan/zone.geojson"])
        #expect(huge.code == 64 && huge.stderr.contains("too large") && !huge.stderr.contains("more than 0"), "\(huge.stderr)")
        // /dev/zero on standard input is binary data, not UTF-16.
        let zero = try Spawn.run("/bin/sh", ["-c", "\"$0\" area - < /dev/zero", CLI.executable.path], in: CLI.root.path, watchdog: 300)
        #expect(zero.status == 65 && zero.stderrText.contains("binary data") && !zero.stderrText.contains("UTF-16"), "\(zero.stderrText)")
        // A nonsense .prj and a .cpg naming no encoding are named as such.
        let source = try write(#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"兰考"},"geometry":{"type":"Point","coordinates":[500000,3850000]}}]}"#, "gk.geojson", in: dir)
        let shp = dir.appendingPathComponent("gk.shp").path
        let made = try Spawn.run("/usr/bin/ogr2ogr", ["-lco", "ENCODING=GBK", shp, source], watchdog: 300)
        #expect(made.status == 0, "\(made.stderrText)")
        try "nonsense, not WKT".write(toFile: dir.appendingPathComponent("gk.prj").path, atomically: true, encoding: .utf8)
        let prj = try CLI.run(["area", shp])
        #expect(prj.code == 65 && prj.stderr.contains("its .prj (gk.prj) is not a coordinate system GDAL can read"), "\(prj.stderr)")
        try "NO-SUCH-ENCODING".write(toFile: dir.appendingPathComponent("gk.cpg").path, atomically: true, encoding: .utf8)
        let cpg = try CLI.run(["info", shp, "--input-crs", "EPSG:4547"])
        #expect(cpg.code == 0, "\(cpg.stderr)")
        #expect(!cpg.stderr.contains("(no .cpg)"), "\(cpg.stderr)")
        #expect(cpg.stderr.contains("its .cpg names \"NO-SUCH-ENCODING\""), "\(cpg.stderr)")
    }
}
