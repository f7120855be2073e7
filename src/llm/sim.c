/*
 * sim.c - memsim_llm_run(): the step's tiles through DMA engines into the
 * memory simulator, closed loop, with steady-state extrapolation.
 *
 * Each core works through the groups of the plan (llm_internal.h) in order.
 * Its share of a group (whole ranges dealt round-robin when a group has at
 * least as many ranges as there are cores, else every range split evenly) is
 * cut into tiles of `tile` bytes read; the group's writes and flops are
 * spread over the tiles in proportion (a group with flops has at least one
 * tile per buffer of every core, so all cores compute). A tile takes one of the core's
 * `buffers` SRAM buffers; its reads are split evenly over the core's DMA
 * engines, each a FIFO that issues one memory request at a time, no faster
 * than its bandwidth, with at most `dma_outstanding` in flight, and only when
 * the memory controller's queue accepts it (back-pressure). When its reads
 * are in and the core's compute unit is free and every tile of the previous
 * group has computed, the tile computes for flops / (peak / cores); then its
 * buffer is free and its writes go to the DMA engines.
 *
 * Extrapolation: time is cut into windows of one refresh interval (at least
 * 1 us). Once the two halves of the span since a group's first full window
 * (8 + 8 windows, then doubling) moved the same bytes within the tolerance,
 * its tiles not yet started are dropped and their bytes charged at the
 * second half's rate (window()). Groups of the third and
 * later layers of each part are not simulated: each is charged the time of
 * the second simulated layer, scaled by its bytes (MoE layers differ).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/sim.h"
#include "llm/llm_internal.h"

/* bytes one DMA engine moves before the next engine of its core takes over */
#define DMA_BLOCK 2048u

enum { SLOT_FREE = 0, SLOT_LOADING, SLOT_READY, SLOT_COMPUTING };

typedef struct piece {
    uint64_t addr, end;
} piece;

typedef struct dma_entry {
    uint64_t addr, end;
    uint32_t slot;
    uint32_t group;
    uint8_t write;
} dma_entry;

typedef struct engine {
    dma_entry *q;
    size_t head, n, cap;
    double next_ok;
    unsigned outstanding;
} engine;

typedef struct slot {
    int state;
    uint32_t group;
    uint64_t seq;
    uint64_t reqs_left;
    double flops;
    piece *wr;
    size_t n_wr, cap_wr;
} slot;

typedef struct core {
    uint64_t seq_next, seq_compute; /* tiles taken and computed, in order */
    int busy;
    uint64_t compute_start, compute_end;
    int compute_slot;
} core;

typedef struct gstate {
    uint64_t tiles, tiles_left;
    int done, cut, skip;
    uint32_t dep; /* previous simulated group, or UINT32_MAX */
    int fence;    /* extrapolated layers come before it: fetch only once dep is done */
    uint64_t done_cycle;
    uint64_t bytes_done;
    uint64_t half_start, half_mid; /* bytes at the start and middle of the span checked */
    unsigned n_win, half, seen;    /* full windows since the start; windows per half */
    double extrap_cycles, extrap_bytes;
    double flops_done;               /* of tiles whose compute ended */
    double half_start_f, half_mid_f; /* flops computed, as half_start/half_mid */
} gstate;

typedef struct runner {
    const memsim_llm_step *step;
    llm_plan *plan;
    memsim_sim *sim;
    unsigned C, E, buffers;
    uint64_t tx, tile;
    double bpc;      /* bytes per cycle of one engine */
    double fpc;      /* flops per cycle of one core */
    double peak_bpc; /* the memory's peak bytes per cycle */
    unsigned cap;    /* outstanding per engine */
    core *cores;
    slot *slots;
    engine *eng;
    gstate *gs;
    /* the fetch cursor: the group whose tiles are being handed out, its
     * next tile, and its read and write streams */
    uint32_t fg;
    uint64_t fk;
    piece *rd, *wr;
    size_t n_rd, n_wr, cap_rd, cap_wr, rd_i, wr_i;
    uint64_t rd_off, wr_off, rd_pos, wr_pos;
    uint64_t pending_wr;
    uint64_t groups_left;
    double extrap_cycles;
    int any_done;
    int next_cycle_block;
    uint64_t win_len, win_end;
} runner;

static uint64_t align_down(uint64_t x, uint64_t a)
{
    return x / a * a;
}

static int push_piece(piece **v, size_t *n, size_t *cap, uint64_t addr, uint64_t end)
{
    if (end <= addr) return 1;
    if (*n == *cap) {
        size_t c = *cap ? 2 * *cap : 16;
        piece *p = realloc(*v, c * sizeof *p);
        if (!p) return 0;
        *v = p;
        *cap = c;
    }
    (*v)[(*n)++] = (piece){addr, end};
    return 1;
}

static uint64_t reqs_of(uint64_t addr, uint64_t end, uint64_t tx)
{
    return (end + tx - 1) / tx - addr / tx;
}

