/*
 * ctrl.c - one channel's memory controller.
 *
 * A tick at cycle t issues at most one command, chosen in this order:
 *   1. urgent refresh: a rank (or, in same-bank mode, a bank set) whose
 *      postponed refreshes reached the JEDEC limit is blocked for requests and
 *      gets PREA/PRESB then REF/REFSB as soon as timing allows;
 *   2. requests of the active queue (reads, or writes while draining between
 *      the high and low watermarks): FR-FCFS takes the oldest ready column
 *      command (row hit), else the oldest ready ACT/PRE; a PRE that would close
 *      a row other queued requests hit is held back. A request older than the
 *      age cap reserves its bank. FCFS serves the oldest request only;
 *   3. opportunistic refresh of a rank with nothing queued;
 *   4. the page policy: closed pages precharge with RDA/WRA when no other
 *      queued request hits the row; adaptive pages close after a timeout.
 * The same pass computes the next cycle at which anything can happen (the
 * tick's wake-up), so skipping idle cycles changes nothing: between
 * events no state changes, and every time-dependent decision (refresh due,
 * age cap, page timeout, timing readiness) is an event. After an issue or an
 * enqueue the wake-up is recomputed from what changed (wake_after_issue(),
 * wake_after_enqueue()), never later than the first cycle a tick could act.
 *
 * Speed (issue 5, bench/results/speed-notes.md): the scheduler keeps each
 * bank's candidate per queue (ms_cand: request, command, bank-group/bank part
 * of its ready time), recomputed only when marked dirty (forget(): bits in
 * the queue's bitmaps; only banks holding requests are recomputed, and a
 * bank part only for the commands whose entries changed), and groups
 * candidates by (rank, command) so that a group whose shared channel/rank
 * part is not yet reached costs one check. With a command grid (HBM, MRDIMM:
 * many groups per channel) each group's least bank part is cached as well,
 * so a group none of whose banks is ready costs one check too. Two command
 * buses (HBM) get the same precise wake-ups as one.
 *
 * This file is longer than the style's 600 lines because the scheduler's
 * fast path and its invariants are kept together: moving the scheduler to its
 * own file was measured at +2.4 to +3.3 % instructions (calls across files,
 * no link-time optimisation in the build).
 */
#include <stdlib.h>
#include <string.h>

#include "core/engine.h"

#define CMDN MS_CMD_COUNT

static uint64_t min64(uint64_t a, uint64_t b)
{
    return a < b ? a : b;
}

static void *zalloc(size_t n, size_t sz)
{
    return calloc(n ? n : 1, sz);
}

memsim_status memsim__chan_init(ms_channel *c, const ms_spec *s, const ms_timing *tm, unsigned id)
{
    memset(c, 0, sizeof *c);
    c->id = id;
    c->spec = s;
    c->timing = tm;
    c->has_pc = tm->has_pc;
    c->grid = tm->has_pc || s->col_align > 1 || s->host_mux;
    size_t R = s->nranks, G = R * s->bankgroups, NB = G * s->banks_per_group;
    c->nb = (unsigned)NB;
    size_t win = 0;
    for (unsigned k = 0; k < tm->n_win; k++)
        win += NB * tm->win[k].window;
    c->nx_ch = zalloc(CMDN, sizeof(uint64_t));
    c->nx_pc = zalloc(s->pcs * CMDN, sizeof(uint64_t));
    c->nx_rank = zalloc(R * CMDN, sizeof(uint64_t));
    c->nx_bg = zalloc(G * CMDN, sizeof(uint64_t));
    c->nx_bank = zalloc(NB * CMDN, sizeof(uint64_t));
    c->win_ring = zalloc(win, sizeof(uint64_t));
    c->win_pos = zalloc(NB * (tm->n_win ? tm->n_win : 1), 1);
    c->open_row = zalloc(NB, sizeof(int32_t));
    c->last_col = zalloc(NB, sizeof(uint64_t));
    c->pend = zalloc(NB, sizeof(uint16_t));
    c->hits = zalloc(2 * NB, sizeof(uint16_t));
    c->rank_pend = zalloc(R, sizeof(unsigned));
    c->rank_open = zalloc(R, sizeof(unsigned));
    c->rank_pc = zalloc(R, 1);
    c->ref_due = zalloc(R, sizeof(uint64_t));
    c->ref_debt = zalloc(R, sizeof(unsigned));
    c->ref_next_bank = zalloc(R, sizeof(unsigned));
    c->ref_busy = zalloc(R, 1);
    c->open_at = zalloc(NB, sizeof(uint64_t));
    /* In flight after the column command: at most one burst per nBL clocks
     * (per nBL_HOST through a host interface) for max(CL, CWL) + nBL (+ nMUX)
     * clocks, plus slack. */
    unsigned lat = (s->t[MS_T_CL] > s->t[MS_T_CWL] ? s->t[MS_T_CL] : s->t[MS_T_CWL]) +
                   s->t[MS_T_BL] + s->t[MS_T_MUX];
    unsigned gap = s->host_mux ? s->t[MS_T_BL_HOST] : s->t[MS_T_BL] / s->pcs;
    unsigned cap = 16;
    while (cap < lat / (gap ? gap : 1) + 8)
        cap *= 2;
    c->done.d = zalloc(cap, sizeof(ms_done));
    c->done.cap = cap;
    if (!c->nx_ch || !c->nx_pc || !c->nx_rank || !c->nx_bg || !c->nx_bank || !c->win_ring ||
        !c->win_pos || !c->open_row || !c->last_col || !c->pend || !c->hits || !c->rank_pend ||
        !c->rank_open || !c->rank_pc || !c->ref_due || !c->ref_debt || !c->ref_next_bank ||
        !c->ref_busy || !c->open_at || !c->done.d ||
        memsim__queue_init(&c->rq, s->rq_depth, (unsigned)NB, (unsigned)R) != MEMSIM_OK ||
        memsim__queue_init(&c->wq, s->wq_depth, (unsigned)NB, (unsigned)R) != MEMSIM_OK) {
        memsim__chan_free(c);
        return MEMSIM_E_NOMEM;
    }
    for (size_t i = 0; i < win; i++)
        c->win_ring[i] = MS_NEVER;
    for (size_t b = 0; b < NB; b++)
        c->open_row[b] = -1;
    for (size_t r = 0; r < R; r++) { /* stagger the ranks across one interval */
        c->ref_due[r] = s->ref_interval + r * s->ref_interval / R;
        c->rank_pc[r] = (uint8_t)(r / s->ranks);
    }
    return MEMSIM_OK;
}

