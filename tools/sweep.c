/*
 * sweep.c - memsim sweep: runs a sweep's points in parallel worker processes
 * or as a Slurm job array, and merges their results into one table.
 *
 *   memsim sweep FILE.yaml [--out DIR] [--jobs N] [--quiet]
 *   memsim sweep FILE.yaml --out DIR --slurm [--tasks N] [--sbatch-arg ARG]...
 *                [--submit [--poll SECONDS]]
 *   memsim sweep collect DIR
 *   memsim sweep worker DIR --task K --tasks N [--jobs N]    (what a Slurm task runs)
 *
 * Each point runs in a forked child: `memsim run` with the point's arguments,
 * in-process, stderr to points/ID.log. The child writes points/ID.json and
 * points/ID.row under temporary names and renames them, so a point either has
 * a complete result or none; a crash is recorded by the parent. The table is
 * always built the same way, from plan.tsv and the row files, which is why a
 * local run and a Slurm run give identical tables.
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "memsim/memsim.h"
#include "tools/cli.h"
#include "tools/sweep.h"

static volatile sig_atomic_t stop_sig;

static void on_stop(int sig)
{
    stop_sig = sig;
}

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* snprintf for paths: a path too long for the buffer is cut (and then not found). */
static void fmt_path(char *buf, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void fmt_path(char *buf, size_t len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, len, fmt, ap);
    va_end(ap);
}

static void point_path(char *buf, size_t len, const char *dir, const char *id, const char *ext)
{
    fmt_path(buf, len, "%s/points/%s.%s", dir, id, ext);
}

int sweep_make_dirs(const char *dir)
{
    char path[4096];
    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
        return memsim_cli_fail("cannot create directory '%s': %s", dir, strerror(errno));
    fmt_path(path, sizeof path, "%s/points", dir);
    if (mkdir(path, 0777) != 0 && errno != EEXIST)
        return memsim_cli_fail("cannot create directory '%s': %s", path, strerror(errno));
    return 0;
}

void sweep_remove_dir(const sweep *sw, const char *dir)
{
    char path[4096];
    static const char *const exts[] = {"row", "json", "log"};
    for (size_t p = 0; p < sw->n_points; p++)
        for (size_t e = 0; e < sizeof exts / sizeof exts[0]; e++) {
            point_path(path, sizeof path, dir, sw->points[p].id, exts[e]);
            remove(path);
        }
    static const char *const files[] = {"plan.tsv", "results.csv", "results.jsonl"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        fmt_path(path, sizeof path, "%s/%s", dir, files[i]);
        remove(path);
    }
    fmt_path(path, sizeof path, "%s/points", dir);
    rmdir(path);
    rmdir(dir);
}

/* ---- one point's result ---- */

/* Reads points/ID.row: "key\tvalue" lines. @return the number of pairs, -1 if
 * the file is missing. keys/vals point into *buf (to be freed). */
static int read_row(const char *dir, const char *id, char **buf, char **keys, char **vals, int max)
{
    char path[4096];
    point_path(path, sizeof path, dir, id, "row");
    FILE *fp = fopen(path, "r");
    if (!fp) return -1;
    size_t cap = 1 << 12, len = 0;
    *buf = malloc(cap + 1);
    size_t n;
    while (*buf && (n = fread(*buf + len, 1, cap - len, fp)) > 0) {
        len += n;
        if (len == cap) {
            char *b = realloc(*buf, 2 * cap + 1);
            if (!b) {
                free(*buf);
                *buf = NULL;
                break;
            }
            *buf = b;
            cap *= 2;
        }
    }
    fclose(fp);
    if (!*buf) return -1;
    (*buf)[len] = '\0';
    int k = 0;
    for (char *line = *buf; *line && k < max;) {
        char *nl = strchr(line, '\n');
        if (nl) *nl = '\0';
        char *tab = strchr(line, '\t');
        if (tab) {
            *tab = '\0';
            keys[k] = line;
            vals[k] = tab + 1;
            k++;
        }
        if (!nl) break;
        line = nl + 1;
    }
    return k;
}

static int row_is_ok(const char *dir, const char *id)
{
    char *buf = NULL, *keys[SWEEP_MAX_STATS + 4], *vals[SWEEP_MAX_STATS + 4];
    int n = read_row(dir, id, &buf, keys, vals, SWEEP_MAX_STATS + 4);
    int ok = 0;
    for (int i = 0; i < n; i++)
        if (!strcmp(keys[i], "status")) ok = !strcmp(vals[i], "ok");
    free(buf);
    return ok;
}

