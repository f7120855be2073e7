/*
 * test_check_mrdimm.c - the command-trace checker (memsim_check_file,
 * docs/cmd-trace.md, "MRDIMM") on DDR5 MRDIMM traces: device clock edges
 * (DEV_EDGE), host CA slots (CA_SLOT), the shared host CA bus (CMD_BUS) and
 * each pseudo-channel's device CA bus (PC_CMD_BUS), the host data bus pair
 * rules (tBL_HOST, tRTRS_HOST, tRTW_HOST, tWTR_HOST) and its interval check
 * (HOST_BUS), both with the buffers' slot compensation (skew(p) = ((pcs - 1
 * - p) x nCA_SLOT) mod gcd(nBL_HOST, pcs x nCA_SLOT)), t_ps in host clocks,
 * the header's host_mux line; then the simulator's MRDIMM traces (two and
 * four pseudo-channels) against it: clean, and a read moved one CA round
 * earlier caught.
 *
 * As in test_check_hbm.c, every rule gets a tight gate: at exactly the
 * minimum the trace is clean, one clock earlier it is reported under the
 * rule's name with "needs >= t, short by 1". The header is a hand-written
 * MRDIMM-8800 one (DDR5-4400 devices, host clocks, cycles_per_clock 2,
 * nCA_SLOT 2), in which a command to pc0 is legal only at clk % 4 == 0 and
 * one to pc1 only at clk % 4 == 2; so one clock early is also off the device
 * edge and off the slot. Gates that isolate one rule use NOEDGE (one host
 * clock per device clock, no slots), which keeps host_mux and so every
 * other MRDIMM rule but the skew (nCA_SLOT 0: no skew). The skew gates use
 * SLOT1 instead: slots of 2 host clocks, each clock a device edge, and a
 * bound on the second clock of its slot, so one clock early is in the same
 * slot. With pcs 2, or pcs 4 and slots of 2, a round (4 or 8 clocks) divides
 * nBL_HOST (8) and the skews are whole slots, (pcs - 1 - p) x nCA_SLOT; S4P4
 * (pcs 4, slots of 4, rounds of 16) is the case the reduction modulo
 * gcd(8, 16) = 8 changes: skews 4, 0, 4, 0 instead of 12, 8, 4, 0. Bodies
 * use the compact form "clk CMD pc rank bg bank row col [ch]" (t_ps is
 * filled in).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "memsim/check.h"
#include "memsim/memsim.h"
#include "check_text.h"
#include "unit.h"

/* ---- the trace headers ---- */

#define PREAMBLE                                                                                   \
    "# memsim command trace 1\n"                                                                   \
    "# version 0.1.0\n"                                                                            \
    "# standard MRDIMM\n"                                                                          \
    "# preset MRDIMM-8800\n"                                                                       \
    "# org 16Gb_x4\n"                                                                              \
    "# rate_mts 4400\n"                                                                            \
    "# tck_ps 227.273\n"                                                                           \
    "# channels 2\n"                                                                               \
    "# ranks 1\n"                                                                                  \
    "# pcs 2\n"                                                                                    \
    "# cycles_per_clock 2\n"

#define GEOMETRY                                                                                   \
    "# bankgroups 8\n"                                                                             \
    "# banks_per_group 4\n"                                                                        \
    "# rows 65536\n"                                                                               \
    "# columns 2048\n"                                                                             \
    "# burst 16\n"                                                                                 \
    "# refresh_mode ab\n"                                                                          \
    "# refresh_interval 17160\n"                                                                   \
    "# refresh_max_postpone 4\n"                                                                   \
    "# refresh_phase 0 0\n"                                                                        \
    "# refresh_phase 1 8580\n"

#define DEVICE_TIMINGS                                                                             \
    "# timing nBL 16\n"                                                                            \
    "# timing nCL 64\n"                                                                            \
    "# timing nCWL 60\n"                                                                           \
    "# timing nRCD 64\n"                                                                           \
    "# timing nRP 64\n"                                                                            \
    "# timing nRAS 142\n"                                                                          \
    "# timing nRC 206\n"                                                                           \
    "# timing nWR 132\n"                                                                           \
    "# timing nRTP 34\n"                                                                           \
    "# timing nCCD_S 16\n"                                                                         \
    "# timing nCCD_L 22\n"                                                                         \
    "# timing nCCD_L_WR 44\n"                                                                      \
    "# timing nRRD_S 16\n"                                                                         \
    "# timing nRRD_L 22\n"                                                                         \
    "# timing nFAW 64\n"                                                                           \
    "# timing nWTR_S 12\n"                                                                         \
    "# timing nWTR_L 44\n"                                                                         \
    "# timing nRTW_GAP 8\n"                                                                        \
    "# timing nRTRS 4\n"                                                                           \
    "# timing nRFC 1298\n"                                                                         \
    "# timing nREFI 17160\n"                                                                       \
    "# timing nRFCsb 572\n"                                                                        \
    "# timing nREFSBRD 132\n"                                                                      \
    "# timing nPPD 4\n"                                                                            \
    "# timing nRCD_WR 64\n"

#define HOST_TIMINGS                                                                               \
    "# timing nBL_HOST 8\n"                                                                        \
    "# timing nRTRS_HOST 0\n"                                                                      \
    "# timing nRTW_HOST 4\n"                                                                       \
    "# timing nWTR_HOST 2\n"                                                                       \
    "# timing nCA_SLOT 2\n"                                                                        \
    "# timing nMUX 12\n"

#define CMD_CYCLES                                                                                 \
    "# cmd_cycles ACT 2\n"                                                                         \
    "# cmd_cycles RD 2\n"                                                                          \
    "# cmd_cycles RDA 2\n"                                                                         \
    "# cmd_cycles WR 2\n"                                                                          \
    "# cmd_cycles WRA 2\n"

static const char MRDIMM_HEADER[] =
    PREAMBLE "# host_mux 2\n" GEOMETRY DEVICE_TIMINGS HOST_TIMINGS CMD_CYCLES;

/* The same module described without host_mux: an HBM-like trace with two
 * pseudo-channels, whose host parameters must be ignored. */
static const char NOMUX_HEADER[] = PREAMBLE GEOMETRY DEVICE_TIMINGS HOST_TIMINGS CMD_CYCLES;

#define CSV "t_ps,clk,ch,pc,rank,bg,bank,row,col,cmd\n"

/* One host clock per device clock and no CA slots: one clock early is then
 * on an edge and in a slot, so only the rule under test can fire. */
#define NOEDGE "# cycles_per_clock 1\n# timing nCA_SLOT 0\n"

/* Compact body "clk CMD pc rank bg bank row col [ch]; ..." with '@' standing
 * for @p at; t_ps = floor(clk * 2000000 / @p rate) (rate_mts x host_mux). */
