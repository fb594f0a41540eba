import TongchengAnalysis
import Foundation
import TongchengGeodesy
import TongchengGeometry
import TongchengInterchange
import TongchengPlan
import TongchengOperations
import Yams
import TongchengProcessIO

extension Recipe {
    /// Reads and checks a recipe file: every problem that can be found without running it
    /// (unknown layer names, wrong parameters, missing files) is reported with its line.
    ///
    /// ```swift
    /// let r = try Recipe.load(file: "examples/reach-kaifeng-counties.yaml")
    /// print(r.steps.map(\.name))
    /// ```
    public static func load(file: String, planDirectory: String? = nil) throws -> Recipe {
        let read: String?
        do { read = try InputFile.readDocumentText(path: file, kind: "recipe") } catch let e as InputFileError {
            throw RecipeError(file: file, line: 0, step: nil, message: e.kind == .missing ? "no such recipe file" : e.kind == .notAFile ? "the recipe \(e.reason)" : "cannot read the recipe: \(e.reason)")
        }
        guard let text = read else {
            throw RecipeError(file: file, line: 0, step: nil, message: "the recipe is not UTF-8 text")
        }
        return try RecipeParser(file: file, planOverride: planDirectory).parse(text)
    }

    /// Reads a recipe from text; `file` names it in errors and anchors relative paths.
    public static func parse(_ text: String, file: String, planDirectory: String? = nil) throws -> Recipe {
        try RecipeParser(file: file, planOverride: planDirectory).parse(text)
    }
}

struct RecipeParser {
    let file: String
    let planOverride: String?

    var folder: String { (file as NSString).deletingLastPathComponent }

    func path(_ relative: String) -> String {
        if FeatureSource.isSchemeLocation(relative) { return relative }  // pg:TABLE, not a file
        return relative.hasPrefix("/") ? relative : (folder.isEmpty ? relative : (folder as NSString).appendingPathComponent(relative))
    }

    func fail(_ node: Node?, _ message: String, step: String? = nil) -> RecipeError {
        RecipeError(file: file, line: node?.mark?.line ?? 0, step: step, message: message)
    }

