import Foundation
import TongchengGeometry
import TongchengPlan

/// `tongcheng plan --elements`: the elements the plan texts name (the plan folder's
/// plan-elements.json), each with the features that draw it or why it is not drawn.
///
/// ```swift
/// let text = try PlanElementsListing(directory: "geodata").text(json: false)
/// ```
struct PlanElementsListing {
    var list: PlanElementList

    /// Reads the folder's plan-elements.json; a missing file is "no input" (66), a malformed one bad data (65).
    init(directory: String) throws {
        let file = (directory as NSString).appendingPathComponent(PlanElementList.fileName)
        guard FileManager.default.fileExists(atPath: file) else {
            throw CommandFailure(code: SysExit.noInput, message: "\(file): no such file (the plan folder has no list of the texts' elements)")
        }
        do {
            list = try PlanElementList.load(file: file)
        } catch let e as PlanLoadError {
            throw CommandFailure.data(e.problems.map { "\(file): \($0.message)" }.joined(separator: "\n"))
        } catch {
            throw CommandFailure.data("\(file): \(error)")
        }
    }

    func text(json: Bool) -> String {
        if json {
            let rows: [JSONValue] = list.elements.map { e in
                var fields: [(String, JSONValue)] = [("name", .string(e.name)), ("document", .string(e.document)), ("clause", .string(e.clause)),
                                                     ("drawn", .bool(e.drawn)), ("features", .array(e.features.map { .string($0) }))]
                if let role = e.role { fields.append(("role", .string(role))) }
                if let reason = e.reason { fields.append(("reason", .string(reason))) }
                return .object(JSONObject(fields))
            }
            let drawn = list.elements.filter(\.drawn).count
            return JSONText.encode(.object(JSONObject([("elements", .array(rows)), ("drawn", .number(JSONNumber(drawn))),
                                                       ("not_drawn", .number(JSONNumber(list.elements.count - drawn)))]))) + "\n"
        }
        var t = Table(columns: ["element", "clause", "drawn as"])
        for e in list.elements {
            t.rows.append([e.name, "\(e.document) \(e.clause)", e.drawn ? e.features.joined(separator: ", ") : "not drawn (\(e.role ?? "?"))"])
        }
        let drawn = list.elements.filter(\.drawn).count
        return t.aligned() + "\(list.elements.count) elements: \(drawn) drawn, \(list.elements.count - drawn) not drawn (plan-elements.json gives each one's reason)\n"
    }
}
