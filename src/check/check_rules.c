/*
 * check_rules.c - the pairwise timing rules of docs/cmd-trace.md ("Rules":
 * command buses, column alignment, bank, bank group, rank, pseudo-channel;
 * "MRDIMM": device clock edges, CA slots, the per-pseudo-channel device CA
 * bus and the host data bus pair rules), checked naively.
 *
 * Each rule row is one line of the spec, with its latency written as the
 * spec's own formula ("nCWL + nBL + nWR + nRP"), evaluated once from the
 * trace header. A row whose formula names an absent optional parameter does
 * not apply. For a new command B, every row whose "following" set holds B is
 * checked against the latest command of each "preceding" type in each scope
 * instance B belongs to; for a fixed latency the latest A gives the largest
 * bound, so this equals scanning the whole history pair by pair.
 *
 * Rows that share a name are one rule: a command counts once per rule name,
 * reported against the predecessor that needs the latest clock.
 *
 * MRDIMM host bus rows (SC_CHAN, SC_OPC) between pseudo-channels a and b add
 * skew(a) - skew(b) (chk_skew: the data buffers' slot compensation) to the
 * latency. History is kept per pseudo-channel (unit_last), so for each other
 * pc the latest command with that pc's skew is the binding one, and the
 * largest over the pcs is the bound, for any pcs.
 */
#include <inttypes.h>
#include <string.h>

#include "check/check_internal.h"

/* Every device scope lies within one pseudo-channel (same ch and pc: one
 * "unit"); the channel-wide ones are the command buses (check_cmd_bus below)
 * and the MRDIMM host data bus (SC_CHAN, SC_OPC). */
typedef enum scope {
    SC_BANK,  /* same unit, rank, bank group, bank (each bank of a PRESB/REFSB set) */
    SC_BG,    /* same unit, rank, bank group */
    SC_RANK,  /* same unit and rank */
    SC_ORANK, /* same unit, another rank */
    SC_PC,    /* same unit: the pseudo-channel, any rank */
    SC_CHAN,  /* same channel: every pseudo-channel, any rank */
    SC_OPC    /* same channel, another pseudo-channel, any rank */
} scope;

typedef struct rule {
    const char *name;
    scope sc;
    unsigned prev, next; /* command sets, CHK_BIT masks */
    const char *latency; /* sum/difference of timing parameters */
} rule;

#define B_(c)  CHK_BIT(CHK_##c)
#define M_RDS  (B_(RD) | B_(RDA))
#define M_WRS  (B_(WR) | B_(WRA))
#define M_PRES (B_(PRE) | B_(PREA) | B_(PRESB))
#define M_PREB (B_(PRE) | B_(PRESB)) /* the precharges that target a bank */
#define M_ALL  ((1u << CHK_CMD_COUNT) - 1u)

