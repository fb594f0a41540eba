import Foundation
import TongchengGeometry
import TongchengProcessIO

/// A command's defaults for reading its sources (`--layer`, `--input-crs`, `--encoding`): they
/// apply only to sources that say nothing themselves and only where they mean something. A
/// source's own options (`parcels.gpkg|layer=parcels`, `zone.dxf|crs=EPSG:4547`, a recipe's
/// `crs:`) always win; see `SourceSpec`.
///
/// ```swift
/// let options = ReadOptions(layer: "counties", inputCRS: "EPSG:4547", encoding: "GBK")
/// let fc = try FeatureSource.read("survey.gpkg", options: options)
/// ```
public struct ReadOptions: Sendable {
    /// The layer of multi-layer sources (GeoPackage, FileGDB, KML folders) that name none: it
    /// must exist there. Ignored by single-layer formats (Shapefile, CSV, DXF, GeoJSON).
    public var layer: String?
    /// The coordinate system (`EPSG:4547`, `gcj02`, a PROJ string or WKT) of sources that name
    /// none (DXF, CSV, a Shapefile without `.prj`). A source with its own CRS keeps it, with a
    /// warning when this differs; to override a file's CRS, name it on the source (`|crs=`).
    public var inputCRS: String?
    /// The text encoding of attribute tables that name none (a Shapefile without `.cpg` or code
    /// page, a CSV, a DXF): `GBK`, `GB18030`, `CP936`, any name iconv knows.
    public var encoding: String?
    /// Where warnings go (an attribute table that is not UTF-8, GDAL's warnings); standard error
    /// by default.
    public var warn: @Sendable (String) -> Void
    /// Threads that parse a large GeoJSON file's features (`GeoJSONReadOptions.jobs`; the
    /// features, their order and any error are those of one thread). Other formats read on one.
    public var jobs = 1

    public init(layer: String? = nil, inputCRS: String? = nil, encoding: String? = nil,
                warn: @escaping @Sendable (String) -> Void = ReadOptions.standardError) {
        self.layer = layer
        self.inputCRS = inputCRS
        self.encoding = encoding
        self.warn = warn
    }

    /// Writes `tongcheng: warning: …` to standard error the way the CLI's own messages go
    /// (`TextExcerpt.forTerminal`: control characters from file names and data made visible,
    /// lines bounded; through `StandardStreams`, so a progress line is erased first). Recipes,
    /// map specs and plan folders read with it.
    public static let standardError: @Sendable (String) -> Void = { message in
        StandardStreams.message("tongcheng: warning: \(TextExcerpt.forTerminal(message))\n")
    }
}

/// How features are written: the layer's name, the CRS to project into, the GeoJSON precision,
/// whether a container is replaced whole, and what DXF carries for CAD users.
///
/// ```swift
/// try FeatureSink.write(fc, to: "out/plan.gpkg", options: WriteOptions(layer: "zones", outputCRS: "EPSG:4547"))
/// ```
public struct WriteOptions: Sendable {
    /// The layer (GeoPackage table, FileGDB feature class, DXF layer, KML folder); default: the
    /// file's stem.
    public var layer: String?
    /// Project the features into this CRS on the way out (default: WGS 84 longitude/latitude).
    public var outputCRS: String?
    /// Decimals for GeoJSON coordinates (default: as many as round-trip each double).
    public var precision: Int?
    /// A property whose value names each feature's DXF layer (default: one layer named after `layer`).
    public var dxfLayerProperty: String?
    /// A property written as a TEXT label at each feature in DXF (its point on surface).
    public var dxfLabel: String?
    /// Replace an existing GeoPackage or FileGDB whole instead of adding (or replacing) one layer.
    public var overwrite: Bool
    /// Files the output must never replace (by device and inode); default: every file this
    /// process has read (`ReadLog`).
    public var protecting: InputSet?

    public init(layer: String? = nil, outputCRS: String? = nil, precision: Int? = nil, dxfLayerProperty: String? = nil,
                dxfLabel: String? = nil, overwrite: Bool = false, protecting: InputSet? = nil) {
        self.layer = layer
        self.outputCRS = outputCRS
        self.precision = precision
        self.dxfLayerProperty = dxfLayerProperty
        self.dxfLabel = dxfLabel
        self.overwrite = overwrite
        self.protecting = protecting
    }

    var dxf: DXFContent { DXFContent(layerProperty: dxfLayerProperty, labelField: dxfLabel) }
}

/// What goes into a DXF besides geometry: the CAD layer of each feature and a TEXT label.
struct DXFContent: Sendable {
    var layerProperty: String?
    var labelField: String?
}
