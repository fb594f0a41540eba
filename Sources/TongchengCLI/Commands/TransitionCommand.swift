import TongchengAnalysis
import ArgumentParser
import TongchengGeodesy
import TongchengGeometry
import TongchengInterchange
import TongchengOperations
import TongchengPostGIS

struct TransitionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transition",
        abstract: "土地利用转移矩阵: the area that went from each old land-use class to each new one between two surveys.",
        discussion: """
        For each pair (old class, new class), the geodesic area (WGS 84) where a parcel of the \
        old survey overlaps a parcel of the new one; with --zones, inside each zone. The matrix \
        closes: where the new survey's parcels do not overlap, each old class's row adds up to \
        its area inside the new survey's coverage, and each new class's column to its area \
        inside the old survey's.

        JSON: {"rows":[{"from","to","area_m2"}],"from":[{"class","area_m2","matched_m2"}],\
        "to":[{"class","area_m2","matched_m2"}]} — rows carry "zone" with --zones; from/to give \
        each class's whole area in its survey and the part the matrix holds. The table has the \
        old classes as rows and the new ones as columns (亩 by default), one matrix per zone; \
        CSV has the JSON rows.

        Examples:
          tongcheng transition geodata/landuse/parcels.geojson \\
              geodata/landuse/parcels-2023.geojson --by DLBM
          tongcheng transition old.geojson new.geojson --by DLMC --by-new 地类名称 \\
              --zones townships.geojson --format csv
        """
    )

    @Argument(help: ArgumentHelp("The old survey's parcels.", valueName: "OLD"))
    var old: String

    @Argument(help: ArgumentHelp("The new survey's parcels.", valueName: "NEW"))
    var new: String

    @Option(help: ArgumentHelp("The class field (地类), e.g. DLMC or DLBM; of both surveys unless --by-new names the new one's.", valueName: "FIELD"))
    var by: String

    @Option(name: .customLong("by-new"), help: ArgumentHelp("The new survey's class field, when it differs.", valueName: "FIELD"))
    var byNew: String?

    @Option(parsing: .upToNextOption, help: ArgumentHelp("Zones (polygons) to make one matrix in each.", valueName: "FILE"))
    var zones: [String] = []

    @Option(name: .customLong("zone-field"), help: ArgumentHelp("The zones' property that names them (default: name, else id).", valueName: "FIELD"))
    var zoneField: String?

    @Option(help: "Unit for the table: mu (亩, default), ha, km2 or m2. JSON and CSV carry m²; when given, CSV and workbooks add an area_<unit> column beside each _m2 one.")
    var unit: String?

    @Option(help: "table (for people), csv, json (the documented contract) or xlsx (the CSV's rows and the matrix, as a workbook). Default: table, or the format -o's extension names.")
    var format: FormatChoice<TableFormats>?

    @OptionGroup var csv: CSVOptions
    @OptionGroup var interchange: InterchangeOptions
    @OptionGroup var analysis: AnalysisOptions
    @OptionGroup var engine: EngineOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard AreaUnit(unit ?? "mu") != nil else { throw ValidationError("unknown area unit \"\(unit ?? "")\": use mu, ha, km2 or m2") }
        guard analysis.jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
    }

    func run() throws {
        try guarded {
            let loaded = try loadInputs([old, new], options: interchange.read, conninfo: engine.conninfo)
            let zoneRefs = zones.isEmpty ? nil : try analysis.checked(refs(try loadInputs(zones, options: interchange.read, conninfo: engine.conninfo)))
            let format = try outputFormat(format, of: TableFormats.self, output: output.output)
            var transition = Transition(jobs: analysis.jobs, check: analysis.repair ? .repair : .refuse, zoneField: zoneField)
            let result: Transition.Result
            do {
                result = try ProgressLine.show(quiet: analysis.quiet) { progress in
                    let (a, b) = (refs([loaded[0]]), refs([loaded[1]]))
                    if let sql = try engine.postgis(for: OperationCatalog.transition) {
                        progress?.start("transition in PostGIS")
                        return try sql.transition(old: a, new: b, oldField: by, newField: byNew ?? by, zones: zoneRefs, options: transition)
                    }
                    transition.progress = progress
                    return try transition.run(old: a, new: b, oldField: by, newField: byNew ?? by, zones: zoneRefs)
                }
            } catch let e as UnknownFieldError {
                // The option that named the field: --zone-field for the zones, else --by (and --by-new).
                let option = e.role == "zones" ? "--zone-field \(e.field)" : "--by \(by)\(byNew.map { " / --by-new \($0)" } ?? "")"
                throw CommandFailure.usage("\(option): \(e)")
            }
            if result.repaired > 0 { Terminal.note("repaired \(result.repaired) invalid parcel geometr\(result.repaired == 1 ? "y" : "ies") with makeValid") }
            if result.cells.isEmpty { Terminal.note("no old parcel overlaps a new one: the matrix is empty (are the files in the same coordinate system?)") }
            let text: String
            switch format {
            case .json: text = JSONText.encode(.object(try TransitionCommand.json(result))) + "\n"
            case .csv, .xlsx:
                let table = TableRows(objects: try TransitionCommand.rows(result), columns: (result.zoneLabels.isEmpty ? [] : ["zone"]) + ["from", "to", "area_m2"],
                                      unit: unit.flatMap { AreaUnit($0) })
                let matrix = format == .xlsx ? [try TransitionCommand.matrix(result, unit: AreaUnit(unit ?? "mu")!)] : []
                return try csv.write(table, format: format, sheet: "rows", extraSheets: matrix, to: output.output, inputs: [old, new] + zones)
            case .table, .geojson: text = TransitionCommand.table(result, unit: AreaUnit(unit ?? "mu")!)
            }
            if format == .table { try Output.writeReadable(text, to: output.output, inputs: [old, new] + zones) } else { try Output.write(text, to: output.output, inputs: [old, new] + zones) }
        }
    }

    static func classJSON(_ v: String?) -> JSONValue { v.map { .string($0) } ?? .null }

    static func rows(_ r: Transition.Result) throws -> [JSONObject] {
        try r.cells.map { c in
            JSONObject((c.zone.map { [("zone", JSONValue.string(r.zoneLabels[$0]))] } ?? []) + [
                ("from", classJSON(c.from)), ("to", classJSON(c.to)), ("area_m2", try number(c.areaSquareMetres)),
            ])
        }
    }

    static func json(_ r: Transition.Result) throws -> JSONObject {
        func totals(_ classes: [String?], _ areas: [Double], _ matched: [Double]) throws -> JSONValue {
            .array(try classes.indices.map { k in
                .object(JSONObject([("class", classJSON(classes[k])), ("area_m2", try number(areas[k])), ("matched_m2", try number(matched[k]))]))
            })
        }
        return JSONObject([
            ("rows", .array(try rows(r).map(JSONValue.object))),
            ("from", try totals(r.fromClasses, r.fromAreaSquareMetres, r.matchedFromSquareMetres)),
            ("to", try totals(r.toClasses, r.toAreaSquareMetres, r.matchedToSquareMetres)),
        ])
    }

    /// The workbook's matrix sheet: old classes down, new classes across, in the unit to two
    /// decimals (numbers, for Excel), a total column and a total row; with zones, one block per
    /// zone under a first `分区 zone` column.
    ///
    /// ```swift
    /// TransitionCommand.matrix(result, unit: .mu).columns  // ["旧 old ↓ 新 new →", "耕地", …, "合计 total"]
    /// ```
    static func matrix(_ r: Transition.Result, unit: AreaUnit) throws -> WorkbookSheet {
        func name(_ v: String?) -> String { v ?? "(无 none)" }
        func value(_ m2: Double) throws -> JSONValue { try number((unit.fromSquareMetres(m2) * 100).rounded() / 100) }
        let to = r.toClasses.filter { c in r.cells.contains { $0.to == c } }
        let zones: [Int?] = r.zoneLabels.isEmpty ? [nil] : r.zoneLabels.indices.map { $0 }
        var rows: [[JSONValue]] = []
        for zone in zones {
            let cells = r.cells.filter { $0.zone == zone }
            let lead: [JSONValue] = zone.map { [.string(r.zoneLabels[$0])] } ?? []
            var columnTotals = [Double](repeating: 0, count: to.count)
            for f in r.fromClasses where cells.contains(where: { $0.from == f }) {
                let values = to.map { c in cells.filter { $0.from == f && $0.to == c }.reduce(0) { $0 + $1.areaSquareMetres } }
                for k in values.indices { columnTotals[k] += values[k] }
                rows.append(lead + [.string(name(f))] + (try values.map(value)) + [try value(values.reduce(0, +))])
            }
            rows.append(lead + [.string("合计 total")] + (try columnTotals.map(value)) + [try value(columnTotals.reduce(0, +))])
        }
        return WorkbookSheet(name: "matrix \(unit.symbol)", columns: (r.zoneLabels.isEmpty ? [] : ["分区 zone"]) + ["旧 old ↓ 新 new →"] + to.map(name) + ["合计 total"], rows: rows)
    }

    /// Old classes down, new classes across, with row and column totals; a matrix per zone.
    static func table(_ r: Transition.Result, unit: AreaUnit) -> String {
        let decimals = unit == .m2 ? 0 : 2
        func name(_ v: String?) -> String { v ?? "(无 none)" }
        var out = ""
        let zones: [Int?] = r.zoneLabels.isEmpty ? [nil] : r.zoneLabels.indices.map { $0 }
        for zone in zones {
            let cells = r.cells.filter { $0.zone == zone }
            let from = r.fromClasses.filter { c in cells.contains { $0.from == c } }
            let to = r.toClasses.filter { c in cells.contains { $0.to == c } }
            var t = Table(columns: ["\(unit.symbol)  旧 old ↓ 新 new →"] + to.map(name) + ["合计 total"], rightAligned: Set(1...(to.count + 1)))
            var columnTotals = [Double](repeating: 0, count: to.count)
            for f in from {
                var line = [name(f)]
                var total = 0.0
                for (k, c) in to.enumerated() {
                    let v = cells.filter { $0.from == f && $0.to == c }.reduce(0) { $0 + $1.areaSquareMetres }
                    total += v
                    columnTotals[k] += v
                    line.append(v > 0 ? grouped(unit.fromSquareMetres(v), decimals) : "")
                }
                t.rows.append(line + [grouped(unit.fromSquareMetres(total), decimals)])
            }
            t.footer.append(["合计 total"] + columnTotals.map { grouped(unit.fromSquareMetres($0), decimals) } + [grouped(unit.fromSquareMetres(columnTotals.reduce(0, +)), decimals)])
            if let zone { out += (out.isEmpty ? "" : "\n") + "\(r.zoneLabels[zone])\n" }
            out += t.aligned()
        }
        return out
    }
}
