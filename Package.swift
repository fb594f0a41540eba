// swift-tools-version: 6.0
import PackageDescription

// Dependencies point downwards only; docs/architecture.md draws the graph.
let package = Package(
    name: "Tongcheng",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "tongcheng", targets: ["tongcheng"]),
        .executable(name: "tongcheng-bench", targets: ["tongcheng-bench"]),
        .executable(name: "tongcheng-exercise", targets: ["tongcheng-exercise"]),
        .executable(name: "tongcheng-fuzz", targets: ["tongcheng-fuzz"]),
        .executable(name: "tongcheng-example", targets: ["tongcheng-example"]),
        // One product and one `import Tongcheng` for a script: the modules below re-exported
        // (examples/consumer uses it; docs/architecture.md says what it holds).
        .library(name: "Tongcheng", targets: ["Tongcheng"]),
        .library(name: "TongchengGeometry", targets: ["TongchengGeometry"]),
        .library(name: "TongchengTopology", targets: ["TongchengTopology"]),
        .library(name: "TongchengGeodesy", targets: ["TongchengGeodesy"]),
        .library(name: "TongchengPlan", targets: ["TongchengPlan"]),
        .library(name: "TongchengAnalysis", targets: ["TongchengAnalysis"]),
        .library(name: "TongchengCartography", targets: ["TongchengCartography"]),
        .library(name: "TongchengRecipes", targets: ["TongchengRecipes"]),
        .library(name: "TongchengPostGIS", targets: ["TongchengPostGIS"]),
        .library(name: "TongchengInterchange", targets: ["TongchengInterchange"]),
        .library(name: "TongchengProcessIO", targets: ["TongchengProcessIO"]),
        .library(name: "TongchengReport", targets: ["TongchengReport"]),
        .library(name: "TongchengOperations", targets: ["TongchengOperations"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // `swift package generate-documentation` (scripts/docs); a command plugin, not linked.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
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

        // Module names carry the `Tongcheng` prefix so that they cannot collide with another
        // package's `Geometry` or `Plan` in a consumer's graph; folders keep their short names.
        // docs/architecture.md draws this graph (ArchitectureTests checks it against this file).

        // Process I/O: safe output files, standard streams and signals, temporary files, file
        // identity, reading input files. No dependencies at all.
        .target(name: "TongchengProcessIO", path: "Sources/ProcessIO"),
        // Value types and GeoJSON; no C imports.
        .target(name: "TongchengGeometry", dependencies: ["TongchengProcessIO"], path: "Sources/Geometry"),
        // GEOS bridge: conversion, one file per operation group, prepared geometries, STRtree, tile cache.
        .target(name: "TongchengTopology", dependencies: ["TongchengGeometry", "CGEOS"], path: "Sources/Topology"),
        // PROJ transformer, geodesic measures and buffer, GCJ-02, units.
        .target(name: "TongchengGeodesy", dependencies: ["TongchengGeometry", "TongchengTopology", "CPROJ"], path: "Sources/Geodesy"),
        // Reading and writing the formats planners hold (Shapefile, GeoPackage, KML, DXF, FileGDB, CSV …) through GDAL/OGR.
        .target(name: "TongchengInterchange", dependencies: ["TongchengProcessIO", "TongchengGeometry", "TongchengGeodesy", "CGDAL"], path: "Sources/Interchange"),
        // The plan model: layers of 一区一带两廊多点 (any source format, through Interchange), loading and validation.
        .target(name: "TongchengPlan", dependencies: ["TongchengProcessIO", "TongchengGeometry", "TongchengTopology", "TongchengGeodesy", "TongchengInterchange"], path: "Sources/Plan"),
        // Planning analyses: buffer, reach, overlap, near, isochrone, site.
        .target(name: "TongchengAnalysis", dependencies: ["TongchengPlan", "TongchengGeometry", "TongchengTopology", "TongchengGeodesy"], path: "Sources/Analysis"),
        // Map specs rendered to SVG, the HTML viewer, and PDF/PNG through librsvg.
        .target(name: "TongchengCartography", dependencies: ["TongchengAnalysis", "TongchengPlan", "TongchengProcessIO", "TongchengGeometry", "TongchengTopology", "TongchengGeodesy", "TongchengInterchange", "CRsvg", "Yams"], path: "Sources/Cartography"),
        // The plan report: a fixed report on Lankao's plan (land use, reach, isochrones), written as Markdown.
        .target(name: "TongchengReport", dependencies: ["TongchengAnalysis", "TongchengPlan", "TongchengProcessIO", "TongchengGeometry", "TongchengTopology", "TongchengGeodesy"], path: "Sources/Report"),
        // Recipes (YAML), run on the local or the PostGIS engine; maps come in through a renderer function from the CLI.
        .target(name: "TongchengRecipes", dependencies: ["TongchengOperations", "TongchengPostGIS", "TongchengReport", "TongchengAnalysis", "TongchengPlan", "TongchengProcessIO", "TongchengGeometry", "TongchengTopology", "TongchengGeodesy", "TongchengInterchange", "Yams"], path: "Sources/Recipes"),
        // PostgreSQL/PostGIS: connection, push (binary COPY, EWKB), pull, and the analyses as SQL.
        .target(name: "TongchengPostGIS", dependencies: ["TongchengAnalysis", "TongchengProcessIO", "TongchengGeometry", "TongchengTopology", "TongchengGeodesy", "CLibPQ"], path: "Sources/PostGIS"),
        // Every operation declared once (parameters with units and ranges, engines, table columns, docs),
        // and the operations that run from their declaration alone on either engine.
        .target(name: "TongchengOperations", dependencies: ["TongchengPostGIS", "TongchengAnalysis", "TongchengPlan", "TongchengGeometry", "TongchengTopology", "TongchengGeodesy"], path: "Sources/Operations"),
        // The umbrella a script imports: re-exports the modules a planner's Swift script uses
        // (everything below the CLI but Cartography, Report and Recipes, which add Yams and librsvg).
        .target(name: "Tongcheng", dependencies: ["TongchengOperations", "TongchengAnalysis", "TongchengPlan", "TongchengInterchange", "TongchengGeodesy", "TongchengTopology", "TongchengGeometry", "TongchengProcessIO"], path: "Sources/Umbrella"),
        // The command-line tool: one file per subcommand; the terminal's status line.
        .target(
            name: "TongchengCLI",
            dependencies: [
                "TongchengOperations", "TongchengRecipes", "TongchengReport", "TongchengCartography", "TongchengAnalysis", "TongchengPlan", "TongchengProcessIO",
                "TongchengGeometry", "TongchengTopology", "TongchengGeodesy", "TongchengPostGIS", "TongchengInterchange",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "tongcheng", dependencies: ["TongchengCLI"]),
        // Benchmark runner (release build; not part of the tests, smoke-tested on the small workload).
        .executableTarget(name: "tongcheng-bench", dependencies: ["TongchengCartography", "TongchengAnalysis", "TongchengGeometry", "TongchengTopology", "TongchengGeodesy", "TongchengInterchange"], path: "bench/Sources/tongcheng-bench"),
        // Runs every GEOS/PROJ operation once, for valgrind's leak check (scripts/leak-check).
        .executableTarget(name: "tongcheng-exercise", dependencies: ["TongchengGeometry", "TongchengTopology", "TongchengGeodesy", "TongchengInterchange"], path: "scripts/exercise"),
        // Structured mutation fuzzing of recipes, map specs and command lines (scripts/fuzz).
        .executableTarget(name: "tongcheng-fuzz", dependencies: ["TongchengCLI", "TongchengRecipes", "TongchengCartography"], path: "fuzz/structured"),
        // The Swift API as a scripting surface: examples/towns-near-hsr.yaml written in Swift.
        .executableTarget(name: "tongcheng-example", dependencies: ["TongchengAnalysis", "TongchengPlan", "TongchengGeometry"], path: "examples/SwiftAPI"),

        // What the test targets share: launching tools with posix_spawn + waitpid (Tests/TestSupport/Spawn.swift) and a seeded generator.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "GeometryTests", dependencies: ["TongchengGeometry", "TestSupport"]),
        .testTarget(name: "TopologyTests", dependencies: ["TongchengTopology", "TongchengGeometry"]),
        .testTarget(name: "GeodesyTests", dependencies: ["TongchengGeodesy", "TongchengTopology", "TongchengGeometry", "TestSupport"]),
        .testTarget(name: "PlanTests", dependencies: ["TongchengPlan", "TongchengGeodesy", "TongchengTopology", "TongchengGeometry"]),
        .testTarget(name: "AnalysisTests", dependencies: ["TongchengAnalysis", "TongchengPlan", "TongchengGeodesy", "TongchengTopology", "TongchengGeometry", "TestSupport"]),
        .testTarget(name: "CartographyTests", dependencies: ["TongchengCartography", "TongchengPlan", "TongchengGeodesy", "TongchengGeometry", "TestSupport"]),
        .testTarget(name: "RecipesTests", dependencies: ["TongchengRecipes", "TongchengReport", "TongchengPlan", "TongchengGeometry"]),
        .testTarget(name: "PostGISTests", dependencies: ["TongchengPostGIS", "TongchengAnalysis", "TongchengGeometry", "tongcheng", "TestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["tongcheng", "TongchengCLI", "TongchengOperations", "TongchengRecipes", "TongchengProcessIO", "TongchengAnalysis", "TongchengGeometry", "TongchengGeodesy", "TestSupport"]),
        .testTarget(name: "InterchangeTests", dependencies: ["TongchengInterchange", "TongchengGeodesy", "TongchengGeometry", "TongchengProcessIO", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
