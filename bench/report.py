#!/usr/bin/env python3
"""Turns the JSON lines of one `bench/run` into the results table (Markdown), with the machine,
the versions, the load average during the run and each target met or missed.

    bench/.venv/bin/python bench/report.py RAW.jsonl --workload FILE [--out RESULTS.md]
"""
import datetime
import json
import os
import platform
import re
import subprocess
import sys


def sh(*cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=60).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return "?"


def machine():
    cpu = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        mem_kb = int(f.readline().split()[1])
    swift = sh("swift", "--version").splitlines()
    swift = next((l for l in swift if "Swift version" in l), "?")
    swift = re.sub(r"^.*?Swift version (\S+).*$", r"\1", swift)
    versions = {"GEOS (system, Tongcheng and C)": sh("pkg-config", "--modversion", "geos"),
                "PROJ (system)": sh("pkg-config", "--modversion", "proj"), "Swift": swift,
                "C compiler": sh("cc", "--version").splitlines()[0] if sh("cc", "--version") else "?",
                "Python": platform.python_version()}
    try:
        import numpy, pyogrio, pyproj, shapely
        versions.update({"Shapely": f"{shapely.__version__} (GEOS {shapely.geos_version_string})",
                         "pyproj": f"{pyproj.__version__} (PROJ {pyproj.proj_version_str})",
                         "pyogrio": f"{pyogrio.__version__} (GDAL {pyogrio.__gdal_version_string__})",
                         "numpy": numpy.__version__})
    except ImportError as e:
        versions["Python packages"] = f"not importable: {e}"
    return {"nproc": os.cpu_count(), "cpu": cpu, "memory": f"{mem_kb / 1048576:.1f} GiB",
            "kernel": platform.release(), "versions": versions}


