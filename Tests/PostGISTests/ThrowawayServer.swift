import Foundation
import TestSupport
import TongchengPostGIS
import Testing

/// The throwaway PostgreSQL 15 + PostGIS cluster of this test process, started once by
/// `scripts/pg-throwaway start --watch <our pid>`: initdb into a temporary folder, a Unix socket
/// in that folder only, pg_ctl. The script's watcher stops the server and removes the folder
/// when this process ends, whether the tests passed, failed or crashed. If PostgreSQL cannot be
/// started, every test that needs it fails with the script's message (never skipped).
enum ThrowawayServer {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let started: Result<String, ServerError> = {
        let script = root.appendingPathComponent("scripts/pg-throwaway").path
        let r: Spawn.Result
        do { r = try Spawn.run(script, ["start", "--watch", String(getpid())], in: root.path, watchdog: 600) } catch {
            return .failure(ServerError(message: "cannot run scripts/pg-throwaway: \(error)"))
        }
        let folder = String(decoding: r.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard r.status == 0, r.signal == 0, !folder.isEmpty else {
            return .failure(ServerError(message: "PostgreSQL 15 + PostGIS could not be started (scripts/install-deps installs postgresql-15-postgis-3): exit \(r.status): \(String(decoding: r.stderr, as: UTF8.self))"))
        }
        return .success(folder)
    }()

    /// The connection string of the running server (starting it on first use); throws if it cannot start.
    static func conninfo() throws -> String {
        "host=\(try started.get()) dbname=tongcheng user=postgres"
    }

    /// A new connection to the server.
    static func connect() throws -> Connection { try Connection(conninfo: conninfo()) }

    struct ServerError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}

/// Runs the built `tongcheng` as a user would, with extra environment variables.
enum Tool {
    struct Result {
        var code: Int32
        var stdout: String
        var stderr: String
    }

    static let executable: URL = {
        var dir = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<3 {
            let candidate = dir.appendingPathComponent("tongcheng")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return ThrowawayServer.root.appendingPathComponent(".build/debug/tongcheng")
    }()

    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        var env = ProcessInfo.processInfo.environment
        for key in env.keys where key.hasPrefix("PG") || key == "TONGCHENG_DB" { env[key] = nil }
        for (k, v) in environment { env[k] = v }
        // A watchdog of minutes against hangs only, never a time limit on the work.
        let r = try Spawn.run(executable.path, arguments, in: ThrowawayServer.root.path, watchdog: 900, environment: env)
        return Result(code: r.signal == 0 ? r.status : 128 + r.signal, stdout: String(decoding: r.stdout, as: UTF8.self), stderr: String(decoding: r.stderr, as: UTF8.self))
    }
}