void memsim__chan_free(ms_channel *c)
{
    void *p[] = {c->nx_ch,         c->nx_pc,     c->nx_rank,   c->nx_bg,    c->nx_bank,
                 c->win_ring,      c->win_pos,   c->open_row,  c->last_col, c->pend,
                 c->hits,          c->rank_pend, c->rank_open, c->ref_due,  c->ref_debt,
                 c->ref_next_bank, c->ref_busy,  c->done.d,    c->open_at,  c->rank_pc};
    for (size_t i = 0; i < sizeof p / sizeof p[0]; i++)
        free(p[i]);
    memsim__queue_free(&c->rq);
    memsim__queue_free(&c->wq);
    memset(c, 0, sizeof *c);
}

/* ---- bookkeeping ---------------------------------------------------- */

static void occupancy(ms_channel *c, uint64_t t)
{
    uint64_t dt = t - c->st.last_change;
    c->st.rq_area += (uint64_t)c->rq.n * dt;
    c->st.wq_area += (uint64_t)c->wq.n * dt;
    c->st.last_change = t;
}

static unsigned bank_index(const ms_spec *s, unsigned rank, unsigned bg, unsigned ba)
{
    return (rank * s->bankgroups + bg) * s->banks_per_group + ba;
}

static void recount_hits(ms_channel *c, unsigned bank, uint32_t row)
{
    const ms_queue *qs[2] = {&c->rq, &c->wq};
    for (unsigned k = 0; k < 2; k++) {
        uint16_t n = 0;
        for (uint16_t i = qs[k]->bank_head[bank]; i != MS_NIL; i = qs[k]->bnext[i])
            if (qs[k]->e[i].row == row) n++;
        c->hits[k * c->nb + bank] = n;
    }
}

static uint16_t *hits_of(ms_channel *c, unsigned k, unsigned bank)
{
    return &c->hits[k * c->nb + bank];
}

/* Marks the scheduler's cached candidates of banks [first, first + n) for
 * recomputation in both queues (both: closed-page commands depend on the hits
 * of both): whole (`whole`: the bank's requests, state or hits changed) or
 * only the bank part of their ready time (only its timing entries did). */
static void forget(ms_channel *c, unsigned first, unsigned n, int whole)
{
    memsim__queue_dirty(&c->rq, first, n, whole);
    memsim__queue_dirty(&c->wq, first, n, whole);
}

/* forget() of one bank, whole: one bit per queue. */
static inline void forget_bank(ms_channel *c, unsigned b)
{
    uint64_t m = 1ull << (b & 63u);
    c->rq.dirty[b >> 6] |= m;
    c->rq.dirty_all[b >> 6] |= m;
    c->wq.dirty[b >> 6] |= m;
    c->wq.dirty_all[b >> 6] |= m;
    c->rq.n_dirty = c->wq.n_dirty = 1;
}

/* After a bank-scope command: bank `bank` whole, the other banks of its group
 * [first, first + n) their part for commands `cmds` (a bit each); usually a
 * few bits of one word. */
static inline void forget_group(ms_channel *c, unsigned first, unsigned n, unsigned bank,
                                uint16_t cmds)
{
    unsigned lo = first & 63u, w = first >> 6;
    if (n >= 64u || n > 64u - lo) {
        forget(c, first, n, 0);
        forget_bank(c, bank);
        return;
    }
    uint64_t m = ((1ull << n) - 1u) << lo, mb = 1ull << (bank & 63u);
    c->rq.dirty[w] |= m;
    c->rq.dirty_all[w] |= mb;
    c->wq.dirty[w] |= m;
    c->wq.dirty_all[w] |= mb;
    c->rq.n_dirty = c->wq.n_dirty = 1;
    c->rq.part_cmds |= cmds;
    c->wq.part_cmds |= cmds;
}

/* Closes `bank`, whose precharge starts at t (later than now for RDA/WRA). */
static void close_bank(ms_channel *c, unsigned rank, unsigned bank, uint64_t t)
{
    if (c->open_row[bank] >= 0) {
        c->open_row[bank] = -1;
        c->st.pre_banks++;
        c->st.open_cycles += t - c->open_at[bank];
        c->rank_open[rank]--;
        *hits_of(c, 0, bank) = 0;
        *hits_of(c, 1, bank) = 0;
    }
}

static void trace_cmd(const ms_channel *c, FILE *tr, ms_cmd cmd, uint64_t t, unsigned rank, int bg,
                      int ba, long row, long col)
{
    const ms_spec *s = c->spec;
    /* exact: cycle time = 1e6 x beats per clock / (rate x cycles per clock) ps */
    uint64_t t_ps = t * s->tps_num / s->tps_den;
    fprintf(tr, "%llu,%llu,%u,%u,%u,%d,%d,%ld,%ld,%s\n", (unsigned long long)t_ps,
            (unsigned long long)t, c->id, rank / s->ranks, rank % s->ranks, bg, ba, row, col,
            memsim__cmd_names[cmd]);
}

