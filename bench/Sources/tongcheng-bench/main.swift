// tongcheng-bench: times Tongcheng's heavy steps on a workload and prints one JSON line per step.
//
//     tongcheng-bench [WORKLOAD.geojson | --small] [--steps load,area,…] [--repeat N] [--budget S]
//                     [--dump FILE] [--svg FILE] [--province NAME] [--jobs N] [--check]
//
// Steps (see bench/README.md): load, area, area2, gcj, proj4547, proj3857, buffer1, buffer2,
// strtree, strtree2, strtree_both, union, svg, gpkg_read, gpkg_write (the workload as a GeoPackage,
// `--gpkg FILE`, written by ogr2ogr; read into geometries and written back through GDAL). A step's inputs (the loaded features, their WGS 84 and
// EPSG:3857 versions) are computed untimed when the step before them was not asked for.
//
// Each step runs until it has `--repeat` runs or has used `--budget` seconds (at least once);
// `time_s` is the fastest run (wall clock), `median_s` the median, `cpu_s` the process's CPU time
// (all threads) in the fastest run: on a busy machine it shows how much of the wall time the step
// had the cores. `peak_mb` is the process's peak resident memory during the step in MiB (VmHWM,
// reset through /proc/self/clear_refs before the step), so it includes what earlier steps left
// resident (`rss_before_mb`). `--check` adds the area step's difference from Karney's
// `geod_polygon` and the time that takes.
//
// Build it in release: `swift build -c release --product tongcheng-bench`.

import TongchengAnalysis
#if canImport(Cartography)
import TongchengCartography
#endif
import Foundation
import TongchengGeodesy
import TongchengGeometry
import TongchengInterchange
import TongchengTopology

// MARK: Options

struct Options {
    var workload = "bench/.cache/china-counties.geojson"
    var steps = ["load", "area", "area2", "gcj", "proj4547", "proj3857", "buffer1", "buffer2", "strtree", "strtree2", "strtree_both", "union", "svg", "gpkg_read", "gpkg_write"]
    var repeats = 3
    var budgetSeconds = 8.0
    var dump: String?
    var svg: String?
    var province = "河南省"
    var jobs = 2
    var check = false
    /// The workload as a GeoPackage (bench/run makes it with ogr2ogr).
    var gpkg: String?
}

let allSteps = Options().steps
let usage = """
    usage: tongcheng-bench [WORKLOAD.geojson | --small] [--steps \(allSteps.joined(separator: ","))]
                           [--repeat N] [--budget SECONDS] [--dump FILE] [--svg FILE] [--province NAME] [--jobs N] [--check] [--gpkg FILE]
    """

func fail(_ message: String, code: Int32 = 64) -> Never {
    FileHandle.standardError.write(Data("tongcheng-bench: \(message)\n".utf8))
    exit(code)
}

func parseOptions() -> Options {
    var o = Options()
    var args = Array(CommandLine.arguments.dropFirst())
    func value(_ flag: String) -> String {
        guard !args.isEmpty else { fail("\(flag) needs a value\n\(usage)") }
        return args.removeFirst()
    }
    func number(_ flag: String) -> Double {
        guard let v = Double(value(flag)), v > 0 else { fail("\(flag) needs a positive number") }
        return v
    }
    while !args.isEmpty {
        let a = args.removeFirst()
        switch a {
        case "--small": o.workload = "geodata/henan_counties.geojson"
        case "--workload": o.workload = value(a)
        case "--steps":
            o.steps = value(a).split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
            for s in o.steps where !allSteps.contains(s) { fail("unknown step \"\(s)\"\n\(usage)") }
        case "--repeat": o.repeats = max(1, Int(number(a)))
        case "--budget": o.budgetSeconds = number(a)
        case "--dump": o.dump = value(a)
        case "--svg": o.svg = value(a)
        case "--province": o.province = value(a)
        case "--jobs": o.jobs = max(1, Int(number(a)))
        case "--check": o.check = true
        case "--gpkg": o.gpkg = value(a)
        case "-h", "--help":
            print(usage)
            exit(0)
        default:
            if a.hasPrefix("-") { fail("unknown option \(a)\n\(usage)") }
            o.workload = a
        }
    }
    if o.gpkg == nil, !CommandLine.arguments.contains("--steps") { o.steps.removeAll { $0.hasPrefix("gpkg_") } }
    return o
}

// MARK: Memory and time

/// A line of /proc/self/status in MiB ("VmHWM", "VmRSS").
func statusMiB(_ key: String) -> Double {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return -1 }
    for line in text.split(separator: "\n") where line.hasPrefix(key + ":") {
        let kb = line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.flatMap { Double($0) } ?? -1
        return kb / 1024
    }
    return -1
}

