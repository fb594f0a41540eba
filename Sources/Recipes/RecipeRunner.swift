import TongchengAnalysis
import Foundation
import TongchengGeodesy
import TongchengGeometry
import TongchengInterchange
import TongchengPlan
import TongchengTopology
import TongchengProcessIO
import TongchengReport
import TongchengPostGIS
import TongchengOperations

/// What a step produced: always a layer, and a table for the measuring steps.
public struct StepResult: Sendable {
    public var layer: FeatureCollection
    public var table: ResultTable?
}

/// Renders a map spec in the text format an output file's extension names (`.svg`, or `.html`
/// for the interactive viewer), throwing for any other; the command-line tool passes the
/// Cartography renderer (kept as a function so that recipes do not depend on the renderer's internals).
public typealias MapRenderFunction = @Sendable (_ specFile: String, _ planDirectory: String, _ outputFile: String) throws -> String

/// Runs a checked recipe: inputs are read once, each step runs once (a step used twice is not
/// recomputed), outputs are written atomically.
///
/// ```swift
/// let runner = RecipeRunner(recipe: try Recipe.load(file: "examples/towns-near-hsr.yaml"))
/// let results = try runner.run()                 // [step name: StepResult]
/// print(results["near-hsr"]?.table?.csv() ?? "")
/// ```
public struct RecipeRunner: Sendable {
    public var recipe: Recipe
    public var jobs: Int
    public var mapRenderer: MapRenderFunction?
    /// Counts the steps (as the counter's context) and, within a step, the features its analysis
    /// has done; the command line draws it (`nil`: nothing counted).
    public var progress: ProgressCounter?
    /// Called with each step's name as it runs (once per step).
    public var onStep: (@Sendable (String) -> Void)?
    /// Whether outputs may lie outside the recipe's folder (refused otherwise).
    public var allowOutside = false
    /// `tongcheng run --engine`: overrides the recipe's `engine:` (a step's own still wins).
    public var engine: OperationEngine?
    /// Where PostgreSQL is, for the steps that run on the PostGIS engine (a libpq conninfo).
    public var conninfo = ""

    /// A runner for `recipe` on `jobs` threads; `mapRenderer` draws its map outputs, `progress`
    /// counts each step's work, `onStep` hears each step's summary.
    ///
    /// ```swift
    /// var runner = RecipeRunner(recipe: try RecipeParser.load(file: "examples/lankao-land-budget.yaml"), jobs: 2)
    /// ```
    public init(recipe: Recipe, jobs: Int = ProcessInfo.processInfo.activeProcessorCount, mapRenderer: MapRenderFunction? = nil, progress: ProgressCounter? = nil, onStep: (@Sendable (String) -> Void)? = nil) {
        self.recipe = recipe
        self.jobs = jobs
        self.mapRenderer = mapRenderer
        self.progress = progress
        self.onStep = onStep
    }

    /// The plan as `--dry-run` prints it: each step with what it reads, then the outputs.
    public func describe() -> String {
        var out = "recipe \(recipe.name) (\(recipe.file)), plan \(recipe.planDirectory)\n"
        for i in recipe.inputs {
            let what: String
            switch i.source {
            case .file(let f, let crs): what = "file \(f)" + (crs == "wgs84" ? "" : " (\(crs))")
            case .planLayer(let l): what = "plan layer \(l)"
            case .place(let p): what = "place \(p)"
            }
            out += "  input \(i.name) = \(what)   [line \(i.line)]\n"
        }
        for (k, s) in recipe.steps.enumerated() {
            let params = s.parameters.keys.sorted().map { key -> String in
                switch s.parameters[key]! {
                case .list(let l): return "\(key)=[\(l.joined(separator: ", "))]"
                case .mapping(let m): return "\(key)={\(m.keys.sorted().map { "\($0): \(m[$0]!.joined(separator: "|"))" }.joined(separator: ", "))}"
                case let v: return "\(key)=\(v.text ?? "")"
                }
            }.joined(separator: ", ")
            out += "  \(k + 1). \(s.name) = \(s.operation)(\(params))   [line \(s.line)]\n"
        }
        for o in recipe.outputs {
            switch o.kind {
            case .layer(let l): out += "  write layer \(l) → \(o.file)\n"
            case .table(let t): out += "  write table \(t) → \(o.file)\n"
            case .map(let spec): out += "  render map \(spec) → \(o.file)\n"
            case .report: out += "  write the plan report → \(o.file)\n"
            }
        }
        return out
    }

