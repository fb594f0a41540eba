import Foundation
import Testing
@testable import TongchengCartography
import TongchengGeometry

/// Henan's county boundaries (geodata/henan_counties.geojson, 2.4 MB) render.
@Suite struct HenanTests {
    @Test func rendersHenansCountyBoundaries() throws {
        let map = try renderCommitted("henan-locator")
        let file = try GeoJSONReader().read(file: geodataFolder + "/henan_counties.geojson").featureCollection.features
        #expect(file.count >= 156)
        let counties = try #require(map.drawn.first { $0.layerID == "counties" })
        #expect(counties.count == file.count)
        #expect(map.svg.contains("（\(file.count) 个县级单位）"))
        #expect(map.drawn.first { $0.layerID == "lankao" }?.count == 1)
        #expect(map.drawn.first { $0.layerID == "zhengzhou" }?.count == 12)
        // 17 prefecture-level units plus Jiyuan, dissolved from the counties.
        #expect((map.drawn.first { $0.layerID == "prefectures" }?.count ?? 0) >= 17)
        // Simplified to the page: far fewer bytes than the 2.4 MB of input.
        #expect(map.svg.utf8.count < 600_000, "\(map.svg.utf8.count) bytes")
        let elements = try parseSVG(map.svg)
        #expect(elements.filter { $0.name == "path" && ($0.attributes["class"] ?? "").hasPrefix("feature layer-counties ") }.count == file.count)
        // How fast it renders is measured in bench/ (release build), not here.
    }
}
