import Foundation
import Testing
@testable import TongchengGeodesy
@testable import TongchengGeometry
@testable import TongchengPlan
@testable import TongchengTopology

let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let geodata = packageRoot.appendingPathComponent("geodata").path

/// The bundled plan: it loads cleanly and holds every element of 一区一带两廊多点 with its attributes.
@Suite struct BundledPlanTests {
    let plan: Plan

    init() throws { plan = try Plan.load(directory: geodata) }

    @Test func loadsWithoutProblems() {
        #expect(plan.problems.isEmpty)
        #expect(Set(plan.layers.keys) == Set(LayerKind.allCases))
    }

    @Test func boundaryAreasAreWithinOneAndAHalfPercentOfTheOfficialFigures() throws {
        // Official areas: Lankao 1,116 km², Kaifeng 6,266 km², Zhengzhou 7,567 km².
        for (adcode, official) in [(410225, 1116.0), (410200, 6266.0), (410100, 7567.0)] {
            let g = try #require(plan.boundary(adcode: adcode)?.geometry)
            let km2 = g.geodesicArea() / 1e6
            #expect(abs(km2 / official - 1) < 0.015, "adcode \(adcode): \(km2) km²")
        }
    }

    @Test func convertedBoundariesSitHundredsOfMetresFromTheirGCJ02Source() throws {
        let raw = packageRoot.appendingPathComponent("../shared/data/boundaries/410225.geojson").path
        // shared/ lies beside the repository (as on every developer's machine and in CI): a missing copy fails here.
        try #require(FileManager.default.fileExists(atPath: raw), "\(raw) is missing: the shared/ folder must sit beside the repository")
        let source = try GeoJSONReader().read(file: raw).featureCollection.features[0].geometry!
        let converted = try #require(plan.lankao?.geometry)
        var sourceRuns: [[Position]] = [], convertedRuns: [[Position]] = []
        source.forEachSequence { sourceRuns.append($0) }
        converted.forEachSequence { convertedRuns.append($0) }
        #expect(sourceRuns.map(\.count) == convertedRuns.map(\.count))
        var shifts: [Double] = []
        for (a, b) in zip(sourceRuns[0], convertedRuns[0]) { shifts.append(Ellipsoid.wgs84.distance(a, b)) }
        // GCJ-02 around Lankao is ≈ +500 m east and −110 m north of WGS 84. Measured vertex by vertex with an
        // independent Python inverse (scripts/geodata/digitise_plan.py --check): 508–549 m over 697 vertices.
        #expect(shifts.count == 697)
        #expect(abs(shifts.min()! - 508) < 1 && abs(shifts.max()! - 549) < 1, "\(shifts.min()!)–\(shifts.max()!) m")
    }

