#!/usr/bin/env python3
"""Writes the plan's geography (兰考纳入郑开同城化, "一区一带两廊多点") as GeoJSON.

Outputs (RFC 7946 FeatureCollections, WGS 84 lon/lat, 6 decimals, UTF-8, one feature a line):

    geodata/places.geojson                 gazetteer (stations, towns, landmarks)
    geodata/plan/yellow_river.geojson      一带: the Yellow River line (Natural Earth)
    geodata/plan/corridor_axes.geojson     两廊: corridor axes with width_m (bands: build_plan_layers.py)
    geodata/plan/clusters.geojson          多点: Lankao's specialty clusters
    geodata/plan/special_zone.geojson      特别合作区: one 30 km² polygon
    geodata/plan/transport.geojson         rail, roads, airport
    geodata/plan/central_city.geojson      Zhengzhou's and Kaifeng's urban areas (Natural Earth)

Inputs: ../shared/data/reference/*.geojson (Natural Earth, OpenStreetMap, GeoNames; see their
README) and the coordinates digitised by hand below, each with a comment on what it follows.
The output is deterministic: running the script again rewrites byte-identical files.

Usage:
    scripts/geodata/digitise_plan.py [--shared DIR] [--check]

--check also verifies the result (needs shapely): the special zone's geodesic area and its
clearance inside Lankao (boundary ../shared/data/boundaries/410225.geojson, GCJ-02 converted to
WGS 84 with the iterated inverse of the GCJ-02 forward transform), unique ids, required
properties, allowed status/accuracy values and the area bounding box.
Needs pyproj (geodesic area on the WGS 84 ellipsoid); --check needs shapely too.
"""
import argparse
import json
import math
import os
import sys

from pyproj import Geod

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_SHARED = os.path.join(ROOT, "..", "shared", "data")
OUT = os.path.join(ROOT, "geodata")
GEOD = Geod(ellps="WGS84")

PLAN_2021 = "兰考县纳入郑开同城化进程总体方案 (2021)"
PLAN_2024 = "河南省关于支持兰考县…意见 (2024)"
NE_RIVERS = "Natural Earth 1:10m rivers and lake centerlines"
NE_RAIL = "Natural Earth 1:10m railroads"
NE_ROADS = "Natural Earth 1:10m roads"
NE_URBAN = "Natural Earth 1:50m urban areas"
OSM = "OpenStreetMap railway stations (© OpenStreetMap contributors, ODbL 1.0; snapshot 2025-02)"
GEONAMES = "GeoNames cities500 (CC BY 4.0)"

STATUS = ("existing", "planned", "under_construction")
ACCURACY = ("surveyed", "digitised", "schematic")
MODES = ("high_speed_rail", "intercity_rail", "railway", "expressway", "national_road",
         "provincial_road", "airport", "airport_express")


# --------------------------------------------------------------------------- helpers

def load(shared, name):
    with open(os.path.join(shared, "reference", name), encoding="utf-8") as f:
        return json.load(f)["features"]


def r6(v):
    v = round(v, 6)
    return 0.0 if v == 0 else v


def clean_line(coords):
    """Rounds to 6 decimals and drops consecutive duplicates."""
    out = []
    for x, y in coords:
        p = [r6(x), r6(y)]
        if not out or out[-1] != p:
            out.append(p)
    return out


def feature(fid, props, geometry):
    properties = {"id": fid}
    properties.update(props)
    return {"type": "Feature", "id": fid, "properties": properties, "geometry": geometry}


def point(lon, lat):
    return {"type": "Point", "coordinates": [r6(lon), r6(lat)]}


def linestring(coords):
    return {"type": "LineString", "coordinates": clean_line(coords)}


def dump(path, features):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    body = ",\n".join(json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write('{"type":"FeatureCollection","features":[\n' + body + "\n]}\n")


# Local metric frame for snapping lines to stations (equirectangular about 34.75° N; the
# distortion over the few kilometres a snap moves a vertex is far below the data's accuracy).
_KX = 111320.0 * math.cos(math.radians(34.75))
_KY = 110574.0


def _xy(p):
    return (p[0] * _KX, p[1] * _KY)


def snap_to_stations(coords, stations, min_window=4000.0):
    """Makes a traced line pass exactly through the given stations.

    For each station the nearest point P on the line is found; the line is then displaced by
    the vector P→station, tapered linearly along the line to zero at ±W (W = max(4 km, 3·|PS|)),
    or interpolated between two neighbouring stations when their windows meet, and the
    station itself is inserted as a vertex. Returns the new coordinates.
    """
    xy = [_xy(p) for p in coords]
    cum = [0.0]
    for a, b in zip(xy, xy[1:]):
        cum.append(cum[-1] + math.hypot(b[0] - a[0], b[1] - a[1]))
    snaps = []
    for st in stations:
        sx, sy = _xy(st)
        best = None
        for i, (a, b) in enumerate(zip(xy, xy[1:])):
            dx, dy = b[0] - a[0], b[1] - a[1]
            ll = dx * dx + dy * dy
            t = 0.0 if ll == 0 else max(0.0, min(1.0, ((sx - a[0]) * dx + (sy - a[1]) * dy) / ll))
            px, py = a[0] + t * dx, a[1] + t * dy
            d = math.hypot(sx - px, sy - py)
            if best is None or d < best[0]:
                best = (d, cum[i] + t * math.sqrt(ll), sx - px, sy - py)
        snaps.append((best[1], best[2], best[3], best[0], st))
    snaps.sort()
    ctrl = []
    for k, (s, ddx, ddy, d, _st) in enumerate(snaps):
        w = max(min_window, 3.0 * d)
        if k == 0 or snaps[k - 1][0] < s - w:
            ctrl.append((s - w, 0.0, 0.0))
        ctrl.append((s, ddx, ddy))
        if k == len(snaps) - 1 or snaps[k + 1][0] > s + w:
            ctrl.append((s + w, 0.0, 0.0))

    def disp(s):
        if s <= ctrl[0][0]:
            return ctrl[0][1:]
        for (s0, x0, y0), (s1, x1, y1) in zip(ctrl, ctrl[1:]):
            if s <= s1:
                t = 0.0 if s1 == s0 else (s - s0) / (s1 - s0)
                return (x0 + t * (x1 - x0), y0 + t * (y1 - y0))
        return ctrl[-1][1:]

    pts = [(cum[i], coords[i], False) for i in range(len(coords))]
    pts += [(s, st, True) for (s, _x, _y, _d, st) in snaps]
    pts.sort(key=lambda q: q[0])
    out = []
    for s, p, is_station in pts:
        if is_station:
            out.append((p[0], p[1]))
        else:
            dx, dy = disp(s)
            out.append((p[0] + dx / _KX, p[1] + dy / _KY))
    return out


def geodesic_area_km2(ring):
    lons = [p[0] for p in ring]
    lats = [p[1] for p in ring]
    area, _ = GEOD.polygon_area_perimeter(lons, lats)
    return abs(area) / 1e6


def signed_area(ring):
    return sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, ring[1:])) / 2.0


