import Foundation
import Testing
@testable import TongchengGeometry

/// What a new user tripped over (issue 17), one test per numbered problem; the help, recipe and
/// README checks are in HelpTests, RecipeCommandTests and ReadmeDocTests.
@Suite struct NewUserTests {
    let zone = "geodata/plan/zone.geojson"

    // 1. Numbers without units were silently metres or m².
    @Test func quantitiesWithoutUnitsAreRefused() throws {
        let reach = try CLI.run(["reach", "--from", "zhengzhou", "--radius", "100", "--within", zone])
        #expect(reach.code == 64)
        #expect(reach.stderr.contains("--radius: \"100\" has no unit: add a unit: 100km, 100m"), "\(reach.stderr)")
        #expect(reach.stdout.isEmpty)
        // The unitless site search ran for ten minutes; now it is refused before any work.
        let site = try CLI.run(["site", "--area", "30", "--within", zone])
        #expect(site.code == 64)
        #expect(site.stderr.contains("add a unit: 30km2, 30ha, 30mu"), "\(site.stderr)")
        let buffer = try CLI.run(["buffer", "-", "--distance", "2"], stdin: #"{"type":"Point","coordinates":[114.8,34.8]}"#)
        #expect(buffer.code == 64)
        #expect(buffer.stderr.contains("add a unit"))
        let near = try CLI.run(["near", "geodata/places.geojson", "--to", zone, "--distance", "5"])
        #expect(near.code == 64)
        let siteOption = try CLI.run(["site", "--area", "30km2", "--within", zone, "--max-distance", "5"])
        #expect(siteOption.code == 64)
        #expect(siteOption.stderr.contains("--max-distance"))
    }

    @Test func absurdQuantitiesAreRefused() throws {
        let tiny = try CLI.run(["site", "--area", "0.005km2", "--within", zone])
        #expect(tiny.code == 64)
        #expect(tiny.stderr.contains("below 0.01 km²"), "\(tiny.stderr)")
        let huge = try CLI.run(["reach", "--from", "zhengzhou", "--radius", "30000km", "--within", zone])
        #expect(huge.code == 64)
        #expect(huge.stderr.contains("--radius 30000km is out of range"), "\(huge.stderr)")  // issue 18's range: up to a hemisphere
    }

    // 2. Place names had to be exact; a typo printed all 30 ids.
    @Test func placeNamesAreForgivingAndTyposGetASuggestion() throws {
        let byName = try CLI.run(["reach", "--from", "郑州", "--radius", "100km", "--within", zone, "--format", "json"]).json()
        let byId = try CLI.run(["reach", "--from", "zhengzhou", "--radius", "100km", "--within", zone, "--format", "json"]).json()
        #expect(byName["origin"] == byId["origin"])
        #expect(byName["features"]?.arrayValue?.first?["fraction"] == byId["features"]?.arrayValue?.first?["fraction"])
        // An exact area name still means the area (兰考县 the county, not the county seat 兰考县城).
        let county = try CLI.run(["reach", "--from", "兰考县", "--radius", "1km", "--within", zone, "--format", "json"]).json()
        #expect(county["origin_kind"] == .string("area"))
        let typo = try CLI.run(["reach", "--from", "zhengzhuo", "--radius", "100km", "--within", zone])
        #expect(typo.code == 64)
        #expect(typo.stderr.contains("did you mean zhengzhou (郑州中心城区（二七广场）)?"), "\(typo.stderr)")
        #expect(typo.stderr.split(separator: "\n").count <= 3)
        #expect(!typo.stderr.contains("dongming"))
        let iso = try CLI.run(["isochrone", "--from", "郑州市", "--minutes", "30", "--to", "兰考南", "--format", "json"])
        #expect(iso.code == 0, "\(iso.stderr)")
    }

    // 3. CSV: no BOM, prose and formatted numbers, headers unlike the JSON keys.
    @Test func csvHeadersAreTheJSONKeysAndNumbersArePlain() throws {
        let reach = try CLI.run(["reach", "--from", "zhengzhou", "--radius", "100km", "--within", zone, "--format", "csv"])
        #expect(reach.code == 0)
        let lines = reach.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "index,file,id,name,area_m2,inside_m2,fraction")
        let json = try CLI.run(["reach", "--from", "zhengzhou", "--radius", "100km", "--within", zone, "--format", "json"]).json()
        let keys = json["features"]?.arrayValue?.first?.objectValue?.keys ?? []
        #expect(lines.first == keys.joined(separator: ","))
        #expect(!reach.stdout.contains("%") && !reach.stdout.contains("1,106"))
        #expect(reach.stdout.utf8.first == UInt8(ascii: "i"))     // no BOM on standard output
        // 0.0529468387: the share within 100 km of Erqi square, from pyproj/Shapely (README, Accuracy).
        let fraction = try #require(Double(lines[1].split(separator: ",").last.map(String.init) ?? ""))
        #expect(abs(fraction - 0.0529468387) < 1e-9)

        let overlap = try CLI.run(["overlap", "geodata/plan/corridors.geojson", zone, "--format", "csv"])
        #expect(overlap.stdout.hasPrefix("a_index,a_file,a_id,a_name,b_index,b_file,b_id,b_name,area_m2,fraction_of_a,fraction_of_b\n"))
        let near = try CLI.run(["near", "geodata/places.geojson", "--to", "geodata/plan/transport.geojson", "--distance", "5km", "--format", "csv"])
        #expect(near.stdout.hasPrefix("a_index,a_file,a_id,a_name,b_index,b_file,b_id,b_name,distance_m\n"))
    }

