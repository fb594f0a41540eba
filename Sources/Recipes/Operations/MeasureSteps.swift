import TongchengAnalysis
import TongchengGeodesy
import TongchengGeometry
import TongchengOperations
import TongchengPostGIS

/// `area`: the geodesic area of every feature, in m² and the chosen unit.
struct AreaStep: RecipeOperation {
    static let declaration = OperationCatalog.area

    static func run(_ step: StepArguments) throws -> StepResult {
        guard let unit = AreaUnit(step.text("unit") ?? "km2") else { throw step.fail("\"unit\" must be km2, ha, mu or m2") }
        return try measure(step, declaration, .area, base: "area_m2", column: "area_\(unit.rawValue)", convert: unit.fromSquareMetres) { $0.geodesicArea() }
    }
}

/// `length`: the geodesic length of every feature (perimeter of polygons), in m and the chosen unit.
struct LengthStep: RecipeOperation {
    static let declaration = OperationCatalog.length

    static func run(_ step: StepArguments) throws -> StepResult {
        guard let unit = LengthUnit(step.text("unit") ?? "km") else { throw step.fail("\"unit\" must be km or m") }
        return try measure(step, declaration, .length, base: "length_m", column: "length_\(unit.rawValue)", convert: unit.fromMetres) { $0.geodesicLength() }
    }
}

/// A table of one measure per feature, and the layer with the measure as a property.
private func measure(_ step: StepArguments, _ declaration: OperationDeclaration, _ sqlMeasure: PostGISEngine.Measure, base: String, column: String,
                     convert: (Double) -> Double, _ value: @Sendable @escaping (Geometry) -> Double) throws -> StepResult {
    let fc = try step.layer("input")
    let values = try step.postgis(declaration)?.measure(sqlMeasure, FeatureRef.all(in: fc, file: try step.required("input")))
        ?? parallelMap(fc.features, jobs: step.jobs) { f in f.geometry.map(value) ?? 0 }
    var table = ResultTable(columns: ["index", "id", "name", base, column])
    var features = fc.features
    for (k, f) in fc.features.enumerated() {
        table.rows.append([try numberCell(k), idCell(f), nameCell(f), try numberCell(values[k]), try numberCell(convert(values[k]))])
        var props = f.properties ?? JSONObject()
        props[base] = try numberCell(values[k])
        features[k].properties = props
    }
    return StepResult(layer: FeatureCollection(features), table: table)
}
