import TongchengAnalysis
import Foundation
import TongchengGeodesy
import TongchengGeometry
import TongchengInterchange
import TongchengPlan

/// Fetches what a spec needs from outside: the plan (loaded once, only when a layer, a place
/// name or the inset needs it) and the features of each layer in WGS 84, filtered (dissolving is
/// done on the page, `PageGeometry.dissolve`).
///
/// ```swift
/// let sources = LayerSources(spec: spec, defaultPlanDirectory: nil)
/// let features = try sources.features(of: spec.layers[0])
/// ```
final class LayerSources {
    let spec: MapSpec
    let planDirectory: String
    private var loadedPlan: Plan?
    /// Derived layers' geometries by layer id (reach discs and isochrones are costly to redo).
    private var derived: [String: Geometry] = [:]
    /// Files read, by path and CRS: several layers often draw from one file.
    private var files: [String: [Feature]] = [:]
    /// For filtered layers, each feature's index in its source.
    private var sourceIndices: [String: [Int]] = [:]

    init(spec: MapSpec, defaultPlanDirectory: String?) {
        self.spec = spec
        planDirectory = spec.planDirectory ?? defaultPlanDirectory ?? Plan.defaultDirectory()
    }

    func plan(line: Int? = nil) throws -> Plan {
        if let loadedPlan { return loadedPlan }
        guard FileManager.default.fileExists(atPath: (planDirectory as NSString).appendingPathComponent("plan.json")) else {
            throw MapSpecError(kind: .missingFile, file: spec.file, line: line, message: "no plan.json in the plan folder \(planDirectory)")
        }
        do {
            let p = try Plan.load(directory: planDirectory)
            loadedPlan = p
            return p
        } catch let e as GeoJSONError {
            throw MapSpecError(kind: e.kind == .missingFile ? .missingFile : .badData, file: spec.file, line: line, message: "the plan in \(planDirectory): \(e)")
        } catch {
            throw MapSpecError(kind: .badData, file: spec.file, line: line, message: "\(error)")
        }
    }

    /// A place's position (gazetteer name or LON,LAT) and its display name.
    func place(_ text: String, line: Int?) throws -> (Position, String) {
        if let p = Gazetteer.parseLonLat(text) { return (p, text) }
        let gazetteer = try plan(line: line).gazetteer
        do {
            let p = try gazetteer.position(text)
            return (p, LayerSources.shortName(gazetteer.place(text)?.name ?? text))
        } catch {
            throw MapSpecError(kind: .badSpec, file: spec.file, line: line, message: "\(error)")
        }
    }

    /// "郑州中心城区（二七广场）" → "郑州中心城区": names in legends lose their parenthesised notes.
    static func shortName(_ name: String) -> String {
        if let open = name.firstIndex(where: { $0 == "（" || $0 == "(" }), open > name.startIndex { return String(name[..<open]) }
        return name
    }

