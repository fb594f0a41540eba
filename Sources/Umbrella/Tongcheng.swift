// The umbrella module: `import Tongcheng` gives a script every module it needs to load a plan,
// measure it geodesically, run the analyses and the declared operations, and read or write the
// formats planners hold — one product, one import, instead of eight.
//
// ```swift
// import Tongcheng
//
// let plan = try Plan.load(directory: "geodata")
// let km2 = plan.features(.specialZone).reduce(0) { $0 + ($1.geometry?.geodesicArea() ?? 0) } / 1e6
// ```
//
// Map rendering (`TongchengCartography`), recipes (`TongchengRecipes`) and the plan report
// (`TongchengReport`) are products of their own: they bring Yams and librsvg, which a script that
// only measures does not need.
@_exported import TongchengProcessIO
@_exported import TongchengGeometry
@_exported import TongchengTopology
@_exported import TongchengGeodesy
@_exported import TongchengInterchange
@_exported import TongchengPlan
@_exported import TongchengAnalysis
@_exported import TongchengOperations
