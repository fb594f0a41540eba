import Foundation
import TongchengGeodesy
import TongchengGeometry
import TongchengPlan
import Yams
import TongchengProcessIO

/// A map to draw, read from a YAML spec (the format is documented in `docs/map-spec.md`).
///
/// Every relative path in a spec (GeoJSON files, the plan folder, the output) is relative to the
/// spec's own folder. Keys that are not part of the format are refused with the line they are on,
/// so that a typo cannot silently drop a layer.
///
/// ```swift
/// let spec = try MapSpec.load(file: "maps/layout.yaml")
/// print(spec.title ?? "", spec.layers.map(\.id))
/// let yaml = """
///     title: 兰考县
///     layers:
///       - plan: zone
///     """
/// let inline = try MapSpec.parse(yaml: yaml, file: "inline.yaml", baseDirectory: ".")
/// ```
public struct MapSpec: Sendable {
    /// The spec file, for messages (and the default output name).
    public var file: String
    /// The folder relative paths resolve against.
    public var baseDirectory: String
    /// Printed above the frame; `{…}` placeholders as in notes.
    public var title: String?
    /// Printed under the title.
    public var subtitle: String?
    /// The page size (default A4 landscape).
    public var page: PageSize
    /// The CRS the map is drawn in: EPSG:4547 (CGCS2000 Gauss–Krüger CM 114°E) unless the spec
    /// names another; a geographic CRS is refused (lon/lat are never drawn as x/y).
    public var projection: String
    /// What the frame shows (default: every layer, with a 4 % margin).
    public var extent: ExtentSpec
    /// A fixed scale denominator (`scale: 1:500000`); otherwise the extent is fitted and the scale
    /// rounded up to a round number on mm pages.
    public var scaleDenominator: Double?
    /// The plan folder, resolved; `nil` means the bundled plan (`Plan.defaultDirectory()`).
    public var planDirectory: String?
    /// Where the SVG goes, resolved; by default the spec's name with `.svg`.
    public var output: String
    /// What `tongcheng render` writes for the spec when not told otherwise (`formats: [svg, html,
    /// pdf]`): each beside `output`, with the format's extension. Empty (the default): the one
    /// format `output`'s extension names.
    public var formats: [MapFormat] = []

    /// The formats to write: `formats`, else the one `output`'s extension names (none when it
    /// names no map format).
    public var outputFormats: [MapFormat] {
        formats.isEmpty ? [MapFormat(fileExtensionOf: output)].compactMap { $0 } : formats
    }
    /// The layers, bottom first.
    public var layers: [LayerSpec]
    /// Legend, scale bar, north arrow, neat line, graticule, inset, source note.
    public var furniture: FurnitureSpec
    /// Free text printed in a box on the map; `{…}` placeholders are filled from analyses.
    public var notes: [NoteSpec]
    /// Where the notes box goes.
    public var notesPosition: Corner
    /// Lines of the top-level keys in the spec, for messages.
    public var keyLines: [String: Int] = [:]

    /// Reads and checks a spec file.
    public static func load(file: String) throws -> MapSpec {
        let read: String?
        do { read = try InputFile.readDocumentText(path: file, kind: "map spec") } catch let e as InputFileError {
            throw MapSpecError(kind: e.kind == .tooLarge || e.kind == .notAFile ? .badSpec : .missingFile, file: file, line: nil,
                               message: e.kind == .missing ? "no such file" : e.kind == .notAFile ? "the spec \(e.reason)" : "cannot read the spec: \(e.reason)")
        }
        guard let text = read else {
            throw MapSpecError(kind: .badSpec, file: file, line: nil, message: "the spec is not UTF-8 text")
        }
        let base = (file as NSString).deletingLastPathComponent
        return try parse(yaml: text, file: file, baseDirectory: base.isEmpty ? "." : base)
    }

