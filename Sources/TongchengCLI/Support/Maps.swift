import TongchengCartography
import Foundation

/// Renders a map spec with the Cartography module, for recipes and the report (recipes take the
/// renderer as a function, so that they do not depend on the renderer's internals): SVG for a
/// `.svg` output, the interactive viewer for `.html`. PDF and PNG are refused here (they are
/// bytes, and recipes write text): `tongcheng render` makes them.
@Sendable func renderMapSpec(_ specFile: String, _ planDirectory: String, _ outputFile: String) throws -> String {
    let format = MapFormat(fileExtensionOf: outputFile)
    guard format == .svg || format == .html else {
        throw CommandFailure.usage("\(outputFile): a map output is .svg or .html (for PDF or PNG use tongcheng render \(specFile) -o FILE.pdf)")
    }
    let map = try TongchengCartography.MapRenderer(planDirectory: planDirectory).render(file: specFile)
    return format == .html ? try MapViewer.page(map) : map.svg
}
