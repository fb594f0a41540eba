import TongchengGeodesy

/// One analysis declared once: its name, one-line summary, typed parameters (with units and the
/// ranges they are checked against), the engines that can run it and the columns of its table.
/// The recipe step, the parser's checks, `--dry-run`, docs/recipes.md and the command-line
/// subcommand's checks all read this one value (`OperationModelTests` compares the CLI's options
/// and the docs with it).
///
/// ```swift
/// let buffer = OperationDeclaration(name: "buffer", summary: "geodesic buffer", parameters: [
///     .init("input", .layer, required: true, help: "layer"),
///     .init("distance", .distance, required: true, help: "e.g. 2km", range: OperationLimits.hemisphere),
/// ], makesTable: false)
/// try buffer.parameter("distance")?.check("20000km")   // ParameterError: out of range
/// ```
public struct OperationDeclaration: Sendable {
    /// The name: the recipe step's key and the subcommand (`tabulate`).
    public var name: String
    /// One line on what it does, as `--help` and the docs print it.
    public var summary: String
    /// The parameters, in the order the docs list them.
    public var parameters: [OperationParameter]
    /// Whether the result includes a table (it always includes a layer).
    public var makesTable: Bool
    /// Where it can run: every operation runs locally; some also as SQL in PostGIS.
    public var engines: [OperationEngine]
    /// The table's columns, in order: the JSON keys, the CSV header and the recipe table's
    /// columns alike (`area_<unit>` stands for the column named after the chosen unit).
    public var columns: [String]
    /// Command lines shown under "Examples:" in the subcommand's help (`tongcheng NAME …`, each
    /// under 78 columns), for operations whose subcommand follows from the declaration.
    public var examples: [String]

    /// A declaration; see the type's example.
    public init(name: String, summary: String, parameters: [OperationParameter], makesTable: Bool,
                engines: [OperationEngine] = [.local], columns: [String] = [], examples: [String] = []) {
        self.examples = examples
        self.name = name
        self.summary = summary
        self.parameters = parameters
        self.makesTable = makesTable
        self.engines = engines
        self.columns = columns
    }

    /// The table's columns with `area_<unit>` named after the chosen `unit` (`area_mu`), or left
    /// out when no unit is chosen or it is m² (`area_m2` is always there): the CSV header, the
    /// JSON keys and the recipe table's columns of one run alike.
    ///
    /// ```swift
    /// OperationCatalog.tabulate.columns(unit: "mu")  // ["zone", "class", "area_m2", "area_mu", "share"]
    /// OperationCatalog.tabulate.columns(unit: nil)   // ["zone", "class", "area_m2", "share"]
    /// ```
    public func columns(unit: String?) -> [String] {
        columns.compactMap { c in c == "area_<unit>" ? (unit == nil || unit == "m2" ? nil : "area_\(unit!)") : c }
    }

    /// The parameter called `name`, if declared.
    public func parameter(_ name: String) -> OperationParameter? { parameters.first { $0.name == name } }

    /// The heading and parameter table as docs/recipes.md prints them (a test checks that the
    /// documentation holds exactly this for every operation).
    ///
    /// ```swift
    /// print(buffer.markdownReference)  // ### `buffer` — …
    /// ```
    public var markdownReference: String {
        var out = "### `\(name)` — \(summary)\(makesTable ? " (table)" : "")\n\n| parameter | required | meaning |\n|---|---|---|\n"
        for p in parameters { out += "| `\(p.name)` | \(p.required ? "yes" : "no") | \(p.help) (\(p.kind)) |\n" }
        return out
    }
}

/// Where an operation runs.
public enum OperationEngine: String, Sendable, CaseIterable {
    /// In this process: GEOS and PROJ, all cores.
    case local
    /// In PostgreSQL/PostGIS as SQL (file inputs are sent to temporary tables first).
    case postgis
}

/// One parameter of an operation: its name (the recipe key; the CLI option is `--` and the
/// name with `-` for `_`), kind, whether it is required, help text, and for quantities the range
/// it is checked against.
///
/// ```swift
/// let distance = OperationParameter("distance", .distance, required: true, help: "e.g. 2km", range: OperationLimits.hemisphere)
/// distance.option   // "--distance"
/// ```
public struct OperationParameter: Sendable {
    /// What a parameter's value must be.
    public enum Kind: Sendable {
        /// The name of a layer (an input, an earlier step, or `plan.<layer>`).
        case layer
        /// One layer name or a list of them.
        case layers
        case text
        /// A distance with a unit (`2km`).
        case distance
        /// An area with a unit (`30km2`).
        case area
        case number
        case flag
        /// A place of the gazetteer, `LON,LAT`, or a layer name (areas to reach from).
        case placeOrLayer
        case place
        /// property: value pairs.
        case mapping
        case areaUnit, lengthUnit, statuses, predicate, crs
        /// A projected CRS (metres): a geographic one (degrees) is refused.
        case projectedCRS
    }

    /// The recipe key (`zone_field`); the CLI option is `option` (`--zone-field`).
    public var name: String
    /// What the value must be.
    public var kind: Kind
    /// Whether the operation refuses to run without it.
    public var required: Bool
    /// What it means, for `--help` and the docs.
    public var help: String
    /// For `.distance` (metres), `.area` (square metres) and `.number`: the allowed values.
    public var range: ClosedRange<Double>?
    /// Whether 0 is refused (a radius, a tolerance).
    public var positive: Bool

    /// A parameter; the shorter `init(_:_:required:help:range:positive:)` reads better in a list.
    public init(name: String, kind: Kind, required: Bool, help: String, range: ClosedRange<Double>? = nil, positive: Bool = false) {
        self.name = name
        self.kind = kind
        self.required = required
        self.help = help
        self.range = range
        self.positive = positive
    }

    /// `.init("distance", .distance, required: true, help: "e.g. 2km")`
    public init(_ name: String, _ kind: Kind, required: Bool = false, help: String, range: ClosedRange<Double>? = nil, positive: Bool = false) {
        self.init(name: name, kind: kind, required: required, help: help, range: range, positive: positive)
    }

    /// The command-line option: `zone_field` → `--zone-field`.
    public var option: String { "--" + name.replacingOccurrences(of: "_", with: "-") }
}

/// The ranges quantities are checked against.
public enum OperationLimits {
    /// A quarter meridian either way: the largest geodesic buffer (metres).
    public static let hemisphere: ClosedRange<Double> = -GeodesicBufferLimits.maximumMetres...GeodesicBufferLimits.maximumMetres
    /// From 0 to the farthest two points of the Earth can be (half a meridian, metres).
    public static let halfMeridian: ClosedRange<Double> = 0...20_003_931.458
}
