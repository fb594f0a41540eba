import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import TongchengGeometry

/// Each input is a source with its own layer, CRS and encoding (`'x.gpkg|layer=t|crs=EPSG:4490'`);
/// the global `--layer`, `--input-crs`, `--encoding` only fill in. Fixtures are written by ogr2ogr
/// from the bundled GeoJSON (scripts/fixtures/make-source-fixtures); the expected answers are those
/// of the same command on the GeoJSON originals, to 1e-9.
@Suite struct SourceOptionsTests {
    let sources = "Tests/Fixtures/sources"

    func json(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> JSONValue {
        let r = try CLI.run(arguments + ["--format", "json"])
        #expect(r.code == 0, "\(arguments): \(r.stderr)", sourceLocation: sourceLocation)
        return try r.json()
    }

    /// To 1e-9, plus a millimetre square: the synthetic farmland was cut along straight chords of
    /// the county boundary, which lie micrometres off the boundary's geodesic edges that overlays
    /// now follow (docs/semantics.md); GEOS's slivers along such near-coincident edges depend on
    /// where the Shapefile's ring starts and which way it runs (measured: 1.2e-4 m² on a
    /// 33,703 m² conflict), as the land-use oracle tests allow 1e-3 m² + 1e-9.
    func expectClose(_ a: Double?, _ b: Double?, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        guard let a, let b else { Issue.record("\(what): missing value", sourceLocation: sourceLocation); return }
        #expect(abs(a - b) <= 1e-3 + 1e-9 * max(abs(b), 1), "\(what): \(a) vs \(b)", sourceLocation: sourceLocation)
    }

    @Test func mixedCRSSourcesGiveTheAnswersOfTheAllGeoJSONRun() throws {
        // Zones: an EPSG:4547 Shapefile with an ESRI .prj; farmland and redline: two layers of one
        // EPSG:4490 GeoPackage; the plan's zone: GeoJSON (WGS 84).
        let geojson = try json(["conform", "geodata/plan/zone.geojson", "--forbid", "geodata/landuse/farmland.geojson", "geodata/landuse/redline.geojson"])
        let mixed = try json(["conform", "\(sources)/zone-4547.shp", "--forbid", "\(sources)/planning-4490.gpkg|layer=farmland",
                              "\(sources)/planning-4490.gpkg|layer=redline"])
        let a = try #require(geojson["conflicts"]?.arrayValue), b = try #require(mixed["conflicts"]?.arrayValue)
        #expect(a.count > 409 && b.count == a.count)  // farmland alone gives 409; redline adds its own
        expectClose(mixed["total_m2"]?.doubleValue, geojson["total_m2"]?.doubleValue, "conform total")
        for (x, y) in zip(b, a) { expectClose(x["area_m2"]?.doubleValue, y["area_m2"]?.doubleValue, "conflict \(y["id"] ?? .null)") }

        // Parcels as WGS 84 GeoJSON tabulated in the Shapefile's zone.
        let parcels = "geodata/landuse/parcels.geojson"
        let t1 = try #require(try json(["tabulate", parcels, "--by", "DLMC", "--zones", "geodata/plan/zone.geojson"])["rows"]?.arrayValue)
        let t2 = try #require(try json(["tabulate", parcels, "--by", "DLMC", "--zones", "\(sources)/zone-4547.shp"])["rows"]?.arrayValue)
        #expect(t1.count == 9 && t2.count == t1.count)
        for (x, y) in zip(t2, t1) {
            #expect(x["class"] == y["class"])
            expectClose(x["area_m2"]?.doubleValue, y["area_m2"]?.doubleValue, "tabulate \(y["class"] ?? .null)")
        }
    }

    @Test func dxfWithoutCRSReadsWithItsOwnCRSOrWithTheInputCRS() throws {
        let original = try json(["area", "geodata/plan/zone.geojson"])["total_m2"]?.doubleValue
        expectClose(try json(["area", "\(sources)/zone-gk.dxf|crs=EPSG:4547"])["total_m2"]?.doubleValue, original, "|crs=")
        expectClose(try json(["area", "\(sources)/zone-gk.dxf", "--input-crs", "EPSG:4547"])["total_m2"]?.doubleValue, original, "--input-crs")
        // The issue's case: --input-crs meant for the DXF no longer reinterprets the GeoJSON farmland.
        let right = try json(["conform", "\(sources)/zone-gk.dxf", "--input-crs", "EPSG:4547", "--forbid", "geodata/landuse/farmland.geojson"])
        let truth = try json(["conform", "geodata/plan/zone.geojson", "--forbid", "geodata/landuse/farmland.geojson"])
        #expect(right["conflicts"]?.arrayValue?.count == 409)
        expectClose(right["total_m2"]?.doubleValue, truth["total_m2"]?.doubleValue, "conform with the DXF")
    }

    @Test func inputCRSDoesNotOverrideAFilesOwnCRSAndSaysSo() throws {
        let r = try CLI.run(["area", "\(sources)/planning-4490.gpkg", "--layer", "redline", "--input-crs", "EPSG:4547", "--format", "json"])
        #expect(r.code == 0, "\(r.stderr)")
        #expect(r.stderr.contains("planning-4490.gpkg: keeps its own CRS EPSG:4490") && r.stderr.contains("|crs=EPSG:4547"), "\(r.stderr)")
        let truth = try json(["area", "geodata/landuse/redline.geojson"])
        expectClose(try r.json()["total_m2"]?.doubleValue, truth["total_m2"]?.doubleValue, "redline")
    }

    @Test func layerOnAFileWithoutThatLayerNamesTheFileAndItsLayers() throws {
        let r = try CLI.run(["area", "\(sources)/planning-4490.gpkg", "--layer", "parcels"])
        #expect(r.code == 64)
        #expect(r.stderr.contains("planning-4490.gpkg") && r.stderr.contains("no layer \"parcels\"") && r.stderr.contains("\"farmland\", \"redline\""), "\(r.stderr)")
        // A single-layer format ignores a --layer meant for another source.
        let shp = try CLI.run(["area", "\(sources)/zone-4547.shp", "--layer", "farmland"])
        #expect(shp.code == 0, "\(shp.stderr)")
    }

    @Test func aGlobalLayerAppliedTwiceToOneFileIsNotSilent() throws {
        // The issue's case: the parcels' --layer also chose the zones of the same GeoPackage.
        let gpkg = "\(sources)/planning-4490.gpkg"
        let r = try CLI.run(["tabulate", gpkg, "--layer", "redline", "--by", "kind", "--zones", gpkg, "--format", "json"])
        #expect(r.code == 0, "\(r.stderr)")
        #expect(r.stderr.contains("--layer redline chose layer redline for another input") && r.stderr.contains("|layer=NAME"), "\(r.stderr)")
        let apart = try CLI.run(["tabulate", gpkg + "|layer=farmland", "--by", "kind", "--zones", gpkg + "|layer=redline", "--format", "json"])
        #expect(apart.code == 0 && !apart.stderr.contains("warning"), "\(apart.stderr)")
        let once = try CLI.run(["tabulate", gpkg, "--layer", "farmland", "--by", "kind", "--zones", "geodata/plan/zone.geojson", "--format", "json"])
        #expect(once.code == 0 && !once.stderr.contains("warning"), "\(once.stderr)")
    }

    @Test func badSourceOptionsAreUsageErrors() throws {
        for (text, why) in [("|layer=x", "no path"), ("x.gpkg|colour=red", "unknown option"), ("x.gpkg|layer=", "has no value"),
                            ("x.gpkg|layer=a|layer=b", "twice"), ("x.gpkg|layer", "not key=value")] {
            let r = try CLI.run(["area", text])
            #expect(r.code == 64, "\(text): \(r.stderr)")
            #expect(r.stderr.contains(why), "\(text): \(r.stderr)")
        }
    }

    @Test(arguments: [["area", "--format", "json"], ["area", "--format", "csv"], ["area", "--format", "geojson"], ["area"], ["length", "--format", "json"],
                      ["validate"], ["clip", "--mask", "geodata/plan/zone.geojson"], ["buffer", "--distance", "1km"]])
    func projectedMetresLabelledAsDegreesExit65WithAHint(_ command: [String]) throws {
        let input = "\(sources)/bad/mislabeled-4326.gpkg"
        let r = try CLI.run([command[0], input] + command.dropFirst())
        #expect(r.code == 65, "\(command): \(r.stdout) \(r.stderr)")
        let said = r.stdout + r.stderr
        #expect(said.contains(input) && said.contains("layer mislabeled") && said.contains("EPSG:4326 (named by the file) but x = 614,358: projected metres?")
                && said.contains("|crs=EPSG:4547"), "\(command): \(said)")
    }

