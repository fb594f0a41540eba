import Foundation
import Testing
@testable import TongchengGeometry

/// Every recipe in examples/ runs from a clean copy (no `out/` yet, as in a fresh clone) and
/// writes every output it names, each checked by its kind; the conformance example's numbers
/// agree with `tongcheng area` and `tongcheng conform` on the same data.
@Suite(.serialized) struct ExampleRunTests {
    /// A fresh copy of examples/ beside a link to geodata/, with no out/ folder.
    static func cleanCopy() throws -> URL {
        let fm = FileManager.default
        let top = try CLI.temporaryDirectory()
        let copy = top.appendingPathComponent("examples")
        try fm.createDirectory(at: copy, withIntermediateDirectories: true)
        try fm.createSymbolicLink(at: top.appendingPathComponent("geodata"), withDestinationURL: CLI.root.appendingPathComponent("geodata"))
        try fm.createSymbolicLink(at: top.appendingPathComponent("maps"), withDestinationURL: CLI.root.appendingPathComponent("maps"))
        for name in try fm.contentsOfDirectory(atPath: CLI.root.appendingPathComponent("examples").path) where name.hasSuffix(".yaml") {
            try fm.copyItem(at: CLI.root.appendingPathComponent("examples/\(name)"), to: copy.appendingPathComponent(name))
        }
        return top
    }

    /// The output files a recipe names (`file: out/…`).
    static func outputs(of recipe: URL) throws -> [String] {
        let text = try String(contentsOf: recipe, encoding: .utf8)
        let regex = try NSRegularExpression(pattern: #"file:\s*(out/[^\s,}]+)"#)
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { String(text[Range($0.range(at: 1), in: text)!]) }
    }

    /// Rows of a CSV written by a recipe (BOM dropped), as dictionaries by header.
    static func csvRows(_ text: String) -> [[String: String]] {
        var lines = text.replacingOccurrences(of: "\u{FEFF}", with: "").split(separator: "\n").map(String.init)
        guard !lines.isEmpty else { return [] }
        let header = lines.removeFirst().split(separator: ",").map(String.init)
        return lines.map { line in Dictionary(uniqueKeysWithValues: zip(header, line.split(separator: ",", omittingEmptySubsequences: false).map(String.init))) }
    }

    /// Tables whose right answer is no rows, with the independent reason.
    static let answersWithNoRows = [
        "special-zone-near-belt.yaml: out/special-zone-within-2km-of-belt.csv":
            "the zone lies 11,272.65 m from the belt (pyproj aeqd + Shapely, scripts/geodata/oracle_plan_values.py), so none of it is within 2 km",
    ]

    @Test func everyExampleRecipeRunsFromACleanCopyAndWritesEveryOutput() throws {
        let top = try Self.cleanCopy()
        let folder = top.appendingPathComponent("examples")
        let recipes = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") && !$0.hasSuffix(".map.yaml") }.sorted()
        #expect(recipes.count >= 8, "\(recipes)")
        for name in recipes {
            let r = try CLI.run(["run", "examples/\(name)", "--quiet"], in: top)
            #expect(r.code == 0, "\(name): exit \(r.code): \(r.stderr)")
            let outputs = try Self.outputs(of: folder.appendingPathComponent(name))
            #expect(!outputs.isEmpty, "\(name) names no output")
            for output in outputs {
                let url = folder.appendingPathComponent(output)
                guard let data = FileManager.default.contents(atPath: url.path) else {
                    Issue.record("\(name): \(output) was not written")
                    continue
                }
                let text = String(decoding: data, as: UTF8.self)
                switch url.pathExtension {
                case "csv":
                    let header = text.replacingOccurrences(of: "\u{FEFF}", with: "").split(separator: "\n").first.map(String.init) ?? ""
                    #expect(header.contains(","), "\(name): \(output) has no header line")
                    if let why = Self.answersWithNoRows["\(name): \(output)"] {
                        #expect(Self.csvRows(text).isEmpty, "\(name): \(output) has rows, but \(why)")
                    } else {
                        #expect(!Self.csvRows(text).isEmpty, "\(name): \(output) has no rows")
                    }
                case "json":
                    #expect((try? JSONValue.parse(text, name: output)) != nil, "\(name): \(output) is not JSON")
                case "geojson":
                    let fc = try GeoJSONReader().read(string: text).featureCollection
                    #expect(!fc.features.isEmpty, "\(name): \(output) has no features")
                case "svg":
                    #expect(text.hasPrefix("<?xml") || text.hasPrefix("<svg"), "\(name): \(output)")
                    #expect(text.contains("</svg>") && text.contains("<path"), "\(name): \(output) draws nothing")
                case "html":
                    #expect(text.contains("</html>"), "\(name): \(output)")
                default:
                    Issue.record("\(name): \(output): an output kind this test does not check")
                }
            }
        }
    }

    @Test func theConformanceExampleAgreesWithTheCommands() throws {
        let top = try Self.cleanCopy()
        let r = try CLI.run(["run", "examples/special-zone-conformance.yaml", "--quiet"], in: top)
        #expect(r.code == 0, "\(r.stderr)")
        let out = top.appendingPathComponent("examples/out")
        // The land-use mix covers the whole zone: its areas add up to the zone's geodesic area.
        let mix = Self.csvRows(try String(contentsOf: out.appendingPathComponent("special-zone-land-use.csv"), encoding: .utf8))
        let classified = mix.compactMap { Double($0["area_m2"] ?? "") }.reduce(0, +)
        let zone = try CLI.run(["area", "geodata/plan/special_zone.geojson", "--format", "json"]).json()
        let zoneArea = try #require(zone["total_m2"]?.doubleValue)
        #expect(abs(classified / zoneArea - 1) < 1e-6, "classified \(classified) m² against the zone's \(zoneArea) m²")
        // The conflicts are those of `tongcheng conform` on the same layers, and the map draws them.
        let conflicts = Self.csvRows(try String(contentsOf: out.appendingPathComponent("special-zone-conflicts.csv"), encoding: .utf8))
        let cli = try CLI.run(["conform", "geodata/plan/special_zone.geojson", "--forbid", "geodata/landuse/farmland.geojson", "geodata/landuse/redline.geojson", "--format", "json"]).json()
        let cliRows = cli["conflicts"]?.arrayValue ?? []
        #expect(!conflicts.isEmpty && conflicts.count == cliRows.count, "\(conflicts.count) rows against \(cliRows.count)")
        let recipeTotal = conflicts.compactMap { Double($0["area_m2"] ?? "") }.reduce(0, +)
        let cliTotal = cliRows.compactMap { $0["area_m2"]?.doubleValue }.reduce(0, +)
        #expect(recipeTotal > 0 && abs(recipeTotal / cliTotal - 1) < 1e-9, "\(recipeTotal) against \(cliTotal)")
        let layer = try GeoJSONReader().read(file: out.appendingPathComponent("special-zone-conflicts.geojson").path).featureCollection
        #expect(layer.features.count == conflicts.count)
        let svg = try String(contentsOf: out.appendingPathComponent("special-zone-conflicts.svg"), encoding: .utf8)
        #expect(svg.contains("冲突图斑"), "the map's legend has no conflicts entry")
    }
}