# --------------------------------------------------------------------------- reference data

def osm_stations(shared):
    named, unnamed = {}, []
    for f in load(shared, "osm_railway_stations_area.geojson"):
        p = f["properties"]
        if p.get("station") != "train":
            continue
        c = tuple(f["geometry"]["coordinates"])
        if p.get("name"):
            named.setdefault(p["name"], c)
        else:
            unnamed.append(c)
    return named, unnamed


def osm_unnamed(unnamed, lon, lat, tol=0.0005):
    """The unnamed OSM train station at (lon, lat), or an error if there is none."""
    hits = [c for c in unnamed if abs(c[0] - lon) < tol and abs(c[1] - lat) < tol]
    if len(hits) != 1:
        sys.exit(f"expected one unnamed OSM station at {lon},{lat}, found {len(hits)}")
    return hits[0]


def geonames(shared):
    return {f["properties"]["name"]: (tuple(f["geometry"]["coordinates"]), f["properties"]["geonameid"])
            for f in load(shared, "geonames_cities500_area.geojson")}


# --------------------------------------------------------------------------- hand-digitised data

# Points placed by hand. Each: id -> (lon, lat, what it follows).
HAND_POINTS = {
    # 二七广场 (Erqi Square), the traditional centre of Zhengzhou; Natural Earth's Zhengzhou point
    # (113.663, 34.757) lies 400 m north of it.
    "zhengzhou": (113.6655, 34.7535, "二七广场 (Erqi Square)"),
    # Zhengzhou Xinzheng International Airport (CGO), aerodrome reference point as published
    # (34°31'11"N 113°50'27"E); the OSM station 新郑机场 (113.847, 34.527) is at its terminal.
    "xinzheng-airport": (113.8409, 34.5197, "aerodrome reference point of CGO"),
    # The Yellow River's last bend (九曲黄河最后一道弯) at Dongbatou: the river, which forms
    # Lankao's north-western boundary, turns from ENE to N at about (114.774, 34.912) on the
    # WGS 84-converted county boundary; the point is 700 m inside Lankao on the right bank.
    # Natural Earth's 1:10m river line is generalised here and turns ~5 km further west.
    "yellow-river-last-bend": (114.781, 34.907, "river bend apex on the Lankao boundary"),
    # 东坝头镇: the township at the bend, in Lankao's north-west (seat not located; schematic).
    "dongbatou": (114.792, 34.893, "south-east of the bend, township seat not located"),
    # 张庄村, the village of Dongbatou township by the levee near the bend (schematic).
    "zhangzhuang": (114.800, 34.882, "near the levee south-east of the bend"),
    # 焦裕禄纪念园 (烈士陵园) on the old Yellow River levee at the north edge of the county seat.
    "jiao-yulu-memorial": (114.818, 34.845, "north edge of the county seat (schematic)"),
    # 堌阳镇 (music town, 民族乐器): centre of the township's extent in a public township-boundary
    # data set (Lankao_Township); it lies in Lankao's north-centre, not the south-west.
    "guyang": (114.965, 34.950, "centre of 堌阳镇's extent"),
    # 考城镇 (renamed from 张君墓镇 in 2024) in Lankao's east/north-east; seat not located.
    "kaocheng": (115.150, 34.900, "eastern Lankao, township seat not located"),
}

# River: Natural Earth's "Huang" is a MultiLineString in two parts with a ~630 m gap at
# (114.831, 35.020)-(114.838, 35.020). Part 2 runs west→east from 112.7 E to the gap, part 1
# from the gap north-east into Shandong (past Dongming) to the edge of the extract at 35.7 N.