    /// Runs every step and writes the outputs; returns the results by step name.
    @discardableResult
    public func run(writeOutputs: Bool = true) throws -> [String: StepResult] {
        let mark = ReadLog.shared.mark()
        let state = RunState(recipe: recipe, jobs: jobs, progress: progress, engine: engine, conninfo: conninfo)
        let total = recipe.steps.count
        for (k, step) in recipe.steps.enumerated() {
            progress?.setContext("step \(k + 1)/\(total) \(step.name)")
            progress?.start(step.operation)
            onStep?(step.name)
            do {
                state.record(step.name, try state.execute(step))
            } catch let e as RecipeError {
                throw e
            } catch let e as DatabaseError {
                throw e   // the server's own kind (unavailable: 69, …), as on the command line
            } catch {
                throw RecipeError(file: recipe.file, line: step.line, step: step.name, message: "\(error)")
            }
        }
        if writeOutputs { try write(state, readSince: mark) }
        progress?.setContext(nil)
        return state.allResults
    }

    /// Makes every output's text first — the layers and tables, then the maps and the report,
    /// which read their layers now and may draw a layer this recipe writes (it is read from the
    /// text about to be written, `PendingOutputs`: examples/special-zone-conformance.yaml draws
    /// its own conflicts from a clean clone) — then checks every output — inside the recipe's
    /// folder unless `allowOutside`, not an input of the run (the recipe, its inputs, the plan
    /// folder's files, every file read since `mark`), not two outputs to one file, writable — and
    /// only then writes them, each through `SafeOutput`: nothing is written if anything fails.
    func write(_ state: RunState, readSince mark: Int) throws {
        var texts = [String](repeating: "", count: recipe.outputs.count)
        var pending: [String: String] = [:]
        for (k, o) in recipe.outputs.enumerated() {
            switch o.kind {
            case .layer:
                texts[k] = try text(of: o, state)
                pending[SafeOutput.key(for: o.file)] = texts[k]
            case .table: texts[k] = try text(of: o, state)
            case .map, .report: continue
            }
        }
        try PendingOutputs.serving(pending) {
            for (k, o) in recipe.outputs.enumerated() {
                switch o.kind {
                case .map, .report: texts[k] = try text(of: o, state)
                case .layer, .table: continue
                }
            }
        }
        let inputs = protectedInputs(readSince: mark)
        try check(inputs)
        for (o, text) in zip(recipe.outputs, texts) {
            do {
                try SafeOutput.write(text, to: o.file, protecting: inputs, createFolders: true)
            } catch var e as SafeOutputError {
                e.reason += " (\(recipe.file):\(o.line))"
                throw e
            }
        }
    }

