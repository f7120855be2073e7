/*
 * memsim.c - the command-line front end: a thin client of libmemsim.
 *
 *   memsim run [FILE.yaml] [--preset NAME] [-s KEY=VALUE]... (--trace FILE |
 *              --synthetic random|stream|strided ...) [--json FILE] [--cmd-trace FILE] [--step]
 *   memsim presets | keys | check CMD_TRACE | demo | --help | --version
 *
 * Exit status: 0 success, 1 `check` found violations, 2 bad input (one line on
 * stderr naming the file, line and what was expected). Output files are written
 * under a temporary name and renamed when complete, so a failed or interrupted
 * run leaves none behind.
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "memsim/check.h"
#include "memsim/memsim.h"
#include "tools/cli.h"

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
    interrupted = sig;
}

void memsim_cli_catch_signals(void)
{
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
}

int memsim_cli_fail(const char *fmt, ...)
{
    va_list ap;
    fputs("memsim: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return 2;
}

/* ---- atomic output files ---- */

int memsim_cli_out_open(cli_out *o, const char *path)
{
    o->path = path;
    o->fp = NULL;
    if (!path) return 1;
    if (!strcmp(path, "-")) {
        o->fp = stdout;
        return 1;
    }
    snprintf(o->tmp, sizeof o->tmp, "%s.tmp.%ld", path, (long)getpid());
    o->fp = fopen(o->tmp, "w");
    return o->fp != NULL;
}

int memsim_cli_out_commit(cli_out *o)
{
    if (!o->fp || o->fp == stdout) return o->fp ? fflush(stdout) == 0 : 1;
    int ok = fflush(o->fp) == 0 && !ferror(o->fp);
    ok = (fclose(o->fp) == 0) && ok;
    o->fp = NULL;
    if (ok && rename(o->tmp, o->path) != 0) ok = 0;
    if (!ok) remove(o->tmp);
    return ok;
}

void memsim_cli_out_abort(cli_out *o)
{
    if (o->fp && o->fp != stdout) {
        fclose(o->fp);
        remove(o->tmp);
    }
    o->fp = NULL;
}

/* ---- progress ---- */

typedef struct progress {
    struct timespec start;
    uint64_t total, done;
    int tty, shown;
    double tck_ps;
} progress;

static double elapsed_s(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) * 1e-9;
}

static int on_progress(void *ctx, uint64_t done, uint64_t cycle)
{
    progress *p = ctx;
    p->done = done;
    if (interrupted) return 1;
    double s = elapsed_s(&p->start);
    if (!p->tty || s < 2.0) return 0;
    double rate = (double)done / s;
    fprintf(stderr, "\r  %.1f M requests, %.3f ms simulated, %.2f M req/s", (double)done / 1e6,
            (double)cycle * p->tck_ps * 1e-9, rate / 1e6);
    if (p->total && rate > 0)
        fprintf(stderr, ", ETA %.0f s   ", ((double)p->total - (double)done) / rate);
    p->shown = 1;
    return 0;
}

/* ---- run ---- */

static const char run_usage[] =
    "usage: memsim run [FILE.yaml] [--preset NAME] [-s KEY=VALUE]...\n"
    "                  (--trace FILE [--trace-format auto|memsim|ramulator|dramsim3|dramsys]\n"
    "                   | --synthetic random|stream|strided [--requests N] [--read-ratio R]\n"
    "                     [--interval CYCLES | --rate GBPS | --load FRACTION | --outstanding N]\n"
    "                     [--stride BYTES]"
    "                     [--footprint BYTES] [--seed S])\n"
    "                  [--json FILE] [--cmd-trace FILE] [--step] [--quiet]\n";

static int parse_u64_arg(const char *flag, const char *v, uint64_t *out)
{
    char *end;
    errno = 0;
    if (!v || !*v || *v == '-')
        return memsim_cli_fail("%s: expected a non-negative integer, got '%s'", flag, v ? v : ""),
               0;
    unsigned long long x = strtoull(v, &end, 0);
    if (errno || *end)
        return memsim_cli_fail("%s: expected a non-negative integer, got '%s'", flag, v), 0;
    *out = x;
    return 1;
}

