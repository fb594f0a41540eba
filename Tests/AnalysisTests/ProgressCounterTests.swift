import Dispatch
import Foundation
import Testing
@testable import TongchengAnalysis
@testable import TongchengGeometry

/// The progress hook analyses count their work with (the command line draws it).
@Suite struct ProgressCounterTests {
    final class Events: @unchecked Sendable {
        let lock = NSLock()
        var list: [ProgressCounter.Snapshot] = []
        func add(_ s: ProgressCounter.Snapshot) { lock.withLock { list.append(s) } }
    }

    @Test func advancesFromManyThreadsAddUpAndReachingTheTotalIsReportedOnce() {
        let events = Events()
        let counter = ProgressCounter { events.add($0) }
        counter.start("test", total: 40_000, unit: "items")
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            for _ in 0..<10_000 { counter.advance() }
        }
        #expect(counter.snapshot.done == 40_000)
        // One event when the stage started, one when its count reached the total, none per item.
        #expect(events.list.map(\.done) == [0, 40_000])
        #expect(events.list.allSatisfy { $0.stage == "test" && $0.total == 40_000 && $0.unit == "items" })
    }

    @Test func bufferCountsEveryFeatureAndNamesTheDissolveStage() throws {
        let features = (0..<7).map { k in Feature(properties: [:], geometry: .point(Point(114.0 + Double(k) * 0.1, 34.8))) }
        let events = Events()
        let counter = ProgressCounter { events.add($0) }
        var buffer = BufferAnalysis(distanceMetres: 1_000, dissolve: true, jobs: 2)
        buffer.progress = counter
        _ = try buffer.run(FeatureCollection(features))
        #expect(events.list.map { "\($0.stage) \($0.done)/\($0.total)" } == ["buffer 0/7", "buffer 7/7", "dissolve the buffers 0/0"])
    }

    @Test func tabulateCountsEveryParcel() throws {
        // Three squares, two inside the zone: every parcel is counted, whether it meets a zone or not.
        func square(_ x: Double) -> Geometry {
            .polygon(Polygon(exterior: LineString([Position(x, 34), Position(x + 0.01, 34), Position(x + 0.01, 34.01), Position(x, 34.01), Position(x, 34)])))
        }
        let parcels = [114.0, 114.02, 115.0].enumerated().map { FeatureRef(file: "p", index: $0.offset, feature: Feature(properties: ["DLMC": "耕地"], geometry: square($0.element))) }
        let zone = FeatureRef(file: "z", index: 0, feature: Feature(properties: [:], geometry: .polygon(Polygon(exterior: LineString([Position(113.9, 33.9), Position(114.1, 33.9), Position(114.1, 34.1), Position(113.9, 34.1), Position(113.9, 33.9)])))))
        let counter = ProgressCounter()
        var tabulate = Tabulate()
        tabulate.progress = counter
        let result = try tabulate.run(parcels: parcels, classField: "DLMC", zones: [zone])
        #expect(result.parcelsInZones == 2)
        #expect(counter.snapshot == ProgressCounter.Snapshot(context: nil, stage: "tabulate", done: 3, total: 3, unit: "parcels"))
    }
}
