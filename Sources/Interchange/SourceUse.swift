/// What a read actually used, and why: the layer, the CRS and the text encoding, each with where
/// it came from (the file itself, the source's own `|crs=`, or the command's default such as
/// `--input-crs`). `tongcheng info` prints it.
///
/// ```swift
/// let (fc, use) = try FeatureSource.readReporting(try SourceSpec.parse("zone.dxf|crs=EPSG:4547"))
/// use.crs        // "EPSG:4547"
/// use.crsOrigin  // "|crs="
/// ```
public struct SourceUse: Sendable, Hashable {
    /// The layer read (`nil` for GeoJSON and tables).
    public var layer: String?
    /// Every layer of the source (for a multi-layer file), at most `layerLimit` of them.
    public var layers: [String] = []
    /// The CRS the coordinates were read in (`EPSG:4547`, `EPSG:4326`), or `nil` when none was
    /// named and they were taken as longitude/latitude.
    public var crs: String?
    /// Where the CRS came from: `the file`, `|crs=`, `--input-crs`, `GeoJSON (RFC 7946: WGS 84)`,
    /// `none named: read as longitude/latitude`, …
    public var crsOrigin: String
    /// The text encoding applied to attributes (`CP936`, `UTF-8`), or `nil` when none applies.
    public var encoding: String?
    /// Where the encoding came from: `the .cpg`, `|encoding=`, `--encoding`, `the format (UTF-8)`, …
    public var encodingOrigin: String

    public init(layer: String? = nil, layers: [String] = [], crs: String?, crsOrigin: String, encoding: String?, encodingOrigin: String) {
        self.layer = layer
        self.layers = layers
        self.crs = crs
        self.crsOrigin = crsOrigin
        self.encoding = encoding
        self.encodingOrigin = encodingOrigin
    }
}

import TongchengGeodesy

extension CoordinateSystem {
    /// The CRS as messages name it: its code (`EPSG:4547`), or a phrase for a long WKT.
    var shortName: String {
        description.count < 40 ? description : "the file's CRS (WKT without an EPSG code)"
    }
}