# G30 Lianhuo expressway: Natural Earth roads 0 (reversed), 14 (reversed), 1 (reversed), 2,
# 4 and 9. Natural Earth has no piece between 113.656 and 113.811 (north of Zhengzhou);
# these vertices bridge it along the northern edge of the city to the 刘江 interchange.
G30_BRIDGE = [(113.700, 34.852), (113.760, 34.848), (113.795, 34.838)]

# Stations the traced Longhai railway is pulled through (OSM names).
LONGHAI_STATIONS = ["黑石关", "巩义", "上街", "荥阳", "郑州", "圃田", "中牟", "邵岗集", "杏花营",
                    "开封", "兴隆庄", "罗王", "兰考", "民权", "宁陵县", "商丘"]

# Corridor axes (schematic, digitised by hand).
# 北部科创走廊 along 郑开科学大道: from Zhengzhou's Jinshui/Zhengdong north (中原科技城,
# 龙湖) east, north of the Zhengzhou–Kaifeng urban line and south of the Yellow River levee,
# past Kaifeng North station and Kaifeng's north to the north of Lankao's county seat.
NORTH_AXIS = [(113.700, 34.800), (113.780, 34.808), (113.900, 34.818), (114.000, 34.822),
              (114.150, 34.830), (114.256, 34.838), (114.350, 34.842), (114.450, 34.846),
              (114.600, 34.850), (114.720, 34.846), (114.830, 34.842)]
# 南部产业走廊: Zhengzhou airport economy zone → Zhongmou south (汽车/装备) → Kaifeng south and
# Xiangfu → Lankao south of the county seat (the special cooperation zone).
SOUTH_AXIS = [(113.850, 34.530), (113.950, 34.600), (114.030, 34.660), (114.150, 34.700),
              (114.300, 34.735), (114.440, 34.752), (114.600, 34.768), (114.720, 34.780),
              (114.860, 34.800)]

# Special cooperation zone (特别合作区): hand-drawn hexagon south-east of Lankao's county seat,
# between the town and Lankao South station, north of the county's southern boundary (which
# runs 1 km south of the station) and off the Yellow River floodplain; it is then scaled about
# ZONE_ANCHOR to exactly 30 km² (geodesic, WGS 84).
ZONE_DRAFT = [(114.828, 34.790), (114.862, 34.789), (114.885, 34.786), (114.925, 34.772),
              (114.935, 34.795), (114.900, 34.818), (114.845, 34.822), (114.828, 34.812)]
ZONE_ANCHOR = (114.880, 34.795)

# Clusters (多点): (id, 产业, industry, lon, lat, place id or None, what the point follows).
CLUSTERS = [
    ("cluster-advanced-manufacturing", "先进制造", "advanced manufacturing",
     114.862, 34.815, "lankao", "兰考经济技术开发区, east of the county seat"),
    ("cluster-energy-environment", "节能环保", "energy saving and environmental protection",
     114.890, 34.800, "lankao", "south-east of the county seat"),
    ("cluster-smart-home", "智能家居（品牌家居）", "smart home furnishing (brand furniture)",
     114.878, 34.830, "lankao", "home-furnishing parks east of the county seat"),
    ("cluster-musical-instruments", "民族乐器", "ethnic musical instruments",
     114.965, 34.950, "guyang", "堌阳镇 (徐场村, 中国·兰考音乐小镇)"),
    ("cluster-green-food", "绿色食品", "green food",
     115.150, 34.900, "kaocheng", "考城镇, eastern Lankao farmland"),
    ("cluster-exhibition", "会展服务", "exhibition services",
     114.822, 34.832, "lankao", "county seat"),
    ("cluster-study-tour-jiao-yulu", "研学（焦裕禄精神）", "study tours (Jiao Yulu spirit)",
     114.818, 34.845, "jiao-yulu-memorial", "焦裕禄纪念园"),
    ("cluster-study-tour-dongbatou", "研学（黄河最后一道弯、张庄村）",
     "study tours (Yellow River's last bend, Zhangzhuang village)",
     114.790, 34.890, "dongbatou", "东坝头 bend and 张庄村"),
    ("cluster-modern-agriculture", "现代农业（黄河滩区）", "modern agriculture (Yellow River floodplain)",
     114.800, 34.960, None, "floodplain north of Dongbatou (谷营/东坝头)"),
]


# --------------------------------------------------------------------------- builders

