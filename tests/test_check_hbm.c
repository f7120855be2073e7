/*
 * test_check_hbm.c - the command-trace checker (memsim_check_file,
 * docs/cmd-trace.md) on HBM traces: pseudo-channels, the row and column
 * command buses, column alignment, nRCD_WR, per-bank refresh (REFPB) and
 * its refresh debt per flat rank; then the simulator's HBM traces against it.
 *
 * As in test_check.c, every timing rule gets a tight gate: at exactly the
 * minimum distance the trace is clean, one clock earlier it is reported under
 * the rule's name with "needs >= t, short by 1". The header is an HBM3-6400
 * one (clocks are half clocks, col_align 2, ACT 3 cycles on the row bus,
 * column commands 2 cycles on the column bus); bodies use a compact form
 * "clk CMD pc rank bg bank row col [ch]" (t_ps is filled in).
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "memsim/check.h"
#include "memsim/memsim.h"
#include "check_text.h"
#include "unit.h"

/* ---- the trace header ---- */

static const char HBM3_HEADER[] = "# memsim command trace 1\n"
                                  "# version 0.1.0\n"
                                  "# standard HBM3\n"
                                  "# preset HBM3-6400\n"
                                  "# org 16Gb\n"
                                  "# rate_mts 6400\n"
                                  "# tck_ps 312.500\n"
                                  "# channels 2\n"
                                  "# ranks 2\n"
                                  "# pcs 2\n"
                                  "# cycles_per_clock 2\n"
                                  "# col_align 2\n"
                                  "# bankgroups 4\n"
                                  "# banks_per_group 4\n"
                                  "# rows 16384\n"
                                  "# columns 256\n"
                                  "# burst 8\n"
                                  "# refresh_mode ab\n"
                                  "# refresh_interval 12480\n"
                                  "# refresh_max_postpone 8\n"
                                  "# refresh_phase 0 0\n"
                                  "# refresh_phase 1 3120\n"
                                  "# refresh_phase 2 6240\n"
                                  "# refresh_phase 3 9360\n"
                                  "# timing nBL 4\n"
                                  "# timing nCL 40\n"
                                  "# timing nCWL 20\n"
                                  "# timing nRCD 62\n"
                                  "# timing nRP 52\n"
                                  "# timing nRAS 90\n"
                                  "# timing nRC 144\n"
                                  "# timing nWR 66\n"
                                  "# timing nRTP 18\n"
                                  "# timing nCCD_S 4\n"
                                  "# timing nCCD_L 8\n"
                                  "# timing nCCD_L_WR 8\n"
                                  "# timing nRRD_S 8\n"
                                  "# timing nRRD_L 10\n"
                                  "# timing nFAW 48\n"
                                  "# timing nWTR_S 14\n"
                                  "# timing nWTR_L 20\n"
                                  "# timing nRTW_GAP 16\n"
                                  "# timing nRTRS 2\n"
                                  "# timing nRFC 832\n"
                                  "# timing nREFI 12480\n"
                                  "# timing nPPD 4\n"
                                  "# timing nRCD_WR 30\n"
                                  "# timing nRFCpb 640\n"
                                  "# timing nRREFD 26\n"
                                  "# cmd_cycles ACT 3\n"
                                  "# cmd_cycles RD 2\n"
                                  "# cmd_cycles RDA 2\n"
                                  "# cmd_cycles WR 2\n"
                                  "# cmd_cycles WRA 2\n"
                                  "# cmd_bus RD col\n"
                                  "# cmd_bus RDA col\n"
                                  "# cmd_bus WR col\n"
                                  "# cmd_bus WRA col\n";

#define CSV "t_ps,clk,ch,pc,rank,bg,bank,row,col,cmd\n"

/* Compact body "clk CMD pc rank bg bank row col [ch]; ..." with '@' standing for @p at. */
static void add_body(sbuf *b, const char *body, long at)
{
    while (*body) {
        char seg[160], cmd[16], line[200];
        size_t n = strcspn(body, ";");
        expand_at(seg, sizeof seg, body, n, at);
        long long clk, row, col;
        int pc, rank, bg, bank, ch = 0;
        if (sscanf(seg, "%lld %15s %d %d %d %d %lld %lld %d", &clk, cmd, &pc, &rank, &bg, &bank,
                   &row, &col, &ch) < 8)
            abort(); /* a typo in a test body */
        snprintf(line, sizeof line, "%lld,%lld,%d,%d,%d,%d,%d,%lld,%lld,%s\n", clk * 2000000 / 6400,
                 clk, ch, pc, rank, bg, bank, row, col, cmd);
        sb_add(b, line);
        body += n;
        if (*body == ';') body++;
    }
}

/* ---- running the checker on a text ---- */

