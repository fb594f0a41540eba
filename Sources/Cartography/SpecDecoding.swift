import Foundation
import TongchengGeodesy
import TongchengGeometry
import TongchengInterchange
import TongchengPlan
import Yams

// Decoding: the YAML text of a spec into a `MapSpec`, every key checked, every error with its
// file and line.

// MARK: - Reading the YAML tree

/// A YAML node with its path in the spec, for messages that name the key and line.
struct YAMLNode {
    let node: Node
    let file: String
    let path: String

    init(_ node: Node, file: String, path: String) {
        self.node = node
        self.file = file
        self.path = path
    }

    var line: Int? { node.mark?.line }

    func fail(_ message: String) -> MapSpecError {
        MapSpecError(kind: .badSpec, file: file, line: line, message: (path.isEmpty ? "" : path + ": ") + message)
    }

    /// The pairs of a mapping, in document order; duplicate keys are refused.
    func mapping(allowed: [String]) throws -> [(key: String, value: YAMLNode)] {
        guard let m = node.mapping else { throw fail("expected a mapping (key: value lines)") }
        var out: [(String, YAMLNode)] = []
        for (k, v) in m {
            guard let key = k.scalar?.string else { throw YAMLNode(k, file: file, path: path).fail("keys must be plain words") }
            let child = YAMLNode(v, file: file, path: path.isEmpty ? key : path + "." + key)
            if !allowed.contains(key) {
                throw YAMLNode(k, file: file, path: path).fail("unknown key \"\(key)\" (known: \(allowed.joined(separator: ", ")))")
            }
            if out.contains(where: { $0.0 == key }) { throw YAMLNode(k, file: file, path: path).fail("the key \"\(key)\" appears twice") }
            out.append((key, child))
        }
        return out
    }

    var isMapping: Bool { node.mapping != nil }
    var isSequence: Bool { node.sequence != nil }

    func sequence() throws -> [YAMLNode] {
        guard let s = node.sequence else { throw fail("expected a list") }
        return s.enumerated().map { YAMLNode($0.element, file: file, path: "\(path)[\($0.offset)]") }
    }

    func string() throws -> String {
        guard let s = node.scalar?.string else { throw fail("expected text") }
        return s
    }

    func double() throws -> Double {
        guard let s = node.scalar?.string, let v = Double(s.trimmingCharacters(in: .whitespaces)), v.isFinite else { throw fail("expected a number") }
        return v
    }

    func positive() throws -> Double {
        let v = try double()
        guard v > 0 else { throw fail("expected a number above 0") }
        return v
    }

    func bool() throws -> Bool {
        switch node.scalar?.string.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw fail("expected true or false")
        }
    }

    /// A scalar or a list of scalars, as strings.
    func strings() throws -> [String] {
        if node.sequence != nil { return try sequence().map { try $0.string() } }
        return [try string()]
    }

    /// A distance with a unit (`100 km`, `500m`).
    func metres() throws -> Double {
        let text = try string()
        guard let v = try? Quantity.metres(text), v > 0 else { throw fail("expected a distance with a unit, such as 100 km or 500 m") }
        return v
    }

    static func line(of e: YamlError) -> Int? {
        switch e {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): return mark.line
        case .duplicatedKeysInMapping(_, let context): return context.mark.line
        default: return nil
        }
    }

    static func problem(of e: YamlError) -> String {
        switch e {
        case .scanner(let context, let problem, _, _), .parser(let context, let problem, _, _), .composer(let context, let problem, _, _):
            return TextExcerpt.short([context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": "))
        case .duplicatedKeysInMapping(let duplicates, _): return TextExcerpt.short("duplicate keys: \(duplicates.joined(separator: ", "))")
        default: return TextExcerpt.short("\(e)".split(separator: "\n").first.map(String.init) ?? "")
        }
    }
}

/// Turns the YAML tree into a `MapSpec`.
struct SpecParser {
    let file: String
    let base: String