def build_places(shared, stations, unnamed, gn):
    feats = []

    def add(fid, name, name_en, kind, lon, lat, source, accuracy, **extra):
        props = dict(name=name, name_en=name_en, kind=kind, source=source, accuracy=accuracy)
        props.update(extra)
        feats.append(feature(fid, props, point(lon, lat)))

    def hand(fid, name, name_en, kind, accuracy):
        lon, lat, what = HAND_POINTS[fid]
        add(fid, name, name_en, kind, lon, lat, f"digitised by hand: {what}", accuracy)

    def osm(fid, zh, name, name_en, **extra):
        lon, lat = stations[zh]
        add(fid, name, name_en, "station", lon, lat, OSM, "surveyed", **extra)

    def gnp(fid, key, name, name_en, kind, **extra):
        (lon, lat), gid = gn[key]
        add(fid, name, name_en, kind, lon, lat, f"{GEONAMES}, geonameid {gid}", "surveyed", **extra)

    hand("zhengzhou", "郑州中心城区（二七广场）", "Zhengzhou city centre (Erqi Square)", "city_centre", "digitised")
    osm("zhengzhou-station", "郑州", "郑州站", "Zhengzhou station")
    osm("zhengzhou-east", "郑州东", "郑州东站", "Zhengzhou East station")
    osm("zhengzhou-south", "郑州航空港", "郑州航空港站（原郑州南站）",
        "Zhengzhou Hangkonggang station (named Zhengzhou South until 2022)",
        note="the plan's 郑州南站; renamed 郑州航空港站 on 2022-05-31. A new 郑州南站 is being built at 小李庄 (管城区), not this point")
    hand("xinzheng-airport", "郑州新郑国际机场", "Zhengzhou Xinzheng International Airport", "airport", "digitised")
    gnp("zhongmou", "Zhongmou", "中牟县", "Zhongmou", "county_seat")
    osm("yunlianghe", "运粮河", "运粮河站", "Yunlianghe station")
    osm("songchenglu", "宋城路", "宋城路站", "Songchenglu station")
    gnp("kaifeng", "Kaifeng", "开封", "Kaifeng", "city_centre",
        note="GeoNames point, about 4 km west of the walled old city")
    osm("kaifeng-station", "开封", "开封站", "Kaifeng station")
    osm("kaifeng-north", "开封北", "开封北站", "Kaifeng North station")
    gnp("lankao", "Lankao", "兰考县城", "Lankao county seat", "county_seat")
    osm("lankao-station", "兰考", "兰考站", "Lankao station")
    lon, lat = osm_unnamed(unnamed, 114.8183, 34.7720)
    add("lankao-south", "兰考南站", "Lankao South station", "station", lon, lat,
        OSM + "; unnamed in OSM, identified as 兰考南 (Zhengzhou–Xuzhou HSR)", "surveyed")
    hand("dongbatou", "东坝头镇", "Dongbatou", "town", "schematic")
    hand("yellow-river-last-bend", "黄河最后一道弯（东坝头）", "Yellow River's last bend (Dongbatou)", "landmark", "digitised")
    hand("zhangzhuang", "张庄村", "Zhangzhuang village", "village", "schematic")
    hand("jiao-yulu-memorial", "焦裕禄纪念园", "Jiao Yulu Memorial Park", "landmark", "schematic")
    hand("guyang", "堌阳镇", "Guyang", "town", "schematic")
    hand("kaocheng", "考城镇（原张君墓镇）", "Kaocheng (formerly Zhangjunmu)", "town", "schematic")
    gnp("qixian", "Qi Xian", "杞县", "Qi County seat", "county_seat")
    gnp("tongxu", "Tongxu", "通许县", "Tongxu County seat", "county_seat")
    gnp("weishi", "Weishi", "尉氏县", "Weishi County seat", "county_seat")
    gnp("minquan", "Minquan Chengguanzhen", "民权县", "Minquan County seat", "county_seat")
    osm("minquan-north", "民权北", "民权北站", "Minquan North station")
    osm("shangqiu-station", "商丘", "商丘站", "Shangqiu station")
    gnp("heze", "Heze", "菏泽", "Heze", "city_centre")
    lon, lat = osm_unnamed(unnamed, 115.5575, 35.1846)
    add("heze-east", "菏泽东站", "Heze East station", "station", lon, lat,
        OSM + "; unnamed in OSM, taken as 菏泽东 (Rizhao–Lankao HSR) by its position south-east of Heze — not verified",
        "schematic")
    lon, lat = osm_unnamed(unnamed, 115.1861, 35.0336)
    add("zhuangzhai", "庄寨站", "Zhuangzhai station", "station", lon, lat,
        OSM + "; unnamed in OSM, taken as 庄寨 (Cao county; Rizhao–Lankao HSR) by its position — not verified",
        "schematic")
    gnp("dongming", "Dongming Chengguanzhen", "东明县", "Dongming County seat", "county_seat")
    return feats


def build_river(shared):
    huang = [f for f in load(shared, "ne10m_rivers_area.geojson") if f["properties"]["name"] == "Huang"][0]
    parts = huang["geometry"]["coordinates"]
    west = [p for p in parts if p[0][0] < 113.0][0]       # 112.7 E → gap at 114.831 E
    east = [p for p in parts if p is not west][0]         # gap at 114.838 E → 35.7 N
    assert west[0][0] < west[-1][0] and east[0][1] < east[-1][1], "unexpected part direction"
    gap = GEOD.inv(west[-1][0], west[-1][1], east[0][0], east[0][1])[2]
    coords = west + east
    props = dict(name="黄河", name_en="Yellow River", kind="river", status="existing",
                 source=NE_RIVERS + ' ("Huang"), public domain', accuracy="digitised",
                 note=f"two Natural Earth parts joined west→east; {gap:.0f} m gap near 114.83 E, 35.02 N closed by a straight segment; 1:10m generalisation: the bend at Dongbatou is drawn ~5 km west of its true place")
    return [feature("yellow-river", props, linestring(coords))]


def build_corridors():
    return [
        feature("corridor-north-science-axis", dict(
            name="北部科创走廊轴线", name_en="Northern science and innovation corridor (axis)", kind="corridor_axis", corridor="corridor-north-science",
            status="planned", source=PLAN_2021, accuracy="schematic", width_m=8000, axis="郑开科学大道",
            note="axis along 郑开科学大道 (Zhengkai Science Avenue) extended to Lankao; 8 km band stays clear of the Yellow River channel"),
            linestring(NORTH_AXIS)),
        feature("corridor-south-industry-axis", dict(
            name="南部产业走廊轴线", name_en="Southern industrial corridor (axis)", kind="corridor_axis", corridor="corridor-south-industry",
            status="planned", source=PLAN_2021, accuracy="schematic", width_m=10000,
            axis="郑州航空港—中牟—开封（祥符）—兰考",
            note="links the manufacturing areas of the Zhengzhou airport economy zone and Zhongmou south, Kaifeng south/Xiangfu and Lankao south of the county seat"),
            linestring(SOUTH_AXIS)),
    ]


