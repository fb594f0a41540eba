import CLibPQ
import Foundation

/// Something went wrong talking to PostgreSQL. The message names what Tongcheng was doing (the
/// statement's purpose) and the server's reason, never the SQL text and never a password.
///
/// ```swift
/// do { _ = try Connection(conninfo: "host=/nowhere") } catch let e as DatabaseError { print(e.kind, e) }
/// ```
public struct DatabaseError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable {
        /// The server cannot be reached or refused the connection (sysexits 69).
        case unavailable
        /// The data or a name given by the user is wrong (sysexits 65).
        case data
        /// A table named as an input does not exist (sysexits 66).
        case missingTable
        /// The table to create exists already (sysexits 73).
        case cannotCreate
        /// A usage error found before any SQL ran (bad identifier; sysexits 64).
        case usage
        /// Anything else: a bug or an unexpected server state (sysexits 70).
        case software
    }

    public var kind: Kind
    public var message: String
    public var description: String { message }

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }
}

/// Where to connect: `--db CONNINFO` if given, else `TONGCHENG_DB`, else libpq's own defaults
/// (the standard `PGHOST`, `PGPORT`, `PGDATABASE`, `PGUSER`, `PGPASSWORD`… variables).
///
/// ```swift
/// let info = ConnectionSettings.resolve(option: nil)   // TONGCHENG_DB or PG* variables
/// ```
public enum ConnectionSettings {
    public static func resolve(option: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let option, !option.isEmpty { return option }
        if let env = environment["TONGCHENG_DB"], !env.isEmpty { return env }
        return ""
    }
}

/// One connection to PostgreSQL, owned by one object and closed when it goes away. Every value
/// goes to the server as a parameter; identifiers are quoted with `SQLName.quote`.
///
/// The connection string is read by libpq (`ConnectionString`): a malformed one is a usage error
/// that never shows the password. Connecting gives up after `connect_timeout` (10 s unless the
/// string or `PGCONNECT_TIMEOUT` says otherwise), so a server that accepts connections and never
/// answers cannot hang a command. Statements run asynchronously: a running statement is
/// cancelled on the server (`PQcancel`) when SIGINT, SIGTERM or SIGHUP ends the process, when the
/// connection is dropped early (an error while streaming rows) and when the client-side deadline
/// (the string's `statement_timeout` plus 10 s, for a server that stopped answering) passes.
///
/// ```swift
/// let db = try Connection(conninfo: "host=/tmp/pg dbname=tongcheng")
/// let r = try db.query("SELECT postgis_lib_version()", purpose: "read the PostGIS version")
/// print(r.text(0, 0) ?? "")
/// ```
public final class Connection {
    let handle: OpaquePointer
    /// Secrets to strip from every message (the password of the conninfo and of PGPASSWORD).
    let secrets: [String]
    /// `host:port/database as user`, for messages (never the password).
    public let target: String
    /// How long to wait for a statement's answer before giving up on the server (nil: for ever).
    let answerDeadlineSeconds: Double?
    /// Whether a statement is running (its results not all read).
    var busy = false

    public init(conninfo: String) throws {
        let settings = try ConnectionString(conninfo).withDefaults()
        secrets = settings.secrets
        answerDeadlineSeconds = Connection.statementTimeoutSeconds(in: settings.value("options") ?? "").map { $0 + 10 }
        let keys = settings.options.map { strdup($0.keyword) }, values = settings.options.map { strdup($0.value) }
        defer { keys.forEach { free($0) }; values.forEach { free($0) } }
        let conn: OpaquePointer? = (keys.map { UnsafePointer($0) } + [nil]).withUnsafeBufferPointer { k in
            (values.map { UnsafePointer($0) } + [nil]).withUnsafeBufferPointer { v in PQconnectdbParams(k.baseAddress, v.baseAddress, 0) }
        }
        guard let conn else {
            throw DatabaseError(.software, "cannot connect to PostgreSQL: libpq could not allocate a connection")
        }
        handle = conn
        func shown(_ p: UnsafeMutablePointer<CChar>?, _ fallback: String) -> String {
            guard let p, p.pointee != 0 else { return fallback }
            return String(cString: p)
        }
        let host = shown(PQhost(conn), settings.value("host") ?? "the default socket")
        let port = shown(PQport(conn), settings.value("port") ?? "5432")
        let db = shown(PQdb(conn), settings.value("dbname") ?? "?")
        let user = shown(PQuser(conn), settings.value("user") ?? "?")
        target = settings.mask("\(host):\(port)/\(db) as \(user)")
        if PQstatus(conn) != CONNECTION_OK {
            var reason = Connection.scrub(Connection.trimmed(PQerrorMessage(conn)), secrets: secrets)
            if reason.contains("timeout expired") {
                let seconds = settings.value("connect_timeout") ?? ProcessInfo.processInfo.environment["PGCONNECT_TIMEOUT"] ?? "?"
                reason = "no answer within \(seconds) s (connect_timeout; set connect_timeout=N in the connection string or PGCONNECT_TIMEOUT to wait longer)"
            }
            throw DatabaseError(.unavailable, "cannot connect to PostgreSQL at \(target): \(reason)")
        }
        // Notices (IF NOT EXISTS, implicit index names) are not the user's business.
        PQsetNoticeProcessor(conn, { _, _ in }, nil)
        RunningStatements.prepare()
    }

