import Foundation
import Testing
import TestSupport
@testable import TongchengGeodesy
@testable import TongchengGeometry
@testable import TongchengTopology

/// Geodesic measures on the ellipsoid against published values.
@Suite struct GeodesicMeasureTests {
    @Test func oneDegreeCellAtTheEquatorHasThePublishedArea() {
        // 12,308.78 km² on WGS 84 (the published area of a 1°×1° cell at the equator).
        let cell = Geometry.polygon(Polygon(exterior: LineString([Position(0, 0), Position(1, 0), Position(1, 1), Position(0, 1), Position(0, 0)])))
        #expect(abs(cell.geodesicArea() / 1e6 - 12_308.78) < 0.005)
    }

    @Test func distancesMatchKarneysGeodTestValuesToTheMillimetre() {
        // From the test set of geodtest.c (PROJ/GeographicLib, C. Karney): lat1, lon1, lat2, lon2, azi1, azi2, s12.
        let cases: [(Double, Double, Double, Double, Double, Double, Double)] = [
            (35.60777, -139.44815, -11.17491, -69.95921, 111.098748429560326, 129.289270889708762, 8935244.5604818305),
            (55.52454, 106.05087, 77.03196, 197.18234, 22.020059880982801, 109.112041110671519, 4105086.1713924406),
            (-21.97856, 142.59065, 41.84138, 98.56635, -32.44456876433189, -41.84359951440466, 8394328.894657671),
        ]
        for c in cases {
            let line = Ellipsoid.wgs84.inverse(from: Position(c.1, c.0), to: Position(c.3, c.2))
            #expect(abs(line.distanceMetres - c.6) < 0.001)
            #expect(abs(line.initialAzimuth - c.4) < 1e-9)
            #expect(abs(line.finalAzimuth - c.5) < 1e-9)
        }
    }

    @Test func oneDegreeOfEquatorIsAnArcOfTheSemiMajorAxis() {
        // Along the equator a geodesic is the equator itself: 2π·6378137/360 m per degree.
        let line = Geometry.lineString(LineString([Position(0, 0), Position(1, 0)]))
        #expect(abs(line.geodesicLength() - 2 * Double.pi * 6_378_137 / 360) < 1e-6)
        #expect(Geometry.point(Point(0, 0)).geodesicLength() == 0)
    }

    @Test func holesAreSubtractedAndWindingDoesNotMatter() {
        let cw = Geometry.polygon(Polygon(exterior: LineString([Position(0, 0), Position(0, 1), Position(1, 1), Position(1, 0), Position(0, 0)])))
        let ccw = Geometry.polygon(Polygon(exterior: LineString([Position(0, 0), Position(1, 0), Position(1, 1), Position(0, 1), Position(0, 0)])))
        #expect(abs(cw.geodesicArea() - ccw.geodesicArea()) < 1e-3)
        let holed = Geometry.polygon(Polygon(exterior: LineString([Position(0, 0), Position(2, 0), Position(2, 2), Position(0, 2), Position(0, 0)]),
                                             holes: [LineString([Position(0.5, 0.5), Position(1.5, 0.5), Position(1.5, 1.5), Position(0.5, 1.5), Position(0.5, 0.5)])]))
        let outer = Geometry.polygon(Polygon(exterior: LineString([Position(0, 0), Position(2, 0), Position(2, 2), Position(0, 2), Position(0, 0)])))
        let hole = Geometry.polygon(Polygon(exterior: LineString([Position(0.5, 0.5), Position(1.5, 0.5), Position(1.5, 1.5), Position(0.5, 1.5), Position(0.5, 0.5)])))
        #expect(abs(holed.geodesicArea() - (outer.geodesicArea() - hole.geodesicArea())) < 1e-3)
    }

    @Test func directAndInverseAgree() {
        let start = Position(113.6655, 34.7535)
        let end = Ellipsoid.wgs84.destination(from: start, azimuth: 77, distanceMetres: 100_000)
        let back = Ellipsoid.wgs84.inverse(from: start, to: end)
        #expect(abs(back.distanceMetres - 100_000) < 1e-6)
        #expect(abs(back.initialAzimuth - 77) < 1e-9)
    }
}

@Suite struct GeodesicBufferTests {
    @Test func hundredKilometreBufferOfAPointIsAGeodesicCircle() throws {
        let centre = Position(113.6655, 34.7535)  // Erqi square, Zhengzhou
        let disc = try Geometry.point(Point(centre)).geodesicBuffer(100_000)
        let expected = Double.pi * 100_000 * 100_000
        #expect(abs(disc.geodesicArea() / expected - 1) < 0.002)
        // Every vertex lies 100 km from the centre on the ellipsoid (to a millimetre).
        var worst = 0.0
        disc.forEachSequence { run in
            for p in run { worst = max(worst, abs(Ellipsoid.wgs84.distance(centre, p) - 100_000)) }
        }
        #expect(worst < 0.001)
    }

