import TongchengAnalysis
import TongchengGeometry
import TongchengPlan
import TongchengOperations

/// `isochrone`: the area reachable within a travel time over the transport network.
struct IsochroneStep: RecipeOperation {
    static let declaration = OperationCatalog.isochrone

    static func run(_ step: StepArguments) throws -> StepResult {
        let statuses = Set((step.text("status") ?? "existing").split(separator: ",").compactMap { PlanStatus(rawValue: $0.trimmingCharacters(in: .whitespaces)) })
        let network = try step.state.layer(step.text("network") ?? "plan.transport", line: step.line).features.filter { f in
            f.planStatus.map { statuses.contains($0) } ?? statuses.contains(.existing)
        }
        let stations = try step.state.plan().stationPositions
        guard let minutes = step.number("minutes") else { throw step.fail("needs \"minutes\", a number") }
        let iso = Isochrone(origin: try step.position("from"), minutes: minutes, network: network, stations: stations)
        let area = try iso.area()
        let rows = try Reach.measure(try step.refs("within"), inside: area, jobs: step.jobs, progress: step.progress, stage: "isochrone")
        let layer = FeatureCollection([Feature(id: .string("isochrone"), properties: ["kind": "isochrone", "minutes": try numberCell(iso.minutes)], geometry: area)])
        return StepResult(layer: layer, table: try shareTable(rows))
    }
}
