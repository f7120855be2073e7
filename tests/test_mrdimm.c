/*
 * test_mrdimm.c - the MRDIMM end to end, through the public API.
 *
 * 1. Metamorphic: an MRDIMM whose host bus is not multiplexed (dram.mux
 *    false) is, by construction, a dual-rank DDR5 RDIMM at the device rate:
 *    its two pseudo-channels are the two ranks, nBL_HOST = nBL, nRTRS_HOST =
 *    nWTR_HOST = nRTRS, nRTW_HOST = nRTW_GAP, no CA slots, nMUX 0 (mrdimm.c).
 *    So config A (MRDIMM-8800, dram.mux false, 2 channels, map RoBaPcCoCh,
 *    32-entry queues) and config B (DDR5-4400, 16Gb_x4, 2 ranks, 2 channels,
 *    map RoBaRaCoCh) must give identical statistics -- every counter and
 *    every bucket of both latency histograms of every channel, the JSON
 *    statistics, the single-value lookups -- and identical command traces
 *    once A's pc column is read as B's rank column (A's rank column and B's
 *    pc column are 0). Only the trace bodies are compared: the headers
 *    legitimately differ (preset, standard, pcs, host_mux, host timings).
 *    On a difference the first one is reported exactly (field, or trace
 *    line with both texts).
 * 2. MRDIMM-8800, 2 channels, stream reads: at least 94 % of the 70.4 GB/s
 *    peak (and of the host-bus time), and the reads of PC0 and PC1 alternate
 *    on each channel's host bus, each burst nBL_HOST = 8 host clocks, back to
 *    back -- every consecutive pair except those within nRC of a refresh
 *    (PREA .. REF + nRFC), when one pc is refreshing and the other reads
 *    alone. A read's host burst occupies [t + nCL + skew(pc), + nBL_HOST),
 *    with the buffers' slot compensation skew(p) = ((pcs - 1 - p) x
 *    nCA_SLOT) mod gcd(nBL_HOST, pcs x nCA_SLOT) (0 without slots; 2 and 0
 *    here): the model's host-bus rules (RD->RD other pc nBL_HOST
 *    + nRTRS_HOST + skew(a) - skew(b), ...) imply that these windows, and the
 *    write windows [t + nCWL + skew(pc), + nBL_HOST), never overlap, which is
 *    checked over the whole trace, as is the command grid (every command on
 *    a device clock edge in its pc's CA slot).
 * 3. MRDIMM-8800 with dram.pcs 4, 2 channels, stream reads: at least 90 % of
 *    the 140.8 GB/s peak, and the reads of the four pcs follow one another
 *    back to back on each host bus outside refreshes. With the default
 *    nCA_SLOT (4 host clocks, rounds of 16, grid gcd(8, 16) = 8: skews 4, 0,
 *    4, 0) a read in slot p of a round (at start + 4p) has its burst at
 *    start + nCL + 4, 4, 12, 12: two pcs on each of a round's two burst
 *    positions, so the four pcs, each with one burst per nBL = 32 host
 *    clocks, fill the bus. (With the unreduced skew (pcs - 1 - p) slots every
 *    burst of a round landed at start + nCL + 12, one 8-clock burst per
 *    16-clock round: 48 % of the host bus.) Then a random 2:1 read/write
 *    workload runs to completion, every request completes, every pc is
 *    served, and the same trace invariants hold; its bandwidth is reported,
 *    not gated (each pc has one CA slot, one device command, per 16 host
 *    clocks, so a random stream's PRE, ACT and RD per request bind first).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/sim.h"
#include "unit.h"

/* ---- running one configuration ---- */

typedef struct run_out {
    memsim_status st;
    char err[MS_ERR_LEN];
    char *trace, *json;
    size_t trace_len, json_len;
    unsigned channels;
    ms_chan_stats *stats; /* per channel, copied before the simulator is freed */
    ms_spec *spec;
    uint64_t cycles, pending;
    double stat[32];
} run_out;

