/*
 * report.c - statistics out of the simulator: the JSON file (schema in
 * docs/statistics.md; key names are stable), the human summary, single-value
 * lookups, epoch samples, and the command-trace header.
 *
 * Everything is computed from integer counters and histograms after the run,
 * never inside the tick path, so skip-ahead and step runs print identical bytes.
 */
#include <stdlib.h>
#include <string.h>

#include "core/sim.h"
#include "stats/energy.h"

typedef struct lat_summary {
    double mean;
    uint64_t p50, p90, p99, max;
} lat_summary;

typedef struct summary {
    uint64_t reads, writes, bytes, cycles;
    uint64_t hits, misses, conflicts, refreshes, busy;
    uint64_t cmds[MS_CMD_COUNT];
    double time_ns, bw_gbps, peak_gbps, util, hit_rate, avg_rq, avg_wq;
    lat_summary rd, wr; /* cycles */
    double tck_ps;
    ms_energy en;
    double power_w, pj_bit, rd_pj_bit, wr_pj_bit;
} summary;

static lat_summary lat_of(const ms_hist *h)
{
    lat_summary l = {0};
    if (!h->count) return l;
    l.mean = h->sum / (double)h->count;
    l.p50 = memsim__hist_quantile(h, 0.50);
    l.p90 = memsim__hist_quantile(h, 0.90);
    l.p99 = memsim__hist_quantile(h, 0.99);
    l.max = h->max;
    return l;
}

/* ch < 0: all channels. Uses a heap histogram for the total (no big stack frame). */
static int summarize(const memsim_sim *sim, int ch, summary *s)
{
    memset(s, 0, sizeof *s);
    ms_hist *rd = calloc(2, sizeof(ms_hist));
    if (!rd) return 0;
    ms_hist *wr = rd + 1;
    unsigned lo = ch < 0 ? 0 : (unsigned)ch, hi = ch < 0 ? sim->spec.channels : (unsigned)ch + 1u;
    double rq_area = 0, wq_area = 0;
    for (unsigned c = lo; c < hi; c++) {
        const ms_chan_stats *st = &sim->ch[c].st;
        s->reads += st->reads;
        s->writes += st->writes;
        s->hits += st->row_hits;
        s->misses += st->row_misses;
        s->conflicts += st->row_conflicts;
        s->busy += st->busy_cycles;
        for (unsigned k = 0; k < MS_CMD_COUNT; k++)
            s->cmds[k] += st->cmds[k];
        rq_area += (double)st->rq_area;
        wq_area += (double)st->wq_area;
        memsim__hist_merge(rd, &st->rd_lat);
        memsim__hist_merge(wr, &st->wr_lat);
    }
    unsigned n = hi - lo;
    s->tck_ps = sim->spec.tck_ps;
    s->refreshes = s->cmds[MS_CMD_REF] + s->cmds[MS_CMD_REFSB] + s->cmds[MS_CMD_REFPB];
    s->bytes = (s->reads + s->writes) * sim->spec.tx_bytes;
    s->cycles = sim->now;
    s->time_ns = (double)s->cycles * s->tck_ps / 1000.0;
    s->bw_gbps = s->time_ns > 0 ? (double)s->bytes / s->time_ns : 0.0;
    s->peak_gbps = sim->spec.peak_gbps * n / sim->spec.channels;
    /* data buses: every pseudo-channel's, or one host bus (MRDIMM) */
    unsigned buses = sim->spec.host_mux ? 1u : sim->spec.pcs;
    s->util = s->cycles ? (double)s->busy / ((double)s->cycles * n * buses) : 0.0;
    uint64_t reqs = s->reads + s->writes;
    s->hit_rate = reqs ? (double)s->hits / (double)reqs : 0.0;
    s->avg_rq = s->cycles ? rq_area / (double)s->cycles / n : 0.0;
    s->avg_wq = s->cycles ? wq_area / (double)s->cycles / n : 0.0;
    s->rd = lat_of(rd);
    s->wr = lat_of(wr);
    free(rd);
    memsim__energy(sim, lo, hi, sim->now, &s->en);
    double rd_bits = (double)s->reads * sim->spec.tx_bytes * 8.0;
    double wr_bits = (double)s->writes * sim->spec.tx_bytes * 8.0;
    const ms_power *p = &sim->spec.power;
    s->power_w = s->time_ns > 0 ? s->en.total / s->time_ns / 1000.0 : 0.0;
    s->pj_bit = rd_bits + wr_bits > 0 ? s->en.total / (rd_bits + wr_bits) : 0.0;
    s->rd_pj_bit = rd_bits > 0 ? s->en.e[MS_E_RD] / rd_bits + p->io_rd_pj_bit : 0.0;
    s->wr_pj_bit = wr_bits > 0 ? s->en.e[MS_E_WR] / wr_bits + p->io_wr_pj_bit : 0.0;
    return 1;
}