    @Test func isochroneCSVIsOnlyCSV() throws {
        let r = try CLI.run(["isochrone", "--from", "zhengzhou", "--minutes", "60", "--within", zone, "--format", "csv"])
        #expect(r.code == 0)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines == [lines[0], lines[1]])
        #expect(lines[0] == "index,file,id,name,area_m2,inside_m2,fraction")
        #expect(lines[1].hasPrefix("0,geodata/plan/zone.geojson,zone-east-demonstration,"))
        #expect(!r.stdout.contains("isochrone:") && !r.stdout.contains("%"))
        #expect(try CLI.run(["isochrone", "--from", "zhengzhou", "--minutes", "60", "--format", "csv"]).code == 64)
    }

    @Test func csvFilesGetAByteOrderMarkForExcel() throws {
        let dir = try CLI.temporaryDirectory()
        let file = dir.appendingPathComponent("areas.csv").path
        let r = try CLI.run(["area", "geodata/plan/zone.geojson", "-o", file])   // the format follows the extension
        #expect(r.code == 0, "\(r.stderr)")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(String(decoding: bytes.dropFirst(3), as: UTF8.self).hasPrefix("index,file,id,name,area_m2,area_km2\n"))
        let noBOM = dir.appendingPathComponent("plain.csv").path
        #expect(try CLI.run(["area", "geodata/plan/zone.geojson", "-o", noBOM, "--no-bom"]).code == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: noBOM)).first == UInt8(ascii: "i"))
        let stdout = try CLI.run(["area", "geodata/plan/zone.geojson", "--format", "csv", "--bom"])
        #expect(stdout.stdout.hasPrefix("\u{FEFF}index,"))
    }

    // 4. --format promised what it did not do.
    @Test func formatListsOnlyWhatEachSubcommandWrites() throws {
        for (command, values) in [("info", "table, json"), ("validate", "table, json"), ("plan", "table, json"),
                                  ("area", "table, csv, json, geojson"), ("isochrone", "table, csv, json, geojson"), ("report", "html, md, pdf")] {
            let help = try CLI.run([command, "--help"]).stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            #expect(help.contains("(values: \(values)"), "\(command): \(help)")
        }
        #expect(try CLI.run(["info", "geodata/places.geojson", "--format", "csv"]).code == 64)
        #expect(try CLI.run(["plan", "--format", "csv"]).code == 64)
        #expect(try CLI.run(["report", "--format", "docx"]).code == 64)
    }

