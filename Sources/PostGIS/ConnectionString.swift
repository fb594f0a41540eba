import CLibPQ
import Foundation

/// A connection string (`host=… dbname=…` or a `postgresql://` URI) read by libpq's own parser
/// (`PQconninfoParse`), so that Tongcheng and libpq agree on what it says. A malformed string is
/// a usage error (sysexits 64) whose message never shows the password, however it was written:
/// percent-encoded, with an unencoded `@`, or with a bad `%` escape.
///
/// ```swift
/// let s = try ConnectionString("postgresql://planner:s3cret@db.example/plan")
/// s.value("host")          // "db.example"
/// s.secrets                // ["s3cret"]
/// ```
public struct ConnectionString: Sendable {
    /// The options the string sets, in libpq's order (unset ones left out).
    public private(set) var options: [(keyword: String, value: String)]
    /// Every spelling of a password found in the string (raw and decoded), to mask in messages.
    public let secrets: [String]

    /// libpq's default `connect_timeout` is none (wait for ever); ours, in seconds. A string's
    /// own `connect_timeout=N` or the `PGCONNECT_TIMEOUT` variable takes precedence.
    public static let defaultConnectTimeoutSeconds = 10

    public init(_ text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        var secrets = ConnectionString.rawPasswords(in: text)
        if let p = environment["PGPASSWORD"], !p.isEmpty { secrets.append(p) }
        var err: UnsafeMutablePointer<CChar>?
        guard let parsed = PQconninfoParse(text, &err) else {
            let reason = err.map { String(cString: $0) } ?? "libpq could not read it"
            if let err { PQfreemem(err) }
            throw DatabaseError(.usage, "the PostgreSQL connection string (--db or TONGCHENG_DB) is not valid: \(ConnectionString.mask(Connection.flattened(reason), secrets: secrets))")
        }
        if let err { PQfreemem(err) }
        var options: [(String, String)] = []
        var p = parsed
        while let keyword = p.pointee.keyword {
            if let v = p.pointee.val { options.append((String(cString: keyword), String(cString: v))) }
            p += 1
        }
        PQconninfoFree(parsed)
        for (k, v) in options where k == "password" && !v.isEmpty { secrets.append(v) }
        self.options = options
        self.secrets = Array(Set(secrets.filter { !$0.isEmpty })).sorted { $0.count > $1.count }
        // An unencoded '@' in a URI's password leaves the rest of the password in the host name.
        if ConnectionString.isURI(text), let host = value("host"), host.contains("@") {
            throw DatabaseError(.usage, "the PostgreSQL connection URI (--db or TONGCHENG_DB) is not valid: it has more than one '@' before the host; write an '@' in the user name or password as %40")
        }
    }

    /// The value of `keyword`, if the string sets it.
    public func value(_ keyword: String) -> String? { options.last { $0.keyword == keyword }?.value }

    /// Sets (or replaces) an option.
    public mutating func set(_ keyword: String, _ value: String) {
        options.removeAll { $0.keyword == keyword }
        options.append((keyword, value))
    }

    /// The options with Tongcheng's defaults added: `connect_timeout` (10 s) unless the string or
    /// `PGCONNECT_TIMEOUT` names one.
    public func withDefaults(environment: [String: String] = ProcessInfo.processInfo.environment) -> ConnectionString {
        var s = self
        if value("connect_timeout") == nil && (environment["PGCONNECT_TIMEOUT"] ?? "").isEmpty {
            s.set("connect_timeout", String(Self.defaultConnectTimeoutSeconds))
        }
        return s
    }

    /// The string in libpq's keyword form (values quoted), e.g. to add options to a URI.
    public var keywordForm: String {
        options.map { "\($0.keyword)='\($0.value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'"))'" }
            .joined(separator: " ")
    }

    /// `message` with every secret of this string replaced by `***`.
    public func mask(_ message: String) -> String { ConnectionString.mask(message, secrets: secrets) }

    /// A message with every secret replaced by `***`, and any `password=…` or `user:secret@` form masked.
    public static func mask(_ message: String, secrets: [String]) -> String {
        var s = message
        for secret in secrets.sorted(by: { $0.count > $1.count }) where !secret.isEmpty {
            s = s.replacingOccurrences(of: secret, with: "***")
        }
        s = s.replacingOccurrences(of: #"(?i)(password\s*=\s*)('[^']*'|\S+)"#, with: "$1***", options: .regularExpression)
        s = s.replacingOccurrences(of: #"(://[^:@/\s]*):[^/\s]*@"#, with: "$1:***@", options: .regularExpression)
        return s
    }

    static func isURI(_ text: String) -> Bool {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        return t.hasPrefix("postgresql://") || t.hasPrefix("postgres://")
    }

    /// Passwords as written, before libpq reads them, so that even a string it refuses cannot show
    /// one: a URI's `user:password@` (up to the last '@' before the path) raw and percent-decoded,
    /// and a keyword string's `password=` value.
    static func rawPasswords(in text: String) -> [String] {
        var out: [String] = []
        if isURI(text), let scheme = text.range(of: "://") {
            let rest = text[scheme.upperBound...]
            let authority = rest.prefix { $0 != "/" && $0 != "?" }
            if let at = authority.lastIndex(of: "@") {
                let userinfo = authority[..<at]
                if let colon = userinfo.firstIndex(of: ":") {
                    let raw = String(userinfo[userinfo.index(after: colon)...])
                    out.append(raw)
                    if let decoded = raw.removingPercentEncoding { out.append(decoded) }
                    // Pieces around an unencoded '@' are secrets too ("Pass@wordLEAK" → "wordLEAK").
                    out.append(contentsOf: raw.split(separator: "@").map(String.init).filter { $0.count >= 3 })
                }
            }
        }
        if let r = text.range(of: #"(?i)password\s*=\s*('(?:[^'\\]|\\.)*'|\S+)"#, options: .regularExpression) {
            var v = String(text[r]).drop { $0 != "=" }.dropFirst().trimmingCharacters(in: .whitespaces)
            if v.hasPrefix("'") && v.hasSuffix("'") && v.count >= 2 { v = String(v.dropFirst().dropLast()) }
            out.append(v)
        }
        return out.filter { !$0.isEmpty }
    }
}
