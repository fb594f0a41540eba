import ArgumentParser
import TongchengGeodesy
import TongchengAnalysis
import Foundation
import TongchengGeometry
import TongchengOperations
import TongchengInterchange
import TongchengPlan
import TongchengPostGIS

/// `-o FILE`: where the result goes (standard output when absent or `-`).
struct OutputOptions: ParsableArguments {
    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("Write the result to FILE (atomically: a failed run leaves no partial file) instead of standard output.", valueName: "FILE"))
    var output: String?
}

/// How input sources are read and features written, whatever their format: `--input-crs`,
/// `--layer`, `--encoding` (defaults for sources that say nothing themselves: each source may
/// carry its own, `'parcels.gpkg|layer=parcels|crs=EPSG:4490|encoding=GBK'`) and `--output-crs`.
struct InterchangeOptions: ParsableArguments {
    @Option(name: .customLong("input-crs"), help: ArgumentHelp("Coordinate system of input sources that name none (DXF, CSV, a Shapefile without .prj): gcj02 (Amap/Tencent web-map data), cgcs2000, or any EPSG code (EPSG:4547 for CGCS2000 Gauss–Krüger 114°E). A source with its own CRS (GeoJSON is WGS 84; .prj, GeoPackage, FileGDB, KML) keeps it, with a warning; to treat one file as another CRS write 'FILE|crs=EPSG:4547'.", valueName: "CRS"))
    var inputCRS: String?

    @Option(help: ArgumentHelp("The layer of multi-layer input sources that name none (GeoPackage, FileGDB, KML); it must exist there. Single-layer formats ignore it. One layer per source: 'FILE|layer=NAME'.", valueName: "NAME"))
    var layer: String?

    @Option(help: ArgumentHelp("Text encoding of input sources whose attribute tables name none (a Shapefile without .cpg, a CSV, a DXF): GBK, GB18030, CP936, …; a file's own is kept. One source: 'FILE|encoding=GBK'.", valueName: "NAME"))
    var encoding: String?

    @Option(name: .customLong("output-crs"), help: ArgumentHelp("Project written features into this CRS (e.g. EPSG:4547, as planners deliver); default WGS 84.", valueName: "CRS"))
    var outputCRS: String?

    @OptionGroup var container: ContainerOptions

    @Option(name: .customLong("dxf-layer-property"), help: ArgumentHelp("DXF: the property whose value names each feature's CAD layer.", valueName: "NAME"))
    var dxfLayerProperty: String?

    @Option(name: .customLong("dxf-label"), help: ArgumentHelp("DXF: a property written as a TEXT label at each feature (inside polygons), for CAD users.", valueName: "FIELD"))
    var dxfLabel: String?

    /// How to read the inputs; warnings go to standard error.
    var read: ReadOptions {
        ReadOptions(layer: layer, inputCRS: inputCRS, encoding: encoding, warn: { Terminal.warning($0) })
    }

    /// How to write features; the layer is named by `--layer` or the output file's stem.
    func write(precision: Int? = nil) -> WriteOptions {
        WriteOptions(layer: container.outputLayer ?? layer, outputCRS: outputCRS, precision: precision, dxfLayerProperty: dxfLayerProperty,
                     dxfLabel: dxfLabel, overwrite: container.overwrite)
    }
}

/// `--output-layer` and `--overwrite`: GeoPackage and FileGDB outputs are containers, on every
/// command that writes features (through `InterchangeOptions`, or on its own where a command
/// has no other interchange option: `transform`, `db pull`).
struct ContainerOptions: ParsableArguments {
    @Option(name: .customLong("output-layer"), help: ArgumentHelp("The layer to write into a GeoPackage or FileGDB (default: --layer, else the output file's name); the file's other layers are kept (--overwrite replaces the file).", valueName: "NAME"))
    var outputLayer: String?

    @Flag(help: "Replace an existing GeoPackage or FileGDB whole instead of adding (or replacing) one layer in it.")
    var overwrite = false
}

