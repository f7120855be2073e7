/*
 * test_check.c - tests of the command-trace checker (memsim_check_file,
 * docs/cmd-trace.md).
 *
 * Every rule gets a tight gate: the pair at exactly the minimum distance is
 * clean, one clock earlier is reported under the rule's name with "needs >= t,
 * short by 1". Traces are written to temp files from a DDR4-2400-like and a
 * DDR5-4800-like header; bodies use a compact form "clk CMD rank bg bank row
 * col [ch]" (t_ps is filled in) so that each case reads like the spec.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "memsim/check.h"
#include "check_text.h"
#include "unit.h"

/* ---- trace headers ---- */

static const char DDR4_HEADER[] = "# memsim command trace 1\n"
                                  "# version 0.1.0\n"
                                  "# standard DDR4\n"
                                  "# preset DDR4-2400R\n"
                                  "# org 8Gb_x8\n"
                                  "# rate_mts 2400\n"
                                  "# tck_ps 833.333\n"
                                  "# channels 1\n"
                                  "# ranks 2\n"
                                  "# bankgroups 4\n"
                                  "# banks_per_group 4\n"
                                  "# rows 65536\n"
                                  "# columns 1024\n"
                                  "# burst 8\n"
                                  "# refresh_mode ab\n"
                                  "# refresh_interval 9360\n"
                                  "# refresh_max_postpone 4\n"
                                  "# refresh_phase 0 0\n"
                                  "# refresh_phase 1 0\n"
                                  "# timing nBL 4\n"
                                  "# timing nCL 16\n"
                                  "# timing nCWL 12\n"
                                  "# timing nRCD 16\n"
                                  "# timing nRP 16\n"
                                  "# timing nRAS 39\n"
                                  "# timing nRC 55\n"
                                  "# timing nWR 18\n"
                                  "# timing nRTP 9\n"
                                  "# timing nCCD_S 4\n"
                                  "# timing nCCD_L 6\n"
                                  "# timing nCCD_L_WR 6\n"
                                  "# timing nRRD_S 4\n"
                                  "# timing nRRD_L 6\n"
                                  "# timing nFAW 26\n"
                                  "# timing nWTR_S 3\n"
                                  "# timing nWTR_L 9\n"
                                  "# timing nRTW_GAP 2\n"
                                  "# timing nRTRS 2\n"
                                  "# timing nRFC 420\n"
                                  "# timing nREFI 9360\n";

static const char DDR5_HEADER[] = "# memsim command trace 1\n"
                                  "# standard DDR5\n"
                                  "# rate_mts 4800\n"
                                  "# channels 1\n"
                                  "# ranks 2\n"
                                  "# bankgroups 8\n"
                                  "# banks_per_group 4\n"
                                  "# rows 65536\n"
                                  "# columns 1024\n"
                                  "# burst 16\n"
                                  "# refresh_mode sb\n"
                                  "# refresh_interval 2340\n"
                                  "# refresh_max_postpone 4\n"
                                  "# timing nBL 8\n"
                                  "# timing nCL 40\n"
                                  "# timing nCWL 38\n"
                                  "# timing nRCD 40\n"
                                  "# timing nRP 40\n"
                                  "# timing nRAS 77\n"
                                  "# timing nRC 117\n"
                                  "# timing nWR 72\n"
                                  "# timing nRTP 18\n"
                                  "# timing nCCD_S 8\n"
                                  "# timing nCCD_L 12\n"
                                  "# timing nCCD_L_WR 48\n"
                                  "# timing nRRD_S 8\n"
                                  "# timing nRRD_L 12\n"
                                  "# timing nFAW 32\n"
                                  "# timing nWTR_S 6\n"
                                  "# timing nWTR_L 24\n"
                                  "# timing nRTW_GAP 2\n"
                                  "# timing nRTRS 2\n"
                                  "# timing nRFC 708\n"
                                  "# timing nRFCsb 312\n"
                                  "# timing nREFSBRD 72\n"
                                  "# timing nPPD 2\n"
                                  "# timing nREFI 9360\n"
                                  "# cmd_cycles ACT 2\n"
                                  "# cmd_cycles RD 2\n"
                                  "# cmd_cycles RDA 2\n"
                                  "# cmd_cycles WR 2\n"
                                  "# cmd_cycles WRA 2\n";

#define CSV "t_ps,clk,ch,pc,rank,bg,bank,row,col,cmd\n"

/* Header text minus the line @p skip (may be NULL), plus @p extra (later lines win). */
static void add_header(sbuf *b, int ddr5, const char *skip, const char *extra)
{
    const char *h = ddr5 ? DDR5_HEADER : DDR4_HEADER;
    while (*h) {
        const char *nl = strchr(h, '\n');
        size_t n = (size_t)(nl - h) + 1;
        if (!skip || strncmp(h, skip, n) != 0 || strlen(skip) != n) {
            char line[128];
            memcpy(line, h, n);
            line[n] = '\0';
            sb_add(b, line);
        }
        h += n;
    }
    if (extra) sb_add(b, extra);
}

