#!/usr/bin/env python3
"""Independent oracle for `tongcheng tabulate` and `tongcheng conform` (issue 12).

Writes the small fixtures in Tests/Fixtures/landuse/ (seeded, same bytes every run) and computes
the expected results with Shapely 2 (GEOS overlay) and pyproj (Geod, Karney's geodesic area),
written to Tests/Fixtures/landuse/expected.json, which the Swift tests read.

The method is the one tongcheng documents: zone (and plan) edges longer than 50 m are cut into
equal parts along the geodesic (pyproj Geod.npts), the overlay runs in longitude/latitude, and
areas are geodesic on WGS 84 (Geod.geometry_area_perimeter). Conflicts of 1e-4 m² or less are
touching slivers, not conflicts.

Usage: bench/.venv/bin/python scripts/oracle/landuse_oracle.py
"""
import json
import math
import os
import random

import shapely
from pyproj import Geod
from shapely.geometry import Polygon, mapping, shape

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "Tests", "Fixtures", "landuse")
GEOD = Geod(ellps="WGS84")
EDGE_M = 50.0
CLASSES = ["耕地", "林地", "城镇村及工矿用地", "水域及水利设施用地", "园地"]


def area(g):
    return abs(GEOD.geometry_area_perimeter(g)[0]) if not g.is_empty else 0.0


def densify_ring(coords):
    out = [coords[0]]
    for (x1, y1), (x2, y2) in zip(coords[:-1], coords[1:]):
        _, _, s12 = GEOD.inv(x1, y1, x2, y2)
        n = math.ceil(s12 / EDGE_M)
        if n > 1:
            out += GEOD.npts(x1, y1, x2, y2, n - 1)
        out.append((x2, y2))
    return out


def densify(g):
    if g.geom_type == "Polygon":
        return Polygon(densify_ring(list(g.exterior.coords)), [densify_ring(list(r.coords)) for r in g.interiors])
    return shapely.MultiPolygon([densify(p) for p in g.geoms])


def polygonal(g):
    parts = [p for p in shapely.get_parts(g) if p.geom_type == "Polygon" and not p.is_empty]
    return shapely.MultiPolygon(parts) if len(parts) != 1 else parts[0] if parts else Polygon()


def write(name, features, note=None):
    fc = {"type": "FeatureCollection", "features": features}
    if note:
        fc["note"] = note
    with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
        f.write(json.dumps(fc, ensure_ascii=False, separators=(",", ":")) + "\n")


def r6(p):
    return [round(p[0], 7), round(p[1], 7)]


def make_parcels(rng):
    """A 6×5 grid of quadrilaterals with jittered shared corners tiling 114.80–114.86 E,
    34.80–34.85 N; the outer edges carry a vertex every ~25 m (straight), shared with zone C.
    One parcel has a hole filled by a wetland parcel; one parcel has no class field."""
    nx, ny = 6, 5
    x0, y0, dx, dy = 114.80, 34.80, 0.01, 0.01
    corner = {}
    for i in range(nx + 1):
        for j in range(ny + 1):
            jx = 0 if i in (0, nx) else rng.uniform(-0.2, 0.2) * dx
            jy = 0 if j in (0, ny) else rng.uniform(-0.2, 0.2) * dy
            corner[i, j] = (x0 + i * dx + jx, y0 + j * dy + jy)

    def side(a, b, outer):
        if not outer:
            return [a, b]
        n = 40  # ~25 m steps on a ~1 km edge
        return [(a[0] + (b[0] - a[0]) * k / n, a[1] + (b[1] - a[1]) * k / n) for k in range(n + 1)]

    parcels = []
    for j in range(ny):
        for i in range(nx):
            a, b, c, d = corner[i, j], corner[i + 1, j], corner[i + 1, j + 1], corner[i, j + 1]
            ring = side(a, b, j == 0)[:-1] + side(b, c, i + 1 == nx)[:-1] + side(c, d, j + 1 == ny)[:-1] + side(d, a, i == 0)
            ring = [tuple(r6(p)) for p in ring]
            ring[-1] = ring[0]
            holes = []
            props = {"DLMC": rng.choice(CLASSES), "DLBM": None}
            if (i, j) == (2, 2):
                cx, cy = (a[0] + c[0]) / 2, (a[1] + c[1]) / 2
                hole = [(cx - 0.0012, cy - 0.0012), (cx + 0.0012, cy - 0.0012), (cx + 0.0012, cy + 0.0012), (cx - 0.0012, cy + 0.0012), (cx - 0.0012, cy - 0.0012)]
                hole = [tuple(r6(p)) for p in hole]
                holes = [hole[::-1]]
                parcels.append(({"DLMC": "湿地", "DLBM": "00"}, Polygon(hole)))
            if (i, j) == (4, 1):
                props = {"DLBM": "12"}  # no DLMC: counted as class null
            parcels.append((props, Polygon(ring, holes)))
    outline = []
    for i in range(nx):
        outline += side(corner[i, 0], corner[i + 1, 0], True)[:-1]
    for j in range(ny):
        outline += side(corner[nx, j], corner[nx, j + 1], True)[:-1]
    for i in range(nx, 0, -1):
        outline += side(corner[i, ny], corner[i - 1, ny], True)[:-1]
    for j in range(ny, 0, -1):
        outline += side(corner[0, j], corner[0, j - 1], True)[:-1]
    outline = [tuple(r6(p)) for p in outline]
    return parcels, Polygon(outline + [outline[0]])


