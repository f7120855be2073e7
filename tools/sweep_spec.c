/*
 * sweep_spec.c - sweep files, their expansion into points, and plan.tsv.
 *
 * A sweep file (docs/sweep.md):
 *   run:            memsim run settings for every point: run options by their
 *     synthetic: random    long name (preset, config, trace, synthetic, requests,
 *     requests: 200000     read-ratio, load, rate, ...) or configuration keys
 *   axes:           key: [values] or key: {from: A, to: B, steps: N, scale: log}
 *     preset: [DDR5-6400, MRDIMM-8800]
 *     load: {from: 0.05, to: 1.2, steps: 25}
 *   zip: [[preset, config]]   axes that advance together
 *   stats: [bandwidth_gbps, read_latency_ns.p99]   table columns (default below)
 *
 * Points are the nested loops over the axes in file order, the last fastest;
 * a zip group is one loop at the place of its first axis.
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

#include "memsim/memsim.h"
#include "tools/cli.h"
#include "tools/sweep.h"

#define MAX_POINTS 1000000u

/* The table's statistics when the file names none: what a bandwidth-latency
 * or a configuration comparison needs. offered_gbps is the sweep's own. */
static const char *const default_stats[] = {
    "requests",
    "offered_gbps",
    "bandwidth_gbps",
    "peak_gbps",
    "bus_utilization",
    "read_latency_ns.mean",
    "read_latency_ns.p50",
    "read_latency_ns.p90",
    "read_latency_ns.p99",
    "write_latency_ns.mean",
    "row_hit_rate",
    "energy.average_power_w",
    "energy.pj_per_bit",
};

enum { OPT_VALUE, OPT_CONFIG, OPT_TRACE };

/* memsim run's options that a sweep may set (outputs are the sweep's). */
static const struct {
    const char *name;
    int kind;
} run_opts[] = {
    {"preset", OPT_VALUE},       {"config", OPT_CONFIG},     {"trace", OPT_TRACE},
    {"trace-format", OPT_VALUE}, {"synthetic", OPT_VALUE},   {"requests", OPT_VALUE},
    {"read-ratio", OPT_VALUE},   {"interval", OPT_VALUE},    {"rate", OPT_VALUE},
    {"load", OPT_VALUE},         {"outstanding", OPT_VALUE}, {"stride", OPT_VALUE},
    {"footprint", OPT_VALUE},    {"seed", OPT_VALUE},
};
#define N_RUN_OPTS (sizeof run_opts / sizeof run_opts[0])

char *sweep_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (!d) {
        fputs("memsim: out of memory\n", stderr);
        exit(2);
    }
    return memcpy(d, s, n);
}

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) {
        fputs("memsim: out of memory\n", stderr);
        exit(2);
    }
    return q;
}

sweep *sweep_new(void)
{
    sweep *sw = calloc(1, sizeof *sw);
    if (!sw) {
        fputs("memsim: out of memory\n", stderr);
        exit(2);
    }
    sw->dir_of_spec = sweep_strdup(".");
    return sw;
}

void sweep_free(sweep *sw)
{
    if (!sw) return;
    for (size_t i = 0; i < sw->n_base; i++) {
        free(sw->base_keys[i]);
        free(sw->base_values[i]);
    }
    free(sw->base_keys);
    free(sw->base_values);
    for (size_t a = 0; a < sw->n_axes; a++) {
        for (size_t i = 0; i < sw->axes[a].n; i++)
            free(sw->axes[a].values[i]);
        free(sw->axes[a].values);
        free(sw->axes[a].key);
    }
    for (size_t i = 0; i < sw->n_stats; i++)
        free(sw->stats[i]);
    for (size_t p = 0; p < sw->n_points; p++) {
        for (int k = 0; k < sw->points[p].argc; k++)
            free(sw->points[p].argv[k]);
        free(sw->points[p].argv);
        free(sw->points[p].values);
    }
    free(sw->points);
    free(sw->dir_of_spec);
    free(sw);
}

