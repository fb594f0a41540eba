import TongchengGeodesy
import TongchengGeometry
import TongchengTopology
import TongchengOperations

/// `simplify`: topology-preserving simplification with a tolerance in metres.
struct SimplifyStep: RecipeOperation {
    static let declaration = OperationCatalog.simplify

    static func run(_ step: StepArguments) throws -> StepResult {
        // Simplify in Gauss–Krüger CM 114°E metres, then back to lon/lat.
        let there = try Transformer(from: .wgs84, to: .gaussKruger114)
        let back = try there.inverse()
        let tolerance = try step.metres("tolerance")
        var fc = try step.layer("input")
        for k in fc.features.indices {
            fc.features[k].geometry = try fc.features[k].geometry.map { try back.transform(try there.transform($0).simplifiedPreservingTopology(tolerance: tolerance)) }
        }
        return StepResult(layer: fc)
    }
}
