import CGDAL
import Foundation
import TongchengGeometry

/// An OGR layer's attribute columns, read into JSON values: integers and reals as numbers,
/// booleans as booleans, dates as ISO 8601 text (`2021-10-12`, `2021-10-12T08:30:00+08:00`),
/// lists as arrays, binary as hexadecimal text. A column named `id` becomes the feature's id.
struct OGRFieldReading {
    struct Column {
        var name: String
        var type: OGRFieldType
        var subType: OGRFieldSubType
    }

    let columns: [Column]
    /// The column promoted to the feature id, if any.
    let idColumn: Int?
    /// Text columns are re-encoded from this encoding (CSV and other drivers that pass bytes through).
    let recodeFrom: String?
    /// Set when a text value was not UTF-8 (and so was shown with U+FFFD).
    private(set) var sawInvalidText = false

    /// KML's placemark name and description under the names the rest of Tongcheng reads, and
    /// without LIBKML's presentation columns (tessellate, extrude, …).
    static let kmlRenames = ["Name": "name", "Description": "description"]
    static let kmlPresentation: Set<String> = ["tessellate", "extrude", "visibility", "drawOrder", "icon", "altitudeMode", "snippet"]

    /// `skipping` names columns (lowercase) that are not properties: a CSV's WKT or lon/lat
    /// columns, which became the geometry.
    init(layer: OGRLayerH, recodeFrom: String?, driver: String = "", skipping: Set<String> = []) {
        let definition = OGR_L_GetLayerDefn(layer)
        let kml = driver == "LIBKML" || driver == "KML"
        var columns: [Column] = []
        for i in 0..<OGR_FD_GetFieldCount(definition) {
            guard let field = OGR_FD_GetFieldDefn(definition, i) else { continue }
            var name = String(cString: OGR_Fld_GetNameRef(field))
            if skipping.contains(name.lowercased()) { name = "" }
            if kml {
                if Self.kmlPresentation.contains(name) { name = "" }
                name = Self.kmlRenames[name] ?? name
            }
            columns.append(Column(name: name, type: OGR_Fld_GetType(field), subType: OGR_Fld_GetSubType(field)))
        }
        self.columns = columns
        idColumn = columns.firstIndex { $0.name == "id" && ($0.type == OFTString || $0.type == OFTInteger || $0.type == OFTInteger64) }
        self.recodeFrom = recodeFrom
    }

    /// The text of column `i` (raw, for checks), or `nil` when it is unset or null.
    func rawText(_ feature: OGRFeatureH, _ i: Int) -> String? {
        let k = Int32(i)
        guard OGR_F_IsFieldSet(feature, k) != 0, OGR_F_IsFieldNull(feature, k) == 0, let raw = OGR_F_GetFieldAsString(feature, k) else { return nil }
        return String(cString: raw)
    }

    /// The feature's id and properties.
    mutating func read(_ feature: OGRFeatureH) -> (FeatureID?, JSONObject) {
        var pairs: [(String, JSONValue)] = []
        pairs.reserveCapacity(columns.count)
        var id: FeatureID?
        for (k, column) in columns.enumerated() {
            let i = Int32(k)
            guard !column.name.isEmpty, OGR_F_IsFieldSet(feature, i) != 0 else { continue }
            let value: JSONValue = OGR_F_IsFieldNull(feature, i) != 0 ? .null : self.value(feature, i, column)
            if k == idColumn {
                switch value {
                case .string(let s): id = .string(s)
                case .number(let n): id = .number(n)
                default: break
                }
                continue
            }
            pairs.append((column.name, value))
        }
        return (id, JSONObject(pairs))
    }

