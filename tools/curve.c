/*
 * curve.c - memsim curve: the bandwidth-latency curve of one or more
 * configurations, from a light offered load to beyond saturation.
 *
 *   memsim curve [CONFIG.yaml]... [--preset NAME]... [-s KEY=VALUE]...
 *                [--synthetic random|stream|strided] [--read-ratio R]... [--requests N]
 *                [--from F] [--to F] [--points N] [--jobs N] [--out FILE.csv]
 *                [--plot FILE.png|.svg | --no-plot] [--title TEXT]
 *
 * It is a sweep (sweep.c) over configuration x read ratio x load, where load
 * is the offered rate as a fraction of each configuration's peak bandwidth
 * (memsim run --load): requests arrive at a steady pace and wait outside the
 * controller while its queue is full, so past saturation the achieved
 * bandwidth flattens and the latency climbs with the backlog. The points run
 * in parallel in a temporary sweep directory, which is removed afterwards.
 */
#define _XOPEN_SOURCE 700 /* mkdtemp */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "memsim/memsim.h"
#include "tools/cli.h"
#include "tools/sweep.h"

#define MAX_CONFIGS 32

static const char usage[] =
    "usage: memsim curve [CONFIG.yaml]... [--preset NAME]... [-s KEY=VALUE]...\n"
    "                    [--synthetic random|stream|strided] [--read-ratio R]...\n"
    "                    [--requests N] [--from F] [--to F] [--points N] [--jobs N]\n"
    "                    [--out FILE.csv] [--plot FILE.png|.svg | --no-plot] [--title TEXT]\n"
    "Bandwidth-latency curves: each configuration (a YAML file or a preset) and read ratio\n"
    "is run at N offered loads from F to F' times its peak bandwidth (default 16 points from\n"
    "0.05 to 1.2, random reads, 100000 requests each), in parallel (--jobs, default all\n"
    "cores). Writes one CSV row per point (default curve.csv) and plots latency against\n"
    "achieved bandwidth (default: the CSV's name with .png; needs python3-matplotlib).\n";

/* The CSV: what `memsim plot curve` reads. */
static const char *const curve_cols[] = {
    "config",
    "read_ratio",
    "load",
    "offered_gbps",
    "bandwidth_gbps",
    "peak_gbps",
    "read_latency_ns.mean",
    "read_latency_ns.p50",
    "read_latency_ns.p90",
    "read_latency_ns.p99",
    "write_latency_ns.mean",
    "bus_utilization",
    "energy.average_power_w",
};
#define N_COLS (sizeof curve_cols / sizeof curve_cols[0])

static int number_arg(const char *flag, const char *v, double lo, double hi, double *out)
{
    char *end;
    double x = v ? strtod(v, &end) : 0;
    if (!v || !*v || *end || !(x >= lo && x <= hi))
        return memsim_cli_fail("curve: %s: expected a number from %g to %g, got '%s'", flag, lo, hi,
                               v ? v : ""),
               0;
    *out = x;
    return 1;
}

/* "configs/socket-12ch-rdimm-6400.yaml" -> "socket-12ch-rdimm-6400" */
static void label_of(const char *config, const char *preset, char *out, size_t len)
{
    if (!*config) {
        snprintf(out, len, "%s", preset);
        return;
    }
    const char *base = strrchr(config, '/') ? strrchr(config, '/') + 1 : config;
    size_t n = strlen(base);
    if (n > 5 && !strcmp(base + n - 5, ".yaml")) n -= 5;
    if (n > 4 && !strcmp(base + n - 4, ".yml")) n -= 4;
    snprintf(out, len, "%.*s", (int)n, base);
}