def build_clusters():
    feats = []
    for fid, zh, en, lon, lat, place, what in CLUSTERS:
        props = dict(name=f"{zh}产业集群" if not zh.startswith("研学") else f"{zh}基地",
                     name_en=f"{en} cluster", kind="cluster", status="planned", source=PLAN_2021,
                     accuracy="schematic", industry=zh, industry_en=en, follows=what)
        if place:
            props["place"] = place
        feats.append(feature(fid, props, point(lon, lat)))
    return feats


def build_zone():
    ring = list(ZONE_DRAFT) + [ZONE_DRAFT[0]]
    ax, ay = ZONE_ANCHOR
    for _ in range(6):
        k = math.sqrt(30.0 / geodesic_area_km2(ring))
        ring = [(ax + k * (x - ax), ay + k * (y - ay)) for x, y in ring]
    ring = clean_line(ring)
    if ring[0] != ring[-1]:
        ring.append(list(ring[0]))
    if signed_area(ring) < 0:
        ring.reverse()
    area = geodesic_area_km2(ring)
    props = dict(name="特别合作区", name_en="Special cooperation zone", kind="special_zone",
                 status="planned", source=PLAN_2024, accuracy="schematic", area_target_km2=30,
                 area_km2=round(area, 3), industries="电子信息、智能制造、新能源",
                 note="location schematic: south-east of Lankao's county seat, between the town and Lankao South station, off the Yellow River floodplain")
    return [feature("special-cooperation-zone", props, {"type": "Polygon", "coordinates": [ring]})]


def build_central_city(shared):
    urban = load(shared, "ne50m_urban_areas_area.geojson")

    def containing(lon, lat):
        hits = []
        for f in urban:
            ring = f["geometry"]["coordinates"][0]
            inside = False
            for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
                if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
                    inside = not inside
            if inside:
                hits.append(f)
        assert len(hits) == 1, (lon, lat, len(hits))
        return hits[0]

    feats = []
    for fid, name, name_en, (lon, lat), what in [
            ("central-city-zhengzhou", "郑州中心城区", "Zhengzhou central city", HAND_POINTS["zhengzhou"][:2], "二七广场"),
            ("central-city-kaifeng", "开封城区", "Kaifeng urban area", (114.3499, 34.7950), "the walled old city")]:
        f = containing(lon, lat)
        rings = [clean_line(r) for r in f["geometry"]["coordinates"]]
        if signed_area(rings[0]) < 0:
            rings[0].reverse()
        props = dict(name=name, name_en=name_en, kind="central_city", status="existing",
                     source=NE_URBAN + f" (the polygon containing {what}), public domain",
                     accuracy="digitised", ne_area_sqkm=f["properties"].get("area_sqkm"))
        feats.append(feature(fid, props, {"type": "Polygon", "coordinates": rings}))
    return feats


