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
    belt = gpd.read_file(os.path.join(root, "geodata/plan/belt.geojson"))
    belt = belt[belt["id"] == "belt-yellow-river"][["name", "geometry"]]  # the 一带 (the file also holds 黄河故道生态带)
    belt["geometry"] = shapely.set_precision(shapely.intersection(belt.geometry.values, county), 1e-6)
    zones = pd.concat([towns, special, belt], ignore_index=True)
    assert len(zones) == 10
    zones.to_file(path, driver="GeoJSON", engine="pyogrio", COORDINATE_PRECISION=6)


def report(raw, out, section="landuse"):
    """The table of bench/landuse-run's results, written into `out` between the markers of `section`:
    `landuse` for the Voronoi parcels (build_landuse.py), `landuse-survey` for the survey-shaped ones
    (build_survey_parcels.py), so that rerunning one group keeps the other's table."""
    lines = [json.loads(l) for l in open(raw, encoding="utf-8") if l.strip()]
    loads = [f"{l['event']} {l['loadavg']}" for l in lines if l.get("impl") == "meta" and "loadavg" in l]
    when = next((l["time"] for l in lines if l.get("impl") == "meta" and "time" in l), "")
    sizes = {l["workload"]: l["bytes"] for l in lines if l.get("event") == "workload"}
    steps = {}
    for l in lines:
        if l.get("step") in ("tabulate", "load"):
            key = (l["workload"], l["impl"] + (f"-j{l['jobs']}" if l["impl"] == "tongcheng" else ""), l["step"])
            steps[key] = l
    def cell(l):
        return f"{l['time_s']:.3g} s (cpu {l['cpu_s']:.3g})" if l else ""
    rows, targets, checks, e2e, loads_table = [], [], [], [], []
    for w in sizes:
        l1, l2 = steps.get((w, "tongcheng-j1", "load")), steps.get((w, "tongcheng-j2", "load"))
        if l1:
            mb = sizes[w] / 1e6
            def rate(l):
                return f"{mb / l['time_s']:.0f} MB/s ({l['time_s']:.3g} s, cpu {l['cpu_s']:.3g})" if l else ""
            loads_table.append(f"| {w} | {sizes[w] / 2**20:.0f} MiB | {rate(l1)} | {rate(l2)} | "
                               f"{(l1['time_s'] / l2['time_s']):.2f}× |" if l2 else f"| {w} | {sizes[w] / 2**20:.0f} MiB | {rate(l1)} | | |")
            r1 = mb / l1["cpu_s"]
            targets.append(f"| {w}: GeoJSON load ≥ 400 MB/s on one core | {'met' if r1 >= 400 else 'not met'} | {r1:.0f} MB/s (CPU time; wall {mb / l1['time_s']:.0f} MB/s) |")
            if l2:
                r = l1["time_s"] / l2["time_s"]
                targets.append(f"| {w}: GeoJSON load ≥ 1.7× on two cores | {'met' if r >= 1.7 else 'not met'} | {r:.2f}× (wall; cpu {l2['cpu_s']:.3g} s over {l2['time_s']:.3g} s) |")

        t1, t2 = steps.get((w, "tongcheng-j1", "tabulate")), steps.get((w, "tongcheng-j2", "tabulate"))
        b, a = steps.get((w, "shapely", "tabulate")), steps.get((w, "geopandas", "tabulate"))
        mib = sizes[w] / 2**20
        peak = max((steps.get((w, f"tongcheng-j{j}", "tabulate")) or {}).get("peak_mb", 0) for j in (1, 2))
        parcels = (steps.get((w, "tongcheng-j1", "load")) or {}).get("parcels", "")
        def ratio(x, y, key):
            return f"{x[key] / y[key]:.1f}×" if x and y and y[key] > 0 else ""
        rows.append(f"| {w} | {parcels:,} | {mib:.0f} MiB | {cell(t1)} | {cell(t2)} | {cell(b)} | {cell(a)} | "
                    f"{ratio(b, t1, 'time_s')} (cpu {ratio(b, t1, 'cpu_s')}) | {ratio(a, t1, 'time_s')} (cpu {ratio(a, t1, 'cpu_s')}) | "
                    f"{ratio(t1, t2, 'time_s')} | {peak:.0f} MiB = {peak / mib:.2f}× |")
        if t1 and b:
            r = b["cpu_s"] / t1["cpu_s"]
            targets.append(f"| {w}: ≥ 10× faster than (b), one core | {'met' if r >= 10 else 'not met'} | {r:.1f}× (CPU time; wall {b['time_s'] / t1['time_s']:.1f}×) |")
        if t1 and a:
            r = a["cpu_s"] / t1["cpu_s"]
            targets.append(f"| {w}: ≥ 30× faster than (a), one core | {'met' if r >= 30 else 'not met'} | {r:.1f}× (CPU time; wall {a['time_s'] / t1['time_s']:.1f}×) |")
        if t1 and t2:
            r = t1["time_s"] / t2["time_s"]
            targets.append(f"| {w}: ≥ 1.7× more on 2 cores | {'met' if r >= 1.7 else 'not met'} | {r:.2f}× (wall; cpu {t2['cpu_s']:.3g} s over {t2['time_s']:.3g} s) |")
        cli = [c for c in lines if c.get("impl") == "tongcheng-cli" and c.get("workload") == w and c.get("step") == "file-to-table"]
        one_batch = next((c for c in lines if c.get("impl") == "tongcheng-cli" and c.get("workload") == w and c.get("step") == "batch-to-table"), None)
        base = next((c["peak_mb"] for c in lines if c.get("impl") == "tongcheng-cli" and c.get("step") == "baseline"), 0)
        if cli:
            p = max(c["peak_mb"] for c in cli)
            targets.append(f"| {w}: peak memory ≤ 2× the input file (`tongcheng tabulate FILE`, streamed) | {'met' if p <= 2 * mib else 'not met'} | "
                           f"{p:.0f} MiB for {mib:.0f} MiB: {p / mib:.2f}×; of it {base:.0f} MiB is the process before any data "
                           f"(`tongcheng --version`), the data's share {max(0, p - base):.0f} MiB = {max(0, p - base) / mib:.2f}× |")
            if one_batch:
                b1 = max(0.0, one_batch["peak_mb"] - base)
                targets.append(f"| {w}: streamed peak ≤ the process floor + 2× the largest batch | {'met' if p <= base + 2 * b1 else 'not met'} | "
                               f"{p:.0f} MiB; floor {base:.0f} MiB (`tongcheng --version`), one batch of 16,384 parcels {b1:.0f} MiB "
                               f"(`tongcheng tabulate` of those parcels alone: {one_batch['peak_mb']:.0f} MiB less the floor): "
                               f"floor + 2 × batch = {base + 2 * b1:.0f} MiB |")
            c1 = next((c for c in cli if c["jobs"] == 1), None)
            c2 = next((c for c in cli if c["jobs"] == 2), None)
            lb, tb = steps.get((w, "shapely", "load")), b
            la, ta = steps.get((w, "geopandas", "load")), a
            def total(l, t):
                return (l["time_s"] + t["time_s"], l["cpu_s"] + t["cpu_s"]) if l and t else None
            def cellt(x):
                return f"{x[0]:.3g} s (cpu {x[1]:.3g})" if x else ""
            def rat(x, y):
                return f"{x[0] / y[0]:.1f}× (cpu {x[1] / y[1]:.1f}×)" if x and y else ""
            e1 = (c1["time_s"], c1["cpu_s"]) if c1 else None
            e2 = (c2["time_s"], c2["cpu_s"]) if c2 else None
            eb, ea = total(lb, tb), total(la, ta)
            peers_peak = " / ".join(f"{l['peak_mb']:.0f}" for l in (tb, ta) if l)
            if c2 and w.endswith("1e6"):
                targets.append(f"| {w}: `tongcheng tabulate` file to table ≤ 1.5 s on two cores | {'met' if c2['time_s'] <= 1.5 else 'not met'} | "
                               f"{c2['time_s']:.2f} s (cpu {c2['cpu_s']:.2f}) |")
            e2e.append(f"| {w} | {cellt(e1)} | {cellt(e2)} | {cellt(eb)} | {cellt(ea)} | {rat(eb, e1)} | {rat(ea, e1)} | "
                       f"{max(c['peak_mb'] for c in cli):.0f} MiB | {peers_peak} MiB |")
        else:
            targets.append(f"| {w}: peak memory ≤ 2× the input file | {'met' if peak <= 2 * mib else 'not met'} | {peak:.0f} MiB for {mib:.0f} MiB: {peak / mib:.2f}× |")
        totals = [f"{name} {l['total_m2']:.6g}" for name, l in (("tongcheng", t1), ("shapely", b), ("geopandas", a)) if l]
        checks.append(f"{w}: total m² " + ", ".join(totals))
    survey = section == "landuse-survey"
    title = ("## Land-use tabulation on survey-shaped parcels (issue 29)" if survey else "## Land-use tabulation (地类统计, issue 12)")
    generator = ("`scripts/geodata/build_survey_parcels.py`: a coverage of non-convex parcels with 20–200 vertices, fractal shared edges, "
                 "about 2 % with a hole, about 1 % multi-part; they go through GEOS, not the convex clip" if survey
                 else "`scripts/geodata/build_landuse.py`: Voronoi cells, convex, 5–8 vertices")
    doc = [f"<!-- {section}:start -->", title, "",
           f"Run {when} by `bench/landuse-run`: synthetic Lankao parcels ({generator}) × 10 zones "
           "(8 township-like zones tiling the county, the special zone, the Yellow River belt within Lankao; `bench/.cache/zones10.geojson`), "
           "class field DLMC. Times are the tabulation alone (data loaded; Tongcheng the fastest of its repeats), `cpu` the process's CPU time in it; "
           "peak is Tongcheng's VmHWM for the whole run (loading included) against the GeoJSON file's size. "
           "(a) GeoPandas `overlay` + `dissolve` by zone and class + pyproj `Geod.geometry_area_perimeter`; "
           "(b) Shapely 2 `STRtree.query` per zone, `contains_properly` on the prepared zone (parcels inside kept whole), vectorised `intersection` of the rest, "
           "pyproj `Geod.geometry_area_perimeter` per piece, `numpy.bincount`.", "",
           "Load average (1, 5, 15 min) at each start: " + "; ".join(loads) + ".", "",
           "| workload | parcels | file | Tongcheng 1 thread | Tongcheng 2 threads | (b) Shapely + pyproj | (a) GeoPandas | (b) ÷ Tongcheng | (a) ÷ Tongcheng | 1 → 2 threads | bench peak (every parcel held) |",
           "|---|---:|---:|---|---|---|---|---|---|---|---|", *rows, "",
           "File to table, what a planner waits for: `tongcheng tabulate FILE --by DLMC --zones ZONES --format json` as a whole process "
           "(the parcels streamed from the file, never held whole) against each peer's load (pyogrio) plus tabulation; peak is VmHWM.", "",
           "| workload | tongcheng 1 thread | tongcheng 2 threads | (b) load + tabulate | (a) load + tabulate | (b) ÷ tongcheng | (a) ÷ tongcheng | tongcheng peak | (b) / (a) peak |",
           "|---|---|---|---|---|---|---|---|---|", *e2e, "",
           "GeoJSON load (`GeoJSONReader.read(file:)` of the parcels and the zones into features, the first step of the first table; "
           "2 threads: `GeoJSONReadOptions(jobs: 2)`, the features array parsed in rounds on both, GeoJSONParallel.swift), MB = 10⁶ bytes:", "",
           "| workload | file | 1 thread | 2 threads | 1 → 2 threads |", "|---|---|---|---|---|", *loads_table, "",
           "| target | result | measured |", "|---|---|---|", *targets, "",
           "Same answer: " + "; ".join(checks) + ".", "",
           *(["Notes. The one-core targets are judged on CPU time (the machine is shared; the load averages are above). "
              "A survey-shaped parcel crossing a zone edge is cut through GEOS (`PreparedLayer.clip`) "
              "instead of the convex clip of the Voronoi workload, and has 5–10× the vertices, so the tabulation does "
              "several times the work per parcel; the streamed command's peak is the process floor plus its batches."] if survey else []),
           *([] if survey else ["Notes. The one-core targets are judged on CPU time (the machine is shared; the load averages are above). "
           "The first table holds every parcel in memory, as the peers do, to time the tabulation alone; the `tongcheng` command "
           "streams a GeoJSON file instead (`GeoJSONReader.forEachFeature`, batches of 16,384 parcels, parsed pages of the mapped "
           "file given back as it goes), so its peak hardly grows with the survey: the data's share stays near 30–40 MiB from 10⁵ "
           "to 10⁶ parcels. What does not shrink is the process itself: `tongcheng --version` already peaks at the floor shown, "
           "almost all of it the pages of the ~150 shared libraries it links (GDAL and its format libraries, Foundation, GEOS, "
           "PROJ, librsvg), mapped read-only and shared with every other process using them (7 MiB of it is the process's own). "
           "At 10⁵ parcels (28 MiB) that floor alone is 2× the file, so the ≤ 2× target cannot be met there by any reading "
           "strategy; a tabulate-only binary without GDAL and librsvg, or loading them only when a format needs them "
           "(dlopen), would lower it. End to end, parsing the GeoJSON is most of the time and runs on one thread, which is "
           "why the command gains little from a second thread while the tabulation gains 1.8–1.9×."]), f"<!-- {section}:end -->"]
    text = "\n".join(doc)
    print(text)
    try:
        old = open(out, encoding="utf-8").read()
    except OSError:
        old = ""
    if f"<!-- {section}:start -->" in old:
        start = old.index(f"<!-- {section}:start -->")
        end = old.index(f"<!-- {section}:end -->") + len(f"<!-- {section}:end -->")
        new = old[:start] + text + old[end:]
    else:
        new = old.rstrip("\n") + "\n\n" + text + "\n"
    with open(out, "w", encoding="utf-8") as f:
        f.write(new)


def main():
    import sys
    if len(sys.argv) == 3 and sys.argv[1] == "zones":
        return write_zones(sys.argv[2])
    if len(sys.argv) in (4, 5) and sys.argv[1] == "report":
        return report(*sys.argv[2:])
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