/* A rank must refresh before anything else once it owes the most refreshes
 * JEDEC lets it postpone (with a limit of 0: as soon as one is owed). */
static uint8_t refresh_urgent(const ms_channel *c, unsigned r)
{
    return c->ref_debt[r] > 0 && c->ref_debt[r] >= c->spec->ref_max_postpone;
}

static void set_busy(ms_channel *c, unsigned r, uint8_t busy)
{
    c->n_busy = c->n_busy - c->ref_busy[r] + busy;
    c->ref_busy[r] = busy;
}

/* Issues `cmd` and updates bank state, refresh state and command statistics. */
static void issue(ms_channel *c, ms_cmd cmd, unsigned rank, unsigned bg, unsigned ba, uint32_t row,
                  uint32_t col, uint64_t t, FILE *tr)
{
    const ms_spec *s = c->spec;
    unsigned per_rank = s->bankgroups * s->banks_per_group, first = rank * per_rank;
    unsigned bank = first + bg * s->banks_per_group + ba;
    long trow = -1;
    memsim__apply_inline(c, c->timing->plan_ctl, cmd, rank, bg, ba, bank, t);
    /* Bank parts change only in the issuing rank, and candidates move between
     * groups only there: its groups' least parts go (kept with a grid only). */
    if (c->grid && rank < MS_GROUP_RANKS) {
        c->rq.grp_min_ok &= ~(0xFFull << (rank * 8u));
        c->wq.grp_min_ok &= ~(0xFFull << (rank * 8u));
    }
    /* Timing entries change in its bank group (in its rank if the command
     * reaches wider), bank state only in its bank (in the rank for rank-scope
     * and bank-set commands). */
    if (memsim__cmd_scope[cmd] != MS_SCOPE_BANK) {
        forget(c, first, per_rank, 1);
    } else {
        if (c->timing->wide[cmd]) {
            forget(c, first, per_rank, 0);
            forget_bank(c, bank);
        } else if (c->timing->grp_cmds[cmd]) {
            forget_group(c, bank - ba, s->banks_per_group, bank, c->timing->grp_cmds[cmd]);
        } else { /* nothing changes at the other banks (a PRE) */
            forget_bank(c, bank);
        }
    }
    switch (cmd) {
    case MS_CMD_ACT:
        c->open_row[bank] = (int32_t)row;
        c->open_at[bank] = t;
        c->rank_open[rank]++;
        recount_hits(c, bank, row);
        trow = (long)row;
        break;
    case MS_CMD_PRE:
        trow = c->open_row[bank];
        close_bank(c, rank, bank, t);
        break;
    case MS_CMD_PREA:
        for (unsigned g = 0; g < s->bankgroups; g++)
            for (unsigned b = 0; b < s->banks_per_group; b++)
                close_bank(c, rank, bank_index(s, rank, g, b), t);
        break;
    case MS_CMD_PRESB:
        for (unsigned g = 0; g < s->bankgroups; g++)
            close_bank(c, rank, bank_index(s, rank, g, ba), t);
        break;
    case MS_CMD_RDA:
    case MS_CMD_WRA: {
        /* the internal precharge: after tRTP (tWR) and not before tRAS */
        uint64_t pre = t + (cmd == MS_CMD_RDA ? s->t[MS_T_RTP]
                                              : s->t[MS_T_CWL] + s->t[MS_T_BL] + s->t[MS_T_WR]);
        uint64_t ras = c->nx_bank[bank * CMDN + MS_CMD_PRE];
        if (ras > pre) pre = ras;
        close_bank(c, rank, bank, pre);
    }
        /* fall through */
    case MS_CMD_RD:
    case MS_CMD_WR:
        c->last_col[bank] = t;
        trow = (long)row;
        break;
    case MS_CMD_REF:
    case MS_CMD_REFSB:
    case MS_CMD_REFPB:
        if (c->ref_debt[rank]) c->ref_debt[rank]--;
        c->ref_owed = 0;
        for (unsigned r = 0; r < s->nranks; r++)
            if (c->ref_debt[r]) c->ref_owed = 1;
        /* energy: the refreshed banks count as open for the refresh cycle */
        c->st.open_cycles += cmd == MS_CMD_REF
                                 ? (uint64_t)s->t[MS_T_RFC] * s->bankgroups * s->banks_per_group
                             : cmd == MS_CMD_REFSB ? (uint64_t)s->t[MS_T_RFCSB] * s->bankgroups
                                                   : s->t[MS_T_RFCPB];
        if (cmd != MS_CMD_REF)
            c->ref_next_bank[rank] = (c->ref_next_bank[rank] + 1u) % s->ref_units;
        set_busy(c, rank, refresh_urgent(c, rank));
        break;
    default:
        break;
    }
    c->st.cmds[cmd]++;
    if (tr) {
        int scope = memsim__cmd_scope[cmd];
        int tbg = scope == MS_SCOPE_BANK ? (int)bg : -1;
        int tba = scope == MS_SCOPE_RANK ? -1 : (int)ba;
        long tcol = (cmd >= MS_CMD_RD && cmd <= MS_CMD_WRA) ? (long)col : -1;
        trace_cmd(c, tr, cmd, t, rank, tbg, tba, trow, tcol);
    }
}

/* ---- refresh -------------------------------------------------------- */

/* Books the refreshes that fell due by t. Nothing changes before the
 * earliest due time, and a rank's urgency changes only with its debt (a REF
 * sets ref_busy from it), so most ticks return at once. */
