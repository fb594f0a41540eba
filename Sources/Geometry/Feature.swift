/// A feature's identifier: GeoJSON allows a string or a number.
///
/// ```swift
/// let id: FeatureID = .string("special-zone")
/// print(id.text)  // special-zone
/// ```
public enum FeatureID: Sendable, Hashable {
    case string(String)
    case number(JSONNumber)

    public var text: String {
        switch self {
        case .string(let s): return s
        case .number(let n): return n.literal
        }
    }

    public var jsonValue: JSONValue {
        switch self {
        case .string(let s): return .string(s)
        case .number(let n): return .number(n)
        }
    }
}

/// A geometry with an identifier and properties.
///
/// ```swift
/// let f = Feature(id: .string("lankao"), properties: ["name": "兰考县"], geometry: .point(Point(114.816, 34.827)))
/// print(f.name ?? "")  // 兰考县
/// ```
public struct Feature: Sendable, Hashable {
    public var id: FeatureID?
    /// The `properties` member; `nil` when it was `null` or absent.
    public var properties: JSONObject?
    /// The geometry; `nil` for a feature whose geometry is `null`.
    public var geometry: Geometry?
    /// The `bbox` member, as read (not recomputed).
    public var bbox: [Double]?
    /// Members other than the ones RFC 7946 defines, kept in order.
    public var foreignMembers: JSONObject

    public init(id: FeatureID? = nil, properties: JSONObject? = nil, geometry: Geometry?, bbox: [Double]? = nil, foreignMembers: JSONObject = JSONObject()) {
        self.id = id
        self.properties = properties
        self.geometry = geometry
        self.bbox = bbox
        self.foreignMembers = foreignMembers
    }

    /// The property `key`, or `nil`.
    public subscript(property key: String) -> JSONValue? { properties?[key] }

    /// The feature's display name: the `name` property, else `NAME`, `name_zh`, `name_en`.
    public var name: String? {
        for key in ["name", "NAME", "name_zh", "NAME_ZH", "name_en"] {
            if let s = properties?[key]?.stringValue { return s }
        }
        return nil
    }
}

/// An ordered list of features, as in a GeoJSON FeatureCollection.
///
/// ```swift
/// let fc = FeatureCollection([f])
/// print(fc.features.count)
/// ```
public struct FeatureCollection: Sendable, Hashable {
    public var features: [Feature]
    public var bbox: [Double]?
    public var foreignMembers: JSONObject

    public init(_ features: [Feature], bbox: [Double]? = nil, foreignMembers: JSONObject = JSONObject()) {
        self.features = features
        self.bbox = bbox
        self.foreignMembers = foreignMembers
    }
}
