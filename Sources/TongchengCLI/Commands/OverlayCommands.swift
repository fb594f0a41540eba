import TongchengAnalysis
import ArgumentParser
import TongchengGeometry
import TongchengTopology
import TongchengPostGIS
import TongchengOperations

/// What clip and erase share: a layer and a mask.
struct MaskOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("The layer to cut: any source ('FILE|layer=NAME|crs=EPSG:XXXX', pg:TABLE), or - for standard input.", valueName: "FILE"))
    var file: String

    @Option(name: .customLong("mask"), help: ArgumentHelp("Sources (any format) whose union is the mask.", valueName: "FILE"))
    var masks: [String]

    @Option(help: "Decimals for output coordinates (default: full precision).")
    var precision: Int?

    @OptionGroup var engine: EngineOptions

    func validate() throws {
        guard !masks.isEmpty else { throw ValidationError("name the mask with --mask FILE") }
        try checkPrecision(precision)
    }

    /// Reads the layer and the mask, applies `overlay`, and writes the result as GeoJSON.
    func run(_ analysis: AnalysisOptions, _ output: OutputOptions, _ interchange: InterchangeOptions, keepOutside: Bool,
             _ overlay: (FeatureCollection, [Geometry], ProgressCounter?) throws -> FeatureCollection) throws {
        try guarded {
            try checkGeoJSONOutput(output)
            let inputs = try loadInputs([file] + masks, options: interchange.read, conninfo: engine.conninfo)
            let layer = try analysis.checked(FeatureRef.all(in: inputs[0].collection, file: inputs[0].name))
            let mask = try analysis.checked(refs(Array(inputs.dropFirst())))
            let collection = FeatureCollection(layer.map(\.feature), foreignMembers: inputs[0].collection.foreignMembers)
            let sql = try engine.postgis(for: keepOutside ? OperationCatalog.difference : OperationCatalog.clip)
            let result = try ProgressLine.show(quiet: analysis.quiet) { progress in
                try sql.map { try $0.overlay(collection, file: inputs[0].name, mask: mask, keepOutside: keepOutside) }
                    ?? overlay(collection, mask.compactMap(\.geometry), progress)
            }
            try writeFeatures(result, to: output, inputs: [file] + masks, precision: precision, interchange: interchange)
        }
    }
}

struct ClipCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clip",
        abstract: "Keep the parts of each feature inside a mask (intersection); GeoJSON out.",
        discussion: """
        Example: the part of the Yellow River belt inside Lankao
          tongcheng clip geodata/plan/belt.geojson --mask geodata/plan/zone.geojson
        """
    )
    @OptionGroup var mask: MaskOptions
    @OptionGroup var analysis: AnalysisOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var interchange: InterchangeOptions

    func run() throws {
        try mask.run(analysis, output, interchange, keepOutside: false) { try Overlay.clip($0, to: $1, progress: $2) }
    }
}

struct EraseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "erase",
        abstract: "Remove the parts of each feature inside a mask (difference); GeoJSON out.",
        discussion: """
        Example: Lankao without the Yellow River belt
          tongcheng erase geodata/plan/zone.geojson \\
              --mask geodata/plan/belt.geojson | tongcheng area -
        """
    )
    @OptionGroup var mask: MaskOptions
    @OptionGroup var analysis: AnalysisOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var interchange: InterchangeOptions

    func run() throws {
        try mask.run(analysis, output, interchange, keepOutside: true) { try Overlay.erase($0, with: $1, progress: $2) }
    }
}

struct DissolveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dissolve",
        abstract: "Merge features into one (the union), or one per value of a property; GeoJSON out.",
        discussion: """
        Examples:
          tongcheng dissolve geodata/henan_counties.geojson --by city
          tongcheng dissolve a.geojson b.geojson      # the union of both layers
        """
    )
    @Argument(help: ArgumentHelp("Sources (any format; 'FILE|layer=NAME|crs=EPSG:XXXX'; pg:TABLE), or - for standard input.", valueName: "FILE"))
    var files: [String]

    @Option(help: ArgumentHelp("Merge features with the same value of this property.", valueName: "PROPERTY"))
    var by: String?

    @Option(help: "Decimals for output coordinates (default: full precision).")
    var precision: Int?

    func validate() throws { try checkPrecision(precision) }

    @OptionGroup var analysis: AnalysisOptions
    @OptionGroup var engine: EngineOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var interchange: InterchangeOptions

    func run() throws {
        try guarded {
            try checkGeoJSONOutput(output)
            let all = try analysis.checked(refs(try loadInputs(files, options: interchange.read, conninfo: engine.conninfo)))
            if let by { try UnknownFieldError.check(by, in: all, role: "input") }   // named by file
            let collection = FeatureCollection(all.map(\.feature))
            let sql = try engine.postgis(for: OperationCatalog.dissolve)
            let result = try ProgressLine.show(quiet: analysis.quiet) { progress in
                try sql.map { try $0.dissolve(collection, by: by) } ?? Overlay.dissolve(collection, by: by, progress: progress)
            }
            try writeFeatures(result, to: output, inputs: files, precision: precision, interchange: interchange)
        }
    }
}
