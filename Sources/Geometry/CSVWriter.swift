#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one CSV writer (command-line tool and recipes alike), for spreadsheets and tools:
///
/// - the header is the JSON keys of the same result (nested objects joined with `_`: the `id` of
///   `"a":{…}` is the column `a_id`), so CSV, JSON and recipe tables name a value alike;
/// - numbers are plain, as JSON writes them (`1106493952.1`, `0.0529`), never grouped or with a
///   `%`, and with at most 15 significant digits (what a spreadsheet keeps; integers such as ids
///   stay as written); `null` is an empty cell; arrays and objects are their JSON text;
/// - a text cell that a spreadsheet would evaluate (starting with `=`, `+`, `-`, `@`, a tab or a
///   carriage return) is prefixed with `'` — a number is never prefixed, so `-3.5` stays a number;
/// - RFC 4180 quoting (a cell with `,`, `"` or a line break is quoted, `"` doubled), lines end
///   with `\n`;
/// - an optional UTF-8 byte-order mark, without which Excel reads UTF-8 Chinese names as
///   mojibake (the command-line tool writes one by default into `-o *.csv`).
///
/// ```swift
/// let w = CSVWriter(byteOrderMark: true)
/// let text = w.string(objects: [["id": "lankao", "area_m2": .number(JSONNumber(1.1e9))]])
/// // "\u{FEFF}id,area_m2\nlankao,1100000000\n"
/// ```
public struct CSVWriter: Sendable {
    /// Start the text with U+FEFF (the UTF-8 BOM, bytes EF BB BF).
    public var byteOrderMark: Bool

    public init(byteOrderMark: Bool = false) {
        self.byteOrderMark = byteOrderMark
    }

    /// CSV from a header and rows of JSON values (a short row is padded with empty cells).
    public func string(header: [String], rows: [[JSONValue]]) -> String {
        var out = byteOrderMark ? "\u{FEFF}" : ""
        out += header.map { CSVWriter.quoted(CSVWriter.defused($0)) }.joined(separator: ",") + "\n"
        for row in rows {
            var cells = row.map(CSVWriter.cell)
            if cells.count < header.count { cells += Array(repeating: "", count: header.count - cells.count) }
            out += cells.joined(separator: ",") + "\n"
        }
        return out
    }

    /// CSV from JSON objects: the header is `columns` (the keys known in advance, so that an empty
    /// result still has its header), then every other key (flattened) in the order first seen; a
    /// row without a key has an empty cell there.
    public func string(objects: [JSONObject], columns: [String] = []) -> String {
        let flat = objects.map(CSVWriter.flatten)
        var header: [String] = columns
        var seen = Set<String>(columns)
        for o in flat { for k in o.keys where seen.insert(k).inserted { header.append(k) } }
        return string(header: header, rows: flat.map { o in header.map { o[$0] ?? .null } })
    }

    /// One cell's text, quoted when needed.
    public static func cell(_ v: JSONValue) -> String {
        switch v {
        case .null: return ""
        case .number(let n): return significant(n)
        case .bool(let b): return b ? "true" : "false"
        case .string(let s): return quoted(defused(s))
        case .array, .object: return quoted(JSONText.encode(v))
        }
    }

    /// A number with at most 15 significant digits (`%.15g`): Excel keeps 15 and shows a 17-digit
    /// double such as `0.30000000000000004` as another number than the CSV's text. Integer
    /// literals (ids, counts) are kept as written.
    ///
    /// ```swift
    /// CSVWriter.significant(JSONNumber(1106493952.1234567))  // "1106493952.12346"
    /// ```
    public static func significant(_ n: JSONNumber) -> String {
        let literal = n.literal
        guard literal.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) else { return literal }
        let mantissa = literal[..<(literal.firstIndex(where: { $0 == "e" || $0 == "E" }) ?? literal.endIndex)]
        let digits = mantissa.filter(\.isNumber).drop { $0 == "0" }
        guard digits.count > 15 else { return literal }
        var buffer = [CChar](repeating: 0, count: 48)
        _ = withVaList([n.doubleValue]) { vsnprintf(&buffer, buffer.count, "%.15g", $0) }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Nested objects become `parent_key` columns: `{"a":{"id":1}}` → `{"a_id":1}`.
    public static func flatten(_ o: JSONObject) -> JSONObject {
        var out = JSONObject()
        for (k, v) in o {
            if case .object(let inner) = v {
                for (ik, iv) in flatten(inner) { out[k + "_" + ik] = iv }
            } else {
                out[k] = v
            }
        }
        return out
    }

    /// Text that a spreadsheet would read as a formula gets a leading `'` (OWASP's advice for
    /// CSV injection); other text is unchanged.
    public static func defused(_ s: String) -> String {
        guard let first = s.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) else { return s }
        return "'" + s
    }

    static func quoted(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return s }
        var out = "\""
        for ch in s {
            if ch == "\"" { out += "\"\"" } else { out.append(ch) }
        }
        return out + "\""
    }
}
