import TongchengAnalysis
import ArgumentParser
import TongchengPostGIS

/// Where an analysis runs.
enum Engine: String, ExpressibleByArgument, CaseIterable {
    /// In this process: GEOS and PROJ, all cores.
    case local
    /// In PostgreSQL/PostGIS as SQL (file inputs are sent to temporary tables first).
    case postgis
}

/// `--engine local|postgis` and `--db`: what the analyses that can run in PostGIS take.
struct EngineOptions: ParsableArguments {
    @Option(help: "Where to compute: local (GEOS and PROJ in this process) or postgis (SQL in the database of --db; files are sent to temporary tables). Same output either way; see docs/postgis.md.")
    var engine: Engine = .local

    @OptionGroup var database: DatabaseOptions

    var conninfo: String { database.conninfo }

    /// The PostGIS engine on a new connection, or `nil` for the local engine.
    func postgis() throws -> PostGISEngine? {
        guard engine == .postgis else { return nil }
        return PostGISEngine(try database.connect())
    }
}