/* A run option's canonical name ("read_ratio" -> "read-ratio"), or NULL. */
static int run_opt(const char *key)
{
    char norm[64];
    size_t n = strlen(key);
    if (n >= sizeof norm) return -1;
    for (size_t i = 0; i <= n; i++)
        norm[i] = key[i] == '_' ? '-' : key[i];
    for (size_t i = 0; i < N_RUN_OPTS; i++)
        if (!strcmp(norm, run_opts[i].name)) return (int)i;
    return -1;
}

static int is_config_key(const char *key)
{
    for (size_t i = 0; i < memsim_config_key_count(); i++) {
        const memsim_key_info *k = memsim_config_key_info(i);
        if (k && !strcmp(k->key, key)) return 1;
    }
    return 0;
}

/* Checks a key; @p where prefixes the message. @return 0 or 2. */
int sweep_check_key(const char *key, const char *where)
{
    if (run_opt(key) >= 0 || is_config_key(key)) return 0;
    static const char *const outputs[] = {"json", "cmd-trace", "cmd_trace", "step", "quiet"};
    for (size_t i = 0; i < sizeof outputs / sizeof outputs[0]; i++)
        if (!strcmp(key, outputs[i]))
            return memsim_cli_fail("%s'%s' is not a sweep setting: the sweep writes each point's "
                                   "results itself",
                                   where, key);
    return memsim_cli_fail("%sunknown key '%s' (expected a memsim run option such as preset, "
                           "synthetic, requests, load, or a configuration key: memsim keys)",
                           where, key);
}

static int check_value(const char *v, const char *where, const char *key)
{
    if (strpbrk(v, "\t\n\r"))
        return memsim_cli_fail("%svalue of '%s' contains a tab or a line break", where, key);
    return 0;
}

int sweep_add_base(sweep *sw, const char *key, const char *value)
{
    sw->base_keys = xrealloc(sw->base_keys, (sw->n_base + 1) * sizeof *sw->base_keys);
    sw->base_values = xrealloc(sw->base_values, (sw->n_base + 1) * sizeof *sw->base_values);
    sw->base_keys[sw->n_base] = sweep_strdup(key);
    sw->base_values[sw->n_base] = sweep_strdup(value);
    sw->n_base++;
    return 0;
}

int sweep_add_axis(sweep *sw, const char *key, const char *const *values, size_t n, int zip)
{
    if (sw->n_axes == SWEEP_MAX_AXES)
        return memsim_cli_fail("sweep: more than %d axes", SWEEP_MAX_AXES);
    for (size_t a = 0; a < sw->n_axes; a++)
        if (!strcmp(sw->axes[a].key, key))
            return memsim_cli_fail("sweep: axis '%s' given twice", key);
    sweep_axis *ax = &sw->axes[sw->n_axes++];
    ax->key = sweep_strdup(key);
    ax->values = xrealloc(NULL, n * sizeof *ax->values);
    for (size_t i = 0; i < n; i++)
        ax->values[i] = sweep_strdup(values[i]);
    ax->n = n;
    ax->zip = zip;
    return 0;
}

int sweep_add_stat(sweep *sw, const char *stat)
{
    if (sw->n_stats == SWEEP_MAX_STATS)
        return memsim_cli_fail("sweep: more than %d stats", SWEEP_MAX_STATS);
    for (size_t i = 0; i < sw->n_stats; i++)
        if (!strcmp(sw->stats[i], stat)) return 0;
    sw->stats[sw->n_stats++] = sweep_strdup(stat);
    return 0;
}

/* ---- YAML ---- */

typedef struct yctx {
    const char *path;
    yaml_document_t *doc;
} yctx;