/* Writes points/ID.row atomically. */
static int write_row(const char *dir, const char *id, const char *status, const char *error,
                     const sweep *sw, const char *const *stat_vals)
{
    char path[4096];
    point_path(path, sizeof path, dir, id, "row");
    cli_out o;
    if (!memsim_cli_out_open(&o, path)) return 0;
    fprintf(o.fp, "id\t%s\nstatus\t%s\n", id, status);
    if (error) {
        fputs("error\t", o.fp);
        for (const char *c = error; *c; c++)
            fputc(*c == '\t' || *c == '\n' || *c == '\r' ? ' ' : *c, o.fp);
        fputc('\n', o.fp);
    }
    for (size_t s = 0; stat_vals && s < sw->n_stats; s++)
        fprintf(o.fp, "%s\t%s\n", sw->stats[s], stat_vals[s]);
    return memsim_cli_out_commit(&o);
}

/* The last non-empty line of a point's log, without the "memsim: " prefix. */
static void last_error(const char *dir, const char *id, char *out, size_t len)
{
    char path[4096], line[1024];
    point_path(path, sizeof path, dir, id, "log");
    snprintf(out, len, "failed without a message");
    FILE *fp = fopen(path, "r");
    if (!fp) return;
    while (fgets(line, sizeof line, fp)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (!*line) continue;
        snprintf(out, len, "%s", strncmp(line, "memsim: ", 8) ? line : line + 8);
    }
    fclose(fp);
}

/* Counts as integers, everything else to 7 significant digits: enough for
 * any statistic, short enough to read, and the same on every machine. */
static void format_value(char *buf, size_t len, double v)
{
    if (v == (double)(long long)v && v > -1e15 && v < 1e15)
        snprintf(buf, len, "%lld", (long long)v);
    else
        snprintf(buf, len, "%.7g", v);
}

/* The child: runs one point and writes its result; never returns. */
static void run_point_child(const sweep *sw, const sweep_point *pt, const char *dir)
{
    char path[4096], err[1024];
    memsim_cli_catch_signals();
    point_path(path, sizeof path, dir, pt->id, "log");
    if (!freopen("/dev/null", "w", stdout) || !freopen(path, "w", stderr)) _exit(3);
    setvbuf(stderr, NULL, _IOLBF, 0);
    run_args a;
    memsim_sim *sim = NULL;
    cli_out trace, js;
    int rc = !memsim_cli_parse_run(pt->argc - 1, pt->argv + 1, &a);
    if (!rc && a.help) rc = memsim_cli_fail("a sweep point cannot be --help");
    if (!rc) {
        a.quiet = 1;
        rc = memsim_cli_simulate(&a, &sim, NULL, &trace);
    }
    if (!rc) {
        point_path(path, sizeof path, dir, pt->id, "json");
        if (!memsim_cli_out_open(&js, path) || memsim_sim_write_json(sim, js.fp) != MEMSIM_OK ||
            !memsim_cli_out_commit(&js)) {
            memsim_cli_out_abort(&js);
            rc = memsim_cli_fail("cannot write '%s'", path);
        }
        memsim_cli_out_abort(&trace);
    }
    if (rc == 2 || (!rc && !sim)) {
        fflush(stderr);
        last_error(dir, pt->id, err, sizeof err);
        _exit(write_row(dir, pt->id, "error", err, sw, NULL) ? 1 : 3);
    }
    if (rc) _exit(rc); /* interrupted: no result, the point runs again next time */
    char vals[SWEEP_MAX_STATS][48];
    const char *vp[SWEEP_MAX_STATS];
    for (size_t s = 0; s < sw->n_stats; s++) {
        double v = 0.0;
        vals[s][0] = '\0';
        if (!strcmp(sw->stats[s], "offered_gbps")) {
            /* the pace this point asked for, in GB/s; empty when unpaced */
            double peak = 0.0, bytes = a.synth.bytes, tck = memsim_sim_tck_ps(sim);
            memsim_sim_stat(sim, -1, "peak_gbps", &peak);
            v = a.load > 0.0                   ? a.load * peak
                : a.synth.rate_gbps > 0.0      ? a.synth.rate_gbps
                : a.synth.interval && !a.trace ? bytes * 1000.0 / ((double)a.synth.interval * tck)
                                               : -1.0;
            if (v >= 0.0) format_value(vals[s], sizeof vals[s], v);
        } else if (memsim_sim_stat(sim, -1, sw->stats[s], &v) == MEMSIM_OK) {
            format_value(vals[s], sizeof vals[s], v);
        }
        vp[s] = vals[s];
    }
    memsim_sim_free(sim);
    _exit(write_row(dir, pt->id, "ok", NULL, sw, vp) ? 0 : 3);
}

