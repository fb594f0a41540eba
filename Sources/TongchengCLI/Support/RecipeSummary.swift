import Foundation
import TongchengGeometry
import TongchengRecipes

/// What `tongcheng run` prints after a recipe ran: each step's result in a few lines (the size of
/// its layer, its table for people), then what was written — so that the answer reaches the
/// screen, not only the files. An empty result says so.
///
/// ```swift
/// print(RecipeSummary(recipe: r, results: try runner.run()).text())
/// ```
struct RecipeSummary {
    var recipe: Recipe
    var results: [String: StepResult]
    /// Rows shown per table; the rest is counted.
    var maximumRows = 10

    func text() -> String {
        var out = ""
        for (k, step) in recipe.steps.enumerated() {
            guard let result = results[step.name] else { continue }
            let n = result.layer.features.count
            out += "\(k + 1). \(step.name) (\(step.operation)): "
            if let table = result.table {
                out += table.rows.isEmpty ? "no rows — the result is empty\n" : "\(table.rows.count) row\(table.rows.count == 1 ? "" : "s")\n"
                if !table.rows.isEmpty { out += indent(RecipeSummary.forPeople(table, maximumRows: maximumRows)) }
            } else {
                out += n == 0 ? "no features — the result is empty\n" : "\(n) feature\(n == 1 ? "" : "s")\n"
            }
        }
        return out
    }

    /// The lines to say what each output holds (for stderr, beside "wrote").
    func written() -> [String] {
        recipe.outputs.map { o in
            switch o.kind {
            case .layer(let name):
                let n = results[name]?.layer.features.count ?? 0
                return "wrote \(o.file) (\(n == 0 ? "empty: no features" : "\(n) feature\(n == 1 ? "" : "s")"))"
            case .table(let name):
                let n = results[name]?.table?.rows.count ?? 0
                return "wrote \(o.file) (\(n == 0 ? "empty: the header only, no rows" : "\(n) row\(n == 1 ? "" : "s")"))"
            case .map, .report:
                return "wrote \(o.file)"
            }
        }
    }

    func indent(_ s: String) -> String {
        s.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : "   " + $0 }.joined(separator: "\n")
    }

    /// A result table as people read it: areas in km², distances in km, fractions as percentages,
    /// grouped digits; at most `maximumRows` rows.
    static func forPeople(_ table: ResultTable, maximumRows: Int) -> String {
        var heads: [String] = []
        var formats: [(JSONValue) -> String] = []
        var right = Set<Int>()
        var shown: [Int] = []
        let units = ["_km2": "km²", "_ha": "ha", "_mu": "亩", "_km": "km"]
        for (k, column) in table.columns.enumerated() {
            // Metres are shown as km² / km, unless the table has the same value in a chosen unit.
            if column.hasSuffix("_m2"), units.keys.contains(where: { $0 != "_km" && table.columns.contains(String(column.dropLast(3)) + $0) }) { continue }
            if column.hasSuffix("_m"), table.columns.contains(String(column.dropLast(2)) + "_km") { continue }
            shown.append(k)
            let numeric = table.rows.contains { if case .number = $0[k] { return true } else { return false } }
            if numeric { right.insert(heads.count) }
            func number(_ v: JSONValue, _ f: (Double) -> String) -> String {
                if case .number(let n) = v { return f(n.doubleValue) }
                return v.displayText
            }
            if let (suffix, symbol) = units.first(where: { column.hasSuffix($0.key) }) {
                heads.append(String(column.dropLast(suffix.count)) + " (\(symbol))")
                formats.append { number($0) { grouped($0, 2) } }
            } else if column.hasSuffix("_lon") || column.hasSuffix("_lat") {
                heads.append(column.replacingOccurrences(of: "_", with: " "))
                formats.append { number($0) { fixed($0, 4) } }
            } else if column.hasSuffix("_m2") {
                heads.append(String(column.dropLast(3)) + " (km²)")
                formats.append { number($0) { grouped($0 / 1e6, 2) } }
            } else if column.hasSuffix("_m") {
                heads.append(String(column.dropLast(2)) + " (km)")
                formats.append { number($0) { grouped($0 / 1000, 2) } }
            } else if column.hasPrefix("fraction") {
                heads.append(column == "fraction" ? "share" : column.replacingOccurrences(of: "fraction_", with: "share "))
                formats.append { number($0) { fixed($0 * 100, 1) + " %" } }
            } else if column == "index" || column == "rank" {
                heads.append(column == "index" ? "#" : column)
                formats.append { $0.displayText }
            } else {
                heads.append(column.replacingOccurrences(of: "_", with: " "))
                formats.append { number($0) { $0 == $0.rounded() && abs($0) < 1e15 ? String(Int64($0)) : grouped($0, abs($0) < 10 ? 4 : 2) } }
            }
        }
        var t = Table(columns: heads, rightAligned: right)
        for row in table.rows.prefix(maximumRows) {
            t.rows.append(shown.enumerated().map { j, k in k < row.count ? formats[j](row[k]) : "" })
        }
        var s = t.aligned()
        let more = table.rows.count - maximumRows
        if more > 0 { s += "… \(more) more row\(more == 1 ? "" : "s")\n" }
        return s
    }
}