/* The single-value statistics compared in the metamorphic test. */
static const char *const stat_keys[] = {
    "requests",
    "reads",
    "writes",
    "bytes",
    "cycles",
    "time_ns",
    "bandwidth_gbps",
    "peak_gbps",
    "bus_utilization",
    "row_hits",
    "row_misses",
    "row_conflicts",
    "row_hit_rate",
    "refreshes",
    "avg_read_queue",
    "avg_write_queue",
    "read_latency_ns.mean",
    "read_latency_ns.p50",
    "read_latency_ns.p90",
    "read_latency_ns.p99",
    "read_latency_ns.max",
    "read_latency_cycles.mean",
    "write_latency_cycles.mean",
    "write_latency_cycles.max",
    "commands.ACT",
    "commands.PRE",
    "commands.RD",
    "commands.WR",
    "commands.REF",
    "commands.PREA",
};
#define N_STATS (sizeof stat_keys / sizeof stat_keys[0])

/* A statistic of a finished run, by its key in stat_keys. */
static double stat_of(const run_out *o, const char *key)
{
    for (size_t k = 0; k < N_STATS; k++)
        if (!strcmp(stat_keys[k], key)) return o->stat[k];
    UNIT_FAIL("stat %s not collected", key);
    return -1.0;
}

static void run_free(run_out *o)
{
    free(o->trace);
    free(o->json);
    free(o->stats);
    free(o->spec);
    memset(o, 0, sizeof *o);
}

/* Runs `p` on the configuration {key, value, ..., NULL} with a command trace.
 * @return 1 if the run completed. */
static int run_one(const char *const *kv, const memsim_synth_params *p, run_out *o)
{
    memset(o, 0, sizeof *o);
    memsim_config *cfg = memsim_config_create();
    for (size_t i = 0; cfg && kv[i]; i += 2)
        if (memsim_config_set(cfg, kv[i], kv[i + 1], NULL) != MEMSIM_OK) {
            UNIT_FAIL("%s=%s: %s", kv[i], kv[i + 1], memsim_config_error(cfg));
            memsim_config_free(cfg);
            return 0;
        }
    memsim_sim *sim = NULL;
    if (!cfg || memsim_sim_create(cfg, &sim) != MEMSIM_OK) {
        UNIT_FAIL("%s: %s", kv[1], cfg ? memsim_config_error(cfg) : "out of memory");
        memsim_config_free(cfg);
        return 0;
    }
    memsim_config_free(cfg);
    FILE *tr = open_memstream(&o->trace, &o->trace_len);
    FILE *js = open_memstream(&o->json, &o->json_len);
    memsim_source *src = NULL;
    char err[256];
    if (!tr || !js || memsim_source_synthetic(p, &src, err, sizeof err) != MEMSIM_OK) {
        UNIT_FAIL("%s: cannot set up the run", kv[1]);
        if (tr) fclose(tr);
        if (js) fclose(js);
        memsim_sim_free(sim);
        return 0;
    }
    memsim_sim_set_cmd_trace(sim, tr);
    o->st = memsim_sim_run(sim, src, NULL);
    snprintf(o->err, sizeof o->err, "%s", memsim_sim_error(sim));
    memsim_source_free(src);
    memsim_sim_write_json(sim, js);
    o->channels = memsim_sim_channels(sim);
    o->stats = calloc(o->channels, sizeof *o->stats);
    o->spec = malloc(sizeof *o->spec);
    if (o->stats)
        for (unsigned c = 0; c < o->channels; c++)
            o->stats[c] = sim->ch[c].st;
    if (o->spec) memcpy(o->spec, &sim->spec, sizeof *o->spec);
    o->cycles = memsim_sim_cycle(sim);
    o->pending = memsim_sim_pending(sim);
    for (size_t k = 0; k < N_STATS; k++)
        if (memsim_sim_stat(sim, -1, stat_keys[k], &o->stat[k]) != MEMSIM_OK)
            UNIT_FAIL("stat %s unknown", stat_keys[k]);
    memsim_sim_free(sim);
    fclose(tr);
    fclose(js);
    CHECK(o->stats && o->spec);
    if (o->st != MEMSIM_OK) UNIT_FAIL("%s: run failed: %s", kv[1], o->err);
    return o->st == MEMSIM_OK && o->stats && o->spec;
}

/* The buffers' slot compensation of pseudo-channel pc (mrdimm.c): (pcs - 1 -
 * pc) slots mod gcd(nBL_HOST, pcs x nCA_SLOT) host clocks, 0 without slots. */
