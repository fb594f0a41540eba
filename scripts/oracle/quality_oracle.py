#!/usr/bin/env python3
"""Independent oracle for `tongcheng check`, `transition`, `diff` and `conform --balance` (issue 27).

Writes the small fixtures in Tests/Fixtures/quality/ (seeded, same bytes every run), built so
that the answers are known by construction — parcels removed from a tiling leave gaps of their own
area, a square laid across a shared edge overlaps both parcels, a copied parcel is a duplicate,
a bow-tie is invalid, a thin strip and a tiny triangle are slivers, two surveys tile the same
rectangle — and computes the expected results with Shapely 2 (GEOS) and pyproj (Geod, Karney's
geodesic area and perimeter), written to Tests/Fixtures/quality/expected.json, which the Swift
tests read. The script also asserts that what Shapely finds is what was built.

Method, as tongcheng documents it: areas and perimeters geodesic on WGS 84; overlaps and gaps of
1e-4 m² or less are rounding; slivers under 10 m² or with 4πA/P² under 0.05; zones and plan
features cut along their geodesic edges every 50 m (as landuse_oracle.py) before the overlay.

Usage: bench/.venv/bin/python scripts/oracle/quality_oracle.py
"""
import json
import math
import os
import random
import sys

import shapely
from shapely.geometry import MultiPolygon, Polygon, mapping, shape

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from landuse_oracle import GEOD, area, densify, polygonal  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "Tests", "Fixtures", "quality")
NOTE = "test fixture, synthetic; written by scripts/oracle/quality_oracle.py"
TOLERANCE = 1e-4
MIN_AREA = 10.0
MAX_THINNESS = 0.05


def r7(p):
    return (round(p[0], 7), round(p[1], 7))


def perimeter(g):
    return GEOD.geometry_area_perimeter(g)[1]


def write(name, features):
    fc = {"type": "FeatureCollection", "note": NOTE, "features": features}
    with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
        f.write(json.dumps(fc, ensure_ascii=False, separators=(",", ":")) + "\n")


def feature(fid, props, g):
    return {"type": "Feature", "id": fid, "properties": props, "geometry": None if g is None else mapping(g)}


def grid(rng, nx, ny, x0, y0, dx, dy, jitter, outer_step=None):
    """Quadrilaterals tiling a rectangle: interior corners jittered, outer edges straight (with a
    vertex every `outer_step` degrees on them, so that two tilings share their outline's vertices)."""
    corner = {}
    for i in range(nx + 1):
        for j in range(ny + 1):
            jx = 0 if i in (0, nx) else rng.uniform(-jitter, jitter) * dx
            jy = 0 if j in (0, ny) else rng.uniform(-jitter, jitter) * dy
            corner[i, j] = r7((x0 + i * dx + jx, y0 + j * dy + jy))
    cells = {}
    for j in range(ny):
        for i in range(nx):
            ring = [corner[i, j], corner[i + 1, j], corner[i + 1, j + 1], corner[i, j + 1], corner[i, j]]
            if outer_step:
                # Every edge cut every `outer_step` degrees, the same points from either side (so
                # that the neighbours share them): pieces of an overlay then add up to the parcel.
                out = []
                for a, b in zip(ring[:-1], ring[1:]):
                    out.append(a)
                    n = math.ceil(max(abs(b[0] - a[0]), abs(b[1] - a[1])) / outer_step)
                    p, q = min(a, b), max(a, b)
                    inner = [r7((p[0] + (q[0] - p[0]) * k / n, p[1] + (q[1] - p[1]) * k / n)) for k in range(1, n)]
                    out += inner if p == a else inner[::-1]
                ring = out + [ring[0]]
            cells[i, j] = Polygon(ring)
    return cells


def holes_of(union):
    """Holes of a union less the islands inside them, as polygons."""
    parts = [p for p in shapely.get_parts(union) if p.geom_type == "Polygon"]
    out = []
    for p in parts:
        for ring in p.interiors:
            out += [h for h in shapely.get_parts(polygonal(shapely.difference(Polygon(ring), union))) if not h.is_empty]
    return out