static int eng_push(engine *e, dma_entry d)
{
    if (e->n == e->cap) {
        size_t c = e->cap ? 2 * e->cap : 64;
        dma_entry *q = malloc(c * sizeof *q);
        if (!q) return 0;
        for (size_t i = 0; i < e->n; i++)
            q[i] = e->q[(e->head + i) % e->cap];
        free(e->q);
        e->q = q;
        e->head = 0;
        e->cap = c;
    }
    e->q[(e->head + e->n++) % e->cap] = d;
    return 1;
}

/* Takes stream bytes [.., to) from a core's piece list at its cursor and
 * calls emit for each piece. */
static int take(piece *v, size_t n, size_t *i, uint64_t *off, uint64_t *pos, uint64_t to,
                int (*emit)(void *, uint64_t, uint64_t), void *ctx)
{
    while (*pos < to && *i < n) {
        uint64_t len = v[*i].end - v[*i].addr - *off;
        uint64_t want = to - *pos;
        uint64_t t = want < len ? want : len;
        if (!emit(ctx, v[*i].addr + *off, v[*i].addr + *off + t)) return 0;
        *pos += t;
        *off += t;
        if (*off == v[*i].end - v[*i].addr) {
            (*i)++;
            *off = 0;
        }
    }
    return 1;
}

typedef struct emit_ctx {
    runner *R;
    engine *e;
    slot *s;
    uint32_t slot_id, group;
} emit_ctx;

static int emit_read(void *ctx, uint64_t a, uint64_t end)
{
    emit_ctx *x = ctx;
    x->s->reqs_left += reqs_of(a, end, x->R->tx);
    return eng_push(x->e, (dma_entry){align_down(a, x->R->tx), end, x->slot_id, x->group, 0});
}

static int emit_write(void *ctx, uint64_t a, uint64_t end)
{
    emit_ctx *x = ctx;
    return push_piece(&x->s->wr, &x->s->n_wr, &x->s->cap_wr, a, end);
}

/* the next group core c fetches after g, skipping extrapolated layers */
static uint32_t next_group(const runner *R, uint32_t g)
{
    g++;
    while (g < R->plan->n_groups && R->gs[g].skip)
        g++;
    return g;
}

/* Makes group g's ranges the read and write streams tiles are cut from. */
static int enter_group(runner *R, uint32_t g)
{
    R->fg = g;
    R->fk = 0;
    R->n_rd = R->n_wr = R->rd_i = R->wr_i = 0;
    R->rd_off = R->wr_off = R->rd_pos = R->wr_pos = 0;
    if (g >= R->plan->n_groups) return 1;
    const llm_group *G = &R->plan->groups[g];
    const llm_range *r = &R->plan->ranges[G->first_range];
    for (uint64_t i = 0; i < G->n_ranges; i++) {
        uint64_t a = r[i].addr, e = r[i].addr + r[i].bytes;
        if (!(r[i].write ? push_piece(&R->wr, &R->n_wr, &R->cap_wr, a, e)
                         : push_piece(&R->rd, &R->n_rd, &R->cap_rd, a, e)))
            return 0;
    }
    return 1;
}

/* share of writes up to tile k of T */
static uint64_t wr_mark(uint64_t total, uint64_t k, uint64_t T, uint64_t tx)
{
    return k >= T ? total : align_down(total * k / T, tx);
}

/* Gives core c the group's next tile if it has a free buffer; 0 if not (or
 * out of memory: *ok). Tiles go to whichever core has room (dynamic
 * assignment), so no core lags behind its own static share. */
static int start_tile(runner *R, unsigned c, int *ok)
{
    while (R->fg < R->plan->n_groups && (R->gs[R->fg].cut || R->fk >= R->gs[R->fg].tiles))
        if (!enter_group(R, next_group(R, R->fg))) {
            *ok = 0;
            return 0;
        }
    if (R->fg >= R->plan->n_groups) return 0;
    /* no fetching ahead across extrapolated layers: the last simulated layer
     * must not prefetch what follows them (its time stands for theirs) */
    if (R->gs[R->fg].fence && !R->gs[R->gs[R->fg].dep].done) return 0;
    int free_slot = -1;
    for (unsigned b = 0; b < R->buffers; b++)
        if (R->slots[c * R->buffers + b].state == SLOT_FREE) {
            free_slot = (int)b;
            break;
        }
    if (free_slot < 0) return 0;
    core *k = &R->cores[c];
    uint32_t sid = c * R->buffers + (unsigned)free_slot;
    slot *s = &R->slots[sid];
    const llm_group *G = &R->plan->groups[R->fg];
    uint64_t T = R->gs[R->fg].tiles, rd = G->rd_bytes;
    uint64_t from = R->fk * R->tile, to = R->fk + 1 == T ? rd : (R->fk + 1) * R->tile;
    if (to > rd) to = rd;
    s->state = SLOT_LOADING;
    s->group = R->fg;
    s->seq = k->seq_next++;
    s->reqs_left = 0;
    s->n_wr = 0;
    s->flops = G->flops / (double)T;
    emit_ctx x = {R, NULL, s, sid, R->fg};
    /* the core's engines take the tile's blocks in turn, so together they
     * sweep it front to back (one stream per core, not one per engine) */
    unsigned e = 0;
    for (uint64_t lo = from; lo < to && *ok; lo += DMA_BLOCK) {
        uint64_t hi = to - lo > DMA_BLOCK ? lo + DMA_BLOCK : to;
        x.e = &R->eng[c * R->E + e];
        e = e + 1 == R->E ? 0 : e + 1;
        if (!take(R->rd, R->n_rd, &R->rd_i, &R->rd_off, &R->rd_pos, hi, emit_read, &x)) *ok = 0;
    }
    uint64_t wto = wr_mark(G->wr_bytes, R->fk + 1, T, R->tx);
    if (*ok && !take(R->wr, R->n_wr, &R->wr_i, &R->wr_off, &R->wr_pos, wto, emit_write, &x))
        *ok = 0;
    R->fk++;
    if (s->reqs_left == 0) s->state = SLOT_READY;
    return *ok;
}