static uint64_t skew_of(const ms_spec *s, unsigned pc)
{
    const uint64_t slot = s->t[MS_T_CA_SLOT];
    if (!slot) return 0;
    uint64_t g = s->t[MS_T_BL_HOST], k = slot * s->pcs;
    while (k) {
        uint64_t m = g % k;
        g = k;
        k = m;
    }
    return (s->pcs - 1u - pc) * slot % g;
}

/* ---- trace lines ---- */

typedef struct cmd_line {
    uint64_t clk;
    unsigned ch, pc, rank;
    char cmd[8];
} cmd_line;

/* Iterates over the body lines of a trace: *pos is the parse position.
 * @return the next body line (NUL-terminated copy in buf), or NULL. */
static const char *next_body(const char *trace, size_t *pos, char *buf, size_t len)
{
    while (trace[*pos]) {
        const char *l = trace + *pos, *e = strchr(l, '\n');
        size_t n = e ? (size_t)(e - l) : strlen(l);
        *pos += n + (e ? 1u : 0u);
        if (l[0] == '#' || !strncmp(l, "t_ps,", 5)) continue;
        if (n >= len) n = len - 1;
        memcpy(buf, l, n);
        buf[n] = '\0';
        return buf;
    }
    return NULL;
}

static int parse_line(const char *l, cmd_line *c)
{
    unsigned long long tps, clk;
    if (sscanf(l, "%llu,%llu,%u,%u,%u,%*d,%*d,%*d,%*d,%7[A-Z]", &tps, &clk, &c->ch, &c->pc,
               &c->rank, c->cmd) != 6)
        return 0;
    c->clk = clk;
    return 1;
}

/* ---- 1. metamorphic: MRDIMM without multiplexing = dual-rank RDIMM ---- */

static const char *const cfg_a[] = {"preset",
                                    "MRDIMM-8800",
                                    "dram.mux",
                                    "false",
                                    "dram.channels",
                                    "2",
                                    "mapping.scheme",
                                    "RoBaPcCoCh",
                                    "controller.read_queue",
                                    "32",
                                    "controller.write_queue",
                                    "32",
                                    NULL};
static const char *const cfg_b[] = {
    "preset",        "DDR5-4400", "dram.org",       "16Gb_x4",    "dram.ranks", "2",
    "dram.channels", "2",         "mapping.scheme", "RoBaRaCoCh", NULL};

/* The first differing field of two channels' statistics, or NULL. */
static const char *stats_diff(const ms_chan_stats *a, const ms_chan_stats *b, char *buf, size_t len)
{
#define FIELD(f)                                                                                   \
    if (a->f != b->f) {                                                                            \
        snprintf(buf, len, #f ": %llu vs %llu", (unsigned long long)a->f,                          \
                 (unsigned long long)b->f);                                                        \
        return buf;                                                                                \
    }
    FIELD(reads)
    FIELD(writes)
    FIELD(row_hits)
    FIELD(row_misses)
    FIELD(row_conflicts)
    FIELD(busy_cycles)
    FIELD(rq_area)
    FIELD(wq_area)
    FIELD(last_change)
    for (unsigned k = 0; k < MS_CMD_COUNT; k++)
        if (a->cmds[k] != b->cmds[k]) {
            snprintf(buf, len, "cmds[%s]: %llu vs %llu", memsim__cmd_names[k],
                     (unsigned long long)a->cmds[k], (unsigned long long)b->cmds[k]);
            return buf;
        }
    const ms_hist *ha[2] = {&a->rd_lat, &a->wr_lat}, *hb[2] = {&b->rd_lat, &b->wr_lat};
    for (unsigned h = 0; h < 2; h++) {
        const char *name = h ? "wr_lat" : "rd_lat";
        if (ha[h]->count != hb[h]->count || ha[h]->max != hb[h]->max || ha[h]->sum != hb[h]->sum) {
            snprintf(buf, len, "%s: count %llu vs %llu, max %llu vs %llu, sum %.0f vs %.0f", name,
                     (unsigned long long)ha[h]->count, (unsigned long long)hb[h]->count,
                     (unsigned long long)ha[h]->max, (unsigned long long)hb[h]->max, ha[h]->sum,
                     hb[h]->sum);
            return buf;
        }
        for (unsigned i = 0; i < MS_HIST_BUCKETS; i++)
            if (ha[h]->b[i] != hb[h]->b[i]) {
                snprintf(buf, len, "%s bucket %u: %llu vs %llu", name, i,
                         (unsigned long long)ha[h]->b[i], (unsigned long long)hb[h]->b[i]);
                return buf;
            }
    }
#undef FIELD
    return NULL;
}

