/*
 * demo.c - `memsim demo` (what `make demo` runs): a short tour on built-in
 * workloads. It simulates DDR4 and DDR5 presets on random and streaming
 * reads and a 2:1 read/write mix, prints one comparison table, then proves the
 * command trace of one run with the independent checker.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "memsim/check.h"
#include "tools/cli.h"

typedef struct demo_row {
    const char *label, *preset, *pattern;
    double read_ratio;
    const char *sets[2];
} demo_row;

static const demo_row rows[] = {
    {"DDR4-2400 x64, random reads", "DDR4-2400", "random", 1.0, {NULL}},
    {"DDR4-2400 x64, stream reads", "DDR4-2400", "stream", 1.0, {NULL}},
    {"DDR5-4800 x32, random reads", "DDR5-4800", "random", 1.0, {NULL}},
    {"DDR5-4800 x32, stream reads", "DDR5-4800", "stream", 1.0, {NULL}},
    {"DDR5-4800 x32, random 2:1 R/W", "DDR5-4800", "random", 2.0 / 3.0, {NULL}},
    {"DDR5-6400 x32 2 ranks, random", "DDR5-6400", "random", 1.0, {"dram.ranks=2", NULL}},
    {"DDR5-6400 x32 2 ranks, same-bank refresh",
     "DDR5-6400",
     "random",
     1.0,
     {"dram.ranks=2", "refresh.mode=sb"}},
};

static int demo_one(const demo_row *r, uint64_t n, const char *cmd_trace, double *out)
{
    run_args a;
    memset(&a, 0, sizeof a);
    memsim_synth_defaults(&a.synth);
    a.synth.footprint = 0;
    a.synth.requests = n;
    a.synth.read_ratio = r->read_ratio;
    a.synth.pattern = !strcmp(r->pattern, "stream") ? MEMSIM_PATTERN_STREAM : MEMSIM_PATTERN_RANDOM;
    a.synthetic = r->pattern;
    a.preset = r->preset;
    a.cmd_trace = cmd_trace;
    for (int i = 0; i < 2 && r->sets[i]; i++)
        a.sets[a.n_sets++] = r->sets[i];
    memsim_sim *sim = NULL;
    double wall = 0;
    cli_out trace;
    int rc = memsim_cli_simulate(&a, &sim, &wall, &trace);
    if (rc) return rc;
    if (!memsim_cli_out_commit(&trace)) {
        memsim_sim_free(sim);
        return memsim_cli_fail("cannot write '%s'", cmd_trace);
    }
    memsim_sim_stat(sim, -1, "bandwidth_gbps", &out[0]);
    memsim_sim_stat(sim, -1, "peak_gbps", &out[1]);
    memsim_sim_stat(sim, -1, "read_latency_ns.mean", &out[2]);
    memsim_sim_stat(sim, -1, "read_latency_ns.p99", &out[3]);
    memsim_sim_stat(sim, -1, "row_hit_rate", &out[4]);
    out[5] = wall > 0 ? (double)n / wall / 1e6 : 0;
    memsim_sim_free(sim);
    return 0;
}

int memsim_cli_demo(void)
{
    const uint64_t n = 200000;
    printf("memsim demo: %llu 64-byte requests per row, as fast as the controller accepts them,\n"
           "one channel, FR-FCFS, open pages, RoBaRaCoCh mapping.\n\n",
           (unsigned long long)n);
    printf("%-42s %9s %7s %10s %10s %6s %9s\n", "configuration", "GB/s", "% peak", "rd lat ns",
           "p99 ns", "hits", "M req/s");
    char trace[64];
    snprintf(trace, sizeof trace, "/tmp/memsim-demo-%ld.csv", (long)getpid());
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        double v[6];
        int rc = demo_one(&rows[i], n, i + 1 == sizeof rows / sizeof rows[0] ? trace : NULL, v);
        if (rc) return rc;
        printf("%-42s %9.2f %6.1f%% %10.1f %10.1f %5.0f%% %9.2f\n", rows[i].label, v[0],
               100.0 * v[0] / v[1], v[2], v[3], 100.0 * v[4], v[5]);
    }
    memsim_check_result res;
    char err[512];
    if (memsim_check_file(trace, NULL, 0, &res, err, sizeof err) != MEMSIM_OK) {
        remove(trace);
        return memsim_cli_fail("%s", err);
    }
    remove(trace);
    printf("\nmemsim check, the independent timing checker, re-read the last run's %llu commands:\n"
           "%llu timing violations.\n",
           (unsigned long long)res.commands, (unsigned long long)res.violations);
    printf("\nNext: memsim presets; memsim run --preset DDR5-6400 --synthetic random --json "
           "out.json\n");
    return res.violations ? 1 : 0;
}
