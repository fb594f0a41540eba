import TongchengAnalysis
import TongchengGeometry
import TongchengOperations

/// `filter`: the features whose properties match (a value may be a list of alternatives).
struct FilterStep: RecipeOperation {
    static let declaration = OperationCatalog.filter

    static func run(_ step: StepArguments) throws -> StepResult {
        let conditions = try step.mapping("where")
        var fc = try step.layer("input")
        // A property no feature has is a typo, not "nothing matches".
        let refs = FeatureRef.all(in: fc, file: step.text("input") ?? "input")
        for key in conditions.keys.sorted() where key != "id" { try UnknownFieldError.check(key, in: refs, role: "input") }
        fc.features = fc.features.filter { f in
            conditions.allSatisfy { key, accepted in
                guard let v = f[property: key] ?? (key == "id" ? f.id?.jsonValue : nil) else { return false }
                return accepted.contains(v.displayText)
            }
        }
        return StepResult(layer: fc)
    }
}