int memsim_cli_parse_run(int argc, char **argv, run_args *a)
{
    memset(a, 0, sizeof *a);
    memsim_synth_defaults(&a->synth);
    a->synth.footprint = 0;
    for (int i = 0; i < argc; i++) {
        const char *f = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
#define NEED_VALUE()                                                                               \
    do {                                                                                           \
        if (!v) return memsim_cli_fail("%s: expected a value", f), 0;                              \
        i++;                                                                                       \
    } while (0)
        if (!strcmp(f, "--preset")) {
            NEED_VALUE();
            a->preset = v;
        } else if (!strcmp(f, "-s") || !strcmp(f, "--set")) {
            NEED_VALUE();
            if (a->n_sets >= MAX_SETS) return memsim_cli_fail("too many -s options"), 0;
            a->sets[a->n_sets++] = v;
        } else if (!strcmp(f, "--trace")) {
            NEED_VALUE();
            a->trace = v;
        } else if (!strcmp(f, "--trace-format")) {
            NEED_VALUE();
            int fmt = memsim_trace_format_from_name(v);
            if (fmt < 0)
                return memsim_cli_fail("--trace-format: unknown format '%s' (expected auto, "
                                       "memsim, ramulator, dramsim3 or dramsys)",
                                       v),
                       0;
            a->format = (memsim_trace_format)fmt;
        } else if (!strcmp(f, "--synthetic")) {
            NEED_VALUE();
            a->synthetic = v;
            if (!strcmp(v, "random"))
                a->synth.pattern = MEMSIM_PATTERN_RANDOM;
            else if (!strcmp(v, "stream"))
                a->synth.pattern = MEMSIM_PATTERN_STREAM;
            else if (!strcmp(v, "strided"))
                a->synth.pattern = MEMSIM_PATTERN_STRIDED;
            else
                return memsim_cli_fail(
                           "--synthetic: unknown pattern '%s' (expected random, stream or strided)",
                           v),
                       0;
        } else if (!strcmp(f, "--requests")) {
            NEED_VALUE();
            if (!parse_u64_arg(f, v, &a->synth.requests)) return 0;
        } else if (!strcmp(f, "--read-ratio")) {
            NEED_VALUE();
            char *end;
            double r = strtod(v, &end);
            if (*end || end == v || r < 0.0 || r > 1.0)
                return memsim_cli_fail("--read-ratio: expected a number from 0 to 1, got '%s'", v),
                       0;
            a->synth.read_ratio = r;
        } else if (!strcmp(f, "--interval")) {
            NEED_VALUE();
            if (!parse_u64_arg(f, v, &a->synth.interval)) return 0;
        } else if (!strcmp(f, "--rate") || !strcmp(f, "--load")) {
            NEED_VALUE();
            char *end;
            double r = strtod(v, &end);
            if (*end || end == v || !(r > 0.0 && r < 1e9))
                return memsim_cli_fail("%s: expected a positive number (%s), got '%s'", f,
                                       f[2] == 'r' ? "GB/s" : "fraction of peak bandwidth", v),
                       0;
            if (f[2] == 'r')
                a->synth.rate_gbps = r;
            else
                a->load = r;
        } else if (!strcmp(f, "--outstanding")) {
            NEED_VALUE();
            if (!parse_u64_arg(f, v, &a->outstanding)) return 0;
        } else if (!strcmp(f, "--stride")) {
            NEED_VALUE();
            if (!parse_u64_arg(f, v, &a->synth.stride)) return 0;
        } else if (!strcmp(f, "--footprint")) {
            NEED_VALUE();
            if (!parse_u64_arg(f, v, &a->synth.footprint)) return 0;
        } else if (!strcmp(f, "--seed")) {
            NEED_VALUE();
            if (!parse_u64_arg(f, v, &a->synth.seed)) return 0;
        } else if (!strcmp(f, "--json")) {
            NEED_VALUE();
            a->json = v;
        } else if (!strcmp(f, "--cmd-trace")) {
            NEED_VALUE();
            a->cmd_trace = v;
        } else if (!strcmp(f, "--step")) {
            a->step = 1;
        } else if (!strcmp(f, "--quiet") || !strcmp(f, "-q")) {
            a->quiet = 1;
        } else if (!strcmp(f, "--help") || !strcmp(f, "-h")) {
            fputs(run_usage, stdout);
            a->help = 1;
            return 1;
        } else if (f[0] == '-') {
            return memsim_cli_fail("run: unknown option '%s' (memsim run --help)", f), 0;
        } else if (!a->yaml) {
            a->yaml = f;
        } else {
            return memsim_cli_fail("run: unexpected argument '%s' (one config file at most)", f), 0;
        }
#undef NEED_VALUE
    }
    if (a->help) return 1;
    if (!!a->trace == !!a->synthetic)
        return memsim_cli_fail("run: give exactly one of --trace FILE or --synthetic PATTERN"), 0;
    if (a->outstanding && a->synth.interval)
        return memsim_cli_fail("run: --interval and --outstanding exclude each other"), 0;
    if ((a->synth.interval != 0) + (a->synth.rate_gbps > 0.0) + (a->load > 0.0) +
            (a->outstanding != 0) >
        1)
        return memsim_cli_fail(
                   "run: give at most one of --interval, --rate, --load and --outstanding"),
               0;
    if (a->trace && (a->synth.rate_gbps > 0.0 || a->load > 0.0))
        return memsim_cli_fail("run: --rate and --load pace synthetic requests; a trace has its "
                               "own arrival times"),
               0;
    return 1;
}

