import Foundation
import TongchengGeometry
import TongchengPlan
import Testing
@testable import TongchengCartography

/// The default styles are a table: every class of the bundled plan has its own entry (so a new
/// transport mode or place kind shows up here until it gets one), and lookups fall back from
/// `SOURCE/SUBKIND` to `SOURCE`.
@Suite struct StyleTableTests {
    @Test func everyModeKindAndLevelInTheBundledPlanHasAnEntryWithALegendName() throws {
        let plan = try Plan.load(directory: geodataFolder)
        let classes: [(LayerKind, String)] = [(.transport, "mode"), (.places, "kind"), (.boundaries, "level")]
        for (kind, key) in classes {
            let values = Set(plan.features(kind).compactMap { $0[property: key]?.stringValue })
            #expect(!values.isEmpty, "\(kind)")
            for value in values.sorted() {
                let entry = StyleTable.entries[kind.rawValue + "/" + value]
                #expect(entry != nil, "no style entry \(kind.rawValue)/\(value): add one line to StyleTable.entries")
                #expect(entry?.legendName != nil, "\(kind.rawValue)/\(value) has no legend name")
            }
        }
        for kind in LayerKind.allCases where ![.transport, .places, .boundaries].contains(kind) {
            #expect(StyleTable.entries[kind.rawValue] != nil, "no style entry for the plan layer \(kind.rawValue)")
        }
    }

    @Test func lookupFallsBackFromSubkindToSource() {
        let known = StyleTable.entry(for: FeatureVariant(subkind: "high_speed_rail", status: .planned, dimension: 1), source: .plan(.transport))
        #expect(known.style.stroke == "#8e2a8e")
        #expect(known.legendName == "高速铁路")
        let unknown = StyleTable.entry(for: FeatureVariant(subkind: "maglev", status: nil, dimension: 1), source: .plan(.transport))
        #expect(unknown.style == StyleTable.entries["transport"]?.style)
        #expect(unknown.legendName == nil)
        let area = StyleTable.entry(for: FeatureVariant(subkind: nil, status: nil, dimension: 2), source: .file("x.geojson", crs: nil))
        #expect(area.style == StyleTable.entries["file/2"]?.style)
    }
}