static void add_body(sbuf *b, const char *body, long at, long long rate)
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
        snprintf(line, sizeof line, "%lld,%lld,%d,%d,%d,%d,%d,%lld,%lld,%s\n", clk * 2000000 / rate,
                 clk, ch, pc, rank, bg, bank, row, col, cmd);
        sb_add(b, line);
        body += n;
        if (*body == ';') body++;
    }
}

/* ---- running the checker on a text ---- */

/* @p header plus @p extra (later lines win), then the body. The t_ps rate
 * follows the header: 4400 x host_mux, 4400 without host_mux. */
static void run_with(run *r, const char *header, const char *extra, const char *body, long at)
{
    long long rate = 4400;
    if (header == MRDIMM_HEADER) rate *= extra && strstr(extra, "# host_mux 1\n") ? 1 : 2;
    sbuf b = {0};
    sb_add(&b, header);
    if (extra) sb_add(&b, extra);
    sb_add(&b, CSV);
    add_body(&b, body, at, rate);
    run_text(r, b.s, 100);
    free(b.s);
}

/* Expects @p n violations and, if @p want, a report containing it. */
static void expect_in(const char *header, const char *extra, const char *body, uint64_t n,
                      const char *want)
{
    int before = unit_failures;
    run r;
    run_with(&r, header, extra, body, 0);
    CHECK_EQ(r.st, MEMSIM_OK);
    CHECK_EQ(r.res.violations, n);
    if (want) CHECK_CONTAINS(r.report, want);
    if (unit_failures != before)
        fprintf(stderr, "  in: %s\n  report:\n%s  err: %s\n", body, r.report, r.err);
}

static void expect(const char *extra, const char *body, uint64_t n, const char *want)
{
    expect_in(MRDIMM_HEADER, extra, body, n, want);
}

/* ---- tight gates ---- */

typedef struct gate {
    const char *rule;  /* expected rule name, reported "short by 1" */
    const char *also;  /* another rule expected at t - 1 (a coinciding one), or NULL */
    const char *extra; /* header overrides, or NULL */
    const char *body;  /* '@' = clock of the command under test */
    long t;            /* its earliest legal clock */
    int count;         /* violations expected at t - 1 */
} gate;

static void check_gate(const gate *g)
{
    int before = unit_failures;
    run r;
    run_with(&r, MRDIMM_HEADER, g->extra, g->body, g->t);
    CHECK_EQ(r.st, MEMSIM_OK);
    CHECK_EQ(r.res.violations, 0);
    run_with(&r, MRDIMM_HEADER, g->extra, g->body, g->t - 1);
    CHECK_EQ(r.st, MEMSIM_OK);
    CHECK_EQ(r.res.violations, g->count);
    char want[160];
    snprintf(want, sizeof want, "clk %ld: %s: ", g->t - 1, g->rule);
    CHECK_CONTAINS(r.report, want);
    snprintf(want, sizeof want, "(needs >= %ld, short by 1)", g->t);
    CHECK_CONTAINS(r.report, want);
    if (g->also) {
        snprintf(want, sizeof want, "clk %ld: %s: ", g->t - 1, g->also);
        CHECK_CONTAINS(r.report, want);
    }
    if (unit_failures != before)
        fprintf(stderr, "  in gate %s: %s\n  report:\n%s  err: %s\n", g->rule, g->body, r.report,
                r.err);
}

/* Banks open on both pseudo-channels, each command in its own slot. */
#define A0   "0 ACT 0 0 0 0 5 -1"
#define A0A1 A0 "; 2 ACT 1 0 0 0 5 -1"
/* tRTRS_HOST is nBL_HOST + nRTRS_HOST, the same as tBL_HOST unless nRTRS_HOST > 0 */
#define RTRS2 "# timing nRTRS_HOST 2\n"
/* a device burst shorter than the host's, so tBL_HOST binds within one pc */
#define SHORT_DEV "# timing nBL 4\n# timing nCCD_S 4\n"
/* slots of nCA_SLOT 2 clocks (skew(0) = 2, skew(1) = 0) on every clock an
 * edge: pc0 at clk % 4 in {0, 1}, pc1 in {2, 3} */
#define SLOT1 "# cycles_per_clock 1\n"
#define RTRS1 "# timing nRTRS_HOST 1\n"
#define WTR4  "# timing nWTR_HOST 4\n"
/* four pseudo-channels: skews 6, 4, 2, 0 (the round, 8, divides nBL_HOST);
 * with SLOT1 pc p at clk % 8 in {2p, 2p + 1} */
#define PCS4 "# pcs 4\n"
#define A4   A0A1 "; 4 ACT 2 0 0 0 5 -1; 6 ACT 3 0 0 0 5 -1"
/* four pseudo-channels in slots of 4 clocks (rounds of 16), every clock an
 * edge: pc p at clk % 16 in 4p..4p + 3; skews (12, 8, 4, 0) mod 8 = 4, 0,
 * 4, 0 */
#define S4P4 "# cycles_per_clock 1\n# pcs 4\n# timing nCA_SLOT 4\n"
#define A4S4 "0 ACT 0 0 0 0 5 -1; 4 ACT 1 0 0 0 5 -1; 8 ACT 2 0 0 0 5 -1; 12 ACT 3 0 0 0 5 -1"

static const gate CA_GATES[] = {
    /* the host CA bus is shared: ACT holds it 2 clocks, whatever the pc */
    {"CMD_BUS", NULL, NOEDGE, A0 "; @ ACT 1 0 0 0 5 -1", 2, 1},
    {"CMD_BUS", "CA_SLOT", NULL, A0 "; @ ACT 1 0 0 0 5 -1", 2, 3},
    /* each pc's device CA bus: cmd_cycles x cycles_per_clock. Alone only when
     * PRE is on another host bus than ACT and edges are host clocks */
    {"PC_CMD_BUS", NULL, NOEDGE "# cmd_bus PRE col\n", A0 "; @ PRE 0 0 1 0 -1 -1", 2, 1},
    {"PC_CMD_BUS", "DEV_EDGE", "# timing nCA_SLOT 0\n", A0 "; @ PRE 0 0 1 0 -1 -1", 4, 2},
    {"PC_CMD_BUS", "CA_SLOT", NULL, A0 "; @ PRE 0 0 1 0 -1 -1", 4, 3},
    /* any rank of the pseudo-channel */
    {"PC_CMD_BUS", "DEV_EDGE", "# ranks 2\n# timing nCA_SLOT 0\n", A0 "; @ ACT 0 1 0 0 5 -1", 4, 2},
};

