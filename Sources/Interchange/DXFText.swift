import CGDAL
import Foundation
import TongchengGeometry

/// What makes GDAL's DXF readable in CAD with Chinese names and labels.
///
/// GDAL writes layer names as UTF-8 bytes under a header that declares `$DWGCODEPAGE ANSI_1252`
/// (AutoCAD 2004, AC1018), so every CAD program, QGIS and GDAL itself show 兰考 as `å…°è€ƒ`. An
/// AC1018 file's text is in its code page: the file is recoded to code page 936 (GBK, what
/// AutoCAD calls `ANSI_936`) and the header says so. Labels are TEXT entities, which GDAL writes
/// with `\U+XXXX` escapes for characters beyond Latin-1 (AutoCAD's own notation), so they are
/// ASCII and survive any code page.
///
/// ```swift
/// var notes: [String] = []
/// let cad = DXFText.forCAD(gdalBytes, notes: &notes, file: "out/zones.dxf")
/// ```
enum DXFText {
    /// The file recoded from UTF-8 to GBK under a header naming `ANSI_936`. A character GBK cannot
    /// hold (rare: emoji, some extension-B ideographs) becomes `_`, and a note says how many.
    static func forCAD(_ bytes: [UInt8], notes: inout [String], file: String) -> [UInt8] {
        var text = bytes
        if let range = codePageValue(in: text) { text.replaceSubrange(range, with: Array("ANSI_936".utf8)) }
        guard text.contains(where: { $0 >= 0x80 }) else { return text }
        let (gbk, replaced) = recode(text)
        if replaced > 0 {
            notes.append("\(file): \(replaced) character\(replaced == 1 ? "" : "s") that code page 936 (GBK) cannot hold written as _")
        }
        return gbk
    }

    /// The bytes of the `$DWGCODEPAGE` value (group code 3 on the line after the name).
    static func codePageValue(in bytes: [UInt8]) -> Range<Int>? {
        let name = Array("$DWGCODEPAGE".utf8)
        guard let start = bytes.firstRange(of: name)?.upperBound else { return nil }
        // Skip to the value: the rest of this line, the group code line, then the value line.
        var k = start
        var lines = 0
        while k < bytes.count, lines < 2 {
            if bytes[k] == 0x0A { lines += 1 }
            k += 1
        }
        var end = k
        while end < bytes.count, bytes[end] != 0x0A, bytes[end] != 0x0D { end += 1 }
        return k < end ? k..<end : nil
    }

    /// UTF-8 → CP936 through iconv, one character at a time past anything it cannot convert.
    static func recode(_ bytes: [UInt8]) -> ([UInt8], Int) {
        let cd = iconv_open("CP936", "UTF-8")
        guard cd != iconv_t(bitPattern: -1) else { return (bytes, 0) }
        defer { iconv_close(cd) }
        var out = [UInt8](repeating: 0, count: bytes.count * 2 + 16)
        var replaced = 0
        var input = bytes
        let produced: Int = input.withUnsafeMutableBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(src.baseAddress!).assumingMemoryBound(to: CChar.self)
                var inLeft = src.count
                var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(dst.baseAddress!).assumingMemoryBound(to: CChar.self)
                var outLeft = dst.count
                while inLeft > 0 {
                    if iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft) != -1 { break }
                    guard errno == EILSEQ || errno == EINVAL, outLeft > 0 else { break }
                    // Skip one UTF-8 character (or one stray byte), write `_`.
                    let lead = UInt8(bitPattern: inPtr!.pointee)
                    var skip = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
                    skip = min(skip, inLeft)
                    inPtr = inPtr! + skip
                    inLeft -= skip
                    outPtr!.pointee = CChar(UInt8(ascii: "_"))
                    outPtr = outPtr! + 1
                    outLeft -= 1
                    replaced += 1
                }
                return dst.count - outLeft
            }
        }
        return (Array(out[0..<produced]), replaced)
    }

    /// A label height in the output's units (metres): the larger side of all the features'
    /// extent / 150, rounded down to 1, 2 or 5 × 10ⁿ (a 10 km zone gets 50 m letters, a 300 m
    /// site 2 m), so labels are legible at the scale the drawing opens at.
    static func labelHeight(_ features: [Feature]) -> Double {
        var box: BoundingBox?
        for f in features {
            guard let b = f.geometry?.boundingBox else { continue }
            if box == nil { box = b } else { box!.extend(b) }
        }
        let side = box.map { max($0.maxX - $0.minX, $0.maxY - $0.minY) } ?? 0
        let raw = side / 150
        guard raw > 0 else { return 1 }
        let decade = pow(10, floor(log10(raw)))
        let step = [5.0, 2, 1].first { $0 * decade <= raw } ?? 1
        return step * decade
    }

    /// A TEXT entity with `text` at the feature's point on surface (inside a polygon, on a line),
    /// on the feature's CAD layer: an OGR feature with a point and a LABEL style.
    static func writeLabel(_ text: String, at geometry: OGRGeometryH, height: Double, like feature: OGRFeatureH, layer: OGRLayerH) -> OGRErr {
        let flat = OGR_GT_Flatten(OGR_G_GetGeometryType(geometry))
        guard let point = flat == wkbPoint ? OGR_G_Clone(geometry) : OGR_G_PointOnSurface(geometry) else { return OGRERR_NONE }
        guard let label = OGR_F_Clone(feature) else {
            OGR_G_DestroyGeometry(point)
            return OGRERR_NOT_ENOUGH_MEMORY
        }
        defer { OGR_F_Destroy(label) }
        OGR_F_SetGeometryDirectly(label, point)
        OGR_F_SetFID(label, -1)
        // OGR style strings quote with ", so a quote in the text is written as a typographic one.
        let quoted = text.replacingOccurrences(of: "\"", with: "\u{201D}").replacingOccurrences(of: "\\", with: "\\\\")
        OGR_F_SetStyleString(label, "LABEL(f:\"Arial\",t:\"\(quoted)\",s:\(height)g,p:5)")
        return OGR_L_CreateFeature(layer, label)
    }
}
