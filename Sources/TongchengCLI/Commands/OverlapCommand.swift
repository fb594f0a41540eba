import TongchengAnalysis
import ArgumentParser
import TongchengGeodesy
import TongchengGeometry
import TongchengPostGIS
import TongchengOperations

struct OverlapCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "overlap",
        abstract: "Every pair of polygon features whose interiors overlap, with the shared area.",
        discussion: """
        Within one file (each pair once) or across two files. Candidate pairs come from an STRtree, \
        so thousands of features are fine; features that only touch are not pairs. Areas are geodesic.

        JSON: {"pairs":[{"a":{"index","id","name"},"b":{…},"area_m2","fraction_of_a","fraction_of_b"}]}
        --format geojson gives the shared parts.

        Examples:
          tongcheng overlap geodata/plan/special_zone.geojson \\
              geodata/plan/belt.geojson
          tongcheng overlap geodata/plan/corridors.geojson \\
              geodata/boundaries.geojson --format json
        """
    )

    @Argument(help: ArgumentHelp("One source (pairs within it) or two (pairs across them), any format ('FILE|layer=NAME|crs=EPSG:XXXX', pg:TABLE).", valueName: "FILE"))
    var files: [String]

    @Option(help: "table, csv, json (the documented contract) or geojson (the shared parts). Default: table, or the format -o's extension names.")
    var format: FormatChoice<MeasureFormats>?

    @OptionGroup var csv: CSVOptions

    @Option(help: "Unit for the table: km2, ha, mu or m2. Default: km2; when given, CSV and workbooks add an area_<unit> column beside each _m2 one.")
    var unit: String?

    @OptionGroup var analysis: AnalysisOptions
    @OptionGroup var engine: EngineOptions
    @OptionGroup var limit: PairLimitOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var interchange: InterchangeOptions

    func validate() throws {
        guard (1...2).contains(files.count) else { throw ValidationError("give one file (pairs within it) or two (pairs across them)") }
        guard AreaUnit(unit ?? "km2") != nil else { throw ValidationError("unknown area unit \"\(unit ?? "")\": use km2, ha, mu or m2") }
    }

    func run() throws {
        try guarded {
            let inputs = try loadInputs(files, options: interchange.read, conninfo: engine.conninfo)
            let a = try analysis.checked(FeatureRef.all(in: inputs[0].collection, file: inputs[0].name))
            let b = inputs.count == 2 ? try analysis.checked(FeatureRef.all(in: inputs[1].collection, file: inputs[1].name)) : nil
            let sql = try engine.postgis(for: OperationCatalog.overlap)
            let unit = AreaUnit(self.unit ?? "km2")!
            let chosenUnit = self.unit == nil ? nil : unit  // the CSV and workbook columns
            let ref = ["index", "file", "id", "name"]
            let out = try PairOutput(format: try outputFormat(format, of: MeasureFormats.self, output: output.output), csv: csv.writer(for: output.output),
                                     columns: ref.map { "a_" + $0 } + ref.map { "b_" + $0 } + ["area_m2", "fraction_of_a", "fraction_of_b"],
                                     table: Table(columns: ["a", "b", "shared (\(unit.symbol))", "of a", "of b"], rightAligned: [2, 3, 4]),
                                     jsonHead: "{\"pairs\":[", to: output.output, inputs: files, unit: chosenUnit, sheet: "overlap")
            func label(_ r: FeatureRef) -> String { r.feature.name ?? r.feature.id?.text ?? "#\(r.index)" }
            func pairs(_ progress: ProgressCounter?, _ body: (Overlap.Pair) throws -> Void) throws -> Bool {
                if let sql {
                    progress?.start("overlap in PostGIS")
                    return try streamList(try sql.overlap(a, b), limit: limit.limit, body)
                }
                var overlap = Overlap(jobs: analysis.jobs)
                overlap.progress = progress
                return try overlap.forEachPair(in: a, and: b, limit: limit.limit, body)
            }
            let stopped = try ProgressLine.show(quiet: analysis.quiet) { progress in try pairs(progress) { p in
                try out.add(object: JSONObject([("a", refJSON(p.a)), ("b", refJSON(p.b)), ("area_m2", try number(p.areaSquareMetres)),
                                                ("fraction_of_a", try number(p.fractionOfA)), ("fraction_of_b", try number(p.fractionOfB))]),
                            cells: [label(p.a), label(p.b), grouped(unit.fromSquareMetres(p.areaSquareMetres), 2), fixed(p.fractionOfA * 100, 1) + " %", fixed(p.fractionOfB * 100, 1) + " %"],
                            feature: Feature(properties: ["a_id": idJSON(p.a.feature), "a_name": nameJSON(p.a.feature), "b_id": idJSON(p.b.feature), "b_name": nameJSON(p.b.feature),
                                                          "area_m2": try number(p.areaSquareMetres), "fraction_of_a": try number(p.fractionOfA), "fraction_of_b": try number(p.fractionOfB)],
                                             geometry: p.shared))
            } }
            try out.finish(emptyTable: "no overlapping pairs\n", emptyNote: "no overlapping pairs: the CSV has only its header")
            if stopped { Terminal.note("stopped after \(out.count) pairs (--limit); there are more") }
        }
    }
}
