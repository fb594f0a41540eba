import Analysis
import Foundation
import Geodesy
import Geometry
import Plan
import Topology

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
    public var progress: ProgressBar?
    /// Called with each step's name as it runs (once per step).
    public var onStep: (@Sendable (String) -> Void)?
    /// Whether outputs may lie outside the recipe's folder (refused otherwise).
    public var allowOutside = false

    public init(recipe: Recipe, jobs: Int = ProcessInfo.processInfo.activeProcessorCount, mapRenderer: MapRenderFunction? = nil, progress: ProgressBar? = nil, onStep: (@Sendable (String) -> Void)? = nil) {
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
        var state = RunState(recipe: recipe, jobs: jobs)
        let total = recipe.steps.count
        for (k, step) in recipe.steps.enumerated() {
            progress?.update(k, of: total, label: "\(step.operation) \(step.name)")
            onStep?(step.name)
            do {
                state.results[step.name] = try state.execute(step)
            } catch let e as RecipeError {
                throw e
            } catch {
                throw RecipeError(file: recipe.file, line: step.line, step: step.name, message: "\(error)")
            }
        }
        progress?.finish()
        if writeOutputs { try write(state, readSince: mark) }
        return state.results
    }

    /// Makes every output's text first (maps and the report read their layers now), then checks
    /// every output — inside the recipe's folder unless `allowOutside`, not an input of the run
    /// (the recipe, its inputs, the plan folder's files, every file read since `mark`), not two
    /// outputs to one file, writable — and only then writes them, each through `SafeOutput`.
    func write(_ state: RunState, readSince mark: Int) throws {
        var texts: [String] = []
        for o in recipe.outputs {
            let text: String
            switch o.kind {
            case .layer(let name):
                text = GeoJSONWriter(precision: 7).string(try state.layer(name, line: o.line))
            case .table(let name):
                guard let t = state.results[name]?.table else { throw RecipeError(file: recipe.file, line: o.line, step: nil, message: "\(name) made no table") }
                text = o.file.hasSuffix(".json") ? t.json() : t.csv(byteOrderMark: true)
            case .map(let spec):
                guard let mapRenderer else { throw RecipeError(file: recipe.file, line: o.line, step: nil, message: "no map renderer available") }
                text = try mapRenderer(spec, recipe.planDirectory, o.file)
            case .report:
                let plan = try state.plan()
                let viewer = try mapRenderer.map { try $0(PlanReport.layoutSpec(planDirectory: recipe.planDirectory), recipe.planDirectory, "layout.html") }
                let report = try PlanReport(plan: plan, layoutMap: viewer, jobs: jobs)
                text = o.file.hasSuffix(".md") ? report.markdown() : report.html()
            }
            texts.append(text)
        }
        let inputs = protectedInputs(readSince: mark)
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
        for (o, text) in zip(recipe.outputs, texts) {
            do {
                try SafeOutput.write(text, to: o.file, protecting: inputs, createFolders: true)
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

/// The layers and tables known while a recipe runs.
struct RunState {
    let recipe: Recipe
    let jobs: Int
    var results: [String: StepResult] = [:]
    var loadedPlan: Plan?

    init(recipe: Recipe, jobs: Int) {
        self.recipe = recipe
        self.jobs = jobs
    }

    func plan() throws -> Plan {
        if let loadedPlan { return loadedPlan }
        return try Plan.load(directory: recipe.planDirectory)
    }

    mutating func ensurePlan() throws -> Plan {
        if loadedPlan == nil { loadedPlan = try Plan.load(directory: recipe.planDirectory) }
        return loadedPlan!
    }

    /// A layer by name: an earlier step's result, an input, or `plan.<layer>`.
    func layer(_ name: String, line: Int) throws -> FeatureCollection {
        if let r = results[name] { return r.layer }
        if name.hasPrefix("plan.") {
            let kind = LayerKind(rawValue: String(name.dropFirst(5)))!
            return try plan()[kind]?.collection ?? FeatureCollection([])
        }
        guard let input = recipe.inputs.first(where: { $0.name == name }) else {
            throw RecipeError(file: recipe.file, line: line, step: nil, message: "unknown layer \"\(name)\"")
        }
        switch input.source {
        case .file(let path, let crs):
            var fc = try GeoJSONReader(options: GeoJSONReadOptions(geographic: true)).read(file: path).featureCollection
            if crs != "wgs84" {
                let t = try Transformer(from: try CoordinateSystem(crs), to: .wgs84)
                for k in fc.features.indices { fc.features[k].geometry = try fc.features[k].geometry.map { try t.transform($0) } }
            }
            return fc
        case .planLayer(let l):
            return try plan()[LayerKind(rawValue: l)!]?.collection ?? FeatureCollection([])
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

    mutating func execute(_ step: RecipeStep) throws -> StepResult {
        let p = step.parameters
        let line = step.line
        func text(_ key: String) -> String? { p[key]?.text }
        func list(_ key: String) -> [String] {
            if case .list(let l)? = p[key] { return l }
            return p[key]?.text.map { [$0] } ?? []
        }
        func input() throws -> FeatureCollection { try layer(text("input")!, line: line) }
        switch step.operation {
        case "transform":
            var fc = try input()
            let t = try Transformer(from: try CoordinateSystem(text("from") ?? "wgs84"), to: try CoordinateSystem(text("to")!))
            for k in fc.features.indices { fc.features[k].geometry = try fc.features[k].geometry.map { try t.transform($0) } }
            return StepResult(layer: fc)
        case "buffer":
            let crs = try text("crs").map { try CoordinateSystem($0) }
            let b = BufferAnalysis(distanceMetres: try Quantity.metres(text("distance")!), crs: crs, dissolve: p["dissolve"] == .flag(true), jobs: jobs)
            return StepResult(layer: try b.run(try input()))
        case "dissolve":
            return StepResult(layer: try Overlay.dissolve(try input(), by: text("by")))
        case "clip", "intersect":
            return StepResult(layer: try Overlay.clip(try input(), to: try geometries(list("mask"), line: line)))
        case "difference":
            return StepResult(layer: try Overlay.erase(try input(), with: try geometries(list("mask"), line: line)))
        case "union":
            let g = try Geometry.union(of: try geometries(list("inputs"), line: line))
            return StepResult(layer: FeatureCollection([Feature(properties: ["name": .string(step.name)], geometry: g)]))
        case "area", "length":
            let isArea = step.operation == "area"
            let fc = try input()
            let values = try parallelMap(fc.features, jobs: jobs) { f in isArea ? (f.geometry?.geodesicArea() ?? 0) : (f.geometry?.geodesicLength() ?? 0) }
            let unitColumn: String
            let convert: (Double) -> Double
            if isArea {
                let u = AreaUnit(text("unit") ?? "km2")!
                unitColumn = "area_\(u.rawValue)"
                convert = u.fromSquareMetres
            } else {
                let u = LengthUnit(text("unit") ?? "km")!
                unitColumn = "length_\(u.rawValue)"
                convert = u.fromMetres
            }
            let base = isArea ? "area_m2" : "length_m"
            var table = ResultTable(columns: ["index", "id", "name", base, unitColumn])
            var features = fc.features
            for (k, f) in fc.features.enumerated() {
                table.rows.append([.number(JSONNumber(k)), f.id?.jsonValue ?? .null, f.name.map { .string($0) } ?? .null, .number(JSONNumber(values[k])), .number(JSONNumber(convert(values[k])))])
                var props = f.properties ?? JSONObject()
                props[base] = .number(JSONNumber(values[k]))
                features[k].properties = props
            }
            return StepResult(layer: FeatureCollection(features), table: table)
        case "reach":
            let from = text("from")!
            let origin: Reach.Origin
            if results[from] != nil || recipe.inputs.contains(where: { $0.name == from && { if case .place = $0.source { return false } else { return true } }($0) }) || from.hasPrefix("plan.") {
                origin = .area(try Geometry.union(of: try geometries([from], line: line)))
            } else {
                origin = .point(try position(from))
            }
            let reach = Reach(origin: origin, radiusMetres: try Quantity.metres(text("radius")!), jobs: jobs)
            let rows = try reach.measure(try list("within").flatMap { try refs($0, line: line) })
            var table = ResultTable(columns: ["layer", "index", "id", "name", "area_m2", "inside_m2", "fraction"])
            var features = [Feature(id: .string("reach"), properties: ["kind": "reach", "radius_m": .number(JSONNumber(reach.radiusMetres))], geometry: try reach.disc())]
            for r in rows {
                table.rows.append([.string(r.ref.file), .number(JSONNumber(r.ref.index)), r.ref.feature.id?.jsonValue ?? .null, r.ref.feature.name.map { .string($0) } ?? .null,
                                   .number(JSONNumber(r.areaSquareMetres)), .number(JSONNumber(r.insideSquareMetres)), .number(JSONNumber(r.fraction))])
                if let part = r.inside {
                    var f = r.ref.feature
                    f.geometry = part
                    features.append(f)
                }
            }
            return StepResult(layer: FeatureCollection(features), table: table)
        case "overlap":
            let a = try refs(text("input")!, line: line)
            let pairs = try text("with").map { try Overlap(jobs: jobs).pairs(between: a, and: try refs($0, line: line)) } ?? Overlap(jobs: jobs).pairs(within: a)
            var table = ResultTable(columns: ["a_id", "a_name", "b_id", "b_name", "area_m2", "fraction_of_a", "fraction_of_b"])
            for q in pairs {
                table.rows.append([q.a.feature.id?.jsonValue ?? .null, q.a.feature.name.map { .string($0) } ?? .null, q.b.feature.id?.jsonValue ?? .null,
                                   q.b.feature.name.map { .string($0) } ?? .null, .number(JSONNumber(q.areaSquareMetres)), .number(JSONNumber(q.fractionOfA)), .number(JSONNumber(q.fractionOfB))])
            }
            return StepResult(layer: FeatureCollection(pairs.map { Feature(properties: ["area_m2": .number(JSONNumber($0.areaSquareMetres))], geometry: $0.shared) }), table: table)
        case "near":
            let pairs = try Near(distanceMetres: try Quantity.metres(text("distance")!), jobs: jobs).pairs(from: try refs(text("input")!, line: line), to: try refs(text("to")!, line: line))
            var table = ResultTable(columns: ["a_id", "a_name", "b_id", "b_name", "distance_m"])
            var seen = Set<Int>()
            var features: [Feature] = []
            for q in pairs {
                table.rows.append([q.a.feature.id?.jsonValue ?? .null, q.a.feature.name.map { .string($0) } ?? .null, q.b.feature.id?.jsonValue ?? .null,
                                   q.b.feature.name.map { .string($0) } ?? .null, .number(JSONNumber(q.distanceMetres))])
                if seen.insert(q.a.index).inserted { features.append(q.a.feature) }
            }
            return StepResult(layer: FeatureCollection(features), table: table)
        case "isochrone":
            let statuses = Set((text("status") ?? "existing").split(separator: ",").compactMap { PlanStatus(rawValue: $0.trimmingCharacters(in: .whitespaces)) })
            let network = try layer(text("network") ?? "plan.transport", line: line).features.filter { f in f.planStatus.map { statuses.contains($0) } ?? statuses.contains(.existing) }
            let stations = try plan().features(.places).filter { $0.kindProperty == "station" }.compactMap { f -> Position? in
                if case .point(let pt)? = f.geometry { return pt.position } else { return nil }
            }
            let iso = Isochrone(origin: try position(text("from")!), minutes: p["minutes"].flatMap { if case .number(let n) = $0 { return n } else { return nil } } ?? 60,
                                network: network, stations: stations)
            let area = try iso.area()
            let rows = try Reach.measure(try list("within").flatMap { try refs($0, line: line) }, inside: area, jobs: jobs)
            var table = ResultTable(columns: ["layer", "index", "id", "name", "area_m2", "inside_m2", "fraction"])
            for r in rows {
                table.rows.append([.string(r.ref.file), .number(JSONNumber(r.ref.index)), r.ref.feature.id?.jsonValue ?? .null, r.ref.feature.name.map { .string($0) } ?? .null,
                                   .number(JSONNumber(r.areaSquareMetres)), .number(JSONNumber(r.insideSquareMetres)), .number(JSONNumber(r.fraction))])
            }
            return StepResult(layer: FeatureCollection([Feature(id: .string("isochrone"), properties: ["kind": "isochrone", "minutes": .number(JSONNumber(iso.minutes))], geometry: area)]), table: table)
        case "site":
            let count: Int = { if case .number(let n)? = p["count"] { return Int(n) } else { return 5 } }()
            let search = SiteSearch(areaSquareMetres: try Quantity.squareMetres(text("area")!), region: try Geometry.union(of: try geometries(list("within"), line: line)),
                                    avoid: try geometries(list("avoid"), line: line), avoidBufferMetres: try Quantity.metres(text("avoid_buffer") ?? "0m"),
                                    near: try geometries(list("near"), line: line), maxDistanceMetres: try Quantity.metres(text("max_distance") ?? "10km"), count: max(1, count))
            let sites = try search.run()
            var table = ResultTable(columns: ["rank", "score", "area_m2", "distance_m", "centre_lon", "centre_lat"])
            var features: [Feature] = []
            for (k, s) in sites.enumerated() {
                table.rows.append([.number(JSONNumber(k + 1)), .number(JSONNumber((s.score * 1e4).rounded() / 1e4)), .number(JSONNumber(s.areaSquareMetres)),
                                   s.distanceMetres.map { .number(JSONNumber($0.rounded())) } ?? .null, .number(JSONNumber(s.centre.x)), .number(JSONNumber(s.centre.y))])
                features.append(Feature(id: .string("site-\(k + 1)"), properties: ["rank": .number(JSONNumber(k + 1)), "area_m2": .number(JSONNumber(s.areaSquareMetres))], geometry: s.geometry))
            }
            return StepResult(layer: FeatureCollection(features), table: table)
        case "simplify":
            // Simplify in Gauss–Krüger CM 114°E metres, then back to lon/lat.
            let there = try Transformer(from: .wgs84, to: .gaussKruger114)
            let back = try there.inverse()
            let tolerance = try Quantity.metres(text("tolerance")!)
            var fc = try input()
            for k in fc.features.indices {
                fc.features[k].geometry = try fc.features[k].geometry.map { try back.transform(try there.transform($0).simplifiedPreservingTopology(tolerance: tolerance)) }
            }
            return StepResult(layer: fc)
        case "filter":
            guard case .mapping(let conditions)? = p["where"] else { fatalError("checked by the parser") }
            var fc = try input()
            fc.features = fc.features.filter { f in
                conditions.allSatisfy { key, accepted in
                    guard let v = f[property: key] ?? (key == "id" ? f.id?.jsonValue : nil) else { return false }
                    return accepted.contains(v.displayText)
                }
            }
            return StepResult(layer: fc)
        case "select":
            let mask = try Geometry.union(of: try geometries(list("by"), line: line))
            let predicate = text("predicate") ?? "intersects"
            var fc = try input()
            if let d = text("distance") {
                let metres = try Quantity.metres(d)
                fc.features = try fc.features.filter { f in try f.geometry.map { try Near.distance($0, mask).0 <= metres } ?? false }
            } else {
                let prepared = try PreparedGeometry(mask)
                fc.features = try fc.features.filter { f in
                    guard let g = f.geometry else { return false }
                    switch predicate {
                    case "within": return try prepared.covers(g)
                    case "contains": return try g.contains(mask)
                    case "covers": return try g.covers(mask)
                    case "disjoint": return try !prepared.intersects(g)
                    default: return try prepared.intersects(g)
                    }
                }
            }
            return StepResult(layer: fc)
        default:
            throw RecipeError(file: recipe.file, line: line, step: step.name, message: "unknown operation \(step.operation)")
        }
    }
}