def check_oracle(features, within=None):
    """The problems Shapely + pyproj find, by kind."""
    geoms = [None if f["geometry"] is None else shape(f["geometry"]) for f in features]
    out = {"invalid": [], "empty": [], "multipart": [], "duplicate": [], "overlap": [], "gap": [], "sliver": []}
    valid = []
    for k, g in enumerate(geoms):
        if g is None or g.is_empty:
            out["empty"].append({"features": [k]})
            continue
        if not g.is_valid:
            out["invalid"].append({"features": [k], "detail": shapely.is_valid_reason(g)})
            continue
        valid.append(k)
        a, p = area(g), perimeter(g)
        if g.geom_type == "MultiPolygon" and len(g.geoms) > 1:
            out["multipart"].append({"features": [k], "area_m2": a})
        t = 4 * math.pi * a / (p * p)
        if a < MIN_AREA or t < MAX_THINNESS:
            out["sliver"].append({"features": [k], "area_m2": a, "thinness": t})
    groups = {}
    for k in valid:
        groups.setdefault(shapely.normalize(geoms[k]).wkb, []).append(k)
    secondary = set()
    for ks in groups.values():
        if len(ks) > 1:
            out["duplicate"].append({"features": ks, "area_m2": area(geoms[ks[0]])})
            secondary.update(ks[1:])
    usable = [k for k in valid if k not in secondary]
    tree = shapely.STRtree([geoms[k] for k in usable])
    for u, k in enumerate(usable):
        for v in sorted(tree.query(geoms[k], predicate="intersects")):
            if v <= u:
                continue
            s = area(polygonal(shapely.intersection(geoms[k], geoms[usable[v]])))
            if s > TOLERANCE:
                out["overlap"].append({"features": [k, usable[v]], "area_m2": s})
    everything = shapely.union_all([g if g.is_valid else polygonal(shapely.make_valid(g)) for g in geoms if g is not None and not g.is_empty])
    if within is None:
        gaps = holes_of(everything)
    else:
        gaps = list(shapely.get_parts(polygonal(shapely.difference(within, everything))))
    for h in gaps:
        s = area(h)
        if s > TOLERANCE:
            out["gap"].append({"features": [], "area_m2": s})
    out["gap"].sort(key=lambda p: p["area_m2"])
    return out


