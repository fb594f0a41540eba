import TongchengAnalysis
import TongchengGeodesy
import TongchengGeometry

/// `area`: the geodesic area of every feature, in m² and the chosen unit.
struct AreaStep: RecipeOperation {
    static let declaration = RecipeSchema.Operation(name: "area", summary: "geodesic area of every feature", parameters: [
        .init("input", .layer, required: true, help: "layer"), .init("unit", .areaUnit, help: "km2 (default), ha, mu, m2"),
    ], makesTable: true)

    static func run(_ step: StepArguments) throws -> StepResult {
        guard let unit = AreaUnit(step.text("unit") ?? "km2") else { throw step.fail("\"unit\" must be km2, ha, mu or m2") }
        return try measure(step, base: "area_m2", column: "area_\(unit.rawValue)", convert: unit.fromSquareMetres) { $0.geodesicArea() }
    }
}

/// `length`: the geodesic length of every feature (perimeter of polygons), in m and the chosen unit.
struct LengthStep: RecipeOperation {
    static let declaration = RecipeSchema.Operation(name: "length", summary: "geodesic length (perimeter of polygons)", parameters: [
        .init("input", .layer, required: true, help: "layer"), .init("unit", .lengthUnit, help: "km (default) or m"),
    ], makesTable: true)

    static func run(_ step: StepArguments) throws -> StepResult {
        guard let unit = LengthUnit(step.text("unit") ?? "km") else { throw step.fail("\"unit\" must be km or m") }
        return try measure(step, base: "length_m", column: "length_\(unit.rawValue)", convert: unit.fromMetres) { $0.geodesicLength() }
    }
}

/// A table of one measure per feature, and the layer with the measure as a property.
private func measure(_ step: StepArguments, base: String, column: String, convert: (Double) -> Double, _ value: @Sendable @escaping (Geometry) -> Double) throws -> StepResult {
    let fc = try step.layer("input")
    let values = try parallelMap(fc.features, jobs: step.jobs) { f in f.geometry.map(value) ?? 0 }
    var table = ResultTable(columns: ["index", "id", "name", base, column])
    var features = fc.features
    for (k, f) in fc.features.enumerated() {
        table.rows.append([numberCell(k), idCell(f), nameCell(f), numberCell(values[k]), numberCell(convert(values[k]))])
        var props = f.properties ?? JSONObject()
        props[base] = numberCell(values[k])
        features[k].properties = props
    }
    return StepResult(layer: FeatureCollection(features), table: table)
}
