import Foundation
import Testing
@testable import TongchengAnalysis
@testable import TongchengGeodesy
@testable import TongchengGeometry
@testable import TongchengPlan
@testable import TongchengTopology

/// The bundled plan, loaded once; a failure fails each test that uses it (a `try!` here would
/// take the whole test target down).
let loadedPlan = Result { try Plan.load(directory: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("geodata").path) }
var plan: Plan { get throws { try loadedPlan.get() } }
let erqi = Position(113.6655, 34.7535)

func refs(_ kind: LayerKind) throws -> [FeatureRef] { let p = try plan; return FeatureRef.all(in: p[kind]!.collection, file: p[kind]!.file) }

/// The 100 km reach, against pyproj and Shapely on the same input.
@Suite struct ReachTests {
    @Test func shareOfLankaoWithin100KmOfZhengzhouMatchesPyprojAndShapely() throws {
        // Independent computation (pyproj 3.7.2 + Shapely 2.2.0): a disc of 3,600 vertices from
        // Geod(ellps="WGS84").fwd(113.6655, 34.7535, azimuth, 100 km), intersected with the
        // bundled Lankao polygon by Shapely, measured by Geod.geometry_area_perimeter:
        // inside 58,585,356.82 m², fraction 0.0529468387.
        let rows = try Reach(origin: .point(erqi), radiusMetres: 100_000).measure(refs(.zone))
        #expect(abs(rows[0].insideSquareMetres - 58_585_356.82) < 100)
        #expect(abs(rows[0].fraction - 0.0529468387) < 1e-7)
    }

    @Test func reachFromTheCentralCityEdgeCoversMoreThanFromItsCentre() throws {
        let city = try #require(try plan[.centralCity]?.feature(id: "central-city-zhengzhou")?.geometry)
        let fromCentre = try Reach(origin: .point(erqi), radiusMetres: 100_000).measure(refs(.zone))[0].fraction
        let fromEdge = try Reach(origin: .area(city), radiusMetres: 100_000).measure(refs(.zone))[0].fraction
        #expect(fromEdge > fromCentre)
        // The edge disc contains the centre disc (the city contains its centre).
        let discEdge = try Reach(origin: .area(city), radiusMetres: 100_000).disc()
        #expect(try discEdge.covers(Reach(origin: .point(erqi), radiusMetres: 99_000).disc()))
    }

    @Test func featuresWhollyInsideOrOutsideAreOneOrZero() throws {
        let rows = try Reach(origin: .point(erqi), radiusMetres: 100_000).measure(FeatureRef.all(in: plan[.boundaries]!.collection, file: "b"))
        #expect(rows.first { $0.ref.feature.id == .string("410100") }?.fraction == 1)   // Zhengzhou city
        #expect(rows.first { $0.ref.feature.id == .string("371728") }?.fraction == 0)   // Dongming, Shandong
    }
}

/// Overlaps, against Shapely + pyproj on the same input.
@Suite struct OverlapTests {
    @Test func corridorsAgainstLankaoMatchShapely() throws {
        // Shapely intersection + pyproj Geod area (scripts/geodata/oracle_plan_values.py): north 107,967,888.53 m²,
        // south 150,613,489.33 m², and the north corridor's Lankao functional area 107,765,590.05 m².
        let pairs = try Overlap().pairs(between: refs(.corridors), and: refs(.zone))
        #expect(pairs.count == 3)
        let lankaoArea = try #require(pairs.first { $0.a.feature.planID == "corridor-north-science-lankao" })
        #expect(abs(lankaoArea.areaSquareMetres - 107_765_590.05) < 1)
        let north = try #require(pairs.first { $0.a.feature.planID == "corridor-north-science" })
        let south = try #require(pairs.first { $0.a.feature.planID == "corridor-south-industry" })
        #expect(abs(north.areaSquareMetres - 107_967_888.53) < 1)
        #expect(abs(south.areaSquareMetres - 150_613_489.33) < 1)
        #expect(abs(north.fractionOfB - 107_967_888.53 / 1_106_493_952.415921) < 1e-9)
    }

