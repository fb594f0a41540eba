import TongchengAnalysis
import TongchengGeodesy
import TongchengGeometry
import TongchengOperations
import TongchengPostGIS

/// `diff` (图层比对): the features added, removed and changed between two versions of a layer,
/// as `tongcheng diff`. The layer is the changed features (the new geometry; the old one for a
/// removed feature) with the table's columns as properties.
///
/// ```yaml
///   - name: plan-changes
///     diff: {old: plan-2021, new: plan-2023, key: id}
/// ```
struct DiffStep: RecipeOperation {
    static let declaration = OperationCatalog.diff

    static func run(_ step: StepArguments) throws -> StepResult {
        let result = try step.postgis(declaration)?.diff(old: try step.refs("old"), new: try step.refs("new"), key: step.text("key"))
            ?? LayerDiff(key: step.text("key"), jobs: step.jobs).run(old: try step.refs("old"), new: try step.refs("new"))
        var table = ResultTable(columns: ["change", "key", "old_index", "new_index", "geometry_changed", "attributes", "area_gained_m2", "area_lost_m2"])
        var features: [Feature] = []
        for e in result.entries {
            let row: [JSONValue] = [
                .string(e.change.rawValue), e.key.map { .string($0) } ?? .null, try e.old.map { try numberCell($0.index) } ?? .null, try e.new.map { try numberCell($0.index) } ?? .null,
                .bool(e.geometryChanged), .string(e.attributesChanged.joined(separator: ";")), try numberCell(e.areaGainedSquareMetres), try numberCell(e.areaLostSquareMetres),
            ]
            table.rows.append(row)
            features.append(Feature(properties: JSONObject(Array(zip(table.columns, row))), geometry: (e.new ?? e.old)?.geometry))
        }
        return StepResult(layer: FeatureCollection(features), table: table)
    }
}