    @Test func everyPlanElementExistsWithItsAttributes() throws {
        let expected: [LayerKind: [String]] = [
            .zone: ["zone-east-demonstration"],
            .belt: ["belt-yellow-river"],
            .corridors: ["corridor-north-science", "corridor-south-industry", "corridor-north-science-lankao"],
            .specialZone: ["special-cooperation-zone"],
            .transport: ["hsr-heze-lankao", "hsr-lankao-zhengzhou-south", "s2-zhengkai-intercity", "s2-lankao-extension", "zhengkai-avenue-east-extension",
                         "provincial-road-s312-east", "national-road-g240", "provincial-road-s218", "provincial-road-s216", "road-xincao-bianlan",
                         "airport-lankao-ga", "airport-express-lankao-xinzheng", "railway-longhai", "hsr-zhengzhou-xuzhou", "expressway-g30", "national-road-g310",
                         "expressway-yanhuang", "expressway-lanyuan", "expressway-lanshen", "freight-station-lankao", "land-port-lankao", "airport-terminal-lankao"],
            .places: ["zhengzhou", "zhengzhou-east", "zhengzhou-south", "xinzheng-airport", "kaifeng", "kaifeng-north", "lankao", "lankao-station",
                      "lankao-south", "dongbatou", "zhangzhuang", "guyang", "kaocheng", "jiao-yulu-memorial", "qixian", "tongxu", "weishi"],
        ]
        for (kind, ids) in expected {
            let layer = try #require(plan[kind])
            for id in ids { #expect(layer.feature(id: id) != nil, "\(kind.rawValue) has no \(id)") }
        }
        // 多点: the eight specialty industries of the plan text.
        let industries = plan.features(.clusters).compactMap { $0[property: "industry"]?.stringValue }.joined(separator: " ")
        for word in ["先进制造", "节能环保", "家居", "乐器", "绿色食品", "会展", "研学", "农业"] { #expect(industries.contains(word), "no \(word) cluster") }
        for kind in LayerKind.allCases where kind.isPlanElement {
            for f in plan.features(kind) {
                let keys = kind == .places ? ["id", "name", "name_en", "kind", "source", "accuracy"] : ["id", "name", "name_en", "kind", "status", "source", "accuracy"]
                for key in keys { #expect(f[property: key] != nil, "\(f.planID ?? "?") lacks \(key)") }
            }
        }
        // Transport by mode and status: existing, planned (and the S2 section under construction).
        let statuses = Set(plan.features(.transport).compactMap(\.planStatus))
        #expect(statuses == Set(PlanStatus.allCases))
    }

    @Test func specialZoneMeasuresThirtySquareKilometresInsideLankao() throws {
        let zone = try #require(plan[.specialZone]?.features.first?.geometry)
        #expect(abs(zone.geodesicArea() / 1e6 - 30) <= 1)
        #expect(try plan.lankao!.geometry!.covers(zone))
    }

    @Test func hezeLankaoHSRIsDrawnToItsPublishedHenanLength() throws {
        // Published: 菏兰高铁河南段全长 41.264 km (郑州日报 2023-12-05; Henan's 2021 railway plan).
        let line = try #require(plan[.transport]?.feature(id: "hsr-heze-lankao")?.geometry)
        let henan = try #require(plan.henan?.geometry)
        let km = try line.intersection(henan).geodesicLength() / 1000
        #expect(abs(km / 41.264 - 1) < 0.01, "\(km) km")
        // Its route: 庄寨 → (东明 tip) → 兰考 → 民权 → 兰考南; it crosses Minquan county before Lankao South.
        let minquan = try #require(plan.boundary(adcode: 411421)?.geometry)
        #expect(try line.intersection(minquan).geodesicLength() > 1000)
    }

    @Test func gazetteerResolvesIdsNamesAndCoordinates() throws {
        let g = plan.gazetteer
        #expect(try g.position("zhengzhou") == Position(113.6655, 34.7535))
        #expect(try g.position("兰考南站") == g.position("lankao-south"))
        #expect(try g.position("113.5,34.5") == Position(113.5, 34.5))
        #expect(throws: GazetteerError.self) { try g.position("atlantis") }
    }

    /// Issue 17, problem 2: `--from 郑州` failed while `开封` worked, and a typo listed all 30 ids.
    /// The expected ids are read off geodata/places.geojson (郑州中心城区（二七广场） is `zhengzhou`).
    @Test func gazetteerForgivesSuffixesCaseAndSpelling() throws {
        let g = plan.gazetteer
        func id(_ name: String) -> String? { g.place(name)?.planID }
        #expect(id("郑州") == "zhengzhou")
        #expect(id("郑州市") == "zhengzhou")
        #expect(id("郑州站") == "zhengzhou-station")          // exact name first: the station, not the city
        #expect(id("郑州东") == "zhengzhou-east")             // without 站
        #expect(id("开封市") == "kaifeng")
        #expect(id("兰考") == "lankao")                       // 兰考县城
        #expect(id("兰考县城") == "lankao")
        #expect(id("兰考南") == "lankao-south")
        #expect(id("中牟") == "zhongmou")                     // 中牟县
        #expect(id("东坝头") == "dongbatou")                  // 东坝头镇
        #expect(id("Zhengzhou East") == "zhengzhou-east")     // English name, any case
        #expect(id("ZHENGZHOU_EAST") == "zhengzhou-east")     // pinyin id, other separators
        #expect(id("Kaifeng North station") == "kaifeng-north")
        #expect(id("Lankao South") == "lankao-south")
        #expect(id("zhengzhuo") == nil)
        #expect(id("atlantis") == nil)
    }

    @Test func aTypoGetsTheNearestNamesNotTheWholeList() throws {
        let g = plan.gazetteer
        let e = g.unknown("zhengzhuo")
        #expect(e.suggestions.first == "zhengzhou (郑州中心城区（二七广场）)")
        #expect(e.description.hasPrefix("unknown place \"zhengzhuo\": did you mean zhengzhou ("))
        #expect(g.unknown("kaifneg").suggestions.first?.hasPrefix("kaifeng ") == true)
        #expect(g.unknown("郑洲").suggestions.first?.hasPrefix("zhengzhou ") == true)  // 洲 for 州
        let far = g.unknown("atlantis")
        #expect(far.suggestions.isEmpty)
        #expect(far.description.contains("such as zhengzhou"))
        #expect(!far.description.contains("dongming"))        // not the whole list
        #expect(Gazetteer.editDistance("zhengzhuo", "zhengzhou") == 1)  // a transposition is one edit
        #expect(Gazetteer.editDistance("kitten", "sitting") == 3)       // the textbook Levenshtein example
    }
}

/// A broken copy of the plan yields one clear message per problem.
@Suite struct BrokenPlanTests {
    @Test func everyProblemIsReportedOnce() throws {
        let dir = packageRoot.appendingPathComponent("Tests/Fixtures/broken-plan").path
        do {
            _ = try Plan.load(directory: dir)
            Issue.record("the broken plan loaded")
        } catch let e as PlanLoadError {
            let messages = e.problems.map(\.description)
            let expected = [
                "plan/belt-missing.geojson: missing file",
                "plan.json: unknown layer \"stadiums\"",
                "plan/clusters.geojson: features[1]: has no id",
                "plan/clusters.geojson: cluster-unknown-status: unknown status \"proposed\"",
                "plan/clusters.geojson: cluster-in-the-sea: lies outside Henan",
                "plan/special_zone.geojson: special-cooperation-zone: measures 20.30 km² on the ellipsoid, more than 1.0 km² from its target of 30 km²",
                "plan/transport.geojson: station-as-polygon: is a Polygon, but the transport layer holds lines or points",
            ]
            #expect(messages.count == expected.count, "\(messages)")
            for prefix in expected { #expect(messages.filter { $0.hasPrefix(prefix) }.count == 1, "no single message for: \(prefix)") }
        }
    }

    @Test func aFolderWithoutManifestSaysSo() {
        #expect(throws: PlanLoadError.self) { try Plan.load(directory: "/tmp") }
    }
}