/* Compact body "clk CMD rank bg bank row col [ch]; ..." with '@' standing for @p at. */
static void add_body(sbuf *b, int ddr5, const char *body, long at)
{
    const long long rate = ddr5 ? 4800 : 2400;
    while (*body) {
        char seg[160], cmd[16];
        size_t n = strcspn(body, ";");
        expand_at(seg, sizeof seg, body, n, at);
        long long clk, row, col;
        int rank, bg, bank, ch = 0;
        if (sscanf(seg, "%lld %15s %d %d %d %lld %lld %d", &clk, cmd, &rank, &bg, &bank, &row, &col,
                   &ch) < 7)
            abort(); /* a typo in a test body */
        sb_printf(b, "%lld,%lld,%d,0,%d,%d,%d,%lld,%lld,%s\n", clk * 2000000 / rate, clk, ch, rank,
                  bg, bank, row, col, cmd);
        body += n;
        if (*body == ';') body++;
    }
}

/* ---- running the checker on a text ---- */

static void run_trace(run *r, int ddr5, const char *extra, const char *body, long at)
{
    sbuf b = {0};
    add_header(&b, ddr5, NULL, extra);
    sb_add(&b, CSV);
    add_body(&b, ddr5, body, at);
    run_text(r, b.s, 100);
    free(b.s);
}

/* ---- tight gates ---- */

typedef struct gate {
    const char *rule;  /* expected rule name */
    const char *extra; /* header overrides, or NULL */
    const char *body;  /* '@' = clock of the command under test */
    long t;            /* its earliest legal clock */
    int count;         /* violations expected at t - 1 (coinciding rules) */
} gate;

static void check_gate(int ddr5, const gate *g)
{
    int before = unit_failures;
    run r;
    run_trace(&r, ddr5, g->extra, g->body, g->t);
    CHECK_EQ(r.st, MEMSIM_OK);
    CHECK_EQ(r.res.violations, 0);
    run_trace(&r, ddr5, g->extra, g->body, g->t - 1);
    CHECK_EQ(r.st, MEMSIM_OK);
    CHECK_EQ(r.res.violations, g->count);
    char want[160];
    snprintf(want, sizeof want, "clk %ld: %s: ", g->t - 1, g->rule);
    CHECK_CONTAINS(r.report, want);
    snprintf(want, sizeof want, "(needs >= %ld, short by 1)", g->t);
    CHECK_CONTAINS(r.report, want);
    if (unit_failures != before)
        fprintf(stderr, "  in %s gate %s: %s\n  report:\n%s  err: %s\n", ddr5 ? "DDR5" : "DDR4",
                g->rule, g->body, r.report, r.err);
}

#define A0 "0 ACT 0 0 0 5 -1"

