import TongchengGeometry

// Public makers of the result values (the memberwise initialisers are internal and cannot be
// redeclared public in an extension), for engines outside this module that compute the
// same results another way (`--engine postgis`, Sources/PostGIS/Engine) and hand them to the
// same printers.

extension Tabulate.Row {
    /// ```swift
    /// let row = Tabulate.Row.make(zone: 0, classValue: "耕地", areaSquareMetres: 6_666.7, share: 0.25)
    /// ```
    public static func make(zone: Int, classValue: String?, areaSquareMetres: Double, share: Double) -> Self {
        Self(zone: zone, classValue: classValue, areaSquareMetres: areaSquareMetres, share: share)
    }
}

extension Tabulate.Piece {
    /// ```swift
    /// let piece = Tabulate.Piece.make(zone: 0, parcel: ref, classValue: "林地", areaSquareMetres: 812.5, geometry: part)
    /// ```
    public static func make(zone: Int, parcel: FeatureRef, classValue: String?, areaSquareMetres: Double, geometry: Geometry) -> Self {
        Self(zone: zone, parcel: parcel, classValue: classValue, areaSquareMetres: areaSquareMetres, geometry: geometry)
    }
}

extension Tabulate.Result {
    /// ```swift
    /// let empty = Tabulate.Result.make(zones: zones, zoneLabels: ["兰考"], zoneAreaSquareMetres: [1.1e9], classifiedSquareMetres: [0],
    ///                             rows: [], classes: [], pieces: [], repaired: 0, parcelsInZones: 0)
    /// ```
    public static func make(zones: [FeatureRef], zoneLabels: [String], zoneAreaSquareMetres: [Double], classifiedSquareMetres: [Double], rows: [Tabulate.Row],
                classes: [String?], pieces: [Tabulate.Piece], repaired: Int, parcelsInZones: Int) -> Self {
        Self(zones: zones, zoneLabels: zoneLabels, zoneAreaSquareMetres: zoneAreaSquareMetres, classifiedSquareMetres: classifiedSquareMetres, rows: rows, classes: classes, pieces: pieces, repaired: repaired, parcelsInZones: parcelsInZones)
    }
}

extension Conform.Conflict {
    /// ```swift
    /// let c = Conform.Conflict.make(feature: zone, file: "farmland.geojson", constraint: block, rule: .forbid, areaSquareMetres: 2_400, geometry: part)
    /// ```
    public static func make(feature: FeatureRef, file: String, constraint: FeatureRef?, rule: Conform.Rule, areaSquareMetres: Double, geometry: Geometry) -> Self {
        Self(feature: feature, file: file, constraint: constraint, rule: rule, areaSquareMetres: areaSquareMetres, geometry: geometry)
    }
}

extension InvalidGeometryError {
    /// ```swift
    /// throw InvalidGeometryError.make(file: "parcels.geojson", index: 12, id: "p12", reason: "Self-intersection", location: Position(114.8, 34.8))
    /// ```
    public static func make(file: String, index: Int, id: String?, reason: String, location: Position?) -> Self {
        Self(file: file, index: index, id: id, reason: reason, location: location)
    }
}
