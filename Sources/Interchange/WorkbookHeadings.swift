/// The headings of a workbook's rows sheet: the Chinese a planner reads, then the CSV's column
/// name (`面积（亩） area_mu`), so that a sheet is read by people and still matched to the CSV and
/// JSON by scripts. A column Tongcheng does not know keeps its name alone (a user's own field).
///
/// ```swift
/// WorkbookHeadings.heading("area_mu")   // "面积（亩） area_mu"
/// WorkbookHeadings.heading("DLBM")      // "DLBM"
/// ```
public enum WorkbookHeadings {
    /// Chinese names of the columns Tongcheng's tables use.
    static let names: [String: String] = [
        "zone": "分区", "class": "地类", "share": "占比", "name": "名称", "id": "编号", "file": "文件", "layer": "图层",
        "index": "序号", "feature_index": "要素序号", "feature_id": "要素编号", "feature_name": "要素名称",
        "constraint": "约束", "constraint_file": "约束文件", "constraint_id": "约束编号", "constraint_index": "约束序号",
        "constraint_name": "约束名称", "rule": "规则", "kind": "类型", "problem": "问题", "features": "要素",
        "lon": "经度", "lat": "纬度", "from": "原地类", "to": "新地类", "key": "关键字", "change": "变化",
        "old_id": "原编号", "new_id": "新编号", "old_index": "原序号", "new_index": "新序号",
        "geometry_changed": "图形变化", "attributes": "属性变化", "fraction_of_a": "占甲比例", "fraction_of_b": "占乙比例",
        "a": "甲", "b": "乙", "detail": "说明", "clause": "条款", "element": "要素", "what": "内容",
        "distance_m": "距离（米）", "length_m": "长度（米）", "length_km": "长度（千米）", "perimeter_m": "周长（米）",
        "fraction": "比例", "inside_m2": "范围内面积（平方米）",
    ]

    /// Area units as the Chinese tables name them.
    static let units: [String: String] = ["m2": "平方米", "mu": "亩", "ha": "公顷", "km2": "平方千米"]

    /// The heading of column `name` on a rows sheet.
    public static func heading(_ name: String) -> String {
        if let zh = names[name] { return "\(zh) \(name)" }
        for (prefix, zh) in [("area_gained_", "增加面积"), ("area_lost_", "减少面积"), ("area_", "面积")] where name.hasPrefix(prefix) {
            if let unit = units[String(name.dropFirst(prefix.count))] { return "\(zh)（\(unit)） \(name)" }
        }
        return name
    }
}
