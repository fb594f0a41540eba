import TongchengAnalysis
import TongchengGeodesy
import TongchengGeometry

/// `tabulate` (地类统计): the area of each land-use class inside each zone, as `tongcheng tabulate`.
/// The layer is the split pieces (each parcel's part inside each zone, with its properties,
/// `zone` and `area_m2`).
///
/// ```yaml
///   - name: mix
///     tabulate: {input: parcels, by: DLMC, zones: plan.special_zone}
/// ```
struct TabulateStep: RecipeOperation {
    static let declaration = RecipeSchema.Operation(name: "tabulate", summary: "地类统计: area of each land-use class inside each zone", parameters: [
        .init("input", .layer, required: true, help: "parcels (land-use polygons)"), .init("by", .text, required: true, help: "the parcels' class field, e.g. DLMC"),
        .init("zones", .layers, required: true, help: "zone layer(s)"), .init("zone_field", .text, help: "zone property naming zones (default name, else id)"),
        .init("unit", .areaUnit, help: "mu (default), ha, km2, m2 for the table's second area column"),
    ], makesTable: true)

    static func run(_ step: StepArguments) throws -> StepResult {
        let unit = AreaUnit(step.text("unit") ?? "mu") ?? .mu
        var tabulate = Tabulate(jobs: step.jobs, keepPieces: true, zoneField: step.text("zone_field"))
        tabulate.progress = step.progress
        let result = try tabulate.run(parcels: try step.refs("input"), classField: try step.required("by"), zones: try step.refs("zones"))
        var table = ResultTable(columns: ["zone", "class", "area_m2", "area_\(unit.rawValue)", "share"])
        for row in result.rows {
            table.rows.append([.string(result.zoneLabels[row.zone]), row.classValue.map { .string($0) } ?? .null, numberCell(row.areaSquareMetres),
                               numberCell(unit.fromSquareMetres(row.areaSquareMetres)), numberCell(row.share)])
        }
        return StepResult(layer: FeatureCollection(result.pieceFeatures()), table: table)
    }
}
