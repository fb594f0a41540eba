import TongchengAnalysis
import TongchengGeodesy
import TongchengOperations

/// `buffer`: geodesic buffers (or planar in a projected CRS).
struct BufferStep: RecipeOperation {
    static let declaration = OperationCatalog.buffer

    static func run(_ step: StepArguments) throws -> StepResult {
        let crs = try step.text("crs").map { try CoordinateSystem($0) }
        var b = BufferAnalysis(distanceMetres: try step.metres("distance"), crs: crs, dissolve: step.flag("dissolve"), jobs: step.jobs)
        b.progress = step.progress
        return StepResult(layer: try b.run(try step.layer("input")))
    }
}