static const gate HOST_GATES[] = {
    /* RD -> RD, another pc: nBL_HOST, which tRTRS_HOST equals when nRTRS_HOST is 0 */
    {"tBL_HOST", "tRTRS_HOST", NOEDGE, A0A1 "; 64 RD 0 0 0 0 5 0; @ RD 1 0 0 0 5 0", 72, 3},
    /* the same pc (with a device burst short enough not to bind first) */
    {"tBL_HOST", "HOST_BUS", NOEDGE SHORT_DEV,
     A0 "; 16 ACT 0 0 1 0 5 -1; 80 RD 0 0 1 0 5 0; @ RD 0 0 0 0 5 0", 88, 2},
    {"tBL_HOST", "HOST_BUS", NOEDGE SHORT_DEV,
     A0 "; 16 ACT 0 0 1 0 5 -1; 80 WR 0 0 1 0 5 0; @ WRA 0 0 0 0 5 0", 88, 2},
    /* another pc, nRTRS_HOST 2 */
    {"tRTRS_HOST", "HOST_BUS", NOEDGE RTRS2, A0A1 "; 64 RD 0 0 0 0 5 0; @ RD 1 0 0 0 5 0", 74, 2},
    {"tRTRS_HOST", "HOST_BUS", NOEDGE RTRS2, A0A1 "; 64 WR 0 0 0 0 5 0; @ WR 1 0 0 0 5 0", 74, 2},
    {"tRTRS_HOST", "HOST_BUS", NOEDGE RTRS2, A0A1 "; 64 RDA 0 0 0 0 5 0; @ RDA 1 0 0 0 5 0", 74, 2},
    /* with pc0's skew 2: 64 + 8 + 4 + 2 = 78 is in pc1's slot, and one clock
     * earlier is off the edge and the slot too */
    {"tRTRS_HOST", "CA_SLOT", "# timing nRTRS_HOST 4\n",
     A0A1 "; 64 RD 0 0 0 0 5 0; @ RD 1 0 0 0 5 0", 78, 4},
    /* RD -> WR: nCL + nBL_HOST + nRTW_HOST - nCWL = 16, another pc */
    {"tRTW_HOST", "HOST_BUS", NOEDGE, A0A1 "; 64 RD 0 0 0 0 5 0; @ WR 1 0 0 0 5 0", 80, 2},
    /* and the same pc, where the device's own turnaround is made shorter */
    {"tRTW_HOST", "HOST_BUS", NOEDGE "# timing nRTW_GAP 0\n# timing nBL 4\n",
     A0 "; 64 RD 0 0 0 0 5 0; @ WR 0 0 0 0 5 0", 80, 2},
    /* the MRDIMM-8800 header: 64 + 16 + skew(0) 2 = 82 */
    {"tRTW_HOST", "DEV_EDGE", NULL, A0A1 "; 64 RD 0 0 0 0 5 0; @ WR 1 0 0 0 5 0", 82, 4},
    /* WR -> RD, another pc: nCWL + nBL_HOST + nWTR_HOST - nCL = 6 */
    {"tWTR_HOST", "HOST_BUS", NOEDGE, A0A1 "; 64 WR 0 0 0 0 5 0; @ RD 1 0 0 0 5 0", 70, 2},
    {"tWTR_HOST", "HOST_BUS", NOEDGE, A0A1 "; 64 WRA 0 0 0 0 5 0; @ RDA 1 0 0 0 5 0", 70, 2},
    /* 64 + 8 + skew(0) 2 = 74 with nWTR_HOST 4 */
    {"tWTR_HOST", "CA_SLOT", WTR4, A0A1 "; 64 WR 0 0 0 0 5 0; @ RD 1 0 0 0 5 0", 74, 4},
    /* the same gates seen by the interval check (reported with the pair rule) */
    {"HOST_BUS", "tWTR_HOST", NOEDGE, A0A1 "; 64 WR 0 0 0 0 5 0; @ RD 1 0 0 0 5 0", 70, 2},
    {"HOST_BUS", "tRTW_HOST", NOEDGE, A0A1 "; 64 RD 0 0 0 0 5 0; @ WR 1 0 0 0 5 0", 80, 2},
    {"HOST_BUS", "tRTRS_HOST", NOEDGE RTRS2, A0A1 "; 64 WR 0 0 0 0 5 0; @ WR 1 0 0 0 5 0", 74, 2},
    /* each gap is its own parameter: nRTRS_HOST between writes, nWTR_HOST
     * from a write to a read, nRTW_HOST from a read to a write */
    {"HOST_BUS", "tRTRS_HOST", NOEDGE "# timing nRTRS_HOST 3\n# timing nWTR_HOST 0\n",
     A0A1 "; 64 WR 0 0 0 0 5 0; @ WR 1 0 0 0 5 0", 75, 2},
    {"HOST_BUS", "tRTRS_HOST", NOEDGE "# timing nRTRS_HOST 3\n# timing nRTW_HOST 0\n",
     A0A1 "; 64 RD 0 0 0 0 5 0; @ RD 1 0 0 0 5 0", 75, 2},
    {"HOST_BUS", "tWTR_HOST", NOEDGE "# timing nWTR_HOST 5\n# timing nRTRS_HOST 1\n",
     A0A1 "; 64 WR 0 0 0 0 5 0; @ RD 1 0 0 0 5 0", 73, 2},
    {"HOST_BUS", "tRTW_HOST", NOEDGE "# timing nRTW_HOST 7\n# timing nRTRS_HOST 1\n",
     A0A1 "; 64 RD 0 0 0 0 5 0; @ WR 1 0 0 0 5 0", 83, 2},
};

/* Slot compensation: from pc a at t to pc b, t + x + skew(a) - skew(b).
 * Without the skew each bound would be 2 clocks earlier (pc0 -> pc1) or
 * later (pc1 -> pc0), so a tight gate proves the sign and the size. */