static void refresh_due(ms_channel *c, uint64_t t)
{
    const ms_spec *s = c->spec;
    if (!s->refresh_on || t < c->ref_next) return;
    uint64_t first = MS_NEVER;
    for (unsigned r = 0; r < s->nranks; r++) {
        while (t >= c->ref_due[r]) {
            c->ref_debt[r]++;
            c->ref_due[r] += s->ref_interval;
        }
        if (refresh_urgent(c, r)) set_busy(c, r, 1);
        if (c->ref_debt[r]) c->ref_owed = 1;
        first = min64(first, c->ref_due[r]);
    }
    c->ref_next = first;
}

/* The next command of rank r's refresh: PREA/REF, PRESB/REFSB for bank set
 * *ba, or PRE/REFPB for bank (*bg, *ba). */
static ms_cmd refresh_cmd(const ms_channel *c, unsigned r, unsigned *bg, unsigned *ba)
{
    const ms_spec *s = c->spec;
    *bg = *ba = 0;
    if (s->refresh_pb) {
        *bg = c->ref_next_bank[r] / s->banks_per_group;
        *ba = c->ref_next_bank[r] % s->banks_per_group;
        return c->open_row[bank_index(s, r, *bg, *ba)] >= 0 ? MS_CMD_PRE : MS_CMD_REFPB;
    }
    if (!s->refresh_sb) return c->rank_open[r] ? MS_CMD_PREA : MS_CMD_REF;
    *ba = c->ref_next_bank[r];
    for (unsigned g = 0; g < s->bankgroups; g++)
        if (c->open_row[bank_index(s, r, g, *ba)] >= 0) return MS_CMD_PRESB;
    return MS_CMD_REFSB;
}

/* Is a request to (rank, ba) blocked by an urgent refresh? */
static inline int refresh_blocks(const ms_channel *c, const ms_req *q)
{
    if (!c->ref_busy[q->rank]) return 0;
    if (c->spec->refresh_pb)
        return c->ref_next_bank[q->rank] == (unsigned)(q->bg * c->spec->banks_per_group + q->ba);
    return !c->spec->refresh_sb || c->ref_next_bank[q->rank] == q->ba;
}

/* Tries rank refreshes: urgent ones (busy) or, if `idle`, those of ranks with
 * nothing queued. Issues one if ready; else lowers *next to its ready time. */
static inline __attribute__((always_inline)) int try_refresh(ms_channel *c, uint64_t t, int idle,
                                                             uint64_t *next, FILE *tr, int dry)
{
    const ms_spec *s = c->spec;
    if (!s->refresh_on || !c->ref_owed || (!idle && !c->n_busy)) return 0;
    for (unsigned r = 0; r < s->nranks; r++) {
        int want =
            idle ? (c->ref_debt[r] > 0 && !c->ref_busy[r] && c->rank_pend[r] == 0) : c->ref_busy[r];
        if (!want) continue;
        unsigned bg, ba;
        ms_cmd cmd = refresh_cmd(c, r, &bg, &ba);
        uint64_t ready = memsim__align(s, cmd, r / s->ranks, memsim__ready(c, cmd, r, bg, ba), t);
        if (ready <= t && !dry) {
            /* A started sequence is finished: the precharge would be wasted
             * (and repeated) if new requests could reopen the banks first. */
            if (cmd == MS_CMD_PREA || cmd == MS_CMD_PRESB || cmd == MS_CMD_PRE) set_busy(c, r, 1);
            issue(c, cmd, r, bg, ba, 0, 0, t, tr);
            return 1;
        }
        *next = min64(*next, ready);
    }
    return 0;
}

/* ---- requests ------------------------------------------------------- */

static inline ms_cmd needed(const ms_channel *c, const ms_req *q)
{
    int32_t open = c->open_row[q->bank];
    if (open < 0) return MS_CMD_ACT;
    if ((uint32_t)open != q->row) return MS_CMD_PRE;
    if (c->spec->page_policy == MS_PAGE_CLOSED) {
        if (c->hits[q->bank] + c->hits[c->nb + q->bank] <= 1)
            return q->is_write ? MS_CMD_WRA : MS_CMD_RDA;
    }
    return q->is_write ? MS_CMD_WR : MS_CMD_RD;
}

static ms_queue *active_queue(ms_channel *c)
{
    if (c->draining) return c->wq.n ? &c->wq : (c->rq.n ? &c->rq : NULL);
    if (c->rq.n) return &c->rq;
    return c->wq.n ? &c->wq : NULL;
}

static void update_drain(ms_channel *c)
{
    if (!c->draining && c->wq.n >= c->spec->wr_high)
        c->draining = 1;
    else if (c->draining && c->wq.n <= c->spec->wr_low)
        c->draining = 0;
}