static const gate DDR4_GATES[] = {
    {"CMD_BUS", NULL, A0 "; @ ACT 1 0 0 5 -1", 1, 1},
    {"tRC", NULL, A0 "; 16 RDA 0 0 0 5 0; @ ACT 0 0 0 6 -1", 55, 1},
    {"tRCD", NULL, A0 "; @ RD 0 0 0 5 0", 16, 1},
    {"tRCD_WR", NULL, A0 "; @ WRA 0 0 0 5 0", 16, 1}, /* no nRCD_WR line: nRCD */
    {"tRCD_WR", "# timing nRCD_WR 12\n", A0 "; @ WR 0 0 0 5 0", 12, 1},
    {"tRAS", NULL, A0 "; @ PRE 0 0 0 5 -1", 39, 1},
    {"tRP", NULL, A0 "; 100 PRE 0 0 0 5 -1; @ ACT 0 0 0 6 -1", 116, 1},
    {"tRTP", NULL, A0 "; 40 RD 0 0 0 5 0; @ PRE 0 0 0 5 -1", 49, 1},
    {"tWR", NULL, A0 "; 40 WR 0 0 0 5 0; @ PRE 0 0 0 5 -1", 74, 1},
    {"tRDA", NULL, A0 "; 60 RDA 0 0 0 5 0; @ ACT 0 0 0 6 -1", 85, 1},
    {"tWRA", NULL, A0 "; 60 WRA 0 0 0 5 0; @ ACT 0 0 0 6 -1", 110, 1},
    {"tRRD_L", NULL, A0 "; @ ACT 0 0 1 5 -1", 6, 1},
    {"tCCD_L", NULL, A0 "; 16 RD 0 0 0 5 0; @ RD 0 0 0 5 8", 22, 1},
    {"tCCD_L_WR", NULL, A0 "; 16 WR 0 0 0 5 0; @ WR 0 0 0 5 8", 22, 1},
    {"tWTR_L", NULL, A0 "; 16 WR 0 0 0 5 0; @ RD 0 0 0 5 0", 41, 1},
    {"tRRD_S", NULL, A0 "; @ ACT 0 1 0 5 -1", 4, 1},
    {"tCCD_S", "# timing nCCD_S 5\n", A0 "; 4 ACT 0 1 0 5 -1; 20 RD 0 0 0 5 0; @ RD 0 1 0 5 0", 25,
     1},
    {"tCCD_S", "# timing nCCD_S 5\n", A0 "; 4 ACT 0 1 0 5 -1; 20 WR 0 0 0 5 0; @ WR 0 1 0 5 0", 25,
     1},
    {"tWTR_S", NULL, A0 "; 4 ACT 0 1 0 5 -1; 16 WR 0 0 0 5 0; @ RD 0 1 0 5 0", 35, 1},
    {"tRAS", NULL, A0 "; @ PREA 0 -1 -1 -1 -1", 39, 1},
    {"tRTP", NULL, A0 "; 40 RD 0 0 0 5 0; @ PREA 0 -1 -1 -1 -1", 49, 1},
    {"tRTP", NULL, A0 "; 40 RDA 0 0 0 5 0; @ PREA 0 -1 -1 -1 -1", 49, 1},
    {"tWR", NULL, A0 "; 40 WR 0 0 0 5 0; @ PREA 0 -1 -1 -1 -1", 74, 1},
    {"tWR", NULL, A0 "; 40 WRA 0 0 0 5 0; @ PREA 0 -1 -1 -1 -1", 74, 1},
    {"tRP", NULL, A0 "; 100 PREA 0 -1 -1 -1 -1; @ ACT 0 0 0 6 -1", 116, 1},
    {"tRP", NULL, A0 "; 100 PRE 0 0 0 5 -1; @ REF 0 -1 -1 -1 -1", 116, 1},
    {"tRP", NULL, A0 "; 100 PREA 0 -1 -1 -1 -1; @ REF 0 -1 -1 -1 -1", 116, 1},
    {"tRDA", NULL, A0 "; 60 RDA 0 0 0 5 0; @ REF 0 -1 -1 -1 -1", 85, 1},
    {"tWRA", NULL, A0 "; 60 WRA 0 0 0 5 0; @ REF 0 -1 -1 -1 -1", 110, 1},
    {"tRC", NULL, A0 "; 16 RDA 0 0 0 5 0; @ REF 0 -1 -1 -1 -1", 55, 1},
    {"tRFC", NULL, "0 REF 0 -1 -1 -1 -1; @ ACT 0 2 3 5 -1", 420, 1},
    {"tRFC", NULL, "0 REF 0 -1 -1 -1 -1; @ REF 0 -1 -1 -1 -1", 420, 1},
    {"tFAW", NULL, A0 "; 4 ACT 0 1 0 5 -1; 8 ACT 0 2 0 5 -1; 12 ACT 0 3 0 5 -1; @ ACT 0 0 1 5 -1",
     26, 1},
    /* nBL and nRTRS gates coincide with the data-bus rule: two findings */
    {"tBL", "# timing nCCD_S 2\n", A0 "; 4 ACT 0 1 0 5 -1; 20 RD 0 0 0 5 0; @ RD 0 1 0 5 0", 24, 2},
    {"tBL", "# timing nCCD_S 2\n", A0 "; 4 ACT 0 1 0 5 -1; 20 WR 0 0 0 5 0; @ WR 0 1 0 5 0", 24, 2},
    {"tRTRS", NULL, A0 "; 1 ACT 1 0 0 5 -1; 16 RD 0 0 0 5 0; @ RD 1 0 0 5 0", 22, 2},
    {"tRTRS", NULL, A0 "; 1 ACT 1 0 0 5 -1; 16 WR 0 0 0 5 0; @ WR 1 0 0 5 0", 22, 2},
    {"tRTW", NULL, A0 "; 16 RD 0 0 0 5 0; @ WR 0 0 0 5 0", 26, 1},
    {"tRTW", NULL, A0 "; 1 ACT 1 0 0 5 -1; 16 RD 0 0 0 5 0; @ WR 1 0 0 5 0", 26, 2},
    {"tWTR_RTRS", NULL, A0 "; 1 ACT 1 0 0 5 -1; 16 WR 0 0 0 5 0; @ RD 1 0 0 5 0", 18, 2},
    /* with no read-to-write gap, only the data bus separates ranks */
    {"DATA_BUS", "# timing nRTW_GAP 0\n", A0 "; 1 ACT 1 0 0 5 -1; 16 RD 0 0 0 5 0; @ WR 1 0 0 5 0",
     26, 1},
};

#define S0(b) "0 REFSB 0 -1 " #b " -1 -1"

