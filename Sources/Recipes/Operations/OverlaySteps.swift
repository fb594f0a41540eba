import TongchengAnalysis
import TongchengGeometry
import TongchengTopology

private let maskParameters: [RecipeSchema.Parameter] = [
    .init("input", .layer, required: true, help: "layer"), .init("mask", .layers, required: true, help: "mask layer(s)"),
]

/// `clip`: the parts of a layer inside a mask.
struct ClipStep: RecipeOperation {
    static let declaration = RecipeSchema.Operation(name: "clip", summary: "keep the parts inside a mask (intersection)", parameters: maskParameters, makesTable: false)

    static func run(_ step: StepArguments) throws -> StepResult {
        StepResult(layer: try Overlay.clip(try step.layer("input"), to: try step.geometries("mask"), progress: step.progress))
    }
}

/// `intersect`: another name for `clip`.
struct IntersectStep: RecipeOperation {
    static let declaration = RecipeSchema.Operation(name: "intersect", summary: "same as clip", parameters: maskParameters, makesTable: false)

    static func run(_ step: StepArguments) throws -> StepResult { try ClipStep.run(step) }
}

/// `difference`: a layer with a mask's parts removed (erase).
struct DifferenceStep: RecipeOperation {
    static let declaration = RecipeSchema.Operation(name: "difference", summary: "remove the parts inside a mask (erase)", parameters: maskParameters, makesTable: false)

    static func run(_ step: StepArguments) throws -> StepResult {
        StepResult(layer: try Overlay.erase(try step.layer("input"), with: try step.geometries("mask"), progress: step.progress))
    }
}

/// `union`: several layers merged into one feature.
struct UnionStep: RecipeOperation {
    static let declaration = RecipeSchema.Operation(name: "union", summary: "the union of layers as one feature", parameters: [
        .init("inputs", .layers, required: true, help: "layers"),
    ], makesTable: false)

    static func run(_ step: StepArguments) throws -> StepResult {
        let g = try Geometry.union(of: try step.geometries("inputs"))
        return StepResult(layer: FeatureCollection([Feature(properties: ["name": .string(step.step.name)], geometry: g)]))
    }
}