static void group_done(runner *R, uint32_t g, uint64_t now)
{
    gstate *G = &R->gs[g];
    G->done = 1;
    G->done_cycle = now;
    R->groups_left--;
}

/* Ends the compute of core c's current tile at its end cycle. */
static int finish_compute(runner *R, unsigned c)
{
    core *k = &R->cores[c];
    slot *s = &R->slots[(size_t)c * R->buffers + (unsigned)k->compute_slot];
    k->busy = 0;
    k->seq_compute++;
    for (size_t i = 0; i < s->n_wr; i++) {
        /* writes go round the core's engines */
        engine *e = &R->eng[c * R->E + (unsigned)(i % R->E)];
        uint64_t a = s->wr[i].addr, end = s->wr[i].end;
        R->pending_wr += reqs_of(a, end, R->tx);
        if (!eng_push(e, (dma_entry){align_down(a, R->tx), end, 0, s->group, 1})) return 0;
    }
    s->state = SLOT_FREE;
    gstate *G = &R->gs[s->group];
    G->flops_done += s->flops;
    if (--G->tiles_left == 0) group_done(R, s->group, k->compute_end);
    return 1;
}

static void try_compute(runner *R, unsigned c, uint64_t now)
{
    core *k = &R->cores[c];
    if (k->busy) return;
    for (unsigned b = 0; b < R->buffers; b++) {
        slot *s = &R->slots[c * R->buffers + b];
        if (s->state != SLOT_READY || s->seq != k->seq_compute) continue;
        uint32_t dep = R->gs[s->group].dep;
        if (dep != UINT32_MAX && !R->gs[dep].done) return;
        uint64_t cyc = R->fpc > 0 ? (uint64_t)ceil(s->flops / R->fpc) : 0;
        k->busy = 1;
        k->compute_slot = (int)b;
        k->compute_start = now;
        k->compute_end = now + cyc;
        s->state = SLOT_COMPUTING;
        return;
    }
}

/* request ids: engine << 40 | slot << 21 | group << 1 | write */
static uint64_t req_id(uint64_t eng, uint64_t slot_id, uint64_t group, int write)
{
    return eng << 40 | slot_id << 21 | group << 1 | (uint64_t)write;
}

static void on_done(void *ctx, uint64_t id, int is_write, uint64_t cycle)
{
    runner *R = ctx;
    (void)cycle;
    R->eng[id >> 40].outstanding--;
    R->gs[(id >> 1) & 0xfffffu].bytes_done += R->tx;
    R->any_done = 1;
    if (is_write) {
        R->pending_wr--;
        return;
    }
    slot *s = &R->slots[(id >> 21) & 0x7ffffu];
    if (--s->reqs_left == 0) s->state = SLOT_READY;
}

/* Issues what each engine may issue now. */
static void issue(runner *R, uint64_t now)
{
    R->next_cycle_block = 0;
    for (unsigned i = 0; i < R->C * R->E; i++) {
        engine *e = &R->eng[i];
        while (e->n && e->outstanding < R->cap && e->next_ok <= (double)now) {
            dma_entry *d = &e->q[e->head];
            unsigned ch = memsim__sim_channel_of(R->sim, d->addr);
            int acc = memsim__sim_accept_ch(R->sim, ch, d->write);
            if (acc != MS_ACCEPT_OK) {
                if (acc == MS_ACCEPT_NEXT_CYCLE) R->next_cycle_block = 1;
                break;
            }
            memsim_sim_send(R->sim, d->addr, d->write, req_id(i, d->slot, d->group, d->write));
            e->outstanding++;
            double t = e->next_ok > (double)now ? e->next_ok : (double)now;
            e->next_ok = t + (double)R->tx / R->bpc;
            d->addr += R->tx;
            if (d->addr >= d->end) {
                e->head = (e->head + 1) % e->cap;
                e->n--;
            }
        }
    }
}