/* Compares A's trace body, with its pc column read as the rank column, to B's.
 * @return 1 if identical (*lines: how many); else reports the first difference. */
static int compare_traces(const char *wl, const run_out *a, const run_out *b,
                          unsigned long long *lines)
{
    size_t pa = 0, pb = 0;
    char la[160], lb[160];
    unsigned long long n = 0;
    for (;;) {
        const char *x = next_body(a->trace, &pa, la, sizeof la);
        const char *y = next_body(b->trace, &pb, lb, sizeof lb);
        *lines = n;
        if (!x && !y) return 1;
        n++;
        if (!x || !y) {
            UNIT_FAIL("%s: trace body line %llu: A %s, B %s", wl, n, x ? x : "(ended)",
                      y ? y : "(ended)");
            return 0;
        }
        /* t_ps,clk,ch,pc,rank,bg,bank,row,col,cmd: swap A's pc and rank */
        char f[10][24];
        int k = 0;
        const char *s = x;
        while (k < 10 && *s) {
            size_t m = strcspn(s, ",");
            snprintf(f[k], sizeof f[k], "%.*s", (int)m, s);
            k++;
            s += m + (s[m] == ',' ? 1u : 0u);
        }
        char mapped[256] = "";
        if (k == 10 && !strcmp(f[4], "0"))
            snprintf(mapped, sizeof mapped, "%s,%s,%s,0,%s,%s,%s,%s,%s,%s", f[0], f[1], f[2], f[3],
                     f[5], f[6], f[7], f[8], f[9]);
        if (strcmp(mapped, y) != 0) {
            UNIT_FAIL("%s: first trace difference at body line %llu:\n  A, pc as rank: %s\n"
                      "  A as written:  %s\n  B (DDR5):      %s",
                      wl, n, mapped, x, y);
            return 0;
        }
    }
}

/* The statistics section of the JSON (from "total" on): no configuration. */
static const char *json_stats(const run_out *o)
{
    const char *s = o->json ? strstr(o->json, "\"total\"") : NULL;
    return s ? s : "";
}

static void metamorphic(const char *wl, const memsim_synth_params *p)
{
    run_out a, b;
    int ok_a = run_one(cfg_a, p, &a), ok_b = run_one(cfg_b, p, &b);
    CHECK(ok_a && ok_b);
    if (!ok_a || !ok_b) {
        run_free(&a);
        run_free(&b);
        return;
    }
    CHECK_EQ(a.spec->host_mux, 1);
    CHECK_EQ(a.spec->pcs, 2);
    CHECK_EQ(b.spec->ranks, 2);
    CHECK_EQ(a.spec->capacity, b.spec->capacity);
    CHECK_EQ(a.channels, b.channels);
    CHECK_EQ(a.stats[0].reads + a.stats[0].writes + a.stats[1].reads + a.stats[1].writes,
             p->requests);
    CHECK_EQ(a.cycles, b.cycles);
    CHECK_EQ(a.pending, 0);
    CHECK_EQ(b.pending, 0);
    /* every counter and histogram bucket of every channel */
    char why[200];
    for (unsigned c = 0; c < a.channels && c < b.channels; c++) {
        const char *d = stats_diff(&a.stats[c], &b.stats[c], why, sizeof why);
        unit_checks++;
        if (d) UNIT_FAIL("%s: channel %u statistics differ (A vs B): %s", wl, c, d);
    }
    /* the lookups and the JSON statistics */
    for (size_t k = 0; k < N_STATS; k++) {
        unit_checks++;
        if (a.stat[k] != b.stat[k])
            UNIT_FAIL("%s: %s: A %.17g, B %.17g", wl, stat_keys[k], a.stat[k], b.stat[k]);
    }
    const char *ja = json_stats(&a), *jb = json_stats(&b);
    unit_checks++;
    if (!*ja || strcmp(ja, jb) != 0) {
        size_t i = 0, line = 1;
        while (ja[i] && ja[i] == jb[i])
            line += ja[i++] == '\n';
        UNIT_FAIL("%s: JSON statistics differ at line %zu of the \"total\" section:\n  A: %.120s\n"
                  "  B: %.120s",
                  wl, line, ja + i, jb + i);
    }
    /* the command traces, columns mapped */
    unsigned long long n = 0;
    unit_checks++;
    if (compare_traces(wl, &a, &b, &n)) CHECK(n > p->requests);
    fprintf(stderr, "  %-22s %llu commands, %.0f cycles, %.3f GB/s, read latency %.3f cycles\n", wl,
            n, stat_of(&a, "cycles"), stat_of(&a, "bandwidth_gbps"),
            stat_of(&a, "read_latency_cycles.mean"));
    run_free(&a);
    run_free(&b);
}

