import TongchengAnalysis
import TongchengGeometry
import TongchengPostGIS

/// An operation that runs from its declaration alone: the command line gets a subcommand and
/// recipes a step type for it (parameters parsed and checked from `declaration`, the engine
/// chosen by `OperationEngine.choose`), so adding one is this one type plus its line in
/// `OperationRegistry.declared`.
///
/// ```swift
/// enum CountOperation: DeclaredOperation {
///     static let declaration = OperationDeclaration(name: "count", summary: "number of features",
///         parameters: [.init("input", .layer, required: true, help: "layer")], makesTable: true, columns: ["count"])
///     static func run(_ call: OperationCall) throws -> OperationResult {
///         let refs = call.refs("input")
///         return OperationResult(layer: FeatureCollection(refs.map(\.feature)), rows: [[.number(JSONNumber(refs.count))]])
///     }
/// }
/// ```
public protocol DeclaredOperation: Sendable {
    static var declaration: OperationDeclaration { get }
    /// Runs on the inputs and checked parameters of `call`, on `call.postgis` when set.
    static func run(_ call: OperationCall) throws -> OperationResult
}

/// What an operation runs on: its layers by parameter name, the other parameters as given (already
/// checked against the declaration), and the engine.
public struct OperationCall {
    /// The features of each layer parameter, by the parameter's name (`"input"`).
    public var layers: [String: [FeatureRef]]
    /// The other parameters as written (`"inside": "true"`, `"distance": "2km"`), checked against the declaration by the CLI and recipes; a Swift caller passes checked values.
    public var values: [String: String]
    /// The PostGIS engine when the operation runs there, else `nil` (local).
    public var postgis: PostGISEngine?
    /// Threads the operation may use.
    public var jobs: Int
    /// Counts the work done for a progress line (`nil`: none).
    public var progress: ProgressCounter?

    /// A call as a Swift script makes it: `OperationCall(layers: ["input": zones], values: ["inside": "true"])`.
    public init(layers: [String: [FeatureRef]], values: [String: String], postgis: PostGISEngine? = nil, jobs: Int = 1, progress: ProgressCounter? = nil) {
        self.layers = layers
        self.values = values
        self.postgis = postgis
        self.jobs = jobs
        self.progress = progress
    }

    /// The features of a layer parameter (empty when absent).
    public func refs(_ name: String) -> [FeatureRef] { layers[name] ?? [] }

    /// A text parameter, `nil` when absent.
    public func text(_ name: String) -> String? { values[name] }

    /// A flag parameter: given and not `false`.
    public func flag(_ name: String) -> Bool { values[name].map { $0 != "false" } ?? false }
}

/// What an operation made: always a layer, and for a table-making operation the rows of its
/// declared `columns`.
public struct OperationResult: Sendable {
    /// The features the operation made.
    public var layer: FeatureCollection
    /// For a table-making operation, its rows under the declaration's `columns`; else empty.
    public var rows: [[JSONValue]]

    /// A result: `OperationResult(layer: FeatureCollection(points))`.
    public init(layer: FeatureCollection, rows: [[JSONValue]] = []) {
        self.layer = layer
        self.rows = rows
    }
}

/// The operations that run from their declaration alone (`DeclaredOperation`): the command line
/// and recipes list these themselves.
public enum OperationRegistry {
    /// Every `DeclaredOperation`; the command line and recipes add a subcommand and a step type for each.
    ///
    /// ```swift
    /// OperationRegistry.declared.map { $0.declaration.name }   // ["centroid"]
    /// ```
    public static let declared: [any DeclaredOperation.Type] = [CentroidOperation.self]
}