/* The HBM3 header plus @p extra (later lines win), then the body. */
static void run_trace(run *r, const char *extra, const char *body, long at)
{
    sbuf b = {0};
    sb_add(&b, HBM3_HEADER);
    if (extra) sb_add(&b, extra);
    sb_add(&b, CSV);
    add_body(&b, body, at);
    run_text(r, b.s, 100);
    free(b.s);
}

/* Expects @p n violations, the first @p n of them in @p report order containing @p want. */
static void expect(const char *extra, const char *body, uint64_t n, const char *want)
{
    int before = unit_failures;
    run r;
    run_trace(&r, extra, body, 0);
    CHECK_EQ(r.st, MEMSIM_OK);
    CHECK_EQ(r.res.violations, n);
    if (want) CHECK_CONTAINS(r.report, want);
    if (unit_failures != before)
        fprintf(stderr, "  in: %s\n  report:\n%s  err: %s\n", body, r.report, r.err);
}

/* ---- tight gates ---- */

typedef struct gate {
    const char *rule;  /* expected rule name */
    const char *extra; /* header overrides, or NULL */
    const char *body;  /* '@' = clock of the command under test */
    long t;            /* its earliest legal clock */
    int count;         /* violations expected at t - 1 (coinciding rules) */
} gate;

static void check_gate(const gate *g)
{
    int before = unit_failures;
    run r;
    run_trace(&r, g->extra, g->body, g->t);
    CHECK_EQ(r.st, MEMSIM_OK);
    CHECK_EQ(r.res.violations, 0);
    run_trace(&r, g->extra, g->body, g->t - 1);
    CHECK_EQ(r.st, MEMSIM_OK);
    CHECK_EQ(r.res.violations, g->count);
    char want[160];
    snprintf(want, sizeof want, "clk %ld: %s: ", g->t - 1, g->rule);
    CHECK_CONTAINS(r.report, want);
    snprintf(want, sizeof want, "(needs >= %ld, short by 1)", g->t);
    CHECK_CONTAINS(r.report, want);
    if (unit_failures != before)
        fprintf(stderr, "  in gate %s: %s\n  report:\n%s  err: %s\n", g->rule, g->body, r.report,
                r.err);
}

#define A0 "0 ACT 0 0 0 0 5 -1"
#define R0 "0 REFPB 0 0 0 0 -1 -1"
/* Column commands one clock early would also break col_align: where a gate is
 * about another rule, the header drops the alignment. */
#define NOALIGN "# col_align 1\n"

static const gate BUS_GATES[] = {
    /* ACT holds the row bus for 3 cycles, also against the other pseudo-channel */
    {"CMD_BUS", NULL, A0 "; @ ACT 1 0 0 0 5 -1", 3, 1},
    {"CMD_BUS", NULL, A0 "; 3 ACT 1 0 0 0 5 -1; @ PRE 1 1 0 0 -1 -1", 6, 1},
    /* PRE: 1 cycle; one clock earlier is two row commands in one clock */
    {"CMD_BUS", NULL, "10 PRE 0 0 0 0 -1 -1; @ PRE 1 0 0 0 -1 -1", 11, 1},
    {"CMD_BUS", NULL, "10 REFPB 0 0 0 0 -1 -1; @ REFPB 1 0 0 0 -1 -1", 11, 1},
    /* column commands: 2 cycles on the column bus, shared by the pseudo-channels */
    {"CMD_BUS", NOALIGN, A0 "; 3 ACT 1 0 0 0 5 -1; 64 RD 0 0 0 0 5 0; @ RD 1 0 0 0 5 0", 66, 1},
    {"CMD_BUS", NOALIGN, A0 "; 3 ACT 1 0 0 0 5 -1; 64 WR 0 0 0 0 5 0; @ RDA 1 0 0 0 5 0", 66, 1},
};

static const gate TIMING_GATES[] = {
    {"tRCD", NOALIGN, A0 "; @ RD 0 0 0 0 5 0", 62, 1},
    {"tRCD", NOALIGN, A0 "; @ RDA 0 0 0 0 5 0", 62, 1},
    {"tRCD_WR", NOALIGN, A0 "; @ WR 0 0 0 0 5 0", 30, 1},
    {"tRCD_WR", NOALIGN, A0 "; @ WRA 0 0 0 0 5 0", 30, 1},
    /* with the alignment, one clock early is also off the grid */
    {"tRCD_WR", NULL, A0 "; @ WR 0 0 0 0 5 0", 30, 2},
    {"tRRD_S", NULL, A0 "; @ ACT 0 0 1 0 5 -1", 8, 1},
    {"tRRD_L", NULL, A0 "; @ ACT 0 0 0 1 5 -1", 10, 1},
    /* HBM3 has nPPD */
    {"tPPD", NULL, A0 "; 10 ACT 0 0 1 0 5 -1; 100 PRE 0 0 0 0 5 -1; @ PRE 0 0 1 0 5 -1", 104, 1},
    {"tPPD", NULL, A0 "; 100 PRE 0 0 0 0 5 -1; @ PREA 0 0 -1 -1 -1 -1", 104, 1},
    /* the data bus is per pseudo-channel: other rank (SID) of the same one */
    {"tRTRS", NOALIGN, A0 "; 3 ACT 0 1 0 0 5 -1; 64 RD 0 0 0 0 5 0; @ RD 0 1 0 0 5 0", 70, 2},
    {"tBL", NOALIGN "# timing nCCD_S 2\n",
     A0 "; 8 ACT 0 0 1 0 5 -1; 68 RD 0 0 0 0 5 0; @ RD 0 0 1 0 5 0", 72, 2},
    {"tRTW", NOALIGN, A0 "; 3 ACT 0 1 0 0 5 -1; 64 RD 0 0 0 0 5 0; @ WR 0 1 0 0 5 0", 104, 1},
    {"tRTW", NULL, A0 "; 3 ACT 0 1 0 0 5 -1; 64 RD 0 0 0 0 5 0; @ WR 0 1 0 0 5 0", 104, 2},
};

