#!/usr/bin/env python3
"""A SYNTHETIC later survey of Lankao's land use (2023 年度国土变更调查, made up), for
demonstrating and testing `tongcheng transition`, `tongcheng diff` and `conform --balance` —
replace with the survey data.

Reads the first synthetic survey (geodata/landuse/parcels.geojson, from build_landuse.py) and
changes it as an annual change survey would see two years of building and land consolidation
(fixed seed; the same input gives the same bytes):

- construction (建设占用): cultivated land, orchards, grass and other land inside the special
  zone (geodata/plan/special_zone.geojson) become built-up land (20) with probability 0.35, and
  cultivated land 4.2–5.5 km from the county seat with probability 0.25;
- supplement (补充耕地): other land (12) and grass (04) more than 3.5 km from the Yellow River
  become cultivated land (01) with probability 0.4;
- small changes: cultivated land becomes orchard (02) or woods (03), each with probability 0.01;
- re-surveyed boundaries: where two neighbouring parcels both became built-up, the pair is one
  parcel now (merged; the first keeps its id, the second's id is gone).

The parcels keep tiling the county: merged parcels share their edges' vertices exactly.

Also written: supplement.geojson, the parcels that became cultivated land, dissolved in 2 km
blocks (补充耕地 for `conform --balance`).

Usage (bench/.venv or any Python with shapely 2, pyproj, numpy):
  scripts/geodata/build_landuse_later.py          # geodata/landuse/parcels-2023.geojson, supplement.geojson
  scripts/geodata/build_landuse_later.py --parcels bench/.cache/landuse-1e6/parcels.geojson --out bench/.cache/landuse-1e6
"""
import argparse
import json
import math
import os
import sys

import numpy as np
import shapely
from shapely.geometry import shape

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from build_landuse import CLASSES, GEO, blocks, polygons, write  # noqa: E402

SEED = 20231231
SEAT = (114.816, 34.827)  # the county seat, as build_landuse.py places it


def metres(p, q):
    dx = (p[0] - q[0]) * 111_320 * math.cos(math.radians(34.85))
    dy = (p[1] - q[1]) * 110_950
    return math.hypot(dx, dy)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--parcels", default=os.path.join(GEO, "landuse", "parcels.geojson"), help="the first survey (default geodata/landuse/parcels.geojson)")
    ap.add_argument("--out", default=os.path.join(GEO, "landuse"), help="output folder (default geodata/landuse)")
    a = ap.parse_args()
    rng = np.random.default_rng(SEED)
    survey = json.load(open(a.parcels, encoding="utf-8"))
    features = survey["features"]
    cells = np.array([shape(f["geometry"]) for f in features], dtype=object)
    codes = np.array([f["properties"]["DLBM"] for f in features])
    zone = shape(json.load(open(os.path.join(GEO, "plan", "special_zone.geojson"), encoding="utf-8"))["features"][0]["geometry"])
    river = shapely.union_all([shape(f["geometry"]) for f in json.load(open(os.path.join(GEO, "plan", "yellow_river.geojson"), encoding="utf-8"))["features"]])
    centres = shapely.points([c.representative_point().coords[0] for c in cells])
    in_zone = shapely.contains(zone, centres)
    seat_m = np.array([metres(p.coords[0], SEAT) for p in centres])
    river_m = shapely.distance(river, centres) * 100_000  # degrees to about metres: only a threshold
    draw = rng.random(len(cells))
    small = rng.random(len(cells))
    new = codes.copy()
    built = (np.isin(codes, ["01", "02", "04", "12"]) & in_zone & (draw < 0.35)) | ((codes == "01") & (seat_m > 4200) & (seat_m < 5500) & (draw < 0.25))
    new[built] = "20"
    supplement = np.isin(codes, ["12", "04"]) & (river_m > 3500) & (draw < 0.4)
    new[supplement] = "01"
    kept = new == codes
    new[kept & (codes == "01") & (small < 0.01)] = "02"
    new[kept & (codes == "01") & (small >= 0.01) & (small < 0.02)] = "03"

    # Merge pairs of neighbouring parcels that both became built-up (each parcel in one pair at most).
    tree = shapely.STRtree(cells)
    merged_into, used = {}, set()
    for i in np.flatnonzero(built):
        if i in used:
            continue
        for j in sorted(tree.query(cells[i], predicate="touches")):
            if j > i and built[j] and j not in used:
                if cells[i].intersection(cells[j]).length > 0:  # sharing an edge, not a corner
                    merged_into[j] = i
                    used.update((i, j))
                    break
    partner = {i: j for j, i in merged_into.items()}
    out = []
    for k, f in enumerate(features):
        if k in merged_into:
            continue
        g = cells[k]
        if k in partner:
            g = polygons(shapely.union(g, cells[partner[k]]))
        out.append((f["id"], {"DLBM": str(new[k]), "DLMC": CLASSES[str(new[k])], "synthetic": True}, g))
    write(os.path.join(a.out, "parcels-2023.geojson"),
          "兰考县地类图斑 2023 年度变更（合成）· Lankao land-use parcels, 2023 change survey (synthetic)", out)
    pieces = blocks(cells, supplement, 0.02, rng, 1.0)
    write(os.path.join(a.out, "supplement.geojson"), "补充耕地（合成）· supplemented farmland (synthetic)",
          [(f"bcgd-{k + 1:03d}", {"name": f"合成补充耕地块 {k + 1:03d}", "kind": "supplemented_farmland", "synthetic": True}, g) for k, g in enumerate(pieces)])
    print(f"{int(built.sum())} parcels built on, {int(supplement.sum())} supplemented, {len(merged_into)} pairs merged")


if __name__ == "__main__":
    main()
