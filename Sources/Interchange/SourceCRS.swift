import CGDAL
import TongchengGeodesy

extension FeatureSource {
    /// The coordinate system a source's layer is stored in (its authority code, or its WKT), or
    /// `nil` when the file names none or cannot be opened. `convert` writes in it, as ogr2ogr does.
    ///
    /// ```swift
    /// FeatureSource.storedCoordinateSystem("survey.shp", layer: nil)  // .proj("EPSG:4547")
    /// ```
    public static func storedCoordinateSystem(_ path: String, layer: String?) -> CoordinateSystem? {
        try? GDALSession.run { session in
            let dataset = try OGRSourceReader.openForReading(path, connection: try OGRSourceReader.connection(path, layer: layer), encoding: nil, session: session)
            let handle = try dataset.layer(layer)
            return OGR_L_GetSpatialRef(handle).map(SpatialReference.coordinateSystem)
        }
    }
}
