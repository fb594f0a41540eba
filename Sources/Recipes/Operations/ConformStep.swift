import TongchengAnalysis
import TongchengGeodesy
import TongchengGeometry
import TongchengOperations
import TongchengPostGIS

/// `conform` (合规性审查): the pieces of a plan that overlap forbidden layers or lie outside
/// required ones, as `tongcheng conform`. The layer is the conflict polygons with the table's
/// columns as properties.
///
/// ```yaml
///   - name: conflicts
///     conform: {input: plan.special_zone, forbid: [farmland, redline]}
/// ```
struct ConformStep: RecipeOperation {
    static let declaration = OperationCatalog.conform

    static func run(_ step: StepArguments) throws -> StepResult {
        var layers: [Conform.Layer] = []
        for (key, rule) in [("forbid", Conform.Rule.forbid), ("within", .within)] {
            for name in step.list(key) { layers.append(Conform.Layer(file: name, rule: rule, features: try step.state.refs(name, line: step.line))) }
        }
        guard !layers.isEmpty else { throw step.fail("conform needs a forbid or a within layer") }
        var conform = Conform(jobs: step.jobs)
        conform.progress = step.progress
        let conflicts = try step.postgis(declaration)?.conform(plan: try step.refs("input"), constraints: layers)
            ?? conform.run(plan: try step.refs("input"), constraints: layers)
        var table = ResultTable(columns: ["feature_index", "feature_id", "feature_name", "rule", "constraint_layer", "constraint_index", "constraint_id", "constraint_name", "area_m2", "area_mu"])
        var features: [Feature] = []
        for c in conflicts {
            let row: [JSONValue] = [
                try numberCell(c.feature.index), idCell(c.feature.feature), nameCell(c.feature.feature), .string(c.rule.rawValue), .string(c.file),
                try c.constraint.map { try numberCell($0.index) } ?? .null, c.constraint.map { idCell($0.feature) } ?? .null, c.constraint.map { nameCell($0.feature) } ?? .null,
                try numberCell(c.areaSquareMetres), try numberCell(AreaUnit.mu.fromSquareMetres(c.areaSquareMetres)),
            ]
            table.rows.append(row)
            features.append(Feature(properties: JSONObject(Array(zip(table.columns, row))), geometry: c.geometry))
        }
        return StepResult(layer: FeatureCollection(features), table: table)
    }
}