static const gate SKEW_GATES[] = {
    /* pc0 -> pc1: RD 65 -> RD >= 65 + 8 + 2 - 0 = 75 */
    {"tBL_HOST", "tRTRS_HOST", SLOT1, A0A1 "; 65 RD 0 0 0 0 5 0; @ RD 1 0 0 0 5 0", 75, 3},
    {"tRTRS_HOST", "HOST_BUS", SLOT1 RTRS1, A0A1 "; 64 RD 0 0 0 0 5 0; @ RD 1 0 0 0 5 0", 75, 2},
    {"HOST_BUS", "tRTRS_HOST", SLOT1 RTRS1, A0A1 "; 64 WR 0 0 0 0 5 0; @ WR 1 0 0 0 5 0", 75, 2},
    /* 65 + 16 + 2 = 83; 65 + 8 + 2 = 75 */
    {"tRTW_HOST", "HOST_BUS", SLOT1, A0A1 "; 65 RD 0 0 0 0 5 0; @ WR 1 0 0 0 5 0", 83, 2},
    {"tWTR_HOST", "HOST_BUS", SLOT1 WTR4, A0A1 "; 65 WR 0 0 0 0 5 0; @ RD 1 0 0 0 5 0", 75, 2},
    /* pc1 -> pc0: RD 67 -> RD >= 67 + 8 + 0 - 2 = 73 */
    {"tBL_HOST", "tRTRS_HOST", SLOT1, A0A1 "; 67 RD 1 0 0 0 5 0; @ RD 0 0 0 0 5 0", 73, 3},
    {"tRTRS_HOST", "HOST_BUS", SLOT1 RTRS1, A0A1 "; 66 RD 1 0 0 0 5 0; @ RD 0 0 0 0 5 0", 73, 2},
    {"HOST_BUS", "tRTRS_HOST", SLOT1 RTRS1, A0A1 "; 66 WR 1 0 0 0 5 0; @ WR 0 0 0 0 5 0", 73, 2},
    /* 67 + 16 - 2 = 81; 67 + 8 - 2 = 73 */
    {"tRTW_HOST", "HOST_BUS", SLOT1, A0A1 "; 67 RD 1 0 0 0 5 0; @ WR 0 0 0 0 5 0", 81, 2},
    {"tWTR_HOST", "HOST_BUS", SLOT1 WTR4, A0A1 "; 67 WR 1 0 0 0 5 0; @ RD 0 0 0 0 5 0", 73, 2},
    /* four pcs, skews 6, 4, 2, 0: pc0 -> pc3 65 + 8 + 6 = 79; pc3 -> pc0
     * 70 + 9 - 6 = 73 (nRTRS_HOST 1: a RD at 71 would hold the CA bus at 72);
     * pc1 -> pc2 67 + 8 + 2 = 77; pc2 -> pc1 69 + 8 - 2 = 75 */
    {"tBL_HOST", "tRTRS_HOST", SLOT1 PCS4, A4 "; 65 RD 0 0 0 0 5 0; @ RD 3 0 0 0 5 0", 79, 3},
    {"tRTRS_HOST", "HOST_BUS", SLOT1 PCS4 RTRS1, A4 "; 70 RD 3 0 0 0 5 0; @ RD 0 0 0 0 5 0", 73, 2},
    {"tBL_HOST", "HOST_BUS", SLOT1 PCS4, A4 "; 67 RD 1 0 0 0 5 0; @ RD 2 0 0 0 5 0", 77, 3},
    {"HOST_BUS", "tRTRS_HOST", SLOT1 PCS4, A4 "; 69 RD 2 0 0 0 5 0; @ RD 1 0 0 0 5 0", 75, 3},
    /* 65 + 8 + 6 = 79 */
    {"tWTR_HOST", "HOST_BUS", SLOT1 PCS4 WTR4, A4 "; 65 WR 0 0 0 0 5 0; @ RD 3 0 0 0 5 0", 79, 2},
    /* S4P4, skews 4, 0, 4, 0 (unreduced: 12, 8, 4, 0, and the bounds in
     * brackets): pc2 -> pc1 73 + 8 + 4 - 0 = 85 [77]; pc0 -> pc2 65 + 8 + 4 -
     * 4 = 73 [81]; pc3 -> pc0 77 + 8 + 0 - 4 = 81 [73]; pc1 -> pc3 69 + 8 = 77
     * [85]; each the first clock after the host CA bus's that is in the
     * target's slot and has the clock before it there too */
    {"tBL_HOST", "tRTRS_HOST", S4P4, A4S4 "; 73 RD 2 0 0 0 5 0; @ RD 1 0 0 0 5 0", 85, 3},
    {"tBL_HOST", "HOST_BUS", S4P4, A4S4 "; 65 RD 0 0 0 0 5 0; @ RD 2 0 0 0 5 0", 73, 3},
    {"HOST_BUS", "tRTRS_HOST", S4P4, A4S4 "; 77 RD 3 0 0 0 5 0; @ RD 0 0 0 0 5 0", 81, 3},
    {"tRTRS_HOST", "tBL_HOST", S4P4, A4S4 "; 69 RD 1 0 0 0 5 0; @ RD 3 0 0 0 5 0", 77, 3},
    /* pc0 -> pc1 with nRTRS_HOST 9: 65 + 17 + 4 - 0 = 86 */
    {"tRTRS_HOST", "HOST_BUS", S4P4 "# timing nRTRS_HOST 9\n",
     A4S4 "; 65 RD 0 0 0 0 5 0; @ RD 1 0 0 0 5 0", 86, 2},
    /* WR pc2 -> RD pc1: 75 + (60 + 8 + 2 - 64) + 4 - 0 = 85; RD pc2 -> WR pc3:
     * 73 + (64 + 8 + 4 - 60) + 4 - 0 = 93 */
    {"tWTR_HOST", "HOST_BUS", S4P4, A4S4 "; 75 WR 2 0 0 0 5 0; @ RD 1 0 0 0 5 0", 85, 2},
    {"tRTW_HOST", "HOST_BUS", S4P4, A4S4 "; 73 RD 2 0 0 0 5 0; @ WR 3 0 0 0 5 0", 93, 2},
};

static void test_ca_gates(void)
{
    for (size_t i = 0; i < sizeof CA_GATES / sizeof CA_GATES[0]; i++)
        check_gate(&CA_GATES[i]);
}

static void test_host_gates(void)
{
    for (size_t i = 0; i < sizeof HOST_GATES / sizeof HOST_GATES[0]; i++)
        check_gate(&HOST_GATES[i]);
}

static void test_skew_gates(void)
{
    for (size_t i = 0; i < sizeof SKEW_GATES / sizeof SKEW_GATES[0]; i++)
        check_gate(&SKEW_GATES[i]);
}