    @Test func mislabelledSourcesAreRefusedWhereverTheyAreNamed() throws {
        let input = "\(sources)/bad/mislabeled-4326.gpkg"
        for arguments in [["conform", "geodata/plan/zone.geojson", "--forbid", input], ["reach", "--from", "zhengzhou", "--radius", "100km", "--within", input],
                          ["tabulate", input, "--by", "name", "--zones", "geodata/plan/zone.geojson"],
                          ["area", "\(sources)/bad/gk-no-prj.shp", "--input-crs", "EPSG:4326"]] {
            let r = try CLI.run(arguments + ["--format", "json"])
            #expect(r.code == 65, "\(arguments): \(r.stderr)")
            #expect(r.stderr.contains("projected metres?") && r.stderr.contains("|crs=EPSG:4547"), "\(arguments): \(r.stderr)")
        }
        // Named as what it is, the same file reads and measures like the original.
        let fixed = try json(["area", input + "|crs=EPSG:4547"])["total_m2"]?.doubleValue
        expectClose(fixed, try json(["area", "geodata/plan/zone.geojson"])["total_m2"]?.doubleValue, "|crs= on the mislabelled file")
    }

    @Test(arguments: [("no-dbf.zip", "has no .dbf"), ("zero-shp.zip", "in the archive is not a readable Shapefile"), ("truncated-dbf.shp", "DBF"),
                      ("bad-wkt.csv", "could not read as a geometry"), ("truncated.gml", "XML parsing"), ("laughs.gml", "million laugh"),
                      ("bomb.zip", "over Tongcheng's cap of 1.00 GiB")])
    func gdalFailuresExit65(_ name: String, _ text: String) throws {
        let input = "\(sources)/bad/\(name)"
        let r = try CLI.run(["area", input])
        #expect(r.code == 65, "\(name): \(r.stderr)")
        #expect(r.stderr.contains(input) && r.stderr.contains(text), "\(name): \(r.stderr)")
    }

