import Foundation
import Testing
@testable import TongchengGeometry
@testable import TongchengPlan
@testable import TongchengRecipes
import TongchengReport

let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
/// A copy of examples/ (beside a link to geodata/) in a temporary folder, so that running the
/// example recipes writes their `out/` files there and never into the source tree.
let examplesCopy: URL = {
    let fm = FileManager.default
    let top = fm.temporaryDirectory.appendingPathComponent("tongcheng-recipes-\(UUID().uuidString)")
    let copy = top.appendingPathComponent("examples")
    do {
        try fm.createDirectory(at: copy, withIntermediateDirectories: true)
        try fm.createSymbolicLink(at: top.appendingPathComponent("geodata"), withDestinationURL: root.appendingPathComponent("geodata"))
        for name in try fm.contentsOfDirectory(atPath: root.appendingPathComponent("examples").path) where name.hasSuffix(".yaml") {
            try fm.copyItem(at: root.appendingPathComponent("examples/\(name)"), to: copy.appendingPathComponent(name))
        }
    } catch {
        Issue.record("cannot copy examples/ to \(copy.path): \(error)")
    }
    return copy
}()
func example(_ name: String) -> String { examplesCopy.appendingPathComponent(name).path }
func fixture(_ name: String) -> String { root.appendingPathComponent("Tests/Fixtures/recipes/\(name)").path }
let planDirectory = root.appendingPathComponent("geodata").path

func run(_ name: String) throws -> [String: StepResult] {
    try RecipeRunner(recipe: try Recipe.load(file: example(name), planDirectory: planDirectory), jobs: 2).run()
}

func column(_ t: ResultTable?, _ c: String) -> [JSONValue] {
    guard let t, let i = t.columns.firstIndex(of: c) else { return [] }
    return t.rows.map { $0[i] }
}

