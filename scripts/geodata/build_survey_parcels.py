#!/usr/bin/env python3
"""SYNTHETIC survey-shaped land-use parcels for Lankao (兰考), for benchmarking — not survey data.

`build_landuse.py` makes Voronoi cells: convex, 5–8 vertices. Real parcels of the Third National
Land Survey (第三次全国国土调查, 三调, layer DLTB) are not like that: their boundaries follow
field edges, ditches and village walls, so they are non-convex with dozens to hundreds of
vertices, some have holes (a pond or a homestead inside a field) and some are several parts.
This generator makes a coverage with those properties:

- a jittered grid of corners in metres (EPSG:4547, CGCS2000 / 3-degree Gauss-Kruger CM 114E)
  over Lankao (geodata/boundaries.geojson, adcode 410225); a cell is kept when its centre lies in
  the county, so the outline is a staircase and nothing is clipped;
- every edge between two corners is replaced once by a fractal polyline (midpoint displacement,
  4 to 32 segments) that both cells on it use, one forwards and one backwards, and that is
  projected to longitude/latitude once: shared edges match exactly, vertex for vertex;
- every parcel has 20–200 vertices and is non-convex; about 2 % of the cells hold an island
  parcel (a pond 坑塘水面 or a homestead 农村宅基地) that is a hole in them, about 1 % of the
  parcels are two cells two apart in a row (MultiPolygon);
- properties as in DLTB: BSM (标识码), DLBM (三调 class code, second level), DLMC (class
  name), KCXS (扣除系数, the deduction coefficient for field ridges, on cultivated land only;
  the values here are made up), and `synthetic: true`.

Every cell is checked with GEOS (shapely.is_valid) after rounding to 7 decimals (about 1 cm);
a cell that fails gets straight edges (the same vertices without displacement, and its
neighbours with it), so the output is a valid coverage.

Usage (bench/.venv or any Python with shapely 2, pyproj, numpy):
  scripts/geodata/build_survey_parcels.py --parcels 100000 --out bench/.cache/survey-1e5
Same arguments, same bytes.
"""
import argparse
import json
import os

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import shape

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SEED = 20211213
NOTE = "synthetic survey-shaped parcels, for benchmarking — not survey data"

# 三调 second-level classes (GB/T 21010-2017 and the 三调 work classification) drawn here, with a
# weight for the open land and the classes used near villages and for islands.
OPEN = [("0103", "旱地", 0.34), ("0102", "水浇地", 0.30), ("0101", "水田", 0.02), ("0201", "果园", 0.04),
        ("0301", "乔木林地", 0.05), ("0307", "其他林地", 0.02), ("0404", "其他草地", 0.02), ("1006", "农村道路", 0.06),
        ("1107", "沟渠", 0.05), ("1104", "坑塘水面", 0.02), ("1202", "设施农用地", 0.02), ("1206", "裸土地", 0.01),
        ("1003", "公路用地", 0.02), ("0601", "工业用地", 0.01), ("0702", "农村宅基地", 0.02)]
VILLAGE = [("203", "村庄", 0.55), ("0702", "农村宅基地", 0.30), ("1004", "城镇村道路用地", 0.08), ("0810", "公园与绿地", 0.07)]
CULTIVATED = {"0101", "0102", "0103"}


def lankao_metres():
    with open(os.path.join(ROOT, "geodata", "boundaries.geojson"), encoding="utf-8") as f:
        for feat in json.load(f)["features"]:
            if feat["properties"]["adcode"] == 410225:
                to_m = Transformer.from_crs("EPSG:4326", "EPSG:4547", always_xy=True)
                g = shape(feat["geometry"])
                return shapely.transform(g, lambda xy: np.column_stack(to_m.transform(xy[:, 0], xy[:, 1])))
    raise SystemExit("Lankao (410225) not in geodata/boundaries.geojson")


def fractal(a, b, levels, rng, rough):
    """Midpoint displacement between the rows of a and b (E×2 each), 2**levels segments;
    rough=False gives the same number of points on the straight line."""
    pts = np.stack([a, b], axis=1)  # E×2×2
    h = 0.13
    for _ in range(levels):
        p, q = pts[:, :-1, :], pts[:, 1:, :]
        mid = (p + q) / 2
        d = q - p
        normal = np.stack([-d[..., 1], d[..., 0]], axis=-1)
        if rough:
            mid = mid + normal * (h * np.clip(rng.standard_normal(mid.shape[:2]), -1.5, 1.5))[..., None]
        out = np.empty((pts.shape[0], pts.shape[1] * 2 - 1, 2))
        out[:, 0::2, :] = pts
        out[:, 1::2, :] = mid
        pts = out
        h *= 0.7
    return pts


