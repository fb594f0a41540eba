import TongchengAnalysis
import TongchengGeometry

/// `overlap`: pairs of overlapping polygons with their shared area.
struct OverlapStep: RecipeOperation {
    static let declaration = RecipeSchema.Operation(name: "overlap", summary: "pairs of overlapping polygons with shared area", parameters: [
        .init("input", .layer, required: true, help: "layer"), .init("with", .layer, help: "second layer (default: pairs within input)"),
    ], makesTable: true)

    static func run(_ step: StepArguments) throws -> StepResult {
        let a = try step.refs("input")
        var overlap = Overlap(jobs: step.jobs)
        overlap.progress = step.progress
        let pairs = step.text("with") != nil ? try overlap.pairs(between: a, and: try step.refs("with")) : try overlap.pairs(within: a)
        var table = ResultTable(columns: ["a_id", "a_name", "b_id", "b_name", "area_m2", "fraction_of_a", "fraction_of_b"])
        for q in pairs {
            table.rows.append([idCell(q.a.feature), nameCell(q.a.feature), idCell(q.b.feature), nameCell(q.b.feature),
                               numberCell(q.areaSquareMetres), numberCell(q.fractionOfA), numberCell(q.fractionOfB)])
        }
        return StepResult(layer: FeatureCollection(pairs.map { Feature(properties: ["area_m2": numberCell($0.areaSquareMetres)], geometry: $0.shared) }), table: table)
    }
}
