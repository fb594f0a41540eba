"""Helpers shared by the geodata scripts: reading the reference data, rounding, writing
GeoJSON one feature a line, snapping traced lines to stations, geodesic areas, GCJ-02."""
import json
import math
import os
import sys

from pyproj import Geod

GEOD = Geod(ellps="WGS84")
NE_RIVERS = "Natural Earth 1:10m rivers and lake centerlines"
NE_RAIL = "Natural Earth 1:10m railroads"
NE_ROADS = "Natural Earth 1:10m roads"
NE_URBAN = "Natural Earth 1:50m urban areas"
OSM = "OpenStreetMap railway stations (© OpenStreetMap contributors, ODbL 1.0; snapshot 2025-02)"
GEONAMES = "GeoNames cities500 (CC BY 4.0)"


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

