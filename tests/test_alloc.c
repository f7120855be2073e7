/*
 * test_alloc.c - allocation-failure injection. The test is linked with
 * -Wl,--wrap=malloc,... (CMakeLists.txt), so every allocation libmemsim makes
 * goes through the wrappers below, which count live blocks and can fail the
 * n-th allocation. For every create/load path the test walks n = 1, 2, ...
 * until the path no longer allocates that many times, and checks that each
 * failure gives an error status (never a crash) and leaks nothing.
 * (libc's and libyaml's own internal allocations are not wrapped.)
 */
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "memsim/check.h"
#include "memsim/memsim.h"
#include "unit.h"

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t sz);
void *__real_realloc(void *p, size_t n);
char *__real_strdup(const char *s);
void __real_free(void *p);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t sz);
void *__wrap_realloc(void *p, size_t n);
char *__wrap_strdup(const char *s);
void __wrap_free(void *p);

/* Test-harness state: the injector is a property of this test process, not of
 * the library, which keeps no globals. */
static long live;    /* blocks allocated through the wrappers and not freed */
static long calls;   /* allocation calls since arm() */
static long fail_at; /* fail the fail_at-th call; 0 = never */
static int failed;   /* an injected failure happened */

/* Blocks handed out by the wrappers, so that free() of memory libc allocated
 * itself (getline buffers) is not counted. Open addressing, never full here. */
#define TRACK 65536
static void *tracked[TRACK];

static size_t slot_of(void *p)
{
    size_t h = ((size_t)(uintptr_t)p >> 4) * 2654435761u;
    return h % TRACK;
}

static void track(void *p)
{
    if (!p) return;
    size_t i = slot_of(p);
    while (tracked[i])
        i = (i + 1) % TRACK;
    tracked[i] = p;
    live++;
}

static void untrack(void *p)
{
    if (!p) return;
    for (size_t i = slot_of(p), k = 0; tracked[i] && k < TRACK; i = (i + 1) % TRACK, k++)
        if (tracked[i] == p) {
            /* delete and re-insert the rest of the cluster */
            tracked[i] = NULL;
            live--;
            for (size_t j = (i + 1) % TRACK; tracked[j]; j = (j + 1) % TRACK) {
                void *q = tracked[j];
                tracked[j] = NULL;
                live--;
                track(q);
            }
            return;
        }
}

static int inject(void)
{
    calls++;
    if (fail_at && calls == fail_at) {
        failed = 1;
        return 1;
    }
    return 0;
}

void *__wrap_malloc(size_t n)
{
    if (inject()) return NULL;
    void *p = __real_malloc(n);
    track(p);
    return p;
}

void *__wrap_calloc(size_t n, size_t sz)
{
    if (inject()) return NULL;
    void *p = __real_calloc(n, sz);
    track(p);
    return p;
}

void *__wrap_realloc(void *p, size_t n)
{
    if (inject()) return NULL;
    void *q = __real_realloc(p, n);
    if (q) {
        untrack(p);
        track(q);
    }
    return q;
}

char *__wrap_strdup(const char *s)
{
    if (inject()) return NULL;
    char *p = __real_strdup(s);
    track(p);
    return p;
}

void __wrap_free(void *p)
{
    untrack(p);
    __real_free(p);
}

static void arm(long n)
{
    calls = 0;
    fail_at = n;
    failed = 0;
}

static char dir[64];

static void write_file(const char *name, const char *text)
{
    char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *fp = fopen(path, "w");
    fputs(text, fp);
    fclose(fp);
}

/* ---- the paths; each returns MEMSIM_OK or an error, and frees all it made ---- */

static memsim_status path_sim_create(void)
{
    memsim_config *cfg = memsim_config_create();
    if (!cfg) return MEMSIM_E_NOMEM;
    memsim_status st = memsim_config_set(cfg, "preset", "DDR5-4800", "t");
    if (st == MEMSIM_OK) st = memsim_config_set(cfg, "dram.ranks", "2", "t");
    if (st == MEMSIM_OK) st = memsim_config_set(cfg, "dram.channels", "2", "t");
    if (st == MEMSIM_OK) st = memsim_config_set(cfg, "mapping.scheme", "RoBaRaCoCh", "t");
    memsim_sim *sim = NULL;
    if (st == MEMSIM_OK) st = memsim_sim_create(cfg, &sim);
    memsim_sim_free(sim);
    memsim_config_free(cfg);
    return st;
}

static memsim_status path_yaml(void)
{
    char path[128];
    snprintf(path, sizeof path, "%s/c.yaml", dir);
    memsim_config *cfg = memsim_config_create();
    if (!cfg) return MEMSIM_E_NOMEM;
    memsim_status st = memsim_config_load_yaml(cfg, path);
    memsim_config *copy = st == MEMSIM_OK ? memsim_config_clone(cfg) : NULL;
    if (st == MEMSIM_OK && !copy) st = MEMSIM_E_NOMEM;
    memsim_config_free(copy);
    memsim_config_free(cfg);
    return st;
}

