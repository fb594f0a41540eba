import TongchengAnalysis
import TongchengGeometry
import TongchengTopology
import TongchengOperations
import TongchengPostGIS

/// `clip`: the parts of a layer inside a mask.
struct ClipStep: RecipeOperation {
    static let declaration = OperationCatalog.clip

    static func run(_ step: StepArguments) throws -> StepResult {
        try overlay(step, declaration, keepOutside: false) { try Overlay.clip($0, to: $1, progress: step.progress) }
    }
}

/// `intersect`: another name for `clip`.
struct IntersectStep: RecipeOperation {
    static let declaration = OperationCatalog.intersect

    static func run(_ step: StepArguments) throws -> StepResult {
        try overlay(step, declaration, keepOutside: false) { try Overlay.clip($0, to: $1, progress: step.progress) }
    }
}

/// `difference`: a layer with a mask's parts removed (erase).
struct DifferenceStep: RecipeOperation {
    static let declaration = OperationCatalog.difference

    static func run(_ step: StepArguments) throws -> StepResult {
        try overlay(step, declaration, keepOutside: true) { try Overlay.erase($0, with: $1, progress: step.progress) }
    }
}

/// `union`: several layers merged into one feature.
struct UnionStep: RecipeOperation {
    static let declaration = OperationCatalog.union

    static func run(_ step: StepArguments) throws -> StepResult {
        let g = try Geometry.union(of: try step.geometries("inputs"))
        return StepResult(layer: FeatureCollection([Feature(properties: ["name": .string(step.step.name)], geometry: g)]))
    }
}

/// Clip or erase on the engine the step runs on: PostGIS's SQL overlay, else `local` on the mask's geometries.
private func overlay(_ step: StepArguments, _ declaration: OperationDeclaration, keepOutside: Bool,
                     _ local: (FeatureCollection, [Geometry]) throws -> FeatureCollection) throws -> StepResult {
    let layer = try step.layer("input")
    if let sql = try step.postgis(declaration) {
        return StepResult(layer: try sql.overlay(layer, file: try step.required("input"), mask: try step.refs("mask"), keepOutside: keepOutside))
    }
    return StepResult(layer: try local(layer, try step.geometries("mask")))
}