static const gate DDR5_GATES[] = {
    {"CMD_BUS", NULL, A0 "; @ ACT 1 0 0 5 -1", 2, 1},
    {"CMD_BUS", NULL, A0 "; 100 PRE 0 0 0 5 -1; @ ACT 1 0 0 5 -1", 101, 1},
    {"tRFCsb", NULL, S0(0) "; @ ACT 0 0 0 5 -1", 312, 1},
    {"tRFCsb", NULL, S0(0) "; @ REFSB 0 -1 0 -1 -1", 312, 1},
    {"tRFCsb", NULL, S0(0) "; @ PRE 0 3 0 -1 -1", 312, 1},
    {"tRFCsb", NULL, S0(0) "; @ PRESB 0 -1 0 -1 -1", 312, 1},
    {"tRFCsb", NULL, S0(0) "; @ REF 0 -1 -1 -1 -1", 312, 1},
    {"tRP", NULL, A0 "; 200 PRE 0 0 0 5 -1; @ REFSB 0 -1 0 -1 -1", 240, 1},
    {"tRP", NULL, "0 ACT 0 2 0 5 -1; 200 PRESB 0 -1 0 -1 -1; @ ACT 0 5 0 6 -1", 240, 1},
    {"tRAS", NULL, "0 ACT 0 2 0 5 -1; @ PRESB 0 -1 0 -1 -1", 77, 1},
    {"tRTP", NULL, "0 ACT 0 2 0 5 -1; 100 RD 0 2 0 5 0; @ PRESB 0 -1 0 -1 -1", 118, 1},
    {"tWR", NULL, "0 ACT 0 2 0 5 -1; 100 WR 0 2 0 5 0; @ PRESB 0 -1 0 -1 -1", 218, 1},
    {"tRDA", NULL, A0 "; 200 RDA 0 0 0 5 0; @ REFSB 0 -1 0 -1 -1", 258, 1},
    {"tWRA", NULL, A0 "; 200 WRA 0 0 0 5 0; @ REFSB 0 -1 0 -1 -1", 358, 1},
    {"tRC", NULL, A0 "; 40 RDA 0 0 0 5 0; @ REFSB 0 -1 0 -1 -1", 117, 1},
    {"tREFSBRD", NULL, S0(0) "; @ ACT 0 0 1 5 -1", 72, 1},
    {"tREFSBRD", NULL, S0(0) "; @ REFSB 0 -1 1 -1 -1", 72, 1},
    {"tPPD", NULL, A0 "; 8 ACT 0 1 0 5 -1; 100 PRE 0 0 0 5 -1; @ PRE 0 1 0 5 -1", 102, 1},
    {"tPPD", NULL, A0 "; 100 PRESB 0 -1 2 -1 -1; @ PREA 1 -1 -1 -1 -1", 102, 0},
    {"tPPD", NULL, A0 "; 100 PRESB 0 -1 2 -1 -1; @ PREA 0 -1 -1 -1 -1", 102, 1},
    {"tCCD_L_WR", NULL, A0 "; 40 WR 0 0 0 5 0; @ WR 0 0 0 5 16", 88, 1},
    {"tRTW", NULL, A0 "; 40 RD 0 0 0 5 0; @ WR 0 0 0 5 0", 52, 1},
    {"tFAW", "# timing nFAW 40\n",
     A0 "; 8 ACT 0 1 0 5 -1; 16 ACT 0 2 0 5 -1; 24 ACT 0 3 0 5 -1; @ ACT 0 4 0 5 -1", 40, 1},
};

static void test_ddr4_gates(void)
{
    for (size_t i = 0; i < sizeof DDR4_GATES / sizeof DDR4_GATES[0]; i++)
        check_gate(0, &DDR4_GATES[i]);
}

static void test_ddr5_gates(void)
{
    for (size_t i = 0; i < sizeof DDR5_GATES / sizeof DDR5_GATES[0]; i++) {
        if (DDR5_GATES[i].count == 0) { /* another rank: the rule must not apply */
            run r;
            run_trace(&r, 1, NULL, DDR5_GATES[i].body, DDR5_GATES[i].t - 1);
            CHECK_EQ(r.res.violations, 0);
            continue;
        }
        check_gate(1, &DDR5_GATES[i]);
    }
}

/* The exact line format, once in full. */
static void test_report_format(void)
{
    run r;
    run_trace(&r, 0, NULL, A0 "; 15 RD 0 0 0 5 0", 0);
    CHECK_STR(r.report, "clk 15: tRCD: RD ch0 rank0 bg0 bank0 after ACT at clk 0 "
                        "(needs >= 16, short by 1)\n");
    /* the worst predecessor is named: tRP from the PREA at 110, not the PRE at 100 */
    run_trace(&r, 0, NULL, A0 "; 100 PRE 0 0 0 5 -1; 110 PREA 0 -1 -1 -1 -1; 120 ACT 0 0 0 6 -1",
              0);
    CHECK_STR(r.report, "clk 120: tRP: ACT ch0 rank0 bg0 bank0 after PREA at clk 110 "
                        "(needs >= 126, short by 6)\n");
    CHECK_EQ(r.res.violations, 1);
    CHECK_EQ(r.res.commands, 4);
    /* max_report bounds the lines, not the count */
    sbuf b = {0};
    add_header(&b, 0, NULL, NULL);
    sb_add(&b, CSV);
    add_body(&b, 0, "10 RD 0 0 0 5 0; 20 RD 0 1 0 5 0; 30 RD 0 2 0 5 0", 0);
    run_text(&r, b.s, 1);
    free(b.s);
    CHECK_EQ(r.res.violations, 3);
    CHECK_STR(r.report, "clk 10: STATE: RD ch0 rank0 bg0 bank0: row 5 but the bank is closed\n");
}

