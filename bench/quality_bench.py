#!/usr/bin/env python3
"""The Python peers of `tongcheng check` and `tongcheng transition` (issue 27), with geodesic
areas (WGS 84) like Tongcheng's:

  check       shapely  the best vectorised Shapely 2 + pyproj code we could write for the same
                       problems: shapely.is_valid / is_valid_reason (invalid), get_num_geometries
                       (multipart), normalize + to_wkb + numpy.unique (duplicates), one
                       STRtree.query(predicate="intersects"), relate_pattern "T********"
                       (interiors meet) and vectorised intersection for the overlap pairs, union_all and the holes of the union (gaps), pyproj
                       Geod.geometry_area_perimeter per feature (slivers: area < 10 m² or
                       4πA/P² < 0.05);
  transition  shapely  one STRtree.query(old, predicate="intersects") for every (old, new)
                       pair, vectorised shapely.intersection, pyproj geodesic area per piece,
                       sums by class pair (numpy);
              geopandas  the usual GeoPandas workflow: geopandas.overlay(how="intersection"),
                       pyproj geodesic area per piece, groupby(from, to).sum();
  diff        shapely  features matched by key with pandas (index intersection/difference),
                       attributes compared column by column, geometries by shapely.normalize +
                       equals_exact (vertex for vertex, whatever the ring start and direction),
                       vectorised shapely.difference both ways for the area gained and lost,
                       pyproj geodesic area per piece (added/removed features: their whole area).

Prints one JSON line per step: {"impl", "step", "workload", "time_s", "cpu_s", "peak_mb", …}
with a checksum (problem counts; the matrix's total m²) to compare with Tongcheng's output.
Loading (pyogrio → GeoDataFrame) is timed apart.

Usage: bench/.venv/bin/python bench/quality_bench.py check shapely PARCELS
       bench/.venv/bin/python bench/quality_bench.py transition {shapely|geopandas} OLD NEW [--by DLBM]
       bench/.venv/bin/python bench/quality_bench.py diff shapely OLD NEW [--key id]
       bench/.venv/bin/python bench/quality_bench.py report RAW.jsonl CACHE_DIR bench/RESULTS.md
"""
import argparse
import json
import math
import os
import resource
import time

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Geod

GEOD = Geod(ellps="WGS84")


def area_perimeter(g):
    a, p = GEOD.geometry_area_perimeter(g)
    return abs(a), p


