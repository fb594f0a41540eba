import TongchengAnalysis
import TongchengGeodesy
import TongchengPlan
import TongchengOperations

/// The step types of recipe format 1 and their parameters.
///
/// ```swift
/// RecipeSchema.operations["buffer"]?.parameters.map(\.name)  // ["input", "distance", "crs", "dissolve"]
/// ```
public enum RecipeSchema {
    /// What a parameter's value must be (declared in TongchengOperations).
    public typealias Kind = OperationParameter.Kind
    /// One parameter of a step type (declared in TongchengOperations).
    public typealias Parameter = OperationParameter
    /// A step type: one operation's declaration (TongchengOperations).
    public typealias Operation = OperationDeclaration

    /// Every step type of format 1 by name, from the declarations in Sources/Recipes/Operations/
    /// (docs/recipes.md lists them; a test checks that it lists every one with its parameters).
    public static let operations: [String: Operation] = RecipeOperations.byName.mapValues { $0.declaration }

    /// The step types in the order the documentation lists them.
    public static var orderedOperations: [Operation] { RecipeOperations.all.map { $0.declaration } }
}