static void test_state(void)
{
    run r;
    run_trace(&r, 0, NULL, "10 RD 0 0 0 5 0", 0);
    CHECK_EQ(r.res.violations, 1);
    CHECK_CONTAINS(r.report, "clk 10: STATE: RD ch0 rank0 bg0 bank0: row 5 but the bank is closed");
    run_trace(&r, 0, NULL, A0 "; 16 WR 0 0 0 6 0", 0);
    CHECK_EQ(r.res.violations, 1);
    CHECK_CONTAINS(r.report, "STATE: WR ch0 rank0 bg0 bank0: row 6 but the bank is open on row 5");
    run_trace(&r, 0, NULL, A0 "; 100 ACT 0 0 0 6 -1", 0);
    CHECK_EQ(r.res.violations, 1);
    CHECK_CONTAINS(r.report, "STATE: ACT ch0 rank0 bg0 bank0: row 6 but the bank is already open "
                             "on row 5");
    run_trace(&r, 0, NULL, "0 ACT 0 1 2 7 -1; 100 REF 0 -1 -1 -1 -1", 0);
    CHECK_EQ(r.res.violations, 1);
    CHECK_CONTAINS(r.report, "clk 100: STATE: REF ch0 rank0 bg-1 bank-1: needs its banks closed, "
                             "but bg1 bank2 is open on row 7 (1 open)");
    /* legal: another rank's REF, RDA closing, PREA closing all, PRE to a closed bank */
    run_trace(&r, 0, NULL, "0 ACT 0 1 2 7 -1; 100 REF 1 -1 -1 -1 -1", 0);
    CHECK_EQ(r.res.violations, 0);
    run_trace(&r, 0, NULL, A0 "; 16 RDA 0 0 0 5 0; 60 ACT 0 0 0 6 -1", 0);
    CHECK_EQ(r.res.violations, 0);
    run_trace(&r, 0, NULL, A0 "; 4 ACT 0 1 3 9 -1; 50 PREA 0 -1 -1 -1 -1; 66 REF 0 -1 -1 -1 -1", 0);
    CHECK_EQ(r.res.violations, 0);
    run_trace(&r, 0, NULL, "10 PRE 0 0 0 -1 -1; 11 PRE 0 0 0 5 -1", 0);
    CHECK_EQ(r.res.violations, 0);
    /* REFSB: bank 1 of every bank group must be closed; PRESB closes that set */
    run_trace(&r, 1, NULL, "0 ACT 0 3 1 5 -1; 200 REFSB 0 -1 1 -1 -1", 0);
    CHECK_EQ(r.res.violations, 1);
    CHECK_CONTAINS(r.report, "STATE: REFSB ch0 rank0 bg-1 bank1: needs its banks closed, but bg3 "
                             "bank1 is open on row 5");
    run_trace(&r, 1, NULL, "0 ACT 0 3 2 5 -1; 200 REFSB 0 -1 1 -1 -1", 0);
    CHECK_EQ(r.res.violations, 0);
    run_trace(&r, 1, NULL, "0 ACT 0 3 1 5 -1; 100 PRESB 0 -1 1 -1 -1; 140 REFSB 0 -1 1 -1 -1", 0);
    CHECK_EQ(r.res.violations, 0);
}

static void test_faw_and_bus(void)
{
    run r;
    /* four ACTs inside nFAW are fine; a fifth is not, against the first of the last four */
    run_trace(&r, 0, NULL, A0 "; 4 ACT 0 1 0 5 -1; 8 ACT 0 2 0 5 -1; 12 ACT 0 3 0 5 -1", 0);
    CHECK_EQ(r.res.violations, 0);
    run_trace(&r, 0, "# timing nRRD_S 1\n",
              A0 "; 2 ACT 0 1 0 5 -1; 4 ACT 0 2 0 5 -1; 6 ACT 0 3 0 5 -1; 26 ACT 0 0 1 5 -1; "
                 "27 ACT 0 1 1 5 -1",
              0);
    CHECK_EQ(r.res.violations, 1);
    CHECK_STR(r.report, "clk 27: tFAW: ACT ch0 rank0 bg1 bank1 after ACT at clk 2 "
                        "(needs >= 28, short by 1)\n");
    /* ACTs of another rank do not count */
    run_trace(&r, 0, NULL,
              A0 "; 4 ACT 0 1 0 5 -1; 8 ACT 0 2 0 5 -1; 12 ACT 0 3 0 5 -1; 13 ACT 1 0 0 5 -1", 0);
    CHECK_EQ(r.res.violations, 0);
    /* a write burst slipped between two reads overlaps the earlier one */
    run_trace(&r, 0, "# timing nRTW_GAP 0\n# timing nCL 12\n# timing nCWL 16\n",
              A0 "; 16 WR 0 0 0 5 0; 20 RD 0 0 0 5 8", 0);
    /* WR data [32,36), RD data [32,36): tWTR_L/_S also break; the bus overlap is reported */
    CHECK_CONTAINS(r.report, "clk 20: DATA_BUS: RD ch0 rank0 bg0 bank0 after WR at clk 16 "
                             "(needs >= 24, short by 4)");
}

