import TongchengAnalysis
import ArgumentParser
import TongchengCartography
import Foundation
import TongchengGeometry
import TongchengPlan
import TongchengProcessIO

/// `tongcheng render`: map specs (YAML) to SVG, the interactive HTML viewer, PDF or PNG.
///
/// ```swift
/// Tongcheng.main(["render", "maps/layout.yaml", "-o", "/tmp/layout.pdf"])
/// Tongcheng.main(["render"])   // every maps/*.yaml to its SVG
/// ```
struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Draw maps: map specs (YAML) to SVG, HTML viewer, PDF or PNG, in EPSG:4547 unless the spec says otherwise.",
        discussion: """
        A map spec names the layers (plan layers, files of any format, a reach disc, an isochrone), \
        their styles and labels, the extent, projection and page, the title and the furniture \
        (legend, scale bar, north arrow, graticule, inset, source note) and notes whose figures \
        are computed when the map is drawn. The format is documented in docs/map-spec.md.

        The format is the output's extension (.svg, .html, .pdf, .png) or --format; the two must \
        agree (a PDF is never written under .png, nor SVG under .pdf). PDF and PNG are drawn from \
        the SVG by librsvg and cairo in this process: the PDF has the spec's page size, embedded \
        fonts and searchable text; the PNG has --dpi dots per inch. HTML is the interactive \
        viewer: one self-contained file that loads nothing from outside.

        Each map goes where the spec's output: says (by default beside the spec, with the \
        format's extension), or to -o FILE for a single spec. Without a spec, every maps/*.yaml \
        is rendered. Files are written atomically; the same spec and data give the same bytes.

        Exit codes: 64 bad usage (a format that does not match the extension), 65 a bad spec (the \
        message gives the spec file and line) or bad data, 66 a missing spec or data file, 73 an \
        output that cannot be written.

        Examples:
          tongcheng render
          tongcheng render maps/layout.yaml -o layout.pdf
          tongcheng render maps/layout.yaml -o layout.png --dpi 300
          tongcheng render maps/layout.yaml --format html
        """
    )

    @Argument(help: ArgumentHelp("Map specs (YAML). Default: every maps/*.yaml.", valueName: "SPEC"))
    var specs: [String] = []

    @Option(help: ArgumentHelp("svg, html, pdf or png (default: the output's extension, else svg).", valueName: "FORMAT"))
    var format: String?

    @Flag(help: "Also write a PNG beside each SVG (drawn in-process by librsvg).")
    var png = false

    @Option(name: [.customLong("dpi"), .customLong("png-dpi")], help: "Resolution of PNG output, in dots per inch.")
    var dpi: Int = 150

    @Option(help: ArgumentHelp("编制单位 printed under the map (overrides furniture: producer:).", valueName: "NAME"))
    var producer: String?

    @Option(help: ArgumentHelp("The map's date, YYYY, YYYY-MM or YYYY-MM-DD (overrides furniture: date:).", valueName: "DATE"))
    var date: String?

    @Option(help: ArgumentHelp("审图号, the map approval number (overrides furniture: approval:).", valueName: "NUMBER"))
    var approval: String?

    @Option(name: .customLong("crs-note"), help: ArgumentHelp("The 坐标系 note (overrides the one derived from the projection).", valueName: "TEXT"))
    var crsNote: String?

    @OptionGroup var plan: PlanOptions
    @OptionGroup var output: OutputOptions

    /// The spec's furniture with the command line's overrides.
    func furnished(_ spec: MapSpec) -> MapSpec {
        var s = spec
        if let producer { s.furniture.producer = producer }
        if let date { s.furniture.sourceDate = date }
        if let approval { s.furniture.approval = approval }
        if let crsNote { s.furniture.crsNote = crsNote }
        return s
    }

    func validate() throws {
        if let date, date.range(of: #"^\d{4}(-\d{2}(-\d{2})?)?$"#, options: .regularExpression) == nil {
            throw ValidationError("--date \(date): write YYYY, YYYY-MM or YYYY-MM-DD")
        }
        for (name, value) in [("--producer", producer), ("--approval", approval), ("--crs-note", crsNote)] {
            if let value, value.trimmingCharacters(in: .whitespaces).isEmpty || value.contains("\n") { throw ValidationError("\(name) needs one line of text") }
        }
        if output.output != nil, specs.count != 1 { throw ValidationError("-o names one file: give exactly one spec with it") }
        if png, output.output == "-" { throw ValidationError("--png needs an SVG file, not standard output") }
        guard (24...1200).contains(dpi) else { throw ValidationError("--dpi must be between 24 and 1200") }
        _ = try chosenFormat()
    }

    /// The format asked for: `--format`, else the extension of `-o`, else SVG. A `--format` that
    /// differs from the extension of `-o` is refused.
    func chosenFormat() throws -> MapFormat {
        var named: MapFormat?
        if let format {
            guard let f = MapFormat(rawValue: format.lowercased()) else {
                throw ValidationError("--format \(format): expected \(MapFormat.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            named = f
        }
        if let path = output.output, path != "-" {
            guard let byExtension = MapFormat(fileExtensionOf: path) else {
                throw ValidationError("-o \(path): the name must end in .svg, .html, .pdf or .png, so that it says what it holds")
            }
            if let named, named != byExtension {
                throw ValidationError("--format \(named.rawValue) does not match -o \(path): a \(named.rawValue.uppercased()) file is never written under .\((path as NSString).pathExtension)")
            }
            return byExtension
        }
        if png, let named, named != .svg { throw ValidationError("--png goes with SVG output; for PNG alone use --format png") }
        return named ?? .svg
    }

    /// What to write for a spec: the one format of `-o`/`--format`, else the spec's `formats:`.
    func formats(for spec: MapSpec) throws -> [MapFormat] {
        if output.output != nil || format != nil { return [try chosenFormat()] }
        guard !spec.outputFormats.isEmpty else {
            throw CommandFailure.usage("\(spec.file): output: \(spec.output) does not end in .svg, .html, .pdf or .png, so it would not say what it holds")
        }
        return spec.outputFormats
    }

    @Flag(name: .customLong("allow-outside"), help: "Let a spec's output: name a file outside the spec's folder (refused otherwise).")
    var allowOutside = false

    @Flag(name: .shortAndLong, help: "No progress line on standard error (shown only on a terminal, for work over 2 s).")
    var quiet = false

    func run() throws {
        try guarded { try ProgressLine.show(quiet: quiet) { progress in try render(progress) } }
    }

    /// Renders every spec, then checks every output, then writes them, counting on `progress`.
    func render(_ progress: ProgressCounter?) throws {
        let files = specs.isEmpty ? try RenderCommand.defaultSpecs() : specs
        var renderer = MapRenderer(planDirectory: plan.plan)
        renderer.progress = progress
        // Render every spec first (reading every layer), then check every output, then write:
        // no output replaces a file any spec reads, and a refusal leaves nothing written.
        var rendered: [(file: String, spec: MapSpec, target: String, format: MapFormat, map: RenderedMap)] = []
        for (k, file) in files.enumerated() {
            if files.count > 1 { progress?.setContext("spec \(k + 1)/\(files.count)") }
            let spec: MapSpec
            let map: RenderedMap
            do {
                spec = furnished(try MapSpec.load(file: file))
                map = try renderer.render(spec)
            } catch let e as MapSpecError {
                throw CommandFailure(code: RenderCommand.exitCode(e.kind), message: e.description)
            }
            if output.output == nil, !allowOutside, !SafeOutput.isInside(spec.output, folder: spec.baseDirectory) {
                throw CommandFailure(code: SysExit.cannotCreate, message: "\(file): output \(spec.output) is outside the spec's folder \(spec.baseDirectory); give --allow-outside to write there")
            }
            for format in try formats(for: spec) {
                rendered.append((file, spec, output.output ?? format.path(replacingExtensionOf: spec.output), format, map))
            }
            if png { rendered.append((file, spec, MapFormat.png.path(replacingExtensionOf: output.output ?? spec.output), .png, map)) }
        }
        let inputs = Output.protected(files)
        try RenderCommand.checkOutputs(rendered.map(\.target), protecting: inputs)
        for (k, r) in rendered.enumerated() {
            progress?.setContext("output \(k + 1)/\(rendered.count)")
            progress?.start("\(r.format == .pdf || r.format == .png ? "convert to \(r.format.rawValue.uppercased()) and write" : "write") \(r.target == "-" ? "standard output" : r.target)")
            try Output.write(try RenderCommand.bytes(of: r.map, spec: r.spec, as: r.format, dpi: dpi), to: r.target, inputs: files)
            if r.target != "-" {
                var note = "\(r.file) → \(r.target)"
                Terminal.note(note)
                if r.format == .svg { for line in RenderCommand.droppedLabelNotes(r.map) { Terminal.note(line) } }
            }
        }
    }

    /// Labels left out, in short lines: how many for want of room (the first ten named) and how
    /// many beyond the cap of labels one map tries.
    static func droppedLabelNotes(_ map: RenderedMap) -> [String] {
        var lines: [String] = []
        let roomless = Array(map.droppedLabels.dropLast(map.labelsBeyondCap))
        if !roomless.isEmpty {
            let shown = roomless.prefix(10).joined(separator: ", ") + (roomless.count > 10 ? ", and \(roomless.count - 10) more" : "")
            lines.append("\(roomless.count) label\(roomless.count == 1 ? "" : "s") left out for want of room: \(shown)")
        }
        if map.labelsBeyondCap > 0 {
            lines.append("\(map.labelsBeyondCap) label\(map.labelsBeyondCap == 1 ? "" : "s") not placed: a map places at most \(RenderedMap.labelCap) (label fewer features: filter the layer or give its labels a priority)")
        }
        return lines
    }

    /// Every output checked before the first is written: writable, not an input, not twice.
    static func checkOutputs(_ targets: [String], protecting inputs: InputSet) throws {
        var seen: [String: String] = [:]
        for t in targets {
            let key = SafeOutput.key(for: t)
            if t != "-", let first = seen[key] {
                throw CommandFailure(code: SysExit.cannotCreate, message: "\(t): two outputs of this run are the same file (also \(first)); nothing was written")
            }
            seen[key] = t
            try SafeOutput.checkWritable(t, protecting: inputs)
        }
    }

    /// The map in a format.
    static func bytes(of map: RenderedMap, spec: MapSpec, as format: MapFormat, dpi: Int) throws -> [UInt8] {
        do {
            switch format {
            case .svg: return Array(map.svg.utf8)
            case .html: return Array(try MapViewer.page(map).utf8)
            case .pdf: return [UInt8](try PrintOutput.pdf(svg: map.svg, page: map.page, title: map.title, date: map.date))
            case .png: return [UInt8](try PrintOutput.png(svg: map.svg, page: map.page, dpi: Double(dpi)))
            }
        } catch let e as PrintError {
            throw CommandFailure(code: e.tooLarge ? SysExit.usage : SysExit.software, message: "\(spec.file): \(e)")
        }
    }

    static func exitCode(_ kind: MapSpecError.Kind) -> Int32 {
        switch kind {
        case .badSpec, .badData: return SysExit.dataError
        case .missingFile: return SysExit.noInput
        case .cannotWrite: return SysExit.cannotCreate
        }
    }

    /// `maps/*.yaml` in the working folder, else in the source tree's `maps/`.
    static func defaultSpecs() throws -> [String] {
        let fm = FileManager.default
        var folder = "maps"
        if !fm.fileExists(atPath: folder) {
            let source = (Plan.defaultDirectory() as NSString).deletingLastPathComponent
            folder = (source as NSString).appendingPathComponent("maps")
        }
        guard let names = try? fm.contentsOfDirectory(atPath: folder) else {
            throw CommandFailure(code: SysExit.noInput, message: "no maps/ folder here: name the specs to render")
        }
        let specs = names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted().map { (folder as NSString).appendingPathComponent($0) }
        guard !specs.isEmpty else { throw CommandFailure(code: SysExit.noInput, message: "\(folder) holds no .yaml map specs") }
        return specs
    }
}