static const gate REFPB_GATES[] = {
    /* bank */
    {"tRFCpb", NULL, R0 "; @ ACT 0 0 0 0 5 -1", 640, 1},
    {"tRFCpb", NULL, R0 "; @ PRE 0 0 0 0 -1 -1", 640, 1},
    {"tRFCpb", NULL, R0 "; @ REFPB 0 0 0 0 -1 -1", 640, 1},
    {"tRP", NULL, A0 "; 100 PRE 0 0 0 0 5 -1; @ REFPB 0 0 0 0 -1 -1", 152, 1},
    {"tRDA", NULL, A0 "; 100 RDA 0 0 0 0 5 0; @ REFPB 0 0 0 0 -1 -1", 170, 1},
    {"tWRA", NULL, A0 "; 100 WRA 0 0 0 0 5 0; @ REFPB 0 0 0 0 -1 -1", 242, 1},
    {"tRC", NULL, A0 "; 62 RDA 0 0 0 0 5 0; @ REFPB 0 0 0 0 -1 -1", 144, 1},
    /* bank group, rank */
    {"tRRD_L", NULL, A0 "; @ REFPB 0 0 0 1 -1 -1", 10, 1},
    {"tRRD_S", NULL, A0 "; @ REFPB 0 0 1 0 -1 -1", 8, 1},
    {"tRP", NULL, A0 "; 100 PREA 0 0 -1 -1 -1 -1; @ REFPB 0 0 1 1 -1 -1", 152, 1},
    {"tRFCpb", NULL, R0 "; @ REF 0 0 -1 -1 -1 -1", 640, 1},
    {"tRFCpb", NULL, R0 "; @ PREA 0 0 -1 -1 -1 -1", 640, 1},
    {"tRFC", NULL, "0 REF 0 0 -1 -1 -1 -1; @ REFPB 0 0 2 3 -1 -1", 832, 1},
    /* pseudo-channel: other banks, other bank groups, other ranks (SIDs) */
    {"tRREFD", NULL, R0 "; @ ACT 0 0 0 1 5 -1", 26, 1},
    {"tRREFD", NULL, R0 "; @ ACT 0 0 3 2 5 -1", 26, 1},
    {"tRREFD", NULL, R0 "; @ REFPB 0 0 1 0 -1 -1", 26, 1},
    {"tRREFD", NULL, R0 "; @ ACT 0 1 0 0 5 -1", 26, 1},
    {"tRREFD", NULL, R0 "; @ REFPB 0 1 2 2 -1 -1", 26, 1},
};

static void test_bus_gates(void)
{
    for (size_t i = 0; i < sizeof BUS_GATES / sizeof BUS_GATES[0]; i++)
        check_gate(&BUS_GATES[i]);
}

static void test_timing_gates(void)
{
    for (size_t i = 0; i < sizeof TIMING_GATES / sizeof TIMING_GATES[0]; i++)
        check_gate(&TIMING_GATES[i]);
}

static void test_refpb_gates(void)
{
    for (size_t i = 0; i < sizeof REFPB_GATES / sizeof REFPB_GATES[0]; i++)
        check_gate(&REFPB_GATES[i]);
}

