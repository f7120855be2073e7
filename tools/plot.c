/*
 * plot.c - `memsim plot`: pictures (PNG or SVG) of memsim result files.
 *
 *   memsim plot curve CSV... --out F [--latency mean|p50|p90|p99]...
 *   memsim plot latency RUN.json... --out F
 *   memsim plot timeline RUN.json --out F
 *   memsim plot sweep RESULTS.csv --y STAT --x AXIS [--group AXIS] [--where KEY=VALUE]... --out F
 *   common: [--title T] [--size WxH] [--label NAME]...      (docs/plot.md)
 *
 * The drawing is tools/plot.py, a matplotlib script built into the binary (CMake turns it
 * into generated/plot_py.h) and fed to `/usr/bin/python3 -` on stdin; its arguments are a
 * normalised form of ours (plot.py's header). This file does everything that needs no
 * data: it checks the kind, the options and that the inputs are readable files, so those
 * mistakes cost no python start-up, and it owns the output file: python writes the
 * temporary "F.tmp.<pid>" that memsim_cli_out_open() created and only a complete image is
 * renamed to F. Python reports bad data in one line on stderr and exit status 2; this file
 * prints that line after "memsim: plot: " and exits 2, like every memsim input error.
 *
 * Signals: while python runs, SIGINT and SIGTERM are caught, passed on to the child, and
 * end the command with 128 + signal and no output. The handler needs the child's pid, so
 * this file keeps two statics (the CLI, not the library: one plot per process).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "plot_py.h"
#include "tools/cli.h"

#define PLOT_PYTHON "/usr/bin/python3"
#define PLOT_INSTALL                                                                               \
    "install the Debian package python3-matplotlib; make demo and make test install it"
#define PLOT_MIN_PX  100
#define PLOT_MAX_PX  8000
#define PLOT_ERR_MAX 4096 /* bytes of python's stderr kept (the last line matters) */

/* ORDER KIND: bits of plot_kinds[]. */
enum { K_CURVE = 1, K_LATENCY = 2, K_TIMELINE = 4, K_SWEEP = 8, K_ALL = 15 };

typedef struct plot_kind {
    const char *name;
    unsigned bit;
    int max_inputs; /* 0: any number (at least one) */
    const char *input;
} plot_kind;

static const plot_kind plot_kinds[] = {
    {"curve", K_CURVE, 0, "CSV"},
    {"latency", K_LATENCY, 0, "RUN.json"},
    {"timeline", K_TIMELINE, 1, "RUN.json"},
    {"sweep", K_SWEEP, 1, "RESULTS.csv"},
};

typedef struct plot_opt {
    const char *name;
    unsigned kinds; /* the kinds that take it */
    int repeat;     /* may be given more than once */
    int pass_on;    /* handed to plot.py as is */
} plot_opt;

static const plot_opt plot_opts[] = {
    {"--out", K_ALL, 0, 0},                           /* FILE.png|FILE.svg: kept by plot.c */
    {"--size", K_ALL, 0, 0},                          /* WxH: passed as WIDTH HEIGHT */
    {"--title", K_ALL, 0, 1},                         /* replaces the default title */
    {"--label", K_CURVE | K_LATENCY | K_SWEEP, 1, 1}, /* renames lines or groups in order */
    {"--latency", K_CURVE, 1, 1},                     /* mean|p50|p90|p99, one line style each */
    {"--max-latency", K_CURVE, 0, 1},                 /* NS: top of the latency axis */
    {"--x", K_SWEEP, 0, 1},                           /* the axis column along x */
    {"--y", K_SWEEP, 0, 1},                           /* the statistic column, bar height */
    {"--group", K_SWEEP, 0, 1},                       /* one bar per value of this axis */
    {"--where", K_SWEEP, 1, 1},                       /* KEY=VALUE row filter */
};
#define N_PLOT_OPTS (sizeof plot_opts / sizeof plot_opts[0])

