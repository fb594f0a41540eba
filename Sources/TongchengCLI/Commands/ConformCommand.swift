import TongchengAnalysis
import ArgumentParser
import TongchengGeodesy
import TongchengGeometry
import TongchengPostGIS
import TongchengOperations
import TongchengTopology

struct ConformCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conform",
        abstract: "合规性审查: where a plan overlaps forbidden layers or leaves required ones, and by how much.",
        discussion: """
        Every piece of a plan feature that overlaps a feature of a --forbid layer (permanent basic \
        farmland 永久基本农田, the ecological red line 生态保护红线, a river's management zone) or \
        lies outside all features of a --within layer (the urban development boundary), with its \
        geodesic area. Pieces of 1e-4 m² or less (features that only touch) are not conflicts.

        JSON: {"conflicts":[{"feature":{"index","id","name"},"constraint":{"file","index","id","name"},\
        "rule":"forbid"|"within","area_m2"}],"total_m2"} — for a within conflict the constraint is \
        the whole layer (index, id and name null). total_m2 adds the conflicts up (a piece under two \
        constraints counts twice). --format geojson gives the conflict polygons with their attributes; \
        --fail exits 1 when there is any conflict (for scripted checks).

        占补平衡: --balance SUPPLEMENT compares the farmland the plan occupies (its overlap with \
        the first --forbid layer, the farmland; overlapping plan features count once) with the \
        area of the supplement layer (the farmland to be added), in 亩 and m²; JSON adds \
        "balance":{"farmland","supplement","occupied_m2","supplement_m2","net_m2",\
        "supplement_inside_plan_m2","balanced"} (net = supplement − occupied; balanced when it \
        is 0 or more). Supplement inside the plan itself is reported, not subtracted.

        Examples:
          tongcheng conform geodata/plan/special_zone.geojson \\
              --forbid geodata/landuse/farmland.geojson geodata/landuse/redline.geojson
          tongcheng conform plan.geojson --within boundary.geojson --fail --format json
          tongcheng conform plan.geojson --forbid farmland.geojson \\
              --balance supplement.geojson
        """
    )

    @Argument(help: ArgumentHelp("The plan's features (polygons): any source ('FILE|layer=NAME|crs=EPSG:XXXX', pg:TABLE).", valueName: "PLAN"))
    var plan: String

    @Option(parsing: .upToNextOption, help: ArgumentHelp("Layers the plan must not overlap.", valueName: "FILE"))
    var forbid: [String] = []

    @Option(parsing: .upToNextOption, help: ArgumentHelp("Layers the plan must lie within.", valueName: "FILE"))
    var within: [String] = []

    @Option(help: ArgumentHelp("占补平衡: the farmland to be supplemented, against the farmland the plan occupies in the first --forbid layer.", valueName: "FILE"))
    var balance: String?

    @Flag(help: "Exit 1 when there is any conflict (the output is written first).")
    var fail = false

    @Option(help: "Unit for the table: mu (亩, default), ha, km2 or m2. JSON and CSV carry m². Default: mu; when given, CSV and workbooks add an area_<unit> column beside each _m2 one.")
    var unit: String?

    @Option(help: "table (for people), csv, json (the documented contract) or geojson (the conflict polygons). Default: table, or the format -o's extension names.")
    var format: FormatChoice<MeasureFormats>?

    @OptionGroup var csv: CSVOptions

    @OptionGroup var interchange: InterchangeOptions
    @OptionGroup var analysis: AnalysisOptions
    @OptionGroup var engine: EngineOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard !forbid.isEmpty || !within.isEmpty else { throw ValidationError("name at least one constraint layer with --forbid FILE or --within FILE") }
        guard AreaUnit(unit ?? "mu") != nil else { throw ValidationError("unknown area unit \"\(unit ?? "")\": use mu, ha, km2 or m2") }
        if balance != nil && forbid.isEmpty { throw ValidationError("--balance needs the farmland layer as the first --forbid FILE") }
        guard analysis.jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
    }

    func run() throws {
        var conflicted = false
        try guarded {
            let planRefs = try analysis.checked(refs(try loadInputs([plan], options: interchange.read, conninfo: engine.conninfo)))
            var layers: [Conform.Layer] = []
            for (files, rule) in [(forbid, Conform.Rule.forbid), (within, .within)] {
                for input in try loadInputs(files, options: interchange.read, conninfo: engine.conninfo) {
                    var features = FeatureRef.all(in: input.collection, file: input.name)
                    // Required layers are few polygons: check them here; forbidden ones are checked while clipped.
                    if rule == .within { features = try analysis.checked(features) }
                    layers.append(Conform.Layer(file: input.name, rule: rule, features: features))
                }
            }
            let format = try outputFormat(format, of: MeasureFormats.self, output: output.output)
            var conform = Conform(jobs: analysis.jobs, check: analysis.repair ? .repair : .refuse)
            let conflicts = try ProgressLine.show(quiet: analysis.quiet) { progress in
                if let sql = try engine.postgis(for: OperationCatalog.conform) {
                    progress?.start("conform in PostGIS")
                    return try sql.conform(plan: planRefs, constraints: layers, check: conform.check)
                }
                conform.progress = progress
                return try conform.run(plan: planRefs, constraints: layers)
            }
            conflicted = !conflicts.isEmpty
            var balanced: Balance.Result?
            if let balance, let farmland = layers.first(where: { $0.rule == .forbid }) {
                let supplement = refs(try loadInputs([balance], options: interchange.read, conninfo: engine.conninfo))
                let check: ValidityCheck = analysis.repair ? .repair : .refuse
                if let sql = try engine.postgis(for: OperationCatalog.conform) {
                    balanced = try sql.balance(plan: planRefs, farmland: farmland.features, supplement: supplement, check: check)
                } else {
                    balanced = try Balance(jobs: analysis.jobs, check: check).run(plan: planRefs, farmland: farmland.features, supplement: supplement)
                }
            }
            let unit = AreaUnit(self.unit ?? "mu")!
            let chosenUnit = self.unit == nil ? nil : unit  // the CSV and workbook columns
            let total = conflicts.reduce(0) { $0 + $1.areaSquareMetres }
            let text: String
            switch format {
            case .json:
                var object = try ConformCommand.object(conflicts, total: total)
                if let b = balanced, let farmland = forbid.first { object["balance"] = .object(try ConformCommand.balanceJSON(b, farmland: farmland, supplement: balance ?? "")) }
                text = JSONText.encode(.object(object)) + "\n"
            case .csv, .xlsx:
                let table = TableRows(objects: try ConformCommand.objects(conflicts),
                                      columns: ["feature_index", "feature_id", "feature_name", "constraint_file", "constraint_index", "constraint_id", "constraint_name", "rule", "area_m2"],
                                      unit: chosenUnit)
                return try csv.write(table, format: format, sheet: "conflicts", to: output.output, inputs: [plan] + forbid + within + (balance.map { [$0] } ?? []))
            case .table:
                var t = Table(columns: ["plan feature", "rule", "constraint layer", "constraint", "area (\(unit.symbol))"], rightAligned: [4])
                for c in conflicts {
                    t.rows.append([ConformCommand.label(c.feature), c.rule.rawValue, c.file, c.constraint.map(ConformCommand.label) ?? "(outside the layer)",
                                   grouped(unit.fromSquareMetres(c.areaSquareMetres), 2)])
                }
                var lines: String
                if conflicts.isEmpty {
                    lines = "no conflicts: the plan overlaps no forbidden feature and lies within every required layer\n"
                } else {
                    t.footer.append(["total", "", "", "\(conflicts.count) conflicts", grouped(unit.fromSquareMetres(total), 2)])
                    lines = t.aligned()
                }
                if let b = balanced { lines += ConformCommand.balanceTable(b) }
                text = lines
            case .geojson:
                text = GeoJSONWriter().string(FeatureCollection(try conflicts.map { c in
                    Feature(properties: JSONObject([
                        ("feature_index", .number(JSONNumber(c.feature.index))), ("feature_id", idJSON(c.feature.feature)), ("feature_name", nameJSON(c.feature.feature)),
                        ("rule", .string(c.rule.rawValue)), ("constraint_file", .string(c.file)),
                        ("constraint_index", c.constraint.map { .number(JSONNumber($0.index)) } ?? .null),
                        ("constraint_id", c.constraint.map { idJSON($0.feature) } ?? .null), ("constraint_name", c.constraint.map { nameJSON($0.feature) } ?? .null),
                        ("area_m2", try number(c.areaSquareMetres)),
                    ]), geometry: c.geometry)
                }))
            }
            if format == .table { try Output.writeReadable(text, to: output.output, inputs: [plan] + forbid + within + (balance.map { [$0] } ?? [])) } else { try Output.write(text, to: output.output, inputs: [plan] + forbid + within + (balance.map { [$0] } ?? [])) }
        }
        if fail && conflicted { throw ExitCode(1) }
    }

    static func label(_ r: FeatureRef) -> String { r.feature.name ?? r.feature.id?.text ?? "#\(r.index)" }

    static func json(_ conflicts: [Conform.Conflict], total: Double) throws -> String {
        JSONText.encode(.object(try object(conflicts, total: total))) + "\n"
    }

    static func object(_ conflicts: [Conform.Conflict], total: Double) throws -> JSONObject {
        JSONObject([("conflicts", .array(try objects(conflicts).map(JSONValue.object))), ("total_m2", try number(total))])
    }

    /// `"balance":{…}`: 占补平衡 in m² (and 亩 for people: `balanceTable`).
    static func balanceJSON(_ b: Balance.Result, farmland: String, supplement: String) throws -> JSONObject {
        JSONObject([
            ("farmland", .string(farmland)), ("supplement", .string(supplement)),
            ("occupied_m2", try number(b.occupiedSquareMetres)), ("supplement_m2", try number(b.supplementSquareMetres)), ("net_m2", try number(b.netSquareMetres)),
            ("supplement_inside_plan_m2", try number(b.supplementInsidePlanSquareMetres)), ("balanced", .bool(b.isBalanced)),
        ])
    }

    /// 占补平衡 as a small table in 亩 and m².
    static func balanceTable(_ b: Balance.Result) -> String {
        var t = Table(columns: ["占补平衡 balance", "亩", "m²"], rightAligned: [1, 2])
        for (label, v) in [("占用耕地 farmland occupied", b.occupiedSquareMetres), ("补充耕地 supplement", b.supplementSquareMetres)] {
            t.rows.append([label, grouped(AreaUnit.mu.fromSquareMetres(v), 2), grouped(v, 0)])
        }
        if b.supplementInsidePlanSquareMetres > 0 {
            t.rows.append(["  of which inside the plan", grouped(AreaUnit.mu.fromSquareMetres(b.supplementInsidePlanSquareMetres), 2), grouped(b.supplementInsidePlanSquareMetres, 0)])
        }
        t.footer.append([b.isBalanced ? "平衡 balanced: net" : "不平衡 not balanced: net", grouped(AreaUnit.mu.fromSquareMetres(b.netSquareMetres), 2), grouped(b.netSquareMetres, 0)])
        return "\n" + t.aligned()
    }

    /// The JSON contract's conflicts: `{"feature":{…},"constraint":{…},"rule","area_m2"}`.
    static func objects(_ conflicts: [Conform.Conflict]) throws -> [JSONObject] {
        try conflicts.map { c in
            let constraint: JSONValue = .object(JSONObject([
                ("file", .string(c.file)), ("index", c.constraint.map { .number(JSONNumber($0.index)) } ?? .null),
                ("id", c.constraint.map { idJSON($0.feature) } ?? .null), ("name", c.constraint.map { nameJSON($0.feature) } ?? .null),
            ]))
            return JSONObject([
                ("feature", .object(JSONObject([("index", .number(JSONNumber(c.feature.index))), ("id", idJSON(c.feature.feature)), ("name", nameJSON(c.feature.feature))]))),
                ("constraint", constraint), ("rule", .string(c.rule.rawValue)), ("area_m2", try number(c.areaSquareMetres)),
            ])
        }
    }
}
