import TongchengAnalysis
import TongchengGeodesy
import TongchengGeometry

/// `transition` (土地利用转移矩阵): the area that went from each old land-use class to each new
/// one, as `tongcheng transition`. The table has one row per (zone,) old class and new class;
/// the layer is empty (the matrix has no geometry of its own).
///
/// ```yaml
///   - name: change-matrix
///     transition: {old: survey-2021, new: survey-2023, by: DLBM}
/// ```
struct TransitionStep: RecipeOperation {
    static let declaration = RecipeSchema.Operation(name: "transition", summary: "土地利用转移矩阵: area from each old land-use class to each new one", parameters: [
        .init("old", .layer, required: true, help: "the old survey's parcels"), .init("new", .layer, required: true, help: "the new survey's parcels"),
        .init("by", .text, required: true, help: "the class field, e.g. DLBM"), .init("by_new", .text, help: "the new survey's class field, when it differs"),
        .init("zones", .layers, help: "zones to make one matrix in each"), .init("zone_field", .text, help: "zone property naming zones (default name, else id)"),
        .init("unit", .areaUnit, help: "mu (default), ha, km2, m2 for the table's second area column"),
    ], makesTable: true)

    static func run(_ step: StepArguments) throws -> StepResult {
        let unit = AreaUnit(step.text("unit") ?? "mu") ?? .mu
        var transition = Transition(jobs: step.jobs, zoneField: step.text("zone_field"))
        transition.progress = step.progress
        let by = try step.required("by")
        let zones = step.list("zones").isEmpty ? nil : try step.refs("zones")
        let result = try transition.run(old: try step.refs("old"), new: try step.refs("new"), oldField: by, newField: step.text("by_new") ?? by, zones: zones)
        var table = ResultTable(columns: (zones == nil ? [] : ["zone"]) + ["from", "to", "area_m2"] + (unit == .m2 ? [] : ["area_\(unit.rawValue)"]))
        for c in result.cells {
            table.rows.append((c.zone.map { [.string(result.zoneLabels[$0])] } ?? []) + [
                c.from.map { .string($0) } ?? .null, c.to.map { .string($0) } ?? .null, numberCell(c.areaSquareMetres),
            ] + (unit == .m2 ? [] : [numberCell(unit.fromSquareMetres(c.areaSquareMetres))]))
        }
        return StepResult(layer: FeatureCollection([]), table: table)
    }
}
