/// The one place where an operation's engine is chosen, for the command line (`--engine`) and
/// for recipes (`engine:` on the recipe or on a step, and `tongcheng run --engine`).
///
/// The most specific choice wins: a step's own `engine:`, then `run --engine`, then the recipe's
/// `engine:`, else local. A choice made for one operation (the command line, a step) must be one
/// of its declared engines: asking `buffer` for PostGIS is a usage error. A choice made for a
/// whole recipe applies to the steps that declare that engine; the others run locally.
///
/// ```swift
/// let engine = try OperationEngine.choose(for: OperationCatalog.tabulate, step: nil, run: .postgis, recipe: nil)  // .postgis
/// ```
extension OperationEngine {
    /// The engine `operation` runs on, from the choices made for it (most specific first); throws
    /// `EngineChoiceError` when a step or the command line asks for an engine it does not declare.
    public static func choose(for operation: OperationDeclaration, step: OperationEngine? = nil, run: OperationEngine? = nil,
                              recipe: OperationEngine? = nil, commandLine: OperationEngine? = nil) throws -> OperationEngine {
        if let own = step ?? commandLine {
            guard operation.engines.contains(own) else { throw EngineChoiceError(operation: operation.name, engine: own, declared: operation.engines) }
            return own
        }
        if let wide = run ?? recipe, operation.engines.contains(wide) { return wide }
        return .local
    }
}

/// An operation asked to run on an engine it does not declare (exit 64).
public struct EngineChoiceError: Error, Sendable, CustomStringConvertible {
    /// The operation's name.
    public var operation: String
    /// The engine asked for.
    public var engine: OperationEngine
    /// The engines the operation declares.
    public var declared: [OperationEngine]
    public var description: String {
        "\(operation) cannot run on the \(engine.rawValue) engine (it runs on: \(declared.map(\.rawValue).joined(separator: ", ")))"
    }
}