    @Test func readingGMLWritesNothingBesideIt() throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let gml = folder.appendingPathComponent("zone.gml").path
        try FileManager.default.copyItem(atPath: CLI.root.appendingPathComponent("\(sources)/zone.gml").path, toPath: gml)
        let r = try CLI.run(["area", gml, "--format", "json"])
        #expect(r.code == 0, "\(r.stderr)")
        expectClose(try r.json()["total_m2"]?.doubleValue, try json(["area", "geodata/plan/zone.geojson"])["total_m2"]?.doubleValue, "GML")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["zone.gml"])
    }

    @Test func layerCountAndOpeningTimeAreBounded() throws {
        let many = try CLI.run(["info", "\(sources)/bad/many-layers.gpkg"], environment: ["TONGCHENG_LAYER_LIMIT": "10"])
        #expect(many.code == 65)
        #expect(many.stderr.contains("many-layers.gpkg") && many.stderr.contains("more than 10 layers"), "\(many.stderr)")
        // Under the cap every layer is listed.
        let listed = try CLI.run(["info", "\(sources)/bad/many-layers.gpkg"])
        #expect(listed.code == 0 && (1...12).allSatisfy { listed.stdout.contains("layer:      l\($0) ") }, "\(listed.stdout)")
        let endless = try CLI.run(["area", "\(sources)/bad/endless-view.gpkg|layer=endless"], environment: ["TONGCHENG_OPEN_SECONDS": "2"])
        #expect(endless.code == 65)
        #expect(endless.stderr.contains("endless-view.gpkg: opening the source took more than 2 s"), "\(endless.stderr)")
    }

    /// A copy of the bundled plan whose zone is the given source (files copied beside plan.json).
    func planFolder(zone: String, copying files: [String]) throws -> URL {
        let folder = try CLI.temporaryDirectory()
        try FileManager.default.createSymbolicLink(at: folder.appendingPathComponent("geodata"), withDestinationURL: CLI.root.appendingPathComponent("geodata"))
        for file in files {
            try FileManager.default.copyItem(at: CLI.root.appendingPathComponent("\(sources)/\(file)"), to: folder.appendingPathComponent((file as NSString).lastPathComponent))
        }
        let manifest = try JSONValue.parse(String(contentsOf: CLI.root.appendingPathComponent("geodata/plan.json"), encoding: .utf8), name: "plan.json")
        let layers = try #require(manifest["layers"]?.objectValue)
        var pairs: [(String, JSONValue)] = []
        for (key, value) in layers { pairs.append((key, .string(key == "zone" ? zone : "geodata/" + (value.stringValue ?? "")))) }
        try JSONText.encode(.object(JSONObject([("name", .string("copy")), ("layers", .object(JSONObject(pairs)))])))
            .write(to: folder.appendingPathComponent("plan.json"), atomically: true, encoding: .utf8)
        return folder
    }

    @Test func planFoldersNameAnySourceWithTheSameChecks() throws {
        let shp = try planFolder(zone: "zone-4547.shp", copying: ["zone-4547.shp", "zone-4547.shx", "zone-4547.dbf", "zone-4547.prj", "zone-4547.cpg"])
        defer { try? FileManager.default.removeItem(at: shp) }
        let r = try CLI.run(["plan", "--plan", shp.path])
        #expect(r.code == 0, "\(r.stderr)")
        #expect(r.stdout.contains("zone-4547.shp") && r.stdout.contains("no problems"), "\(r.stdout)")

        let gpkg = try planFolder(zone: "mislabeled-4326.gpkg|layer=mislabeled", copying: ["bad/mislabeled-4326.gpkg"])
        defer { try? FileManager.default.removeItem(at: gpkg) }
        let bad = try CLI.run(["plan", "--plan", gpkg.path])
        #expect(bad.code == 65)
        #expect((bad.stdout + bad.stderr).contains("projected metres?"), "\(bad.stdout) \(bad.stderr)")
    }

    @Test func infoReportsTheEncodingTheCRSAndTheLayerItUsed() throws {
        let dxf = try CLI.run(["info", "\(sources)/zone-gk.dxf", "--input-crs", "EPSG:4547"])
        #expect(dxf.code == 0, "\(dxf.stderr)")
        #expect(dxf.stdout.contains("crs used:   EPSG:4547 (from --input-crs)"), "\(dxf.stdout)")
        let own = try CLI.run(["info", "\(sources)/zone-gk.dxf|crs=EPSG:4547", "--encoding", "GBK"])
        #expect(own.stdout.contains("crs used:   EPSG:4547 (from |crs=)") && own.stdout.contains("encoding used: GBK (from --encoding)"), "\(own.stdout)")
        let gpkg = try CLI.run(["info", "\(sources)/planning-4490.gpkg|layer=redline", "--format", "json"])
        let file = try #require(gpkg.json()["files"]?.arrayValue?.first)
        #expect(file["used"]?["layer"] == .string("redline"))
        #expect(file["used"]?["crs"] == .string("EPSG:4490") && file["used"]?["crs_from"] == .string("the file"))
        #expect(file["properties"]?.arrayValue?.contains(.string("id")) == true)
    }
}

