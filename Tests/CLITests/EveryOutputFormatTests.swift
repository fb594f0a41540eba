import Foundation
import Testing
import TongchengGeometry

/// Every output format as safe as GeoJSON and as ogr2ogr users expect (issue 24): the GDAL-written
/// formats go through SafeOutput (devices, FIFOs, links, hard links, write-protected files, full
/// disks, signals), GeoPackage and FileGDB are containers, `convert` keeps the source CRS, DXF is
/// for CAD. Expected behaviour is the issue's "What to build"; every GDAL output is opened with
/// `ogrinfo` (GDAL's own reader, independent of Tongcheng's) for its layers and CRS.
@Suite struct EveryOutputFormatTests {
    let fixtures = "Tests/Fixtures/interchange"
    let townships = "geodata/landuse/townships.geojson"
    let farmland = "geodata/landuse/farmland.geojson"

    func mode(_ path: String) -> mode_t {
        var st = stat()
        return lstat(path, &st) == 0 ? st.st_mode : 0
    }

    func shell(_ script: String, in dir: URL? = nil) throws -> CLI.Result {
        try CLI.run(["-c", "T='\(CLI.executable.path)'; R='\(CLI.root.path)'; " + script], in: dir, executable: URL(fileURLWithPath: "/bin/sh"))
    }

    func ogrinfo(_ arguments: [String]) throws -> CLI.Result {
        try CLI.run(["ogrinfo"] + arguments, executable: URL(fileURLWithPath: "/usr/bin/env"))
    }

    func names(_ dir: URL) throws -> Set<String> { Set(try FileManager.default.contentsOfDirectory(atPath: dir.path)) }

    // MARK: 1. one sink: what is at the target

    @Test func aGDBTargetThatIsNotAFileGDBIsRefusedAndKept() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // The issue's first finding: a folder of someone's work named .gdb.
        let precious = dir.appendingPathComponent("precious.gdb")
        try FileManager.default.createDirectory(at: precious.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try "a\n".write(to: precious.appendingPathComponent("thesis.docx"), atomically: false, encoding: .utf8)
        let r = try CLI.run(["convert", townships, "-o", precious.path])
        #expect(r.code == 73, "\(r.stderr)")
        #expect(r.stderr.contains("not a FileGDB"), "\(r.stderr)")
        #expect(try names(precious) == ["sub", "thesis.docx"])
        // A FIFO, a 444 file, a hard-linked file, a link to a file and a character device named X.gdb.
        let setup = try shell("""
            mkfifo fifo.gdb; echo x > ro.gdb; chmod 444 ro.gdb; echo x > hard.gdb; ln hard.gdb hard2
            echo x > file; ln -s file link.gdb; mknod dev.gdb c 1 3
            """, in: dir)
        #expect(setup.code == 0, "\(setup.stderr)")
        let kinds: [(String, mode_t)] = [("fifo.gdb", S_IFIFO), ("ro.gdb", S_IFREG), ("hard.gdb", S_IFREG), ("link.gdb", S_IFLNK), ("dev.gdb", S_IFCHR)]
        for (name, kind) in kinds {
            let path = dir.appendingPathComponent(name).path
            let run = try CLI.run(["convert", townships, "-o", path])
            #expect(run.code == 73, "\(name): \(run.code) \(run.stderr)")
            #expect(mode(path) & S_IFMT == kind, "\(name) changed kind")
        }
        // A FileGDB whose folder is write-protected (555) is not replaced, even by root.
        let locked = dir.appendingPathComponent("locked.gdb").path
        #expect(try CLI.run(["convert", townships, "-o", locked]).code == 0)
        chmod(locked, 0o555)
        let run = try CLI.run(["convert", farmland, "-o", locked, "--overwrite"])
        #expect(run.code == 73, "\(run.stderr)")
        #expect(try ogrinfo(["-q", locked]).stdout.contains("locked (Multi Polygon)"))
        let left = try names(dir)
        #expect(!left.contains { $0.hasPrefix(".") }, "a temporary was left: \(left)")
    }