/// The example recipes answer their questions, checked against independent computations.
@Suite(.serialized) struct ExampleRecipeTests {
    @Test func townsNearTheHSR() throws {
        let r = try run("towns-near-hsr.yaml")
        let table = try #require(r["near-hsr"]?.table)
        let ids = Set(column(table, "a_id").compactMap(\.stringValue))
        // pyproj aeqd + Shapely: Lankao station 4,844.99 m from the line (inside 5 km), the county
        // seat 6,113.39 m (outside); the stations the line passes are on it.
        for id in ["lankao-south", "lankao-station", "qixian", "tongxu", "weishi", "zhengzhou-south"] { #expect(ids.contains(id), "\(id)") }
        #expect(!ids.contains("lankao"))
        // Outputs written where the recipe says, relative to it.
        let csv = try String(contentsOfFile: example("out/towns-near-hsr.csv"), encoding: .utf8)
        #expect(csv.hasPrefix("a_id,a_name,b_id,b_name,distance_m\n"))
        let band = try GeoJSONReader().read(file: example("out/hsr-5km-band.geojson")).featureCollection
        #expect(band.features.count == 1)
    }

    @Test func kaifengCountiesReach() throws {
        let r = try run("kaifeng-counties-reach.yaml")
        let t = try #require(r["from-centre"]?.table)
        #expect(t.rows.count == 9)  // Kaifeng's five districts and four counties
        let ids = column(t, "id").map(\.displayText)
        let fractions = column(t, "fraction").compactMap(\.doubleValue)
        let lankao = try #require(ids.firstIndex(of: "410225"))
        // pyproj + Shapely (3,600-vertex geodesic disc): 0.0529468387.
        #expect(abs(fractions[lankao] - 0.0529468387) < 1e-7)
        let edge = try #require(r["from-city-edge"]?.table)
        let edgeFractions = column(edge, "fraction").compactMap(\.doubleValue)
        for k in fractions.indices { #expect(edgeFractions[k] >= fractions[k] - 1e-12) }
        let json = try String(contentsOfFile: example("out/kaifeng-reach-from-city-edge.json"), encoding: .utf8)
        #expect(json.hasPrefix("{\"columns\":[\"layer\",\"index\",\"id\""))
    }

    @Test func specialZoneNearTheBelt() throws {
        let r = try run("special-zone-near-belt.yaml")
        // pyproj Geod: 30,000,353.16 m²; the zone lies 7,187.17 m from the 一带 (belt-yellow-river; pyproj
        // aeqd + Shapely; scripts/geodata/oracle_plan_values.py), so nothing of it is within 2 km.
        #expect(abs((column(r["zone-area"]?.table, "area_m2").first?.doubleValue ?? 0) - 30_000_353.16) < 1)
        #expect(r["near-belt-area"]?.table?.rows.isEmpty == true)
        let d = try #require(column(r["distance-to-belt"]?.table, "distance_m").first?.doubleValue)
        #expect(abs(d - 7_187.17) < 5)
    }

    @Test func lankaoLandBudget() throws {
        let r = try run("lankao-land-budget.yaml")
        // Shapely difference + pyproj area: 944,364,234.3 m² of Lankao lies outside the 一带
        // (belt-yellow-river; scripts/geodata/oracle_plan_values.py).
        let outside = try #require(column(r["outside-belt-area"]?.table, "area_m2").first?.doubleValue)
        #expect(abs(outside - 944_364_234.3) / outside < 1e-6)
        let mu = try #require(column(r["outside-belt-area"]?.table, "area_mu").first?.doubleValue)
        #expect(abs(mu - outside / (10_000.0 / 15.0)) < 1e-6)
        let free = try #require(column(r["free-land-area"]?.table, "area_m2").first?.doubleValue)
        #expect(free < outside && free > outside - 300e6)
    }

    @Test func specialZoneSiting() throws {
        let r = try run("special-zone-siting.yaml")
        let sites = try #require(r["candidates"]?.layer.features)
        #expect(sites.count == 3)
        let plan = try Plan.load(directory: planDirectory)
        for s in sites {
            let g = try #require(s.geometry)
            #expect(abs(g.geodesicArea() / 30e6 - 1) < 0.001)
            #expect(try plan.lankao!.geometry!.covers(g))
        }
    }

    @Test func hourIsochroneTodayAndPlanned() throws {
        let r = try run("isochrone-hour.yaml")
        let today = try #require(column(r["hour-today"]?.table, "fraction").first?.doubleValue)
        let planned = try #require(column(r["hour-planned"]?.table, "fraction").first?.doubleValue)
        #expect(today > 0 && today < 1)
        #expect(planned >= today)
    }

    @Test func aStepUsedTwiceRunsOnce() throws {
        final class Log: @unchecked Sendable { var names: [String] = []; let lock = NSLock() }
        let log = Log()
        let recipe = try Recipe.load(file: example("kaifeng-counties-reach.yaml"), planDirectory: planDirectory)
        // kaifeng-counties is read by two reach steps.
        #expect(recipe.steps.filter { $0.references.contains("kaifeng-counties") }.count == 2)
        _ = try RecipeRunner(recipe: recipe, jobs: 1, onStep: { name in log.lock.lock(); log.names.append(name); log.lock.unlock() }).run(writeOutputs: false)
        #expect(log.names == ["kaifeng-counties", "from-centre", "zhengzhou-city", "from-city-edge"])
    }

    @Test func dryRunPrintsThePlanWithLines() throws {
        let text = RecipeRunner(recipe: try Recipe.load(file: example("towns-near-hsr.yaml"), planDirectory: planDirectory)).describe()
        #expect(text.contains("1. hsr = filter(input=plan.transport, where={id: hsr-heze-lankao|hsr-lankao-zhengzhou-south})   [line 5]"))
        #expect(text.contains("write table near-hsr → "))
    }
}

/// Invalid recipes fail before any work, with the line and the step.
@Suite struct InvalidRecipeTests {
    func error(_ name: String) -> RecipeError? {
        do {
            _ = try Recipe.load(file: fixture(name), planDirectory: planDirectory)
            return nil
        } catch let e as RecipeError { return e } catch { return nil }
    }

    @Test func unknownLayerName() throws {
        let e = try #require(error("unknown-layer.yaml"))
        #expect(e.line == 10 && e.step == "clipped")
        #expect(e.message.contains("unknown layer \"lankao-boundary\""))
    }

    @Test func wrongParameter() throws {
        let e = try #require(error("wrong-parameter.yaml"))
        #expect(e.line == 6 && e.step == "band")
        #expect(e.message.contains("buffer has no parameter \"radius\""))
    }

    @Test func badDistance() throws {
        let e = try #require(error("bad-distance.yaml"))
        #expect(e.line == 6)
        #expect(e.message.contains("\"distance\" must be a distance with a unit"))
    }

    @Test func missingFile() throws {
        let e = try #require(error("missing-file.yaml"))
        #expect(e.line == 4)
        #expect(e.message.contains("no such file"))
    }

    @Test func unknownOperation() throws {
        let e = try #require(error("unknown-operation.yaml"))
        #expect(e.line == 8 && e.step == "smooth")
        #expect(e.message.contains("unknown operation \"smoothen\""))
    }

    @Test func wrongVersionAndBadYAML() throws {
        #expect(try #require(error("wrong-version.yaml")).line == 1)
        let yaml = try #require(error("bad-yaml.yaml"))
        #expect(yaml.line > 0)
        #expect(yaml.message.contains("not valid YAML"))
    }

    @Test func tableFromAStepThatMakesNone() throws {
        let e = try #require(error("table-from-layer-step.yaml"))
        #expect(e.line == 8)
        #expect(e.message.contains("is not a step that makes a table"))
    }

    @Test func everyExampleRecipeIsValid() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: examplesCopy.path).filter { $0.hasSuffix(".yaml") && !$0.hasSuffix(".map.yaml") }
        #expect(files.count >= 5)
        for f in files { #expect(throws: Never.self) { _ = try Recipe.load(file: example(f), planDirectory: planDirectory) } }
    }
}

/// The recipe format is declared once (Sources/Recipes/Operations/); the documentation and the
/// command line are checked against those declarations so that they cannot drift.
@Suite struct RecipeDeclarationTests {
    @Test func docsListEveryStepTypeWithItsParameters() throws {
        let docs = try String(contentsOfFile: root.appendingPathComponent("docs/recipes.md").path, encoding: .utf8)
        for op in RecipeSchema.orderedOperations {
            #expect(docs.contains(op.markdownReference), "docs/recipes.md does not hold the declaration of \(op.name):\n\(op.markdownReference)")
        }
        let stepSection = docs.components(separatedBy: "## Step types")[1].components(separatedBy: "\n## ")[0]
        let headings = stepSection.components(separatedBy: "\n").filter { $0.hasPrefix("### ") }
        #expect(headings.count == RecipeSchema.orderedOperations.count, "documented: \(headings)")
    }

