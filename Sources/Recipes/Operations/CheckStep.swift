import TongchengAnalysis
import TongchengGeodesy
import TongchengGeometry
import TongchengOperations
import TongchengPostGIS

/// `check` (数据质检): a polygon layer's topology problems, as `tongcheng check`. The layer is the
/// problems' geometries (the feature, the shared part of an overlap, the hole of a gap) with the
/// table's columns as properties.
///
/// ```yaml
///   - name: survey-check
///     check: {input: parcels, within: plan.zone}
/// ```
struct CheckStep: RecipeOperation {
    static let declaration = OperationCatalog.check

    static func run(_ step: StepArguments) throws -> StepResult {
        var check = Check(jobs: step.jobs, minimumAreaSquareMetres: try step.text("min_area").map { try Quantity.squareMetres($0) } ?? Check.defaultMinimumAreaSquareMetres,
                          maximumThinness: step.number("max_thinness") ?? Check.defaultMaximumThinness)
        check.progress = step.progress
        let within = step.list("within").isEmpty ? nil : try step.geometries("within")
        let result = try step.postgis(declaration)?.check(try step.refs("input"), within: within, options: check) ?? check.run(try step.refs("input"), within: within)
        var table = ResultTable(columns: ["kind", "features", "area_m2", "lon", "lat", "detail"])
        var features: [Feature] = []
        for p in result.problems {
            let row: [JSONValue] = [
                .string(p.kind.rawValue), .string(p.features.map(String.init).joined(separator: ";")), try p.areaSquareMetres.map { try numberCell($0) } ?? .null,
                try p.location.map { try numberCell($0.x) } ?? .null, try p.location.map { try numberCell($0.y) } ?? .null, p.detail.map { .string($0) } ?? .null,
            ]
            table.rows.append(row)
            features.append(Feature(properties: JSONObject(Array(zip(table.columns, row))), geometry: p.geometry))
        }
        return StepResult(layer: FeatureCollection(features), table: table)
    }
}