/* ---- running ---- */

typedef struct progress {
    double start;
    size_t total, done, failed, cached;
    int tty, quiet, shown;
    size_t last_tenth;
} progress;

static void show(progress *p, size_t running)
{
    if (p->quiet) return;
    double el = now_s() - p->start;
    size_t finished = p->done + p->failed;
    size_t todo = p->total - p->cached;
    if (p->tty) {
        fprintf(stderr, "\rsweep: %zu/%zu points, %zu running, %zu failed, %.0f s", finished, todo,
                running, p->failed, el);
        if (finished && finished < todo)
            fprintf(stderr, ", ETA %.0f s", el / (double)finished * (double)(todo - finished));
        fputs("   ", stderr);
        p->shown = 1;
    } else if (todo && finished * 10 / todo > p->last_tenth) {
        p->last_tenth = finished * 10 / todo;
        fprintf(stderr, "sweep: %zu/%zu points (%zu failed), %.1f s\n", finished, todo, p->failed,
                el);
    }
}

typedef struct slot {
    pid_t pid;
    const sweep_point *pt;
} slot;

/* Records a finished child; writes the row of one that died without one. */
static void reap(const sweep *sw, const char *dir, slot *s, int status, progress *pr)
{
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
        pr->done++;
    } else if (WIFEXITED(status) && WEXITSTATUS(status) == 1) {
        pr->failed++;
    } else if (!stop_sig) {
        char msg[128];
        if (WIFSIGNALED(status))
            snprintf(msg, sizeof msg, "the point's process was killed by signal %d",
                     WTERMSIG(status));
        else
            snprintf(msg, sizeof msg, "the point's process exited with status %d",
                     WEXITSTATUS(status));
        write_row(dir, s->pt->id, "error", msg, sw, NULL);
        pr->failed++;
    }
    s->pid = 0;
}

int sweep_run_points(const sweep *sw, const char *dir, int jobs, size_t task, size_t tasks,
                     int quiet)
{
    if (jobs < 1) jobs = 1;
    slot *slots = calloc((size_t)jobs, sizeof *slots);
    if (!slots) return memsim_cli_fail("out of memory");
    progress pr = {.start = now_s(), .tty = isatty(2), .quiet = quiet};
    for (size_t p = task; p < sw->n_points; p += tasks) {
        pr.total++;
        if (row_is_ok(dir, sw->points[p].id)) pr.cached++;
    }
    if (!quiet && pr.cached)
        fprintf(stderr, "sweep: %zu of %zu points already done, skipped\n", pr.cached, pr.total);
    struct sigaction sa = {0}, old_int, old_term;
    sa.sa_handler = on_stop;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    stop_sig = 0;
    fflush(stdout);
    fflush(stderr);
    size_t next = task, running = 0;
    for (;;) {
        while (!stop_sig && running < (size_t)jobs && next < sw->n_points) {
            const sweep_point *pt = &sw->points[next];
            next += tasks;
            if (row_is_ok(dir, pt->id)) continue;
            char path[4096];
            point_path(path, sizeof path, dir, pt->id, "row");
            remove(path); /* a failed result is retried */
            pid_t pid = fork();
            if (pid < 0) {
                memsim_cli_fail("cannot start a worker process: %s", strerror(errno));
                stop_sig = SIGTERM;
                break;
            }
            if (pid == 0) {
                sigaction(SIGINT, &old_int, NULL);
                sigaction(SIGTERM, &old_term, NULL);
                run_point_child(sw, pt, dir);
            }
            for (int j = 0; j < jobs; j++)
                if (!slots[j].pid) {
                    slots[j].pid = pid;
                    slots[j].pt = pt;
                    break;
                }
            running++;
        }
        if (running == 0) break;
        int status;
        pid_t pid = waitpid(-1, &status, 0);
        if (pid < 0) {
            if (errno == EINTR) {
                for (int j = 0; j < jobs; j++) /* pass the stop on (Slurm sends SIGTERM) */
                    if (slots[j].pid) kill(slots[j].pid, stop_sig ? stop_sig : SIGTERM);
                continue;
            }
            break;
        }
        for (int j = 0; j < jobs; j++)
            if (slots[j].pid == pid) {
                reap(sw, dir, &slots[j], status, &pr);
                running--;
            }
        show(&pr, running);
    }
    if (pr.shown) fputc('\n', stderr);
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    free(slots);
    if (stop_sig) {
        fprintf(stderr,
                "memsim: sweep interrupted: %zu of %zu points have results; run the same "
                "command again to finish the rest\n",
                pr.cached + pr.done + pr.failed, pr.total);
        return 128 + (int)stop_sig;
    }
    return 0;
}

