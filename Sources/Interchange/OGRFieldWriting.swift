import CGDAL
import TongchengGeometry

/// The attribute columns for a set of features: one column per property key (in order of first
/// appearance), typed from the values — integers, reals, booleans, dates (`2021-10-12`),
/// date-times, text; arrays and objects as JSON text. The feature id becomes an `id` column.
struct OGRFieldSchema {
    enum Kind: Equatable { case integer, real, boolean, date, dateTime, text }

    struct Column {
        /// The property key (`id` for the feature id).
        var key: String
        /// The column's name in the output (shortened for a Shapefile).
        var name: String
        var kind: Kind
        var isFeatureID = false
    }

    private(set) var columns: [Column] = []
    /// `long name → short name` for every column a Shapefile's 10-byte limit renamed.
    private(set) var renamed: [(String, String)] = []

    init(_ features: [Feature], shortNames: Bool) {
        var order: [String] = []
        var kinds: [String: Kind?] = [:]
        let idKey = "id"
        var ids: Kind?? = nil
        for f in features {
            if let id = f.id {
                let k: Kind = { if case .number(let n) = id, Self.isInteger(n.literal) { return .integer } else { return .text } }()
                ids = .some(Self.merge(ids ?? nil, k))
            }
            for (key, value) in f.properties ?? JSONObject() {
                if kinds[key] == nil { order.append(key); kinds[key] = .some(nil) }
                if let k = Self.kind(of: value) { kinds[key] = .some(Self.merge(kinds[key] ?? nil, k)) }
            }
        }
        if let ids, kinds[idKey] == nil {
            columns.append(Column(key: idKey, name: idKey, kind: ids ?? .text, isFeatureID: true))
        }
        for key in order { columns.append(Column(key: key, name: key, kind: (kinds[key] ?? nil) ?? .text)) }
        if shortNames { shorten() }
    }

    static func isInteger(_ literal: String) -> Bool {
        !literal.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) && Int64(literal) != nil
    }

    static func kind(of value: JSONValue) -> Kind? {
        switch value {
        case .null: return nil
        case .bool: return .boolean
        case .number(let n): return isInteger(n.literal) ? .integer : .real
        case .string(let s):
            if isDate(s) { return .date }
            if isDateTime(s) { return .dateTime }
            return .text
        case .array, .object: return .text
        }
    }

    static func merge(_ a: Kind?, _ b: Kind) -> Kind {
        guard let a, a != b else { return b }
        if (a == .integer && b == .real) || (a == .real && b == .integer) { return .real }
        if (a == .date && b == .dateTime) || (a == .dateTime && b == .date) { return .dateTime }
        return .text
    }

    /// `YYYY-MM-DD`.
    static func isDate(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard u.count == 10, u[4] == 0x2D, u[7] == 0x2D else { return false }
        return [0, 1, 2, 3, 5, 6, 8, 9].allSatisfy { u[$0] >= 0x30 && u[$0] <= 0x39 }
    }

    /// `YYYY-MM-DDTHH:MM:SS`, optionally with fractions and a zone.
    static func isDateTime(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard u.count >= 19, isDate(String(decoding: u[0..<10], as: UTF8.self)), u[10] == 0x54 || u[10] == 0x20,
              u[13] == 0x3A, u[16] == 0x3A else { return false }
        return [11, 12, 14, 15, 17, 18].allSatisfy { u[$0] >= 0x30 && u[$0] <= 0x39 }
    }

    /// DBF field names hold at most 10 bytes: names are cut at a character boundary and made
    /// unique with `_1`, `_2` …
    private mutating func shorten() {
        var taken = Set<String>()
        for k in columns.indices {
            let name = columns[k].name
            var short = Self.prefix(name, bytes: 10)
            var n = 1
            while taken.contains(short.lowercased()) {
                let suffix = "_\(n)"
                short = Self.prefix(name, bytes: 10 - suffix.utf8.count) + suffix
                n += 1
            }
            taken.insert(short.lowercased())
            if short != name { renamed.append((name, short)) }
            columns[k].name = short
        }
    }

    static func prefix(_ s: String, bytes: Int) -> String {
        var out = ""
        var used = 0
        for c in s {
            let n = String(c).utf8.count
            if used + n > bytes { break }
            out.append(c)
            used += n
        }
        return out
    }

    /// Creates the columns on a new layer.
    func create(on layer: OGRLayerH, jsonSubtype: Bool) -> Bool {
        for c in columns {
            let type: OGRFieldType
            var sub = OFSTNone
            switch c.kind {
            case .integer: type = OFTInteger64
            case .real: type = OFTReal
            case .boolean: type = OFTInteger; sub = OFSTBoolean
            case .date: type = OFTDate
            case .dateTime: type = OFTDateTime
            case .text: type = OFTString
            }
            guard let field = OGR_Fld_Create(c.name, type) else { return false }
            defer { OGR_Fld_Destroy(field) }
            if sub != OFSTNone { OGR_Fld_SetSubType(field, sub) }
            guard OGR_L_CreateField(layer, field, 1) == OGRERR_NONE else { return false }
        }
        return true
    }

    /// Sets a feature's values; `indices` are the layer's field indices of the columns.
    func fill(_ handle: OGRFeatureH, from feature: Feature, indices: [Int32]) {
        for (k, c) in columns.enumerated() {
            let i = indices[k]
            guard i >= 0 else { continue }
            let value: JSONValue?
            if c.isFeatureID { value = feature.id?.jsonValue } else { value = feature.properties?[c.key] }
            guard let value else { continue }
            switch (value, c.kind) {
            case (.null, _): OGR_F_SetFieldNull(handle, i)
            case (.bool(let b), .boolean), (.bool(let b), .integer): OGR_F_SetFieldInteger(handle, i, b ? 1 : 0)
            case (.number(let n), .integer): OGR_F_SetFieldInteger64(handle, i, Int64(n.literal) ?? Int64(n.doubleValue))
            case (.number(let n), .real): OGR_F_SetFieldDouble(handle, i, n.doubleValue)
            case (.string(let s), _): OGR_F_SetFieldString(handle, i, s)
            default: OGR_F_SetFieldString(handle, i, value.displayText)
            }
        }
    }
}
