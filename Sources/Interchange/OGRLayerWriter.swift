import CGDAL
import Foundation
import TongchengGeodesy
import TongchengGeometry

/// What `OGRLayerWriter` did: notes for the user, and for a container what became of the layer.
struct LayerWriteResult {
    var notes: [String]
    var action: LayerAction?
}

/// Writes features as one layer of a new dataset (or, `update`, of an existing container)
/// through a GDAL driver.
enum OGRLayerWriter {
    /// Writes and closes the dataset; returns notes for the user. `path` is the working path in
    /// memory, `name` the user's target (for messages). With `update`, the dataset at `path`
    /// (a copy of the existing GeoPackage or FileGDB) gets the layer, replacing one of that name.
    static func write(_ features: [Feature], format: FeatureFormat, to path: String, name: String, layer layerName: String,
                      crs: CoordinateSystem, update: Bool = false, dxf: DXFContent = DXFContent()) throws -> LayerWriteResult {
        guard let driverName = format.driver else { return LayerWriteResult(notes: []) }
        func failure(_ message: String, feature: Int? = nil) -> InterchangeError {
            InterchangeError(kind: .cannotWrite, file: name, layer: layerName, featureIndex: feature, message: message)
        }
        var features = features
        var notes: [String] = []
        var labels: [String?] = []
        if format == .dxf { (features, labels, notes) = try prepareDXF(features, layer: layerName, content: dxf, file: name) }
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
            var action: LayerAction?
            do {
                let dataset: OGRDataset
                if update {
                    let drivers = CStringList()
                    drivers.add(driverName)
                    guard let handle = GDALOpenEx(path, UInt32(GDAL_OF_VECTOR) | UInt32(GDAL_OF_UPDATE), drivers.constPointer, nil, nil) else {
                        let reason = session.lastFailure.map(OGRDataset.plain) ?? "GDAL cannot open it"
                        throw InterchangeError(kind: .cannotWrite, file: name, message: "exists but is not a \(format.displayName) this writer can add a layer to: \(reason)",
                                               hint: "--overwrite replaces the whole file")
                    }
                    dataset = OGRDataset(created: handle, name: name)
                    let before = dataset.layerNames
                    let kept = before.filter { $0.lowercased() != layerName.lowercased() }
                    if let index = before.firstIndex(where: { $0.lowercased() == layerName.lowercased() }) {
                        guard GDALDatasetDeleteLayer(dataset.handle, Int32(index)) == OGRERR_NONE else {
                            throw failure(session.lastFailure.map(OGRDataset.plain) ?? "cannot replace the layer")
                        }
                        action = .replaced(layer: layerName, kept: kept)
                    } else {
                        action = .added(layer: layerName, kept: kept)
                    }
                } else {
                    guard let handle = GDALCreate(driver, path, 0, 0, 0, GDT_Unknown, datasetOptions.pointer) else {
                        throw failure(session.lastFailure.map(OGRDataset.plain) ?? "\(driverName) cannot create the file")
                    }
                    dataset = OGRDataset(created: handle, name: name)
                }
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
                let labelHeight = labels.isEmpty ? 0 : DXFText.labelHeight(features)
                for (k, f) in features.enumerated() {
                    guard let feature = OGR_F_Create(definition) else { throw failure("out of memory", feature: k) }
                    defer { OGR_F_Destroy(feature) }
                    schema.fill(feature, from: f, indices: indices)
                    var ogr: OGRGeometryH?
                    if let g = f.geometry, let made = OGRGeometryWriting.make(g, multi: multi) {
                        ogr = made
                        OGR_F_SetGeometryDirectly(feature, made)
                    }
                    var err = OGR_L_CreateFeature(layer, feature)
                    if err == OGRERR_NONE, k < labels.count, let text = labels[k], let ogr {
                        err = DXFText.writeLabel(text, at: ogr, height: labelHeight, like: feature, layer: layer)
                    }
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
            return LayerWriteResult(notes: notes + session.warnings.map { "\(name): \(OGRDataset.plain($0))" }, action: action)
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

    /// DXF: each feature's CAD layer is named by a property or the layer name, and labelled by
    /// `labelField` (a TEXT entity); other attributes cannot be kept. (Polygons are written as
    /// closed polylines: `DXF_WRITE_HATCH=NO`.)
    static func prepareDXF(_ features: [Feature], layer: String, content: DXFContent, file: String) throws -> ([Feature], [String?], [String]) {
        let keys = Set(features.flatMap { ($0.properties ?? JSONObject()).keys })
        for (option, field) in [("--dxf-label", content.labelField), ("--dxf-layer-property", content.layerProperty)] {
            if let field, !features.isEmpty, !keys.contains(field) {
                throw InterchangeError(kind: .usage, file: file, message: "\(option) \(field): no feature has that property",
                                       hint: "the properties are \(keys.sorted().joined(separator: ", "))")
            }
        }
        let out = features.map { f -> Feature in
            let cadLayer = content.layerProperty.flatMap { f[property: $0]?.displayText }.flatMap { $0.isEmpty ? nil : $0 } ?? layer
            return Feature(properties: ["Layer": .string(cadLayer)], geometry: f.geometry)
        }
        let labels = content.labelField.map { field in features.map { f -> String? in (f[property: field]?.displayText).flatMap { $0.isEmpty ? nil : $0 } } } ?? []
        let used = Set([content.labelField, content.layerProperty].compactMap { $0 })
        let dropped = keys.subtracting(used).count
        var notes: [String] = []
        if dropped > 0 {
            notes.append("DXF keeps geometry, CAD layers\(content.labelField == nil ? "" : " and TEXT labels") only: \(dropped) other attribute\(dropped == 1 ? "" : "s") not written (polygons are written as closed polylines; --dxf-label FIELD labels each feature)")
        }
        return (out, labels, notes)
    }
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
