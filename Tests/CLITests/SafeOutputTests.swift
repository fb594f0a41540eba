import Foundation
import Testing
@testable import TongchengGeometry
import TongchengProcessIO

/// Outputs never destroy what they replace, inputs are never outputs, write errors are exit codes
/// (issue 18). Each case of the adversarial trial is one test here; docs/robustness.md lists them.
/// Expected behaviour comes from the issue's "What to build" and POSIX (stat types, modes).
@Suite struct SafeOutputTests {
    static let square = #"{"type":"FeatureCollection","features":[{"type":"Feature","id":1,"properties":{"name":"a"},"geometry":{"type":"Polygon","coordinates":[[[114,34],[114.1,34],[114.1,34.1],[114,34.1],[114,34]]]}}]}"#

    /// A temporary folder holding `in.geojson`.
    func folder() throws -> URL {
        let dir = try CLI.temporaryDirectory()
        try Self.square.write(to: dir.appendingPathComponent("in.geojson"), atomically: false, encoding: .utf8)
        return dir
    }

    func mode(_ path: String) -> mode_t {
        var st = stat()
        return lstat(path, &st) == 0 ? st.st_mode : 0
    }

    /// Runs a shell line (for redirections the test harness cannot make), with the tool as $T.
    func shell(_ script: String, in dir: URL? = nil) throws -> CLI.Result {
        try CLI.run(["-c", "T='\(CLI.executable.path)'; " + script], in: dir, executable: URL(fileURLWithPath: "/bin/sh"))
    }