static void test_metamorphic(void)
{
    memsim_synth_params p;
    memsim_synth_defaults(&p);
    p.requests = 20000;
    p.seed = 5;
    p.pattern = MEMSIM_PATTERN_RANDOM;
    p.read_ratio = 1.0;
    metamorphic("random reads", &p);
    p.pattern = MEMSIM_PATTERN_STREAM;
    metamorphic("stream reads", &p);
    p.pattern = MEMSIM_PATTERN_RANDOM;
    p.read_ratio = 2.0 / 3.0;
    p.seed = 6;
    metamorphic("random 2:1 read/write", &p);
    p.pattern = MEMSIM_PATTERN_STREAM;
    metamorphic("stream 2:1 read/write", &p);
    p.pattern = MEMSIM_PATTERN_STRIDED;
    p.stride = 4096 + 64;
    p.read_ratio = 0.8;
    metamorphic("strided 4:1", &p);
    p.pattern = MEMSIM_PATTERN_RANDOM;
    p.read_ratio = 0.7;
    p.interval = 60;
    p.requests = 10000;
    p.seed = 7;
    metamorphic("light random (1/60)", &p);
}

/* ---- trace invariants of a multiplexed MRDIMM ---- */

typedef struct window {
    uint64_t start, clk; /* host burst start; the column command's cycle */
    unsigned pc;
    int is_read;
} window;

static int by_start(const void *x, const void *y)
{
    const window *a = x, *b = y;
    return a->start < b->start ? -1 : a->start > b->start;
}

typedef struct bus_report {
    unsigned long long cmds, off_grid, overlaps, reads;
} bus_report;

/* Every command on its pc's grid, and per channel the host-bus windows of all
 * column commands, sorted by start, never overlap. */
static bus_report check_bus(const run_out *o)
{
    const ms_spec *s = o->spec;
    const uint64_t units = s->units, slot = s->t[MS_T_CA_SLOT], bl = s->t[MS_T_BL_HOST];
    bus_report rep = {0};
    size_t cap = o->trace_len / 20 + 16;
    window *w = malloc(cap * sizeof *w);
    CHECK(w != NULL);
    if (!w) return rep;
    for (unsigned ch = 0; ch < o->channels; ch++) {
        size_t pos = 0, n = 0;
        char buf[160];
        const char *l;
        while ((l = next_body(o->trace, &pos, buf, sizeof buf)) != NULL) {
            cmd_line c;
            if (!parse_line(l, &c)) {
                UNIT_FAIL("bad trace line: %s", l);
                break;
            }
            if (c.ch != ch) continue;
            rep.cmds++;
            int legal = c.clk % units == 0 && (slot == 0 || (c.clk / slot) % s->pcs == c.pc);
            if (!legal && rep.off_grid++ < 3)
                UNIT_FAIL("command off the grid (units %llu, slot %llu): %s",
                          (unsigned long long)units, (unsigned long long)slot, l);
            int rd = !strcmp(c.cmd, "RD") || !strcmp(c.cmd, "RDA");
            int wr = !strcmp(c.cmd, "WR") || !strcmp(c.cmd, "WRA");
            if ((rd || wr) && n < cap) {
                w[n++] = (window){c.clk + (rd ? s->t[MS_T_CL] : s->t[MS_T_CWL]) + skew_of(s, c.pc),
                                  c.clk, c.pc, rd};
            }
        }
        qsort(w, n, sizeof *w, by_start);
        uint64_t end = 0;
        for (size_t i = 0; i < n; i++) {
            if (i && w[i].start < end && rep.overlaps++ < 3)
                UNIT_FAIL("channel %u: host bursts overlap: %s pc%u at %llu after one ending at "
                          "%llu",
                          ch, w[i].is_read ? "read" : "write", w[i].pc,
                          (unsigned long long)w[i].start, (unsigned long long)end);
            rep.reads += (unsigned long long)w[i].is_read;
            if (w[i].start + bl > end) end = w[i].start + bl;
        }
    }
    free(w);
    CHECK_EQ(rep.off_grid, 0);
    CHECK_EQ(rep.overlaps, 0);
    return rep;
}

