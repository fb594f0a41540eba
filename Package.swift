// swift-tools-version: 6.0
import PackageDescription

// Dependencies point downwards only:
// tongcheng → TongchengCLI → Recipes, Cartography (side by side: Recipes gets the map renderer as a function)
//   → Analysis → Plan → Geodesy → Topology → Geometry (+ CGEOS under Topology, CPROJ under Geodesy).
let package = Package(
    name: "Tongcheng",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "tongcheng", targets: ["tongcheng"]),
        .executable(name: "tongcheng-bench", targets: ["tongcheng-bench"]),
        .executable(name: "tongcheng-exercise", targets: ["tongcheng-exercise"]),
        .executable(name: "tongcheng-fuzz", targets: ["tongcheng-fuzz"]),
        .executable(name: "tongcheng-example", targets: ["tongcheng-example"]),
        .library(name: "Geometry", targets: ["Geometry"]),
        .library(name: "Topology", targets: ["Topology"]),
        .library(name: "Geodesy", targets: ["Geodesy"]),
        .library(name: "Plan", targets: ["Plan"]),
        .library(name: "Analysis", targets: ["Analysis"]),
        .library(name: "Cartography", targets: ["Cartography"]),
        .library(name: "Recipes", targets: ["Recipes"]),
        .library(name: "PostGIS", targets: ["PostGIS"]),
        .library(name: "Interchange", targets: ["Interchange"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // C interop: the system's GEOS (reentrant _r API) and PROJ (proj.h, geodesic.h).
        .systemLibrary(name: "CGEOS", pkgConfig: "geos", providers: [.apt(["libgeos-dev"]), .brew(["geos"])]),
        .systemLibrary(name: "CPROJ", pkgConfig: "proj", providers: [.apt(["libproj-dev"]), .brew(["proj"])]),
        // librsvg and cairo's PDF/PNG surfaces, for print output in-process.
        .systemLibrary(name: "CRsvg", pkgConfig: "librsvg-2.0", providers: [.apt(["librsvg2-dev"]), .brew(["librsvg"])]),
        // libpq, PostgreSQL's client library, for the PostGIS engine and `db push/pull`.
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"]), .brew(["libpq"])]),
        .systemLibrary(name: "CGDAL", pkgConfig: "gdal", providers: [.apt(["libgdal-dev"]), .brew(["gdal"])]),

        // Value types and GeoJSON; no C imports.
        .target(name: "Geometry"),
        // GEOS bridge: conversion, one file per operation group, prepared geometries, STRtree.
        .target(name: "Topology", dependencies: ["Geometry", "CGEOS"]),
        // PROJ transformer, geodesic measures and buffer, GCJ-02, units.
        .target(name: "Geodesy", dependencies: ["Geometry", "Topology", "CPROJ"]),
        // Reading and writing the formats planners hold (Shapefile, GeoPackage, KML, DXF, FileGDB, CSV …) through GDAL/OGR.
        .target(name: "Interchange", dependencies: ["Geometry", "Geodesy", "CGDAL"]),
        // The plan model: layers of 一区一带两廊多点, loading and validation.
        .target(name: "Plan", dependencies: ["Geometry", "Topology", "Geodesy"]),
        // Planning analyses: buffer, reach, overlap, near, isochrone, site.
        .target(name: "Analysis", dependencies: ["Plan", "Geometry", "Topology", "Geodesy"]),
        // Map specs rendered to SVG, the HTML viewer, and PDF/PNG through librsvg.
        .target(name: "Cartography", dependencies: ["Analysis", "Plan", "Geometry", "Topology", "Geodesy", "Interchange", "CRsvg", "Yams"]),
        // Recipes (YAML) and the plan report; maps come in through a renderer function from the CLI.
        .target(name: "Recipes", dependencies: ["Analysis", "Plan", "Geometry", "Topology", "Geodesy", "Interchange", "Yams"]),
        // PostgreSQL/PostGIS: connection, push (binary COPY, EWKB), pull, and the analyses as SQL.
        .target(name: "PostGIS", dependencies: ["Analysis", "Geometry", "Topology", "Geodesy", "CLibPQ"]),
        // The command-line tool: one file per subcommand.
        .target(
            name: "TongchengCLI",
            dependencies: [
                "Recipes", "Cartography", "Analysis", "Plan", "Geometry", "Topology", "Geodesy", "PostGIS", "Interchange",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "tongcheng", dependencies: ["TongchengCLI"]),
        // Benchmark runner (release build; not part of the tests, smoke-tested on the small workload).
        .executableTarget(name: "tongcheng-bench", dependencies: ["Cartography", "Analysis", "Geometry", "Topology", "Geodesy", "Interchange"], path: "bench/Sources/tongcheng-bench"),
        // Runs every GEOS/PROJ operation once, for valgrind's leak check (scripts/leak-check).
        .executableTarget(name: "tongcheng-exercise", dependencies: ["Geometry", "Topology", "Geodesy", "Interchange"], path: "scripts/exercise"),
        // Structured mutation fuzzing of recipes, map specs and command lines (scripts/fuzz).
        .executableTarget(name: "tongcheng-fuzz", dependencies: ["TongchengCLI", "Recipes", "Cartography"], path: "fuzz/structured"),
        // The Swift API as a scripting surface: examples/towns-near-hsr.yaml written in Swift.
        .executableTarget(name: "tongcheng-example", dependencies: ["Analysis", "Plan", "Geometry"], path: "examples/SwiftAPI"),

        // What the test targets share: launching tools with posix_spawn + waitpid (Tests/TestSupport/Spawn.swift) and a seeded generator.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "GeometryTests", dependencies: ["Geometry", "TestSupport"]),
        .testTarget(name: "TopologyTests", dependencies: ["Topology", "Geometry"]),
        .testTarget(name: "GeodesyTests", dependencies: ["Geodesy", "Topology", "Geometry", "TestSupport"]),
        .testTarget(name: "PlanTests", dependencies: ["Plan", "Geodesy", "Topology", "Geometry"]),
        .testTarget(name: "AnalysisTests", dependencies: ["Analysis", "Plan", "Geodesy", "Topology", "Geometry", "TestSupport"]),
        .testTarget(name: "CartographyTests", dependencies: ["Cartography", "Plan", "Geodesy", "Geometry", "TestSupport"]),
        .testTarget(name: "RecipesTests", dependencies: ["Recipes", "Plan", "Geometry"]),
        .testTarget(name: "PostGISTests", dependencies: ["PostGIS", "Analysis", "Geometry", "tongcheng", "TestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["tongcheng", "TongchengCLI", "Analysis", "Geometry", "Geodesy", "TestSupport"]),
        .testTarget(name: "InterchangeTests", dependencies: ["Interchange", "Geodesy", "Geometry", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