static int yfail(const yctx *y, const yaml_node_t *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int yfail(const yctx *y, const yaml_node_t *n, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return memsim_cli_fail("%s:%lu: %s", y->path, n ? (unsigned long)n->start_mark.line + 1 : 1ul,
                           msg);
}

static const char *scalar(const yaml_node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

static const char *node_kind(const yaml_node_t *n)
{
    return !n                              ? "nothing"
           : n->type == YAML_SCALAR_NODE   ? "a value"
           : n->type == YAML_SEQUENCE_NODE ? "a list"
                                           : "a mapping";
}

static int parse_number(const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (!*s || *end || errno || !isfinite(v)) return 0;
    *out = v;
    return 1;
}

/* {from: A, to: B, steps: N, scale: linear|log} -> N values. */
static int parse_range(const yctx *y, yaml_node_t *m, const char *key, char ***vals, size_t *n)
{
    double from = NAN, to = NAN, steps = NAN;
    int log_scale = 0;
    for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(y->doc, p->key);
        yaml_node_t *v = yaml_document_get_node(y->doc, p->value);
        const char *ks = scalar(k), *vs = scalar(v);
        if (!ks || !vs) return yfail(y, k, "axis '%s': expected from/to/steps/scale values", key);
        double *dst = !strcmp(ks, "from")    ? &from
                      : !strcmp(ks, "to")    ? &to
                      : !strcmp(ks, "steps") ? &steps
                                             : NULL;
        if (dst) {
            if (!parse_number(vs, dst))
                return yfail(y, v, "axis '%s': %s: expected a number, got '%s'", key, ks, vs);
        } else if (!strcmp(ks, "scale")) {
            if (strcmp(vs, "linear") && strcmp(vs, "log"))
                return yfail(y, v, "axis '%s': scale: expected linear or log, got '%s'", key, vs);
            log_scale = !strcmp(vs, "log");
        } else {
            return yfail(y, k,
                         "axis '%s': unknown range key '%s' (expected from, to, steps, scale)", key,
                         ks);
        }
    }
    if (isnan(from) || isnan(to) || isnan(steps))
        return yfail(y, m, "axis '%s': a range needs from, to and steps", key);
    if (steps < 1 || steps > MAX_POINTS || steps != floor(steps))
        return yfail(y, m, "axis '%s': steps must be a whole number from 1 to %u", key, MAX_POINTS);
    if (log_scale && (from <= 0 || to <= 0))
        return yfail(y, m, "axis '%s': a log range needs from and to above 0", key);
    *n = (size_t)steps;
    *vals = xrealloc(NULL, *n * sizeof **vals);
    for (size_t i = 0; i < *n; i++) {
        double f = *n > 1 ? (double)i / (double)(*n - 1) : 0.0;
        double v = log_scale ? from * pow(to / from, f) : from + (to - from) * f;
        char buf[64];
        snprintf(buf, sizeof buf, "%.6g", v);
        (*vals)[i] = sweep_strdup(buf);
    }
    return 0;
}

static int load_axes(const yctx *y, sweep *sw, yaml_node_t *m)
{
    if (m->type != YAML_MAPPING_NODE)
        return yfail(y, m, "axes: expected a mapping of key: [values], got %s", node_kind(m));
    for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(y->doc, p->key);
        yaml_node_t *v = yaml_document_get_node(y->doc, p->value);
        const char *key = scalar(k);
        if (!key) return yfail(y, k, "axes: expected a key, got %s", node_kind(k));
        char where[600];
        snprintf(where, sizeof where, "%s:%lu: ", y->path, (unsigned long)k->start_mark.line + 1);
        if (sweep_check_key(key, where)) return 2;
        char **vals = NULL;
        size_t n = 0;
        int rc = 0;
        if (v->type == YAML_SEQUENCE_NODE) {
            for (yaml_node_item_t *it = v->data.sequence.items.start;
                 it < v->data.sequence.items.top; it++) {
                yaml_node_t *e = yaml_document_get_node(y->doc, *it);
                const char *s = scalar(e);
                if (!s) {
                    rc = yfail(y, e, "axis '%s': expected a list of values, got %s in it", key,
                               node_kind(e));
                    break;
                }
                vals = xrealloc(vals, (n + 1) * sizeof *vals);
                vals[n++] = sweep_strdup(s);
            }
            if (!rc && n == 0) rc = yfail(y, v, "axis '%s': the list of values is empty", key);
        } else if (v->type == YAML_MAPPING_NODE) {
            rc = parse_range(y, v, key, &vals, &n);
        } else {
            rc = yfail(y, v,
                       "axis '%s': expected a list of values or {from, to, steps}, got a single "
                       "value (put fixed settings under run:)",
                       key);
        }
        for (size_t i = 0; !rc && i < n; i++)
            rc = check_value(vals[i], where, key);
        if (!rc) rc = sweep_add_axis(sw, key, (const char *const *)vals, n, 0);
        for (size_t i = 0; i < n; i++)
            free(vals[i]);
        free(vals);
        if (rc) return rc;
    }
    return 0;
}

