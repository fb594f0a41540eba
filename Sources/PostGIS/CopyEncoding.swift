import TongchengGeometry

/// PostgreSQL's binary COPY format: a signature, then per row a field count and each field as a
/// length and its binary value (the same bytes `*_send`/`*_recv` use), then an end marker.
///
/// ```swift
/// var copy = CopyEncoding()
/// copy.beginRow(fields: 1); copy.text("兰考县")
/// copy.finish()
/// ```
public struct CopyEncoding: Sendable {
    public var bytes: [UInt8] = []

    /// A new buffer; `header: false` for the chunks after the first of one COPY.
    public init(header: Bool = true) {
        guard header else { return }
        bytes.append(contentsOf: Array("PGCOPY\n".utf8) + [0xFF, 0x0D, 0x0A, 0x00])
        bytes.append(contentsOf: [0, 0, 0, 0, 0, 0, 0, 0])  // flags, header extension length
    }

    @inline(__always) mutating func int16(_ v: Int16) { withUnsafeBytes(of: v.bigEndian) { bytes.append(contentsOf: $0) } }
    @inline(__always) mutating func int32(_ v: Int32) { withUnsafeBytes(of: v.bigEndian) { bytes.append(contentsOf: $0) } }

    public mutating func beginRow(fields: Int) { int16(Int16(fields)) }
    public mutating func null() { int32(-1) }
    public mutating func finish() { int16(-1) }

    public mutating func text(_ s: String) {
        var s = s
        s.withUTF8 { u in
            int32(Int32(u.count))
            bytes.append(contentsOf: u)
        }
    }

    public mutating func bigint(_ v: Int64) {
        int32(8)
        withUnsafeBytes(of: v.bigEndian) { bytes.append(contentsOf: $0) }
    }

    public mutating func double(_ v: Double) {
        int32(8)
        withUnsafeBytes(of: v.bitPattern.bigEndian) { bytes.append(contentsOf: $0) }
    }

    public mutating func boolean(_ v: Bool) {
        int32(1)
        bytes.append(v ? 1 : 0)
    }

    /// jsonb's binary form: version 1, then the JSON text.
    public mutating func jsonb(_ v: JSONValue) {
        let u = Array(JSONText.encode(v).utf8)
        int32(Int32(u.count + 1))
        bytes.append(1)
        bytes.append(contentsOf: u)
    }

    public mutating func date(days: Int32) {
        int32(4)
        int32(days)
    }

    /// A geometry as EWKB with SRID 4326.
    public mutating func geometry(_ g: Geometry, forceZ: Bool = false) {
        let lengthAt = bytes.count
        int32(0)
        EWKB.append(g, srid: 4326, forceZ: forceZ, to: &bytes)
        let n = Int32(bytes.count - lengthAt - 4).bigEndian
        withUnsafeBytes(of: n) { for k in 0..<4 { bytes[lengthAt + k] = $0[k] } }
    }

    /// Days from 2000-01-01 of a `YYYY-MM-DD` date (PostgreSQL's binary date), or `nil` if `s` is not one.
    public static func daysSince2000(_ s: String) -> Int32? {
        let u = Array(s.utf8)
        guard u.count == 10, u[4] == UInt8(ascii: "-"), u[7] == UInt8(ascii: "-") else { return nil }
        func digits(_ r: Range<Int>) -> Int? {
            var v = 0
            for k in r {
                guard (48...57).contains(u[k]) else { return nil }
                v = v * 10 + Int(u[k] - 48)
            }
            return v
        }
        guard let y = digits(0..<4), let m = digits(5..<7), let d = digits(8..<10), (1...12).contains(m), d >= 1 else { return nil }
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard d <= lengths[m - 1] else { return nil }
        return Int32(daysFromCivil(y, m, d) - daysFromCivil(2000, 1, 1))
    }

    /// `YYYY-MM-DD` of a PostgreSQL binary date.
    public static func dateText(daysSince2000 days: Int32) -> String {
        let z = Int(days) + daysFromCivil(2000, 1, 1) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        func pad(_ v: Int, _ n: Int) -> String { String(repeating: "0", count: max(0, n - String(v).count)) + String(v) }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
    }

    /// Days since 1970-01-01 (Howard Hinnant's days_from_civil).
    static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