    func parse(_ text: String) throws -> Recipe {
        let root: Node
        do {
            guard let r = try Yams.compose(yaml: text) else { throw fail(nil, "the recipe is empty") }
            root = r
        } catch let e as RecipeError {
            throw e
        } catch let e as YamlError {
            throw RecipeError(file: file, line: RecipeParser.line(of: e), step: nil, message: "not valid YAML: \(RecipeParser.problem(of: e))")
        }
        guard let top = root.mapping else { throw fail(root, "a recipe is a mapping with version, inputs, steps and outputs") }
        let known: Set<String> = ["version", "name", "description", "plan", "engine", "inputs", "steps", "outputs"]
        for (k, _) in top {
            guard let key = k.string, known.contains(key) else { throw fail(k, "unknown key \"\(k.string ?? "?")\" (known: \(known.sorted().joined(separator: ", ")))") }
        }
        guard let versionNode = top["version"] else { throw fail(root, "the recipe needs \"version: \(Recipe.formatVersion)\"") }
        guard versionNode.int == Recipe.formatVersion else {
            throw fail(versionNode, "recipe format version \(versionNode.string ?? "?") is not supported (this toolkit reads version \(Recipe.formatVersion))")
        }
        var planDirectory = planOverride ?? Plan.defaultDirectory()
        if planOverride == nil, let p = top["plan"] {
            guard let s = p.string else { throw fail(p, "\"plan\" must be \"bundled\" or a folder") }
            if s != "bundled" {
                planDirectory = path(s)
                guard FileManager.default.fileExists(atPath: (planDirectory as NSString).appendingPathComponent("plan.json")) else {
                    throw fail(p, "no plan folder (with plan.json) at \(s)")
                }
            }
        }
        var names: [String: Int] = [:]  // name → line defined
        for kind in LayerKind.allCases { names["plan.\(kind.rawValue)"] = 0 }

        var inputs: [RecipeInput] = []
        if let inputNode = top["inputs"] {
            guard let m = inputNode.mapping else { throw fail(inputNode, "\"inputs\" must map names to {file: …}, {layer: …} or {place: …}") }
            for (k, v) in m {
                guard let name = k.string else { throw fail(k, "an input name must be text") }
                if let line = names[name] { throw fail(k, "the name \"\(name)\" is already used\(line > 0 ? " (line \(line))" : " by the plan")") }
                let line = k.mark?.line ?? 0
                let source: RecipeInput.Source
                var fileLayer: String?, fileEncoding: String?
                if let f = v.string {
                    source = .file(path(f), crs: "wgs84")
                } else if let spec = v.mapping {
                    if let f = spec["file"]?.string {
                        source = .file(path(f), crs: spec["crs"]?.string ?? "wgs84")
                        if let crs = spec["crs"]?.string { _ = try check(crs: crs, node: spec["crs"]) }
                        fileLayer = spec["layer"]?.string
                        fileEncoding = spec["encoding"]?.string
                    } else if let l = spec["layer"]?.string {
                        guard LayerKind(rawValue: l) != nil else {
                            throw fail(spec["layer"], "unknown plan layer \"\(l)\" (known: \(LayerKind.allCases.map(\.rawValue).joined(separator: ", ")))")
                        }
                        source = .planLayer(l)
                    } else if let p = spec["place"]?.string {
                        source = .place(p)
                    } else {
                        throw fail(v, "input \"\(name)\" needs one of file, layer or place")
                    }
                } else {
                    throw fail(v, "input \"\(name)\" needs one of file, layer or place")
                }
                if case .file(let p, _) = source, !FeatureSource.isSchemeLocation(p), !FileManager.default.fileExists(atPath: SourceSpec.location(of: p)) {
                    throw fail(v, "input \"\(name)\": no such file \(p)")
                }
                names[name] = line
                inputs.append(RecipeInput(name: name, source: source, line: line, fileLayer: fileLayer, fileEncoding: fileEncoding))
            }
        }
        let places = Set(inputs.compactMap { i -> String? in if case .place = i.source { return i.name } else { return nil } })

        guard let stepsNode = top["steps"], let stepList = stepsNode.sequence else { throw fail(top["steps"] ?? root, "the recipe needs a list of \"steps\"") }
        var steps: [RecipeStep] = []
        var tables = Set<String>()
        for node in stepList {
            guard let m = node.mapping else { throw fail(node, "a step is a mapping: name and one operation") }
            guard let nameNode = m["name"], let name = nameNode.string else { throw fail(node, "every step needs a \"name\"") }
            if let line = names[name] { throw fail(nameNode, "the name \"\(name)\" is already used\(line > 0 ? " (line \(line))" : " by the plan")", step: name) }
            let opKeys = m.keys.compactMap(\.string).filter { $0 != "name" && $0 != "engine" }
            guard opKeys.count == 1, let opName = opKeys.first else {
                throw fail(node, "a step needs exactly one operation (one of: \(RecipeSchema.operations.keys.sorted().joined(separator: ", ")))", step: name)
            }
            let opNode = m[opName]!
            guard let op = RecipeSchema.operations[opName] else {
                throw fail(m.keys.first { $0.string == opName }, "unknown operation \"\(opName)\" (known: \(RecipeSchema.operations.keys.sorted().joined(separator: ", ")))", step: name)
            }
            guard let params = opNode.mapping else { throw fail(opNode, "the parameters of \(opName) must be a mapping", step: name) }
            var values: [String: RecipeValue] = [:]
            var references: [String] = []
            for (k, v) in params {
                guard let key = k.string, let spec = op.parameters.first(where: { $0.name == key }) else {
                    throw fail(k, "\(opName) has no parameter \"\(k.string ?? "?")\" (it takes: \(op.parameters.map(\.name).joined(separator: ", ")))", step: name)
                }
                let value = try check(v, as: spec, step: name)
                switch spec.kind {
                case .layer, .layers:
                    let refs: [String] = { if case .list(let l) = value { return l } else { return [value.text ?? ""] } }()
                    for r in refs {
                        guard names[r] != nil else {
                            throw fail(v, "unknown layer \"\(r)\" (use an input, an earlier step, or plan.<layer>)", step: name)
                        }
                        if places.contains(r) { throw fail(v, "\"\(r)\" is a place, not a layer", step: name) }
                    }
                    references += refs
                case .placeOrLayer:
                    if let t = value.text, names[t] != nil, !places.contains(t) { references.append(t) }
                default: break
                }
                values[key] = value
            }
            for spec in op.parameters where spec.required && values[spec.name] == nil {
                throw fail(opNode, "\(opName) needs the parameter \"\(spec.name)\" (\(spec.help))", step: name)
            }
            var engine: OperationEngine?
            if let engineNode = m["engine"] {
                engine = try self.engine(engineNode, step: name)
                do { _ = try OperationEngine.choose(for: op, step: engine) } catch let e as EngineChoiceError {
                    var error = fail(engineNode, e.description, step: name)
                    error.usage = true
                    throw error
                }
            }
            names[name] = nameNode.mark?.line ?? 0
            if op.makesTable { tables.insert(name) }
            steps.append(RecipeStep(name: name, operation: opName, parameters: values, line: node.mark?.line ?? 0, references: references, engine: engine))
        }

        var outputs: [RecipeOutput] = []
        if let outNode = top["outputs"] {
            guard let list = outNode.sequence else { throw fail(outNode, "\"outputs\" must be a list") }
            for node in list {
                guard let m = node.mapping, let fileNode = m["file"], let f = fileNode.string else {
                    throw fail(node, "an output needs a \"file\" and one of layer, table, map or report")
                }
                let line = node.mark?.line ?? 0
                let kind: RecipeOutput.Kind
                if let l = m["layer"]?.string {
                    guard names[l] != nil, !places.contains(l) else { throw fail(m["layer"], "unknown layer \"\(l)\"") }
                    kind = .layer(l)
                } else if let t = m["table"]?.string {
                    guard tables.contains(t) else { throw fail(m["table"], "\"\(t)\" is not a step that makes a table (\(RecipeSchema.orderedOperations.filter(\.makesTable).map(\.name).joined(separator: ", ")))") }
                    kind = .table(t)
                } else if let spec = m["map"]?.string {
                    guard FileManager.default.fileExists(atPath: path(spec)) else { throw fail(m["map"], "no such map spec \(spec)") }
                    kind = .map(spec: path(spec))
                } else if m["report"] != nil {
                    kind = .report
                } else {
                    throw fail(node, "an output needs one of layer, table, map or report")
                }
                outputs.append(RecipeOutput(kind: kind, file: path(f), line: line))
            }
        }
        return Recipe(name: top["name"]?.string ?? (file as NSString).lastPathComponent, file: file, planDirectory: planDirectory,
                      inputs: inputs, steps: steps, outputs: outputs, engine: try top["engine"].map { try engine($0, step: nil) })
    }

