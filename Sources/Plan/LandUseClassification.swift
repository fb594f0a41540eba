/// The two national land-use classifications a Chinese planning bureau works in, with their class
/// codes and names:
///
/// - `.survey`: 土地利用现状分类 GB/T 21010-2017 (表 1, first- and second-level classes) as the third
///   national land survey (三调) uses it, with the survey's working classes added by
///   《第三次全国国土调查技术规程》TD/T 1055-2019 表 A.2 / 表 A.3: 00 湿地 and 20 城镇村及工矿用地 with 201–205.
/// - `.spatialPlanning`: 《国土空间调查、规划、用途管制用地用海分类指南》(自然资源部, 2023-11), first-level
///   classes 01–24 and the second-level classes of 01–04.
///
/// Codes are text, compared as codes (`"0101" < "02" < "1203" < "20"`), never as numbers; the
/// first level of a code is its first two characters.
///
/// ```swift
/// LandUseClassification.survey.name(of: "1203")   // "田坎"
/// LandUseClassification.survey.name(of: "05")     // "商服用地"
/// LandUseClassification.spatialPlanning.name(of: "05")  // "湿地"
/// ```
public enum LandUseClassification: String, Sendable, CaseIterable {
    case survey = "gbt21010"
    case spatialPlanning = "ydyh"

    /// How the classification is cited.
    public var title: String {
        switch self {
        case .survey: return "土地利用现状分类 GB/T 21010-2017（三调工作分类）"
        case .spatialPlanning: return "国土空间调查、规划、用途管制用地用海分类指南（2023）"
        }
    }

    /// Every class, in code order.
    public var classes: [(code: String, name: String)] {
        switch self {
        case .survey: return LandUseClassification.surveyClasses
        case .spatialPlanning: return LandUseClassification.planningClasses
        }
    }

    /// The class name of `code` (`nil` for a code the classification does not have).
    public func name(of code: String) -> String? {
        switch self {
        case .survey: return LandUseClassification.surveyNames[code]
        case .spatialPlanning: return LandUseClassification.planningNames[code]
        }
    }

    /// The code whose class is called `name` (`nil` when no class is).
    ///
    /// ```swift
    /// LandUseClassification.survey.code(named: "耕地")  // "01"
    /// ```
    public func code(named name: String) -> String? {
        switch self {
        case .survey: return LandUseClassification.surveyCodes[name]
        case .spatialPlanning: return LandUseClassification.planningCodes[name]
        }
    }