/* ---- the table ---- */

int sweep_table_col(const sweep_table *t, const char *name)
{
    for (size_t c = 0; c < t->n_cols; c++)
        if (!strcmp(t->cols[c], name)) return (int)c;
    return -1;
}

void sweep_table_free(sweep_table *t)
{
    for (size_t r = 0; r < t->n_rows; r++) {
        for (size_t c = 0; c < t->n_cols; c++)
            free(t->rows[r][c]);
        free(t->rows[r]);
    }
    for (size_t c = 0; c < t->n_cols; c++)
        free(t->cols[c]);
    free(t->rows);
    free(t->cols);
    memset(t, 0, sizeof *t);
}

int sweep_collect_table(const sweep *sw, const char *dir, sweep_table *t)
{
    memset(t, 0, sizeof *t);
    t->n_cols = 1 + sw->n_axes + 1 + sw->n_stats + 1;
    t->cols = calloc(t->n_cols, sizeof *t->cols);
    t->rows = calloc(sw->n_points ? sw->n_points : 1, sizeof *t->rows);
    if (!t->cols || !t->rows) return memsim_cli_fail("out of memory");
    size_t c = 0;
    t->cols[c++] = sweep_strdup("point");
    for (size_t a = 0; a < sw->n_axes; a++)
        t->cols[c++] = sweep_strdup(sw->axes[a].key);
    t->cols[c++] = sweep_strdup("status");
    for (size_t s = 0; s < sw->n_stats; s++)
        t->cols[c++] = sweep_strdup(sw->stats[s]);
    t->cols[c++] = sweep_strdup("error");
    for (size_t p = 0; p < sw->n_points; p++) {
        const sweep_point *pt = &sw->points[p];
        char **row = calloc(t->n_cols, sizeof *row);
        if (!row) return memsim_cli_fail("out of memory");
        t->rows[t->n_rows++] = row;
        char num[32];
        snprintf(num, sizeof num, "%zu", pt->index);
        row[0] = sweep_strdup(num);
        for (size_t a = 0; a < sw->n_axes; a++)
            row[1 + a] = sweep_strdup(pt->values[a]);
        char *buf = NULL, *keys[SWEEP_MAX_STATS + 4], *vals[SWEEP_MAX_STATS + 4];
        int n = read_row(dir, pt->id, &buf, keys, vals, SWEEP_MAX_STATS + 4);
        const char *status = n < 0 ? "missing" : "error", *error = NULL;
        for (int i = 0; i < n; i++) {
            if (!strcmp(keys[i], "status")) status = vals[i];
            if (!strcmp(keys[i], "error")) error = vals[i];
        }
        if (n < 0) error = "no result: the point has not run (a Slurm task that did not run?)";
        row[1 + sw->n_axes] = sweep_strdup(status);
        for (size_t s = 0; s < sw->n_stats; s++) {
            const char *v = "";
            for (int i = 0; i < n; i++)
                if (!strcmp(keys[i], sw->stats[s])) v = vals[i];
            row[2 + sw->n_axes + s] = sweep_strdup(v);
        }
        row[t->n_cols - 1] = sweep_strdup(error ? error : "");
        if (strcmp(status, "ok")) t->failed++;
        free(buf);
    }
    return 0;
}

static void csv_cell(FILE *fp, const char *s)
{
    if (!strpbrk(s, ",\"\n\r") && s[0] != ' ') {
        fputs(s, fp);
        return;
    }
    fputc('"', fp);
    for (; *s; s++) {
        if (*s == '"') fputc('"', fp);
        fputc(*s, fp);
    }
    fputc('"', fp);
}

