extension JSONValue {
    /// Parses any JSON text (a plan manifest, a tool's JSON output) into a lossless value: number
    /// literals and key order are kept. Errors carry the name, line, column and JSON path, like the
    /// GeoJSON reader's (it is the same parser).
    ///
    /// ```swift
    /// let manifest = try JSONValue.parse(#"{"name":"兰考","layers":{"zone":"plan/zone.geojson"}}"#, name: "plan.json")
    /// manifest["layers"]?["zone"]?.stringValue  // "plan/zone.geojson"
    /// ```
    public static func parse(_ text: String, name: String? = nil) throws -> JSONValue {
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBufferPointer { buffer in
            var parser = GeoJSONParser(bytes: buffer, options: GeoJSONReadOptions(geographic: false), file: name)
            parser.skipWhitespace()
            let value = try parser.parseValue()
            parser.skipWhitespace()
            if parser.i < parser.count { throw parser.syntax("unexpected \(parser.describe(parser.peek())) after the JSON value") }
            return value
        }
    }
}