def build_transport(shared, stations, unnamed, gn):
    feats = []
    S = lambda zh: stations[zh]
    lankao_south = osm_unnamed(unnamed, 114.8183, 34.7720)
    heze_east = osm_unnamed(unnamed, 115.5575, 35.1846)
    zhuangzhai = osm_unnamed(unnamed, 115.1861, 35.0336)
    g = lambda key: gn[key][0]

    def add(fid, name, name_en, mode, route, status, accuracy, source, coords, **extra):
        props = dict(name=name, name_en=name_en, kind="transport", mode=mode, route=route,
                     status=status, source=source, accuracy=accuracy)
        props.update(extra)
        geom = point(*coords) if mode == "airport" else linestring(coords)
        feats.append(feature(fid, props, geom))

    # ---- existing rail
    rail = load(shared, "ne10m_railroads_area_z7tiles.geojson")
    # NE railroads 0 (112.7 E → Zhengzhou junction), 3 (junction → 113.664, 34.738) and
    # 4 (→ Kaifeng, Lankao, Shangqiu, 115.9 E) form the Longhai line west→east.
    longhai = rail[0]["geometry"]["coordinates"] + rail[3]["geometry"]["coordinates"][1:] + \
        rail[4]["geometry"]["coordinates"][1:]
    assert abs(longhai[0][0] - 112.7) < 1e-6 and abs(longhai[-1][0] - 115.9) < 1e-6
    longhai = snap_to_stations(longhai, [S(n) for n in LONGHAI_STATIONS])
    add("railway-longhai", "陇海铁路", "Longhai railway", "railway", "陇海线", "existing", "digitised",
        NE_RAIL + " (features 0, 3, 4; public domain), pulled through the OSM stations " + "、".join(LONGHAI_STATIONS),
        longhai, passes=["zhengzhou-station", "kaifeng-station", "lankao-station", "shangqiu-station"])

    # Zhengzhou–Xuzhou HSR: not in Natural Earth; station-to-station through OSM stations.
    add("hsr-zhengzhou-xuzhou", "郑徐高铁", "Zhengzhou–Xuzhou high-speed railway", "high_speed_rail",
        "郑徐客专", "existing", "digitised", OSM + "; line drawn station to station (郑州东—开封北—兰考南—民权北—商丘)",
        [S("郑州东"), S("开封北"), lankao_south, S("民权北"), S("商丘")],
        passes=["zhengzhou-east", "kaifeng-north", "lankao-south", "minquan-north", "shangqiu-station"])

    # S2 郑开城际: existing 郑州东—宋城路 (opened 2014-12-28) through the OSM stations, the two
    # unnamed ones between being its intermediate stations (宋庄, 绿博园 by position).
    s2_existing = [S("郑州东"), osm_unnamed(unnamed, 113.8438, 34.7761),
                   osm_unnamed(unnamed, 113.9278, 34.7815), S("运粮河"), S("宋城路")]
    add("s2-zhengkai-intercity", "郑开城际铁路（S2）", "Zhengzhou–Kaifeng intercity railway (S2)",
        "intercity_rail", "S2", "existing", "digitised",
        OSM + "; line drawn station to station 郑州东—宋城路", s2_existing,
        passes=["zhengzhou-east", "yunlianghe", "songchenglu"])
    # 延长线 宋城路—开封站 (7.17 km along the north side of the Longhai line; works began 2022-06).
    add("s2-kaifeng-extension", "郑开城际铁路延长线（宋城路—开封站）",
        "S2 extension Songchenglu–Kaifeng station", "intercity_rail", "S2", "under_construction",
        "schematic", PLAN_2021 + "; 郑开城际铁路延长线 project (2022)",
        [S("宋城路"), (114.300, 34.7815), (114.325, 34.7768), S("开封")],
        passes=["songchenglu", "kaifeng-station"])
    # Planned extension 开封—兰考 beside the Longhai line (300 m north of its stations).
    add("s2-lankao-extension", "郑开城际铁路兰考延伸线", "S2 extension Kaifeng–Lankao (planned)",
        "intercity_rail", "S2", "planned", "schematic", PLAN_2021,
        [S("开封"), (114.420, 34.7825), (114.512, 34.7855), (114.600, 34.7930), (114.685, 34.8010),
         (114.760, 34.8150), S("兰考")],
        passes=["kaifeng-station", "lankao-station"])

    # Heze–Lankao HSR (菏兰高铁 = 日兰高铁庄寨—兰考南段). Planned in the 2021 plan; opened
    # 2024-07-18. It leaves 菏泽东, runs west through Cao county (庄寨), crosses the southern
    # tip of Dongming county, eastern Lankao (孟寨) and north-western Minquan and joins the
    # Zhengzhou–Xuzhou line into 兰考南. Between the stations: schematic.
    add("hsr-heze-lankao", "菏兰高铁", "Heze–Lankao high-speed railway", "high_speed_rail", "日兰高铁",
        "existing", "schematic", PLAN_2021 + "; route per the 2019 EIA (菏泽东—庄寨—兰考南), opened 2024-07-18",
        [heze_east, (115.380, 35.120), zhuangzhai, (115.100, 34.905), (115.020, 34.800),
         (114.950, 34.733), (114.900, 34.750), lankao_south],
        passes=["heze-east", "zhuangzhai", "lankao-south"],
        note="the plan (2021) lists it as planned; it opened on 2024-07-18. It passes Dongming county, not Dongming town")
    # Southern extension to 郑州南站 (now 郑州航空港站) via 杞县, 通许, 尉氏 and the airport zone.
    add("hsr-lankao-zhengzhou-south", "菏兰高铁南延（兰考—杞县—通许—尉氏—郑州南站）",
        "Heze–Lankao HSR southern extension to Zhengzhou South (Hangkonggang)", "high_speed_rail",
        "菏兰高铁南延", "planned", "schematic", PLAN_2021,
        [lankao_south, (114.800, 34.700), g("Qi Xian"), (114.620, 34.515), g("Tongxu"),
         (114.320, 34.445), g("Weishi"), (114.050, 34.455), S("郑州航空港")],
        passes=["lankao-south", "qixian", "tongxu", "weishi", "zhengzhou-south"])

    # ---- roads
    roads = load(shared, "ne10m_roads_area_z7tiles.geojson")
    rc = lambda i: roads[i]["geometry"]["coordinates"]
    g30 = rc(0)[::-1] + rc(14)[::-1][1:] + rc(1)[::-1][1:] + rc(2) + G30_BRIDGE + rc(4) + rc(9)[1:]
    add("expressway-g30", "连霍高速（G30）", "Lianyungang–Khorgas expressway (G30)", "expressway", "G30",
        "existing", "digitised",
        NE_ROADS + " (features 0, 14, 1, 2, 4, 9; public domain); 113.66–113.81 E bridged by hand", g30)
    # G310: no geometry in the reference data; schematic along its old alignment beside the
    # Longhai line (郑汴路 → 中牟 → 开封 → 兰考 → 民权 → 宁陵 → 商丘).
    add("national-road-g310", "国道310", "National road G310", "national_road", "G310", "existing",
        "schematic", "hand-digitised beside the Longhai railway (no route geometry in the reference data)",
        [(113.700, 34.752), (113.800, 34.742), g("Zhongmou"), (114.100, 34.752), (114.260, 34.779),
         (114.350, 34.766), (114.512, 34.777), (114.685, 34.793), (114.800, 34.808), (114.950, 34.765),
         g("Minquan Chengguanzhen"), (115.312, 34.570), (115.650, 34.440)])
    # 郑开大道 (existing): between 郑州 and 开封 beside S2, which runs in its median.
    zk = [(113.790, 34.7705), (113.8438, 34.7775), (113.9278, 34.7830), (114.1903, 34.7985), (114.2786, 34.7875)]
    add("zhengkai-avenue", "郑开大道", "Zhengkai Avenue", "expressway", "郑开大道", "existing", "schematic",
        "hand-digitised along the S2 line in its median", zk)
    add("zhengkai-avenue-east-extension", "郑开大道东延（兰考高架快速路）",
        "Zhengkai Avenue east extension to Lankao (elevated expressway)", "expressway", "郑开大道",
        "planned", "schematic", PLAN_2021,
        [(114.2786, 34.7875), (114.295, 34.815), (114.340, 34.826), (114.450, 34.830), (114.600, 34.836),
         (114.720, 34.836), (114.790, 34.833)])
    # S312 (郑汴沿黄大道) extended east from Kaifeng's north (柳园口) along the south levee.
    add("provincial-road-s312-east", "省道312东延", "S312 east extension", "provincial_road", "S312",
        "planned", "schematic", PLAN_2021,
        [(114.400, 34.870), (114.500, 34.878), (114.600, 34.872), (114.700, 34.868), (114.770, 34.878),
         (114.792, 34.893)])
    # G240 (开兰路) upgrade, Kaifeng–Lankao; its Lankao end follows Natural Earth road 35.
    add("national-road-g240", "国道240（开兰路）升级", "G240 (Kaifeng–Lankao road) upgrade", "national_road",
        "G240", "planned", "schematic", PLAN_2021 + "; Lankao end along " + NE_ROADS + " feature 35",
        [(114.385, 34.800), (114.520, 34.810), (114.620, 34.822)] + rc(35)[::-1])
    # S218 and S216 upgrades: the plan names the routes; their alignments are not in the
    # reference data and are NOT verified — these are placeholders through Lankao.
    add("provincial-road-s218", "省道218升级", "S218 upgrade", "provincial_road", "S218", "planned",
        "schematic", PLAN_2021,
        [(114.792, 34.893), (114.805, 34.860), (114.815, 34.830), (114.808, 34.795), (114.790, 34.750)],
        note="alignment not verified: schematic placeholder north–south through the county seat")
    add("provincial-road-s216", "省道216升级", "S216 upgrade", "provincial_road", "S216", "planned",
        "schematic", PLAN_2021,
        [(114.965, 34.950), (115.000, 34.880), (115.040, 34.810), (115.060, 34.760)],
        note="alignment not verified: schematic placeholder north–south through eastern Lankao (堌阳)")
    add("road-xincao-bianlan", "新曹路—汴兰大道升级", "Xincao Road–Bianlan Avenue upgrade", "national_road",
        "新曹路—汴兰大道", "planned", "schematic", PLAN_2021,
        [(114.378, 34.790), (114.450, 34.775), (114.550, 34.780), (114.650, 34.786), (114.750, 34.795),
         (114.830, 34.803)],
        note="mode approximate (trunk road); alignment schematic, south of the G240 road")

    # ---- air
    add("airport-lankao-ga", "兰考通用机场", "Lankao general aviation airport", "airport", "通用机场",
        "planned", "schematic", PLAN_2021, (115.050, 34.860),
        note="site not published in the reference data; placed in eastern Lankao farmland")
    add("airport-express-lankao-xinzheng", "兰考至郑州新郑国际机场快线",
        "Lankao–Zhengzhou Xinzheng airport express", "airport_express", "机场快线", "planned",
        "schematic", PLAN_2021,
        [lankao_south, (114.600, 34.745), (114.440, 34.728), (114.300, 34.700), (114.150, 34.650),
         (114.000, 34.585), HAND_POINTS["xinzheng-airport"][:2]],
        passes=["lankao-south", "xinzheng-airport"])
    return feats


