import Foundation
import TestSupport
import Testing
@testable import TongchengCartography

/// The SVGs in maps/ are exactly what their specs give now, so they can never go stale: change
/// the data, a spec or the renderer, and this fails until `tongcheng render` is run again.
@Suite struct CommittedMapsTests {
    @Test func committedMapsAreWhatTheSpecsProduceNow() throws {
        let specs = try FileManager.default.contentsOfDirectory(atPath: mapsFolder).filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(specs == ["core-area.yaml", "henan-locator.yaml", "landuse.yaml", "layout.yaml", "reach.yaml"])
        for name in specs {
            let spec = try MapSpec.load(file: mapsFolder + "/" + name)
            let rendered = try MapRenderer(planDirectory: geodataFolder).render(spec)
            let committed = try #require(FileManager.default.contents(atPath: spec.output), "\(spec.output) is missing: run tongcheng render")
            #expect(Data(rendered.svg.utf8) == committed, "\(name): maps/\((spec.output as NSString).lastPathComponent) is stale; run `tongcheng render`")
            if spec.formats.contains(.html) {
                let html = try #require(FileManager.default.contents(atPath: MapFormat.html.path(replacingExtensionOf: spec.output)), "\(name): the HTML viewer is missing")
                #expect(Data(try MapViewer.page(rendered).utf8) == html, "\(name): the committed HTML viewer is stale; run `tongcheng render`")
            }
            if spec.formats.contains(.pdf) {
                // The PDF's bytes depend on cairo's and the fonts' versions; its page and text do not.
                let pdf = MapFormat.pdf.path(replacingExtensionOf: spec.output)
                #expect(FileManager.default.fileExists(atPath: pdf), "\(name): the PDF is missing")
                let committedText = try pdfText(pdf)
                let fresh = temporaryFolder() + "/fresh.pdf"
                try PrintOutput.pdf(svg: rendered.svg, page: rendered.page, title: rendered.title, date: rendered.date).write(to: URL(fileURLWithPath: fresh))
                #expect(committedText == (try pdfText(fresh)), "\(name): the committed PDF is stale; run `tongcheng render`")
                #expect(committedText.contains(rendered.title))
            }
        }
        // Nothing else beside the specs and what they say to write (no stray PNGs).
        var expected = Set(specs)
        for name in specs {
            let spec = try MapSpec.load(file: mapsFolder + "/" + name)
            for f in spec.outputFormats { expected.insert((f.path(replacingExtensionOf: spec.output) as NSString).lastPathComponent) }
        }
        let present = Set(try FileManager.default.contentsOfDirectory(atPath: mapsFolder)).subtracting(["README.md", "gallery"])
        #expect(present == expected, "unexpected files in maps/: \(present.subtracting(expected).sorted())")
    }

    /// maps/gallery/ (scripts/gallery, linked from the README) holds one PNG preview per
    /// committed map, 1200 px wide, and nothing else. Its bytes depend on librsvg's version, so
    /// the PNG's header is checked, not its pixels; the SVG it is drawn from is checked above.
    @Test func galleryHasAPreviewOfEveryMap() throws {
        let specs = try FileManager.default.contentsOfDirectory(atPath: mapsFolder).filter { $0.hasSuffix(".yaml") }
        let expected = Set(try specs.map { ((try MapSpec.load(file: mapsFolder + "/" + $0).output as NSString).lastPathComponent as NSString).deletingPathExtension + ".png" })
        let present = Set(try FileManager.default.contentsOfDirectory(atPath: mapsFolder + "/gallery"))
        #expect(present == expected, "maps/gallery: \(present.symmetricDifference(expected).sorted()); run scripts/gallery")
        for name in expected {
            let data = try #require(FileManager.default.contents(atPath: mapsFolder + "/gallery/" + name), "\(name) is missing: run scripts/gallery")
            let bytes = [UInt8](data.prefix(24))
            try #require(bytes.count == 24)
            #expect(bytes[0..<8] == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "\(name) is not a PNG")
            // IHDR width, big-endian, at byte 16.
            let width = bytes[16..<20].reduce(0) { $0 << 8 | Int($1) }
            #expect(width == 1200, "\(name): \(width) px wide")
        }
    }

    /// The text of a PDF, from poppler's pdftotext (apt poppler-utils).
    func pdfText(_ file: String) throws -> String {
        let r = try Spawn.run("/usr/bin/pdftotext", [file, "-"])
        #expect(r.status == 0 && r.signal == 0)
        return r.stdoutText
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
