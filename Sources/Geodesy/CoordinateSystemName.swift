import CPROJ

extension CoordinateSystem {
    /// The CRS's name as PROJ's database gives it (`EPSG:4547` → "CGCS2000 / 3-degree Gauss-Kruger
    /// CM 114E"; a PROJ string → its projection's name, e.g. "unknown" when it has none), and the
    /// name of its datum; `nil` when PROJ cannot build it. GCJ-02 is not a PROJ CRS: "GCJ-02".
    ///
    /// ```swift
    /// CoordinateSystem.gaussKruger114.names?.crs     // "CGCS2000 / 3-degree Gauss-Kruger CM 114E"
    /// CoordinateSystem.gaussKruger114.names?.datum   // "China 2000"
    /// ```
    public var names: (crs: String, datum: String?)? {
        guard case .proj(let definition) = self else { return ("GCJ-02", nil) }
        let ctx = proj_context_create()
        defer { proj_context_destroy(ctx) }
        guard let crs = proj_create(ctx, definition) else { return nil }
        defer { proj_destroy(crs) }
        guard let name = proj_get_name(crs).map({ String(cString: $0) }) else { return nil }
        var datumName: String?
        if let datum = proj_crs_get_datum(ctx, crs) ?? proj_crs_get_datum_ensemble(ctx, crs) {
            datumName = proj_get_name(datum).map { String(cString: $0) }
            proj_destroy(datum)
        }
        return (name, datumName)
    }
}
