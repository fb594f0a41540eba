import CGDAL
import Foundation
import TongchengGeodesy
import TongchengGeometry

/// Writes features as one layer of a new dataset through a GDAL driver.
enum OGRLayerWriter {
    /// Writes and closes the dataset; returns notes for the user. `path` is the working path in
    /// the temporary folder, `name` the user's target (for messages).
    static func write(_ features: [Feature], format: FeatureFormat, to path: String, name: String, layer layerName: String,
                      crs: CoordinateSystem, dxfLayerProperty: String?) throws -> [String] {
        guard let driverName = format.driver else { return [] }
        func failure(_ message: String, feature: Int? = nil) -> InterchangeError {
            InterchangeError(kind: .cannotWrite, file: name, layer: layerName, featureIndex: feature, message: message)
        }
        var features = features
        var notes: [String] = []
        if format == .dxf { (features, notes) = prepareDXF(features, layer: layerName, property: dxfLayerProperty) }
        let (geometryType, multi) = try geometryType(of: features, format: format, file: name)
        let schema = OGRFieldSchema(features, shortNames: format == .shapefile || format == .zippedShapefile)
        if !schema.renamed.isEmpty {
            notes.append("\(name): field names shortened to the Shapefile's 10 characters: "
                         + schema.renamed.map { "\($0.0) → \($0.1)" }.joined(separator: ", "))
        }
        return try withThreadConfig("DXF_WRITE_HATCH", format == .dxf ? "NO" : nil) { try GDALSession.run { session in
            guard let driver = GDALGetDriverByName(driverName) else { throw failure("GDAL has no \(driverName) driver") }
            let datasetOptions = CStringList()
            let layerOptions = CStringList()
            switch format {
            case .shapefile, .zippedShapefile: layerOptions.set("ENCODING", "UTF-8")
            case .csv: layerOptions.set("GEOMETRY", "AS_WKT")
            case .kml: datasetOptions.set("NameField", "name")
            case .flatGeobuf: layerOptions.set("SPATIAL_INDEX", "NO")  // keeps the features in their order
            default: break
            }
            do {
                guard let handle = GDALCreate(driver, path, 0, 0, 0, GDT_Unknown, datasetOptions.pointer) else {
                    throw failure(session.lastFailure.map(OGRDataset.plain) ?? "\(driverName) cannot create the file")
                }
                let dataset = OGRDataset(created: handle, name: name)
                let srs = format == .dxf || format == .csv ? nil : SpatialReference.make(crs)
                defer { if let srs { OSRDestroySpatialReference(srs) } }
                guard let layer = GDALDatasetCreateLayer(dataset.handle, layerName, srs, geometryType, layerOptions.pointer) else {
                    throw failure(session.lastFailure.map(OGRDataset.plain) ?? "cannot create the layer")
                }
                var indices: [Int32] = []
                if format == .dxf {
                    let definition = OGR_L_GetLayerDefn(layer)
                    indices = schema.columns.map { $0.key == "Layer" ? OGR_FD_GetFieldIndex(definition, "Layer") : -1 }
                } else {
                    guard schema.create(on: layer, jsonSubtype: format == .geoPackage) else {
                        throw failure(session.lastFailure.map(OGRDataset.plain) ?? "cannot create the attribute columns")
                    }
                    let definition = OGR_L_GetLayerDefn(layer)
                    indices = schema.columns.map { OGR_FD_GetFieldIndex(definition, $0.name) }
                }
                let transaction = GDALDatasetTestCapability(dataset.handle, ODsCTransactions) != 0
                    && GDALDatasetStartTransaction(dataset.handle, 0) == OGRERR_NONE
                let definition = OGR_L_GetLayerDefn(layer)
                for (k, f) in features.enumerated() {
                    guard let feature = OGR_F_Create(definition) else { throw failure("out of memory", feature: k) }
                    defer { OGR_F_Destroy(feature) }
                    schema.fill(feature, from: f, indices: indices)
                    if let g = f.geometry, let ogr = OGRGeometryWriting.make(g, multi: multi) { OGR_F_SetGeometryDirectly(feature, ogr) }
                    let err = OGR_L_CreateFeature(layer, feature)
                    let failures = session.newFailures()
                    if err != OGRERR_NONE || !failures.isEmpty {
                        throw failure(failures.map(OGRDataset.plain).joined(separator: "; ").nonEmpty ?? "GDAL refused the feature", feature: k)
                    }
                }
                if transaction, GDALDatasetCommitTransaction(dataset.handle) != OGRERR_NONE {
                    throw failure(session.lastFailure.map(OGRDataset.plain) ?? "cannot commit")
                }
            }  // the dataset closes here, flushing everything
            let failures = session.newFailures()
            if !failures.isEmpty { throw failure(failures.map(OGRDataset.plain).joined(separator: "; ")) }
            return notes + session.warnings.map { "\(name): \(OGRDataset.plain($0))" }
        } }
    }

    /// The layer's declared geometry type, and whether single geometries become multis.
    /// Shapefiles and FileGDB hold one kind (points, lines or polygons): a mix is an error.
    static func geometryType(of features: [Feature], format: FeatureFormat, file: String) throws -> (OGRwkbGeometryType, Bool) {
        let geometries = features.compactMap(\.geometry)
        guard let first = geometries.first else { return (wkbUnknown, false) }
        let types = Set(geometries.map { OGR_GT_Flatten(OGRGeometryWriting.type($0)).rawValue })
        let z = geometries.contains { $0.hasHeights }
        if types.count == 1 {
            let t = OGRGeometryWriting.type(first)
            return (z ? OGR_GT_SetZ(t) : OGR_GT_Flatten(t), false)
        }
        let kinds = Set(geometries.map(OGRGeometryWriting.kind))
        if kinds.count == 1, let kind = kinds.first ?? nil {
            let multi: OGRwkbGeometryType = [wkbMultiPoint, wkbMultiLineString, wkbMultiPolygon][kind]
            return (z ? OGR_GT_SetZ(multi) : multi, true)
        }
        if format.needsOneGeometryKind {
            let names = ["points", "lines", "polygons"]
            var counts = [0, 0, 0, 0]
            for g in geometries { counts[OGRGeometryWriting.kind(g) ?? 3] += 1 }
            let found = (0..<4).filter { counts[$0] > 0 }.map { "\(counts[$0]) \($0 < 3 ? names[$0] : "geometry collections")" }
            throw InterchangeError(kind: .badData, file: file, message: "a \(format.displayName) holds one kind of geometry, these features mix \(found.joined(separator: ", "))",
                                   hint: "write a GeoPackage (.gpkg), or split the features by type first")
        }
        return (wkbUnknown, false)
    }

    /// DXF: each feature's CAD layer is named by a property or the layer name; attributes other
    /// than the layer cannot be kept. (Polygons are written as closed polylines: `DXF_WRITE_HATCH=NO`.)
    static func prepareDXF(_ features: [Feature], layer: String, property: String?) -> ([Feature], [String]) {
        let out = features.map { f -> Feature in
            let cadLayer = property.flatMap { f[property: $0]?.displayText }.flatMap { $0.isEmpty ? nil : $0 } ?? layer
            return Feature(properties: ["Layer": .string(cadLayer)], geometry: f.geometry)
        }
        let dropped = Set(features.flatMap { ($0.properties ?? JSONObject()).keys }).count
        let note = dropped > 0 ? ["DXF keeps geometry and CAD layers only: \(dropped) attribute\(dropped == 1 ? "" : "s") not written (polygons are written as closed polylines)"] : []
        return (out, note)
    }
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
