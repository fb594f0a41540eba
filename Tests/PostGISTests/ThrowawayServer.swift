import Foundation
import PostGIS
import Testing

/// The throwaway PostgreSQL 15 + PostGIS cluster of this test process, started once by
/// `scripts/pg-throwaway start --watch <our pid>`: initdb into a temporary folder, a Unix socket
/// in that folder only, pg_ctl. The script's watcher stops the server and removes the folder
/// when this process ends, whether the tests passed, failed or crashed. If PostgreSQL cannot be
/// started, every test that needs it fails with the script's message (never skipped).
enum ThrowawayServer {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let started: Result<String, ServerError> = {
        let process = Process()
        process.executableURL = root.appendingPathComponent("scripts/pg-throwaway")
        process.arguments = ["start", "--watch", String(getpid())]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        do { try process.run() } catch { return .failure(ServerError(message: "cannot run scripts/pg-throwaway: \(error)")) }
        let folder = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0, !folder.isEmpty else {
            return .failure(ServerError(message: "PostgreSQL 15 + PostGIS could not be started (scripts/install-deps installs postgresql-15-postgis-3): exit \(process.terminationStatus): \(message)"))
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
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = ThrowawayServer.root
        var env = ProcessInfo.processInfo.environment
        for key in env.keys where key.hasPrefix("PG") || key == "TONGCHENG_DB" { env[key] = nil }
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        final class Box: @unchecked Sendable { var data = Data() }
        let errBox = Box()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errBox.data = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Result(code: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errBox.data, as: UTF8.self))
    }
}
