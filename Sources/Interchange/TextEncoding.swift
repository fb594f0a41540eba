#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Text encodings of attribute tables (`--encoding GBK`): checked against iconv, which GDAL uses
/// to recode them.
enum TextEncoding {
    /// Throws a usage error naming the encoding when iconv does not know it.
    static func check(_ name: String, file: String) throws {
        let cd = iconv_open("UTF-8", name)
        if cd == iconv_t(bitPattern: -1) {
            throw InterchangeError(kind: .usage, file: file, message: "unknown text encoding \"\(name)\"",
                                   hint: "use a name iconv knows: GBK, GB18030, CP936, BIG5, UTF-8, ISO-8859-1, …")
        }
        iconv_close(cd)
    }

    /// Whether `--encoding` changes how the driver reads text (the others are UTF-8 by definition).
    static func honoured(by driver: String) -> Bool {
        ["ESRI Shapefile", "DXF", "CSV"].contains(driver)
    }
}