static int load_zip(const yctx *y, sweep *sw, yaml_node_t *s)
{
    if (s->type != YAML_SEQUENCE_NODE)
        return yfail(y, s, "zip: expected a list of groups like [[preset, config]], got %s",
                     node_kind(s));
    int group = 0;
    for (yaml_node_item_t *it = s->data.sequence.items.start; it < s->data.sequence.items.top;
         it++) {
        yaml_node_t *g = yaml_document_get_node(y->doc, *it);
        if (g->type != YAML_SEQUENCE_NODE ||
            g->data.sequence.items.top - g->data.sequence.items.start < 2)
            return yfail(y, g, "zip: expected a group of two or more axis names, got %s",
                         node_kind(g));
        group++;
        size_t len = 0;
        for (yaml_node_item_t *a = g->data.sequence.items.start; a < g->data.sequence.items.top;
             a++) {
            yaml_node_t *e = yaml_document_get_node(y->doc, *a);
            const char *name = scalar(e);
            sweep_axis *ax = NULL;
            for (size_t i = 0; name && i < sw->n_axes; i++)
                if (!strcmp(sw->axes[i].key, name)) ax = &sw->axes[i];
            if (!ax) return yfail(y, e, "zip: '%s' is not an axis", name ? name : "?");
            if (ax->zip) return yfail(y, e, "zip: axis '%s' is in two groups", name);
            if (len && ax->n != len)
                return yfail(y, e, "zip: axis '%s' has %zu values, the group's first has %zu", name,
                             ax->n, len);
            len = ax->n;
            ax->zip = group;
        }
    }
    return 0;
}