static void json_lat(FILE *fp, const char *name, const lat_summary *l, double scale,
                     const char *indent)
{
    fprintf(fp,
            "%s\"%s\": {\"mean\": %.3f, \"p50\": %.3f, \"p90\": %.3f, \"p99\": %.3f, \"max\": "
            "%.3f},\n",
            indent, name, l->mean * scale, (double)l->p50 * scale, (double)l->p90 * scale,
            (double)l->p99 * scale, (double)l->max * scale);
}

static void json_stats(FILE *fp, const summary *s, const char *in)
{
    double ns = s->tck_ps / 1000.0;
    fprintf(fp, "%s\"requests\": %llu,\n", in, (unsigned long long)(s->reads + s->writes));
    fprintf(fp, "%s\"reads\": %llu,\n%s\"writes\": %llu,\n", in, (unsigned long long)s->reads, in,
            (unsigned long long)s->writes);
    fprintf(fp, "%s\"bytes\": %llu,\n", in, (unsigned long long)s->bytes);
    fprintf(fp, "%s\"cycles\": %llu,\n%s\"time_ns\": %.3f,\n", in, (unsigned long long)s->cycles,
            in, s->time_ns);
    fprintf(fp, "%s\"bandwidth_gbps\": %.4f,\n%s\"peak_gbps\": %.4f,\n", in, s->bw_gbps, in,
            s->peak_gbps);
    fprintf(fp, "%s\"bus_utilization\": %.4f,\n", in, s->util);
    json_lat(fp, "read_latency_ns", &s->rd, ns, in);
    json_lat(fp, "read_latency_cycles", &s->rd, 1.0, in);
    json_lat(fp, "write_latency_ns", &s->wr, ns, in);
    json_lat(fp, "write_latency_cycles", &s->wr, 1.0, in);
    fprintf(fp, "%s\"row_hits\": %llu,\n%s\"row_misses\": %llu,\n%s\"row_conflicts\": %llu,\n", in,
            (unsigned long long)s->hits, in, (unsigned long long)s->misses, in,
            (unsigned long long)s->conflicts);
    fprintf(fp, "%s\"row_hit_rate\": %.4f,\n", in, s->hit_rate);
    fprintf(fp, "%s\"commands\": {", in);
    for (unsigned k = 0; k < MS_CMD_COUNT; k++)
        fprintf(fp, "%s\"%s\": %llu", k ? ", " : "", memsim__cmd_names[k],
                (unsigned long long)s->cmds[k]);
    fprintf(fp, "},\n");
    fprintf(fp, "%s\"refreshes\": %llu,\n", in, (unsigned long long)s->refreshes);
    fprintf(fp, "%s\"avg_read_queue\": %.4f,\n%s\"avg_write_queue\": %.4f,\n", in, s->avg_rq, in,
            s->avg_wq);
    const ms_energy *e = &s->en;
    fprintf(fp, "%s\"energy\": {\"total_pj\": %.1f, \"components_pj\": {", in, e->total);
    for (int k = 0; k < MS_E_COUNT; k++)
        fprintf(fp, "%s\"%s\": %.1f", k ? ", " : "", memsim__energy_names[k], e->e[k]);
    fprintf(fp,
            "},\n%s  \"domains_pj\": {\"vdd\": %.1f, \"vpp\": %.1f, \"interface\": %.1f, "
            "\"buffer\": %.1f},\n",
            in, e->vdd, e->vpp, e->e[MS_E_IO], e->e[MS_E_BUFFER]);
    fprintf(fp,
            "%s  \"average_power_w\": %.4f, \"pj_per_bit\": %.3f, \"read_pj_per_bit\": %.3f, "
            "\"write_pj_per_bit\": %.3f}",
            in, s->power_w, s->pj_bit, s->rd_pj_bit, s->wr_pj_bit);
}