/* JSON's number grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
static int is_json_number(const char *s)
{
    if (*s == '-') s++;
    if (*s == '0')
        s++;
    else if (*s >= '1' && *s <= '9')
        while (*s >= '0' && *s <= '9')
            s++;
    else
        return 0;
    if (*s == '.') {
        s++;
        if (!(*s >= '0' && *s <= '9')) return 0;
        while (*s >= '0' && *s <= '9')
            s++;
    }
    if (*s == 'e' || *s == 'E') {
        s++;
        if (*s == '+' || *s == '-') s++;
        if (!(*s >= '0' && *s <= '9')) return 0;
        while (*s >= '0' && *s <= '9')
            s++;
    }
    return *s == '\0';
}

static void json_str(FILE *fp, const char *s)
{
    fputc('"', fp);
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\')
            fprintf(fp, "\\%c", ch);
        else if (ch < 0x20)
            fprintf(fp, "\\u%04x", ch);
        else
            fputc(ch, fp);
    }
    fputc('"', fp);
}

static int write_tables(const sweep_table *t, const char *dir)
{
    char path[4096];
    cli_out csv, jl;
    fmt_path(path, sizeof path, "%s/results.csv", dir);
    if (!memsim_cli_out_open(&csv, path))
        return memsim_cli_fail("cannot write '%s': %s", path, strerror(errno));
    char jpath[4096];
    fmt_path(jpath, sizeof jpath, "%s/results.jsonl", dir);
    if (!memsim_cli_out_open(&jl, jpath)) {
        memsim_cli_out_abort(&csv);
        return memsim_cli_fail("cannot write '%s': %s", jpath, strerror(errno));
    }
    for (size_t c = 0; c < t->n_cols; c++) {
        if (c) fputc(',', csv.fp);
        csv_cell(csv.fp, t->cols[c]);
    }
    fputc('\n', csv.fp);
    for (size_t r = 0; r < t->n_rows; r++) {
        fputc('{', jl.fp);
        for (size_t c = 0; c < t->n_cols; c++) {
            const char *v = t->rows[r][c];
            if (c) fputc(',', csv.fp);
            csv_cell(csv.fp, v);
            fprintf(jl.fp, "%s", c ? ", " : "");
            json_str(jl.fp, t->cols[c]);
            fputs(": ", jl.fp);
            if (!*v) /* no value: an unpaced offered_gbps, no error */
                fputs("null", jl.fp);
            else if (is_json_number(v))
                fputs(v, jl.fp);
            else
                json_str(jl.fp, v);
        }
        fputs("}\n", jl.fp);
        fputc('\n', csv.fp);
    }
    if (!memsim_cli_out_commit(&csv) || !memsim_cli_out_commit(&jl)) {
        memsim_cli_out_abort(&jl);
        return memsim_cli_fail("cannot write the results in '%s'", dir);
    }
    return 0;
}

/* Collects the table, writes it, reports failures. @return 0, 1 (failed points) or 2. */
static int finish(const sweep *sw, const char *dir, int quiet)
{
    sweep_table t;
    if (sweep_collect_table(sw, dir, &t) || write_tables(&t, dir)) {
        sweep_table_free(&t);
        return 2;
    }
    int st = sweep_table_col(&t, "status"), er = sweep_table_col(&t, "error");
    size_t shown = 0;
    for (size_t r = 0; r < t.n_rows && st >= 0; r++) {
        if (!strcmp(t.rows[r][st], "ok")) continue;
        if (shown++ == 20) {
            fprintf(stderr, "memsim: sweep: ... and %zu more failed points\n", t.failed - 20);
            break;
        }
        fprintf(stderr, "memsim: sweep: point %s (", t.rows[r][0]);
        for (size_t a = 0; a < sw->n_axes; a++)
            fprintf(stderr, "%s%s=%s", a ? " " : "", sw->axes[a].key, t.rows[r][1 + a]);
        fprintf(stderr, ") %s: %s\n", t.rows[r][st], t.rows[r][er]);
    }
    if (!quiet)
        printf("sweep: %zu points, %zu ok, %zu failed: %s/results.csv, %s/results.jsonl\n",
               t.n_rows, t.n_rows - t.failed, t.failed, dir, dir);
    int rc = t.failed ? 1 : 0;
    sweep_table_free(&t);
    return rc;
}

/* ---- Slurm ---- */