def main():
    args = sys.argv[1:]
    raw, workload, out, budget, repeat = None, "?", None, "8", "3"
    while args:
        a = args.pop(0)
        if a == "--workload":
            workload = args.pop(0)
        elif a == "--budget":
            budget = args.pop(0)
        elif a == "--repeat":
            repeat = args.pop(0)
        elif a == "--out":
            out = args.pop(0)
        else:
            raw = a
    lines = [json.loads(l) for l in open(raw, encoding="utf-8") if l.strip()]
    results = {(l["impl"], l["step"]): l for l in lines if l.get("impl") != "meta"}
    meta = [l for l in lines if l.get("impl") == "meta"]

    def get(impl, step):
        r = results.get((impl, step))
        return r if r and "time_s" in r else None

    def cell(impl, step):
        r = results.get((impl, step))
        if r is None:
            return "—"
        if "error" in r:
            return "error"
        peak = f" · {r['peak_mb']:.0f} MiB" if r.get("peak_mb", -1) >= 0 else ""
        cpu = f" (cpu {r['cpu_s']:.3g})" if "cpu_s" in r else ""
        return f"{r['time_s']:.3g} s{cpu}{peak}"

    def ratio(a, b):
        if a and b and b["time_s"] > 0:
            return a["time_s"] / b["time_s"]
        return None

    def fmt_ratio(x):
        return "—" if x is None else f"{x:.2f}×"

    rows = [
        # label, tongcheng step, python step, c step
        ("load GeoJSON (vs json + shapely.geometry.shape)", "load", "load_json", None),
        ("load GeoJSON (vs pyogrio.raw.read + shapely.from_wkb)", "load", "load_pyogrio", None),
        ("read GeoPackage into geometries (vs pyogrio.raw.read + shapely.from_wkb)", "gpkg_read", "gpkg_read", None),
        ("write GeoPackage (vs shapely.to_wkb + pyogrio.raw.write)", "gpkg_write", "gpkg_write", None),
        ("geodesic area of every feature (vs pyproj Geod per geometry)", "area", "area", None),
        ("geodesic area, 2 threads", "area2", "area", None),
        ("GCJ-02 → WGS 84 (vs numpy, same formulas)", "gcj", "gcj", None),
        ("project to EPSG:4547 (vs pyproj Transformer)", "proj4547", "proj4547", None),
        ("project to EPSG:3857 (vs pyproj Transformer)", "proj3857", "proj3857", None),
        ("buffer 1 km in EPSG:3857, 1 thread", "buffer1", "buffer1", "buffer1"),
        ("buffer 1 km, 2 threads (vs Shapely's one call; C on 2 threads)", "buffer2", "buffer1", "buffer2"),
        ("  Shapely on 2 threads (two halves, GIL released), for reference", None, "buffer2", None),
        ("STRtree intersects pairs, build + query (Tongcheng and C test each unordered pair once)", "strtree", "strtree", "strtree"),
        ("  same algorithm as Shapely's query (every candidate, both orders)", "strtree_both", "strtree", "strtree_both"),
        ("STRtree intersects pairs, 2 threads", "strtree2", "strtree", None),
        ("unary union of Henan's counties (EPSG:3857)", "union", "union", "union"),
        ("national map to SVG", "svg", None, None),
    ]
    table = ["| step | Tongcheng | Shapely / pyproj / pyogrio | C (libgeos_c) | Tongcheng ÷ Python | Tongcheng ÷ C |",
             "|---|---|---|---|---|---|"]
    for label, t, p, c in rows:
        tr = get("tongcheng", t) if t else None
        pr = get("python", p) if p else None
        cr = get("c", c) if c else None
        table.append(f"| {label} | {cell('tongcheng', t) if t else ''} | {cell('python', p) if p else ''} | "
                     f"{cell('c', c) if c else ''} | {fmt_ratio(ratio(tr, pr)) if t and p else ''} | "
                     f"{fmt_ratio(ratio(tr, cr)) if t and c else ''} |")

    # Targets (they are stated for the national workload).
    targets = []

    def target(name, ok, detail):
        targets.append(f"| {name} | {'met' if ok else ('missed' if ok is not None else 'not measured')} | {detail} |")

    load, json_load, ogr = get("tongcheng", "load"), get("python", "load_json"), get("python", "load_pyogrio")
    r = ratio(json_load, load)
    target("load ≥ 10× faster than json + shapely", r and r >= 10, f"{r:.1f}× faster" if r else "—")
    r = ratio(ogr, load)
    target("load ≥ 5× faster than pyogrio", r and r >= 5, f"{r:.1f}× faster" if r else "—")
    if load:
        m = load["peak_mb"] / load["file_mb"] if load.get("peak_mb", -1) > 0 else None
        target("load peak memory ≤ 2.5× the file size", m is not None and m <= 2.5,
               f"{load['peak_mb']:.0f} MiB peak for a {load['file_mb']:.0f} MiB file: {m:.2f}×" if m else "—")
    r = ratio(get("python", "area"), get("tongcheng", "area"))
    r = ratio(get("tongcheng", "gpkg_read"), get("python", "gpkg_read"))
    target("read GeoPackage into geometries ≤ 1.0× pyogrio.raw.read + shapely.from_wkb", r is not None and r <= 1.0, fmt_ratio(r))
    r = ratio(get("tongcheng", "gpkg_write"), get("python", "gpkg_write"))
    target("write GeoPackage ≤ 1.0× pyogrio's write", r is not None and r <= 1.0, fmt_ratio(r))
    target("geodesic area ≥ 10× faster than pyproj Geod per geometry (1 thread)", r and r >= 10, f"{r:.1f}× faster" if r else "—")
    r = ratio(get("tongcheng", "buffer2"), get("python", "buffer1"))
    target("buffer 1 km on 2 cores ≤ 0.6× Shapely's time", r is not None and r <= 0.6, fmt_ratio(r))
    r = ratio(get("tongcheng", "buffer1"), get("c", "buffer1"))
    target("buffer 1 km ≤ 1.05× the C program, 1 thread", r is not None and r <= 1.05, fmt_ratio(r))
    r2 = ratio(get("tongcheng", "buffer2"), get("c", "buffer2"))
    target("buffer 1 km ≤ 1.05× the C program, 2 threads", r2 is not None and r2 <= 1.05, fmt_ratio(r2))
    r = ratio(get("tongcheng", "strtree"), get("python", "strtree"))
    rb = ratio(get("tongcheng", "strtree_both"), get("python", "strtree"))
    target("STRtree pairs no slower than Shapely (1 thread)", r is not None and r <= 1.0,
           f"{fmt_ratio(r)} ({fmt_ratio(rb)} testing both orders as Shapely does)")
    svg = get("tongcheng", "svg")
    if svg:
        target("national map to SVG under 2 s and under 15 MB", svg["time_s"] < 2 and svg.get("svg_mb", 99) < 15,
               f"{svg['time_s']:.2f} s, {svg.get('svg_mb', 0):.1f} MiB")
    else:
        err = results.get(("tongcheng", "svg"), {}).get("error", "not run")
        target("national map to SVG under 2 s and under 15 MB", None, err)

    # Same work everywhere: counts that must agree.
    checks = []
    for step, key in [("buffer1", "vertices"), ("strtree", "pairs"), ("union", "vertices")]:
        values = {impl: results[(impl, step)].get(key) for impl in ("tongcheng", "python", "c") if (impl, step) in results}
        checks.append(f"{step} {key}: " + ", ".join(f"{k} {v}" for k, v in values.items()))
    area = get("tongcheng", "area")
    if area and "max_rel_diff_vs_karney" in area:
        checks.append(f"area vs Karney's geod_polygon: max relative difference {area['max_rel_diff_vs_karney']:.1e}, "
                      f"max absolute {area.get('max_abs_diff_vs_karney_m2', float('nan')):.1e} m² "
                      f"(geod_polygon over every vertex, as before the closed form: {area.get('karney_s', float('nan')):.2f} s)")

    m = machine()
    loads = " → ".join(f"{e['event']} {e['loadavg']}" for e in meta)
    start = meta[0]["time"] if meta else datetime.datetime.utcnow().isoformat()
    features = load.get("features") if load else "?"
    vertices = load.get("vertices") if load else "?"
    size = f"{load['file_mb']:.1f} MiB" if load else "?"
    doc = [f"# Benchmark results: {os.path.basename(workload)}", "",
           f"Run {start} by `bench/run{' --small' if 'henan' in workload else ''}`: {features} features, "
           f"{vertices:,} vertices, {size}. Times are the fastest of up to {repeat} runs (a step stops repeating once "
           f"it has used {budget} s); "
           "peak memory is the process's VmHWM during the step (reset before it), so it includes what earlier "
           "steps left resident (the loaded features, their WGS 84 and EPSG:3857 copies).", "",
           f"Machine: {m['nproc']} cores ({m['cpu']}), {m['memory']} memory, Linux {m['kernel']}.  ",
           "Versions: " + "; ".join(f"{k} {v}" for k, v in m["versions"].items()) + ".  ",
           f"Load average (1, 5, 15 min) at each implementation's start and at the end: {loads}.", "",
           *table, "", ("Targets (stated for the national workload; on this one they are indicative only):"
                         if "henan" in workload else "Targets:"), "",
           "| target | result | measured |", "|---|---|---|", *targets, "",
           "Same work in each implementation: " + "; ".join(checks) + ".", ""]
    text = "\n".join(doc)
    print(text)
    if out:
        # Keep the sections the other scripts write between their markers (bench/postgis,
        # bench/postgis-crossover: `<!-- NAME: written by ... -->` to `<!-- /NAME -->`;
        # bench/landuse-run: `<!-- NAME:start -->` to `<!-- NAME:end -->`), in their order.
        try:
            old = open(out, encoding="utf-8").read()
        except OSError:
            old = ""
        marked = re.compile(r"<!-- (?P<name>[\w-]+)(?::start| ?: written by [^>]*?) -->.*?<!-- (?:/(?P=name)|(?P=name):end) -->", re.S)
        kept = [m.group(0) for m in marked.finditer(old)]
        if kept:
            text = text.rstrip("\n") + "\n\n" + "\n\n".join(kept) + "\n"
        with open(out, "w", encoding="utf-8") as f:
            f.write(text)


if __name__ == "__main__":
    main()
