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

from geodata_common import (GEOD, GEONAMES, NE_RIVERS, NE_URBAN, OSM, clean_line, dump, feature, gcj_to_wgs,
                            geodesic_area_km2, geonames, linestring, load, osm_stations, osm_unnamed, point,
                            r6, signed_area)
from plan_text import (CORE_AREA, EAST_ZONE_2024, LAYOUT, OPENING, PLAN_2021, PLAN_2024, TOWNS_2024, cite, cites)
from plan_transport import EXPRESSWAY_PUBLISHED_KM, HEZE_LANKAO_PUBLISHED_KM, MODES, build_transport, henan_section_km

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_SHARED = os.path.join(ROOT, "..", "shared", "data")
OUT = os.path.join(ROOT, "geodata")

STATUS = ("existing", "planned", "under_construction")
ACCURACY = ("surveyed", "digitised", "schematic")


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
    # 考城镇 (张君墓镇 until 2014-07; a few gazetteer pages say 2024): "located in the south-east of
    # Lankao", bordering 葡萄架、小宋、南彰、许河 and, to the east and south, Minquan county (gazetteer
    # descriptions). Its seat is in none of the reference data sets: placed in the middle of
    # Lankao's south-eastern lobe, uncertain by up to about 10 km.
    "kaocheng": (115.100, 34.830, "south-eastern Lankao per gazetteer descriptions; seat NOT located, uncertain by up to ~10 km"),
}

# River: Natural Earth's "Huang" is a MultiLineString in two parts with a ~630 m gap at
# (114.831, 35.020)-(114.838, 35.020). Part 2 runs west→east from 112.7 E to the gap, part 1
# from the gap north-east into Shandong (past Dongming) to the edge of the extract at 35.7 N.

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

# Special cooperation zone (郑开（兰考）特别合作区): its location is not published (the 2021 plan's
# 图2 shows it but was not georeferenced). The polygon is the best candidate of `tongcheng site`
# under the plan's siting criteria as far as the bundled data can express them (recipe
# scripts/geodata/special-zone-site.yaml: off the Yellow River belt by 1 km, off a 3 km disc
# around the county seat, within 5 km of 兰考南站 or G30), rounded to 6 decimals.
SPECIAL_ZONE_SITE = [(114.8726, 34.783545), (114.932443, 34.783579), (114.932418, 34.832952),
                     (114.87254, 34.832917)]

# Clusters (多点): (id, 产业, industry, lon, lat, place id or None, what the point follows).
# One feature per industry the plan names in 多点 (三（一）), in its words; `qualifier` holds what
# we add (projects, places), never the name.
# (id, industry as in the text, English, lon, lat, place id or None, what the point follows,
#  qualifier or None, further clauses naming the industry's projects or places).
CLUSTERS = [
    ("cluster-advanced-manufacturing", "先进制造", "advanced manufacturing",
     114.862, 34.815, "lankao", "兰考经济技术开发区, east of the county seat", None,
     [cite(PLAN_2021, "四（三）", what="优化先进制造业布局")]),
    ("cluster-energy-environment", "节能环保", "energy saving and environmental protection",
     114.890, 34.800, "lankao", "south-east of the county seat", "资源循环（国家级资源循环利用基地、循环经济产业园）",
     [cite(PLAN_2021, "四（三）", what="打造百亿级资源循环与节能环保产业集群")]),
    ("cluster-smart-home", "智慧家居", "smart home furnishing",
     114.878, 34.830, "lankao", "home-furnishing parks east of the county seat", "品牌家居、定制家居（兰东家居配套产业园等）",
     [cite(PLAN_2021, "四（三）", what="金纬仑智能家居、名门木秀家居产业园"), cite(PLAN_2024, "四（十）", what="建设兰东家居配套产业园")]),
    ("cluster-musical-instruments", "民族乐器", "traditional Chinese musical instruments",
     114.965, 34.950, "guyang", "堌阳镇 (徐场村, 中国·兰考音乐小镇)", "堌阳音乐镇",
     [cite(PLAN_2021, "四（一）", what="打造堌阳音乐镇"), cite(PLAN_2024, "四（十一）", what="培育民族乐器产业")]),
    ("cluster-green-food", "绿色食品", "green food",
     115.100, 34.830, "kaocheng", "no place named in the texts: farmland of south-eastern Lankao (考城)", None,
     [cite(PLAN_2024, "四（十）", what="打造绿色食品产业")]),
    ("cluster-exhibition", "会展服务", "exhibition services",
     114.822, 34.832, "lankao", "county seat", None,
     [cite(PLAN_2021, "四（三）", what="创新发展会展服务")]),
    ("cluster-study-tours", "研学旅行", "study tours",
     114.818, 34.845, "jiao-yulu-memorial", "焦裕禄纪念园", "焦裕禄精神研学；黄河湾（东坝头、张庄村）",
     [cite(PLAN_2021, "四（一）", what="打造国家级研学旅游示范基地; 推进焦裕禄纪念园改扩建、研学中心保护项目")]),
    ("cluster-modern-agriculture", "现代农业", "modern agriculture",
     114.800, 34.960, None, "floodplain north of Dongbatou (谷营/东坝头)", "黄河滩区",
     [cite(PLAN_2021, "四（八）", what="万亩滩区耕地高效利用")]),
]



