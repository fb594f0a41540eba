import TongchengGeometry

/// The SQL types a property becomes, read from the values it holds across all features.
///
/// ```swift
/// let plan = try ColumnPlan(features)   // adcode → bigint, name → text, tags → jsonb
/// ```
public enum ColumnType: String, Sendable {
    case text
    case bigint
    case doublePrecision = "double precision"
    case boolean
    case jsonb
    case date
}

/// The columns of a pushed table: the feature id (if any), one per property key (in the order
/// keys first appear), and the geometry.
///
/// Types: only booleans → `boolean`; only integer literals within 64 bits → `bigint`; only
/// numbers → `double precision`; only strings that are all `YYYY-MM-DD` dates (what GDAL's
/// GeoJSON driver types as Date) → `date`; other strings → `text`; objects, arrays or a mix of
/// kinds → `jsonb` (which keeps each value as it was). A column of nulls only is `text`.
public struct ColumnPlan: Sendable {
    public struct Column: Sendable {
        public var name: String
        public var type: ColumnType
        /// The property key it holds, or `nil` for the feature id.
        public var key: String?
    }

    public var columns: [Column]
    public var geometryColumn: String
    /// Whether any geometry has heights (then the column is `GeometryZ`).
    public var hasZ: Bool

    /// The comment that marks the column holding the GeoJSON feature id (read back by `pull`).
    public static let featureIDComment = "tongcheng: feature id"

    public init(_ features: [Feature]) throws {
        var order: [String] = []
        var kinds: [String: Kinds] = [:]
        var idKinds = Kinds()
        var anyID = false
        var hasZ = false
        for f in features {
            if let id = f.id {
                anyID = true
                switch id {
                case .string(let s): idKinds.note(.string(s))
                case .number(let n): idKinds.note(.number(n))
                }
            }
            if let p = f.properties {
                for (key, value) in p {
                    if kinds[key] == nil {
                        order.append(key)
                        kinds[key] = Kinds()
                    }
                    kinds[key]!.note(value)
                }
            }
            if !hasZ, let g = f.geometry { hasZ = g.hasHeights }
        }
        var taken = Set(order)
        var columns: [Column] = []
        if anyID {
            var name = "id"
            while taken.contains(name) { name = "feature_" + name }
            taken.insert(name)
            columns.append(Column(name: name, type: idKinds.type, key: nil))
        }
        for key in order {
            do { try SQLName.check(key, what: "column") } catch let e as DatabaseError {
                throw DatabaseError(.data, "property \(SQLName.quote(key)): \(e.message)")
            }
            columns.append(Column(name: key, type: kinds[key]!.type, key: key))
        }
        var geometry = "geom"
        while taken.contains(geometry) { geometry = "_" + geometry }
        self.columns = columns
        self.geometryColumn = geometry
        self.hasZ = hasZ
    }

    /// What kinds of value a property held.
    struct Kinds {
        var strings = 0, dates = 0, integers = 0, numbers = 0, booleans = 0, nested = 0

        mutating func note(_ v: JSONValue) {
            switch v {
            case .null: break
            case .bool: booleans += 1
            case .number(let n):
                numbers += 1
                if Int64(n.literal) != nil { integers += 1 }
            case .string(let s):
                strings += 1
                if CopyEncoding.daysSince2000(s) != nil { dates += 1 }
            case .array, .object: nested += 1
            }
        }

        var type: ColumnType {
            let kindsSeen = [strings > 0, numbers > 0, booleans > 0, nested > 0].filter { $0 }.count
            if kindsSeen == 0 { return .text }
            if kindsSeen > 1 || nested > 0 { return .jsonb }
            if booleans > 0 { return .boolean }
            if numbers > 0 { return integers == numbers ? .bigint : .doublePrecision }
            return dates == strings ? .date : .text
        }
    }
}