static void test_refresh(void)
{
    run r;
    const char *ph = "# refresh_phase 1 5000\n";
    run_trace(&r, 0, ph, "0 PRE 0 0 0 -1 -1; 46799 PRE 0 0 0 -1 -1", 0);
    CHECK_EQ(r.res.violations, 0);
    run_trace(&r, 0, ph, "0 PRE 0 0 0 -1 -1; 46800 PRE 0 0 0 -1 -1", 0);
    CHECK_EQ(r.res.violations, 1);
    CHECK_STR(r.report, "clk 46800: REFRESH: ch0 rank0: 0 refresh commands issued, needs >= 1 "
                        "(phase 0, interval 9360, max postpone 4)\n");
    /* a REF at the due clock is in time; a lasting debt is reported once */
    run_trace(&r, 0, ph, "0 PRE 0 0 0 -1 -1; 46800 REF 0 -1 -1 -1 -1", 0);
    CHECK_EQ(r.res.violations, 0);
    run_trace(&r, 0, ph, "46800 PRE 0 0 0 -1 -1; 46801 PRE 0 0 0 -1 -1; 50000 PRE 0 0 0 -1 -1", 0);
    CHECK_EQ(r.res.violations, 1);
    /* rank 1 runs 5000 clocks later; at 56160 rank 0 owes a second refresh */
    run_trace(&r, 0, ph, "51800 PRE 0 0 0 -1 -1", 0);
    CHECK_EQ(r.res.violations, 2);
    run_trace(&r, 0, ph, "46800 PRE 0 0 0 -1 -1; 51800 PRE 0 0 0 -1 -1; 56160 PRE 0 0 0 -1 -1", 0);
    CHECK_EQ(r.res.violations, 3);
    /* keeping up: both ranks refreshed every interval for 40 intervals */
    sbuf b = {0};
    for (long i = 1; i <= 40; i++) {
        char line[96];
        snprintf(line, sizeof line, "%ld REF 0 -1 -1 -1 -1;%ld REF 1 -1 -1 -1 -1;", i * 9360,
                 i * 9360 + 1);
        sb_add(&b, line);
    }
    run_trace(&r, 0, NULL, b.s, 0);
    CHECK_EQ(r.res.violations, 0);
    CHECK_EQ(r.res.commands, 80);
    free(b.s);
    /* sb mode counts REFSB; ab mode does not */
    const char *ph5 = "# refresh_phase 1 100000\n";
    run_trace(&r, 1, ph5, "11700 REFSB 0 -1 0 -1 -1", 0);
    CHECK_EQ(r.res.violations, 0);
    run_trace(&r, 1, ph5, "11700 PRE 0 0 0 -1 -1", 0);
    CHECK_EQ(r.res.violations, 1);
    run_trace(&r, 1, "# refresh_phase 1 100000\n# refresh_mode ab\n", "11700 REFSB 0 -1 0 -1 -1",
              0);
    CHECK_EQ(r.res.violations, 1);
}

static void test_tps(void)
{
    sbuf b = {0};
    add_header(&b, 0, NULL, NULL);
    sb_add(&b, CSV "833,1,0,0,0,-1,-1,-1,-1,REF\n834,1000,0,0,1,-1,-1,-1,-1,REF\n");
    run r;
    run_text(&r, b.s, 10);
    CHECK_EQ(r.res.violations, 1);
    CHECK_STR(r.report, "clk 1000: TPS: REF ch0 rank1 bg-1 bank-1: t_ps 834, expected 833333 "
                        "(floor(clk * 2000000 / rate_mts))\n");
    /* clk * 2000000 overflows 64 bits here; the expected value must not */
    b.len = 0;
    add_header(&b, 0, NULL, NULL);
    sb_add(&b, CSV "83333333333333333,100000000000000,0,0,0,-1,-1,-1,-1,REF\n");
    run_text(&r, b.s, 10);
    CHECK(strstr(r.report, "TPS") == NULL);
    free(b.s);
}

/* Runs a DDR4 header (minus @p skip) plus raw command text; checks the exact error. */
/* @p rel is the error line relative to the CSV header (-1: the last header line). */
static void expect_error(const char *skip, const char *extra, const char *cmds, long rel,
                         const char *msg)
{
    sbuf b = {0};
    add_header(&b, 0, skip, extra);
    long hdr_lines = 0;
    for (size_t i = 0; i < b.len; i++)
        hdr_lines += b.s[i] == '\n';
    sb_add(&b, CSV);
    sb_add(&b, cmds);
    run r;
    run_text(&r, b.s, 10);
    free(b.s);
    char want[600];
    snprintf(want, sizeof want, "%s:%ld: %s", r.path, hdr_lines + 1 + rel, msg);
    CHECK_EQ(r.st, MEMSIM_E_PARSE);
    CHECK_STR(r.err, want);
}

