import TongchengAnalysis
import ArgumentParser
import TongchengGeodesy
import TongchengGeometry
import TongchengInterchange
import TongchengPlan
import TongchengPostGIS
import TongchengOperations

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

        三调-style statistics: classes are listed in code order (codes compared as codes, class \
        names in the order of their code); tabulating by DLBM joins the names of DLMC (or \
        --name-field). --level 1 adds second-level codes (0101, 0102 …) under their first-level \
        class (01 耕地). --deduct KCXS applies the survey's deduction coefficient: a parcel with \
        KCXS = k adds area × k to 田坎 (1203, or --deduct-class) and area × (1 − k) to its own \
        class. --crosstab writes the CSV as classes × zones in --unit with a total row and column; \
        a workbook (-o x.xlsx) always has that crosstab as its second sheet.

        Examples:
          tongcheng tabulate geodata/landuse/parcels.geojson --by DLMC \\
              --zones geodata/plan/special_zone.geojson
          tongcheng tabulate geodata/landuse/parcels.geojson --by DLMC \\
              --zones geodata/landuse/townships.geojson --unit ha
          tongcheng tabulate survey.gpkg --by DLBM --level 1 --deduct KCXS \\
              --zones townships.geojson --crosstab -o 地类统计.csv
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

    @Option(name: .customLong("name-field"), help: ArgumentHelp("The parcels' class-name field joined to the codes (default: DLMC when --by is DLBM).", valueName: "FIELD"))
    var nameField: String?

    @Option(help: ArgumentHelp("Roll class codes up to this level: 1 adds 0101, 0102 … under 01.", valueName: "N"))
    var level: Int?

    @Option(help: ArgumentHelp("The deduction coefficient field (扣除系数, usually KCXS): area × k is tallied under --deduct-class.", valueName: "FIELD"))
    var deduct: String?

    @Option(name: .customLong("deduct-class"), help: ArgumentHelp("The class the deducted area goes to (default 1203 田坎).", valueName: "CODE"))
    var deductClass: String = "1203"

    @Option(help: ArgumentHelp("The classification for class names and order: gbt21010 (三调, default) or ydyh (用地用海).", valueName: "NAME"))
    var classification: String = LandUseClassification.survey.rawValue

    @Flag(help: "CSV as a crosstab: classes × zones in --unit, with a total row and column.")
    var crosstab = false

    @Option(help: "Unit for the table: mu (亩, default), ha, km2 or m2. JSON and CSV carry m²; when --unit is given, JSON, CSV and workbooks add an area_<unit> column beside each _m2 one, the declared columns as a recipe's table (a --crosstab CSV and the workbook's crosstab sheet: in the unit, default mu).")
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
        if let level, !(1...3).contains(level) { throw ValidationError("--level must be 1, 2 or 3 (the code's first 2, 4 or 6 characters)") }
        guard LandUseClassification(rawValue: classification) != nil else { throw ValidationError("unknown classification \"\(classification)\": use gbt21010 or ydyh") }
        if deduct != nil, engine.engine == .postgis { throw ValidationError("--deduct runs on the local engine only (leave out --engine postgis)") }
        if deductClass.isEmpty { throw ValidationError("--deduct-class needs a class code, e.g. 1203") }
        if crosstab, let f = format?.format, f != .csv, f != .xlsx { throw ValidationError("--crosstab is a CSV layout (the table is a crosstab already, a workbook has a crosstab sheet): use --format csv") }
    }

    /// The name field: the one given, or DLMC for the survey's code field DLBM.
    var names: String? { nameField ?? (by.uppercased() == "DLBM" ? "DLMC" : nil) }

    func run() throws {
        try guarded {
            let parcelsStreamed = engine.engine != .postgis && !PostGISSource.isLocation(parcels)
            // The local engine streams the parcels (a GeoJSON file is never held whole); PostGIS loads them to push.
            let parcelInput = parcelsStreamed ? [] : try loadInputs([parcels], options: interchange.read, conninfo: engine.conninfo)
            let zoneRefs = try analysis.checked(refs(try loadInputs(zones, options: interchange.read, conninfo: engine.conninfo)))
            let format = try outputFormat(format, of: MeasureFormats.self, output: output.output)
            if crosstab, format != .csv, format != .xlsx { throw CommandFailure.usage("--crosstab is a CSV layout: add --format csv or -o FILE.csv") }
            var tabulate = Tabulate(jobs: analysis.jobs, check: analysis.repair ? .repair : .refuse, keepPieces: format == .geojson, zoneField: zoneField)
            tabulate.nameField = names
            tabulate.deduction = deduct.map { Tabulate.Deduction(field: $0, classValue: deductClass) }
            var result: Tabulate.Result
            do {
                result = try ProgressLine.show(quiet: analysis.quiet) { progress in
                    if let sql = try engine.postgis(for: OperationCatalog.tabulate) {
                        progress?.start("tabulate in PostGIS")
                        let parcelRefs = refs(parcelInput)
                        var t = try sql.tabulate(parcels: parcelRefs, classField: by, zones: zoneRefs, check: tabulate.check,
                                                 keepPieces: tabulate.keepPieces, zoneField: zoneField)
                        t.classNames = Tabulate.classNames(parcelRefs, classField: by, nameField: names)
                        return t
                    }
                    tabulate.progress = progress
                    guard parcelsStreamed else { return try tabulate.run(parcels: refs(parcelInput), classField: by, zones: zoneRefs) }
                    let name = parcels == "-" ? "<stdin>" : parcels
                    return try tabulate.run(classField: by, zones: zoneRefs) { add in
                        // The parcels' GeoJSON parsed on --jobs threads too: at 10⁶ parcels the parse is most of the time.
                        var read = interchange.read
                        read.jobs = analysis.jobs
                        try FeatureSource.forEachBatch(parcels, options: read, batchSize: Tabulate.batchSize) { batch, first in
                            try add(batch.enumerated().map { FeatureRef(file: name, index: first + $0, feature: $1) })
                        }
                    }
                }
            } catch let e as UnknownFieldError {
                throw CommandFailure.usage("--by \(by) / --zone-field: \(e)")
            }
            if let deduct, !result.sawDeductionField, !result.rows.isEmpty {
                throw CommandFailure.usage("--deduct \(deduct): no parcel has the property \"\(deduct)\"")
            }
            result = try result.arranged(level: level, classification: LandUseClassification(rawValue: classification) ?? .survey)
            if result.repaired > 0 { Terminal.note("repaired \(result.repaired) invalid parcel geometr\(result.repaired == 1 ? "y" : "ies") with makeValid") }
            if result.rows.isEmpty { Terminal.note("no parcel meets any zone: the table is empty (are the files in the same coordinate system?)") }
            let unit = AreaUnit(self.unit ?? "mu")!
            let chosenUnit = self.unit == nil ? nil : unit  // the CSV and workbook columns
            let text: String
            switch format {
            case .json: text = try TabulateCommand.json(result, unit: chosenUnit)
            case .csv where crosstab: text = try CrosstabOutput.csv(result.crosstab(), unit: unit, writer: csv.writer(for: output.output))
            case .csv, .xlsx:
                let columns = TabulateCommand.columns(result, unit: chosenUnit)
                let table = TableRows(columns: columns, rows: try TabulateCommand.rows(result, unit: chosenUnit).map { o in columns.map { o[$0] ?? .null } })
                let sheets = format == .xlsx ? [try CrosstabOutput.sheet(result.crosstab(), unit: unit)] : []
                return try csv.write(table, format: format, sheet: "rows", extraSheets: sheets, to: output.output, inputs: [parcels] + zones)
            case .table: text = TabulateCommand.table(result, unit: unit)
            case .geojson:
                text = GeoJSONWriter().string(FeatureCollection(try result.pieceFeatures()))
            }
            try Output.write(text, to: output.output, inputs: [parcels] + zones)
        }
    }

    static func classText(_ v: String?) -> JSONValue { v.map { .string($0) } ?? .null }

    /// The table's columns: the declared ones (`OperationCatalog.tabulate`, as a recipe's table),
    /// `area_<unit>` only when a unit other than m² is chosen, and `name` after `class` when the
    /// classes have names.
    static func columns(_ r: Tabulate.Result, unit: AreaUnit?) -> [String] {
        OperationCatalog.tabulate.columns(unit: unit?.rawValue).flatMap { c in c == "class" && !r.classNames.isEmpty ? ["class", "name"] : [c] }
    }

    /// The JSON contract's rows: `{"zone","class","area_m2","share"}`, `name` after `class` when
    /// the classes have names, and `area_<unit>` after `area_m2` when a unit other than m² is chosen.
    static func rows(_ r: Tabulate.Result, unit: AreaUnit?) throws -> [JSONObject] {
        try r.rows.map { row in
            var o = JSONObject([("zone", .string(r.zoneLabels[row.zone])), ("class", classText(row.classValue))])
            if !r.classNames.isEmpty { o["name"] = row.classValue.flatMap { r.classNames[$0] }.map { .string($0) } ?? .null }
            o["area_m2"] = try number(row.areaSquareMetres)
            if let unit, unit != .m2 { o["area_\(unit.rawValue)"] = try number(unit.fromSquareMetres(row.areaSquareMetres)) }
            o["share"] = try number(row.share)
            return o
        }
    }

    static func json(_ r: Tabulate.Result, unit: AreaUnit?) throws -> String {
        let rows: [JSONValue] = try TabulateCommand.rows(r, unit: unit).map(JSONValue.object)
        let zones: [JSONValue] = try r.zones.indices.map { z in
            .object(JSONObject([("zone", .string(r.zoneLabels[z])), ("area_m2", try number(r.zoneAreaSquareMetres[z])), ("classified_m2", try number(r.classifiedSquareMetres[z]))]))
        }
        return JSONText.encode(.object(JSONObject([("rows", .array(rows)), ("zones", .array(zones))]))) + "\n"
    }

    /// Classes as rows (in code order), zones as columns, a total column (a share column for one
    /// zone); the classified area (the total row) and the zone's area below.
    static func table(_ r: Tabulate.Result, unit: AreaUnit) -> String {
        let c = r.crosstab()
        let share: [String]? = r.zones.count == 1
            ? c.cells.map { r.zoneAreaSquareMetres[0] > 0 ? fixed($0[0] / r.zoneAreaSquareMetres[0] * 100, 1) + " %" : "" } : nil
        return CrosstabOutput.table(c, unit: unit, totalsLabel: "已分类 classified", share: share,
                                    below: [("分区面积 zone area", r.zoneAreaSquareMetres)])
    }
}
