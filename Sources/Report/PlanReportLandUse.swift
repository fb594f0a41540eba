import TongchengAnalysis
import Foundation
import TongchengGeodesy
import TongchengGeometry
import TongchengPlan

/// The plan report's land-use section: the special zone's land-use mix (地类统计) and its
/// conflicts with permanent basic farmland and the ecological red line (合规性审查), from the
/// land-use layers beside the plan (`landuse/parcels.geojson`, `farmland.geojson`,
/// `redline.geojson`; the bundled ones are synthetic); then the parcels' data-quality check
/// (数据质检), the zone's change since a later survey (`parcels-YYYY.geojson`, 地类变化) and the
/// farmland balance against `supplement.geojson` (占补平衡), computed by the analyses the CLI's
/// `check`, `transition` and `conform --balance` run (PlanReportLandUseQuality.swift).
///
/// ```swift
/// if let section = try LandUseSection(plan: plan, jobs: 2) { print(section.sentence) }
/// ```
public struct LandUseSection: Sendable {
    public struct ClassRow: Sendable {
        public var name: String
        public var areaSquareMetres: Double
        public var share: Double
    }

    public struct ConflictRow: Sendable {
        public var layer: String
        public var constraint: String
        public var areaSquareMetres: Double
    }

    public var zoneName: String
    public var zoneSquareMetres: Double
    public var classes: [ClassRow]
    public var conflicts: [ConflictRow]
    public var farmlandSquareMetres: Double
    public var redLineSquareMetres: Double
    /// Whether the layers say they are synthetic (their `note`).
    public var synthetic: Bool
    /// The data-quality check of all the parcels, as `tongcheng check landuse/parcels.geojson` finds it.
    public var quality: TongchengAnalysis.Check.Result
    /// The check's sliver thresholds (its defaults, as the CLI's).
    public var minimumAreaSquareMetres: Double
    public var maximumThinness: Double
    /// The ids of the parcels in the problems listed (`listedProblems`), by their index in the layer.
    public var problemFeatureIDs: [Int: String]
    /// The change in the zone since the parcels' survey, when a later one lies beside them (`landuse/parcels-YYYY.geojson`).
    public var change: Change?
    /// 占补平衡 of the zone, when `landuse/supplement.geojson` and `farmland.geojson` are there.
    public var balance: Balance.Result?
    /// The parts of the section left out, and why (for the report's Left out list).
    public var leftOut: [String]

    static let cultivated = "耕地"
    static let builtUp = "城镇村及工矿用地"

