import Foundation
import Testing
@testable import TongchengGeodesy
@testable import TongchengGeometry
@testable import TongchengTopology

/// Geodesic buffers at the edges (issue 18): point buffers as geodesic circles, distances too
/// small or too large, the antimeridian and the poles, and the PROJ transformer cache.
@Suite struct GeodesicBufferEdgeTests {
    let zhengzhou = Position(113.6655, 34.7535)

    @Test func aPointBufferIsAGeodesicCircle() throws {
        let disc = try Geometry.point(Point(zhengzhou)).geodesicBuffer(100_000)
        guard case .polygon(let p) = disc else { Issue.record("not a polygon: \(disc)"); return }
        let ring = p.rings[0].positions
        #expect(ring.count == 129)            // 4 × 32 quadrant segments, closed
        #expect(ring.first == ring.last)
        // Every vertex 100 km from the centre, checked with the inverse problem (geod_inverse).
        for v in ring { #expect(abs(Ellipsoid.wgs84.distance(zhengzhou, v) - 100_000) < 1e-6) }
        // Counter-clockwise (RFC 7946) and valid.
        #expect(try disc.isValid())
        // Hand calculation: a spherical cap 2πR²(1 − cos(r/R)) with R = 6371 km is π r² (1 − 2.05e-5);
        // the inscribed 128-gon holds 128·sin(2π/128)/(2π) = 0.999598 of it: 31,403.3 km².
        #expect(abs(disc.geodesicArea() / 1e6 - 31_403.3) < 3)
    }

    @Test func aNegligibleDistanceReturnsTheFeature() throws {
        let point = Geometry.point(Point(zhengzhou))
        #expect(try point.geodesicBuffer(1e-20) == point)
        let square = Geometry.polygon(Polygon(exterior: LineString([Position(114, 34), Position(114.1, 34), Position(114.1, 34.1), Position(114, 34.1), Position(114, 34)])))
        #expect(try square.geodesicBuffer(-1e-9) == square)
    }

    @Test func beyondAHemisphereIsRefused() {
        #expect(throws: ProjectionError.self) { try Geometry.point(Point(zhengzhou)).geodesicBuffer(10_100_000) }
        #expect(throws: ProjectionError.self) { try Geometry.point(Point(zhengzhou)).geodesicBuffer(.infinity) }
    }

    @Test func crossingTheAntimeridianOrEnclosingAPoleIsRefusedNotInvalid() {
        // 6,000 km from Zhengzhou reaches past 180°E (the disc the issue found "valid" with 0 %).
        #expect(throws: ProjectionError.self) { try Geometry.point(Point(zhengzhou)).geodesicBuffer(6_000_000) }
        #expect(throws: ProjectionError.self) { try Geometry.point(Point(179.9, 10)).geodesicBuffer(50_000) }
        #expect(throws: ProjectionError.self) { try Geometry.point(Point(0, 89.9)).geodesicBuffer(50_000) }
        let line = Geometry.lineString(LineString([Position(179.5, 0), Position(179.9, 0)]))
        #expect(throws: ProjectionError.self) { try line.geodesicBuffer(50_000) }
    }

    @Test func largeDiscsThatStayInsideAreValid() throws {
        // 5,000 km from Zhengzhou stays east of 180° and south of the pole (6,130 km away).
        let disc = try Geometry.point(Point(zhengzhou)).geodesicBuffer(5_000_000)
        #expect(try disc.isValid())
        #expect(try disc.contains(Geometry.point(Point(114.816, 34.827))))  // Lankao
    }

    @Test func theCacheGivesOneTransformerPerPair() throws {
        let a = try TransformerCache.shared.transformer(from: .wgs84, to: .gaussKruger114)
        let b = try TransformerCache.shared.transformer(from: .wgs84, to: .gaussKruger114)
        #expect(a.forward === b.forward)
        let p = try a.inverse.transform(try a.forward.transform(zhengzhou))
        #expect(abs(p.x - zhengzhou.x) < 1e-9 && abs(p.y - zhengzhou.y) < 1e-9)
    }
}
