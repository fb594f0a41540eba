import Foundation
import Testing
import TongchengGeometry

/// Tables as planners use them (issue 24, items 6 and 7): `-o x.xlsx` is an Excel workbook whose
/// numbers are numbers and equal the JSON's, with Chinese headers and, for `tabulate`, a crosstab
/// sheet; CSV carries `area_<unit>` beside `area_m2` wherever a unit is chosen and at most 15
/// significant digits. The workbook is read back with openpyxl (an independent reader, installed
/// by scripts/install-deps as python3-openpyxl).
@Suite struct TableOutputTests {
    let parcels = "geodata/landuse/parcels.geojson"
    let townships = "geodata/landuse/townships.geojson"
    let farmland = "geodata/landuse/farmland.geojson"
    let quality = "Tests/Fixtures/quality/"

    /// Every sheet of a workbook as [title: rows of cells], through openpyxl.
    func readWorkbook(_ path: String) throws -> [String: [[JSONValue]]] {
        let script = """
            import json, sys, openpyxl
            wb = openpyxl.load_workbook(sys.argv[1])
            print(json.dumps({ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}, ensure_ascii=False))
            """
        let r = try CLI.run(["-c", script, path], executable: URL(fileURLWithPath: "/usr/bin/python3"))
        try #require(r.code == 0, "openpyxl: \(r.stderr)")
        let json = try #require(try JSONValue.parse(r.stdout).objectValue)
        var out: [String: [[JSONValue]]] = [:]
        for (title, rows) in json { out[title] = (rows.arrayValue ?? []).map { $0.arrayValue ?? [] } }
        return out
    }

    func close(_ a: Double?, _ b: Double?, _ tolerance: Double = 1e-12) -> Bool {
        guard let a, let b else { return false }
        return abs(a - b) <= tolerance * max(1, abs(b))
    }

