import TongchengAnalysis
import TongchengGeometry
import TongchengOperations

/// The recipe step of an operation that runs from its declaration alone (`DeclaredOperation`):
/// its layers are read by name, its other parameters passed as checked by the parser, its
/// engine chosen as for every step, and its rows put under its declared columns.
///
/// ```yaml
///   - name: inside
///     centroid: {input: plan.special_zone, inside: true}
/// ```
struct DeclaredStep<Operation: DeclaredOperation>: RecipeOperation {
    static var declaration: OperationDeclaration { Operation.declaration }

    static func run(_ step: StepArguments) throws -> StepResult {
        var layers: [String: [FeatureRef]] = [:]
        var values: [String: String] = [:]
        for p in declaration.parameters {
            switch p.kind {
            case .layer, .layers:
                if step.step.parameters[p.name] != nil { layers[p.name] = try step.refs(p.name) }
            default:
                if let v = step.text(p.name) { values[p.name] = v }
            }
        }
        let call = OperationCall(layers: layers, values: values, postgis: try step.postgis(declaration), jobs: step.jobs, progress: step.progress)
        let result = try Operation.run(call)
        let table = declaration.makesTable ? ResultTable(columns: declaration.columns, rows: result.rows) : nil
        return StepResult(layer: result.layer, table: table)
    }
}

/// The step types of `OperationRegistry.declared`.
func declaredSteps() -> [any RecipeOperation.Type] {
    func step<O: DeclaredOperation>(_ operation: O.Type) -> any RecipeOperation.Type { DeclaredStep<O>.self }
    return OperationRegistry.declared.map { step($0) }
}
