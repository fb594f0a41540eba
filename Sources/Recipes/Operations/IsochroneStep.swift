import TongchengAnalysis
import TongchengGeometry
import TongchengPlan

/// `isochrone`: the area reachable within a travel time over the transport network.
struct IsochroneStep: RecipeOperation {
    static let declaration = RecipeSchema.Operation(name: "isochrone", summary: "area reachable within a travel time", parameters: [
        .init("from", .place, required: true, help: "place or LON,LAT"), .init("minutes", .number, required: true, help: "travel time"),
        .init("network", .layer, help: "transport layer (default plan.transport)"),
        .init("status", .statuses, help: "existing (default), under_construction, planned — comma-separated"),
        .init("within", .layers, help: "layers whose share inside is tabled"),
    ], makesTable: true)

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
        let layer = FeatureCollection([Feature(id: .string("isochrone"), properties: ["kind": "isochrone", "minutes": numberCell(iso.minutes)], geometry: area)])
        return StepResult(layer: layer, table: shareTable(rows))
    }
}
