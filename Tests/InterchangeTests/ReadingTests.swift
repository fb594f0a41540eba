import Foundation
import Testing
import TongchengGeodesy
import TongchengGeometry
@testable import TongchengInterchange

/// Reading the fixtures ogr2ogr wrote from `source/*.geojson`: the areas must agree with the
/// originals read by the native GeoJSON reader to 1e-7 (the only differences are PROJ's round
/// trip through Gauss–Krüger and the storage of doubles), and the attributes must survive.
@Suite struct ReadingTests {
    func expectSameAreas(_ fc: FeatureCollection, _ original: FeatureCollection, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(fc.features.count == original.features.count, sourceLocation: sourceLocation)
        for (a, b) in zip(fc.features, original.features) {
            let areaA = a.geometry?.geodesicArea() ?? -1, areaB = b.geometry?.geodesicArea() ?? -2
            #expect(relativeDifference(areaA, areaB) < 1e-7, "\(a.name ?? "?"): \(areaA) vs \(areaB)", sourceLocation: sourceLocation)
        }
    }

    @Test func gbkShapefileInGaussKrugerWithAnESRIPrjReadsInWGS84() throws {
        let fc = try FeatureSource.read(Fixture.path("counties-gk.shp"))
        expectSameAreas(fc, try Fixture.original("counties"))
        let lankao = try #require(fc.features.first { $0.id?.text == "410225" })
        #expect(lankao.name == "兰考县")
        #expect(lankao[property: "adcode"] == .number(JSONNumber(410225)))
        #expect(lankao[property: "ratio"]?.doubleValue == 410.225)
        #expect(lankao[property: "surveyed"] == .string("2021-10-12"))
        let box = try #require(lankao.geometry?.boundingBox)
        #expect(box.minX > 114.5 && box.maxX < 115.3 && box.minY > 34.5 && box.maxY < 35.1)
    }

    @Test func theESRIPrjNameResolvesToEPSG4547() throws {
        let text = try String(contentsOfFile: Fixture.path("counties-gk.prj"), encoding: .utf8)
        #expect(text.contains("CGCS2000_3_Degree_GK_CM_114E"))
        let description = try FeatureSource.describe(Fixture.path("counties-gk.shp"))
        #expect(description.layers.first?.crs == "EPSG:4547")
    }

    @Test func zippedGBKShapefileWithoutCpgWarnsAndNamesTheEncodingOption() throws {
        let warnings = Fixture.Warnings()
        let fc = try FeatureSource.read(Fixture.path("counties-gbk-nocpg.zip"), options: ReadOptions(warn: warnings.sink))
        expectSameAreas(fc, try Fixture.original("counties"))
        #expect(warnings.messages.contains { $0.contains("--encoding GBK") && $0.contains("counties-gbk-nocpg.zip") })
        // Not mojibake: the unreadable bytes are replacement characters, never Latin-1 letters.
        let name = try #require(fc.features.first?.name)
        #expect(name.contains("\u{FFFD}"))
        let named = try FeatureSource.read(Fixture.path("counties-gbk-nocpg.zip"), options: ReadOptions(encoding: "GBK", warn: warnings.sink))
        #expect(named.features.map(\.name) == (try Fixture.original("counties")).features.map(\.name))
    }

    @Test func twoLayerGeoPackageNeedsALayerAndListsThem() throws {
        let path = Fixture.path("kaifeng-4490.gpkg")
        #expect(throws: InterchangeError.self) { try FeatureSource.read(path) }
        do {
            _ = try FeatureSource.read(path)
        } catch let e as InterchangeError {
            #expect(e.kind == .usage)
            #expect(e.description.contains("\"counties\"") && e.description.contains("\"places\"") && e.description.contains("--layer"))
        }
        expectSameAreas(try FeatureSource.read(path, options: ReadOptions(layer: "counties")), try Fixture.original("counties"))
        let places = try FeatureSource.read(path, options: ReadOptions(layer: "places"))
        let original = try Fixture.original("places")
        #expect(places.features.map(\.name) == original.features.map(\.name))
        for (a, b) in zip(places.features, original.features) {
            guard case .point(let p)? = a.geometry, case .point(let q)? = b.geometry else { Issue.record("not points"); continue }
            #expect(abs(p.position.x - q.position.x) < 1e-9 && abs(p.position.y - q.position.y) < 1e-9)
        }
    }

    @Test func kmlPlacesAreWGS84Points() throws {
        let fc = try FeatureSource.read(Fixture.path("places.kml"))
        let original = try Fixture.original("places")
        #expect(fc.features.map(\.name) == original.features.map(\.name))
        for (a, b) in zip(fc.features, original.features) {
            guard case .point(let p)? = a.geometry, case .point(let q)? = b.geometry else { Issue.record("not points"); continue }
            #expect(abs(p.position.x - q.position.x) < 1e-9 && abs(p.position.y - q.position.y) < 1e-9)
        }
    }