/* ORDER: the spec's order; output lines of one command follow it. */
static const rule RULES[] = {
    /* Bank */
    {"tRC", SC_BANK, B_(ACT), B_(ACT), "nRC"},
    {"tRCD", SC_BANK, B_(ACT), M_RDS, "nRCD"},
    {"tRCD_WR", SC_BANK, B_(ACT), M_WRS, "nRCD_WR"},
    {"tRAS", SC_BANK, B_(ACT), M_PREB, "nRAS"},
    {"tRP", SC_BANK, M_PREB, B_(ACT), "nRP"},
    {"tRTP", SC_BANK, B_(RD), M_PREB, "nRTP"},
    {"tWR", SC_BANK, B_(WR), M_PREB, "nCWL + nBL + nWR"},
    {"tRDA", SC_BANK, B_(RDA), B_(ACT), "nRTP + nRP"},
    {"tWRA", SC_BANK, B_(WRA), B_(ACT), "nCWL + nBL + nWR + nRP"},
    {"tRFCsb", SC_BANK, B_(REFSB), B_(ACT) | M_PREB | B_(REFSB), "nRFCsb"},
    {"tRP", SC_BANK, M_PREB, B_(REFSB), "nRP"},
    {"tRDA", SC_BANK, B_(RDA), B_(REFSB), "nRTP + nRP"},
    {"tWRA", SC_BANK, B_(WRA), B_(REFSB), "nCWL + nBL + nWR + nRP"},
    {"tRC", SC_BANK, B_(ACT), B_(REFSB), "nRC"},
    {"tRFCpb", SC_BANK, B_(REFPB), B_(ACT) | B_(PRE) | B_(REFPB), "nRFCpb"},
    {"tRP", SC_BANK, B_(PRE), B_(REFPB), "nRP"},
    {"tRDA", SC_BANK, B_(RDA), B_(REFPB), "nRTP + nRP"},
    {"tWRA", SC_BANK, B_(WRA), B_(REFPB), "nCWL + nBL + nWR + nRP"},
    {"tRC", SC_BANK, B_(ACT), B_(REFPB), "nRC"},
    /* Bank group */
    {"tRRD_L", SC_BG, B_(ACT), B_(ACT), "nRRD_L"},
    {"tCCD_L", SC_BG, M_RDS, M_RDS, "nCCD_L"},
    {"tCCD_L_WR", SC_BG, M_WRS, M_WRS, "nCCD_L_WR"},
    {"tWTR_L", SC_BG, M_WRS, M_RDS, "nCWL + nBL + nWTR_L"},
    {"tRRD_L", SC_BG, B_(ACT), B_(REFPB), "nRRD_L"},
    /* Rank (tFAW is check_faw below) */
    {"tRRD_S", SC_RANK, B_(ACT), B_(ACT), "nRRD_S"},
    {"tCCD_S", SC_RANK, M_RDS, M_RDS, "nCCD_S"},
    {"tCCD_S", SC_RANK, M_WRS, M_WRS, "nCCD_S"},
    {"tWTR_S", SC_RANK, M_WRS, M_RDS, "nCWL + nBL + nWTR_S"},
    {"tRAS", SC_RANK, B_(ACT), B_(PREA), "nRAS"},
    {"tRTP", SC_RANK, M_RDS, B_(PREA), "nRTP"},
    {"tWR", SC_RANK, M_WRS, B_(PREA), "nCWL + nBL + nWR"},
    {"tRP", SC_RANK, B_(PREA), B_(ACT), "nRP"},
    {"tRP", SC_RANK, M_PRES, B_(REF), "nRP"},
    {"tRDA", SC_RANK, B_(RDA), B_(REF), "nRTP + nRP"},
    {"tWRA", SC_RANK, B_(WRA), B_(REF), "nCWL + nBL + nWR + nRP"},
    {"tRC", SC_RANK, B_(ACT), B_(REF), "nRC"},
    {"tRFC", SC_RANK, B_(REF), M_ALL, "nRFC"},
    {"tREFSBRD", SC_RANK, B_(REFSB), B_(ACT), "nREFSBRD"},
    {"tREFSBRD", SC_RANK, B_(REFSB), B_(REFSB), "nREFSBRD"},
    {"tRFCsb", SC_RANK, B_(REFSB), B_(REF) | B_(PREA), "nRFCsb"},
    {"tRP", SC_RANK, B_(PREA), B_(REFSB), "nRP"},
    {"tRRD_S", SC_RANK, B_(ACT), B_(REFPB), "nRRD_S"},
    {"tRP", SC_RANK, B_(PREA), B_(REFPB), "nRP"},
    {"tRFCpb", SC_RANK, B_(REFPB), B_(REF) | B_(PREA), "nRFCpb"},
    {"tPPD", SC_RANK, M_PRES, M_PRES, "nPPD"},
    /* Pseudo-channel (any rank, any bank) */
    {"tRREFD", SC_PC, B_(REFPB), B_(ACT) | B_(REFPB), "nRREFD"},
    /* Pseudo-channel: data bus and turnarounds */
    {"tBL", SC_PC, M_RDS, M_RDS, "nBL"},
    {"tBL", SC_PC, M_WRS, M_WRS, "nBL"},
    {"tRTRS", SC_ORANK, M_RDS, M_RDS, "nBL + nRTRS"},
    {"tRTRS", SC_ORANK, M_WRS, M_WRS, "nBL + nRTRS"},
    {"tRTW", SC_PC, M_RDS, M_WRS, "nCL + nBL + nRTW_GAP - nCWL"},
    /* "when positive": a latency <= 0 can never be violated, since clk never decreases */
    {"tWTR_RTRS", SC_ORANK, M_WRS, M_RDS, "nCWL + nBL + nRTRS - nCL"},
    /* MRDIMM host data bus (channel). The host parameters exist only with
     * host_mux (check_parse.c drops them otherwise), so these rows are off
     * for every other trace. */
    {"tBL_HOST", SC_CHAN, M_RDS, M_RDS, "nBL_HOST"},
    {"tBL_HOST", SC_CHAN, M_WRS, M_WRS, "nBL_HOST"},
    {"tRTRS_HOST", SC_OPC, M_RDS, M_RDS, "nBL_HOST + nRTRS_HOST"},
    {"tRTRS_HOST", SC_OPC, M_WRS, M_WRS, "nBL_HOST + nRTRS_HOST"},
    {"tRTW_HOST", SC_CHAN, M_RDS, M_WRS, "nCL + nBL_HOST + nRTW_HOST - nCWL"},
    /* "when positive", as tWTR_RTRS */
    {"tWTR_HOST", SC_OPC, M_WRS, M_RDS, "nCWL + nBL_HOST + nWTR_HOST - nCL"},
};
#define NRULES (sizeof RULES / sizeof RULES[0])
_Static_assert(NRULES <= CHK_RULE_MAX, "raise CHK_RULE_MAX");