memsim_config *memsim_cli_config(const run_args *a)
{
    memsim_config *cfg = memsim_config_create();
    if (!cfg) return memsim_cli_fail("out of memory"), NULL;
    if (a->yaml && memsim_config_load_yaml(cfg, a->yaml) != MEMSIM_OK) goto fail;
    if (a->preset && memsim_config_set(cfg, "preset", a->preset, "--preset") != MEMSIM_OK)
        goto fail;
    for (int i = 0; i < a->n_sets; i++) {
        char key[256];
        const char *eq = strchr(a->sets[i], '=');
        if (!eq || eq == a->sets[i] || (size_t)(eq - a->sets[i]) >= sizeof key) {
            memsim_cli_fail("-s %s: expected KEY=VALUE", a->sets[i]);
            memsim_config_free(cfg);
            return NULL;
        }
        memcpy(key, a->sets[i], (size_t)(eq - a->sets[i]));
        key[eq - a->sets[i]] = 0;
        if (memsim_config_set(cfg, key, eq + 1, "-s") != MEMSIM_OK) goto fail;
    }
    return cfg;
fail:
    memsim_cli_fail("%s", memsim_config_error(cfg));
    memsim_config_free(cfg);
    return NULL;
}

int memsim_cli_simulate(const run_args *a, memsim_sim **out_sim, double *wall_s, cli_out *trace)
{
    char err[512] = "";
    memsim_config *cfg = memsim_cli_config(a);
    if (!cfg) return 2;
    memsim_sim *sim = NULL;
    if (memsim_sim_create(cfg, &sim) != MEMSIM_OK) {
        memsim_cli_fail("%s", memsim_config_error(cfg));
        memsim_config_free(cfg);
        return 2;
    }
    memsim_config_free(cfg);
    memsim_source *src = NULL;
    memsim_synth_params synth = a->synth;
    if (a->load > 0.0) { /* a fraction of this configuration's peak */
        double peak = 0.0;
        memsim_sim_stat(sim, -1, "peak_gbps", &peak);
        synth.rate_gbps = a->load * peak;
    }
    memsim_status st = a->trace
                           ? memsim_source_open_trace(a->trace, a->format, &src, err, sizeof err)
                           : memsim_source_synthetic(&synth, &src, err, sizeof err);
    if (st != MEMSIM_OK) {
        memsim_sim_free(sim);
        return memsim_cli_fail("%s", err);
    }
    memset(trace, 0, sizeof *trace);
    if (a->cmd_trace) {
        if (!memsim_cli_out_open(trace, a->cmd_trace)) {
            memsim_source_free(src);
            memsim_sim_free(sim);
            return memsim_cli_fail("cannot write '%s': %s", a->cmd_trace, strerror(errno));
        }
        memsim_sim_set_cmd_trace(sim, trace->fp);
    }
    progress pr = {.total = a->trace ? 0 : a->synth.requests,
                   .tty = isatty(2),
                   .tck_ps = memsim_sim_tck_ps(sim)};
    clock_gettime(CLOCK_MONOTONIC, &pr.start);
    memsim_run_options opt = {.outstanding = a->outstanding,
                              .step = a->step,
                              .progress = on_progress,
                              .progress_ctx = &pr};
    st = memsim_sim_run(sim, src, &opt);
    if (wall_s) *wall_s = elapsed_s(&pr.start);
    if (pr.shown) fputc('\n', stderr);
    memsim_sim_set_cmd_trace(sim, NULL);
    memsim_source_free(src);
    if (st != MEMSIM_OK) {
        memsim_cli_out_abort(trace);
        if (st == MEMSIM_E_INTERRUPTED)
            fprintf(stderr,
                    "memsim: interrupted after %llu requests (%.3f us simulated); no output "
                    "written\n",
                    (unsigned long long)pr.done,
                    (double)memsim_sim_cycle(sim) * memsim_sim_tck_ps(sim) / 1e6);
        else
            memsim_cli_fail("%s", memsim_sim_error(sim));
        memsim_sim_free(sim);
        return st == MEMSIM_E_INTERRUPTED ? 128 + (interrupted ? (int)interrupted : SIGINT) : 2;
    }
    double reqs = 0;
    memsim_sim_stat(sim, -1, "requests", &reqs);
    if (a->trace && reqs == 0) {
        memsim_cli_out_abort(trace);
        memsim_sim_free(sim);
        return memsim_cli_fail("%s: the trace has no requests (only blank or '#' lines)", a->trace);
    }
    *out_sim = sim;
    return 0;
}

