import Foundation
import Testing
@testable import TongchengGeometry
@testable import TongchengRecipes

/// The `check`, `transition`, `diff` and `balance` steps on the fixtures of
/// scripts/oracle/quality_oracle.py, against its expected.json (Shapely 2 + pyproj).
@Suite struct QualityStepTests {
    static let expected: JSONValue = {
        let text = (try? String(contentsOf: root.appendingPathComponent("Tests/Fixtures/quality/expected.json"), encoding: .utf8)) ?? "null"
        return (try? JSONValue.parse(text, name: "expected.json")) ?? .null
    }()

    static func close(_ a: JSONValue?, _ b: JSONValue?) -> Bool {
        guard let x = a?.doubleValue, let y = b?.doubleValue else { return false }
        return abs(x - y) <= 1e-7 * abs(y) + 1e-5
    }

    @Test func qualityStepsAgreeWithTheOracle() throws {
        let results = try RecipeRunner(recipe: try Recipe.load(file: fixture("quality.yaml"), planDirectory: planDirectory), jobs: 2).run(writeOutputs: false)
        let oracle = QualityStepTests.expected

        let problems = try #require(results["problems"]?.table)
        let kinds = column(problems, "kind").compactMap(\.stringValue)
        for kind in ["invalid", "empty", "multipart", "duplicate", "overlap", "gap", "sliver"] {
            #expect(kinds.filter { $0 == kind }.count == oracle["check"]?[kind]?.arrayValue?.count, "\(kind)")
        }
        #expect(results["problems"]?.layer.features.count == problems.rows.count)

        let matrix = try #require(results["matrix"]?.table)
        let rows = try #require(oracle["transition_zones"]?["rows"]?.arrayValue)
        #expect(matrix.rows.count == rows.count)
        let (zones, froms, tos, areas) = (column(matrix, "zone"), column(matrix, "from"), column(matrix, "to"), column(matrix, "area_m2"))
        for k in matrix.rows.indices {
            let want = rows.first { $0["zone"] == zones[k] && $0["from"] == froms[k] && $0["to"] == tos[k] }
            #expect(QualityStepTests.close(areas[k], want?["area_m2"]), "\(zones[k]) \(froms[k]) → \(tos[k])")
        }
        // unit: mu, the legal 亩 of 10000/15 m².
        #expect(zip(areas, column(matrix, "area_mu")).allSatisfy { abs(($0.0.doubleValue ?? 0) * 15 / 10_000 - ($0.1.doubleValue ?? -1)) < 1e-9 * ($0.1.doubleValue ?? 1) })

        let changes = try #require(results["changes"]?.table)
        let counts = oracle["diff_key"]?["counts"]
        for change in ["added", "removed", "changed"] {
            #expect(Double(column(changes, "change").filter { $0.stringValue == change }.count) == counts?[change]?.doubleValue, "\(change)")
        }

        let balance = try #require(results["farmland-balance"]?.table)
        for key in ["occupied_m2", "supplement_m2", "supplement_inside_plan_m2"] {
            #expect(QualityStepTests.close(column(balance, key).first, oracle["balance"]?[key]), "\(key)")
        }
        #expect(column(balance, "balanced").first == .bool(true))
    }
}