/// GDAL reads only the named input: a virtual dataset naming a server makes no request, whether
/// it is a command's input, a recipe's or a map layer's.
@Suite struct SourceContainmentTests {
    /// A TCP listener on 127.0.0.1 that counts the connections made to it (accepted afterwards
    /// from the backlog: the kernel completes a handshake without the server's help).
    final class Listener {
        let socket: Int32
        let port: UInt16

        init() throws {
            let fd = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            socket = fd
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &address) { p in
                p.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && listen(fd, 16) == 0 && getsockname(fd, $0, &length) == 0 }
            }
            port = UInt16(bigEndian: address.sin_port)
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            try #require(bound, "cannot listen on 127.0.0.1")
        }

        /// The connections waiting to be accepted.
        func connections() -> Int {
            var n = 0
            while true {
                let c = accept(socket, nil, nil)
                guard c >= 0 else { return n }
                close(c)
                n += 1
            }
        }

        deinit { close(socket) }
    }

    func vrt(in folder: URL, port: UInt16) throws -> String {
        let path = folder.appendingPathComponent("remote.vrt").path
        try """
        <OGRVRTDataSource>
          <OGRVRTLayer name="zones"><SrcDataSource>WFS:http://127.0.0.1:\(port)/wfs</SrcDataSource></OGRVRTLayer>
        </OGRVRTDataSource>
        """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func aVirtualDatasetIsRefusedWithoutARequest() throws {
        let listener = try Listener()
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try vrt(in: folder, port: listener.port)
        let r = try CLI.run(["area", path])
        #expect(r.code == 65)
        #expect(r.stderr.contains("remote.vrt") && r.stderr.contains("virtual dataset"), "\(r.stderr)")

        let recipe = folder.appendingPathComponent("r.yaml").path
        try """
        version: 1
        inputs:
          zones: {file: \(path)}
        steps:
          - name: a
            area:
              input: zones
        """.write(toFile: recipe, atomically: true, encoding: .utf8)
        let run = try CLI.run(["run", recipe])
        #expect(run.code == 65, "\(run.stderr)")
        #expect(run.stderr.contains("virtual dataset"), "\(run.stderr)")

        let spec = folder.appendingPathComponent("m.yaml").path
        try """
        title: t
        page: A4 landscape
        layers:
          - id: zones
            file: \(path)
        """.write(toFile: spec, atomically: true, encoding: .utf8)
        let map = try CLI.run(["render", spec, "-o", folder.appendingPathComponent("m.svg").path])
        #expect(map.code == 65, "\(map.stderr)")
        #expect(map.stderr.contains("virtual dataset"), "\(map.stderr)")
        #expect(listener.connections() == 0)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("m.svg").path))
    }

    @Test func gdalVirtualPathsAreRefused() throws {
        let r = try CLI.run(["area", "/vsicurl/http://127.0.0.1:9/x.geojson"])
        #expect(r.code == 64 || r.code == 66, "\(r.stderr)")
        #expect(r.stderr.contains("/vsicurl/"), "\(r.stderr)")
    }
}