    /// A tiny step of each type on the bundled plan; a step type added without one fails the test.
    static let tinySteps: [String: String] = [
        "transform": "{input: plan.special_zone, to: EPSG:4547}",
        "buffer": "{input: plan.special_zone, distance: 1km}",
        "dissolve": "{input: plan.corridors}",
        "clip": "{input: plan.corridors, mask: [plan.zone]}",
        "intersect": "{input: plan.corridors, mask: [plan.zone]}",
        "difference": "{input: plan.zone, mask: [plan.belt]}",
        "union": "{inputs: [plan.zone, plan.belt]}",
        "area": "{input: plan.zone}",
        "centroid": "{input: plan.zone, inside: true}",
        "length": "{input: plan.transport}",
        "reach": "{from: zhengzhou, radius: 100km, within: [plan.zone]}",
        "overlap": "{input: plan.corridors, with: plan.zone}",
        "near": "{input: plan.places, to: plan.transport, distance: 5km}",
        // Its table holds the share of each `within` feature inside the area: none without one.
        "isochrone": "{from: zhengzhou, minutes: 30, within: [plan.zone]}",
        "site": "{within: [plan.special_zone], area: 2km2, count: 1}",
        "simplify": "{input: plan.zone, tolerance: 100m}",
        "filter": "{input: plan.transport, where: {status: existing}}",
        "select": "{input: plan.places, by: [plan.zone]}",
        "tabulate": "{input: plan.corridors, by: name, zones: [plan.zone]}",
        "conform": "{input: plan.special_zone, forbid: [plan.belt, plan.corridors]}",
        // On the small fixtures of scripts/oracle/quality_oracle.py (`tinyInputs`), where each
        // has something to report (a plan layer may have no problem and no change to table).
        "check": "{input: layer}",
        "transition": "{old: old, new: new, by: DLBM}",
        "diff": "{old: diff-old, new: diff-new, key: BSM}",
        "balance": "{input: plan, farmland: farmland, supplement: supplement}",
    ]

