/*
 * check_state.c - the non-pairwise rules of docs/cmd-trace.md: the t_ps
 * column, bank state ("State"), data-bus occupancy ("Data bus", and the
 * MRDIMM host data bus, "MRDIMM") and the refresh debt ("Refresh").
 *
 * Invariants: open_row[bank] is the row the trace has opened in that bank
 * (-1 closed), updated by every command whether or not it was legal, so one
 * bad command does not hide or multiply later findings. A bus ring holds, in
 * issue order, every burst that may still overlap a future one (or, on the
 * host bus, still be the neighbour of one).
 */
#include <inttypes.h>

#include "check/check_internal.h"

/* floor(clk * 2000000 / rate) without 128-bit arithmetic: with clk = a*rate + b,
 * it is a*2000000 + floor(b*2000000/rate); b < rate <= 1.6e7 (rate_mts x
 * host_mux) keeps b*2e6 small.
 * @return 0 when the value does not fit in 64 bits. */
static int expected_tps(uint64_t clk, uint64_t rate, uint64_t *out)
{
    const uint64_t ps_per_us2 = 2000000u;
    uint64_t a = clk / rate, b = clk % rate;
    uint64_t frac = b * ps_per_us2 / rate;
    if (a > (UINT64_MAX - frac) / ps_per_us2) return 0;
    *out = a * ps_per_us2 + frac;
    return 1;
}

/* One cycle is 2/(rate_mts x host_mux) us: an MRDIMM clk is a host clock,
 * host_mux times the device data rate (host_mux counts as 1 when absent). */
void memsim__check_tps(chk_state *s, const chk_line *b)
{
    const uint64_t mux = s->h->host_mux ? s->h->host_mux : 1;
    uint64_t want;
    if (!expected_tps((uint64_t)b->clk, s->h->rate_mts * mux, &want))
        memsim__check_report(s, b, "TPS", ": t_ps %" PRIu64 ", expected a value beyond 64 bits",
                             b->t_ps);
    else if (want != b->t_ps)
        memsim__check_report(s, b, "TPS", ": t_ps %" PRIu64 ", expected %" PRIu64 " (%s)", b->t_ps,
                             want,
                             s->h->host_mux ? "floor(clk * 2000000 / (rate_mts * host_mux))"
                                            : "floor(clk * 2000000 / rate_mts)");
}

/* REF / REFSB / REFPB: every targeted bank must be closed. One line names the first open one. */
static void check_all_closed(chk_state *s, const chk_line *b)
{
    const size_t ri = chk_rank_index(s, b->unit, b->rank);
    const chk_span sp = chk_span_of(s, b);
    unsigned open = 0, fg = 0, fk = 0;
    int64_t frow = -1;
    for (unsigned g = sp.g0; g <= sp.g1; g++)
        for (unsigned k = sp.k0; k <= sp.k1; k++) {
            int64_t row = s->open_row[chk_bank_index(s, ri, g, k)];
            if (row < 0) continue;
            if (open++ == 0) {
                fg = g;
                fk = k;
                frow = row;
            }
        }
    if (open)
        memsim__check_report(s, b, "STATE",
                             ": needs its banks closed, but bg%u bank%u is open on row %" PRId64
                             " (%u open)",
                             fg, fk, frow, open);
}

static void close_span(chk_state *s, const chk_line *b)
{
    const size_t ri = chk_rank_index(s, b->unit, b->rank);
    const chk_span sp = chk_span_of(s, b);
    for (unsigned g = sp.g0; g <= sp.g1; g++)
        for (unsigned k = sp.k0; k <= sp.k1; k++)
            s->open_row[chk_bank_index(s, ri, g, k)] = -1;
}

/* RD*, WR*: the bank must be open on the command's row. */
static void check_column(chk_state *s, const chk_line *b, int64_t *row)
{
    if (*row < 0)
        memsim__check_report(s, b, "STATE", ": row %" PRId64 " but the bank is closed", b->row);
    else if (*row != b->row)
        memsim__check_report(
            s, b, "STATE", ": row %" PRId64 " but the bank is open on row %" PRId64, b->row, *row);
    if (b->cmd == CHK_RDA || b->cmd == CHK_WRA) *row = -1;
}