static int cmd_run(int argc, char **argv)
{
    run_args a;
    if (!memsim_cli_parse_run(argc, argv, &a)) return 2;
    if (a.help) return 0;
    memsim_cli_catch_signals();
    /* Open every output before the run so a bad path fails early; commit them
     * all only when everything succeeded. */
    cli_out js = {0}, trace = {0};
    if (a.json && !memsim_cli_out_open(&js, a.json))
        return memsim_cli_fail("cannot write '%s': %s", a.json, strerror(errno));
    memsim_sim *sim = NULL;
    int rc = memsim_cli_simulate(&a, &sim, NULL, &trace);
    if (rc) {
        memsim_cli_out_abort(&js);
        return rc;
    }
    int ok = !js.fp || memsim_sim_write_json(sim, js.fp) == MEMSIM_OK;
    if (ok && js.fp && js.fp != stdout) ok = memsim_cli_out_commit(&js);
    if (ok) ok = memsim_cli_out_commit(&trace);
    if (!ok) {
        memsim_cli_out_abort(&js);
        memsim_cli_out_abort(&trace);
        memsim_sim_free(sim);
        return memsim_cli_fail("cannot write the output files");
    }
    if (js.fp == stdout) fflush(stdout);
    if (!a.quiet && !(a.json && !strcmp(a.json, "-"))) memsim_sim_write_summary(sim, stdout);
    memsim_sim_free(sim);
    return 0;
}

/* ---- presets, keys, check ---- */

