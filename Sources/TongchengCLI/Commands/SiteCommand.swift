import TongchengAnalysis
import ArgumentParser
import TongchengGeodesy
import TongchengGeometry
import TongchengOperations

struct SiteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "site",
        abstract: "Candidate sites of a given area inside a region, clear of constraints and near transport.",
        discussion: """
        Squares of the requested area are laid on a grid inside the region (--within) minus the \
        constraint layers (--avoid, widened by --avoid-buffer); each fully allowed square is scored \
        0–1: 0.7 × closeness to the nearest --near feature (0 at --max-distance, beyond which a \
        square is dropped) + 0.3 × how free the land around it is. The best non-overlapping \
        candidates are written as GeoJSON with rank, score, area_m2 and distance_m.

        Example: a 30 km² special zone in Lankao, off the Yellow River belt, at least 2 km from \
        every place of the gazetteer (towns, villages, stations) and within 5 km of transport:
          tongcheng site --area 30km2 --within geodata/plan/zone.geojson \\
              --avoid geodata/plan/belt.geojson geodata/places.geojson \\
              --avoid-buffer 2km --near geodata/plan/transport.geojson \\
              --max-distance 5km
        """
    )

    @Option(parsing: .unconditional, help: "Area of each site with a unit: 30km2, 3000ha, 45000mu.")
    var area: String

    @Option(name: .customLong("within"), help: ArgumentHelp("The region to search: any source.", valueName: "FILE"))
    var within: String

    @Option(name: .customLong("avoid"), parsing: .upToNextOption, help: ArgumentHelp("Constraint layers the sites must not touch: any sources.", valueName: "FILE"))
    var avoid: [String] = []

    @Option(help: "Keep sites this far from the constraints (e.g. 500m).")
    var avoidBuffer: String = "0m"

    @Option(name: .customLong("near"), parsing: .upToNextOption, help: ArgumentHelp("Features the sites should be close to (transport): any sources.", valueName: "FILE"))
    var near: [String] = []

    @Option(help: "Farthest a site may be from the --near features.")
    var maxDistance: String = "10km"

    @Option(help: "How many sites to return, 1 to 1000.")
    var count: Int = 5

    func validate() throws {
        guard (1...1000).contains(count) else { throw ValidationError("--count must be between 1 and 1000") }
    }

    @OptionGroup var analysis: AnalysisOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var interchange: InterchangeOptions

    func run() throws {
        try guarded {
            try checkGeoJSONOutput(output)
            let a = try squareMetres(area, option: "--area")
            guard a.isFinite, a > 0 else { throw CommandFailure.usage("--area \(area) is out of range: it must be more than 0") }
            guard a < 5.1e14 else { throw CommandFailure.usage("--area \(area) is out of range: it is more than the whole Earth (about 510,066,000 km2)") }
            try QuantityLimits.checkSiteArea(a, text: area)
            let avoidMetres = try declaredMetres(avoidBuffer, OperationCatalog.site, "avoid_buffer")
            let maxMetres = try declaredMetres(maxDistance, OperationCatalog.site, "max_distance")
            let region = try Geometry.union(of: try analysis.checked(refs(try loadInputs([within], options: interchange.read))).compactMap(\.geometry))
            let floor = try SiteSearch.smallestArea(in: region)
            guard a >= floor else {
                throw CommandFailure.usage("--area \(area) is too small for \(within): allowed at least \(JSONNumber((floor / 1e6 * 1000).rounded(.up) / 1000)?.literal ?? "\(floor / 1e6)") km2 (the search tests at most \(SiteSearch.maximumCandidates) squares)")
            }
            let avoidGeometries = avoid.isEmpty ? [] : try analysis.checked(refs(try loadInputs(avoid, options: interchange.read))).compactMap(\.geometry)
            let nearGeometries = near.isEmpty ? [] : try analysis.checked(refs(try loadInputs(near, options: interchange.read))).compactMap(\.geometry)
            var search = SiteSearch(areaSquareMetres: a, region: region, avoid: avoidGeometries, avoidBufferMetres: avoidMetres,
                                    near: nearGeometries, maxDistanceMetres: maxMetres, count: count)
            let sites = try ProgressLine.show(quiet: analysis.quiet) { progress in
                search.progress = progress
                return try search.run()
            }
            if sites.isEmpty { Terminal.note("no site of \(area) fits: the allowed land has no room for one") }
            let features = try sites.enumerated().map { k, s in
                Feature(id: .string("site-\(k + 1)"), properties: [
                    "rank": .number(JSONNumber(k + 1)), "score": try number((s.score * 1e4).rounded() / 1e4), "area_m2": try number(s.areaSquareMetres),
                    "distance_m": try s.distanceMetres.map { try number($0.rounded()) } ?? .null,
                    "centre": .array([try number(s.centre.x), try number(s.centre.y)]),
                ], geometry: s.geometry)
            }
            try writeFeatures(features, to: output, inputs: [within] + avoid + near, precision: 6, interchange: interchange)
        }
    }
}
