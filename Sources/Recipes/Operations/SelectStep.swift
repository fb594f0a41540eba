import TongchengAnalysis
import TongchengGeometry
import TongchengTopology
import TongchengOperations

/// `select`: the features that stand in a spatial relation to another layer, or lie within a distance of it.
struct SelectStep: RecipeOperation {
    static let declaration = OperationCatalog.select

    static func run(_ step: StepArguments) throws -> StepResult {
        let mask = try Geometry.union(of: try step.geometries("by"))
        var fc = try step.layer("input")
        if step.text("distance") != nil {
            let metres = try step.metres("distance")
            fc.features = try fc.features.filter { f in try f.geometry.map { try Near.distance($0, mask).0 <= metres } ?? false }
            return StepResult(layer: fc)
        }
        let prepared = try PreparedGeometry(mask)
        let predicate = step.text("predicate") ?? "intersects"
        fc.features = try fc.features.filter { f in
            guard let g = f.geometry else { return false }
            switch predicate {
            case "within": return try prepared.covers(g)
            case "contains": return try g.contains(mask)
            case "covers": return try g.covers(mask)
            case "disjoint": return try !prepared.intersects(g)
            default: return try prepared.intersects(g)
            }
        }
        return StepResult(layer: fc)
    }
}
