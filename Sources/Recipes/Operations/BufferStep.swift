import TongchengAnalysis
import TongchengGeodesy

/// `buffer`: geodesic buffers (or planar in a projected CRS).
struct BufferStep: RecipeOperation {
    static let declaration = RecipeSchema.Operation(name: "buffer", summary: "geodesic buffer (or planar in a CRS)", parameters: [
        .init("input", .layer, required: true, help: "layer"), .init("distance", .distance, required: true, help: "e.g. 2km"),
        .init("crs", .crs, help: "buffer planar in this projected CRS"), .init("dissolve", .flag, help: "merge the buffers"),
    ], makesTable: false)

    static func run(_ step: StepArguments) throws -> StepResult {
        let crs = try step.text("crs").map { try CoordinateSystem($0) }
        var b = BufferAnalysis(distanceMetres: try step.metres("distance"), crs: crs, dissolve: step.flag("dissolve"), jobs: step.jobs)
        b.progress = step.progress
        return StepResult(layer: try b.run(try step.layer("input")))
    }
}
