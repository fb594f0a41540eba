#!/usr/bin/env python3
"""A SYNTHETIC land-use layer for Lankao (兰考), for demonstration and benchmarking — replace
with the survey data (第三次全国国土调查, 三调, whose parcel layer is not public).

Parcels tile Lankao's boundary: Voronoi cells of a jittered grid (fixed seed), clipped to the
county (geodata/boundaries.geojson, adcode 410225). Each parcel gets one of the survey's
first-level classes, following the real geography where the bundled data allows:

- water (水域及水利设施用地) and wetland (湿地) along the Yellow River (geodata/plan/yellow_river.geojson),
  forest shelter belts and grassland on its floodplain;
- built-up land (城镇村及工矿用地) around the county seat and the towns of geodata/places.geojson
  and ../shared/data/reference/geonames_cities500_area.geojson, plus seeded villages;
- transport land (交通运输用地) along the existing lines of geodata/plan/transport.geojson;
- cultivated land (耕地) elsewhere, with orchards, woods, grass, ponds and other land mixed in.

Derived from the parcels (also synthetic):
- farmland.geojson   永久基本农田: cultivated parcels away from towns and the river, dissolved in
                     2 km blocks, 85 % of the blocks kept (seeded);
- redline.geojson    生态保护红线: water, wetland and forest within 3 km of the river, dissolved,
                     pieces of at least 0.2 km² kept;
- townships.geojson  8 synthetic township-like zones tiling Lankao (Voronoi of the towns).

Properties follow the survey's parcel layer (DLTB): DLBM (class code), DLMC (class name).
Class codes are the 三调 first-level codes: 00 湿地, 01 耕地, 02 园地 (种植园用地), 03 林地,
04 草地, 10 交通运输用地, 11 水域及水利设施用地, 12 其他土地, 20 城镇村及工矿用地.

Usage (bench/.venv or any Python with shapely 2, pyproj, numpy):
  scripts/geodata/build_landuse.py                       # geodata/landuse/, 50,000 parcels (committed)
  scripts/geodata/build_landuse.py --parcels 1000000 --out bench/.cache/landuse-1e6 --parcels-only
Same arguments, same bytes. The plan layers the classes follow (the river, the existing transport
lines, the gazetteer's towns) are read as they were at commit PLAN_LAYERS_COMMIT (3fc90d3), from
which the committed files were made: the plan's lines and towns have moved since (with today's
layers about 680 of the 50,837 parcels change class), and tests and benchmarks pin numbers computed
from these parcels. `--plan-commit working-tree` reads the layers as they are now. Needs git and the
repository's history for the default.
"""
import argparse
import json
import math
import os
import subprocess

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import MultiPoint, Point, box, mapping, shape

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GEO = os.path.join(ROOT, "geodata")
REFERENCE = os.path.join(ROOT, "..", "shared", "data", "reference")
SEED = 20211213  # the plan's date; fixed so that the same arguments give the same bytes
# The plan layers the committed land use was made from (see the module doc).
PLAN_LAYERS_COMMIT = "3fc90d3"
NOTE = "synthetic, for demonstration and benchmarking — replace with the survey data"

CLASSES = {
    "00": "湿地", "01": "耕地", "02": "园地", "03": "林地", "04": "草地",
    "10": "交通运输用地", "11": "水域及水利设施用地", "12": "其他土地", "20": "城镇村及工矿用地",
}


