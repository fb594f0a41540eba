import Foundation
import TestSupport
import Testing

/// Headless Chromium (apt `chromium`) for the viewer's tests: it opens a page from `file://`,
/// lets its scripts run, and returns the DOM after them, what the browser logged and its network
/// log. Tests fail — never skip — when Chromium is missing (`scripts/install-deps` installs it).
///
/// Every request goes to a dead proxy on 127.0.0.1 and every host name resolves to nothing, so
/// neither the page nor the browser's own services can reach anything off this machine; a
/// request the page makes still shows in the network log, which is how the tests catch one.
enum Browser {
    struct Run {
        /// The serialised DOM after the scripts ran.
        var dom: String
        /// What Chromium wrote to stderr (with `--enable-logging=stderr`: console messages appear
        /// as `…:CONSOLE…] "message", source: …`).
        var log: String
        /// The network log (JSON written by `--log-net-log`).
        var netLog: String

        /// Lines of the log that come from the page's console.
        var consoleLines: [String] { log.split(separator: "\n").map(String.init).filter { $0.contains(":CONSOLE") } }

        /// Requests the page made: network-log entries whose isolation key is the file:// page
        /// (the browser's own background requests carry other keys).
        var pageRequests: [String] {
            var out: [String] = []
            var rest = netLog[...]
            while let r = rest.range(of: #""network_isolation_key":"file://"#) {
                let before = netLog[..<r.lowerBound].suffix(600)
                if let u = before.range(of: #""url":""#, options: .backwards) {
                    out.append(String(before[u.upperBound...].prefix { $0 != "\"" }))
                } else {
                    out.append("?")
                }
                rest = netLog[r.upperBound...]
            }
            return out
        }
    }

    /// The Chromium executable on the PATH, if any.
    static var executable: String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") + ["/usr/bin"] {
            for name in ["chromium", "chromium-browser", "google-chrome"] {
                let candidate = "\(dir)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return nil
    }

    /// Opens `file` (with `#fragment`) and returns the DOM after its scripts ran. A watchdog of
    /// three minutes ends a browser that hangs; it is not a measure of speed.
    static func open(_ file: String, fragment: String = "") throws -> Run {
        let chromium = try #require(executable, "headless Chromium is needed for the viewer tests: apt-get install chromium (scripts/install-deps)")
        let work = temporaryFolder()
        let netLog = work + "/net.json"
        let url = URL(fileURLWithPath: file).absoluteString + (fragment.isEmpty ? "" : "#" + fragment)
        let arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=" + work + "/profile", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-default-apps",
            "--disable-extensions", "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9",
            "--enable-logging=stderr", "--v=0", "--log-net-log=" + netLog, "--virtual-time-budget=10000",
            "--window-size=1400,900", "--dump-dom", url,
        ]
        // posix_spawn + waitpid (TestSupport): Foundation's Process can miss a child's exit under load.
        let r = try Spawn.run(chromium, arguments, in: work, watchdog: 180)
        defer { try? FileManager.default.removeItem(atPath: work) }
        let log = r.stderrText
        #expect(r.signal == 0 && r.status == 0, "chromium exited with \(r.status) (signal \(r.signal)): \(log.suffix(2000))")
        let dom = r.stdout
        let net = (try? String(contentsOfFile: netLog, encoding: .utf8)) ?? ""
        return Run(dom: String(decoding: dom, as: UTF8.self), log: log, netLog: net)
    }

    /// The JSON the page's `#selftest` hook wrote into `<pre id="tc-selftest">`.
    static func selfTest(_ run: Run) throws -> [String: Any] {
        guard let start = run.dom.range(of: "<pre id=\"tc-selftest\">"), let end = run.dom.range(of: "</pre>", range: start.upperBound..<run.dom.endIndex) else {
            Issue.record("the page wrote no self-test result (did its script run?): \(run.consoleLines.joined(separator: "\n"))")
            return [:]
        }
        let text = String(run.dom[start.upperBound..<end.lowerBound])
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&nbsp;", with: "\u{A0}").replacingOccurrences(of: "&amp;", with: "&")
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try #require(object as? [String: Any])
    }
}
