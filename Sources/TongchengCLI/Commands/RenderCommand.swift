import ArgumentParser
import Cartography
import Foundation
import Plan

/// `tongcheng render`: map specs (YAML) to SVG maps, optionally PNG too.
///
/// ```swift
/// Tongcheng.main(["render", "maps/layout.yaml", "-o", "/tmp/layout.svg"])
/// Tongcheng.main(["render"])   // every maps/*.yaml to its SVG
/// ```
struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Draw maps: map specs (YAML) to SVG, in EPSG:4547 unless the spec says otherwise.",
        discussion: """
        A map spec names the layers (plan layers, GeoJSON files, a reach disc, an isochrone), \
        their styles and labels, the extent, projection and page, the title and the furniture \
        (legend, scale bar, north arrow, graticule, inset, source note) and notes whose figures \
        are computed when the map is drawn. The format is documented in docs/map-spec.md.

        Each SVG goes where the spec's output: says (by default beside the spec, with .svg), or \
        to -o FILE for a single spec. Without a spec, every maps/*.yaml is rendered. Files are \
        written atomically; the same spec and data always give the same bytes.

        Exit codes: 64 bad usage, 65 a bad spec (the message gives the spec file and line) or bad \
        data, 66 a missing spec or data file, 73 an output that cannot be written.

        Examples:
          tongcheng render
          tongcheng render maps/layout.yaml --png
          tongcheng render maps/reach.yaml -o /tmp/reach.svg
        """
    )

    @Argument(help: ArgumentHelp("Map specs (YAML). Default: every maps/*.yaml.", valueName: "SPEC"))
    var specs: [String] = []

    @Flag(help: "Also write a PNG beside each SVG, with rsvg-convert (apt-get install librsvg2-bin).")
    var png = false

    @Option(name: .customLong("png-dpi"), help: "Resolution of the PNG (pages in mm).")
    var pngDPI: Int = 150

    @OptionGroup var plan: PlanOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if output.output != nil, specs.count != 1 { throw ValidationError("-o names one file: give exactly one spec with it") }
        if png, output.output == "-" { throw ValidationError("--png needs an SVG file, not standard output") }
        guard (24...1200).contains(pngDPI) else { throw ValidationError("--png-dpi must be between 24 and 1200") }
    }

    func run() throws {
        try guarded {
            let converter = png ? try RenderCommand.rsvgConvert() : nil
            let files = specs.isEmpty ? try RenderCommand.defaultSpecs() : specs
            let renderer = MapRenderer(planDirectory: plan.plan)
            for file in files {
                let spec: MapSpec
                let map: RenderedMap
                do {
                    spec = try MapSpec.load(file: file)
                    map = try renderer.render(spec)
                } catch let e as MapSpecError {
                    throw CommandFailure(code: RenderCommand.exitCode(e.kind), message: e.description)
                }
                let target = output.output ?? spec.output
                try Output.write(map.svg, to: target, inputs: [file])
                if target != "-" {
                    var note = "\(file) → \(target)"
                    if !map.droppedLabels.isEmpty { note += " (\(map.droppedLabels.count) label\(map.droppedLabels.count == 1 ? "" : "s") left out for want of room: \(map.droppedLabels.joined(separator: ", ")))" }
                    Terminal.note(note)
                }
                if let converter {
                    let pngPath = ((target as NSString).deletingPathExtension as String) + ".png"
                    try RenderCommand.convert(target, to: pngPath, dpi: pngDPI, with: converter)
                    Terminal.note("\(target) → \(pngPath)")
                }
            }
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

    /// The rsvg-convert executable on the PATH.
    static func rsvgConvert() throws -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/rsvg-convert"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw CommandFailure.usage("--png needs rsvg-convert, which is not installed (apt-get install librsvg2-bin)")
    }

    /// Converts an SVG file to PNG atomically: rsvg-convert writes a temporary file beside the
    /// target, which is renamed over it only when the conversion succeeded.
    static func convert(_ svg: String, to png: String, dpi: Int, with converter: String) throws {
        let directory = (png as NSString).deletingLastPathComponent
        let temp = (directory.isEmpty ? "." : directory) + "/." + (png as NSString).lastPathComponent + ".tmp-\(getpid())"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: converter)
        process.arguments = ["--dpi-x", String(dpi), "--dpi-y", String(dpi), "--background-color", "white", "-o", temp, svg]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            unlink(temp)
            throw OutputError(path: png, reason: "rsvg-convert failed: \(message.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        guard rename(temp, png) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temp)
            throw OutputError(path: png, reason: reason)
        }
    }
}