/* The skew on streams and on the per-pc history. */
static void test_skew(void)
{
    /* docs/cmd-trace.md's example: RD pc0 64, pc1 74, pc0 80, pc1 90, ...
     * (10 after pc0, 6 after pc1); host bursts [130,138), [138,146), ... */
    const char *stream = A0A1 "; 16 ACT 0 0 1 0 5 -1; 18 ACT 1 0 1 0 5 -1; "
                              "64 RD 0 0 0 0 5 0; 74 RD 1 0 0 0 5 0; 80 RD 0 0 1 0 5 0; "
                              "90 RD 1 0 1 0 5 0; 96 RD 0 0 0 0 5 16; 106 RD 1 0 0 0 5 16; "
                              "112 RD 0 0 1 0 5 16; 122 RD 1 0 1 0 5 16";
    expect(NULL, stream, 0, NULL);
    /* four pcs: the latest command of every other pc counts with its own
     * skew. pc2's RD at 68 (itself 9 early) is the later one, but pc0's at
     * 65 binds pc3: 65 + 8 + 6 = 79 > 68 + 8 + 2 = 78 */
    const char *four = A4 "; 65 RD 0 0 0 0 5 0; 68 RD 2 0 0 0 5 0; @ RD 3 0 0 0 5 0";
    run r;
    run_with(&r, MRDIMM_HEADER, SLOT1 PCS4, four, 78);
    CHECK_EQ(r.res.violations, 6);
    CHECK_CONTAINS(r.report, "clk 68: tRTRS_HOST: RD ch0 pc2 rank0 bg0 bank0 after RD at clk 65 "
                             "(needs >= 77, short by 9)\n");
    CHECK_CONTAINS(r.report, "clk 78: tRTRS_HOST: RD ch0 pc3 rank0 bg0 bank0 after RD at clk 65 "
                             "(needs >= 79, short by 1)\n");
    CHECK_CONTAINS(r.report, "clk 78: HOST_BUS: RD ch0 pc3 rank0 bg0 bank0 after RD at clk 65 "
                             "(needs >= 79, short by 1)\n");
    run_with(&r, MRDIMM_HEADER, SLOT1 PCS4, four, 79);
    CHECK_EQ(r.res.violations, 3);
    CHECK(strstr(r.report, "clk 79") == NULL);
    /* S4P4: a stream whose host bursts follow one another, 132, 140, ...,
     * 188: pc0 64, pc2 72, pc1 84, pc3 92, pc0 96, ... (two pcs on each of
     * a round's burst positions, 4 and 12 after the round's start) */
    const char *four_stream = A4S4 "; 64 RD 0 0 0 0 5 0; 72 RD 2 0 0 0 5 0; 84 RD 1 0 0 0 5 0; "
                                   "92 RD 3 0 0 0 5 0; 96 RD 0 0 0 0 5 16; 104 RD 2 0 0 0 5 16; "
                                   "116 RD 1 0 0 0 5 16; 124 RD 3 0 0 0 5 16";
    expect(S4P4, four_stream, 0, NULL);
    /* HOST_BUS on skewed intervals: with nCWL 40, pc1's WR at 79 lands at
     * [119,127), nWTR_HOST 2 before pc0's read at [130,138) (unskewed it
     * would be [128,136): too close); only the issue-order pair rule fires */
    const char *early_wr = SLOT1 "# timing nCWL 40\n";
    expect(early_wr, A0A1 "; 64 RD 0 0 0 0 5 0; 79 WR 1 0 0 0 5 0", 1,
           "clk 79: tRTW_HOST: WR ch0 pc1 rank0 bg0 bank0 after RD at clk 64 (needs >= 102, short "
           "by 23)\n");
    /* at 82 it lands [122,130): it must follow the read, 138 + 4 - 40 = 102 */
    expect(early_wr, A0A1 "; 64 RD 0 0 0 0 5 0; 82 WR 1 0 0 0 5 0", 2,
           "clk 82: HOST_BUS: WR ch0 pc1 rank0 bg0 bank0 after RD at clk 64 (needs >= 102, short "
           "by 20)\n");
    /* nCA_SLOT 0: no slots and no skew */
    expect(NOEDGE, A0A1 "; 64 RD 0 0 0 0 5 0; 72 RD 1 0 0 0 5 0", 0, NULL);
    expect(NOEDGE, A0A1 "; 66 RD 1 0 0 0 5 0; 74 RD 0 0 0 0 5 0", 0, NULL);
    expect(NOEDGE, A0A1 "; 66 RD 1 0 0 0 5 0; 73 RD 0 0 0 0 5 0", 3,
           "clk 73: tBL_HOST: RD ch0 pc0 rank0 bg0 bank0 after RD at clk 66 (needs >= 74, short "
           "by 1)\n");
}

/* DEV_EDGE: every command on a device clock edge. */
static void test_dev_edge(void)
{
    expect(NULL, "1 PRE 0 0 0 0 -1 -1", 1,
           "clk 1: DEV_EDGE: PRE ch0 pc0 rank0 bg0 bank0: clk % cycles_per_clock = 1, expected 0 "
           "(cycles_per_clock 2)\n");
    expect(NULL, "5 REF 0 0 -1 -1 -1 -1", 1,
           "clk 5: DEV_EDGE: REF ch0 pc0 rank0 bg-1 bank-1: clk % cycles_per_clock = 1");
    const char *cpc4 = "# cycles_per_clock 4\n# timing nCA_SLOT 0\n";
    expect(cpc4, "2 PRE 1 0 0 0 -1 -1", 1,
           "clk 2: DEV_EDGE: PRE ch0 pc1 rank0 bg0 bank0: clk % cycles_per_clock = 2, expected 0 "
           "(cycles_per_clock 4)\n");
    expect(cpc4, "4 PRE 1 0 0 0 -1 -1; 8 PRE 0 0 0 0 -1 -1; 12 PRE 0 0 0 0 -1 -1 1", 0, NULL);
}

/* CA_SLOT: pc p only at (clk / nCA_SLOT) % pcs == p. */
static void test_ca_slot(void)
{
    expect(NULL, "2 PRE 0 0 0 0 -1 -1", 1,
           "clk 2: CA_SLOT: PRE ch0 pc0 rank0 bg0 bank0: (clk / nCA_SLOT) % pcs = 1, expected 0 "
           "(nCA_SLOT 2, pcs 2)\n");
    expect(NULL, "0 PRE 1 0 0 0 -1 -1", 1,
           "clk 0: CA_SLOT: PRE ch0 pc1 rank0 bg0 bank0: (clk / nCA_SLOT) % pcs = 0, expected 1 "
           "(nCA_SLOT 2, pcs 2)\n");
    /* the slots take turns: pc0, pc1, pc0, ... every 2 clocks */
    expect(NULL,
           "0 PRE 0 0 0 0 -1 -1; 2 PRE 1 0 0 0 -1 -1; 4 PRE 0 0 1 0 -1 -1; "
           "6 PRE 1 0 1 0 -1 -1",
           0, NULL);
    /* each channel has its own CA bus: both channels' pc0 at clk 0 */
    expect(NULL, "0 PRE 0 0 0 0 -1 -1 0; 0 PRE 0 0 0 0 -1 -1 1", 0, NULL);
    /* four pseudo-channels */
    expect("# pcs 4\n",
           "0 PRE 0 0 0 0 -1 -1; 2 PRE 1 0 0 0 -1 -1; 4 PRE 2 0 0 0 -1 -1; "
           "6 PRE 3 0 0 0 -1 -1; 8 PRE 0 0 1 0 -1 -1",
           0, NULL);
    expect("# pcs 4\n", "4 PRE 3 0 0 0 -1 -1", 1,
           "clk 4: CA_SLOT: PRE ch0 pc3 rank0 bg0 bank0: (clk / nCA_SLOT) % pcs = 2, expected 3 "
           "(nCA_SLOT 2, pcs 4)\n");
    /* longer slots; and nCA_SLOT 0 turns the rule off */
    expect("# timing nCA_SLOT 4\n", "4 PRE 1 0 0 0 -1 -1; 12 PRE 1 0 1 0 -1 -1", 0, NULL);
    expect("# timing nCA_SLOT 4\n", "2 PRE 1 0 0 0 -1 -1", 1, "clk 2: CA_SLOT: ");
    expect("# timing nCA_SLOT 0\n", "0 PRE 1 0 0 0 -1 -1; 2 PRE 0 0 0 0 -1 -1", 0, NULL);
}

