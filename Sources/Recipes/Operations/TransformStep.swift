import TongchengGeodesy
import TongchengGeometry

/// `transform`: a layer in another CRS (for output; the analyses expect WGS 84).
struct TransformStep: RecipeOperation {
    static let declaration = RecipeSchema.Operation(name: "transform", summary: "convert a layer to another CRS (for output; analyses expect WGS 84)", parameters: [
        .init("input", .layer, required: true, help: "layer"), .init("to", .crs, required: true, help: "target CRS (EPSG:4547, gcj02, …)"),
        .init("from", .crs, help: "source CRS (default wgs84)"),
    ], makesTable: false)

    static func run(_ step: StepArguments) throws -> StepResult {
        var fc = try step.layer("input")
        let t = try Transformer(from: try CoordinateSystem(step.text("from") ?? "wgs84"), to: try CoordinateSystem(try step.required("to")))
        for k in fc.features.indices { fc.features[k].geometry = try fc.features[k].geometry.map { try t.transform($0) } }
        return StepResult(layer: fc)
    }
}
