#!/usr/bin/env python3
"""Independent values (pyproj + Shapely) for the tests that depend on the bundled plan data.

Run after the geodata scripts; the tests quote these numbers:
  - Tests/AnalysisTests (OverlapTests) and Tests/CLITests (overlapJSONContract): each corridor's
    overlap with Lankao (Shapely intersection, pyproj Geod area);
  - Tests/RecipesTests (specialZoneNearTheBelt): the special zone's geodesic area and its
    distance to the belt (Shapely distance in an azimuthal equidistant projection centred on the zone);
    (lankaoLandBudget): Lankao's area outside the belt (Shapely difference, pyproj Geod area);
  - Tests/PlanTests: 菏兰高铁's drawn length in Henan.
Usage: scripts/geodata/oracle_plan_values.py   (needs pyproj, shapely)
"""
import json
import os
import sys

from pyproj import Geod, Transformer
from shapely.geometry import shape
from shapely.ops import transform

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GEOD = Geod(ellps="WGS84")
# Overlays cut every edge into geodesic pieces of at most 50 m first (docs/semantics.md):
# pyproj Geod.npts, as in the land-use oracle.
sys.path.insert(0, os.path.join(ROOT, "scripts", "oracle"))
from landuse_oracle import densify  # noqa: E402


def layer(name):
    with open(os.path.join(ROOT, "geodata", name), encoding="utf-8") as f:
        return json.load(f)["features"]


def area(g):
    return abs(GEOD.geometry_area_perimeter(g)[0])


zone = shape(layer("plan/zone.geojson")[0]["geometry"])
print(f"Lankao (zone) area: {area(zone):,.6f} m²")
for f in layer("plan/corridors.geojson"):
    a = area(densify(shape(f["geometry"])).intersection(densify(zone)))
    print(f"overlap {f['id']} ∩ zone: {a:,.2f} m² (fraction of zone {a / area(zone):.12f})")

sz = shape(layer("plan/special_zone.geojson")[0]["geometry"])
belt = shape([f for f in layer("plan/belt.geojson") if f["id"] == "belt-yellow-river"][0]["geometry"])
c = sz.centroid
aeqd = Transformer.from_crs("EPSG:4326", f"+proj=aeqd +lat_0={c.y} +lon_0={c.x} +ellps=WGS84", always_xy=True).transform
print(f"special zone area: {area(sz):,.2f} m²; distance to belt (aeqd + Shapely): {transform(aeqd, sz).distance(transform(aeqd, belt)):,.2f} m")

# Tests/RecipesTests (lankaoLandBudget): Lankao outside the 一带 (Shapely difference, pyproj Geod area).
print(f"Lankao outside the belt-yellow-river: {area(densify(zone).difference(densify(belt))):,.1f} m²")

henan = shape([f for f in layer("boundaries.geojson") if f["properties"]["adcode"] == 410000][0]["geometry"])
hl = shape([f for f in layer("plan/transport.geojson") if f["id"] == "hsr-heze-lankao"][0]["geometry"])
print(f"hsr-heze-lankao: {GEOD.geometry_length(hl) / 1000:.3f} km, in Henan {GEOD.geometry_length(hl.intersection(henan)) / 1000:.3f} km")
