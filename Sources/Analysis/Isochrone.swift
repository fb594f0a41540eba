import Foundation
import TongchengGeodesy
import TongchengGeometry
import TongchengPlan
import TongchengTopology

/// Travel speeds of the isochrone model, per transport mode (km/h).
///
/// Defaults are average operating speeds, not design speeds: high-speed rail 250 (Zhengzhou East
/// → Lankao South, about 115 km, takes 30 minutes per the plan text), intercity rail 120,
/// conventional railway 80, airport express 120, expressway 100, national road 60, provincial road
/// 50, and 30 km/h straight-line for access off the network (local roads at ≈ 40 km/h with a
/// detour factor of 1.3). A feature's own `speed_kmh` property overrides its mode's speed.
///
/// ```swift
/// var speeds = TravelSpeeds()
/// speeds.kmh[.expressway] = 110
/// ```
public struct TravelSpeeds: Sendable {
    /// Average speed per mode; a mode without one (an airport) is not travelled along.
    public var kmh: [TransportMode: Double] = [
        .highSpeedRail: 250, .intercityRail: 120, .railway: 80, .airportExpress: 120,
        .expressway: 100, .nationalRoad: 60, .provincialRoad: 50,
    ]
    /// Speed off the network, straight-line (km/h).
    public var accessKmh: Double = 30
    /// Minutes to board a train at a station (walking to the platform, waiting).
    public var boardingMinutes: Double = 5

    public init() {}
}

/// The area reachable from a place within a travel time over the transport network (an
/// isochrone), to check and draw claims such as "Lankao lies in Zhengzhou's 1-hour economic circle".
///
/// The model: a graph of the transport lines' vertices (roads densified to at most 2 km between
/// nodes), edges timed by each line's speed; roads join where their vertices lie within 250 m of
/// each other; rail lines are boarded and left only at stations (places of kind `station` within
/// 500 m of the line), with a boarding time; the origin reaches every node and station off the
/// network at the access speed, and so does every reached road node or station at the end of the
/// trip. The reachable area is the union of discs around every reached node (and the origin) whose
/// radius is the time left at the access speed. Shortest times come from Dijkstra's algorithm. All
/// geometry is computed in an azimuthal equidistant projection centred on the origin, whose
/// distances from the origin are exact; elsewhere within 150 km its scale error is below 0.01 %.
/// Which lines count is the caller's choice (existing only, or with planned lines).
///
/// ```swift
/// let hour = try Isochrone(origin: erqi, minutes: 60, network: plan.features(.transport), stations: stations).area()
/// ```
public struct Isochrone: Sendable {
    public var origin: Position
    public var minutes: Double
    public var network: [Feature]
    public var stations: [Position]
    public var speeds: TravelSpeeds

    public init(origin: Position, minutes: Double, network: [Feature], stations: [Position] = [], speeds: TravelSpeeds = TravelSpeeds()) {
        self.origin = origin
        self.minutes = minutes
        self.network = network
        self.stations = stations
        self.speeds = speeds
    }

    struct Edge { var to: Int; var minutes: Double }

    /// Travel time in minutes from the origin to every node, with the nodes' projected positions.
    func solve() throws -> (positions: [Position], minutes: [Double], accessible: [Bool], projection: Transformer) {
        let local = try Transformer(from: .wgs84, to: .azimuthalEquidistant(at: origin))
        var positions: [Position] = []
        var accessible: [Bool] = []   // may be entered/left off the network (road nodes, stations)
        var edges: [[Edge]] = []
        func addNode(_ p: Position, _ canAccess: Bool) -> Int {
            positions.append(p)
            accessible.append(canAccess)
            edges.append([])
            return positions.count - 1
        }
        func link(_ a: Int, _ b: Int, _ m: Double) {
            edges[a].append(Edge(to: b, minutes: m))
            edges[b].append(Edge(to: a, minutes: m))
        }
        let projectedStations = try stations.isEmpty ? [] : local.transform(stations)
        let stationNodes = projectedStations.map { addNode($0, true) }
        var roadNodes: [Int] = []
        for (index, f) in network.enumerated() {
            guard let g = f.geometry, let mode = f.transportMode else { continue }
            var kmh = speeds.kmh[mode]
            if let given = f[property: "speed_kmh"], given != .null {
                // A speed that is no speed is a data error, never a line quietly left out.
                guard case .number(let n) = given, n.doubleValue.isFinite, n.doubleValue > 0 else {
                    throw NetworkSpeedError(featureIndex: index, featureID: f.id?.text, value: given.displayText)
                }
                kmh = n.doubleValue
            }
            guard let kmh, kmh > 0 else { continue }
            let rail = mode.isRail
            var runs: [[Position]] = []
            g.forEachSequence { runs.append($0) }
            if g.dimension != 1 { continue }
            for run in runs where run.count > 1 {
                let projected = try local.transform(run)
                var previous: Int?
                for p in projected {
                    if !rail, let last = previous {
                        // Densify roads so that the network can be entered every 2 km.
                        let q = positions[last]
                        let d = hypot(p.x - q.x, p.y - q.y)
                        let pieces = Int(d / 2000)
                        var from = last
                        for s in stride(from: 1, through: pieces, by: 1) {
                            let t = Double(s) / Double(pieces + 1)
                            let mid = addNode(Position(q.x + (p.x - q.x) * t, q.y + (p.y - q.y) * t), true)
                            roadNodes.append(mid)
                            link(from, mid, d / Double(pieces + 1) / 1000 / kmh * 60)
                            from = mid
                        }
                        previous = from
                    }
                    let node = addNode(p, !rail)
                    if !rail { roadNodes.append(node) }
                    if let last = previous {
                        link(last, node, hypot(p.x - positions[last].x, p.y - positions[last].y) / 1000 / kmh * 60)
                    }
                    if rail {
                        for (s, sp) in projectedStations.enumerated() where hypot(sp.x - p.x, sp.y - p.y) <= 500 {
                            // Boarding costs time; alighting is free.
                            edges[stationNodes[s]].append(Edge(to: node, minutes: speeds.boardingMinutes))
                            edges[node].append(Edge(to: stationNodes[s], minutes: 0))
                        }
                    }
                    previous = node
                }
            }
        }
        // Roads join where their nodes lie within 250 m (grid hash).
        var grid: [Int64: [Int]] = [:]
        func cell(_ p: Position) -> (Int64, Int64) { (Int64((p.x / 250).rounded(.down)), Int64((p.y / 250).rounded(.down))) }
        for n in roadNodes + stationNodes {
            let (cx, cy) = cell(positions[n])
            grid[cx &* 1_000_003 &+ cy, default: []].append(n)
        }
        for n in roadNodes + stationNodes {
            let (cx, cy) = cell(positions[n])
            for dx in -1...1 {
                for dy in -1...1 {
                    for m in grid[(cx + Int64(dx)) &* 1_000_003 &+ (cy + Int64(dy))] ?? [] where m > n {
                        let d = hypot(positions[m].x - positions[n].x, positions[m].y - positions[n].y)
                        if d <= 250 { link(n, m, d / 1000 / speeds.accessKmh * 60) }
                    }
                }
            }
        }
        // Dijkstra from the origin (0,0 in the local projection): the first hop is off-network access.
        let budget = minutes
        var best = [Double](repeating: .infinity, count: positions.count)
        var heap = MinHeap()
        for n in positions.indices where accessible[n] {
            let t = hypot(positions[n].x, positions[n].y) / 1000 / speeds.accessKmh * 60
            if t <= budget && t < best[n] {
                best[n] = t
                heap.push(t, n)
            }
        }
        while let (t, n) = heap.pop() {
            if t > best[n] { continue }
            for e in edges[n] {
                let u = t + e.minutes
                if u < best[e.to] && u <= budget {
                    best[e.to] = u
                    heap.push(u, e.to)
                }
            }
        }
        return (positions, best, accessible, local)
    }