/* ---- 2. stream reads reach the multiplexed bandwidth ---- */

typedef struct span {
    uint64_t from, to;
} span;

typedef struct alt_report {
    unsigned long long pairs, in_refresh, alternate, other;
} alt_report;

/* Consecutive reads on each channel's host bus (sorted by burst start): every
 * pair outside a refresh must be of different pcs and back to back (start +
 * nBL_HOST). A refresh of some pc stops that pc's reads, so the other one
 * reads alone: the pairs whose second read issues within nRC of a refresh
 * (from its PREA, or the REF, to REF + nRFC) are counted apart. */
static alt_report stream_alternation(const run_out *o)
{
    const ms_spec *s = o->spec;
    const uint64_t bl = s->t[MS_T_BL_HOST], margin = s->t[MS_T_RC];
    alt_report rep = {0};
    size_t cap = o->trace_len / 20 + 16;
    window *w = malloc(cap * sizeof *w);
    span *ref = malloc(cap * sizeof *ref);
    CHECK(w && ref);
    if (!w || !ref) {
        free(w);
        free(ref);
        return rep;
    }
    for (unsigned ch = 0; ch < o->channels; ch++) {
        size_t pos = 0, n = 0, nref = 0;
        uint64_t prea[8];
        int have_prea[8] = {0};
        char buf[160];
        const char *l;
        while ((l = next_body(o->trace, &pos, buf, sizeof buf)) != NULL) {
            cmd_line c;
            if (!parse_line(l, &c) || c.ch != ch || c.pc >= 8) continue;
            if (!strcmp(c.cmd, "PREA")) {
                prea[c.pc] = c.clk;
                have_prea[c.pc] = 1;
            } else if (!strcmp(c.cmd, "REF") && nref < cap) {
                uint64_t from = have_prea[c.pc] ? prea[c.pc] : c.clk;
                ref[nref++] =
                    (span){from > margin ? from - margin : 0, c.clk + s->t[MS_T_RFC] + margin};
                have_prea[c.pc] = 0;
            } else if (!strcmp(c.cmd, "RD") && n < cap) {
                w[n++] = (window){c.clk + s->t[MS_T_CL] + skew_of(s, c.pc), c.clk, c.pc, 1};
            }
        }
        qsort(w, n, sizeof *w, by_start);
        for (size_t i = 1; i < n; i++) {
            rep.pairs++;
            int refreshing = 0;
            for (size_t k = 0; k < nref && !refreshing; k++)
                refreshing = w[i].clk >= ref[k].from && w[i].clk <= ref[k].to;
            if (refreshing) {
                rep.in_refresh++;
            } else if (w[i].pc != w[i - 1].pc && w[i].start == w[i - 1].start + bl) {
                rep.alternate++;
            } else if (rep.other++ < 3) {
                UNIT_FAIL("channel %u: reads pc%u (RD at %llu, burst %llu) then pc%u (RD at %llu, "
                          "burst %llu): not alternating back to back outside a refresh",
                          ch, w[i - 1].pc, (unsigned long long)w[i - 1].clk,
                          (unsigned long long)w[i - 1].start, w[i].pc, (unsigned long long)w[i].clk,
                          (unsigned long long)w[i].start);
            }
        }
    }
    free(w);
    free(ref);
    return rep;
}

/* Stream reads on two channels of MRDIMM-8800 with `pcs` pseudo-channels:
 * at least `floor` of the peak bandwidth and of the host-bus time, the
 * host-bus windows and the command grid legal, and every consecutive pair of
 * reads outside a refresh of two pcs, back to back. */
