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
        let unit: AreaUnit = step.text("unit").flatMap { AreaUnit($0) } ?? .m2  // area_<unit> only when a unit is chosen, as on the command line
        var transition = Transition(jobs: step.jobs, zoneField: step.text("zone_field"))
        transition.progress = step.progress
        let by = try step.required("by")
        let zones = step.list("zones").isEmpty ? nil : try step.refs("zones")
        let result = try step.postgis(declaration)?.transition(old: try step.refs("old"), new: try step.refs("new"), oldField: by, newField: step.text("by_new") ?? by, zones: zones, options: transition)
            ?? transition.run(old: try step.refs("old"), new: try step.refs("new"), oldField: by, newField: step.text("by_new") ?? by, zones: zones)
        let unitColumns: [String] = unit == .m2 ? [] : ["area_\(unit.rawValue)"]
        var table = ResultTable(columns: (zones == nil ? [] : ["zone"]) + ["from", "to", "area_m2"] + unitColumns)
        for c in result.cells {
            var row: [JSONValue] = c.zone.map { [.string(result.zoneLabels[$0])] } ?? []
            row += [c.from.map { .string($0) } ?? .null, c.to.map { .string($0) } ?? .null, try numberCell(c.areaSquareMetres)]
            if unit != .m2 { row.append(try numberCell(unit.fromSquareMetres(c.areaSquareMetres))) }
            table.rows.append(row)
        }
        return StepResult(layer: FeatureCollection([]), table: table)
    }
}
