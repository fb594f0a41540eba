#!/usr/bin/env python3
"""The benchmark's steps with Shapely 2, pyproj and pyogrio, one JSON line per step.

    bench/.venv/bin/python bench/python_bench.py [WORKLOAD.geojson | --small] [--steps a,b,…]
                                                 [--repeat N] [--budget S] [--province NAME]

Steps: load_json (json + shapely.geometry.shape), load_pyogrio (pyogrio.raw.read + shapely.from_wkb),
area (pyproj Geod.geometry_area_perimeter per geometry), gcj (GCJ-02 → WGS 84 in numpy, the same
fixed-point iteration as Tongcheng's GCJ02.toWGS84), proj4547 and proj3857 (pyproj Transformer
over all coordinates through shapely.transform), buffer1 (shapely.buffer 1 km in EPSG:3857),
buffer2 (the same on two threads: Shapely releases the GIL), strtree (STRtree build + query with
predicate="intersects"), union (shapely.union_all of one province's counties, EPSG:3857).

Timing and memory follow tongcheng-bench: the fastest of up to --repeat runs within --budget
seconds; peak_mb is VmHWM after resetting it through /proc/self/clear_refs before the step.
"""
import json
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pyogrio
import pyproj
import shapely
import shapely.geometry

ALL_STEPS = ["load_json", "load_pyogrio", "gpkg_read", "gpkg_write", "area", "gcj", "proj4547", "proj3857",
             "buffer1", "buffer2", "strtree", "union"]


def status_mib(key):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024
    return -1


def reset_peak():
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


CPU_TIMES = []


def measure(options, body):
    times, result, spent = [], None, 0.0
    CPU_TIMES.clear()
    while True:
        result = None
        t0, c0 = time.perf_counter(), time.process_time()
        result = body()
        t = time.perf_counter() - t0
        CPU_TIMES.append(time.process_time() - c0)
        times.append(t)
        spent += t
        if len(times) >= options["repeat"] or spent + min(times) > options["budget"]:
            return times, result


# GCJ-02, vectorised: the same formulas and iteration as Sources/Geodesy/GCJ02.swift.
GCJ_A = 6378245.0
GCJ_EE = 0.00669342162296594323


