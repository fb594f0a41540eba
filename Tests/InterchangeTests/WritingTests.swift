import Foundation
import Testing
import TongchengGeodesy
import TongchengGeometry
import TongchengProcessIO
@testable import TongchengInterchange

/// Writing through GDAL: every output opens in `ogrinfo` (GDAL's own tool, an independent
/// reader), reads back with the same areas (1e-7) and the same attribute types.
@Suite struct WritingTests {
    static let formats = ["gpkg", "shp", "zip", "kml", "fgb", "csv", "gdb", "gml", "dxf", "geojson"]

    @Test(arguments: formats) func everyFormatOpensInOgrinfoAndReadsBackWithTheSameAreas(_ ext: String) throws {
        let original = try Fixture.original("counties")
        let folder = try Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("counties.\(ext)").path
        // DXF is for CAD: metres, so a projected CRS (degrees are refused, see dxfRefusesDegrees).
        let report = try FeatureSink.write(original, to: path, options: ext == "dxf" ? WriteOptions(outputCRS: "EPSG:4547") : .init())
        #expect(report.featureCount == 9)
        let (code, text) = try Fixture.run("ogrinfo", ["-so", "-al", ext == "zip" ? "/vsizip/" + path : path])
        #expect(code == 0, "\(text)")
        #expect(text.contains("Feature Count: 9"), "\(text)")
        // Nothing but the output is left in the folder (no temporary folder).
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(!left.contains { $0.hasPrefix(".") }, "\(left)")
        guard ext != "dxf" else { return }  // DXF keeps outlines (closed polylines), checked below
        let back = try FeatureSource.read(path)
        #expect(back.features.count == 9)
        for (a, b) in zip(back.features, original.features) {
            let areaA = a.geometry?.geodesicArea() ?? -1, areaB = b.geometry?.geodesicArea() ?? -2
            #expect(relativeDifference(areaA, areaB) < 1e-7, "\(ext) \(b.name ?? ""): \(areaA) vs \(areaB)")
            if ext != "csv" { #expect(a.name == b.name) }
        }
    }

    @Test func propertyTypesRoundTripThroughGeoPackageAndShapefile() throws {
        let original = try Fixture.original("counties")
        let folder = try Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for ext in ["gpkg", "shp"] {  // FlatGeobuf and FileGDB keep dates as date-times
            let path = folder.appendingPathComponent("typed.\(ext)").path
            try FeatureSink.write(original, to: path)
            // GDAL's view of the columns.
            let (_, text) = try Fixture.run("ogrinfo", ["-so", "-al", path])
            #expect(text.contains("adcode: Integer64"), "\(ext): \(text)")
            #expect(text.contains("ratio: Real"), "\(ext): \(text)")
            #expect(text.contains("name: String"), "\(ext): \(text)")
            #expect(text.contains("surveyed: Date"), "\(ext): \(text)")
            // Tongcheng's view: the same values as the original, Chinese text included.
            let back = try FeatureSource.read(path)
            for (a, b) in zip(back.features, original.features) {
                #expect(a[property: "adcode"] == b[property: "adcode"])
                #expect(a[property: "ratio"]?.doubleValue == b[property: "ratio"]?.doubleValue)
                #expect(a[property: "name"] == b[property: "name"])
                #expect(a[property: "surveyed"] == b[property: "surveyed"])
            }
        }
    }

    @Test func shapefileHasPrjUTF8CpgAndShortenedFieldNames() throws {
        let folder = try Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let fc = FeatureCollection([Feature(properties: ["population_2020": 650000, "规划分区名称说明": "示范区"], geometry: .point(Point(114.8, 34.8)))])
        let path = folder.appendingPathComponent("towns.shp").path
        // DBF names hold 10 bytes: 3 Chinese characters in UTF-8.
        let report = try FeatureSink.write(fc, to: path, options: WriteOptions(outputCRS: "EPSG:4547"))
        #expect(report.notes.contains { $0.contains("population_2020 → population") && $0.contains("规划分区名称说明 → 规划分") })
        #expect(try String(contentsOfFile: folder.appendingPathComponent("towns.cpg").path, encoding: .utf8).contains("UTF-8"))
        let prj = try String(contentsOfFile: folder.appendingPathComponent("towns.prj").path, encoding: .utf8)
        #expect(prj.contains("CGCS2000") && prj.contains("114"))
        let back = try FeatureSource.read(path)
        #expect(back.features.first?[property: "规划分"] == .string("示范区"))
        guard case .point(let p)? = back.features.first?.geometry else { Issue.record("no point"); return }
        #expect(abs(p.position.x - 114.8) < 1e-9 && abs(p.position.y - 34.8) < 1e-9)
    }

    @Test func dxfWritesClosedPolylinesInTheOutputCRS() throws {
        let original = try Fixture.original("counties")
        let folder = try Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("counties.dxf").path
        try FeatureSink.write(original, to: path, options: WriteOptions(outputCRS: "EPSG:4547", dxfLayerProperty: "name_en"))
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!text.contains("HATCH"))
        // Group code 70 = 1 marks a closed LWPOLYLINE.
        #expect(text.contains("AcDbPolyline\n 70\n1\n"))
        let (_, info) = try Fixture.run("ogrinfo", ["-al", "-q", path])
        #expect(info.contains("Layer (String) = Lankao County"))
        // Gauss–Krüger metres: Lankao's outline lies around x ≈ 590 km, y ≈ 3,850 km.
        let back = try FeatureSource.read(path, options: ReadOptions(inputCRS: "EPSG:4547"))
        #expect(back.features.count >= 9)
    }

