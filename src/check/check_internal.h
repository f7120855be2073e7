/*
 * check_internal.h - types shared by the files of the command-trace checker
 * (src/check/): the parsed header, one parsed command line, and the checker's
 * bounded history.
 *
 * Invariants: everything here is derived from the trace alone; nothing comes
 * from src/core or src/standards. After parsing, every value is in range:
 * clocks <= CHK_CLK_MAX and timings <= CHK_TIMING_MAX, so rule arithmetic in
 * int64_t (clk + a sum of at most four timings + an MRDIMM slot skew of at
 * most 63 x CHK_TIMING_MAX) cannot overflow.
 *
 * MRDIMM (docs/cmd-trace.md, "MRDIMM"): a header with `host_mux` turns on the
 * host-side rules; without it the host parameters are treated as absent, so a
 * DDR4, DDR5 or HBM trace is checked exactly as before.
 */
#ifndef MEMSIM_CHECK_INTERNAL_H
#define MEMSIM_CHECK_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "memsim/check.h"

#if defined(__GNUC__) || defined(__clang__)
#define CHK_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define CHK_PRINTF(f, a)
#endif

#define CHK_CLK_MAX    ((int64_t)1 << 62) /* largest clk or refresh phase accepted */
#define CHK_TIMING_MAX ((int64_t)1 << 30) /* largest timing value accepted */
#define CHK_FIELDS     10u                /* columns of a command line */
#define CHK_CSV_HEADER "t_ps,clk,ch,pc,rank,bg,bank,row,col,cmd"

/* ORDER CMD: keep in step with CMD_NAMES and SHAPE in check_parse.c. */
typedef enum chk_cmd {
    CHK_ACT,
    CHK_PRE,
    CHK_PREA,
    CHK_PRESB,
    CHK_RD,
    CHK_RDA,
    CHK_WR,
    CHK_WRA,
    CHK_REF,
    CHK_REFSB,
    CHK_REFPB,
    CHK_CMD_COUNT
} chk_cmd;

#define CHK_BIT(c) (1u << (unsigned)(c))

/* ORDER PARAM: keep in step with PARAM_NAMES in check_parse.c. The ones from
 * CHK_nRFCsb on are optional; rules that use an absent one do not apply
 * (except nRCD_WR, which defaults to nRCD: traces from before it existed). */
typedef enum chk_param {
    CHK_nBL,
    CHK_nCL,
    CHK_nCWL,
    CHK_nRCD,
    CHK_nRP,
    CHK_nRAS,
    CHK_nRC,
    CHK_nWR,
    CHK_nRTP,
    CHK_nCCD_S,
    CHK_nCCD_L,
    CHK_nCCD_L_WR,
    CHK_nRRD_S,
    CHK_nRRD_L,
    CHK_nFAW,
    CHK_nWTR_S,
    CHK_nWTR_L,
    CHK_nRTW_GAP,
    CHK_nRTRS,
    CHK_nRFC,
    CHK_nREFI,
    CHK_nRFCsb,
    CHK_nREFSBRD,
    CHK_nPPD,
    CHK_nRCD_WR,
    CHK_nRFCpb,
    CHK_nRREFD,
    CHK_nBL_HOST, /* MRDIMM host data bus: from here on only with host_mux */
    CHK_nRTRS_HOST,
    CHK_nRTW_HOST,
    CHK_nWTR_HOST,
    CHK_nCA_SLOT,
    CHK_nMUX, /* the buffers' latency adder: parsed and range-checked, no rule uses it */
    CHK_PARAM_COUNT
} chk_param;
#define CHK_PARAM_FIRST_OPTIONAL CHK_nRFCsb
/* [CHK_PARAM_FIRST_HOST, CHK_PARAM_HOST_REQUIRED_END) must be listed when
 * host_mux is; every parameter from CHK_PARAM_FIRST_HOST on is dropped when it is not. */
#define CHK_PARAM_FIRST_HOST        CHK_nBL_HOST
#define CHK_PARAM_HOST_REQUIRED_END CHK_nMUX

/* refresh_mode: which command the refresh debt counts besides REF. */
typedef enum chk_refresh_mode { CHK_REF_AB, CHK_REF_SB, CHK_REF_PB } chk_refresh_mode;

/* cmd_bus: the command bus a command uses (DDR: everything on the row bus). */
enum { CHK_BUS_ROW, CHK_BUS_COL };

/* The trace header, validated. Clocks are engine cycles (cycles_per_clock of
 * them per DRAM clock); every rule works in them, so nothing converts. */