    @Test func pairsWithinOneLayerAreUnorderedAndTouchingIsNotOverlapping() throws {
        func cell(_ x: Double) -> FeatureRef {
            FeatureRef(file: "t", index: Int(x), feature: Feature(geometry: .polygon(Polygon(exterior: LineString([
                Position(x, 0), Position(x + 1, 0), Position(x + 1, 1), Position(x, 1), Position(x, 0),
            ])))))
        }
        // 0–1 and 1–2 only touch; 0.5–1.5 overlaps both.
        let cells = [cell(0), cell(1), FeatureRef(file: "t", index: 2, feature: Feature(geometry: .polygon(Polygon(exterior: LineString([
            Position(0.5, 0), Position(1.5, 0), Position(1.5, 1), Position(0.5, 1), Position(0.5, 0),
        ])))))]
        let pairs = try Overlap().pairs(within: cells)
        #expect(pairs.map { [$0.a.index, $0.b.index] } == [[0, 2], [1, 2]])
        // Half of each cell is shared (geodesic edges bulge a little, so not exactly half).
        #expect(pairs.allSatisfy { abs($0.fractionOfA - 0.5) < 1e-4 && abs($0.fractionOfB - 0.5) < 1e-4 })
    }

    /// The 一带 (belt-yellow-river) only: 黄河故道生态带 (belt-old-course), a reasoned course, crosses
    /// the placed zone (geodata/README.md; scripts/geodata/special-zone-site.yaml avoids the 一带 only).
    @Test func specialZoneStaysOutOfTheBelt() throws {
        let yellowRiverBelt = try refs(.belt).filter { $0.feature.id == .string("belt-yellow-river") }
        #expect(yellowRiverBelt.count == 1)
        #expect(try Overlap().pairs(between: refs(.specialZone), and: yellowRiverBelt).isEmpty)
    }

    @Test func manyFeaturesUseTheIndex() throws {
        // 1,600 cells in a 40 × 40 grid, each overlapping its right neighbour by half and touching
        // the one after: 1,560 pairs (touching is not overlapping, even with rounding in 0.01·i).
        var cells: [FeatureRef] = []
        for i in 0..<40 {
            for j in 0..<40 {
                let x = Double(i) * 0.01, y = Double(j) * 0.02
                cells.append(FeatureRef(file: "g", index: cells.count, feature: Feature(geometry: .polygon(Polygon(exterior: LineString([
                    Position(x, y), Position(x + 0.02, y), Position(x + 0.02, y + 0.01), Position(x, y + 0.01), Position(x, y),
                ]))))))
            }
        }
        let pairs = try Overlap(jobs: 2).pairs(within: cells)
        #expect(pairs.count == 39 * 40)
    }
}

@Suite struct BufferAndOverlayTests {
    @Test func polygonsThatOnlyTouchClipToNothing() throws {
        // Two unit squares sharing an edge: GEOS's intersection is that edge (a LineString); a clip
        // of a polygon layer must not pass a line on, so the feature disappears.
        func square(_ x: Double) -> Geometry {
            .polygon(Polygon(rings: [LineString([Position(x, 34), Position(x + 0.01, 34), Position(x + 0.01, 34.01), Position(x, 34.01), Position(x, 34)])]))
        }
        #expect(try square(114).intersection(square(114.01)).dimension == 1)
        let clipped = try Overlay.clip(FeatureCollection([Feature(geometry: square(114))]), to: [square(114.01)])
        #expect(clipped.features.isEmpty)
        // A point touch too; and a real overlap keeps its polygon.
        let corner = Geometry.polygon(Polygon(rings: [LineString([Position(114.01, 34.01), Position(114.02, 34.01), Position(114.02, 34.02), Position(114.01, 34.02), Position(114.01, 34.01)])]))
        #expect(try Overlay.clip(FeatureCollection([Feature(geometry: square(114))]), to: [corner]).features.isEmpty)
        let overlapping = try Overlay.clip(FeatureCollection([Feature(geometry: square(114))]), to: [square(114.005)])
        #expect(overlapping.features.count == 1 && overlapping.features[0].geometry?.dimension == 2)
    }

    @Test func geodesicBufferOfASquareFollowsSteinersFormula() throws {
        // A 10 km square buffered by 1 km: A + P·d + π·d² = 100 + 40 + π km² (convex shape).
        let c = Position(114.8, 34.8)
        let ne = Ellipsoid.wgs84
        let sw = c, se = ne.destination(from: sw, azimuth: 90, distanceMetres: 10_000)
        let nw = ne.destination(from: sw, azimuth: 0, distanceMetres: 10_000)
        let neCorner = ne.destination(from: se, azimuth: 0, distanceMetres: 10_000)
        let square = Geometry.polygon(Polygon(exterior: LineString([sw, se, neCorner, nw, sw])))
        let base = square.geodesicArea(), perimeter = square.geodesicLength()
        let buffered = try BufferAnalysis(distanceMetres: 1_000).buffer(square)
        let expected = base + perimeter * 1_000 + Double.pi * 1e6
        #expect(abs(buffered.geodesicArea() / expected - 1) < 0.001)
    }

