import Cartography
import Foundation

/// Renders a map spec with the Cartography module, for recipes and the report (recipes take the
/// renderer as a function, so that they do not depend on the renderer's internals).
@Sendable func renderMapSpec(_ specFile: String, _ planDirectory: String) throws -> String {
    try Cartography.MapRenderer(planDirectory: planDirectory).render(file: specFile).svg
}