static const char plot_usage[] =
    "usage: memsim plot KIND INPUT... --out FILE.png|FILE.svg [--title T] [--size WxH]\n"
    "                   [--label NAME]...\n\n"
    "  curve CSV... [--latency mean|p50|p90|p99]... [--max-latency NS]\n"
    "        bandwidth-latency curves (memsim curve output), one line per configuration;\n"
    "        the latency axis stops at --max-latency (default: 10 x the highest light-load\n"
    "        latency, so the knee stays visible; points above are noted)\n"
    "  latency RUN.json...\n"
    "        read-latency CDF with p50/p90/p99 (memsim run --json), one line per file\n"
    "  timeline RUN.json\n"
    "        bandwidth, power and read latency per epoch (run with -s stats.epoch=CYCLES)\n"
    "  sweep RESULTS.csv --y STAT --x AXIS [--group AXIS] [--where KEY=VALUE]...\n"
    "        bar chart of a memsim sweep table\n\n"
    "The format follows the --out extension; --size is in pixels (default 1200x800).\n"
    "--label renames lines (curve, latency) or groups (sweep) in order. docs/plot.md.\n";

/* The parsed command line. argv strings are borrowed. */
typedef struct plot_args {
    const plot_kind *kind;
    const char *out, *size;
    unsigned width, height;
    const char *x, *y, *group;
    int n_inputs;
} plot_args;

static const plot_opt *find_opt(const char *name)
{
    for (size_t i = 0; i < N_PLOT_OPTS; i++)
        if (!strcmp(plot_opts[i].name, name)) return &plot_opts[i];
    return NULL;
}

static const plot_kind *find_kind(const char *name)
{
    for (size_t i = 0; i < sizeof plot_kinds / sizeof plot_kinds[0]; i++)
        if (!strcmp(plot_kinds[i].name, name)) return &plot_kinds[i];
    return NULL;
}

/* "1200x800" -> 1200, 800 within PLOT_MIN_PX..PLOT_MAX_PX; 0 on bad input. */
static int parse_size(const char *s, unsigned *w, unsigned *h)
{
    char *end;
    errno = 0;
    if (*s < '0' || *s > '9') return 0;
    unsigned long a = strtoul(s, &end, 10);
    if (errno || (*end != 'x' && *end != 'X') || end[1] < '0' || end[1] > '9') return 0;
    unsigned long b = strtoul(end + 1, &end, 10);
    if (errno || *end || a < PLOT_MIN_PX || a > PLOT_MAX_PX || b < PLOT_MIN_PX || b > PLOT_MAX_PX)
        return 0;
    *w = (unsigned)a;
    *h = (unsigned)b;
    return 1;
}

/* The image format named by the extension of `path`, or NULL. */
static const char *out_format(const char *path)
{
    const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');
    if (!dot || (slash && dot < slash) || dot == path || (slash && dot == slash + 1)) return NULL;
    if (!strcasecmp(dot, ".png")) return "png";
    if (!strcasecmp(dot, ".svg")) return "svg";
    return NULL;
}

static int check_value(const char *opt, const char *v)
{
    if (!strcmp(opt, "--latency")) {
        static const char *const ok[] = {"mean", "p50", "p90", "p99"};
        for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
            if (!strcmp(v, ok[i])) return 1;
        return memsim_cli_fail("plot: --latency: unknown statistic '%s' (expected mean, p50, "
                               "p90 or p99)",
                               v),
               0;
    }
    if (!strcmp(opt, "--max-latency")) {
        char *end;
        double x = strtod(v, &end);
        if (!*v || *end || !(x > 0 && x < 1e12))
            return memsim_cli_fail("plot: --max-latency: expected a positive number of ns, got "
                                   "'%s'",
                                   v),
                   0;
        return 1;
    }
    if (!strcmp(opt, "--where") && (!strchr(v, '=') || v[0] == '='))
        return memsim_cli_fail("plot: --where: expected KEY=VALUE, got '%s'", v), 0;
    if (!*v) return memsim_cli_fail("plot: %s: expected a non-empty value", opt), 0;
    return 1;
}

/* A regular, readable file; else one error line. */
static int check_input(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return memsim_cli_fail("plot: cannot read '%s': %s", path, strerror(errno)), 0;
    if (S_ISDIR(st.st_mode)) return memsim_cli_fail("plot: '%s' is a directory", path), 0;
    FILE *fp = fopen(path, "r");
    if (!fp) return memsim_cli_fail("plot: cannot read '%s': %s", path, strerror(errno)), 0;
    fclose(fp);
    return 1;
}

