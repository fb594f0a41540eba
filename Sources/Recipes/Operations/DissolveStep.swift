import TongchengAnalysis
import TongchengTopology
import TongchengOperations
import TongchengPostGIS

/// `dissolve`: features merged, optionally by a property.
struct DissolveStep: RecipeOperation {
    static let declaration = OperationCatalog.dissolve

    static func run(_ step: StepArguments) throws -> StepResult {
        let layer = try step.layer("input")
        return StepResult(layer: try step.postgis(declaration)?.dissolve(layer, by: step.text("by"))
            ?? Overlay.dissolve(layer, by: step.text("by"), progress: step.progress))
    }
}
