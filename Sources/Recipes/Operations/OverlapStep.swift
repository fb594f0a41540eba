import TongchengAnalysis
import TongchengGeometry
import TongchengOperations
import TongchengPostGIS

/// `overlap`: pairs of overlapping polygons with their shared area.
struct OverlapStep: RecipeOperation {
    static let declaration = OperationCatalog.overlap

    static func run(_ step: StepArguments) throws -> StepResult {
        let a = try step.refs("input")
        var overlap = Overlap(jobs: step.jobs)
        overlap.progress = step.progress
        let b = step.text("with") != nil ? try step.refs("with") : nil
        let pairs = try step.postgis(declaration)?.overlap(a, b)
            ?? (try b.map { try overlap.pairs(between: a, and: $0) } ?? overlap.pairs(within: a))
        var table = ResultTable(columns: ["a_id", "a_name", "b_id", "b_name", "area_m2", "fraction_of_a", "fraction_of_b"])
        for q in pairs {
            table.rows.append([idCell(q.a.feature), nameCell(q.a.feature), idCell(q.b.feature), nameCell(q.b.feature),
                               try numberCell(q.areaSquareMetres), try numberCell(q.fractionOfA), try numberCell(q.fractionOfB)])
        }
        return StepResult(layer: FeatureCollection(try pairs.map { Feature(properties: ["area_m2": try numberCell($0.areaSquareMetres)], geometry: $0.shared) }), table: table)
    }
}
