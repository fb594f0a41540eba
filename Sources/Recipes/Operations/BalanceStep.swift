import TongchengAnalysis
import TongchengGeodesy
import TongchengGeometry
import TongchengOperations

/// `balance` (占补平衡): the farmland a plan occupies against the farmland a supplement layer
/// adds, as `tongcheng conform --balance` reports it. The table is one row (m² and 亩); the
/// layer is empty.
///
/// ```yaml
///   - name: balance
///     balance: {input: plan.special_zone, farmland: farmland, supplement: supplement}
/// ```
struct BalanceStep: RecipeOperation {
    static let declaration = OperationCatalog.balance

    static func run(_ step: StepArguments) throws -> StepResult {
        let b = try Balance(jobs: step.jobs).run(plan: try step.refs("input"), farmland: try step.refs("farmland"), supplement: try step.refs("supplement"))
        let mu = AreaUnit.mu
        let table = ResultTable(columns: ["occupied_m2", "supplement_m2", "net_m2", "supplement_inside_plan_m2", "occupied_mu", "supplement_mu", "net_mu", "balanced"], rows: [[
            try numberCell(b.occupiedSquareMetres), try numberCell(b.supplementSquareMetres), try numberCell(b.netSquareMetres), try numberCell(b.supplementInsidePlanSquareMetres),
            try numberCell(mu.fromSquareMetres(b.occupiedSquareMetres)), try numberCell(mu.fromSquareMetres(b.supplementSquareMetres)), try numberCell(mu.fromSquareMetres(b.netSquareMetres)),
            .bool(b.isBalanced),
        ]])
        return StepResult(layer: FeatureCollection([]), table: table)
    }
}