static int write_csv(const sweep_table *t, const char *path, size_t *written)
{
    int col[N_COLS], cfg = sweep_table_col(t, "config"), pre = sweep_table_col(t, "preset");
    int rr = sweep_table_col(t, "read-ratio"), st = sweep_table_col(t, "status");
    for (size_t c = 0; c < N_COLS; c++)
        col[c] =
            sweep_table_col(t, !strcmp(curve_cols[c], "read_ratio") ? "read-ratio" : curve_cols[c]);
    cli_out o;
    if (!memsim_cli_out_open(&o, path))
        return memsim_cli_fail("cannot write '%s': %s", path, strerror(errno));
    for (size_t c = 0; c < N_COLS; c++)
        fprintf(o.fp, "%s%s", c ? "," : "", curve_cols[c]);
    fputc('\n', o.fp);
    *written = 0;
    for (size_t r = 0; r < t->n_rows; r++) {
        char **row = t->rows[r];
        if (strcmp(row[st], "ok")) continue;
        char label[256];
        label_of(cfg >= 0 ? row[cfg] : "", pre >= 0 ? row[pre] : "", label, sizeof label);
        for (size_t c = 0; c < N_COLS; c++) {
            const char *v = c == 0 ? label : c == 1 && rr < 0 ? "" : col[c] >= 0 ? row[col[c]] : "";
            if (c) fputc(',', o.fp);
            if (c == 0 && strpbrk(v, ",\"")) { /* quote a label with a comma */
                fputc('"', o.fp);
                for (const char *p = v; *p; p++)
                    fputs(*p == '"' ? "\"\"" : (char[2]){*p, 0}, o.fp);
                fputc('"', o.fp);
            } else {
                fputs(v, o.fp);
            }
        }
        fputc('\n', o.fp);
        (*written)++;
    }
    if (!memsim_cli_out_commit(&o)) return memsim_cli_fail("cannot write '%s'", path);
    return 0;
}

static int plot(const char *csv, const char *png, const char *title)
{
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0) return memsim_cli_fail("cannot find the memsim executable (/proc/self/exe)");
    exe[n] = '\0';
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0) return memsim_cli_fail("cannot start memsim plot: %s", strerror(errno));
    if (pid == 0) {
        const char *argv[] = {exe,   "plot", "curve", csv, "--out", png, title ? "--title" : NULL,
                              title, NULL};
        execv(exe, (char *const *)(uintptr_t)argv);
        _exit(127);
    }
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status)) return 2; /* memsim plot said why */
    return 0;
}

