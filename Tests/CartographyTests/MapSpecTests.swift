import Foundation
import Testing
@testable import TongchengCartography
import TongchengPlan

/// Specs are short thanks to defaults, and a bad one is refused with its file and line.
@Suite struct MapSpecTests {
    func failure(_ yaml: String) -> MapSpecError? {
        do {
            let s = try spec(yaml)
            _ = try MapRenderer(planDirectory: geodataFolder).render(s)
            return nil
        } catch let e as MapSpecError {
            return e
        } catch {
            Issue.record("not a MapSpecError: \(error)")
            return nil
        }
    }

    @Test func aShortSpecGetsEveryDefault() throws {
        let s = try spec("layers:\n  - plan: zone\n")
        #expect(s.projection == "EPSG:4547")
        #expect(s.page == PageSize.iso("A4", landscape: true))
        #expect(s.layers[0].id == "zone")
        #expect(s.furniture.legend == .bottomRight && s.furniture.scaleBar == .bottomLeft && s.furniture.northArrow == .topRight)
        let map = try MapRenderer(planDirectory: geodataFolder).render(s)
        #expect(map.legend?.entries.map(\.label) == ["一区（东部示范区，规划）"])
        #expect(map.svg.hasSuffix("</svg>\n"))
    }

    @Test func pageSizesAreInMillimetresOrPixels() throws {
        #expect(try spec("page: A3 landscape\nlayers: [{plan: zone}]").page.width == 420 * PageSize.pxPerMM)
        #expect(try spec("page: {size: A4, orientation: portrait}\nlayers: [{plan: zone}]").page.height == 297 * PageSize.pxPerMM)
        let px = try spec("page: {width: 1600, height: 1200, unit: px}\nlayers: [{plan: zone}]").page
        #expect(px == PageSize(width: 1600, height: 1200, unit: .px))
        let map = try MapRenderer(planDirectory: geodataFolder).render(try spec("page: {width: 1600, height: 1200, unit: px}\nlayers: [{plan: zone}]"))
        #expect(map.svg.contains("width=\"1600\" height=\"1200\" viewBox=\"0 0 1600 1200\""))
    }

    @Test func unknownKeysAreRefusedWithTheirLine() {
        let e = failure("title: x\nlayers:\n  - plan: zone\n    colour: red\n")
        #expect(e?.kind == .badSpec)
        #expect(e?.line == 4)
        #expect(e?.description.hasSuffix("test.yaml:4: layers[0]: unknown key \"colour\" (known: id, plan, file, crs, layer, encoding, reach, isochrone, filter, dissolve, style, label, legend, data, classes)") == true)
    }

    @Test func malformedYAMLIsRefusedWithItsLine() {
        let e = failure("title: x\nlayers:\n  - plan: zone\n   style: {fill: \"#fff\"\n")
        #expect(e?.kind == .badSpec)
        #expect(e?.line != nil)
        #expect(e?.description.contains("not valid YAML") == true)
    }

    @Test func badValuesNameTheKeyAndLine() {
        #expect(failure("layers:\n  - plan: roads\n")?.line == 2)
        #expect(failure("layers:\n  - plan: zone\n    style: {width: thick}\n")?.description.contains("layers[0].style.width: expected a number") == true)
        #expect(failure("projection: EPSG:4326\nlayers:\n  - plan: zone\n")?.description.contains("geographic") == true)
        #expect(failure("layers:\n  - plan: zone\nnotes:\n  - \"{share:nothing:410225}\"\n")?.line == 4)
        #expect(failure("layers:\n  - reach: {from: atlantis, radius: 10 km}\n")?.line == 2)
        #expect(failure("layers:\n  - plan: zone\n  - plan: zone\n")?.description.contains("used twice") == true)
    }

    @Test func missingFilesAreTheirOwnKind() {
        let e = failure("layers:\n  - plan: zone\n  - file: no/such.geojson\n")
        #expect(e?.kind == .missingFile)
        #expect(e?.line == 3)
        #expect(e?.description.contains("no/such.geojson") == true)
        #expect(throws: MapSpecError(kind: .missingFile, file: "/no/such/spec.yaml", line: nil, message: "no such file")) {
            try MapSpec.load(file: "/no/such/spec.yaml")
        }
    }

    @Test func filtersSelectByPropertyValues() throws {
        let s = try spec("layers:\n  - plan: boundaries\n    filter: {adcode: [410225, 410221], level: county}\n")
        let map = try MapRenderer(planDirectory: geodataFolder).render(s)
        #expect(map.drawn.map(\.count).reduce(0, +) == 2)
    }
}
