import TongchengAnalysis
import TongchengGeometry
import TongchengOperations
import TongchengPostGIS

/// `near`: the features of one layer within a distance of another's, with the distances.
struct NearStep: RecipeOperation {
    static let declaration = OperationCatalog.near

    static func run(_ step: StepArguments) throws -> StepResult {
        var near = Near(distanceMetres: try step.metres("distance"), jobs: step.jobs)
        near.progress = step.progress
        let pairs = try step.postgis(declaration)?.near(try step.refs("input"), try step.refs("to"), distanceMetres: near.distanceMetres)
            ?? near.pairs(from: try step.refs("input"), to: try step.refs("to"))
        var table = ResultTable(columns: ["a_id", "a_name", "b_id", "b_name", "distance_m"])
        var seen = Set<Int>()
        var features: [Feature] = []
        for q in pairs {
            table.rows.append([idCell(q.a.feature), nameCell(q.a.feature), idCell(q.b.feature), nameCell(q.b.feature), try numberCell(q.distanceMetres)])
            if seen.insert(q.a.index).inserted { features.append(q.a.feature) }
        }
        return StepResult(layer: FeatureCollection(features), table: table)
    }
}
