import TongchengAnalysis
import ArgumentParser
import TongchengGeodesy
import TongchengGeometry
import TongchengOperations
import TongchengPostGIS

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "图层比对: the features added, removed and changed between two versions of a layer.",
        discussion: """
        Matches the features of OLD and NEW by the value of --key (a parcel's 标识码 BSM, a plan \
        element's id) or, without a key, by equal geometry (vertex for vertex, whatever the \
        ring start and direction). A matched feature whose geometry or attributes differ is \
        changed, with the geodesic area it gained (in NEW, not in OLD) and lost (in OLD, not in \
        NEW); without a key a reshaped feature is one removed and one added.

        JSON: {"changes":[{"change":"added"|"removed"|"changed","key","old":{"index","id"},\
        "new":{"index","id"},"geometry_changed","attributes":[names],"area_gained_m2",\
        "area_lost_m2"}],"counts":{"added","removed","changed","unchanged"}}. --format geojson \
        gives the changed features (the new geometry; the old one for removed features) with \
        change, key and the areas as properties.

        Examples:
          tongcheng diff geodata/landuse/parcels.geojson \\
              geodata/landuse/parcels-2023.geojson --key BSM
          tongcheng diff plan-2021.geojson plan-2023.geojson --format geojson \\
              -o changes.geojson
        """
    )

    @Argument(help: ArgumentHelp("The old version of the layer.", valueName: "OLD"))
    var old: String

    @Argument(help: ArgumentHelp("The new version of the layer.", valueName: "NEW"))
    var new: String

    @Option(help: ArgumentHelp("The field that identifies a feature in both versions (default: match by geometry).", valueName: "FIELD"))
    var key: String?

    @Option(help: "Unit for the table: mu (亩, default), ha, km2 or m2. JSON and CSV carry m²; when given, CSV and workbooks add an area_<unit> column beside each _m2 one.")
    var unit: String?

    @Option(help: "table (for people), csv, json (the documented contract), geojson (the changed features) or xlsx (the CSV's rows as a workbook). Default: table, or the format -o's extension names.")
    var format: FormatChoice<MeasureFormats>?

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
            let format = try outputFormat(format, of: MeasureFormats.self, output: output.output)
            let diff = LayerDiff(key: key, jobs: analysis.jobs)
            let result: LayerDiff.Result
            do {
                result = try ProgressLine.show(quiet: analysis.quiet) { progress in
                    let (a, b) = (refs([loaded[0]]), refs([loaded[1]]))
                    if let sql = try engine.postgis(for: OperationCatalog.diff) {
                        progress?.start("diff in PostGIS")
                        return try sql.diff(old: a, new: b, key: key)
                    }
                    return try diff.run(old: a, new: b)
                }
            } catch let e as UnknownFieldError {
                throw CommandFailure.usage("--key \(key ?? ""): \(e)")
            }
            let text: String
            switch format {
            case .json: text = JSONText.encode(.object(try DiffCommand.json(result))) + "\n"
            case .csv, .xlsx:
                let table = TableRows(objects: try result.entries.map(DiffCommand.row),
                                      columns: ["change", "key", "old_index", "old_id", "new_index", "new_id", "geometry_changed", "attributes", "area_gained_m2", "area_lost_m2"],
                                      unit: unit.flatMap { AreaUnit($0) })
                return try csv.write(table, format: format, sheet: "changes", to: output.output, inputs: [old, new])
            case .table: text = DiffCommand.table(result, unit: AreaUnit(unit ?? "mu")!)
            case .geojson:
                text = GeoJSONWriter().string(FeatureCollection(try result.entries.map { e in
                    Feature(properties: try DiffCommand.row(e), geometry: (e.new ?? e.old)?.geometry)
                }))
            }
            if format == .table { try Output.writeReadable(text, to: output.output, inputs: [old, new]) } else { try Output.write(text, to: output.output, inputs: [old, new]) }
        }
    }

    static func side(_ r: FeatureRef?) -> JSONValue {
        guard let r else { return .null }
        return .object(JSONObject([("index", .number(JSONNumber(r.index))), ("id", idJSON(r.feature))]))
    }

    static func json(_ d: LayerDiff.Result) throws -> JSONObject {
        let changes: [JSONValue] = try d.entries.map { e in
            .object(JSONObject([
                ("change", .string(e.change.rawValue)), ("key", e.key.map { .string($0) } ?? .null), ("old", side(e.old)), ("new", side(e.new)),
                ("geometry_changed", .bool(e.geometryChanged)), ("attributes", .array(e.attributesChanged.map { .string($0) })),
                ("area_gained_m2", try number(e.areaGainedSquareMetres)), ("area_lost_m2", try number(e.areaLostSquareMetres)),
            ]))
        }
        let counts = JSONObject(LayerDiff.Change.allCases.map { ($0.rawValue, JSONValue.number(JSONNumber(d.count($0)))) } + [("unchanged", .number(JSONNumber(d.unchanged)))])
        return JSONObject([("changes", .array(changes)), ("counts", .object(counts))])
    }

    /// A change as a CSV row or GeoJSON properties.
    static func row(_ e: LayerDiff.Entry) throws -> JSONObject {
        JSONObject([
            ("change", .string(e.change.rawValue)), ("key", e.key.map { .string($0) } ?? .null),
            ("old_index", e.old.map { .number(JSONNumber($0.index)) } ?? .null), ("old_id", e.old.map { idJSON($0.feature) } ?? .null),
            ("new_index", e.new.map { .number(JSONNumber($0.index)) } ?? .null), ("new_id", e.new.map { idJSON($0.feature) } ?? .null),
            ("geometry_changed", .bool(e.geometryChanged)), ("attributes", .string(e.attributesChanged.joined(separator: ";"))),
            ("area_gained_m2", try number(e.areaGainedSquareMetres)), ("area_lost_m2", try number(e.areaLostSquareMetres)),
        ])
    }

    static func table(_ d: LayerDiff.Result, unit: AreaUnit) -> String {
        let counts = LayerDiff.Change.allCases.map { "\(d.count($0)) \($0.rawValue)" }.joined(separator: ", ") + ", \(d.unchanged) unchanged\n"
        guard !d.entries.isEmpty else { return counts }
        var t = Table(columns: ["change", "key", "old #", "new #", "what", "gained (\(unit.symbol))", "lost (\(unit.symbol))"], rightAligned: [2, 3, 5, 6])
        var gained = 0.0, lost = 0.0
        for e in d.entries {
            var what: [String] = []
            if e.change == .changed && e.geometryChanged { what.append("geometry") }
            what += e.attributesChanged
            t.rows.append([e.change.rawValue, e.key ?? (e.new ?? e.old)?.feature.id?.text ?? "", e.old.map { String($0.index) } ?? "", e.new.map { String($0.index) } ?? "",
                           what.joined(separator: ", "), grouped(unit.fromSquareMetres(e.areaGainedSquareMetres), 2), grouped(unit.fromSquareMetres(e.areaLostSquareMetres), 2)])
            gained += e.areaGainedSquareMetres
            lost += e.areaLostSquareMetres
        }
        t.footer.append(["total", "", "", "", "", grouped(unit.fromSquareMetres(gained), 2), grouped(unit.fromSquareMetres(lost), 2)])
        return t.aligned() + counts
    }
}
