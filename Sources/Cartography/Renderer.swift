import TongchengAnalysis
import Foundation
import TongchengGeodesy
import TongchengGeometry
import TongchengPlan
import TongchengTopology

/// Renders a map spec to SVG: spec and plan in, one SVG document out.
///
/// The steps are kept apart as in mapshaper: the layers' features are fetched and projected
/// (`LayerSources`, `MapProjection`), put on the page, simplified to the page's resolution and
/// clipped to the frame (`PageGeometry`: 0.5 px, vertices on a 0.1 px grid), styled (`DefaultStyles`), labelled
/// (`LabelPlacer`), the furniture is laid out, and only then is text written (`SVGWriter`). The
/// same spec and data always give the same bytes: no dictionary order, no clock, fixed number
/// formatting.
///
/// ```swift
/// let map = try MapRenderer().render(file: "maps/layout.yaml")
/// try map.svg.write(toFile: "maps/layout.svg", atomically: true, encoding: .utf8)
/// print(map.scaleBar?.kilometres ?? 0, map.northArrow?.convergenceDegrees ?? 0)
/// ```
public struct MapRenderer: Sendable {
    /// The plan used when a spec names none (`nil`: `Plan.defaultDirectory()`).
    public var planDirectory: String?
    /// Counts the work of each render: layers read, features put on the page layer by layer,
    /// then notes, labels and the SVG text as stages (`nil`: no progress kept).
    public var progress: ProgressCounter?

    /// A renderer using `planDirectory` for specs that name no plan.
    public init(planDirectory: String? = nil) {
        self.planDirectory = planDirectory
    }

    /// Loads a spec file and renders it.
    public func render(file: String) throws -> RenderedMap {
        try render(try MapSpec.load(file: file))
    }

    /// Renders a parsed spec.
    public func render(_ spec: MapSpec) throws -> RenderedMap {
        try RenderJob(spec: spec, sources: LayerSources(spec: spec, defaultPlanDirectory: planDirectory), progress: progress).run()
    }
}

/// A rendered map: the SVG and what was drawn, for checks and tests.
///
/// ```swift
/// let map = try MapRenderer().render(file: "maps/reach.yaml")
/// print(map.notes, map.droppedLabels.count)
/// ```
public struct RenderedMap: Sendable {
    /// The document.
    public var svg: String
    /// Projected coordinates to the page.
    public var transform: PageTransform
    /// The CRS, as the spec names it.
    public var projection: String
    /// The furniture as drawn (`nil` when the spec turned it off).
    public var scaleBar: ScaleBar?
    public var northArrow: NorthArrow?
    public var legend: Legend?
    /// Every layer and variant with at least one feature on the map, in drawing order.
    public var drawn: [DrawnVariant]
    /// The labels placed.
    public var labels: [PlacedLabel]
    /// Labels dropped for want of room or beyond the cap ("layer/feature").
    public var droppedLabels: [String]
    /// How many of `droppedLabels` were beyond the cap of labels one map tries (`labelCap`).
    public var labelsBeyondCap: Int = 0
    /// The most labels one map tries to place.
    public static var labelCap: Int { LabelPlacer.maxLabels }
    /// The notes as printed.
    public var notes: [String]
    /// The page the map was laid out on (its size goes into the PDF and PNG).
    public var page: PageSize
    /// The title as printed (placeholders filled), or the spec's name when it has none.
    public var title: String
    /// The map's date (the spec's `furniture: date:`), for the PDF's creation date.
    public var date: String?
}

/// A layer's variant on the map and how many features it has there.
///
/// ```swift
/// for d in map.drawn { print(d.layerID, d.variant.key, d.count) }
/// ```
public struct DrawnVariant: Sendable, Hashable {
    /// The spec layer.
    public var layerID: String
    /// Sub-kind, status and dimension.
    public var variant: FeatureVariant
    /// Features of that variant on the map.
    public var count: Int
}

/// One feature ready to write.
struct DrawnFeature {
    var layer: Int
    var feature: Feature
    var variant: FeatureVariant
    var style: FeatureStyle
    /// Page geometry after clipping and simplification (points: the point).
    var page: Geometry
    var path: String
    /// Geodesic measures of the whole feature (WGS 84), not of its clipped page geometry.
    var areaSquareMetres = 0.0
    var lengthMetres = 0.0
}

/// The work of one render.
final class RenderJob {
    let spec: MapSpec
    let sources: LayerSources
    let progress: ProgressCounter?
    static let fontFamily = "'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC', sans-serif"

    init(spec: MapSpec, sources: LayerSources, progress: ProgressCounter? = nil) {
        self.spec = spec
        self.sources = sources
        self.progress = progress
    }