    @Test func dxfHasNoCRSSoItNeedsTheInputCRS() throws {
        do {
            _ = try FeatureSource.read(Fixture.path("counties-gk.dxf"))
            Issue.record("read without a CRS")
        } catch let e as InterchangeError {
            #expect(e.kind == .badData)
            #expect(e.description.contains("--input-crs EPSG:4547"))
        }
        let fc = try FeatureSource.read(Fixture.path("counties-gk.dxf"), options: ReadOptions(inputCRS: "EPSG:4547"))
        expectSameAreas(fc, try Fixture.original("counties"))
        #expect(fc.features.first?[property: "Layer"] == .string("Longting District"))
    }

    @Test func fileGDBFolderReads() throws {
        expectSameAreas(try FeatureSource.read(Fixture.path("kaifeng.gdb")), try Fixture.original("counties"))
    }

    @Test func csvWithWKTAndWithLonLatColumns() throws {
        let wkt = try FeatureSource.read(Fixture.path("counties-wkt.csv"))
        expectSameAreas(wkt, try Fixture.original("counties"))
        let points = try FeatureSource.read(Fixture.path("places-lonlat.csv"))
        let original = try Fixture.original("places")
        #expect(points.features.count == original.features.count)
        for (a, b) in zip(points.features, original.features) {
            guard case .point(let p)? = a.geometry, case .point(let q)? = b.geometry else { Issue.record("not points"); continue }
            #expect(abs(p.position.x - q.position.x) < 1e-9 && abs(p.position.y - q.position.y) < 1e-9)
        }
    }

    @Test func geoJSONKeepsTheNativeReader() throws {
        let fc = try FeatureSource.read(Fixture.path("source/counties.geojson"))
        #expect(fc == (try Fixture.original("counties")))
    }

    @Test func registeredSchemesAreAskedFirst() throws {
        FeatureSource.register(scheme: "test-scheme") { location, options in
            FeatureCollection([Feature(id: .string(location), properties: ["layer": .string(options.layer ?? "")], geometry: nil)])
        }
        let fc = try FeatureSource.read("test-scheme:parcels", options: ReadOptions(layer: "x"))
        #expect(fc.features.first?.id == .string("test-scheme:parcels"))
        #expect(fc.features.first?[property: "layer"] == .string("x"))
    }
}

/// Bad inputs: every one is an `InterchangeError` naming the file, never fewer features.
@Suite struct BadInputTests {
    func expectBadData(_ name: String, options: ReadOptions = ReadOptions(), contains text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let path = Fixture.path("bad/\(name)")
        do {
            let fc = try FeatureSource.read(path, options: options)
            Issue.record("read \(fc.features.count) features from \(name)", sourceLocation: sourceLocation)
        } catch let e as InterchangeError {
            #expect(e.kind == .badData, sourceLocation: sourceLocation)
            #expect(e.description.hasPrefix(path), sourceLocation: sourceLocation)
            #expect(e.description.contains(text), "\(e)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("unexpected \(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func truncatedShapefileFailsInsteadOfYieldingFewerFeatures() {
        expectBadData("truncated.shp", contains: "feature")
    }

    @Test func missingShxOrDbf() {
        expectBadData("missing-shx.shp", contains: ".shx")
        expectBadData("missing-dbf.shp", contains: ".dbf")
    }

    @Test func corruptGeoPackage() {
        expectBadData("corrupt.gpkg", contains: "malformed")
    }

    @Test func projectedShapefileWithoutPrjNamesTheInputCRSOption() throws {
        expectBadData("no-prj.shp", contains: "--input-crs EPSG:4547")
        let fc = try FeatureSource.read(Fixture.path("bad/no-prj.shp"), options: ReadOptions(inputCRS: "EPSG:4547"))
        #expect(fc.features.count == 8)
    }

    @Test func missingFileIsMissing() {
        #expect(throws: InterchangeError(kind: .missingFile, file: "nowhere.shp", message: "no such file")) { try FeatureSource.read("nowhere.shp") }
    }

    @Test func unknownEncodingIsAUsageError() {
        do {
            _ = try FeatureSource.read(Fixture.path("counties-gk.shp"), options: ReadOptions(encoding: "NO-SUCH-CODEPAGE"))
            Issue.record("accepted an unknown encoding")
        } catch let e as InterchangeError {
            #expect(e.kind == .usage)
        } catch { Issue.record("\(error)") }
    }
}
