import Foundation
import TongchengGeometry
import TongchengProcessIO

/// How a source is read: which layer, which CRS when the file names none (or names a wrong one),
/// which text encoding for attribute tables that do not say.
///
/// ```swift
/// let options = ReadOptions(layer: "counties", inputCRS: "EPSG:4547", encoding: "GBK")
/// let fc = try FeatureSource.read("survey.gpkg", options: options)
/// ```
public struct ReadOptions: Sendable {
    /// The layer of a multi-layer source (GeoPackage, FileGDB, KML folders). A source with one
    /// layer is read whatever its name.
    public var layer: String?
    /// The source's coordinate system (`EPSG:4547`, `gcj02`, a PROJ string or WKT); overrides
    /// the file's own (`.prj`, GeoPackage SRS) and fills in for files with none (DXF, CSV).
    public var inputCRS: String?
    /// The text encoding of attribute tables that do not name theirs (a Shapefile without `.cpg`,
    /// a CSV): `GBK`, `GB18030`, `CP936`, any name iconv knows.
    public var encoding: String?
    /// Where warnings go (an attribute table that is not UTF-8, GDAL's warnings); standard error
    /// by default.
    public var warn: @Sendable (String) -> Void

    public init(layer: String? = nil, inputCRS: String? = nil, encoding: String? = nil,
                warn: @escaping @Sendable (String) -> Void = ReadOptions.standardError) {
        self.layer = layer
        self.inputCRS = inputCRS
        self.encoding = encoding
        self.warn = warn
    }

    /// Writes `tongcheng: warning: …` to standard error.
    public static let standardError: @Sendable (String) -> Void = { message in
        FileHandle.standardError.write(Data("tongcheng: warning: \(message)\n".utf8))
    }
}

/// How features are written: the layer's name, the CRS to project into, the GeoJSON precision.
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
    /// Files the output must never replace (by device and inode); default: every file this
    /// process has read (`ReadLog`).
    public var protecting: InputSet?

    public init(layer: String? = nil, outputCRS: String? = nil, precision: Int? = nil, dxfLayerProperty: String? = nil, protecting: InputSet? = nil) {
        self.layer = layer
        self.outputCRS = outputCRS
        self.precision = precision
        self.dxfLayerProperty = dxfLayerProperty
        self.protecting = protecting
    }
}