/// `--crs`: compute planar measures in a projected CRS instead of on the ellipsoid.
struct MeasureCRSOptions: ParsableArguments {
    @Option(name: .customLong("crs"), help: ArgumentHelp("Measure in this projected CRS (e.g. EPSG:4547, CGCS2000 Gauss–Krüger 114°E) instead of geodesically on the WGS 84 ellipsoid (the default).", valueName: "CRS"))
    var crs: String?

    /// A transformer from WGS 84 to the named projected CRS, or `nil` for geodesic measures.
    func projection() throws -> Transformer? {
        guard let crs else { return nil }
        let t = try Transformer(from: .wgs84, to: try CoordinateSystem(crs))
        if t.targetIsGeographic {
            throw CommandFailure.usage("--crs \(crs) is geographic (degrees); name a projected CRS such as EPSG:4547, or leave --crs out for geodesic measures in metres")
        }
        return t
    }
}

/// The inputs of a command, read as feature collections.
struct LoadedInput {
    var name: String
    var collection: FeatureCollection
}

/// Reads every input source through `FeatureSource` (a GeoJSON file or `-` for stdin natively,
/// any file GDAL reads in its own CRS, each with its own `|layer=`, `|crs=`, `|encoding=`), or
/// `pg:TABLE` from PostGIS through `conninfo`, in WGS 84, every coordinate checked.
func loadInputs(_ paths: [String], options: ReadOptions = ReadOptions(warn: { Terminal.warning($0) }),
                conninfo: String = ConnectionSettings.resolve(option: nil)) throws -> [LoadedInput] {
    let sources = try paths.map { try SourceSpec.parse($0) }
    if sources.filter({ $0.location == "-" }).count > 1 { throw CommandFailure.usage("standard input (-) can be read only once") }
    return try zip(paths, sources).map { path, source in
        if PostGISSource.isLocation(source.location) {
            // Tables are in WGS 84 already (TablePull transforms other SRIDs on the server); their coordinates are checked like a file's.
            let fc = try PostGISSource.read(location: source.location, conninfo: conninfo)
            try CoordinateCheck.wgs84(fc.features, source: source.location, hint: CoordinateCheck.tableSRIDHint)
            return LoadedInput(name: source.location, collection: fc)
        }
        let name = source.location == "-" ? "<stdin>" : path
        return LoadedInput(name: name, collection: try FeatureSource.read(source, options: options))
    }
}

/// Reads every input, converting from `crs` (for callers that name a CRS rather than options).
func loadInputs(_ paths: [String], crs: CoordinateSystem, conninfo: String = ConnectionSettings.resolve(option: nil)) throws -> [LoadedInput] {
    var options = ReadOptions(warn: { Terminal.warning($0) })
    if crs != .wgs84 { options.inputCRS = crs == .gcj02 ? "gcj02" : crs.description }
    return try loadInputs(paths, options: options, conninfo: conninfo)
}

/// Transforms every feature's geometry in place. A position PROJ cannot transform (outside the
/// target projection's domain) is reported with the file and the feature, like a reader error.
func transformGeometries(_ fc: inout FeatureCollection, with transformer: Transformer, file: String) throws {
    for k in fc.features.indices {
        guard let g = fc.features[k].geometry else { continue }
        do {
            fc.features[k].geometry = try transformer.transform(g)
        } catch let e as ProjectionError {
            guard case .transformFailed = e else { throw e }
            throw CommandFailure.data("\(file): at features[\(k)].geometry: \(e)")
        }
    }
}

/// The feature's id as JSON (`null` when it has none).
func idJSON(_ f: Feature) -> JSONValue { f.id?.jsonValue ?? .null }
/// The feature's name as JSON (`null` when it has none).
func nameJSON(_ f: Feature) -> JSONValue { f.name.map { .string($0) } ?? .null }