    deinit {
        if busy { cancelRunningStatement() }
        PQfinish(handle)
    }

    /// `statement_timeout=N` (milliseconds, or with a unit) in a libpq `options` value, in seconds.
    static func statementTimeoutSeconds(in options: String) -> Double? {
        guard let r = options.range(of: #"statement_timeout\s*=\s*([0-9.]+)\s*(ms|s|min)?"#, options: .regularExpression) else { return nil }
        let text = options[r].drop { $0 != "=" }.dropFirst().trimmingCharacters(in: .whitespaces)
        let digits = text.prefix { $0.isNumber || $0 == "." }
        guard let v = Double(digits), v > 0 else { return nil }
        let unit = text.dropFirst(digits.count).trimmingCharacters(in: .whitespaces)
        return unit == "s" ? v : unit == "min" ? v * 60 : v / 1000
    }

    /// Runs one statement with text parameters `$1…`; results in text (`binary: false`) or binary form.
    @discardableResult
    public func query(_ sql: String, _ parameters: [String?] = [], purpose: String, binary: Bool = false) throws -> QueryResult {
        try send(sql, parameters, purpose: purpose, binary: binary)
        var last: QueryResult?
        var failure: Error?
        while let r = try nextResult(purpose: purpose) {
            do { last = try check(r, purpose: purpose) } catch { failure = failure ?? error }
        }
        if let failure { throw failure }
        guard let last else { throw error(purpose: purpose, reason: Connection.trimmed(PQerrorMessage(handle)), state: nil) }
        return last
    }

    /// Runs one statement and hands its rows to `row` one at a time as they arrive (libpq's
    /// single-row mode), so that memory stays bounded whatever the row count. Throwing from
    /// `row` cancels the statement.
    public func forEachRow(_ sql: String, _ parameters: [String?] = [], purpose: String, binary: Bool = false, _ row: (QueryResult) throws -> Void) throws {
        try send(sql, parameters, purpose: purpose, binary: binary)
        PQsetSingleRowMode(handle)
        var failure: Error?
        while let r = try nextResult(purpose: purpose) {
            if failure != nil { PQclear(r); continue }
            if PQresultStatus(r) == PGRES_SINGLE_TUPLE {
                let result = QueryResult(r)
                do { try row(result) } catch {
                    failure = error
                    cancelRunningStatement()
                }
                continue
            }
            do { _ = try check(r, purpose: purpose) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// Sends a statement without waiting for its answer.
    func send(_ sql: String, _ parameters: [String?], purpose: String, binary: Bool) throws {
        let sent: Int32 = withCStrings(parameters) { values in
            PQsendQueryParams(handle, sql, Int32(parameters.count), nil, values, nil, nil, binary ? 1 : 0)
        }
        guard sent == 1 else { throw error(purpose: purpose, reason: Connection.trimmed(PQerrorMessage(handle)), state: nil) }
        busy = true
    }

    /// The next result of the running statement (nil when all are read), waiting on the socket;
    /// registered for cancellation by a signal while it waits.
    func nextResult(purpose: String) throws -> OpaquePointer? {
        let cancel = PQgetCancel(handle)
        RunningStatements.register(cancel)
        defer { RunningStatements.unregister(cancel); PQfreeCancel(cancel) }
        let started = Date()
        while PQisBusy(handle) == 1 {
            var p = pollfd(fd: PQsocket(handle), events: Int16(POLLIN), revents: 0)
            let n = poll(&p, 1, 1000)
            if n < 0 && errno != EINTR { break }
            if PQconsumeInput(handle) == 0 { break }
            if let limit = answerDeadlineSeconds, PQisBusy(handle) == 1, Date().timeIntervalSince(started) > limit {
                cancelRunningStatement()
                busy = false
                throw DatabaseError(.unavailable, "\(purpose): no answer from PostgreSQL at \(target) within \(Int(limit)) s; the statement was cancelled")
            }
        }
        guard let r = PQgetResult(handle) else { busy = false; return nil }
        return r
    }

    /// Asks the server to stop the running statement (its answer, an error, is then read and dropped).
    func cancelRunningStatement() {
        guard let cancel = PQgetCancel(handle) else { return }
        var buffer = [CChar](repeating: 0, count: 256)
        _ = PQcancel(cancel, &buffer, Int32(buffer.count))
        PQfreeCancel(cancel)
    }

    /// Streams `COPY … FROM STDIN`: `body` receives a function that sends one chunk of the COPY data.
    public func copyIn(_ sql: String, purpose: String, _ body: (_ send: (UnsafeRawBufferPointer) throws -> Void) throws -> Void) throws {
        try send(sql, [], purpose: purpose, binary: false)
        guard let start = try nextResult(purpose: purpose), PQresultStatus(start) == PGRES_COPY_IN else {
            var failure: Error = DatabaseError(.software, "\(purpose): the server did not start the copy")
            while let r = try nextResult(purpose: purpose) {
                do { _ = try check(r, purpose: purpose) } catch { failure = error }
            }
            throw failure
        }
        PQclear(start)
        var failed: Error?
        do {
            try body { chunk in
                guard chunk.count > 0 else { return }
                if PQputCopyData(handle, chunk.baseAddress!.assumingMemoryBound(to: CChar.self), Int32(chunk.count)) != 1 {
                    throw self.error(purpose: purpose, reason: Connection.trimmed(PQerrorMessage(handle)), state: nil)
                }
            }
        } catch {
            failed = error
        }
        PQputCopyEnd(handle, failed == nil ? nil : "cancelled by tongcheng")
        var serverError: Error?
        while let r = try nextResult(purpose: purpose) {
            do { _ = try check(r, purpose: purpose) } catch { serverError = serverError ?? error }
        }
        if let failed { throw failed }
        if let serverError { throw serverError }
    }
    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try query("BEGIN", purpose: "start a transaction")
        do {
            let value = try body()
            try query("COMMIT", purpose: "commit")
            return value
        } catch {
            _ = try? query("ROLLBACK", purpose: "roll back")
            throw error
        }
    }

    func check(_ result: OpaquePointer?, purpose: String) throws -> QueryResult {
        guard let result else {
            throw error(purpose: purpose, reason: Connection.trimmed(PQerrorMessage(handle)), state: nil)
        }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_COPY_IN, PGRES_EMPTY_QUERY:
            return QueryResult(result)
        default:
            let primary = PQresultErrorField(result, Int32(UInt8(ascii: "M"))).map { String(cString: $0) } ?? Connection.trimmed(PQresultErrorMessage(result))
            let state = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) }
            PQclear(result)
            throw error(purpose: purpose, reason: primary, state: state)
        }
    }

