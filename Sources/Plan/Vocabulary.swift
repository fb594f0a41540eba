import TongchengGeometry

/// How a transport line carries people: the `mode` property of the plan's transport layer.
/// A new mode is one case here (with its Chinese name and whether trains run on it); the
/// isochrone's speeds and the map styles are tables keyed by it.
///
/// ```swift
/// TransportMode(rawValue: "high_speed_rail")?.isRail  // true
/// TransportMode.expressway.chineseName                 // "高速公路、快速路"
/// ```
public enum TransportMode: String, Sendable, CaseIterable, Hashable {
    case highSpeedRail = "high_speed_rail"
    case intercityRail = "intercity_rail"
    case railway
    case airportExpress = "airport_express"
    case expressway
    case nationalRoad = "national_road"
    case provincialRoad = "provincial_road"
    case airport
    /// A remote airport terminal (异地航站楼): check-in away from the airport; a point.
    case airportTerminal = "airport_terminal"
    /// A railway freight station (货运站); a point.
    case freightStation = "freight_station"
    /// A land port (陆港: inland port, multimodal logistics hub); a point.
    case landPort = "land_port"

    /// Rail lines are boarded and left only at stations.
    public var isRail: Bool {
        switch self {
        case .highSpeedRail, .intercityRail, .railway, .airportExpress: true
        case .expressway, .nationalRoad, .provincialRoad, .airport, .airportTerminal, .freightStation, .landPort: false
        }
    }

    /// The name a Chinese plan map gives this kind of line in its legend.
    public var chineseName: String {
        switch self {
        case .highSpeedRail: "高速铁路"
        case .intercityRail: "城际铁路"
        case .railway: "普速铁路"
        case .airportExpress: "机场快线"
        case .expressway: "高速公路、快速路"
        case .nationalRoad: "国道"
        case .provincialRoad: "省道"
        case .airport: "机场"
        case .airportTerminal: "异地航站楼"
        case .freightStation: "铁路货运站"
        case .landPort: "陆港"
        }
    }
}

/// What a place of the gazetteer is: the `kind` property of `places.geojson`.
///
/// ```swift
/// PlaceKind(rawValue: "station") == .station  // true
/// ```
public enum PlaceKind: String, Sendable, CaseIterable, Hashable {
    case cityCentre = "city_centre"
    case countySeat = "county_seat"
    case station
    case town
    case village
    case airport
    case landmark
}

extension Feature {
    /// The transport mode (`mode` property), if it is one of the known modes.
    public var transportMode: TransportMode? { mode.flatMap(TransportMode.init(rawValue:)) }
    /// The kind of place (`kind` property of a gazetteer entry), if it is one of the known kinds.
    public var placeKind: PlaceKind? { kindProperty.flatMap(PlaceKind.init(rawValue:)) }
}

extension Plan {
    /// The positions of the plan's railway stations (places of kind `station`), where the
    /// isochrone lets travellers board and leave trains.
    ///
    /// ```swift
    /// let stations = plan.stationPositions  // [Position] of 郑州东站, 兰考南站, …
    /// ```
    public var stationPositions: [Position] { features(.places).stationPositions }
}

extension Array where Element == Feature {
    /// The positions of the point features of kind `station`.
    public var stationPositions: [Position] {
        compactMap { f -> Position? in
            guard f.placeKind == .station, case .point(let p)? = f.geometry else { return nil }
            return p.position
        }
    }
}