    func fail(_ message: String, line: Int? = nil, kind: MapSpecError.Kind = .badSpec) -> MapSpecError {
        MapSpecError(kind: kind, file: spec.file, line: line, message: message)
    }

    func run() throws -> RenderedMap {
        let projection: MapProjection
        do { projection = try MapProjection(spec.projection) } catch { throw fail("projection: \(error)") }

        // 1. Features of every layer, in WGS 84 and projected.
        var lonLat: [[Feature]] = []
        var projected: [[Geometry?]] = []
        progress?.start("read \(spec.name)", total: spec.layers.count, unit: "layers")
        for layer in spec.layers {
            defer { progress?.advance() }
            let features = try sources.features(of: layer)
            lonLat.append(features)
            do {
                projected.append(try features.map { f in try f.geometry.map { try projection.project($0) } })
            } catch {
                throw fail("layer \(layer.id): \(error)", line: layer.line, kind: .badData)
            }
        }

        // 2. The page: title band, frame, bottom band; the transform that fits the extent.
        let box = try extentBox(projection: projection, projected: projected)
        let layout = PageLayout(spec: spec, below: frameTexts(projection: projection, lonLat: lonLat, projected: projected, in: box))
        let t = PageTransform.fitting(box, in: layout.frame, roundScale: spec.page.unit == .mm, fixedDenominator: spec.scaleDenominator)

        // 3. Features on the page: clipped, simplified, styled.
        let clip = t.frame.inset(by: -6)
        var drawn: [DrawnFeature] = []
        // A feature shared by several layers (a county, and the same county in a highlight
        // layer) is put on the page once.
        var placed: [PageGeometry.Key: Geometry?] = [:]
        for (l, layer) in spec.layers.enumerated() {
            progress?.start("draw \(spec.name): layer \(layer.id)", total: layer.dissolve == nil ? lonLat[l].count : 0)
            var onPage: [(Feature, Geometry)] = []
            // Geodesic measures of what is drawn, from the WGS 84 features (a dissolved group's are
            // its members' sums).
            var measures: [(area: Double, length: Double)] = []
            func measure(_ members: [Feature]) -> (area: Double, length: Double) {
                members.reduce((0, 0)) { sum, f in
                    guard let g = f.geometry else { return sum }
                    return (sum.0 + (g.dimension == 2 ? g.geodesicArea() : 0), sum.1 + (g.dimension == 1 ? g.geodesicLength() : 0))
                }
            }
            if let key = layer.dissolve {
                do {
                    for (f, g) in try PageGeometry.dissolve(lonLat[l], projected: projected[l], by: key, transform: t) {
                        guard let page = try PageGeometry.fit(g, clip: clip, frame: t.frame) else { continue }
                        onPage.append((f, page))
                        let value = f[property: key] ?? .null
                        measures.append(measure(lonLat[l].enumerated().filter { projected[l][$0.offset] != nil && ($0.element[property: key] ?? .null) == value }.map(\.element)))
                    }
                } catch {
                    throw fail("layer \(layer.id): cannot dissolve by \(key): \(error)", line: layer.line, kind: .badData)
                }
            } else {
                for (k, f) in lonLat[l].enumerated() {
                    defer { progress?.advance() }
                    guard let g = projected[l][k] else { continue }
                    let cacheKey = sources.identity(of: layer, index: k).map { PageGeometry.Key(source: $0.0, index: $0.1) }
                    let page: Geometry?
                    if let cacheKey, let cached = placed[cacheKey] { page = cached } else {
                        page = try PageGeometry.place(g, clip: clip, frame: t.frame, transform: t)
                        if let cacheKey { placed[cacheKey] = page }
                    }
                    if let page {
                        onPage.append((f, page))
                        measures.append(measure([f]))
                    }
                }
            }
            for (k, (f, page)) in onPage.enumerated() {
                let variant = DefaultStyles.variant(of: f, layer: layer)
                let style = DefaultStyles.style(for: variant, layer: layer)
                let path = PageGeometry.pathData(page, style: style)
                if path.isEmpty { continue }
                drawn.append(DrawnFeature(layer: l, feature: f, variant: variant, style: style, page: page, path: path,
                                          areaSquareMetres: measures[k].area, lengthMetres: measures[k].length))
            }
        }
        let variants = RenderJob.variants(drawn, layers: spec.layers)

        // 4. Notes (their figures come from analyses).
        progress?.start("draw \(spec.name): notes")
        var layerTable: [String: (spec: LayerSpec, features: [Feature], drawn: Int)] = [:]
        for (l, layer) in spec.layers.enumerated() {
            layerTable[layer.id] = (layer, lonLat[l], drawn.filter { $0.layer == l }.count)
        }
        let filler = NoteFiller(spec: spec, sources: sources, layers: layerTable)
        let notes = try spec.notes.map { try filler.fill($0.template, line: $0.line) }
        let title = try spec.title.map { try filler.fill($0, line: spec.keyLines["title"]) }
        let subtitle = try spec.subtitle.map { try filler.fill($0, line: spec.keyLines["subtitle"]) }

        // 5. Furniture, stacked in the frame's corners.
        let detailBox = try spec.furniture.detail.map { try extentBox(projection: projection, projected: projected, extent: $0.extent) }
        let furniture = try placeFurniture(transform: t, projection: projection, notes: notes, variants: variants, drawn: drawn, detailBox: detailBox)
        let (north, inset, notesBox, scaleBar, legend) = (furniture.north, furniture.inset, furniture.notes, furniture.scaleBar, furniture.legend)
        let corners = furniture.corners

        // 6. Labels, around symbols and furniture.
        progress?.start("draw \(spec.name): labels")
        var placer = LabelPlacer(frame: t.frame)
        for rect in corners.placed { placer.addObstacle(rect.inset(by: -3)) }
        for d in drawn where d.variant.dimension == 0 {
            d.page.forEachSequence { run in
                for p in run { placer.addObstacle(LabelPlacer.symbolBox(at: p, size: d.style.size)) }
            }
        }
        placer.place(try labelRequests(drawn))

        // 7. Graticule.
        var graticule: Graticule?
        if let step = spec.furniture.graticuleStep {
            graticule = try Graticule.make(step: step, transform: t, projection: projection)
        }

        // 8. Text.
        progress?.start("draw \(spec.name): SVG text")
        let svg = write(title: title, subtitle: subtitle, layout: layout, transform: t, projection: projection, drawn: drawn, labels: placer.placed, graticule: graticule,
                        north: north, inset: inset, notes: notesBox, scaleBar: scaleBar, legend: legend, detail: furniture.detail)
        return RenderedMap(svg: svg, transform: t, projection: spec.projection, scaleBar: scaleBar, northArrow: north, legend: legend,
                           drawn: variants, labels: placer.placed, droppedLabels: placer.dropped.map { "\($0.layerID)/\($0.featureID)" }, labelsBeyondCap: placer.beyondCap, notes: notes,
                           page: spec.page, title: title ?? spec.name, date: spec.furniture.sourceDate)
    }

