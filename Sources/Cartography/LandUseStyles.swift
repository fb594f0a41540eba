import TongchengPlan

/// The `landuse` style: fill colours keyed by land-use class code, for a map layer with
/// `classes: {field: DLBM}` (docs/map-spec.md).
///
/// **Sources, and what is not published.**
///
/// - Survey classes (`.survey`, 三调 working classification on GB/T 21010-2017): the colours are
///   the 三调样式 of MapGIS WebClient-Vue, `cesium/docs/template/guotu.md` (repository
///   MapGIS/WebClient-Vue, commit 6ac6c1cb; a vendor's published Mapbox style with one `fill-color`
///   per 三调 地类编码), transcribed code by code below. The ministry's own colour table for the
///   survey's maps (the 图式 of《第三次全国国土调查技术规程》TD/T 1055-2019) was not found in the
///   sources this project can search, so these colours are checked against the vendor table, not
///   against TD/T 1055; replace them when the official table is at hand.
/// - A first-level survey code (01, 02 …, as in the bundled sample parcels) is not in that table,
///   which colours second-level codes only: it takes the colour of its first second-level class
///   (01 耕地 ← 0101 水田). 00 湿地 is not in the table either: it takes 1108 沼泽地's colour.
///   1003 公路用地 and 05/0501–0507, 0603–0604, 0801–0808 (the table uses the working codes 05H1,
///   0508, 08H1, 08H2 instead) take their first-level colour.
/// - 用地用海 classes (`.spatialPlanning`): **no published colour table was found** in the
///   searchable sources (neither in the 2023 分类指南, which has none, nor the 国土空间规划 制图
///   rules). The colours below are Tongcheng's choice, each the survey colour of the matching
///   land class (耕地, 园地, 林地, 草地, 湿地 …) or a conventional hue for the built-up classes;
///   the legend says "colours not from a published table" for this classification.
///
/// ```swift
/// LandUseStyles.fill(for: "0101", classification: .survey)   // "#f8d072"
/// LandUseStyles.fill(for: "01", classification: .survey)     // "#f8d072" (0101's)
/// ```
public enum LandUseStyles {
    /// The fill colour of a class code (a second-level code falls back to its first level), or
    /// `nil` for a code the table does not know.
    public static func fill(for code: String, classification: LandUseClassification) -> String? {
        let table = classification == .survey ? survey : planning
        if let c = table[code] { return c }
        let first = LandUseClassification.code(code, atLevel: 1)
        return table[first]
    }

    /// Whether the colours of `classification` come from a published table (see the type's notes).
    public static func isPublished(_ classification: LandUseClassification) -> Bool { classification == .survey }