def read(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def read_plan_layer(relative, commit):
    """A file of geodata/ as it was at `commit` (git show), or as it is now for "working-tree"."""
    if commit == "working-tree":
        return read(os.path.join(GEO, relative))
    r = subprocess.run(["git", "-C", ROOT, "show", f"{commit}:geodata/{relative}"], capture_output=True)
    if r.returncode != 0:
        raise SystemExit(f"build_landuse.py: cannot read geodata/{relative} at commit {commit} "
                         f"({r.stderr.decode(errors='replace').strip()}); a full clone is needed, or --plan-commit working-tree")
    return json.loads(r.stdout.decode("utf-8"))


def ring_text(coords):
    return "[" + ",".join(f"[{x:.6f},{y:.6f}]".replace(".000000", "") for x, y in coords) + "]"


def geometry_text(g):
    if g.geom_type == "Polygon":
        return '{"type":"Polygon","coordinates":[' + ",".join(ring_text(r.coords) for r in [g.exterior, *g.interiors]) + "]}"
    parts = ",".join("[" + ",".join(ring_text(r.coords) for r in [p.exterior, *p.interiors]) + "]" for p in g.geoms)
    return '{"type":"MultiPolygon","coordinates":[' + parts + "]}"


def write(path, name, features):
    """features: (id, properties dict, shapely geometry). One feature a line, 6 decimals."""
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write('{"type":"FeatureCollection","name":' + json.dumps(name, ensure_ascii=False)
                + ',"note":' + json.dumps(NOTE, ensure_ascii=False) + ',"features":[\n')
        for k, (fid, props, g) in enumerate(features):
            f.write('{"type":"Feature","id":' + json.dumps(fid, ensure_ascii=False) + ',"properties":'
                    + json.dumps(props, ensure_ascii=False, separators=(",", ":")) + ',"geometry":'
                    + geometry_text(g) + "}" + (",\n" if k + 1 < len(features) else "\n"))
        f.write("]}\n")
    print(f"wrote {os.path.relpath(path, ROOT)} ({len(features)} features, {os.path.getsize(path) / 2**20:.1f} MiB)")


def polygons(g):
    """Only the polygonal parts of an overlay result, as one Polygon or MultiPolygon (or None)."""
    parts = [p for p in shapely.get_parts(g) if p.geom_type == "Polygon" and not p.is_empty]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else shapely.MultiPolygon(parts)


def rounded(g):
    """6 decimals (≈ 0.1 m), as written; shared Voronoi vertices round alike, so the tiling stays."""
    return shapely.set_precision(g, 1e-6, mode="pointwise")


def lankao():
    for f in read(os.path.join(GEO, "boundaries.geojson"))["features"]:
        if f["properties"]["adcode"] == 410225:
            return rounded(shape(f["geometry"]))
    raise SystemExit("Lankao (410225) not in geodata/boundaries.geojson")


def parcels(county, n, rng):
    """Voronoi cells of a jittered grid with about n cells inside the county, clipped to it."""
    minx, miny, maxx, maxy = county.bounds
    lat = (miny + maxy) / 2
    k = math.cos(math.radians(lat))  # degrees of longitude are shorter: square cells on the ground
    step = math.sqrt(county.area * k / n)
    dx, dy = step / k, step
    xs = np.arange(minx - dx, maxx + dx, dx)
    ys = np.arange(miny - dy, maxy + dy, dy)
    gx, gy = np.meshgrid(xs, ys)
    gx = gx.ravel() + rng.uniform(-0.35, 0.35, gx.size) * dx
    gy = gy.ravel() + rng.uniform(-0.35, 0.35, gy.size) * dy
    points = shapely.points(gx, gy)
    shapely.prepare(county)
    keep = shapely.intersects(county.buffer(2 * step), points)
    points = points[keep]
    cells = shapely.get_parts(shapely.voronoi_polygons(shapely.MultiPoint(points), extend_to=box(minx - 3 * dx, miny - 3 * dy, maxx + 3 * dx, maxy + 3 * dy)))
    cells = rounded(cells)
    # Order cells north-west to south-east so that the file reads like a map.
    c = shapely.centroid(cells)
    order = np.lexsort((shapely.get_x(c), -np.round(shapely.get_y(c) / dy)))
    cells = cells[order]
    inside = shapely.contains_properly(county, cells)
    out = []
    for cell, whole in zip(cells, inside):
        if whole:
            out.append(cell)
            continue
        if not shapely.intersects(county, cell):
            continue
        piece = polygons(rounded(shapely.intersection(cell, county)))
        if piece is not None and piece.area > 0:
            out.append(piece)
    return np.array(out, dtype=object), step


def lines(features, statuses=("existing",)):
    return [shape(f["geometry"]) for f in features if f["geometry"]["type"] in ("LineString", "MultiLineString")
            and f["properties"].get("status", "existing") in statuses]


def classify(cells, county, rng, step_m, plan_commit):
    to_m = Transformer.from_crs("EPSG:4326", "EPSG:4547", always_xy=True)

    def metric(g):
        return shapely.transform(g, lambda xy: np.column_stack(to_m.transform(xy[:, 0], xy[:, 1])))

    centres = metric(shapely.point_on_surface(cells))
    river = metric(shapely.union_all(lines(read_plan_layer("plan/yellow_river.geojson", plan_commit)["features"])))
    transport = metric(shapely.union_all(lines(read_plan_layer("plan/transport.geojson", plan_commit)["features"])))
    d_river = shapely.distance(centres, river)
    d_transport = shapely.distance(centres, transport)

    # Towns: the county seat (radius of its built-up area, metres), towns and villages of the gazetteer,
    # GeoNames towns inside the county, and seeded villages (a 三调 map of Lankao is dotted with them).
    towns = []
    for f in read_plan_layer("places.geojson", plan_commit)["features"]:
        kind = f["properties"]["kind"]
        radius = {"county_seat": 4200, "town": 1300, "village": 500}.get(kind)
        if radius and county.contains(shape(f["geometry"])):
            towns.append((shape(f["geometry"]), radius))
    geonames = os.path.join(REFERENCE, "geonames_cities500_area.geojson")
    if os.path.exists(geonames):
        for f in read(geonames)["features"]:
            p = shape(f["geometry"])
            if county.contains(p) and all(p.distance(t) > 0.02 for t, _ in towns):
                towns.append((p, 1000))
    minx, miny, maxx, maxy = county.bounds
    villages = 0
    while villages < 420:
        p = Point(rng.uniform(minx, maxx), rng.uniform(miny, maxy))
        if county.contains(p):
            towns.append((p, float(rng.uniform(180, 420))))
            villages += 1
    built = np.zeros(len(cells))
    for p, radius in towns:
        d = shapely.distance(centres, metric(p))
        built = np.maximum(built, np.exp(-((d / radius) ** 4)))

    u = rng.uniform(size=len(cells))
    v = rng.uniform(size=len(cells))
    codes = np.full(len(cells), "01", dtype=object)
    # Elsewhere: cultivated, with orchards, woods, grass, ponds and canals, other land mixed in.
    codes[v < 0.05] = "02"
    codes[(v >= 0.05) & (v < 0.11)] = "03"
    codes[(v >= 0.11) & (v < 0.13)] = "04"
    codes[(v >= 0.13) & (v < 0.155)] = "11"
    codes[(v >= 0.155) & (v < 0.18)] = "12"
    codes[v >= 0.18] = "01"
    # Floodplain: wetland, woods and grass within 3.5 km of the river, water on it.
    plain = (d_river >= 700) & (d_river < 3500)
    codes[plain & (v < 0.30)] = "00"
    codes[plain & (v >= 0.30) & (v < 0.45)] = "03"
    codes[plain & (v >= 0.45) & (v < 0.55)] = "04"
    codes[d_river < 700] = "11"
    codes[(d_river >= 700) & (d_river < 1100) & (v < 0.6)] = "00"
    codes[(u < built) & (d_river >= 700)] = "20"
    codes[(d_transport < max(45.0, 0.4 * step_m)) & (u < 0.9)] = "10"
    return codes, d_river, built


def blocks(cells, mask, size_deg, rng, keep_share, min_area_deg2=0.0):
    """Dissolves the masked cells in blocks of size_deg; keeps a seeded share of the blocks."""
    c = shapely.centroid(cells[mask])
    key = np.floor(shapely.get_x(c) / size_deg).astype(int) * 100000 + np.floor(shapely.get_y(c) / size_deg).astype(int)
    out = []
    chosen = cells[mask]
    for k in np.unique(key):
        if rng.uniform() >= keep_share:
            continue
        merged = polygons(rounded(shapely.union_all(chosen[key == k])))
        if merged is None:
            continue
        for part in shapely.get_parts(merged):
            if part.area > min_area_deg2:
                out.append(part)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--parcels", type=int, default=50000, help="about how many parcels (default 50,000)")
    ap.add_argument("--out", default=os.path.join(GEO, "landuse"), help="output folder (default geodata/landuse)")
    ap.add_argument("--parcels-only", action="store_true", help="write parcels.geojson only (benchmark layers)")
    ap.add_argument("--plan-commit", default=PLAN_LAYERS_COMMIT,
                    help=f"read the river, transport and places layers as at this commit (default {PLAN_LAYERS_COMMIT}, "
                         "which made the committed files), or 'working-tree'")
    a = ap.parse_args()
    rng = np.random.default_rng(SEED + a.parcels)
    county = lankao()
    cells, step = parcels(county, a.parcels, rng)
    codes, d_river, built = classify(cells, county, rng, step * 111_000, a.plan_commit)
    write(os.path.join(a.out, "parcels.geojson"), "兰考县地类图斑（合成）· Lankao land-use parcels (synthetic)",
          [(f"tb-{k + 1:07d}", {"DLBM": code, "DLMC": CLASSES[code], "synthetic": True}, g) for k, (g, code) in enumerate(zip(cells, codes))])
    if a.parcels_only:
        return
    farm_mask = (codes == "01") & (built < 0.01) & (d_river > 3500)
    farm = blocks(cells, farm_mask, 0.02, rng, 0.85, min_area_deg2=2e-6)
    write(os.path.join(a.out, "farmland.geojson"), "永久基本农田（合成）· permanent basic farmland (synthetic)",
          [(f"jbnt-{k + 1:04d}", {"name": f"合成基本农田块 {k + 1:04d}", "kind": "permanent_basic_farmland", "synthetic": True}, g) for k, g in enumerate(farm)])
    red_mask = np.isin(codes, ["00", "03", "11"]) & (d_river < 3000)
    red = blocks(cells, red_mask, 10.0, rng, 1.0, min_area_deg2=2e-5)
    write(os.path.join(a.out, "redline.geojson"), "生态保护红线（合成）· ecological protection red line (synthetic)",
          [(f"sthx-{k + 1:03d}", {"name": f"合成生态红线块 {k + 1:03d}", "kind": "ecological_red_line", "synthetic": True}, g) for k, g in enumerate(red)])
    # Township-like zones: Voronoi of the town points, clipped to the county. Current names (城关镇 and
    # 城关乡 were abolished in 2015; the county seat is 兰阳、惠安、桐乡 街道); seeds at the gazetteer's
    # points (兰考县城, 东坝头, 堌阳, 考城) or where the towns are reasoned to be: 红庙 east of the county
    # seat and 谷营 north of it by the levee (the order of the 2021 沿黄高速 siting notice), 南彰 south-east,
    # 三义寨 west by the river. Not their real seats or boundaries.
    seeds = [(114.816, 34.827, "兰阳街道"), (114.792, 34.893, "东坝头镇"), (114.965, 34.95, "堌阳镇"), (115.10, 34.83, "考城镇"),
             (114.905, 34.835, "红庙镇"), (114.90, 34.78, "南彰镇"), (114.87, 34.94, "谷营镇"), (114.72, 34.90, "三义寨乡")]
    cells8 = shapely.get_parts(shapely.voronoi_polygons(MultiPoint([Point(x, y) for x, y, _ in seeds]), extend_to=county.envelope.buffer(0.5)))
    zones = []
    for x, y, name in seeds:
        cell = next(c for c in cells8 if c.contains(Point(x, y)))
        zones.append((f"xz-{len(zones) + 1}", {"name": f"{name}（示意）", "kind": "township_synthetic", "synthetic": True}, polygons(rounded(cell.intersection(county)))))
    write(os.path.join(a.out, "townships.geojson"), "乡镇示意分区（合成）· township-like zones (synthetic)", zones)


if __name__ == "__main__":
    main()