static int cmd_presets(void)
{
    printf("%-14s %-8s %8s %8s %-10s %9s  %s\n", "preset", "standard", "MT/s", "tCK ps",
           "CL-RCD-RP", "peak GB/s", "default org");
    memsim_preset_info p;
    for (size_t i = 0; i < memsim_preset_count(); i++) {
        memsim_preset_get(i, &p);
        char t[32];
        snprintf(t, sizeof t, "%u-%u-%u", p.cl, p.trcd, p.trp);
        printf("%-14s %-8s %8u %8u %-10s %9.1f  %s\n", p.name, p.standard, p.rate_mts, p.tck_ps, t,
               p.peak_gbps, p.default_org);
    }
    printf("\nChip presets (HBM devices; use as --preset NAME):\n");
    printf("%-6s %-6s %6s %-5s %6s %8s %10s %10s\n", "chip", "std", "MT/s", "die", "stacks",
           "height", "capacity", "peak GB/s");
    memsim_chip_info c;
    for (size_t i = 0; i < memsim_chip_count(); i++) {
        if (memsim_chip_get(i, &c) != MEMSIM_OK) continue;
        printf("%-6s %-6s %6u %-5s %6u %8u %6.0f GiB %10.1f\n", c.name, c.standard, c.rate_mts,
               c.org, c.stacks, c.stack_height, (double)c.capacity_bytes / (1u << 30), c.peak_gbps);
        printf("       %s\n", c.note);
    }
    const char *stds[] = {"DDR4", "DDR5", "HBM2", "HBM2E", "HBM3", "HBM3E"};
    for (size_t s = 0; s < sizeof stds / sizeof stds[0]; s++) {
        printf("\n%s organisations (-s dram.org=NAME):\n", stds[s]);
        char desc[160];
        for (size_t i = 0; i < memsim_org_count(stds[s]); i++) {
            const char *n = memsim_org_get(stds[s], i, desc, sizeof desc);
            printf("  %-10s %s\n", n, desc);
        }
    }
    printf("\nPeak GB/s is per channel: DDR4 64-bit, DDR5 one 32-bit subchannel (two per DIMM),\n"
           "HBM2/HBM2E 128-bit and HBM3/HBM3E 64-bit (two pseudo-channels each; 8 or 16 per "
           "stack).\nHBM bins are data rates: CL, tRCD and tRP follow from nanosecond values.\n"
           "HBM3E uses HBM3's nanosecond timings (none are published for HBM3E).\n"
           "MRDIMM presets are modules: MT/s and peak are the host interface's (pcs x the DDR5\n"
           "devices' rate), CL-RCD-RP the devices' (MRDIMM-8800: DDR5-4400); the -tall ones have\n"
           "two ranks per pseudo-channel. MRDIMM uses DDR5's organisations (docs/mrdimm.md).\n");
    return 0;
}

static int cmd_keys(void)
{
    for (size_t i = 0; i < memsim_config_key_count(); i++) {
        const memsim_key_info *k = memsim_config_key_info(i);
        printf("%-26s %-6s %-26s %s\n", k->key, k->type, k->range, k->doc);
    }
    return 0;
}

static int cmd_check(int argc, char **argv)
{
    if (argc != 1 || (argv[0][0] == '-' && argv[0][1]))
        return memsim_cli_fail("check: usage: memsim check CMD_TRACE");
    memsim_check_result res;
    char err[512];
    memsim_status st = memsim_check_file(argv[0], stdout, 20, &res, err, sizeof err);
    if (st != MEMSIM_OK) return memsim_cli_fail("%s", err);
    printf("memsim check: %llu commands, %llu violation%s\n", (unsigned long long)res.commands,
           (unsigned long long)res.violations, res.violations == 1 ? "" : "s");
    return res.violations ? 1 : 0;
}

static int cmd_drampower(int argc, char **argv)
{
    static const char use[] = "drampower: usage: memsim drampower CMD_TRACE [--channel N] "
                              "[--end CYCLE] [--out FILE]";
    const char *in = NULL, *out = NULL;
    uint64_t channel = 0, end = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--channel") || !strcmp(a, "--end") || !strcmp(a, "--out")) {
            if (i + 1 >= argc) return memsim_cli_fail("drampower: %s needs a value", a);
            const char *v = argv[++i];
            if (!strcmp(a, "--out"))
                out = v;
            else if (!parse_u64_arg(a, v, !strcmp(a, "--end") ? &end : &channel))
                return 2;
        } else if (a[0] == '-' && a[1]) {
            return memsim_cli_fail("drampower: unknown option '%s' (%s)", a, use + 11);
        } else if (in) {
            return memsim_cli_fail("%s", use);
        } else {
            in = a;
        }
    }
    if (!in) return memsim_cli_fail("%s", use);
    if (channel > 1024)
        return memsim_cli_fail("--channel: expected 0..1023, got %llu",
                               (unsigned long long)channel);
    cli_out o = {0};
    FILE *fp = stdout;
    if (out) {
        if (!memsim_cli_out_open(&o, out))
            return memsim_cli_fail("cannot write '%s': %s", out, strerror(errno));
        fp = o.fp;
    }
    char err[512];
    uint64_t n = 0;
    memsim_status st = memsim_drampower_export(in, (unsigned)channel, end, fp, &n, err, sizeof err);
    if (st != MEMSIM_OK) {
        if (out) memsim_cli_out_abort(&o);
        return memsim_cli_fail("%s", err);
    }
    if (out && !memsim_cli_out_commit(&o)) return memsim_cli_fail("%s: cannot write", out);
    if (out)
        fprintf(stderr, "memsim drampower: %llu commands of channel %llu written to %s\n",
                (unsigned long long)n, (unsigned long long)channel, out);
    return 0;
}