static void serve_column(ms_channel *c, ms_queue *q, uint16_t i, ms_cmd cmd, uint64_t t, FILE *tr)
{
    const ms_spec *s = c->spec;
    ms_req r = q->e[i];
    occupancy(c, t);
    memsim__queue_remove(q, i);
    forget_bank(c, r.bank);
    unsigned k = (q == &c->wq);
    uint16_t *h = hits_of(c, k, r.bank);
    if (*h) (*h)--;
    c->pend[r.bank]--;
    c->rank_pend[r.rank]--;
    issue(c, cmd, r.rank, r.bg, r.ba, r.row, r.col, t, tr);
    /* A read completes when the host has its data: through an MRDIMM's
     * buffers, nBL_HOST + nMUX + the slot skew after the device's CL (the
     * device burst ends within nMUX). A write completes when the devices
     * have it. */
    uint64_t done = t + (r.is_write    ? s->t[MS_T_CWL] + s->t[MS_T_BL]
                         : s->host_mux ? s->t[MS_T_CL] + s->t[MS_T_BL_HOST] + s->t[MS_T_MUX] +
                                             memsim__pc_skew(s, r.rank / s->ranks)
                                       : s->t[MS_T_CL] + s->t[MS_T_BL]);
    uint64_t lat = done - r.arrival;
    if (r.is_write) {
        c->st.writes++;
        memsim__hist_add(&c->st.wr_lat, lat);
    } else {
        c->st.reads++;
        memsim__hist_add(&c->st.rd_lat, lat);
    }
    if (r.caused & MS_SET(MS_CMD_PRE))
        c->st.row_conflicts++;
    else if (r.caused & MS_SET(MS_CMD_ACT))
        c->st.row_misses++;
    else
        c->st.row_hits++;
    c->st.busy_cycles += s->host_mux ? s->t[MS_T_BL_HOST] : s->t[MS_T_BL];
    ms_ring *d = &c->done;
    d->d[(d->head + d->n) % d->cap] = (ms_done){done, r.id, r.is_write};
    d->n++;
}

/* Recomputes the dirty candidates of queue q: for each bank with requests, its
 * oldest request hitting the open row if any (their PREs are held back), else
 * its oldest request; the command it needs and the bank part of that
 * command's ready time; and its (rank, command) group. */
static void refresh_cands(const ms_channel *c, ms_queue *q, const uint16_t *hits)
{
    for (unsigned w = 0; w < q->words; w++) {
        uint64_t bits = q->dirty[w] & q->occ[w], all = q->dirty_all[w];
        q->dirty[w] = q->dirty_all[w] = 0;
        for (; bits; bits &= bits - 1u) {
            unsigned j = (unsigned)__builtin_ctzll(bits), b = w * 64u + j;
            ms_cand *k = &q->cand[b];
            if (!(all >> j & 1u)) { /* only its timing entries changed, maybe */
                if ((unsigned)q->part_cmds >> k->cmd & 1u)
                    k->part = memsim__ready_part(c, (ms_cmd)k->cmd, b);
                continue;
            }
            uint16_t i = q->bank_head[b];
            if (hits[b]) {
                uint32_t open = (uint32_t)c->open_row[b];
                uint16_t h = i;
                while (h != MS_NIL && q->e[h].row != open)
                    h = q->bnext[h];
                if (h != MS_NIL) i = h; /* always found: hits counts these requests */
            }
            const ms_req *r = &q->e[i];
            ms_cmd want = needed(c, r);
            k->part = memsim__ready_part(c, want, b);
            k->seq = r->seq;
            k->slot = i;
            k->cmd = (uint8_t)want;
            k->rank = r->rank;
            unsigned g = r->rank * 8u + want;
            if (q->grp_bank && k->grp != g + 1u) memsim__queue_regroup(q, b, g);
        }
    }
    q->n_dirty = 0;
    q->part_cmds = 0;
}

/* Column groups (RD, RDA, WR, WRA of every rank) and row groups (ACT, PRE). */
#define GROUPS_COL 0xF0F0F0F0F0F0F0F0ull
#define GROUPS_ROW 0x0303030303030303ull

/* The oldest candidate of the groups in `mask` that can issue at t (slot, or
 * MS_NIL), skipping bank `skip`. A group is ready when its shared part is
 * reached (and, with a command grid, t is on it); then each of its banks is
 * ready when its own part is. */
static inline uint16_t oldest_ready(const ms_channel *c, ms_queue *q, uint64_t mask, uint64_t t,
                                    unsigned skip, ms_cmd *cmd, const int hbm)
{
    const ms_spec *s = c->spec;
    uint64_t best_seq = UINT64_MAX;
    uint16_t best = MS_NIL;
    while (mask) {
        unsigned g = (unsigned)__builtin_ctzll(mask);
        mask &= mask - 1u;
        ms_cmd want = (ms_cmd)(g & 7u);
        unsigned r = g >> 3;
        if (hbm && memsim__queue_grp_min(q, g) > t) continue;
        if (memsim__ready_shared(c, want, r, hbm) > t) continue;
        if (hbm && memsim__align(s, want, c->rank_pc[r], t, t) != t) continue;
        const uint16_t *arr = q->grp_bank + g * q->bpr;
        for (unsigned j = 0, n = q->grp_n[g]; j < n; j++) {
            const ms_cand *k = &q->cand[arr[j]];
            if (k->part <= t && k->seq < best_seq && arr[j] != skip) {
                best_seq = k->seq;
                best = k->slot;
                *cmd = want;
            }
        }
    }
    return best;
}

/* The earliest cycle after t at which a candidate of any group could issue
 * (a bank `capped` reserves may count too early: waking early is harmless),
 * or any cycle <= `enough` once one is found. */
static inline uint64_t groups_next(const ms_channel *c, ms_queue *q, uint64_t t, uint64_t enough,
                                   const int hbm)
{
    const ms_spec *s = c->spec;
    uint64_t next = MS_NEVER;
    for (uint64_t mask = q->grp_mask; mask; mask &= mask - 1u) {
        unsigned g = (unsigned)__builtin_ctzll(mask);
        ms_cmd want = (ms_cmd)(g & 7u);
        unsigned r = g >> 3;
        uint64_t ready;
        if (hbm) { /* the cached least part first: it often rules the group out */
            uint64_t part = memsim__queue_grp_min(q, g);
            if (part >= next) continue; /* its ready time is no earlier */
            ready = memsim__ready_shared(c, want, r, hbm);
            if (part > ready) ready = part;
            ready = memsim__align(s, want, c->rank_pc[r], ready, t);
        } else { /* the shared part first, then banks until one is no later */
            ready = memsim__ready_shared(c, want, r, hbm);
            if (ready >= next) continue;
            uint64_t part = MS_NEVER;
            const uint16_t *arr = q->grp_bank + g * q->bpr;
            for (unsigned j = 0, n = q->grp_n[g]; j < n && part > ready; j++)
                if (q->cand[arr[j]].part < part) part = q->cand[arr[j]].part;
            if (part > ready) ready = part;
        }
        if (ready < next) next = ready;
        if (next <= enough) break;
    }
    return next;
}