static void test_parse_errors(void)
{
    expect_error("# timing nRCD 16\n", NULL, "", 0, "missing header '# timing nRCD'");
    expect_error("# rate_mts 2400\n", NULL, "", 0, "missing header '# rate_mts'");
    expect_error("# refresh_mode ab\n", NULL, "", 0, "missing header '# refresh_mode'");
    expect_error(NULL, NULL, "0,0,0,0,0,0,0,5,-1,ACTX\n", 1,
                 "unknown command 'ACTX' (expected ACT, PRE, PREA, PRESB, RD, RDA, WR, WRA, REF or "
                 "REFSB)");
    expect_error(NULL, NULL, "8333,10,0,0,0,-1,-1,-1,-1,REF\n4166,5,0,0,1,-1,-1,-1,-1,REF\n", 2,
                 "clk 5 is before the previous clk 10 (expected non-decreasing clk)");
    expect_error(NULL, NULL, "0,0,0,0,2,-1,-1,-1,-1,REF\n", 1,
                 "rank 2 out of range (expected 0..1)");
    expect_error(NULL, NULL, "0,0,0,0,0,4,0,5,-1,ACT\n", 1, "bg 4 out of range (expected 0..3)");
    expect_error(NULL, NULL, "0,0,0,0,0,0,0,65536,-1,ACT\n", 1,
                 "row 65536 out of range (expected 0..65535)");
    expect_error(NULL, NULL, "0,0,0,0\n", 1,
                 "expected 10 comma-separated fields (t_ps,clk,ch,pc,rank,bg,bank,row,col,cmd), "
                 "got 4");
    expect_error(NULL, NULL, "0,x,0,0,0,-1,-1,-1,-1,REF\n", 1,
                 "expected a non-negative integer for clk, got 'x'");
    expect_error(NULL, NULL, "0,0,0,0,0,-1,0,-1,-1,REFSB\n", 1, "REFSB needs timing nRFCsb");
    expect_error(NULL, NULL, "0,0,0,0,0,2,-1,-1,-1,REF\n", 1, "REF has no bg (expected -1, got 2)");
    expect_error(NULL, NULL, "0,0,0,0,0,0,0,-1,-1,ACT\n", 1, "ACT needs a row (got -1)");
    expect_error(NULL, NULL, "0,0,0,0,0,0,0,5,4,RD\n", 1, "col 4 is not a multiple of burst 8");
    expect_error(NULL, NULL, "0,0,0,0,0,0,0,5,x,RD\n", 1,
                 "expected -1 or a non-negative integer for col, got 'x'");
    expect_error(NULL, NULL, "0,0,0,1,0,-1,-1,-1,-1,REF\n", 1, "pc 1 out of range (expected 0..0)");
    expect_error(NULL, "# channels 2\n", "0,0,1,0,0,-1,-1,-1,-1,REF\n0,0,0,0,0,-1,-1,-1,-1,REF\n",
                 2,
                 "ch 0 after ch 1 at clk 0 (expected channels in increasing order within a clock)");
    expect_error(NULL, NULL, "# late\n", 1,
                 "expected a command line (header lines go before the CSV header)");
    expect_error(NULL, "# channels x\n", "", -1,
                 "expected an integer 1..4096 for 'channels', got 'x'");
    expect_error(NULL, "# refresh_mode xb\n", "", -1,
                 "expected 'ab', 'sb' or 'pb' for 'refresh_mode', got 'xb'");
    expect_error(NULL, "# refresh_phase 2 0\n", "", -1,
                 "refresh_phase rank 2 out of range (expected 0..1)");
    expect_error(NULL, "# timing nRCD 1x\n", "", -1,
                 "expected an integer 0..1073741824 for 'timing nRCD', got '1x'");
}

