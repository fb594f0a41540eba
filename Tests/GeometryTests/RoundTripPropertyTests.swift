import Testing
import TestSupport
@testable import TongchengGeometry

/// Nothing lost: GeoJSON written by the toolkit and read back gives the same features, properties
/// (Chinese text, control characters, emoji, nested values) and coordinates — a property test
/// over generated collections with a fixed seed (so a failure can be replayed).
@Suite struct RoundTripPropertyTests {
    static let words = ["兰考县", "黄河最后一道弯", "Zhengzhou", "a\"b\\c", "tab\there", "line\nbreak", "\u{01}ctl", "😀🚄", "עברית", "", " "]

    func position(_ r: inout SplitMix64) -> Position {
        Position(Double.random(in: -180...180, using: &r), Double.random(in: -90...90, using: &r))
    }

    /// A closed ring that longitude/latitude can hold (`Antimeridian`): its longitudes lie in a
    /// window narrower than 180° placed anywhere in −180…180, and its latitudes stay off the poles
    /// (at most 89.9°, so rounding to 6 decimals cannot put a vertex on one). Any two vertices are
    /// then less than 180° of longitude apart, so no edge jumps across ±180°.
    func ring(_ r: inout SplitMix64) -> LineString {
        let n = Int.random(in: 3...12, using: &r)
        let west = Double.random(in: -180...0.1, using: &r)
        var p = (0..<n).map { _ in
            Position(Double.random(in: west...(west + 179.9), using: &r), Double.random(in: -89.9...89.9, using: &r))
        }
        p.append(p[0])
        return LineString(p)
    }

    /// A ring as `ring` makes it, with one vertex moved 180° or more of longitude away from the
    /// one before it (across ±180°) or onto a pole: what the reader must refuse.
    func ringLongitudeCannotHold(_ r: inout SplitMix64) -> LineString {
        var p = Array(ring(&r).positions.dropLast())
        let k = Int.random(in: 1..<p.count, using: &r)
        if Bool.random(using: &r) {
            let before = p[k - 1].x
            let x = before < 0 ? Double.random(in: (before + 180)...180, using: &r) : Double.random(in: -180...(before - 180), using: &r)
            p[k] = Position(x, p[k].y)
        } else {
            p[k] = Position(p[k].x, Bool.random(using: &r) ? 90 : -90)
        }
        p.append(p[0])
        return LineString(p)
    }

    func line(_ r: inout SplitMix64, z: Bool) -> LineString {
        let n = Int.random(in: 2...10, using: &r)
        let p = (0..<n).map { _ in position(&r) }
        return LineString(p, z: z ? p.map { _ in Double.random(in: -100...9000, using: &r) } : nil)
    }

    func geometry(_ r: inout SplitMix64, depth: Int = 0) -> Geometry {
        switch Int.random(in: 0...(depth < 2 ? 6 : 5), using: &r) {
        case 0: return .point(Point(position(&r), z: Bool.random(using: &r) ? Double.random(in: 0...100, using: &r) : nil))
        case 1: return .lineString(line(&r, z: Bool.random(using: &r)))
        case 2: return .polygon(Polygon(rings: (0..<Int.random(in: 1...3, using: &r)).map { _ in ring(&r) }))
        case 3: return .multiPoint(MultiPoint((0..<Int.random(in: 0...5, using: &r)).map { _ in Point(position(&r)) }))
        case 4: return .multiLineString(MultiLineString((0..<Int.random(in: 0...3, using: &r)).map { _ in line(&r, z: false) }))
        case 5: return .multiPolygon(MultiPolygon((0..<Int.random(in: 0...3, using: &r)).map { _ in Polygon(rings: [ring(&r)]) }))
        default: return .geometryCollection(GeometryCollection((0..<Int.random(in: 0...3, using: &r)).map { _ in geometry(&r, depth: depth + 1) }))
        }
    }