    /// The layers the tiny steps read besides the plan's.
    static let tinyInputs = ["layer": "check-layer", "old": "survey-old", "new": "survey-new", "diff-old": "diff-old", "diff-new": "diff-new",
                             "plan": "balance-plan", "farmland": "balance-farmland", "supplement": "balance-supplement"]
        .sorted { $0.key < $1.key }
        .map { "  \($0.key): {file: \(root.appendingPathComponent("Tests/Fixtures/quality/\($0.value).geojson").path)}\n" }.joined()

    @Test func everyDeclaredStepTypeRunsThroughTheRegistry() throws {
        let names = RecipeSchema.orderedOperations.map(\.name)
        #expect(Set(names).count == names.count, "a step type is declared twice")
        // Each declared step type runs from a tiny recipe through the parser and the runner (so
        // none is declared but unreachable) and makes what its declaration says: a non-empty
        // table when it makes one, else a non-empty layer.
        for op in RecipeSchema.orderedOperations {
            guard let parameters = Self.tinySteps[op.name] else {
                Issue.record("no tiny step for the step type \(op.name): add one to tinySteps")
                continue
            }
            let yaml = "version: 1\ninputs:\n\(Self.tinyInputs)steps:\n  - name: result\n    \(op.name): \(parameters)\n"
            let recipe = try Recipe.parse(yaml, file: examplesCopy.appendingPathComponent("tiny.yaml").path, planDirectory: planDirectory)
            let result = try #require(try RecipeRunner(recipe: recipe, jobs: 2).run(writeOutputs: false)["result"], "\(op.name) made no result")
            if op.makesTable {
                #expect((result.table?.rows.count ?? 0) > 0, "\(op.name) made no table rows")
            } else {
                #expect(!result.layer.features.isEmpty, "\(op.name) made no features")
            }
        }
        #expect(Set(Self.tinySteps.keys) == Set(names), "tiny steps for undeclared types: \(Set(Self.tinySteps.keys).subtracting(names))")
    }
}

/// The step types no example recipe uses, each against an independent value, and errors that
/// only show while a recipe runs.
@Suite struct LessUsedStepTests {
    func results(_ yaml: String) throws -> [String: StepResult] {
        let recipe = try Recipe.parse("version: 1\n" + yaml, file: examplesCopy.appendingPathComponent("inline.yaml").path, planDirectory: planDirectory)
        return try RecipeRunner(recipe: recipe, jobs: 2).run(writeOutputs: false)
    }

    @Test func lengthOfOneDegreeOfTheEquator() throws {
        // One degree of the equator is 2π·6,378,137 m / 360 = 111,319.4908 m (WGS 84's semi-major axis).
        let file = examplesCopy.appendingPathComponent("equator.geojson")
        try #"{"type":"Feature","properties":{"name":"equator"},"geometry":{"type":"LineString","coordinates":[[114,0],[115,0]]}}"#.write(to: file, atomically: true, encoding: .utf8)
        let r = try results("inputs:\n  line: {file: equator.geojson}\nsteps:\n  - name: len\n    length: {input: line, unit: m}\n")
        let metres = try #require(column(r["len"]?.table, "length_m").first?.doubleValue)
        #expect(abs(metres - 111_319.4908) < 0.001)
    }

    @Test func transformThereAndBackRecoversTheCoordinates() throws {
        let r = try results("""
        steps:
          - name: gk
            transform: {input: plan.special_zone, to: EPSG:4547}
          - name: back
            transform: {input: gk, from: EPSG:4547, to: wgs84}
        """)
        let original = try #require(try Plan.load(directory: planDirectory)[.specialZone]?.features[0].geometry)
        let gk = try #require(r["gk"]?.layer.features[0].geometry)
        let back = try #require(r["back"]?.layer.features[0].geometry)
        // EPSG:4547 is CGCS2000 3° Gauss–Krüger CM 114°E with a false easting of 500 km: Lankao
        // (about 114.8°E, 34.8°N) lies some 70 km east of the central meridian, 3,850 km north.
        var gkPositions: [Position] = [], backPositions: [Position] = [], originalPositions: [Position] = []
        gk.forEachSequence { gkPositions += $0 }
        back.forEachSequence { backPositions += $0 }
        original.forEachSequence { originalPositions += $0 }
        #expect(gkPositions.allSatisfy { (550_000...600_000).contains($0.x) && (3_800_000...3_900_000).contains($0.y) })
        #expect(zip(backPositions, originalPositions).allSatisfy { abs($0.x - $1.x) < 1e-9 && abs($0.y - $1.y) < 1e-9 })
    }