/* The row bus and the column bus are separate: one command of each per clock. */
static void test_two_buses(void)
{
    /* a column command and a row command in one clock, either order */
    expect(NULL, A0 "; 62 RD 0 0 0 0 5 0; 62 ACT 1 0 0 0 5 -1", 0, NULL);
    expect(NULL, A0 "; 62 ACT 1 0 0 0 5 -1; 62 RD 0 0 0 0 5 0", 0, NULL);
    expect(NULL, A0 "; 62 WR 0 0 0 0 5 0; 62 PRE 1 1 3 3 -1 -1; 64 PRE 0 1 2 2 -1 -1", 0, NULL);
    /* ... but never two row commands, nor two column commands */
    expect(NULL, A0 "; 100 PRE 0 0 0 0 5 -1; 100 PRE 1 0 0 0 -1 -1", 1,
           "clk 100: CMD_BUS: PRE ch0 pc1 rank0 bg0 bank0 after PRE at clk 100 "
           "(needs >= 101, short by 1)");
    expect(NULL, A0 "; 3 ACT 1 0 0 0 5 -1; 66 RD 0 0 0 0 5 0; 66 RD 1 0 0 0 5 0", 1,
           "clk 66: CMD_BUS: RD ch0 pc1 rank0 bg0 bank0 after RD at clk 66 (needs >= 68, short "
           "by 2)");
    /* the busy row bus does not hold back a column command, nor the reverse */
    expect(NULL, A0 "; 62 ACT 1 0 0 0 5 -1; 63 RD 0 0 0 0 5 0", 1, "COL_ALIGN");
    expect(NULL, A0 "; 61 ACT 1 0 0 0 5 -1; 62 RD 0 0 0 0 5 0; 64 PRE 1 1 0 0 -1 -1", 0, NULL);
    /* other channels have their own buses */
    expect(NULL, A0 " 0; 0 ACT 0 0 0 0 5 -1 1; 1 ACT 1 0 0 0 5 -1 1", 1,
           "clk 1: CMD_BUS: ACT ch1 pc1 rank0 bg0 bank0 after ACT at clk 0");
    /* with no cmd_bus lines (DDR) every command shares the one bus */
    sbuf b = {0};
    const char *h = HBM3_HEADER;
    while (*h) {
        size_t n = strcspn(h, "\n") + 1;
        if (strncmp(h, "# cmd_bus ", 10) != 0) {
            char line[128];
            memcpy(line, h, n);
            line[n] = '\0';
            sb_add(&b, line);
        }
        h += n;
    }
    sb_add(&b, CSV);
    add_body(&b, A0 "; 62 RD 0 0 0 0 5 0; 62 ACT 1 0 0 0 5 -1", 0);
    run r;
    run_text(&r, b.s, 10);
    free(b.s);
    CHECK_EQ(r.res.violations, 1);
    CHECK_CONTAINS(r.report, "clk 62: CMD_BUS: ACT ch0 pc1 rank0 bg0 bank0 after RD at clk 62");
}

static void test_col_align(void)
{
    expect(NULL, A0 "; 64 RD 0 0 0 0 5 0", 0, NULL);
    expect(NULL, A0 "; 63 RD 0 0 0 0 5 0", 1,
           "clk 63: COL_ALIGN: RD ch0 pc0 rank0 bg0 bank0: clk % col_align = 1, expected 0 "
           "(col_align 2)\n");
    expect(NULL, A0 "; 65 RDA 0 0 0 0 5 0", 1, "clk 65: COL_ALIGN: RDA ch0 pc0");
    expect(NULL, A0 "; 31 WR 0 0 0 0 5 0", 1, "clk 31: COL_ALIGN: WR ch0 pc0");
    expect(NULL, A0 "; 33 WRA 0 0 0 0 5 0", 1, "clk 33: COL_ALIGN: WRA ch0 pc0");
    /* row commands may use any cycle */
    expect(NULL,
           "1 ACT 0 0 0 0 5 -1; 93 PRE 0 0 0 0 5 -1; 145 ACT 0 0 0 0 6 -1; "
           "247 REFPB 0 0 1 1 -1 -1",
           0, NULL);
    /* col_align 4 */
    expect("# col_align 4\n", A0 "; 62 RD 0 0 0 0 5 0", 1, "clk % col_align = 2, expected 0");
    expect("# col_align 4\n", A0 "; 64 RD 0 0 0 0 5 0", 0, NULL);
}

/* nRCD is ACT -> read only; nRCD_WR is ACT -> write only. */
static void test_rcd_wr(void)
{
    expect(NULL, A0 "; 30 RD 0 0 0 0 5 0", 1,
           "clk 30: tRCD: RD ch0 pc0 rank0 bg0 bank0 after ACT at clk 0 (needs >= 62, short by "
           "32)");
    expect(NULL, A0 "; 30 WR 0 0 0 0 5 0", 0, NULL);
    /* a larger nRCD_WR than nRCD is honoured too */
    expect("# timing nRCD_WR 70\n", A0 "; 62 RD 0 0 0 0 5 0", 0, NULL);
    expect("# timing nRCD_WR 70\n", A0 "; 68 WR 0 0 0 0 5 0", 1,
           "clk 68: tRCD_WR: WR ch0 pc0 rank0 bg0 bank0 after ACT at clk 0 (needs >= 70, short "
           "by 2)");
}

