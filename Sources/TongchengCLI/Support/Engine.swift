import ArgumentParser
import TongchengOperations
import TongchengPostGIS

/// Where an analysis runs: `OperationEngine` (local or postgis), as the command line reads it.
typealias Engine = OperationEngine

extension OperationEngine: ExpressibleByArgument {}

/// `--engine local|postgis` and `--db`: what the analyses that can run in PostGIS take.
struct EngineOptions: ParsableArguments {
    @Option(help: "Where to compute: local (GEOS and PROJ in this process) or postgis (SQL in the database of --db; files are sent to temporary tables). Same output either way; see docs/postgis.md.")
    var engine: Engine = .local

    @OptionGroup var database: DatabaseOptions

    var conninfo: String { database.conninfo }

    /// The PostGIS engine on a new connection when `operation` runs there (the choice is
    /// `OperationEngine.choose`'s, as for recipes), or `nil` for the local engine.
    func postgis(for operation: OperationDeclaration) throws -> PostGISEngine? {
        guard try OperationEngine.choose(for: operation, commandLine: engine) == .postgis else { return nil }
        return PostGISEngine(try database.connect())
    }
}
