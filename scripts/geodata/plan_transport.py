"""The plan's transport layer (geodata/plan/transport.geojson): rail, roads, airports, logistics.

Every element cites the clause that names it (plan_text.py). Where a text gives no alignment the
line is drawn schematically between the places it names, and `note` says so and how sure it is.
"""
import json
import os

from geodata_common import (GEOD, NE_RAIL, NE_ROADS, OSM, feature, linestring, load, osm_unnamed, point,
                            snap_to_stations)
from plan_text import (HUB_2024, EAST_ZONE_2024, OPENING, PLAN_2021, PLAN_2024, TRANSPORT, cite, cites)

MODES = ("high_speed_rail", "intercity_rail", "railway", "expressway", "national_road",
         "provincial_road", "airport", "airport_express", "airport_terminal", "freight_station", "land_port")
POINT_MODES = ("airport", "airport_terminal", "freight_station", "land_port")

# Stations the traced Longhai railway is pulled through (OSM names).
LONGHAI_STATIONS = ["黑石关", "巩义", "上街", "荥阳", "郑州", "圃田", "中牟", "邵岗集", "杏花营",
                    "开封", "兴隆庄", "罗王", "兰考", "民权", "宁陵县", "商丘"]

# G30 Lianhuo expressway: Natural Earth roads 0 (reversed), 14 (reversed), 1 (reversed), 2,
# 4 and 9. Natural Earth has no piece between 113.656 and 113.811 (north of Zhengzhou);
# these vertices bridge it along the northern edge of the city to the 刘江 interchange.
G30_BRIDGE = [(113.700, 34.852), (113.760, 34.848), (113.795, 34.838)]

# 菏兰高铁 (日兰高铁 庄寨—兰考南), between 庄寨 and 兰考南. Published: 菏泽东—兰考南 84.942 km;
# 河南段 41.264 km, "由庄寨引出进入河南省…途经民权县、兰考县，接入徐兰高铁兰考南站" (Henan
# railway investment plan, 2021; 郑州日报 2023-12-05); 庄寨—兰考南 47.861 km (2024). The second
# EIA notice of the 菏泽至兰考段 (as reported) lists 东明县 among the counties crossed. These
# vertices make the drawn Henan section 41.23 km (−0.1 %) and cross Cao county, the southern tip
# of Dongming county (0.9 km), eastern Lankao and the north-west of Minquan before joining the
# Zhengzhou–Xuzhou line east of 兰考南 from the east-south-east; `digitise_plan.py --check`
# prints the measured lengths.
HEZE_LANKAO_VERTICES = [(115.120, 34.985), (114.980, 34.795), (114.885, 34.761)]
HEZE_LANKAO_PUBLISHED_KM = {"heze_east_to_lankao_south": 84.942, "henan_section": 41.264,
                            "zhuangzhai_to_lankao_south": 47.861}

# 兰沈高速 (2024): read as 兰考—沈丘 (Zhoukou). Drawn along 115.08 E from Lankao's border with
# Dongming (Shandong, where the opinion wants it linked with its Shandong section) south to
# 33.9 N, the southern edge of the reference data; 沈丘 (≈ 33.4 N) lies beyond it.
LANSHEN_MERIDIAN = 115.08
LANSHEN_NORTH = 35.001444   # where 115.08 E crosses Lankao's northern (Henan–Shandong) boundary
LANSHEN_SOUTH = 33.9


def river_right_bank(shared, west_lon, east_lat, offset_m):
    """The Yellow River line (geodata/plan/yellow_river.geojson) from west_lon to where it reaches
    east_lat, moved offset_m to its right (south/east) bank: a schematic alignment "along the river"."""
    import numpy as np
    import shapely
    from pyproj import Transformer
    from shapely.geometry import LineString
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    with open(os.path.join(root, "geodata", "plan", "yellow_river.geojson"), encoding="utf-8") as f:
        river = json.load(f)["features"][0]["geometry"]["coordinates"]
    part = [p for p in river if p[0] >= west_lon and p[1] <= east_lat]
    fwd = Transformer.from_crs(4326, 32650, always_xy=True)
    inv = Transformer.from_crs(32650, 4326, always_xy=True)
    line = shapely.transform(LineString(part), lambda a: np.column_stack(fwd.transform(a[:, 0], a[:, 1])))
    moved = line.offset_curve(-offset_m, join_style="round").simplify(300)
    back = shapely.transform(moved, lambda a: np.column_stack(inv.transform(a[:, 0], a[:, 1])))
    return list(back.coords)