int memsim_cli_curve(int argc, char **argv)
{
    const char *configs[MAX_CONFIGS], *presets[MAX_CONFIGS], *ratios[MAX_CONFIGS];
    const char *sets[MAX_SETS], *synthetic = "random", *requests = "100000";
    const char *out = "curve.csv", *plot_path = NULL, *title = NULL;
    size_t n_cfg = 0, n_ratio = 0;
    int n_sets = 0, no_plot = 0;
    double from = 0.05, to = 1.2, points = 16, jobs = (double)sysconf(_SC_NPROCESSORS_ONLN);
    for (int i = 0; i < argc; i++) {
        const char *f = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        int takes = strcmp(f, "--no-plot") && strcmp(f, "--help") && strcmp(f, "-h") && f[0] == '-';
        if (takes && !v) return memsim_cli_fail("curve: %s: expected a value", f);
        if (!strcmp(f, "--help") || !strcmp(f, "-h")) {
            fputs(usage, stdout);
            return 0;
        } else if (!strcmp(f, "--preset")) {
            if (n_cfg == MAX_CONFIGS)
                return memsim_cli_fail("curve: more than %d configurations", MAX_CONFIGS);
            configs[n_cfg] = "";
            presets[n_cfg++] = v;
        } else if (!strcmp(f, "-s") || !strcmp(f, "--set")) {
            if (n_sets == MAX_SETS) return memsim_cli_fail("curve: too many -s");
            const char *eq = strchr(v, '=');
            if (!eq || eq == v) return memsim_cli_fail("-s %s: expected KEY=VALUE", v);
            sets[n_sets++] = v;
        } else if (!strcmp(f, "--synthetic")) {
            if (strcmp(v, "random") && strcmp(v, "stream") && strcmp(v, "strided"))
                return memsim_cli_fail("curve: --synthetic: unknown pattern '%s' (expected "
                                       "random, stream or strided)",
                                       v);
            synthetic = v;
        } else if (!strcmp(f, "--read-ratio")) {
            double r;
            if (!number_arg(f, v, 0.0, 1.0, &r)) return 2;
            if (n_ratio == MAX_CONFIGS) return memsim_cli_fail("curve: too many --read-ratio");
            ratios[n_ratio++] = v;
        } else if (!strcmp(f, "--requests")) {
            double r;
            if (!number_arg(f, v, 1, 1e12, &r)) return 2;
            requests = v;
        } else if (!strcmp(f, "--from")) {
            if (!number_arg(f, v, 1e-6, 100, &from)) return 2;
        } else if (!strcmp(f, "--to")) {
            if (!number_arg(f, v, 1e-6, 100, &to)) return 2;
        } else if (!strcmp(f, "--points")) {
            if (!number_arg(f, v, 2, 1000, &points)) return 2;
            if (points != (double)(int)points)
                return memsim_cli_fail("curve: --points: expected a whole number");
        } else if (!strcmp(f, "--jobs")) {
            if (!number_arg(f, v, 1, 1024, &jobs)) return 2;
        } else if (!strcmp(f, "--out")) {
            out = v;
        } else if (!strcmp(f, "--plot")) {
            plot_path = v;
        } else if (!strcmp(f, "--title")) {
            title = v;
        } else if (!strcmp(f, "--no-plot")) {
            no_plot = 1;
            i--;
        } else if (f[0] == '-') {
            return memsim_cli_fail("curve: unknown option '%s' (memsim curve --help)", f);
        } else {
            if (n_cfg == MAX_CONFIGS)
                return memsim_cli_fail("curve: more than %d configurations", MAX_CONFIGS);
            configs[n_cfg] = f;
            presets[n_cfg++] = "";
            i--;
        }
        i++;
    }
    if (n_cfg == 0)
        return memsim_cli_fail("curve: give a configuration: CONFIG.yaml or --preset NAME");
    if (!(from < to)) return memsim_cli_fail("curve: --from must be below --to");
    if (no_plot && plot_path)
        return memsim_cli_fail("curve: --plot and --no-plot exclude each other");
    char def_plot[4096];
    if (!no_plot && !plot_path) {
        size_t n = strlen(out);
        if (n > 4 && !strcmp(out + n - 4, ".csv")) n -= 4;
        snprintf(def_plot, sizeof def_plot, "%.*s.png", (int)n, out);
        plot_path = def_plot;
    }

    sweep *sw = sweep_new();
    sweep_add_base(sw, "synthetic", synthetic);
    sweep_add_base(sw, "requests", requests);
    int rc = 0;
    for (int s = 0; s < n_sets && !rc; s++) {
        char key[256];
        const char *eq = strchr(sets[s], '=');
        snprintf(key, sizeof key, "%.*s", (int)(eq - sets[s]), sets[s]);
        rc = sweep_check_key(key, "curve: -s: ");
        if (!rc) sweep_add_base(sw, key, eq + 1);
    }
    if (!rc) rc = sweep_add_axis(sw, "config", configs, n_cfg, 1);
    if (!rc) rc = sweep_add_axis(sw, "preset", presets, n_cfg, 1);
    if (!rc && n_ratio) rc = sweep_add_axis(sw, "read-ratio", ratios, n_ratio, 0);
    char loads[1000][24];
    const char *lp[1000];
    for (int i = 0; i < (int)points; i++) {
        snprintf(loads[i], sizeof loads[i], "%.4g", from + (to - from) * i / (points - 1));
        lp[i] = loads[i];
    }
    if (!rc) rc = sweep_add_axis(sw, "load", lp, (size_t)points, 0);
    for (size_t s = 0; !rc && s < N_COLS; s++)
        if (strcmp(curve_cols[s], "config") && strcmp(curve_cols[s], "read_ratio") &&
            strcmp(curve_cols[s], "load"))
            rc = sweep_add_stat(sw, curve_cols[s]);
    if (!rc) rc = sweep_expand(sw, "curve");
    char tmpl[4096];
    const char *tmpdir = getenv("TMPDIR");
    snprintf(tmpl, sizeof tmpl, "%s/memsim-curve-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
    char *made = rc ? NULL : mkdtemp(tmpl);
    if (!rc && !made)
        rc = memsim_cli_fail("cannot create a directory in %s: %s", tmpdir ? tmpdir : "/tmp",
                             strerror(errno));
    if (!rc) rc = sweep_make_dirs(made);
    if (!rc) rc = sweep_write_plan(sw, made);
    if (!rc) rc = sweep_run_points(sw, made, (int)jobs, 0, 1, 0);
    sweep_table t = {0};
    size_t written = 0;
    if (!rc) rc = sweep_collect_table(sw, made, &t);
    if (!rc) rc = write_csv(&t, out, &written);
    if (!rc) {
        int st = sweep_table_col(&t, "status"), er = sweep_table_col(&t, "error");
        for (size_t r = 0; r < t.n_rows; r++)
            if (strcmp(t.rows[r][st], "ok")) {
                memsim_cli_fail("curve: load %s of %s%s: %s",
                                t.rows[r][sweep_table_col(&t, "load")], t.rows[r][1], t.rows[r][2],
                                t.rows[r][er]);
                rc = 1;
            }
        printf("curve: %zu points: %s\n", written, out);
    }
    sweep_table_free(&t);
    if (made) sweep_remove_dir(sw, made);
    sweep_free(sw);
    if (rc || no_plot) return rc;
    if (plot(out, plot_path, title)) return 2;
    printf("curve: plot: %s\n", plot_path);
    return 0;
}
