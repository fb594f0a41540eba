import TongchengAnalysis
import TongchengGeometry
import TongchengTopology

/// `reach`: the share of each feature within a distance of a place or an area.
struct ReachStep: RecipeOperation {
    static let declaration = RecipeSchema.Operation(name: "reach", summary: "share of each feature within a distance of a place or area", parameters: [
        .init("from", .placeOrLayer, required: true, help: "place, LON,LAT or layer"), .init("radius", .distance, required: true, help: "e.g. 100km"),
        .init("within", .layers, required: true, help: "layers to measure"),
    ], makesTable: true)

    static func run(_ step: StepArguments) throws -> StepResult {
        let from = try step.required("from")
        let origin: Reach.Origin = step.state.isLayer(from)
            ? .area(try Geometry.union(of: try step.state.geometries([from], line: step.line)))
            : .point(try step.position("from"))
        var reach = Reach(origin: origin, radiusMetres: try step.metres("radius"), jobs: step.jobs)
        reach.progress = step.progress
        let rows = try reach.measure(try step.refs("within"))
        var features = [Feature(id: .string("reach"), properties: ["kind": "reach", "radius_m": numberCell(reach.radiusMetres)], geometry: try reach.disc())]
        for r in rows {
            if let part = r.inside {
                var f = r.ref.feature
                f.geometry = part
                features.append(f)
            }
        }
        return StepResult(layer: FeatureCollection(features), table: shareTable(rows))
    }
}

/// The table of `reach` and `isochrone`: each feature's area, the part inside, and the share.
func shareTable(_ rows: [Reach.Row]) -> ResultTable {
    var table = ResultTable(columns: ["layer", "index", "id", "name", "area_m2", "inside_m2", "fraction"])
    for r in rows {
        table.rows.append([.string(r.ref.file), numberCell(r.ref.index), idCell(r.ref.feature), nameCell(r.ref.feature),
                           numberCell(r.areaSquareMetres), numberCell(r.insideSquareMetres), numberCell(r.fraction)])
    }
    return table
}
