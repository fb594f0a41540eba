import Foundation
import Testing
@testable import TongchengGeometry
@testable import TongchengTopology

func square(_ x0: Double, _ y0: Double, _ size: Double) -> Geometry {
    .polygon(Polygon(exterior: LineString([
        Position(x0, y0), Position(x0 + size, y0), Position(x0 + size, y0 + size), Position(x0, y0 + size), Position(x0, y0),
    ])))
}

/// GEOS operations through the Swift API; expected values are hand calculations on simple shapes.
@Suite struct TopologyTests {
    let unit = square(0, 0, 1)
    let shifted = square(0.5, 0.5, 1)

    @Test func areaLengthAndDistanceOfSimpleShapes() throws {
        #expect(try unit.planarArea() == 1)
        #expect(try unit.planarLength() == 4)
        #expect(try square(3, 0, 1).planarDistance(to: unit) == 2)
        let (a, b) = try Geometry.point(Point(3, 0.5)).nearestPoints(to: unit)
        #expect(a == Position(3, 0.5) && b == Position(1, 0.5))
        let holed = Geometry.polygon(Polygon(exterior: LineString([Position(0, 0), Position(4, 0), Position(4, 4), Position(0, 4), Position(0, 0)]),
                                             holes: [LineString([Position(1, 1), Position(1, 2), Position(2, 2), Position(2, 1), Position(1, 1)])]))
        #expect(try holed.planarArea() == 15)
    }

    @Test func constructions() throws {
        #expect(try unit.centroid() == .point(Point(0.5, 0.5)))
        #expect(try unit.covers(unit.pointOnSurface()))
        #expect(try Geometry.lineString(LineString([Position(0, 0), Position(2, 1)])).envelope().planarArea() == 2)
        let pts = Geometry.multiPoint(MultiPoint([Point(0, 0), Point(2, 0), Point(1, 1), Point(1, 0.2)]))
        #expect(try pts.convexHull().planarArea() == 1)  // triangle base 2, height 1
    }

    @Test func bufferAreasMatchTheirGeometry() throws {
        // A unit square buffered by 1 with round joins: 1 + 4·1 + a 32-gon inscribed in the unit
        // circle (quadrant segments 8), whose area is (n/2)·sin(2π/n) for n = 32.
        let expected = 5 + 16 * sin(2 * Double.pi / 32)
        #expect(abs(try unit.buffer(1).planarArea() - expected) < 1e-9)
        // Flat caps on a line of length 10 buffered by 1: a 10 × 2 rectangle.
        let line = Geometry.lineString(LineString([Position(0, 0), Position(10, 0)]))
        #expect(abs(try line.buffer(1, style: BufferStyle(endCap: .flat)).planarArea() - 20) < 1e-9)
        // Single-sided: only the left side, 10 × 1.
        #expect(abs(try line.buffer(1, style: BufferStyle(endCap: .flat, singleSided: true)).planarArea() - 10) < 1e-9)
        // Mitre joins on a square keep the corners square: (1+2)² = 9.
        #expect(abs(try unit.buffer(1, style: BufferStyle(join: .mitre)).planarArea() - 9) < 1e-9)
        // A negative buffer shrinks: 0.5 × 0.5.
        #expect(abs(try unit.buffer(-0.25, style: BufferStyle(join: .mitre)).planarArea() - 0.25) < 1e-9)
    }

    @Test func overlayOperations() throws {
        #expect(try unit.intersection(shifted).planarArea() == 0.25)
        #expect(try unit.union(shifted).planarArea() == 1.75)
        #expect(try unit.difference(shifted).planarArea() == 0.75)
        #expect(try unit.symmetricDifference(shifted).planarArea() == 1.5)
        #expect(try Geometry.union(of: [unit, shifted, square(5, 5, 1)]).planarArea() == 2.75)
        let dissolved = try Geometry.geometryCollection(GeometryCollection([square(0, 0, 1), square(1, 0, 1)])).unaryUnion()
        guard case .polygon(let p) = dissolved else {
            Issue.record("two adjacent squares dissolve into one polygon, got \(dissolved.typeName)")
            return
        }
        #expect(try Geometry.polygon(p).planarArea() == 2)
    }

    @Test func predicates() throws {
        let inner = square(0.25, 0.25, 0.5)
        let far = square(5, 5, 1)
        let neighbour = square(1, 0, 1)
        #expect(try unit.intersects(shifted))
        #expect(try unit.contains(inner))
        #expect(try inner.within(unit))
        #expect(try unit.covers(inner))
        #expect(try inner.relates(.coveredBy, unit))
        #expect(try unit.touches(neighbour))
        #expect(try unit.overlaps(shifted))
        #expect(try !unit.overlaps(neighbour))
        #expect(try Geometry.lineString(LineString([Position(-1, 0.5), Position(2, 0.5)])).crosses(unit))
        #expect(try unit.disjoint(far))
        #expect(try unit.topologicallyEquals(.polygon(Polygon(exterior: LineString([Position(1, 0), Position(1, 1), Position(0, 1), Position(0, 0), Position(1, 0)])))))
    }