/* The pseudo-channels interleave on the host CA bus, each at its device rate. */
static void test_ca_interleave(void)
{
    expect(NULL, A0A1 "; 4 ACT 0 0 1 1 5 -1", 1,
           "clk 4: tRRD_S: ACT ch0 pc0 rank0 bg1 bank1 after ACT at clk 0");
    expect(NULL, A0A1 "; 4 PRE 0 0 1 1 -1 -1; 6 PRE 1 0 1 1 -1 -1", 0, NULL);
    /* the device CA bus is per pc and per channel */
    expect(NOEDGE "# cmd_bus PRE col\n", A0 "; 1 PRE 1 0 1 0 -1 -1; 1 PRE 0 0 1 0 -1 -1 1", 0,
           NULL);
}

/* HOST_BUS on its own: overlapping host bursts, and a burst that lands before
 * one issued earlier. */
static void test_host_bus(void)
{
    /* two reads of two pcs 2 clocks apart, each in its slot: the device sides
     * are independent, but the host bursts [130,138) (pc0: skew 2) and
     * [130,138) coincide */
    expect(NULL, A0A1 "; 64 RD 0 0 0 0 5 0; 66 RD 1 0 0 0 5 0", 3,
           "clk 66: HOST_BUS: RD ch0 pc1 rank0 bg0 bank0 after RD at clk 64 (needs >= 74, short "
           "by 8)\n");
    expect(NULL, A0A1 "; 64 RD 0 0 0 0 5 0; 66 RD 1 0 0 0 5 0", 3,
           "clk 66: tBL_HOST: RD ch0 pc1 rank0 bg0 bank0 after RD at clk 64 (needs >= 74, short "
           "by 8)\n");
    /* with nCWL 40 a write lands [120,128), just before a read issued earlier
     * at [128,136): it needs nRTW_HOST after that read, i.e. issue >= 100 */
    expect(NOEDGE "# timing nCWL 40\n", A0A1 "; 64 RD 0 0 0 0 5 0; 80 WR 1 0 0 0 5 0", 2,
           "clk 80: HOST_BUS: WR ch0 pc1 rank0 bg0 bank0 after RD at clk 64 (needs >= 100, short "
           "by 20)\n");
    /* channels have a host bus each */
    expect(NULL,
           "0 ACT 0 0 0 0 5 -1 0; 2 ACT 1 0 0 0 5 -1 1; 64 RD 0 0 0 0 5 0 0; "
           "66 RD 1 0 0 0 5 0 1",
           0, NULL);
    /* reads of alternating pcs every 10 clocks: host bursts 2 clocks apart
     * after pc0's (skew 2) and 6 after pc1's, clean */
    expect(NULL,
           A0A1 "; 16 ACT 0 0 1 0 5 -1; 18 ACT 1 0 1 0 5 -1; 64 RD 0 0 0 0 5 0; "
                "74 RD 1 0 0 0 5 0; 84 RD 0 0 1 0 5 0; 94 RD 1 0 1 0 5 0; "
                "104 RD 0 0 0 0 5 16; 114 RD 1 0 0 0 5 16",
           0, NULL);
}

/* A trace without host_mux keeps today's rules: no host bus, slots or edges. */
static void test_no_host_mux(void)
{
    const char *body = A0A1 "; 64 RD 0 0 0 0 5 0; 66 RD 1 0 0 0 5 0";
    expect_in(NOMUX_HEADER, NULL, body, 0, NULL);
    expect_in(NOMUX_HEADER, NULL, A0A1 "; 64 RD 0 0 0 0 5 0; 66 WR 1 0 0 0 5 0", 0, NULL);
    expect_in(NOMUX_HEADER, NULL, A0A1 "; 64 WR 0 0 0 0 5 0; 66 RD 1 0 0 0 5 0", 0, NULL);
    expect_in(NOMUX_HEADER, NULL, "1 PRE 1 0 0 0 -1 -1; 3 PRE 0 0 0 0 -1 -1", 0, NULL);
    expect_in(NOMUX_HEADER, NULL, A0 "; 2 PRE 0 0 1 0 -1 -1", 0, NULL);
    /* the device rules still hold */
    expect_in(NOMUX_HEADER, NULL, A0 "; 63 RD 0 0 0 0 5 0", 1,
              "clk 63: tRCD: RD ch0 pc0 rank0 bg0 bank0 after ACT at clk 0 (needs >= 64, short "
              "by 1)");
}

/* t_ps = floor(clk * 2000000 / (rate_mts * host_mux)). */
static void test_tps(void)
{
    run r;
    sbuf b = {0};
    sb_add(&b, MRDIMM_HEADER);
    sb_add(&b, NOEDGE CSV "681,3,0,0,0,-1,-1,-1,-1,REF\n1363,6,0,1,0,-1,-1,-1,-1,REF\n"
                          "2727,6,1,1,0,-1,-1,-1,-1,REF\n");
    run_text(&r, b.s, 10);
    CHECK_EQ(r.st, MEMSIM_OK);
    CHECK_EQ(r.res.violations, 1);
    CHECK_CONTAINS(r.report, "clk 6: TPS: REF ch1 pc1 rank0 bg-1 bank-1: t_ps 2727, expected 1363 "
                             "(floor(clk * 2000000 / (rate_mts * host_mux)))\n");
    /* host_mux 1: the device rate */
    b.len = 0;
    sb_add(&b, MRDIMM_HEADER);
    sb_add(&b, "# host_mux 1\n" CSV "909,2,0,1,0,-1,-1,-1,-1,REF\n1818,4,0,0,0,-1,-1,-1,-1,REF\n"
               "1818,6,1,1,0,-1,-1,-1,-1,REF\n");
    run_text(&r, b.s, 10);
    CHECK_EQ(r.st, MEMSIM_OK);
    CHECK_EQ(r.res.violations, 1);
    CHECK_CONTAINS(r.report, "clk 6: TPS: REF ch1 pc1 rank0 bg-1 bank-1: t_ps 1818, expected 2727 "
                             "(floor(clk * 2000000 / (rate_mts * host_mux)))\n");
    /* host_mux 16 at a large clock: no overflow, exact */
    b.len = 0;
    sb_add(&b, MRDIMM_HEADER);
    sb_add(&b, NOEDGE "# host_mux 16\n" CSV "28409090909090909,1000000000000000,0,0,0,-1,-1,-1,-1,"
                      "PREA\n");
    run_text(&r, b.s, 10);
    CHECK_EQ(r.st, MEMSIM_OK);
    CHECK(strstr(r.report, "TPS") == NULL);
    free(b.s);
}