    /// Whether `value` has the form of a class code: two digits, then digits or letters (`01`,
    /// `0101`, `1104A`, `201`, `070101`).
    ///
    /// ```swift
    /// LandUseClassification.isCode("0101")  // true
    /// LandUseClassification.isCode("耕地")  // false
    /// ```
    public static func isCode(_ value: String) -> Bool {
        let u = Array(value.utf8)
        guard u.count >= 2, u.count <= 8, u[0] >= 48, u[0] <= 57, u[1] >= 48, u[1] <= 57 else { return false }
        return u.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) }
    }

    /// The code at `level` (1: first-level class, 2: second level …): the first 2 × level characters
    /// (`"0101"` at level 1 is `"01"`; the survey's `"201"` is `"20"`). A code already at or above
    /// the level is returned as it is.
    ///
    /// ```swift
    /// LandUseClassification.code("1203", atLevel: 1)  // "12"
    /// ```
    public static func code(_ code: String, atLevel level: Int) -> String {
        let keep = 2 * max(1, level)
        return code.count <= keep ? code : String(code.prefix(keep))
    }

    static let surveyClasses: [(code: String, name: String)] = [
        ("00", "湿地"),
        ("01", "耕地"), ("0101", "水田"), ("0102", "水浇地"), ("0103", "旱地"),
        ("02", "园地"), ("0201", "果园"), ("0202", "茶园"), ("0203", "橡胶园"), ("0204", "其他园地"),
        ("03", "林地"), ("0301", "乔木林地"), ("0302", "竹林地"), ("0303", "红树林地"), ("0304", "森林沼泽"),
        ("0305", "灌木林地"), ("0306", "灌丛沼泽"), ("0307", "其他林地"),
        ("04", "草地"), ("0401", "天然牧草地"), ("0402", "沼泽草地"), ("0403", "人工牧草地"), ("0404", "其他草地"),
        ("05", "商服用地"), ("0501", "零售商业用地"), ("0502", "批发市场用地"), ("0503", "餐饮用地"), ("0504", "旅馆用地"),
        ("0505", "商务金融用地"), ("0506", "娱乐用地"), ("0507", "其他商服用地"),
        ("06", "工矿仓储用地"), ("0601", "工业用地"), ("0602", "采矿用地"), ("0603", "盐田"), ("0604", "仓储用地"),
        ("07", "住宅用地"), ("0701", "城镇住宅用地"), ("0702", "农村宅基地"),
        ("08", "公共管理与公共服务用地"), ("0801", "机关团体用地"), ("0802", "新闻出版用地"), ("0803", "教育用地"),
        ("0804", "科研用地"), ("0805", "医疗卫生用地"), ("0806", "社会福利用地"), ("0807", "文化设施用地"),
        ("0808", "体育用地"), ("0809", "公用设施用地"), ("0810", "公园与绿地"),
        ("09", "特殊用地"), ("0901", "军事设施用地"), ("0902", "使领馆用地"), ("0903", "监教场所用地"),
        ("0904", "宗教用地"), ("0905", "殡葬用地"), ("0906", "风景名胜设施用地"),
        ("10", "交通运输用地"), ("1001", "铁路用地"), ("1002", "轨道交通用地"), ("1003", "公路用地"),
        ("1004", "城镇村道路用地"), ("1005", "交通服务场站用地"), ("1006", "农村道路"), ("1007", "机场用地"),
        ("1008", "港口码头用地"), ("1009", "管道运输用地"),
        ("11", "水域及水利设施用地"), ("1101", "河流水面"), ("1102", "湖泊水面"), ("1103", "水库水面"),
        ("1104", "坑塘水面"), ("1105", "沿海滩涂"), ("1106", "内陆滩涂"), ("1107", "沟渠"), ("1108", "沼泽地"),
        ("1109", "水工建筑用地"), ("1110", "冰川及永久积雪"),
        ("12", "其他土地"), ("1201", "空闲地"), ("1202", "设施农用地"), ("1203", "田坎"), ("1204", "盐碱地"),
        ("1205", "沙地"), ("1206", "裸土地"), ("1207", "裸岩石砾地"),
        ("20", "城镇村及工矿用地"), ("201", "城市"), ("202", "建制镇"), ("203", "村庄"), ("204", "采矿用地"),
        ("205", "风景名胜及特殊用地"),
    ]

    // First-level classes 01–24 and the second-level classes of 01–04 (the agricultural and
    // wooded land a county survey is mostly made of); other second-level codes keep the names in the data.
    static let planningClasses: [(code: String, name: String)] = [
        ("01", "耕地"), ("0101", "水田"), ("0102", "水浇地"), ("0103", "旱地"),
        ("02", "园地"), ("0201", "果园"), ("0202", "茶园"), ("0203", "橡胶园地"), ("0204", "油料园地"), ("0205", "其他园地"),
        ("03", "林地"), ("0301", "乔木林地"), ("0302", "竹林地"), ("0303", "灌木林地"), ("0304", "其他林地"),
        ("04", "草地"), ("0401", "天然牧草地"), ("0402", "人工牧草地"), ("0403", "其他草地"),
        ("05", "湿地"), ("06", "农业设施建设用地"), ("07", "居住用地"), ("08", "公共管理与公共服务用地"),
        ("09", "商业服务业用地"), ("10", "工矿用地"), ("11", "仓储用地"), ("12", "交通运输用地"), ("13", "公用设施用地"),
        ("14", "绿地与开敞空间用地"), ("15", "特殊用地"), ("16", "留白用地"), ("17", "陆地水域"), ("18", "渔业用海"),
        ("19", "工矿通信用海"), ("20", "交通运输用海"), ("21", "游憩用海"), ("22", "特殊用海"), ("23", "其他土地"),
        ("24", "其他海域"),
    ]

    static let surveyNames = Dictionary(surveyClasses.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
    static let planningNames = Dictionary(planningClasses.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
    // A name used twice (采矿用地 is 0602 and 204 in the survey) names its first code.
    static let surveyCodes = Dictionary(surveyClasses.map { ($0.name, $0.code) }, uniquingKeysWith: { a, _ in a })
    static let planningCodes = Dictionary(planningClasses.map { ($0.name, $0.code) }, uniquingKeysWith: { a, _ in a })
}