/* tRREFD, like every scope but the command buses, stops at the pseudo-channel. */
static void test_refpb_scopes(void)
{
    /* another pseudo-channel of the same channel: neither nRREFD nor nRFCpb */
    expect(NULL, R0 "; 25 ACT 1 0 0 0 5 -1", 0, NULL);
    expect(NULL, R0 "; 1 REFPB 1 0 0 0 -1 -1", 0, NULL);
    expect(NULL, R0 "; 3 REFPB 1 1 0 1 -1 -1; 29 ACT 1 0 0 0 5 -1", 0, NULL);
    /* another channel */
    expect(NULL, R0 " 0; 1 ACT 0 0 0 1 5 -1 1; 4 ACT 0 1 0 0 5 -1 1", 0, NULL);
    /* the same pc, another SID: nRREFD applies, nRFCpb does not */
    expect(NULL, R0 "; 26 ACT 0 1 0 0 5 -1", 0, NULL);
    expect(NULL, R0 "; 25 ACT 0 1 0 0 5 -1", 1,
           "clk 25: tRREFD: ACT ch0 pc0 rank1 bg0 bank0 after REFPB at clk 0 (needs >= 26, "
           "short by 1)");
    /* the same bank: both nRREFD and nRFCpb count as one finding each */
    expect(NULL, R0 "; 25 ACT 0 0 0 0 5 -1", 2, "clk 25: tRFCpb:");
    /* REFPB does not count toward the four-activate window */
    expect("# timing nRRD_S 1\n# timing nRRD_L 1\n# timing nRREFD 1\n",
           "0 ACT 0 0 0 0 5 -1; 3 REFPB 0 0 1 1 -1 -1; 6 ACT 0 0 1 0 5 -1; "
           "9 ACT 0 0 2 0 5 -1; 12 ACT 0 0 3 0 5 -1",
           0, NULL);
}

static void test_refpb_state(void)
{
    expect(NULL, A0 "; 200 REFPB 0 0 0 0 -1 -1", 1,
           "clk 200: STATE: REFPB ch0 pc0 rank0 bg0 bank0: needs its banks closed, but bg0 "
           "bank0 is open on row 5 (1 open)");
    /* only its own bank must be closed */
    expect(NULL, A0 "; 200 REFPB 0 0 0 1 -1 -1", 0, NULL);
    expect(NULL, A0 "; 200 REFPB 0 1 0 0 -1 -1", 0, NULL);
    expect(NULL, A0 "; 200 REFPB 1 0 0 0 -1 -1", 0, NULL);
    /* closed by PRE, PREA, RDA; REFPB leaves it closed (ACT after nRFCpb is fine) */
    expect(NULL, A0 "; 100 PRE 0 0 0 0 5 -1; 152 REFPB 0 0 0 0 -1 -1; 792 ACT 0 0 0 0 6 -1", 0,
           NULL);
    expect(NULL, A0 "; 100 PREA 0 0 -1 -1 -1 -1; 152 REFPB 0 0 0 0 -1 -1", 0, NULL);
    expect(NULL, A0 "; 100 RDA 0 0 0 0 5 0; 170 REFPB 0 0 0 0 -1 -1", 0, NULL);
}

/* The data bus is per pseudo-channel. */
static void test_data_bus(void)
{
    /* reads on two pseudo-channels: data [104,108) and [106,110) overlap, legally */
    expect(NULL, A0 "; 3 ACT 1 0 0 0 5 -1; 64 RD 0 0 0 0 5 0; 66 RD 1 0 0 0 5 0", 0, NULL);
    /* a read and a write on two pseudo-channels at once: no turnaround */
    expect(NULL, A0 "; 3 ACT 1 0 0 0 5 -1; 84 RD 0 0 0 0 5 0; 106 WR 1 0 0 0 5 0", 0, NULL);
    /* the same overlap on one pseudo-channel is refused */
    expect(NOALIGN "# timing nCCD_S 2\n",
           A0 "; 8 ACT 0 0 1 0 5 -1; 68 RD 0 0 0 0 5 0; 70 RD 0 0 1 0 5 0", 2,
           "clk 70: DATA_BUS: RD ch0 pc0 rank0 bg1 bank0 after RD at clk 68 (needs >= 72, "
           "short by 2)");
    /* and between the SIDs of one pseudo-channel, nRTRS apart */
    expect(NOALIGN, A0 "; 3 ACT 0 1 0 0 5 -1; 64 RD 0 0 0 0 5 0; 68 RD 0 1 0 0 5 0", 2,
           "clk 68: DATA_BUS: RD ch0 pc0 rank1 bg0 bank0 after RD at clk 64 (needs >= 70, "
           "short by 2)");
    /* the other-rank turnaround stays in the pseudo-channel too */
    expect(NULL, A0 "; 3 ACT 1 1 0 0 5 -1; 64 RD 0 0 0 0 5 0; 66 RD 1 1 0 0 5 0", 0, NULL);
}