    /// Parses a spec from YAML text; `file` names it in messages, `baseDirectory` resolves paths.
    public static func parse(yaml: String, file: String, baseDirectory: String) throws -> MapSpec {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: yaml) else {
                throw MapSpecError(kind: .badSpec, file: file, line: 1, message: "the spec is empty")
            }
            root = node
        } catch let e as MapSpecError {
            throw e
        } catch let e as YamlError {
            throw MapSpecError(kind: .badSpec, file: file, line: YAMLNode.line(of: e), message: "not valid YAML: \(YAMLNode.problem(of: e))")
        }
        let spec = YAMLNode(root, file: file, path: "")
        return try SpecParser(file: file, base: baseDirectory).spec(spec)
    }

    /// The spec file's name without folder and extension (`layout` for `maps/layout.yaml`).
    public var name: String {
        ((file as NSString).lastPathComponent as NSString).deletingPathExtension
    }
}

/// The page: its size in SVG user units (CSS pixels, 96 to the inch, so 1 px = 0.2646 mm) and
/// whether the document states it in millimetres (print) or pixels (screen).
///
/// ```swift
/// let a3 = PageSize.iso("A3", landscape: true)!   // 420 × 297 mm
/// print(a3.width, a3.height)                      // 1587.4… 1122.5… (px)
/// ```
public struct PageSize: Sendable, Hashable {
    /// How the document states its size: millimetres for print, pixels for screens.
    public enum Unit: String, Sendable { case mm, px }
    /// Width in px (user units).
    public var width: Double
    /// Height in px (user units).
    public var height: Double
    public var unit: Unit

    /// CSS pixels per millimetre.
    public static let pxPerMM = 96 / 25.4

    /// A page of `width` × `height` px (user units), stated in `unit`.
    public init(width: Double, height: Double, unit: Unit) {
        self.width = width
        self.height = height
        self.unit = unit
    }

    /// An ISO 216 A size (A0–A5).
    public static func iso(_ name: String, landscape: Bool) -> PageSize? {
        let sizes: [String: (Double, Double)] = ["A0": (841, 1189), "A1": (594, 841), "A2": (420, 594), "A3": (297, 420), "A4": (210, 297), "A5": (148, 210)]
        guard let (short, long) = sizes[name.uppercased()] else { return nil }
        let (w, h) = landscape ? (long, short) : (short, long)
        return PageSize(width: w * pxPerMM, height: h * pxPerMM, unit: .mm)
    }

    /// The value of the root element's `width`/`height` attributes (`"420mm"`, `"1600"`).
    func physical(_ v: Double) -> String {
        unit == .mm ? SVGNumber.format(v / PageSize.pxPerMM, decimals: 2) + "mm" : SVGNumber.format(v, decimals: 2)
    }
}

/// What the map frame shows.
///
/// ```swift
/// let e: ExtentSpec = .place("lankao", radiusMetres: 40_000)
/// ```
public enum ExtentSpec: Sendable {
    /// All features of these layers (spec layer ids), with a margin (fraction of the size).
    case layers([String], margin: Double)
    /// A longitude/latitude box (WGS 84).
    case bbox(BoundingBox, margin: Double)
    /// A geodesic circle around a place (gazetteer name or LON,LAT).
    case place(String, radiusMetres: Double)
    /// Everything the layers hold.
    case all(margin: Double)
}

/// An enlarged view (放大图) of part of the map: the same layers over `extent`, drawn in a box
/// `width` px wide in `corner`, titled `title`, its area marked on the main map.
///
/// ```swift
/// var f = FurnitureSpec()
/// f.detail = DetailSpec(extent: .layers(["special_zone"], margin: 0.5), corner: .bottomLeft, width: 380, title: "兰考核心区放大图")
/// ```
public struct DetailSpec: Sendable {
    public var extent: ExtentSpec
    public var corner: Corner
    /// The box's width in px (its height follows the extent's shape).
    public var width: Double
    public var title: String
    public init(extent: ExtentSpec, corner: Corner, width: Double, title: String) {
        self.extent = extent
        self.corner = corner
        self.width = width
        self.title = title
    }
}