/// Resets VmHWM to the current RSS (Linux ≥ 4.0), so that the next reading is this step's peak.
func resetPeak() -> Bool {
    let fd = open("/proc/self/clear_refs", O_WRONLY)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    return write(fd, "5", 1) == 1
}

@inline(__always) func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

/// CPU time of the whole process (all threads), user + system.
@inline(__always) func cpuNow() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

// MARK: Reporting

/// One JSON value, written with fixed formatting so lines diff cleanly: times and sizes to 6
/// significant digits, a computed result (`exact`) with every digit, so that it can be compared
/// with another implementation's or `tongcheng`'s own (6 digits of Henan's 165,641.57 km² would
/// print 165642, 2.6 × 10⁻⁶ away).
enum Out {
    case int(Int), double(Double), exact(Double), string(String), doubles([Double]), bool(Bool)

    var text: String {
        switch self {
        case .int(let v): return String(v)
        case .double(let v): return v.isFinite ? String(format: "%.6g", v) : "null"
        case .exact(let v): return v.isFinite ? "\(v)" : "null"
        case .string(let s): return JSONText.quote(s)
        case .doubles(let a): return "[" + a.map { String(format: "%.6g", $0) }.joined(separator: ",") + "]"
        case .bool(let b): return b ? "true" : "false"
        }
    }
}

func emit(_ fields: [(String, Out)]) {
    let line = "{" + fields.map { JSONText.quote($0.0) + ":" + $0.1.text }.joined(separator: ",") + "}\n"
    FileHandle.standardOutput.write(Data(line.utf8))
}

func note(_ message: String) {
    FileHandle.standardError.write(Data("tongcheng-bench: \(message)\n".utf8))
}

// MARK: The workload's state

final class State {
    let options: Options
    var features: [Feature]?
    var wgs84: [Geometry]?
    var projected: [Geometry]?

    init(_ options: Options) { self.options = options }

    func load() throws -> [Feature] {
        try GeoJSONReader().read(file: options.workload).featureCollection.features
    }

    var loaded: [Feature] {
        get throws {
            if let features { return features }
            let f = try load()
            features = f
            return f
        }
    }

    var geometries: [Geometry] { get throws { try loaded.compactMap(\.geometry) } }

    static func gcj(_ geometries: [Geometry]) -> [Geometry] { geometries.map { $0.gcj02ToWGS84() } }

    var inWGS84: [Geometry] {
        get throws {
            if let wgs84 { return wgs84 }
            let w = State.gcj(try geometries)
            wgs84 = w
            return w
        }
    }

    static func project(_ geometries: [Geometry], to crs: CoordinateSystem) throws -> [Geometry] {
        let t = try Transformer(from: .wgs84, to: crs)
        return try geometries.map { try t.transform($0) }
    }

    /// EPSG:3857, the CRS of the buffer, STRtree and union steps (EPSG:4547 is a 3-degree zone:
    /// fine for Henan, far outside its domain for Xinjiang).
    var inWebMercator: [Geometry] {
        get throws {
            if let projected { return projected }
            let p = try State.project(try inWGS84, to: .webMercator)
            projected = p
            return p
        }
    }

