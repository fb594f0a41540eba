import Foundation
import TongchengGeometry
import TongchengProcessIO

/// A plan: the layers named by a manifest (`plan.json`) in a folder.
///
/// The manifest maps layer kinds to GeoJSON files relative to the folder:
/// ```json
/// {"name": "兰考纳入郑开同城化", "version": 1,
///  "layers": {"boundaries": "boundaries.geojson", "special_zone": "plan/special_zone.geojson", …}}
/// ```
/// A user's own plan folder with the same layout loads the same way.
///
/// ```swift
/// let plan = try Plan.load(directory: "geodata")
/// let lankao = plan.lankao                        // the county boundary
/// let zone = plan[.specialZone]?.features.first   // 特别合作区
/// ```
public struct Plan: Sendable {
    /// The plan's name from its manifest (`兰考纳入郑开同城化 …`).
    public var name: String
    /// The folder the plan was loaded from.
    public var directory: String
    /// The layers the manifest names, by kind (a plan may lack some; use the subscript).
    public var layers: [LayerKind: PlanLayer]
    /// Problems found while loading (empty for a valid plan); `load` throws when there are any.
    public var problems: [PlanProblem] = []

    /// A plan built in memory (tests, or layers from another source); `load` reads one from a folder.
    public init(name: String, directory: String, layers: [LayerKind: PlanLayer]) {
        self.name = name
        self.directory = directory
        self.layers = layers
    }

    /// The layer of this kind, `nil` when the plan has none.
    ///
    /// ```swift
    /// let zone = plan[.specialZone]?.features.first   // 郑开（兰考）特别合作区
    /// ```
    public subscript(kind: LayerKind) -> PlanLayer? { layers[kind] }

    /// Features of a layer (empty when the plan has no such layer).
    public func features(_ kind: LayerKind) -> [Feature] { layers[kind]?.features ?? [] }

    /// The boundary with this administrative code (e.g. 410225 for Lankao).
    public func boundary(adcode: Int) -> Feature? {
        features(.boundaries).first { $0[property: "adcode"]?.doubleValue == Double(adcode) }
    }

    /// Lankao county (兰考县, adcode 410225).
    public var lankao: Feature? { boundary(adcode: 410225) }
    /// Henan province (adcode 410000).
    public var henan: Feature? { boundary(adcode: 410000) }

    /// The gazetteer of the plan's places.
    public var gazetteer: Gazetteer { Gazetteer(features(.places)) }

    /// Loads and validates a plan folder; throws `PlanLoadError` listing every problem at once.
    public static func load(directory: String, rules: PlanRules = PlanRules()) throws -> Plan {
        let plan = try PlanLoader(directory: directory, rules: rules).load()
        if !plan.problems.isEmpty { throw PlanLoadError(directory: directory, problems: plan.problems) }
        return plan
    }

    /// Loads a plan and returns it with its problems instead of throwing on them (for `validate`).
    public static func loadReportingProblems(directory: String, rules: PlanRules = PlanRules()) throws -> Plan {
        try PlanLoader(directory: directory, rules: rules).load()
    }

    /// The path of one layer's file as the folder's `plan.json` names it, without loading the plan
    /// (for the gazetteer or the transport network alone).
    ///
    /// ```swift
    /// let places = try Plan.layerPath(.places, directory: "geodata")  // "geodata/places.geojson"
    /// ```
    public static func layerPath(_ kind: LayerKind, directory: String) throws -> String {
        let manifestPath = (directory as NSString).appendingPathComponent("plan.json")
        let text = String(decoding: try InputFile.readBytes(path: manifestPath), as: UTF8.self)
        guard let file = try JSONValue.parse(text, name: manifestPath)["layers"]?[kind.rawValue]?.stringValue else {
            throw PlanLoadError(directory: directory, problems: [PlanProblem(file: "plan.json", message: "names no \"\(kind.rawValue)\" layer")])
        }
        return (directory as NSString).appendingPathComponent(file)
    }

    /// The bundled plan's folder: `$TONGCHENG_PLAN`, else `./geodata` when it holds a plan.json,
    /// else the `geodata` folder of the source tree this binary was built from.
    public static func defaultDirectory() -> String {
        if let env = ProcessInfo.processInfo.environment["TONGCHENG_PLAN"], !env.isEmpty { return env }
        let fm = FileManager.default
        if fm.fileExists(atPath: "geodata/plan.json") { return "geodata" }
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return source.appendingPathComponent("geodata").path
    }
}

/// One problem found in a plan: where (file, feature) and what.
public struct PlanProblem: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    /// The feature's id, or its JSON location when it has none.
    public var feature: String?
    public var message: String

    public init(file: String, feature: String? = nil, message: String) {
        self.file = file
        self.feature = feature
        self.message = message
    }

    public var description: String {
        if let feature { return "\(file): \(feature): \(message)" }
        return "\(file): \(message)"
    }
}

/// A plan that did not load cleanly: every problem, one per line.
public struct PlanLoadError: Error, Sendable, CustomStringConvertible {
    public var directory: String
    public var problems: [PlanProblem]

    public init(directory: String, problems: [PlanProblem]) {
        self.directory = directory
        self.problems = problems
    }

    public var description: String {
        "the plan in \(directory) has \(problems.count) problem\(problems.count == 1 ? "" : "s"):\n" + problems.map { "  " + $0.description }.joined(separator: "\n")
    }
}