    @Test func projectedBufferAgreesWithGeodesicBuffer() throws {
        let point = Geometry.point(Point(114.8, 34.8))
        let geodesic = try BufferAnalysis(distanceMetres: 5_000).buffer(point).geodesicArea()
        let gk = try BufferAnalysis(distanceMetres: 5_000, crs: .gaussKruger114).buffer(point).geodesicArea()
        // Gauss–Krüger at 0.8° from CM 114°E has a scale of ≈ 1.00008: areas differ by ≈ 0.016 %.
        #expect(abs(gk / geodesic - 1) < 0.0005)
    }

    @Test func clipEraseAndDissolveAddUp() throws {
        let lankao = try plan.lankao!.geometry!
        let belt = try plan[.belt]!.collection
        let inside = try Overlay.clip(belt, to: [lankao]).features.compactMap(\.geometry).reduce(0) { $0 + $1.geodesicArea() }
        let outside = try Overlay.erase(belt, with: [lankao]).features.compactMap(\.geometry).reduce(0) { $0 + $1.geodesicArea() }
        let whole = belt.features.compactMap(\.geometry).reduce(0) { $0 + $1.geodesicArea() }
        #expect(abs(inside + outside - whole) / whole < 1e-6)
        #expect(inside > 0 && outside > 0)
        let byCity = try Overlay.dissolve(FeatureCollection(plan[.boundaries]!.features.filter { $0[property: "level"] == "county" }), by: "city")
        #expect(Set(byCity.features.compactMap { $0[property: "city"]?.stringValue }) == ["郑州市", "开封市", "菏泽市", "商丘市"])
    }

    @Test func invalidInputIsRefusedUnlessRepaired() throws {
        let bowtie = FeatureRef(file: "x.geojson", index: 3, feature: Feature(geometry: .polygon(Polygon(exterior: LineString([
            Position(0, 0), Position(1, 1), Position(1, 0), Position(0, 1), Position(0, 0),
        ])))))
        #expect(throws: InvalidGeometryError.self) { try ValidityPolicy.check([bowtie], repair: false) }
        let (fixed, repaired) = try ValidityPolicy.check([bowtie], repair: true)
        #expect(repaired == 1)
        #expect(try fixed[0].geometry!.isValid())
    }
}

@Suite struct NearTests {
    @Test func distancesToTheSouthernHSRMatchPyprojAndShapely() throws {
        // pyproj aeqd centred on each place + Shapely distance to the line: Lankao county seat
        // 6,113.39 m, Lankao station 4,844.99 m; stations on the line 0.
        let line = try plan[.transport]!.feature(id: "hsr-lankao-zhengzhou-south")!
        let pairs = try Near(distanceMetres: 8_000).pairs(from: refs(.places), to: [FeatureRef(file: "t", index: 0, feature: line)])
        func d(_ id: String) -> Double? { pairs.first { $0.a.feature.planID == id }?.distanceMetres }
        #expect(abs(try #require(d("lankao")) - 6_113.39) < 0.5)
        #expect(abs(try #require(d("lankao-station")) - 4_844.99) < 0.5)
        #expect(d("lankao-south") == 0)
        #expect(d("zhengzhou") == nil)
    }

    @Test func pointToPointDistanceIsGeodesic() throws {
        let (d, _, _) = try Near.distance(.point(Point(erqi)), .point(Point(114.816, 34.827)))
        #expect(abs(d - Ellipsoid.wgs84.distance(erqi, Position(114.816, 34.827))) < 0.01)
    }
}

@Suite struct IsochroneTests {
    var stations: [Position] { get throws {
        try plan.features(.places).filter { $0.kindProperty == "station" }.compactMap { if case .point(let p)? = $0.geometry { return p.position } else { return nil } }
    } }

    @Test func withoutANetworkTheIsochroneIsTheAccessDisc() throws {
        // 60 min at 30 km/h straight-line: a 30 km disc (within 0.2 % of π·30² km²).
        let area = try Isochrone(origin: erqi, minutes: 60, network: []).area().geodesicArea()
        #expect(abs(area / (Double.pi * 30_000 * 30_000) - 1) < 0.002)
    }