static int cuttable(const runner *R, uint32_t g)
{
    return g == R->fg && R->fk < R->gs[g].tiles;
}

/* Drops group g's tiles not yet handed out and charges their bytes at
 * `rate` bytes per cycle, or, when `frate` > 0, their flops at `frate` flops
 * per cycle. */
static void cut(runner *R, uint32_t g, double rate, double frate, uint64_t now)
{
    gstate *G = &R->gs[g];
    const llm_group *P = &R->plan->groups[g];
    uint64_t bytes = (P->rd_bytes - R->rd_pos) + (P->wr_bytes - R->wr_pos);
    G->cut = 1;
    G->extrap_bytes = (double)bytes;
    double flops = P->flops * (double)(G->tiles - R->fk) / (double)G->tiles;
    G->extrap_cycles = frate > 0 ? flops / frate : (double)bytes / rate;
    /* never faster than the physical bounds: the compute peak of all cores
     * for the tiles dropped (their share of the flops), the memory's peak
     * for their bytes. A measured rate within the tolerance could otherwise
     * put a compute-bound step a hair above the compute roofline. */
    if (R->fpc > 0 && flops / (R->fpc * R->C) > G->extrap_cycles)
        G->extrap_cycles = flops / (R->fpc * R->C);
    if (R->peak_bpc > 0 && (double)bytes / R->peak_bpc > G->extrap_cycles)
        G->extrap_cycles = (double)bytes / R->peak_bpc;
    R->extrap_cycles += G->extrap_cycles;
    G->tiles_left -= G->tiles - R->fk;
    if (G->tiles_left == 0 && !G->done) group_done(R, g, now);
}

/* The flops group g has computed by `now`: its finished tiles, and the
 * elapsed share of the tiles the cores are computing. */
static double flops_progress(const runner *R, uint32_t g, uint64_t now)
{
    double f = R->gs[g].flops_done;
    for (unsigned c = 0; c < R->C; c++) {
        const core *k = &R->cores[c];
        if (!k->busy || k->compute_end <= k->compute_start) continue;
        const slot *s = &R->slots[(size_t)c * R->buffers + (unsigned)k->compute_slot];
        if (s->group != g) continue;
        uint64_t t = now < k->compute_end ? now : k->compute_end;
        f +=
            s->flops * (double)(t - k->compute_start) / (double)(k->compute_end - k->compute_start);
    }
    return f;
}

/* At a window boundary: each group in flight whose input is ready counts
 * its windows. Its rate is steady when the second half of the span since its
 * first full window moved the same bytes as the first half, within the
 * tolerance; then it is cut at the second half's rate. Otherwise the span
 * doubles (the whole span so far becomes the first half) and the check waits
 * for as many windows again. The first check is after 8 + 8 windows. Halves
 * of a growing span catch a slow drift that a few short windows in a row
 * agree on: decode on trn2 of 4 and 8 layers of Llama 3 8B came out -1.1 % and
 * -1.2 % against --full, where three 1-us windows in a row gave -3.9 % and
 * -3.2 %. (Also requiring the refresh debt to stop growing -- HBM3 may
 * postpone 128 per-bank refreshes -- gave -1.0 % but tripled the wall time.) */
static void window(runner *R, uint64_t now)
{
    for (uint32_t g = 0; g < R->plan->n_groups; g++) {
        gstate *G = &R->gs[g];
        if (G->skip || G->done || G->cut || G->bytes_done == 0) continue;
        if (G->dep != UINT32_MAX && !R->gs[G->dep].done) {
            /* fetched ahead, waiting for its input: not its own pace */
            G->seen = 0;
            continue;
        }
        if (!G->seen) { /* the window it started in is partial */
            G->seen = 1;
            G->n_win = 0;
            G->half = 8;
            G->half_start = G->bytes_done;
            G->half_start_f = flops_progress(R, g, now);
            continue;
        }
        G->n_win++;
        if (G->n_win == G->half) {
            G->half_mid = G->bytes_done;
            G->half_mid_f = flops_progress(R, g, now);
        }
        if (G->n_win < 2 * G->half) continue;
        double first = (double)(G->half_mid - G->half_start);
        double second = (double)(G->bytes_done - G->half_mid);
        double span = (double)G->half * (double)R->win_len;
        double fnow = flops_progress(R, g, now);
        double fsecond = fnow - G->half_mid_f, ffirst = G->half_mid_f - G->half_start_f;
        /* compute-bound: the cores spent at least 90 % of the span on this
         * group's tiles. Its flops then pace it and advance smoothly, while
         * its bytes come a whole tile per core at a time as buffers free
         * (a span of a few tiles misjudges them by up to a tile). */
        int cbound = R->fpc > 0 && fsecond >= 0.9 * span * R->fpc * R->C &&
                     fabs(fsecond - ffirst) <= R->step->tolerance * fsecond;
        if (!R->step->full && cuttable(R, g) && second > 0 &&
            (cbound || fabs(second - first) <= R->step->tolerance * second)) {
            cut(R, g, second / span, cbound ? fsecond / span : 0, now);
            continue;
        }
        G->half *= 2;
        G->half_mid = G->bytes_done;
        G->half_mid_f = fnow;
    }
}

