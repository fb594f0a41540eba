import Foundation
import Testing
@testable import Cartography

/// The SVGs in maps/ are exactly what their specs give now, so they can never go stale: change
/// the data, a spec or the renderer, and this fails until `tongcheng render` is run again.
@Suite struct CommittedMapsTests {
    @Test func committedMapsAreWhatTheSpecsProduceNow() throws {
        let specs = try FileManager.default.contentsOfDirectory(atPath: mapsFolder).filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(specs == ["core-area.yaml", "henan-locator.yaml", "layout.yaml", "reach.yaml"])
        for name in specs {
            let spec = try MapSpec.load(file: mapsFolder + "/" + name)
            let rendered = try MapRenderer(planDirectory: geodataFolder).render(spec)
            let committed = try #require(FileManager.default.contents(atPath: spec.output), "\(spec.output) is missing: run tongcheng render")
            #expect(Data(rendered.svg.utf8) == committed, "\(name): maps/\((spec.output as NSString).lastPathComponent) is stale; run `tongcheng render`")
        }
    }

    @Test func reachMapPrintsTheShareOfLankaoInsideEachArea() throws {
        let map = try renderCommitted("reach")
        #expect(map.notes.count == 3)
        // The same figures as `tongcheng reach` / `tongcheng isochrone` (5.3 % and 6.1 % with the bundled data).
        #expect(map.notes[0].hasPrefix("兰考县在郑州中心 100 km 范围内的面积占比："))
        #expect(map.notes[0].range(of: #"：\d+\.\d%$"#, options: .regularExpression) != nil)
        #expect(map.notes[1].range(of: #"：\d+\.\d%$"#, options: .regularExpression) != nil)
        #expect(map.svg.contains(map.notes[0]))
    }

    @Test func coreAreaPrintsTheSpecialZonesArea() throws {
        let map = try renderCommitted("core-area")
        let label = try #require(map.labels.first { $0.layerID == "special_zone" })
        #expect(label.text == "特别合作区\n30.0 km²")
    }
}
