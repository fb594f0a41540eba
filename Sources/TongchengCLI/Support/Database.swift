import ArgumentParser
import TongchengPostGIS

/// `--db`: where PostgreSQL is, for `db push/pull`, `pg:` inputs and `--engine postgis`.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .customLong("db"), help: ArgumentHelp("PostgreSQL connection: a libpq keyword string (\"host=/run/postgresql dbname=plan\") or a postgresql:// URI. Default: TONGCHENG_DB, else the standard PG* variables (PGHOST, PGDATABASE, PGUSER…).", valueName: "CONNINFO"))
    var db: String?

    var conninfo: String { ConnectionSettings.resolve(option: db) }

    func connect() throws -> Connection { try Connection(conninfo: conninfo) }
}

extension DatabaseError {
    /// The sysexits code of each kind.
    var exitCode: Int32 {
        switch kind {
        case .unavailable: return SysExit.unavailable
        case .data: return SysExit.dataError
        case .missingTable: return SysExit.noInput
        case .usage: return SysExit.usage
        case .cannotCreate: return SysExit.cannotCreate
        case .software: return SysExit.software
        }
    }
}
