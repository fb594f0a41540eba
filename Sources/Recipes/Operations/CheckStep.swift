import TongchengAnalysis
import TongchengGeodesy
import TongchengGeometry

/// `check` (数据质检): a polygon layer's topology problems, as `tongcheng check`. The layer is the
/// problems' geometries (the feature, the shared part of an overlap, the hole of a gap) with the
/// table's columns as properties.
///
/// ```yaml
///   - name: survey-check
///     check: {input: parcels, within: plan.zone}
/// ```
struct CheckStep: RecipeOperation {
    static let declaration = RecipeSchema.Operation(name: "check", summary: "数据质检: invalid, empty, multipart, duplicate, overlapping features, gaps and slivers", parameters: [
        .init("input", .layer, required: true, help: "the layer to check (polygons)"),
        .init("within", .layers, help: "the area the layer should cover (default: its own outline)"),
        .init("min_area", .area, help: "slivers are smaller than this (default 10m2)"),
        .init("max_thinness", .number, help: "slivers have 4πA/P² under this (default 0.05)"),
    ], makesTable: true)

    static func run(_ step: StepArguments) throws -> StepResult {
        var check = Check(jobs: step.jobs, minimumAreaSquareMetres: try step.text("min_area").map { try Quantity.squareMetres($0) } ?? Check.defaultMinimumAreaSquareMetres,
                          maximumThinness: step.number("max_thinness") ?? Check.defaultMaximumThinness)
        check.progress = step.progress
        let within = step.list("within").isEmpty ? nil : try step.geometries("within")
        let result = try check.run(try step.refs("input"), within: within)
        var table = ResultTable(columns: ["kind", "features", "area_m2", "lon", "lat", "detail"])
        var features: [Feature] = []
        for p in result.problems {
            let row: [JSONValue] = [
                .string(p.kind.rawValue), .string(p.features.map(String.init).joined(separator: ";")), p.areaSquareMetres.map(numberCell) ?? .null,
                p.location.map { numberCell($0.x) } ?? .null, p.location.map { numberCell($0.y) } ?? .null, p.detail.map { .string($0) } ?? .null,
            ]
            table.rows.append(row)
            features.append(Feature(properties: JSONObject(Array(zip(table.columns, row))), geometry: p.geometry))
        }
        return StepResult(layer: FeatureCollection(features), table: table)
    }
}
