import Foundation
import TestSupport
import TongchengPostGIS
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The database client's reliability: bounded waits, cancelled statements, streamed pulls, and
/// connection strings read by libpq with their passwords never shown.
@Suite struct DatabaseClientTests {
    /// A TCP listener on 127.0.0.1 that accepts connections and never answers (what a stuck
    /// server or a black-holing proxy looks like to libpq). Closed when the object goes away.
    final class SilentServer {
        let fd: Int32
        let port: Int
        init() throws {
            let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = 0
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socketFD, $0, length) } }
            guard socketFD >= 0, bound == 0, listen(socketFD, 16) == 0 else {
                close(socketFD)
                throw ThrowawayServer.ServerError(message: "cannot listen on 127.0.0.1")
            }
            _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socketFD, $0, &length) } }
            fd = socketFD
            port = Int(UInt16(bigEndian: address.sin_port))
            // The kernel completes the handshakes from the backlog: nothing is ever read or written.
        }
        deinit { close(fd) }
    }

    @Test func aServerThatNeverAnswersTimesOutWithExit69() throws {
        let server = try SilentServer()
        let conninfo = "host=127.0.0.1 port=\(server.port) dbname=tc user=planner connect_timeout=2"
        for command in [["db", "pull", "t"], ["area", "pg:t"], ["db", "push", "geodata/plan/zone.geojson", "--table", "t"]] {
            let r = try Tool.run(command + ["--db", conninfo])
            #expect(r.code == 69, "\(command): \(r.stderr)")
            #expect(r.stderr.contains("127.0.0.1:\(server.port)") && r.stderr.contains("no answer within 2 s"), "\(command): \(r.stderr)")
        }
        // Without connect_timeout in the string, the default of 10 s applies (libpq's own is for ever).
        let r = try Tool.run(["db", "pull", "t"], environment: ["TONGCHENG_DB": "host=127.0.0.1 port=\(server.port) dbname=tc user=planner"])
        #expect(r.code == 69, "\(r.stderr)")
        #expect(r.stderr.contains("no answer within 10 s (connect_timeout"), "\(r.stderr)")
    }

    @Test func malformedConnectionStringsAreUsageErrorsThatNeverShowThePassword() throws {
        let cases: [(String, [String])] = [
            ("postgresql://planner:Pass@wordLEAK@127.0.0.1:5499/tc", ["wordLEAK", "Pass@"]),
            ("postgresql://planner:Sec%ZZret@127.0.0.1:5499/tc", ["Sec%ZZ", "ZZret"]),
            ("host=127.0.0.1 password='Qx7secret", ["Qx7secret"]),
        ]
        for (text, leaks) in cases {
            for (args, env) in [(["--db", text], [String: String]()), ([], ["TONGCHENG_DB": text])] {
                for command in [["db", "pull", "t"], ["area", "pg:t"]] {
                    let r = try Tool.run(command + args, environment: env)
                    #expect(r.code == 64, "\(command) \(text): \(r.code) \(r.stderr)")
                    #expect(r.stderr.contains("connection"), "\(r.stderr)")
                    for leak in leaks { #expect(!r.stderr.contains(leak) && !r.stdout.contains(leak), "\(leak) shown: \(r.stderr)") }
                }
            }
        }
        let at = try Tool.run(["db", "pull", "t", "--db", cases[0].0])
        #expect(at.stderr.contains("%40"), "\(at.stderr)")
    }

    @Test func statementTimeoutStopsASlowStatementWithExit69() throws {
        let db = try ThrowawayServer.connect()
        try db.query("CREATE OR REPLACE VIEW slow_view AS SELECT 1 AS n, ST_Point(0, 0, 4326) AS geom FROM pg_sleep(30)", purpose: "test")
        let r = try Tool.run(["db", "pull", "slow_view", "--statement-timeout", "1s", "--db", try ThrowawayServer.conninfo()])
        #expect(r.code == 69, "\(r.stderr)")
        #expect(r.stderr.contains("statement timeout"), "\(r.stderr)")
        let bad = try Tool.run(["db", "pull", "slow_view", "--statement-timeout", "0x10", "--db", try ThrowawayServer.conninfo()])
        #expect(bad.code == 64 && bad.stderr.contains("--statement-timeout 0x10"), "\(bad.stderr)")
    }

    @Test func aSignalCancelsTheRunningStatementOnTheServer() throws {
        let db = try ThrowawayServer.connect()
        try db.query("CREATE OR REPLACE VIEW cancel_me AS SELECT 1 AS n, ST_Point(0, 0, 4326) AS geom FROM pg_sleep(600)", purpose: "test")
        let psql = "/usr/lib/postgresql/15/bin/psql"
        let info = try ThrowawayServer.conninfo()
        // Without a cancel the backend would sleep on for 10 minutes after the client died.
        let script = """
        count() { "$2" -X -At "$1" -c "SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%cancel_me%' AND state = 'active' AND pid <> pg_backend_pid()"; }
        "$3" db pull cancel_me > /dev/null & tool=$!
        for i in $(seq 1200); do [ "$(count "$1" "$2")" -ge 1 ] && break; sleep 0.1; done
        echo "running $(count "$1" "$2")"
        kill -TERM $tool; wait $tool; echo "exit $?"
        for i in $(seq 1200); do [ "$(count "$1" "$2")" = 0 ] && break; sleep 0.1; done
        echo "left $(count "$1" "$2")"
        """
        var env = ProcessInfo.processInfo.environment
        env["TONGCHENG_DB"] = info
        let r = try Spawn.run("/bin/bash", ["-c", script, "bash", info, psql, Tool.executable.path], in: ThrowawayServer.root.path, watchdog: 600, environment: env)
        #expect(r.stdoutText.contains("running 1"), "\(r.stdoutText) \(r.stderrText)")
        #expect(r.stdoutText.contains("exit 143"), "\(r.stdoutText)")
        #expect(r.stdoutText.contains("left 0"), "the statement still runs on the server: \(r.stdoutText)")
    }

    /// Peak resident memory of `tongcheng db pull TABLE > /dev/null`, by GNU time, in KiB.
    func pullPeakKiB(_ table: String) throws -> Int {
        var env = ProcessInfo.processInfo.environment
        env["TONGCHENG_DB"] = try ThrowawayServer.conninfo()
        let r = try Spawn.run("/usr/bin/time", ["-f", "%M", Tool.executable.path, "db", "pull", table],
                              in: ThrowawayServer.root.path, stdoutPath: "/dev/null", watchdog: 900, environment: env)
        #expect(r.status == 0, "\(r.stderrText)")
        return Int(r.stderrText.split(separator: "\n").last?.trimmingCharacters(in: .whitespaces) ?? "") ?? -1
    }

    @Test func pullStreamsRowsInBoundedMemory() throws {
        let db = try ThrowawayServer.connect()
        // 300,000 rows of about 550 bytes each: 165 MB if held, as the pull once held them.
        try db.query("DROP TABLE IF EXISTS many_rows, one_row", purpose: "test")
        try db.query("CREATE TABLE many_rows AS SELECT g AS n, repeat('x', 400) AS note, ST_SetSRID(ST_Point(g * 1e-6, 0.5), 4326) AS geom FROM generate_series(1, 300000) g", purpose: "test")
        try db.query("CREATE TABLE one_row AS SELECT * FROM many_rows LIMIT 1", purpose: "test")
        let floor = try pullPeakKiB("one_row"), many = try pullPeakKiB("many_rows")
        #expect(floor > 0 && many > 0)
        #expect(many - floor < 64 * 1024, "peak \(many) KiB for 300,000 rows against \(floor) KiB for one")
        // And what was written is every row.
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("tongcheng-many-\(UUID().uuidString).geojson")
        defer { try? FileManager.default.removeItem(at: out) }
        let r = try Tool.run(["db", "pull", "many_rows", "-o", out.path], environment: ["TONGCHENG_DB": try ThrowawayServer.conninfo()])
        #expect(r.code == 0, "\(r.stderr)")
        let text = try String(contentsOf: out, encoding: .utf8)
        #expect(text.components(separatedBy: "\"type\":\"Feature\"").count - 1 == 300_000)
        #expect(text.hasSuffix("\n]}\n"))
    }
}
