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
#include "memsim/llm.h"
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

/* The story memsim exists for: one LLM decode step on AI chips and on a
 * server socket, each memory simulated cycle by cycle. */
static int demo_llm(void)
{
    static const char *const chips[] = {"trn2", "trn3", "xeon6-rdimm-6400", "xeon6-mrdimm-8800"};
    static const char *const labels[] = {
        "Trainium2, HBM3 (4 stacks)", "Trainium3, HBM3E (4 stacks)", "Xeon 6, 12 x RDIMM DDR5-6400",
        "Xeon 6, 12 x MRDIMM-8800"};
    memsim_llm_model m;
    memsim_llm_step s;
    memsim_llm_step_defaults(&s);
    s.batch = 1;
    s.ctx = 4096;
    s.tolerance = 0.05;
    if (memsim_llm_model_preset("llama3-8b", &m) != MEMSIM_OK)
        return memsim_cli_fail("demo: no built-in llama3-8b");
    printf("\nLLM decode, %s (%.1f B parameters, bf16), batch %u, %u tokens cached: the "
           "weights\nand KV cache stream through DMA engines into the simulated memory "
           "(memsim llm):\n\n",
           m.name, memsim_llm_model_params(&m) / 1e9, s.batch, s.ctx);
    printf("%-30s %9s %7s %8s %9s %8s %9s %9s %6s\n", "system", "GB/s", "% peak", "lat ns",
           "ms/token", "tokens/s", "roofline", "J/token", "wall s");
    for (size_t i = 0; i < sizeof chips / sizeof chips[0]; i++) {
        memsim_accel chip;
        memsim_llm_result r;
        char err[512];
        if (memsim_accel_preset(chips[i], &chip) != MEMSIM_OK)
            return memsim_cli_fail("demo: no accelerator '%s'", chips[i]);
        if (memsim_llm_run(&chip, &m, &s, &r, err, sizeof err) != MEMSIM_OK)
            return memsim_cli_fail("%s", err);
        printf("%-30s %9.1f %6.1f%% %8.1f %9.2f %8.1f %8.2fx %9.3f %6.1f\n", labels[i],
               r.hbm_bandwidth_gbps, 100.0 * r.hbm_bandwidth_gbps / r.peak_gbps, r.read_latency_ns,
               r.time_per_token_ms, r.tokens_per_s, r.roofline_ratio, r.energy_per_token_j,
               r.wall_s);
        fflush(stdout);
    }
    printf("\nroofline: achieved tokens/s over bytes-per-token / peak bandwidth. Two of 32 layers "
           "are\nsimulated, operators until steady within 5 %%; the rest is extrapolated.\n");
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
    if (res.violations) return 1;
    int rc = demo_llm();
    if (rc) return rc;
    printf("\nNext: memsim presets; memsim run --preset DDR5-6400 --synthetic random --json "
           "out.json;\n      memsim llm --chip trn2 --model llama3-70b --tp 2 --batch 8 --ctx "
           "4096\n");
    return 0;
}