/// One layer of a map.
///
/// ```swift
/// let spec = try MapSpec.load(file: "maps/layout.yaml")
/// for layer in spec.layers { print(layer.id, layer.legendText ?? "(automatic)") }
/// ```
public struct LayerSpec: Sendable {
    /// Where the features come from.
    public enum Source: Sendable {
        /// A layer of the plan (`plan: transport`).
        case plan(LayerKind)
        /// A GeoJSON file (resolved path) in `crs` (WGS 84 unless given).
        case file(String, crs: String?)
        /// The reach disc: everything within a distance of a place (Analysis `Reach`).
        case reach(from: String, radiusMetres: Double)
        /// The area reachable within `minutes` over the plan's transport lines of the given
        /// statuses (Analysis `Isochrone`).
        case isochrone(from: String, minutes: Double, statuses: [PlanStatus])
    }

    /// Unique id in the spec; used in element ids, classes and placeholders.
    public var id: String
    /// Where the features come from.
    public var source: Source
    /// Keep only features whose property equals one of the values, for every key (AND).
    public var filter: [(key: String, values: [String])]
    /// Merge features that share this property's value before drawing.
    public var dissolve: String?
    /// Style settings over the defaults for the kind.
    public var style: StyleOverrides
    /// Labels, or `nil` for none.
    public var label: LabelSpec?
    /// The legend text: `nil` means automatic (from the plan kind, mode and status).
    public var legendText: String?
    /// Whether the layer is in the legend at all.
    public var inLegend: Bool
    /// Which properties go on the elements as `data-*` (`nil`: every scalar property).
    public var dataFields: [String]?
    /// Line of the layer in the spec, for messages.
    public var line: Int?
    /// For `file:` layers: the layer of a multi-layer file (GeoPackage, FileGDB) and the text
    /// encoding of an attribute table that does not name its own.
    public var fileLayer: String? = nil
    public var fileEncoding: String? = nil
    /// A land-use layer: features coloured by their class code (`LandUseStyles`), the legend in
    /// code order with the classes' names.
    public var classes: LandUseLayer? = nil
}

/// How a land-use layer is classed: the class-code field and the classification it follows.
///
/// ```swift
/// let c = LandUseLayer(field: "DLBM", classification: .survey)
/// ```
public struct LandUseLayer: Sendable {
    public var field: String
    public var classification: LandUseClassification
    public init(field: String, classification: LandUseClassification) {
        self.field = field
        self.classification = classification
    }
}

/// Style settings from the spec; unset ones fall back to the defaults for the layer kind.
///
/// ```swift
/// var s = StyleOverrides()
/// s.fill = "#f4f1ea"
/// ```
public struct StyleOverrides: Sendable, Hashable {
    /// Fill colour (`#rrggbb`, `#rgb`, a CSS name or `none`).
    public var fill: String?
    /// Stroke colour.
    public var stroke: String?
    /// Stroke width (px).
    public var width: Double?
    /// Dash pattern (px); an empty array draws solid even for planned elements.
    public var dash: [Double]?
    /// Opacity of the whole feature (0–1).
    public var opacity: Double?
    /// Opacity of the fill only (0–1).
    public var fillOpacity: Double?
    /// Point symbol.
    public var symbol: PointSymbol?
    /// Point symbol size (px).
    public var size: Double?
    /// No settings: every default applies.
    public init() {}
}

/// How a layer's features are labelled.
///
/// ```swift
/// var l = LabelSpec(field: "route")
/// l.size = 10
/// ```
public struct LabelSpec: Sendable {
    /// The property printed (default `name`).
    public var field: String
    /// A template instead of a field: `{prop}` is a property, `{@area_km2}` the feature's
    /// geodesic area in km² (1 decimal), `{@length_km}` its geodesic length; `\n` breaks lines.
    public var template: String?
    /// Font size (px).
    public var size: Double?
    /// Text colour.
    public var color: String?
    /// Bold text.
    public var bold: Bool?
    /// Higher goes first when labels compete for room.
    public var priority: Double?
    /// Per-feature text by plan id, for names too long for the map.
    public var replace: [(id: String, text: String)]
    /// Feature ids left unlabelled.
    public var skip: [String]

    /// Labels from a property (`name` by default).
    public init(field: String = "name") {
        self.field = field
        template = nil
        replace = []
        skip = []
    }
}