/* In pb mode REFPB counts, per channel and flat rank r = pc * ranks + rank. */
static void test_refresh_pb(void)
{
    const char *pb = "# channels 1\n# refresh_mode pb\n# refresh_interval 780\n"
                     "# refresh_max_postpone 2\n# refresh_phase 1 195\n# refresh_phase 2 390\n"
                     "# refresh_phase 3 585\n";
    expect(pb, "2339 PRE 0 0 0 0 -1 -1", 0, NULL);
    expect(pb, "2340 PRE 0 0 0 0 -1 -1", 1,
           "clk 2340: REFRESH: ch0 pc0 rank0: 0 refresh commands issued, needs >= 1 (phase 0, "
           "interval 780, max postpone 2)\n");
    /* flat rank 1 is pc0 rank1, flat rank 2 is pc1 rank0 */
    expect(pb, "2535 PRE 0 0 0 0 -1 -1", 2, "clk 2535: REFRESH: ch0 pc0 rank1:");
    expect(pb, "2729 PRE 0 0 0 0 -1 -1", 2, NULL);
    expect(pb, "2730 PRE 0 0 0 0 -1 -1", 3,
           "clk 2730: REFRESH: ch0 pc1 rank0: 0 refresh commands issued, needs >= 1 (phase 390");
    /* a REFPB to any bank of the rank pays; one to another pc or SID does not */
    expect(pb, "100 REFPB 0 0 3 3 -1 -1; 2340 PRE 0 0 0 0 -1 -1", 0, NULL);
    expect(pb, "100 REFPB 1 0 0 0 -1 -1; 2340 PRE 0 0 0 0 -1 -1", 1, "ch0 pc0 rank0");
    expect(pb, "100 REFPB 0 1 0 0 -1 -1; 2340 PRE 0 0 0 0 -1 -1", 1, "ch0 pc0 rank0");
    /* a REF counts in pb mode as well; a REFPB does not count in ab mode */
    expect(pb, "100 REF 0 0 -1 -1 -1 -1; 2340 PRE 0 0 0 0 -1 -1", 0, NULL);
    const char *ab = "# channels 1\n# refresh_interval 780\n# refresh_max_postpone 2\n";
    expect(ab, "100 REFPB 0 0 0 0 -1 -1; 2340 PRE 0 0 0 0 -1 -1", 1, "ch0 pc0 rank0");
    /* keeping up: every bank of every flat rank in turn, nRREFD apart */
    sbuf b = {0};
    long t = 0;
    for (int i = 0; i < 400; i++) {
        char line[96];
        t = 100 + (long)i * 195;
        for (int r = 0; r < 4; r++) {
            snprintf(line, sizeof line, "%ld REFPB %d %d %d %d -1 -1;", t + r * 26, r / 2, r % 2,
                     i % 4, (i / 4) % 4);
            sb_add(&b, line);
        }
    }
    run r;
    run_trace(&r, pb, b.s, 0);
    free(b.s);
    CHECK_EQ(r.res.commands, 1600);
    CHECK_EQ(r.res.violations, 0);
    if (r.res.violations) fprintf(stderr, "%s", r.report);
}

/* Runs the HBM3 header (with @p extra) plus raw command text; checks the exact error. */
static void expect_error(const char *extra, const char *cmds, const char *msg)
{
    sbuf b = {0};
    sb_add(&b, HBM3_HEADER);
    if (extra) sb_add(&b, extra);
    sb_add(&b, CSV);
    sb_add(&b, cmds);
    run r;
    run_text(&r, b.s, 10);
    free(b.s);
    CHECK_EQ(r.st, MEMSIM_E_PARSE);
    CHECK_CONTAINS(r.err, msg);
}