    /// Names in `dir` other than the expected ones (a leftover temporary file shows up here).
    func extra(_ dir: URL, expected: Set<String>) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { !expected.contains($0) }
    }

    // MARK: safe outputs

    @Test func devNullIsWrittenIntoAndStaysADevice() throws {
        let dir = try folder()
        let r = try CLI.run(["area", dir.appendingPathComponent("in.geojson").path, "-o", "/dev/null"])
        #expect(r.code == 0, "\(r.stderr)")
        #expect(mode("/dev/null") & S_IFMT == S_IFCHR)
    }

    @Test func devFullIs74AndStaysADevice() throws {
        let dir = try folder()
        let r = try CLI.run(["area", dir.appendingPathComponent("in.geojson").path, "-o", "/dev/full"])
        #expect(r.code == 74)
        #expect(r.stderr.contains("/dev/full: cannot write: No space left on device"))
        #expect(r.stderr.components(separatedBy: "\n").filter { !$0.isEmpty }.count == 1)
        #expect(mode("/dev/full") & S_IFMT == S_IFCHR)
    }

    @Test func devStdoutInAPipeIsStandardOutput() throws {
        let dir = try folder()
        let r = try CLI.run(["area", dir.appendingPathComponent("in.geojson").path, "--format", "csv", "-o", "/dev/stdout"])
        #expect(r.code == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("index,file,id,name,"))
    }

    @Test func fifoSocketAndFolderTargetsAre73AndUntouched() throws {
        let dir = try folder()
        let fifo = dir.appendingPathComponent("fifo").path
        #expect(mkfifo(fifo, 0o644) == 0)
        let sub = dir.appendingPathComponent("sub").path
        try FileManager.default.createDirectory(atPath: sub, withIntermediateDirectories: false)
        for target in [fifo, sub] {
            let r = try CLI.run(["area", dir.appendingPathComponent("in.geojson").path, "-o", target])
            #expect(r.code == 73, "\(target)")
        }
        #expect(mode(fifo) & S_IFMT == S_IFIFO)
        #expect(mode(sub) & S_IFMT == S_IFDIR)
        #expect(try extra(dir, expected: ["in.geojson", "fifo", "sub"]).isEmpty)
    }

    @Test func aSymlinkStaysALinkAndItsFileIsReplaced() throws {
        let dir = try folder()
        let real = dir.appendingPathComponent("real.csv").path
        let link = dir.appendingPathComponent("link.csv").path
        try "old".write(toFile: real, atomically: false, encoding: .utf8)
        #expect(symlink("real.csv", link) == 0)
        let r = try CLI.run(["area", dir.appendingPathComponent("in.geojson").path, "--format", "csv", "-o", link])
        #expect(r.code == 0, "\(r.stderr)")
        #expect(mode(link) & S_IFMT == S_IFLNK)
        #expect(try String(contentsOfFile: real, encoding: .utf8).contains("index,file,id,name,"))
        #expect(try extra(dir, expected: ["in.geojson", "real.csv", "link.csv"]).isEmpty)
    }

    @Test func aDanglingSymlinkIsRefused() throws {
        let dir = try folder()
        let link = dir.appendingPathComponent("link.csv").path
        #expect(symlink(dir.appendingPathComponent("nowhere.csv").path, link) == 0)
        let r = try CLI.run(["area", dir.appendingPathComponent("in.geojson").path, "-o", link])
        #expect(r.code == 73)
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("nowhere.csv").path))
    }

    @Test func theModeOfAReplacedFileIsKept() throws {
        let dir = try folder()
        let out = dir.appendingPathComponent("out.csv").path
        try "old".write(toFile: out, atomically: false, encoding: .utf8)
        #expect(chmod(out, 0o600) == 0)
        let r = try CLI.run(["area", dir.appendingPathComponent("in.geojson").path, "--format", "csv", "-o", out])
        #expect(r.code == 0, "\(r.stderr)")
        #expect(mode(out) & 0o777 == 0o600)
        #expect(try String(contentsOfFile: out, encoding: .utf8).contains("index,file,id,name,"))
    }

    @Test func aWriteProtectedFileIsRefusedEvenForRoot() throws {
        let dir = try folder()
        let out = dir.appendingPathComponent("out.csv").path
        try "old".write(toFile: out, atomically: false, encoding: .utf8)
        #expect(chmod(out, 0o444) == 0)
        let r = try CLI.run(["area", dir.appendingPathComponent("in.geojson").path, "-o", out])
        #expect(r.code == 73)
        #expect(r.stderr.contains("mode 444"))
        #expect(try String(contentsOfFile: out, encoding: .utf8) == "old")
    }

    @Test func aHardLinkedFileIsRefusedNotBroken() throws {
        let dir = try folder()
        let a = dir.appendingPathComponent("a.csv").path, b = dir.appendingPathComponent("b.csv").path
        try "old".write(toFile: a, atomically: false, encoding: .utf8)
        #expect(link(a, b) == 0)
        let r = try CLI.run(["area", dir.appendingPathComponent("in.geojson").path, "-o", b])
        #expect(r.code == 73)
        #expect(r.stderr.contains("hard links"))
        #expect(FileIdentity(path: a) == FileIdentity(path: b))
    }

    @Test func outputNamesOf244To255BytesWork() throws {
        let dir = try folder()
        for length in [244, 250, 255] {
            let name = String(repeating: "n", count: length - 4) + ".csv"
            let r = try CLI.run(["area", dir.appendingPathComponent("in.geojson").path, "--format", "csv", "-o", dir.appendingPathComponent(name).path])
            #expect(r.code == 0, "\(length): \(r.stderr)")
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent(name).path))
        }
        #expect(try extra(dir, expected: ["in.geojson"]).count == 3)
    }

    @Test func aMissingFolderIs73AndLeavesNothing() throws {
        let dir = try folder()
        let r = try CLI.run(["area", dir.appendingPathComponent("in.geojson").path, "-o", dir.appendingPathComponent("no/out.csv").path])
        #expect(r.code == 73)
        #expect(try extra(dir, expected: ["in.geojson"]).isEmpty)
    }

    // MARK: standard output and error

    @Test func aFullOrClosedStandardOutputIs74WithOneLine() throws {
        let dir = try folder()
        for redirect in [">/dev/full", ">&-"] {
            let r = try shell("\"$T\" area in.geojson \(redirect); echo \"rc=$?\" >&2", in: dir)
            #expect(r.stderr.hasSuffix("rc=74\n"), "\(redirect): \(r.stderr)")
            #expect(r.stderr.contains("standard output: cannot write"), "\(redirect)")
            #expect(!r.stderr.contains("Fatal error") && !r.stderr.contains("backtrace"), "\(redirect)")
        }
    }

    @Test func aBrokenPipeEndsQuietlyWith141() throws {
        // 200,000 bytes of GeoJSON, more than a pipe holds: the writer meets the closed pipe.
        let dir = try folder()
        let big = (0..<2000).map { k in #"{"type":"Feature","properties":{"k":\#(k),"pad":"\#(String(repeating: "x", count: 80))"},"geometry":{"type":"Point","coordinates":[114,34]}}"# }.joined(separator: ",")
        try #"{"type":"FeatureCollection","features":[\#(big)]}"#.write(to: dir.appendingPathComponent("big.geojson"), atomically: false, encoding: .utf8)
        let p = try shell("trap '' PIPE; { \"$T\" transform big.geojson --from wgs84 --to wgs84 2>err.txt; echo $? >rc.txt; } | head -c 1 >/dev/null; cat rc.txt err.txt", in: dir)
        #expect(p.stdout == "141\n", "\(p.stdout)")
    }

    // MARK: inputs are sacred

    @Test func anInputSpeltAnotherWayIsRefused() throws {
        let dir = try folder()
        let before = try Data(contentsOf: dir.appendingPathComponent("in.geojson"))
        let spelt = dir.path + "/../" + dir.lastPathComponent + "/./in.geojson"
        let r = try CLI.run(["transform", dir.appendingPathComponent("in.geojson").path, "--from", "wgs84", "--to", "wgs84", "-o", spelt])
        #expect(r.code == 64)
        #expect(r.stderr.contains("also an input"))
        #expect(try Data(contentsOf: dir.appendingPathComponent("in.geojson")) == before)
    }

    @Test func theGazetteerReadByReachIsProtected() throws {
        let dir = try CLI.temporaryDirectory()
        try FileManager.default.copyItem(at: CLI.root.appendingPathComponent("geodata"), to: dir.appendingPathComponent("plan"))
        let places = dir.appendingPathComponent("plan/places.geojson")
        let before = try Data(contentsOf: places)
        let r = try CLI.run(["reach", "--from", "兰考县", "--radius", "10km", "--within", dir.appendingPathComponent("plan/plan/zone.geojson").path,
                             "--plan", dir.appendingPathComponent("plan").path, "--format", "geojson", "-o", places.path])
        #expect(r.code == 64, "\(r.stderr)")
        #expect(try Data(contentsOf: places) == before)
    }

    // MARK: recipes

    /// A recipe folder: the recipe, an input, a copy of the plan.
    func recipe(_ outputs: String) throws -> URL {
        let dir = try folder()
        try FileManager.default.copyItem(at: CLI.root.appendingPathComponent("geodata"), to: dir.appendingPathComponent("plan"))
        let text = """
        version: 1
        plan: plan
        inputs:
          squares: in.geojson
        steps:
          - name: sized
            area:
              input: squares
        outputs:
        \(outputs)
        """
        try text.write(to: dir.appendingPathComponent("r.yaml"), atomically: false, encoding: .utf8)
        return dir
    }

    @Test func aRecipeCannotOverwriteItsInputsItselfOrThePlan() throws {
        for target in ["in.geojson", "sub/../in.geojson", "./r.yaml", "plan/plan/special_zone.geojson", "plan/places.geojson"] {
            let dir = try recipe("  - layer: sized\n    file: \(target)\n")
            try FileManager.default.createDirectory(at: dir.appendingPathComponent("sub"), withIntermediateDirectories: false)
            let path = dir.appendingPathComponent(target).standardizedFileURL.path
            let before = try Data(contentsOf: URL(fileURLWithPath: path))
            let r = try CLI.run(["run", dir.appendingPathComponent("r.yaml").path])
            #expect(r.code == 64, "\(target): \(r.stderr)")
            #expect(r.stderr.contains("r.yaml:"), "\(target): \(r.stderr)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before, "\(target)")
        }
    }

    @Test func aRecipeWritesOnlyInsideItsFolderUnlessAllowed() throws {
        let outside = try CLI.temporaryDirectory().appendingPathComponent("out.csv").path
        for target in ["../escaped.csv", outside] {
            let dir = try recipe("  - table: sized\n    file: \(target)\n")
            let r = try CLI.run(["run", dir.appendingPathComponent("r.yaml").path])
            #expect(r.code == 73, "\(target): \(r.stderr)")
            #expect(r.stderr.contains("outside the recipe's folder"))
            #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent(target).standardizedFileURL.path))
        }
        let dir = try recipe("  - table: sized\n    file: \(outside)\n")
        let r = try CLI.run(["run", dir.appendingPathComponent("r.yaml").path, "--allow-outside"])
        #expect(r.code == 0, "\(r.stderr)")
        #expect(FileManager.default.fileExists(atPath: outside))
    }

    @Test func twoRecipeOutputsToOneFileAreRefusedBeforeAnythingIsWritten() throws {
        let dir = try recipe("  - table: sized\n    file: out/a.csv\n  - layer: sized\n    file: out/b.geojson\n  - layer: sized\n    file: out/../out/a.csv\n")
        let r = try CLI.run(["run", dir.appendingPathComponent("r.yaml").path])
        #expect(r.code == 73, "\(r.stderr)")
        #expect(r.stderr.contains("same file"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out/b.geojson").path))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out/a.csv").path))
    }

    @Test func aRecipeOutputToAFolderIs73WithoutACocoaDump() throws {
        let dir = try recipe("  - table: sized\n    file: sub\n")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("sub"), withIntermediateDirectories: false)
        let r = try CLI.run(["run", dir.appendingPathComponent("r.yaml").path])
        #expect(r.code == 73, "\(r.stderr)")
        #expect(!r.stderr.contains("NSCocoaErrorDomain"))
        #expect(r.stderr.contains("folder"))
    }

    // MARK: map specs

    func spec(_ dir: URL, output: String, layerFile: String = "in.geojson") throws -> String {
        let text = """
        title: t
        page: A4 landscape
        output: \(output)
        layers:
          - id: squares
            file: \(layerFile)
            style: {fill: "#cccccc", stroke: "#333333", width: 0.5}
        """
        let path = dir.appendingPathComponent("map.yaml").path
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        return path
    }

    @Test func aMapSpecCannotOverwriteItsLayerOrItselfOrWriteOutside() throws {
        for output in ["in.geojson", "map.yaml", "../outside.svg"] {
            let dir = try folder()
            let spec = try spec(dir, output: output)
            let before = try Data(contentsOf: dir.appendingPathComponent("in.geojson"))
            let r = try CLI.run(["render", spec])
            #expect(r.code == (output.hasPrefix("..") ? 73 : 64), "\(output): \(r.stderr)")
            #expect(try Data(contentsOf: dir.appendingPathComponent("in.geojson")) == before)
            #expect(!FileManager.default.fileExists(atPath: dir.deletingLastPathComponent().appendingPathComponent("outside.svg").path) || output != "../outside.svg")
        }
        let dir = try folder()
        let spec = try spec(dir, output: "map.svg")
        let r = try CLI.run(["render", spec, "-o", dir.appendingPathComponent("in.geojson").path])
        #expect(r.code == 64, "\(r.stderr)")
    }

    @Test func aMapLayerFromDevUrandomIs65() throws {
        let dir = try folder()
        let spec = try spec(dir, output: "map.svg", layerFile: "/dev/urandom")
        let r = try CLI.run(["render", spec])
        #expect(r.code == 65, "\(r.stderr)")
    }

    // MARK: bounded input

    @Test func devZeroIsRefusedAtOnce() throws {
        for command in [["area"], ["validate"], ["info"]] {
            let r = try CLI.run(command + ["/dev/zero"])
            #expect(r.code == 65, "\(command): \(r.stderr)")
        }
    }

    @Test func standardInputIsCapped() throws {
        let dir = try folder()
        let r = try shell("TONGCHENG_MAX_STREAM_BYTES=100 \"$T\" area - < in.geojson", in: dir)
        #expect(r.code == 65, "\(r.stderr)")
        #expect(r.stderr.contains("longer than 100 bytes"))
        let ok = try shell("\"$T\" area - < in.geojson", in: dir)
        #expect(ok.code == 0, "\(ok.stderr)")
    }

    // MARK: signals

    @Test func aSignalMidWriteLeavesNoTemporaryFileAndNoHalfOutput() throws {
        // 100,000 points: a 10 MB output. The shell waits until the tool holds its unnamed
        // temporary file (/proc/PID/fd shows it as "(deleted)"), or has finished, then signals it.
        // Whenever the signal lands, the folder afterwards holds the input and at most a whole output.
        let dir = try CLI.temporaryDirectory()
        let features = (0..<100_000).map { k in #"{"type":"Feature","properties":{"k":\#(k)},"geometry":{"type":"Point","coordinates":[114.\#(k),34.5]}}"# }
        try (#"{"type":"FeatureCollection","features":["# + features.joined(separator: ",") + "]}").write(to: dir.appendingPathComponent("big.geojson"), atomically: false, encoding: .utf8)
        for signal in ["TERM", "HUP"] {
            let r = try shell("""
                "$T" transform big.geojson --from wgs84 --to wgs84 -o out.geojson 2>/dev/null & pid=$!
                i=0
                while kill -0 $pid 2>/dev/null && ! ls -l /proc/$pid/fd 2>/dev/null | grep -q deleted && [ $i -lt 100000 ]; do i=$((i+1)); done
                kill -\(signal) $pid 2>/dev/null; wait $pid; echo "rc=$?"
                """, in: dir)
            #expect(r.stdout.hasPrefix("rc="), "\(r.stdout) \(r.stderr)")
            let left = try extra(dir, expected: ["big.geojson", "out.geojson"])
            #expect(left.isEmpty, "\(signal): \(left)")
            let out = dir.appendingPathComponent("out.geojson")
            if let text = try? String(contentsOf: out, encoding: .utf8) {
                #expect(text.hasSuffix("\n]}\n") && text.contains(#""k":99999"#), "\(signal): a partial output")
                try FileManager.default.removeItem(at: out)
            }
        }
    }
}