static int write_sbatch(const char *dir, size_t tasks, const char *const *extra, int n_extra,
                        char *script, size_t len)
{
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0) return memsim_cli_fail("cannot find the memsim executable (/proc/self/exe)");
    exe[n] = '\0';
    if (strchr(exe, '\'') || strchr(dir, '\''))
        return memsim_cli_fail("sweep: --slurm: paths with a single quote are not supported");
    fmt_path(script, len, "%s/sweep.sbatch", dir);
    char slurm_dir[4096];
    fmt_path(slurm_dir, sizeof slurm_dir, "%s/slurm", dir);
    if (mkdir(slurm_dir, 0777) != 0 && errno != EEXIST)
        return memsim_cli_fail("cannot create directory '%s': %s", slurm_dir, strerror(errno));
    cli_out o;
    if (!memsim_cli_out_open(&o, script))
        return memsim_cli_fail("cannot write '%s': %s", script, strerror(errno));
    fprintf(o.fp,
            "#!/bin/bash\n"
            "# Written by memsim sweep --slurm: array task K runs the points of\n"
            "# %s/plan.tsv whose index is K modulo %zu; then\n"
            "#   memsim sweep collect '%s'\n"
            "# merges the results into results.csv and results.jsonl.\n"
            "#SBATCH --job-name=memsim-sweep\n"
            "#SBATCH --array=0-%zu\n"
            "#SBATCH --ntasks=1\n"
            "#SBATCH --cpus-per-task=1\n"
            "#SBATCH --output=%s/slurm/%%A_%%a.out\n",
            dir, tasks, dir, tasks - 1, dir);
    for (int i = 0; i < n_extra; i++)
        fprintf(o.fp, "#SBATCH %s\n", extra[i]);
    fprintf(o.fp,
            "exec '%s' sweep worker '%s' --task \"$SLURM_ARRAY_TASK_ID\" --tasks %zu "
            "--jobs \"${SLURM_CPUS_PER_TASK:-1}\"\n",
            exe, dir, tasks);
    if (!memsim_cli_out_commit(&o)) return memsim_cli_fail("cannot write '%s'", script);
    chmod(script, 0755);
    return 0;
}