    @Test func aShapefileRefusesMixedGeometriesAndLeavesNothing() throws {
        let folder = try Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("mixed.shp").path
        try Data("old".utf8).write(to: URL(fileURLWithPath: path))
        let fc = FeatureCollection([
            Feature(geometry: .point(Point(114.8, 34.8))),
            Feature(geometry: .polygon(Polygon(exterior: LineString([Position(114, 34), Position(115, 34), Position(115, 35), Position(114, 34)])))),
        ])
        // No inputs to protect here: by default a write protects every file this process read, and
        // in this long-lived test process that includes other tests' files since deleted, whose
        // inode numbers the old mixed.shp may reuse (a false "it is also an input").
        #expect(throws: InterchangeError.self) { try FeatureSink.write(fc, to: path, options: WriteOptions(protecting: InputSet())) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["mixed.shp"])
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old")
    }

    @Test func polygonsAndMultiPolygonsArePromotedToOneType() throws {
        let folder = try Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let square = Polygon(exterior: LineString([Position(114, 34), Position(114.1, 34), Position(114.1, 34.1), Position(114, 34.1), Position(114, 34)]))
        let fc = FeatureCollection([Feature(geometry: .polygon(square)), Feature(geometry: .multiPolygon(MultiPolygon([square])))])
        let path = folder.appendingPathComponent("promoted.gpkg").path
        try FeatureSink.write(fc, to: path)
        let (_, text) = try Fixture.run("ogrinfo", ["-so", "-al", path])
        #expect(text.contains("Geometry: Multi Polygon"))
    }

    @Test func unknownExtensionIsAUsageErrorAndAMissingFolderCannotBeWritten() {
        do {
            try FeatureSink.write(FeatureCollection([]), to: "/tmp/x.docx")
            Issue.record("wrote .docx")
        } catch let e as InterchangeError { #expect(e.kind == .usage && e.description.contains(".gpkg")) } catch { Issue.record("\(error)") }
        do {
            try FeatureSink.write(FeatureCollection([]), to: "/nonexistent-folder/x.gpkg")
            Issue.record("wrote into a missing folder")
        } catch let e as SafeOutputError { #expect(e.kind == .cannotCreate) } catch { Issue.record("\(error)") }
    }
}

extension WritingTests {
    @Test func dxfRefusesDegreesAndNamesAProjectedCRS() throws {
        let folder = try Fixture.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("counties.dxf").path
        #expect {
            try FeatureSink.write(try Fixture.original("counties"), to: path)
        } throws: { error in
            let e = error as? InterchangeError
            return e?.kind == .usage && (e?.hint ?? "").contains("EPSG:4547")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }
}