def report(impl, step, workload, t0, c0, **extra):
    print(json.dumps({"impl": impl, "step": step, "workload": workload, "time_s": round(time.perf_counter() - t0, 3),
                      "cpu_s": round(time.process_time() - c0, 3),
                      "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1), **extra}), flush=True)


def check(geoms):
    counts = {}
    empty = shapely.is_empty(geoms) | shapely.is_missing(geoms)
    counts["empty"] = int(empty.sum())
    g = geoms[~empty]
    valid = shapely.is_valid(g)
    reasons = shapely.is_valid_reason(g[~valid])
    counts["invalid"] = len(reasons)
    v = g[valid]
    counts["multipart"] = int((shapely.get_num_geometries(v) > 1).sum())
    _, first, inverse, n = np.unique(shapely.to_wkb(shapely.normalize(v)), return_index=True, return_inverse=True, return_counts=True)
    counts["duplicate"] = int((n > 1).sum())
    tree = shapely.STRtree(v)
    a, b = tree.query(v, predicate="intersects")
    keep = a < b
    a, b = a[keep], b[keep]
    inner = shapely.relate_pattern(v[a], v[b], "T********")
    a, b = a[inner], b[inner]
    shared = shapely.intersection(v[a], v[b])
    overlap_areas = np.fromiter((area_perimeter(s)[0] for s in shared), dtype=float, count=len(shared))
    counts["overlap"] = int((overlap_areas > 1e-4).sum())
    union = shapely.union_all(v)
    holes = [shapely.Polygon(r) for p in shapely.get_parts(union) for r in p.interiors]
    counts["gap"] = sum(1 for h in holes if area_perimeter(h)[0] > 1e-4)
    slivers = 0
    for x in v:
        ar, pe = area_perimeter(x)
        if ar < 10 or 4 * math.pi * ar / (pe * pe) < 0.05:
            slivers += 1
    counts["sliver"] = slivers
    return counts


def transition_shapely(old, new, by):
    og, ng = old.geometry.values, new.geometry.values
    oc, ocls = pd.factorize(old[by])
    nc, ncls = pd.factorize(new[by])
    tree = shapely.STRtree(ng)
    i, j = tree.query(og, predicate="intersects")
    pieces = shapely.intersection(og[i], ng[j])
    areas = np.fromiter((area_perimeter(p)[0] for p in pieces), dtype=float, count=len(pieces))
    cell = oc[i] * len(ncls) + nc[j]
    sums = np.bincount(cell, weights=np.where(areas > 1e-4, areas, 0), minlength=len(ocls) * len(ncls))
    cells = {f"{ocls[k // len(ncls)]}|{ncls[k % len(ncls)]}": float(v) for k, v in enumerate(sums) if v > 0}
    return float(sums.sum()), cells


def transition_geopandas(old, new, by):
    pieces = gpd.overlay(old[[by, "geometry"]].rename(columns={by: "from"}), new[[by, "geometry"]].rename(columns={by: "to"}),
                         how="intersection", keep_geom_type=True)
    pieces["area"] = pieces.geometry.apply(lambda g: area_perimeter(g)[0])
    sums = pieces[pieces["area"] > 1e-4].groupby(["from", "to"])["area"].sum()
    return float(sums.sum()), {f"{a}|{b}": float(v) for (a, b), v in sums.items()}


def diff_shapely(old, new, key):
    """Counts of added, removed, changed and unchanged features and the total m² gained and lost,
    as `tongcheng diff OLD NEW --key KEY` reports them."""
    o, n = old.set_index(key), new.set_index(key)
    common = o.index.intersection(n.index, sort=False)
    added, removed = n.index.difference(o.index, sort=False), o.index.difference(n.index, sort=False)
    oc, nc = o.loc[common], n.loc[common]
    attr_changed = np.zeros(len(common), dtype=bool)
    for c in (set(o.columns) | set(n.columns)) - {"geometry"}:
        if c not in o.columns or c not in n.columns:
            attr_changed |= True
            continue
        a, b = oc[c].to_numpy(), nc[c].to_numpy()
        attr_changed |= ~((a == b) | (pd.isna(a) & pd.isna(b)))
    og, ng = oc.geometry.values, nc.geometry.values
    geom_changed = ~shapely.equals_exact(shapely.normalize(og), shapely.normalize(ng), tolerance=0)
    k = np.nonzero(geom_changed)[0]
    gained = sum(area_perimeter(g)[0] for g in shapely.difference(ng[k], og[k]))
    lost = sum(area_perimeter(g)[0] for g in shapely.difference(og[k], ng[k]))
    gained += sum(area_perimeter(g)[0] for g in n.loc[added].geometry.values)
    lost += sum(area_perimeter(g)[0] for g in o.loc[removed].geometry.values)
    changed = int((geom_changed | attr_changed).sum())
    counts = {"added": len(added), "removed": len(removed), "changed": changed, "unchanged": len(common) - changed}
    return counts, gained, lost


def write_report(raw, cache, out):
    """The table of bench/quality-run's results, with each peer's answer compared with Tongcheng's
    (the problem counts; the matrix cell by cell), written into `out` between the quality markers."""
    rows = [json.loads(l) for l in open(raw) if l.strip()]

    def find(impl, step, w, jobs=None):
        return next((r for r in rows if r.get("impl") == impl and r.get("step") == step and r.get("workload") == w
                     and (jobs is None or r.get("jobs") == jobs)), None)

    def load(event):
        found = [r["loadavg"] for r in rows if r.get("impl") == "meta" and r.get("event") == event]
        return found[-1] if found else "?"

    doc = ["<!-- quality:start -->", "## Data quality and change (数据质检, 转移矩阵, issue 27)", "",
           "`bench/quality-run` (release build, one run, the machine shared with other work: the load average",
           "is given per workload). Each time is the whole run, file in and result out: `tongcheng check|transition",
           "… --format json` against the peers of `bench/quality_bench.py` (pyogrio load + the step); CPU is user +",
           "system. The answers are compared: check's problem counts, kind by kind, and the transition",
           "matrix cell by cell (largest relative difference). On a machine shared with other builds the wall",
           "times stretch with the load; the CPU times much less: the CPU ratio is the steadier measure.", "",
           "| workload | step | Tongcheng 1 thread | Tongcheng 2 threads | peer | peer (file to result) | wall ratio (2 threads) | wall ratio (1 thread) | CPU ratio (1 thread) | same answer |",
           "|---|---|---|---|---|---|---|---|---|---|"]
    for w in sorted({r["workload"] for r in rows if r.get("impl") == "tongcheng"}):
        for step, peers in (("check", ["shapely"]), ("transition", ["shapely", "geopandas"]), ("diff", ["shapely"])):
            one, two = find("tongcheng", step, w, 1), find("tongcheng", step, w, 2)
            if not one or not two:
                continue
            ours = json.load(open(os.path.join(cache, f"out-{step}-{w}-j2.json")))
            for p in peers:
                q = find(p, step, w)
                if not q:
                    continue
                if step == "check":
                    theirs = q["counts"]
                    mine = ours["counts"]
                    same = all(mine.get(k) == v for k, v in theirs.items())
                    found = ", ".join(f"{k} {v}" for k, v in theirs.items() if v) or "no problem"
                    verdict = ("yes" if same else "**no**") + f" ({found})"
                elif step == "diff":
                    same_counts = all(ours["counts"].get(k) == v for k, v in q["counts"].items())
                    g = sum(c["area_gained_m2"] for c in ours["changes"])
                    l = sum(c["area_lost_m2"] for c in ours["changes"])
                    worst = max(abs(g - q["gained_m2"]) / max(abs(g), 1e-300), abs(l - q["lost_m2"]) / max(abs(l), 1e-300))
                    found = ", ".join(f"{k} {v}" for k, v in q["counts"].items())
                    verdict = ("yes" if same_counts and worst <= 1e-9 else "**no**") + f" ({found}; m² gained and lost within {worst:.1e})"
                else:
                    mine = {}
                    for r in ours["rows"]:
                        key = f"{r['from']}|{r['to']}"
                        mine[key] = mine.get(key, 0) + r["area_m2"]
                    keys = set(mine) | set(q["cells"])
                    worst = max(abs(mine.get(k, 0) - q["cells"].get(k, 0)) / max(abs(q["cells"].get(k, 0)), abs(mine.get(k, 0)), 1e-300) for k in keys)
                    verdict = ("yes" if worst <= 1e-9 else "**no**") + f" ({len(keys)} cells, max rel. diff {worst:.1e})"
                doc.append(f"| {w} (load {load(f'tongcheng-{step}-{w}-j1')}) | {step} | {one['time_s']:.2f} s, CPU {one['cpu_s']:.2f} s, {one['peak_mb']:.0f} MB"
                           f" | {two['time_s']:.2f} s, CPU {two['cpu_s']:.2f} s | {p} | {q['total_s']:.2f} s, CPU {q.get('total_cpu_s', 0):.2f} s, {q['peak_mb']:.0f} MB"
                           f" | {q['total_s'] / two['time_s']:.1f}× | {q['total_s'] / one['time_s']:.1f}× | {q.get('total_cpu_s', 0) / one['cpu_s']:.1f}× | {verdict} |")
    doc += ["", "Targets (issue 29): check at 10⁶ parcels ≥ 10× vectorised Shapely; transition 10⁶ × 10⁶ ≥ 10×",
            "Shapely + pyproj and ≥ 30× GeoPandas, the same matrix to 1e-9 (diff has no target; timed for issue 27).",
            "Load average at the end: " + load("end") + ".", "<!-- quality:end -->"]
    text = "\n".join(doc) + "\n"
    old = open(out, encoding="utf-8").read() if os.path.exists(out) else ""
    if "<!-- quality:start -->" in old:
        start = old.index("<!-- quality:start -->")
        end = old.index("<!-- quality:end -->") + len("<!-- quality:end -->\n")
        new = old[:start] + text + old[end:]
    else:
        new = old.rstrip("\n") + "\n\n" + text
    open(out, "w", encoding="utf-8").write(new)
    print(text)


def main():
    ap = argparse.ArgumentParser()
    if len(os.sys.argv) > 1 and os.sys.argv[1] == "report":
        return write_report(*os.sys.argv[2:5])
    ap.add_argument("what", choices=["check", "transition", "diff"])
    ap.add_argument("impl", choices=["shapely", "geopandas"])
    ap.add_argument("files", nargs="+")
    ap.add_argument("--by", default="DLBM")
    ap.add_argument("--key", default="id")
    a = ap.parse_args()
    workload = os.path.basename(os.path.dirname(os.path.abspath(a.files[0])))
    start = time.perf_counter()
    t0, c0 = time.perf_counter(), time.process_time()
    layers = [gpd.read_file(f, engine="pyogrio") for f in a.files]
    report(a.impl, "load", workload, t0, c0, features=[len(l) for l in layers])
    t0, c0 = time.perf_counter(), time.process_time()
    if a.what == "check":
        counts = check(layers[0].geometry.values)
        report(a.impl, "check", workload, t0, c0, counts=counts, total_s=round(time.perf_counter() - start, 3), total_cpu_s=round(time.process_time(), 3))
    elif a.what == "diff":
        counts, gained, lost = diff_shapely(layers[0], layers[1], a.key)
        report(a.impl, "diff", workload, t0, c0, counts=counts, gained_m2=gained, lost_m2=lost, total_s=round(time.perf_counter() - start, 3),
               total_cpu_s=round(time.process_time(), 3))
    else:
        f = transition_shapely if a.impl == "shapely" else transition_geopandas
        total, cells = f(layers[0], layers[1], a.by)
        report(a.impl, "transition", workload, t0, c0, total_m2=total, cells=cells, total_s=round(time.perf_counter() - start, 3),
               total_cpu_s=round(time.process_time(), 3))


if __name__ == "__main__":
    main()
