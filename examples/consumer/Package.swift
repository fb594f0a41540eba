// swift-tools-version: 6.0
// A package of a planner's own that uses Tongcheng as a library: it depends on the Tongcheng
// package (here by path, from a clone; elsewhere by its git URL) and imports the `Tongcheng`
// product. Build and run it from this folder:
//
//     swift run zone-report              # the bundled plan (../../geodata)
//     swift run zone-report PLAN_DIR     # a plan folder of your own
import PackageDescription

let package = Package(
    name: "ZoneReport",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "Tongcheng", path: "../.."),
    ],
    targets: [
        .executableTarget(name: "zone-report", dependencies: [.product(name: "Tongcheng", package: "Tongcheng")]),
    ],
    swiftLanguageModes: [.v6]
)