typedef struct chk_header {
    uint64_t rate_mts;
    unsigned channels, pcs, ranks, bankgroups, banks_per_group;
    unsigned cycles_per_clock, col_align; /* 1 when absent */
    unsigned host_mux; /* MRDIMM: 1..16; 0 when absent (no host-side rule applies) */
    uint64_t rows, columns, burst;
    chk_refresh_mode refresh_mode;
    int64_t refresh_interval; /* clocks, >= 1 */
    int64_t refresh_max_postpone;
    int64_t timing[CHK_PARAM_COUNT]; /* clocks; -1 when absent */
    int64_t cmd_cycles[CHK_CMD_COUNT];
    unsigned char cmd_bus[CHK_CMD_COUNT]; /* CHK_BUS_ROW or CHK_BUS_COL */
    int64_t *phase; /* [pcs * ranks]: refresh phase of flat rank pc * ranks + rank */
} chk_header;

/* One command line. bg, bank, row, col are -1 where the command has none. */
typedef struct chk_line {
    uint64_t t_ps;
    int64_t clk;
    unsigned ch, pc, rank;
    unsigned unit; /* ch * pcs + pc: the data bus and the scope "channel" */
    int bg, bank;
    int64_t row, col;
    chk_cmd cmd;
} chk_line;

/* Where parse errors point. */
typedef struct chk_reader {
    const char *path; /* as shown in messages */
    unsigned long line;
    char *err;
    size_t err_len;
} chk_reader;

/* A refresh_phase line, kept until the rank count is known. */
typedef struct chk_phase_line {
    uint64_t rank; /* flat: pc * ranks + rank */
    int64_t clk;
    unsigned long line;
} chk_phase_line;

/* Header-parsing state: values and which keys were seen. */
#define CHK_HKEY_MAX 24u /* room for the plain header keys of check_parse.c */
typedef struct chk_hparse {
    uint64_t num[CHK_HKEY_MAX];
    unsigned long seen[CHK_HKEY_MAX]; /* the line of each key; 0 = not seen */
    chk_refresh_mode refresh_mode;
    int64_t timing[CHK_PARAM_COUNT];
    int64_t cmd_cycles[CHK_CMD_COUNT];
    unsigned char cmd_bus[CHK_CMD_COUNT];
    chk_phase_line *phases;
    size_t nphases, capphases;
} chk_hparse;

/* One data burst on a data bus, [start, end) in clocks. rank and pc are
 * narrow so that a ring stays 8 KiB (ranks <= 256, pcs <= 64). */
typedef struct chk_burst {
    int64_t clk, start, end;
    uint16_t rank, pc;
    chk_cmd cmd;
} chk_burst;

/* Bursts that can still conflict with a future one. In a trace whose command
 * bus is legal only a handful are live; the cap only bites on a trace that
 * already overbooks the bus badly, and then the oldest are forgotten. */
#define CHK_BURST_CAP 256u
typedef struct chk_ring {
    chk_burst b[CHK_BURST_CAP];
    unsigned head, count;
} chk_ring;

#define CHK_RULE_MAX 64u

/* The checker. History is the clock of the latest command of each type per
 * scope instance (channel, rank, bank group, bank; -1 = none), which is all a
 * rule "A -> B >= x" can ever need: for fixed x the latest A gives the largest
 * bound. Memory is fixed by the geometry, whatever the trace length. */
typedef struct chk_state {
    const chk_header *h;
    FILE *report;
    unsigned max_report;
    uint64_t printed, commands, violations;
    unsigned units;              /* channels * pcs */
    size_t nranks, nbgs, nbanks; /* totals over all units */
    int64_t *chan_last;          /* [channel][cmd]: the command buses */
    int64_t *unit_last;          /* [unit][cmd]: any rank (MRDIMM device CA, host bus) */
    int64_t *rank_last;          /* [rank][cmd] */
    int64_t *bg_last;            /* [bank group][cmd] */
    int64_t *bank_last;          /* [bank][cmd] */
    int64_t *open_row;           /* [bank]: open row or -1 */
    int64_t *faw;                /* [rank][4]: last four ACTs, oldest first, -1 none */
    chk_ring *bus;               /* [unit] */
    chk_ring *host_bus;          /* [channel]: MRDIMM host data bus; NULL without host_mux */
    int64_t *ref_issued;         /* [rank]: refresh commands so far (per unit and rank) */
    int64_t *ref_reported;       /* [rank]: largest requirement already reported */
    int64_t ref_min_due;         /* no rank can be in debt before this clock */
    size_t nrules;
    int64_t lat[CHK_RULE_MAX]; /* per rule row, clocks */
    unsigned char rule_on[CHK_RULE_MAX];
    unsigned char slot[CHK_RULE_MAX]; /* first row with the same rule name */
    int have_cmd;
    int64_t last_clk;
    unsigned last_ch;
} chk_state;