/* Runs a command, returns its first output line in @p out. @return exit status or -1. */
static int run_capture(char *const argv[], char *out, size_t len)
{
    int fd[2];
    if (pipe(fd) != 0) return -1;
    pid_t pid = fork();
    if (pid < 0) return -1;
    if (pid == 0) {
        dup2(fd[1], 1);
        close(fd[0]);
        close(fd[1]);
        int devnull = open("/dev/null", O_WRONLY);
        if (devnull >= 0) dup2(devnull, 2);
        execvp(argv[0], argv);
        _exit(127);
    }
    close(fd[1]);
    size_t got = 0;
    char chunk[256];
    ssize_t n;
    while ((n = read(fd[0], chunk, sizeof chunk)) > 0 || (n < 0 && errno == EINTR))
        for (ssize_t k = 0; k < n; k++)
            if (got + 1 < len) out[got++] = chunk[k];
    close(fd[0]);
    out[got] = '\0';
    out[strcspn(out, "\n")] = '\0';
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static size_t count_done(const sweep *sw, const char *dir)
{
    size_t n = 0;
    char path[4096];
    struct stat st;
    for (size_t p = 0; p < sw->n_points; p++) {
        point_path(path, sizeof path, dir, sw->points[p].id, "row");
        n += stat(path, &st) == 0;
    }
    return n;
}

static int submit(const sweep *sw, const char *dir, const char *script, double poll, int quiet)
{
    char out[512];
    char script_arg[4096], sbatch[] = "sbatch", parsable[] = "--parsable";
    fmt_path(script_arg, sizeof script_arg, "%s", script);
    char *sb[] = {sbatch, parsable, script_arg, NULL};
    int rc = run_capture(sb, out, sizeof out);
    if (rc == 127)
        return memsim_cli_fail("sweep: --submit: sbatch not found (is Slurm installed?)");
    if (rc != 0 || !*out)
        return memsim_cli_fail("sweep: --submit: sbatch %s failed (exit status %d)", script, rc);
    out[strcspn(out, ";")] = '\0'; /* "123;cluster" */
    char job[64];
    fmt_path(job, sizeof job, "%.63s", out);
    if (!quiet) fprintf(stderr, "sweep: submitted Slurm job %s (%zu points)\n", job, sw->n_points);
    double start = now_s();
    for (;;) {
        char squeue[] = "squeue", h[] = "-h", j[] = "-j", o[] = "-o", fmt[] = "%i";
        char *sq[] = {squeue, h, j, job, o, fmt, NULL};
        rc = run_capture(sq, out, sizeof out);
        if (rc != 0 || !*out) break; /* gone from the queue (or purged: "Invalid job id") */
        if (!quiet)
            fprintf(stderr, "%ssweep: Slurm job %s: %zu/%zu points done, %.0f s%s",
                    isatty(2) ? "\r" : "", job, count_done(sw, dir), sw->n_points, now_s() - start,
                    isatty(2) ? "   " : "\n");
        struct timespec ts = {(time_t)poll, (long)((poll - (double)(time_t)poll) * 1e9)};
        nanosleep(&ts, NULL);
    }
    if (!quiet && isatty(2)) fputc('\n', stderr);
    return 0;
}

/* ---- the command ---- */

static const char usage[] =
    "usage: memsim sweep FILE.yaml [--out DIR] [--jobs N] [--quiet]\n"
    "       memsim sweep FILE.yaml --out DIR --slurm [--tasks N] [--sbatch-arg ARG]...\n"
    "                    [--submit [--poll SECONDS]]\n"
    "       memsim sweep collect DIR\n"
    "Runs every point of a sweep (docs/sweep.md) with N worker processes (default: all\n"
    "cores) and writes DIR/results.csv and DIR/results.jsonl, one row per point. Points\n"
    "already done with the same configuration are skipped, so an interrupted sweep resumes.\n"
    "--slurm writes DIR/sweep.sbatch, a job array of N tasks (default: one per point, at most\n"
    "1000) that runs slices of the points; --submit also submits it with sbatch, waits by\n"
    "polling squeue, and collects. DIR must be on a file system the nodes share.\n"
    "Exit status: 0 all points ok, 1 some failed (listed), 2 bad input.\n";

static int parse_int(const char *flag, const char *v, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long x = v ? strtol(v, &end, 10) : 0;
    if (!v || !*v || *end || errno || x < lo || x > hi)
        return memsim_cli_fail("sweep: %s: expected a whole number from %ld to %ld, got '%s'", flag,
                               lo, hi, v ? v : ""),
               0;
    *out = x;
    return 1;
}

static int cmd_collect(int argc, char **argv)
{
    if (argc != 1) return memsim_cli_fail("sweep: usage: memsim sweep collect DIR");
    sweep *sw;
    if (sweep_read_plan(argv[0], &sw)) return 2;
    int rc = finish(sw, argv[0], 0);
    sweep_free(sw);
    return rc;
}

static int cmd_worker(int argc, char **argv)
{
    long task = -1, tasks = 0, jobs = 1;
    if (argc < 1)
        return memsim_cli_fail("sweep: usage: memsim sweep worker DIR --task K --tasks N");
    for (int i = 1; i < argc; i++) {
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(argv[i], "--task")) {
            if (!parse_int("--task", v, 0, 1000000, &task)) return 2;
        } else if (!strcmp(argv[i], "--tasks")) {
            if (!parse_int("--tasks", v, 1, 1000000, &tasks)) return 2;
        } else if (!strcmp(argv[i], "--jobs")) {
            if (!parse_int("--jobs", v, 1, 1024, &jobs)) return 2;
        } else {
            return memsim_cli_fail("sweep: worker: unknown option '%s'", argv[i]);
        }
        i++;
    }
    if (task < 0 || tasks < 1 || task >= tasks)
        return memsim_cli_fail("sweep: worker: give --task K and --tasks N with K < N");
    sweep *sw;
    if (sweep_read_plan(argv[0], &sw)) return 2;
    int rc = sweep_run_points(sw, argv[0], (int)jobs, (size_t)task, (size_t)tasks, 1);
    for (size_t p = (size_t)task; !rc && p < sw->n_points; p += (size_t)tasks)
        if (!row_is_ok(argv[0], sw->points[p].id)) rc = 1;
    sweep_free(sw);
    return rc;
}