    @Test func bufferOfALineKeepsItsWidthOnTheEllipsoid() throws {
        // A 60 km east–west line buffered by 5 km: the area is close to 60·10 + π·5² km²
        // (the curvature of the ellipsoid changes it by far less than 0.2 %).
        let start = Position(114.3, 34.8)
        let end = Ellipsoid.wgs84.destination(from: start, azimuth: 90, distanceMetres: 60_000)
        let band = try Geometry.lineString(LineString([start, end])).geodesicBuffer(5_000)
        let expected = (60.0 * 10.0 + Double.pi * 25.0) * 1e6
        #expect(abs(band.geodesicArea() / expected - 1) < 0.002)
    }
}

@Suite struct GCJ02Tests {
    @Test func roundTripsWithinAMillionthOfADegree() {
        var worst = 0.0
        for lon in stride(from: 110.3, through: 116.7, by: 0.37) {
            for lat in stride(from: 31.3, through: 36.4, by: 0.29) {
                let gcj = Position(lon, lat)
                let wgs = GCJ02.toWGS84(gcj)
                let back = GCJ02.fromWGS84(wgs)
                worst = max(worst, abs(back.x - gcj.x), abs(back.y - gcj.y))
                let wgsBack = GCJ02.toWGS84(GCJ02.fromWGS84(gcj))
                worst = max(worst, abs(wgsBack.x - gcj.x), abs(wgsBack.y - gcj.y))
            }
        }
        #expect(worst < 1e-6)
    }

    @Test func offsetAroundLankaoIsHundredsOfMetres() {
        // ../shared/data/reference/README.md: around Lankao GCJ-02 − WGS 84 ≈ +0.0056° lon, −0.0010° lat.
        let wgs = Position(114.816, 34.827)
        let gcj = GCJ02.fromWGS84(wgs)
        #expect(abs(gcj.x - wgs.x - 0.0056) < 0.0003)
        #expect(abs(gcj.y - wgs.y + 0.0010) < 0.0003)
        let metres = Ellipsoid.wgs84.distance(wgs, gcj)
        #expect(metres > 300 && metres < 700)
    }

    @Test func identityOutsideChina() {
        #expect(GCJ02.fromWGS84(Position(2.35, 48.85)) == Position(2.35, 48.85))
    }
}

@Suite struct TransformerTests {
    @Test func gaussKruger114PutsTheCentralMeridianAtFalseEastingAndNorthingOnTheMeridianArc() throws {
        // On the central meridian, Transverse Mercator (k0 = 1 for the 3° CGCS2000 zones) gives
        // x = 500,000 m and y = the meridian arc from the equator, which a geodesic along the
        // meridian measures independently.
        let t = try Transformer(from: .wgs84, to: .gaussKruger114)
        let p = try t.transform(Position(114, 34.8))
        let arc = Ellipsoid.cgcs2000.distance(Position(114, 0), Position(114, 34.8))
        #expect(abs(p.x - 500_000) < 0.001)
        #expect(abs(p.y - arc) < 0.01)
    }

    @Test func utm50NUsesScaleFactor09996() throws {
        let t = try Transformer(from: .wgs84, to: .utm50N)
        let p = try t.transform(Position(117, 34.8))  // UTM 50N's central meridian
        let arc = Ellipsoid.wgs84.distance(Position(117, 0), Position(117, 34.8))
        #expect(abs(p.x - 500_000) < 0.001)
        #expect(abs(p.y - 0.9996 * arc) < 0.01)
    }

    @Test func webMercatorEastingIsTheEquatorialArc() throws {
        let p = try Transformer(from: .wgs84, to: .webMercator).transform(Position(114, 0))
        #expect(abs(p.x - 6_378_137 * 114 * Double.pi / 180) < 1e-6)
        #expect(abs(p.y) < 1e-6)
    }

    @Test func azimuthalEquidistantKeepsDistanceFromTheCentre() throws {
        let centre = Position(113.6655, 34.7535)
        let t = try Transformer(from: .wgs84, to: .azimuthalEquidistant(at: centre))
        let lankao = Position(114.816, 34.827)
        let p = try t.transform(lankao)
        #expect(abs((p.x * p.x + p.y * p.y).squareRoot() - Ellipsoid.wgs84.distance(centre, lankao)) < 0.001)
    }

    @Test func roundTripsAndKeepsLongitudeFirstForCGCS2000() throws {
        // EPSG:4490's official axis order is latitude first; GeoJSON order must survive.
        let p = try Transformer(from: .wgs84, to: .cgcs2000).transform(Position(114.816, 34.827))
        #expect(abs(p.x - 114.816) < 1e-6 && abs(p.y - 34.827) < 1e-6)
        let there = try Transformer(from: .wgs84, to: .gaussKruger114)
        let back = try there.inverse().transform(there.transform(Position(114.816, 34.827)))
        #expect(abs(back.x - 114.816) < 1e-9 && abs(back.y - 34.827) < 1e-9)
    }