    /// Survey colours, MapGIS WebClient-Vue 三调样式 (`fill-color` rgba → hex), second level as
    /// published; first level and 00 as explained above.
    static let survey: [String: String] = [
        // Second level, as published (rgba in the source; hex here).
        "0101": "#f8d072",  // rgba(248, 208, 114) 水田
        "0102": "#f8e71c",  // rgba(248, 231, 28) 水浇地
        "0103": "#fffbb1",  // rgba(255, 251, 177) 旱地
        "0201": "#d6a7c9",  // rgba(214, 167, 201) 果园
        "0202": "#d5a7b0",  // rgba(213, 167, 176) 茶园
        "0203": "#e7cce2",  // rgba(231, 204, 226) 橡胶园
        "0204": "#e7cce2",  // rgba(231, 204, 226) 其他园地
        "0301": "#31ad69",  // rgba(49, 173, 105) 乔木林地
        "0302": "#31ad69", "0303": "#31ad69", "0304": "#31ad69",
        "0305": "#64b968",  // rgba(100, 185, 104) 灌木林地
        "0306": "#64b968",
        "0307": "#97cfb2",  // rgba(151, 207, 178) 其他林地
        "0401": "#83c238",  // rgba(131, 194, 56) 天然牧草地
        "0402": "#83c238",
        "0403": "#9ace7f",  // rgba(154, 206, 127) 人工牧草地
        "0404": "#c8e3a0",  // rgba(200, 227, 160) 其他草地
        "05H1": "#e2a195",  // rgba(226, 161, 149) 商业服务业设施用地
        "0508": "#c59a8c",  // rgba(197, 154, 140) 物流仓储用地
        "0601": "#c59a8c",  // rgba(197, 154, 140) 工业用地
        "0602": "#c59a8c",  // rgba(197, 154, 140) 采矿用地
        "0701": "#e56766",  // rgba(229, 103, 102) 城镇住宅用地
        "0702": "#ec898a",  // rgba(236, 137, 138) 农村宅基地
        "08H1": "#f1a5b4",  // rgba(241, 165, 180) 机关团体新闻出版用地
        "08H2": "#f1a5b4",  // rgba(241, 165, 180) 科教文卫用地
        "0809": "#f1a5b4",  // rgba(241, 165, 180) 公用设施用地
        "0810": "#81c35d",  // rgba(129, 195, 93) 公园与绿地
        "09": "#c17261",    // rgba(193, 114, 97) 特殊用地 (published for the first level)
        "1001": "#d1c9d3",  // rgba(209, 201, 211) 铁路用地
        "1002": "#d1c9d3",  // rgba(209, 201, 211) 轨道交通用地
        "1004": "#dededd",  // rgba(222, 222, 221) 城镇村道路用地
        "1005": "#aaa9a9",  // rgba(170, 169, 169) 交通服务场站用地
        "1006": "#c2c1c1",  // rgba(194, 193, 193) 农村道路
        "1007": "#eb897e",  // rgba(235, 137, 126) 机场用地
        "1008": "#eb897e", "1009": "#eb897e",
        "1101": "#a3d6f5",  // rgba(163, 214, 245) 河流水面
        "1102": "#a3d6f5", "1103": "#a3d6f5",
        "1104": "#90aacf",  // rgba(144, 170, 207) 坑塘水面
        "1105": "#b3def8",  // rgba(179, 222, 248) 沿海滩涂
        "1106": "#b3def8",  // rgba(179, 222, 248) 内陆滩涂
        "1107": "#a0cdf0",  // rgba(160, 205, 240) 沟渠
        "1108": "#afc8dc",  // rgba(175, 200, 220) 沼泽地
        "1109": "#e68264",  // rgba(230, 130, 100) 水工建筑用地
        "1110": "#d7edfb",  // rgba(215, 237, 251) 冰川及永久积雪
        "1201": "#e1dce1",  // rgba(225, 220, 225) 空闲地
        "1202": "#dcb482",  // rgba(220, 180, 130) 设施农用地
        "1203": "#c8ccd2",  // rgba(200, 204, 210) 田坎
        "1204": "#c8beaa",  // rgba(200, 190, 170) 盐碱地
        "1205": "#c8beaa",  // rgba(200, 190, 170) 沙地
        "1206": "#d7c8b9",  // rgba(215, 200, 185) 裸土地
        "1207": "#deddd6",  // rgba(222, 221, 214) 裸岩石砾地
        "201": "#e56766",   // rgba(229, 103, 102) 城市
        "202": "#e56766",   // rgba(229, 103, 102) 建制镇
        "203": "#ec898a",   // rgba(236, 137, 138) 村庄
        "204": "#c59a8c",   // rgba(197, 154, 140) 盐田及采矿用地
        // First level: the colour of the first second-level class (not published as such).
        "01": "#f8d072", "02": "#d6a7c9", "03": "#31ad69", "04": "#83c238", "05": "#e2a195", "06": "#c59a8c",
        "07": "#e56766", "08": "#f1a5b4", "10": "#d1c9d3", "11": "#a3d6f5", "12": "#e1dce1", "20": "#e56766",
        // 00 湿地: not in the table; 1108 沼泽地's colour.
        "00": "#afc8dc",
    ]

    /// 用地用海 colours: not from a published table (none was found); Tongcheng's choice.
    static let planning: [String: String] = [
        "01": "#f8d072", "02": "#d6a7c9", "03": "#31ad69", "04": "#83c238", "05": "#afc8dc", "06": "#dcb482",
        "07": "#f5e16e", "08": "#f1a5b4", "09": "#e2a195", "10": "#c59a8c", "11": "#a58ec7", "12": "#c2c1c1",
        "13": "#4f8fa8", "14": "#81c35d", "15": "#c17261", "16": "#ffffff", "17": "#a3d6f5", "18": "#8cc8e6",
        "19": "#7aa6c2", "20": "#9bb7d4", "21": "#b6def0", "22": "#6f93b3", "23": "#e1dce1", "24": "#cfe6f3",
    ]
}

/// The order of a land-use legend: codes as codes (`"01" < "0101" < "02" < "20"`), then anything
/// that is not a code.
///
/// ```swift
/// LandUseLegend.precedes("02", "10")   // true
/// ```
public enum LandUseLegend {
    public static func precedes(_ a: String?, _ b: String?) -> Bool {
        let ca = a.map(LandUseClassification.isCode) ?? false, cb = b.map(LandUseClassification.isCode) ?? false
        if ca != cb { return ca }
        return (a ?? "").utf8.lexicographicallyPrecedes((b ?? "").utf8)
    }
}
