/// Where in a JSON document a value lies, written like `features[12].geometry.coordinates[0][3]`.
/// Written for a message, so kept short (`TextExcerpt.limit`): a key is quoted with at most 40
/// characters, and a path longer than the limit (10,000 nested collections) keeps its first and
/// last steps (a key with its indices) with the count of those left out between them.
///
/// ```swift
/// let p = JSONPath([.key("features"), .index(12), .key("geometry")])
/// print(p)  // features[12].geometry
/// let deep = JSONPath([.key("features"), .index(0), .key("geometry")] + Array(repeating: [.key("geometries"), .index(0)], count: 100).flatMap { $0 })
/// print(deep)  // features[0].geometry.geometries[0].geometries[0]…(95 steps left out)….geometries[0].geometries[0].geometries[0]
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
        // One step per key, with the indices after it: `features[0]`, `.geometry`, `.coordinates[0][3]`.
        var steps: [String] = []
        for c in components {
            switch c {
            case .index(let i):
                if steps.isEmpty { steps.append("[\(i)]") } else { steps[steps.count - 1] += "[\(i)]" }
            case .key(let key):
                let plain = !key.isEmpty && key.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A) || $0 == 0x5F }
                if plain && key.utf8.count <= 40 { steps.append(steps.isEmpty ? key : ".\(key)") } else { steps.append("[\(JSONText.quote(TextExcerpt.short(key, limit: 40)))]") }
            }
        }
        let whole = steps.reduce(0) { $0 + $1.count }
        if whole <= TextExcerpt.limit { return steps.joined() }
        // The first steps (up to half the limit) and the last ones (up to 40 % of it).
        var head = 0, headLength = 0
        while head < steps.count, head == 0 || headLength + steps[head].count <= TextExcerpt.limit / 2 {
            headLength += steps[head].count
            head += 1
        }
        var tail = 0, tailLength = 0
        while head + tail < steps.count, tail == 0 || tailLength + steps[steps.count - 1 - tail].count <= TextExcerpt.limit * 2 / 5 {
            tailLength += steps[steps.count - 1 - tail].count
            tail += 1
        }
        let left = steps.count - head - tail
        if left == 0 { return steps.joined() }
        return steps[..<head].joined() + "…(\(left) steps left out)…" + steps[(steps.count - tail)...].joined()
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
