/*
 * test_golden.c - golden statistics: a fixed set of seeded runs whose key
 * figures are kept, reviewed, in tests/golden/stats.txt. Any change to the
 * engine that moves a number shows up as a diff of that file; if the change
 * is intended, regenerate it with MEMSIM_UPDATE_GOLDEN=1 ./test_golden and
 * review the diff in the commit.
 */
#include <stdlib.h>

#include "memsim/memsim.h"
#include "unit.h"

typedef struct golden_run {
    const char *name, *preset;
    const char *sets[6];
    memsim_pattern pattern;
    double read_ratio;
    uint64_t interval;
} golden_run;

static const golden_run runs[] = {
    {"ddr4-2400-random", "DDR4-2400", {NULL}, MEMSIM_PATTERN_RANDOM, 1.0, 0},
    {"ddr4-2400-random-1in40", "DDR4-2400", {NULL}, MEMSIM_PATTERN_RANDOM, 1.0, 40},
    {"ddr4-2400-stream", "DDR4-2400", {NULL}, MEMSIM_PATTERN_STREAM, 1.0, 0},
    {"ddr4-3200-2rank-mix",
     "DDR4-3200",
     {"dram.ranks", "2", NULL},
     MEMSIM_PATTERN_RANDOM,
     0.6667,
     0},
    {"ddr5-4800-stream", "DDR5-4800", {NULL}, MEMSIM_PATTERN_STREAM, 1.0, 0},
    {"ddr5-4800-random", "DDR5-4800", {NULL}, MEMSIM_PATTERN_RANDOM, 1.0, 0},
    {"ddr5-4800-mix-fcfs",
     "DDR5-4800",
     {"controller.scheduler", "fcfs", NULL},
     MEMSIM_PATTERN_RANDOM,
     0.6667,
     0},
    {"ddr5-6400-2rank-sb",
     "DDR5-6400",
     {"dram.ranks", "2", "refresh.mode", "sb", NULL},
     MEMSIM_PATTERN_RANDOM,
     0.6667,
     0},
    {"ddr5-8800-closed",
     "DDR5-8800",
     {"controller.page_policy", "closed", NULL},
     MEMSIM_PATTERN_STREAM,
     0.8,
     0},
    {"hbm3-6400-stream", "HBM3-6400", {NULL}, MEMSIM_PATTERN_STREAM, 1.0, 0},
    {"hbm2-2000-mix", "HBM2-2000", {NULL}, MEMSIM_PATTERN_RANDOM, 0.6667, 0},
    {"trn2-2ch-random", "trn2", {"dram.channels", "2", NULL}, MEMSIM_PATTERN_RANDOM, 1.0, 0},
    {"mrdimm-8800-stream-mix", "MRDIMM-8800", {NULL}, MEMSIM_PATTERN_STREAM, 0.6667, 0},
    {"mrdimm-12800-tall-random",
     "MRDIMM-12800-tall",
     {"refresh.mode", "sb", NULL},
     MEMSIM_PATTERN_RANDOM,
     0.6667,
     0},
    {"mrdimm-8800-pcs4-random",
     "MRDIMM-8800",
     {"dram.pcs", "4", NULL},
     MEMSIM_PATTERN_RANDOM,
     1.0,
     0},
};

static const char *const keys[] = {
    "bandwidth_gbps",
    "read_latency_ns.mean",
    "read_latency_ns.p50",
    "read_latency_ns.p99",
    "write_latency_ns.mean",
    "row_hits",
    "row_misses",
    "row_conflicts",
    "refreshes",
    "commands.ACT",
    "cycles",
};

static void line_for(const golden_run *g, char *buf, size_t len)
{
    memsim_config *cfg = memsim_config_create();
    memsim_config_set(cfg, "preset", g->preset, NULL);
    for (unsigned i = 0; g->sets[i]; i += 2)
        memsim_config_set(cfg, g->sets[i], g->sets[i + 1], NULL);
    memsim_sim *sim = NULL;
    CHECK_EQ(memsim_sim_create(cfg, &sim), MEMSIM_OK);
    memsim_config_free(cfg);
    memsim_synth_params p;
    memsim_synth_defaults(&p);
    p.pattern = g->pattern;
    p.requests = 50000;
    p.read_ratio = g->read_ratio;
    p.interval = g->interval;
    p.footprint = 0;
    p.seed = 42;
    memsim_source *src = NULL;
    char err[256];
    CHECK_EQ(memsim_source_synthetic(&p, &src, err, sizeof err), MEMSIM_OK);
    CHECK_EQ(memsim_sim_run(sim, src, NULL), MEMSIM_OK);
    int n = snprintf(buf, len, "%s", g->name);
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
        double v = 0;
        CHECK_EQ(memsim_sim_stat(sim, -1, keys[k], &v), MEMSIM_OK);
        n += snprintf(buf + n, len - (size_t)n, " %s=%.3f", keys[k], v);
    }
    snprintf(buf + n, len - (size_t)n, "\n");
    memsim_source_free(src);
    memsim_sim_free(sim);
}

static void test_golden(void)
{
    char path[512], got[8192] = "", line[1024];
    snprintf(path, sizeof path, "%s/tests/golden/stats.txt", MEMSIM_SOURCE_DIR);
    const char *header =
        "# memsim golden statistics: 50000 requests each, seed 42 (test_golden.c)\n";
    strcat(got, header);
    for (size_t i = 0; i < sizeof runs / sizeof runs[0]; i++) {
        line_for(&runs[i], line, sizeof line);
        strncat(got, line, sizeof got - strlen(got) - 1);
    }
    if (getenv("MEMSIM_UPDATE_GOLDEN")) {
        FILE *fp = fopen(path, "w");
        CHECK(fp != NULL);
        if (fp) {
            fputs(got, fp);
            fclose(fp);
        }
        return;
    }
    FILE *fp = fopen(path, "r");
    if (!fp) {
        UNIT_FAIL("cannot read %s (create it with MEMSIM_UPDATE_GOLDEN=1)", path);
        return;
    }
    char want[8192];
    size_t n = fread(want, 1, sizeof want - 1, fp);
    want[n] = 0;
    fclose(fp);
    CHECK_STR(got, want);
}

int main(void)
{
    UNIT_RUN(test_golden);
    UNIT_DONE();
}