/* FR-FCFS over the groups (no rank refreshing): the oldest ready column
 * command, else the oldest ready ACT/PRE; the bank of an age-capped oldest
 * request offers that request instead of its candidate. Returns the slot or
 * MS_NIL (then *next is lowered). */
static inline __attribute__((always_inline)) uint16_t
scan_groups(const ms_channel *c, ms_queue *q, uint64_t t, ms_cmd *cmd, uint64_t *next,
            unsigned capped_bank, const int hbm)
{
    const ms_spec *s = c->spec;
    int capped_ready = 0;
    ms_cmd capped_cmd = MS_CMD_ACT;
    if (capped_bank != MS_NIL) {
        const ms_req *o = &q->e[q->head];
        capped_cmd = needed(c, o);
        uint64_t ready = memsim__ready_bank(c, capped_cmd, o->rank, o->bank, hbm);
        if (hbm) ready = memsim__align(s, capped_cmd, o->rank / s->ranks, ready, t);
        if (ready <= t) {
            capped_ready = 1;
            /* the oldest request of all: if it needs a column command, it wins */
            if (capped_cmd != MS_CMD_ACT && capped_cmd != MS_CMD_PRE) {
                *cmd = capped_cmd;
                return q->head;
            }
        } else {
            *next = min64(*next, ready);
        }
    }
    uint16_t i = oldest_ready(c, q, q->grp_mask & GROUPS_COL, t, capped_bank, cmd, hbm);
    if (i != MS_NIL) return i;
    if (capped_ready) {
        *cmd = capped_cmd;
        return q->head;
    }
    i = oldest_ready(c, q, q->grp_mask & GROUPS_ROW, t, capped_bank, cmd, hbm);
    if (i != MS_NIL) return i;
    *next = min64(*next, groups_next(c, q, t, 0, hbm));
    return MS_NIL;
}

/* Finds the request to serve at t in queue q: returns its slot (and *cmd), or
 * MS_NIL; lowers *next to the earliest cycle an eligible candidate could issue.
 * FR-FCFS: the oldest ready column command (row hit), else the oldest ready
 * ACT/PRE. All of a bank's requests that need the same command are ready at
 * the same cycle, so each bank offers at most one candidate: its oldest hit
 * when queued requests hit its open row (their PREs are held back), otherwise
 * its oldest request. A request older than the age cap reserves its bank and
 * may precharge despite hits. This visits banks, not requests, and chooses
 * exactly what a scan of every request oldest first would: by groups when no
 * rank is refreshing, else bank by bank. FCFS serves only the oldest request. */
static inline __attribute__((always_inline)) uint16_t
scan_impl(const ms_channel *c, ms_queue *q, uint64_t t, ms_cmd *cmd, uint64_t *next, const int hbm)
{
    const ms_spec *s = c->spec;
    if (q->n == 0) return MS_NIL;
    const uint16_t *hits = c->hits + (q == &c->wq ? c->nb : 0u);
    const uint16_t oldest = q->head;
    const ms_req *o = &q->e[oldest];
    if (s->scheduler == MS_SCHED_FCFS) {
        if (refresh_blocks(c, o)) return MS_NIL;
        *cmd = needed(c, o);
        uint64_t ready = memsim__align(s, *cmd, o->rank / s->ranks,
                                       memsim__ready(c, *cmd, o->rank, o->bg, o->ba), t);
        if (ready <= t) return oldest;
        *next = min64(*next, ready);
        return MS_NIL;
    }
    unsigned capped_bank = MS_NIL; /* a bank whose oldest request passed the age cap */
    if (s->age_cap) {
        if (t - o->arrival > s->age_cap)
            capped_bank = o->bank;
        else
            *next = min64(*next, o->arrival + s->age_cap + 1);
    }
    if (q->n_dirty) refresh_cands(c, q, hits);
    const uint8_t *busy = c->ref_busy;
    if (q->grp_bank && !c->n_busy) return scan_groups(c, q, t, cmd, next, capped_bank, hbm);
    const uint16_t *active = q->active;
    const unsigned n_active = q->n_active;
    const ms_cand *cand = q->cand;
    const unsigned ranks = s->ranks;
    uint64_t nxt = *next, col_seq = UINT64_MAX, row_seq = UINT64_MAX;
    uint16_t col = MS_NIL, row = MS_NIL;
    ms_cmd col_cmd = MS_CMD_RD, row_cmd = MS_CMD_ACT;
    for (unsigned a = 0; a < n_active; a++) {
        unsigned b = active[a];
        const ms_cand *k = &cand[b];
        if (busy[k->rank] && refresh_blocks(c, &q->e[q->bank_head[b]])) continue;
        ms_cmd want = (ms_cmd)k->cmd;
        uint64_t ready, seq;
        uint16_t i;
        if (b == capped_bank) { /* the oldest request, hits or not */
            i = oldest;
            seq = o->seq;
            want = needed(c, o);
            ready = memsim__ready_bank(c, want, o->rank, b, hbm);
        } else {
            i = k->slot;
            seq = k->seq;
            ready = memsim__ready_shared(c, want, k->rank, hbm);
            if (k->part > ready) ready = k->part;
        }
        if (hbm) ready = memsim__align(s, want, k->rank / ranks, ready, t);
        if (ready > t) {
            if (ready < nxt) nxt = ready;
        } else if (want != MS_CMD_ACT && want != MS_CMD_PRE) {
            if (seq < col_seq) {
                col = i;
                col_cmd = want;
                col_seq = seq;
            }
        } else if (seq < row_seq) {
            row = i;
            row_cmd = want;
            row_seq = seq;
        }
    }
    *next = nxt;
    if (col != MS_NIL) {
        *cmd = col_cmd;
        return col;
    }
    *cmd = row_cmd;
    return row;
}

