import Foundation
import Testing
@testable import TongchengAnalysis
@testable import TongchengGeodesy
@testable import TongchengGeometry
@testable import TongchengTopology

/// 数据质检, 土地利用转移矩阵, 图层比对 and 占补平衡 against Shapely 2 + pyproj on the fixtures of
/// Tests/Fixtures/quality/. The fixtures are built so that the answers are known (parcels removed
/// from a tiling leave gaps of their area, a square across a shared edge overlaps both parcels, a
/// copied parcel, a bow-tie, a strip, two surveys tiling one rectangle…); every expected number
/// comes from scripts/oracle/quality_oracle.py, which also asserts that Shapely finds what was
/// built (Shapely's overlay and normalize, pyproj's Geod.geometry_area_perimeter). Areas agree to
/// 1e-7 relative (GEOS 3.11 here, 3.14 in Shapely; the convex clip here, GEOS there).
@Suite struct QualityTests {
    static func fixture(_ name: String) throws -> [FeatureRef] {
        let path = LandUseTests.root.appendingPathComponent("Tests/Fixtures/quality/\(name)").path
        return FeatureRef.all(in: try GeoJSONReader().read(file: path).featureCollection, file: name)
    }

    static let expected: JSONValue = {
        let text = (try? String(contentsOf: LandUseTests.root.appendingPathComponent("Tests/Fixtures/quality/expected.json"), encoding: .utf8)) ?? "null"
        return (try? JSONValue.parse(text, name: "expected.json")) ?? .null
    }()

    static func close(_ a: Double?, _ b: Double?, _ what: String) {
        guard let a, let b else {
            Issue.record("\(what): missing (\(a as Any) vs \(b as Any))")
            return
        }
        // 1e-7 relative; 1e-5 m² absolute for the 4.6 m² sliver (a triangle of 3 m sides: Karney's polygon in pyproj, the closed form here).
        #expect(abs(a - b) <= 1e-7 * abs(b) + 1e-5, "\(what): \(a) vs \(b)")
    }