# --------------------------------------------------------------------------- checks

def gcj_to_wgs(lon, lat):
    a, ee = 6378245.0, 0.00669342162296594323

    def tlat(x, y):
        r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
        r += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
        r += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
        r += (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
        return r

    def tlon(x, y):
        r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
        r += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
        r += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
        r += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
        return r

    def forward(x, y):
        dlat, dlon = tlat(x - 105.0, y - 35.0), tlon(x - 105.0, y - 35.0)
        rad = y / 180.0 * math.pi
        m = 1 - ee * math.sin(rad) ** 2
        dlat = dlat * 180.0 / ((a * (1 - ee)) / (m * math.sqrt(m)) * math.pi)
        dlon = dlon * 180.0 / (a / math.sqrt(m) * math.cos(rad) * math.pi)
        return x + dlon, y + dlat

    x, y = lon, lat
    for _ in range(30):
        gx, gy = forward(x, y)
        x, y = x - (gx - lon), y - (gy - lat)
        if abs(gx - lon) < 1e-10 and abs(gy - lat) < 1e-10:
            break
    return x, y


def check(shared, files):
    import numpy as np
    import shapely
    from pyproj import Transformer
    from shapely.geometry import MultiPolygon, Polygon, shape

    problems = []
    with open(os.path.join(shared, "boundaries", "410225.geojson"), encoding="utf-8") as f:
        g = json.load(f)
    polys = [Polygon([gcj_to_wgs(x, y) for x, y in poly[0]], [[gcj_to_wgs(x, y) for x, y in r] for r in poly[1:]])
             for poly in g["coordinates"]]
    lankao = polys[0] if len(polys) == 1 else MultiPolygon(polys)
    to_utm = Transformer.from_crs(4326, 32650, always_xy=True)  # UTM 50N, metres

    def transform(_unused, geom):
        return shapely.transform(geom, lambda a: np.column_stack(to_utm.transform(a[:, 0], a[:, 1])))
    utm = None
    lankao_m = transform(utm, lankao)
    edge_m = lankao_m.boundary

    required = {"id", "name", "name_en", "kind", "source", "accuracy"}
    seen = {}
    report = []
    for path, feats in files.items():
        rel = os.path.relpath(path, ROOT)
        report.append(f"{rel}: {len(feats)} features")
        for f in feats:
            p = f["properties"]
            fid = f.get("id")
            if fid != p.get("id"):
                problems.append(f"{rel}: feature id {fid} != properties.id {p.get('id')}")
            if fid in seen:
                problems.append(f"duplicate id {fid} in {rel} and {seen[fid]}")
            seen[fid] = rel
            need = set(required) | ({"status"} if "places.geojson" not in rel else set())
            if "transport" in rel:
                need |= {"mode", "route"}
            if "corridor_axes" in rel:
                need |= {"width_m"}
            if "clusters" in rel:
                need |= {"industry", "industry_en"}
            missing = [k for k in sorted(need) if p.get(k) in (None, "")]
            if missing:
                problems.append(f"{fid}: missing {missing}")
            if "status" in p and p["status"] not in STATUS:
                problems.append(f"{fid}: status {p['status']}")
            if p.get("accuracy") not in ACCURACY:
                problems.append(f"{fid}: accuracy {p.get('accuracy')}")
            if "mode" in p and p["mode"] not in MODES:
                problems.append(f"{fid}: mode {p['mode']}")
            geom = shape(f["geometry"])
            minx, miny, maxx, maxy = geom.bounds
            if not (112.5 <= minx and maxx <= 116 and 33.5 <= miny and maxy <= 36):
                problems.append(f"{fid}: outside 112.5–116, 33.5–36 ({geom.bounds})")
            if f["geometry"]["type"] == "Polygon":
                ring = f["geometry"]["coordinates"][0]
                if ring[0] != ring[-1] or signed_area(ring) <= 0:
                    problems.append(f"{fid}: exterior ring not closed/counter-clockwise")
            if "clusters" in rel:
                d = edge_m.distance(transform(utm, geom))
                if not lankao.contains(geom):
                    problems.append(f"{fid}: cluster outside Lankao")
                report.append(f"  {fid}: {d:.0f} m inside Lankao")
            if "special_zone" in rel:
                area = abs(GEOD.geometry_area_perimeter(geom)[0]) / 1e6
                inside = lankao.contains(geom)
                clear = edge_m.distance(transform(utm, geom))
                report.append(f"  {fid}: geodesic area {area:.4f} km², inside Lankao {inside}, clearance {clear:.0f} m")
                if not (29.5 <= area <= 30.5) or not inside or clear < 1000:
                    problems.append(f"{fid}: area {area:.3f} km², inside {inside}, clearance {clear:.0f} m")
    # Places must lie in Henan, or (Heze, Dongming, Heze East, Zhuangzhai) in Heze city.
    def region(code):
        with open(os.path.join(shared, "boundaries", code + ".geojson"), encoding="utf-8") as f:
            gg = json.load(f)
        ps = [Polygon([gcj_to_wgs(x, y) for x, y in poly[0]]) for poly in gg["coordinates"]]
        return MultiPolygon(ps) if len(ps) > 1 else ps[0]
    henan, heze = region("410000"), region("371700")
    for f in files[os.path.join(OUT, "places.geojson")]:
        pt = shape(f["geometry"])
        if not (henan.contains(pt) or heze.contains(pt)):
            problems.append(f"place {f['id']} is neither in Henan nor in Heze")
        elif heze.contains(pt):
            report.append(f"  place {f['id']} lies in Heze (Shandong)")
    print("\n".join(report))
    if problems:
        print("PROBLEMS:\n  " + "\n  ".join(problems))
        return 1
    print("all checks passed")
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default=DEFAULT_SHARED, help="shared data directory (with reference/ and boundaries/)")
    ap.add_argument("--check", action="store_true", help="verify the written files (needs shapely)")
    args = ap.parse_args()
    shared = os.path.abspath(args.shared)
    stations, unnamed = osm_stations(shared)
    gn = geonames(shared)
    files = {
        os.path.join(OUT, "places.geojson"): build_places(shared, stations, unnamed, gn),
        os.path.join(OUT, "plan", "yellow_river.geojson"): build_river(shared),
        os.path.join(OUT, "plan", "corridor_axes.geojson"): build_corridors(),
        os.path.join(OUT, "plan", "clusters.geojson"): build_clusters(),
        os.path.join(OUT, "plan", "special_zone.geojson"): build_zone(),
        os.path.join(OUT, "plan", "transport.geojson"): build_transport(shared, stations, unnamed, gn),
        os.path.join(OUT, "plan", "central_city.geojson"): build_central_city(shared),
    }
    for path, feats in files.items():
        dump(path, feats)
        print(f"wrote {os.path.relpath(path, ROOT)} ({len(feats)} features)")
    if args.check:
        return check(shared, files)
    return 0


if __name__ == "__main__":
    sys.exit(main())
