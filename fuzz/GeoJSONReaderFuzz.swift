// libFuzzer target over the GeoJSON reader, compiled together with Sources/Geometry by scripts/fuzz.
//
// Every input must either be read or be refused with a GeoJSONError that names a location; a
// document that is read must survive the writer and read back to the same features.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    for options in [GeoJSONReadOptions(geographic: true), GeoJSONReadOptions(geographic: false)] {
        let reader = GeoJSONReader(options: options)
        let document: GeoJSONDocument
        do {
            document = try reader.read(bytes: bytes, name: "fuzz.geojson")
        } catch let error as GeoJSONError {
            // The message must be printable and name the input.
            let text = error.description
            guard text.hasPrefix("fuzz.geojson") else { fatalError("error without the file name: \(text)") }
            guard error.kind == .malformedJSON || error.kind == .invalidGeoJSON else { fatalError("unexpected error kind: \(text)") }
            continue
        } catch {
            fatalError("the reader threw something other than a GeoJSONError: \(error)")
        }
        let collection = document.featureCollection
        let written = GeoJSONWriter().string(collection)
        let again: FeatureCollection
        do {
            again = try reader.read(string: written, name: "written.geojson").featureCollection
        } catch {
            fatalError("the writer's output does not read back: \(error)\n\(written)")
        }
        guard again.features == collection.features else {
            fatalError("writing and reading back changed the features\n\(written)")
        }
    }
    return 0
}
