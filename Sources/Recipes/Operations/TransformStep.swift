import TongchengGeodesy
import TongchengGeometry
import TongchengOperations

/// `transform`: a layer in another CRS (for output; the analyses expect WGS 84).
struct TransformStep: RecipeOperation {
    static let declaration = OperationCatalog.transform

    static func run(_ step: StepArguments) throws -> StepResult {
        var fc = try step.layer("input")
        let t = try Transformer(from: try CoordinateSystem(step.text("from") ?? "wgs84"), to: try CoordinateSystem(try step.required("to")))
        for k in fc.features.indices { fc.features[k].geometry = try fc.features[k].geometry.map { try t.transform($0) } }
        return StepResult(layer: fc)
    }
}