# --------------------------------------------------------------------------- builders

def build_places(shared, stations, unnamed, gn):
    feats = []

    def add(fid, name, name_en, kind, lon, lat, source, accuracy, **extra):
        props = dict(name=name, name_en=name_en, kind=kind, source=source, accuracy=accuracy)
        props.update(extra)
        feats.append(feature(fid, props, point(lon, lat)))

    def hand(fid, name, name_en, kind, accuracy, **extra):
        lon, lat, what = HAND_POINTS[fid]
        add(fid, name, name_en, kind, lon, lat, f"digitised by hand: {what}", accuracy, **extra)

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
    sub_centre = cite(PLAN_2024, TOWNS_2024, what="重点建设堌阳、考城两个县域副中心")
    hand("guyang", "堌阳镇", "Guyang", "town", "schematic", plan_role=sub_centre)
    hand("kaocheng", "考城镇", "Kaocheng (Zhangjunmu until 2014)", "town", "schematic", plan_role=sub_centre,
         former_name="张君墓镇", note="renamed from 张君墓镇 in July 2014 (most gazetteers; some say 2024). Not in the reference data: position schematic, uncertain by up to ~10 km")
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
    gnp("yuanyang", "Yuanyang", "原阳县", "Yuanyang County seat", "county_seat",
        note="the 原 of 兰原高速 (豫政〔2024〕13号 三（八）), our reading")
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
    layout = cite(PLAN_2021, LAYOUT, what="“两廊”即北部科创走廊和南部产业走廊")
    return [
        feature("corridor-north-science-axis", dict(
            name="北部科创走廊轴线", name_en="Northern science and innovation corridor (axis)", kind="corridor_axis", corridor="corridor-north-science",
            status="planned", source=layout + " — 以郑开科学大道为东西主轴", accuracy="schematic", width_m=8000, axis="郑开科学大道",
            axis_basis="the text names the axis (郑开科学大道); its course and its extension to Lankao are drawn by hand",
            width_basis="assumption: the text gives no width; 8 km keeps the band clear of the Yellow River channel",
            note="axis along 郑开科学大道 (Zhengkai Science Avenue) extended to Lankao"),
            linestring(NORTH_AXIS)),
        feature("corridor-south-industry-axis", dict(
            name="南部产业走廊轴线", name_en="Southern industrial corridor (axis)", kind="corridor_axis", corridor="corridor-south-industry",
            status="planned", source=layout, accuracy="schematic", width_m=10000,
            axis="郑州航空港—中牟—开封（祥符）—兰考",
            axis_basis="assumption: the text names no axis or place for the southern corridor; drawn by hand through the manufacturing areas of the Zhengzhou airport economy zone, Zhongmou south, Kaifeng south/Xiangfu and Lankao south of the county seat",
            width_basis="assumption: the text gives no width",
            note="both the axis and the width are our assumptions"),
            linestring(SOUTH_AXIS)),
    ]


