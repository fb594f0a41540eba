import TongchengAnalysis
import ArgumentParser
import TongchengGeodesy
import TongchengGeometry
import TongchengInterchange
import TongchengPostGIS

struct TabulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tabulate",
        abstract: "地类统计: the area of each land-use class inside each zone (parcels split at zone edges).",
        discussion: """
        For every zone and every value of the class field, the geodesic area (WGS 84) of the \
        parcels' intersection with the zone. Zones may overlap each other and have holes; parcels \
        crossing a zone's edge are split there. Where the parcels tile a zone, its classes add up \
        to its area. Parcels wholly inside a zone are not overlaid (GEOS prepared containsProperly), \
        so 10⁵–10⁶ parcels take seconds; --jobs threads each prepare the zones once.

        JSON: {"rows":[{"zone","class","area_m2","share"}],"zones":[{"zone","area_m2","classified_m2"}]}
        where share = the class's area / the zone's area and zone = the --zone-field value (default: \
        the zone's name, else its id). The table has classes as rows and zones as columns (亩 by \
        default); CSV has the JSON rows (their keys as header); --format geojson gives the split pieces with the parcel's \
        properties, zone and area_m2.

        Examples:
          tongcheng tabulate geodata/landuse/parcels.geojson --by DLMC \\
              --zones geodata/plan/special_zone.geojson
          tongcheng tabulate geodata/landuse/parcels.geojson --by DLMC \\
              --zones geodata/landuse/townships.geojson --unit ha
        """
    )

    @Argument(help: ArgumentHelp("The parcels (land-use survey polygons): any source ('FILE|layer=NAME|crs=EPSG:XXXX', pg:TABLE).", valueName: "PARCELS"))
    var parcels: String

    @Option(help: ArgumentHelp("The parcels' class field (地类), e.g. DLMC (class name) or DLBM (class code).", valueName: "FIELD"))
    var by: String

    @Option(parsing: .upToNextOption, help: ArgumentHelp("Sources of the zones (polygons) to tabulate inside, any format ('x.gpkg|layer=zones').", valueName: "FILE"))
    var zones: [String]

    @Option(name: .customLong("zone-field"), help: ArgumentHelp("The zones' property that names them (default: name, else id).", valueName: "FIELD"))
    var zoneField: String?

    @Option(help: "Unit for the table: mu (亩, default), ha, km2 or m2. JSON and CSV carry m². Default: mu; when given, CSV and workbooks add an area_<unit> column beside each _m2 one.")
    var unit: String?

    @Option(help: "table (for people), csv, json (the documented contract) or geojson (the split pieces). Default: table, or the format -o's extension names.")
    var format: FormatChoice<MeasureFormats>?

    @OptionGroup var csv: CSVOptions

    @OptionGroup var interchange: InterchangeOptions
    @OptionGroup var analysis: AnalysisOptions
    @OptionGroup var engine: EngineOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard !zones.isEmpty else { throw ValidationError("name the zones with --zones FILE") }
        guard AreaUnit(unit ?? "mu") != nil else { throw ValidationError("unknown area unit \"\(unit ?? "")\": use mu, ha, km2 or m2") }
        guard analysis.jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
    }

    func run() throws {
        try guarded {
            let parcelsStreamed = engine.engine != .postgis && !PostGISSource.isLocation(parcels)
            // The local engine streams the parcels (a GeoJSON file is never held whole); PostGIS loads them to push.
            let parcelInput = parcelsStreamed ? [] : try loadInputs([parcels], options: interchange.read, conninfo: engine.conninfo)
            let zoneRefs = try analysis.checked(refs(try loadInputs(zones, options: interchange.read, conninfo: engine.conninfo)))
            let format = try outputFormat(format, of: MeasureFormats.self, output: output.output)
            var tabulate = Tabulate(jobs: analysis.jobs, check: analysis.repair ? .repair : .refuse, keepPieces: format == .geojson, zoneField: zoneField)
            let result: Tabulate.Result
            do {
                result = try ProgressLine.show(quiet: analysis.quiet) { progress in
                    if let sql = try engine.postgis() {
                        progress?.start("tabulate in PostGIS")
                        return try sql.tabulate(parcels: refs(parcelInput), classField: by, zones: zoneRefs, check: tabulate.check,
                                                keepPieces: tabulate.keepPieces, zoneField: zoneField)
                    }
                    tabulate.progress = progress
                    guard parcelsStreamed else { return try tabulate.run(parcels: refs(parcelInput), classField: by, zones: zoneRefs) }
                    let name = parcels == "-" ? "<stdin>" : parcels
                    return try tabulate.run(classField: by, zones: zoneRefs) { add in
                        try FeatureSource.forEachBatch(parcels, options: interchange.read, batchSize: Tabulate.batchSize) { batch, first in
                            try add(batch.enumerated().map { FeatureRef(file: name, index: first + $0, feature: $1) })
                        }
                    }
                }
            } catch let e as UnknownFieldError {
                throw CommandFailure.usage("--by \(by) / --zone-field: \(e)")
            }
            if result.repaired > 0 { Terminal.note("repaired \(result.repaired) invalid parcel geometr\(result.repaired == 1 ? "y" : "ies") with makeValid") }
            if result.rows.isEmpty { Terminal.note("no parcel meets any zone: the table is empty (are the files in the same coordinate system?)") }
            let unit = AreaUnit(self.unit ?? "mu")!
            let chosenUnit = self.unit == nil ? nil : unit  // the CSV and workbook columns
            let text: String
            switch format {
            case .json: text = TabulateCommand.json(result)
            case .csv, .xlsx:
                let table = TableRows(objects: TabulateCommand.rows(result), columns: ["zone", "class", "area_m2", "share"], unit: chosenUnit)
                let crosstab = format == .xlsx ? [TabulateCommand.crosstab(result, unit: unit)] : []
                return try csv.write(table, format: format, sheet: "rows", extraSheets: crosstab, to: output.output, inputs: [parcels] + zones)
            case .table: text = TabulateCommand.table(result, unit: unit)
            case .geojson:
                text = GeoJSONWriter().string(FeatureCollection(result.pieceFeatures()))
            }
            try Output.write(text, to: output.output, inputs: [parcels] + zones)
        }
    }

    static func classText(_ v: String?) -> JSONValue { v.map { .string($0) } ?? .null }

    /// The JSON contract's rows: `{"zone","class","area_m2","share"}`.
    static func rows(_ r: Tabulate.Result) -> [JSONObject] {
        r.rows.map { row in
            JSONObject([("zone", .string(r.zoneLabels[row.zone])), ("class", classText(row.classValue)),
                        ("area_m2", number(row.areaSquareMetres)), ("share", number(row.share))])
        }
    }

    static func json(_ r: Tabulate.Result) -> String {
        let rows: [JSONValue] = TabulateCommand.rows(r).map(JSONValue.object)
        let zones: [JSONValue] = r.zones.indices.map { z in
            .object(JSONObject([("zone", .string(r.zoneLabels[z])), ("area_m2", number(r.zoneAreaSquareMetres[z])), ("classified_m2", number(r.classifiedSquareMetres[z]))]))
        }
        return JSONText.encode(.object(JSONObject([("rows", .array(rows)), ("zones", .array(zones))]))) + "\n"
    }

    /// The workbook's crosstab sheet: classes (in code order, i.e. sorted by their value) × zones
    /// in `unit`, rounded to two decimals, with a total column and a total row (totals from the
    /// unrounded areas).
    static func crosstab(_ r: Tabulate.Result, unit: AreaUnit) -> WorkbookSheet {
        var cells: [String?: [Double]] = [:]
        for row in r.rows { cells[row.classValue, default: Array(repeating: 0, count: r.zones.count)][row.zone] += row.areaSquareMetres }
        let classes = cells.keys.sorted { a, b in
            switch (a, b) {
            case let (a?, b?): return a < b
            case (nil, _): return false
            case (_, nil): return true
            }
        }
        func value(_ m2: Double) -> JSONValue { number((unit.fromSquareMetres(m2) * 100).rounded() / 100) }
        var rows: [[JSONValue]] = classes.map { c in
            let v = cells[c]!
            return [.string(c ?? "(无 none)")] + v.map(value) + [value(v.reduce(0, +))]
        }
        let zoneTotals = r.zones.indices.map { z in classes.reduce(0) { $0 + cells[$1]![z] } }
        rows.append([.string("合计 total")] + zoneTotals.map(value) + [value(zoneTotals.reduce(0, +))])
        return WorkbookSheet(name: "crosstab \(unit.symbol)", columns: ["地类 class"] + r.zoneLabels + ["合计 total"], rows: rows)
    }

    /// Classes as rows, zones as columns, a total column; the classified area and the zone's area below.
    static func table(_ r: Tabulate.Result, unit: AreaUnit) -> String {
        let decimals = unit == .m2 ? 0 : 2
        var cells: [String?: [Double]] = [:]
        for row in r.rows { cells[row.classValue, default: Array(repeating: 0, count: r.zones.count)][row.zone] += row.areaSquareMetres }
        let classes = r.classes.filter { cells[$0] != nil }
        let many = r.zones.count > 1
        var t = Table(columns: ["地类 class"] + r.zoneLabels.map { "\($0) (\(unit.symbol))" } + (many ? ["合计 total (\(unit.symbol))"] : []) + (many ? [] : ["share"]),
                      rightAligned: Set(1...(r.zones.count + 1)))
        for c in classes {
            let v = cells[c]!
            var line = [c ?? "(无 none)"] + v.map { grouped(unit.fromSquareMetres($0), decimals) }
            if many { line.append(grouped(unit.fromSquareMetres(v.reduce(0, +)), decimals)) } else {
                line.append(r.zoneAreaSquareMetres[0] > 0 ? fixed(v[0] / r.zoneAreaSquareMetres[0] * 100, 1) + " %" : "")
            }
            t.rows.append(line)
        }
        func footer(_ label: String, _ values: [Double]) -> [String] {
            [label] + values.map { grouped(unit.fromSquareMetres($0), decimals) } + (many ? [grouped(unit.fromSquareMetres(values.reduce(0, +)), decimals)] : [""])
        }
        t.footer.append(footer("已分类 classified", r.classifiedSquareMetres))
        t.footer.append(footer("分区面积 zone area", r.zoneAreaSquareMetres))
        return t.aligned()
    }
}
