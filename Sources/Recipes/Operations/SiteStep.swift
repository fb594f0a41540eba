import TongchengAnalysis
import TongchengGeometry
import TongchengTopology
import TongchengOperations

/// `site`: candidate sites of a given area, ranked.
struct SiteStep: RecipeOperation {
    static let declaration = OperationCatalog.site

    static func run(_ step: StepArguments) throws -> StepResult {
        var search = SiteSearch(areaSquareMetres: try step.squareMetres("area"), region: try Geometry.union(of: try step.geometries("within")),
                                avoid: try step.geometries("avoid"), avoidBufferMetres: try step.metres("avoid_buffer", default: "0m"),
                                near: try step.geometries("near"), maxDistanceMetres: try step.metres("max_distance", default: "10km"),
                                count: max(1, Int(step.number("count") ?? 5)))
        search.progress = step.progress
        let sites = try search.run()
        var table = ResultTable(columns: ["rank", "score", "area_m2", "distance_m", "centre_lon", "centre_lat"])
        var features: [Feature] = []
        for (k, s) in sites.enumerated() {
            table.rows.append([try numberCell(k + 1), try numberCell((s.score * 1e4).rounded() / 1e4), try numberCell(s.areaSquareMetres),
                               try s.distanceMetres.map { try numberCell($0.rounded()) } ?? .null, try numberCell(s.centre.x), try numberCell(s.centre.y)])
            features.append(Feature(id: .string("site-\(k + 1)"), properties: ["rank": try numberCell(k + 1), "area_m2": try numberCell(s.areaSquareMetres)], geometry: s.geometry))
        }
        return StepResult(layer: FeatureCollection(features), table: table)
    }
}
