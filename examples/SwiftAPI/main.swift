// The Swift API as a scripting surface: the same analysis as examples/towns-near-hsr.yaml —
// which places lie within 5 km of the planned Heze–Lankao–Zhengzhou South railway — written
// with the library instead of a recipe. Run: swift run tongcheng-example [PLAN_DIR]
import TongchengAnalysis
import Foundation
import TongchengGeometry
import TongchengPlan

let directory = CommandLine.arguments.dropFirst().first ?? Plan.defaultDirectory()
let plan = try Plan.load(directory: directory)

// The railway: the Heze–Lankao line and its planned extension to Zhengzhou South.
let railway = plan.features(.transport).filter { ["hsr-heze-lankao", "hsr-lankao-zhengzhou-south"].contains($0.planID ?? "") }
let places = FeatureRef.all(in: plan[.places]!.collection, file: "places")
let lines = railway.enumerated().map { FeatureRef(file: "transport", index: $0.offset, feature: $0.element) }

// Every place within 5 km of either line, with the geodesic distance.
let pairs = try Near(distanceMetres: 5_000).pairs(from: places, to: lines)

print("a_id,a_name,b_id,b_name,distance_m")
for p in pairs {
    print([p.a.feature.planID ?? "", p.a.feature.name ?? "", p.b.feature.planID ?? "", p.b.feature.name ?? "", String(p.distanceMetres)].joined(separator: ","))
}