def make_check_layer(rng):
    """An 8×6 tiling with two parcels and an adjacent pair removed, a square across a shared edge,
    a copied parcel, and apart from it a bow-tie, a thin strip, a tiny triangle, a two-part
    feature, two overlapping L shapes (neither convex) and a feature without geometry."""
    x0, y0, dx, dy = 114.90, 34.90, 0.005, 0.004
    cells = grid(rng, 8, 6, x0, y0, dx, dy, 0.2)
    removed = [(2, 2), (5, 3), (6, 1), (6, 2)]
    features, built = [], {}
    for (i, j), g in sorted(cells.items(), key=lambda c: (c[0][1], c[0][0])):
        if (i, j) in removed:
            continue
        features.append(feature(f"c{i}-{j}", {"DLMC": "耕地"}, g))
    built["gaps"] = [area(cells[2, 2]), area(cells[5, 3]), area(shapely.union(cells[6, 1], cells[6, 2]))]
    # A square across the edge between cells (3,4) and (4,4), away from their corners.
    a, b = cells[3, 4].exterior.coords[1], cells[3, 4].exterior.coords[2]  # the shared (east) edge of (3,4)
    mx, my = (a[0] + b[0]) / 2, (a[1] + b[1]) / 2
    square = Polygon([r7((mx - 0.0006, my - 0.0004)), r7((mx + 0.0006, my - 0.0004)), r7((mx + 0.0006, my + 0.0004)), r7((mx - 0.0006, my + 0.0004)), r7((mx - 0.0006, my - 0.0004))])
    features.append(feature("square", {"DLMC": "建设"}, square))
    features.append(feature("copy-1-4", {"DLMC": "耕地"}, cells[1, 4]))
    ex = x0 + 8 * dx + 0.01
    features.append(feature("bowtie", {"DLMC": "坑塘"}, Polygon([(ex, y0), (ex + 0.002, y0 + 0.002), (ex + 0.002, y0), (ex, y0 + 0.002), (ex, y0)])))
    # About 183 m × 1.1 m: 200 m², thinness about 0.02.
    features.append(feature("strip", {"DLMC": "沟渠"}, Polygon([(ex, y0 + 0.005), (ex + 0.002, y0 + 0.005), (ex + 0.002, y0 + 0.00501), (ex, y0 + 0.00501), (ex, y0 + 0.005)])))
    features.append(feature("tiny", {"DLMC": "其他"}, Polygon([(ex, y0 + 0.008), (ex + 0.00003, y0 + 0.008), (ex, y0 + 0.00803), (ex, y0 + 0.008)])))
    features.append(feature("two-parts", {"DLMC": "林地"}, MultiPolygon([
        Polygon([(ex, y0 + 0.012), (ex + 0.001, y0 + 0.012), (ex + 0.001, y0 + 0.013), (ex, y0 + 0.013), (ex, y0 + 0.012)]),
        Polygon([(ex + 0.002, y0 + 0.012), (ex + 0.003, y0 + 0.012), (ex + 0.003, y0 + 0.013), (ex + 0.002, y0 + 0.013), (ex + 0.002, y0 + 0.012)])])))
    lx, ly = ex + 0.006, y0 + 0.004
    l1 = Polygon([(lx, ly), (lx + 0.003, ly), (lx + 0.003, ly + 0.001), (lx + 0.001, ly + 0.001), (lx + 0.001, ly + 0.003), (lx, ly + 0.003), (lx, ly)])
    l2 = Polygon([(lx + 0.0005, ly + 0.0005), (lx + 0.0035, ly + 0.0005), (lx + 0.0035, ly + 0.0015), (lx + 0.0015, ly + 0.0015),
                  (lx + 0.0015, ly + 0.0035), (lx + 0.0005, ly + 0.0035), (lx + 0.0005, ly + 0.0005)])
    features.append(feature("l-1", {"DLMC": "园地"}, l1))
    features.append(feature("l-2", {"DLMC": "园地"}, l2))
    features.append(feature("nothing", {"DLMC": "未知"}, None))
    built["overlap_l"] = area(polygonal(shapely.intersection(l1, l2)))
    within = Polygon([(x0, y0), (x0 + 8 * dx + 0.002, y0), (x0 + 8 * dx + 0.002, y0 + 6 * dy), (x0, y0 + 6 * dy), (x0, y0)])
    built["within_strip"] = area(Polygon([(x0 + 8 * dx, y0), (x0 + 8 * dx + 0.002, y0), (x0 + 8 * dx + 0.002, y0 + 6 * dy), (x0 + 8 * dx, y0 + 6 * dy)]))
    return features, within, built


def make_surveys(rng):
    """Two surveys tiling the same rectangle with different parcels; each has an L-shaped parcel
    (three cells merged: not convex) at the south-west corner, where they overlap."""
    x0, y0 = 114.80, 34.80
    old = grid(rng, 6, 5, x0, y0, 0.005, 0.004, 0.2, outer_step=0.0005)
    new = grid(rng, 5, 4, x0, y0, 0.006, 0.005, 0.25, outer_step=0.0005)
    classes_old = ["01", "02", "03", "20", "11"]
    classes_new = ["01", "02", "03", "20", "10"]

    def layer(cells, classes, prefix):
        l = shapely.union_all([cells[0, 0], cells[1, 0], cells[0, 1]])
        out = [feature(f"{prefix}-L", {"DLBM": classes[0]}, Polygon([r7(p) for p in l.exterior.coords]))]
        for (i, j), g in sorted(cells.items(), key=lambda c: (c[0][1], c[0][0])):
            if (i, j) in ((0, 0), (1, 0), (0, 1)):
                continue
            out.append(feature(f"{prefix}-{i}-{j}", {"DLBM": rng.choice(classes)}, g))
        return out

    zones = [feature("z-west", {"name": "西区"}, Polygon([(x0 - 0.001, y0 - 0.001), (x0 + 0.012, y0 - 0.001), (x0 + 0.012, y0 + 0.021), (x0 - 0.001, y0 + 0.021), (x0 - 0.001, y0 - 0.001)])),
             feature("z-tri", {"name": "三角区"}, Polygon([(x0 + 0.010, y0 + 0.002), (x0 + 0.029, y0 + 0.003), (x0 + 0.020, y0 + 0.019), (x0 + 0.010, y0 + 0.002)]))]
    return layer(old, classes_old, "o"), layer(new, classes_new, "n"), zones


