import TongchengAnalysis
import TongchengTopology

/// `dissolve`: features merged, optionally by a property.
struct DissolveStep: RecipeOperation {
    static let declaration = RecipeSchema.Operation(name: "dissolve", summary: "merge features (optionally by a property)", parameters: [
        .init("input", .layer, required: true, help: "layer"), .init("by", .text, help: "property to group by"),
    ], makesTable: false)

    static func run(_ step: StepArguments) throws -> StepResult {
        StepResult(layer: try Overlay.dissolve(try step.layer("input"), by: step.text("by"), progress: step.progress))
    }
}