static void test_parse(void)
{
    expect_error(NULL, "0,0,0,2,0,-1,-1,-1,-1,REF\n", "pc 2 out of range (expected 0..1)");
    expect_error(NULL, "0,0,0,0,2,-1,-1,-1,-1,REF\n", "rank 2 out of range (expected 0..1)");
    expect_error(NULL, "0,0,0,0,0,0,0,5,-1,REFPB\n", "REFPB has no row (expected -1, got 5)");
    expect_error(NULL, "0,0,0,0,0,0,-1,-1,-1,REFPB\n", "REFPB needs a bank (got -1)");
    expect_error(NULL, "0,0,0,0,0,-1,0,-1,-1,REFPB\n", "REFPB needs a bg (got -1)");
    expect_error(NULL, "0,0,0,0,0,0,0,5,-1,XYZ\n",
                 "unknown command 'XYZ' (expected ACT, PRE, PREA, PRESB, RD, RDA, WR, WRA, REF, "
                 "REFSB or REFPB)");
    expect_error("# timing nRFCpb x\n", "",
                 "expected an integer 0..1073741824 for 'timing nRFCpb'");
    expect_error("# cmd_bus RD both\n", "", "expected 'row' or 'col' for 'cmd_bus RD', got 'both'");
    expect_error("# col_align 0\n", "", "expected an integer 1..1024 for 'col_align', got '0'");
    expect_error("# pcs 65\n", "", "expected an integer 1..64 for 'pcs', got '65'");
    expect_error("# cycles_per_clock 0\n", "",
                 "expected an integer 1..64 for 'cycles_per_clock', got '0'");
    expect_error("# refresh_phase 4 0\n", "", "refresh_phase rank 4 out of range (expected 0..3)");
    /* REFPB and refresh_mode pb need nRFCpb */
    const char *ddr =
        "# memsim command trace 1\n# standard DDR4\n# rate_mts 2400\n# channels 1\n# ranks 1\n"
        "# bankgroups 4\n# banks_per_group 4\n# rows 65536\n# columns 1024\n"
        "# burst 8\n# refresh_mode ab\n# refresh_interval 9360\n"
        "# refresh_max_postpone 4\n# timing nBL 4\n# timing nCL 16\n"
        "# timing nCWL 12\n# timing nRCD 16\n# timing nRP 16\n# timing nRAS 39\n"
        "# timing nRC 55\n# timing nWR 18\n# timing nRTP 9\n# timing nCCD_S 4\n"
        "# timing nCCD_L 6\n# timing nCCD_L_WR 6\n# timing nRRD_S 4\n"
        "# timing nRRD_L 6\n# timing nFAW 26\n# timing nWTR_S 3\n"
        "# timing nWTR_L 9\n# timing nRTW_GAP 2\n# timing nRTRS 2\n"
        "# timing nRFC 420\n# timing nREFI 9360\n";
    sbuf b = {0};
    sb_add(&b, ddr);
    sb_add(&b, CSV "0,0,0,0,0,0,0,-1,-1,REFPB\n");
    run r;
    run_text(&r, b.s, 10);
    CHECK_EQ(r.st, MEMSIM_E_PARSE);
    CHECK_CONTAINS(r.err, "REFPB needs timing nRFCpb");
    b.len = 0;
    sb_add(&b, ddr);
    sb_add(&b, "# refresh_mode pb\n" CSV);
    run_text(&r, b.s, 10);
    CHECK_EQ(r.st, MEMSIM_E_PARSE);
    CHECK_CONTAINS(r.err, "refresh_mode pb needs timing nRFCpb");
    /* the DDR message for an unknown command does not offer REFPB */
    b.len = 0;
    sb_add(&b, ddr);
    sb_add(&b, CSV "0,0,0,0,0,0,0,5,-1,XYZ\n");
    run_text(&r, b.s, 10);
    CHECK_CONTAINS(r.err, "(expected ACT, PRE, PREA, PRESB, RD, RDA, WR, WRA, REF or REFSB)");
    free(b.s);
    /* t_ps: half clocks, 312.5 ps each */
    b = (sbuf){0};
    sb_add(&b, HBM3_HEADER);
    sb_add(&b, CSV "312,1,0,0,0,-1,-1,-1,-1,REF\n313,2,0,1,0,-1,-1,-1,-1,REF\n");
    run_text(&r, b.s, 10);
    free(b.s);
    CHECK_EQ(r.st, MEMSIM_OK);
    CHECK_EQ(r.res.violations, 1);
    CHECK_CONTAINS(r.report, "clk 2: TPS: REF ch0 pc1 rank0 bg-1 bank-1: t_ps 313, expected 625");
}

/* ---- the simulator's HBM traces ---- */

static char tmp_path[64];

static int run_sim(const char *preset, const char *const *sets, memsim_pattern pat,
                   double read_ratio, uint64_t n, uint64_t interval)
{
    memsim_config *cfg = memsim_config_create();
    memsim_config_set(cfg, "preset", preset, NULL);
    for (; sets && *sets; sets += 2)
        if (memsim_config_set(cfg, sets[0], sets[1], NULL) != MEMSIM_OK) {
            UNIT_FAIL("%s: %s=%s: %s", preset, sets[0], sets[1], memsim_config_error(cfg));
            memsim_config_free(cfg);
            return 0;
        }
    memsim_sim *sim = NULL;
    if (memsim_sim_create(cfg, &sim) != MEMSIM_OK) {
        UNIT_FAIL("%s: %s", preset, memsim_config_error(cfg));
        memsim_config_free(cfg);
        return 0;
    }
    memsim_config_free(cfg);
    FILE *fp = fopen(tmp_path, "w");
    if (!fp) abort();
    memsim_sim_set_cmd_trace(sim, fp);
    memsim_synth_params p;
    memsim_synth_defaults(&p);
    p.pattern = pat;
    p.requests = n;
    p.read_ratio = read_ratio;
    p.footprint = 0;
    p.seed = 5;
    p.interval = interval;
    memsim_source *src = NULL;
    char err[256];
    if (memsim_source_synthetic(&p, &src, err, sizeof err) != MEMSIM_OK) abort();
    CHECK_EQ(memsim_sim_run(sim, src, NULL), MEMSIM_OK);
    fclose(fp);
    memsim_source_free(src);
    memsim_sim_free(sim);
    return 1;
}