static int engines_idle(const runner *R)
{
    for (unsigned i = 0; i < R->C * R->E; i++)
        if (R->eng[i].n) return 0;
    return 1;
}

/* Ends computes that are due, starts what may start, fills free buffers:
 * until nothing changes. */
static int advance_cores(runner *R, uint64_t now)
{
    int ok = 1;
    for (int changed = 1; changed && ok;) {
        changed = 0;
        uint64_t left = R->groups_left;
        for (unsigned c = 0; c < R->C && ok; c++) {
            core *k = &R->cores[c];
            for (;;) {
                if (k->busy && k->compute_end <= now) {
                    if (!finish_compute(R, c)) return 0;
                    changed = 1;
                }
                int before = k->busy;
                try_compute(R, c, now);
                int started = 0;
                while (start_tile(R, c, &ok))
                    started = 1;
                if (started) try_compute(R, c, now);
                if (!(k->busy && k->compute_end <= now) && before == k->busy && !started) break;
            }
        }
        if (R->groups_left != left) changed = 1;
    }
    return ok;
}

static memsim_status make_memory(const memsim_accel *chip, memsim_sim **sim, char *err,
                                 size_t err_len)
{
    memsim_config *cfg = memsim_config_create();
    if (!cfg) return MEMSIM_E_NOMEM;
    memsim_status st = memsim__llm_is_path(chip->memory)
                           ? memsim_config_load_yaml(cfg, chip->memory)
                           : memsim_config_set(cfg, "preset", chip->memory, NULL);
    for (unsigned i = 0; st == MEMSIM_OK && i < chip->n_memory_sets; i++) {
        char kv[sizeof chip->memory_sets[0]];
        snprintf(kv, sizeof kv, "%s", chip->memory_sets[i]);
        char *eq = strchr(kv, '=');
        if (!eq) {
            snprintf(err, err_len, "%s: memory setting '%s' is not KEY=VALUE", chip->name, kv);
            memsim_config_free(cfg);
            return MEMSIM_E_INVALID;
        }
        *eq = 0;
        st = memsim_config_set(cfg, kv, eq + 1, NULL);
    }
    if (st == MEMSIM_OK) st = memsim_sim_create(cfg, sim);
    if (st != MEMSIM_OK)
        snprintf(err, err_len, "%s: memory '%s': %s", chip->name, chip->memory,
                 memsim_config_error(cfg));
    memsim_config_free(cfg);
    return st;
}

static void free_runner(runner *R)
{
    if (R->slots)
        for (size_t i = 0; i < (size_t)R->C * R->buffers; i++)
            free(R->slots[i].wr);
    if (R->eng)
        for (size_t i = 0; i < (size_t)R->C * R->E; i++)
            free(R->eng[i].q);
    free(R->cores);
    free(R->slots);
    free(R->eng);
    free(R->gs);
    free(R->rd);
    free(R->wr);
}

static double group_bytes(const llm_plan *p, size_t g)
{
    return (double)(p->groups[g].rd_bytes + p->groups[g].wr_bytes);
}

/* Marks groups of the third and later layers of each part as extrapolated;
 * records each part's first two layers. */
static void mark_layers(runner *R, unsigned first[LLM_PARTS], unsigned second[LLM_PARTS])
{
    for (int p = 0; p < LLM_PARTS; p++)
        first[p] = second[p] = UINT32_MAX;
    uint32_t prev = UINT32_MAX;
    for (uint32_t g = 0; g < R->plan->n_groups; g++) {
        const llm_group *G = &R->plan->groups[g];
        gstate *S = &R->gs[g];
        if (G->in_layer) {
            if (first[G->part] == UINT32_MAX)
                first[G->part] = G->layer;
            else if (G->layer != first[G->part] && second[G->part] == UINT32_MAX)
                second[G->part] = G->layer;
            S->skip = !R->step->full && G->layer != first[G->part] && G->layer != second[G->part];
        }
        S->dep = prev;
        S->fence = !S->skip && prev != UINT32_MAX && prev + 1 != g;
        if (!S->skip) prev = g;
    }
}

static int op_index(memsim_llm_result *out, const char *name)
{
    for (unsigned i = 0; i < out->n_ops; i++)
        if (!strcmp(out->ops[i].name, name)) return (int)i;
    if (out->n_ops == MEMSIM_LLM_MAX_OPS) return -1;
    snprintf(out->ops[out->n_ops].name, sizeof out->ops[0].name, "%s", name);
    return (int)out->n_ops++;
}

static double stat(const memsim_sim *sim, const char *key)
{
    double v = 0;
    memsim_sim_stat(sim, -1, key, &v);
    return v;
}