def build_transport(shared, stations, unnamed, gn, hand_points):
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
        geom = point(*coords) if mode in POINT_MODES else linestring(coords)
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
        NE_RAIL + " (features 0, 3, 4; public domain), pulled through the OSM stations " + "、".join(LONGHAI_STATIONS)
        + "; named in " + cite(PLAN_2021, OPENING, what="依托陇海铁路兰考货运站"),
        longhai, passes=["zhengzhou-station", "kaifeng-station", "lankao-station", "shangqiu-station"])

    # Zhengzhou–Xuzhou HSR: not in Natural Earth; four straight chords between OSM stations.
    add("hsr-zhengzhou-xuzhou", "郑徐高铁", "Zhengzhou–Xuzhou high-speed railway", "high_speed_rail",
        "郑徐客专", "existing", "schematic", OSM + "; line drawn station to station (郑州东—开封北—兰考南—民权北—商丘)",
        [S("郑州东"), S("开封北"), lankao_south, S("民权北"), S("商丘")],
        passes=["zhengzhou-east", "kaifeng-north", "lankao-south", "minquan-north", "shangqiu-station"],
        note="four straight chords between the stations (their positions surveyed by OSM); the track between them is not traced, so the line is schematic")

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
        "schematic", "郑开城际铁路延长线 project (2022; not in the plan texts), the first step of "
        + cite(PLAN_2021, TRANSPORT, what="城际铁路S2线东延至兰考"),
        [S("宋城路"), (114.300, 34.7815), (114.325, 34.7768), S("开封")],
        passes=["songchenglu", "kaifeng-station"],
        note="status and route from the 2022 project, not from the plan texts; drawn beside the Longhai line")
    # Planned extension 开封—兰考 beside the Longhai line (300 m north of its stations).
    add("s2-lankao-extension", "城际铁路S2线东延至兰考", "S2 intercity railway extended east to Lankao",
        "intercity_rail", "S2", "planned", "schematic", cite(PLAN_2021, TRANSPORT, what="适时推动城际铁路S2线东延至兰考"),
        [S("开封"), (114.420, 34.7825), (114.512, 34.7855), (114.600, 34.7930), (114.685, 34.8010),
         (114.760, 34.8150), S("兰考")],
        passes=["kaifeng-station", "lankao-station"],
        note="the text gives no alignment: drawn beside the Longhai line from 开封站 to 兰考站 (assumed termini)")

    # Heze–Lankao HSR (菏兰高铁 = 日兰高铁 庄寨—兰考南段). Planned in the 2021 plan; opened 2024-07-18.
    add("hsr-heze-lankao", "菏兰高铁", "Heze–Lankao high-speed railway", "high_speed_rail", "日兰高铁",
        "existing", "schematic",
        cites(cite(PLAN_2021, TRANSPORT, OPENING, what="加快菏兰高铁建设; 依托菏兰高速铁路"),
              cite(PLAN_2024, HUB_2024, what="加快建设菏兰高铁"),
              "route 菏泽东—庄寨—(东明县)—兰考县—民权县—兰考南 and lengths: second EIA notice of the 菏泽至兰考段 (as reported); 郑州日报 2023-12-05 (河南段 41.264 km); 2024 opening reports (庄寨—兰考南 47.861 km, opened 2024-07-18)"),
        [heze_east, (115.380, 35.120), zhuangzhai] + HEZE_LANKAO_VERTICES + [lankao_south],
        passes=["heze-east", "zhuangzhai", "lankao-south"],
        published_length_km=HEZE_LANKAO_PUBLISHED_KM,
        note="both texts list it as to be built; it opened on 2024-07-18. Between 庄寨 and 兰考南 drawn to the published Henan length (41.264 km); the track itself is not traced. Passes the south of Dongming county (per the EIA), not Dongming town")
    # Southern extension to 郑州南站 (now 郑州航空港站) via 杞县, 通许, 尉氏 and the airport zone;
    # the 2024 opinion's 兰考至郑州航空港站铁路 names its terminus by today's station name.
    add("hsr-lankao-zhengzhou-south", "菏兰高铁南延（兰考—杞县—通许—尉氏—郑州南站）",
        "Heze–Lankao HSR southern extension to Zhengzhou South (Hangkonggang)", "high_speed_rail",
        "菏兰高铁南延", "planned", "schematic",
        cites(cite(PLAN_2021, TRANSPORT, what="积极谋划兰考经杞县、通许、尉氏至郑州南站高铁; 推进菏兰高铁经杞县、通许、尉氏、航空港南延至郑州南站"),
              cite(PLAN_2024, HUB_2024, what="规划研究兰考至郑州航空港站铁路 — the same line, its terminus confirmed as 郑州航空港站 (the 2021 plan's 郑州南站, renamed 2022-05-31)")),
        [lankao_south, (114.800, 34.700), g("Qi Xian"), (114.620, 34.515), g("Tongxu"),
         (114.320, 34.445), g("Weishi"), (114.050, 34.455), S("郑州航空港")],
        passes=["lankao-south", "qixian", "tongxu", "weishi", "zhengzhou-south"],
        names_in_texts=["兰考经杞县、通许、尉氏至郑州南站高铁", "菏兰高铁…南延至郑州南站", "兰考至郑州航空港站铁路"],
        note="the texts name the places it passes, not its alignment: drawn through the county seats 杞县, 通许, 尉氏 to 郑州航空港站")

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
        "schematic", "hand-digitised beside the Longhai railway as traced from " + NE_RAIL + " (no route geometry for G310 in the reference data)",
        [(113.700, 34.752), (113.800, 34.742), g("Zhongmou"), (114.100, 34.752), (114.260, 34.779),
         (114.350, 34.766), (114.512, 34.777), (114.685, 34.793), (114.800, 34.808), (114.950, 34.765),
         g("Minquan Chengguanzhen"), (115.312, 34.570), (115.650, 34.440)])
    # 郑开大道 (existing): between 郑州 and 开封 beside S2, which runs in its median.
    zk = [(113.790, 34.7705), (113.8438, 34.7775), (113.9278, 34.7830), (114.1903, 34.7985), (114.2786, 34.7875)]
    add("zhengkai-avenue", "郑开大道", "Zhengkai Avenue", "expressway", "郑开大道", "existing", "schematic",
        "hand-digitised along the S2 line in its median; named in " + cite(PLAN_2021, TRANSPORT, what="郑开大道至兰考"), zk)
    add("zhengkai-avenue-east-extension", "郑开大道东延高架快速通道至兰考",
        "Zhengkai Avenue east extension, elevated expressway to Lankao", "expressway", "郑开大道",
        "planned", "schematic",
        cite(PLAN_2021, TRANSPORT, what="强力推进区域内S312、郑开大道至兰考等高快速路网扩容改造提升; 推动郑开大道东延高架快速通道至兰考"),
        [(114.2786, 34.7875), (114.295, 34.815), (114.340, 34.826), (114.450, 34.830), (114.600, 34.836),
         (114.720, 34.836), (114.790, 34.833)],
        note="the text gives no alignment: drawn from 郑开大道's Kaifeng end east, north of the Longhai line, to Lankao's county seat")
    # S312 (郑汴沿黄大道) extended east from Kaifeng's north (柳园口) along the south levee.
    add("provincial-road-s312-east", "S312东延至兰考", "S312 extended east to Lankao", "provincial_road", "S312",
        "planned", "schematic", cite(PLAN_2021, TRANSPORT, what="推动实施S312东延至兰考"),
        [(114.400, 34.870), (114.500, 34.878), (114.600, 34.872), (114.700, 34.868), (114.770, 34.878),
         (114.792, 34.893)],
        note="the text gives no alignment: drawn along the Yellow River's south levee from Kaifeng's north to 东坝头")
    # G240 (开兰路) upgrade, Kaifeng–Lankao; its Lankao end follows Natural Earth road 35.
    add("national-road-g240", "G240改造", "G240 upgrade (Kaifeng–Lankao road)", "national_road",
        "G240", "planned", "schematic",
        cite(PLAN_2021, TRANSPORT, what="推动实施…G240、S218、S216等国省道改造项目") + "; Lankao end along " + NE_ROADS + " feature 35",
        [(114.385, 34.800), (114.520, 34.810), (114.620, 34.822)] + rc(35)[::-1],
        alias="开兰路", note="the text names the route only; the section drawn is 开兰路 (Kaifeng–Lankao), our reading")
    # S218 and S216 upgrades: the plan names the routes; their alignments are not in the
    # reference data and are NOT verified — these are placeholders through Lankao.
    add("provincial-road-s218", "S218改造", "S218 upgrade", "provincial_road", "S218", "planned",
        "schematic", cite(PLAN_2021, TRANSPORT, what="推动实施…G240、S218、S216等国省道改造项目"),
        [(114.792, 34.893), (114.805, 34.860), (114.815, 34.830), (114.808, 34.795), (114.790, 34.750)],
        note="alignment not verified: schematic placeholder north–south through the county seat")
    add("provincial-road-s216", "S216改造", "S216 upgrade", "provincial_road", "S216", "planned",
        "schematic", cite(PLAN_2021, TRANSPORT, what="推动实施…G240、S218、S216等国省道改造项目"),
        [(114.965, 34.950), (115.000, 34.880), (115.040, 34.810), (115.060, 34.760)],
        note="alignment not verified: schematic placeholder north–south through eastern Lankao (堌阳)")
    add("road-xincao-bianlan", "新曹路至汴兰大道提升改造", "Xincao Road to Bianlan Avenue upgrade", "national_road",
        "新曹路—汴兰大道", "planned", "schematic",
        cites(cite(PLAN_2021, TRANSPORT, what="新曹路至汴兰大道提升改造"), cite(PLAN_2024, EAST_ZONE_2024, what="实施新曹路至汴兰大道提升改造")),
        [(114.378, 34.790), (114.450, 34.775), (114.550, 34.780), (114.650, 34.786), (114.750, 34.795),
         (114.830, 34.803)],
        note="mode approximate (trunk road); alignment schematic, south of the G240 road")

    # Expressways of the 2024 opinion (三（八）: 加快沿黄、兰原、兰沈高速公路建设，支持兰沈高速与山东段连通).
    # "加快…建设" is the wording both texts use for lines being built (the 2021 plan says it of
    # 菏兰高铁, then under construction), hence under_construction; their opening was not checked.
    hub = cite(PLAN_2024, HUB_2024, what="加快沿黄、兰原、兰沈高速公路建设，支持兰沈高速与山东段连通")
    status_basis = "the opinion says 加快…建设 (speed up the construction), its wording for lines being built; completion not checked"
    add("expressway-yanhuang", "沿黄高速", "Yellow River expressway (沿黄)", "expressway", "沿黄高速",
        "under_construction", "schematic", hub,
        river_right_bank(shared, 114.30, 35.06, 4000),
        status_basis=status_basis, confidence="low",
        note="the text names it only 沿黄 (along the Yellow River), with no ends: drawn 4 km off the river's right (south/east) bank from Kaifeng's north to the Shandong border, a guess at its course past Lankao")
    add("expressway-lanyuan", "兰原高速", "Lankao–Yuanyang expressway (兰原)", "expressway", "兰原高速",
        "under_construction", "schematic", hub,
        [g("Lankao"), g("Yuanyang")], passes=["lankao", "yuanyang"],
        status_basis=status_basis, confidence="low",
        note="the text names it only 兰原: read as 兰考—原阳 (Yuanyang, Xinxiang), so drawn straight between the two county seats across the Yellow River; ends and course are our reading")
    add("expressway-lanshen", "兰沈高速", "Lankao–Shenqiu expressway (兰沈)", "expressway", "兰沈高速",
        "under_construction", "schematic", hub,
        [(LANSHEN_MERIDIAN, LANSHEN_NORTH), (LANSHEN_MERIDIAN, LANSHEN_SOUTH)],
        status_basis=status_basis, confidence="low",
        note="the text names it only 兰沈 and says it links with its Shandong section: read as 兰考—沈丘 (Zhoukou), drawn north–south along 115.08 E through eastern Lankao from the Shandong border to 33.9 N, the edge of the reference data (沈丘 lies beyond, ≈ 33.4 N); course is our reading")

    # ---- logistics (points)
    lankao_station = S("兰考")
    add("freight-station-lankao", "陇海铁路兰考货运站", "Lankao freight station (Longhai railway)", "freight_station",
        "陇海线", "existing", "digitised",
        cite(PLAN_2021, OPENING, what="依托陇海铁路兰考货运站，融入郑州国际陆港体系") + "; position: " + OSM + " (兰考)",
        lankao_station, place="lankao-station",
        note="placed at 兰考站 on the Longhai line (OSM); the freight yard's own extent is not in the data")
    add("land-port-lankao", "兰考国际陆港", "Lankao international land port", "land_port", "陆港",
        "planned", "schematic",
        cites(cite(PLAN_2021, OPENING, what="谋划推进兰考多式联运陆港建设"), cite(PLAN_2024, HUB_2024, what="谋划建设兰考国际陆港")),
        (lankao_station[0] + 0.020, lankao_station[1] - 0.010),
        names_in_texts=["兰考多式联运陆港 (2021)", "兰考国际陆港 (2024)"],
        note="one feature for the 2021 plan's 多式联运陆港 and the 2024 opinion's 国际陆港 (taken as the same project carried forward). No site is published: placed 2 km east-south-east of the freight station it is to rely on")

    # ---- air
    add("airport-lankao-ga", "兰考通用机场", "Lankao general aviation airport", "airport", "通用机场",
        "planned", "schematic", cites(cite(PLAN_2021, TRANSPORT, what="规划布局兰考通用机场"), cite(PLAN_2024, HUB_2024, what="规划建设通用机场")),
        (115.050, 34.860),
        note="site not published: placed in eastern Lankao farmland, a guess")
    add("airport-express-lankao-xinzheng", "兰考至郑州新郑国际机场快线",
        "Lankao–Zhengzhou Xinzheng airport express", "airport_express", "机场快线", "planned",
        "schematic", cites(cite(PLAN_2021, TRANSPORT, what="开通兰考至郑州新郑国际机场快线"), cite(PLAN_2024, HUB_2024, what="开通兰考至郑州新郑国际机场快线")),
        [lankao_south, (114.600, 34.745), (114.440, 34.728), (114.300, 34.700), (114.150, 34.650),
         (114.000, 34.585), hand_points["xinzheng-airport"][:2]],
        passes=["lankao-south", "xinzheng-airport"],
        note="a service, not a new line: drawn schematically from 兰考南站 to the airport")
    add("airport-terminal-lankao", "郑州新郑国际机场异地航站楼", "Zhengzhou Xinzheng airport remote terminal (in Lankao)",
        "airport_terminal", "异地航站楼", "planned", "schematic",
        cite(PLAN_2021, TRANSPORT, what="支持建设郑州新郑国际机场异地航站楼"),
        (lankao_south[0], lankao_south[1] + 0.007),
        note="no site is published: placed 0.8 km north of 兰考南站, where the airport express (same clause) starts, so that the two symbols stay apart")
    return feats


def henan_section_km(transport, henan_polygon):
    """Drawn length of 菏兰高铁 in Henan (for --check)."""
    from shapely.geometry import shape
    f = [f for f in transport if f["id"] == "hsr-heze-lankao"][0]
    return GEOD.geometry_length(shape(f["geometry"]).intersection(henan_polygon)) / 1000