static int load_root(const yctx *y, sweep *sw, yaml_node_t *root)
{
    if (!root) return memsim_cli_fail("%s:1: the sweep file is empty", y->path);
    if (root->type != YAML_MAPPING_NODE)
        return yfail(y, root, "expected a mapping with run, axes, zip, stats; got %s",
                     node_kind(root));
    yaml_node_t *zip = NULL, *axes = NULL;
    for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = yaml_document_get_node(y->doc, p->key);
        yaml_node_t *v = yaml_document_get_node(y->doc, p->value);
        const char *key = scalar(k);
        if (key && !strcmp(key, "run")) {
            if (v->type != YAML_MAPPING_NODE)
                return yfail(y, v, "run: expected a mapping of key: value, got %s", node_kind(v));
            for (yaml_node_pair_t *q = v->data.mapping.pairs.start; q < v->data.mapping.pairs.top;
                 q++) {
                yaml_node_t *rk = yaml_document_get_node(y->doc, q->key);
                yaml_node_t *rv = yaml_document_get_node(y->doc, q->value);
                const char *rks = scalar(rk), *rvs = scalar(rv);
                char where[600];
                snprintf(where, sizeof where, "%s:%lu: ", y->path,
                         (unsigned long)rk->start_mark.line + 1);
                if (!rks) return yfail(y, rk, "run: expected a key, got %s", node_kind(rk));
                if (!rvs)
                    return yfail(y, rv,
                                 "run: %s: expected a single value, got %s (lists go "
                                 "under axes:)",
                                 rks, node_kind(rv));
                if (sweep_check_key(rks, where) || check_value(rvs, where, rks)) return 2;
                sweep_add_base(sw, rks, rvs);
            }
        } else if (key && !strcmp(key, "axes")) {
            axes = v;
        } else if (key && !strcmp(key, "zip")) {
            zip = v;
        } else if (key && !strcmp(key, "stats")) {
            if (v->type != YAML_SEQUENCE_NODE)
                return yfail(y, v, "stats: expected a list of statistic names, got %s",
                             node_kind(v));
            for (yaml_node_item_t *it = v->data.sequence.items.start;
                 it < v->data.sequence.items.top; it++) {
                yaml_node_t *e = yaml_document_get_node(y->doc, *it);
                if (!scalar(e)) return yfail(y, e, "stats: expected a name, got %s", node_kind(e));
                if (sweep_add_stat(sw, scalar(e))) return 2;
            }
        } else {
            return yfail(y, k, "unknown key '%s' (expected run, axes, zip or stats)",
                         key ? key : "?");
        }
    }
    if (!axes) return yfail(y, root, "no axes: a sweep needs at least one axis");
    if (load_axes(y, sw, axes)) return 2;
    if (zip && load_zip(y, sw, zip)) return 2;
    return 0;
}

int sweep_load_yaml(const char *path, sweep **out)
{
    *out = NULL;
    FILE *fp = fopen(path, "rb");
    if (!fp) return memsim_cli_fail("cannot open sweep file '%s': %s", path, strerror(errno));
    yaml_parser_t parser;
    yaml_document_t doc;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_file(&parser, fp);
    if (!yaml_parser_load(&parser, &doc)) {
        int rc = memsim_cli_fail("%s:%lu: %s", path, (unsigned long)parser.problem_mark.line + 1,
                                 parser.problem ? parser.problem : "YAML syntax error");
        yaml_parser_delete(&parser);
        fclose(fp);
        return rc;
    }
    sweep *sw = sweep_new();
    const char *slash = strrchr(path, '/');
    if (slash) {
        free(sw->dir_of_spec);
        sw->dir_of_spec = sweep_strdup(path);
        sw->dir_of_spec[slash - path + (slash == path)] = '\0';
    }
    yctx y = {path, &doc};
    int rc = load_root(&y, sw, yaml_document_get_root_node(&doc));
    yaml_document_delete(&doc);
    yaml_parser_delete(&parser);
    fclose(fp);
    if (rc) {
        sweep_free(sw);
        return rc;
    }
    *out = sw;
    return 0;
}

/* ---- expansion ---- */

typedef struct hasher {
    uint64_t h;
} hasher;

static void hash_bytes(hasher *s, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) {
        s->h ^= b[i];
        s->h *= 1099511628211ull; /* FNV-1a 64 */
    }
}

static void hash_str(hasher *s, const char *str)
{
    hash_bytes(s, str, strlen(str) + 1);
}

/* A configuration file's content (small) and a trace's size and time:
 * editing either makes the point new. A missing file hashes as its name
 * only; the point then fails with memsim's own message. */
static void hash_file(hasher *s, const char *path, int whole)
{
    struct stat st;
    if (stat(path, &st) != 0) return;
    if (!whole || st.st_size > (1 << 24)) {
        long long meta[3] = {(long long)st.st_size, (long long)st.st_mtim.tv_sec,
                             (long long)st.st_mtim.tv_nsec};
        hash_bytes(s, meta, sizeof meta);
        return;
    }
    FILE *fp = fopen(path, "rb");
    if (!fp) return;
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
        hash_bytes(s, buf, n);
    fclose(fp);
}