/* "read_latency_histogram": the non-empty buckets of all channels' read
 * latencies: each bucket's largest latency in ns (capped at the maximum seen)
 * and its count, for distribution plots. */
static int json_read_hist(FILE *fp, const memsim_sim *sim, const char *in)
{
    ms_hist *h = calloc(1, sizeof *h);
    if (!h) return 0;
    for (unsigned c = 0; c < sim->spec.channels; c++)
        memsim__hist_merge(h, &sim->ch[c].st.rd_lat);
    double ns = sim->spec.tck_ps / 1000.0;
    fprintf(fp, "%s\"read_latency_histogram\": {\"bucket_ns\": [", in);
    int first = 1;
    for (unsigned b = 0; b < MS_HIST_BUCKETS; b++) {
        if (!h->b[b]) continue;
        uint64_t top = memsim__hist_bucket_top(b);
        fprintf(fp, "%s%.3f", first ? "" : ", ", (double)(top < h->max ? top : h->max) * ns);
        first = 0;
    }
    fprintf(fp, "], \"count\": [");
    first = 1;
    for (unsigned b = 0; b < MS_HIST_BUCKETS; b++) {
        if (!h->b[b]) continue;
        fprintf(fp, "%s%llu", first ? "" : ", ", (unsigned long long)h->b[b]);
        first = 0;
    }
    fprintf(fp, "]}");
    free(h);
    return 1;
}

static const char *policy_name(int p)
{
    return p == MS_PAGE_CLOSED ? "closed" : p == MS_PAGE_ADAPTIVE ? "adaptive" : "open";
}

static const char *refresh_mode(const ms_spec *s)
{
    return s->refresh_sb ? "sb" : s->refresh_pb ? "pb" : "ab";
}

/* json_config: timings in clocks (cycles / cycles_per_clock), as configured;
 * the host-side ones (nBL_HOST ...) in host clocks, which are cycles. */
