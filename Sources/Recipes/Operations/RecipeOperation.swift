import TongchengAnalysis
import Foundation
import TongchengGeodesy
import TongchengGeometry
import TongchengPlan
import TongchengPostGIS
import TongchengOperations

/// One step type of the recipe format, declared once: its name, one-line doc and typed
/// parameters (from which the parser's checks, `--dry-run` and docs/recipes.md's table follow),
/// and how it runs. Adding a step type is adding one file with one of these and listing it in
/// `RecipeOperations.all`.
///
/// ```swift
/// struct CountStep: RecipeOperation {
///     static let declaration = RecipeSchema.Operation(name: "count", summary: "number of features",
///         parameters: [.init("input", .layer, required: true, help: "layer")], makesTable: true)
///     static func run(_ step: StepArguments) throws -> StepResult {
///         let fc = try step.layer("input")
///         return StepResult(layer: fc, table: ResultTable(columns: ["count"], rows: [[.number(JSONNumber(fc.features.count))]]))
///     }
/// }
/// ```
protocol RecipeOperation: Sendable {
    /// The step type as the recipe format knows it.
    static var declaration: RecipeSchema.Operation { get }
    /// Runs one step of this type (its parameters were checked against `declaration` by the parser).
    static func run(_ step: StepArguments) throws -> StepResult
}

/// Every step type of recipe format 1, in the order docs/recipes.md lists them.
enum RecipeOperations {
    static let all: [any RecipeOperation.Type] = [
        TransformStep.self, BufferStep.self, DissolveStep.self,
        ClipStep.self, IntersectStep.self, DifferenceStep.self, UnionStep.self,
        AreaStep.self, LengthStep.self, ReachStep.self, OverlapStep.self, NearStep.self, IsochroneStep.self, SiteStep.self,
        SimplifyStep.self, FilterStep.self, SelectStep.self, TabulateStep.self, ConformStep.self,
        CheckStep.self, TransitionStep.self, DiffStep.self, BalanceStep.self,
    ] + declaredSteps()

    static let byName: [String: any RecipeOperation.Type] = Dictionary(uniqueKeysWithValues: all.map { ($0.declaration.name, $0) })
}

/// A step's checked parameters and the layers known when it runs, with typed accessors that
/// turn a missing or malformed value into a `RecipeError` at the step's line (never a crash).
///
/// ```swift
/// let metres = try step.metres("distance")      // "2km" → 2000
/// let masks = try step.geometries("mask")       // every geometry of the named layers
/// ```
struct StepArguments {
    let step: RecipeStep
    let state: RunState

    var jobs: Int { state.jobs }

    /// The PostGIS engine when this step runs there (chosen once, by `OperationEngine.choose`,
    /// from the step's `engine:`, `run --engine` and the recipe's `engine:`), else `nil`.
    func postgis(_ declaration: OperationDeclaration) throws -> PostGISEngine? {
        let engine = try OperationEngine.choose(for: declaration, step: step.engine, run: state.runEngine, recipe: state.recipe.engine)
        return engine == .postgis ? try state.postgis() : nil
    }
    /// The run's progress counter (`nil`: none shown), for the analyses that count their work.
    var progress: ProgressCounter? { state.progress }
    var line: Int { step.line }

    func fail(_ message: String) -> RecipeError {
        RecipeError(file: state.recipe.file, line: step.line, step: step.name, message: message)
    }

    /// A text parameter, or `nil` when absent.
    func text(_ key: String) -> String? { step.parameters[key]?.text }

    /// A parameter the declaration marks as required.
    func required(_ key: String) throws -> String {
        guard let v = text(key) else { throw fail("needs the parameter \"\(key)\"") }
        return v
    }

    /// One layer name or a list of them.
    func list(_ key: String) -> [String] {
        if case .list(let l)? = step.parameters[key] { return l }
        return text(key).map { [$0] } ?? []
    }

    func number(_ key: String) -> Double? {
        if case .number(let n)? = step.parameters[key] { return n }
        return nil
    }

    func flag(_ key: String) -> Bool { step.parameters[key] == .flag(true) }

    func mapping(_ key: String) throws -> [String: [String]] {
        guard case .mapping(let m)? = step.parameters[key] else { throw fail("\"\(key)\" must be a mapping of property: value") }
        return m
    }

    /// A distance parameter in metres (`2km`), or `fallback` (with its unit) when absent.
    func metres(_ key: String, default fallback: String? = nil) throws -> Double {
        guard let s = text(key) ?? fallback else { throw fail("needs the parameter \"\(key)\"") }
        return try Quantity.metres(s)
    }

    /// An area parameter in square metres (`30km2`).
    func squareMetres(_ key: String) throws -> Double { try Quantity.squareMetres(try required(key)) }

    /// The layer a parameter names.
    func layer(_ key: String) throws -> FeatureCollection { try state.layer(try required(key), line: line) }

    /// Every feature of the layers a parameter names, as references (for the analyses).
    func refs(_ key: String) throws -> [FeatureRef] { try list(key).flatMap { try state.refs($0, line: line) } }

    /// Every geometry of the layers a parameter names.
    func geometries(_ key: String) throws -> [Geometry] { try state.geometries(list(key), line: line) }

    /// A point from a place input, a gazetteer name or `LON,LAT`.
    func position(_ key: String) throws -> Position { try state.position(try required(key)) }
}

/// Table cells for a feature reference, as every table names features.
func idCell(_ f: Feature) -> JSONValue { f.id?.jsonValue ?? .null }
func nameCell(_ f: Feature) -> JSONValue { f.name.map { .string($0) } ?? .null }
/// A number cell; NaN or infinity is `NonFiniteNumberError` (bad data), never a crash.
func numberCell(_ v: Double) throws -> JSONValue { .number(try JSONNumber.finite(v, "a result")) }
func numberCell(_ v: Int) -> JSONValue { .number(JSONNumber(v)) }