    @Test func simplification() throws {
        let zigzag = Geometry.lineString(LineString([Position(0, 0), Position(1, 0.01), Position(2, 0), Position(3, 0.01), Position(4, 0)]))
        #expect(try zigzag.simplified(tolerance: 0.1).positionCount == 2)
        #expect(try zigzag.simplifiedPreservingTopology(tolerance: 0.1).positionCount == 2)
        #expect(try zigzag.simplified(tolerance: 0.001).positionCount == 5)
    }

    @Test func validityGivesGEOSReasonAndLocation() throws {
        let bowtie = Geometry.polygon(Polygon(exterior: LineString([Position(0, 0), Position(1, 1), Position(1, 0), Position(0, 1), Position(0, 0)])))
        let v = try bowtie.validity()
        #expect(!v.isValid)
        #expect(v.reason == "Self-intersection")
        #expect(v.location == Position(0.5, 0.5))
        let fixed = try bowtie.madeValid()
        #expect(try fixed.isValid())
        #expect(abs(try fixed.planarArea() - 0.5) < 1e-12)  // two triangles of 0.25
        #expect(try unit.validity() == Validity(isValid: true, reason: nil, location: nil))
        let holeOutside = Geometry.polygon(Polygon(exterior: LineString([Position(0, 0), Position(1, 0), Position(1, 1), Position(0, 1), Position(0, 0)]),
                                                   holes: [LineString([Position(5, 5), Position(6, 5), Position(6, 6), Position(5, 5)])]))
        #expect(try holeOutside.validity().reason == "Hole lies outside shell")
    }

    @Test func geosErrorsBecomeSwiftErrors() throws {
        // A ring of three positions cannot be built; the error is thrown, not a crash.
        let bad = Geometry.polygon(Polygon(exterior: LineString([Position(0, 0), Position(1, 0), Position(0, 0)])))
        #expect(throws: TopologyError.self) { try bad.planarArea() }
        // A GEOS exception inside an operation (a TopologyException on an invalid input in overlay
        // is repaired by OverlayNG, so use an unsupported operation instead): the empty-point read path.
        #expect(try Geometry.geometryCollection(GeometryCollection([])).centroid() == .geometryCollection(GeometryCollection([])))
    }

    @Test func preparedGeometryAnswersLikeThePlainPredicates() throws {
        let prepared = try PreparedGeometry(unit)
        for (x, y) in [(0.5, 0.5), (1.5, 0.5), (1.0, 0.5), (-0.1, 0.9)] {
            let p = Geometry.point(Point(x, y))
            #expect(try prepared.contains(p) == unit.contains(p))
            #expect(try prepared.intersects(p) == unit.intersects(p))
            #expect(try prepared.covers(p) == unit.covers(p))
        }
    }

    @Test func spatialIndexFindsEnvelopeCandidates() throws {
        var cells: [Geometry] = []
        for i in 0..<10 { for j in 0..<10 { cells.append(square(Double(i), Double(j), 1)) } }
        let index = try SpatialIndex(cells)
        let hits = try index.query(square(2.5, 2.5, 1))
        // Cells 2..3 × 2..3 intersect the query box; touching cells at x=4 or y=4 do not reach 3.5.
        #expect(hits == [22, 23, 32, 33])
        #expect(try index.query(square(50, 50, 1)).isEmpty)
    }

    @Test func parallelOperationsUseOneContextPerThread() throws {
        // 2,000 buffers over all cores; each thread has its own GEOS context.
        let n = 2000
        let results = UnsafeMutableBufferPointer<Double>.allocate(capacity: n)
        defer { results.deallocate() }
        // Each iteration writes only its own slot, so sharing the buffer between threads is safe.
        nonisolated(unsafe) let slots = results
        // Which context each thread used, before and after its work (a lock owned by a class).
        final class Seen: @unchecked Sendable {
            let lock = NSLock()
            var contexts: [UInt: Set<ObjectIdentifier>] = [:]
        }
        let seen = Seen()
        DispatchQueue.concurrentPerform(iterations: n) { k in
            let before = ObjectIdentifier(GEOSContext.current)
            let s = square(Double(k), 0, 1)
            slots[k] = (try? s.buffer(1, style: BufferStyle(join: .mitre)).planarArea()) ?? -1
            let after = ObjectIdentifier(GEOSContext.current)
            let thread = UInt(pthread_self())
            seen.lock.withLock { seen.contexts[thread, default: []].formUnion([before, after]) }
        }
        #expect(results.allSatisfy { abs($0 - 9) < 1e-9 })
        // Each thread kept one context, and no two threads shared one.
        #expect(!seen.contexts.isEmpty)
        #expect(seen.contexts.values.allSatisfy { $0.count == 1 }, "a thread changed context: \(seen.contexts)")
        let all = seen.contexts.values.flatMap { $0 }
        #expect(Set(all).count == seen.contexts.count, "threads shared a GEOS context")
    }
}
