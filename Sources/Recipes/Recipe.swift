import TongchengGeometry
import TongchengOperations

/// A recipe: named inputs, a list of steps each applying one analysis, and outputs. Read from YAML
/// (format documented in docs/recipes.md) and checked entirely before any work starts.
///
/// ```swift
/// let recipe = try Recipe.load(file: "examples/special-zone-near-belt.yaml")
/// let results = try RecipeRunner(recipe: recipe).run()
/// ```
public struct Recipe: Sendable {
    /// The recipe format version this toolkit reads.
    public static let formatVersion = 1

    public var name: String
    /// The recipe file; relative paths inside it are relative to its folder.
    public var file: String
    public var planDirectory: String
    public var inputs: [RecipeInput]
    public var steps: [RecipeStep]
    public var outputs: [RecipeOutput]
    /// `engine:` for the whole recipe: the steps that declare it run there, the others locally.
    public var engine: OperationEngine? = nil
}

/// A named input: a GeoJSON file, a layer of the plan, or a place.
public struct RecipeInput: Sendable {
    public enum Source: Sendable {
        case file(String, crs: String)
        case planLayer(String)
        case place(String)
    }
    public var name: String
    public var source: Source
    public var line: Int
    /// For a file: the layer of a multi-layer file (GeoPackage, FileGDB) and the encoding of an
    /// attribute table that does not name its own (`{file: survey.gpkg, layer: parcels}`).
    public var fileLayer: String? = nil
    public var fileEncoding: String? = nil
}

/// One step: an operation with its parameters; its result is named `name`.
public struct RecipeStep: Sendable {
    public var name: String
    public var operation: String
    /// Parameters as read (strings, numbers, lists), checked by the parser.
    public var parameters: [String: RecipeValue]
    public var line: Int
    /// The layer names this step reads (checked to exist before it).
    public var references: [String]
    /// The step's own `engine:` (one its operation declares).
    public var engine: OperationEngine? = nil
}

/// A parameter value in a recipe.
public enum RecipeValue: Sendable, Hashable {
    case text(String)
    case number(Double)
    case flag(Bool)
    case list([String])
    /// property → accepted values
    case mapping([String: [String]])

    public var text: String? {
        switch self {
        case .text(let s): return s
        case .number(let n): return n == n.rounded() ? String(Int(n)) : String(n)
        case .flag(let b): return String(b)
        default: return nil
        }
    }
}

/// What to write when the steps are done.
public struct RecipeOutput: Sendable {
    public enum Kind: Sendable {
        case layer(String)
        case table(String)
        case map(spec: String)
        case report
    }
    public var kind: Kind
    public var file: String
    public var line: Int
}

/// A recipe that cannot run: the file, the line, the step, and what is wrong.
public struct RecipeError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var step: String?
    public var message: String
    /// Whether a parameter's value was refused by its declaration (exit 64, as on the command
    /// line); otherwise the recipe is bad data (exit 65).
    public var usage = false

    public var description: String {
        let at = line > 0 ? "\(file):\(line)" : file
        if let step { return "\(at): step \"\(step)\": \(message)" }
        return "\(at): \(message)"
    }
}
