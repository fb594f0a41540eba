/// JSON text for values: strings escaped, numbers as written, keys in their stored order.
///
/// ```swift
/// JSONText.encode(["name": "兰考县"])  // {"name":"兰考县"}
/// ```
public enum JSONText {
    /// Encodes a value as compact JSON.
    public static func encode(_ value: JSONValue) -> String {
        var out = ""
        append(value, to: &out)
        return out
    }

    /// A string as a JSON string literal. Non-ASCII text stays as UTF-8; control characters are escaped.
    public static func quote(_ s: String) -> String {
        var out = ""
        appendQuoted(s, to: &out)
        return out
    }

    static func append(_ value: JSONValue, to out: inout String) {
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += n.literal
        case .string(let s): appendQuoted(s, to: &out)
        case .array(let a):
            out += "["
            for (k, v) in a.enumerated() {
                if k > 0 { out += "," }
                append(v, to: &out)
            }
            out += "]"
        case .object(let o): append(o, to: &out)
        }
    }

    static func append(_ object: JSONObject, to out: inout String) {
        out += "{"
        var first = true
        for (k, v) in object {
            if !first { out += "," }
            first = false
            appendQuoted(k, to: &out)
            out += ":"
            append(v, to: &out)
        }
        out += "}"
    }

    static func appendQuoted(_ s: String, to out: inout String) {
        out += "\""
        var needsEscape = false
        for b in s.utf8 where b < 0x20 || b == 0x22 || b == 0x5C {
            needsEscape = true
            break
        }
        if !needsEscape {
            out += s
        } else {
            for scalar in s.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case _ where scalar.value < 0x20:
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                default: out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}

/// Writes GeoJSON deterministically: the same features always give the same bytes.
///
/// Members come in a fixed order (`type`, `id`, `bbox`, `properties`, `geometry`, then foreign
/// members in the order read); properties keep their order; one feature per line so that files
/// diff cleanly. Coordinates are written with the shortest text that reads back as the same
/// double (`precision: nil`, the default), or rounded to `precision` decimals.
///
/// ```swift
/// var writer = GeoJSONWriter()
/// writer.precision = 6  // about 0.1 m in latitude
/// let text = writer.string(fc)
/// ```
public struct GeoJSONWriter: Sendable {
    /// Decimals to round coordinates to; `nil` keeps every bit of the double.
    public var precision: Int?

    public init(precision: Int? = nil) {
        self.precision = precision
    }

    /// The collection as GeoJSON text, ending with a newline.
    public func string(_ collection: FeatureCollection) -> String {
        var out = "{\"type\":\"FeatureCollection\""
        if let bbox = collection.bbox { out += ",\"bbox\":"; appendNumbers(bbox, to: &out) }
        for (k, v) in collection.foreignMembers where k != "features" && k != "type" {
            out += ","
            JSONText.appendQuoted(k, to: &out)
            out += ":"
            JSONText.append(v, to: &out)
        }
        out += ",\"features\":["
        for (k, f) in collection.features.enumerated() {
            out += k == 0 ? "\n" : ",\n"
            append(f, to: &out)
        }
        out += collection.features.isEmpty ? "]}\n" : "\n]}\n"
        return out
    }

    /// One feature as GeoJSON text.
    public func string(_ feature: Feature) -> String {
        var out = ""
        append(feature, to: &out)
        return out
    }

    /// One geometry as GeoJSON text.
    public func string(_ geometry: Geometry) -> String {
        var out = ""
        append(geometry, to: &out)
        return out
    }

    func append(_ f: Feature, to out: inout String) {
        out += "{\"type\":\"Feature\""
        if let id = f.id {
            out += ",\"id\":"
            JSONText.append(id.jsonValue, to: &out)
        }
        if let bbox = f.bbox { out += ",\"bbox\":"; appendNumbers(bbox, to: &out) }
        out += ",\"properties\":"
        if let p = f.properties { JSONText.append(p, to: &out) } else { out += "null" }
        out += ",\"geometry\":"
        if let g = f.geometry { append(g, to: &out) } else { out += "null" }
        for (k, v) in f.foreignMembers where !["type", "id", "bbox", "properties", "geometry"].contains(k) {
            out += ","
            JSONText.appendQuoted(k, to: &out)
            out += ":"
            JSONText.append(v, to: &out)
        }
        out += "}"
    }

    func append(_ g: Geometry, to out: inout String) {
        out += "{\"type\":\"\(g.typeName)\","
        switch g {
        case .geometryCollection(let c):
            out += "\"geometries\":["
            for (k, child) in c.geometries.enumerated() {
                if k > 0 { out += "," }
                append(child, to: &out)
            }
            out += "]}"
            return
        default: out += "\"coordinates\":"
        }
        switch g {
        case .point(let p): appendPosition(p.position, z: p.z, to: &out)
        case .lineString(let l): appendLine(l, to: &out)
        case .polygon(let p): appendPolygon(p, to: &out)
        case .multiPoint(let m):
            out += "["
            for (k, p) in m.points.enumerated() {
                if k > 0 { out += "," }
                appendPosition(p.position, z: p.z, to: &out)
            }
            out += "]"
        case .multiLineString(let m):
            out += "["
            for (k, l) in m.lineStrings.enumerated() {
                if k > 0 { out += "," }
                appendLine(l, to: &out)
            }
            out += "]"
        case .multiPolygon(let m):
            out += "["
            for (k, p) in m.polygons.enumerated() {
                if k > 0 { out += "," }
                appendPolygon(p, to: &out)
            }
            out += "]"
        case .geometryCollection: break
        }
        out += "}"
    }

    func appendPolygon(_ p: Polygon, to out: inout String) {
        out += "["
        for (k, r) in p.rings.enumerated() {
            if k > 0 { out += "," }
            appendLine(r, to: &out)
        }
        out += "]"
    }

    func appendLine(_ l: LineString, to out: inout String) {
        out += "["
        for k in l.positions.indices {
            if k > 0 { out += "," }
            appendPosition(l.positions[k], z: l.z?[k], to: &out)
        }
        out += "]"
    }

    @inline(__always)
    func appendPosition(_ p: Position, z: Double?, to out: inout String) {
        out += "["
        appendNumber(p.x, to: &out)
        out += ","
        appendNumber(p.y, to: &out)
        if let z {
            out += ","
            appendNumber(z, to: &out)
        }
        out += "]"
    }

    func appendNumbers(_ values: [Double], to out: inout String) {
        out += "["
        for (k, v) in values.enumerated() {
            if k > 0 { out += "," }
            appendNumber(v, to: &out)
        }
        out += "]"
    }

    @inline(__always)
    func appendNumber(_ value: Double, to out: inout String) {
        var v = value
        if let precision {
            let scale = GeoJSONParser.powersOfTen[min(max(precision, 0), 22)]
            v = (value * scale).rounded() / scale
        }
        out += GeoJSONWriter.format(v)
    }

    /// Shortest round-trip text of a finite double, without a trailing ".0" for integers.
    @inline(__always)
    static func format(_ v: Double) -> String {
        if v == v.rounded(.towardZero) && abs(v) < 1e15 {
            return v == 0 ? "0" : String(Int64(v))
        }
        return v.description
    }
}