/// A JSON number from a measured double.
/// A JSON number; NaN or infinity is `NonFiniteNumberError` (exit 65), never a crash.
func number(_ v: Double) throws -> JSONValue { .number(try JSONNumber.finite(v, "a result")) }

/// A thread count: 1 or more, or `auto` (all cores).
struct JobCount: ExpressibleByArgument, Sendable {
    var count: Int
    static let auto = JobCount(count: ProcessInfo.processInfo.activeProcessorCount)

    init(count: Int) { self.count = count }

    init?(argument: String) {
        if argument == "auto" {
            self = .auto
            return
        }
        guard let n = Int(argument), n >= 1, n <= 1024 else { return nil }
        count = n
    }

    var defaultValueDescription: String { "auto" }
}

/// Checks a quantity option against its operation's declaration before any work — the same
/// range and the same words as a recipe step gets (exit 64): the unit is read first (so a bare
/// number gets the unit hint), then `OperationParameter.check` applies the declared range.
///
/// ```swift
/// let r = try declaredMetres(radius, OperationCatalog.reach, "radius")
/// ```
func declaredMetres(_ text: String, _ operation: OperationDeclaration, _ name: String) throws -> Double {
    guard let parameter = operation.parameter(name) else {
        throw CommandFailure(code: SysExit.software, message: "\(operation.name) declares no parameter \(name)")
    }
    let v = try metres(text, option: parameter.option)
    try parameter.check(text)
    return v
}

/// Quarter-meridian (a hemisphere) and half-meridian (the farthest two points can be), metres.
enum EarthLimits {
    static let hemisphereMetres = GeodesicBufferLimits.maximumMetres
    static let halfMeridianMetres = 20_003_931.458
}

/// `--jobs` and `--repair`: what every analysis over many features takes.
struct AnalysisOptions: ParsableArguments {
    @Option(name: .customLong("jobs"), help: "Threads to use (each with its own GEOS context): 1 or more, or auto (all cores).")
    var jobCount: JobCount = .auto

    var jobs: Int { jobCount.count }

    @Flag(help: "Repair invalid geometries with GEOS makeValid instead of refusing them (says how many were changed).")
    var repair = false

    @Flag(name: .shortAndLong, help: "No progress line on standard error (shown only on a terminal, for work over 2 s).")
    var quiet = false

    /// Applies the invalid-geometry policy, reporting repairs on stderr.
    func checked(_ refs: [FeatureRef]) throws -> [FeatureRef] {
        let (out, repaired) = try ValidityPolicy.check(refs, repair: repair)
        if repaired > 0 { Terminal.note("repaired \(repaired) invalid geometr\(repaired == 1 ? "y" : "ies") with makeValid") }
        return out
    }
}

/// `--plan`: the plan folder whose gazetteer names places (default: the bundled plan).
struct PlanOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Plan folder with a plan.json (default: the bundled geodata/).", valueName: "DIR"))
    var plan: String?

    var directory: String { plan ?? Plan.defaultDirectory() }

    /// The plan's gazetteer (only loaded when a place name must be resolved).
    func gazetteer() throws -> Gazetteer {
        let path = try Plan.layerPath(.places, directory: directory)
        let fc = try FeatureSource.read(path)
        return Gazetteer(fc.features)
    }

    /// A point from a place name or `LON,LAT`.
    func position(_ text: String) throws -> Position {
        if let p = Gazetteer.parseLonLat(text) { return p }
        return try gazetteer().position(text)
    }

    /// Where a reach starts: `LON,LAT`, a place of the gazetteer (a point), the id or name of an
    /// area of the plan (`central-city-zhengzhou`, `zone-east-demonstration`, a boundary's adcode
    /// or Chinese name), or a GeoJSON file of polygons.
    func origin(_ text: String, analysis: AnalysisOptions, read: ReadOptions = ReadOptions(warn: { Terminal.warning($0) })) throws -> (Reach.Origin, String) {
        if let p = Gazetteer.parseLonLat(text) { return (.point(p), text) }
        let location = SourceSpec.location(of: text)
        if FileManager.default.fileExists(atPath: location) || FeatureSource.isGeoJSONName(location) || FeatureSink.format(of: location) != nil {
            let areas = try analysis.checked(refs(try loadInputs([text], options: read))).compactMap(\.geometry)
            guard !areas.isEmpty else { throw CommandFailure.data("\(text): no geometry to reach from") }
            return (.area(try Geometry.union(of: areas)), (text as NSString).lastPathComponent)
        }
        let places = try gazetteer()
        if places.exactPlace(text) != nil { return (.point(try places.position(text)), text) }
        let loaded = try Plan.loadReportingProblems(directory: directory)
        for kind in [LayerKind.centralCity, .zone, .specialZone, .belt, .corridors, .boundaries] {
            for f in loaded.features(kind) where f.planID == text || f.name == text || f[property: "adcode"]?.displayText == text {
                if let g = f.geometry, g.dimension == 2 { return (.area(g), f.name ?? text) }
            }
        }
        return (.point(try places.position(text)), text)  // throws the gazetteer's "unknown place"
    }
}

