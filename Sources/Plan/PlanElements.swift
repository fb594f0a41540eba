import Foundation
import TongchengGeometry

/// One element the plan texts name (an entry of a plan folder's `plan-elements.json`): the
/// document and clause that name it, the quoted words, and the features that draw it — or, when
/// it is not drawn, why (`role`: `context`, `programme` or `unplaced`).
///
/// ```swift
/// let list = try PlanElementList.load(file: "geodata/plan-elements.json")
/// let oldCourse = list.elements.first { $0.name == "黄河故道生态带" }
/// oldCourse?.features  // ["belt-old-course"]
/// ```
public struct PlanElement: Sendable, Hashable {
    public var name: String
    /// The document's short name, as `source` properties cite it ("总体方案 (2021)", "豫政〔2024〕13号").
    public var document: String
    /// The clause, e.g. "三（八）".
    public var clause: String
    /// The text's own words that name the element.
    public var quote: String
    /// The ids of the features that draw it (empty when it is not drawn).
    public var features: [String]
    public var drawn: Bool
    /// Why it is not drawn.
    public var reason: String?
    /// `context` (outside Lankao, named for context), `programme` (no extent) or `unplaced` (no known location).
    public var role: String?

    public init(name: String, document: String, clause: String, quote: String, features: [String], drawn: Bool,
                reason: String? = nil, role: String? = nil) {
        (self.name, self.document, self.clause, self.quote) = (name, document, clause, quote)
        (self.features, self.drawn, self.reason, self.role) = (features, drawn, reason, role)
    }
}

/// A plan folder's `plan-elements.json`: the documents (short name → text file) and the elements.
///
/// ```swift
/// let list = try PlanElementList.load(directory: "geodata")
/// print(list.elements.filter { !$0.drawn }.map(\.name))
/// ```
public struct PlanElementList: Sendable {
    /// The file name inside a plan folder.
    public static let fileName = "plan-elements.json"

    public var documents: [String: String]
    public var elements: [PlanElement]

    /// Reads `plan-elements.json` of a plan folder.
    public static func load(directory: String) throws -> PlanElementList {
        try load(file: (directory as NSString).appendingPathComponent(fileName))
    }

    /// Reads an element list; a missing or malformed file throws with the file's name.
    public static func load(file: String) throws -> PlanElementList {
        let list = try JSONValue.parse(try String(contentsOfFile: file, encoding: .utf8), name: file)
        guard let entries = list["elements"]?.arrayValue else {
            throw PlanLoadError(directory: (file as NSString).deletingLastPathComponent,
                                problems: [PlanProblem(file: (file as NSString).lastPathComponent, message: "needs an \"elements\" array")])
        }
        var documents: [String: String] = [:]
        for (k, v) in list["documents"]?.objectValue ?? [:] { documents[k] = v.stringValue }
        let elements = entries.map { e in
            PlanElement(name: e["name"]?.stringValue ?? "", document: e["document"]?.stringValue ?? "", clause: e["clause"]?.stringValue ?? "",
                        quote: e["quote"]?.stringValue ?? "", features: (e["features"]?.arrayValue ?? []).compactMap(\.stringValue),
                        drawn: e["drawn"]?.boolValue ?? true, reason: e["reason"]?.stringValue, role: e["role"]?.stringValue)
        }
        return PlanElementList(documents: documents, elements: elements)
    }
}
