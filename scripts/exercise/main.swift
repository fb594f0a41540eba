// Runs every GEOS and PROJ operation of the library, and GDAL reads and writes, many times, so
// that valgrind can show whether any GEOS, PROJ or GDAL object is leaked (scripts/leak-check). A
// leak per call would show as thousands of definitely-lost blocks. Run from the package root
// (it reads Tests/Fixtures/interchange).
import Dispatch
import Foundation
import TongchengGeodesy
import TongchengGeometry
import TongchengInterchange
import TongchengTopology

func square(_ x: Double, _ y: Double, _ s: Double) -> Geometry {
    .polygon(Polygon(exterior: LineString([Position(x, y), Position(x + s, y), Position(x + s, y + s), Position(x, y + s), Position(x, y)])))
}

let rounds = Int(CommandLine.arguments.dropFirst().first ?? "") ?? 50
let a = square(0, 0, 1)
let b = square(0.5, 0.5, 1)
let line = Geometry.lineString(LineString([Position(0, 0), Position(1, 0.01), Position(2, 0)]))
let bowtie = Geometry.polygon(Polygon(exterior: LineString([Position(0, 0), Position(1, 1), Position(1, 0), Position(0, 1), Position(0, 0)])))
let badRing = Geometry.polygon(Polygon(exterior: LineString([Position(0, 0), Position(1, 0), Position(0, 0)])))
var checksum = 0.0

for _ in 0..<rounds {
    checksum += try a.planarArea() + a.planarLength() + a.planarDistance(to: square(3, 3, 1))
    _ = try a.nearestPoints(to: square(3, 3, 1))
    _ = try a.centroid(); _ = try a.pointOnSurface(); _ = try a.envelope(); _ = try a.convexHull()
    _ = try a.buffer(1); _ = try line.buffer(1, style: BufferStyle(endCap: .flat, join: .mitre, singleSided: true))
    _ = try a.intersection(b); _ = try a.union(b); _ = try a.difference(b); _ = try a.symmetricDifference(b)
    _ = try Geometry.union(of: [a, b])
    for p in SpatialPredicate.allCases { _ = try a.relates(p, b) }
    _ = try line.simplified(tolerance: 0.1); _ = try line.simplifiedPreservingTopology(tolerance: 0.1)
    _ = try bowtie.validity(); _ = try bowtie.madeValid(); _ = try a.validity()
    _ = try? badRing.planarArea()  // a GEOS error path
    let prepared = try PreparedGeometry(a)
    for p in SpatialPredicate.allCases { _ = try prepared.relates(p, b) }
    let index = try SpatialIndex([a, b, square(5, 5, 1)])
    _ = try index.query(a)
    // PROJ and geodesics.
    let t = try Transformer(from: .wgs84, to: .gaussKruger114)
    _ = try t.inverse().transform(t.transform(square(114, 34, 0.1)))
    _ = try Transformer(from: .gcj02, to: .webMercator).transform(Position(114.8, 34.8))
    _ = try? Transformer(from: .wgs84, to: .proj("EPSG:999999"))  // a PROJ error path
    _ = try? Transformer(from: .wgs84, to: .gaussKruger114).transform(Position(-170, 80))
    _ = try Geometry.point(Point(113.6655, 34.7535)).geodesicBuffer(100_000)
    checksum += square(114, 34, 1).geodesicArea() + line.geodesicLength()
    _ = Ellipsoid.wgs84.inverse(from: Position(113, 34), to: Position(114, 35))
}
// GDAL: reads of every kind (Shapefile with .prj, zipped, GeoPackage layer, GDAL error paths)
// and writes (GeoPackage, Shapefile set), each dataset opened and closed on this thread.
let fixtures = "Tests/Fixtures/interchange"
let scratch = NSTemporaryDirectory() + "tongcheng-exercise-\(getpid())"
try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
let quiet = ReadOptions(warn: { _ in })
for k in 0..<max(1, rounds / 4) {
    let shp = try FeatureSource.read("\(fixtures)/counties-gk.shp", options: quiet)
    _ = try FeatureSource.read("\(fixtures)/counties-gbk-nocpg.zip", options: ReadOptions(encoding: "GBK", warn: { _ in }))
    _ = try FeatureSource.read("\(fixtures)/kaifeng-4490.gpkg", options: ReadOptions(layer: "places", warn: { _ in }))
    _ = try FeatureSource.describe("\(fixtures)/kaifeng-4490.gpkg")
    _ = try? FeatureSource.read("\(fixtures)/bad/truncated.shp", options: quiet)
    _ = try? FeatureSource.read("\(fixtures)/bad/corrupt.gpkg", options: quiet)
    _ = try? FeatureSource.read("\(fixtures)/kaifeng-4490.gpkg", options: quiet)  // two layers: an error
    try FeatureSink.write(shp, to: "\(scratch)/out\(k % 2).gpkg")
    try FeatureSink.write(shp, to: "\(scratch)/out.shp", options: WriteOptions(outputCRS: "EPSG:4547"))
    _ = try? FeatureSink.write(FeatureCollection([Feature(geometry: .point(Point(0, 0))), Feature(geometry: a)]), to: "\(scratch)/mixed.shp")
    checksum += Double(shp.features.count)
}
try? FileManager.default.removeItem(atPath: scratch)
// Threads: each makes and finishes its own GEOS context.
DispatchQueue.concurrentPerform(iterations: 8) { k in
    _ = try? square(Double(k), 0, 1).buffer(1)
}
print("exercised \(rounds) rounds, checksum \(checksum)")