/* Fills the result once the run has ended at cycle `end`. */
static int results(runner *R, uint64_t end, const unsigned first[LLM_PARTS],
                   const unsigned second[LLM_PARTS], memsim_llm_result *out)
{
    const llm_plan *p = R->plan;
    double tck = memsim_sim_tck_ps(R->sim) * 1e-12;
    double extra = 0, extrap_bytes = 0;
    double *gtime = calloc(p->n_groups, sizeof *gtime);
    if (!gtime) return 0;
    /* a simulated group: from the previous group's end to its own, plus its
     * extrapolated tiles */
    uint64_t prev = 0;
    for (uint32_t g = 0; g < p->n_groups; g++)
        if (!R->gs[g].skip) {
            gtime[g] = (double)(R->gs[g].done_cycle - prev) + R->gs[g].extrap_cycles;
            prev = R->gs[g].done_cycle;
            extrap_bytes += R->gs[g].extrap_bytes;
        }
    /* an extrapolated layer: the mean of the part's two simulated layers,
     * group by group, scaled by the layer's bytes. The mean, because the
     * first layer also fetches the head of the second one ahead (as far as
     * the buffers reach) and the second profits from it; the second fetches
     * nothing ahead (the fence), so the two together are two steady layers. */
    for (unsigned part = 0; part < LLM_PARTS; part++) {
        if (second[part] == UINT32_MAX) continue;
        uint32_t ref0 = UINT32_MAX, f0 = UINT32_MAX;
        double bref = 0;
        for (uint32_t g = 0; g < p->n_groups; g++) {
            const llm_group *G = &p->groups[g];
            if (!G->in_layer || G->part != part) continue;
            if (G->layer == second[part] && ref0 == UINT32_MAX) ref0 = g;
            if (G->layer == first[part] && f0 == UINT32_MAX) f0 = g;
            if (G->layer == second[part] || G->layer == first[part])
                bref += group_bytes(p, g) / 2.0;
        }
        for (uint32_t g = 0; g < p->n_groups;) {
            const llm_group *G = &p->groups[g];
            if (!R->gs[g].skip || G->part != part) {
                g++;
                continue;
            }
            uint32_t g0 = g;
            double bl = 0;
            while (g < p->n_groups && R->gs[g].skip && p->groups[g].layer == G->layer &&
                   p->groups[g].part == part)
                bl += group_bytes(p, g++);
            double scale = bref > 0 ? bl / bref : 1.0;
            extrap_bytes += bl;
            for (uint32_t j = g0; j < g; j++) {
                gtime[j] = (gtime[f0 + (j - g0)] + gtime[ref0 + (j - g0)]) / 2.0 * scale;
                extra += gtime[j];
            }
        }
    }
    double v_end = (double)end + R->extrap_cycles + extra;
    out->step_time_s = v_end * tck;
    out->tokens = p->tokens;
    out->tokens_per_s = p->tokens / out->step_time_s;
    out->time_per_token_ms = R->step->phase == MEMSIM_LLM_DECODE
                                 ? out->step_time_s * 1e3
                                 : out->step_time_s * 1e3 / p->tokens;
    out->weight_bytes = p->class_bytes[LLM_W];
    out->kv_read_bytes = p->class_bytes[LLM_KVR];
    out->kv_write_bytes = p->class_bytes[LLM_KVW];
    out->act_bytes = p->class_bytes[LLM_ACT];
    out->optimizer_bytes = p->class_bytes[LLM_OPT];
    out->bytes = 0;
    for (int c = 0; c < LLM_CLASSES; c++)
        out->bytes += p->class_bytes[c];
    out->flops = p->flops;
    out->hbm_bandwidth_gbps = out->bytes / out->step_time_s / 1e9;
    out->peak_gbps = stat(R->sim, "peak_gbps");
    out->read_latency_ns = stat(R->sim, "read_latency_ns.mean");
    double peak_flops = p->peak_tflops * 1e12;
    double t_mem = out->bytes / (out->peak_gbps * 1e9);
    double t_cmp = peak_flops > 0 ? p->flops / peak_flops : 0;
    out->roofline_tokens_per_s = p->tokens / t_mem;
    out->roofline_ratio = out->tokens_per_s / out->roofline_tokens_per_s;
    out->compute_tokens_per_s = t_cmp > 0 ? p->tokens / t_cmp : 0;
    out->compute_utilization = peak_flops > 0 ? p->flops / (out->step_time_s * peak_flops) : 0;
    out->memory_bound = t_mem >= t_cmp;
    double sim_bytes = out->bytes - extrap_bytes;
    out->simulated_fraction = out->bytes > 0 ? sim_bytes / out->bytes : 1.0;
    out->simulated_time_s = (double)end * tck;
    out->tolerance = R->step->tolerance;
    out->layers = p->layers;
    out->layers_simulated = p->layers < 2 || R->step->full ? p->layers : 2;
    out->ops_extrapolated = 0;
    for (uint32_t g = 0; g < p->n_groups; g++)
        out->ops_extrapolated += (unsigned)R->gs[g].cut;
    /* memory energy: per byte for commands, per second for standby,
     * refresh and buffers */
    double e_total = stat(R->sim, "energy.total_pj");
    double e_time = stat(R->sim, "energy.background_pj") + stat(R->sim, "energy.bank_open_pj") +
                    stat(R->sim, "energy.refresh_pj") + stat(R->sim, "energy.buffer_pj");
    double e_step = 0;
    if (sim_bytes > 0 && end > 0)
        e_step = (e_total - e_time) * out->bytes / sim_bytes + e_time * v_end / (double)end;
    out->energy_per_token_j = e_step * 1e-12 / p->tokens;
    out->memory_power_w = e_step * 1e-12 / out->step_time_s;
    /* operators */
    out->n_ops = 0;
    double assigned = 0;
    for (uint32_t g = 0; g < p->n_groups; g++) {
        int i = op_index(out, p->groups[g].name);
        if (i < 0) continue;
        memsim_llm_op_stat *o = &out->ops[i];
        o->bytes += group_bytes(p, g);
        o->flops += p->groups[g].flops;
        double t = gtime ? gtime[g] : 0;
        o->time_s += t * tck;
        assigned += t;
        if (!R->gs[g].skip) o->simulated_bytes += group_bytes(p, g) - R->gs[g].extrap_bytes;
    }
    /* the drain after the last compute (the final writes) */
    int last = p->n_groups ? op_index(out, p->groups[p->n_groups - 1].name) : -1;
    if (last >= 0) out->ops[last].time_s += (v_end - assigned) * tck;
    free(gtime);
    return 1;
}

