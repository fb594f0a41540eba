import Foundation
import Testing
import TestSupport
@testable import TongchengAnalysis
@testable import TongchengGeodesy
@testable import TongchengGeometry
@testable import TongchengTopology

/// The Swift clip for convex parcels (ConvexClip.swift) against GEOS: the independent reference is
/// GEOS's OverlayNG intersection of the same two polygons, measured with the same geodesic area.
@Suite struct ConvexClipTests {
    /// A concave zone (an L) with a hole, near Lankao, edges densified every 50 m as Tabulate cuts them.
    static let zone: Geometry = {
        let outer = [Position(114.80, 34.80), Position(114.90, 34.80), Position(114.90, 34.84), Position(114.84, 34.84),
                     Position(114.84, 34.90), Position(114.80, 34.90), Position(114.80, 34.80)]
        let hole = [Position(114.81, 34.81), Position(114.81, 34.83), Position(114.83, 34.83), Position(114.83, 34.81), Position(114.81, 34.81)]
        return Geometry.polygon(Polygon(rings: [LineString(outer), LineString(hole)])).densifiedGeodesically(maxSegmentMetres: 50)
    }()

    /// A convex polygon: `corners` points on an ellipse round (x, y), in random order of angle.
    static func convexParcel(_ r: inout SplitMix64, size: Double) -> [Position] {
        let x = 114.79 + 0.12 * r.unit(), y = 34.79 + 0.12 * r.unit()
        let corners = 3 + Int(r.unit() * 6)
        var angles = (0..<corners).map { _ in r.unit() * 2 * Double.pi }
        angles.sort()
        var ring = angles.map { Position(x + size * cos($0), y + 0.8 * size * sin($0)) }
        if r.unit() < 0.5 { ring.reverse() }  // either orientation
        ring.append(ring[0])
        return ring
    }

    @Test func areaInsideAConvexParcelEqualsGEOSIntersection() throws {
        var r = SplitMix64(seed: 2026)
        let tiles = try #require(ZoneTiles(ConvexClipTests.zone))
        var meter = GeodesicAreaMeter()
        var crossing = 0
        for k in 0..<1000 {
            // Parcels from 20 m to 2 km across, many crossing the zone's edges, the hole's and the L's notch.
            let size = k % 4 == 0 ? 0.01 : 0.0002 + 0.003 * r.unit()
            let ring = ConvexClipTests.convexParcel(&r, size: size)
            guard let window = ConvexWindow(ring) else { continue }
            let parcel = Geometry.polygon(Polygon(rings: [LineString(ring)]))
            let box = try #require(parcel.boundingBox)
            let mine = window.area(of: tiles.rings(near: box), meter: &meter)
            let geos = Overlay.keepDimension(try parcel.intersection(ConvexClipTests.zone), of: parcel).geodesicArea()
            if geos > 0 && geos < parcel.geodesicArea() * 0.999 { crossing += 1 }
            #expect(abs(mine - geos) <= 1e-6 + 1e-10 * geos, "parcel \(k): \(mine) vs GEOS \(geos)")
        }
        #expect(crossing > 100, "the test should exercise parcels crossing the zone's edges (\(crossing) did)")
    }

    @Test func onlyStrictlyConvexRingsAreWindows() {
        let square = [Position(0, 0), Position(1, 0), Position(1, 1), Position(0, 1), Position(0, 0)]
        #expect(ConvexWindow(square) != nil)
        #expect(ConvexWindow(square.reversed()) != nil)
        // A notch makes it concave; a straight corner (collinear points) and a ring of two points are refused.
        #expect(ConvexWindow([Position(0, 0), Position(1, 0), Position(0.5, 0.2), Position(1, 1), Position(0, 1), Position(0, 0)]) == nil)
        #expect(ConvexWindow([Position(0, 0), Position(0.5, 0), Position(1, 0), Position(1, 1), Position(0, 1), Position(0, 0)]) == nil)
        #expect(ConvexWindow([Position(0, 0), Position(1, 0), Position(0, 0)]) == nil)
    }

    @Test func swiftClipGivesTheSameTableAsTheGEOSOverlay() throws {
        // keepPieces sends every parcel crossing a zone edge through GEOS; without it convex ones take the Swift clip.
        let root = LandUseTests.root
        let parcels = FeatureRef.all(in: try GeoJSONReader().read(file: root.appendingPathComponent("geodata/landuse/parcels.geojson").path).featureCollection, file: "parcels")
        let zones = FeatureRef.all(in: try GeoJSONReader().read(file: root.appendingPathComponent("geodata/landuse/townships.geojson").path).featureCollection, file: "townships")
        let swift = try Tabulate(jobs: 2).run(parcels: parcels, classField: "DLMC", zones: zones)
        let geos = try Tabulate(jobs: 2, keepPieces: true).run(parcels: parcels, classField: "DLMC", zones: zones)
        #expect(swift.rows.count == geos.rows.count)
        for (a, b) in zip(swift.rows, geos.rows) {
            #expect(a.zone == b.zone && a.classValue == b.classValue)
            #expect(abs(a.areaSquareMetres - b.areaSquareMetres) <= 1e-9 * b.areaSquareMetres, "\(a.zone) \(a.classValue ?? "—"): \(a.areaSquareMetres) vs \(b.areaSquareMetres)")
        }
    }
}

/// Streaming the parcels (`Tabulate.run(classField:zones:parcels:)`, what the CLI does with a
/// GeoJSON file) gives the table of the whole list, and the same errors.
@Suite struct StreamedTabulationTests {
    @Test func streamedBatchesGiveTheSameTableAsTheWholeList() throws {
        let root = LandUseTests.root
        let path = root.appendingPathComponent("geodata/landuse/parcels.geojson").path
        let parcels = FeatureRef.all(in: try GeoJSONReader().read(file: path).featureCollection, file: "parcels")
        let zones = FeatureRef.all(in: try GeoJSONReader().read(file: root.appendingPathComponent("geodata/landuse/townships.geojson").path).featureCollection, file: "townships")
        let whole = try Tabulate(jobs: 2).run(parcels: parcels, classField: "DLMC", zones: zones)
        var batches = 0
        let streamed = try Tabulate(jobs: 2).run(classField: "DLMC", zones: zones) { add in
            _ = try GeoJSONReader().forEachFeature(file: path) { _, _ in }
            for start in stride(from: 0, to: parcels.count, by: Tabulate.batchSize) {
                batches += 1
                try add(Array(parcels[start..<min(parcels.count, start + Tabulate.batchSize)]))
            }
        }
        #expect(batches > 2)
        #expect(streamed.rows.count == whole.rows.count)
        for (a, b) in zip(streamed.rows, whole.rows) {
            // Batches are whole chunks, and the chunks are merged in order: the same sums to the last bit.
            #expect(a.zone == b.zone && a.classValue == b.classValue && a.areaSquareMetres == b.areaSquareMetres)
        }
        #expect(streamed.parcelsInZones == whole.parcelsInZones)
    }

    @Test func streamingNamesAnUnknownFieldAtTheEnd() throws {
        let parcels = try LandUseTests.fixture("parcels.geojson")
        let zones = try LandUseTests.fixture("zones.geojson")
        #expect(throws: UnknownFieldError.self) {
            _ = try Tabulate().run(classField: "NOPE", zones: zones) { add in try add(parcels) }
        }
    }
}
