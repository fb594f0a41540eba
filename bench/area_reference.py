"""Whose geodesic area is right at parcel size: Tongcheng's or pyproj's (issue 29, target 4).

At 10⁶ parcels Tongcheng's transition matrix and the Shapely + pyproj peer's differ by up to
3.7e-9 relative (8.5e-10 at 10⁵), while the two peers (Shapely, GeoPandas) agree to 1e-14. Both
matrices are sums of parcel areas where a parcel lies whole inside another; so the question is
the area of a small polygon. This script measures it three ways on a sample of parcels:

- an independent reference: every geodesic edge cut into 0.5 m pieces along the geodesic
  (pyproj `Geod.npts`), projected to an ellipsoidal Lambert azimuthal equal-area projection centred
  on the parcel (PROJ `laea`, equal-area on the ellipsoid), the shoelace formula summed with
  `math.fsum`;
- pyproj's `Geod.geometry_area_perimeter` (Karney's geod_polygon), what the peers use;
- Tongcheng's `tongcheng area --format json`.

    bench/.venv/bin/python bench/area_reference.py PARCELS.geojson TONGCHENG_BIN [--sample N]

Prints each method's difference from the reference (median and largest absolute, and the sum's).
"""
import argparse, json, math, random, subprocess, sys, tempfile
import numpy as np
from pyproj import Geod, Transformer

G = Geod(ellps="WGS84")


def reference(ring):
    lon0 = sum(p[0] for p in ring[:-1]) / (len(ring) - 1)
    lat0 = sum(p[1] for p in ring[:-1]) / (len(ring) - 1)
    tr = Transformer.from_crs("EPSG:4326", f"+proj=laea +lat_0={lat0} +lon_0={lon0} +ellps=WGS84 +units=m", always_xy=True)
    pts = []
    for a, b in zip(ring[:-1], ring[1:]):
        n = max(1, int(G.inv(a[0], a[1], b[0], b[1])[2] / 0.5))
        pts.append(tuple(a))
        if n > 1:
            pts += G.npts(a[0], a[1], b[0], b[1], n - 1)
    xs, ys = tr.transform([p[0] for p in pts], [p[1] for p in pts])
    m = len(xs)
    return abs(math.fsum(xs[k] * ys[(k + 1) % m] - xs[(k + 1) % m] * ys[k] for k in range(m)) / 2)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("parcels")
    ap.add_argument("tongcheng")
    ap.add_argument("--sample", type=int, default=300)
    args = ap.parse_args()
    features = [f for f in json.load(open(args.parcels))["features"]
                if f["geometry"] and f["geometry"]["type"] == "Polygon" and len(f["geometry"]["coordinates"]) == 1]
    random.seed(29)
    sample = random.sample(features, min(args.sample, len(features)))
    with tempfile.NamedTemporaryFile("w", suffix=".geojson") as tmp:
        json.dump({"type": "FeatureCollection", "features": sample}, tmp)
        tmp.flush()
        out = subprocess.run([args.tongcheng, "area", tmp.name, "--format", "json"], capture_output=True, text=True, check=True).stdout
    tc = np.array([f["area_m2"] for f in json.loads(out)["features"]])
    ref = np.array([reference(f["geometry"]["coordinates"][0]) for f in sample])
    py = np.array([abs(G.polygon_area_perimeter([p[0] for p in f["geometry"]["coordinates"][0]],
                                                 [p[1] for p in f["geometry"]["coordinates"][0]])[0]) for f in sample])
    print(f"{len(sample)} parcels of {args.parcels} (seed 29), median area {np.median(ref):.1f} m², sum {ref.sum():.4f} m²")
    for name, v in (("tongcheng", tc), ("pyproj", py)):
        d = v - ref
        print(f"  {name:9} − reference: median |d| {np.median(np.abs(d)):.1e} m², largest |d| {np.abs(d).max():.1e} m², "
              f"largest relative {np.max(np.abs(d) / ref):.1e}; sum's difference {d.sum():+.1e} m² ({d.sum() / ref.sum():+.1e})")


if __name__ == "__main__":
    main()
