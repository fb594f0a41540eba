import Analysis
import Foundation
import Geodesy
import Geometry
import Plan
import Topology

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
        try RenderJob(spec: spec, sources: LayerSources(spec: spec, defaultPlanDirectory: planDirectory)).run()
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
    /// Labels dropped for want of room ("layer/feature").
    public var droppedLabels: [String]
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
    static let fontFamily = "'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC', sans-serif"

    init(spec: MapSpec, sources: LayerSources) {
        self.spec = spec
        self.sources = sources
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
        for layer in spec.layers {
            let features = try sources.features(of: layer)
            lonLat.append(features)
            do {
                projected.append(try features.map { f in try f.geometry.map { try projection.project($0) } })
            } catch {
                throw fail("layer \(layer.id): \(error)", line: layer.line, kind: .badData)
            }
        }

        // 2. The page: title band, frame, bottom band; the transform that fits the extent.
        let layout = PageLayout(spec: spec)
        let box = try extentBox(projection: projection, projected: projected)
        let t = PageTransform.fitting(box, in: layout.frame, roundScale: spec.page.unit == .mm, fixedDenominator: spec.scaleDenominator)

        // 3. Features on the page: clipped, simplified, styled.
        let clip = t.frame.inset(by: -6)
        var drawn: [DrawnFeature] = []
        // A feature shared by several layers (a county, and the same county in a highlight
        // layer) is put on the page once.
        var placed: [PageGeometry.Key: Geometry?] = [:]
        for (l, layer) in spec.layers.enumerated() {
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
                let variant = DefaultStyles.variant(of: f, source: layer.source)
                let style = DefaultStyles.style(for: variant, source: layer.source, overrides: layer.style, label: layer.label)
                let path = PageGeometry.pathData(page, style: style)
                if path.isEmpty { continue }
                drawn.append(DrawnFeature(layer: l, feature: f, variant: variant, style: style, page: page, path: path,
                                          areaSquareMetres: measures[k].area, lengthMetres: measures[k].length))
            }
        }
        let variants = RenderJob.variants(drawn, layers: spec.layers)

        // 4. Notes (their figures come from analyses).
        var layerTable: [String: (spec: LayerSpec, features: [Feature], drawn: Int)] = [:]
        for (l, layer) in spec.layers.enumerated() {
            layerTable[layer.id] = (layer, lonLat[l], drawn.filter { $0.layer == l }.count)
        }
        let filler = NoteFiller(spec: spec, sources: sources, layers: layerTable)
        let notes = try spec.notes.map { try filler.fill($0.template, line: $0.line) }
        let title = try spec.title.map { try filler.fill($0, line: spec.keyLines["title"]) }
        let subtitle = try spec.subtitle.map { try filler.fill($0, line: spec.keyLines["subtitle"]) }

        // 5. Furniture, stacked in the frame's corners.
        var corners = CornerStack(frame: t.frame)
        var north: NorthArrow?
        if let corner = spec.furniture.northArrow {
            let centre = try projection.geographic(t.projected(t.frame.center))
            let gamma = try NorthArrow.gridConvergence(at: centre, projection: projection)
            let size = 46.0
            let o = corners.place(width: size * 0.64 + 8, height: size * 1.34 + 8, at: corner)
            north = NorthArrow(center: Position(o.x + (size * 0.64 + 8) / 2, o.y + 4 + size * 0.84), size: size, convergenceDegrees: gamma)
        }
        var inset: InsetMap?
        if let corner = spec.furniture.inset {
            let plan = try sources.plan()
            guard let henan = plan.henan?.geometry else { throw fail("the inset needs Henan's boundary (adcode 410000) in the plan") }
            let highlights = [410100, 410200].compactMap { plan.boundary(adcode: $0)?.geometry }
            var map = try InsetMap(outline: henan, highlights: highlights, name: "河南省", projection: projection, mainFrame: t.projectedFrame,
                                   width: min(max(t.frame.width * 0.17, 140), 230))
            map.origin = corners.place(width: map.size.width, height: map.size.height, at: corner)
            inset = map
        }
        var notesBox: NotesBox?
        if !notes.isEmpty {
            var box = NotesBox(lines: notes)
            box.origin = corners.place(width: box.size.width, height: box.size.height, at: spec.notesPosition)
            notesBox = box
        }
        var scaleBar: ScaleBar?
        if let corner = spec.furniture.scaleBar {
            var bar = try ScaleBar.make(transform: t, projection: projection, maximumPx: min(t.frame.width * 0.22, 240), printed: spec.page.unit == .mm)
            bar.origin = corners.place(width: bar.size.width, height: bar.size.height, at: corner)
            scaleBar = bar
        }
        var legend: Legend?
        if var corner = spec.furniture.legend {
            let entries = RenderJob.legendEntries(variants, drawn: drawn, layers: spec.layers, sources: sources)
            if !entries.isEmpty {
                var l = Legend(title: spec.furniture.legendTitle, entries: entries)
                if spec.furniture.legendAutomatic {
                    corner = RenderJob.emptiestCorner(for: l, columns: spec.furniture.legendColumns, corners: corners, drawn: drawn)
                }
                l.layout(maximumHeight: corners.room(at: corner), columns: spec.furniture.legendColumns)
                l.origin = corners.place(width: l.size.width, height: l.size.height, at: corner)
                legend = l
            }
        }

        // 6. Labels, around symbols and furniture.
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
        let svg = write(title: title, subtitle: subtitle, layout: layout, transform: t, projection: projection, drawn: drawn, labels: placer.placed, graticule: graticule,
                        north: north, inset: inset, notes: notesBox, scaleBar: scaleBar, legend: legend)
        return RenderedMap(svg: svg, transform: t, projection: spec.projection, scaleBar: scaleBar, northArrow: north, legend: legend,
                           drawn: variants, labels: placer.placed, droppedLabels: placer.dropped.map { "\($0.layerID)/\($0.featureID)" }, notes: notes,
                           page: spec.page, title: title ?? spec.name, date: spec.furniture.sourceDate)
    }

    // MARK: Extent

    func extentBox(projection: MapProjection, projected: [[Geometry?]]) throws -> BoundingBox {
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
        switch spec.extent {
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

    // MARK: Variants and legend

    static func variants(_ drawn: [DrawnFeature], layers: [LayerSpec]) -> [DrawnVariant] {
        var out: [DrawnVariant] = []
        for d in drawn {
            let id = layers[d.layer].id
            if let i = out.firstIndex(where: { $0.layerID == id && $0.variant == d.variant }) { out[i].count += 1 } else {
                out.append(DrawnVariant(layerID: id, variant: d.variant, count: 1))
            }
        }
        return out
    }

    /// One entry per drawn layer variant, topmost layers first; within a layer, variants by
    /// sub-kind as they first appear, then existing, under construction, planned.
    static func legendEntries(_ variants: [DrawnVariant], drawn: [DrawnFeature], layers: [LayerSpec], sources: LayerSources) -> [LegendEntry] {
        var entries: [LegendEntry] = []
        for layer in layers.reversed() where layer.inLegend {
            let mine = variants.filter { $0.layerID == layer.id }
            guard !mine.isEmpty else { continue }
            let subkinds = mine.map { $0.variant.subkind ?? "" }.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
            let statusOrder: [PlanStatus?] = [nil, .existing, .underConstruction, .planned]
            let ordered = mine.sorted {
                let a = subkinds.firstIndex(of: $0.variant.subkind ?? "")!, b = subkinds.firstIndex(of: $1.variant.subkind ?? "")!
                if a != b { return a < b }
                return statusOrder.firstIndex(of: $0.variant.status)! < statusOrder.firstIndex(of: $1.variant.status)!
            }
            let statuses = Set(mine.map(\.variant.status))
            for v in ordered {
                guard let sample = drawn.first(where: { layers[$0.layer].id == layer.id && $0.variant == v.variant }) else { continue }
                let text = legendText(layer, variant: v.variant, sample: sample.feature, mixedStatus: statuses.count > 1)
                entries.append(LegendEntry(layerID: layer.id, variant: v.variant, label: text, style: sample.style))
            }
        }
        return entries
    }

    /// The legend text of a variant: the spec's `legend:` text as written (with the status added
    /// only when the layer mixes statuses), else the Chinese name of the mode, place kind, level or
    /// layer kind, with the status for elements not yet built ("高速铁路（规划）").
    static func legendText(_ layer: LayerSpec, variant: FeatureVariant, sample: Feature, mixedStatus: Bool) -> String {
        var base: String
        if let text = layer.legendText {
            base = text
        } else {
            switch layer.source {
            case .plan(let kind):
                if let sub = variant.subkind, let name = DefaultStyles.chineseName(ofSubkind: sub) { base = name } else { base = kind.chineseName }
            case .reach, .isochrone: base = sample.name ?? layer.id
            case .file: base = layer.id
            }
        }
        guard let status = variant.status else { return base }
        let wanted = layer.legendText == nil ? (status != .existing || mixedStatus) : mixedStatus
        guard wanted, !base.contains(status.chineseName) else { return base }
        // "一区（东部示范区）" + planned → "一区（东部示范区，规划）"
        if base.hasSuffix("）") { return String(base.dropLast()) + "，" + status.chineseName + "）" }
        return base + "（" + status.chineseName + "）"
    }

    /// The corner where the legend hides the least: fewest vertices of drawn features under its
    /// box, a point symbol counting as 20 and a polygon's vertex as half a line's. Ties go to
    /// bottom right, bottom left, top right, top left, in that order.
    static func emptiestCorner(for legend: Legend, columns: Int, corners: CornerStack, drawn: [DrawnFeature]) -> Corner {
        var best = (corner: Corner.bottomRight, cost: Double.infinity)
        for corner in [Corner.bottomRight, .bottomLeft, .topRight, .topLeft] {
            var l = legend
            l.layout(maximumHeight: corners.room(at: corner), columns: columns)
            var trial = corners
            let o = trial.place(width: l.size.width, height: l.size.height, at: corner)
            let box = PageRect(x: o.x, y: o.y, width: l.size.width, height: l.size.height)
            var cost = 0.0
            for d in drawn {
                let weight = d.variant.dimension == 0 ? 20 : d.variant.dimension == 1 ? 1 : 0.5
                d.page.forEachSequence { run in for p in run where box.contains(p) { cost += weight } }
            }
            if cost < best.cost { best = (corner, cost) }
        }
        return best.corner
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

    // MARK: Writing

    func write(title: String?, subtitle: String?, layout: PageLayout, transform t: PageTransform, projection: MapProjection, drawn: [DrawnFeature], labels: [PlacedLabel],
               graticule: Graticule?, north: NorthArrow?, inset: InsetMap?, notes: NotesBox?, scaleBar: ScaleBar?, legend: Legend?) -> String {
        let page = spec.page
        var svg = SVGWriter()
        svg.openDocument([.width(page.physical(page.width)), .height(page.physical(page.height)), .viewBox(0, 0, page.width, page.height),
                          .fontFamily(RenderJob.fontFamily), .lang("zh-CN"), .role("img")])
        svg.element(.title, [], text: title ?? spec.name)
        var description = [subtitle].compactMap { $0 }
        description.append("Rendered by tongcheng render from \((spec.file as NSString).lastPathComponent); projection \(spec.projection); 1 px = \(SVGNumber.format(t.unitsPerPx, decimals: 3)) m (grid) at 96 px/in.")
        svg.element(.desc, [], text: description.joined(separator: " — "))
        svg.open(.defs)
        svg.open(.clipPath, [.id("map-frame")])
        svg.element(.rect, [.x(t.frame.x), .y(t.frame.y), .width(t.frame.width), .height(t.frame.height)])
        svg.close()
        svg.close()
        svg.element(.rect, [.cls("page"), .x(0), .y(0), .width(page.width), .height(page.height), .fill("#ffffff")])

        svg.open(.g, [.id("map"), .clipPath("map-frame")])
        svg.element(.rect, [.cls("frame-background"), .x(t.frame.x), .y(t.frame.y), .width(t.frame.width), .height(t.frame.height), .fill("#fbfaf7")])
        // What pans and zooms in the viewer; the clip stays with the frame.
        svg.open(.g, [.id("map-content")])
        var ids = Set<String>()
        for (l, layer) in spec.layers.enumerated() {
            let features = drawn.filter { $0.layer == l }
            svg.open(.g, [.id("layer-" + layer.id), .cls("layer")])
            for (k, d) in features.enumerated() {
                var id = SVGIdentifier.make(layer.id + "-" + (d.feature.planID ?? d.feature[property: "adcode"]?.displayText ?? String(k + 1)), fallback: "f")
                if ids.contains(id) {
                    var n = 2
                    while ids.contains("\(id)-\(n)") { n += 1 }
                    id = "\(id)-\(n)"
                }
                ids.insert(id)
                var attributes: [SVGAttribute] = [.id(id), .cls("feature layer-\(layer.id) variant-\(d.variant.key)")]
                attributes += RenderJob.identityAttributes(d, layerID: layer.id, elementID: id)
                attributes += RenderJob.dataAttributes(d.feature, fields: layer.dataFields, reserved: ["layer", "id", "name", "area-m2", "length-m"])
                attributes.append(.d(d.path))
                attributes += d.style.attributes(dimension: d.variant.dimension)
                svg.element(.path, attributes)
            }
            svg.close()
        }
        graticule?.drawLines(into: &svg)
        svg.open(.g, [.cls("labels"), .stroke("#ffffff"), .strokeLinejoin("round"), .paintOrder("stroke")])
        for label in labels {
            var attributes: [SVGAttribute] = [.cls("label layer-\(label.layerID)"), .fontSize(label.size), .fill(label.color),
                                              .strokeWidth(max(2.4, label.size * 0.24)), .textAnchor(label.anchor)]
            if label.bold { attributes.append(.fontWeight("bold")) }
            if label.rotation != 0 {
                attributes.append(.transform("rotate(\(SVGNumber.format(label.rotation, decimals: 2)) \(SVGNumber.format(label.pivot.x)) \(SVGNumber.format(label.pivot.y)))"))
            }
            svg.textLines(attributes, lines: label.lines)
        }
        svg.close()
        svg.close()
        svg.close()

        if spec.furniture.neatLine {
            svg.element(.rect, [.cls("neat-line"), .x(t.frame.x), .y(t.frame.y), .width(t.frame.width), .height(t.frame.height), .fill("none"), .stroke("#333333"), .strokeWidth(1.2)])
        }
        graticule?.drawLabels(into: &svg)
        inset?.draw(into: &svg)
        notes?.draw(into: &svg)
        legend?.draw(into: &svg)
        scaleBar?.draw(into: &svg)
        north?.draw(into: &svg)
        layout.drawTitleAndSource(spec: spec, title: title, subtitle: subtitle, into: &svg)
        return svg.finish()
    }

    /// What the viewer reads off every feature: `data-layer`, `data-id` and `data-name` (from the
    /// feature, else its element id), and its geodesic area (`data-area-m2`) or length
    /// (`data-length-m`) on the WGS 84 ellipsoid, so the page itself never measures anything.
    static func identityAttributes(_ d: DrawnFeature, layerID: String, elementID: String) -> [SVGAttribute] {
        let f = d.feature
        let id = f[property: "id"]?.displayText ?? f.planID ?? f[property: "adcode"]?.displayText ?? elementID
        let name = f.name ?? f[property: "name"]?.displayText ?? id
        var out: [SVGAttribute] = [.data("layer", layerID), .data("id", id), .data("name", name)].compactMap { $0 }
        if d.variant.dimension == 2, d.areaSquareMetres > 0 {
            out.append(.data("area-m2", SVGNumber.format(d.areaSquareMetres, decimals: 0))!)
        } else if d.variant.dimension == 1, d.lengthMetres > 0 {
            out.append(.data("length-m", SVGNumber.format(d.lengthMetres, decimals: 0))!)
        }
        return out
    }

    /// `data-*` attributes from the feature's scalar properties (or the listed ones); keys that
    /// are not safe names are left out, and so are later keys that differ only in case.
    static func dataAttributes(_ f: Feature, fields: [String]?, reserved: Set<String> = []) -> [SVGAttribute] {
        guard let properties = f.properties else { return [] }
        var out: [SVGAttribute] = []
        var names = Set(reserved.map { "data-" + $0 })
        let pairs: [(String, JSONValue)] = fields.map { keys in keys.compactMap { k in properties[k].map { (k, $0) } } } ?? properties.map { ($0.key, $0.value) }
        for (key, value) in pairs {
            switch value {
            case .string, .number, .bool: break
            default: continue
            }
            guard let a = SVGAttribute.data(key, value.displayText), !names.contains(a.name) else { continue }
            names.insert(a.name)
            out.append(a)
        }
        return out
    }
}

/// Furniture boxes stacked from each corner of the frame inwards.
struct CornerStack {
    let frame: PageRect
    let pad = 10.0
    let gap = 8.0
    private var used: [Corner: Double] = [:]
    private(set) var placed: [PageRect] = []

    init(frame: PageRect) { self.frame = frame }

    /// The top-left of a box of this size in the corner, below (or above) what is there already.
    mutating func place(width: Double, height: Double, at corner: Corner) -> Position {
        let offset = used[corner] ?? 0
        let x = (corner == .topLeft || corner == .bottomLeft) ? frame.x + pad : frame.maxX - pad - width
        let y = (corner == .topLeft || corner == .topRight) ? frame.y + pad + offset : frame.maxY - pad - offset - height
        used[corner] = offset + height + gap
        placed.append(PageRect(x: x, y: y, width: width, height: height))
        return Position(x, y)
    }

    /// Height left in the corner's column (what the other corner on the same side holds is kept clear).
    func room(at corner: Corner) -> Double {
        let opposite: Corner
        switch corner {
        case .topLeft: opposite = .bottomLeft
        case .bottomLeft: opposite = .topLeft
        case .topRight: opposite = .bottomRight
        case .bottomRight: opposite = .topRight
        }
        return frame.height - 2 * pad - (used[corner] ?? 0) - (used[opposite] ?? 0)
    }
}

/// The notes box: computed figures and free text.
struct NotesBox {
    var lines: [String]
    var origin = Position(0, 0)
    static let fontSize = 12.0
    static let padding = 9.0

    var size: (width: Double, height: Double) {
        let w = lines.map { TextMetrics.width($0, size: NotesBox.fontSize) }.max() ?? 0
        return (w + 2 * NotesBox.padding, Double(lines.count) * NotesBox.fontSize * 1.5 + 2 * NotesBox.padding - NotesBox.fontSize * 0.5)
    }

    func draw(into svg: inout SVGWriter) {
        let (w, h) = size
        svg.open(.g, [.cls("notes")])
        svg.element(.rect, [.x(origin.x), .y(origin.y), .width(w), .height(h), .fill("#ffffff"), .fillOpacity(0.92), .stroke("#888888"), .strokeWidth(0.6)])
        for (k, line) in lines.enumerated() {
            svg.element(.text, [.x(origin.x + NotesBox.padding), .y(origin.y + NotesBox.padding + NotesBox.fontSize * (0.88 + 1.5 * Double(k))),
                                .fontSize(NotesBox.fontSize), .fill("#222222")], text: line)
        }
        svg.close()
    }
}

/// Where the title, frame and source note go on the page.
struct PageLayout {
    var frame: PageRect
    var margin: Double
    var titleSize = 24.0
    var subtitleSize = 14.0
    var sourceSize = 9.0
    /// The source note's texts: right-aligned or not, and on which row under the frame.
    var sourceLines: [(text: String, right: Bool, row: Int)] = []

    init(spec: MapSpec) {
        let page = spec.page
        margin = page.unit == .mm ? 8 * PageSize.pxPerMM : max(20, min(page.width, page.height) * 0.025)
        let gutter = spec.furniture.graticuleStep != nil ? Graticule.gutter : 0
        var top = 0.0
        if spec.title != nil { top += titleSize + 10 }
        if spec.subtitle != nil { top += subtitleSize + 8 }
        if top > 0 { top += 4 }
        // The source note: one line, or two when it does not fit beside the date.
        let width = page.width - 2 * margin - 2 * gutter
        let right = spec.furniture.sourceDate.map { "制图：同城 Tongcheng　日期：\($0)" } ?? "制图：同城 Tongcheng"
        if let text = spec.furniture.sourceText {
            let fits = TextMetrics.width(text, size: sourceSize) + TextMetrics.width(right, size: sourceSize) + 30 <= width
            sourceLines = [(text, false, 0), (right, true, fits ? 0 : 1)]
        } else if spec.furniture.sourceDate != nil {
            sourceLines = [(right, true, 0)]
        }
        let rows = (sourceLines.map(\.row).max() ?? -1) + 1
        let bottom = rows > 0 ? Double(rows) * (sourceSize + 5) + 6 : 0
        frame = PageRect(x: margin + gutter, y: margin + top + gutter, width: page.width - 2 * margin - 2 * gutter,
                         height: page.height - 2 * margin - top - bottom - 2 * gutter)
    }

    func drawTitleAndSource(spec: MapSpec, title: String?, subtitle: String?, into svg: inout SVGWriter) {
        let cx = spec.page.width / 2
        var y = margin
        if let title {
            y += titleSize
            svg.element(.text, [.cls("title"), .x(cx), .y(y), .fontSize(titleSize), .fontWeight("bold"), .textAnchor("middle"), .letterSpacing(1), .fill("#111111")], text: title)
            y += 10
        }
        if let subtitle {
            y += subtitleSize
            svg.element(.text, [.cls("subtitle"), .x(cx), .y(y), .fontSize(subtitleSize), .textAnchor("middle"), .fill("#444444")], text: subtitle)
        }
        guard !sourceLines.isEmpty else { return }
        let gutter = spec.furniture.graticuleStep != nil ? Graticule.gutter : 0
        svg.open(.g, [.cls("source-note"), .fontSize(sourceSize), .fill("#555555")])
        for (text, right, row) in sourceLines {
            let baseline = frame.maxY + gutter + 4 + sourceSize + Double(row) * (sourceSize + 5)
            svg.element(.text, [.x(right ? frame.maxX : frame.x), .y(baseline)] + (right ? [.textAnchor("end")] : []), text: text)
        }
        svg.close()
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