def build_clusters():
    feats = []
    for fid, zh, en, lon, lat, place, what, qualifier, clauses in CLUSTERS:
        source = cites(cite(PLAN_2021, LAYOUT, what="“多点”即发挥兰考先进制造、节能环保、智慧家居、民族乐器、绿色食品、会展服务、研学旅行、现代农业等产业特色优势"), *clauses)
        props = dict(name=zh, name_en=en, kind="cluster", status="existing", source=source,
                     accuracy="schematic", industry=zh, industry_en=en, follows=what,
                     status_basis="总体方案 (2021) 三（一） names it among Lankao's existing strengths (发挥…产业特色优势: build on them); the clauses in `source` name what is to be added")
        if qualifier:
            props["qualifier"] = qualifier
        if place:
            props["place"] = place
        feats.append(feature(fid, props, point(lon, lat)))
    return feats


def build_zone():
    ring = [list(p) for p in SPECIAL_ZONE_SITE] + [list(SPECIAL_ZONE_SITE[0])]
    if signed_area(ring) < 0:
        ring.reverse()
    area = geodesic_area_km2(ring)
    props = dict(name="郑开（兰考）特别合作区", name_en="Zhengzhou–Kaifeng (Lankao) special cooperation zone", kind="special_zone",
                 status="planned",
                 source=cites(cite(PLAN_2021, CORE_AREA, what="设立30平方公里左右的特别合作区 and its siting criteria (适建空间充裕、生态和基本农田约束较少、对外交通快捷便利、符合国土空间规划和“三线一单”)"),
                              cite(PLAN_2024, EAST_ZONE_2024, what="建设郑开（兰考）特别合作区 (the name)")),
                 accuracy="schematic", area_target_km2=30, area_km2=round(area, 3), industries="电子信息、智能制造、新能源",
                 placed_by="tongcheng site, recipe scripts/geodata/special-zone-site.yaml: best 30 km² square off the Yellow River belt (1 km clear) and a 3 km disc around the county seat, within 5 km of 兰考南站 or G30",
                 note="location NOT published: the 2021 plan's 图2 shows the zone but was not georeferenced. This polygon was placed by tongcheng site under the plan's criteria as far as the bundled data can express them (not farmland or the territorial plan, which are not public; a conform check against them remains). It straddles the Longhai railway and G310, east-south-east of the county seat")
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


# --------------------------------------------------------------------------- checks


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
                if not (29.5 <= area <= 30.5) or not inside or clear < 500:
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
    # 菏兰高铁: drawn lengths against the published ones.
    transport = files[os.path.join(OUT, "plan", "transport.geojson")]
    henan_km = henan_section_km(transport, henan)
    hl = shape([f for f in transport if f["id"] == "hsr-heze-lankao"][0]["geometry"])
    total_km = GEOD.geometry_length(hl) / 1000
    pub = HEZE_LANKAO_PUBLISHED_KM
    report.append(f"  hsr-heze-lankao: drawn {total_km:.3f} km (published {pub['heze_east_to_lankao_south']}), "
                  f"Henan section {henan_km:.3f} km (published {pub['henan_section']}, {100 * (henan_km / pub['henan_section'] - 1):+.1f} %)")
    if abs(henan_km / pub["henan_section"] - 1) > 0.01:
        problems.append(f"hsr-heze-lankao: Henan section drawn {henan_km:.3f} km, published {pub['henan_section']} km")
    # The three expressways: drawn county lengths against the published ones (within 20 %).
    counties = {"兰考县": "410225", "民权县": "411421", "杞县": "410221", "太康县": "411627", "封丘县": "410727"}
    for fid, published in EXPRESSWAY_PUBLISHED_KM.items():
        line = shape([f for f in transport if f["id"] == fid][0]["geometry"])
        for county, km in published.items():
            drawn = GEOD.geometry_length(line if county == "total" else line.intersection(region(counties[county]))) / 1000
            report.append(f"  {fid}: {county} drawn {drawn:.3f} km, published {km} km ({100 * (drawn / km - 1):+.1f} %)")
            if abs(drawn / km - 1) > 0.2:
                problems.append(f"{fid}: {county} drawn {drawn:.3f} km, published {km} km")
    # GCJ-02 offset near Lankao: every vertex of the source boundary against its conversion.
    shifts = [GEOD.inv(x, y, *gcj_to_wgs(x, y))[2] for poly in g["coordinates"] for x, y in poly[0]]
    report.append(f"  GCJ-02 − WGS 84 along Lankao's boundary: {min(shifts):.0f}–{max(shifts):.0f} m over {len(shifts)} vertices")
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
        os.path.join(OUT, "plan", "transport.geojson"): build_transport(shared, stations, unnamed, gn, HAND_POINTS),
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