    /// The text of one output (maps and the report read their layers now).
    func text(of o: RecipeOutput, _ state: RunState) throws -> String {
        let k = recipe.outputs.firstIndex { $0.line == o.line && $0.file == o.file } ?? 0
        progress?.setContext("output \(k + 1)/\(recipe.outputs.count) \(o.file)")
        progress?.start("prepare")
        switch o.kind {
        case .layer(let name):
            return GeoJSONWriter(precision: 7).string(try state.layer(name, line: o.line))
        case .table(let name):
            guard let t = state.result(name)?.table else { throw RecipeError(file: recipe.file, line: o.line, step: nil, message: "\(name) made no table") }
            return o.file.hasSuffix(".json") ? t.json() : t.csv(byteOrderMark: true)
        case .map(let spec):
            guard let mapRenderer else { throw RecipeError(file: recipe.file, line: o.line, step: nil, message: "no map renderer available") }
            guard ["svg", "html", "htm"].contains((o.file as NSString).pathExtension.lowercased()) else {
                throw RecipeError(file: recipe.file, line: o.line, step: nil,
                                  message: "\(o.file): a map output is .svg or .html (for PDF or PNG: tongcheng render \(spec) -o FILE.pdf)")
            }
            return try mapRenderer(spec, recipe.planDirectory, o.file)
        case .report:
            let ext = (o.file as NSString).pathExtension.lowercased()
            guard ["html", "htm", "md", "markdown"].contains(ext) else {
                throw RecipeError(file: recipe.file, line: o.line, step: nil,
                                  message: "\(o.file): a report output is .html or .md\(ext == "pdf" ? " (tongcheng report -o FILE.pdf writes the PDF)" : "")")
            }
            let plan = try state.plan()
            let viewer = try mapRenderer.map { try $0(PlanReport.layoutSpec(planDirectory: recipe.planDirectory), recipe.planDirectory, "layout.html") }
            let report = try PlanReport(plan: plan, layoutMap: viewer, jobs: jobs, progress: progress)
            return ext == "md" || ext == "markdown" ? report.markdown() : report.html()
        }
    }

    /// Every output inside the recipe's folder (unless `allowOutside`), none twice, none an input, all writable.
    func check(_ inputs: InputSet) throws {
        let folder = (recipe.file as NSString).deletingLastPathComponent
        var seen: [String: RecipeOutput] = [:]
        for o in recipe.outputs {
            func fail(_ reason: String) -> SafeOutputError {
                SafeOutputError(.cannotCreate, path: o.file, reason: "\(reason) (\(recipe.file):\(o.line))")
            }
            if !allowOutside, !SafeOutput.isInside(o.file, folder: folder.isEmpty ? "." : folder) {
                throw fail("it is outside the recipe's folder; give --allow-outside to write there")
            }
            let key = SafeOutput.key(for: o.file)
            if let first = seen[key] { throw fail("the outputs at lines \(first.line) and \(o.line) are the same file; nothing was written") }
            seen[key] = o
            do {
                try SafeOutput.checkWritable(o.file, protecting: inputs, createFolders: true)
            } catch var e as SafeOutputError {
                e.reason += " (\(recipe.file):\(o.line))"
                throw e
            }
        }
    }

    /// What no output may replace: the recipe, its input files, every file of the plan folder,
    /// and every file read since `mark` (map specs and their layers, the gazetteer).
    func protectedInputs(readSince mark: Int) -> InputSet {
        var inputs = ReadLog.shared.files(since: mark)
        inputs.insert(path: recipe.file)
        for i in recipe.inputs {
            if case .file(let path, _) = i.source { inputs.insert(path: path) }
        }
        // The plan folder with its subfolders (plan.json names layers in plan/…).
        if let files = FileManager.default.enumerator(atPath: recipe.planDirectory) {
            var count = 0
            while let name = files.nextObject() as? String, count < 10_000 {
                inputs.insert(path: (recipe.planDirectory as NSString).appendingPathComponent(name))
                count += 1
            }
        }
        for o in recipe.outputs {
            if case .map(let spec) = o.kind { inputs.insert(path: spec) }
        }
        return inputs
    }
}

/// The layers and tables known while a recipe runs. The plan is loaded once, on first use.
///
/// Why `@unchecked Sendable` is safe: the mutable state (`results`, `loadedPlan`, `database`) is private and
/// read and written only under `lock` (an `NSLock`, a class: its address is stable); the rest is
/// constant and `Sendable`.
final class RunState: @unchecked Sendable {
    let recipe: Recipe
    let jobs: Int
    let progress: ProgressCounter?
    private var results: [String: StepResult] = [:]
    private var loadedPlan: Plan?
    private let lock = NSLock()
    /// `run --engine`, and where PostgreSQL is.
    let runEngine: OperationEngine?
    let conninfo: String
    /// One connection for every step on the PostGIS engine, made on first use (under `lock`).
    private var database: PostGISEngine?

