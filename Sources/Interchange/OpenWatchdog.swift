import Foundation
import TongchengGeometry

/// Bounds the time GDAL may take to open a source and find its layer. GDAL offers no way to
/// interrupt a driver (a GeoPackage whose layer is a recursive view queries forever), so when
/// the time is up the process ends with exit 65 and a message naming the file: a bounded,
/// explained failure instead of a hang. Only the opening is timed, never the reading of
/// features, whose time grows with the data.
///
/// ```swift
/// let watchdog = OpenWatchdog(file: "plan.gpkg", seconds: 120)
/// // … open …
/// watchdog.stop()
/// ```
struct OpenWatchdog {
    /// The work that ends the process; cancelling it (thread-safe in Dispatch) is all `stop` does.
    private let expiry: DispatchWorkItem

    init(file: String, seconds: Double) {
        let message = "tongcheng: error: " + TextExcerpt.forTerminal("\(file): opening the source took more than \(Int(seconds.rounded())) s "
            + "(a layer defined by a view that never ends, or a damaged file?); export the layer you need with ogr2ogr") + "\n"
        expiry = DispatchWorkItem {
            FileHandle.standardError.write(Data(message.utf8))
            _exit(65)
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds, execute: expiry)
    }

    func stop() {
        expiry.cancel()
    }
}