    /// The error for a failed statement: its purpose and the server's reason; the kind from the SQLSTATE class.
    func error(purpose: String, reason: String, state: String?) -> DatabaseError {
        let kind: DatabaseError.Kind
        switch state?.prefix(2) {
        case "08"?, "57"?, "53"?: kind = .unavailable     // connection lost, server shutting down, out of resources
        case "22"?, "23"?, "3F"?, "42"?, "XX"?: kind = .data  // bad value, constraint, schema, name or object; PostGIS's own (GEOS) errors
        case nil: kind = PQstatus(handle) == CONNECTION_OK ? .software : .unavailable
        default: kind = .software
        }
        if PQstatus(handle) != CONNECTION_OK {
            return DatabaseError(.unavailable, "\(purpose): lost the connection to PostgreSQL at \(target): \(Connection.scrub(reason, secrets: secrets))")
        }
        return DatabaseError(kind, "\(purpose): \(Connection.scrub(reason, secrets: secrets))")
    }

    /// A message with every secret replaced by `***`, and any `password=…` or `user:secret@` form masked.
    public static func scrub(_ message: String, secrets: [String]) -> String {
        ConnectionString.mask(message, secrets: secrets)
    }

    static func trimmed(_ message: UnsafePointer<CChar>?) -> String {
        guard let message else { return "unknown error" }
        return flattened(String(cString: message))
    }

    /// libpq's multi-line text on one line.
    static func flattened(_ message: String) -> String {
        message.trimmingCharacters(in: .whitespacesAndNewlines)
            .replacingOccurrences(of: "\n\t", with: " ").replacingOccurrences(of: "\n", with: "; ")
    }
}

/// The rows of one statement's result (freed with the object).
public final class QueryResult {
    let handle: OpaquePointer

    init(_ handle: OpaquePointer) { self.handle = handle }
    deinit { PQclear(handle) }

    public var rowCount: Int { Int(PQntuples(handle)) }
    public var columnCount: Int { Int(PQnfields(handle)) }

    public func isNull(_ row: Int, _ column: Int) -> Bool { PQgetisnull(handle, Int32(row), Int32(column)) == 1 }

    /// A value in text form (`nil` for NULL).
    public func text(_ row: Int, _ column: Int) -> String? {
        if isNull(row, column) { return nil }
        return String(cString: PQgetvalue(handle, Int32(row), Int32(column)))
    }

    /// The raw bytes of a value (binary results), valid while the result lives.
    public func bytes(_ row: Int, _ column: Int) -> UnsafeRawBufferPointer? {
        if isNull(row, column) { return nil }
        let n = Int(PQgetlength(handle, Int32(row), Int32(column)))
        return UnsafeRawBufferPointer(start: PQgetvalue(handle, Int32(row), Int32(column)), count: n)
    }
}

/// Calls `body` with a C array of the strings (NULL for `nil`), valid only during the call.
func withCStrings<R>(_ strings: [String?], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> R) -> R {
    let copies: [UnsafeMutablePointer<CChar>?] = strings.map { $0.map { strdup($0) } ?? nil }
    defer { copies.forEach { free($0) } }
    let pointers: [UnsafePointer<CChar>?] = copies.map { $0.map { UnsafePointer($0) } }
    return pointers.withUnsafeBufferPointer { body($0.baseAddress) }
}
