import Foundation
import TongchengGeometry
import TongchengProcessIO

/// A table of results, printed aligned for people (with Chinese text counted as two columns
/// wide). CSV for tools comes from the JSON rows through `CSVWriter`, not from this table.
///
/// ```swift
/// var t = Table(columns: ["name", "area km²"], rightAligned: [1])
/// t.rows.append(["兰考县", "1116.00"])
/// print(t.aligned())
/// ```
struct Table {
    var columns: [String]
    var rightAligned: Set<Int> = []
    var rows: [[String]] = []
    var footer: [[String]] = []

    func aligned() -> String {
        // Control characters and bidi overrides from the data are shown escaped, never sent raw.
        let clean = { (table: [[String]]) in table.map { $0.map { TerminalText.visible($0) } } }
        let (columns, rows, footer) = (columns.map { TerminalText.visible($0) }, clean(rows), clean(footer))
        let all = [columns] + rows + footer
        var widths = [Int](repeating: 0, count: columns.count)
        for row in all { for (k, cell) in row.enumerated() where k < widths.count { widths[k] = max(widths[k], Table.displayWidth(cell)) } }
        func line(_ row: [String]) -> String {
            var parts: [String] = []
            for (k, cell) in row.enumerated() {
                let pad = String(repeating: " ", count: widths[k] - Table.displayWidth(cell))
                parts.append(rightAligned.contains(k) ? pad + cell : cell + pad)
            }
            var s = parts.joined(separator: "  ")
            while s.hasSuffix(" ") { s.removeLast() }
            return s
        }
        var out = line(columns) + "\n"
        out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
        for r in rows { out += line(r) + "\n" }
        if !footer.isEmpty {
            out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
            for r in footer { out += line(r) + "\n" }
        }
        return out
    }

    /// Terminal columns a string occupies: East Asian wide and fullwidth characters take two.
    static func displayWidth(_ s: String) -> Int {
        var w = 0
        for scalar in s.unicodeScalars {
            let v = scalar.value
            if v < 0x20 || (v >= 0x300 && v < 0x370) || v == 0x200B { continue }
            let wide = (v >= 0x1100 && v <= 0x115F) || (v >= 0x2E80 && v <= 0xA4CF) || (v >= 0xAC00 && v <= 0xD7A3)
                || (v >= 0xF900 && v <= 0xFAFF) || (v >= 0xFE30 && v <= 0xFE4F) || (v >= 0xFF00 && v <= 0xFF60)
                || (v >= 0xFFE0 && v <= 0xFFE6) || (v >= 0x1F300 && v <= 0x1FAFF) || (v >= 0x20000 && v <= 0x3FFFD)
            w += wide ? 2 : 1
        }
        return w
    }
}

/// Fixed-decimal formatting that does not depend on the locale.
func fixed(_ v: Double, _ decimals: Int) -> String {
    String(format: "%.\(decimals)f", v)
}

/// Thousands-separated fixed-decimal formatting for tables (1,116.02).
func grouped(_ v: Double, _ decimals: Int) -> String {
    let s = fixed(abs(v), decimals)
    let parts = s.split(separator: ".", maxSplits: 1)
    var integer = String(parts[0])
    var out = ""
    while integer.count > 3 {
        out = "," + integer.suffix(3) + out
        integer = String(integer.dropLast(3))
    }
    out = integer + out
    if parts.count > 1 { out += "." + parts[1] }
    return (v < 0 ? "-" : "") + out
}
