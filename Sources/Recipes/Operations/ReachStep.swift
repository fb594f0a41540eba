import TongchengAnalysis
import TongchengGeometry
import TongchengTopology
import TongchengOperations
import TongchengPostGIS

/// `reach`: the share of each feature within a distance of a place or an area.
struct ReachStep: RecipeOperation {
    static let declaration = OperationCatalog.reach

    static func run(_ step: StepArguments) throws -> StepResult {
        let from = try step.required("from")
        let origin: Reach.Origin = step.state.isLayer(from)
            ? .area(try Geometry.union(of: try step.state.geometries([from], line: step.line)))
            : .point(try step.position("from"))
        var reach = Reach(origin: origin, radiusMetres: try step.metres("radius"), jobs: step.jobs)
        reach.progress = step.progress
        let rows = try step.postgis(declaration).map { try $0.reach(try step.refs("within"), inside: try reach.disc()) }
            ?? reach.measure(try step.refs("within"))
        var features = [Feature(id: .string("reach"), properties: ["kind": "reach", "radius_m": try numberCell(reach.radiusMetres)], geometry: try reach.disc())]
        for r in rows {
            if let part = r.inside {
                var f = r.ref.feature
                f.geometry = part
                features.append(f)
            }
        }
        return StepResult(layer: FeatureCollection(features), table: try shareTable(rows))
    }
}

/// The table of `reach` and `isochrone`: each feature's area, the part inside, and the share.
func shareTable(_ rows: [Reach.Row]) throws -> ResultTable {
    var table = ResultTable(columns: ["layer", "index", "id", "name", "area_m2", "inside_m2", "fraction"])
    for r in rows {
        table.rows.append([.string(r.ref.file), try numberCell(r.ref.index), idCell(r.ref.feature), nameCell(r.ref.feature),
                           try numberCell(r.areaSquareMetres), try numberCell(r.insideSquareMetres), try numberCell(r.fraction)])
    }
    return table
}
