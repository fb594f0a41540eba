#!/usr/bin/env python3
"""The Python peers of `tongcheng tabulate` (issue 12): land-use tabulation of PARCELS by class
inside every zone of ZONES, with geodesic areas (WGS 84), in two ways:

  geopandas  (a) the usual GeoPandas workflow: geopandas.overlay(how="intersection"), dissolve by
                 zone and class, pyproj Geod.geometry_area_perimeter of each dissolved geometry;
  shapely    (b) the best vectorised Shapely 2 + pyproj code we could write: one STRtree query
                 for every zone (predicate "intersects"), parcels wholly inside a zone found with
                 shapely.contains_properly on the prepared zone and kept whole, only the others
                 intersected (vectorised shapely.intersection), pyproj Geod.geometry_area_perimeter
                 per piece, sums by numpy.bincount.

Prints one JSON line per step: {"impl", "workload", "step", "time_s", "cpu_s", "peak_mb", "total_m2"}.
Loading (pyogrio → GeoDataFrame) is timed apart from tabulating; peak_mb is the process's
ru_maxrss at the end (each implementation runs in its own process).

Usage: bench/.venv/bin/python bench/landuse_bench.py {geopandas|shapely} PARCELS ZONES [--repeat N]
"""
import argparse
import json
import os
import resource
import time

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Geod

GEOD = Geod(ellps="WGS84")


def geodesic_area(g):
    return abs(GEOD.geometry_area_perimeter(g)[0])


def tabulate_geopandas(parcels, zones):
    pieces = gpd.overlay(parcels[["DLMC", "geometry"]], zones[["zone", "geometry"]], how="intersection", keep_geom_type=True)
    dissolved = pieces.dissolve(by=["zone", "DLMC"])
    areas = dissolved.geometry.apply(geodesic_area)
    return {f"{z}|{c}": a for (z, c), a in areas.items()}


def tabulate_shapely(parcels, zones):
    geoms = parcels.geometry.values
    codes, classes = pd.factorize(parcels["DLMC"])
    tree = shapely.STRtree(geoms)
    out = {}
    for zone_name, zone in zip(zones["zone"], zones.geometry.values):
        shapely.prepare(zone)
        idx = tree.query(zone, predicate="intersects")
        candidates = geoms[idx]
        inside = shapely.contains_properly(zone, candidates)
        pieces = candidates.copy()
        edge = ~inside
        pieces[edge] = shapely.intersection(candidates[edge], zone)
        areas = np.fromiter((geodesic_area(g) for g in pieces), dtype=float, count=len(pieces))
        sums = np.bincount(codes[idx], weights=areas, minlength=len(classes))
        for k, c in enumerate(classes):
            if sums[k] > 0:
                out[f"{zone_name}|{c}"] = float(sums[k])
    return out


def write_zones(path):
    """The 10 benchmark zones: the 8 synthetic townships (tiling Lankao), the special zone and the
    Yellow River belt within Lankao (they overlap the townships and each other's neighbours)."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    towns = gpd.read_file(os.path.join(root, "geodata/landuse/townships.geojson"))[["name", "geometry"]]
    special = gpd.read_file(os.path.join(root, "geodata/plan/special_zone.geojson"))[["name", "geometry"]]
    county = gpd.read_file(os.path.join(root, "geodata/plan/zone.geojson")).geometry.values[0]
    belt = gpd.read_file(os.path.join(root, "geodata/plan/belt.geojson"))[["name", "geometry"]]
    belt["geometry"] = shapely.set_precision(shapely.intersection(belt.geometry.values, county), 1e-6)
    zones = pd.concat([towns, special, belt], ignore_index=True)
    assert len(zones) == 10
    zones.to_file(path, driver="GeoJSON", engine="pyogrio", COORDINATE_PRECISION=6)


def main():
    import sys
    if len(sys.argv) == 3 and sys.argv[1] == "zones":
        return write_zones(sys.argv[2])
    ap = argparse.ArgumentParser()
    ap.add_argument("impl", choices=["geopandas", "shapely"])
    ap.add_argument("parcels")
    ap.add_argument("zones")
    ap.add_argument("--repeat", type=int, default=1)
    a = ap.parse_args()
    workload = os.path.basename(os.path.dirname(a.parcels)) or a.parcels

    def emit(step, t, cpu, extra=None):
        line = {"impl": a.impl, "workload": workload, "step": step, "time_s": round(t, 4), "cpu_s": round(cpu, 4),
                "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}
        line.update(extra or {})
        print(json.dumps(line, ensure_ascii=False), flush=True)

    t0, c0 = time.perf_counter(), time.process_time()
    parcels = gpd.read_file(a.parcels, engine="pyogrio")
    zones = gpd.read_file(a.zones, engine="pyogrio")
    zones["zone"] = zones["name"]
    emit("load", time.perf_counter() - t0, time.process_time() - c0, {"parcels": len(parcels), "zones": len(zones)})
    run = tabulate_geopandas if a.impl == "geopandas" else tabulate_shapely
    best = None
    for _ in range(a.repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        result = run(parcels, zones)
        t, cpu = time.perf_counter() - t0, time.process_time() - c0
        if best is None or t < best[0]:
            best = (t, cpu, result)
    t, cpu, result = best
    emit("tabulate", t, cpu, {"total_m2": round(sum(result.values()), 3), "cells": len(result)})


if __name__ == "__main__":
    main()