void memsim__check_bank_state(chk_state *s, const chk_line *b)
{
    const size_t ri = chk_rank_index(s, b->unit, b->rank);
    int64_t *row = b->bg >= 0 && b->bank >= 0
                       ? &s->open_row[chk_bank_index(s, ri, (unsigned)b->bg, (unsigned)b->bank)]
                       : NULL;
    switch (b->cmd) {
    case CHK_ACT:
        if (*row >= 0)
            memsim__check_report(s, b, "STATE",
                                 ": row %" PRId64 " but the bank is already open on row %" PRId64,
                                 b->row, *row);
        *row = b->row;
        break;
    case CHK_RD:
    case CHK_RDA:
    case CHK_WR:
    case CHK_WRA:
        check_column(s, b, row);
        break;
    case CHK_PRE: /* to a closed bank: legal, no change */
    case CHK_PREA:
    case CHK_PRESB:
        close_span(s, b);
        break;
    case CHK_REF:
    case CHK_REFSB:
    case CHK_REFPB:
        check_all_closed(s, b);
        break;
    case CHK_CMD_COUNT:
        break;
    }
}

/* Drops bursts that end too early to meet any burst starting at or after @p from. */
static void bus_prune(chk_ring *r, int64_t from, int64_t gap)
{
    while (r->count && r->b[r->head].end + gap <= from) {
        r->head = (r->head + 1) % CHK_BURST_CAP;
        r->count--;
    }
}

static void bus_push(chk_ring *r, const chk_burst *x)
{
    if (r->count == CHK_BURST_CAP) { /* see CHK_BURST_CAP: forget the oldest */
        r->head = (r->head + 1) % CHK_BURST_CAP;
        r->count--;
    }
    r->b[(r->head + r->count) % CHK_BURST_CAP] = *x;
    r->count++;
}

/* Command @p b's burst: @p lat after it, @p len long. */
static chk_burst burst_of(const chk_line *b, int64_t lat, int64_t len)
{
    chk_burst x = {b->clk,          b->clk + lat, b->clk + lat + len, (uint16_t)b->rank,
                   (uint16_t)b->pc, b->cmd};
    return x;
}

/* A read occupies [clk + nCL, + nBL), a write [clk + nCWL, + nBL). Two bursts
 * conflict unless one ends (plus nRTRS between ranks) before the other starts.
 * The bound reported is the clock at which B's burst would follow the other. */
void memsim__check_data_bus(chk_state *s, const chk_line *b)
{
    const int64_t *t = s->h->timing;
    int is_rd = b->cmd == CHK_RD || b->cmd == CHK_RDA;
    if (!is_rd && b->cmd != CHK_WR && b->cmd != CHK_WRA) return;
    const int64_t lat = is_rd ? t[CHK_nCL] : t[CHK_nCWL];
    const int64_t min_lat = t[CHK_nCL] < t[CHK_nCWL] ? t[CHK_nCL] : t[CHK_nCWL];
    const chk_burst me = burst_of(b, lat, t[CHK_nBL]);
    chk_ring *r = &s->bus[b->unit];
    bus_prune(r, b->clk + min_lat, t[CHK_nRTRS]);
    int64_t need = 0, prev_clk = 0;
    int prev = -1;
    for (unsigned i = 0; i < r->count; i++) {
        const chk_burst *o = &r->b[(r->head + i) % CHK_BURST_CAP];
        int64_t gap = o->rank != me.rank ? t[CHK_nRTRS] : 0;
        int conflict = me.start < o->end + gap && o->start < me.end + gap;
        if (conflict && (prev < 0 || o->end + gap - lat > need)) {
            need = o->end + gap - lat;
            prev_clk = o->clk;
            prev = (int)o->cmd;
        }
    }
    if (prev >= 0)
        memsim__check_report(s, b, "DATA_BUS",
                             " after %s at clk %" PRId64 " (needs >= %" PRId64 ", short by %" PRId64
                             ")",
                             memsim__check_cmd_name((chk_cmd)prev), prev_clk, need, need - b->clk);
    bus_push(r, &me);
}

