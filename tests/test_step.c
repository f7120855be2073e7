/*
 * test_step.c - skip-ahead changes nothing: for every standard, workload and
 * controller variant below, the command trace and the JSON statistics of a
 * run that ticks every cycle (--step) are byte-identical to those of the
 * default run, which jumps over idle cycles.
 */
#include <stdlib.h>

#include "core/sim.h"
#include "unit.h"

typedef struct variant {
    const char *preset;
    const char *sets[8];
    memsim_pattern pattern;
    double read_ratio;
    uint64_t interval, outstanding;
} variant;

static const variant variants[] = {
    {"DDR4-2400", {NULL}, MEMSIM_PATTERN_RANDOM, 1.0, 0, 0},
    {"DDR4-2400", {NULL}, MEMSIM_PATTERN_RANDOM, 1.0, 40, 0},
    {"DDR4-3200", {"dram.ranks", "2", NULL}, MEMSIM_PATTERN_RANDOM, 2.0 / 3.0, 0, 0},
    {"DDR4-1600", {"controller.scheduler", "fcfs", NULL}, MEMSIM_PATTERN_STREAM, 0.5, 0, 0},
    {"DDR5-4800", {NULL}, MEMSIM_PATTERN_STREAM, 1.0, 0, 0},
    {"DDR5-4800",
     {"refresh.mode", "sb", "dram.ranks", "2", NULL},
     MEMSIM_PATTERN_RANDOM,
     0.7,
     0,
     0},
    {"DDR5-6400",
     {"controller.page_policy", "closed", NULL},
     MEMSIM_PATTERN_RANDOM,
     2.0 / 3.0,
     0,
     8},
    {"DDR5-6400",
     {"controller.page_policy", "adaptive", "stats.epoch", "5000", NULL},
     MEMSIM_PATTERN_STRIDED,
     0.9,
     30,
     0},
    {"DDR5-8800",
     {"dram.channels", "2", "mapping.scheme", "RoBaRaCoCh", "mapping.xor_bank", "true", NULL},
     MEMSIM_PATTERN_RANDOM,
     0.5,
     0,
     0},
    {"DDR5-5600",
     {"controller.age_cap", "300", "controller.write_queue", "16", NULL},
     MEMSIM_PATTERN_RANDOM,
     0.5,
     3,
     0},
    /* HBM: two command buses, half-clock cycles, per-bank refresh, pseudo-channels */
    {"HBM3-6400", {"dram.channels", "2", NULL}, MEMSIM_PATTERN_RANDOM, 2.0 / 3.0, 0, 0},
    {"trn3",
     {"dram.channels", "3", "refresh.mode", "ab", "mapping.scheme", "RoRaBaBgCoPcCh", NULL},
     MEMSIM_PATTERN_STREAM,
     0.8,
     0,
     0},
    {"HBM2-2000", {"dram.channels", "1", NULL}, MEMSIM_PATTERN_RANDOM, 1.0, 6, 0},
    /* light load on several channels: an idle channel's refresh falls due
     * while the run skips ahead (the run loop once skipped past it) */
    {"DDR5-4800",
     {"dram.channels", "2", "dram.ranks", "2", NULL},
     MEMSIM_PATTERN_RANDOM,
     1.0,
     40,
     0},
    {"MRDIMM-8800", {"dram.channels", "2", NULL}, MEMSIM_PATTERN_RANDOM, 2.0 / 3.0, 60, 0},
    {"HBM3-6400", {"dram.channels", "4", NULL}, MEMSIM_PATTERN_RANDOM, 1.0, 20, 0},
};

static char *run_variant(const variant *v, int step, size_t *len)
{
    memsim_config *cfg = memsim_config_create();
    memsim_config_set(cfg, "preset", v->preset, NULL);
    for (unsigned i = 0; v->sets[i]; i += 2)
        if (memsim_config_set(cfg, v->sets[i], v->sets[i + 1], NULL) != MEMSIM_OK)
            UNIT_FAIL("%s", memsim_config_error(cfg));
    memsim_sim *sim = NULL;
    if (memsim_sim_create(cfg, &sim) != MEMSIM_OK) {
        UNIT_FAIL("%s", memsim_config_error(cfg));
        memsim_config_free(cfg);
        return NULL;
    }
    memsim_config_free(cfg);
    char *buf = NULL;
    FILE *out = open_memstream(&buf, len);
    memsim_sim_set_cmd_trace(sim, out);
    memsim_synth_params p;
    memsim_synth_defaults(&p);
    p.pattern = v->pattern;
    p.requests = 6000;
    p.read_ratio = v->read_ratio;
    p.interval = v->interval;
    p.stride = 4096 + 64;
    p.footprint = 0;
    p.seed = 7;
    memsim_source *src = NULL;
    char err[256];
    CHECK_EQ(memsim_source_synthetic(&p, &src, err, sizeof err), MEMSIM_OK);
    memsim_run_options opt = {.outstanding = v->outstanding, .step = step};
    CHECK_EQ(memsim_sim_run(sim, src, &opt), MEMSIM_OK);
    memsim_sim_write_json(sim, out);
    fclose(out);
    memsim_source_free(src);
    memsim_sim_free(sim);
    return buf;
}

static void test_step_identical(void)
{
    for (size_t i = 0; i < sizeof variants / sizeof variants[0]; i++) {
        size_t la = 0, lb = 0;
        char *a = run_variant(&variants[i], 0, &la);
        char *b = run_variant(&variants[i], 1, &lb);
        CHECK(a && b);
        CHECK(la > 1000);
        if (a && b && (la != lb || memcmp(a, b, la) != 0)) {
            size_t k = 0;
            while (k < la && k < lb && a[k] == b[k])
                k++;
            size_t from = k > 200 ? k - 200 : 0;
            UNIT_FAIL("variant %zu (%s): skip and step differ at byte %zu:\n--- skip\n%.300s\n--- "
                      "step\n%.300s",
                      i, variants[i].preset, k, a + from, b + from);
        }
        free(a);
        free(b);
    }
}

int main(void)
{
    UNIT_RUN(test_step_identical);
    UNIT_DONE();
}
