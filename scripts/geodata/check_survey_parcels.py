#!/usr/bin/env python3
"""Checks what build_survey_parcels.py promises, independently of it (Shapely 2 / GEOS):

every parcel valid, 20–200 vertices, (nearly all) non-convex, some with holes, some multi-part,
the parcels a coverage (no overlaps, shared edges matching vertex for vertex:
shapely.coverage_is_valid), and their areas summing to the area of their union.

  scripts/geodata/check_survey_parcels.py bench/.cache/survey-1e5/parcels.geojson

Exit 1 when a promise does not hold.
"""
import json
import sys

import numpy as np
import shapely
from shapely.geometry import shape


def main():
    fc = json.load(open(sys.argv[1], encoding="utf-8"))
    g = np.array([shape(f["geometry"]) for f in fc["features"]], dtype=object)
    nv = shapely.get_num_coordinates(g)
    area, hull = shapely.area(g), shapely.area(shapely.convex_hull(g))
    holes = sum(1 for x in g if x.geom_type == "Polygon" and len(x.interiors))
    multi = sum(1 for x in g if x.geom_type == "MultiPolygon")
    union = shapely.union_all(g)
    checks = {
        "every parcel valid": bool(shapely.is_valid(g).all()),
        f"20–200 vertices (min {nv.min()}, median {int(np.median(nv))}, max {nv.max()})": bool(nv.min() >= 20 and nv.max() <= 200),
        f"non-convex: {np.mean(area < 0.999 * hull):.1%} below 99.9 % of their hull": bool(np.mean(area < 0.999 * hull) > 0.95),
        f"holes: {holes}, multi-part: {multi}": holes > 0 and multi > 0,
        "a coverage (shapely.coverage_is_valid)": bool(shapely.coverage_is_valid(g)),
        f"areas sum to the union's ({area.sum() / union.area:.12f})": abs(area.sum() / union.area - 1) < 1e-9,
        "every parcel labelled synthetic": all(f["properties"].get("synthetic") is True for f in fc["features"]),
    }
    for what, ok in checks.items():
        print(f"{'ok  ' if ok else 'FAIL'} {what}")
    sys.exit(0 if all(checks.values()) else 1)


if __name__ == "__main__":
    main()