def gcj_offset(lon, lat):
    x, y = lon - 105.0, lat - 35.0
    d_lat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * np.sqrt(np.abs(x))
    d_lat += (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
    d_lat += (20.0 * np.sin(y * np.pi) + 40.0 * np.sin(y / 3.0 * np.pi)) * 2.0 / 3.0
    d_lat += (160.0 * np.sin(y / 12.0 * np.pi) + 320 * np.sin(y * np.pi / 30.0)) * 2.0 / 3.0
    d_lon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * np.sqrt(np.abs(x))
    d_lon += (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
    d_lon += (20.0 * np.sin(x * np.pi) + 40.0 * np.sin(x / 3.0 * np.pi)) * 2.0 / 3.0
    d_lon += (150.0 * np.sin(x / 12.0 * np.pi) + 300.0 * np.sin(x / 30.0 * np.pi)) * 2.0 / 3.0
    rad_lat = lat / 180.0 * np.pi
    magic = 1 - GCJ_EE * np.sin(rad_lat) ** 2
    sqrt_magic = np.sqrt(magic)
    d_lat = (d_lat * 180.0) / ((GCJ_A * (1 - GCJ_EE)) / (magic * sqrt_magic) * np.pi)
    d_lon = (d_lon * 180.0) / (GCJ_A / sqrt_magic * np.cos(rad_lat) * np.pi)
    return d_lon, d_lat


def gcj_to_wgs84(xy):
    lon, lat = xy[:, 0], xy[:, 1]
    inside = ~((lon < 72.004) | (lon > 137.8347) | (lat < 0.8293) | (lat > 55.8271))
    dx, dy = gcj_offset(lon, lat)
    gx, gy = lon - dx, lat - dy
    for _ in range(30):
        ox, oy = gcj_offset(gx, gy)
        ex, ey = gx + ox - lon, gy + oy - lat
        gx, gy = gx - ex, gy - ey
        if np.all(np.abs(ex) < 1e-10) and np.all(np.abs(ey) < 1e-10):
            break
    return np.column_stack([np.where(inside, gx, lon), np.where(inside, gy, lat)])


def main():
    args = sys.argv[1:]
    options = {"workload": "bench/.cache/china-counties.geojson", "steps": ALL_STEPS, "repeat": 3,
               "budget": 8.0, "province": "河南省"}
    while args:
        a = args.pop(0)
        if a == "--small":
            options["workload"] = "geodata/henan_counties.geojson"
        elif a == "--steps":
            options["steps"] = args.pop(0).split(",")
            unknown = [s for s in options["steps"] if s not in ALL_STEPS]
            if unknown:
                sys.exit(f"python_bench: unknown steps {unknown}; known: {','.join(ALL_STEPS)}")
        elif a == "--repeat":
            options["repeat"] = max(1, int(args.pop(0)))
        elif a == "--budget":
            options["budget"] = float(args.pop(0))
        elif a == "--province":
            options["province"] = args.pop(0)
        elif a == "--gpkg":
            options["gpkg"] = args.pop(0)
        elif a.startswith("-"):
            sys.exit(f"python_bench: unknown option {a}")
        else:
            options["workload"] = a
    if "gpkg" not in options:  # the GeoPackage steps need the workload as a GeoPackage
        options["steps"] = [s for s in options["steps"] if not s.startswith("gpkg_")]
    path = options["workload"]
    name = os.path.basename(path)
    state = {}

    def load_json():
        with open(path, "rb") as f:
            doc = json.load(f)
        features = doc["features"]
        geoms = np.array([shapely.geometry.shape(f["geometry"]) for f in features], dtype=object)
        return geoms, [f["properties"] for f in features]

    def loaded():
        if "geoms" not in state:
            state["geoms"], state["properties"] = load_json()
        return state["geoms"]

    def wgs84():
        if "wgs84" not in state:
            state["wgs84"] = shapely.transform(loaded(), gcj_to_wgs84)
        return state["wgs84"]

    def project(geoms, crs):
        t = pyproj.Transformer.from_crs("EPSG:4326", crs, always_xy=True)
        return shapely.transform(geoms, lambda x, y: t.transform(x, y), interleaved=False)

    def mercator():
        if "mercator" not in state:
            state["mercator"] = project(wgs84(), "EPSG:3857")
        return state["mercator"]

    def vertices(geoms):
        return int(shapely.get_num_coordinates(geoms).sum())

    for step in options["steps"]:
        if step in ("area", "gcj"):
            loaded()
        elif step in ("proj4547", "proj3857"):
            wgs84()
        elif step in ("buffer1", "buffer2", "strtree", "union"):
            mercator()
        rss_before = status_mib("VmRSS")
        peak_reset = reset_peak()
        extra = {}
        threads = 1
        try:
            if step == "load_json":
                state.pop("geoms", None)
                times, (geoms, properties) = measure(options, load_json)
                state["geoms"], state["properties"] = geoms, properties
                extra = {"features": len(geoms), "vertices": vertices(geoms),
                         "file_mb": os.path.getsize(path) / 1048576}
            elif step == "load_pyogrio":
                def load_ogr():
                    meta, fids, wkb, fields = pyogrio.raw.read(path)
                    return shapely.from_wkb(wkb), fields
                times, (geoms, fields) = measure(options, load_ogr)
                extra = {"features": len(geoms), "vertices": vertices(geoms)}
                del geoms, fields
            elif step == "gpkg_read":
                # The workload as a GeoPackage (--gpkg, written by ogr2ogr) into Shapely geometries.
                def read_gpkg():
                    meta, fids, wkb, fields = pyogrio.raw.read(options["gpkg"])
                    return shapely.from_wkb(wkb), fields
                times, (geoms, fields) = measure(options, read_gpkg)
                extra = {"features": len(geoms), "vertices": vertices(geoms)}
                del geoms, fields
            elif step == "gpkg_write":
                # Read untimed, then written back: shapely.to_wkb + pyogrio.raw.write, as Tongcheng
                # writes from its geometry values.
                meta, fids, wkb, fields = pyogrio.raw.read(options["gpkg"])
                geoms = shapely.from_wkb(wkb)
                out = f"/tmp/python-bench-{os.getpid()}.gpkg"

                def write_gpkg():
                    if os.path.exists(out):
                        os.unlink(out)
                    pyogrio.raw.write(out, shapely.to_wkb(geoms), fields, meta["fields"], driver="GPKG", layer="counties",
                                      crs=meta["crs"], geometry_type=meta["geometry_type"], encoding="UTF-8")
                times, _ = measure(options, write_gpkg)
                extra = {"features": len(geoms), "file_mb": os.path.getsize(out) / 1048576}
                os.unlink(out)
                del geoms, fields
            elif step == "area":
                geod = pyproj.Geod(ellps="WGS84")
                geoms = loaded()
                times, areas = measure(options, lambda: [abs(geod.geometry_area_perimeter(g)[0]) for g in geoms])
                extra = {"total_km2": sum(areas) / 1e6}
            elif step == "gcj":
                state.pop("wgs84", None)
                times, w = measure(options, lambda: shapely.transform(loaded(), gcj_to_wgs84))
                state["wgs84"] = w
                extra = {"vertices": vertices(w)}
            elif step in ("proj4547", "proj3857"):
                crs = "EPSG:4547" if step == "proj4547" else "EPSG:3857"
                if step == "proj3857":
                    state.pop("mercator", None)
                times, p = measure(options, lambda: project(wgs84(), crs))
                if step == "proj3857":
                    state["mercator"] = p
                extra = {"vertices": vertices(p)}
                del p
            elif step == "buffer1":
                m = mercator()
                times, b = measure(options, lambda: shapely.buffer(m, 1000))
                extra = {"vertices": vertices(b)}
                del b
            elif step == "buffer2":
                m = mercator()
                threads = 2
                halves = [m[0::2], m[1::2]]
                with ThreadPoolExecutor(2) as pool:
                    times, b = measure(options, lambda: list(pool.map(lambda h: shapely.buffer(h, 1000), halves)))
                extra = {"vertices": sum(vertices(h) for h in b)}
                del b
            elif step == "strtree":
                m = mercator()

                def pairs():
                    tree = shapely.STRtree(m)
                    return tree.query(m, predicate="intersects").shape[1]
                times, n = measure(options, pairs)
                extra = {"pairs": int(n)}
            elif step == "union":
                m = mercator()
                chosen = m[[p.get("province") == options["province"] for p in state["properties"]]]
                times, u = measure(options, lambda: shapely.union_all(chosen))
                extra = {"inputs": len(chosen), "vertices": vertices(u), "area_km2": shapely.area(u) / 1e6}
            else:
                raise ValueError(f"unknown step {step}")
        except Exception as e:  # report and go on, as the Swift runner does
            print(json.dumps({"impl": "python", "step": step, "workload": name, "error": repr(e)}), flush=True)
            continue
        ordered = sorted(times)
        line = {"impl": "python", "step": step, "workload": name, "time_s": ordered[0],
                "median_s": ordered[len(ordered) // 2], "runs": len(times), "times_s": times,
                "cpu_s": CPU_TIMES[times.index(ordered[0])],
                "threads": threads, "peak_mb": status_mib("VmHWM") if peak_reset else -1,
                "rss_before_mb": rss_before}
        line.update(extra)
        print(json.dumps(line, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
