import ArgumentParser

/// The `tongcheng` command: spatial analyses for the Zhengzhou–Kaifeng–Lankao plan (郑开同城化).
///
/// ```swift
/// Tongcheng.main(["area", "geodata/boundaries.geojson", "--unit", "km2"])
/// ```
public struct Tongcheng: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "tongcheng",
        abstract: "同城 Tongcheng — spatial planning analyses for 郑开同城化 (Zhengzhou–Kaifeng–Lankao).",
        discussion: """
        Inputs are GeoJSON files (WGS 84 longitude/latitude, RFC 7946), - for standard input, or any \
        file GDAL reads (Shapefile, zipped Shapefile, GeoPackage, KML/KMZ, DXF, FileGDB, FlatGeobuf, \
        GML, CSV) in its own CRS, or pg:TABLE. Each source may carry its own options, quoted in the \
        shell: 'plan.gpkg|layer=zones', 'zone.dxf|crs=EPSG:4547', 'old.shp|encoding=GBK' (combinable); \
        --layer, --input-crs and --encoding only fill in for sources that name none. Results go to standard output or to -o FILE (features in the format \
        of its extension: .geojson .gpkg .shp .zip .dxf .kml .fgb .csv .gdb .gml). Measures are geodesic on the WGS 84 ellipsoid \
        unless --crs names a projected CRS, and an edge between two longitude/latitude vertices is the \
        geodesic between them: every overlay (clip, erase, dissolve, overlap, tabulate, conform, \
        reach, site, --engine postgis) first cuts edges longer than 50 m into geodesic pieces, so \
        clip-then-area and conform give one answer (docs/semantics.md). Distances and areas need their units (100km, 500m, \
        2.5 km, 30km2, 3000ha, 45000mu); a bare number is refused. Places are named by id, Chinese \
        or English name (zhengzhou, 郑州, 兰考南站) or given as LON,LAT.

        Examples:
          tongcheng plan
          tongcheng area geodata/plan/zone.geojson --unit mu
          tongcheng reach --from 郑州 --radius 100km --within geodata/plan/zone.geojson
          tongcheng help isochrone
          tongcheng --generate-completion-script zsh > _tongcheng

        Exit codes (sysexits): 0 success, 64 bad usage, 65 bad input data, 66 missing input file, \
        69 database unreachable, 70 internal error, 73 output cannot be written, 74 a write failed (full disk, closed \
        standard output), 78 configuration (PROJ_DATA); 141 quietly when the reader of standard \
        output went away (| head).
        """,
        version: "0.1.0",
        subcommands: [
            AreaCommand.self, LengthCommand.self, TransformCommand.self, ValidateCommand.self, InfoCommand.self, ConvertCommand.self,
            BufferCommand.self, ClipCommand.self, EraseCommand.self, DissolveCommand.self,
            ReachCommand.self, OverlapCommand.self, NearCommand.self, IsochroneCommand.self, SiteCommand.self, PlanCommand.self,
            TabulateCommand.self, ConformCommand.self, CheckCommand.self, TransitionCommand.self, DiffCommand.self,
            RunCommand.self, ReportCommand.self,
            RenderCommand.self,
            DbCommand.self,
        ] + declaredCommands()
    )

    public init() {}
}