static const char usage[] =
    "memsim " MEMSIM_VERSION_STRING
    " - a cycle-accurate DRAM simulator (DDR4, DDR5, MRDIMM, HBM)\n\n"
    "usage: memsim run [FILE.yaml] [--preset NAME] [-s KEY=VALUE]... (--trace FILE | --synthetic "
    "P) ...\n"
    "       memsim presets          list speed presets and organisations\n"
    "       memsim keys             list configuration keys (-s KEY=VALUE, YAML)\n"
    "       memsim check CMD_TRACE  prove a command trace obeys every timing rule\n"
    "       memsim drampower CMD_TRACE [--channel N] [--end CYCLE] [--out FILE]\n"
    "                               one channel's commands as DRAMPower 5 CSV (cross-check\n"
    "                               memsim's energy with DRAMPower)\n"
    "       memsim llm --chip NAME --model NAME [--phase P --batch N --ctx N ...]\n"
    "                               tokens/s of an LLM step on an accelerator, its memory\n"
    "                               simulated (memsim llm --help, --list)\n"
    "       memsim sweep FILE.yaml [--jobs N] [--out DIR] [--slurm [--submit]]\n"
    "                               run every point of a sweep into one table, locally or\n"
    "                               as a Slurm job array (memsim sweep --help); sweep collect DIR\n"
    "       memsim curve CONFIG.yaml|--preset NAME ... [--out FILE.csv] [--plot FILE.png]\n"
    "                               bandwidth-latency curves (memsim curve --help)\n"
    "       memsim plot curve|latency|timeline|sweep FILE... --out FILE.png|.svg\n"
    "                               pictures of results (memsim plot --help)\n"
    "       memsim demo             a built-in tour: DDR4/DDR5, then LLM decode on chips\n"
    "       memsim gen --synthetic P [--requests N ...] [--out FILE]\n"
    "                               write a synthetic workload as a memsim-format trace\n"
    "       memsim --help | --version\n\n"
    "memsim run --help shows every run option. Exit status: 0 ok, 1 check found violations,\n"
    "2 bad input. Documentation: README.md and docs/.\n";

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage, stderr);
        return 2;
    }
    const char *c = argv[1];
    if (!strcmp(c, "--help") || !strcmp(c, "-h") || !strcmp(c, "help")) {
        fputs(usage, stdout);
        return 0;
    }
    if (!strcmp(c, "--version")) {
        printf("memsim %s\n", memsim_version());
        return 0;
    }
    if (!strcmp(c, "run")) return cmd_run(argc - 2, argv + 2);
    if (!strcmp(c, "presets")) return cmd_presets();
    if (!strcmp(c, "keys")) return cmd_keys();
    if (!strcmp(c, "gen")) return memsim_cli_gen(argc - 2, argv + 2);
    if (!strcmp(c, "check")) return cmd_check(argc - 2, argv + 2);
    if (!strcmp(c, "drampower")) return cmd_drampower(argc - 2, argv + 2);
    if (!strcmp(c, "demo")) return memsim_cli_demo();
    if (!strcmp(c, "llm")) return memsim_cli_llm(argc - 2, argv + 2);
    if (!strcmp(c, "plot")) return memsim_cli_plot(argc - 2, argv + 2);
    if (!strcmp(c, "sweep")) return memsim_cli_sweep(argc - 2, argv + 2);
    if (!strcmp(c, "curve")) return memsim_cli_curve(argc - 2, argv + 2);
    return memsim_cli_fail("unknown command '%s' (memsim --help)", c);
}