/* A relative path in the sweep file is relative to the file's directory; the
 * plan holds it absolute, so a worker may run from anywhere. */
static char *resolve(const sweep *sw, const char *path)
{
    char base[4096];
    if (path[0] == '/') return sweep_strdup(path);
    if (!realpath(sw->dir_of_spec, base)) snprintf(base, sizeof base, "%s", sw->dir_of_spec);
    size_t n = strlen(base) + strlen(path) + 2;
    char *r = xrealloc(NULL, n);
    snprintf(r, n, "%s/%s", base, path);
    return r;
}

typedef struct argbuf {
    char **v;
    int n;
} argbuf;

static void push(argbuf *a, char *s)
{
    a->v = xrealloc(a->v, (size_t)(a->n + 1) * sizeof *a->v);
    a->v[a->n++] = s;
}

/* One setting as run arguments. */
static void emit(const sweep *sw, argbuf *a, const char *key, const char *value, hasher *h)
{
    if (!*value) return; /* "" leaves the setting out */
    int o = run_opt(key);
    if (o >= 0 && run_opts[o].kind == OPT_CONFIG) {
        char *p = resolve(sw, value);
        hash_file(h, p, 1);
        /* the config file is memsim run's positional argument, right after "run" */
        push(a, NULL);
        memmove(a->v + 2, a->v + 1, (size_t)(a->n - 2) * sizeof *a->v);
        a->v[1] = p;
        return;
    }
    char flag[80];
    if (o >= 0) {
        snprintf(flag, sizeof flag, "--%s", run_opts[o].name);
        push(a, sweep_strdup(flag));
        if (run_opts[o].kind == OPT_TRACE) {
            char *p = resolve(sw, value);
            hash_file(h, p, 0);
            push(a, p);
        } else {
            push(a, sweep_strdup(value));
        }
        return;
    }
    push(a, sweep_strdup("-s"));
    size_t n = strlen(key) + strlen(value) + 2;
    char *kv = xrealloc(NULL, n);
    snprintf(kv, n, "%s=%s", key, value);
    push(a, kv);
}

static int same_setting(const char *a, const char *b)
{
    int oa = run_opt(a), ob = run_opt(b);
    return oa >= 0 ? oa == ob : !strcmp(a, b);
}

/* Validates the statistics' names against a small simulation's. */
static int check_stats(const sweep *sw, const char *what)
{
    memsim_config *cfg = memsim_config_create();
    memsim_sim *sim = NULL;
    if (!cfg || memsim_config_set(cfg, "preset", "DDR4-2400", "sweep") != MEMSIM_OK ||
        memsim_sim_create(cfg, &sim) != MEMSIM_OK) {
        memsim_config_free(cfg);
        return memsim_cli_fail("out of memory");
    }
    memsim_config_free(cfg);
    int rc = 0;
    for (size_t i = 0; i < sw->n_stats && !rc; i++) {
        double v;
        if (strcmp(sw->stats[i], "offered_gbps") &&
            memsim_sim_stat(sim, -1, sw->stats[i], &v) != MEMSIM_OK)
            rc = memsim_cli_fail("%s: unknown statistic '%s' in stats (names as in memsim run "
                                 "--json: bandwidth_gbps, read_latency_ns.p99, commands.ACT, "
                                 "energy.average_power_w, ...; or offered_gbps)",
                                 what, sw->stats[i]);
    }
    memsim_sim_free(sim);
    return rc;
}