    func value(_ r: inout SplitMix64, depth: Int = 0) -> JSONValue {
        switch Int.random(in: 0...(depth < 3 ? 6 : 4), using: &r) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &r))
        case 2: return .number(JSONNumber(Double.random(in: -1e9...1e9, using: &r))!)
        case 3: return .number(JSONNumber(Int.random(in: -1_000_000...1_000_000, using: &r)))
        case 4: return .string(Self.words.randomElement(using: &r)!)
        case 5: return .array((0..<Int.random(in: 0...4, using: &r)).map { _ in value(&r, depth: depth + 1) })
        default:
            var o = JSONObject()
            for k in 0..<Int.random(in: 0...4, using: &r) { o["\(Self.words.randomElement(using: &r)!)\(k)"] = value(&r, depth: depth + 1) }
            return .object(o)
        }
    }

    func collection(_ seed: UInt64) -> FeatureCollection {
        var r = SplitMix64(seed: seed)
        let features = (0..<Int.random(in: 1...20, using: &r)).map { k -> Feature in
            var props = JSONObject()
            for j in 0..<Int.random(in: 0...6, using: &r) { props["\(Self.words.randomElement(using: &r)!)-\(j)"] = value(&r) }
            let id: FeatureID? = [FeatureID.string("f-\(k)-兰考"), .number(JSONNumber(k)), nil].randomElement(using: &r)!
            return Feature(id: id, properties: Bool.random(using: &r) ? props : nil, geometry: Int.random(in: 0...9, using: &r) == 0 ? nil : geometry(&r),
                           foreignMembers: Bool.random(using: &r) ? ["x-note": value(&r)] : JSONObject())
        }
        return FeatureCollection(features, foreignMembers: ["name": "round trip"])
    }

    @Test(arguments: 1...200) func writtenThenReadGivesTheSameCollection(seed: Int) throws {
        let original = collection(UInt64(seed))
        let text = GeoJSONWriter().string(original)
        let back = try GeoJSONReader().read(string: text).featureCollection
        #expect(back == original)
    }

    @Test(arguments: 1...50) func aRingAcrossTheAntimeridianOrOnAPoleIsRefusedWherePutInTheCollection(seed: Int) throws {
        var r = SplitMix64(seed: UInt64(seed) &+ 10_000)
        var original = collection(UInt64(seed))
        let bad = Polygon(rings: [ringLongitudeCannotHold(&r)])
        let at = Int.random(in: 0...original.features.count, using: &r)
        original.features.insert(Feature(geometry: Bool.random(using: &r) ? .polygon(bad) : .multiPolygon(MultiPolygon([bad]))), at: at)
        let text = GeoJSONWriter().string(original)
        do {
            _ = try GeoJSONReader().read(string: text)
            Issue.record("read a ring longitude/latitude cannot hold: \(bad.rings[0].positions)")
        } catch {
            let said = "\(error)"
            #expect(said.contains("at features[\(at)].geometry.coordinates[0]"), "\(said)")
            #expect(said.contains("crosses the antimeridian (±180° longitude), goes round or touches a pole"), "\(said)")
        }
        // Read as projected coordinates (no longitude/latitude meaning), the same text is fine.
        #expect(try GeoJSONReader(options: GeoJSONReadOptions(geographic: false)).read(string: text).featureCollection.features.count == original.features.count)
    }

    @Test(arguments: 1...50) func withAPrecisionCoordinatesAreWithinHalfAUnit(seed: Int) throws {
        let original = collection(UInt64(seed))
        let back = try GeoJSONReader().read(string: GeoJSONWriter(precision: 6).string(original)).featureCollection
        #expect(back.features.map(\.properties) == original.features.map(\.properties))
        for (a, b) in zip(original.features, back.features) {
            var pa: [Position] = [], pb: [Position] = []
            a.geometry?.forEachSequence { pa += $0 }
            b.geometry?.forEachSequence { pb += $0 }
            #expect(pa.count == pb.count)
            for (p, q) in zip(pa, pb) { #expect(abs(p.x - q.x) <= 5e-7 && abs(p.y - q.y) <= 5e-7) }
        }
    }
}