    private mutating func value(_ f: OGRFeatureH, _ i: Int32, _ column: Column) -> JSONValue {
        switch column.type {
        case OFTInteger:
            let v = Int(OGR_F_GetFieldAsInteger64(f, i))
            return column.subType == OFSTBoolean ? .bool(v != 0) : .number(JSONNumber(v))
        case OFTInteger64:
            return .number(JSONNumber(Int(OGR_F_GetFieldAsInteger64(f, i))))
        case OFTReal:
            return Self.number(OGR_F_GetFieldAsDouble(f, i))
        case OFTDate, OFTDateTime, OFTTime:
            return .string(Self.dateText(f, i, column.type))
        case OFTIntegerList:
            var n: Int32 = 0
            guard let p = OGR_F_GetFieldAsIntegerList(f, i, &n) else { return .array([]) }
            return .array((0..<Int(n)).map { .number(JSONNumber(Int(p[$0]))) })
        case OFTInteger64List:
            var n: Int32 = 0
            guard let p = OGR_F_GetFieldAsInteger64List(f, i, &n) else { return .array([]) }
            return .array((0..<Int(n)).map { .number(JSONNumber(Int(p[$0]))) })
        case OFTRealList:
            var n: Int32 = 0
            guard let p = OGR_F_GetFieldAsDoubleList(f, i, &n) else { return .array([]) }
            return .array((0..<Int(n)).map { Self.number(p[$0]) })
        case OFTStringList:
            return .array(CStringList.strings(OGR_F_GetFieldAsStringList(f, i)).map { .string($0) })
        case OFTBinary:
            var n: Int32 = 0
            guard let p = OGR_F_GetFieldAsBinary(f, i, &n) else { return .string("") }
            let hex = Array("0123456789abcdef".utf8)
            var bytes: [UInt8] = []
            bytes.reserveCapacity(Int(n) * 2)
            for k in 0..<Int(n) {
                bytes.append(hex[Int(p[k] >> 4)])
                bytes.append(hex[Int(p[k] & 15)])
            }
            return .string(String(decoding: bytes, as: UTF8.self))
        default:
            guard let raw = OGR_F_GetFieldAsString(f, i) else { return .null }
            return .string(text(raw))
        }
    }

    /// A C string as text: recoded when asked, checked to be UTF-8 otherwise.
    private mutating func text(_ raw: UnsafePointer<CChar>) -> String {
        if let recodeFrom {
            let recoded = CPLRecode(raw, recodeFrom, CPL_ENC_UTF8)
            defer { VSIFree(recoded) }
            return String(cString: recoded)
        }
        if let s = String(validatingCString: raw) { return s }
        sawInvalidText = true
        return String(decoding: UnsafeRawBufferPointer(start: raw, count: strlen(raw)), as: UTF8.self)
    }

    static func number(_ v: Double) -> JSONValue {
        guard v.isFinite else { return .null }
        if v == v.rounded(), abs(v) < 1e15 { return .number(JSONNumber(literal: String(Int64(v)) + ".0", doubleValue: v)) }
        return JSONNumber(v).map(JSONValue.number) ?? .null   // finite: checked above
    }

    private static func dateText(_ f: OGRFeatureH, _ i: Int32, _ type: OGRFieldType) -> String {
        var y: Int32 = 0, m: Int32 = 0, d: Int32 = 0, h: Int32 = 0, mi: Int32 = 0, tz: Int32 = 0
        var s: Float = 0
        guard OGR_F_GetFieldAsDateTimeEx(f, i, &y, &m, &d, &h, &mi, &s, &tz) != 0 else {
            return OGR_F_GetFieldAsString(f, i).map { String(cString: $0) } ?? ""
        }
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let date = "\(String(format: "%04d", y))-\(two(m))-\(two(d))"
        let whole = Int32(s)
        var time = "\(two(h)):\(two(mi)):\(two(whole))"
        let millis = Int((Double(s) - Double(whole)) * 1000 + 0.5)
        if millis > 0 { time += String(format: ".%03d", millis) }
        // OGR's time zone flag: 0 unknown, 1 local time, 100 UTC, 100 ± n quarter hours.
        if tz == 100 { time += "Z" } else if tz > 1 {
            let minutes = Int(tz - 100) * 15
            time += (minutes < 0 ? "-" : "+") + two(Int32(abs(minutes) / 60)) + ":" + two(Int32(abs(minutes) % 60))
        }
        switch type {
        case OFTDate: return date
        case OFTTime: return time
        default: return date + "T" + time
        }
    }
}