    /// Computes the section, or `nil` when the plan has no land-use layers or no special zone;
    /// `progress` counts the parcels tabulated and the constraint features checked.
    public init?(plan: Plan, jobs: Int = 1, progress: ProgressCounter? = nil) throws {
        let folder = (plan.directory as NSString).appendingPathComponent("landuse")
        func path(_ name: String) -> String { (folder as NSString).appendingPathComponent(name) }
        guard FileManager.default.fileExists(atPath: path("parcels.geojson")),
              let zone = plan[.specialZone]?.features.first, zone.geometry != nil else { return nil }
        let reader = GeoJSONReader()
        progress?.start("report: read the parcels")
        let parcels = try reader.read(file: path("parcels.geojson")).featureCollection
        synthetic = (parcels.foreignMembers["note"]?.stringValue ?? "").contains("synthetic")
        let zoneRef = FeatureRef(file: "special_zone", index: 0, feature: zone)
        var tabulate = Tabulate(jobs: jobs)
        tabulate.progress = progress
        let mix = try tabulate.run(parcels: FeatureRef.all(in: parcels, file: "landuse/parcels.geojson"), classField: "DLMC", zones: [zoneRef])
        zoneName = zone.name ?? "special zone"
        zoneSquareMetres = mix.zoneAreaSquareMetres[0]
        // Classes in code order, as the survey's tables list them.
        classes = try mix.arranged().rows.map { ClassRow(name: $0.classValue ?? "—", areaSquareMetres: $0.areaSquareMetres, share: $0.share) }
        var layers: [Conform.Layer] = []
        for (file, label) in [("farmland.geojson", "永久基本农田 permanent basic farmland"), ("redline.geojson", "生态保护红线 ecological red line")]
        where FileManager.default.fileExists(atPath: path(file)) {
            layers.append(Conform.Layer(file: label, rule: .forbid, features: FeatureRef.all(in: try reader.read(file: path(file)).featureCollection, file: label)))
        }
        var conform = Conform(jobs: jobs)
        conform.progress = progress
        let found = try conform.run(plan: [zoneRef], constraints: layers)
        conflicts = found.map { ConflictRow(layer: $0.file, constraint: $0.constraint?.feature.name ?? $0.constraint?.feature.id?.text ?? "", areaSquareMetres: $0.areaSquareMetres) }
        farmlandSquareMetres = found.filter { $0.file.hasPrefix("永久基本农田") }.reduce(0) { $0 + $1.areaSquareMetres }
        redLineSquareMetres = found.filter { $0.file.hasPrefix("生态保护红线") }.reduce(0) { $0 + $1.areaSquareMetres }

        // The parcels' data quality: `tongcheng check` with its defaults (the whole layer, its own outline).
        var check = TongchengAnalysis.Check(jobs: jobs)
        check.progress = progress
        let parcelRefs = FeatureRef.all(in: parcels, file: "landuse/parcels.geojson")
        quality = try check.run(parcelRefs)
        minimumAreaSquareMetres = check.minimumAreaSquareMetres
        maximumThinness = check.maximumThinness
        problemFeatureIDs = [:]
        leftOut = []

        // The change since then inside the zone: `tongcheng transition … --by DLMC --zones` the special zone.
        if let later = LandUseSection.laterSurvey(in: folder) {
            let file = "landuse/" + later.name
            var transition = Transition(jobs: jobs)
            transition.progress = progress
            progress?.start("report: read the \(later.year) survey")
            let newer = FeatureRef.all(in: try reader.read(file: path(later.name)).featureCollection, file: file)
            do {
                change = Change(file: file, year: later.year, matrix: try transition.run(old: parcelRefs, new: newer, oldField: "DLMC", newField: "DLMC", zones: [zoneRef]))
            } catch let e as UnknownFieldError {
                leftOut.append("地类变化 · the land-use change: \(e)")
            }
        } else {
            leftOut.append("地类变化 · the land-use change: no later survey beside the parcels (landuse/parcels-YYYY.geojson)")
        }

        // 占补平衡: `tongcheng conform` the zone `--forbid farmland.geojson --balance supplement.geojson`.
        if FileManager.default.fileExists(atPath: path("supplement.geojson")) {
            if let farmland = layers.first(where: { $0.file.hasPrefix("永久基本农田") }) {
                let supplement = FeatureRef.all(in: try reader.read(file: path("supplement.geojson")).featureCollection, file: "landuse/supplement.geojson")
                balance = try Balance(jobs: jobs).run(plan: [zoneRef], farmland: farmland.features, supplement: supplement)
            } else {
                leftOut.append("占补平衡 · the farmland balance: landuse/supplement.geojson but no landuse/farmland.geojson to balance it against")
            }
        } else {
            leftOut.append("占补平衡 · the farmland balance: no supplemented farmland (landuse/supplement.geojson)")
        }
        for p in listedProblems {
            for k in p.features where k < parcels.features.count { problemFeatureIDs[k] = parcels.features[k].id?.text }
        }
    }

    public func mu(_ m2: Double) -> String { String(format: "%.2f", AreaUnit.mu.fromSquareMetres(m2)) }
    public func ha(_ m2: Double) -> String { String(format: "%.2f", AreaUnit.ha.fromSquareMetres(m2)) }
    public func pct(_ v: Double) -> String { String(format: "%.1f %%", v * 100) }

