/*
 * geos_bench: the core GEOS steps of the benchmark in plain C against libgeos_c, the floor
 * for Tongcheng's wrapper. Reads the EPSG:3857 coordinates that `tongcheng-bench --dump FILE`
 * writes (the same projected coordinates the Swift runner buffers) and prints one JSON line
 * per step, in the runner's format.
 *
 *   cc -O2 -o geos_bench geos_bench.c $(pkg-config --cflags --libs geos) -lpthread
 *   geos_bench DUMP [--steps buffer1,buffer2,strtree,strtree_both,union] [--repeat N] [--budget S] [--name W]
 *
 * Steps: buffer1 (GEOSBuffer_r 1 km, 8 quadrant segments, one thread), buffer2 (the same on
 * two threads, one GEOS context each), strtree (STRtree of node capacity 10 as Shapely builds
 * it, every geometry queried, each unordered candidate pair confirmed once with a prepared
 * intersects, as tongcheng-bench does), strtree_both (every candidate in both orders, as
 * Shapely's query does), union (GEOSUnaryUnion_r of the flagged province's geometries).
 */
#define _GNU_SOURCE
#include <geos_c.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <fcntl.h>

static void on_message(const char *fmt, ...) { (void)fmt; }

static double clock_seconds(clockid_t clock) {
    struct timespec ts;
    clock_gettime(clock, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}
static double now(void) { return clock_seconds(CLOCK_MONOTONIC); }
static double cpu_now(void) { return clock_seconds(CLOCK_PROCESS_CPUTIME_ID); }

static double status_mib(const char *key) {
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    double v = -1;
    size_t n = strlen(key);
    if (!f) return -1;
    while (fgets(line, sizeof line, f))
        if (strncmp(line, key, n) == 0 && line[n] == ':') { v = atof(line + n + 1) / 1024; break; }
    fclose(f);
    return v;
}

static int reset_peak(void) {
    int fd = open("/proc/self/clear_refs", O_WRONLY);
    if (fd < 0) return 0;
    int ok = write(fd, "5", 1) == 1;
    close(fd);
    return ok;
}

/* ---- the dump: "TCGEOM01", u32 n; per feature u8 flags, u32 polygons; per polygon u32 rings;
        per ring u32 positions, then x,y doubles ---- */

typedef struct { uint32_t n; double *xy; } Ring;
typedef struct { uint32_t nrings; Ring *rings; } Poly;
typedef struct { uint8_t flags; uint32_t npolys; Poly *polys; } Feature;

static const unsigned char *cursor, *end;

static void need(size_t n) {
    if ((size_t)(end - cursor) < n) { fprintf(stderr, "geos_bench: the dump is truncated\n"); exit(65); }
}
static uint32_t u32(void) { uint32_t v; need(4); memcpy(&v, cursor, 4); cursor += 4; return v; }

static Feature *read_dump(const char *path, uint32_t *count) {
    FILE *f = fopen(path, "rb");
    if (!f) { perror(path); exit(66); }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *bytes = malloc(size);
    if (fread(bytes, 1, size, f) != (size_t)size) { perror(path); exit(66); }
    fclose(f);
    cursor = bytes;
    end = bytes + size;
    need(8);
    if (memcmp(cursor, "TCGEOM01", 8) != 0) { fprintf(stderr, "geos_bench: %s is not a tongcheng-bench dump\n", path); exit(65); }
    cursor += 8;
    uint32_t n = u32();
    Feature *fs = calloc(n, sizeof *fs);
    for (uint32_t i = 0; i < n; i++) {
        need(1);
        fs[i].flags = *cursor++;
        fs[i].npolys = u32();
        fs[i].polys = calloc(fs[i].npolys ? fs[i].npolys : 1, sizeof(Poly));
        for (uint32_t p = 0; p < fs[i].npolys; p++) {
            Poly *poly = &fs[i].polys[p];
            poly->nrings = u32();
            poly->rings = calloc(poly->nrings ? poly->nrings : 1, sizeof(Ring));
            for (uint32_t r = 0; r < poly->nrings; r++) {
                poly->rings[r].n = u32();
                need((size_t)poly->rings[r].n * 16);
                poly->rings[r].xy = (double *)cursor; /* the buffer stays alive */
                cursor += (size_t)poly->rings[r].n * 16;
            }
        }
    }
    *count = n;
    return fs;
}

static GEOSGeometry *make(GEOSContextHandle_t h, const Feature *f) {
    GEOSGeometry **polys = malloc(sizeof(GEOSGeometry *) * (f->npolys ? f->npolys : 1));
    for (uint32_t p = 0; p < f->npolys; p++) {
        const Poly *poly = &f->polys[p];
        GEOSGeometry **rings = malloc(sizeof(GEOSGeometry *) * (poly->nrings ? poly->nrings : 1));
        for (uint32_t r = 0; r < poly->nrings; r++) {
            GEOSCoordSequence *seq = GEOSCoordSeq_copyFromBuffer_r(h, poly->rings[r].xy, poly->rings[r].n, 0, 0);
            rings[r] = GEOSGeom_createLinearRing_r(h, seq);
        }
        polys[p] = poly->nrings ? GEOSGeom_createPolygon_r(h, rings[0], rings + 1, poly->nrings - 1) : GEOSGeom_createEmptyPolygon_r(h);
        free(rings);
    }
    GEOSGeometry *g = GEOSGeom_createCollection_r(h, GEOS_MULTIPOLYGON, polys, f->npolys);
    free(polys);
    return g;
}

/* ---- steps ---- */

typedef struct { GEOSGeometry **geoms; uint32_t from, to, stride; long vertices; } BufferJob;

static void *buffer_job(void *arg) {
    BufferJob *job = arg;
    GEOSContextHandle_t h = GEOS_init_r();
    GEOSContext_setErrorHandler_r(h, on_message);
    job->vertices = 0;
    /* Each thread works on its own copies, made in its own context (untimed work is negligible:
       copying is a memcpy per ring; the buffer dominates). */
    for (uint32_t i = job->from; i < job->to; i += job->stride) {
        GEOSGeometry *b = GEOSBuffer_r(h, job->geoms[i], 1000, 8);
        if (b) { job->vertices += GEOSGetNumCoordinates_r(h, b); GEOSGeom_destroy_r(h, b); }
    }
    GEOS_finish_r(h);
    return NULL;
}

static long run_buffer(GEOSGeometry **geoms, uint32_t n, int threads) {
    BufferJob jobs[8];
    pthread_t tids[8];
    long total = 0;
    for (int t = 0; t < threads; t++) {
        jobs[t] = (BufferJob){geoms, (uint32_t)t, n, (uint32_t)threads, 0};
        if (threads == 1) buffer_job(&jobs[t]); else pthread_create(&tids[t], NULL, buffer_job, &jobs[t]);
    }
    for (int t = 0; t < threads; t++) {
        if (threads > 1) pthread_join(tids[t], NULL);
        total += jobs[t].vertices;
    }
    return total;
}

typedef struct { long *hits; size_t n, cap; } Hits;
static void collect(void *item, void *userdata) {
    Hits *h = userdata;
    if (h->n == h->cap) { h->cap = h->cap ? 2 * h->cap : 64; h->hits = realloc(h->hits, h->cap * sizeof(long)); }
    h->hits[h->n++] = (long)(intptr_t)item - 1;
}

/* Ordered pairs (i, j), i == j included, that intersect. With both_orders every candidate is
   tested (Shapely's query); otherwise each unordered pair i < j once, counted twice, and every
   non-empty geometry meets itself (what tongcheng-bench's strtree step does). */
static long run_strtree(GEOSContextHandle_t h, GEOSGeometry **geoms, uint32_t n, int both_orders) {
    GEOSSTRtree *tree = GEOSSTRtree_create_r(h, 10);
    for (uint32_t i = 0; i < n; i++) GEOSSTRtree_insert_r(h, tree, geoms[i], (void *)(intptr_t)(i + 1));
    Hits hits = {0};
    long pairs = 0;
    for (uint32_t i = 0; i < n; i++) {
        hits.n = 0;
        GEOSSTRtree_query_r(h, tree, geoms[i], collect, &hits);
        if (!both_orders) {
            size_t kept = 0;
            for (size_t k = 0; k < hits.n; k++) if (hits.hits[k] > (long)i) hits.hits[kept++] = hits.hits[k];
            hits.n = kept;
            pairs += !GEOSisEmpty_r(h, geoms[i]);
        }
        if (!hits.n) continue;
        const GEOSPreparedGeometry *p = GEOSPrepare_r(h, geoms[i]);
        for (size_t k = 0; k < hits.n; k++) pairs += (GEOSPreparedIntersects_r(h, p, geoms[hits.hits[k]]) == 1) * (both_orders ? 1 : 2);
        GEOSPreparedGeom_destroy_r(h, p);
    }
    free(hits.hits);
    GEOSSTRtree_destroy_r(h, tree);
    return pairs;
}

int main(int argc, char **argv) {
    const char *dump = NULL, *steps = "buffer1,buffer2,strtree,strtree_both,union", *name = "workload";
    int repeat = 3;
    double budget = 8;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--steps") && i + 1 < argc) steps = argv[++i];
        else if (!strcmp(argv[i], "--repeat") && i + 1 < argc) repeat = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--budget") && i + 1 < argc) budget = atof(argv[++i]);
        else if (!strcmp(argv[i], "--name") && i + 1 < argc) name = argv[++i];
        else if (argv[i][0] != '-') dump = argv[i];
        else { fprintf(stderr, "usage: geos_bench DUMP [--steps buffer1,buffer2,strtree,strtree_both,union] [--repeat N] [--budget S] [--name W]\n"); return 64; }
    }
    if (!dump) { fprintf(stderr, "geos_bench: no dump file given\n"); return 64; }
    if (repeat < 1) repeat = 1;
    uint32_t n;
    Feature *fs = read_dump(dump, &n);
    GEOSContextHandle_t h = GEOS_init_r();
    GEOSContext_setErrorHandler_r(h, on_message);
    GEOSGeometry **geoms = malloc(sizeof(GEOSGeometry *) * n);
    for (uint32_t i = 0; i < n; i++) geoms[i] = make(h, &fs[i]);

    char list[256];
    snprintf(list, sizeof list, "%s", steps);
    for (char *step = strtok(list, ","); step; step = strtok(NULL, ",")) {
        double rss_before = status_mib("VmRSS");
        int peak_reset = reset_peak();
        double times[64], cpu[64];
        int runs = 0;
        double spent = 0, best = 1e300;
        char extra[256] = "";
        int threads = 1;
        do {
            double t0 = now(), c0 = cpu_now();
            if (!strcmp(step, "buffer1") || !strcmp(step, "buffer2")) {
                threads = step[6] == '2' ? 2 : 1;
                long v = run_buffer(geoms, n, threads);
                snprintf(extra, sizeof extra, ",\"vertices\":%ld", v);
            } else if (!strcmp(step, "strtree") || !strcmp(step, "strtree_both")) {
                long pairs = run_strtree(h, geoms, n, !strcmp(step, "strtree_both"));
                snprintf(extra, sizeof extra, ",\"pairs\":%ld", pairs);
            } else if (!strcmp(step, "union")) {
                uint32_t m = 0;
                GEOSGeometry **parts = malloc(sizeof(GEOSGeometry *) * n);
                for (uint32_t i = 0; i < n; i++)
                    if (fs[i].flags & 1) parts[m++] = GEOSGeom_clone_r(h, geoms[i]);
                GEOSGeometry *c = GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, parts, m);
                GEOSGeometry *u = GEOSUnaryUnion_r(h, c);
                double area = 0;
                GEOSArea_r(h, u, &area);
                snprintf(extra, sizeof extra, ",\"inputs\":%u,\"vertices\":%d,\"area_km2\":%.6g", m, GEOSGetNumCoordinates_r(h, u), area / 1e6);
                GEOSGeom_destroy_r(h, u);
                GEOSGeom_destroy_r(h, c);
                free(parts);
            } else {
                fprintf(stderr, "geos_bench: unknown step %s\n", step);
                return 64;
            }
            double t = now() - t0;
            cpu[runs] = cpu_now() - c0;
            times[runs++] = t;
            spent += t;
            if (t < best) best = t;
        } while (runs < repeat && runs < 64 && spent + best <= budget);
        double sorted[64], best_cpu = cpu[0];
        memcpy(sorted, times, sizeof(double) * runs);
        for (int k = 0; k < runs; k++) if (times[k] == best) best_cpu = cpu[k];
        for (int a = 0; a < runs; a++)
            for (int b = a + 1; b < runs; b++)
                if (sorted[b] < sorted[a]) { double s = sorted[a]; sorted[a] = sorted[b]; sorted[b] = s; }
        printf("{\"impl\":\"c\",\"step\":\"%s\",\"workload\":\"%s\",\"time_s\":%.6g,\"median_s\":%.6g,\"runs\":%d,\"times_s\":[",
               step, name, sorted[0], sorted[runs / 2], runs);
        for (int k = 0; k < runs; k++) printf("%s%.6g", k ? "," : "", times[k]);
        printf("],\"cpu_s\":%.6g,\"threads\":%d,\"peak_mb\":%.6g,\"rss_before_mb\":%.6g%s}\n", best_cpu, threads, peak_reset ? status_mib("VmHWM") : -1.0, rss_before, extra);
        fflush(stdout);
    }
    for (uint32_t i = 0; i < n; i++) GEOSGeom_destroy_r(h, geoms[i]);
    GEOS_finish_r(h);
    return 0;
}
