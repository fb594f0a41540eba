/// Where in a JSON document a value lies, written like `features[12].geometry.coordinates[0][3]`.
///
/// ```swift
/// let p = JSONPath([.key("features"), .index(12), .key("geometry")])
/// print(p)  // features[12].geometry
/// ```
public struct JSONPath: Sendable, Hashable, CustomStringConvertible {
    public enum Component: Sendable, Hashable {
        case key(String)
        case index(Int)
    }

    public var components: [Component]

    public init(_ components: [Component] = []) { self.components = components }

    public var description: String {
        if components.isEmpty { return "(top level)" }
        var s = ""
        for c in components {
            switch c {
            case .index(let i): s += "[\(i)]"
            case .key(let k):
                let plain = !k.isEmpty && k.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A) || $0 == 0x5F }
                if plain { s += s.isEmpty ? k : ".\(k)" } else { s += "[\(JSONText.quote(k))]" }
            }
        }
        return s
    }
}

/// Why a GeoJSON input could not be read: the file, the JSON location, the line and column, and what is wrong.
///
/// ```swift
/// do { _ = try GeoJSONReader().read(file: "plan.geojson") }
/// catch let e as GeoJSONError { print(e) }  // plan.geojson:3:17: features[0].geometry.coordinates[0]: …
/// ```
public struct GeoJSONError: Error, Sendable, CustomStringConvertible, Equatable {
    public enum Kind: Sendable, Equatable {
        /// The file does not exist.
        case missingFile
        /// The file exists but cannot be read (a folder, no permission, an I/O error).
        case unreadableFile
        /// The bytes are not valid JSON.
        case malformedJSON
        /// Valid JSON, but not valid GeoJSON (wrong type, bad ring, bad position, …).
        case invalidGeoJSON
    }

    public var kind: Kind
    /// The input's name as the user gave it (`-` reads as `<stdin>`), or `nil` for in-memory data.
    public var file: String?
    public var path: JSONPath
    /// 1-based line and column of the offending byte (0 when unknown).
    public var line: Int
    public var column: Int
    public var message: String

    public init(kind: Kind, file: String?, path: JSONPath = JSONPath(), line: Int = 0, column: Int = 0, message: String) {
        self.kind = kind
        self.file = file
        self.path = path
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        let name = file ?? "<data>"
        switch kind {
        case .missingFile, .unreadableFile: return "\(name): \(message)"
        case .malformedJSON, .invalidGeoJSON:
            let position = line > 0 ? "\(name):\(line):\(column)" : name
            return "\(position): at \(path): \(message)"
        }
    }
}