int sweep_expand(sweep *sw, const char *what)
{
    if (sw->n_stats == 0)
        for (size_t i = 0; i < sizeof default_stats / sizeof default_stats[0]; i++)
            sweep_add_stat(sw, default_stats[i]);
    if (check_stats(sw, what)) return 2;
    /* loops: a lone axis, or a zip group at its first axis */
    size_t loop_of[SWEEP_MAX_AXES], loop_len[SWEEP_MAX_AXES], n_loops = 0;
    for (size_t a = 0; a < sw->n_axes; a++) {
        size_t l = n_loops;
        for (size_t b = 0; b < a; b++)
            if (sw->axes[a].zip && sw->axes[b].zip == sw->axes[a].zip) l = loop_of[b];
        loop_of[a] = l;
        if (l == n_loops) loop_len[n_loops++] = sw->axes[a].n;
    }
    size_t total = 1;
    for (size_t l = 0; l < n_loops; l++) {
        if (loop_len[l] > MAX_POINTS / total)
            return memsim_cli_fail("%s: more than %u points", what, MAX_POINTS);
        total *= loop_len[l];
    }
    sw->points = xrealloc(NULL, total * sizeof *sw->points);
    memset(sw->points, 0, total * sizeof *sw->points);
    sw->n_points = total;
    for (size_t p = 0; p < total; p++) {
        size_t pos[SWEEP_MAX_AXES], rest = p;
        for (size_t l = n_loops; l-- > 0;) {
            pos[l] = rest % loop_len[l];
            rest /= loop_len[l];
        }
        sweep_point *pt = &sw->points[p];
        pt->index = p;
        pt->values = xrealloc(NULL, (sw->n_axes ? sw->n_axes : 1) * sizeof *pt->values);
        hasher h = {14695981039346656037ull};
        hash_str(&h, "memsim-sweep 1");
        hash_str(&h, memsim_version());
        argbuf a = {0};
        push(&a, sweep_strdup("run"));
        for (size_t b = 0; b < sw->n_base; b++) {
            int overridden = 0;
            for (size_t x = 0; x < sw->n_axes; x++)
                overridden |= same_setting(sw->base_keys[b], sw->axes[x].key);
            if (!overridden) emit(sw, &a, sw->base_keys[b], sw->base_values[b], &h);
        }
        for (size_t x = 0; x < sw->n_axes; x++) {
            pt->values[x] = sw->axes[x].values[pos[loop_of[x]]];
            emit(sw, &a, sw->axes[x].key, pt->values[x], &h);
        }
        for (int k = 0; k < a.n; k++)
            hash_str(&h, a.v[k]);
        for (size_t s = 0; s < sw->n_stats; s++)
            hash_str(&h, sw->stats[s]);
        pt->argv = a.v;
        pt->argc = a.n;
        snprintf(pt->id, sizeof pt->id, "%016llx", (unsigned long long)h.h);
    }
    return 0;
}

/* ---- plan.tsv ---- */

int sweep_write_plan(const sweep *sw, const char *dir)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/plan.tsv", dir);
    cli_out o;
    if (!memsim_cli_out_open(&o, path))
        return memsim_cli_fail("cannot write '%s': %s", path, strerror(errno));
    fprintf(o.fp, "# memsim sweep plan: point <index> <id> <axis values...> <memsim args...>\n");
    fprintf(o.fp, "version\t1\nmemsim\t%s\naxes", memsim_version());
    for (size_t a = 0; a < sw->n_axes; a++)
        fprintf(o.fp, "\t%s", sw->axes[a].key);
    fprintf(o.fp, "\nstats");
    for (size_t s = 0; s < sw->n_stats; s++)
        fprintf(o.fp, "\t%s", sw->stats[s]);
    fputc('\n', o.fp);
    for (size_t p = 0; p < sw->n_points; p++) {
        const sweep_point *pt = &sw->points[p];
        fprintf(o.fp, "point\t%zu\t%s", pt->index, pt->id);
        for (size_t a = 0; a < sw->n_axes; a++)
            fprintf(o.fp, "\t%s", pt->values[a]);
        for (int k = 0; k < pt->argc; k++)
            fprintf(o.fp, "\t%s", pt->argv[k]);
        fputc('\n', o.fp);
    }
    if (!memsim_cli_out_commit(&o)) return memsim_cli_fail("cannot write '%s'", path);
    return 0;
}

