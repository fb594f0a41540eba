import TongchengAnalysis
import TongchengGeodesy
import TongchengGeometry
import TongchengOperations
import TongchengPostGIS

/// `transition` (土地利用转移矩阵): the area that went from each old land-use class to each new
/// one, as `tongcheng transition`. The table has one row per (zone,) old class and new class;
/// the layer is empty (the matrix has no geometry of its own).
///
/// ```yaml
///   - name: change-matrix
///     transition: {old: survey-2021, new: survey-2023, by: DLBM}
/// ```
struct TransitionStep: RecipeOperation {
    static let declaration = OperationCatalog.transition

    static func run(_ step: StepArguments) throws -> StepResult {
        let unit = step.text("unit").flatMap(AreaUnit.init) ?? .m2  // area_<unit> only when a unit is chosen, as on the command line
        var transition = Transition(jobs: step.jobs, zoneField: step.text("zone_field"))
        transition.progress = step.progress
        let by = try step.required("by")
        let zones = step.list("zones").isEmpty ? nil : try step.refs("zones")
        let result = try step.postgis(declaration)?.transition(old: try step.refs("old"), new: try step.refs("new"), oldField: by, newField: step.text("by_new") ?? by, zones: zones, options: transition)
            ?? transition.run(old: try step.refs("old"), new: try step.refs("new"), oldField: by, newField: step.text("by_new") ?? by, zones: zones)
        var table = ResultTable(columns: (zones == nil ? [] : ["zone"]) + ["from", "to", "area_m2"] + (unit == .m2 ? [] : ["area_\(unit.rawValue)"]))
        for c in result.cells {
            table.rows.append((c.zone.map { [.string(result.zoneLabels[$0])] } ?? []) + [
                c.from.map { .string($0) } ?? .null, c.to.map { .string($0) } ?? .null, try numberCell(c.areaSquareMetres),
            ] + (unit == .m2 ? [] : [try numberCell(unit.fromSquareMetres(c.areaSquareMetres))]))
        }
        return StepResult(layer: FeatureCollection([]), table: table)
    }
}