def transition_oracle(old, new, zones=None):
    olds = [(f["properties"]["DLBM"], shape(f["geometry"])) for f in old]
    news = [(f["properties"]["DLBM"], shape(f["geometry"])) for f in new]
    rows = {}
    regions = [(None, None)] if zones is None else [(z["properties"]["name"], densify(shape(z["geometry"]))) for z in zones]
    for label, zone in regions:
        for fc, a in olds:
            piece = a if zone is None else polygonal(shapely.intersection(a, zone))
            if piece.is_empty:
                continue
            for tc, b in news:
                s = area(polygonal(shapely.intersection(piece, b)))
                if s > TOLERANCE:
                    rows[label, fc, tc] = rows.get((label, fc, tc), 0.0) + s
    out = [{"zone": z, "from": f, "to": t, "area_m2": s} for (z, f, t), s in sorted(rows.items(), key=lambda r: (r[0][0] or "", r[0][1], r[0][2]))]
    totals = lambda parcels: {c: sum(area(g) for k, g in parcels if k == c) for c in sorted({k for k, _ in parcels})}
    return {"rows": out, "from": totals(olds), "to": totals(news)}


def make_diff():
    def sq(x, y, s=0.002):
        return Polygon([(x, y), (x + s, y), (x + s, y + s), (x, y + s), (x, y)])
    x, y = 114.70, 34.70
    old = [feature("a", {"BSM": "0001", "DLMC": "耕地"}, sq(x, y)),
           feature("b", {"BSM": "0002", "DLMC": "耕地"}, sq(x + 0.003, y)),
           feature("c", {"BSM": "0003", "DLMC": "林地"}, sq(x + 0.006, y)),
           feature("d", {"BSM": "0004", "DLMC": "草地"}, sq(x + 0.009, y)),
           feature("e", {"BSM": "0005", "DLMC": "园地"}, sq(x, y + 0.003)),
           feature("f", {"BSM": "0006", "DLMC": "水域"}, sq(x + 0.003, y + 0.003))]
    ring = list(sq(x + 0.003, y + 0.003).exterior.coords)[:-1]
    ring = list(reversed(ring[1:] + ring[:1]))  # started at another corner, run the other way
    f_new = Polygon(ring + [ring[0]])
    new = [feature("a", {"BSM": "0001", "DLMC": "耕地"}, sq(x, y)),                                             # unchanged
           feature("b", {"BSM": "0002", "DLMC": "建设用地"}, sq(x + 0.003, y)),                                  # attributes
           feature("c", {"BSM": "0003", "DLMC": "林地"}, Polygon([(x + 0.006, y), (x + 0.0085, y), (x + 0.0085, y + 0.002), (x + 0.006, y + 0.002), (x + 0.006, y)])),  # grew east
           feature("e", {"BSM": "0005", "DLMC": "耕地"}, Polygon([(x + 0.0005, y + 0.003), (x + 0.002, y + 0.003), (x + 0.002, y + 0.005), (x + 0.0005, y + 0.005), (x + 0.0005, y + 0.003)])),  # both
           feature("f", {"BSM": "0006", "DLMC": "水域"}, f_new),                                               # same shape, other start and direction
           feature("g", {"BSM": "0007", "DLMC": "耕地"}, sq(x + 0.009, y + 0.003))]                              # added; 0004 removed
    return old, new