    /// `engine: local` or `engine: postgis`.
    func engine(_ node: Node, step: String?) throws -> OperationEngine {
        guard let s = node.string, let e = OperationEngine(rawValue: s) else {
            var error = fail(node, "\"engine\" must be local or postgis", step: step)
            error.usage = true
            throw error
        }
        return e
    }

    func check(crs: String, node: Node?) throws -> CoordinateSystem {
        do { return try CoordinateSystem(crs) } catch { throw fail(node, "\(error)") }
    }

    /// Checks a value against its declaration (range, projected CRS) as the command line does:
    /// a refusal is a usage error (exit 64) with the command line's words.
    func checkDeclared(_ text: String, _ spec: RecipeSchema.Parameter, _ node: Node, step: String) throws {
        do { try spec.check(text) } catch let e as ParameterError {
            var error = fail(node, e.message(option: false), step: step)
            error.usage = true
            throw error
        }
    }

    /// Checks one parameter value against its kind.
    func check(_ v: Node, as spec: RecipeSchema.Parameter, step: String) throws -> RecipeValue {
        func bad(_ what: String) -> RecipeError { fail(v, "\"\(spec.name)\" must be \(what)", step: step) }
        switch spec.kind {
        case .layer, .text, .place, .placeOrLayer:
            guard let s = v.string, v.scalar != nil else { throw bad("text") }
            return .text(s)
        case .crs:
            guard let s = v.string else { throw bad("a CRS name") }
            _ = try check(crs: s, node: v)
            return .text(s)
        case .projectedCRS:
            guard let s = v.string else { throw bad("a CRS name") }
            try checkDeclared(s, spec, v, step: step)
            return .text(s)
        case .layers:
            if let s = v.scalar?.string { return .list([s]) }
            guard let seq = v.sequence, seq.allSatisfy({ $0.scalar != nil }) else { throw bad("a layer name or a list of them") }
            return .list(seq.compactMap(\.string))
        case .distance:
            guard let s = v.string, (try? Quantity.metres(s)) != nil else { throw bad("a distance with a unit, such as 2km or 500m") }
            try checkDeclared(s, spec, v, step: step)
            return .text(s)
        case .area:
            guard let s = v.string, (try? Quantity.squareMetres(s)) != nil else { throw bad("an area with a unit, such as 30km2") }
            try checkDeclared(s, spec, v, step: step)
            return .text(s)
        case .number:
            guard let n = v.float, n.isFinite else { throw bad("a number") }
            return .number(n)
        case .flag:
            guard let b = v.bool else { throw bad("true or false") }
            return .flag(b)
        case .mapping:
            guard let m = v.mapping else { throw bad("a mapping of property: value") }
            var out: [String: [String]] = [:]
            for (k, value) in m {
                guard let key = k.string else { throw bad("a mapping of property: value") }
                if let s = value.scalar?.string { out[key] = [s] } else if let seq = value.sequence {
                    out[key] = seq.compactMap(\.string)
                } else { throw bad("a mapping of property: value") }
            }
            return .mapping(out)
        case .areaUnit:
            guard let s = v.string, AreaUnit(s) != nil else { throw bad("km2, ha, mu or m2") }
            return .text(s)
        case .lengthUnit:
            guard let s = v.string, LengthUnit(s) != nil else { throw bad("km or m") }
            return .text(s)
        case .statuses:
            guard let s = v.string, s.split(separator: ",").allSatisfy({ PlanStatus(rawValue: $0.trimmingCharacters(in: .whitespaces)) != nil }) else {
                throw bad("statuses from existing, under_construction, planned, comma-separated")
            }
            return .text(s)
        case .predicate:
            guard let s = v.string, ["intersects", "within", "contains", "covers", "disjoint"].contains(s) else {
                throw bad("intersects, within, contains, covers or disjoint")
            }
            return .text(s)
        }
    }

    /// YAMLs reason without the offending line (which may be a secret or a megabyte long), any
    /// quoted text cut to 120 characters.
    static func problem(of error: YamlError) -> String {
        let text: String
        switch error {
        case .scanner(let context, let problem, _, _), .parser(let context, let problem, _, _), .composer(let context, let problem, _, _):
            text = [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
        case .duplicatedKeysInMapping(let duplicates, _): text = "duplicate keys: \(duplicates.joined(separator: ", "))"
        default: text = "\(error)".split(separator: "\n").first.map(String.init) ?? ""
        }
        return TextExcerpt.short(text)
    }

    static func line(of error: YamlError) -> Int {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _): return mark.line
        default: return 0
        }
    }
}