/* The checks that need the whole command line; 0 after printing one error line. */
static int check_args(int argc, char **argv, plot_args *a)
{
    if (!a->out) return memsim_cli_fail("plot: no --out FILE.png|FILE.svg given"), 0;
    if (!out_format(a->out))
        return memsim_cli_fail("plot: --out %s: unknown extension (expected .png or .svg)", a->out),
               0;
    if (a->size && !parse_size(a->size, &a->width, &a->height))
        return memsim_cli_fail("plot: --size: expected WIDTHxHEIGHT in pixels, each %d..%d, "
                               "got '%s'",
                               PLOT_MIN_PX, PLOT_MAX_PX, a->size),
               0;
    if (a->kind->bit == K_SWEEP && (!a->x || !a->y))
        return memsim_cli_fail("plot: sweep needs --y STAT and --x AXIS"), 0;
    if (a->group && a->x && !strcmp(a->group, a->x))
        return memsim_cli_fail("plot: --group %s: the same axis as --x", a->group), 0;
    if (!a->n_inputs)
        return memsim_cli_fail("plot: %s: no input %s given", a->kind->name, a->kind->input), 0;
    if (a->kind->max_inputs && a->n_inputs > a->kind->max_inputs)
        return memsim_cli_fail("plot: %s: expected one %s, got %d", a->kind->name, a->kind->input,
                               a->n_inputs),
               0;
    for (int i = 1; i < argc; i++) {
        if (argv[i][0] == '-' && argv[i][1])
            i++;
        else if (!check_input(argv[i]))
            return 0;
    }
    return 1;
}

/* Reads argv (everything after "plot") into `a` and checks it; 0 after printing one error
 * line. Options are taken from plot_opts[]; anything else not starting with '-' is an input. */
static int parse_args(int argc, char **argv, plot_args *a)
{
    memset(a, 0, sizeof *a);
    a->width = 1200;
    a->height = 800;
    if (argc < 1)
        return memsim_cli_fail("plot: usage: memsim plot curve|latency|timeline|sweep INPUT... "
                               "--out FILE.png|FILE.svg (memsim plot --help)"),
               0;
    a->kind = find_kind(argv[0]);
    if (!a->kind)
        return memsim_cli_fail("plot: unknown kind '%s' (expected curve, latency, timeline or "
                               "sweep)",
                               argv[0]),
               0;
    unsigned seen = 0; /* bit i: plot_opts[i] given */
    _Static_assert(N_PLOT_OPTS <= 32, "seen has a bit per option");
    for (int i = 1; i < argc; i++) {
        const char *f = argv[i];
        if (f[0] != '-' || !f[1]) {
            a->n_inputs++;
            continue;
        }
        const plot_opt *o = find_opt(f);
        if (!o) return memsim_cli_fail("plot: unknown option '%s' (memsim plot --help)", f), 0;
        if (!(o->kinds & a->kind->bit))
            return memsim_cli_fail("plot: %s is not an option of plot %s", f, a->kind->name), 0;
        unsigned bit = 1u << (o - plot_opts);
        if ((seen & bit) && !o->repeat) return memsim_cli_fail("plot: %s given twice", f), 0;
        seen |= bit;
        if (i + 1 >= argc) return memsim_cli_fail("plot: %s: expected a value", f), 0;
        const char *v = argv[++i];
        if (!check_value(f, v)) return 0;
        if (!strcmp(f, "--out")) a->out = v;
        if (!strcmp(f, "--size")) a->size = v;
        if (!strcmp(f, "--x")) a->x = v;
        if (!strcmp(f, "--y")) a->y = v;
        if (!strcmp(f, "--group")) a->group = v;
    }
    return check_args(argc, argv, a);
}

/* The words of python's command line that memsim makes up (execv wants char *). */
typedef struct py_words {
    char python[sizeof PLOT_PYTHON], dash[2], dashes[3];
    char format[8], width[16], height[16];
    char *tmp; /* the temporary output file */
} py_words;

