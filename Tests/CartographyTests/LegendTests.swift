import Foundation
import Testing
@testable import TongchengCartography
import TongchengGeometry

/// The legend is built from what is drawn, with the symbols the map uses.
@Suite struct LegendTests {
    /// "layer-X variant-Y" of every feature path, and of every legend entry.
    func classes(_ svg: String) throws -> (features: Set<String>, entries: Set<String>, elements: [XMLElementRecord]) {
        let elements = try parseSVG(svg)
        func key(_ c: String) -> String { c.split(separator: " ").filter { $0.hasPrefix("layer-") || $0.hasPrefix("variant-") }.joined(separator: " ") }
        var features = Set<String>(), entries = Set<String>()
        for e in elements {
            guard let c = e.attributes["class"] else { continue }
            if e.name == "path", c.hasPrefix("feature ") { features.insert(key(c)) }
            if e.name == "g", c.hasPrefix("legend-entry ") { entries.insert(key(c)) }
        }
        return (features, entries, elements)
    }

    @Test func everyLegendEntryIsADrawnLayerAndEveryDrawnLayerHasAnEntry() throws {
        for name in ["layout", "core-area", "reach", "henan-locator"] {
            let map = try renderCommitted(name)
            let (features, entries, _) = try classes(map.svg)
            let spec = try MapSpec.load(file: mapsFolder + "/\(name).yaml")
            let hidden = Set(spec.layers.filter { !$0.inLegend }.map { "layer-" + $0.id })
            let shown = features.filter { !hidden.contains(String($0.split(separator: " ")[0])) }
            #expect(entries == shown, "\(name): only in the legend \(entries.subtracting(shown)), not in the legend \(shown.subtracting(entries))")
            #expect(entries.count == map.legend?.entries.count, "\(name): one entry per layer and variant")
            // And the model agrees with the text.
            #expect(Set(map.drawn.map { "layer-\($0.layerID) variant-\($0.variant.key)" }) == features)
        }
    }

    /// Each swatch is drawn with its features' own style: same fill, stroke, dash; point
    /// symbols with the same shape.
    @Test func legendSwatchesUseTheSameSymbolsAndStylesAsTheMap() throws {
        let map = try renderCommitted("layout")
        let (_, _, elements) = try classes(map.svg)
        let styleKeys = ["fill", "fill-opacity", "stroke", "stroke-width", "stroke-dasharray", "opacity"]
        var checked = 0
        for (k, e) in elements.enumerated() where e.name == "g" && (e.attributes["class"] ?? "").hasPrefix("legend-entry ") {
            let classes = (e.attributes["class"] ?? "").split(separator: " ").dropFirst().joined(separator: " ")
            let swatch = elements[k + 1]
            #expect(swatch.name == "path")
            guard let feature = elements.first(where: { $0.name == "path" && ["feature " + classes, "feature " + classes + " symbol"].contains($0.attributes["class"] ?? "") }) else {
                Issue.record("no feature for \(classes)")
                continue
            }
            for key in styleKeys { #expect(swatch.attributes[key] == feature.attributes[key], "\(classes): \(key)") }
            // Same point symbol: the same sequence of path commands (the positions differ).
            if let entry = map.legend?.entries.first(where: { "layer-\($0.layerID) variant-\($0.variant.key)" == classes }), entry.variant.dimension == 0 {
                func commands(_ d: String) -> String { d.filter { $0.isLetter } }
                #expect(commands(feature.attributes["d"]!).hasPrefix(commands(swatch.attributes["d"]!)), "\(classes)")
            }
            checked += 1
        }
        #expect(checked >= 20)
    }

    @Test func automaticLegendGoesWhereItHidesNoSymbol() throws {
        let s = try spec("""
            title: 兰考县特别合作区
            layers:
              - plan: boundaries
                filter: {level: county}
              - plan: transport
              - plan: places
                label: name
            """)
        #expect(s.furniture.legendAutomatic)
        let map = try MapRenderer(planDirectory: geodataFolder).render(s)
        let box = try #require(map.legend?.bounds)
        let elements = try parseSVG(map.svg)
        var symbols = 0
        for e in elements where e.name == "path" && (e.attributes["class"] ?? "").hasPrefix("feature layer-places ") {
            symbols += 1
            // A symbol's path starts at its left edge, on its centre line.
            let start = try #require(polylines(e.attributes["d"]!.replacingOccurrences(of: "a", with: "Z")).first?.first)
            #expect(!box.contains(start), "\(e.attributes["id"] ?? "") under the legend")
        }
        #expect(symbols > 20)
        // A spec that names a corner gets that corner.
        #expect(try spec("layers: [{plan: zone}]\nfurniture: {legend: top-left}").furniture.legendAutomatic == false)
    }

    @Test func plannedLinesAreDashedAndLinesUnderConstructionDotted() throws {
        let map = try renderCommitted("layout")
        let entries = try #require(map.legend?.entries)
        for e in entries where e.variant.dimension == 1 && e.layerID == "transport" {
            switch e.variant.status {
            case .planned?: #expect(e.style.dash.count == 2 && e.style.dash[0] > e.style.dash[1], "\(e.label)")
            case .underConstruction?: #expect(e.style.dash.count == 2 && e.style.dash[0] < e.style.dash[1], "\(e.label)")
            default: #expect(e.style.dash.isEmpty, "\(e.label)")
            }
        }
        let symbols = Dictionary(entries.filter { $0.variant.dimension == 0 }.map { ($0.variant.subkind ?? "", $0.style.symbol) }, uniquingKeysWith: { a, _ in a })
        #expect(symbols["county_seat"] == .star)
        #expect(symbols["station"] == .train)
        #expect(symbols["airport"] == .plane)
    }
}