static void stream_case(const char *pcs, double floor)
{
    const char *const kv[] = {"preset", "MRDIMM-8800", "dram.channels", "2", "dram.pcs", pcs, NULL};
    memsim_synth_params p;
    memsim_synth_defaults(&p);
    p.pattern = MEMSIM_PATTERN_STREAM;
    p.requests = 40000;
    p.read_ratio = 1.0;
    run_out o;
    if (!run_one(kv, &p, &o)) {
        run_free(&o);
        return;
    }
    const double peak = stat_of(&o, "peak_gbps"), bw = stat_of(&o, "bandwidth_gbps"),
                 util = stat_of(&o, "bus_utilization");
    /* 2 channels x 64 bytes x 8800 MT/s x pcs / 2 (the devices' 4400 x pcs) / 16 beats */
    CHECK_NEAR(peak, 35.2 * o.spec->pcs, 1e-9);
    CHECK_EQ(stat_of(&o, "reads"), p.requests);
    CHECK(bw >= floor * peak);
    CHECK(util >= floor);
    CHECK_EQ(o.spec->t[MS_T_BL_HOST], 8);
    bus_report rep = check_bus(&o);
    CHECK_EQ(rep.reads, p.requests);
    alt_report alt = stream_alternation(&o);
    CHECK_EQ(alt.pairs, p.requests - o.channels);
    CHECK_EQ(alt.other, 0);
    CHECK(alt.alternate >= alt.pairs * 9 / 10);
    fprintf(stderr,
            "  MRDIMM-8800 x2 pcs=%s stream reads: %.2f of %.2f GB/s (%.1f %% host bus); of %llu "
            "consecutive reads %llu alternate pcs back to back, %llu during refreshes\n",
            pcs, bw, peak, 100.0 * util, alt.pairs, alt.alternate, alt.in_refresh);
    run_free(&o);
}

static void test_stream_bandwidth(void)
{
    stream_case("2", 0.94);
}

/* ---- 3. four pseudo-channels ---- */

/* The slot compensation tiles four pseudo-channels' bursts on the host bus. */
static void test_pcs4_stream(void)
{
    stream_case("4", 0.90);
}

static void test_pcs4_random(void)
{
    static const char *const kv[] = {"preset", "MRDIMM-8800", "dram.pcs", "4", NULL};
    memsim_synth_params p;
    memsim_synth_defaults(&p);
    p.pattern = MEMSIM_PATTERN_RANDOM;
    p.requests = 20000;
    p.read_ratio = 2.0 / 3.0;
    p.seed = 9;
    run_out o;
    if (!run_one(kv, &p, &o)) {
        run_free(&o);
        return;
    }
    CHECK_EQ(o.spec->pcs, 4);
    CHECK_EQ(o.spec->units, 4);
    CHECK_EQ(o.pending, 0);
    CHECK_EQ(stat_of(&o, "requests"), p.requests);
    CHECK_EQ(o.stats[0].reads + o.stats[0].writes, p.requests);
    CHECK(o.stats[0].reads > 0 && o.stats[0].writes > 0);
    CHECK_EQ(o.stats[0].rd_lat.count, o.stats[0].reads);
    bus_report rep = check_bus(&o);
    CHECK_EQ(rep.reads, o.stats[0].reads);
    /* every pc served: column commands per pc (random addresses: about a quarter each) */
    unsigned long long per_pc[4] = {0};
    size_t pos = 0;
    char buf[160];
    const char *l;
    while ((l = next_body(o.trace, &pos, buf, sizeof buf)) != NULL) {
        cmd_line c;
        if (parse_line(l, &c) && c.pc < 4 && (c.cmd[0] == 'R' || c.cmd[0] == 'W') &&
            strncmp(c.cmd, "REF", 3) != 0)
            per_pc[c.pc]++;
    }
    for (unsigned pc = 0; pc < 4; pc++)
        CHECK(per_pc[pc] > p.requests / 8);
    fprintf(stderr,
            "  MRDIMM-8800 pcs=4 random 2:1: %llu commands in %.0f cycles, %.2f GB/s of %.2f; "
            "RD/WR per pc %llu %llu %llu %llu\n",
            rep.cmds, stat_of(&o, "cycles"), stat_of(&o, "bandwidth_gbps"),
            stat_of(&o, "peak_gbps"), per_pc[0], per_pc[1], per_pc[2], per_pc[3]);
    run_free(&o);
}

int main(void)
{
    UNIT_RUN(test_metamorphic);
    UNIT_RUN(test_stream_bandwidth);
    UNIT_RUN(test_pcs4_stream);
    UNIT_RUN(test_pcs4_random);
    UNIT_DONE();
}
