/*
 * test_check_presets.c - the simulator against the independent checker: the
 * command traces of every speed preset, with random, stream and 2:1
 * read/write workloads (and ranks, same-bank refresh, page policies, several
 * channels), have zero violations; and a trace with one command moved one
 * clock earlier than the engine issued it is caught.
 */
#include <stdlib.h>
#include <unistd.h>

#include "memsim/check.h"
#include "memsim/memsim.h"
#include "check_text.h"
#include "unit.h"

static char tmp_path[64];

static int run_to_file_at(const char *preset, const char *const *sets, memsim_pattern pat,
                          double read_ratio, uint64_t n, uint64_t interval)
{
    memsim_config *cfg = memsim_config_create();
    memsim_config_set(cfg, "preset", preset, NULL);
    for (; sets && *sets; sets += 2)
        if (memsim_config_set(cfg, sets[0], sets[1], NULL) != MEMSIM_OK)
            UNIT_FAIL("%s", memsim_config_error(cfg));
    memsim_sim *sim = NULL;
    if (memsim_sim_create(cfg, &sim) != MEMSIM_OK) {
        UNIT_FAIL("%s: %s", preset, memsim_config_error(cfg));
        memsim_config_free(cfg);
        return 0;
    }
    memsim_config_free(cfg);
    FILE *fp = fopen(tmp_path, "w");
    memsim_sim_set_cmd_trace(sim, fp);
    memsim_synth_params p;
    memsim_synth_defaults(&p);
    p.pattern = pat;
    p.requests = n;
    p.read_ratio = read_ratio;
    p.footprint = 0;
    p.seed = 3;
    p.interval = interval;
    memsim_source *src = NULL;
    char err[256];
    memsim_source_synthetic(&p, &src, err, sizeof err);
    CHECK_EQ(memsim_sim_run(sim, src, NULL), MEMSIM_OK);
    fclose(fp);
    memsim_source_free(src);
    memsim_sim_free(sim);
    return 1;
}

static int run_to_file(const char *preset, const char *const *sets, memsim_pattern pat,
                       double read_ratio, uint64_t n)
{
    return run_to_file_at(preset, sets, pat, read_ratio, n, 0);
}

static uint64_t check_file(uint64_t *commands)
{
    memsim_check_result res = {0};
    char err[512];
    memsim_status st = memsim_check_file(tmp_path, stderr, 5, &res, err, sizeof err);
    if (st != MEMSIM_OK) UNIT_FAIL("check: %s", err);
    if (commands) *commands = res.commands;
    return res.violations;
}

static void test_every_preset(void)
{
    const memsim_pattern pats[3] = {MEMSIM_PATTERN_RANDOM, MEMSIM_PATTERN_STREAM,
                                    MEMSIM_PATTERN_RANDOM};
    const double ratios[3] = {1.0, 1.0, 2.0 / 3.0};
    memsim_preset_info info;
    for (size_t i = 0; i < memsim_preset_count(); i++) {
        memsim_preset_get(i, &info);
        for (int w = 0; w < 3; w++) {
            if (!run_to_file(info.name, NULL, pats[w], ratios[w], 3000)) continue;
            uint64_t cmds = 0, v = check_file(&cmds);
            if (v)
                UNIT_FAIL("%s workload %d: %llu violations", info.name, w, (unsigned long long)v);
            CHECK(cmds >= 3000);
        }
    }
}

static void test_variants(void)
{
    static const char *const v[][9] = {
        {"dram.ranks", "2", NULL},
        {"dram.ranks", "4", "refresh.mode", "sb", NULL},
        {"refresh.mode", "sb", "controller.page_policy", "closed", NULL},
        {"controller.page_policy", "adaptive", "controller.page_timeout", "20", NULL},
        {"dram.channels", "4", "mapping.scheme", "RoCoBaRaCh", "dram.org", "32Gb_x16", NULL},
        {"controller.scheduler", "fcfs", "dram.org", "8Gb_x4", "mapping.xor_bank", "true", NULL},
        {"dram.ranks", "2", "refresh.max_postpone", "1", "controller.write_queue", "4", NULL},
    };
    const char *presets[] = {"DDR5-4800", "DDR5-6400B", "DDR5-8800C"};
    for (size_t p = 0; p < 3; p++)
        for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
            if (!run_to_file(presets[p], v[i], MEMSIM_PATTERN_RANDOM, 0.6, 20000)) continue;
            uint64_t n = check_file(NULL);
            if (n)
                UNIT_FAIL("%s variant %zu: %llu violations", presets[p], i, (unsigned long long)n);
        }
    const char *ddr4[][5] = {{"dram.ranks", "2", NULL}, {"dram.org", "16Gb_x16", NULL}};
    for (size_t i = 0; i < 2; i++) {
        run_to_file("DDR4-2933", ddr4[i], MEMSIM_PATTERN_RANDOM, 0.6, 20000);
        CHECK_EQ(check_file(NULL), 0);
    }
}

static uint64_t check_path(const char *path)
{
    memsim_check_result res = {0};
    char err[512];
    if (memsim_check_file(path, NULL, 0, &res, err, sizeof err) != MEMSIM_OK)
        UNIT_FAIL("check: %s", err);
    return res.violations;
}

/* In a loaded run, moving a command one clock earlier is a violation whenever
 * the engine issued it at its earliest legal cycle; find such instances and
 * make sure the checker catches them (and that untouched traces stay clean). */
static void test_corruption_caught(void)
{
    const char *cmds[] = {"RD", "ACT", "PRE", "WR", "RDA", "REF"};
    const char *const closed[] = {"controller.page_policy", "closed", NULL};
    char bad[80];
    snprintf(bad, sizeof bad, "%s.bad", tmp_path);
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        /* enough requests for refreshes to fall due under load */
        run_to_file("DDR4-2400", !strcmp(cmds[i], "RDA") ? closed : NULL, MEMSIM_PATTERN_RANDOM,
                    2.0 / 3.0, !strcmp(cmds[i], "REF") ? 40000 : 4000);
        CHECK_EQ(check_path(tmp_path), 0);
        unsigned caught = 0, tried = 0;
        for (unsigned nth = 1; nth <= 60 && corrupt_trace(tmp_path, cmds[i], nth, bad); nth++) {
            tried++;
            if (check_path(bad)) caught++;
        }
        if (!caught)
            UNIT_FAIL("moving %s one clock earlier was never caught (%u tries)", cmds[i], tried);
    }
    /* Light load: every read is a miss whose RD issues exactly nRCD after its
     * ACT, so every single moved RD must be caught. */
    run_to_file_at("DDR5-4800", NULL, MEMSIM_PATTERN_RANDOM, 1.0, 300, 500);
    for (unsigned nth = 1; nth <= 40; nth++) {
        CHECK(corrupt_trace(tmp_path, "RD", nth, bad));
        CHECK(check_path(bad) > 0);
    }
    remove(bad);
}

int main(void)
{
    snprintf(tmp_path, sizeof tmp_path, "/tmp/memsim-check-%ld.csv", (long)getpid());
    UNIT_RUN(test_every_preset);
    UNIT_RUN(test_variants);
    UNIT_RUN(test_corruption_caught);
    remove(tmp_path);
    UNIT_DONE();
}