    // MARK: Texts under the frame

    /// The source note (the spec's, or from the `source` of the features whose box meets the
    /// extent, in drawing order), the coordinate-system note with the approval number, and the
    /// producer with the date.
    func frameTexts(projection: MapProjection, lonLat: [[Feature]], projected: [[Geometry?]], in box: BoundingBox) -> FrameTexts {
        let f = spec.furniture
        var texts = FrameTexts()
        if let text = f.sourceText {
            texts.left.append(text)
        } else if f.sourceAutomatic {
            var sources: [String] = []
            for (l, features) in lonLat.enumerated() {
                for (k, feature) in features.enumerated() {
                    guard let s = feature[property: "source"]?.stringValue, !sources.contains(s),
                          let b = projected[l][k]?.boundingBox, b.intersects(box) else { continue }
                    sources.append(s)
                }
            }
            if let note = SourceNote.text(sources: sources) { texts.left.append(note) }
        }
        let crs = f.crsNote ?? (f.crsNoteAutomatic ? SourceNote.crsNote(for: projection.crs, as: spec.projection) : nil)
        let second = [crs, f.approval.map { "审图号：\($0)" }].compactMap { $0 }
        if !second.isEmpty { texts.left.append(second.joined(separator: "　")) }
        if let line = SourceNote.producerLine(producer: f.producer, date: f.sourceDate) { texts.right.append(line) }
        return texts
    }

    // MARK: Extent

    func extentBox(projection: MapProjection, projected: [[Geometry?]], extent: ExtentSpec? = nil) throws -> BoundingBox {
        func union(_ indices: [Int]) throws -> BoundingBox {
            var box: BoundingBox?
            for i in indices {
                for g in projected[i] {
                    guard let b = g?.boundingBox else { continue }
                    if box == nil { box = b } else { box!.extend(b) }
                }
            }
            guard let box else { throw fail("the extent's layers have no features to show") }
            return box
        }
        switch extent ?? spec.extent {
        case .all(let margin):
            return try union(Array(spec.layers.indices)).grown(by: margin)
        case .layers(let ids, let margin):
            return try union(ids.compactMap { id in spec.layers.firstIndex { $0.id == id } }).grown(by: margin)
        case .bbox(let b, let margin):
            var edge: [Position] = []
            for k in 0...32 {
                let s = Double(k) / 32
                edge += [Position(b.minX + s * (b.maxX - b.minX), b.minY), Position(b.minX + s * (b.maxX - b.minX), b.maxY),
                         Position(b.minX, b.minY + s * (b.maxY - b.minY)), Position(b.maxX, b.minY + s * (b.maxY - b.minY))]
            }
            return BoundingBox.around(try projection.project(edge))!.grown(by: margin)
        case .place(let name, let radius):
            let (p, _) = try sources.place(name, line: nil)
            let disc = try Reach(origin: .point(p), radiusMetres: radius).disc()
            guard let box = try projection.project(disc).boundingBox else { throw fail("extent: empty") }
            return box
        }
    }