    @Test func simplifyDropsAZigzagBelowTheTolerance() throws {
        // A 1 km east–west line with 20 cm wiggles every 100 m: at 10 m tolerance only its ends remain;
        // at 1 cm (0.01m) nothing is removed.
        let points = (0...10).map { k in "[\(114 + Double(k) * 0.0011),\(34.8 + (k % 2 == 0 ? 0 : 0.0000018))]" }.joined(separator: ",")
        let file = examplesCopy.appendingPathComponent("zigzag.geojson")
        try #"{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[\#(points)]}}"#.write(to: file, atomically: true, encoding: .utf8)
        let r = try results("inputs:\n  z: {file: zigzag.geojson}\nsteps:\n  - name: coarse\n    simplify: {input: z, tolerance: 10m}\n  - name: fine\n    simplify: {input: z, tolerance: 0.01m}\n")
        #expect(r["coarse"]?.layer.features[0].geometry?.positionCount == 2)
        #expect(r["fine"]?.layer.features[0].geometry?.positionCount == 11)
    }

    @Test func intersectIsClipAndSelectPartitionsThePlaces() throws {
        let r = try results("""
        steps:
          - name: a
            clip: {input: plan.belt, mask: plan.zone}
          - name: b
            intersect: {input: plan.belt, mask: plan.zone}
          - name: inside
            select: {input: plan.places, by: plan.zone, predicate: within}
          - name: touching
            select: {input: plan.places, by: plan.zone}
          - name: outside
            select: {input: plan.places, by: plan.zone, predicate: disjoint}
        """)
        #expect(r["a"]?.layer.features.map(\.geometry) == r["b"]?.layer.features.map(\.geometry))
        let plan = try Plan.load(directory: planDirectory)
        let zone = try #require(plan[.zone]?.features[0].geometry)
        let inside = try #require(r["inside"]?.layer.features)
        #expect(!inside.isEmpty)
        for f in inside { #expect(try zone.covers(try #require(f.geometry))) }
        // Points: intersecting and disjoint split the places exactly.
        #expect((r["touching"]?.layer.features.count ?? 0) + (r["outside"]?.layer.features.count ?? 0) == plan.features(.places).count)
    }

    @Test func aFailureWhileRunningNamesTheRecipeLineAndStep() throws {
        // An orthographic view centred on South America cannot show Henan (the far side of the
        // globe): PROJ refuses every position, and the error names where in the recipe it happened.
        do {
            _ = try results("""
            steps:
              - name: far-side
                transform: {input: plan.zone, to: "+proj=ortho +lat_0=-34 +lon_0=-66 +ellps=WGS84"}
            """)
            Issue.record("the transform should have failed")
        } catch let e as RecipeError {
            #expect(e.step == "far-side")
            #expect(e.line == 3)
            #expect(e.file.hasSuffix("inline.yaml"))
        }
    }
}

/// The report's explanation of today's and the planned isochrone (issue 17, problem 6).
@Suite struct IsochroneComparisonTests {
    @Test func theComparisonSaysWhatChangedWhenSomethingDid() {
        let c = IsochroneComparison(areaToday: 4_500e6, areaPlanned: 4_600e6, insideToday: 60e6, insidePlanned: 90e6,
                                    times: [.init(name: "兰考南站", today: 48, planned: 41.5), .init(name: "兰考县城", today: nil, planned: 58)])
        #expect(!c.lankaoUnchanged)
        #expect(c.explanation.contains("from 60.00 to 90.00 km²"))
        #expect(c.explanation.contains("兰考南站 48.0 → 41.5 min, 兰考县城 > 120 → 58.0 min"))
    }
}
