import TongchengAnalysis
import Foundation
import TongchengGeometry

// MARK: Instruction counts of the core loops (bench/instructions)

/// `tongcheng-bench --count PARCELS ZONES`: runs each core loop once, each inside a function of
/// its own that `bench/instructions` names to callgrind (`--toggle-collect`), so that the
/// instructions counted are those of the loop alone and not of the process starting or loading:
///
/// - `countedParse`: `GeoJSONReader.read(file:)` of PARCELS (the parse, features built);
/// - `countedStream`: `GeoJSONReader.forEachFeature(file:)` of PARCELS (the streamed parse);
/// - `countedTabulate`: `Tabulate(jobs: 1).run` of the parcels in ZONES by DLMC (its convex clip,
///   `ConvexWindow.area`, is read from the same profile).
///
/// Prints a line per loop with a checksum, so a loop that did less work than it should shows.
func runCount(_ arguments: [String]) -> Never {
    let files = arguments.filter { $0 != "--count" }
    guard files.count == 2 else { fail("usage: tongcheng-bench --count PARCELS ZONES") }
    do {
        let parcels = try countedParse(files[0])
        print("parse: \(parcels.features.count) features")
        print("stream: \(try countedStream(files[0])) positions")
        let zones = FeatureRef.all(in: try GeoJSONReader().read(file: files[1]).featureCollection, file: files[1])
        let total = try countedTabulate(FeatureRef.all(in: parcels, file: files[0]), zones)
        print("tabulate: \(total) m²")
        exit(0)
    } catch {
        fail("count failed: \(error)", code: 70)
    }
}

@inline(never) func countedParse(_ file: String) throws -> FeatureCollection {
    try GeoJSONReader().read(file: file).featureCollection
}

@inline(never) func countedStream(_ file: String) throws -> Int {
    var positions = 0
    _ = try GeoJSONReader().forEachFeature(file: file) { f, _ in positions += f.geometry?.positionCount ?? 0 }
    return positions
}

@inline(never) func countedTabulate(_ parcels: [FeatureRef], _ zones: [FeatureRef]) throws -> Double {
    try Tabulate(jobs: 1).run(parcels: parcels, classField: "DLMC", zones: zones).rows.reduce(0) { $0 + $1.areaSquareMetres }
}