void memsim__check_refresh_count(chk_state *s, const chk_line *b)
{
    /* In sb and pb mode a REF refreshes every bank, so it counts as well. */
    if (b->cmd == CHK_REF || (b->cmd == CHK_REFSB && s->h->refresh_mode == CHK_REF_SB) ||
        (b->cmd == CHK_REFPB && s->h->refresh_mode == CHK_REF_PB))
        s->ref_issued[chk_rank_index(s, b->unit, b->rank)]++;
}

/* The refresh phase of rank index @p ri: flat rank pc * ranks + rank, the same
 * in every channel (ri = (ch * pcs + pc) * ranks + rank). */
static int64_t phase_of(const chk_state *s, size_t ri)
{
    return s->h->phase[ri % ((size_t)s->h->pcs * s->h->ranks)];
}

/* The first clock at which rank @p ri would need more than @p have refreshes. */
static int64_t refresh_due(const chk_state *s, size_t ri, int64_t have)
{
    const int64_t phase = phase_of(s, ri), iv = s->h->refresh_interval;
    int64_t k = have + s->h->refresh_max_postpone + 1; /* needs floor((clk - phase) / iv) >= k */
    if (k > (INT64_MAX - phase) / iv) return INT64_MAX;
    return phase + k * iv;
}

static void refresh_rank(chk_state *s, size_t ri, int64_t clk)
{
    const int64_t phase = phase_of(s, ri);
    const int64_t have = s->ref_issued[ri];
    if (clk < phase) return;
    int64_t need = (clk - phase) / s->h->refresh_interval - s->h->refresh_max_postpone;
    if (need <= have || need <= s->ref_reported[ri]) return;
    s->ref_reported[ri] = need; /* a lasting debt is reported again only when it grows */
    unsigned unit = (unsigned)(ri / s->h->ranks), rank = (unsigned)(ri % s->h->ranks);
    unsigned ch = unit / s->h->pcs, pc = unit % s->h->pcs;
    char pcs[24] = "";
    if (s->h->pcs > 1) snprintf(pcs, sizeof pcs, " pc%u", pc);
    memsim__check_report_line(s,
                              "clk %" PRId64 ": REFRESH: ch%u%s rank%u: %" PRId64
                              " refresh commands issued, needs >= %" PRId64 " (phase %" PRId64
                              ", interval %" PRId64 ", max postpone %" PRId64 ")",
                              clk, ch, pcs, rank, have, need, phase, s->h->refresh_interval,
                              s->h->refresh_max_postpone);
}

/* The refresh rule at clock @p clk, with every command of that clock counted. */
void memsim__check_refresh_at(chk_state *s, int64_t clk)
{
    if (clk < s->ref_min_due) return; /* no rank can be in debt yet */
    int64_t min_due = INT64_MAX;
    for (size_t ri = 0; ri < s->nranks; ri++) {
        refresh_rank(s, ri, clk);
        int64_t have =
            s->ref_issued[ri] > s->ref_reported[ri] ? s->ref_issued[ri] : s->ref_reported[ri];
        int64_t due = refresh_due(s, ri, have);
        if (due < min_due) min_due = due;
    }
    s->ref_min_due = min_due;
}

static int is_read(chk_cmd c)
{
    return c == CHK_RD || c == CHK_RDA;
}

/* The idle clocks the host bus needs between burst x and the next burst y. */
static int64_t host_gap(const int64_t *t, const chk_burst *x, const chk_burst *y)
{
    const int x_rd = is_read(x->cmd), y_rd = is_read(y->cmd);
    if (x_rd && !y_rd) return t[CHK_nRTW_HOST]; /* any pc */
    if (x->pc == y->pc) return 0;               /* same direction, or a read after its write */
    return x_rd == y_rd ? t[CHK_nRTRS_HOST] : t[CHK_nWTR_HOST];
}