static void json_config(FILE *fp, const memsim_sim *sim)
{
    const ms_spec *s = &sim->spec;
    fprintf(fp, "  \"config\": {\n");
    fprintf(fp, "    \"preset\": \"%s\",\n    \"standard\": \"%s\",\n    \"org\": \"%s\",\n",
            s->preset, s->std->name, s->org->name);
    if (s->chip) fprintf(fp, "    \"chip\": \"%s\",\n", s->chip->name);
    if (s->host_mux)
        fprintf(fp,
                "    \"device_bin\": \"%s\",\n    \"host_mux\": %u,\n    \"host_rate_mts\": %u,\n",
                s->speed->name, s->host_mux, s->rate_mts * s->host_mux);
    fprintf(fp, "    \"rate_mts\": %u,\n    \"tck_ps\": %.3f,\n", s->rate_mts, s->tck_ps);
    if (s->units > 1)
        fprintf(fp, "    \"clk_ps\": %.3f,\n    \"cycles_per_clock\": %u,\n", s->clk_ps, s->units);
    if (s->stacks)
        fprintf(fp, "    \"stacks\": %u,\n    \"stack_height\": %u,\n", s->stacks, s->stack_height);
    fprintf(fp, "    \"channels\": %u,\n", s->channels);
    if (s->pcs > 1) fprintf(fp, "    \"pseudo_channels\": %u,\n", s->pcs);
    fprintf(fp, "    \"ranks\": %u,\n    \"bankgroups\": %u,\n", s->ranks, s->bankgroups);
    fprintf(fp, "    \"banks_per_group\": %u,\n    \"rows\": %u,\n    \"columns\": %u,\n",
            s->banks_per_group, s->rows, s->columns);
    fprintf(fp, "    \"devices_per_rank\": %u,\n    \"capacity_bytes\": %llu,\n",
            s->devices_per_rank, (unsigned long long)s->capacity);
    fprintf(fp, "    \"mapping\": \"%s\",\n    \"xor_bank\": %s,\n", s->map.text,
            s->map.xor_bank ? "true" : "false");
    fprintf(fp, "    \"scheduler\": \"%s\",\n    \"page_policy\": \"%s\",\n",
            s->scheduler == MS_SCHED_FCFS ? "fcfs" : "frfcfs", policy_name(s->page_policy));
    fprintf(fp, "    \"read_queue\": %u,\n    \"write_queue\": %u,\n", s->rq_depth, s->wq_depth);
    fprintf(fp, "    \"write_high\": %u,\n    \"write_low\": %u,\n", s->wr_high, s->wr_low);
    fprintf(fp, "    \"age_cap\": %llu,\n    \"page_timeout\": %llu,\n",
            (unsigned long long)s->age_cap, (unsigned long long)s->page_timeout);
    fprintf(fp,
            "    \"refresh\": {\"enabled\": %s, \"mode\": \"%s\", \"interval\": %llu, "
            "\"max_postpone\": %u},\n",
            s->refresh_on ? "true" : "false", refresh_mode(s), (unsigned long long)s->ref_interval,
            s->ref_max_postpone);
    fprintf(fp, "    \"timing\": {");
    int first = 1;
    for (unsigned p = 0; p < MS_T_COUNT; p++)
        if (s->has[p]) {
            fprintf(fp, "%s\"%s\": %u", first ? "" : ", ", memsim__param_names[p],
                    p >= MS_T_FIRST_HOST ? s->t[p] : s->t[p] / s->units);
            first = 0;
        }
    fprintf(fp, "}\n  },\n");
}

memsim_status memsim_sim_write_json(const memsim_sim *sim, FILE *fp)
{
    summary s;
    fprintf(fp, "{\n  \"memsim_version\": \"%s\",\n", MEMSIM_VERSION_STRING);
    json_config(fp, sim);
    if (!summarize(sim, -1, &s)) return MEMSIM_E_NOMEM;
    fprintf(fp, "  \"total\": {\n");
    json_stats(fp, &s, "    ");
    fprintf(fp, ",\n");
    if (!json_read_hist(fp, sim, "    ")) return MEMSIM_E_NOMEM;
    fprintf(fp, "\n  },\n  \"channels\": [\n");
    for (unsigned c = 0; c < sim->spec.channels; c++) {
        if (!summarize(sim, (int)c, &s)) return MEMSIM_E_NOMEM;
        fprintf(fp, "    {\n      \"channel\": %u,\n", c);
        json_stats(fp, &s, "      ");
        fprintf(fp, "\n    }%s\n", c + 1 < sim->spec.channels ? "," : "");
    }
    fprintf(fp, "  ]");
    if (sim->spec.epoch) {
        fprintf(fp, ",\n  \"epochs\": [\n");
        uint64_t pr = 0, pw = 0;
        double psum = 0, pe = 0;
        for (uint64_t e = 0; e < sim->n_epochs; e++) {
            const ms_epoch *x = &sim->epochs[e];
            uint64_t r = x->reads - pr, w = x->writes - pw;
            double ns = (double)sim->spec.epoch * sim->spec.tck_ps / 1000.0;
            fprintf(
                fp,
                "    {\"end_cycle\": %llu, \"reads\": %llu, \"writes\": %llu, "
                "\"bandwidth_gbps\": %.4f, \"read_latency_ns_mean\": %.3f, \"energy_pj\": %.1f, "
                "\"power_w\": %.4f}%s\n",
                (unsigned long long)x->end_cycle, (unsigned long long)r, (unsigned long long)w,
                (double)((r + w) * sim->spec.tx_bytes) / ns,
                r ? (x->rd_lat_sum - psum) / (double)r * sim->spec.tck_ps / 1000.0 : 0.0,
                x->energy_pj - pe, (x->energy_pj - pe) / ns / 1000.0,
                e + 1 < sim->n_epochs ? "," : "");
            pe = x->energy_pj;
            pr = x->reads;
            pw = x->writes;
            psum = x->rd_lat_sum;
        }
        fprintf(fp, "  ]");
    }
    fprintf(fp, "\n}\n");
    return ferror(fp) ? MEMSIM_E_IO : MEMSIM_OK;
}