/* python's argument vector (plot.py's header): python3 - KIND FORMAT OUT_TMP W H
 * [--opt value]... -- INPUT... NULL. Returns a malloc'd array of borrowed strings. */
static char **python_argv(int argc, char **argv, py_words *w)
{
    char **v = malloc((size_t)(argc + 10) * sizeof *v);
    if (!v) return NULL;
    int n = 0;
    v[n++] = w->python;
    v[n++] = w->dash;
    v[n++] = argv[0];
    v[n++] = w->format;
    v[n++] = w->tmp;
    v[n++] = w->width;
    v[n++] = w->height;
    for (int i = 1; i + 1 < argc; i++)
        if (argv[i][0] == '-' && argv[i][1]) {
            if (find_opt(argv[i])->pass_on) {
                v[n++] = argv[i];
                v[n++] = argv[i + 1];
            }
            i++;
        }
    v[n++] = w->dashes;
    for (int i = 1; i < argc; i++) {
        if (argv[i][0] == '-' && argv[i][1])
            i++;
        else
            v[n++] = argv[i];
    }
    v[n] = NULL;
    return v;
}

/* ---- running python ---- */

static volatile sig_atomic_t plot_signal; /* SIGINT/SIGTERM received while python ran */
static volatile sig_atomic_t plot_child;  /* python's pid, for the handler */

static void on_plot_signal(int sig)
{
    plot_signal = sig;
    if (plot_child > 0) kill((pid_t)plot_child, sig);
}

/* In the child: stdin from `in`, stdout and stderr to `err`, then exec python. */
static void exec_python(int in, int err, char **pargv)
{
    signal(SIGPIPE, SIG_DFL);
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    if (dup2(in, 0) < 0 || dup2(err, 1) < 0 || dup2(err, 2) < 0) _exit(126);
    execv(PLOT_PYTHON, pargv);
    dprintf(2, "cannot run %s: %s\n", PLOT_PYTHON, strerror(errno));
    _exit(127);
}

/* Feeds the script to python's stdin; a closed pipe (python died) is not an error here:
 * its exit status says why. */
static void feed_script(int fd)
{
    const unsigned char *p = memsim_plot_py;
    size_t left = sizeof memsim_plot_py - 1;
    while (left) {
        ssize_t n = write(fd, p, left);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        p += n;
        left -= (size_t)n;
    }
    close(fd);
}