    /// The layer's features in WGS 84 longitude/latitude, filtered as the spec says.
    func features(of layer: LayerSpec) throws -> [Feature] {
        var features: [Feature]
        switch layer.source {
        case .plan(let kind):
            features = try plan(line: layer.line).features(kind)
        case .file(let path, let crs):
            features = try read(path, crs: crs, layer: layer.fileLayer, encoding: layer.fileEncoding, line: layer.line)
        case .reach(let from, let radius):
            let (origin, name) = try place(from, line: layer.line)
            let disc = try derivedGeometry(layer.id) { try Reach(origin: .point(origin), radiusMetres: radius).disc() }
            let km = SVGNumber.format(radius / 1000, decimals: 1)
            features = [Feature(id: .string(layer.id), properties: ["name": .string("距\(name) \(km) km 范围"), "kind": "reach",
                                                                    "radius_km": .number(try JSONNumber.finite(radius / 1000, "radius_km"))], geometry: disc)]
        case .isochrone(let from, let minutes, let statuses):
            let (origin, name) = try place(from, line: layer.line)
            let plan = try plan(line: layer.line)
            let network = plan.features(.transport).filter { statuses.contains($0.planStatus ?? .existing) }
            let stations = plan.stationPositions
            let area = try derivedGeometry(layer.id) {
                try Isochrone(origin: origin, minutes: minutes, network: network, stations: stations).area()
            }
            let networkText = statuses == [.existing] ? "现状路网" : "含" + statuses.filter { $0 != .existing }.map(\.chineseName).joined(separator: "、") + "线路"
            features = [Feature(id: .string(layer.id), properties: ["name": .string("\(name) \(SVGNumber.format(minutes)) 分钟可达范围（\(networkText)）"),
                                                                    "kind": "isochrone", "minutes": .number(try JSONNumber.finite(minutes, "minutes"))], geometry: area)]
        }
        // A filter or dissolve property that no feature has is a typo, not an empty layer or one merged whole.
        for (key, what) in layer.filter.map({ ($0.key, "filter") }) + (layer.dissolve.map { [($0, "dissolve")] } ?? [])
        where key != "id" && !features.isEmpty && !features.contains(where: { $0.properties?[key] != nil }) {
            var names: [String] = []
            for f in features.prefix(10_000) { for k in f.properties?.keys ?? [] where !names.contains(k) { names.append(k) } }
            throw MapSpecError(kind: .badSpec, file: spec.file, line: layer.line,
                               message: "layer \(layer.id): \(what): no feature has the property \"\(TextExcerpt.short(key))\"; the properties are: \(names.joined(separator: ", "))")
        }
        if !layer.filter.isEmpty {
            var kept: [Feature] = [], indices: [Int] = []
            for (k, f) in features.enumerated() where layer.filter.allSatisfy({ LayerSources.matches(f[property: $0.key], $0.values) }) {
                kept.append(f)
                indices.append(k)
            }
            features = kept
            sourceIndices[layer.id] = indices
        }
        return features
    }

    private func derivedGeometry(_ id: String, _ make: () throws -> Geometry) throws -> Geometry {
        if let g = derived[id] { return g }
        let g = try make()
        derived[id] = g
        return g
    }

    /// The geometry of a derived layer already computed (for notes).
    func derivedGeometry(_ id: String) -> Geometry? { derived[id] }

    /// Where a layer's `index`-th feature comes from — the source (plan layer or file) and its
    /// index there — so that a feature drawn by two layers is put on the page once; `nil` for
    /// derived layers.
    func identity(of layer: LayerSpec, index: Int) -> (String, Int)? {
        let k = sourceIndices[layer.id]?[index] ?? index
        switch layer.source {
        case .plan(let kind): return ("plan:" + kind.rawValue, k)
        case .file(let path, let crs): return ("file:" + path + "|" + (crs ?? "") + "|" + (layer.fileLayer ?? ""), k)
        case .reach, .isochrone: return nil
        }
    }

    private func read(_ path: String, crs: String?, layer: String?, encoding: String?, line: Int?) throws -> [Feature] {
        let key = path + "|" + (crs ?? "") + "|" + (layer ?? "") + "|" + (encoding ?? "")
        if let cached = files[key] { return cached }
        let features = try readUncached(path, crs: crs, layer: layer, encoding: encoding, line: line)
        files[key] = features
        return features
    }

    /// Any format `FeatureSource` reads (GeoJSON natively, Shapefile, GeoPackage, … through GDAL), in WGS 84.
    private func readUncached(_ path: String, crs: String?, layer: String?, encoding: String?, line: Int?) throws -> [Feature] {
        do {
            // The layer's layer:, crs: and encoding: are its own, like |layer= after a path.
            var source = try SourceSpec.parse(path)
            source.layer = layer ?? source.layer
            source.crs = crs ?? source.crs
            source.encoding = encoding ?? source.encoding
            return try FeatureSource.read(source).features
        } catch let e as GeoJSONError {
            let kind: MapSpecError.Kind = (e.kind == .missingFile || e.kind == .unreadableFile) ? .missingFile : .badData
            throw MapSpecError(kind: kind, file: spec.file, line: line, message: e.description)
        } catch let e as InterchangeError {
            throw MapSpecError(kind: e.kind == .missingFile ? .missingFile : .badData, file: spec.file, line: line, message: e.description)
        }
    }

    /// Whether a property value is one of the filter's values (text as written, or equal numbers).
    static func matches(_ value: JSONValue?, _ accepted: [String]) -> Bool {
        guard let value else { return accepted.contains("null") }
        let text = value.displayText
        if accepted.contains(text) { return true }
        if let v = value.doubleValue { return accepted.contains { Double($0) == v } }
        if value.isNull { return accepted.contains("null") }
        return false
    }
}