static void test_files(void)
{
    run r;
    /* a wrong CSV header, and an empty file */
    run_text(&r, "# rate_mts 2400\nclk,cmd\n", 10);
    CHECK_EQ(r.st, MEMSIM_E_PARSE);
    CHECK_CONTAINS(r.err, ":2: expected the CSV header 't_ps,clk,ch,pc,rank,bg,bank,row,col,cmd', "
                          "got 'clk,cmd'");
    run_text(&r, "", 10);
    CHECK_EQ(r.st, MEMSIM_E_PARSE);
    CHECK_CONTAINS(r.err, ":1: unexpected end of file (expected the CSV header");
    /* cannot open */
    char err[256];
    memsim_check_result res;
    CHECK_EQ(memsim_check_file("/nonexistent/dir/x.csv", NULL, 0, &res, err, sizeof err),
             MEMSIM_E_IO);
    CHECK_STR(err, "cannot open '/nonexistent/dir/x.csv': No such file or directory");
    /* CRLF endings read the same as LF; unknown keys, timings and commands are ignored */
    sbuf b = {0}, crlf = {0};
    add_header(&b, 0, NULL, "# future_key 1 2 3\n# timing nFOO 7\n# cmd_cycles NOP 3\n");
    sb_add(&b, CSV);
    add_body(&b, 0, A0 "; 15 RD 0 0 0 5 0", 0);
    for (size_t i = 0; i < b.len; i++) {
        char c[3] = {b.s[i], 0, 0};
        if (b.s[i] == '\n') c[0] = '\r', c[1] = '\n';
        sb_add(&crlf, c);
    }
    run_text(&r, crlf.s, 10);
    CHECK_EQ(r.st, MEMSIM_OK);
    CHECK_EQ(r.res.commands, 2);
    CHECK_EQ(r.res.violations, 1);
    CHECK_CONTAINS(r.report, "clk 15: tRCD:");
    /* "-" reads stdin */
    snprintf(r.path, sizeof r.path, "/tmp/test_check_XXXXXX");
    int fd = mkstemp(r.path);
    CHECK(fd >= 0 && write(fd, b.s, b.len) == (ssize_t)b.len);
    close(fd);
    CHECK(freopen(r.path, "r", stdin) != NULL);
    CHECK_EQ(memsim_check_file("-", NULL, 0, &res, err, sizeof err), MEMSIM_OK);
    CHECK_EQ(res.violations, 1);
    unlink(r.path);
    free(b.s);
    free(crlf.s);
}

static void test_channels(void)
{
    run r;
    /* two channels are independent, even at the same clock */
    run_trace(&r, 0, "# channels 2\n", A0 " 0; 0 ACT 0 0 0 5 -1 1; 1 RD 0 0 0 5 0 1", 0);
    CHECK_EQ(r.res.violations, 1);
    CHECK_CONTAINS(r.report, "clk 1: tRCD: RD ch1 rank0 bg0 bank0 after ACT at clk 0");
    /* pseudo channels share the command bus only */
    sbuf b = {0};
    add_header(&b, 0, NULL, "# pseudo_channels 2\n");
    sb_add(&b, CSV "0,0,0,0,0,0,0,5,-1,ACT\n0,0,0,1,0,0,0,5,-1,ACT\n833,1,0,1,0,0,1,5,-1,ACT\n");
    run_text(&r, b.s, 10);
    free(b.s);
    CHECK_EQ(r.res.violations, 3); /* CMD_BUS at 0; tRRD_L and tRRD_S (same pc) at 1 */
    CHECK_CONTAINS(r.report, "clk 0: CMD_BUS: ACT ch0 pc1 rank0 bg0 bank0 after ACT at clk 0");
    CHECK_CONTAINS(r.report, "clk 1: tRRD_L: ACT ch0 pc1 rank0 bg0 bank1 after ACT at clk 0");
}

/* A long legal stream: row cycles over all banks with reads, writes and refreshes. */
static void test_clean_stream(void)
{
    sbuf body = {0};
    long t = 0;
    for (int i = 0; i < 3000; i++) {
        int g = i % 4, k = (i / 4) % 4, row = i % 1000;
        char line[256];
        const char *col = i % 2 ? "WR" : "RD";
        snprintf(line, sizeof line,
                 "%ld ACT 0 %d %d %d -1;%ld %s 0 %d %d %d 0;%ld %s 0 %d %d %d 8;%ld PRE 0 %d %d %d "
                 "-1;",
                 t, g, k, row, t + 16, col, g, k, row, t + 22, col, g, k, row, t + 60, g, k, row);
        sb_add(&body, line);
        t += 61;
        if (i % 100 == 99) { /* every 6100 clocks, both ranks */
            snprintf(line, sizeof line, "%ld REF 0 -1 -1 -1 -1;%ld REF 1 -1 -1 -1 -1;", t + 16,
                     t + 17);
            sb_add(&body, line);
            t += 16 + 420;
        }
    }
    run r;
    run_trace(&r, 0, NULL, body.s, 0);
    free(body.s);
    CHECK_EQ(r.st, MEMSIM_OK);
    CHECK_EQ(r.res.commands, 3000 * 4 + 60);
    CHECK_EQ(r.res.violations, 0);
    if (r.res.violations) fprintf(stderr, "%s", r.report);
}

int main(void)
{
    UNIT_RUN(test_ddr4_gates);
    UNIT_RUN(test_ddr5_gates);
    UNIT_RUN(test_report_format);
    UNIT_RUN(test_state);
    UNIT_RUN(test_faw_and_bus);
    UNIT_RUN(test_refresh);
    UNIT_RUN(test_tps);
    UNIT_RUN(test_parse_errors);
    UNIT_RUN(test_files);
    UNIT_RUN(test_channels);
    UNIT_RUN(test_clean_stream);
    UNIT_DONE();
}
