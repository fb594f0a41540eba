import Foundation
import Testing
@testable import TongchengCartography
import TongchengGeometry

/// The oriented-box collision test and the label placer, on hand-made layouts whose answers can
/// be worked out on paper.
@Suite struct OrientedBoxTests {
    let square = OrientedBox(rect: PageRect(x: 0, y: 0, width: 10, height: 10))

    @Test func axisAlignedBoxesOverlapOnlyWhenTheyShareArea() {
        #expect(square.overlaps(OrientedBox(rect: PageRect(x: 5, y: 5, width: 10, height: 10))))
        #expect(!square.overlaps(OrientedBox(rect: PageRect(x: 11, y: 0, width: 10, height: 10))))
        // Touching edges share no area: not an overlap.
        #expect(!square.overlaps(OrientedBox(rect: PageRect(x: 10, y: 0, width: 10, height: 10))))
    }

    @Test func aTurnedBoxIsTestedOnItsOwnAxes() {
        // A 10 × 10 square turned 45° reaches 5·√2 ≈ 7.07 from its centre along the axes.
        let diamond = { (x: Double, y: Double) in OrientedBox(center: Position(x, y), width: 10, height: 10, angle: .pi / 4) }
        // Centre (15.5, 5): its left corner at x ≈ 8.43 lies inside the square.
        #expect(square.overlaps(diamond(15.5, 5)))
        // Centre (17.5, 5): the left corner at x ≈ 10.43 is clear.
        #expect(!square.overlaps(diamond(17.5, 5)))
        // Centre (16, 16): the bounding boxes overlap (8.93…23.07), but the diamond
        // |x−16| + |y−16| ≤ 7.07 does not reach the square's corner (10, 10), 12 away in that
        // measure: only the separating-axis test tells them apart.
        let d = diamond(16, 16)
        #expect(d.bounds.intersects(square.bounds))
        #expect(!square.overlaps(d))
        #expect(!d.overlaps(square))
    }
}

@Suite struct LabelPlacerTests {
    func request(_ text: String, at p: Position, priority: Double = 1, order: Int = 0) -> LabelRequest {
        LabelRequest(text: text, anchor: .point(p, symbolSize: 8), size: 10, color: "#000", bold: false, priority: priority, order: order, layerID: "places", featureID: text)
    }

    @Test func labelsOfOnePointTakeDifferentPositionsAndNeverOverlap() {
        var placer = LabelPlacer(frame: PageRect(x: 0, y: 0, width: 400, height: 300))
        placer.place([request("兰考县", at: Position(200, 150)), request("兰考南站", at: Position(200, 150), order: 1)])
        #expect(placer.placed.count == 2)
        #expect(!placer.placed[0].box.overlaps(placer.placed[1].box))
        // The first candidate is to the right of the symbol, text starting there.
        #expect(placer.placed[0].anchor == "start" && placer.placed[0].lines[0].x > 200)
    }

    @Test func higherPriorityIsPlacedFirstWhateverTheOrder() {
        var placer = LabelPlacer(frame: PageRect(x: 0, y: 0, width: 400, height: 300))
        placer.place([request("low", at: Position(200, 150), priority: 1), request("high", at: Position(200, 150), priority: 9, order: 1)])
        #expect(placer.placed.first?.text == "high")
    }

    @Test func obstaclesAndTheFrameTurnLabelsAwayOrDropThem() {
        // An obstacle over everything right of the point: the label goes to the left.
        var placer = LabelPlacer(frame: PageRect(x: 0, y: 0, width: 400, height: 300))
        placer.addObstacle(PageRect(x: 205, y: 0, width: 195, height: 300))
        placer.place([request("郑州", at: Position(200, 150))])
        let label = try? #require(placer.placed.first)
        #expect(label?.anchor == "end")
        #expect(label.map { $0.box.bounds.maxX <= 205 } ?? false)
        // A point in a frame too small for any position: dropped, not drawn over the edge.
        var tight = LabelPlacer(frame: PageRect(x: 0, y: 0, width: 20, height: 20))
        tight.place([request("开封市祥符区", at: Position(10, 10))])
        #expect(tight.placed.isEmpty && tight.dropped.count == 1)
    }
}

@Suite struct NoteTemplateTests {
    @Test func bracesAreFilledAndDoubledBracesAreLiteral() throws {
        let values = ["name": "兰考", "area_km2": "1,106.5"]
        let text = try NoteFiller.substitute("{name}: {area_km2} km² {{not a key}}") { values[$0] ?? "?" }
        #expect(text == "兰考: 1,106.5 km² {not a key}")
    }

    @Test func anUnclosedBraceIsAnError() {
        #expect(throws: TemplateError.self) { try NoteFiller.substitute("{name", { $0 }) }
    }
}