/* check_parse.c */
const char *memsim__check_cmd_name(chk_cmd c);
int memsim__check_param_index(const char *name, size_t len);
memsim_status memsim__check_fail(chk_reader *rd, const char *fmt, ...) CHK_PRINTF(2, 3);
void memsim__check_hparse_init(chk_hparse *hp);
void memsim__check_hparse_free(chk_hparse *hp);
memsim_status memsim__check_header_line(chk_reader *rd, chk_hparse *hp, char *text);
memsim_status memsim__check_header_finish(chk_reader *rd, chk_hparse *hp, const char *csv,
                                          chk_header *h);
memsim_status memsim__check_parse_line(chk_reader *rd, const chk_header *h, char *text,
                                       chk_line *out);

/* check_rules.c: command buses, column alignment, pairwise timing rules and the
 * four-activate window. */
int memsim__check_rules_init(chk_state *s);
void memsim__check_timing(chk_state *s, const chk_line *b);
void memsim__check_timing_update(chk_state *s, const chk_line *b);

/* check_state.c: t_ps, bank state, data buses, refresh debt. */
void memsim__check_tps(chk_state *s, const chk_line *b);
void memsim__check_bank_state(chk_state *s, const chk_line *b);
void memsim__check_data_bus(chk_state *s, const chk_line *b);
void memsim__check_host_bus(chk_state *s, const chk_line *b);
void memsim__check_refresh_count(chk_state *s, const chk_line *b);
void memsim__check_refresh_at(chk_state *s, int64_t clk);

/* check.c: violation lines. */
void memsim__check_report(chk_state *s, const chk_line *b, const char *rule, const char *fmt, ...)
    CHK_PRINTF(4, 5);
void memsim__check_report_line(chk_state *s, const char *fmt, ...) CHK_PRINTF(2, 3);

/* Index helpers. */
static inline size_t chk_rank_index(const chk_state *s, unsigned unit, unsigned rank)
{
    return (size_t)unit * s->h->ranks + rank;
}
static inline size_t chk_bg_index(const chk_state *s, size_t ri, unsigned bg)
{
    return ri * s->h->bankgroups + bg;
}
static inline size_t chk_bank_index(const chk_state *s, size_t ri, unsigned bg, unsigned bank)
{
    return chk_bg_index(s, ri, bg) * s->h->banks_per_group + bank;
}

/* MRDIMM slot compensation (docs/cmd-trace.md, "MRDIMM"): pseudo-channel
 * p's commands come in the p-th CA slot of a round of pcs x nCA_SLOT clocks,
 * so the data buffers delay its host burst by skew(p) = ((pcs - 1 - p) x
 * nCA_SLOT) mod G, G = gcd(nBL_HOST, pcs x nCA_SLOT): every burst then lies
 * on one grid of G clocks, and the bursts of the pcs meet on the host bus
 * without a gap. 0 without host_mux (nCA_SLOT is then absent) and with
 * nCA_SLOT 0; otherwise 0 <= skew < G <= pcs x nCA_SLOT (G = the round when
 * nBL_HOST is 0), never negative, which memsim__check_host_bus relies on. */
static inline int64_t chk_skew(const chk_header *h, unsigned pc)
{
    const int64_t slot = h->timing[CHK_nCA_SLOT];
    if (!h->host_mux || slot <= 0) return 0;
    int64_t g = h->timing[CHK_nBL_HOST], r = slot * (int64_t)h->pcs; /* gcd(nBL_HOST, round) */
    if (g < 0) g = 0;
    while (r) {
        const int64_t m = g % r;
        g = r;
        r = m;
    }
    return (int64_t)(h->pcs - 1u - pc) * slot % g;
}

/* The banks a command targets: one bank (including REFPB); bank `bank` of every
 * bank group (PRESB, REFSB: "the set"); or the whole rank (REF, PREA). Ranges
 * inclusive. */
typedef struct chk_span {
    unsigned g0, g1, k0, k1;
} chk_span;
static inline chk_span chk_span_of(const chk_state *s, const chk_line *b)
{
    chk_span sp;
    sp.g0 = b->bg < 0 ? 0 : (unsigned)b->bg;
    sp.g1 = b->bg < 0 ? s->h->bankgroups - 1 : (unsigned)b->bg;
    sp.k0 = b->bank < 0 ? 0 : (unsigned)b->bank;
    sp.k1 = b->bank < 0 ? s->h->banks_per_group - 1 : (unsigned)b->bank;
    return sp;
}

#endif