    @Test func gcj02IsAcceptedAtEitherEnd() throws {
        let t = try Transformer(from: .gcj02, to: .wgs84)
        let wgs = Position(114.816, 34.827)
        let back = try t.transform(GCJ02.fromWGS84(wgs))
        #expect(abs(back.x - wgs.x) < 1e-9 && abs(back.y - wgs.y) < 1e-9)
        let toGK = try Transformer(from: .gcj02, to: .gaussKruger114)
        let direct = try Transformer(from: .wgs84, to: .gaussKruger114).transform(wgs)
        let viaGCJ = try toGK.transform(GCJ02.fromWGS84(wgs))
        #expect(abs(direct.x - viaGCJ.x) < 1e-3 && abs(direct.y - viaGCJ.y) < 1e-3)
    }

    @Test func unknownCRSIsAClearError() {
        #expect(throws: ProjectionError.self) { try Transformer(from: .wgs84, to: .proj("EPSG:999999")) }
        #expect(throws: ProjectionError.self) { try Transformer(from: .wgs84, to: CoordinateSystem("not a crs")) }
    }

    @Test func namesAreRecognised() throws {
        #expect(try CoordinateSystem("wgs84") == .wgs84)
        #expect(try CoordinateSystem("GCJ02") == .gcj02)
        #expect(try CoordinateSystem("4547") == .proj("EPSG:4547"))
        #expect(try CoordinateSystem("+proj=longlat +datum=WGS84") == .proj("+proj=longlat +datum=WGS84 +type=crs"))
    }
}

@Suite struct UnitTests {
    @Test func distancesWithUnits() throws {
        #expect(try Quantity.metres("100km") == 100_000)
        #expect(try Quantity.metres("500m") == 500)
        #expect(try Quantity.metres("2.5 km") == 2_500)
        #expect(try Quantity.metres("1e3m") == 1_000)
        #expect(try Quantity.metres("0") == 0)                                      // zero is zero in any unit
        #expect(throws: QuantityError.self) { try Quantity.metres("5 miles") }
        #expect(throws: QuantityError.self) { try Quantity.metres("km") }
    }

    @Test func areasWithUnits() throws {
        #expect(try Quantity.squareMetres("30km2") == 30_000_000)
        #expect(try Quantity.squareMetres("30 km²") == 30_000_000)
        #expect(try Quantity.squareMetres("3000ha") == 30_000_000)
        #expect(abs(try Quantity.squareMetres("45000mu") - 30_000_000) < 1e-6)  // 1 亩 = 10000/15 m²
        #expect(abs(AreaUnit.mu.fromSquareMetres(666.67) - 1) < 1e-5)
    }

    /// Issue 17, problem 1: `--radius 100` ran as a 100 m reach and `--area 30` as a 30 m² site
    /// search. A bare number is refused with the units to add.
    @Test func aBareNumberIsRefusedWithTheUnitsToAdd() throws {
        for text in ["100", "2.5", " 30 ", "1e3"] {
            #expect(throws: QuantityError.self) { try Quantity.metres(text) }
            #expect(throws: QuantityError.self) { try Quantity.squareMetres(text) }
        }
        do {
            _ = try Quantity.metres("100")
        } catch let e as QuantityError {
            #expect(e.missingUnit != nil)
            #expect(e.description.contains("add a unit: 100km, 100m"), "\(e)")
        }
        do {
            _ = try Quantity.squareMetres("30")
        } catch let e as QuantityError {
            #expect(e.description.contains("add a unit: 30km2, 30ha, 30mu"), "\(e)")
        }
    }
}

/// The closed-form short-edge ring area (the fast path) against Karney's geod_polygon on the same
/// rings: generated county-like rings (hundreds of vertices, edges of metres to kilometres, some
/// longer than the 6 km threshold) at latitudes from the equator to 70°N, both windings.
@Suite struct FastRingAreaTests {
    @Test func agreesWithKarneysPolygonArea() throws {
        var g = Ellipsoid.wgs84.geodesic
        var rng = SplitMix64(seed: 20261123)  // seeded: the same rings on every run
        for lat in stride(from: 0.0, through: 70.0, by: 7.0) {
            for _ in 0..<5 {
                let n = Int.random(in: 50...600, using: &rng)
                let radius = Double.random(in: 0.01...0.6, using: &rng)  // degrees: ~1 km to ~65 km
                var ring: [Position] = (0..<n).map { k in
                    let t = Double(k) / Double(n) * 2 * Double.pi
                    let r = radius * Double.random(in: 0.7...1.0, using: &rng)
                    return Position(114 + r * cos(t) / cos(lat * .pi / 180), lat + r * sin(t))
                }
                if Bool.random(using: &rng) { ring.reverse() }
                ring.append(ring[0])
                let fast = try #require(Geometry.fastRingArea(ring, &g))
                let karney = Geometry.karneyRingArea(ring, &g)
                #expect(abs(fast - karney) <= 0.01 + 1e-10 * abs(karney), "lat \(lat): \(fast) vs \(karney)")
            }
        }
    }

    @Test func ringsRoundAPoleTakeKarneysPath() {
        var g = Ellipsoid.wgs84.geodesic
        let cap = (0..<36).map { Position(Double($0) * 10 - 180, 80) } + [Position(-180, 80)]
        #expect(Geometry.fastRingArea(cap, &g) == nil)
    }
}
