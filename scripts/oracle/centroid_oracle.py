"""Independent centres of area for `tongcheng centroid` (CentroidTests).

The centre of area of a county on the WGS 84 ellipsoid, by direct integration rather than by
Tongcheng's method (a centroid in a local equal-area projection): the county's bounding box is cut
into an N x N grid of longitude/latitude cells; the cells whose centre lies inside the county
(Shapely 2 contains_xy) are weighted by their area on the ellipsoid (M N cos(phi) dlambda dphi)
and their Earth-centred positions (pyproj, EPSG:4978) are averaged; the average, which lies a few
metres below the surface, is taken back to longitude/latitude (its geodetic position, height
dropped). The planar mean of degrees (Shapely's centroid of the lon/lat polygon) is written
beside it, to show how far a degree centroid strays.

Usage: bench/.venv/bin/python scripts/oracle/centroid_oracle.py
Writes Tests/Fixtures/centroid/expected.json.
"""
import json
import math
import pathlib

import numpy as np
import pyproj
import shapely
from shapely.geometry import shape

ROOT = pathlib.Path(__file__).resolve().parents[2]
COUNTIES = ["兰考县", "登封市", "栾川县", "正阳县", "洛宁县"]  # the last two are concave: PostGIS ST_Centroid(geography) is km off there
N = 2000
A = 6378137.0
F = 1 / 298.257223563
E2 = F * (2 - F)

to_ecef = pyproj.Transformer.from_crs("EPSG:4326", "EPSG:4978", always_xy=True)
to_lla = pyproj.Transformer.from_crs("EPSG:4978", "EPSG:4326", always_xy=True)
geod = pyproj.Geod(ellps="WGS84")


def centre_of_area(g):
    minx, miny, maxx, maxy = g.bounds
    dx, dy = (maxx - minx) / N, (maxy - miny) / N
    xs = minx + dx * (np.arange(N) + 0.5)
    ys = miny + dy * (np.arange(N) + 0.5)
    X, Y = np.meshgrid(xs, ys)
    inside = shapely.contains_xy(g, X, Y)
    lon, lat = X[inside], Y[inside]
    phi = np.radians(lat)
    s2 = np.sin(phi) ** 2
    m = A * (1 - E2) / (1 - E2 * s2) ** 1.5
    n = A / np.sqrt(1 - E2 * s2)
    w = m * n * np.cos(phi) * math.radians(dx) * math.radians(dy)
    x, y, z = to_ecef.transform(lon, lat, np.zeros_like(lon))
    cx, cy, cz = (np.sum(w * x) / w.sum(), np.sum(w * y) / w.sum(), np.sum(w * z) / w.sum())
    clon, clat, _ = to_lla.transform(cx, cy, cz)
    return clon, clat, float(w.sum())


def main():
    data = json.loads((ROOT / "geodata/henan_counties.geojson").read_text(encoding="utf-8"))
    out = {"source": "scripts/oracle/centroid_oracle.py (grid integration on the WGS 84 ellipsoid, N=%d)" % N, "counties": []}
    for f in data["features"]:
        name = f["properties"].get("name")
        if name not in COUNTIES:
            continue
        g = shape(f["geometry"])
        lon, lat, grid_area = centre_of_area(g)
        exact_area = abs(geod.geometry_area_perimeter(g)[0])
        planar = g.centroid
        _, _, off = geod.inv(lon, lat, planar.x, planar.y)
        out["counties"].append({
            "name": name, "lon": lon, "lat": lat,
            "grid_area_m2": grid_area, "geodesic_area_m2": exact_area,
            "degree_centroid": [planar.x, planar.y], "degree_centroid_off_m": off,
        })
        print(f"{name}: centre {lon:.7f}, {lat:.7f}; grid area / geodesic area - 1 = {grid_area / exact_area - 1:.2e}; degree centroid {off:.1f} m away")
    path = ROOT / "Tests/Fixtures/centroid/expected.json"
    path.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