def diff_oracle(old, new, key):
    def g(f):
        return shape(f["geometry"])
    out = {"changes": [], "counts": {}}
    if key:
        newby = {f["properties"][key]: f for f in new}
        oldkeys = {f["properties"][key] for f in old}
        unchanged = 0
        for k, f in enumerate(old):
            v = f["properties"][key]
            if v not in newby:
                out["changes"].append({"change": "removed", "key": v, "area_lost_m2": area(g(f)), "area_gained_m2": 0.0})
                continue
            n = newby[v]
            attrs = sorted(a for a in set(f["properties"]) | set(n["properties"]) if f["properties"].get(a) != n["properties"].get(a))
            same = shapely.normalize(g(f)).equals_exact(shapely.normalize(g(n)), 0)
            if same and not attrs:
                unchanged += 1
                continue
            out["changes"].append({"change": "changed", "key": v, "geometry_changed": not same, "attributes": attrs,
                                   "area_gained_m2": 0.0 if same else area(polygonal(shapely.difference(g(n), g(f)))),
                                   "area_lost_m2": 0.0 if same else area(polygonal(shapely.difference(g(f), g(n))))})
        for n in new:
            if n["properties"][key] not in oldkeys:
                out["changes"].append({"change": "added", "key": n["properties"][key], "area_gained_m2": area(g(n)), "area_lost_m2": 0.0})
    else:
        pool = [shapely.normalize(g(n)).wkb for n in new]
        used, unchanged = set(), 0
        for f in old:
            w = shapely.normalize(g(f)).wkb
            m = next((k for k, p in enumerate(pool) if p == w and k not in used), None)
            if m is None:
                out["changes"].append({"change": "removed", "key": None, "area_lost_m2": area(g(f)), "area_gained_m2": 0.0})
                continue
            used.add(m)
            n = new[m]
            attrs = sorted(a for a in set(f["properties"]) | set(n["properties"]) if f["properties"].get(a) != n["properties"].get(a))
            if attrs:
                out["changes"].append({"change": "changed", "key": None, "geometry_changed": False, "attributes": attrs, "area_gained_m2": 0.0, "area_lost_m2": 0.0})
            else:
                unchanged += 1
        for k, n in enumerate(new):
            if k not in used:
                out["changes"].append({"change": "added", "key": None, "area_gained_m2": area(g(n)), "area_lost_m2": 0.0})
    out["counts"] = {c: sum(1 for x in out["changes"] if x["change"] == c) for c in ("added", "removed", "changed")}
    out["counts"]["unchanged"] = unchanged
    return out


def make_balance():
    x, y = 114.60, 34.60
    plan = [feature("p1", {"name": "地块一"}, Polygon([(x, y), (x + 0.02, y), (x + 0.02, y + 0.015), (x, y + 0.015), (x, y)])),
            feature("p2", {"name": "地块二"}, Polygon([(x + 0.015, y + 0.01), (x + 0.03, y + 0.01), (x + 0.03, y + 0.025), (x + 0.015, y + 0.025), (x + 0.015, y + 0.01)]))]
    farmland = [feature("f1", {"name": "农田一"}, Polygon([(x + 0.005, y + 0.005), (x + 0.01, y + 0.005), (x + 0.01, y + 0.01), (x + 0.005, y + 0.01), (x + 0.005, y + 0.005)])),
                feature("f2", {"name": "农田二"}, Polygon([(x + 0.012, y + 0.008), (x + 0.025, y + 0.008), (x + 0.025, y + 0.02), (x + 0.012, y + 0.02), (x + 0.012, y + 0.008)])),
                feature("f3", {"name": "农田三"}, Polygon([(x + 0.05, y), (x + 0.06, y), (x + 0.06, y + 0.01), (x + 0.05, y + 0.01), (x + 0.05, y)]))]
    supplement = [feature("s1", {"name": "补充一"}, Polygon([(x + 0.04, y + 0.03), (x + 0.05, y + 0.03), (x + 0.05, y + 0.04), (x + 0.04, y + 0.04), (x + 0.04, y + 0.03)])),
                  feature("s2", {"name": "补充二"}, Polygon([(x + 0.025, y + 0.02), (x + 0.035, y + 0.02), (x + 0.035, y + 0.03), (x + 0.025, y + 0.03), (x + 0.025, y + 0.02)]))]
    return plan, farmland, supplement