    // MARK: Labels

    func labelRequests(_ drawn: [DrawnFeature]) throws -> [LabelRequest] {
        var requests: [LabelRequest] = []
        for (k, d) in drawn.enumerated() {
            let layer = spec.layers[d.layer]
            guard let label = layer.label else { continue }
            if let id = d.feature.planID, label.skip.contains(id) { continue }
            guard let text = NoteFiller.labelText(label, feature: d.feature) else { continue }
            let anchor: LabelAnchor
            switch d.variant.dimension {
            case 0:
                guard case .point(let p) = d.page else {
                    var first: Position?
                    d.page.forEachSequence { if first == nil { first = $0.first } }
                    guard let first else { continue }
                    anchor = .point(first, symbolSize: d.style.size)
                    break
                }
                anchor = .point(p.position, symbolSize: d.style.size)
            case 1:
                var runs: [[Position]] = []
                d.page.forEachSequence { runs.append($0) }
                anchor = .line(runs)
            default:
                // An area not much bigger than its label (the label would cover a quarter of its
                // box) is labelled beside it, like a point, so that the label does not hide it.
                if let b = d.page.boundingBox {
                    let lines = text.components(separatedBy: "\n")
                    let w = lines.map { TextMetrics.width($0, size: d.style.labelSize) }.max() ?? 0
                    let h = Double(lines.count) * d.style.labelSize * 1.2
                    let bw = b.maxX - b.minX, bh = b.maxY - b.minY
                    if w > bw * 0.8 || h > bh * 0.8 || w * h > bw * bh * 0.25 {
                        anchor = .point(b.center, symbolSize: max(b.maxX - b.minX, b.maxY - b.minY))
                        break
                    }
                }
                // Thin areas (corridor bands) may carry their label just beside them.
                let s = d.style.labelSize
                let inner = try RenderJob.innerPoints(d.page)
                anchor = .area(inner + inner.map { Position($0.x, $0.y - 1.6 * s) } + inner.map { Position($0.x, $0.y + 1.6 * s) })
            }
            requests.append(LabelRequest(text: text, anchor: anchor, size: d.style.labelSize, color: d.style.labelColor, bold: d.style.labelBold,
                                         priority: d.style.labelPriority, order: k, layerID: layer.id, featureID: d.feature.planID ?? String(k)))
        }
        return requests
    }

    /// Where an area's label may go, best first: GEOS's point on surface, then points of a 15 × 15
    /// grid over the area that lie inside it, nearest to that point first.
    static func innerPoints(_ g: Geometry) throws -> [Position] {
        guard case .point(let inner) = try g.pointOnSurface(), let box = g.boundingBox else { return [] }
        let c = inner.position
        let prepared = try PreparedGeometry(g)
        var grid: [Position] = []
        for i in 1...15 {
            for j in 1...15 {
                let p = Position(box.minX + (box.maxX - box.minX) * Double(i) / 16, box.minY + (box.maxY - box.minY) * Double(j) / 16)
                if try prepared.contains(.point(Point(p))) { grid.append(p) }
            }
        }
        let sorted = grid.enumerated().sorted {
            let a = hypot($0.element.x - c.x, $0.element.y - c.y), b = hypot($1.element.x - c.x, $1.element.y - c.y)
            return a != b ? a < b : $0.offset < $1.offset
        }.map(\.element)
        return [c] + sorted.prefix(30)
    }
}

/// One-call rendering for other modules (recipes, the plan report, the benchmark).
///
/// ```swift
/// let svg = try MapRendering.render(specFile: "maps/layout.yaml", planDirectory: "geodata")
/// ```
public enum MapRendering {
    /// Renders a spec file to SVG text; `planDirectory` is used when the spec names no plan.
    public static func render(specFile: String, planDirectory: String?) throws -> String {
        try MapRenderer(planDirectory: planDirectory).render(file: specFile).svg
    }
}
