import TongchengAnalysis
import Foundation
import TongchengGeometry

// MARK: Land-use tabulation (issue 12)

/// `tongcheng-bench --tabulate PARCELS ZONES [--jobs N] [--repeat N]`: times loading the parcels
/// and `Tabulate.run` (what `tongcheng tabulate PARCELS --by DLMC --zones ZONES` does), printing one
/// JSON line per step like the other steps. `peak_mb` is the process's VmHWM since it started
/// (never reset here): the whole run's peak, to set against the input file's size.
func runTabulateBench(_ arguments: [String]) -> Never {
    var args = arguments
    var jobs = 1, repeats = 1
    var files: [String] = []
    while !args.isEmpty {
        let a = args.removeFirst()
        switch a {
        case "--tabulate": continue
        case "--jobs": jobs = max(1, Int(args.isEmpty ? "1" : args.removeFirst()) ?? 1)
        case "--repeat": repeats = max(1, Int(args.isEmpty ? "1" : args.removeFirst()) ?? 1)
        default: files.append(a)
        }
    }
    guard files.count == 2 else { fail("usage: tongcheng-bench --tabulate PARCELS ZONES [--jobs N] [--repeat N]") }
    let workload = ((files[0] as NSString).deletingLastPathComponent as NSString).lastPathComponent
    do {
        var t0 = now(), c0 = cpuNow()
        // The parcels parsed on --jobs threads (GeoJSONReadOptions.jobs), as `tongcheng tabulate --jobs` does.
        let parcels = FeatureRef.all(in: try GeoJSONReader(options: GeoJSONReadOptions(jobs: jobs)).read(file: files[0]).featureCollection, file: files[0])
        let zones = FeatureRef.all(in: try GeoJSONReader().read(file: files[1]).featureCollection, file: files[1])
        emit([("impl", .string("tongcheng")), ("workload", .string(workload)), ("step", .string("load")), ("jobs", .int(jobs)),
              ("time_s", .double(now() - t0)), ("cpu_s", .double(cpuNow() - c0)), ("peak_mb", .double(statusMiB("VmHWM"))), ("parcels", .int(parcels.count))])
        var best: (Double, Double, Tabulate.Result)?
        for _ in 0..<repeats {
            t0 = now()
            c0 = cpuNow()
            let r = try Tabulate(jobs: jobs).run(parcels: parcels, classField: "DLMC", zones: zones)
            let t = now() - t0, cpu = cpuNow() - c0
            if best == nil || t < best!.0 { best = (t, cpu, r) }
        }
        let (t, cpu, r) = best!
        emit([("impl", .string("tongcheng")), ("workload", .string(workload)), ("step", .string("tabulate")), ("jobs", .int(jobs)),
              ("time_s", .double(t)), ("cpu_s", .double(cpu)), ("peak_mb", .double(statusMiB("VmHWM"))),
              ("total_m2", .double(r.rows.reduce(0) { $0 + $1.areaSquareMetres })), ("cells", .int(r.rows.count))])
        exit(0)
    } catch {
        fail("tabulate failed: \(error)", code: 70)
    }
}