def balance_oracle(plan, farmland, supplement):
    u = shapely.union_all([densify(shape(f["geometry"])) for f in plan])
    # Every operand's edges are geodesics (docs/semantics.md): farmland and supplement are cut too.
    occupied = sum(area(polygonal(shapely.intersection(densify(shape(f["geometry"])), u))) for f in farmland)
    s = shapely.union_all([densify(shape(f["geometry"])) for f in supplement])
    return {"occupied_m2": occupied, "supplement_m2": area(s), "supplement_inside_plan_m2": area(polygonal(shapely.intersection(s, u)))}


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = random.Random(27)
    layer, within, built = make_check_layer(rng)
    write("check-layer.geojson", layer)
    write("check-within.geojson", [feature("within", {"name": "范围"}, within)])
    old, new, zones = make_surveys(rng)
    write("survey-old.geojson", old)
    write("survey-new.geojson", new)
    write("survey-zones.geojson", zones)
    dold, dnew = make_diff()
    write("diff-old.geojson", dold)
    write("diff-new.geojson", dnew)
    plan, farmland, supplement = make_balance()
    write("balance-plan.geojson", plan)
    write("balance-farmland.geojson", farmland)
    write("balance-supplement.geojson", supplement)

    # Everything is computed from the files as written (7-decimal coordinates).
    def read(name):
        return json.load(open(os.path.join(OUT, name), encoding="utf-8"))["features"]

    check = check_oracle(read("check-layer.geojson"))
    check_within = check_oracle(read("check-layer.geojson"), shape(read("check-within.geojson")[0]["geometry"]))
    # What was built is what Shapely finds.
    gaps = sorted(p["area_m2"] for p in check["gap"])
    assert len(gaps) == 3 and all(abs(a - b) < 1e-6 * b for a, b in zip(gaps, sorted(built["gaps"]))), (gaps, built["gaps"])
    assert [p["features"] for p in check["duplicate"]] and len(check["invalid"]) == 1 and len(check["empty"]) == 1
    assert len(check["overlap"]) == 3 and any(abs(p["area_m2"] - built["overlap_l"]) < 1e-6 * built["overlap_l"] for p in check["overlap"])
    assert len(check["sliver"]) == 2 and len(check["multipart"]) == 1
    # With the rectangle 0.002° wider than the tiling as --within: the three holes and the strip beside it.
    assert len(check_within["gap"]) == 4 and any(abs(p["area_m2"] - built["within_strip"]) < 1e-6 * built["within_strip"] for p in check_within["gap"])
    trans = transition_oracle(read("survey-old.geojson"), read("survey-new.geojson"))
    trans_zones = transition_oracle(read("survey-old.geojson"), read("survey-new.geojson"), read("survey-zones.geojson"))
    # The matrix closes: the surveys tile the same rectangle, so each old class's row is its whole area.
    for c, a in trans["from"].items():
        row = sum(r["area_m2"] for r in trans["rows"] if r["from"] == c)
        assert abs(row - a) < 2e-8 * a, (c, row, a)  # crossing points lie on 50 m lon/lat segments, not geodesics: up to 1.2e-8
    expected = {"script": "scripts/oracle/quality_oracle.py", "shapely": shapely.__version__, "geos": shapely.geos_version_string,
                "check": check, "check_within": check_within, "transition": trans, "transition_zones": trans_zones,
                "diff_key": diff_oracle(read("diff-old.geojson"), read("diff-new.geojson"), "BSM"),
                "diff_geometry": diff_oracle(read("diff-old.geojson"), read("diff-new.geojson"), None),
                "balance": balance_oracle(read("balance-plan.geojson"), read("balance-farmland.geojson"), read("balance-supplement.geojson"))}
    with open(os.path.join(OUT, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(expected, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print(json.dumps({k: v for k, v in expected.items() if k.startswith("check")}, ensure_ascii=False)[:3000])


if __name__ == "__main__":
    main()
