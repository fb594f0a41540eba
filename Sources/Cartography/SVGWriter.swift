import Foundation
/// SVG as plain strings, with every piece of text from outside the program escaped here and
/// nowhere else (mapshaper's `src/svg/` habit).
///
/// Element names come from `SVGElement` and attribute names from `SVGAttribute`: a feature's
/// property values only ever reach the document as escaped attribute values or text, and a
/// property *key* becomes a `data-*` name only when it is already a safe XML name
/// (`SVGAttribute.data(_:)`), so `"x\" onload=\"y"` can never open a new attribute.
///
/// The writer keeps no external references: there is no element for `<image>`, `<script>`,
/// `<foreignObject>` or `<a>`, and `href` only takes a local `#fragment`.
///
/// ```swift
/// var svg = SVGWriter()
/// svg.open(.g, [.cls("labels")])
/// svg.element(.text, [.x(10), .y(20)], text: "兰考 <县>")   // → <text x="10" y="20">兰考 &lt;县&gt;</text>
/// svg.close()
/// print(svg.text)
/// ```
public struct SVGWriter: Sendable {
    /// The document so far.
    public private(set) var text = ""
    private var stack: [SVGElement] = []

    /// An empty document.
    public init() {}

    /// Writes the XML declaration and opens the root `<svg>` element.
    public mutating func openDocument(_ attributes: [SVGAttribute]) {
        text += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        open(.svg, [SVGAttribute(name: "xmlns", value: "http://www.w3.org/2000/svg")] + attributes)
    }

    /// Opens an element that will hold children; close it with `close()`.
    public mutating func open(_ element: SVGElement, _ attributes: [SVGAttribute] = []) {
        indent()
        text += "<" + element.rawValue
        write(attributes)
        text += ">\n"
        stack.append(element)
    }

    /// Closes the innermost open element.
    public mutating func close() {
        guard let element = stack.popLast() else { preconditionFailure("close() without open()") }
        indent()
        text += "</" + element.rawValue + ">\n"
    }

    /// Writes an element without children (`<path … />`) or with escaped text content.
    public mutating func element(_ element: SVGElement, _ attributes: [SVGAttribute] = [], text content: String? = nil) {
        indent()
        text += "<" + element.rawValue
        write(attributes)
        if let content {
            text += ">" + SVGWriter.escape(content) + "</" + element.rawValue + ">\n"
        } else {
            text += "/>\n"
        }
    }

    /// Writes a `<text>` element made of lines (`<tspan>`s), each with its own position.
    public mutating func textLines(_ attributes: [SVGAttribute], lines: [(x: Double, y: Double, text: String)]) {
        if lines.count == 1 {
            element(.text, attributes + [.x(lines[0].x), .y(lines[0].y)], text: lines[0].text)
            return
        }
        open(.text, attributes)
        for line in lines { element(.tspan, [.x(line.x), .y(line.y)], text: line.text) }
        close()
    }

    /// Writes an XML comment (the text is made safe: `--` cannot end it early).
    public mutating func comment(_ content: String) {
        indent()
        let safe = SVGWriter.escape(content).replacingOccurrences(of: "--", with: "‐‐")
        text += "<!-- " + safe + " -->\n"
    }