    @Test func aFileGDBIsReplacedWholeWithOverwriteAndThroughASymbolicLink() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let real = dir.appendingPathComponent("real.gdb").path
        #expect(try CLI.run(["convert", townships, "-o", real]).code == 0)
        symlink("real.gdb", dir.appendingPathComponent("link.gdb").path)
        let r = try CLI.run(["convert", farmland, "-o", dir.appendingPathComponent("link.gdb").path, "--output-layer", "farmland", "--overwrite"])
        #expect(r.code == 0, "\(r.stderr)")
        #expect(r.stdout.contains("file overwritten with layer farmland"), "\(r.stdout)")
        #expect(mode(dir.appendingPathComponent("link.gdb").path) & S_IFMT == S_IFLNK, "the link stays a link")
        let info = try ogrinfo(["-q", real])
        #expect(info.stdout.contains("farmland") && !info.stdout.contains("townships"), "\(info.stdout)")
        #expect(try names(dir) == ["real.gdb", "link.gdb"])
    }

    @Test func shapefileAndGMLKeepSymbolicLinksAndDevices() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let setup = try shell("mkdir files; echo old > files/a.gml; ln -s files/a.gml a.gml; mknod b.shp c 1 3; echo old > files/c.shp; ln -s files/c.shp c.shp", in: dir)
        #expect(setup.code == 0, "\(setup.stderr)")
        for name in ["a.gml", "b.shp", "c.shp"] {
            let r = try CLI.run(["convert", townships, "-o", dir.appendingPathComponent(name).path])
            #expect(r.code == 0, "\(name): \(r.stderr)")
        }
        #expect(mode(dir.appendingPathComponent("a.gml").path) & S_IFMT == S_IFLNK)
        #expect(mode(dir.appendingPathComponent("c.shp").path) & S_IFMT == S_IFLNK)
        #expect(mode(dir.appendingPathComponent("b.shp").path) & S_IFMT == S_IFCHR, "the device was replaced")
        // The files the links point to were replaced by whole datasets.
        let gml = try ogrinfo(["-so", "-al", dir.appendingPathComponent("a.gml").path])
        #expect(gml.stdout.contains("Feature Count: 8"), "\(gml.stdout)")
        // The Shapefile is read through its link, with the siblings beside the link, as GDAL looks for them.
        let shp = try ogrinfo(["-so", "-al", dir.appendingPathComponent("c.shp").path])
        #expect(shp.stdout.contains("Feature Count: 8"), "\(shp.stdout)")
        #expect(try Data(contentsOf: dir.appendingPathComponent("files/c.shp")).count > 100, "the linked file was not replaced")
    }

    @Test func aFullDiskIs74AndKeepsTheOldOutputInEveryFormat() throws {
        let dir = try CLI.temporaryDirectory()
        let small = dir.appendingPathComponent("small")
        try FileManager.default.createDirectory(at: small, withIntermediateDirectories: true)
        // A 300 KiB tmpfs (the test runs as root, as Tongcheng often does).
        let mounted = try shell("mount -t tmpfs -o size=300k tongcheng-test '\(small.path)'")
        try #require(mounted.code == 0, "mount: \(mounted.stderr)")
        defer {
            _ = try? shell("umount '\(small.path)'")
            try? FileManager.default.removeItem(at: dir)
        }
        for ext in ["gml", "gpkg", "shp", "gdb", "fgb", "csv", "kml", "zip"] {
            let target = small.appendingPathComponent("k.\(ext)").path
            let first = try CLI.run(["convert", townships, "-o", target])
            #expect(first.code == 0, "\(ext): \(first.stderr)")
            let before = try names(small)
            let big = try CLI.run(["convert", "geodata/henan_counties.geojson", "-o", target])
            #expect(big.code == 74, "\(ext): \(big.code) \(big.stdout) \(big.stderr)")
            #expect(big.stderr.contains("No space left on device"), "\(ext): \(big.stderr)")
            let after = try names(small)
            #expect(after == before, "\(ext): \(after)")
            let back = try ogrinfo(["-so", "-al", ext == "zip" ? "/vsizip/" + target : target])
            #expect(back.stdout.contains("Feature Count: 8"), "\(ext): the old output is gone: \(back.stdout)")
            _ = try shell("rm -rf '\(small.path)'/*")
        }
    }

    @Test func aSignalDuringAGDALWriteLeavesNoTemporary() throws {
        // 100,000 points; the signal lands whenever it lands (after 0–0.4 s): afterwards the folder
        // holds the input and at most a whole output, never a temporary.
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let features = (0..<100_000).map { k in #"{"type":"Feature","properties":{"k":\#(k)},"geometry":{"type":"Point","coordinates":[114.\#(k),34.5]}}"# }
        try (#"{"type":"FeatureCollection","features":["# + features.joined(separator: ",") + "]}").write(to: dir.appendingPathComponent("big.geojson"), atomically: false, encoding: .utf8)
        var delay = 0
        for ext in ["gpkg", "shp", "gdb", "gml", "fgb", "csv", "dxf"] {
            for signal in ["TERM", "INT", "HUP"] {
                delay = (delay + 7) % 40
                let r = try shell("""
                    "$T" convert big.geojson -o out.\(ext) --output-crs EPSG:4547 2>/dev/null & pid=$!
                    sleep 0.\(String(format: "%02d", delay)); kill -\(signal) $pid 2>/dev/null; wait $pid; echo "rc=$?"
                    """, in: dir)
                #expect(r.stdout.contains("rc="), "\(r.stdout) \(r.stderr)")
                let left = try names(dir).filter { $0 != "big.geojson" && !$0.hasPrefix("out.") }
                #expect(left.isEmpty, "\(ext) \(signal): \(left)")
                if FileManager.default.fileExists(atPath: dir.appendingPathComponent("out.\(ext)").path) {
                    let info = try ogrinfo(["-so", "-al", dir.appendingPathComponent("out.\(ext)").path])
                    #expect(info.code == 0, "\(ext) \(signal): a partial output: \(info.stderr)")
                }
                _ = try shell("rm -rf out.*", in: dir)
            }
        }
    }

    // MARK: 2. folder permissions are the operating system's

    @Test func rootWritesIntoAFolderOwnedByAnotherUserButNotOverAWriteProtectedFile() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // The Docker case: root, and a bind-mounted folder of uid 1000 (here: nobody), mode 755.
        let setup = try shell("mkdir theirs && chown nobody theirs && chmod 755 theirs && echo x > theirs/ro.gpkg && chmod 444 theirs/ro.gpkg", in: dir)
        #expect(setup.code == 0, "\(setup.stderr)")
        try #require(geteuid() == 0, "this case is about root")
        let theirs = dir.appendingPathComponent("theirs")
        for ext in ["gpkg", "shp", "gdb", "geojson"] {
            let r = try CLI.run(["convert", townships, "-o", theirs.appendingPathComponent("t.\(ext)").path])
            #expect(r.code == 0, "\(ext): \(r.stderr)")
        }
        let area = try CLI.run(["area", townships, "--format", "csv", "-o", theirs.appendingPathComponent("t.csv").path])
        #expect(area.code == 0, "\(area.stderr)")
        let refused = try CLI.run(["convert", townships, "-o", theirs.appendingPathComponent("ro.gpkg").path])
        #expect(refused.code == 73, "\(refused.stderr)")
        #expect(try String(contentsOf: theirs.appendingPathComponent("ro.gpkg"), encoding: .utf8) == "x\n")
    }

    // MARK: 3. GeoPackage and FileGDB are containers

    @Test(arguments: ["gpkg", "gdb"]) func twoCommandsWriteTwoLayersIntoOneContainer(_ ext: String) throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let m = dir.appendingPathComponent("m.\(ext)").path
        let first = try CLI.run(["convert", townships, "-o", m, "--output-layer", "townships"])
        #expect(first.code == 0, "\(first.stderr)")
        #expect(first.stdout.contains("layer townships in a new file"), "\(first.stdout)")
        let second = try CLI.run(["convert", farmland, "-o", m, "--output-layer", "farmland"])
        #expect(second.stdout.contains("layer farmland added (kept: townships)"), "\(second.stdout)")
        // An analysis adds its layer too (the file's stem when --output-layer is not given: here "m").
        let clip = try CLI.run(["clip", farmland, "--mask", townships, "-o", m])
        #expect(clip.code == 0, "\(clip.stderr)")
        #expect(clip.stderr.contains("layer m added (kept: townships, farmland)"), "\(clip.stderr)")
        let again = try CLI.run(["convert", townships, "-o", m, "--output-layer", "farmland"])
        #expect(again.stdout.contains("layer farmland replaced (kept: townships, m)"), "\(again.stdout)")
        let info = try ogrinfo(["-so", "-al", m])
        #expect(info.code == 0)
        #expect(info.stdout.components(separatedBy: "Layer name: ").count == 4, "\(info.stdout)")
        for (layer, count) in [("townships", 8), ("farmland", 8)] {
            let one = try ogrinfo(["-so", m, layer])
            #expect(one.stdout.contains("Feature Count: \(count)"), "\(layer): \(one.stdout)")
        }
        let overwrite = try CLI.run(["convert", farmland, "-o", m, "--overwrite"])
        #expect(overwrite.stdout.contains("file overwritten with layer m"), "\(overwrite.stdout)")
        let after = try ogrinfo(["-q", m])
        #expect(after.stdout.components(separatedBy: "\n").filter { !$0.isEmpty }.count == 1, "\(after.stdout)")
        #expect(try names(dir) == ["m.\(ext)"])
    }

    // MARK: 4. convert keeps the source CRS

    @Test func convertKeepsTheSourceCRSAndAnalysesStayInWGS84() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("k.gpkg").path
        let r = try CLI.run(["convert", "\(fixtures)/counties-gk.shp", "-o", out])
        #expect(r.code == 0, "\(r.stderr)")
        #expect(r.stdout.contains("(GeoPackage, EPSG:4547)"), "\(r.stdout)")
        // ogr2ogr's own copy is the reference: the same CRS and, to a millimetre, the same extent.
        let reference = dir.appendingPathComponent("ref.gpkg").path
        _ = try CLI.run(["ogr2ogr", "-f", "GPKG", reference, "\(fixtures)/counties-gk.shp"], executable: URL(fileURLWithPath: "/usr/bin/env"))
        let ours = try ogrinfo(["-so", "-al", out]).stdout, theirs = try ogrinfo(["-so", "-al", reference]).stdout
        #expect(ours.contains("ID[\"EPSG\",4547]"), "\(ours)")
        func extent(_ text: String) -> [Double] {
            guard let line = text.components(separatedBy: "\n").first(where: { $0.hasPrefix("Extent:") }) else { return [] }
            return line.split(whereSeparator: { "(), -:".contains($0) }).compactMap { Double($0) }
        }
        let (a, b) = (extent(ours), extent(theirs))
        #expect(a.count == 4 && b.count == 4, "\(ours)")
        for (x, y) in zip(a, b) { #expect(abs(x - y) < 1e-3, "\(a) vs \(b)") }
        // Per-source options: the CRS the source was read in is the one kept — the file's own
        // behind '|layer=' (a GeoPackage layer in EPSG:4490), and the one '|crs=' names for a
        // file that has none (ogr2ogr -a_srs's meaning).
        let layered = dir.appendingPathComponent("l.gpkg").path
        let l = try CLI.run(["convert", "Tests/Fixtures/sources/planning-4490.gpkg|layer=redline", "-o", layered])
        #expect(l.code == 0, "\(l.stderr)")
        #expect(try ogrinfo(["-so", "-al", layered]).stdout.contains("ID[\"EPSG\",4490]"), "\(l.stdout)")
        let named = dir.appendingPathComponent("n.gpkg").path
        let n = try CLI.run(["convert", "Tests/Fixtures/sources/zone-gk.dxf|crs=EPSG:4547", "-o", named])
        #expect(n.code == 0, "\(n.stderr)")
        #expect(try ogrinfo(["-so", "-al", named]).stdout.contains("ID[\"EPSG\",4547]"), "\(n.stdout)")
        // An analysis writes WGS 84 unless --output-crs says otherwise.
        let clipped = dir.appendingPathComponent("c.gpkg").path
        #expect(try CLI.run(["clip", "\(fixtures)/counties-gk.shp", "--mask", "geodata/plan/zone.geojson", "-o", clipped]).code == 0)
        #expect(try ogrinfo(["-so", "-al", clipped]).stdout.contains("ID[\"EPSG\",4326]"))
    }

    // MARK: 5. DXF that CAD users can use

    @Test func dxfIsInMetresWithChineseLayerNamesAndLabels() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("z.dxf").path
        // Degrees are refused, with the CRS for Lankao suggested.
        let degrees = try CLI.run(["convert", "geodata/plan/zone.geojson", "-o", out])
        #expect(degrees.code == 64)
        #expect(degrees.stderr.contains("EPSG:4547"), "\(degrees.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
        // A projected source needs no --output-crs; the CAD layer and the label come from `name`.
        let r = try CLI.run(["convert", "\(fixtures)/counties-gk.shp", "-o", out, "--dxf-layer-property", "name", "--dxf-label", "name"])
        #expect(r.code == 0, "\(r.stderr)")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: out))
        #expect(String(decoding: bytes, as: UTF8.self).contains("$DWGCODEPAGE\n  3\nANSI_936"))
        // 兰考县 in GBK (CP936): C0BC BFBC CFD8.
        #expect(bytes.range(of: Data([0xC0, 0xBC, 0xBF, 0xBC, 0xCF, 0xD8])) != nil)
        let info = try ogrinfo(["-al", out])
        #expect(info.stdout.contains("Layer (String) = 兰考县"), "\(info.stdout.prefix(2000))")
        #expect(info.stdout.contains("Text (String) = 兰考县"), "a label")
        // Gauss–Krüger metres (Lankao's easting is about 600 km), not degrees.
        let point = try #require(info.stdout.components(separatedBy: "\n").first { $0.contains("POINT (") })
        let easting = Double(point.split(separator: "(")[1].split(separator: " ")[0]) ?? 0
        #expect(easting > 100_000, "\(point)")
    }

    // MARK: 8. names

    @Test func theWrittenNameIsReportedAnEmptyStemIsRefusedAndLongNamesWork() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let upper = try CLI.run(["convert", townships, "-o", dir.appendingPathComponent("X.SHP").path])
        #expect(upper.code == 0, "\(upper.stderr)")
        let all = try names(dir)
        let written = all.first { $0.lowercased() == "x.shp" }
        #expect(written != nil && upper.stdout.contains("/\(written ?? "?") ("), "\(upper.stdout) \(all)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("o3"), withIntermediateDirectories: false)
        let empty = try CLI.run(["convert", townships, "-o", dir.appendingPathComponent("o3/.shp").path])
        #expect(empty.code == 64, "\(empty.stderr)")
        #expect(try names(dir.appendingPathComponent("o3")).isEmpty)
        // NAME_MAX is 255 bytes: every single-file format takes a name of that length (the
        // temporary has no name, or a 31-byte one), a Shapefile too (its siblings are as long).
        for ext in ["gpkg", "csv", "fgb", "shp", "geojson"] {
            let name = String(repeating: "长", count: (255 - ext.count - 1) / 3) + String(repeating: "a", count: (255 - ext.count - 1) % 3) + "." + ext
            #expect(name.utf8.count == 255)
            let r = try CLI.run(["convert", townships, "-o", dir.appendingPathComponent(name).path])
            #expect(r.code == 0, "\(ext): \(r.stderr)")
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent(name).path))
        }
    }
}