static memsim_status path_trace(void)
{
    const char *names[] = {"m.trc", "r.trc", "d.trc", "s.trc"};
    for (int i = 0; i < 4; i++) {
        char path[128], err[256];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        memsim_source *src = NULL;
        memsim_status st = memsim_source_open_trace(path, MEMSIM_TRACE_AUTO, &src, err, sizeof err);
        if (st != MEMSIM_OK) return st;
        memsim_request r;
        while ((st = memsim_source_next(src, &r)) == MEMSIM_OK) {
        }
        memsim_source_free(src);
        if (st != MEMSIM_END) return st;
    }
    return MEMSIM_OK;
}

static memsim_status path_run(void)
{
    memsim_config *cfg = memsim_config_create();
    if (!cfg) return MEMSIM_E_NOMEM;
    memsim_status st = memsim_config_set(cfg, "preset", "DDR4-2400", "t");
    if (st == MEMSIM_OK) st = memsim_config_set(cfg, "stats.epoch", "200", "t");
    memsim_sim *sim = NULL;
    if (st == MEMSIM_OK) st = memsim_sim_create(cfg, &sim);
    memsim_config_free(cfg);
    memsim_source *src = NULL;
    memsim_synth_params p;
    memsim_synth_defaults(&p);
    p.requests = 3000;
    p.read_ratio = 0.6;
    p.footprint = 0;
    char err[256];
    if (st == MEMSIM_OK) st = memsim_source_synthetic(&p, &src, err, sizeof err);
    if (st == MEMSIM_OK) st = memsim_sim_run(sim, src, NULL);
    FILE *devnull = fopen("/dev/null", "w");
    if (st == MEMSIM_OK) st = memsim_sim_write_json(sim, devnull);
    fclose(devnull);
    memsim_source_free(src);
    memsim_sim_free(sim);
    return st;
}

static memsim_status path_check(void)
{
    char path[128], err[512];
    snprintf(path, sizeof path, "%s/cmd.csv", dir);
    memsim_check_result res;
    return memsim_check_file(path, NULL, 0, &res, err, sizeof err);
}

static void walk(const char *name, memsim_status (*path)(void), int may_absorb)
{
    long base = live;
    arm(0);
    CHECK_EQ(path(), MEMSIM_OK); /* the path works without injection */
    long total = calls;
    CHECK(total > 0);
    CHECK_EQ(live, base);
    for (long n = 1; n <= total; n++) {
        arm(n);
        memsim_status st = path();
        if (!failed) continue; /* a shorter path this time */
        if (st == MEMSIM_OK && !may_absorb)
            UNIT_FAIL("%s: allocation %ld failed but the path reported success", name, n);
        if (live != base)
            UNIT_FAIL("%s: allocation %ld failed: %ld blocks leaked", name, n, live - base);
    }
    arm(0);
    fprintf(stderr, "  %s: %ld allocations walked\n", name, total);
}

static void setup_files(void)
{
    write_file("c.yaml", "preset: DDR5-6400\ndram:\n  ranks: 2\ncontroller:\n  scheduler: fcfs\n"
                         "  read_queue: 16\nmapping.scheme: RoBaRaCoCh\n");
    write_file("m.trc", "# memsim\n0 R 0x40\n3 W 0x1000 128\n");
    write_file("r.trc", "LD 0x40\nST 4096\n");
    write_file("d.trc", "0x40 READ 0\n0x80 WRITE 5\n");
    write_file("s.trc", "0:\tread\t0x40\n5:\twrite\t0x80\n");
    /* a command trace from a real run */
    memsim_config *cfg = memsim_config_create();
    memsim_config_set(cfg, "preset", "DDR5-4800", NULL);
    memsim_config_set(cfg, "refresh.mode", "sb", NULL);
    memsim_sim *sim = NULL;
    memsim_sim_create(cfg, &sim);
    memsim_config_free(cfg);
    char path[128], err[256];
    snprintf(path, sizeof path, "%s/cmd.csv", dir);
    FILE *fp = fopen(path, "w");
    memsim_sim_set_cmd_trace(sim, fp);
    memsim_synth_params p;
    memsim_synth_defaults(&p);
    p.requests = 2000;
    p.footprint = 0;
    memsim_source *src = NULL;
    memsim_source_synthetic(&p, &src, err, sizeof err);
    memsim_sim_run(sim, src, NULL);
    fclose(fp);
    memsim_source_free(src);
    memsim_sim_free(sim);
}

static void test_allocation_failures(void)
{
    walk("config + sim create", path_sim_create, 0);
    walk("yaml load + clone", path_yaml, 0);
    walk("trace readers", path_trace, 0);
    /* the epoch series may stop on a failed realloc while totals stay exact */
    walk("synthetic run + json", path_run, 1);
    walk("checker", path_check, 0);
}

int main(void)
{
    snprintf(dir, sizeof dir, "/tmp/memsim-alloc-XXXXXX");
    if (!mkdtemp(dir)) return 1;
    setup_files();
    UNIT_RUN(test_allocation_failures);
    const char *files[] = {"c.yaml", "m.trc", "r.trc", "d.trc", "s.trc", "cmd.csv"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char path[128];
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        remove(path);
    }
    rmdir(dir);
    UNIT_DONE();
}
