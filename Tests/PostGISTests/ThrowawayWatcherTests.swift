import Foundation
import TestSupport
import Testing

/// `scripts/pg-throwaway start --watch PID` stops its cluster when PID ends even when the clone
/// it came from is gone by then (a fresh clone deleted right after its test run left servers
/// running when the watcher called the script by its path).
@Suite struct ThrowawayWatcherTests {
    @Test func watcherStopsTheServerAfterTheCloneIsDeleted() throws {
        let fm = FileManager.default
        let clone = fm.temporaryDirectory.appendingPathComponent("tongcheng-clone-\(UUID().uuidString)")
        try fm.createDirectory(at: clone.appendingPathComponent("scripts"), withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: clone) }
        let copy = clone.appendingPathComponent("scripts/pg-throwaway").path
        try fm.copyItem(atPath: ThrowawayServer.root.appendingPathComponent("scripts/pg-throwaway").path, toPath: copy)
        // A stand-in for the test process: started, watched, then (after the clone is deleted) ended.
        let script = """
        sleep 600 & watched=$!
        dir=$("$1/scripts/pg-throwaway" start --watch "$watched") || { kill "$watched"; exit 69; }
        pid=$(head -1 "$dir/data/postmaster.pid")
        rm -rf "$1"
        kill "$watched"
        echo "$dir $pid"
        """
        let r = try Spawn.run("/bin/bash", ["-c", script, "bash", clone.path], in: "/", watchdog: 600)
        let words = r.stdoutText.split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        try #require(r.status == 0 && words.count == 2, "pg-throwaway start failed: \(r.stderrText)")
        #expect(!fm.fileExists(atPath: clone.path))
        let folder = words[0], postmaster = pid_t(words[1]) ?? 0
        #expect(postmaster > 0)
        // The watcher polls once a second; a watchdog of minutes for a hang, not a time limit.
        var stopped = false
        for _ in 0..<1200 {
            if !fm.fileExists(atPath: folder) && kill(postmaster, 0) != 0 { stopped = true; break }
            usleep(100_000)
        }
        #expect(stopped, "the cluster in \(folder) (postmaster \(postmaster)) is still there")
    }
}
