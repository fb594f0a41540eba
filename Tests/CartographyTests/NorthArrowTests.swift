import CPROJ
import Foundation
import Testing
@testable import TongchengCartography
import TongchengGeodesy
import TongchengGeometry

/// The north arrow points to true north, which in Gauss–Krüger differs from grid north by the
/// meridian convergence.
@Suite struct NorthArrowTests {
    /// EPSG:4547, CGCS2000 / 3-degree Gauss–Krüger CM 114°E, as PROJ defines it.
    let epsg4547 = "+proj=tmerc +lat_0=0 +lon_0=114 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs +type=crs"

    /// Meridian convergence of the transverse Mercator projection on the CGCS2000 ellipsoid from
    /// the usual series in Δλ, to the fifth order:
    /// γ = Δλ·sin φ·[1 + (Δλ²cos²φ/3)(1 + 3η² + 2η⁴) + (Δλ⁴cos⁴φ/15)(2 − tan²φ)], η² = e′²cos²φ.
    /// Written here independently of the renderer, which differentiates the projection numerically.
    func tmConvergenceDegrees(longitude: Double, latitude: Double, centralMeridian: Double) -> Double {
        let f = 1 / 298.257222101
        let e2 = f * (2 - f), ep2 = e2 / (1 - e2)
        let phi = latitude * .pi / 180, dl = (longitude - centralMeridian) * .pi / 180
        let c = cos(phi), t = tan(phi), eta2 = ep2 * c * c
        let gamma = dl * sin(phi) * (1 + dl * dl * c * c / 3 * (1 + 3 * eta2 + 2 * eta2 * eta2) + pow(dl * c, 4) / 15 * (2 - t * t))
        return gamma * 180 / .pi
    }

    /// PROJ's own `proj_factors(...).meridian_convergence` for a projected CRS (degrees). Given as
    /// a PROJ string: for "EPSG:4547" itself proj_factors reads the input in the base CRS's
    /// latitude-first axis order, so the definition of EPSG:4547 is spelled out instead.
    func projConvergenceDegrees(crs: String, longitude: Double, latitude: Double) throws -> Double {
        let ctx = proj_context_create()
        defer { proj_context_destroy(ctx) }
        let pj = try #require(proj_create(ctx, crs))
        defer { proj_destroy(pj) }
        let factors = proj_factors(pj, proj_coord(longitude * .pi / 180, latitude * .pi / 180, 0, 0))
        return factors.meridian_convergence * 180 / .pi
    }

    @Test func northArrowAngleEqualsTheGridConvergenceAtTheMapCentre() throws {
        let map = try renderCommitted("core-area")
        let arrow = try #require(map.northArrow)
        let projection = try MapProjection(map.projection)
        let centre = try projection.geographic(map.transform.projected(map.transform.frame.center))
        let expected = tmConvergenceDegrees(longitude: centre.x, latitude: centre.y, centralMeridian: 114)
        #expect(expected > 0.4 && expected < 0.6)   // Lankao: about Δλ·sin φ = 0.87° × 0.57
        #expect(abs(arrow.convergenceDegrees - expected) < 1e-4, "\(arrow.convergenceDegrees)° vs \(expected)°")
        #expect(abs(arrow.convergenceDegrees - (try projConvergenceDegrees(crs: epsg4547, longitude: centre.x, latitude: centre.y))) < 1e-4)
        // East of the central meridian true north lies anticlockwise of grid north: the arrow turns left.
        #expect(arrow.rotationDegrees == -arrow.convergenceDegrees)
        #expect(map.svg.contains("class=\"north-arrow\" transform=\"rotate(\(SVGNumber.format(-arrow.convergenceDegrees, decimals: 3)) "))
    }

    @Test func convergenceFollowsTheSeriesAcrossHenanAndInOtherProjections() throws {
        let gk = try MapProjection("EPSG:4547")
        for (lon, lat) in [(110.5, 33.0), (113.0, 35.5), (114.0, 34.0), (114.82, 34.83), (116.5, 32.0)] {
            let numeric = try NorthArrow.gridConvergence(at: Position(lon, lat), projection: gk)
            #expect(abs(numeric - tmConvergenceDegrees(longitude: lon, latitude: lat, centralMeridian: 114)) < 1e-4, "\(lon), \(lat)")
        }
        // UTM 50N (CM 117°E): Lankao is west of the CM, so the sign flips; Web Mercator has none.
        let utm = try MapProjection("EPSG:32650")
        let west = try NorthArrow.gridConvergence(at: Position(114.82, 34.83), projection: utm)
        #expect(west < -1.2)
        #expect(abs(west - (try projConvergenceDegrees(crs: "EPSG:32650", longitude: 114.82, latitude: 34.83))) < 1e-4)
        #expect(abs(try NorthArrow.gridConvergence(at: Position(114.82, 34.83), projection: try MapProjection("EPSG:3857"))) < 1e-9)
    }
}