static memsim_status setup(runner *R, const memsim_accel *chip, const memsim_llm_step *s)
{
    R->C = chip->cores;
    R->E = chip->dma_engines;
    R->buffers = chip->buffers;
    R->cap = chip->dma_outstanding;
    R->tx = R->sim->spec.tx_bytes;
    double tck = memsim_sim_tck_ps(R->sim) * 1e-12;
    R->bpc = chip->dma_gbps * 1e9 * tck;
    R->peak_bpc = stat(R->sim, "peak_gbps") * 1e9 * tck;
    R->fpc = s->no_compute
                 ? 0
                 : R->plan->peak_tflops * 1e12 * chip->compute_efficiency / (double)R->C * tck;
    uint64_t sram = (uint64_t)(chip->sram_mib * 1048576.0);
    uint64_t tile = s->tile_kib ? (uint64_t)s->tile_kib * 1024u : sram / R->buffers;
    if (!s->tile_kib && tile > 1048576u) tile = 1048576u;
    R->tile = align_down(tile, R->tx);
    if (R->tile < R->tx) R->tile = R->tx;
    const ms_spec *sp = &R->sim->spec;
    /* a window holds at least one refresh of each rank (all-bank refresh
     * comes once per tREFI; per-bank and same-bank refresh more often) and
     * lasts at least 1 us */
    uint64_t us = (uint64_t)(1e-6 / tck) + 1u;
    R->win_len = sp->refresh_on && sp->ref_interval > us ? sp->ref_interval : us;
    R->win_end = R->win_len;
    size_t G = R->plan->n_groups;
    R->cores = calloc(R->C, sizeof *R->cores);
    R->slots = calloc((size_t)R->C * R->buffers, sizeof *R->slots);
    R->eng = calloc((size_t)R->C * R->E, sizeof *R->eng);
    R->gs = calloc(G, sizeof *R->gs);
    if (!R->cores || !R->slots || !R->eng || !R->gs) return MEMSIM_E_NOMEM;
    return MEMSIM_OK;
}

