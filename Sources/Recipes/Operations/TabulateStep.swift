import TongchengAnalysis
import TongchengGeodesy
import TongchengGeometry
import TongchengOperations
import TongchengPostGIS

/// `tabulate` (地类统计): the area of each land-use class inside each zone, as `tongcheng tabulate`.
/// The layer is the split pieces (each parcel's part inside each zone, with its properties,
/// `zone` and `area_m2`).
///
/// ```yaml
///   - name: mix
///     tabulate: {input: parcels, by: DLMC, zones: plan.special_zone}
/// ```
struct TabulateStep: RecipeOperation {
    static let declaration = OperationCatalog.tabulate

    static func run(_ step: StepArguments) throws -> StepResult {
        let unit: AreaUnit = step.text("unit").flatMap { AreaUnit($0) } ?? .m2  // area_<unit> only when a unit is chosen, as on the command line
        var tabulate = Tabulate(jobs: step.jobs, keepPieces: true, zoneField: step.text("zone_field"))
        tabulate.progress = step.progress
        let result = try step.postgis(declaration)?.tabulate(parcels: try step.refs("input"), classField: try step.required("by"), zones: try step.refs("zones"),
                                                             keepPieces: true, zoneField: step.text("zone_field"))
            ?? tabulate.run(parcels: try step.refs("input"), classField: try step.required("by"), zones: try step.refs("zones"))
        var table = ResultTable(columns: declaration.columns(unit: unit.rawValue))
        for row in result.rows {
            table.rows.append([.string(result.zoneLabels[row.zone]), row.classValue.map { .string($0) } ?? .null, try numberCell(row.areaSquareMetres)]
                              + (unit == .m2 ? [] : [try numberCell(unit.fromSquareMetres(row.areaSquareMetres))]) + [try numberCell(row.share)])
        }
        return StepResult(layer: FeatureCollection(try result.pieceFeatures()), table: table)
    }
}