/* The line number of the first line of @p text that starts with @p key. */
static long line_of(const char *text, const char *key)
{
    long line = 1;
    for (const char *p = text; *p; p++) {
        if ((p == text || p[-1] == '\n') && strncmp(p, key, strlen(key)) == 0) return line;
        line += *p == '\n';
    }
    return -1;
}

/* The MRDIMM header without the line @p skip, plus @p extra. */
static void header_without(sbuf *b, const char *skip, const char *extra)
{
    const char *p = MRDIMM_HEADER;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t n = (size_t)(nl - p) + 1;
        char line[128];
        if (n >= sizeof line) abort();
        memcpy(line, p, n);
        line[n] = '\0';
        if (!skip || strcmp(line, skip) != 0) sb_add(b, line);
        p += n;
    }
    if (extra) sb_add(b, extra);
}

/* Expects MEMSIM_E_PARSE (`memsim check` exit status 2) with exactly
 * "<path>:<line of @p at>: @p msg". */
static void expect_error(const char *skip, const char *extra, const char *at, const char *msg)
{
    sbuf b = {0};
    header_without(&b, skip, extra);
    long line = line_of(b.s, at);
    sb_add(&b, CSV);
    run r;
    run_text(&r, b.s, 10);
    free(b.s);
    char want[600];
    snprintf(want, sizeof want, "%s:%ld: %s", r.path, line, msg);
    CHECK_EQ(r.st, MEMSIM_E_PARSE);
    CHECK_STR(r.err, want);
}

static void test_parse(void)
{
    expect_error("# host_mux 2\n", "# host_mux 0\n", "# host_mux 0",
                 "expected an integer 1..16 for 'host_mux', got '0'");
    expect_error("# host_mux 2\n", "# host_mux 17\n", "# host_mux 17",
                 "expected an integer 1..16 for 'host_mux', got '17'");
    expect_error("# host_mux 2\n", "# host_mux two\n", "# host_mux two",
                 "expected an integer 1..16 for 'host_mux', got 'two'");
    expect_error("# host_mux 2\n", "# host_mux\n", "# host_mux", "expected '# host_mux <value>'");
    /* with host_mux, every host parameter but nMUX is required; the message
     * points at the host_mux line */
    static const char *const required[] = {"nBL_HOST", "nRTRS_HOST", "nRTW_HOST", "nWTR_HOST",
                                           "nCA_SLOT"};
    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++) {
        char skip[64], msg[96];
        snprintf(skip, sizeof skip, "# timing %s ", required[i]);
        const char *p = strstr(MRDIMM_HEADER, skip);
        if (!p) abort();
        size_t n = (size_t)(strchr(p, '\n') - p) + 1;
        snprintf(skip, sizeof skip, "%.*s", (int)n, p);
        snprintf(msg, sizeof msg, "host_mux needs '# timing %s' (missing from the header)",
                 required[i]);
        expect_error(skip, NULL, "# host_mux", msg);
    }
    expect_error(NULL, "# timing nMUX -1\n", "# timing nMUX -1",
                 "expected an integer 0..1073741824 for 'timing nMUX', got '-1'");
    expect_error(NULL, "# timing nBL_HOST x\n", "# timing nBL_HOST x",
                 "expected an integer 0..1073741824 for 'timing nBL_HOST', got 'x'");
    /* nMUX is optional; without host_mux no host parameter is needed */
    sbuf b = {0};
    header_without(&b, "# timing nMUX 12\n", NULL);
    sb_add(&b, CSV "0,0,0,0,0,-1,-1,-1,-1,REF\n");
    run r;
    run_text(&r, b.s, 10);
    CHECK_EQ(r.st, MEMSIM_OK);
    CHECK_EQ(r.res.violations, 0);
    b.len = 0;
    sb_add(&b, PREAMBLE GEOMETRY DEVICE_TIMINGS CMD_CYCLES CSV "0,0,0,0,0,-1,-1,-1,-1,REF\n");
    run_text(&r, b.s, 10);
    CHECK_EQ(r.st, MEMSIM_OK);
    CHECK_EQ(r.res.violations, 0);
    free(b.s);
}

/* `memsim check` turns the parse error into exit status 2 (when the CLI has
 * been built next to this test, as ctest runs it). */
static void test_cli_exit_status(void)
{
    if (access("./memsim", X_OK) != 0) {
        fprintf(stderr, "  (no ./memsim here: exit status not checked)\n");
        return;
    }
    char path[64];
    snprintf(path, sizeof path, "/tmp/memsim-check-mrdimm-cli-%ld.csv", (long)getpid());
    FILE *fp = fopen(path, "w");
    if (!fp) abort();
    fputs(MRDIMM_HEADER, fp);
    fputs("# host_mux 0\n" CSV, fp);
    fclose(fp);
    char cmd[160];
    snprintf(cmd, sizeof cmd, "./memsim check %s >/dev/null 2>&1", path);
    int st = system(cmd);
    CHECK(WIFEXITED(st));
    CHECK_EQ(WEXITSTATUS(st), 2);
    remove(path);
}

/* ---- the simulator's MRDIMM traces ---- */

static char tmp_path[64];

static int run_sim(const char *preset, const char *const *sets, memsim_pattern pat,
                   double read_ratio, uint64_t n)
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
    p.seed = 7;
    memsim_source *src = NULL;
    char err[256];
    if (memsim_source_synthetic(&p, &src, err, sizeof err) != MEMSIM_OK) abort();
    CHECK_EQ(memsim_sim_run(sim, src, NULL), MEMSIM_OK);
    fclose(fp);
    memsim_source_free(src);
    memsim_sim_free(sim);
    return 1;
}

/* @return 1 if the trace at tmp_path says `# host_mux <mux>`. */
static int trace_has_host_mux(unsigned mux)
{
    FILE *fp = fopen(tmp_path, "r");
    char line[256], want[32];
    snprintf(want, sizeof want, "# host_mux %u\n", mux);
    int found = 0;
    while (!found && fgets(line, sizeof line, fp) && line[0] == '#')
        found = strcmp(line, want) == 0;
    fclose(fp);
    return found;
}