/// References to every feature of the inputs.
func refs(_ inputs: [LoadedInput]) -> [FeatureRef] {
    inputs.flatMap { FeatureRef.all(in: $0.collection, file: $0.name) }
}

/// `{"index","file","id","name"}` of a feature, as the JSON contracts name features.
func refJSON(_ r: FeatureRef) -> JSONValue { .object(refObject(r)) }

/// `{"index","file","id","name"}` as an object, to add measures to.
func refObject(_ r: FeatureRef) -> JSONObject {
    JSONObject([("index", .number(JSONNumber(r.index))), ("file", .string(r.file)), ("id", idJSON(r.feature)), ("name", nameJSON(r.feature))])
}

/// Writes features: the formats of `FeatureSink` by the output's extension (`.gpkg`, `.shp`,
/// `.zip`, `.dxf`, `.kml`, `.fgb`, `.csv`, `.gdb`, `.gml`), GeoJSON otherwise (standard output, a
/// `.geojson` file, a file without extension), projected by `--output-crs`.
func writeFeatures(_ fc: FeatureCollection, to output: OutputOptions, inputs: [String], precision: Int? = nil,
                   interchange: InterchangeOptions? = nil, container: ContainerOptions? = nil) throws {
    var options = interchange?.write(precision: precision) ?? WriteOptions(precision: precision)
    if let container {
        options.layer = container.outputLayer ?? options.layer
        options.overwrite = container.overwrite
    }
    if let path = output.output, path != "-", let format = FeatureSink.format(of: path), format != .geoJSON {
        var write = options
        write.protecting = Output.protected(inputs)
        let report = try FeatureSink.write(fc, to: path, options: write)
        for note in report.notes { Terminal.note(note) }
        if let action = report.layerAction { Terminal.note("\(report.path): \(action.summary)") }
        return
    }
    var out = fc
    if let crs = options.outputCRS {
        let system = try CoordinateSystem(crs)
        if system != .wgs84 {
            let t = try Transformer(from: .wgs84, to: system)
            try transformGeometries(&out, with: t, file: "the output")
            out.bbox = nil
        }
    }
    try Output.write(GeoJSONWriter(precision: precision).string(out), to: output.output, inputs: inputs)
}

/// Writes GeoJSON features to the output.
func writeFeatures(_ features: [Feature], to output: OutputOptions, inputs: [String], precision: Int? = nil,
                   interchange: InterchangeOptions? = nil, container: ContainerOptions? = nil) throws {
    try writeFeatures(FeatureCollection(features), to: output, inputs: inputs, precision: precision, interchange: interchange, container: container)
}

/// `--precision`: 1 to 15 decimals (0 or fewer would collapse rings to repeated points).
func checkPrecision(_ precision: Int?) throws {
    if let precision, !(1...15).contains(precision) { throw ValidationError("--precision must be between 1 and 15 decimals") }
}