    func resolve(_ path: String) -> String {
        if path.hasPrefix("/") || FeatureSource.isSchemeLocation(path) { return path }  // pg:TABLE is not a file
        return ((base as NSString).appendingPathComponent(path) as NSString).standardizingPath
    }

    func spec(_ root: YAMLNode) throws -> MapSpec {
        let keys = ["title", "subtitle", "page", "projection", "extent", "scale", "plan", "output", "formats", "layers", "furniture", "notes", "notes_position"]
        let pairs = try root.mapping(allowed: keys)
        func value(_ key: String) -> YAMLNode? { pairs.first { $0.key == key }?.value }
        let defaultOutput = ((file as NSString).deletingPathExtension as NSString).lastPathComponent + ".svg"
        var spec = MapSpec(
            file: file, baseDirectory: base, title: nil, subtitle: nil,
            page: PageSize.iso("A4", landscape: true)!, projection: "EPSG:4547", extent: .all(margin: 0.04),
            scaleDenominator: nil, planDirectory: nil, output: resolve(defaultOutput), layers: [],
            furniture: FurnitureSpec(), notes: [], notesPosition: .topLeft)
        for (key, node) in pairs { spec.keyLines[key] = node.line }
        if let v = value("title") { spec.title = try v.string() }
        if let v = value("subtitle") { spec.subtitle = try v.string() }
        if let v = value("page") { spec.page = try page(v) }
        if let v = value("projection") { spec.projection = try projection(v) }
        if let v = value("plan") { spec.planDirectory = resolve(try v.string()) }
        if let v = value("output") { spec.output = resolve(try v.string()) }
        if let v = value("scale") { spec.scaleDenominator = try scale(v) }
        if let v = value("formats") {
            spec.formats = try v.strings().map { text in
                guard let f = MapFormat(rawValue: text.lowercased()) else {
                    throw v.fail("unknown format \"\(text)\" (\(MapFormat.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                return f
            }
            guard !spec.formats.isEmpty, Set(spec.formats).count == spec.formats.count else { throw v.fail("list each format once") }
            guard MapFormat(fileExtensionOf: spec.output) == .svg else { throw v.fail("with formats:, the output: is the .svg name the others are put beside") }
        }
        guard let layersNode = value("layers") else { throw root.fail("a spec needs \"layers\"") }
        let layerNodes = try layersNode.sequence()
        guard !layerNodes.isEmpty else { throw layersNode.fail("name at least one layer") }
        for node in layerNodes {
            let l = try layer(node, index: spec.layers.count)
            if spec.layers.contains(where: { $0.id == l.id }) { throw node.fail("the layer id \"\(l.id)\" is used twice; give one an id:") }
            spec.layers.append(l)
        }
        if let v = value("extent") { spec.extent = try extent(v, layers: spec.layers) }
        if let v = value("furniture") { spec.furniture = try furniture(v, layers: spec.layers) }
        if let v = value("notes") {
            spec.notes = try v.sequence().map { NoteSpec(template: try $0.string(), line: $0.line) }
        }
        if let v = value("notes_position") { spec.notesPosition = try corner(v) }
        return spec
    }

    func page(_ node: YAMLNode) throws -> PageSize {
        if !node.isMapping {
            // "A3 landscape", "A4 portrait", "A4"
            let words = try node.string().split(separator: " ").map(String.init)
            guard let first = words.first, words.count <= 2 else { throw node.fail("expected a page such as \"A3 landscape\"") }
            let orientation = words.count == 2 ? words[1].lowercased() : "landscape"
            guard orientation == "landscape" || orientation == "portrait" else { throw node.fail("the orientation is landscape or portrait") }
            guard let size = PageSize.iso(first, landscape: orientation == "landscape") else { throw node.fail("unknown page size \"\(first)\" (A0–A5, or width/height/unit)") }
            return size
        }
        let pairs = try node.mapping(allowed: ["size", "orientation", "width", "height", "unit"])
        func value(_ key: String) -> YAMLNode? { pairs.first { $0.key == key }?.value }
        if let size = value("size") {
            let orientation = try value("orientation")?.string().lowercased() ?? "landscape"
            guard orientation == "landscape" || orientation == "portrait" else { throw value("orientation")!.fail("the orientation is landscape or portrait") }
            guard let page = PageSize.iso(try size.string(), landscape: orientation == "landscape") else { throw size.fail("unknown page size (A0–A5)") }
            return page
        }
        guard let w = value("width"), let h = value("height") else { throw node.fail("give size: A4 (and orientation), or width, height and unit") }
        let unitText = try value("unit")?.string() ?? "mm"
        guard let unit = PageSize.Unit(rawValue: unitText) else { throw value("unit")!.fail("the unit is mm or px") }
        let factor = unit == .mm ? PageSize.pxPerMM : 1
        let width = try w.positive() * factor, height = try h.positive() * factor
        guard width >= 200, height >= 150, width <= 20000, height <= 20000 else { throw node.fail("the page must be between 200 × 150 and 20000 × 20000 px") }
        return PageSize(width: width, height: height, unit: unit)
    }

    func projection(_ node: YAMLNode) throws -> String {
        let text = try node.string()
        let crs: CoordinateSystem
        do { crs = try CoordinateSystem(text) } catch { throw node.fail("\(error)") }
        if crs == .gcj02 { throw node.fail("GCJ-02 is a geographic system (degrees); name a projected CRS such as EPSG:4547") }
        return text
    }

    func scale(_ node: YAMLNode) throws -> Double {
        var text = try node.string().replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "_", with: "").replacingOccurrences(of: ",", with: "")
        if text.hasPrefix("1:") { text.removeFirst(2) }
        guard let v = Double(text), v >= 100, v <= 1e9 else { throw node.fail("expected a scale such as 1:500000") }
        return v
    }

    func extent(_ node: YAMLNode, layers: [LayerSpec]) throws -> ExtentSpec {
        let pairs = try node.mapping(allowed: ["layer", "layers", "bbox", "place", "radius", "margin"])
        func value(_ key: String) -> YAMLNode? { pairs.first { $0.key == key }?.value }
        var margin = 0.04
        if let m = value("margin") {
            let text = try m.string()
            if text.hasSuffix("%"), let v = Double(text.dropLast().trimmingCharacters(in: .whitespaces)) { margin = v / 100 } else { margin = try m.double() }
            guard margin >= 0, margin < 1 else { throw m.fail("the margin is a fraction (0.05) or a percentage (5%) below 100") }
        }
        if let l = value("layer") ?? value("layers") {
            let ids = try l.strings()
            for id in ids where !layers.contains(where: { $0.id == id }) {
                throw l.fail("no layer with id \"\(id)\" (layers: \(layers.map(\.id).joined(separator: ", ")))")
            }
            return .layers(ids, margin: margin)
        }
        if let b = value("bbox") {
            let v = try b.sequence().map { try $0.double() }
            guard v.count == 4, v[0] < v[2], v[1] < v[3], v[0] >= -180, v[2] <= 180, v[1] >= -90, v[3] <= 90 else {
                throw b.fail("expected [min_lon, min_lat, max_lon, max_lat] in degrees")
            }
            return .bbox(BoundingBox(minX: v[0], minY: v[1], maxX: v[2], maxY: v[3]), margin: margin)
        }
        if let p = value("place") {
            guard let r = value("radius") else { throw p.fail("a place extent needs a radius (e.g. radius: 60 km)") }
            return .place(try p.string(), radiusMetres: try r.metres())
        }
        if value("radius") != nil { throw node.fail("a radius needs a place") }
        return .all(margin: margin)
    }

    func layer(_ node: YAMLNode, index: Int) throws -> LayerSpec {
        let keys = ["id", "plan", "file", "crs", "layer", "encoding", "reach", "isochrone", "filter", "dissolve", "style", "label", "legend", "data", "classes"]
        let pairs = try node.mapping(allowed: keys)
        func value(_ key: String) -> YAMLNode? { pairs.first { $0.key == key }?.value }
        let sources = ["plan", "file", "reach", "isochrone"].filter { value($0) != nil }
        guard sources.count == 1 else { throw node.fail("a layer needs exactly one of plan:, file:, reach: or isochrone:") }
        let source: LayerSpec.Source
        var defaultID: String
        switch sources[0] {
        case "plan":
            let v = value("plan")!
            let text = try v.string()
            guard let kind = LayerKind(rawValue: text) else {
                throw v.fail("unknown plan layer \"\(text)\" (known: \(LayerKind.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            source = .plan(kind)
            defaultID = kind.rawValue
        case "file":
            let v = value("file")!
            let path = try v.string()
            var crs: String?
            if let c = value("crs") {
                crs = try c.string()
                do { _ = try CoordinateSystem(crs!) } catch { throw c.fail("\(error)") }
            }
            source = .file(resolve(path), crs: crs)
            defaultID = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        case "reach":
            let v = value("reach")!
            let p = try v.mapping(allowed: ["from", "radius"])
            guard let from = p.first(where: { $0.key == "from" })?.value, let radius = p.first(where: { $0.key == "radius" })?.value else {
                throw v.fail("reach needs from: (a place) and radius: (e.g. 100 km)")
            }
            source = .reach(from: try from.string(), radiusMetres: try radius.metres())
            defaultID = "reach"
        default:
            let v = value("isochrone")!
            let p = try v.mapping(allowed: ["from", "minutes", "network"])
            guard let from = p.first(where: { $0.key == "from" })?.value, let minutes = p.first(where: { $0.key == "minutes" })?.value else {
                throw v.fail("isochrone needs from: (a place) and minutes:")
            }
            var statuses: [PlanStatus] = [.existing]
            if let n = p.first(where: { $0.key == "network" })?.value {
                statuses = try n.strings().map { s in
                    guard let status = PlanStatus(rawValue: s) else { throw n.fail("the network lists statuses: existing, under_construction, planned") }
                    return status
                }
            }
            let m = try minutes.positive()
            guard m <= 600 else { throw minutes.fail("at most 600 minutes") }
            source = .isochrone(from: try from.string(), minutes: m, statuses: statuses)
            defaultID = "isochrone"
        }
        if value("crs") != nil, sources[0] != "file" { throw value("crs")!.fail("crs: applies to file: layers only") }
        for key in ["layer", "encoding"] where value(key) != nil && sources[0] != "file" { throw value(key)!.fail("\(key): applies to file: layers only") }
        var layer = LayerSpec(id: defaultID, source: source, filter: [], dissolve: nil, style: StyleOverrides(), label: nil,
                              legendText: nil, inLegend: true, dataFields: nil, line: node.line)
        layer.fileLayer = try value("layer")?.string()
        layer.fileEncoding = try value("encoding")?.string()
        if let v = value("id") {
            let id = try v.string()
            guard SVGIdentifier.isSafe(id) else { throw v.fail("an id is letters, digits, - and _ (starting with a letter)") }
            layer.id = id
        } else {
            layer.id = SVGIdentifier.make(defaultID, fallback: "layer\(index + 1)")
        }
        if let v = value("filter") {
            for (key, values) in try v.mapping(allowed: v.node.mapping?.keys.compactMap { $0.scalar?.string } ?? []) {
                layer.filter.append((key, try values.strings()))
            }
        }
        if let v = value("dissolve") { layer.dissolve = try v.string() }
        if let v = value("style") { layer.style = try style(v) }
        if let v = value("label") { layer.label = try label(v) }
        if let v = value("legend") {
            if let b = try? v.bool() { layer.inLegend = b } else { layer.legendText = try v.string() }
        }
        if let v = value("data") { layer.dataFields = try v.strings() }
        if let v = value("classes") { layer.classes = try classes(v) }
        return layer
    }

    /// `classes: DLBM` or `classes: {field: DLBM, classification: gbt21010 | ydyh}`.
    func classes(_ node: YAMLNode) throws -> LandUseLayer {
        if let field = try? node.string() { return LandUseLayer(field: field, classification: .survey) }
        var out = LandUseLayer(field: "", classification: .survey)
        for (key, v) in try node.mapping(allowed: ["field", "classification"]) {
            if key == "field" { out.field = try v.string() } else {
                guard let c = LandUseClassification(rawValue: try v.string()) else { throw v.fail("a classification: gbt21010 (三调) or ydyh (用地用海)") }
                out.classification = c
            }
        }
        guard !out.field.isEmpty else { throw node.fail("classes: needs the class-code field, e.g. {field: DLBM}") }
        return out
    }

    func style(_ node: YAMLNode) throws -> StyleOverrides {
        var s = StyleOverrides()
        for (key, v) in try node.mapping(allowed: ["fill", "stroke", "width", "dash", "opacity", "fill_opacity", "symbol", "size"]) {
            switch key {
            case "fill": s.fill = try color(v)
            case "stroke": s.stroke = try color(v)
            case "width":
                let w = try v.double()
                guard w >= 0, w <= 50 else { throw v.fail("a width between 0 and 50 px") }
                s.width = w
            case "dash": s.dash = try dash(v)
            case "opacity": s.opacity = try unit(v)
            case "fill_opacity": s.fillOpacity = try unit(v)
            case "symbol":
                let text = try v.string()
                guard let symbol = PointSymbol(rawValue: text) else { throw v.fail("unknown symbol \"\(text)\" (\(PointSymbol.allCases.map(\.rawValue).joined(separator: ", ")))") }
                s.symbol = symbol
            default:
                let size = try v.positive()
                guard size <= 100 else { throw v.fail("a symbol size up to 100 px") }
                s.size = size
            }
        }
        return s
    }

    func label(_ node: YAMLNode) throws -> LabelSpec {
        if !node.isMapping {
            // label: name  (a field) / label: false
            if let b = try? node.bool() {
                if b { return LabelSpec() }
                throw node.fail("leave label out for no labels")
            }
            return LabelSpec(field: try node.string())
        }
        var l = LabelSpec()
        for (key, v) in try node.mapping(allowed: ["field", "text", "size", "color", "bold", "priority", "replace", "skip"]) {
            switch key {
            case "field": l.field = try v.string()
            case "text": l.template = try v.string()
            case "size":
                let size = try v.positive()
                guard size >= 4, size <= 72 else { throw v.fail("a label size between 4 and 72 px") }
                l.size = size
            case "color": l.color = try color(v)
            case "bold": l.bold = try v.bool()
            case "priority": l.priority = try v.double()
            case "replace":
                let ids = v.node.mapping?.keys.compactMap { $0.scalar?.string } ?? []
                l.replace = try v.mapping(allowed: ids).map { ($0.key, try $0.value.string()) }
            default: l.skip = try v.strings()
            }
        }
        return l
    }

    /// `detail: {extent: {layers: [special_zone], margin: 40%}, corner: bottom-left, width: 380, title: 核心区放大图}`.
    func detail(_ node: YAMLNode, layers: [LayerSpec]) throws -> DetailSpec {
        let pairs = try node.mapping(allowed: ["extent", "corner", "width", "title"])
        func value(_ key: String) -> YAMLNode? { pairs.first { $0.key == key }?.value }
        guard let e = value("extent") else { throw node.fail("detail: needs an extent, e.g. {layers: [special_zone], margin: 40%}") }
        var d = DetailSpec(extent: try extent(e, layers: layers), corner: .bottomLeft, width: 360, title: "放大图")
        if let c = value("corner") { d.corner = try corner(c) }
        if let w = value("width") {
            d.width = try w.positive()
            guard d.width >= 120, d.width <= 2000 else { throw w.fail("a width in px from 120 to 2000") }
        }
        if let t = value("title") { d.title = try nonEmpty(t) }
        return d
    }

    func furniture(_ node: YAMLNode, layers: [LayerSpec] = []) throws -> FurnitureSpec {
        var f = FurnitureSpec()
        let keys = ["legend", "legend_title", "legend_columns", "scale_bar", "north_arrow", "neat_line", "graticule", "inset", "source", "date", "producer", "approval", "crs_note", "detail"]
        for (key, v) in try node.mapping(allowed: keys) {
            switch key {
            case "legend":
                f.legend = try optionalCorner(v, default: .bottomRight)
                f.legendAutomatic = (try? v.bool()) == true
            case "legend_title": f.legendTitle = try v.string()
            case "legend_columns":
                let n = try v.double()
                guard n >= 1, n <= 6, n == n.rounded() else { throw v.fail("1 to 6 columns") }
                f.legendColumns = Int(n)
            case "scale_bar": f.scaleBar = try optionalCorner(v, default: .bottomLeft)
            case "north_arrow": f.northArrow = try optionalCorner(v, default: .topRight)
            case "neat_line": f.neatLine = try v.bool()
            case "graticule":
                if let b = try? v.bool() { f.graticuleStep = b ? 0 : nil } else {
                    let step = try v.positive()
                    guard step >= 1.0 / 60, step <= 30 else { throw v.fail("a graticule step between 1′ (0.0167) and 30 degrees") }
                    f.graticuleStep = step
                }
            case "inset": f.inset = try optionalCorner(v, default: .topLeft)
            case "source":
                if let b = try? v.bool() { f.sourceAutomatic = b } else { f.sourceText = try v.string() }
            case "crs_note":
                if let b = try? v.bool() { f.crsNoteAutomatic = b } else { f.crsNote = try v.string() }
            case "detail": f.detail = try detail(v, layers: layers)
            case "producer": f.producer = try nonEmpty(v)
            case "approval": f.approval = try nonEmpty(v)
            default:
                let date = try v.string()
                guard date.range(of: #"^\d{4}(-\d{2}(-\d{2})?)?$"#, options: .regularExpression) != nil else { throw v.fail("a date as YYYY, YYYY-MM or YYYY-MM-DD") }
                f.sourceDate = date
            }
        }
        return f
    }

    func nonEmpty(_ node: YAMLNode) throws -> String {
        let text = try node.string().trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty, !text.contains("\n") else { throw node.fail("one line of text") }
        return text
    }

    func optionalCorner(_ node: YAMLNode, default d: Corner) throws -> Corner? {
        if let b = try? node.bool() { return b ? d : nil }
        return try corner(node)
    }

    func corner(_ node: YAMLNode) throws -> Corner {
        let text = try node.string()
        guard let c = Corner(rawValue: text) else { throw node.fail("a corner: \(Corner.allCases.map(\.rawValue).joined(separator: ", ")), or true/false") }
        return c
    }

    func unit(_ node: YAMLNode) throws -> Double {
        let v = try node.double()
        guard v >= 0, v <= 1 else { throw node.fail("expected a number from 0 to 1") }
        return v
    }

    func dash(_ node: YAMLNode) throws -> [Double] {
        let text = try node.string().lowercased()
        if text == "none" || text == "solid" { return [] }
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "," }).map { Double($0) }
        guard !parts.isEmpty, parts.count <= 8, parts.allSatisfy({ $0 != nil && $0! >= 0 && $0! <= 100 }) else {
            throw node.fail("a dash pattern such as \"6 3\" (px), or none")
        }
        return parts.map { $0! }
    }

    /// Colours are checked, not just escaped: a value such as `url(http://…)` would be an
    /// external reference.
    func color(_ node: YAMLNode) throws -> String {
        let text = try node.string().trimmingCharacters(in: .whitespaces)
        if StyleColor.isValid(text) { return text.lowercased() }
        throw node.fail("a colour as #rgb, #rrggbb, a CSS colour name or none")
    }
}

/// Checks of colour values and element ids.
enum StyleColor {
    static func isValid(_ text: String) -> Bool {
        let t = text.lowercased()
        if t == "none" { return true }
        if t.hasPrefix("#") {
            let hex = t.dropFirst()
            return (hex.count == 3 || hex.count == 6) && hex.allSatisfy(\.isHexDigit)
        }
        return !t.isEmpty && t.count <= 24 && t.unicodeScalars.allSatisfy { $0.value >= 0x61 && $0.value <= 0x7A }
    }
}