    /// Each kind's problems as the oracle lists them: the same features, areas to 1e-7.
    static func compare(_ result: Check.Result, _ oracle: JSONValue?) throws {
        for kind in Check.Kind.allCases {
            let want = try #require(oracle?[kind.rawValue]?.arrayValue, "oracle has no \(kind.rawValue)")
            let mine = result.problems.filter { $0.kind == kind }
            #expect(mine.count == want.count, "\(kind.rawValue): \(mine.count) vs \(want.count)")
            // Gaps have no features: the oracle lists them by area, ascending.
            let ordered = kind == .gap ? mine.sorted { ($0.areaSquareMetres ?? 0) < ($1.areaSquareMetres ?? 0) } : mine
            for (p, w) in zip(ordered, want) {
                #expect(p.features == (w["features"]?.arrayValue ?? []).compactMap { $0.doubleValue.map(Int.init) }, "\(kind.rawValue) features")
                if let a = w["area_m2"]?.doubleValue { close(p.areaSquareMetres, a, "\(kind.rawValue) \(p.features) area") }
                if kind == .invalid { #expect(w["detail"]?.stringValue?.hasPrefix(p.detail ?? "?") ?? false, "reason \(p.detail ?? "")") }
                if kind == .sliver, let t = w["thinness"]?.doubleValue { #expect(p.detail == "thinness " + String(format: "%.4f", t)) }
            }
        }
    }

    @Test func checkFindsEveryBuiltProblem() throws {
        let result = try Check(jobs: 2).run(QualityTests.fixture("check-layer.geojson"))
        try QualityTests.compare(result, QualityTests.expected["check"])
        // The bow-tie's location is where its edges cross (GEOS), the centre of the 0.002° square.
        let invalid = try #require(result.problems.first { $0.kind == .invalid })
        #expect(abs((invalid.location?.x ?? 0) - 114.951) < 1e-9 && abs((invalid.location?.y ?? 0) - 34.901) < 1e-9)
    }

    @Test func checkWithinFindsTheUncoveredStripToo() throws {
        let within = try QualityTests.fixture("check-within.geojson").compactMap(\.geometry)
        let result = try Check(jobs: 1).run(QualityTests.fixture("check-layer.geojson"), within: within)
        try QualityTests.compare(result, QualityTests.expected["check_within"])
    }

    @Test func checkOfAValidCoverageFindsNothing() throws {
        // The new survey tiles its rectangle: no gap, no overlap (neighbours share edges exactly).
        let result = try Check(jobs: 2).run(QualityTests.fixture("survey-new.geojson"))
        #expect(result.problems.isEmpty, "\(result.problems.map { "\($0.kind) \($0.features)" })")
    }

    @Test func coverageUnionRefusesOverlappingPolygons() throws {
        func square(_ x: Double) -> Geometry {
            .polygon(Polygon(exterior: LineString([Position(x, 0), Position(x + 1, 0), Position(x + 1, 1), Position(x, 1), Position(x, 0)])))
        }
        #expect(try Geometry.coverageUnion(of: [square(0), square(1)]) != nil)
        #expect(try Geometry.coverageUnion(of: [square(0), square(0.5)]) == nil)
    }

    static func compare(_ result: Transition.Result, _ oracle: JSONValue?, zones: Bool) throws {
        let rows = try #require(oracle?["rows"]?.arrayValue)
        #expect(result.cells.count == rows.count)
        for row in rows {
            let zone = row["zone"]?.stringValue
            let mine = result.cells.first { c in
                c.from == row["from"]?.stringValue && c.to == row["to"]?.stringValue && (c.zone.map { result.zoneLabels[$0] }) == zone
            }
            close(mine?.areaSquareMetres, row["area_m2"]?.doubleValue, "\(zone ?? "") \(row["from"]?.stringValue ?? "") → \(row["to"]?.stringValue ?? "")")
        }
        if !zones {
            for (k, c) in result.fromClasses.enumerated() { close(result.fromAreaSquareMetres[k], oracle?["from"]?[c ?? ""]?.doubleValue, "old \(c ?? "")") }
            for (k, c) in result.toClasses.enumerated() { close(result.toAreaSquareMetres[k], oracle?["to"]?[c ?? ""]?.doubleValue, "new \(c ?? "")") }
        }
    }

    @Test func transitionAgreesWithShapelyAndPyproj() throws {
        let result = try Transition(jobs: 2).run(old: QualityTests.fixture("survey-old.geojson"), new: QualityTests.fixture("survey-new.geojson"),
                                                 oldField: "DLBM", newField: "DLBM")
        try QualityTests.compare(result, QualityTests.expected["transition"], zones: false)
    }

    @Test func transitionMatrixClosesWhereBothSurveysTileTheSameLand() throws {
        let result = try Transition(jobs: 1).run(old: QualityTests.fixture("survey-old.geojson"), new: QualityTests.fixture("survey-new.geojson"),
                                                 oldField: "DLBM", newField: "DLBM")
        // Both tile one rectangle: each row adds up to its class's whole area, each column likewise
        // (to 2e-8: crossing points lie on the 50 m longitude/latitude segments, not on geodesics; the oracle sees 1.2e-8).
        for (k, matched) in result.matchedFromSquareMetres.enumerated() { #expect(abs(matched - result.fromAreaSquareMetres[k]) <= 2e-8 * result.fromAreaSquareMetres[k]) }
        for (k, matched) in result.matchedToSquareMetres.enumerated() { #expect(abs(matched - result.toAreaSquareMetres[k]) <= 2e-8 * result.toAreaSquareMetres[k]) }
    }

    @Test func transitionPerZoneAgreesWithShapelyAndPyproj() throws {
        let result = try Transition(jobs: 2).run(old: QualityTests.fixture("survey-old.geojson"), new: QualityTests.fixture("survey-new.geojson"),
                                                 oldField: "DLBM", newField: "DLBM", zones: QualityTests.fixture("survey-zones.geojson"))
        #expect(result.zoneLabels == ["西区", "三角区"])
        try QualityTests.compare(result, QualityTests.expected["transition_zones"], zones: true)
    }

    @Test func transitionDoesNotDependOnThreads() throws {
        let old = try QualityTests.fixture("survey-old.geojson"), new = try QualityTests.fixture("survey-new.geojson")
        let one = try Transition(jobs: 1).run(old: old, new: new, oldField: "DLBM", newField: "DLBM")
        let two = try Transition(jobs: 2).run(old: old, new: new, oldField: "DLBM", newField: "DLBM")
        #expect(one.cells == two.cells)
    }

    static func compare(_ result: LayerDiff.Result, _ oracle: JSONValue?) throws {
        let changes = try #require(oracle?["changes"]?.arrayValue)
        let order: (LayerDiff.Entry) -> String = { "\($0.change.rawValue) \($0.key ?? "") \($0.areaGainedSquareMetres.rounded()) \($0.areaLostSquareMetres.rounded())" }
        #expect(result.entries.count == changes.count, "\(result.entries.map(order))")
        for w in changes {
            let mine = result.entries.first { e in
                e.change.rawValue == w["change"]?.stringValue && e.key == w["key"]?.stringValue
                    && abs(e.areaGainedSquareMetres - (w["area_gained_m2"]?.doubleValue ?? -1)) <= 1e-7 * max(1, e.areaGainedSquareMetres)
                    && abs(e.areaLostSquareMetres - (w["area_lost_m2"]?.doubleValue ?? -1)) <= 1e-7 * max(1, e.areaLostSquareMetres)
            }
            #expect(mine != nil, "no change like \(w)")
            if let mine, let attributes = w["attributes"]?.arrayValue {
                #expect(mine.attributesChanged == attributes.compactMap(\.stringValue))
                #expect(mine.geometryChanged == (w["geometry_changed"]?.boolValue ?? false))
            }
        }
        for c in LayerDiff.Change.allCases { #expect(result.count(c) == Int(oracle?["counts"]?[c.rawValue]?.doubleValue ?? -1), "\(c.rawValue)") }
        #expect(result.unchanged == Int(oracle?["counts"]?["unchanged"]?.doubleValue ?? -1))
    }

    @Test func diffByKeyAgreesWithShapelyAndPyproj() throws {
        let result = try LayerDiff(key: "BSM", jobs: 2).run(old: QualityTests.fixture("diff-old.geojson"), new: QualityTests.fixture("diff-new.geojson"))
        try QualityTests.compare(result, QualityTests.expected["diff_key"])
        // 0006 was written from another corner and the other way round: the same polygon, unchanged.
        #expect(!result.entries.contains { $0.key == "0006" })
    }

    @Test func diffByGeometryAgreesWithShapelyAndPyproj() throws {
        let result = try LayerDiff(jobs: 1).run(old: QualityTests.fixture("diff-old.geojson"), new: QualityTests.fixture("diff-new.geojson"))
        try QualityTests.compare(result, QualityTests.expected["diff_geometry"])
    }

    @Test func diffRefusesARepeatedKey() throws {
        let old = try QualityTests.fixture("diff-old.geojson")
        #expect(throws: FeatureDataError.self) { try LayerDiff(key: "DLMC").run(old: old, new: old) }  // 耕地 twice
        #expect(throws: UnknownFieldError.self) { try LayerDiff(key: "NOPE").run(old: old, new: old) }
    }

    @Test func balanceAgreesWithShapelyAndPyproj() throws {
        let b = try Balance(jobs: 2).run(plan: QualityTests.fixture("balance-plan.geojson"), farmland: QualityTests.fixture("balance-farmland.geojson"),
                                         supplement: QualityTests.fixture("balance-supplement.geojson"))
        let oracle = QualityTests.expected["balance"]
        QualityTests.close(b.occupiedSquareMetres, oracle?["occupied_m2"]?.doubleValue, "occupied")
        QualityTests.close(b.supplementSquareMetres, oracle?["supplement_m2"]?.doubleValue, "supplement")
        QualityTests.close(b.supplementInsidePlanSquareMetres, oracle?["supplement_inside_plan_m2"]?.doubleValue, "supplement inside the plan")
        #expect(b.isBalanced == (b.supplementSquareMetres >= b.occupiedSquareMetres))
    }
}
