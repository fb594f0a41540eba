// swift-tools-version: 6.0
import PackageDescription

// Dependencies point downwards only:
// tongcheng → TongchengCLI → Geodesy/Topology → Geometry (+ CGEOS, CPROJ).
let package = Package(
    name: "Tongcheng",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "tongcheng", targets: ["tongcheng"]),
        .library(name: "Geometry", targets: ["Geometry"]),
        .library(name: "Topology", targets: ["Topology"]),
        .library(name: "Geodesy", targets: ["Geodesy"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CGEOS",
            pkgConfig: "geos",
            providers: [.apt(["libgeos-dev"])]
        ),
        .systemLibrary(
            name: "CPROJ",
            pkgConfig: "proj",
            providers: [.apt(["libproj-dev"])]
        ),
        .target(name: "Geometry"),
        .target(name: "Topology", dependencies: ["Geometry", "CGEOS"]),
        .target(name: "Geodesy", dependencies: ["Geometry", "Topology", "CPROJ"]),
        .target(
            name: "TongchengCLI",
            dependencies: [
                "Geometry", "Topology", "Geodesy",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "tongcheng", dependencies: ["TongchengCLI"]),
        .testTarget(name: "GeometryTests", dependencies: ["Geometry"]),
        .testTarget(name: "TopologyTests", dependencies: ["Topology", "Geometry"]),
        .testTarget(name: "GeodesyTests", dependencies: ["Geodesy", "Topology", "Geometry"]),
        .testTarget(name: "CLITests", dependencies: ["tongcheng", "Geometry"]),
    ],
    swiftLanguageModes: [.v5]
)