memsim_status memsim_sim_write_summary(const memsim_sim *sim, FILE *fp)
{
    summary s;
    const ms_spec *sp = &sim->spec;
    if (!summarize(sim, -1, &s)) return MEMSIM_E_NOMEM;
    double ns = s.tck_ps / 1000.0;
    char geo[96];
    if (sp->pcs > 1)
        snprintf(geo, sizeof geo, "%u channel%s x %u pseudo-channels x %u stack ID%s", sp->channels,
                 sp->channels > 1 ? "s" : "", sp->pcs, sp->ranks, sp->ranks > 1 ? "s" : "");
    else
        snprintf(geo, sizeof geo, "%u channel%s x %u rank%s", sp->channels,
                 sp->channels > 1 ? "s" : "", sp->ranks, sp->ranks > 1 ? "s" : "");
    fprintf(fp, "memsim %s: %s%s%s%s %s, %s, %s, %s pages, map %s\n", MEMSIM_VERSION_STRING,
            sp->preset, sp->chip ? " (" : "", sp->chip ? sp->speed->name : "", sp->chip ? ")" : "",
            sp->org->name, geo, sp->scheduler == MS_SCHED_FCFS ? "FCFS" : "FR-FCFS",
            policy_name(sp->page_policy), sp->map.text);
    fprintf(fp, "  requests      %llu (%llu reads, %llu writes), %llu bytes\n",
            (unsigned long long)(s.reads + s.writes), (unsigned long long)s.reads,
            (unsigned long long)s.writes, (unsigned long long)s.bytes);
    fprintf(fp, "  simulated     %.3f us (%llu cycles of %.1f ps)\n", s.time_ns / 1000.0,
            (unsigned long long)s.cycles, s.tck_ps);
    fprintf(fp, "  bandwidth     %.2f GB/s of %.2f GB/s peak (%.1f %% data-bus busy)\n", s.bw_gbps,
            s.peak_gbps, 100.0 * s.util);
    if (s.reads)
        fprintf(fp, "  read latency  mean %.1f ns, p50 %.1f, p90 %.1f, p99 %.1f, max %.1f ns\n",
                s.rd.mean * ns, (double)s.rd.p50 * ns, (double)s.rd.p90 * ns, (double)s.rd.p99 * ns,
                (double)s.rd.max * ns);
    if (s.writes)
        fprintf(fp, "  write latency mean %.1f ns, p50 %.1f, p90 %.1f, p99 %.1f, max %.1f ns\n",
                s.wr.mean * ns, (double)s.wr.p50 * ns, (double)s.wr.p90 * ns, (double)s.wr.p99 * ns,
                (double)s.wr.max * ns);
    fprintf(fp, "  rows          %.1f %% hits (%llu hits, %llu misses, %llu conflicts)\n",
            100.0 * s.hit_rate, (unsigned long long)s.hits, (unsigned long long)s.misses,
            (unsigned long long)s.conflicts);
    fprintf(fp, "  commands     ");
    for (unsigned k = 0; k < MS_CMD_COUNT; k++)
        if (s.cmds[k]) fprintf(fp, " %s %llu", memsim__cmd_names[k], (unsigned long long)s.cmds[k]);
    fprintf(fp, "\n  queues        avg %.1f reads, %.1f writes waiting\n", s.avg_rq, s.avg_wq);
    const double *e = s.en.e, t = s.en.total > 0 ? s.en.total / 100.0 : 1.0;
    fprintf(fp, "  energy        %.3f uJ, %.3f W average, %.1f pJ/bit", s.en.total / 1e6, s.power_w,
            s.pj_bit);
    fprintf(fp,
            " (ACT/PRE %.0f %%, RD/WR %.0f %%, refresh %.0f %%, standby %.0f %%, interface %.0f "
            "%%",
            (e[MS_E_ACT] + e[MS_E_PRE]) / t, (e[MS_E_RD] + e[MS_E_WR]) / t, e[MS_E_REF] / t,
            (e[MS_E_BACKGROUND] + e[MS_E_BANK_OPEN]) / t, e[MS_E_IO] / t);
    if (e[MS_E_BUFFER] > 0) fprintf(fp, ", buffers %.0f %%", e[MS_E_BUFFER] / t);
    fprintf(fp, ")\n");
    return ferror(fp) ? MEMSIM_E_IO : MEMSIM_OK;
}