int memsim_cli_sweep(int argc, char **argv)
{
    if (argc >= 1 && !strcmp(argv[0], "collect")) return cmd_collect(argc - 1, argv + 1);
    if (argc >= 1 && !strcmp(argv[0], "worker")) return cmd_worker(argc - 1, argv + 1);
    const char *spec = NULL, *out = NULL, *extra[64];
    long jobs = sysconf(_SC_NPROCESSORS_ONLN), tasks = 0;
    double poll = 5.0;
    int slurm = 0, do_submit = 0, quiet = 0, n_extra = 0;
    for (int i = 0; i < argc; i++) {
        const char *f = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(f, "--help") || !strcmp(f, "-h")) {
            fputs(usage, stdout);
            return 0;
        } else if (!strcmp(f, "--out")) {
            if (!v) return memsim_cli_fail("sweep: --out: expected a directory");
            out = v;
            i++;
        } else if (!strcmp(f, "--jobs")) {
            if (!parse_int(f, v, 1, 1024, &jobs)) return 2;
            i++;
        } else if (!strcmp(f, "--tasks")) {
            if (!parse_int(f, v, 1, 1000000, &tasks)) return 2;
            i++;
        } else if (!strcmp(f, "--poll")) {
            char *end;
            poll = v ? strtod(v, &end) : 0;
            if (!v || *end || !(poll >= 0.1 && poll <= 3600))
                return memsim_cli_fail("sweep: --poll: expected seconds from 0.1 to 3600, got '%s'",
                                       v ? v : "");
            i++;
        } else if (!strcmp(f, "--sbatch-arg")) {
            if (!v) return memsim_cli_fail("sweep: --sbatch-arg: expected an sbatch option");
            if (n_extra == 64) return memsim_cli_fail("sweep: more than 64 --sbatch-arg");
            if (strchr(v, '\n')) return memsim_cli_fail("sweep: --sbatch-arg: no line breaks");
            extra[n_extra++] = v;
            i++;
        } else if (!strcmp(f, "--slurm")) {
            slurm = 1;
        } else if (!strcmp(f, "--submit")) {
            do_submit = 1;
        } else if (!strcmp(f, "--quiet") || !strcmp(f, "-q")) {
            quiet = 1;
        } else if (f[0] == '-') {
            return memsim_cli_fail("sweep: unknown option '%s' (memsim sweep --help)", f);
        } else if (!spec) {
            spec = f;
        } else {
            return memsim_cli_fail("sweep: unexpected argument '%s' (one sweep file)", f);
        }
    }
    if (!spec) return memsim_cli_fail("sweep: give a sweep file (memsim sweep --help)");
    if ((tasks || do_submit || n_extra) && !slurm)
        return memsim_cli_fail("sweep: --tasks, --submit and --sbatch-arg need --slurm");
    char def_out[4096];
    if (!out) { /* "sweeps/x.yaml" -> "x.sweep" in the current directory */
        const char *base = strrchr(spec, '/') ? strrchr(spec, '/') + 1 : spec;
        size_t n = strcspn(base, ".");
        snprintf(def_out, sizeof def_out, "%.*s.sweep", (int)(n ? n : strlen(base)), base);
        out = def_out;
    }
    sweep *sw;
    if (sweep_load_yaml(spec, &sw)) return 2;
    int rc = sweep_expand(sw, spec);
    if (!rc) rc = sweep_make_dirs(out);
    char dir[4096];
    if (!rc && !realpath(out, dir)) rc = memsim_cli_fail("cannot resolve '%s'", out);
    if (!rc) rc = sweep_write_plan(sw, dir);
    if (rc) {
        sweep_free(sw);
        return rc;
    }
    if (slurm) {
        char script[4096];
        size_t t = tasks ? (size_t)tasks : sw->n_points;
        if (t > sw->n_points) t = sw->n_points;
        if (t > 1000) t = 1000;
        rc = write_sbatch(dir, t, extra, n_extra, script, sizeof script);
        if (!rc && !do_submit) {
            printf("sweep: %zu points in %zu array tasks: %s\n"
                   "submit with:  sbatch %s\n"
                   "then collect: memsim sweep collect %s\n",
                   sw->n_points, t, script, script, dir);
        } else if (!rc) {
            rc = submit(sw, dir, script, poll, quiet);
            if (!rc) rc = finish(sw, dir, quiet);
        }
        sweep_free(sw);
        return rc;
    }
    double t0 = now_s();
    rc = sweep_run_points(sw, dir, (int)jobs, 0, 1, quiet);
    if (!rc) {
        rc = finish(sw, dir, quiet);
        if (!quiet) printf("sweep: %.1f s with %ld jobs\n", now_s() - t0, jobs);
    }
    sweep_free(sw);
    return rc;
}