    /// The workload in WGS 84, written once beside it in bench/.cache (the map step's input): the
    /// national workload is GCJ-02, and the map is drawn in WGS 84 without timing the conversion.
    func wgs84File() throws -> String {
        let name = ((options.workload as NSString).lastPathComponent as NSString).deletingPathExtension
        let path = "bench/.cache/\(name)-wgs84.geojson"
        let source = try FileManager.default.attributesOfItem(atPath: options.workload)[.modificationDate] as? Date
        if let made = try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date, let source, made > source {
            return path
        }
        try FileManager.default.createDirectory(atPath: "bench/.cache", withIntermediateDirectories: true)
        var features = try loaded.filter { $0.geometry != nil }
        for (k, g) in try inWGS84.enumerated() { features[k].geometry = g }
        try Data(GeoJSONWriter(precision: 7).string(FeatureCollection(features)).utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Which features belong to the province dissolved by the union step.
    var inProvince: [Bool] {
        get throws { try loaded.filter { $0.geometry != nil }.map { $0[property: "province"]?.stringValue == options.province } }
    }
}

func vertexCount(_ geometries: [Geometry]) -> Int { geometries.reduce(0) { $0 + $1.positionCount } }

// MARK: Steps

/// CPU seconds of each run of the step being measured (all threads), beside the wall times.
nonisolated(unsafe) var cpuTimes: [Double] = []  // the bench runs its steps on one thread

/// Runs `body` until `repeats` runs or the budget is used; returns the run times and the last result.
func measure<R>(_ options: Options, _ body: () throws -> R) rethrows -> ([Double], R) {
    var times: [Double] = []
    var result: R?
    var spent = 0.0
    cpuTimes = []
    repeat {
        result = nil  // drop the previous run's result first, so that peaks hold one copy
        let t0 = now(), c0 = cpuNow()
        result = try body()
        let t = now() - t0
        cpuTimes.append(cpuNow() - c0)
        times.append(t)
        spent += t
    } while times.count < options.repeats && spent + (times.min() ?? 0) <= options.budgetSeconds
    return (times, result!)
}

func runStep(_ step: String, _ state: State) throws {
    let o = state.options
    // Inputs first, untimed.
    switch step {
    case "load", "gpkg_read", "gpkg_write": break
    case "area", "area2", "gcj": _ = try state.geometries
    case "svg": _ = try state.wgs84File()
    case "proj4547", "proj3857": _ = try state.inWGS84
    default: _ = try state.inWebMercator
    }
    if step == "proj3857" { state.projected = nil }
    let rssBefore = statusMiB("VmRSS")
    let peakReset = resetPeak()
    var extra: [(String, Out)] = []
    var threads = 1
    let times: [Double]

    switch step {
    case "load":
        state.features = nil
        let (t, features) = try measure(o) { try state.load() }
        times = t
        state.features = features
        let size = (try? FileManager.default.attributesOfItem(atPath: o.workload)[.size] as? Int) ?? 0
        extra = [("features", .int(features.count)), ("vertices", .int(vertexCount(features.compactMap(\.geometry)))), ("file_mb", .double(Double(size) / 1_048_576))]

    case "area", "area2":
        let g = try state.geometries
        threads = step == "area2" ? o.jobs : 1
        let (t, areas) = try measure(o) { try parallelMap(g, jobs: threads) { $0.geodesicArea() } }
        times = t
        extra = [("total_km2", .exact(areas.reduce(0, +) / 1e6))]
        if o.check {
            let t0 = now()
            let (relative, absolute) = differenceFromKarney(g, areas)
            extra += [("max_rel_diff_vs_karney", .double(relative)), ("max_abs_diff_vs_karney_m2", .double(absolute)),
                      ("karney_s", .double(now() - t0))]
        }

    case "gcj":
        let g = try state.geometries
        let (t, w) = measure(o) { State.gcj(g) }
        times = t
        state.wgs84 = w
        extra = [("vertices", .int(vertexCount(w)))]

    case "proj4547", "proj3857":
        let w = try state.inWGS84
        let crs: CoordinateSystem = step == "proj4547" ? .gaussKruger114 : .webMercator
        let (t, p) = try measure(o) { try State.project(w, to: crs) }
        times = t
        if step == "proj3857" { state.projected = p }
        extra = [("vertices", .int(vertexCount(p)))]

    case "buffer1", "buffer2":
        let p = try state.inWebMercator
        threads = step == "buffer2" ? o.jobs : 1
        let (t, b) = try measure(o) { try parallelMap(p, jobs: threads) { try $0.buffer(1000) } }
        times = t
        extra = [("vertices", .int(vertexCount(b)))]

    case "strtree", "strtree2", "strtree_both":
        let p = try state.inWebMercator
        threads = step == "strtree2" ? o.jobs : 1
        let (t, pairs) = try measure(o) { try intersectingPairs(p, jobs: threads, bothOrders: step == "strtree_both") }
        times = t
        extra = [("pairs", .int(pairs))]

    case "union":
        let p = try state.inWebMercator
        let chosen = zip(p, try state.inProvince).filter { $0.1 }.map { $0.0 }
        guard !chosen.isEmpty else { throw BenchError("no feature has province == \(o.province)") }
        let (t, u) = try measure(o) { try Geometry.union(of: chosen) }
        times = t
        extra = [("inputs", .int(chosen.count)), ("vertices", .int(u.positionCount)), ("area_km2", .double(try u.planarArea() / 1e6))]

    case "gpkg_read":
        guard let gpkg = o.gpkg else { throw BenchError("gpkg_read needs --gpkg FILE") }
        let (t, fc) = try measure(o) { try FeatureSource.read(gpkg) }
        times = t
        extra = [("features", .int(fc.features.count)), ("vertices", .int(vertexCount(fc.features.compactMap(\.geometry))))]

    case "gpkg_write":
        guard let gpkg = o.gpkg else { throw BenchError("gpkg_write needs --gpkg FILE") }
        // The features as read from the GeoPackage (untimed), written back to a new one.
        let fc = try FeatureSource.read(gpkg)
        let out = NSTemporaryDirectory() + "tongcheng-bench-\(getpid()).gpkg"
        let (t, _) = try measure(o) { () throws -> Void in
            unlink(out)
            try FeatureSink.write(fc, to: out, options: WriteOptions(layer: "counties"))
        }
        times = t
        let size = (try? FileManager.default.attributesOfItem(atPath: out)[.size] as? Int) ?? 0
        unlink(out)
        extra = [("features", .int(fc.features.count)), ("file_mb", .double(Double(size) / 1_048_576))]

    case "svg":
        let input = try state.wgs84File()
        let path = o.svg ?? NSTemporaryDirectory() + "tongcheng-bench-\(getpid()).svg"
        let (t, bytes) = try measure(o) { try renderNationalMap(file: input, to: path) }
        times = t
        if o.svg == nil { try? FileManager.default.removeItem(atPath: path) }
        extra = [("svg_mb", .double(Double(bytes) / 1_048_576))]

    default:
        throw BenchError("unknown step \(step)")
    }

    let sorted = times.sorted()
    emit([
        ("impl", .string("tongcheng")), ("step", .string(step)), ("workload", .string((o.workload as NSString).lastPathComponent)),
        ("time_s", .double(sorted[0])), ("median_s", .double(sorted[sorted.count / 2])), ("runs", .int(times.count)), ("times_s", .doubles(times)),
        ("cpu_s", .double(cpuTimes[times.firstIndex(of: sorted[0])!])),
        ("threads", .int(threads)),
        ("peak_mb", .double(peakReset ? statusMiB("VmHWM") : -1)), ("rss_before_mb", .double(rssBefore)),
    ] + extra)
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

/// The number of ordered pairs (i, j), i == j included, whose geometries intersect: what
/// Shapely's `STRtree(geoms).query(geoms, predicate="intersects")` returns. Building the tree is
/// timed too. Intersection is symmetric and every non-empty geometry meets itself, so by default
/// each unordered pair i < j is tested once (as `Overlap.pairs(within:)` does) and counted twice;
/// `bothOrders` tests every candidate the tree returns, i == j and both orders, as Shapely does.
func intersectingPairs(_ geometries: [Geometry], jobs: Int, bothOrders: Bool) throws -> Int {
    let index = try SpatialIndex(geometries)
    let counts = try parallelMap(Array(geometries.indices), jobs: jobs) { i -> Int in
        var hits = try index.query(geometries[i])
        var n = 0
        if !bothOrders {
            n = geometries[i].isEmpty ? 0 : 1
            hits.removeAll { $0 <= i }
        }
        guard !hits.isEmpty else { return n }
        let prepared = try PreparedGeometry(geometries[i])
        for j in hits where try prepared.intersects(geometries[j]) { n += bothOrders ? 1 : 2 }
        return n
    }
    return counts.reduce(0, +)
}

/// The largest relative and absolute (m²) differences between `areas` and Karney's
/// `geod_polygon` areas over every vertex (what pyproj computes), over all geometries; `--check`
/// also reports the time this takes on one thread (`karney_s`: `geodesicArea` before the
/// closed form for short edges).
func differenceFromKarney(_ geometries: [Geometry], _ areas: [Double]) -> (Double, Double) {
    var relative = 0.0, absolute = 0.0
    for (g, a) in zip(geometries, areas) {
        let exact = g.karneyGeodesicArea()
        absolute = max(absolute, abs(a - exact))
        if exact > 0 { relative = max(relative, abs(a - exact) / exact) }
    }
    return (relative, absolute)
}

// MARK: Main

if CommandLine.arguments.contains("--tabulate") { runTabulateBench(Array(CommandLine.arguments.dropFirst())) }
if CommandLine.arguments.contains("--count") { runCount(Array(CommandLine.arguments.dropFirst())) }
let options = parseOptions()
guard FileManager.default.fileExists(atPath: options.workload) else {
    fail("no workload at \(options.workload) (bench/make-workload builds the national one; --small uses geodata/henan_counties.geojson)", code: 66)
}
let state = State(options)
note("workload \(options.workload), steps \(options.steps.joined(separator: ","))")
for step in options.steps {
    do {
        try runStep(step, state)
    } catch {
        note("step \(step) failed: \(error)")
        emit([("impl", .string("tongcheng")), ("step", .string(step)), ("workload", .string((options.workload as NSString).lastPathComponent)), ("error", .string("\(error)"))])
    }
}
if let dump = options.dump {
    do {
        try writeDump(try state.inWebMercator, province: try state.inProvince, to: dump)
        note("wrote \(dump)")
    } catch {
        fail("cannot write \(dump): \(error)", code: 73)
    }
}