    @Test func highSpeedRailBringsLankaoSouthWithinAnHour() throws {
        let iso = try Isochrone(origin: erqi, minutes: 60, network: plan.features(.transport).filter { $0.planStatus == .existing }, stations: stations)
        let lankaoSouth = try plan.gazetteer.position("lankao-south")
        let zhengzhouEast = try plan.gazetteer.position("zhengzhou-east")
        let toEast = try #require(try iso.minutes(to: zhengzhouEast))
        let toLankaoSouth = try #require(try iso.minutes(to: lankaoSouth))
        // Hand check: the ride Zhengzhou East → Lankao South is the line's length at 250 km/h plus 5 min boarding.
        let hsr = try plan[.transport]!.feature(id: "hsr-zhengzhou-xuzhou")!.geometry!
        #expect(toLankaoSouth > toEast + 5)
        #expect(toLankaoSouth <= toEast + 5 + hsr.geodesicLength() / 1000 / 250 * 60 + 1)
        #expect(try iso.area().covers(.point(Point(lankaoSouth))))
        // Without the railway, Lankao South is beyond an hour.
        let roadsOnly = try Isochrone(origin: erqi, minutes: 60, network: plan.features(.transport).filter { $0.mode == "national_road" }, stations: stations)
        #expect(try roadsOnly.minutes(to: lankaoSouth) == nil)
    }

    @Test func plannedLinesShortenTheTripTheyServe() throws {
        // From 郑州航空港站 (the planned southern HSR extension's terminus) to Lankao South: today the
        // trip needs the access disc and the existing network; with planned lines the extension
        // runs there directly. Hand check: its length at 250 km/h plus 5 min boarding.
        let airport = try plan.gazetteer.position("zhengzhou-south")
        let lankaoSouth = try plan.gazetteer.position("lankao-south")
        let transport = try plan.features(.transport)
        let extensionLine = try #require(transport.first { $0.planID == "hsr-lankao-zhengzhou-south" }?.geometry)
        let today = try Isochrone(origin: airport, minutes: 120, network: transport.filter { $0.planStatus == .existing }, stations: stations)
        let planned = try Isochrone(origin: airport, minutes: 120, network: transport, stations: stations)
        let withPlanned = try #require(try planned.minutes(to: lankaoSouth))
        #expect(withPlanned <= 5 + extensionLine.geodesicLength() / 1000 / 250 * 60 + 1)
        if let now = try today.minutes(to: lankaoSouth) { #expect(withPlanned < now - 5, "today \(now) min, planned \(withPlanned) min") }
        // From Erqi Square the planned extension does not help within an hour: reaching its
        // terminus already takes the access disc's 30 km/h for about 25 km (the README says so).
        let erqiToday = try Isochrone(origin: erqi, minutes: 60, network: transport.filter { $0.planStatus == .existing }, stations: stations)
        let erqiPlanned = try Isochrone(origin: erqi, minutes: 60, network: transport, stations: stations)
        #expect(try erqiPlanned.minutes(to: airport) ?? 61 >= 40)
        #expect(try erqiPlanned.minutes(to: lankaoSouth) == erqiToday.minutes(to: lankaoSouth))
    }
}

@Suite struct SiteTests {
    @Test func sitesHaveTheAreaLieInsideTheRegionAndAvoidTheConstraints() throws {
        let lankao = try plan.lankao!.geometry!
        let belt = try plan[.belt]!.features[0].geometry!
        let sites = try SiteSearch(areaSquareMetres: 30e6, region: lankao, avoid: [belt], near: plan.features(.transport).compactMap(\.geometry), maxDistanceMetres: 5_000, count: 3).run()
        #expect(sites.count == 3)
        for s in sites {
            #expect(abs(s.areaSquareMetres / 30e6 - 1) < 0.001)
            #expect(try lankao.covers(s.geometry))
            #expect(try !s.geometry.overlaps(belt) && !belt.contains(s.geometry))
            #expect(try #require(s.distanceMetres) <= 5_000)
        }
        #expect(try !sites[0].geometry.overlaps(sites[1].geometry))
        #expect(sites[0].score >= sites[1].score && sites[1].score >= sites[2].score)
    }

    @Test func noRoomMeansNoSites() throws {
        let lankao = try plan.lankao!.geometry!
        #expect(try SiteSearch(areaSquareMetres: 2_000e6, region: lankao).run().isEmpty)
    }
}