    @Test func tabulateWritesAWorkbookWhoseNumbersAreTheJSONsAndACrosstab() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let book = dir.appendingPathComponent("地类.xlsx").path
        let args = ["tabulate", parcels, "--by", "DLMC", "--zones", townships, "--unit", "ha"]
        let r = try CLI.run(args + ["-o", book])
        #expect(r.code == 0, "\(r.stderr)")
        let json = try CLI.run(args + ["--format", "json"]).json()
        let rows = try #require(json["rows"]?.arrayValue)
        let sheets = try readWorkbook(book)
        #expect(Set(sheets.keys) == ["rows", "crosstab ha"], "\(sheets.keys)")
        let table = try #require(sheets["rows"])
        // Chinese headings, then the CSV's column names (issue 24: a sheet a planner reads, a script still matches).
        #expect(table[0] == ["分区 zone", "地类 class", "面积（平方米） area_m2", "面积（公顷） area_ha", "占比 share"].map { .string($0) })
        #expect(table.count == rows.count + 1)
        for (cells, row) in zip(table.dropFirst(), rows) {
            #expect(cells[0] == row["zone"] && cells[1] == row["class"])
            // Numbers, not text: openpyxl gives them back as JSON numbers, equal to the JSON's.
            #expect(close(cells[2].doubleValue, row["area_m2"]?.doubleValue), "\(cells) \(row)")
            #expect(close(cells[3].doubleValue, (row["area_m2"]?.doubleValue).map { $0 / 10_000 }), "\(cells)")
            #expect(close(cells[4].doubleValue, row["share"]?.doubleValue), "\(cells)")
        }
        // The crosstab: classes (in code order) × zones in ha, two decimals, a total row and column,
        // recomputed here from the JSON rows.
        let crosstab = try #require(sheets["crosstab ha"])
        let zones = try #require(json["zones"]?.arrayValue).compactMap { $0["zone"]?.stringValue }
        #expect(crosstab[0] == [.string("地类 class")] + zones.map { .string($0) } + [.string("合计 total")])
        var sums: [String: [Double]] = [:]
        for row in rows {
            guard let c = row["class"]?.stringValue, let z = row["zone"]?.stringValue, let k = zones.firstIndex(of: z), let a = row["area_m2"]?.doubleValue else { continue }
            sums[c, default: Array(repeating: 0, count: zones.count)][k] += a / 10_000
        }
        // Code order (issue 26), not the names' text order: 三调's 00 湿地 (TD/T 1055-2019 表 A.2),
        // the first-level classes of GB/T 21010-2017 表1 by their codes — 01 耕地, 02 园地, 03 林地,
        // 04 草地, 10 交通运输用地, 11 水域及水利设施用地, 12 其他土地 — then 三调's 20 城镇村及工矿用地.
        let codeOrder = ["湿地", "耕地", "园地", "林地", "草地", "交通运输用地", "水域及水利设施用地", "其他土地", "城镇村及工矿用地"]
        #expect(Set(sums.keys).isSubset(of: codeOrder), "\(sums.keys)")
        let classes = codeOrder.filter { sums[$0] != nil }
        #expect(crosstab.dropFirst().dropLast().compactMap { $0.first?.stringValue } == classes)
        for (cells, c) in zip(crosstab.dropFirst(), classes) {
            let expected = sums[c]! + [sums[c]!.reduce(0, +)]
            for (cell, value) in zip(cells.dropFirst(), expected) {
                #expect(abs((cell.doubleValue ?? -1) - value) <= 0.005 + 1e-9, "\(c): \(cell) vs \(value)")
            }
        }
        let totals = try #require(crosstab.last)
        #expect(totals.first == .string("合计 total"))
        let grand = rows.compactMap { $0["area_m2"]?.doubleValue }.reduce(0, +) / 10_000
        #expect(abs((totals.last?.doubleValue ?? -1) - grand) <= 0.005 + 1e-9, "\(totals)")
    }

    @Test func transitionWritesItsMatrixSheetWithTheJSONsTotals() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let book = dir.appendingPathComponent("变化.xlsx").path
        let args = ["transition", quality + "survey-old.geojson", quality + "survey-new.geojson", "--by", "DLBM"]
        let r = try CLI.run(args + ["-o", book])
        #expect(r.code == 0, "\(r.stderr)")
        let json = try CLI.run(args + ["--format", "json"]).json()
        let sheets = try readWorkbook(book)
        let matrix = try #require(sheets["matrix 亩"], "\(sheets.keys)")
        // Row totals are the JSON's matched old-class areas (m² ÷ 10000/15), to the sheet's two decimals.
        let from = try #require(json["from"]?.arrayValue)
        for row in matrix.dropFirst().dropLast() {
            let c = row.first?.stringValue
            let expected = from.first { $0["class"]?.stringValue == c }?["matched_m2"]?.doubleValue.map { $0 * 15 / 10_000 }
            #expect(abs((row.last?.doubleValue ?? -1) - (expected ?? -2)) <= 0.005 + 1e-9, "\(row)")
        }
        let grand = try #require(json["rows"]?.arrayValue).compactMap { $0["area_m2"]?.doubleValue }.reduce(0, +) * 15 / 10_000
        #expect(matrix.last?.first == .string("合计 total"))
        #expect(abs((matrix.last?.last?.doubleValue ?? -1) - grand) <= 0.005 + 1e-9, "\(matrix.last ?? [])")
    }

    @Test func everyTableCommandWritesAWorkbook() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let runs: [(String, [String])] = [
            ("area", ["area", townships, "--unit", "mu"]),
            ("length", ["length", "geodata/plan/corridor_axes.geojson"]),
            ("overlap", ["overlap", farmland, townships, "--unit", "mu"]),
            ("conflicts", ["conform", townships, "--forbid", farmland]),
            ("reach", ["reach", "--from", "兰考县", "--radius", "30km", "--within", townships]),
            ("problems", ["check", quality + "check-layer.geojson"]),
            ("changes", ["diff", quality + "diff-old.geojson", quality + "diff-new.geojson", "--key", "BSM"]),
            ("rows", ["transition", quality + "survey-old.geojson", quality + "survey-new.geojson", "--by", "DLBM"]),
        ]
        for (sheet, args) in runs {
            let book = dir.appendingPathComponent("\(sheet).xlsx").path
            let r = try CLI.run(args + ["-o", book])
            #expect(r.code == 0 || (sheet == "conflicts" && r.code == 0), "\(args): \(r.stderr)")
            let csv = try CLI.run(args + ["--format", "csv", "--no-bom"])
            let header = csv.stdout.components(separatedBy: "\n")[0].components(separatedBy: ",")
            let sheets = try readWorkbook(book)
            let table = try #require(sheets[sheet], "\(sheets.keys)")
            // Each heading is the CSV's column name, after its Chinese name when Tongcheng knows the column.
            let headings = table.first?.compactMap(\.stringValue) ?? []
            #expect(headings.count == header.count && zip(headings, header).allSatisfy { $0 == $1 || $0.hasSuffix(" " + $1) }, "\(sheet): \(headings) vs \(header)")
            #expect(headings.contains { $0.hasPrefix("面积") || $0.hasPrefix("长度") || $0.hasPrefix("距离") || $0.hasPrefix("类型") || $0.hasPrefix("原地类") || $0.hasPrefix("变化") || $0.hasPrefix("名称") }, "\(sheet): \(headings)")
            #expect(table.count == csv.stdout.components(separatedBy: "\n").filter { !$0.isEmpty }.count, "\(sheet)")
        }
        // Standard output cannot take a workbook.
        let stdout = try CLI.run(["area", townships, "--format", "xlsx"])
        #expect(stdout.code == 64, "\(stdout.stderr)")
    }

    @Test func csvHasTheChosenUnitBesideSquareMetresAndAtMost15SignificantDigits() throws {
        let runs: [([String], String)] = [
            (["area", townships, "--unit", "mu"], "area_mu"),
            (["tabulate", parcels, "--by", "DLMC", "--zones", townships, "--unit", "ha"], "area_ha"),
            (["tabulate", parcels, "--by", "DLMC", "--zones", townships, "--unit", "mu"], "area_mu"),
            (["conform", townships, "--forbid", farmland, "--unit", "mu"], "area_mu"),
            (["overlap", farmland, townships, "--unit", "ha"], "area_ha"),
            (["reach", "--from", "兰考县", "--radius", "30km", "--within", townships, "--unit", "mu"], "area_mu"),
            (["check", quality + "check-layer.geojson", "--unit", "mu"], "area_mu"),
            (["transition", quality + "survey-old.geojson", quality + "survey-new.geojson", "--by", "DLBM", "--unit", "ha"], "area_ha"),
            (["diff", quality + "diff-old.geojson", quality + "diff-new.geojson", "--key", "BSM", "--unit", "mu"], "area_gained_mu"),
        ]
        // 亩 = 10000/15 m² (GB/T and the plan's own figures), ha = 10⁴ m².
        let factor = ["area_mu": 10_000.0 / 15, "area_ha": 10_000.0, "area_gained_mu": 10_000.0 / 15]
        for (args, column) in runs {
            let r = try CLI.run(args + ["--format", "csv", "--no-bom"])
            #expect(r.code == 0, "\(args): \(r.stderr)")
            let lines = r.stdout.components(separatedBy: "\n").filter { !$0.isEmpty }
            let header = lines[0].components(separatedBy: ",")
            let m2 = try #require(header.firstIndex(of: column.hasPrefix("area_gained") ? "area_gained_m2" : "area_m2"), "\(args)")
            #expect(header.firstIndex(of: column) == m2 + 1, "\(args): \(header)")
            #expect(lines.count > 1, "\(args): no rows")
            for line in lines.dropFirst() {
                let cells = CSVTestParser.cells(line)
                if cells[m2].isEmpty {
                    #expect(cells[m2 + 1].isEmpty, "\(args): a unit value without m² \(cells)")  // check: problems without an area
                } else {
                    let (a, u) = (Double(cells[m2]) ?? .nan, Double(cells[m2 + 1]) ?? .nan)
                    #expect(abs(u - a / factor[column]!) <= 1e-13 * max(1, u) * 10, "\(args): \(cells)")
                }
                for cell in cells where Double(cell) != nil && cell.contains(".") {
                    let mantissa = cell.split(whereSeparator: { $0 == "e" || $0 == "E" })[0]
                    let digits = mantissa.filter(\.isNumber).drop { $0 == "0" }
                    #expect(digits.count <= 15, "\(args): \(cell)")
                }
            }
        }
    }
}

/// Splits one CSV line (RFC 4180 quoting) for the checks above.
enum CSVTestParser {
    static func cells(_ line: String) -> [String] {
        var out: [String] = []
        var cell = ""
        var quoted = false
        var chars = Array(line)
        var k = 0
        while k < chars.count {
            let c = chars[k]
            if quoted {
                if c == "\"" {
                    if k + 1 < chars.count, chars[k + 1] == "\"" { cell.append("\""); k += 1 } else { quoted = false }
                } else { cell.append(c) }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                out.append(cell)
                cell = ""
            } else {
                cell.append(c)
            }
            k += 1
        }
        out.append(cell)
        chars.removeAll()
        return out
    }
}