/* Reads python's output until EOF, keeping the last PLOT_ERR_MAX - 1 bytes in `buf`. */
static void drain(int fd, char *buf)
{
    size_t len = 0;
    char chunk[1024];
    _Static_assert(sizeof chunk < PLOT_ERR_MAX, "a chunk fits the buffer");
    for (;;) {
        ssize_t n = read(fd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        size_t k = (size_t)n;             /* < PLOT_ERR_MAX - 1: sizeof chunk */
        if (len + k > PLOT_ERR_MAX - 1) { /* keep the tail */
            size_t drop = len + k - (PLOT_ERR_MAX - 1);
            memmove(buf, buf + drop, len - drop);
            len -= drop;
        }
        memcpy(buf + len, chunk, k);
        len += k;
    }
    close(fd);
    buf[len] = 0;
}

/* The last non-empty line of `buf`, trimmed in place. */
static const char *last_line(char *buf)
{
    size_t n = strlen(buf);
    while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r' || buf[n - 1] == ' '))
        buf[--n] = 0;
    char *nl = strrchr(buf, '\n');
    const char *s = nl ? nl + 1 : buf;
    return *s ? s : "(no message)";
}

static void set_cloexec(int fd)
{
    fcntl(fd, F_SETFD, FD_CLOEXEC);
}

/* Runs plot.py; returns its wait status, or -1 after printing why it could not start.
 * Python's output is left in `err`. */
static int run_python(char **pargv, char *err)
{
    int in[2], out[2];
    if (pipe(in) != 0) return memsim_cli_fail("plot: pipe: %s", strerror(errno)), -1;
    if (pipe(out) != 0) {
        close(in[0]);
        close(in[1]);
        return memsim_cli_fail("plot: pipe: %s", strerror(errno)), -1;
    }
    for (int i = 0; i < 2; i++)
        set_cloexec(in[i]), set_cloexec(out[i]);
    pid_t pid = fork();
    if (pid < 0) {
        int e = errno;
        close(in[0]), close(in[1]), close(out[0]), close(out[1]);
        return memsim_cli_fail("plot: cannot start %s: %s", PLOT_PYTHON, strerror(e)), -1;
    }
    if (pid == 0) exec_python(in[0], out[1], pargv);
    plot_child = (sig_atomic_t)pid;
    if (plot_signal) kill(pid, (int)plot_signal); /* arrived before we knew the pid */
    close(in[0]);
    close(out[1]);
    feed_script(in[1]);
    drain(out[0], err);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    plot_child = 0;
    return status;
}

/* Turns python's wait status into memsim's exit status and at most one stderr line. */
static int report(int status, char *err, cli_out *o)
{
    if (plot_signal) {
        memsim_cli_out_abort(o);
        fprintf(stderr, "memsim: plot: interrupted; no output written\n");
        return 128 + (int)plot_signal;
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
        struct stat st;
        if (stat(o->tmp, &st) != 0 || st.st_size == 0) {
            memsim_cli_out_abort(o);
            return memsim_cli_fail("plot: %s wrote no image", PLOT_PYTHON);
        }
        if (!memsim_cli_out_commit(o))
            return memsim_cli_fail("plot: cannot write '%s': %s", o->path, strerror(errno));
        return 0;
    }
    memsim_cli_out_abort(o);
    if (!WIFEXITED(status))
        return memsim_cli_fail("plot: %s was killed by signal %d", PLOT_PYTHON, WTERMSIG(status));
    switch (WEXITSTATUS(status)) {
    case 2:
        return memsim_cli_fail("plot: %s", last_line(err));
    case 3:
        return memsim_cli_fail("plot: %s cannot import matplotlib (%s)", PLOT_PYTHON, PLOT_INSTALL);
    case 127:
        return memsim_cli_fail("plot: %s (%s)", last_line(err), PLOT_INSTALL);
    default:
        return memsim_cli_fail("plot: %s failed (exit status %d): %s", PLOT_PYTHON,
                               WEXITSTATUS(status), last_line(err));
    }
}

int memsim_cli_plot(int argc, char **argv)
{
    for (int i = 0; i < argc; i++)
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(plot_usage, stdout);
            return 0;
        }
    plot_args a;
    if (!parse_args(argc, argv, &a)) return 2;
    if (access(PLOT_PYTHON, X_OK) != 0)
        return memsim_cli_fail("plot: cannot run %s: %s (%s)", PLOT_PYTHON, strerror(errno),
                               PLOT_INSTALL);
    cli_out o = {0};
    if (!memsim_cli_out_open(&o, a.out))
        return memsim_cli_fail("plot: cannot write '%s': %s", a.out, strerror(errno));
    set_cloexec(fileno(o.fp));
    py_words w = {.python = PLOT_PYTHON, .dash = "-", .dashes = "--", .tmp = o.tmp};
    snprintf(w.format, sizeof w.format, "%s", out_format(a.out));
    snprintf(w.width, sizeof w.width, "%u", a.width);
    snprintf(w.height, sizeof w.height, "%u", a.height);
    char **pargv = python_argv(argc, argv, &w);
    char *err = malloc(PLOT_ERR_MAX);
    if (!pargv || !err) {
        free(pargv);
        free(err);
        memsim_cli_out_abort(&o);
        return memsim_cli_fail("plot: out of memory");
    }

    struct sigaction sa, old_int, old_term, old_pipe;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sa.sa_handler = on_plot_signal;
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    sa.sa_handler = SIG_IGN; /* python dying early must not kill us mid-write */
    sigaction(SIGPIPE, &sa, &old_pipe);

    int status = run_python(pargv, err);
    int rc = status < 0 ? (memsim_cli_out_abort(&o), 2) : report(status, err, &o);

    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    sigaction(SIGPIPE, &old_pipe, NULL);
    free(pargv);
    free(err);
    return rc;
}