def feature(fid, props, g):
    return {"type": "Feature", "id": fid, "properties": props, "geometry": mapping(g)}


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = random.Random(12)
    parcels, c = make_parcels(rng)
    for props, g in parcels:
        props.pop("DLBM", None) if props.get("DLBM") is None else None
    write("parcels.geojson", [feature(f"p{k}", props, g) for k, (props, g) in enumerate(parcels)],
          note="test fixture, synthetic; written by scripts/oracle/landuse_oracle.py")

    # Zones: A long-edged pentagon with a hole, inside the grid (parcels tile it, cut at its edges);
    # B overlaps A and reaches east beyond the grid; C is the grid's outline (the parcels' own outer
    # edges); D lies far away (no parcel meets it).
    a = Polygon([(114.808, 34.806), (114.851, 34.809), (114.856, 34.838), (114.829, 34.846), (114.804, 34.832), (114.808, 34.806)],
                [[(114.825, 34.820), (114.825, 34.830), (114.838, 34.830), (114.838, 34.820), (114.825, 34.820)]])
    b = Polygon([(114.840, 34.815), (114.875, 34.815), (114.875, 34.842), (114.840, 34.842), (114.840, 34.815)])
    d = Polygon([(115.5, 35.5), (115.51, 35.5), (115.51, 35.51), (115.5, 35.51), (115.5, 35.5)])
    zones = [("zone-a", {"name": "A 有洞", "code": "A"}, a), ("zone-b", {"name": "B 交叠", "code": "B"}, b), ("zone-c", {"name": "C 全域", "code": "C"}, c)]
    write("zones.geojson", [feature(fid, p, g) for fid, p, g in zones], note="test fixture; written by scripts/oracle/landuse_oracle.py")
    write("far.geojson", [feature("zone-d", {"name": "D 远处"}, d)], note="test fixture; written by scripts/oracle/landuse_oracle.py")

    expected = {"script": "scripts/oracle/landuse_oracle.py", "shapely": shapely.__version__, "geos": shapely.geos_version_string,
                "zones": [], "rows": [], "conflicts": []}
    read_parcels = [(f["properties"].get("DLMC"), shape(f["geometry"])) for f in json.load(open(os.path.join(OUT, "parcels.geojson")))["features"]]
    for fid, p, z in zones:
        zone = densify(shape(mapping(z)))
        sums = {}
        for cls, g in read_parcels:
            if not g.intersects(zone):
                continue
            # Both operands' edges are geodesics (docs/semantics.md): the parcels are cut too.
            piece = polygonal(shapely.intersection(densify(g), zone))
            s = area(piece)
            if s > 0:
                sums[cls] = sums.get(cls, 0.0) + s
        zone_area = area(z)
        expected["zones"].append({"zone": p["name"], "area_m2": zone_area, "classified_m2": sum(sums.values())})
        for cls, s in sums.items():
            expected["rows"].append({"zone": p["name"], "class": cls, "area_m2": s, "share": s / zone_area})

    # Conform: a plan of two features against farmland (forbid, three polygons: one inside plan 1,
    # one crossing it, one apart) and a development boundary (within).
    plan = [("plan-1", {"name": "一号地块"}, Polygon([(114.80, 34.80), (114.83, 34.80), (114.83, 34.825), (114.80, 34.825), (114.80, 34.80)])),
            ("plan-2", {"name": "二号地块"}, Polygon([(114.84, 34.83), (114.86, 34.83), (114.86, 34.85), (114.84, 34.85), (114.84, 34.83)]))]
    farmland = [("jbnt-1", {"name": "农田 1"}, Polygon([(114.805, 34.805), (114.812, 34.805), (114.812, 34.811), (114.805, 34.811), (114.805, 34.805)])),
                ("jbnt-2", {"name": "农田 2"}, Polygon([(114.825, 34.815), (114.845, 34.815), (114.845, 34.835), (114.825, 34.835), (114.825, 34.815)])),
                ("jbnt-3", {"name": "农田 3"}, Polygon([(114.90, 34.90), (114.91, 34.90), (114.91, 34.91), (114.90, 34.91), (114.90, 34.90)]))]
    boundary = [("ubg-1", {"name": "城镇开发边界"}, Polygon([(114.79, 34.79), (114.85, 34.79), (114.85, 34.86), (114.79, 34.86), (114.79, 34.79)]))]
    write("plan.geojson", [feature(fid, p, g) for fid, p, g in plan], note="test fixture; written by scripts/oracle/landuse_oracle.py")
    write("farmland.geojson", [feature(fid, p, g) for fid, p, g in farmland], note="test fixture; written by scripts/oracle/landuse_oracle.py")
    write("boundary.geojson", [feature(fid, p, g) for fid, p, g in boundary], note="test fixture; written by scripts/oracle/landuse_oracle.py")
    for k, (pid, pp, pg) in enumerate(plan):
        dz = densify(pg)
        for j, (cid, cp, cg) in enumerate(farmland):
            s = area(polygonal(shapely.intersection(densify(cg), dz)))
            if s > 1e-4:
                expected["conflicts"].append({"feature": k, "rule": "forbid", "constraint": j, "area_m2": s})
        rest = polygonal(shapely.difference(dz, shapely.union_all([densify(g) for _, _, g in boundary])))
        s = area(rest)
        if s > 1e-4:
            expected["conflicts"].append({"feature": k, "rule": "within", "constraint": None, "area_m2": s})
    with open(os.path.join(OUT, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(expected, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print(json.dumps(expected, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
