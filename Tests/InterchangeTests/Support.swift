import Foundation
import TongchengGeodesy
import TongchengGeometry
@testable import TongchengInterchange
import TestSupport

/// Paths of the fixtures written by ogr2ogr (scripts/fixtures/make-interchange-fixtures).
enum Fixture {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let folder = root.appendingPathComponent("Tests/Fixtures/interchange")

    static func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// The original the fixtures were written from, through the native GeoJSON reader.
    static func original(_ name: String) throws -> FeatureCollection {
        try GeoJSONReader().read(file: path("source/\(name).geojson")).featureCollection
    }

    /// A fresh temporary folder.
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tongcheng-interchange-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Collects warnings.
    final class Warnings: @unchecked Sendable {
        private let lock = NSLock()
        private var list: [String] = []
        var messages: [String] { lock.withLock { list } }
        var sink: @Sendable (String) -> Void { { [self] m in lock.withLock { list.append(m) } } }
    }

    /// Runs a command-line tool (ogrinfo) through the shared posix_spawn launcher; its exit code
    /// and its standard output and error together.
    static func run(_ tool: String, _ arguments: [String]) throws -> (Int32, String) {
        let r = try Spawn.run("/usr/bin/env", [tool] + arguments, watchdog: 600)
        return (r.status, r.stdoutText + r.stderrText)
    }
}

/// The relative difference of two areas.
func relativeDifference(_ a: Double, _ b: Double) -> Double { abs(a - b) / max(abs(b), 1e-300) }
