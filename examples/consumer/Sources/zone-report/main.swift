// A planner's script on Tongcheng as a library: the special cooperation zone (特别合作区) of the
// bundled plan — its geodesic area, the land use inside it (地类统计), the plan elements it
// overlaps, and its centre — printed as CSV sections that a spreadsheet or a diff can read.
//
//     swift run zone-report [PLAN_DIR] [PARCELS]
//
// PLAN_DIR defaults to the bundled plan (`Plan.defaultDirectory()`: $TONGCHENG_PLAN, ./geodata,
// or the geodata folder of the Tongcheng checkout this was built against), PARCELS to
// PLAN_DIR/landuse/parcels.geojson (any format `FeatureSource` reads: Shapefile, GeoPackage …).
// The numbers are the ones `tongcheng area`, `tabulate`, `overlap` and `centroid` print for the
// same files (Tests/CLITests/ConsumerPackageTests.swift compares them).
import Foundation
import Tongcheng

let arguments = CommandLine.arguments.dropFirst()
let directory = arguments.first ?? Plan.defaultDirectory()
let parcelsPath = arguments.dropFirst().first ?? (directory as NSString).appendingPathComponent("landuse/parcels.geojson")

let plan = try Plan.load(directory: directory)
guard let zoneLayer = plan[.specialZone] else {
    FileHandle.standardError.write(Data("zone-report: the plan in \(directory) has no special_zone layer\n".utf8))
    exit(65)
}
let zones = FeatureRef.all(in: zoneLayer.collection, file: zoneLayer.file)

/// One CSV line (RFC 4180 quoting). Numbers are printed as Swift prints a Double: the shortest
/// text that reads back as the same value.
func csv(_ values: [String]) -> String {
    values.map { $0.contains(where: { ",\"\n\r".contains($0) }) ? "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : $0 }
        .joined(separator: ",")
}

// 1. The zone's geodesic area (edges are geodesics on WGS 84), in m² and in 亩.
print("# area: geodesic, WGS 84")
print(csv(["zone", "area_m2", "area_mu"]))
for zone in zones {
    let m2 = zone.geometry?.geodesicArea() ?? 0
    print(csv([zone.feature.name ?? "#\(zone.index)", "\(m2)", "\(AreaUnit.mu.fromSquareMetres(m2))"]))
}

// 2. 地类统计: the parcels' area by land-use class (DLMC) inside the zone, under the columns the
//    `tabulate` operation declares (the CLI's and a recipe's CSV header alike).
let parcels = FeatureRef.all(in: try FeatureSource.read(parcelsPath), file: parcelsPath)
let table = try Tabulate(jobs: 2).run(parcels: parcels, classField: "DLMC", zones: zones)
print("\n# tabulate: \(parcelsPath) by DLMC")
print(csv(OperationCatalog.tabulate.columns(unit: "mu")))
for row in table.rows {
    print(csv([table.zoneLabels[row.zone], row.classValue ?? "", "\(row.areaSquareMetres)",
               "\(AreaUnit.mu.fromSquareMetres(row.areaSquareMetres))", "\(row.share)"]))
}

// 3. The plan's polygon layers the zone overlaps, with the shared geodesic area.
print("\n# overlap: the zone against the plan's polygon layers")
print(csv(["layer", "feature", "area_m2", "fraction_of_zone", "fraction_of_feature"]))
for kind in LayerKind.allCases where kind != .specialZone && kind.allowedDimensions == [2] {
    guard let layer = plan[kind] else { continue }
    let others = FeatureRef.all(in: layer.collection, file: layer.file)
    for pair in try Overlap().pairs(between: zones, and: others) {
        print(csv([kind.rawValue, pair.b.feature.name ?? "#\(pair.b.index)", "\(pair.areaSquareMetres)", "\(pair.fractionOfA)", "\(pair.fractionOfB)"]))
    }
}

// 4. A declared operation run as the CLI and recipes run it: `centroid`, the centre of area.
let centre = try CentroidOperation.run(OperationCall(layers: ["input": zones], values: [:]))
print("\n# centroid: centre of area")
print(csv(["zone", "longitude", "latitude"]))
for (zone, feature) in zip(zones, centre.layer.features) {
    guard case .point(let p)? = feature.geometry else { continue }
    print(csv([zone.feature.name ?? "#\(zone.index)", "\(p.position.longitude)", "\(p.position.latitude)"]))
}