    /// What the numbers mean, in one paragraph (Chinese, then English).
    public var sentence: String {
        let cultivated = classes.first { $0.name == LandUseSection.cultivated }
        let built = classes.first { $0.name == LandUseSection.builtUp }
        let farmShare = zoneSquareMetres > 0 ? farmlandSquareMetres / zoneSquareMetres : 0
        var s = "\(zoneName)约 \(mu(zoneSquareMetres)) 亩，其中耕地 \(pct(cultivated?.share ?? 0))、城镇村及工矿用地 \(pct(built?.share ?? 0))；"
        s += "与永久基本农田重叠 \(mu(farmlandSquareMetres)) 亩（占 \(pct(farmShare))），与生态保护红线重叠 \(mu(redLineSquareMetres)) 亩。"
        s += farmlandSquareMetres > 0
            ? "总体方案要求特别合作区“生态和基本农田约束较少”：重叠部分须调出或按“占补平衡”补划后方可建设，选址时宜避开。"
            : "未触及永久基本农田，符合总体方案“生态和基本农田约束较少”的要求。"
        s += " — The zone of \(mu(zoneSquareMetres)) mu is \(pct(cultivated?.share ?? 0)) cultivated and \(pct(built?.share ?? 0)) built-up; "
        s += "\(mu(farmlandSquareMetres)) mu (\(pct(farmShare))) lie on permanent basic farmland and \(mu(redLineSquareMetres)) mu on the ecological red line. "
        s += farmlandSquareMetres > 0
            ? "The 2021 plan asks for a site with few farmland and ecological constraints: that farmland would have to be re-designated and replaced elsewhere before building."
            : "It touches no permanent basic farmland, as the 2021 plan asks."
        if synthetic { s += " 数据为合成示例（synthetic, for demonstration and benchmarking — replace with the survey data）。" }
        return s
    }

    /// The section as Markdown.
    public func markdown() -> String {
        var s = "\n## 特别合作区地类与合规 · Special zone land use and conformance\n\n\(sentence)\n\n| 地类 class | 亩 | 公顷 | 占比 share |\n|---|---:|---:|---:|\n"
        for c in classes { s += "| \(c.name) | \(mu(c.areaSquareMetres)) | \(ha(c.areaSquareMetres)) | \(pct(c.share)) |\n" }
        s += "\n| 约束 constraint | 图斑 feature | 重叠 亩 overlap mu |\n|---|---|---:|\n"
        for c in conflicts { s += "| \(c.layer) | \(c.constraint) | \(mu(c.areaSquareMetres)) |\n" }
        if conflicts.isEmpty { s += "| — | 无冲突 no conflicts | 0 |\n" }
        return s + partsMarkdown()
    }

    /// The section as HTML (escaped with `escape`).
    public func html(_ escape: (String) -> String) -> String {
        var s = "<h2>特别合作区地类与合规 · Special zone land use and conformance</h2>\n<p>\(escape(sentence))</p>\n"
        s += "<table><thead><tr><th>地类 class</th><th>亩</th><th>公顷</th><th>占比 share</th></tr></thead>\n"
        for c in classes { s += "<tr><td>\(escape(c.name))</td><td class=\"n\">\(mu(c.areaSquareMetres))</td><td class=\"n\">\(ha(c.areaSquareMetres))</td><td class=\"n\">\(pct(c.share))</td></tr>\n" }
        s += "</table>\n<table><thead><tr><th>约束 constraint</th><th>图斑 feature</th><th>重叠 亩</th></tr></thead>\n"
        for c in conflicts { s += "<tr><td>\(escape(c.layer))</td><td>\(escape(c.constraint))</td><td class=\"n\">\(mu(c.areaSquareMetres))</td></tr>\n" }
        if conflicts.isEmpty { s += "<tr><td>—</td><td>无冲突 no conflicts</td><td class=\"n\">0</td></tr>\n" }
        return s + "</table>\n" + partsHTML(escape)
    }
}