/* scan_impl specialised: DDR4/DDR5 (one pseudo-channel, no command grid)
 * skip the HBM and MRDIMM steps in the per-bank loop. */
static uint16_t scan(const ms_channel *c, ms_queue *q, uint64_t t, ms_cmd *cmd, uint64_t *next)
{
    if (c->grid) return scan_impl(c, q, t, cmd, next, 1);
    return scan_impl(c, q, t, cmd, next, 0);
}

static int serve_requests(ms_channel *c, uint64_t t, uint64_t *next, FILE *tr)
{
    update_drain(c);
    ms_queue *q = active_queue(c);
    if (!q) return 0;
    ms_cmd cmd;
    uint16_t i = scan(c, q, t, &cmd, next);
    if (i == MS_NIL) return 0;
    ms_req *r = &q->e[i];
    if (cmd == MS_CMD_ACT || cmd == MS_CMD_PRE) {
        r->caused |= (uint8_t)MS_SET(cmd);
        issue(c, cmd, r->rank, r->bg, r->ba, r->row, r->col, t, tr);
    } else {
        serve_column(c, q, i, cmd, t, tr);
    }
    return 1;
}

/* ---- page policy ---------------------------------------------------- */

/* Closes an open bank nobody waits for, after the timeout (adaptive) or at once
 * (closed). Returns 1 if a PRE issued; else lowers *next. */
static int close_idle(ms_channel *c, uint64_t t, uint64_t *next, FILE *tr, int dry)
{
    const ms_spec *s = c->spec;
    if (s->page_policy == MS_PAGE_OPEN) return 0;
    uint64_t timeout = s->page_policy == MS_PAGE_ADAPTIVE ? s->page_timeout : 0;
    for (unsigned r = 0; r < s->nranks; r++) {
        if (!c->rank_open[r]) continue;
        for (unsigned g = 0; g < s->bankgroups; g++)
            for (unsigned b = 0; b < s->banks_per_group; b++) {
                unsigned bank = bank_index(s, r, g, b);
                if (c->open_row[bank] < 0 || c->pend[bank]) continue;
                uint64_t at = c->last_col[bank] + timeout;
                uint64_t ready = memsim__align(s, MS_CMD_PRE, r / s->ranks,
                                               memsim__ready(c, MS_CMD_PRE, r, g, b), t);
                if (ready > at) at = ready;
                if (at <= t && !dry) {
                    issue(c, MS_CMD_PRE, r, g, b, 0, 0, t, tr);
                    return 1;
                }
                *next = min64(*next, at);
            }
    }
    return 0;
}

/* ---- public (internal) entry points ---------------------------------- */

/* The controller's next tick after a request to bank b joined a queue that
 * held others: only bank b's candidate changed (its requests, and through the
 * hits its closed-page command in both queues; its rank's idle refresh and
 * its page timeout can only go), so the wake-up so far stands unless that
 * candidate is ready sooner. `now` when more may change: the drain state, a
 * refreshing rank, an age-capped oldest request, no groups. */
static uint64_t wake_after_enqueue(ms_channel *c, unsigned b, uint64_t now)
{
    const ms_spec *s = c->spec;
    if (s->scheduler != MS_SCHED_FRFCFS) return now;
    int drain = c->draining; /* what update_drain() will decide */
    if (!drain && c->wq.n >= s->wr_high)
        drain = 1;
    else if (drain && c->wq.n <= s->wr_low)
        drain = 0;
    if (drain != c->draining || c->n_busy) return now;
    ms_queue *q = active_queue(c);
    if (!q->grp_bank) return now;
    if (s->age_cap && now - q->e[q->head].arrival > s->age_cap) return now;
    if (q->n_dirty) refresh_cands(c, q, c->hits + (q == &c->wq ? c->nb : 0u));
    const ms_cand *k = &q->cand[b];
    if (!k->grp) return MS_NEVER; /* bank b has nothing in the active queue */
    int hbm = c->grid;
    uint64_t ready = memsim__ready_shared(c, (ms_cmd)k->cmd, k->rank, hbm);
    if (k->part > ready) ready = k->part;
    if (hbm) ready = memsim__align(s, (ms_cmd)k->cmd, k->rank / s->ranks, ready, now);
    return ready < now ? now : ready;
}

void memsim__chan_enqueue(ms_channel *c, const ms_req *r, uint64_t now)
{
    ms_queue *q = r->is_write ? &c->wq : &c->rq;
    occupancy(c, now);
    memsim__queue_push(q, r);
    forget_bank(c, r->bank);
    if (c->grid && r->rank < MS_GROUP_RANKS) { /* both: closed pages follow the hits of both */
        c->rq.grp_min_ok &= ~(0xFFull << (r->rank * 8u));
        c->wq.grp_min_ok &= ~(0xFFull << (r->rank * 8u));
    }
    c->pend[r->bank]++;
    c->rank_pend[r->rank]++;
    if (c->open_row[r->bank] == (int32_t)r->row) (*hits_of(c, r->is_write ? 1u : 0u, r->bank))++;
    if (c->wake > now) { /* else it ticks now anyway */
        uint64_t w = q->n == 1 ? now : wake_after_enqueue(c, r->bank, now);
        if (w < c->wake) c->wake = w;
    }
}