/* Splits a line at tabs, in place. @return the field count. */
static size_t split_tabs(char *line, char ***fields)
{
    size_t n = 1;
    for (char *c = line; *c; c++)
        n += *c == '\t';
    *fields = xrealloc(NULL, n * sizeof **fields);
    size_t i = 0;
    (*fields)[i++] = line;
    for (char *c = line; *c; c++)
        if (*c == '\t') {
            *c = '\0';
            (*fields)[i++] = c + 1;
        }
    return n;
}

int sweep_read_plan(const char *dir, sweep **out)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/plan.tsv", dir);
    *out = NULL;
    FILE *fp = fopen(path, "r");
    if (!fp)
        return memsim_cli_fail("cannot open '%s': %s (not a sweep directory?)", path,
                               strerror(errno));
    sweep *sw = sweep_new();
    char *line = NULL;
    size_t cap = 0, line_no = 0;
    ssize_t len;
    int rc = 0;
    while (!rc && (len = getline(&line, &cap, fp)) >= 0) {
        line_no++;
        if (len > 0 && line[len - 1] == '\n') line[--len] = '\0';
        if (!*line || *line == '#') continue;
        char **f;
        size_t n = split_tabs(line, &f);
        if (!strcmp(f[0], "version")) {
            if (n != 2 || strcmp(f[1], "1"))
                rc = memsim_cli_fail("%s:%zu: expected plan version 1", path, line_no);
        } else if (!strcmp(f[0], "memsim")) {
            /* informational: rows carry ids that include the version */
        } else if (!strcmp(f[0], "axes")) {
            for (size_t i = 1; i < n && !rc; i++) {
                const char *none[] = {""};
                rc = sweep_add_axis(sw, f[i], none, 0, 0);
            }
        } else if (!strcmp(f[0], "stats")) {
            for (size_t i = 1; i < n && !rc; i++)
                rc = sweep_add_stat(sw, f[i]);
        } else if (!strcmp(f[0], "point") && n >= 4 + sw->n_axes && strlen(f[2]) == 16 &&
                   (size_t)strtoull(f[1], NULL, 10) == sw->n_points) {
            sw->points = xrealloc(sw->points, (sw->n_points + 1) * sizeof *sw->points);
            sweep_point *pt = &sw->points[sw->n_points++];
            memset(pt, 0, sizeof *pt);
            pt->index = sw->n_points - 1;
            memcpy(pt->id, f[2], 17);
            pt->values = xrealloc(NULL, (sw->n_axes ? sw->n_axes : 1) * sizeof *pt->values);
            for (size_t a = 0; a < sw->n_axes; a++) {
                sweep_axis *ax = &sw->axes[a];
                ax->values = xrealloc(ax->values, (ax->n + 1) * sizeof *ax->values);
                ax->values[ax->n] = sweep_strdup(f[3 + a]);
                pt->values[a] = ax->values[ax->n++];
            }
            pt->argc = (int)(n - 3 - sw->n_axes);
            pt->argv = xrealloc(NULL, (size_t)pt->argc * sizeof *pt->argv);
            for (int k = 0; k < pt->argc; k++)
                pt->argv[k] = sweep_strdup(f[3 + sw->n_axes + (size_t)k]);
        } else {
            rc = memsim_cli_fail("%s:%zu: expected a plan line (version, memsim, axes, stats or "
                                 "point %zu)",
                                 path, line_no, sw->n_points);
        }
        free(f);
    }
    free(line);
    fclose(fp);
    if (!rc && sw->n_points == 0) rc = memsim_cli_fail("%s: the plan has no points", path);
    if (rc) {
        sweep_free(sw);
        return rc;
    }
    *out = sw;
    return 0;
}
