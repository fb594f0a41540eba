import Foundation
import Testing
@testable import TongchengCartography
import TongchengGeodesy
import TongchengGeometry

/// The scale bar is measured on the ellipsoid, not read off the grid.
@Suite struct ScaleBarTests {
    /// The bar's page length, laid through the frame's centre along page x and taken back to the
    /// ellipsoid through the same projection, is as long as its label says (within 0.5 %).
    func geodesicLengthOfTheBar(_ bar: ScaleBar, transform t: PageTransform, projection: MapProjection) throws -> Double {
        let c = t.frame.center
        let a = try projection.geographic(t.projected(Position(c.x - bar.lengthPx / 2, c.y)))
        let b = try projection.geographic(t.projected(Position(c.x + bar.lengthPx / 2, c.y)))
        return Ellipsoid.wgs84.distance(a, b)
    }

    @Test func scaleBarLengthMatchesAGeodesicDistanceOnTheSameProjectionWithinHalfAPercent() throws {
        // The committed layout map (EPSG:4547), and the same extent in projections whose grid
        // is far from the ground: Web Mercator (×1.22 at 35°N) and UTM 49N (beyond its zone's edge).
        let map = try renderCommitted("layout")
        let gk = try MapProjection(map.projection)
        let bar = try #require(map.scaleBar)
        let measured = try geodesicLengthOfTheBar(bar, transform: map.transform, projection: gk)
        #expect(abs(measured / (bar.kilometres * 1000) - 1) < 0.005, "\(measured) m for a \(bar.kilometres) km bar")

        let centre = Position(114.2, 34.8)
        for crs in ["EPSG:4547", "EPSG:3857", "EPSG:32649", "EPSG:32650"] {
            let projection = try MapProjection(crs)
            let c = try projection.project(centre)
            let t = PageTransform(frame: PageRect(x: 40, y: 80, width: 1000, height: 700), center: c, unitsPerPx: 300)
            let bar = try ScaleBar.make(transform: t, projection: projection, maximumPx: 220)
            let measured = try geodesicLengthOfTheBar(bar, transform: t, projection: projection)
            #expect(abs(measured / (bar.kilometres * 1000) - 1) < 0.005, "\(crs): \(measured) m for a \(bar.kilometres) km bar")
            #expect(bar.lengthPx <= 220 && bar.lengthPx > 220 / 2.6, "\(crs): \(bar.lengthPx) px")
        }
    }

    @Test func webMercatorBarIsShorterOnTheGroundThanItsGridLength() throws {
        // A check that the test above has teeth: reading Web Mercator's grid metres as ground
        // metres would be 22 % off at 35°N.
        let projection = try MapProjection("EPSG:3857")
        let c = try projection.project(Position(114.2, 34.8))
        let t = PageTransform(frame: PageRect(x: 0, y: 0, width: 1000, height: 700), center: c, unitsPerPx: 300)
        let bar = try ScaleBar.make(transform: t, projection: projection, maximumPx: 220)
        let gridMetres = bar.lengthPx * t.unitsPerPx
        #expect(gridMetres / (bar.kilometres * 1000) > 1.2)
        #expect(bar.denominator == nil)   // no "1:N" where grid and ground disagree
    }

    @Test func barLengthsAreRoundNumbersOfKilometres() throws {
        for name in ["layout", "core-area", "reach", "henan-locator"] {
            let bar = try #require(try renderCommitted(name).scaleBar)
            let lead = bar.kilometres / pow(10, floor(log10(bar.kilometres)))
            #expect([1.0, 2.0, 5.0].contains { abs($0 - lead) < 1e-9 }, "\(name): \(bar.kilometres) km")
        }
    }

    @Test func printedScaleIsARoundDenominator() {
        #expect(PageTransform.roundDenominator(833_000) == 900_000)
        #expect(PageTransform.roundDenominator(1_000_000) == 1_000_000)
        #expect(PageTransform.roundDenominator(1_000_001) == 1_200_000)
        #expect(PageTransform.roundDenominator(140_000) == 150_000)
    }
}
