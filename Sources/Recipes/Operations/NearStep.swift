import TongchengAnalysis
import TongchengGeometry

/// `near`: the features of one layer within a distance of another's, with the distances.
struct NearStep: RecipeOperation {
    static let declaration = RecipeSchema.Operation(name: "near", summary: "features within a distance of another layer's", parameters: [
        .init("input", .layer, required: true, help: "layer"), .init("to", .layer, required: true, help: "layer to measure to"),
        .init("distance", .distance, required: true, help: "e.g. 5km"),
    ], makesTable: true)

    static func run(_ step: StepArguments) throws -> StepResult {
        var near = Near(distanceMetres: try step.metres("distance"), jobs: step.jobs)
        near.progress = step.progress
        let pairs = try near.pairs(from: try step.refs("input"), to: try step.refs("to"))
        var table = ResultTable(columns: ["a_id", "a_name", "b_id", "b_name", "distance_m"])
        var seen = Set<Int>()
        var features: [Feature] = []
        for q in pairs {
            table.rows.append([idCell(q.a.feature), nameCell(q.a.feature), idCell(q.b.feature), nameCell(q.b.feature), numberCell(q.distanceMetres)])
            if seen.insert(q.a.index).inserted { features.append(q.a.feature) }
        }
        return StepResult(layer: FeatureCollection(features), table: table)
    }
}
