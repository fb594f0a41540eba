import Foundation
import Testing
@testable import TongchengAnalysis
@testable import TongchengGeodesy
@testable import TongchengGeometry
@testable import TongchengTopology

/// 地类统计 and 合规性审查 against Shapely 2 + pyproj on the fixtures of Tests/Fixtures/landuse/.
/// Every expected number comes from scripts/oracle/landuse_oracle.py (it writes the fixtures and
/// expected.json): zones cut along their geodesic edges every 50 m (pyproj Geod.npts), Shapely's
/// intersection, pyproj's Geod.geometry_area_perimeter.
@Suite struct LandUseTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static func fixture(_ name: String) throws -> [FeatureRef] {
        let path = root.appendingPathComponent("Tests/Fixtures/landuse/\(name)").path
        return FeatureRef.all(in: try GeoJSONReader().read(file: path).featureCollection, file: name)
    }
    static func expected() throws -> JSONValue {
        let text = try String(contentsOf: root.appendingPathComponent("Tests/Fixtures/landuse/expected.json"), encoding: .utf8)
        guard case .feature(let f) = try GeoJSONReader().read(string: #"{"type":"Feature","geometry":null,"properties":{"v":"# + text + "}}") else { throw CocoaError(.fileReadCorruptFile) }
        return f[property: "v"]!
    }

    @Test func tabulationAgreesWithShapelyAndPyproj() throws {
        let result = try Tabulate(jobs: 1).run(parcels: LandUseTests.fixture("parcels.geojson"), classField: "DLMC", zones: LandUseTests.fixture("zones.geojson"))
        let oracle = try LandUseTests.expected()
        let rows = try #require(oracle["rows"]?.arrayValue)
        #expect(result.rows.count == rows.count)
        for row in rows {
            let zone = try #require(row["zone"]?.stringValue)
            let cls = row["class"]?.stringValue
            let mine = try #require(result.rows.first { result.zoneLabels[$0.zone] == zone && $0.classValue == cls }, "no row \(zone) / \(cls ?? "null")")
            let want = try #require(row["area_m2"]?.doubleValue)
            // Pieces from GEOS 3.11 here and 3.14 in Shapely; areas by the closed form here, Karney's polygon in pyproj.
            #expect(abs(mine.areaSquareMetres - want) <= 1e-3 + 1e-9 * want, "\(zone) \(cls ?? "null"): \(mine.areaSquareMetres) vs \(want)")
            #expect(abs(mine.share - (row["share"]?.doubleValue ?? -1)) < 1e-9)
        }
        for z in try #require(oracle["zones"]?.arrayValue) {
            let k = try #require(result.zoneLabels.firstIndex(of: z["zone"]?.stringValue ?? ""))
            #expect(abs(result.zoneAreaSquareMetres[k] - (z["area_m2"]?.doubleValue ?? 0)) < 1e-3)
            #expect(abs(result.classifiedSquareMetres[k] - (z["classified_m2"]?.doubleValue ?? 0)) < 1e-2)
        }
    }

    @Test func classesAddUpToTheZoneWhereParcelsTileIt() throws {
        // Zones A (long edges, a hole, parcels cut at its edges) and C (the parcels' outline) are tiled by the parcels.
        let result = try Tabulate(jobs: 2).run(parcels: LandUseTests.fixture("parcels.geojson"), classField: "DLMC", zones: LandUseTests.fixture("zones.geojson"))
        for label in ["A 有洞", "C 全域"] {
            let k = try #require(result.zoneLabels.firstIndex(of: label))
            let sum = result.rows.filter { $0.zone == k }.reduce(0) { $0 + $1.areaSquareMetres }
            #expect(abs(sum - result.zoneAreaSquareMetres[k]) <= 1e-9 * result.zoneAreaSquareMetres[k], "\(label): \(sum) vs \(result.zoneAreaSquareMetres[k])")
        }
        // B reaches beyond the parcels: its classified area is less than its area (oracle: 5,480,114 of 9,590,200 m²).
        let b = try #require(result.zoneLabels.firstIndex(of: "B 交叠"))
        #expect(result.classifiedSquareMetres[b] < 0.6 * result.zoneAreaSquareMetres[b])
    }

    @Test func sampleParcelsTileTheSpecialZone() throws {
        // The synthetic Lankao parcels (geodata/landuse) tile the special zone, which lies ≥ 1 km inside the county.
        let parcels = FeatureRef.all(in: try GeoJSONReader().read(file: LandUseTests.root.appendingPathComponent("geodata/landuse/parcels.geojson").path).featureCollection, file: "parcels")
        let zone = FeatureRef.all(in: try GeoJSONReader().read(file: LandUseTests.root.appendingPathComponent("geodata/plan/special_zone.geojson").path).featureCollection, file: "zone")
        let one = try Tabulate(jobs: 1).run(parcels: parcels, classField: "DLMC", zones: zone)
        let two = try Tabulate(jobs: 2).run(parcels: parcels, classField: "DLMC", zones: zone)
        #expect(abs(one.classifiedSquareMetres[0] - one.zoneAreaSquareMetres[0]) <= 1e-9 * one.zoneAreaSquareMetres[0])
        // Fixed chunks added in order: the same bits on one thread or two.
        #expect(one.rows.map(\.areaSquareMetres) == two.rows.map(\.areaSquareMetres))
        #expect(one.rows.count == 8)  // the nine classes but wetland, which lies along the river
    }

    @Test func conflictsAgreeWithAShapelyOverlay() throws {
        let layers = [Conform.Layer(file: "farmland.geojson", rule: .forbid, features: try LandUseTests.fixture("farmland.geojson")),
                      Conform.Layer(file: "boundary.geojson", rule: .within, features: try LandUseTests.fixture("boundary.geojson"))]
        let conflicts = try Conform(jobs: 2).run(plan: try LandUseTests.fixture("plan.geojson"), constraints: layers)
        let oracle = try #require(try LandUseTests.expected()["conflicts"]?.arrayValue)
        #expect(conflicts.count == oracle.count)
        for (mine, want) in zip(conflicts, oracle) {
            #expect(mine.feature.index == Int(want["feature"]?.doubleValue ?? -1))
            #expect(mine.rule.rawValue == want["rule"]?.stringValue)
            #expect(mine.constraint?.index == want["constraint"]?.doubleValue.map { Int($0) })
            let area = try #require(want["area_m2"]?.doubleValue)
            #expect(abs(mine.areaSquareMetres - area) <= 1e-3 + 1e-9 * area)
        }
        // Farmland 1 lies wholly inside plan 1: its conflict is the whole polygon (no overlay).
        #expect(conflicts.contains { $0.constraint?.index == 0 && abs($0.areaSquareMetres - $0.constraint!.geometry!.geodesicArea()) < 1e-6 })
    }

    @Test func anUnknownClassFieldListsTheFields() throws {
        #expect(throws: UnknownFieldError.self) {
            try Tabulate().run(parcels: LandUseTests.fixture("parcels.geojson"), classField: "地类", zones: LandUseTests.fixture("zones.geojson"))
        }
        do {
            _ = try Tabulate().run(parcels: LandUseTests.fixture("parcels.geojson"), classField: "地类", zones: LandUseTests.fixture("zones.geojson"))
        } catch let e as UnknownFieldError {
            #expect(e.available == ["DLMC", "DLBM"])
        }
    }

    @Test func geodesicDensifyKeepsTheAreaAndShortensEdges() throws {
        let zone = try #require(LandUseTests.fixture("zones.geojson")[0].geometry)
        let dense = zone.densifiedGeodesically(maxSegmentMetres: 50)
        // The inserted points lie on the geodesics: the geodesic area does not move (here 1e-6 m² of 1.5e7).
        #expect(abs(dense.geodesicArea() - zone.geodesicArea()) < 1e-3)
        var longest = 0.0
        dense.forEachSequence { run in
            for k in 1..<run.count { longest = max(longest, Geometry.lineString(LineString([run[k - 1], run[k]])).geodesicLength()) }
        }
        #expect(longest <= 50 + 1e-6)
        #expect(dense.positionCount > 200)
    }
}
