import TongchengGeometry

/// The kinds of layer a plan is made of: the elements of 一区一带两廊多点 plus the special zone,
/// transport, places and boundaries.
///
/// ```swift
/// let kind = LayerKind(rawValue: "special_zone")  // .specialZone
/// ```
public enum LayerKind: String, Sendable, CaseIterable, Hashable {
    /// Administrative boundaries (province, cities, counties).
    case boundaries
    /// 一区: the eastern demonstration zone (Lankao county).
    case zone
    /// 一带: the Yellow River ecological and cultural-tourism belt (polygon).
    case belt
    /// The Yellow River course (line) the belt is built from.
    case river
    /// 两廊: the corridor bands (polygons).
    case corridors
    /// The corridors' axes (lines) the bands are built from.
    case corridorAxes = "corridor_axes"
    /// 多点: the specialty clusters (points).
    case clusters
    /// 特别合作区: the special cooperation zone (polygon).
    case specialZone = "special_zone"
    /// Railways, roads, airports and their plans.
    case transport
    /// Central-city polygons (Zhengzhou, Kaifeng).
    case centralCity = "central_city"
    /// The gazetteer of named points.
    case places

    /// Which geometry dimensions a layer's features may have (0 points, 1 lines, 2 polygons).
    public var allowedDimensions: Set<Int> {
        switch self {
        case .boundaries, .zone, .belt, .corridors, .specialZone, .centralCity: return [2]
        case .river, .corridorAxes: return [1]
        case .clusters, .places: return [0]
        case .transport: return [0, 1]
        }
    }

    /// Human description of the allowed geometry, for messages.
    public var geometryDescription: String {
        switch allowedDimensions {
        case [2]: return "polygons"
        case [1]: return "lines"
        case [0]: return "points"
        default: return "lines or points"
        }
    }

    /// Whether features of this layer carry the plan attributes (status, source, accuracy, …).
    public var isPlanElement: Bool { self != .boundaries }

    /// The Chinese name used in legends and reports.
    public var chineseName: String {
        switch self {
        case .boundaries: return "行政区划"
        case .zone: return "一区（东部示范区）"
        case .belt: return "一带（黄河生态文旅带）"
        case .river: return "黄河"
        case .corridors: return "两廊"
        case .corridorAxes: return "走廊轴线"
        case .clusters: return "多点（特色产业集群）"
        case .specialZone: return "特别合作区"
        case .transport: return "交通"
        case .centralCity: return "中心城区"
        case .places: return "地名"
        }
    }
}

/// The status of a plan element.
///
/// ```swift
/// PlanStatus(rawValue: "under_construction")  // .underConstruction
/// ```
public enum PlanStatus: String, Sendable, CaseIterable, Hashable {
    case existing
    case planned
    case underConstruction = "under_construction"

    public var chineseName: String {
        switch self {
        case .existing: return "现状"
        case .planned: return "规划"
        case .underConstruction: return "在建"
        }
    }
}

/// How exactly a plan element's geometry is known.
public enum PlanAccuracy: String, Sendable, CaseIterable, Hashable {
    case surveyed, digitised, schematic
}

/// One layer of a plan: its kind, the file it came from and its features.
///
/// ```swift
/// let belt = plan[.belt]
/// print(belt?.features.count ?? 0)
/// ```
public struct PlanLayer: Sendable, Hashable {
    /// Which of the plan's layers this is (`.specialZone`, `.transport`, …).
    public var kind: LayerKind
    /// The file the layer was read from, relative to the plan folder.
    public var file: String
    /// The layer's features, in WGS 84 longitude/latitude.
    public var collection: FeatureCollection

    /// A layer built in memory; `Plan.load` makes them from the manifest.
    public init(kind: LayerKind, file: String, collection: FeatureCollection) {
        self.kind = kind
        self.file = file
        self.collection = collection
    }

    /// The layer's features (`collection.features`).
    ///
    /// ```swift
    /// for f in plan[.corridors]?.features ?? [] { print(f.name ?? "", f.geometry?.geodesicArea() ?? 0) }
    /// ```
    public var features: [Feature] { collection.features }

    /// The feature with this id, if any.
    public func feature(id: String) -> Feature? {
        features.first { $0.id?.text == id || $0[property: "id"]?.stringValue == id }
    }
}

extension Feature {
    /// The plan status (`status` property), if it is one of the known values.
    public var planStatus: PlanStatus? { self[property: "status"]?.stringValue.flatMap(PlanStatus.init(rawValue:)) }
    /// The `kind` property (e.g. `county_seat`, `station`, `corridor`).
    public var kindProperty: String? { self[property: "kind"]?.stringValue }
    /// The transport `mode` property (e.g. `high_speed_rail`, `expressway`).
    public var mode: String? { self[property: "mode"]?.stringValue }
    /// The English name (`name_en`).
    public var englishName: String? { self[property: "name_en"]?.stringValue }
    /// The plan id: the Feature `id`, else the `id` property.
    public var planID: String? { id?.text ?? self[property: "id"]?.stringValue }
}
