import CGDAL
import Foundation
import TongchengGeometry
import TongchengProcessIO

/// One sheet of a workbook: a header and rows of JSON values. A column whose values are all
/// numbers (or empty) is a number column in Excel; anything else is text.
///
/// ```swift
/// let sheet = WorkbookSheet(name: "area", columns: ["name", "area_m2"], rows: [[.string("兰考县"), .number(JSONNumber(1.1e9))]])
/// ```
public struct WorkbookSheet: Sendable {
    public var name: String
    public var columns: [String]
    public var rows: [[JSONValue]]

    public init(name: String, columns: [String], rows: [[JSONValue]]) {
        self.name = name
        self.columns = columns
        self.rows = rows
    }
}

/// Writes tables as an Excel workbook (`.xlsx`, Office Open XML) through GDAL's XLSX driver
/// (linked already; it writes numbers as numbers, UTF-8 headers and one sheet per layer), into
/// memory first and then to disk through `SafeOutput` with its guarantees.
///
/// ```swift
/// try WorkbookSink.write([sheet], to: "out/area.xlsx")
/// ```
public enum WorkbookSink {
    /// Excel's limit on a sheet name (31 characters, none of `[]:*?/\`).
    static func sheetName(_ name: String, taken: Set<String>) -> String {
        var clean = String(name.map { "[]:*?/\\".contains($0) ? "_" : $0 }.prefix(31))
        if clean.isEmpty { clean = "sheet" }
        var candidate = clean
        var k = 2
        while taken.contains(candidate.lowercased()) {
            candidate = String(clean.prefix(31 - "-\(k)".count)) + "-\(k)"
            k += 1
        }
        return candidate
    }

    public static func write(_ sheets: [WorkbookSheet], to path: String, protecting: InputSet? = nil) throws {
        try SafeOutput.write(try bytes(sheets, name: path), to: path, protecting: protecting ?? ReadLog.shared.files())
    }

    /// The workbook's bytes (for a writer that streams its output); `name` for messages.
    public static func bytes(_ sheets: [WorkbookSheet], name path: String) throws -> [UInt8] {
        let work = MemoryFolder()
        let file = work.path("book.xlsx")
        func failure(_ message: String) -> InterchangeError { InterchangeError(kind: .cannotWrite, file: path, message: message) }
        try GDALSession.run { session in
            guard let driver = GDALGetDriverByName("XLSX") else { throw failure("GDAL has no XLSX driver") }
            guard let handle = GDALCreate(driver, file, 0, 0, 0, GDT_Unknown, nil) else {
                throw failure(session.lastFailure.map(OGRDataset.plain) ?? "cannot create the workbook")
            }
            do {
            let dataset = OGRDataset(created: handle, name: path)
            var taken = Set<String>()
            for sheet in sheets {
                let name = sheetName(sheet.name, taken: taken)
                taken.insert(name.lowercased())
                guard let layer = GDALDatasetCreateLayer(dataset.handle, name, nil, wkbNone, nil) else {
                    throw failure(session.lastFailure.map(OGRDataset.plain) ?? "cannot create the sheet \(name)")
                }
                let numeric = sheet.columns.indices.map { c in
                    sheet.rows.allSatisfy { row in
                        guard c < row.count else { return true }
                        switch row[c] { case .number, .null: return true; default: return false }
                    } && sheet.rows.contains { c < $0.count && $0[c] != .null }
                }
                var names = Set<String>()
                for (c, column) in sheet.columns.enumerated() {
                    // Column names are unique in a layer: a second "兰考县" becomes "兰考县-2".
                    var unique = column
                    var k = 2
                    while !names.insert(unique.lowercased()).inserted {
                        unique = "\(column)-\(k)"
                        k += 1
                    }
                    let field = OGR_Fld_Create(unique, numeric[c] ? OFTReal : OFTString)
                    defer { OGR_Fld_Destroy(field) }
                    guard OGR_L_CreateField(layer, field, 1) == OGRERR_NONE else {
                        throw failure(session.lastFailure.map(OGRDataset.plain) ?? "cannot create the column \(column)")
                    }
                }
                let definition = OGR_L_GetLayerDefn(layer)
                for row in sheet.rows {
                    guard let feature = OGR_F_Create(definition) else { throw failure("out of memory") }
                    defer { OGR_F_Destroy(feature) }
                    for (c, value) in row.enumerated() where c < sheet.columns.count {
                        switch value {
                        case .null: continue
                        case .number(let n) where numeric[c]: OGR_F_SetFieldDouble(feature, Int32(c), n.doubleValue)
                        default: OGR_F_SetFieldString(feature, Int32(c), value.displayText)
                        }
                    }
                    guard OGR_L_CreateFeature(layer, feature) == OGRERR_NONE else {
                        throw failure(session.lastFailure.map(OGRDataset.plain) ?? "GDAL refused a row of \(name)")
                    }
                }
            }
            }  // the workbook closes here, flushing everything
            let failures = session.newFailures()
            if !failures.isEmpty { throw failure(failures.map(OGRDataset.plain).joined(separator: "; ")) }
        }
        let made = work.files()
        guard made.count == 1, let bytes = made.first?.bytes else { throw failure("the XLSX writer made \(made.count) files instead of one") }
        return bytes
    }
}
