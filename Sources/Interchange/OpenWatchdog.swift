import Foundation
import TongchengGeometry

/// Bounds the work GDAL may do to open a source and find its layer. GDAL offers no way to
/// interrupt a driver (a GeoPackage whose layer is a recursive view queries forever), so when
/// the limit is reached the process ends with exit 65 and a message naming the file: a bounded,
/// explained failure instead of a hang. Only the opening is bounded, never the reading of
/// features, whose time grows with the data.
///
/// The limit is **CPU time of the opening thread**, not wall time, so that the answer does not
/// depend on how busy the machine is: a 20,000-layer GeoPackage (255 MB) takes 30–40 s of CPU to list
/// (and then meets the layer cap's own message, exit 65), but took over 120 s of wall time on a machine at
/// load 25. A wall-clock backstop of ten times the limit (at least 10 minutes) ends opens that
/// wait without computing (a source on a stalled network mount).
///
/// ```swift
/// let watchdog = OpenWatchdog(file: "plan.gpkg", seconds: 120)
/// // … open …
/// watchdog.stop()
/// ```
struct OpenWatchdog {
    /// Polls the opening thread's CPU clock; cancelling it (thread-safe in Dispatch) is all `stop` does.
    private let timer: DispatchSourceTimer

    init(file: String, seconds: Double) {
        let message = "tongcheng: error: " + TextExcerpt.forTerminal("\(file): opening the source took more than \(Self.shown(seconds)) s "
            + "(a layer defined by a view that never ends, or a damaged file?); export the layer you need with ogr2ogr") + "\n"
        var clock = clockid_t()
        var startCPU = timespec()
        let haveClock = pthread_getcpuclockid(pthread_self(), &clock) == 0 && clock_gettime(clock, &startCPU) == 0
        let cpuAtStart = Double(startCPU.tv_sec) + Double(startCPU.tv_nsec) / 1e9
        let started = Date()
        let backstop = max(seconds * 10, 600)
        let expire = {
            FileHandle.standardError.write(Data(message.utf8))
            _exit(65)
        }
        timer = DispatchSource.makeTimerSource(queue: .global())
        let interval = min(0.25, seconds / 4)
        timer.schedule(deadline: .now() + interval, repeating: interval)
        timer.setEventHandler {
            if Date().timeIntervalSince(started) >= backstop { expire() }
            guard haveClock else {
                // Without a thread clock (not expected on Linux), wall time is the limit.
                if Date().timeIntervalSince(started) >= seconds { expire() }
                return
            }
            var used = timespec()
            // The opening thread is alive until `stop`; if it were not, the clock would fail and nothing happens.
            guard clock_gettime(clock, &used) == 0 else { return }
            if Double(used.tv_sec) + Double(used.tv_nsec) / 1e9 - cpuAtStart >= seconds { expire() }
        }
        timer.resume()
    }

    func stop() {
        timer.cancel()
    }

    /// `2`, `0.5`, `120`: the limit as the user set it.
    static func shown(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }
}