    /// Places a whole document made by `SVGWriter` (and so already escaped) into `box` as a nested
    /// `<svg>`: its XML declaration, title and description dropped, its ids and class names
    /// prefixed with `idPrefix` so that they neither clash with this document's nor are taken for
    /// its features by the viewer's script.
    ///
    /// ```swift
    /// svg.embed(document: detail.svg, in: PageRect(x: 40, y: 500, width: 380, height: 300), idPrefix: "detail-")
    /// ```
    mutating func embed(document: String, in box: PageRect, idPrefix: String) {
        guard let open = document.range(of: "<svg"), let openEnd = document[open.upperBound...].range(of: ">\n") else { return }
        let root = document[open.lowerBound..<openEnd.upperBound]
        let viewBox = root.range(of: #"viewBox="[^"]*""#, options: .regularExpression).map { String(root[$0]) } ?? ""
        var body = String(document[openEnd.upperBound...])
        for element in ["title", "desc"] {
            if let r = body.range(of: "<\(element)>[^<]*</\(element)>\n", options: .regularExpression) { body.removeSubrange(r) }
        }
        body = body.replacingOccurrences(of: " id=\"", with: " id=\"" + idPrefix)
            .replacingOccurrences(of: "url(#", with: "url(#" + idPrefix)
            .replacingOccurrences(of: " class=\"", with: " class=\"" + idPrefix)
        indent()
        text += "<svg x=\"\(SVGNumber.format(box.x))\" y=\"\(SVGNumber.format(box.y))\" width=\"\(SVGNumber.format(box.width))\" height=\"\(SVGNumber.format(box.height))\" \(viewBox)>\n"
        text += body
        if !body.hasSuffix("\n") { text += "\n" }
    }

    /// Closes every open element; returns the finished document.
    public mutating func finish() -> String {
        while !stack.isEmpty { close() }
        return text
    }

    private mutating func indent() {
        text += String(repeating: " ", count: stack.count)
    }

    private mutating func write(_ attributes: [SVGAttribute]) {
        for a in attributes {
            text += " " + a.name + "=\"" + SVGWriter.escape(a.value) + "\""
        }
    }

    /// Escapes text for XML content and double-quoted attribute values: `& < > " '` become
    /// entities, tabs and line breaks become character references (kept in attributes), and
    /// characters XML 1.0 forbids (C0 controls, U+FFFE, U+FFFF) are dropped.
    ///
    /// ```swift
    /// SVGWriter.escape("<script>alert(1)</script>")  // "&lt;script&gt;alert(1)&lt;/script&gt;"
    /// ```
    public static func escape(_ s: String) -> String {
        var needs = false
        for u in s.utf8 where u < 0x20 || u == 0x26 || u == 0x3C || u == 0x3E || u == 0x22 || u == 0x27 || u == 0xEF {
            needs = true
            break
        }
        if !needs { return s }
        var out = ""
        out.reserveCapacity(s.utf8.count + 16)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t": out += "&#9;"
            case "\n": out += "&#10;"
            case "\r": out += "&#13;"
            default:
                let v = scalar.value
                if v < 0x20 || v == 0xFFFE || v == 0xFFFF { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

/// The SVG elements the renderer writes. Nothing else can be written: no `image`, `script`,
/// `foreignObject`, `a` or `style`, so a map can reference nothing outside itself.
public enum SVGElement: String, Sendable {
    case svg, g, path, rect, circle, line, polyline, text, tspan, title, desc, defs, clipPath, metadata
}

/// An attribute: a name from a fixed vocabulary (or a checked `data-*` name) and a value that
/// `SVGWriter` escapes.
///
/// ```swift
/// let a: [SVGAttribute] = [.fill("#fff"), .strokeWidth(0.5), .data("adcode", "410225")!]
/// ```
public struct SVGAttribute: Sendable, Hashable {
    /// The attribute name; only the static constructors and `data(_:_:)` make one.
    public let name: String
    /// The raw (unescaped) value.
    public let value: String

    fileprivate init(name: String, value: String) {
        self.name = name
        self.value = value
    }

    /// A `data-KEY` attribute from a feature's property, or `nil` when the key is not a safe name.
    ///
    /// Safe keys start with an ASCII letter and continue with ASCII letters, digits, `_` or `-`
    /// (at most 64 characters); they are lower-cased, as `data-*` names must be. Keys with spaces,
    /// quotes, `=`, `<` or any other character are left out instead of being mangled into names.
    ///
    /// ```swift
    /// SVGAttribute.data("name_en", "Lankao")      // data-name_en="Lankao"
    /// SVGAttribute.data("x\" onload=\"y", "1")    // nil
    /// ```
    public static func data(_ key: String, _ value: String) -> SVGAttribute? {
        guard let name = SVGAttribute.safeDataName(key) else { return nil }
        return SVGAttribute(name: "data-" + name, value: value)
    }

    /// The lower-cased key when it may follow `data-`, else `nil`.
    static func safeDataName(_ key: String) -> String? {
        let bytes = Array(key.utf8)
        guard let first = bytes.first, bytes.count <= 64, isLetter(first) else { return nil }
        for b in bytes where !(isLetter(b) || (b >= 0x30 && b <= 0x39) || b == 0x5F || b == 0x2D) { return nil }
        let lower = key.lowercased()
        // "xml…" names are reserved by XML.
        if lower.hasPrefix("xml") { return nil }
        return lower
    }

    private static func isLetter(_ b: UInt8) -> Bool { (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) }

    public static func id(_ v: String) -> SVGAttribute { SVGAttribute(name: "id", value: v) }
    public static func cls(_ v: String) -> SVGAttribute { SVGAttribute(name: "class", value: v) }
    public static func d(_ v: String) -> SVGAttribute { SVGAttribute(name: "d", value: v) }
    public static func x(_ v: Double) -> SVGAttribute { SVGAttribute(name: "x", value: SVGNumber.format(v)) }
    public static func y(_ v: Double) -> SVGAttribute { SVGAttribute(name: "y", value: SVGNumber.format(v)) }
    public static func x1(_ v: Double) -> SVGAttribute { SVGAttribute(name: "x1", value: SVGNumber.format(v)) }
    public static func y1(_ v: Double) -> SVGAttribute { SVGAttribute(name: "y1", value: SVGNumber.format(v)) }
    public static func x2(_ v: Double) -> SVGAttribute { SVGAttribute(name: "x2", value: SVGNumber.format(v)) }
    public static func y2(_ v: Double) -> SVGAttribute { SVGAttribute(name: "y2", value: SVGNumber.format(v)) }
    public static func cx(_ v: Double) -> SVGAttribute { SVGAttribute(name: "cx", value: SVGNumber.format(v)) }
    public static func cy(_ v: Double) -> SVGAttribute { SVGAttribute(name: "cy", value: SVGNumber.format(v)) }
    public static func r(_ v: Double) -> SVGAttribute { SVGAttribute(name: "r", value: SVGNumber.format(v)) }
    public static func width(_ v: Double) -> SVGAttribute { SVGAttribute(name: "width", value: SVGNumber.format(v)) }
    public static func height(_ v: Double) -> SVGAttribute { SVGAttribute(name: "height", value: SVGNumber.format(v)) }
    /// `width` with a unit (`"297mm"`), for the root element.
    public static func width(_ v: String) -> SVGAttribute { SVGAttribute(name: "width", value: v) }
    /// `height` with a unit (`"210mm"`), for the root element.
    public static func height(_ v: String) -> SVGAttribute { SVGAttribute(name: "height", value: v) }
    public static func viewBox(_ x: Double, _ y: Double, _ w: Double, _ h: Double) -> SVGAttribute {
        SVGAttribute(name: "viewBox", value: [x, y, w, h].map { SVGNumber.format($0) }.joined(separator: " "))
    }
    public static func fill(_ v: String) -> SVGAttribute { SVGAttribute(name: "fill", value: v) }
    public static func fillOpacity(_ v: Double) -> SVGAttribute { SVGAttribute(name: "fill-opacity", value: SVGNumber.format(v, decimals: 2)) }
    public static func fillRule(_ v: String) -> SVGAttribute { SVGAttribute(name: "fill-rule", value: v) }
    public static func stroke(_ v: String) -> SVGAttribute { SVGAttribute(name: "stroke", value: v) }
    public static func strokeWidth(_ v: Double) -> SVGAttribute { SVGAttribute(name: "stroke-width", value: SVGNumber.format(v, decimals: 2)) }
    public static func strokeOpacity(_ v: Double) -> SVGAttribute { SVGAttribute(name: "stroke-opacity", value: SVGNumber.format(v, decimals: 2)) }
    public static func strokeDasharray(_ v: [Double]) -> SVGAttribute {
        SVGAttribute(name: "stroke-dasharray", value: v.map { SVGNumber.format($0, decimals: 2) }.joined(separator: " "))
    }
    public static func strokeLinecap(_ v: String) -> SVGAttribute { SVGAttribute(name: "stroke-linecap", value: v) }
    public static func strokeLinejoin(_ v: String) -> SVGAttribute { SVGAttribute(name: "stroke-linejoin", value: v) }
    public static func opacity(_ v: Double) -> SVGAttribute { SVGAttribute(name: "opacity", value: SVGNumber.format(v, decimals: 2)) }
    public static func fontFamily(_ v: String) -> SVGAttribute { SVGAttribute(name: "font-family", value: v) }
    public static func fontSize(_ v: Double) -> SVGAttribute { SVGAttribute(name: "font-size", value: SVGNumber.format(v)) }
    public static func fontWeight(_ v: String) -> SVGAttribute { SVGAttribute(name: "font-weight", value: v) }
    public static func textAnchor(_ v: String) -> SVGAttribute { SVGAttribute(name: "text-anchor", value: v) }
    public static func letterSpacing(_ v: Double) -> SVGAttribute { SVGAttribute(name: "letter-spacing", value: SVGNumber.format(v)) }
    public static func paintOrder(_ v: String) -> SVGAttribute { SVGAttribute(name: "paint-order", value: v) }
    public static func transform(_ v: String) -> SVGAttribute { SVGAttribute(name: "transform", value: v) }
    /// `clip-path="url(#ID)"`: a reference inside the document only.
    public static func clipPath(_ localID: String) -> SVGAttribute { SVGAttribute(name: "clip-path", value: "url(#\(localID))") }
    public static func role(_ v: String) -> SVGAttribute { SVGAttribute(name: "role", value: v) }
    public static func lang(_ v: String) -> SVGAttribute { SVGAttribute(name: "xml:lang", value: v) }
    public static func vectorEffect(_ v: String) -> SVGAttribute { SVGAttribute(name: "vector-effect", value: v) }
}

/// Fixed number formatting for SVG: rounded to a fixed number of decimals (half away from zero),
/// trailing zeros and `-0` removed, never exponent notation, independent of the locale.
///
/// ```swift
/// SVGNumber.format(12.349)        // "12.3"
/// SVGNumber.format(-0.04)         // "0"
/// SVGNumber.format(3.14159, decimals: 3)  // "3.142"
/// ```
public enum SVGNumber {
    public static func format(_ v: Double, decimals: Int = 1) -> String {
        precondition(decimals >= 0 && decimals <= 6)
        guard v.isFinite else { return "0" }
        var scale: Int64 = 1
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(v) * Double(scale)).rounded(.toNearestOrAwayFromZero)
        guard scaled < 9e15 else { return String(Int64(v.rounded())) }
        let n = Int64(scaled)
        if n == 0 { return "0" }
        let integer = n / scale
        var fraction = n % scale
        var s = v < 0 ? "-" : ""
        s += String(integer)
        if fraction != 0 {
            var digits = decimals
            while fraction % 10 == 0 {
                fraction /= 10
                digits -= 1
            }
            let f = String(fraction)
            s += "." + String(repeating: "0", count: digits - f.count) + f
        }
        return s
    }
}

/// Element ids and class names made from data: only ASCII letters, digits, `-` and `_`.
enum SVGIdentifier {
    static func isSafe(_ s: String) -> Bool {
        guard let f = s.unicodeScalars.first, f.isASCIILetter, s.count <= 64 else { return false }
        return s.unicodeScalars.allSatisfy { $0.isASCIILetter || ($0.value >= 0x30 && $0.value <= 0x39) || $0 == "-" || $0 == "_" }
    }

    /// `text` with every other character turned into `-` (runs collapsed), or `fallback` when
    /// nothing is left; the result starts with a letter.
    static func make(_ text: String, fallback: String) -> String {
        var out = ""
        var lastDash = false
        for u in text.unicodeScalars {
            if u.isASCIILetter || (u.value >= 0x30 && u.value <= 0x39) || u == "_" {
                out.unicodeScalars.append(u)
                lastDash = false
            } else if !lastDash, !out.isEmpty {
                out += "-"
                lastDash = true
            }
        }
        while out.hasSuffix("-") { out.removeLast() }
        if out.count > 48 { out = String(out.prefix(48)) }
        if out.isEmpty { return fallback }
        if !(out.unicodeScalars.first!.isASCIILetter) { out = "f" + out }
        return out
    }
}

extension Unicode.Scalar {
    var isASCIILetter: Bool { (value >= 0x41 && value <= 0x5A) || (value >= 0x61 && value <= 0x7A) }
}