def position_text(lon, lat):
    """Fixed-width text '[lll.ddddddd,LL.ddddddd],' for each position (24 bytes and a comma), built in numpy."""
    assert lon.min() >= 100 and lon.max() < 180 and lat.min() >= 10 and lat.max() < 90
    li = np.rint(lon * 1e7).astype(np.int64)
    ai = np.rint(lat * 1e7).astype(np.int64)
    out = np.empty((len(li), 25), dtype=np.uint8)
    out[:, 0] = ord("[")
    for k in range(3):
        out[:, 1 + k] = 48 + (li // 10 ** (9 - k)) % 10
    out[:, 4] = ord(".")
    for k in range(7):
        out[:, 5 + k] = 48 + (li // 10 ** (6 - k)) % 10
    out[:, 12] = ord(",")
    for k in range(2):
        out[:, 13 + k] = 48 + (ai // 10 ** (8 - k)) % 10
    out[:, 15] = ord(".")
    for k in range(7):
        out[:, 16 + k] = 48 + (ai // 10 ** (6 - k)) % 10
    out[:, 23] = ord("]")
    out[:, 24] = ord(",")
    return out, li, ai


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--parcels", type=int, default=100000, help="about how many parcels (default 100,000)")
    ap.add_argument("--out", required=True, help="output folder (parcels.geojson is written into it)")
    a = ap.parse_args()
    rng = np.random.default_rng(SEED + a.parcels)
    county = lankao_metres()
    shapely.prepare(county)
    minx, miny, maxx, maxy = county.bounds
    s = float(np.sqrt(county.area / a.parcels))
    nx, ny = int((maxx - minx) / s) + 2, int((maxy - miny) / s) + 2
    # Corners (nx+1)×(ny+1), jittered by up to 0.2 cell.
    cx = minx - s / 2 + np.arange(nx + 1)[:, None] * s + rng.uniform(-0.2, 0.2, (nx + 1, ny + 1)) * s
    cy = miny - s / 2 + np.arange(ny + 1)[None, :] * s + rng.uniform(-0.2, 0.2, (nx + 1, ny + 1)) * s
    centre_x = (cx[:-1, :-1] + cx[1:, :-1] + cx[1:, 1:] + cx[:-1, 1:]) / 4
    centre_y = (cy[:-1, :-1] + cy[1:, :-1] + cy[1:, 1:] + cy[:-1, 1:]) / 4
    keep = shapely.contains_xy(county, centre_x.ravel(), centre_y.ravel()).reshape(nx, ny)
    ci, cj = np.nonzero(keep)  # kept cells, x-major
    ncell = len(ci)
    # Edges: horizontal H(i,j) from corner (i,j) to (i+1,j), vertical V(i,j) from (i,j) to (i,j+1).
    hid = -np.ones((nx, ny + 1), dtype=np.int64)
    vid = -np.ones((nx + 1, ny), dtype=np.int64)
    for cells_i, cells_j in ((ci, cj), (ci, cj + 1)):
        hid[cells_i, cells_j] = 0
    for cells_i, cells_j in ((ci, cj), (ci + 1, cj)):
        vid[cells_i, cells_j] = 0
    hi, hj = np.nonzero(hid >= 0)
    vi, vj = np.nonzero(vid >= 0)
    hid[hi, hj] = np.arange(len(hi))
    vid[vi, vj] = len(hi) + np.arange(len(vi))
    start = np.concatenate([np.column_stack([cx[hi, hj], cy[hi, hj]]), np.column_stack([cx[vi, vj], cy[vi, vj]])])
    end = np.concatenate([np.column_stack([cx[hi + 1, hj], cy[hi + 1, hj]]), np.column_stack([cx[vi, vj + 1], cy[vi, vj + 1]])])
    nedge = len(start)
    level = rng.choice([2, 3, 4, 5], size=nedge, p=[0.3, 0.42, 0.2, 0.08])
    # Each cell's four edges in counter-clockwise order: bottom, right, top (backwards), left (backwards).
    cell_edges = np.column_stack([hid[ci, cj], vid[ci + 1, cj], hid[ci, cj + 1], vid[ci, cj]])
    # At least 20 vertices a parcel: a cell short of it gets at least 8 segments on every edge.
    short = (2 ** level[cell_edges]).sum(axis=1) < 20
    e = cell_edges[short].ravel()
    level[e] = np.maximum(level[e], 3)
    # Islands (holes) in about 2 % of the cells, multi-part parcels: cells (i, j) and (i + 2, j), i % 4 == 0, about 1 %.
    island = rng.uniform(size=ncell) < 0.02
    index_of = -np.ones((nx, ny), dtype=np.int64)
    index_of[ci, cj] = np.arange(ncell)
    partner = -np.ones(ncell, dtype=np.int64)
    cand = np.nonzero((ci % 4 == 0) & (ci + 2 < nx) & (rng.uniform(size=ncell) < 0.04))[0]
    cand = cand[index_of[ci[cand] + 2, cj[cand]] >= 0]
    partner[cand] = index_of[ci[cand] + 2, cj[cand]]
    partner[cand] = np.where(island[cand] | island[partner[cand]], -1, partner[cand])
    is_second = np.zeros(ncell, dtype=bool)
    is_second[partner[partner >= 0]] = True

    to_deg = Transformer.from_crs("EPSG:4547", "EPSG:4326", always_xy=True)
    # Edge polylines (rough and straight, drawn once so that straightening one edge changes no other).
    offsets = np.zeros(nedge + 1, dtype=np.int64)
    offsets[1:] = np.cumsum(2 ** level + 1)
    rough_pts = np.empty((offsets[-1], 2))
    straight_pts = np.empty((offsets[-1], 2))
    edge_rng = np.random.default_rng(SEED + 7 * a.parcels)
    for lv in (2, 3, 4, 5):
        sel = np.nonzero(level == lv)[0]
        idx = (offsets[sel][:, None] + np.arange(2 ** lv + 1)[None, :]).ravel()
        rough_pts[idx] = fractal(start[sel], end[sel], lv, edge_rng, True).reshape(-1, 2)
        straight_pts[idx] = fractal(start[sel], end[sel], lv, edge_rng, False).reshape(-1, 2)
    edge_of_row = np.repeat(np.arange(nedge), 2 ** level + 1)
    # Islands: a fractal blob round the cell's centre, 24-48 vertices, radius 0.12 cell.
    isl = np.nonzero(island)[0]
    irng = np.random.default_rng(SEED + 11 * a.parcels)
    island_rings = []
    for c in isl:
        nv = int(irng.integers(24, 49))
        t = np.linspace(0, 2 * np.pi, nv, endpoint=False)
        r = 0.12 * s * (1 + 0.25 * np.sin(3 * t + irng.uniform(0, 6)) + 0.08 * irng.standard_normal(nv).clip(-1.5, 1.5))
        ilon, ilat = to_deg.transform(centre_x[ci[c], cj[c]] + r * np.cos(t), centre_y[ci[c], cj[c]] + r * np.sin(t))
        island_rings.append(position_text(np.asarray(ilon), np.asarray(ilat)))
    island_ring_of = {c: k for k, c in enumerate(isl)}
    rough = np.ones(nedge, dtype=bool)
    bad_cells = np.zeros(ncell, dtype=bool)
    for attempt in range(3):
        pts = np.where(rough[edge_of_row][:, None], rough_pts, straight_pts)
        lon, lat = to_deg.transform(pts[:, 0], pts[:, 1])
        text, li, ai = position_text(np.asarray(lon), np.asarray(lat))

        def ring_rows(c):
            """Row indexes into `text` of cell c's exterior, counter-clockwise, closed."""
            parts = []
            for k, (eid, forward) in enumerate(zip(cell_edges[c], (True, True, False, False))):
                r = np.arange(offsets[eid], offsets[eid + 1])
                parts.append(r[:-1] if forward else r[::-1][:-1])
            rows = np.concatenate(parts)
            return np.append(rows, rows[0])

        def ring_coords(rows_or_island, hole=False):
            if isinstance(rows_or_island, tuple):
                _, il, ia = rows_or_island
                x, y = il / 1e7, ia / 1e7
                x, y = np.append(x, x[0]), np.append(y, y[0])
                return np.column_stack([x[::-1], y[::-1]]) if hole else np.column_stack([x, y])
            return np.column_stack([li[rows_or_island] / 1e7, ai[rows_or_island] / 1e7])

        # Validity of every cell as written (7 decimals).
        polys = []
        for c in range(ncell):
            shell = ring_coords(ring_rows(c))
            holes = [ring_coords(island_rings[island_ring_of[c]], hole=True)] if island[c] else []
            polys.append(shapely.Polygon(shell, holes))
        valid = shapely.is_valid(np.array(polys, dtype=object))
        bad = ~valid
        print(f"attempt {attempt + 1}: {bad.sum()} of {ncell} cells invalid as written")
        if not bad.any():
            break
        bad_cells |= bad
        rough[cell_edges[bad].ravel()] = False
        island[bad] = False
    else:
        raise SystemExit("cells still invalid after straightening their edges")

    # Classes: villages as blobs of built-up cells round seeded centres, open land elsewhere.
    crng = np.random.default_rng(SEED + 17 * a.parcels)
    nvill = max(5, int(420 * min(1.0, county.area / 1.1e9)))
    vx = crng.uniform(minx, maxx, nvill)
    vy = crng.uniform(miny, maxy, nvill)
    vr = crng.uniform(180, 420, nvill)
    cxs, cys = centre_x[ci, cj], centre_y[ci, cj]
    near = np.zeros(ncell, dtype=bool)
    for x, y, r in zip(vx, vy, vr):
        near |= (cxs - x) ** 2 + (cys - y) ** 2 < r * r

    def draw(table, n):
        w = np.array([p for _, _, p in table])
        k = crng.choice(len(table), size=n, p=w / w.sum())
        return np.array([table[i][0] for i in k], dtype=object)

    codes = draw(OPEN, ncell)
    codes[near] = draw(VILLAGE, int(near.sum()))
    names = {c: n for c, n, _ in OPEN + VILLAGE}
    island_codes = np.where(crng.uniform(size=ncell) < 0.6, "1104", "0702")
    kcxs_values = np.array([0.0, 0.017, 0.021, 0.035])
    kcxs = kcxs_values[crng.integers(0, len(kcxs_values), size=ncell)]

    # Order: north to south, west to east (cj descending, ci ascending).
    order = np.lexsort((ci, -cj))
    path = os.path.join(a.out, "parcels.geojson")
    os.makedirs(a.out, exist_ok=True)
    nfeat = 0
    nverts = []
    with open(path, "wb") as f:
        head = {"type": "FeatureCollection", "name": "兰考县地类图斑（合成，调查形状）· Lankao survey-shaped parcels (synthetic)", "note": NOTE}
        f.write(json.dumps(head, ensure_ascii=False)[:-1].encode() + b',"features":[\n')
        first = True

        def ring_text(rows_or_island, hole=False):
            if isinstance(rows_or_island, tuple):
                t = rows_or_island[0]
                rows = np.arange(len(t))
                rows = np.append(rows, 0)
                if hole:
                    rows = rows[::-1]
                b = t[rows].tobytes()
                return b"[" + b[:-1] + b"]", len(rows)
            b = text[rows_or_island].tobytes()
            return b"[" + b[:-1] + b"]", len(rows_or_island)

        def feature(props, polygons):
            nonlocal first, nfeat
            parts = []
            count = 0
            for rings in polygons:
                texts = []
                for r in rings:
                    t, n = ring_text(*r)
                    texts.append(t)
                    count += n
                parts.append(b"[" + b",".join(texts) + b"]")
            if len(parts) == 1:
                geom = b'{"type":"Polygon","coordinates":' + parts[0] + b"}"
            else:
                geom = b'{"type":"MultiPolygon","coordinates":[' + b",".join(parts) + b"]}"
            f.write((b"" if first else b",\n") + b'{"type":"Feature","properties":'
                    + json.dumps(props, ensure_ascii=False, separators=(",", ":")).encode() + b',"geometry":' + geom + b"}")
            first = False
            nfeat += 1
            nverts.append(count)

        for c in order:
            if is_second[c]:
                continue
            polys = [[(ring_rows(c),)] + ([(island_rings[island_ring_of[c]], True)] if island[c] else [])]
            if partner[c] >= 0:
                polys.append([(ring_rows(partner[c]),)])
            code = codes[c]
            props = {"BSM": f"41022521{nfeat + 1:010d}", "DLBM": code, "DLMC": names[code],
                     "KCXS": float(kcxs[c]) if code in CULTIVATED else 0, "synthetic": True}
            feature(props, polys)
            if island[c]:
                code = island_codes[c]
                feature({"BSM": f"41022521{nfeat + 1:010d}", "DLBM": code, "DLMC": names.get(code, "坑塘水面"),
                         "KCXS": 0, "synthetic": True}, [[(island_rings[island_ring_of[c]],)]])
        f.write(b"\n]}\n")
    nverts = np.array(nverts)
    print(f"wrote {os.path.relpath(path)}: {nfeat} parcels ({int(island.sum())} with a hole, {int((partner >= 0).sum())} multi-part), "
          f"vertices {nverts.min()}–{nverts.max()} (median {int(np.median(nverts))}), {int(bad_cells.sum())} cells straightened, "
          f"{os.path.getsize(path) / 2**20:.1f} MiB")


if __name__ == "__main__":
    main()