/// The four corners of the map frame.
public enum Corner: String, Sendable, CaseIterable {
    case topLeft = "top-left", topRight = "top-right", bottomLeft = "bottom-left", bottomRight = "bottom-right"
}

/// Map furniture: what is drawn besides the layers. `nil` means "not drawn".
///
/// ```swift
/// var f = FurnitureSpec()
/// f.inset = .topLeft
/// f.graticuleStep = 0   // automatic step
/// ```
public struct FurnitureSpec: Sendable {
    /// Corner of the legend (`nil`: no legend).
    public var legend: Corner? = .bottomRight
    /// Whether the renderer picks the legend's corner: the one where it hides the least of the
    /// map (the default; a spec that names a corner turns it off).
    public var legendAutomatic = true
    /// The legend's heading.
    public var legendTitle = "图例"
    /// Legend columns (0: automatic, at most 15 entries a column).
    public var legendColumns = 0
    /// Corner of the scale bar.
    public var scaleBar: Corner? = .bottomLeft
    /// Corner of the north arrow.
    public var northArrow: Corner? = .topRight
    /// A line around the map frame.
    public var neatLine = true
    /// Graticule step in degrees (`0` = automatic); `nil` = no graticule.
    public var graticuleStep: Double?
    /// Corner of the Henan locator inset.
    public var inset: Corner?
    /// The source note below the frame as written in the spec; `nil` with `sourceAutomatic`: built
    /// from the `source` properties of the features in view (`SourceNote`); `nil` without: none.
    public var sourceText: String?
    /// Whether the source note is built from the data when `sourceText` is not given.
    public var sourceAutomatic = true
    /// The date printed with the producer (YYYY, YYYY-MM or YYYY-MM-DD).
    public var sourceDate: String?
    /// 编制单位: who made the map (printed "编制单位：…"); `nil`: no producer line.
    public var producer: String?
    /// 审图号: the map approval number, printed only when given.
    public var approval: String?
    /// The 坐标系 note as written; `nil` with `crsNoteAutomatic`: derived from the projection.
    public var crsNote: String?
    /// Whether the coordinate-system note is derived from the projection when `crsNote` is not given.
    public var crsNoteAutomatic = true
    /// An enlarged view of a crowded area (放大图), drawn in a corner of the frame; `nil`: none.
    public var detail: DetailSpec?
    /// The defaults: legend, scale bar, north arrow and neat line, no graticule or inset.
    public init() {}
}

/// A note: a template and where it is in the spec.
///
/// ```swift
/// let n = NoteSpec(template: "兰考县 100 km 内占比 {share:reach:410225}%", line: 12)
/// ```
public struct NoteSpec: Sendable {
    /// The text with `{…}` placeholders.
    public var template: String
    /// Its line in the spec.
    public var line: Int?
}

/// A spec that cannot be used, with the spec file and line.
///
/// ```swift
/// do { _ = try MapSpec.load(file: "bad.yaml") }
/// catch let e as MapSpecError { print(e) }   // bad.yaml:7: layers[2].style.width: expected a number
/// ```
public struct MapSpecError: Error, Sendable, CustomStringConvertible, Equatable {
    /// What went wrong, for the exit code.
    public enum Kind: Sendable, Equatable {
        /// The spec is not valid YAML or not a valid spec.
        case badSpec
        /// The spec, or a file it names, does not exist.
        case missingFile
        /// A file the spec names holds bad data (invalid GeoJSON, a plan that does not load).
        case badData
        /// The output cannot be written.
        case cannotWrite
    }

    public var kind: Kind
    /// The spec file.
    public var file: String
    /// The line in the spec, when known.
    public var line: Int?
    public var message: String

    /// An error in `file` at `line`.
    public init(kind: Kind, file: String, line: Int?, message: String) {
        self.kind = kind
        self.file = file
        self.line = line
        self.message = message
    }

    /// `FILE:LINE: message`, as compilers write it.
    public var description: String {
        if let line { return "\(file):\(line): \(message)" }
        return "\(file): \(message)"
    }
}