/* @return the violations in tmp_path (the first few go to stderr). */
static uint64_t check_path(const char *path, FILE *report, uint64_t *commands)
{
    memsim_check_result res = {0};
    char err[512];
    if (memsim_check_file(path, report, 5, &res, err, sizeof err) != MEMSIM_OK)
        UNIT_FAIL("check: %s", err);
    if (commands) *commands = res.commands;
    return res.violations;
}

/* Counts lines of the trace whose command is @p cmd. */
static uint64_t count_cmd(const char *cmd)
{
    FILE *fp = fopen(tmp_path, "r");
    char line[256];
    uint64_t n = 0;
    size_t len = strlen(cmd);
    while (fgets(line, sizeof line, fp)) {
        char *c = strrchr(line, ',');
        if (c && strncmp(c + 1, cmd, len) == 0 && (c[1 + len] == '\n' || !c[1 + len])) n++;
    }
    fclose(fp);
    return n;
}

static void test_simulator(void)
{
    static const char *const presets[] = {"HBM2-2000", "HBM2E-3200", "HBM3-6400", "HBM3E-9600",
                                          "trn2"};
    static const char *const ab[] = {"dram.stacks", "1", "refresh.mode", "ab", NULL};
    static const char *const pb[] = {"dram.stacks", "1", "refresh.mode", "pb", NULL};
    static const char *const two[] = {
        "dram.channels", "2", "refresh.mode", "pb", "controller.page_policy", "closed", NULL};
    const memsim_pattern pats[3] = {MEMSIM_PATTERN_RANDOM, MEMSIM_PATTERN_STREAM,
                                    MEMSIM_PATTERN_RANDOM};
    const double ratios[3] = {1.0, 1.0, 2.0 / 3.0};
    const char *const *variants[3] = {ab, pb, two};
    const char *vnames[3] = {"stacks=1 ab", "stacks=1 pb", "channels=2 pb closed"};
    for (size_t p = 0; p < sizeof presets / sizeof presets[0]; p++)
        for (int v = 0; v < 3; v++)
            for (int w = 0; w < 3; w++) {
                if (!run_sim(presets[p], variants[v], pats[w], ratios[w], 4000, 0)) continue;
                uint64_t cmds = 0, n = check_path(tmp_path, stderr, &cmds);
                if (n)
                    UNIT_FAIL("%s %s workload %d: %llu violations", presets[p], vnames[v], w,
                              (unsigned long long)n);
                CHECK(cmds >= 4000);
                if (v > 0 && w == 0 && !count_cmd("REFPB"))
                    UNIT_FAIL("%s %s: no REFPB in the trace", presets[p], vnames[v]);
            }
}

/* Light load on HBM2 (no alignment): each read is a miss whose RD issues
 * exactly nRCD after its ACT and each write's WR nRCD_WR after it, so moving
 * any one of them a clock earlier must be caught. */
static void test_corruption_caught(void)
{
    char bad[80];
    snprintf(bad, sizeof bad, "%s.bad", tmp_path);
    static const char *const sets[] = {"dram.channels", "1", NULL};
    const char *cmds[2] = {"RD", "WR"};
    for (int c = 0; c < 2; c++) {
        run_sim("HBM2-2000", sets, MEMSIM_PATTERN_RANDOM, c == 0 ? 1.0 : 0.0, 200, 400);
        CHECK_EQ(check_path(tmp_path, stderr, NULL), 0);
        for (unsigned nth = 1; nth <= 30; nth++) {
            CHECK(corrupt_trace(tmp_path, cmds[c], nth, bad));
            CHECK(check_path(bad, NULL, NULL) > 0);
        }
    }
    remove(bad);
}

int main(void)
{
    snprintf(tmp_path, sizeof tmp_path, "/tmp/memsim-check-hbm-%ld.csv", (long)getpid());
    UNIT_RUN(test_bus_gates);
    UNIT_RUN(test_timing_gates);
    UNIT_RUN(test_refpb_gates);
    UNIT_RUN(test_two_buses);
    UNIT_RUN(test_col_align);
    UNIT_RUN(test_rcd_wr);
    UNIT_RUN(test_refpb_scopes);
    UNIT_RUN(test_refpb_state);
    UNIT_RUN(test_data_bus);
    UNIT_RUN(test_refresh_pb);
    UNIT_RUN(test_parse);
    UNIT_RUN(test_simulator);
    UNIT_RUN(test_corruption_caught);
    remove(tmp_path);
    UNIT_DONE();
}
