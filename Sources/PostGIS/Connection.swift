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

    public init(conninfo: String) throws {
        var secrets = Connection.passwords(in: conninfo)
        if let p = ProcessInfo.processInfo.environment["PGPASSWORD"], !p.isEmpty { secrets.append(p) }
        self.secrets = secrets
        guard let conn = PQconnectdb(conninfo) else {
            throw DatabaseError(.software, "cannot connect to PostgreSQL: libpq could not allocate a connection")
        }
        handle = conn
        let host = PQhost(conn).map { String(cString: $0) } ?? "?"
        let port = PQport(conn).map { String(cString: $0) } ?? "?"
        let db = PQdb(conn).map { String(cString: $0) } ?? "?"
        let user = PQuser(conn).map { String(cString: $0) } ?? "?"
        target = Connection.scrub("\(host):\(port)/\(db) as \(user)", secrets: secrets)
        if PQstatus(conn) != CONNECTION_OK {
            let reason = Connection.scrub(Connection.trimmed(PQerrorMessage(conn)), secrets: secrets)
            throw DatabaseError(.unavailable, "cannot connect to PostgreSQL at \(target): \(reason)")
        }
        // Notices (IF NOT EXISTS, implicit index names) are not the user's business.
        PQsetNoticeProcessor(conn, { _, _ in }, nil)
    }

    deinit { PQfinish(handle) }

    /// Runs one statement with text parameters `$1…`; results in text (`binary: false`) or binary form.
    @discardableResult
    public func query(_ sql: String, _ parameters: [String?] = [], purpose: String, binary: Bool = false) throws -> QueryResult {
        let result: OpaquePointer? = withCStrings(parameters) { values in
            PQexecParams(handle, sql, Int32(parameters.count), nil, values, nil, nil, binary ? 1 : 0)
        }
        return try check(result, purpose: purpose)
    }

    /// Streams `COPY … FROM STDIN`: `body` receives a function that sends one chunk of the COPY data.
    public func copyIn(_ sql: String, purpose: String, _ body: (_ send: (UnsafeRawBufferPointer) throws -> Void) throws -> Void) throws {
        let start = PQexec(handle, sql)
        guard let start, PQresultStatus(start) == PGRES_COPY_IN else {
            _ = try check(start, purpose: purpose)
            throw DatabaseError(.software, "\(purpose): the server did not start the copy")
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
        while let r = PQgetResult(handle) {
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

    /// The password(s) a conninfo string or URI carries, so that messages can strip them.
    static func passwords(in conninfo: String) -> [String] {
        var out: [String] = []
        var err: UnsafeMutablePointer<CChar>?
        if let options = PQconninfoParse(conninfo, &err) {
            var p = options
            while let keyword = p.pointee.keyword {
                if String(cString: keyword) == "password", let v = p.pointee.val { out.append(String(cString: v)) }
                p += 1
            }
            PQconninfoFree(options)
        }
        if let err { PQfreemem(err) }
        return out.filter { !$0.isEmpty }
    }

    /// A message with every secret replaced by `***`, and any `password=…` or `user:secret@` form masked.
    public static func scrub(_ message: String, secrets: [String]) -> String {
        var s = message
        for secret in secrets where !secret.isEmpty { s = s.replacingOccurrences(of: secret, with: "***") }
        s = s.replacingOccurrences(of: #"(?i)(password\s*=\s*)('[^']*'|\S+)"#, with: "$1***", options: .regularExpression)
        s = s.replacingOccurrences(of: #"(://[^:@/\s]*):[^@\s]*@"#, with: "$1:***@", options: .regularExpression)
        return s
    }

    static func trimmed(_ message: UnsafePointer<CChar>?) -> String {
        guard let message else { return "unknown error" }
        return String(cString: message).trimmingCharacters(in: .whitespacesAndNewlines)
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