static uint64_t check_path(const char *path, uint64_t *commands)
{
    memsim_check_result res = {0};
    char err[512];
    if (memsim_check_file(path, NULL, 0, &res, err, sizeof err) != MEMSIM_OK)
        UNIT_FAIL("check %s: %s", path, err);
    if (commands) *commands = res.commands;
    return res.violations;
}

static void test_simulator(void)
{
    static const char *const two[] = {"dram.channels", "2", NULL};
    static const char *const pcs4[] = {"dram.pcs", "4", NULL};
    static const char *const pcs4_two[] = {"dram.pcs", "4", "dram.channels", "2", NULL};
    const memsim_pattern pats[3] = {MEMSIM_PATTERN_RANDOM, MEMSIM_PATTERN_STREAM,
                                    MEMSIM_PATTERN_RANDOM};
    const double ratios[3] = {1.0, 1.0, 2.0 / 3.0};
    const char *const *variants[4] = {NULL, two, pcs4, pcs4_two};
    const unsigned mux[4] = {2, 2, 4, 4};
    const char *names[4] = {"", " channels=2", " pcs=4", " pcs=4 channels=2"};
    for (int v = 0; v < 4; v++)
        for (int w = 0; w < 3; w++) {
            if (!run_sim("MRDIMM-8800", variants[v], pats[w], ratios[w], 4000)) continue;
            CHECK(trace_has_host_mux(mux[v]));
            uint64_t cmds = 0, n = check_path(tmp_path, &cmds);
            if (n)
                UNIT_FAIL("MRDIMM-8800%s workload %d: %llu violations", names[v], w,
                          (unsigned long long)n);
            CHECK(cmds >= 4000);
        }
}

/* Writes a copy of the MRDIMM trace `in` to `out` with the nth RD line moved
 * `by` clocks earlier, t_ps recomputed at rate_mts x host_mux, and put
 * before the first line whose clk is above its new one (clks stay
 * non-decreasing): with `by` one CA round (pcs x nCA_SLOT) the command stays
 * on its device edge and in its slot, so only timing rules can catch it.
 * @return 0 if there is no such line. */
static int move_rd(const char *in, unsigned nth, uint64_t by, const char *out)
{
    FILE *fi = fopen(in, "r");
    if (!fi) abort();
    size_t n = 0, cap = 0, target = SIZE_MAX;
    char **lines = NULL, line[256], moved[256];
    unsigned seen = 0, rate = 0, mux = 1;
    unsigned long long new_clk = 0;
    while (fgets(line, sizeof line, fi)) {
        if (n == cap) {
            cap = cap ? 2 * cap : 1024;
            lines = realloc(lines, cap * sizeof *lines);
            if (!lines) abort();
        }
        lines[n] = strdup(line);
        if (!lines[n]) abort();
        unsigned long long tps, clk;
        char rest[200];
        if (sscanf(line, "# rate_mts %u", &rate) != 1 && sscanf(line, "# host_mux %u", &mux) != 1 &&
            line[0] != '#' && target == SIZE_MAX &&
            sscanf(line, "%llu,%llu,%199s", &tps, &clk, rest) == 3) {
            const char *name = strrchr(rest, ',');
            if (name && !strcmp(name + 1, "RD") && clk >= by && ++seen == nth) {
                target = n;
                new_clk = clk - by;
                snprintf(moved, sizeof moved, "%llu,%llu,%s\n",
                         new_clk * 2000000ull / ((unsigned long long)rate * mux), new_clk, rest);
            }
        }
        n++;
    }
    fclose(fi);
    FILE *fo = fopen(out, "w");
    if (!fo) abort();
    int placed = target == SIZE_MAX;
    for (size_t i = 0; i < n; i++) {
        unsigned long long tps, clk;
        if (!placed &&
            (i == target || (lines[i][0] != '#' &&
                             sscanf(lines[i], "%llu,%llu,", &tps, &clk) == 2 && clk > new_clk))) {
            fputs(moved, fo);
            placed = 1;
        }
        if (i != target) fputs(lines[i], fo);
        free(lines[i]);
    }
    free(lines);
    fclose(fo);
    return target != SIZE_MAX;
}

/* A stream of reads keeps the host bus busy: nearly every RD issues at the
 * first slot its host-bus rules allow, so one moved a CA round earlier
 * (same edge, same slot) must be caught, for two and for four pcs. */
static void test_corruption_caught(void)
{
    static const char *const pcs4[] = {"dram.pcs", "4", NULL};
    const char *const *variants[2] = {NULL, pcs4};
    const uint64_t round[2] = {2 * 2, 4 * 4}; /* pcs x nCA_SLOT */
    char bad[80];
    snprintf(bad, sizeof bad, "%s.bad", tmp_path);
    for (int v = 0; v < 2; v++) {
        if (!run_sim("MRDIMM-8800", variants[v], MEMSIM_PATTERN_STREAM, 1.0, 4000)) continue;
        CHECK_EQ(check_path(tmp_path, NULL), 0);
        unsigned tried = 0, caught = 0;
        for (unsigned nth = 200; nth < 400 && move_rd(tmp_path, nth, round[v], bad); nth += 5) {
            tried++;
            caught += check_path(bad, NULL) > 0;
        }
        CHECK_EQ(tried, 40);
        if (caught < tried * 9 / 10)
            UNIT_FAIL("pcs %d: a stream RD moved one CA round earlier was caught %u times of %u",
                      v ? 4 : 2, caught, tried);
        fprintf(stderr, "  pcs %d stream: %u of %u RDs moved one CA round earlier caught\n",
                v ? 4 : 2, caught, tried);
    }
    remove(bad);
}

int main(void)
{
    snprintf(tmp_path, sizeof tmp_path, "/tmp/memsim-check-mrdimm-%ld.csv", (long)getpid());
    UNIT_RUN(test_ca_gates);
    UNIT_RUN(test_host_gates);
    UNIT_RUN(test_skew_gates);
    UNIT_RUN(test_skew);
    UNIT_RUN(test_dev_edge);
    UNIT_RUN(test_ca_slot);
    UNIT_RUN(test_ca_interleave);
    UNIT_RUN(test_host_bus);
    UNIT_RUN(test_no_host_mux);
    UNIT_RUN(test_tps);
    UNIT_RUN(test_parse);
    UNIT_RUN(test_cli_exit_status);
    UNIT_RUN(test_simulator);
    UNIT_RUN(test_corruption_caught);
    remove(tmp_path);
    UNIT_DONE();
}