memsim_status memsim_llm_run(const memsim_accel *chip, const memsim_llm_model *m,
                             const memsim_llm_step *s, memsim_llm_result *out, char *err,
                             size_t err_len)
{
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    memset(out, 0, sizeof *out);
    char e2[512];
    if (!chip->cores || !chip->dma_engines || chip->dma_gbps <= 0 || chip->buffers < 2 ||
        !chip->dma_outstanding || chip->sram_mib <= 0) {
        snprintf(err, err_len,
                 "%s: cores, dma engines, dma bandwidth, outstanding and SRAM must be positive "
                 "and buffers at least 2",
                 chip->name);
        return MEMSIM_E_INVALID;
    }
    if ((uint64_t)chip->cores * chip->dma_engines >= (1u << 23) ||
        (uint64_t)chip->cores * chip->buffers >= (1u << 19)) {
        snprintf(err, err_len, "%s: too many cores, engines or buffers", chip->name);
        return MEMSIM_E_INVALID;
    }
    if (s->tolerance <= 0 || s->tolerance >= 1) {
        snprintf(err, err_len, "tolerance must be between 0 and 1 (exclusive), got %g",
                 s->tolerance);
        return MEMSIM_E_INVALID;
    }
    memsim_llm_model mm = *m;
    memsim_status st = memsim_llm_model_check(&mm, err, err_len);
    if (st != MEMSIM_OK) return st;
    /* the memory first: its capacity decides whether the step fits, before
     * the plan's operators are made */
    runner R;
    memset(&R, 0, sizeof R);
    R.step = s;
    st = make_memory(chip, &R.sim, err, err_len);
    if (st != MEMSIM_OK) return st;
    llm_plan plan;
    double capacity = (double)memsim_sim_capacity(R.sim);
    st = memsim__llm_plan(chip, &mm, s, capacity, &plan, err, err_len);
    if (st == MEMSIM_E_NOMEM) snprintf(err, err_len, "out of memory building the step's plan");
    if (st == MEMSIM_OK && plan.n_groups >= (1u << 20)) {
        memsim__llm_plan_free(&plan);
        snprintf(err, err_len, "the step has too many operators (%zu)", plan.n_groups);
        st = MEMSIM_E_INVALID;
    }
    if (st != MEMSIM_OK) {
        memsim_sim_free(R.sim);
        return st;
    }
    R.plan = &plan;
    out->capacity_bytes = capacity;
    out->footprint_bytes = plan.footprint;
    if (plan.footprint > out->capacity_bytes) {
        snprintf(e2, sizeof e2,
                 "%s: the step needs %.1f GB of memory per chip but %s has %.1f GB: use more "
                 "chips (--tp), a smaller batch or context, or 1-byte weights",
                 mm.name, plan.footprint / 1e9, chip->name, out->capacity_bytes / 1e9);
        snprintf(err, err_len, "%s", e2);
        memsim_sim_free(R.sim);
        memsim__llm_plan_free(&plan);
        return MEMSIM_E_INVALID;
    }
    st = setup(&R, chip, s);
    unsigned first[LLM_PARTS], second[LLM_PARTS];
    if (st == MEMSIM_OK) {
        mark_layers(&R, first, second);
        for (uint32_t g = 0; g < plan.n_groups; g++) {
            if (R.gs[g].skip) continue;
            R.groups_left++;
            uint64_t rd = plan.groups[g].rd_bytes, t = rd ? (rd + R.tile - 1) / R.tile : 1;
            /* compute is shared per tile: a group with flops gets a tile per
             * buffer of every core, so that an operator reading little (prefill
             * attention) still computes on all cores; the extra tiles read
             * nothing */
            uint64_t spread = (uint64_t)R.C * R.buffers;
            if (plan.groups[g].flops > 0 && t < spread) t = spread;
            R.gs[g].tiles = R.gs[g].tiles_left = t;
        }
        if (!enter_group(&R, 0)) st = MEMSIM_E_NOMEM;
    }
    memsim_sim_set_callback(R.sim, on_done, &R);
    while (st == MEMSIM_OK) {
        uint64_t now = memsim_sim_cycle(R.sim);
        if (!advance_cores(&R, now)) {
            st = MEMSIM_E_NOMEM;
            break;
        }
        issue(&R, now);
        if (R.groups_left == 0 && R.pending_wr == 0 && memsim_sim_pending(R.sim) == 0 &&
            engines_idle(&R))
            break;
        R.any_done = 0;
        memsim_sim_tick(R.sim);
        now++;
        if (now >= R.win_end) {
            window(&R, now);
            R.win_end += R.win_len;
        }
        if (R.any_done || R.next_cycle_block) continue;
        uint64_t t = memsim_sim_next_event(R.sim);
        for (unsigned c = 0; c < R.C; c++)
            if (R.cores[c].busy && R.cores[c].compute_end < t) t = R.cores[c].compute_end;
        for (unsigned i = 0; i < R.C * R.E; i++) {
            const engine *e = &R.eng[i];
            if (e->n && e->outstanding < R.cap) {
                /* ready now (its time fell inside the last cycle) or later */
                uint64_t w = e->next_ok > (double)now ? (uint64_t)ceil(e->next_ok) : now;
                if (w < t) t = w;
            }
        }
        if (R.win_end < t) t = R.win_end;
        if (t == UINT64_MAX) {
            snprintf(err, err_len, "internal: the LLM step is stuck at cycle %llu",
                     (unsigned long long)now);
            st = MEMSIM_E_STALL;
            break;
        }
        if (t > now) memsim_sim_skip_to(R.sim, t);
    }
    if (st == MEMSIM_OK) {
        uint64_t end = memsim_sim_cycle(R.sim);
        for (unsigned c = 0; c < R.sim->spec.channels; c++)
            memsim__chan_finish_stats(&R.sim->ch[c], end);
        if (!results(&R, end, first, second, out)) st = MEMSIM_E_NOMEM;
        clock_gettime(CLOCK_MONOTONIC, &t1);
        out->wall_s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9;
    } else if (st == MEMSIM_E_NOMEM) {
        snprintf(err, err_len, "out of memory");
    }
    free_runner(&R);
    memsim_sim_free(R.sim);
    memsim__llm_plan_free(&plan);
    return st;
}