    /// The PostGIS engine, connecting on first use.
    func postgis() throws -> PostGISEngine {
        try lock.withLock {
            if let database { return database }
            let engine = PostGISEngine(try Connection(conninfo: conninfo))
            database = engine
            return engine
        }
    }

    /// A step's result, once it ran.
    func result(_ name: String) -> StepResult? { lock.withLock { results[name] } }

    /// Keeps a step's result for the steps and outputs after it.
    func record(_ name: String, _ result: StepResult) { lock.withLock { results[name] = result } }

    /// Every result so far, by step name.
    var allResults: [String: StepResult] { lock.withLock { results } }

    init(recipe: Recipe, jobs: Int, progress: ProgressCounter? = nil, engine: OperationEngine? = nil, conninfo: String = "") {
        self.recipe = recipe
        self.jobs = jobs
        self.progress = progress
        self.runEngine = engine
        self.conninfo = conninfo
    }

    /// The recipe's plan, loaded on first use and kept for the rest of the run.
    func plan() throws -> Plan {
        try lock.withLock {
            if let loadedPlan { return loadedPlan }
            let plan = try Plan.load(directory: recipe.planDirectory)
            loadedPlan = plan
            return plan
        }
    }

    /// Whether a name is a layer (an earlier step, a file input, or `plan.<layer>`) rather than a place.
    func isLayer(_ name: String) -> Bool {
        if result(name) != nil || name.hasPrefix("plan.") { return true }
        guard let input = recipe.inputs.first(where: { $0.name == name }) else { return false }
        if case .place = input.source { return false }
        return true
    }

    /// A layer by name: an earlier step's result, an input, or `plan.<layer>`.
    func layer(_ name: String, line: Int) throws -> FeatureCollection {
        if let r = result(name) { return r.layer }
        if name.hasPrefix("plan.") {
            guard let kind = LayerKind(rawValue: String(name.dropFirst(5))) else {
                throw RecipeError(file: recipe.file, line: line, step: nil, message: "unknown plan layer \"\(name)\"")
            }
            return try plan()[kind]?.collection ?? FeatureCollection([])
        }
        guard let input = recipe.inputs.first(where: { $0.name == name }) else {
            throw RecipeError(file: recipe.file, line: line, step: nil, message: "unknown layer \"\(name)\"")
        }
        switch input.source {
        case .file(let path, let crs):
            // Any format FeatureSource reads; a file's own CRS (.prj, GeoPackage SRS) unless crs: names one
            // (the input's layer:, crs: and encoding: are its own, like |layer= after a path).
            var source = try SourceSpec.parse(path)
            source.layer = input.fileLayer ?? source.layer
            source.crs = (crs == "wgs84" ? nil : crs) ?? source.crs
            source.encoding = input.fileEncoding ?? source.encoding
            return try FeatureSource.read(source)
        case .planLayer(let l):
            return try layer("plan.\(l)", line: line)
        case .place:
            throw RecipeError(file: recipe.file, line: line, step: nil, message: "\"\(name)\" is a place, not a layer")
        }
    }

    func refs(_ name: String, line: Int) throws -> [FeatureRef] {
        FeatureRef.all(in: try layer(name, line: line), file: name)
    }

    func geometries(_ names: [String], line: Int) throws -> [Geometry] {
        try names.flatMap { try layer($0, line: line).features.compactMap(\.geometry) }
    }

    /// A point from a place input, a gazetteer name, or LON,LAT.
    func position(_ text: String) throws -> Position {
        if let p = Gazetteer.parseLonLat(text) { return p }
        if let input = recipe.inputs.first(where: { $0.name == text }), case .place(let p) = input.source { return try position(p) }
        return try plan().gazetteer.position(text)
    }

    /// Runs one step through its operation's declaration (Sources/Recipes/Operations/).
    func execute(_ step: RecipeStep) throws -> StepResult {
        guard let operation = RecipeOperations.byName[step.operation] else {
            throw RecipeError(file: recipe.file, line: step.line, step: step.name, message: "unknown operation \(step.operation)")
        }
        return try operation.run(StepArguments(step: step, state: self))
    }
}