/* Keeps in *w the conflicting burst whose bound @p n is the largest. */
static void host_keep(const chk_burst *o, int64_t n, const chk_burst **w, int64_t *need)
{
    if (!*w || n > *need) {
        *w = o;
        *need = n;
    }
}

/* The burst of @p r that @p me conflicts with worst, or NULL. *need is the
 * issue clock at which me's burst would follow it legally. */
static const chk_burst *host_conflict(const chk_ring *r, const int64_t *t, const chk_burst *me,
                                      int64_t lat, int64_t *need)
{
    const chk_burst *w = NULL, *pred = NULL, *succ = NULL;
    for (unsigned i = 0; i < r->count; i++) {
        const chk_burst *o = &r->b[(r->head + i) % CHK_BURST_CAP];
        if (o->end <= me->start) { /* wholly before: the latest is the neighbour */
            if (!pred || o->end + host_gap(t, o, me) > pred->end + host_gap(t, pred, me)) pred = o;
        } else if (o->start >= me->end) { /* wholly after: the earliest is */
            if (!succ || o->start < succ->start) succ = o;
        } else { /* overlap */
            host_keep(o, o->end + host_gap(t, o, me) - lat, &w, need);
        }
    }
    if (pred && me->start < pred->end + host_gap(t, pred, me))
        host_keep(pred, pred->end + host_gap(t, pred, me) - lat, &w, need);
    if (succ && succ->start < me->end + host_gap(t, me, succ))
        host_keep(succ, succ->end + host_gap(t, succ, me) - lat, &w, need);
    return w;
}

/* HOST_BUS (MRDIMM): every pseudo-channel's bursts share the host data bus of
 * the channel, a read of pc p at [clk + nCL + skew(p), + nBL_HOST), a write
 * at [clk + nCWL + skew(p), + nBL_HOST) (chk_skew: the buffers' slot
 * compensation). No two overlap, and each burst keeps host_gap() from its
 * neighbours on the bus: the burst that ends last before it starts and the
 * one that starts first after it ends. As for DATA_BUS, the bound reported
 * is the clock at which B's burst would follow the other one legally. With
 * skews the ring is in issue order, not bus order; the scan below does not
 * rely on either. */
void memsim__check_host_bus(chk_state *s, const chk_line *b)
{
    if (!s->host_bus) return;
    const int64_t *t = s->h->timing;
    int rd = is_read(b->cmd);
    if (!rd && b->cmd != CHK_WR && b->cmd != CHK_WRA) return;
    const int64_t lat = (rd ? t[CHK_nCL] : t[CHK_nCWL]) + chk_skew(s->h, b->pc);
    /* skew >= 0: no later burst starts before clk + min_lat */
    const int64_t min_lat = t[CHK_nCL] < t[CHK_nCWL] ? t[CHK_nCL] : t[CHK_nCWL];
    int64_t max_gap = t[CHK_nRTRS_HOST];
    if (t[CHK_nRTW_HOST] > max_gap) max_gap = t[CHK_nRTW_HOST];
    if (t[CHK_nWTR_HOST] > max_gap) max_gap = t[CHK_nWTR_HOST];
    const chk_burst me = burst_of(b, lat, t[CHK_nBL_HOST]);
    chk_ring *r = &s->host_bus[b->ch];
    /* A dropped burst ends max_gap or more before any future burst starts:
     * it is legal against each, and so is any kept one that ends earlier. */
    bus_prune(r, b->clk + min_lat, max_gap);
    int64_t need = 0;
    const chk_burst *w = host_conflict(r, t, &me, lat, &need);
    if (w)
        memsim__check_report(s, b, "HOST_BUS",
                             " after %s at clk %" PRId64 " (needs >= %" PRId64 ", short by %" PRId64
                             ")",
                             memsim__check_cmd_name(w->cmd), w->clk, need, need - b->clk);
    bus_push(r, &me);
}