/* The next tick after an issue at t: the earliest cycle at which a tick
 * could issue again, or t + 1 when that is not cheap to tell. Until then the
 * channel's state is frozen (an enqueue lowers the wake-up as it needs, see
 * wake_after_enqueue()), so a tick before it
 * would find what this finds: no refresh falls due, the drain state and the
 * active queue stay, no request passes the age cap, and every candidate,
 * refresh and page-policy command is ready no sooner than its time now
 * (timing entries only grow; the command grid is applied from t, earlier
 * than or as the later tick would). Skipping the ticks in between changes
 * nothing: --step ticks them and must match (tests/test_step.c). */
static uint64_t wake_after_issue(ms_channel *c, uint64_t t)
{
    const ms_spec *s = c->spec;
    if (s->scheduler != MS_SCHED_FRFCFS) return t + 1;
    /* A full queue just got room (from one or, with two buses, two column
     * commands): a waiting request will likely be queued next cycle, and the
     * channel is best looked at then. */
    unsigned freed = s->dual_bus ? 2u : 1u; /* (room left - 1) < freed */
    if (c->rq.cap - c->rq.n - 1u < freed || c->wq.cap - c->wq.n - 1u < freed) return t + 1;
    int drain = c->draining; /* what update_drain() will decide */
    if (!drain && c->wq.n >= s->wr_high)
        drain = 1;
    else if (drain && c->wq.n <= s->wr_low)
        drain = 0;
    if (drain != c->draining) return t + 1;
    uint64_t next = MS_NEVER;
    if (s->refresh_on) {
        if (t + 1 >= c->ref_next) return t + 1;
        next = c->ref_next;
        if (c->n_busy) return t + 1; /* requests wait: bank by bank */
    }
    ms_queue *q = active_queue(c);
    if (q) {
        if (!q->grp_bank) return t + 1;
        const ms_req *o = &q->e[q->head];
        if (s->age_cap) {
            if (t + 1 - o->arrival > s->age_cap) return t + 1;
            next = min64(next, o->arrival + s->age_cap + 1);
        }
        if (q->n_dirty) refresh_cands(c, q, c->hits + (q == &c->wq ? c->nb : 0u));
        if (c->grid)
            next = min64(next, groups_next(c, q, t, t + 1, 1));
        else
            next = min64(next, groups_next(c, q, t, t + 1, 0));
        if (next <= t + 1) return t + 1;
    }
    if (s->refresh_on) {
        try_refresh(c, t, 0, &next, NULL, 1);
        try_refresh(c, t, 1, &next, NULL, 1);
    }
    if (s->page_policy != MS_PAGE_OPEN) close_idle(c, t, &next, NULL, 1);
    return next <= t + 1 ? t + 1 : next;
}

int memsim__chan_tick(ms_channel *c, uint64_t t, FILE *tr, uint64_t *wake)
{
    /* Each phase lowers `next` to the earliest cycle its candidates could
     * issue; if none issues now, that minimum is the next wake-up (the state
     * cannot change before it), so idle cycles cost no second scan. */
    const ms_spec *s = c->spec;
    uint64_t next = MS_NEVER;
    refresh_due(c, t);
    /* With separate row and column buses a second pass may issue a command
     * for the other bus in the same cycle (the first one blocks its own). */
    for (unsigned pass = 0;; pass++) {
        int issued = try_refresh(c, t, 0, &next, tr, 0) || serve_requests(c, t, &next, tr) ||
                     try_refresh(c, t, 1, &next, tr, 0) ||
                     (s->page_policy != MS_PAGE_OPEN && close_idle(c, t, &next, tr, 0));
        if (issued && !pass && s->dual_bus) continue;
        if (issued || pass) {
            *wake = wake_after_issue(c, t);
            return 1;
        }
        break;
    }
    if (s->refresh_on) next = min64(next, c->ref_next);
    *wake = next <= t ? t + 1 : next;
    return 0;
}

void memsim__chan_finish_stats(ms_channel *c, uint64_t now)
{
    occupancy(c, now);
}

void memsim__chan_describe(const ms_channel *c, uint64_t now, char *buf, size_t len)
{
    const ms_queue *q = c->rq.n ? &c->rq : &c->wq;
    int n = snprintf(buf, len, "channel %u: %u reads and %u writes queued%s", c->id, c->rq.n,
                     c->wq.n, c->draining ? " (draining writes)" : "");
    if (q->n && n > 0 && (size_t)n < len) {
        const ms_req *r = &q->e[q->head];
        ms_cmd want = needed(c, r);
        uint64_t ready = memsim__align(c->spec, want, r->rank / c->spec->ranks,
                                       memsim__ready(c, want, r->rank, r->bg, r->ba), now);
        n += snprintf(buf + n, len - (size_t)n,
                      "; oldest: %s rank %u bg %u bank %u row %u, arrived %llu, needs %s "
                      "(timing allows it at %llu, now %llu)",
                      r->is_write ? "write" : "read", r->rank, r->bg, r->ba, r->row,
                      (unsigned long long)r->arrival, memsim__cmd_names[want],
                      (unsigned long long)ready, (unsigned long long)now);
    }
    for (unsigned r = 0; r < c->spec->nranks && n > 0 && (size_t)n < len; r++)
        n += snprintf(buf + n, len - (size_t)n, "; rank %u owes %u refreshes%s", r, c->ref_debt[r],
                      c->ref_busy[r] ? " (refreshing: requests wait)" : "");
}
