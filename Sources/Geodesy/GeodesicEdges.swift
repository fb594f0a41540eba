import TongchengGeometry

extension Geometry {
    /// The longest edge, in metres, that an overlay cuts along as drawn in longitude/latitude;
    /// longer edges are first cut into geodesic pieces (`withGeodesicEdges()`).
    ///
    /// Why 50 m: at 35°N a straight longitude/latitude chord of 50 m lies at most 35 µm from the
    /// geodesic, and the pieces of a 30 km² zone cut by parcels then add up to its geodesic area
    /// to 3e-10 (2e-5 with 6 km edges as drawn; 8e-10 with 100 m pieces). docs/semantics.md.
    ///
    /// ```swift
    /// let cut = zone.densifiedGeodesically(maxSegmentMetres: Geometry.geodesicEdgeMetres)
    /// ```
    public static let geodesicEdgeMetres = 50.0

    /// Tongcheng's one geometry semantics (docs/semantics.md): an edge of a longitude/latitude
    /// geometry is the geodesic between its two vertices, as in PostGIS `geography` and in every
    /// area and length Tongcheng measures. GEOS cuts along straight lines in the plane of the
    /// coordinates, so every overlay (clip, erase, dissolve, overlap, tabulate, conform, site,
    /// reach and the PostGIS engine's SQL) first replaces each edge longer than
    /// `geodesicEdgeMetres` with geodesic pieces, on both of its operands. Points are returned
    /// unchanged; so is every geometry whose edges are all short (a box test, no inverse problem).
    ///
    /// ```swift
    /// let inZone = try parcel.withGeodesicEdges().intersection(zone.withGeodesicEdges())
    /// ```
    public func withGeodesicEdges() -> Geometry {
        densifiedGeodesically(maxSegmentMetres: Self.geodesicEdgeMetres)
    }
}
