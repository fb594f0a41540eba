import Foundation
import Testing
@testable import TongchengGeometry

/// The analysis subcommands: JSON contracts, named places, stdin/stdout, exit codes.
@Suite struct AnalysisCommandTests {
    @Test func reachJSONContractWithANamedPlace() throws {
        let r = try CLI.run(["reach", "--from", "zhengzhou", "--radius", "100km", "--within", "geodata/plan/zone.geojson", "--format", "json"])
        #expect(r.code == 0, "\(r.stderr)")
        let j = try r.json()
        #expect(j["origin"] == .array([113.6655, 34.7535]))
        #expect(j["radius_m"]?.doubleValue == 100_000)
        let f = try #require(j["features"]?.arrayValue?.first)
        for key in ["index", "id", "name", "area_m2", "inside_m2", "fraction"] { #expect(f[key] != nil, "no \(key)") }
        // Independent: pyproj + Shapely with a 3,600-vertex geodesic disc give fraction 0.0529468387.
        #expect(abs(try #require(f["fraction"]?.doubleValue) - 0.0529468387) < 1e-7)
    }

    @Test func reachFromLonLatAndFromAPolygonFile() throws {
        let lonlat = try CLI.run(["reach", "--from", "113.6655,34.7535", "--radius", "100 km", "--within", "geodata/plan/zone.geojson", "--format", "json"]).json()
        let named = try CLI.run(["reach", "--from", "zhengzhou", "--radius", "100km", "--within", "geodata/plan/zone.geojson", "--format", "json"]).json()
        #expect(lonlat["features"] == named["features"])
        let city = try CLI.run(["reach", "--from", "geodata/plan/central_city.geojson", "--radius", "100km", "--within", "geodata/plan/zone.geojson", "--format", "json"]).json()
        #expect(city["origin_kind"] == "area")
        let geo = try CLI.run(["reach", "--from", "zhengzhou", "--radius", "100km", "--within", "geodata/plan/zone.geojson", "--format", "geojson"])
        let fc = try GeoJSONReader().read(string: geo.stdout).featureCollection
        #expect(fc.features.first?.id == .string("reach"))
        #expect(fc.features.count == 2)
    }

    @Test func unknownPlaceIsBadUsage() throws {
        let r = try CLI.run(["reach", "--from", "atlantis", "--radius", "100km", "--within", "geodata/plan/zone.geojson"])
        #expect(r.code == 64)
        #expect(r.stderr.contains("unknown place \"atlantis\""))
        #expect(try CLI.run(["reach", "--from", "zhengzhou", "--radius", "far", "--within", "geodata/plan/zone.geojson"]).code == 64)
        #expect(try CLI.run(["reach", "--from", "zhengzhou", "--radius", "100km"]).code == 64)
    }

    @Test func overlapJSONContract() throws {
        let r = try CLI.run(["overlap", "geodata/plan/corridors.geojson", "geodata/plan/zone.geojson", "--format", "json"])
        #expect(r.code == 0)
        let pairs = try #require(r.json()["pairs"]?.arrayValue)
        #expect(pairs.count == 3)  // the two corridors and the north one's Lankao functional area
        for p in pairs {
            for key in ["a", "b", "area_m2", "fraction_of_a", "fraction_of_b"] { #expect(p[key] != nil) }
            for key in ["index", "id", "name"] { #expect(p["a"]?[key] != nil && p["b"]?[key] != nil) }
        }
        // Shapely intersection of the geodesically cut polygons + pyproj area (scripts/geodata/oracle_plan_values.py): 150,613,489.33 m² for the southern corridor in Lankao.
        let south = try #require(pairs.first { $0["a"]?["id"] == "corridor-south-industry" })
        #expect(abs(try #require(south["area_m2"]?.doubleValue) - 150_613_489.33) < 1)
    }

    @Test func overlapWithinOneFileFromStandardInput() throws {
        let text = try String(contentsOf: CLI.root.appendingPathComponent("geodata/boundaries.geojson"), encoding: .utf8)
        let r = try CLI.run(["overlap", "-", "--format", "json"], stdin: text)
        #expect(r.code == 0)
        let pairs = try #require(r.json()["pairs"]?.arrayValue)
        // Henan contains Zhengzhou: that pair's share of Zhengzhou is all of it.
        let henanZhengzhou = try #require(pairs.first { $0["a"]?["id"] == "410000" && $0["b"]?["id"] == "410100" })
        #expect(abs(try #require(henanZhengzhou["fraction_of_b"]?.doubleValue) - 1) < 1e-6)
        // Counties of one city touch but do not overlap.
        #expect(!pairs.contains { $0["a"]?["id"] == "410221" && $0["b"]?["id"] == "410222" })
    }

    @Test func nearJSONContractAndDistances() throws {
        let r = try CLI.run(["near", "geodata/places.geojson", "--to", "geodata/plan/transport.geojson", "--distance", "8km", "--format", "json"])
        #expect(r.code == 0)
        let j = try r.json()
        #expect(j["distance_m"]?.doubleValue == 8_000)
        let pairs = try #require(j["pairs"]?.arrayValue)
        let lankao = try #require(pairs.first { $0["a"]?["id"] == "lankao" && $0["b"]?["id"] == "hsr-lankao-zhengzhou-south" })
        // pyproj aeqd + Shapely: 6,113.39 m.
        #expect(abs(try #require(lankao["distance_m"]?.doubleValue) - 6_113.39) < 0.5)
    }

    @Test func bufferWritesGeoJSONToStdoutAndChains() throws {
        let point = #"{"type":"Feature","id":"p","properties":{"name":"点"},"geometry":{"type":"Point","coordinates":[114.8,34.8]}}"#
        let buffered = try CLI.run(["buffer", "-", "--distance", "2km"], stdin: point)
        #expect(buffered.code == 0)
        let area = try CLI.run(["area", "-", "--format", "json"], stdin: buffered.stdout).json()
        let a = try #require(area["total_m2"]?.doubleValue)
        #expect(abs(a / (Double.pi * 4e6) - 1) < 0.001)
        let f = try #require(area["features"]?.arrayValue?.first)
        #expect(f["id"] == "p" && f["name"] == "点")
    }

    @Test func invalidInputIsRefusedWithAHintUnlessRepaired() throws {
        let bowtie = #"{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[114,34],[115,35],[115,34],[114,35],[114,34]]]}}"#
        let refused = try CLI.run(["buffer", "-", "--distance", "1km"], stdin: bowtie)
        #expect(refused.code == 65)
        #expect(refused.stderr.contains("Self-intersection") && refused.stderr.contains("--repair"))
        let repaired = try CLI.run(["buffer", "-", "--distance", "1km", "--repair"], stdin: bowtie)
        #expect(repaired.code == 0)
        #expect(repaired.stderr.contains("repaired 1 invalid geometry"))
    }

    @Test func clipEraseDissolve() throws {
        let clipped = try CLI.run(["clip", "geodata/plan/belt.geojson", "--mask", "geodata/plan/zone.geojson"])
        let erased = try CLI.run(["erase", "geodata/plan/belt.geojson", "--mask", "geodata/plan/zone.geojson"])
        #expect(clipped.code == 0 && erased.code == 0)
        let a = try CLI.run(["area", "-", "--format", "json"], stdin: clipped.stdout).json()["total_m2"]?.doubleValue ?? 0
        let b = try CLI.run(["area", "-", "--format", "json"], stdin: erased.stdout).json()["total_m2"]?.doubleValue ?? 0
        let whole = try CLI.run(["area", "geodata/plan/belt.geojson", "--format", "json"]).json()["total_m2"]?.doubleValue ?? 0
        #expect(abs(a + b - whole) / whole < 1e-6)
        #expect(try CLI.run(["clip", "geodata/plan/belt.geojson"]).code == 64)
        let dissolved = try CLI.run(["dissolve", "geodata/henan_counties.geojson", "--by", "city"])
        // Henan: 17 prefecture-level cities plus Jiyuan (419001), a county-level city under the province.
        #expect(try GeoJSONReader().read(string: dissolved.stdout).featureCollection.features.count == 18)
    }

    @Test func isochroneJSONAndTravelTimes() throws {
        let r = try CLI.run(["isochrone", "--from", "zhengzhou", "--minutes", "60", "--within", "geodata/plan/zone.geojson", "--to", "lankao-south", "--format", "json"])
        #expect(r.code == 0, "\(r.stderr)")
        let j = try r.json()
        #expect(j["minutes"]?.doubleValue == 60)
        #expect((j["area_m2"]?.doubleValue ?? 0) > 0)
        let minutes = try #require(j["destinations"]?.arrayValue?.first?["minutes"]?.doubleValue)
        #expect(minutes < 60)
        #expect(j["features"]?.arrayValue?.first?["fraction"]?.doubleValue != nil)
        #expect(try CLI.run(["isochrone", "--from", "zhengzhou", "--minutes", "60", "--status", "dreamt"]).code == 64)
    }

    @Test func siteWritesRankedCandidates() throws {
        let r = try CLI.run(["site", "--area", "30km2", "--within", "geodata/plan/zone.geojson", "--avoid", "geodata/plan/belt.geojson",
                             "--near", "geodata/plan/transport.geojson", "--max-distance", "5km", "--count", "2"])
        #expect(r.code == 0, "\(r.stderr)")
        let fc = try GeoJSONReader().read(string: r.stdout).featureCollection
        #expect(fc.features.map { $0[property: "rank"]?.doubleValue } == [1, 2])
        for f in fc.features { #expect(abs((f[property: "area_m2"]?.doubleValue ?? 0) / 30e6 - 1) < 0.001) }
        #expect(try CLI.run(["site", "--area", "thirty", "--within", "geodata/plan/zone.geojson"]).code == 64)
    }

    @Test func planCommandChecksAFolder() throws {
        #expect(try CLI.run(["plan"]).code == 0)
        let broken = try CLI.run(["plan", "--plan", "Tests/Fixtures/broken-plan"])
        #expect(broken.code == 65)
        #expect(broken.stderr.components(separatedBy: "\n").filter { $0.hasPrefix("tongcheng: plan") }.count == 7)
    }

    /// Issue 28: `plan --elements` lists every element of the two texts from geodata/plan-elements.json,
    /// the features that draw it or why not (the expected rows are that file's entries).
    @Test func planElementsListsWhatTheTextsNameDrawnOrNot() throws {
        let r = try CLI.run(["plan", "--elements"])
        #expect(r.code == 0, "\(r.stderr)")
        let rows = r.stdout.components(separatedBy: "\n")
        #expect(rows.contains { $0.hasPrefix("黄河故道生态带") && $0.contains("总体方案 (2021) 四（八）") && $0.hasSuffix("belt-old-course") })
        #expect(rows.contains { $0.hasPrefix("兰曹经济合作区") && $0.contains("豫政〔2024〕13号 三（九）") && $0.hasSuffix("not drawn (unplaced)") })
        #expect(rows.contains { $0.hasPrefix("兰原高速公路") && $0.contains("expressway-lanyuan-fengqiu-yuanyang") })
        #expect(rows.last { !$0.isEmpty } == "60 elements: 47 drawn, 13 not drawn (plan-elements.json gives each one's reason)")
        // JSON carries each reason.
        let json = try JSONValue.parse(try CLI.run(["plan", "--elements", "--format", "json"]).stdout)
        let wood = json["elements"]?.arrayValue?.first { $0["name"]?.stringValue == "兰考至曹县木制品加工产业带" }
        #expect(wood?["drawn"]?.boolValue == false && wood?["role"]?.stringValue == "programme")
        #expect(wood?["reason"]?.stringValue?.isEmpty == false)
        // A plan folder without the list: no input (66), said plainly.
        let none = try CLI.run(["plan", "--elements", "--plan", "Tests/Fixtures/broken-plan"])
        #expect(none.code == 66)
        #expect(none.stderr.contains("plan-elements.json: no such file"))
    }
}
