import ArgumentParser
import TongchengPostGIS

/// `--db`: where PostgreSQL is, for `db push/pull`, `pg:` inputs and `--engine postgis`.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .customLong("db"), help: ArgumentHelp("PostgreSQL connection: a libpq keyword string (\"host=/run/postgresql dbname=plan\") or a postgresql:// URI. Default: TONGCHENG_DB, else the standard PG* variables (PGHOST, PGDATABASE, PGUSER…).", valueName: "CONNINFO"))
    var db: String?

    @Option(name: .customLong("statement-timeout"), help: ArgumentHelp("Stop any SQL statement that runs longer than this (30s, 5min, 500ms; default: no limit). Connecting gives up after connect_timeout, 10 s unless the connection string or PGCONNECT_TIMEOUT says otherwise.", valueName: "TIME"))
    var statementTimeout: String?

    func validate() throws {
        if let statementTimeout { _ = try DatabaseOptions.milliseconds(statementTimeout) }
    }

    /// `--statement-timeout` in milliseconds: a decimal number with ms, s or min.
    static func milliseconds(_ text: String) throws -> Int {
        let t = text.trimmingCharacters(in: .whitespaces)
        let number = t.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
        let unit = t.dropFirst(number.count).trimmingCharacters(in: .whitespaces)
        let factor: Double? = ["ms": 1, "s": 1000, "min": 60_000][unit]
        guard let value = Double(number), let factor, value > 0, value * factor >= 1, value * factor < Double(Int32.max) else {
            throw ValidationError("--statement-timeout \(text): give a time above 0 with its unit, e.g. 30s, 5min or 500ms")
        }
        return Int((value * factor).rounded())
    }

    /// The connection string to use: `--db`, else `TONGCHENG_DB`, else libpq's defaults, with
    /// `--statement-timeout` added to its server options.
    var conninfo: String {
        let resolved = ConnectionSettings.resolve(option: db)
        guard let statementTimeout, let ms = try? DatabaseOptions.milliseconds(statementTimeout),
              var parsed = try? ConnectionString(resolved) else { return resolved }
        parsed.set("options", ((parsed.value("options") ?? "") + " -c statement_timeout=\(ms)").trimmingCharacters(in: .whitespaces))
        return parsed.keywordForm
    }

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
