import ArgumentParser
import Cartography
import Foundation
import Geometry
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

    @Flag(name: .customLong("allow-outside"), help: "Let a spec's output: name a file outside the spec's folder (refused otherwise).")
    var allowOutside = false

    func run() throws {
        try guarded {
            let converter = png ? try RenderCommand.rsvgConvert() : nil
            let files = specs.isEmpty ? try RenderCommand.defaultSpecs() : specs
            let renderer = MapRenderer(planDirectory: plan.plan)
            // Render every spec first (reading every layer), then check every output, then write:
            // no output replaces a file any spec reads, and a refusal leaves nothing written.
            var rendered: [(file: String, target: String, map: RenderedMap)] = []
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
                if output.output == nil, !allowOutside, !SafeOutput.isInside(target, folder: spec.baseDirectory) {
                    throw CommandFailure(code: SysExit.cannotCreate, message: "\(file): output \(target) is outside the spec's folder \(spec.baseDirectory); give --allow-outside to write there")
                }
                rendered.append((file, target, map))
            }
            let inputs = Output.protected(files)
            var targets: [String] = []
            for r in rendered {
                targets.append(r.target)
                if converter != nil { targets.append(((r.target as NSString).deletingPathExtension as String) + ".png") }
            }
            try RenderCommand.checkOutputs(targets, protecting: inputs)
            for r in rendered {
                try Output.write(r.map.svg, to: r.target, inputs: files)
                if r.target != "-" {
                    var note = "\(r.file) → \(r.target)"
                    if !r.map.droppedLabels.isEmpty { note += " (\(r.map.droppedLabels.count) label\(r.map.droppedLabels.count == 1 ? "" : "s") left out for want of room: \(r.map.droppedLabels.joined(separator: ", ")))" }
                    Terminal.note(note)
                }
                if let converter {
                    let pngPath = ((r.target as NSString).deletingPathExtension as String) + ".png"
                    let bytes = try RenderCommand.convert(svg: r.map.svg, dpi: pngDPI, with: converter, for: pngPath)
                    try SafeOutput.write(bytes, to: pngPath, protecting: inputs)
                    Terminal.note("\(r.target) → \(pngPath)")
                }
            }
        }
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

    /// Converts SVG text to PNG bytes with rsvg-convert, through pipes: the tool writes no file
    /// (so no temporary file can be left or planted), and a signal that ends this process sends
    /// it SIGTERM (`TemporaryFiles.registerChild`); if this process is killed outright, the tool
    /// fails at its next write to the closed pipe.
    static func convert(svg: String, dpi: Int, with converter: String, for png: String) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: converter)
        process.arguments = ["--dpi-x", String(dpi), "--dpi-y", String(dpi), "--background-color", "white"]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        TemporaryFiles.registerChild(process.processIdentifier)
        defer { TemporaryFiles.unregisterChild(process.processIdentifier) }
        final class Box: @unchecked Sendable { var data = Data() }
        let outBox = Box(), errBox = Box()
        let group = DispatchGroup()
        for (pipe, box) in [(output, outBox), (errors, errBox)] {
            group.enter()
            DispatchQueue.global().async {
                box.data = pipe.fileHandleForReading.readDataToEndOfFile()
                group.leave()
            }
        }
        let writeFailed: Bool
        do {
            try StandardStreams.write(Array(svg.utf8), to: input.fileHandleForWriting.fileDescriptor, name: "rsvg-convert")
            writeFailed = false
        } catch { writeFailed = true }
        try? input.fileHandleForWriting.close()
        group.wait()
        process.waitUntilExit()
        guard process.terminationStatus == 0, !writeFailed, !outBox.data.isEmpty else {
            let message = String(decoding: errBox.data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw SafeOutputError(.cannotCreate, path: png, reason: "rsvg-convert failed: \(message.isEmpty ? "exit \(process.terminationStatus)" : message)")
        }
        return [UInt8](outBox.data)
    }
}
