"""Independent areas for Tongcheng's geometry semantics (docs/semantics.md, GeodesicSemanticsTests).

A zone with 0.4°-long edges (Tests/Fixtures/semantics/strip.geojson) over the bundled farmland
and parcels. Every edge is taken as the geodesic between its vertices: both layers are densified
with pyproj's Geod.npts (Karney's geodesics on WGS 84, edges cut into equal pieces of at most
50 m), intersected with Shapely 2 (GEOS), and the pieces measured by Geod.geometry_area_perimeter.
The same sums with the edges as drawn (straight in longitude/latitude) are written beside them,
to show that the choice matters at this zone.

Usage: bench/.venv/bin/python scripts/oracle/semantics_oracle.py
Writes Tests/Fixtures/semantics/expected.json.
"""
import json
import pathlib
import sys

import shapely
from shapely.geometry import Polygon, shape

ROOT = pathlib.Path(__file__).resolve().parents[2]
# The land-use oracle's geodesic cut (pyproj Geod.npts, 50 m) and area, one definition.
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from landuse_oracle import area, densify  # noqa: E402


def polygons(g):
    # GEOS may return a collection with lines where pieces touch: keep the polygons, as Tongcheng does.
    if g.geom_type in ("Polygon", "MultiPolygon"):
        return g
    parts = [p for p in getattr(g, "geoms", []) if p.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else Polygon()


def inside(layer, zone, geodesic):
    z = densify(zone) if geodesic else zone
    total = 0.0
    for f in layer:
        g = densify(f) if geodesic else f
        if not g.intersects(z):
            continue
        total += area(polygons(g.intersection(z)))
    return total


def main():
    zone = shape(json.loads((ROOT / "Tests/Fixtures/semantics/strip.geojson").read_text())["features"][0]["geometry"])
    out = {"source": "scripts/oracle/semantics_oracle.py (pyproj Geod.npts at 50 m, Shapely 2 intersection, Geod.geometry_area_perimeter)"}
    for name in ("farmland", "parcels"):
        feats = [shape(f["geometry"]) for f in json.loads((ROOT / f"geodata/landuse/{name}.geojson").read_text())["features"]]
        geo, straight = inside(feats, zone, True), inside(feats, zone, False)
        out[name] = {"geodesic_edges_m2": geo, "straight_edges_m2": straight}
        print(f"{name}: {geo:.4f} m² with geodesic edges, {straight:.4f} m² with straight ones ({straight / geo - 1:.2e})")
    (ROOT / "Tests/Fixtures/semantics/expected.json").write_text(json.dumps(out, indent=1) + "\n")


if __name__ == "__main__":
    main()