    /// The reachable area (lon/lat polygon).
    public func area() throws -> Geometry {
        let (positions, best, accessible, local) = try solve()
        let metresPerMinute = speeds.accessKmh * 1000 / 60
        var discs: [Geometry] = []
        let originDisc = try Geometry.point(Point(0, 0)).buffer(minutes * metresPerMinute, style: BufferStyle(quadrantSegments: 32))
        discs.append(originDisc)
        for n in positions.indices where accessible[n] && best[n] < minutes {
            let r = (minutes - best[n]) * metresPerMinute
            if r < 50 { continue }
            discs.append(try Geometry.point(Point(positions[n])).buffer(r, style: BufferStyle(quadrantSegments: 8)))
        }
        let union = try Geometry.union(of: discs)
        return try local.inverse().transform(union)
    }

    /// Minutes from the origin to a position (on or off the network), or `nil` beyond the budget.
    public func minutes(to destination: Position) throws -> Double? {
        try minutes(to: [destination])[0]
    }

    /// Minutes to each destination, solving the network once for all of them.
    ///
    /// ```swift
    /// let times = try iso.minutes(to: [lankaoSouth, lankaoSeat])  // [48.2, nil]
    /// ```
    public func minutes(to destinations: [Position]) throws -> [Double?] {
        let (positions, best, accessible, local) = try solve()
        return try local.transform(destinations).map { d in
            var result = hypot(d.x, d.y) / 1000 / speeds.accessKmh * 60
            for n in positions.indices where accessible[n] && best[n].isFinite {
                result = min(result, best[n] + hypot(positions[n].x - d.x, positions[n].y - d.y) / 1000 / speeds.accessKmh * 60)
            }
            return result <= minutes ? result : nil
        }
    }
}

/// A binary min-heap of (minutes, node) for Dijkstra.
struct MinHeap {
    var items: [(Double, Int)] = []

    mutating func push(_ key: Double, _ value: Int) {
        items.append((key, value))
        var i = items.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            if items[parent].0 <= items[i].0 { break }
            items.swapAt(parent, i)
            i = parent
        }
    }

    mutating func pop() -> (Double, Int)? {
        guard !items.isEmpty else { return nil }
        let top = items[0]
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < items.count && items[l].0 < items[m].0 { m = l }
                if r < items.count && items[r].0 < items[m].0 { m = r }
                if m == i { break }
                items.swapAt(i, m)
                i = m
            }
        }
        return top
    }
}

/// A transport line whose `speed_kmh` is not a speed (0, negative, text): the isochrone would
/// otherwise leave the line out without a word.
///
/// ```swift
/// // transport feature 3 (s2): speed_kmh "fast" is not a speed: give km/h as a number above 0, or leave it out for the mode's speed
/// ```
public struct NetworkSpeedError: Error, Sendable, CustomStringConvertible {
    public var featureIndex: Int
    public var featureID: String?
    public var value: String

    public var description: String {
        "transport feature \(featureIndex)\(featureID.map { " (\($0))" } ?? ""): speed_kmh \(TextExcerpt.short(value, limit: 40)) is not a speed: give km/h as a number above 0, or leave it out for the mode's speed"
    }
}
