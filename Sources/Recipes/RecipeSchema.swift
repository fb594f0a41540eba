import TongchengAnalysis
import TongchengGeodesy
import TongchengPlan

/// The step types of recipe format 1 and their parameters.
///
/// ```swift
/// RecipeSchema.operations["buffer"]?.parameters.map(\.name)  // ["input", "distance", "crs", "dissolve"]
/// ```
public enum RecipeSchema {
    /// What a parameter's value must be: `RecipeSchema.operations["buffer"]!.parameters[1].kind` is `.distance`.
    public enum Kind: Sendable {
        /// The name of a layer (an input, an earlier step, or `plan.<layer>`).
        case layer
        /// One layer name or a list of them.
        case layers
        case text
        /// A distance with a unit (`2km`).
        case distance
        /// An area with a unit (`30km2`).
        case area
        case number
        case flag
        /// A place of the gazetteer, `LON,LAT`, or a layer name (areas to reach from).
        case placeOrLayer
        case place
        /// property: value pairs.
        case mapping
        case areaUnit, lengthUnit, statuses, predicate, crs
    }

    /// One parameter of a step type: its name, kind, whether it is required, and its help text.
    public struct Parameter: Sendable {
        public var name: String
        public var kind: Kind
        public var required: Bool
        public var help: String

        public init(name: String, kind: Kind, required: Bool, help: String) {
            self.name = name
            self.kind = kind
            self.required = required
            self.help = help
        }
    }

    /// A step type: `RecipeSchema.operations["reach"]!.makesTable` is `true`.
    public struct Operation: Sendable {
        public var name: String
        public var summary: String
        public var parameters: [Parameter]
        /// Whether the step's result includes a table (it always includes a layer).
        public var makesTable: Bool

        /// The step type's heading and parameter table as docs/recipes.md prints them (a test
        /// checks that the documentation holds exactly this for every step type).
        ///
        /// ```swift
        /// print(RecipeSchema.operations["buffer"]!.markdownReference)  // ### `buffer` — …
        /// ```
        public var markdownReference: String {
            var out = "### `\(name)` — \(summary)\(makesTable ? " (table)" : "")\n\n| parameter | required | meaning |\n|---|---|---|\n"
            for p in parameters { out += "| `\(p.name)` | \(p.required ? "yes" : "no") | \(p.help) (\(p.kind)) |\n" }
            return out
        }

        public init(name: String, summary: String, parameters: [Parameter], makesTable: Bool) {
            self.name = name
            self.summary = summary
            self.parameters = parameters
            self.makesTable = makesTable
        }
    }

    /// Every step type of format 1 by name, from the declarations in Sources/Recipes/Operations/
    /// (docs/recipes.md lists them; a test checks that it lists every one with its parameters).
    public static let operations: [String: Operation] = RecipeOperations.byName.mapValues { $0.declaration }

    /// The step types in the order the documentation lists them.
    public static var orderedOperations: [Operation] { RecipeOperations.all.map { $0.declaration } }
}