memsim_status memsim_sim_stat(const memsim_sim *sim, int ch, const char *key, double *out)
{
    summary s;
    if (ch >= (int)sim->spec.channels || !summarize(sim, ch, &s)) return MEMSIM_E_INVALID;
    struct {
        const char *k;
        double v;
    } t[] = {
        {"requests", (double)(s.reads + s.writes)},
        {"reads", (double)s.reads},
        {"writes", (double)s.writes},
        {"bytes", (double)s.bytes},
        {"cycles", (double)s.cycles},
        {"time_ns", s.time_ns},
        {"bandwidth_gbps", s.bw_gbps},
        {"peak_gbps", s.peak_gbps},
        {"bus_utilization", s.util},
        {"row_hits", (double)s.hits},
        {"row_misses", (double)s.misses},
        {"row_conflicts", (double)s.conflicts},
        {"row_hit_rate", s.hit_rate},
        {"refreshes", (double)s.refreshes},
        {"avg_read_queue", s.avg_rq},
        {"avg_write_queue", s.avg_wq},
        {"read_latency_ns.mean", s.rd.mean * s.tck_ps / 1000.0},
        {"read_latency_ns.p50", (double)s.rd.p50 * s.tck_ps / 1000.0},
        {"read_latency_ns.p90", (double)s.rd.p90 * s.tck_ps / 1000.0},
        {"read_latency_ns.p99", (double)s.rd.p99 * s.tck_ps / 1000.0},
        {"read_latency_ns.max", (double)s.rd.max * s.tck_ps / 1000.0},
        {"read_latency_cycles.mean", s.rd.mean},
        {"read_latency_cycles.max", (double)s.rd.max},
        {"write_latency_ns.mean", s.wr.mean * s.tck_ps / 1000.0},
        {"write_latency_cycles.mean", s.wr.mean},
        {"write_latency_cycles.max", (double)s.wr.max},
        {"energy.total_pj", s.en.total},
        {"energy.average_power_w", s.power_w},
        {"energy.pj_per_bit", s.pj_bit},
        {"energy.read_pj_per_bit", s.rd_pj_bit},
        {"energy.write_pj_per_bit", s.wr_pj_bit},
        {"energy.vdd_pj", s.en.vdd},
        {"energy.vpp_pj", s.en.vpp},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (!strcmp(t[i].k, key)) {
            *out = t[i].v;
            return MEMSIM_OK;
        }
    if (!strncmp(key, "commands.", 9))
        for (unsigned k = 0; k < MS_CMD_COUNT; k++)
            if (!strcmp(key + 9, memsim__cmd_names[k])) {
                *out = (double)s.cmds[k];
                return MEMSIM_OK;
            }
    if (!strncmp(key, "energy.", 7))
        for (int k = 0; k < MS_E_COUNT; k++) /* energy.act_pj ... energy.buffer_pj */
            if (!strncmp(key + 7, memsim__energy_names[k], strlen(memsim__energy_names[k])) &&
                !strcmp(key + 7 + strlen(memsim__energy_names[k]), "_pj")) {
                *out = s.en.e[k];
                return MEMSIM_OK;
            }
    return MEMSIM_E_INVALID;
}

void memsim__epoch_update(memsim_sim *sim, uint64_t now)
{
    if ((now + 1) % sim->spec.epoch) return;
    if (sim->n_epochs == sim->cap_epochs) {
        uint64_t cap = sim->cap_epochs ? sim->cap_epochs * 2 : 64;
        ms_epoch *e = realloc(sim->epochs, cap * sizeof *e);
        if (!e) return; /* the series stops; the totals stay exact */
        sim->epochs = e;
        sim->cap_epochs = cap;
    }
    ms_epoch *x = &sim->epochs[sim->n_epochs++];
    memset(x, 0, sizeof *x);
    x->end_cycle = now + 1;
    for (unsigned c = 0; c < sim->spec.channels; c++) {
        x->reads += sim->ch[c].st.reads;
        x->writes += sim->ch[c].st.writes;
        x->rd_lat_sum += sim->ch[c].st.rd_lat.sum;
    }
    ms_energy en;
    memsim__energy(sim, 0, sim->spec.channels, now + 1, &en);
    x->energy_pj = en.total;
}

void memsim__write_trace_header(const memsim_sim *sim, FILE *fp)
{
    const ms_spec *s = &sim->spec;
    fprintf(fp, "# memsim command trace 1\n# version %s\n", MEMSIM_VERSION_STRING);
    fprintf(fp, "# standard %s\n# preset %s\n# org %s\n", s->std->name, s->preset, s->org->name);
    fprintf(fp, "# rate_mts %u\n# tck_ps %.3f\n# channels %u\n# ranks %u\n", s->rate_mts, s->tck_ps,
            s->channels, s->ranks);
    if (s->pcs > 1) fprintf(fp, "# pcs %u\n", s->pcs);
    if (s->units > 1) fprintf(fp, "# cycles_per_clock %u\n", s->units);
    if (s->col_align > 1) fprintf(fp, "# col_align %u\n", s->col_align);
    if (s->host_mux) fprintf(fp, "# host_mux %u\n", s->host_mux);
    fprintf(fp, "# bankgroups %u\n# banks_per_group %u\n# rows %u\n# columns %u\n# burst %u\n",
            s->bankgroups, s->banks_per_group, s->rows, s->columns, s->burst);
    fprintf(fp, "# refresh_mode %s\n", refresh_mode(s));
    /* With refresh off, no debt is ever checked: an interval beyond any trace. */
    fprintf(fp, "# refresh_interval %llu\n# refresh_max_postpone %u\n",
            (unsigned long long)(s->refresh_on ? s->ref_interval : UINT64_MAX / 4),
            s->ref_max_postpone);
    for (unsigned r = 0; r < s->nranks; r++) /* flat rank: pc * ranks + rank */
        fprintf(fp, "# refresh_phase %u %llu\n", r,
                (unsigned long long)(r * s->ref_interval / s->nranks));
    for (unsigned p = 0; p < MS_T_COUNT; p++)
        if (s->has[p]) fprintf(fp, "# timing %s %u\n", memsim__param_names[p], s->t[p]);
    for (unsigned c = 0; c < MS_CMD_COUNT; c++)
        if (s->cmd_cycles[c] > 1)
            fprintf(fp, "# cmd_cycles %s %u\n", memsim__cmd_names[c], s->cmd_cycles[c]);
    for (unsigned c = 0; c < MS_CMD_COUNT; c++)
        if (s->cmd_bus[c] == MS_BUS_COL) fprintf(fp, "# cmd_bus %s col\n", memsim__cmd_names[c]);
    fprintf(fp, "t_ps,clk,ch,pc,rank,bg,bank,row,col,cmd\n");
}

/* ---- presets ---- */

size_t memsim_preset_count(void)
{
    size_t n = 0;
    for (size_t i = 0; i < memsim__standard_count(); i++)
        n += memsim__standard_get(i)->n_speeds + memsim__standard_get(i)->n_modules;
    return n;
}

/* Resolves preset `name` with its defaults (a throwaway config). */
static int resolve_named(const char *name, ms_spec *spec)
{
    memsim_config *cfg = memsim_config_create();
    char err[MS_ERR_LEN];
    int ok = cfg && memsim_config_set(cfg, "preset", name, NULL) == MEMSIM_OK &&
             memsim__spec_resolve(cfg, spec, err, sizeof err) == MEMSIM_OK;
    memsim_config_free(cfg);
    return ok;
}

/* Speed bins of each standard, then its module presets. Module presets
 * give the host rate; CL, tRCD and tRP are in device clocks. */
memsim_status memsim_preset_get(size_t i, memsim_preset_info *out)
{
    for (size_t k = 0; k < memsim__standard_count(); k++) {
        const ms_standard *std = memsim__standard_get(k);
        if (i >= std->n_speeds + std->n_modules) {
            i -= std->n_speeds + std->n_modules;
            continue;
        }
        const ms_module *m = i >= std->n_speeds ? &std->modules[i - std->n_speeds] : NULL;
        const char *name = m ? m->name : std->speeds[i].name;
        ms_spec *spec = calloc(1, sizeof *spec);
        if (!spec) return MEMSIM_E_NOMEM;
        if (!resolve_named(name, spec)) {
            free(spec);
            return MEMSIM_E_INVALID;
        }
        unsigned mux = spec->host_mux ? spec->host_mux : 1u;
        out->name = name;
        out->standard = std->name;
        out->default_org = spec->org->name;
        out->rate_mts = spec->rate_mts * mux;
        out->tck_ps = (unsigned)(spec->clk_ps + 0.5);
        out->cl = spec->t[MS_T_CL] / spec->units;
        out->trcd = spec->t[MS_T_RCD] / spec->units;
        out->trp = spec->t[MS_T_RP] / spec->units;
        out->channel_bits = spec->std->channel_bits;
        out->peak_gbps = out->rate_mts * (spec->std->channel_bits / 8.0) / 1000.0;
        free(spec);
        return MEMSIM_OK;
    }
    return MEMSIM_E_INVALID;
}

size_t memsim_chip_count(void)
{
    return memsim__chip_count();
}

memsim_status memsim_chip_get(size_t i, memsim_chip_info *out)
{
    const ms_chip *c = memsim__chip_get(i);
    if (!c) return MEMSIM_E_INVALID;
    ms_spec *spec = calloc(1, sizeof *spec);
    if (!spec) return MEMSIM_E_NOMEM;
    if (!resolve_named(c->name, spec)) {
        free(spec);
        return MEMSIM_E_INVALID;
    }
    out->name = c->name;
    out->standard = c->std->name;
    out->org = c->org;
    out->note = c->note;
    out->rate_mts = c->rate_mts;
    out->stacks = c->stacks;
    out->stack_height = c->height;
    out->channels = spec->channels;
    out->capacity_bytes = spec->capacity;
    out->peak_gbps = spec->peak_gbps;
    free(spec);
    return MEMSIM_OK;
}

/* A standard by name, composed over its base (MRDIMM lists DDR5's organisations). */
static const ms_standard *find_composed(const char *standard, ms_standard *buf)
{
    const ms_standard *std = memsim__standard_find(standard);
    if (!std) return NULL;
    memsim__standard_compose(std, buf);
    return buf;
}

size_t memsim_org_count(const char *standard)
{
    ms_standard buf;
    const ms_standard *std = find_composed(standard, &buf);
    return std ? std->n_orgs : 0;
}

const char *memsim_org_get(const char *standard, size_t i, char *desc, size_t len)
{
    ms_standard buf;
    const ms_standard *std = find_composed(standard, &buf);
    if (!std || i >= std->n_orgs) return NULL;
    const ms_org *o = &std->orgs[i];
    if (desc && std->channels_per_stack)
        snprintf(desc, len,
                 "%u Gb die: per pseudo-channel and stack ID %u bank groups x %u banks, %u rows, "
                 "%u columns, 1 KB page",
                 o->density_gb, o->bankgroups, o->banks_per_group, o->rows, o->columns);
    else if (desc)
        snprintf(desc, len, "%u Gb x%u: %u bank groups x %u banks, %u rows, %u columns, %s page",
                 o->density_gb, o->dq, o->bankgroups, o->banks_per_group, o->rows, o->columns,
                 o->page == MS_PAGE_2K   ? "2 KB"
                 : o->page == MS_PAGE_1K ? "1 KB"
                                         : "512 B");
    return o->name;
}
