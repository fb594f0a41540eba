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

    /// `SharedArea.of` skips pairs that a convex side's edge separates (`ConvexWindow.excludes`);
    /// the skipped pairs must be exactly those GEOS finds sharing no area. Pairs of random convex
    /// and concave parcels, many of them neighbours cut from one square along a shared edge (as in
    /// a coverage), some touching at a corner only, some overlapping; the reference is GEOS's
    /// intersection measured with the same geodesic area.
    @Test func separatedPairsShareNothingAndTheRestMatchGEOS() throws {
        var r = SplitMix64(seed: 29)
        var meter = GeodesicAreaMeter()
        var skipped = 0, touching = 0, overlapping = 0
        func polygon(_ ring: [Position]) -> Geometry { .polygon(Polygon(rings: [LineString(ring + [ring[0]])])) }
        for k in 0..<600 {
            let x = 114.8 + 0.1 * r.unit(), y = 34.8 + 0.1 * r.unit(), s = 0.0005 + 0.002 * r.unit()
            // A quadrilateral cut in two along the segment from a point on its bottom to one on its top.
            let bl = Position(x, y), br = Position(x + s, y + s * 0.1 * r.unit()), tr = Position(x + s * (1 + 0.2 * r.unit()), y + s), tl = Position(x - s * 0.1 * r.unit(), y + s)
            let tb = 0.2 + 0.6 * r.unit(), tt = 0.2 + 0.6 * r.unit()
            let b = Position(bl.x + tb * (br.x - bl.x), bl.y + tb * (br.y - bl.y)), t = Position(tl.x + tt * (tr.x - tl.x), tl.y + tt * (tr.y - tl.y))
            var left = [bl, b, t, tl], right = [b, br, tr, t]
            switch k % 4 {
            case 0: break  // neighbours sharing the edge b–t
            case 1: right = right.map { Position($0.x, $0.y + 1.5 * s) }  // moved up, clear of the left one
            case 2: right = right.map { Position($0.x - s * 0.05, $0.y) }  // pushed into the left one: they overlap
            default: left.insert(Position((bl.x + b.x) / 2, y + s * 0.3), at: 1)  // the left one concave (a notch): GEOS or the right one's window
            }
            if r.unit() < 0.5 { left.reverse() }
            let a = polygon(left), c = polygon(right)
            let geos = Overlay.keepDimension(try a.intersection(c), of: a).geodesicArea()
            let sa = SharedArea.Shape(a), sc = SharedArea.Shape(c)
            let separated = (sa.window?.excludes(sc.rings!) ?? false) || (sc.window?.excludes(sa.rings!) ?? false)
            if separated {
                skipped += 1
                #expect(geos <= 1e-9, "pair \(k): skipped as separated, but GEOS finds \(geos) m² shared")
            }
            if geos <= 1e-9 { touching += 1 } else { overlapping += 1 }
            let mine = try SharedArea.of(sa, sc, meter: &meter)
            #expect(abs(mine - geos) <= 1e-6 + 1e-10 * geos, "pair \(k): \(mine) vs GEOS \(geos)")
        }
        #expect(skipped >= 250 && overlapping >= 100, "the test should exercise both (skipped \(skipped), touching \(touching), overlapping \(overlapping))")
    }

    @Test func aSharedEdgeSeparatesNeighboursAndACommonPointDoesNot() throws {
        let left = try #require(ConvexWindow([Position(0, 0), Position(1, 0), Position(1, 1), Position(0, 1)]))
        // The right neighbour shares the edge (1,0)–(1,1) with the same numbers: excluded.
        #expect(left.excludes([[Position(1, 0), Position(2, 0), Position(2, 1), Position(1, 1)]]))
        // Reaching 1e-9 past that edge: not excluded (it shares a sliver).
        #expect(!left.excludes([[Position(1 - 1e-9, 0), Position(2, 0), Position(2, 1), Position(1, 1)]]))
        // A diamond whose corner pokes into the square: not excluded.
        #expect(!left.excludes([[Position(0.9, 0.5), Position(1.5, 0), Position(2.1, 0.5), Position(1.5, 1)]]))
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
