import TongchengAnalysis
import Foundation
import TongchengGeometry
import TongchengPlan

/// Today's 1-hour isochrone (existing lines) beside the planned one (every line of the plan),
/// with the travel times that explain the difference — or why there is none. The report prints
/// `explanation`; recipes that write both isochrones can print it too.
///
/// ```swift
/// let c = IsochroneComparison(areaToday: 4.5253e9, areaPlanned: 4.5421e9, insideToday: 67.71e6, insidePlanned: 67.71e6,
///                             times: [.init(name: "兰考南站", today: 48.2, planned: 48.2)])
/// print(c.explanation)   // "The planned lines leave Lankao's share unchanged: …"
/// ```
public struct IsochroneComparison: Sendable {
    /// A travel time from the origin to a named place, without and with the planned lines
    /// (`nil`: beyond the time limit used for the comparison).
    public struct Time: Sendable {
        public var name: String
        public var today: Double?
        public var planned: Double?

        public init(name: String, today: Double?, planned: Double?) {
            self.name = name
            self.today = today
            self.planned = planned
        }
    }

    public var areaToday: Double
    public var areaPlanned: Double
    public var insideToday: Double
    public var insidePlanned: Double
    public var times: [Time]

    public init(areaToday: Double, areaPlanned: Double, insideToday: Double, insidePlanned: Double, times: [Time]) {
        self.areaToday = areaToday
        self.areaPlanned = areaPlanned
        self.insideToday = insideToday
        self.insidePlanned = insidePlanned
        self.times = times
    }

    /// Equal to the hundredth of a km² the report prints.
    public var lankaoUnchanged: Bool { abs(insidePlanned - insideToday) < 0.005e6 }

    /// One paragraph, in Chinese and English, with the measured figures.
    public var explanation: String {
        func km2(_ v: Double) -> String { String(format: "%.2f", v / 1e6) }
        func minutes(_ m: Double?) -> String { m.map { String(format: "%.1f", $0) } ?? "> 120" }
        let grown = areaPlanned - areaToday
        let timeList = times.map { "\($0.name) \(minutes($0.today)) → \(minutes($0.planned)) min" }.joined(separator: ", ")
        var s: String
        if lankaoUnchanged {
            s = "规划交通不改变兰考在 1 小时等时圈内的面积 · The planned lines leave Lankao's share unchanged: "
            s += "they enlarge the isochrone by \(km2(grown)) km² (\(km2(areaToday)) → \(km2(areaPlanned)) km²), all of it outside Lankao. "
        } else {
            s = "规划交通使兰考在 1 小时等时圈内的面积由 \(km2(insideToday)) km² 变为 \(km2(insidePlanned)) km² · "
            s += "The planned lines change Lankao's part of the isochrone from \(km2(insideToday)) to \(km2(insidePlanned)) km² "
            s += "(the whole isochrone: \(km2(areaToday)) → \(km2(areaPlanned)) km²). "
        }
        s += "Travel times from Zhengzhou's centre, existing → with planned lines: \(timeList)"
        if lankaoUnchanged {
            s += "; within the hour no planned line reaches further into Lankao than the existing ones do."
        } else {
            s += "."
        }
        return s
    }

    /// Compares the isochrones of `minutes` from `origin` over the existing and over all lines of
    /// `plan`, with travel times (up to 120 minutes) to the named places of its gazetteer.
    public static func measure(plan: Plan, origin: Position, minutes: Double, within lankao: Geometry, places: [String]) throws -> IsochroneComparison {
        let stations = plan.features(.places).filter { $0.kindProperty == "station" }.compactMap { f -> Position? in
            if case .point(let p)? = f.geometry { return p.position } else { return nil }
        }
        let zone = [FeatureRef(file: "zone", index: 0, feature: Feature(geometry: lankao))]
        let targets = try places.map { try plan.gazetteer.position($0) }
        let names = places.map { plan.gazetteer.place($0)?.name ?? $0 }
        var areas: [Double] = [], inside: [Double] = [], times: [[Double?]] = []
        for statuses in [[PlanStatus.existing], PlanStatus.allCases] {
            let network = plan.features(.transport).filter { $0.planStatus.map(statuses.contains) ?? false }
            let area = try Isochrone(origin: origin, minutes: minutes, network: network, stations: stations).area()
            areas.append(area.geodesicArea())
            inside.append(try Reach.measure(zone, inside: area)[0].insideSquareMetres)
            times.append(try Isochrone(origin: origin, minutes: 120, network: network, stations: stations).minutes(to: targets))
        }
        return IsochroneComparison(areaToday: areas[0], areaPlanned: areas[1], insideToday: inside[0], insidePlanned: inside[1],
                                   times: names.indices.map { Time(name: names[$0], today: times[0][$0], planned: times[1][$0]) })
    }
}
