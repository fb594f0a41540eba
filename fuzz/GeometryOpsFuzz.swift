// libFuzzer target: GeoJSON reader → GEOS conversion → validity, area, buffer, compiled together
// with Sources/Topology (and Sources/Geometry as a module) by scripts/fuzz.
//
// Any geometry the reader accepts must go through GEOS without a crash, a leak or an error other
// than a TopologyError.

import TongchengGeometry

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    guard let document = try? GeoJSONReader().read(bytes: bytes, name: "fuzz.geojson") else { return 0 }
    for feature in document.featureCollection.features {
        guard let geometry = feature.geometry else { continue }
        do {
            let validity = try geometry.validity()
            let area = try geometry.planarArea()
            // An invalid polygon (a hole outside its shell) may come out negative: shell minus holes.
            guard area.isFinite, area >= 0 || !validity.isValid else { fatalError("planar area \(area) of a valid geometry") }
            let length = try geometry.planarLength()
            guard length.isFinite, length >= 0 else { fatalError("planar length \(length)") }
            // Buffers of invalid polygons are GEOS's business; one small buffer per geometry keeps runs fast.
            let grown = try geometry.buffer(0.001, style: BufferStyle(quadrantSegments: 2))
            _ = try grown.planarArea()
            if !validity.isValid { _ = try geometry.madeValid() }
        } catch is TopologyError {
            continue
        } catch {
            fatalError("a GEOS operation threw something other than a TopologyError: \(error)")
        }
    }
    return 0
}