/* The worst predecessor found for one rule name. */
typedef struct worst {
    int64_t need, prev_clk;
    int prev_cmd; /* -1: none */
} worst;

/* Evaluates a formula of parameter names joined by + and -.
 * @return 1 with *out, 0 when it names an absent parameter, -1 when malformed. */
static int formula(const chk_header *h, const char *f, int64_t *out)
{
    int64_t sum = 0, sign = 1;
    for (;;) {
        while (*f == ' ')
            f++;
        size_t len = strspn(f, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789");
        int p = memsim__check_param_index(f, len);
        if (p < 0) return -1;
        if (h->timing[p] < 0) return 0;
        sum += sign * h->timing[p];
        f += len;
        while (*f == ' ')
            f++;
        if (!*f) break;
        if (*f != '+' && *f != '-') return -1;
        sign = *f == '+' ? 1 : -1;
        f++;
    }
    *out = sum;
    return 1;
}

int memsim__check_rules_init(chk_state *s)
{
    s->nrules = NRULES;
    for (size_t i = 0; i < NRULES; i++) {
        int r = formula(s->h, RULES[i].latency, &s->lat[i]);
        if (r < 0) return -1; /* a typo in RULES: caught by the tests */
        s->rule_on[i] = (unsigned char)r;
        size_t j = 0;
        while (strcmp(RULES[j].name, RULES[i].name) != 0)
            j++;
        s->slot[i] = (unsigned char)j;
    }
    return 0;
}

/* Checks B against the latest command of each type in @p prev held in @p rec. */
static void visit(const int64_t *rec, unsigned prev, int64_t lat, int64_t clk, worst *w)
{
    for (int c = 0; c < CHK_CMD_COUNT; c++) {
        if (!(prev & CHK_BIT(c)) || rec[c] < 0) continue;
        int64_t need = rec[c] + lat;
        if (need > clk && (w->prev_cmd < 0 || need > w->need)) {
            w->need = need;
            w->prev_clk = rec[c];
            w->prev_cmd = c;
        }
    }
}

static void scan_rule(const chk_state *s, const chk_line *b, size_t i, worst *w)
{
    const rule *r = &RULES[i];
    const size_t ri = chk_rank_index(s, b->unit, b->rank);
    const chk_span sp = chk_span_of(s, b);
    const int64_t lat = s->lat[i];
    switch (r->sc) {
    case SC_BANK:
        for (unsigned g = sp.g0; g <= sp.g1; g++)
            for (unsigned k = sp.k0; k <= sp.k1; k++)
                visit(&s->bank_last[chk_bank_index(s, ri, g, k) * CHK_CMD_COUNT], r->prev, lat,
                      b->clk, w);
        break;
    case SC_BG:
        for (unsigned g = sp.g0; g <= sp.g1; g++)
            visit(&s->bg_last[chk_bg_index(s, ri, g) * CHK_CMD_COUNT], r->prev, lat, b->clk, w);
        break;
    case SC_RANK:
        visit(&s->rank_last[ri * CHK_CMD_COUNT], r->prev, lat, b->clk, w);
        break;
    case SC_ORANK:
    case SC_PC:
        for (unsigned q = 0; q < s->h->ranks; q++) {
            if (r->sc == SC_ORANK && q == b->rank) continue;
            visit(&s->rank_last[chk_rank_index(s, b->unit, q) * CHK_CMD_COUNT], r->prev, lat,
                  b->clk, w);
        }
        break;
    case SC_CHAN:
    case SC_OPC:
        /* Host bus rules: from pc p to B's pc the bound is shifted by the
         * buffers' slot compensation, skew(p) - skew(B's pc) (0 for the same
         * pc). The offset depends on p, so each pc's latest command is taken
         * with its own offset and the largest bound wins. */
        for (unsigned p = 0; p < s->h->pcs; p++) {
            if (r->sc == SC_OPC && p == b->pc) continue;
            visit(&s->unit_last[((size_t)b->ch * s->h->pcs + p) * CHK_CMD_COUNT], r->prev,
                  lat + chk_skew(s->h, p) - chk_skew(s->h, b->pc), b->clk, w);
        }
        break;
    }
}

static void report_worst(chk_state *s, const chk_line *b, const char *name, const worst *w)
{
    memsim__check_report(
        s, b, name, " after %s at clk %" PRId64 " (needs >= %" PRId64 ", short by %" PRId64 ")",
        memsim__check_cmd_name((chk_cmd)w->prev_cmd), w->prev_clk, w->need, w->need - b->clk);
}

/* CMD_BUS: any command -> any command on the same bus >= cmd_cycles(first), per
 * physical channel (its pseudo-channels share the buses). A row-bus and a
 * column-bus command never meet here, so they may share a clock. */
static void check_cmd_bus(chk_state *s, const chk_line *b)
{
    worst w = {0, 0, -1};
    const int64_t *rec = &s->chan_last[(size_t)b->ch * CHK_CMD_COUNT];
    for (int c = 0; c < CHK_CMD_COUNT; c++)
        if (s->h->cmd_bus[c] == s->h->cmd_bus[b->cmd])
            visit(rec, CHK_BIT(c), s->h->cmd_cycles[c], b->clk, &w);
    if (w.prev_cmd >= 0) report_worst(s, b, "CMD_BUS", &w);
}

/* PC_CMD_BUS (MRDIMM): the device CA bus of one pseudo-channel runs at the
 * device clock, so any command -> any command of the same channel and pc >=
 * cmd_cycles(first) x cycles_per_clock, any rank. */
static void check_pc_cmd_bus(chk_state *s, const chk_line *b)
{
    worst w = {0, 0, -1};
    const int64_t *rec = &s->unit_last[(size_t)b->unit * CHK_CMD_COUNT];
    const int64_t cpc = s->h->cycles_per_clock;
    for (int c = 0; c < CHK_CMD_COUNT; c++)
        visit(rec, CHK_BIT(c), s->h->cmd_cycles[c] * cpc, b->clk, &w);
    if (w.prev_cmd >= 0) report_worst(s, b, "PC_CMD_BUS", &w);
}

/* DEV_EDGE (MRDIMM): every command on a device clock edge. */
static void check_dev_edge(chk_state *s, const chk_line *b)
{
    const unsigned cpc = s->h->cycles_per_clock;
    if (b->clk % cpc != 0)
        memsim__check_report(s, b, "DEV_EDGE",
                             ": clk %% cycles_per_clock = %" PRId64
                             ", expected 0 (cycles_per_clock %u)",
                             b->clk % cpc, cpc);
}

/* CA_SLOT (MRDIMM, nCA_SLOT > 0): the host CA bus is time-multiplexed in
 * slots of nCA_SLOT clocks, taken by the pseudo-channels in turn, so a
 * command to pc p only at (clk / nCA_SLOT) % pcs == p. */
static void check_ca_slot(chk_state *s, const chk_line *b)
{
    const int64_t slot = s->h->timing[CHK_nCA_SLOT];
    if (slot <= 0) return;
    const int64_t owner = (b->clk / slot) % s->h->pcs;
    if (owner != b->pc)
        memsim__check_report(s, b, "CA_SLOT",
                             ": (clk / nCA_SLOT) %% pcs = %" PRId64
                             ", expected %u (nCA_SLOT %" PRId64 ", pcs %u)",
                             owner, b->pc, slot, s->h->pcs);
}

/* COL_ALIGN: RD*, WR* only at clk % col_align == 0. */
static void check_col_align(chk_state *s, const chk_line *b)
{
    const unsigned col = CHK_BIT(CHK_RD) | CHK_BIT(CHK_RDA) | CHK_BIT(CHK_WR) | CHK_BIT(CHK_WRA);
    if (!(col & CHK_BIT(b->cmd))) return;
    if (b->clk % s->h->col_align != 0)
        memsim__check_report(s, b, "COL_ALIGN",
                             ": clk %% col_align = %" PRId64 ", expected 0 (col_align %u)",
                             b->clk % s->h->col_align, s->h->col_align);
}

/* FAW: the 5th ACT >= the first of the four ACTs before it + nFAW (the latest
 * four give the tightest window). */
static void check_faw(chk_state *s, const chk_line *b)
{
    const int64_t *f = &s->faw[chk_rank_index(s, b->unit, b->rank) * 4];
    if (b->cmd != CHK_ACT || f[0] < 0) return;
    worst w = {f[0] + s->h->timing[CHK_nFAW], f[0], CHK_ACT};
    if (w.need > b->clk) report_worst(s, b, "tFAW", &w);
}

void memsim__check_timing(chk_state *s, const chk_line *b)
{
    worst w[CHK_RULE_MAX];
    check_cmd_bus(s, b);
    if (s->h->host_mux) check_pc_cmd_bus(s, b);
    check_col_align(s, b);
    if (s->h->host_mux) {
        check_dev_edge(s, b);
        check_ca_slot(s, b);
    }
    for (size_t i = 0; i < s->nrules; i++)
        w[i].prev_cmd = -1;
    for (size_t i = 0; i < s->nrules; i++)
        if (s->rule_on[i] && (RULES[i].next & CHK_BIT(b->cmd))) scan_rule(s, b, i, &w[s->slot[i]]);
    for (size_t i = 0; i < s->nrules; i++)
        if (w[i].prev_cmd >= 0) report_worst(s, b, RULES[i].name, &w[i]);
    check_faw(s, b);
}

void memsim__check_timing_update(chk_state *s, const chk_line *b)
{
    const size_t ri = chk_rank_index(s, b->unit, b->rank);
    const chk_span sp = chk_span_of(s, b);
    s->chan_last[(size_t)b->ch * CHK_CMD_COUNT + b->cmd] = b->clk;
    s->unit_last[(size_t)b->unit * CHK_CMD_COUNT + b->cmd] = b->clk;
    s->rank_last[ri * CHK_CMD_COUNT + b->cmd] = b->clk;
    for (unsigned g = sp.g0; g <= sp.g1; g++) {
        s->bg_last[chk_bg_index(s, ri, g) * CHK_CMD_COUNT + b->cmd] = b->clk;
        for (unsigned k = sp.k0; k <= sp.k1; k++)
            s->bank_last[chk_bank_index(s, ri, g, k) * CHK_CMD_COUNT + b->cmd] = b->clk;
    }
    if (b->cmd == CHK_ACT) {
        int64_t *f = &s->faw[ri * 4];
        memmove(f, f + 1, 3 * sizeof *f);
        f[3] = b->clk;
    }
}