    @Test func anOutputExtensionThatBeliesTheFormatIsRefused() throws {
        let dir = try CLI.temporaryDirectory()
        func refused(_ args: [String], _ file: String, saying: String? = nil) throws {
            let path = dir.appendingPathComponent(file).path
            let r = try CLI.run(args + ["-o", path])
            #expect(r.code == 64, "\(args) -o \(file): \(r.stderr)")
            #expect(r.stderr.contains(saying ?? file), "\(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: path))
        }
        try refused(["report"], "r.docx", saying: "must end in .html, .md or .pdf")
        try refused(["report", "--format", "pdf"], "r.html")
        try refused(["report", "--format", "md"], "r.html")
        try refused(["area", zone, "--format", "json"], "a.csv")
        try refused(["area", zone, "--format", "csv"], "a.xlsx")  // .xlsx is a workbook (issue 24), not CSV
        try refused(["area", zone], "a.docx")
        try refused(["buffer", zone, "--distance", "1km"], "b.txt")  // .csv, .gpkg, .shp … are feature formats (FeatureSink)
        try refused(["plan"], "p.csv")
        // A matching extension, or none, is written.
        let ok = dir.appendingPathComponent("a.json").path
        #expect(try CLI.run(["area", zone, "-o", ok]).code == 0)
        #expect(try String(contentsOfFile: ok, encoding: .utf8).hasPrefix("{\"features\":"))
    }
}

// Problem 8 (progress) is proven in ProgressTests.swift.

/// Issue 17, problem 6: recipes printed only "wrote …"; an empty result was a CSV with only a
/// header; the report did not say why today's and the planned isochrones agree.
@Suite struct RecipeSummaryTests {
    /// A copy of an example recipe in a temporary folder, so that its outputs land there.
    func copy(_ example: String) throws -> URL {
        let dir = try CLI.temporaryDirectory()
        let target = dir.appendingPathComponent((example as NSString).lastPathComponent)
        try FileManager.default.copyItem(at: CLI.root.appendingPathComponent(example), to: target)
        return target
    }

    @Test func eachStepsResultReachesTheScreenAndEmptyResultsSaySo() throws {
        let recipe = try copy("examples/special-zone-near-belt.yaml")
        let r = try CLI.run(["run", recipe.path])
        #expect(r.code == 0, "\(r.stderr)")
        #expect(r.stdout.contains("1. yellow-river-belt (filter): 1 feature\n"))
        #expect(r.stdout.contains("2. belt-2km (buffer): 1 feature\n"))
        #expect(r.stdout.contains("3. zone-near-belt (clip): no features — the result is empty\n"))
        #expect(r.stdout.contains("5. near-belt-area (area): no rows — the result is empty\n"))
        // The table for people: the special zone's area in km² (30.00, the plan's target; PlanTests
        // holds it within 1 km² of 30) and the distance to the belt in km.
        #expect(r.stdout.contains("special-cooperation-zone  郑开（兰考）特别合作区       30.00"), "\(r.stdout)")
        #expect(r.stdout.contains("distance (km)"))
        #expect(r.stderr.contains("special-zone-within-2km-of-belt.csv (empty: the header only, no rows)"))
        #expect(r.stderr.contains("special-zone-area.csv (1 row)"))
        // The CSV file is still written, with its header, so that tools find the columns.
        let empty = recipe.deletingLastPathComponent().appendingPathComponent("out/special-zone-within-2km-of-belt.csv")
        let bytes = try Data(contentsOf: empty)
        #expect(String(decoding: bytes.dropFirst(3), as: UTF8.self) == "index,id,name,area_m2,area_km2\n")
    }

    @Test func quietPrintsNothing() throws {
        let recipe = try copy("examples/special-zone-near-belt.yaml")
        let r = try CLI.run(["run", recipe.path, "--quiet"])
        #expect(r.code == 0, "\(r.stderr)")
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.isEmpty)
        #expect(FileManager.default.fileExists(atPath: recipe.deletingLastPathComponent().appendingPathComponent("out/special-zone-area.csv").path))
    }

    @Test func theReportExplainsWhyTheTwoIsochronesAgree() throws {
        let r = try CLI.run(["report", "--format", "md"])
        #expect(r.code == 0, "\(r.stderr)")
        #expect(r.stdout.contains("The planned lines leave Lankao's share unchanged"), "\(r.stdout)")
        // The times behind it (tongcheng isochrone --to, run both ways, gives the same minutes).
        let today = try CLI.run(["isochrone", "--from", "zhengzhou", "--minutes", "60", "--to", "lankao-south", "--format", "json"]).json()
        let minutes = try #require(today["destinations"]?.arrayValue?.first?["minutes"]?.doubleValue)
        #expect(r.stdout.contains("兰考南站 \(String(format: "%.1f", minutes)) → \(String(format: "%.1f", minutes)) min"), "\(r.stdout)")
    }
}
