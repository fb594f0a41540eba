import TongchengAnalysis
import TongchengGeometry
import TongchengTopology

/// `site`: candidate sites of a given area, ranked.
struct SiteStep: RecipeOperation {
    static let declaration = RecipeSchema.Operation(name: "site", summary: "candidate sites of an area, ranked", parameters: [
        .init("within", .layers, required: true, help: "region"), .init("area", .area, required: true, help: "e.g. 30km2"),
        .init("avoid", .layers, help: "constraint layers"), .init("avoid_buffer", .distance, help: "distance to keep from constraints"),
        .init("near", .layers, help: "layers to be close to"), .init("max_distance", .distance, help: "farthest from near (default 10km)"),
        .init("count", .number, help: "how many (default 5)"),
    ], makesTable: true)

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
            table.rows.append([numberCell(k + 1), numberCell((s.score * 1e4).rounded() / 1e4), numberCell(s.areaSquareMetres),
                               s.distanceMetres.map { numberCell($0.rounded()) } ?? .null, numberCell(s.centre.x), numberCell(s.centre.y)])
            features.append(Feature(id: .string("site-\(k + 1)"), properties: ["rank": numberCell(k + 1), "area_m2": numberCell(s.areaSquareMetres)], geometry: s.geometry))
        }
        return StepResult(layer: FeatureCollection(features), table: table)
    }
}
