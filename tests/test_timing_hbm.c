/*
 * test_timing_hbm.c - tight timing gates for every HBM timing rule (HBM2,
 * HBM2E, HBM3, HBM3E), in the manner of test_timing.c.
 *
 * Each case gets a fresh channel, issues the preceding command(s) through
 * memsim__apply() at cycle T0, and gates the following command with
 * memsim__ready(): blocked at want-1 and ready at want. The expected value is
 * written here from the rule's formula over the resolved parameters
 * spec.t[MS_T_*] (already in engine cycles: clocks x spec.units) -- never
 * read from the rule tables. Where several rules apply the expectation is
 * MAXV() over all of them. "Scope" gates show that a rule does not reach past
 * its scope (another bank, bank group, stack ID or pseudo-channel), where
 * only the command bus applies -- or nothing, for a command on the other bus
 * (want = T0: the command may issue in the same cycle).
 *
 * The HBM model under test:
 *  - levels channel > pseudo-channel (pc) > stack ID (SID, the engine's rank)
 *    > bank group > bank; the engine's rank argument is the flat rank
 *    pc * spec.ranks + sid;
 *  - two command buses per channel, shared by both pcs: row (ACT, PRE, PREA,
 *    REF, REFPB) and column (RD, RDA, WR, WRA). A command holds its own bus
 *    for HBM3: ACT 3 cycles (1.5 clocks), other row commands 1, column 2;
 *    HBM2: ACT 2, all others 1. The other bus is not held;
 *  - bank, bank-group and SID rules as in DDR (SID = rank, within one pc);
 *    ACT -> WR* uses nRCD_WR (tRCDWR); tPPD (HBM3) per SID;
 *  - the data-bus rows (tBL, tRTW) per pc, any SID; tRTRS between different
 *    SIDs of one pc; nothing of either crosses to the other pc;
 *  - REFPB (bank): tRFCpb to ACT, PRE, REFPB of the bank; PRE -> REFPB tRP,
 *    RDA -> REFPB tRTP + tRP, WRA -> REFPB tWR + tRP, ACT -> REFPB tRC;
 *    ACT -> REFPB tRRD_L (bank group), tRRD_S (SID); PREA -> REFPB tRP and
 *    REFPB -> REF, PREA tRFCpb (SID); REFPB -> ACT, REFPB tRREFD (whole pc);
 *    REF -> any tRFC (SID).
 *
 * Positions {pc, sid, bank group, bank}: HOME (0,0,1,2); SAME_BG (0,0,1,3);
 * OTHER_BG (0,0,0,2); OTHER_BG_BANK (0,0,0,3); OTHER_SID (0,1,1,2);
 * OTHER_PC (1,0,1,2); OTHER_PC_SID (1,1,1,2). The pseudo-channel and REFPB
 * gates run from each of the four (pc, SID) pairs, so that a slip in the
 * flat-rank arithmetic (pc = rank / ranks) shows.
 *
 * Rigs: HBM2-2000 (8Gb), HBM2E-3200 (16Gb), HBM3-6400 (16Gb), HBM3E-9600
 * (24Gb), each with dram.stacks 1, dram.channels 1, dram.stack_height 8
 * (2 SIDs), and three rigs with timing overrides (in clocks) that make
 * rules bind which the defaults dominate. HBM3-6400 and HBM2-2000: nCCD_S 1
 * < nBL (tBL within a SID), a large nRTRS (WR->RD to another SID above the
 * same-SID tWTR_S form), nRREFD below nRRD_S (REFPB -> ACT is tRREFD, not
 * tRRD; ACT -> REFPB is tRRD, not tRREFD), nCCD_L_WR != nCCD_L (HBM3) and
 * nFAW above 4 x nRRD_S (HBM2); HBM3E-9600: nCCD_S above nBL + nRTRS (tCCD_S
 * must stay in its SID) and a large nPPD. (tBL across SIDs is always covered
 * by tRTRS = nBL + nRTRS, so whether tBL is scoped to the pc or the SID
 * cannot be observed; only its not reaching the other pc is gated.)
 * Resolved values are checked against the published HBM3-6400 and HBM2-2000
 * sets, and an HBM3 run checks that column commands start on even cycles.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/engine.h"
#include "memsim/memsim.h"
#include "standards/standard.h"
#include "unit.h"

/* ---- rigs ---- */

#define T0 1000u /* issue cycle of the first preceding command */

typedef struct rig {
    char name[96];
    ms_spec spec;
    ms_timing tm;
    ms_channel ch;
    int hbm3; /* HBM3/HBM3E: half-clock cycles, 3-cycle ACT, 2-cycle column commands */
} rig;

typedef struct at {
    unsigned pc, sid, bg, ba;
} at;

static const at HOME = {0, 0, 1, 2};
static const at SAME_BG = {0, 0, 1, 3};
static const at OTHER_BG = {0, 0, 0, 2};
static const at OTHER_BG_BANK = {0, 0, 0, 3};
static const at OTHER_SID = {0, 1, 1, 2};
static const at OTHER_PC = {1, 0, 1, 2};
static const at OTHER_PC_SID = {1, 1, 1, 2};

static unsigned long long gates;

/* Resolves `preset` with `org`, one stack of height 8, one channel, and
 * optional {key, value} override pairs ending in NULL; builds the timing
 * table and a channel. @return 1, or 0 after reporting a failure. */
static int rig_open(rig *r, const char *preset, const char *org, const char *const *over)
{
    memset(r, 0, sizeof *r);
    snprintf(r->name, sizeof r->name, "%s %s%s", preset, org, over ? " +overrides" : "");
    char err[MS_ERR_LEN] = "";
    memsim_config *cfg = memsim_config_create();
    int ok = cfg && memsim_config_set(cfg, "preset", preset, NULL) == MEMSIM_OK &&
             memsim_config_set(cfg, "dram.org", org, NULL) == MEMSIM_OK &&
             memsim_config_set(cfg, "dram.stacks", "1", NULL) == MEMSIM_OK &&
             memsim_config_set(cfg, "dram.channels", "1", NULL) == MEMSIM_OK &&
             memsim_config_set(cfg, "dram.stack_height", "8", NULL) == MEMSIM_OK;
    for (size_t i = 0; ok && over && over[i]; i += 2)
        ok = memsim_config_set(cfg, over[i], over[i + 1], NULL) == MEMSIM_OK;
    if (!ok && cfg) snprintf(err, sizeof err, "%s", memsim_config_error(cfg));
    ok = ok && memsim__spec_resolve(cfg, &r->spec, err, sizeof err) == MEMSIM_OK;
    memsim_config_free(cfg);
    unit_checks++;
    if (!ok) {
        UNIT_FAIL("%s: cannot resolve: %s", r->name, err);
        return 0;
    }
    memsim__timing_build(&r->spec, &r->tm);
    r->hbm3 = !strncmp(r->spec.std->name, "HBM3", 4);
    /* The geometry the positions above need, and the HBM cycle unit. */
    CHECK_EQ(r->spec.channels, 1);
    CHECK_EQ(r->spec.pcs, 2);
    CHECK_EQ(r->spec.ranks, 2);
    CHECK_EQ(r->spec.nranks, 4);
    CHECK_EQ(r->spec.bankgroups, 4);
    CHECK_EQ(r->spec.banks_per_group, 4);
    CHECK_EQ(r->spec.units, r->hbm3 ? 2 : 1);
    CHECK_EQ(r->spec.col_align, r->hbm3 ? 2 : 1);
    CHECK(r->tm.has_pc);
    unit_checks++;
    if (memsim__chan_init(&r->ch, &r->spec, &r->tm, 0) != MEMSIM_OK) {
        UNIT_FAIL("%s: memsim__chan_init failed", r->name);
        return 0;
    }
    return 1;
}

static void rig_close(rig *r)
{
    memsim__chan_free(&r->ch);
}

/* A fresh channel: every "earliest issue" entry back to 0. */
static void fresh(rig *r)
{
    memsim__chan_free(&r->ch);
    if (memsim__chan_init(&r->ch, &r->spec, &r->tm, 0) != MEMSIM_OK) {
        fprintf(stderr, "%s: memsim__chan_init failed\n", r->name);
        abort();
    }
}

static unsigned flat(const rig *r, at p)
{
    return p.pc * r->spec.ranks + p.sid;
}

static void issue(rig *r, ms_cmd cmd, at p, uint64_t t)
{
    memsim__apply(&r->ch, cmd, flat(r, p), p.bg, p.ba, t);
}

/* ---- the gate assertion ---- */

/* `cmd` to `p` must be blocked at want-1 and ready at want. want = T0 means
 * no rule applies: the command may issue in the preceding command's cycle. */
static void gate_at(int line, rig *r, const char *rule, const char *after, ms_cmd cmd, at p,
                    uint64_t want)
{
    uint64_t got = memsim__ready(&r->ch, cmd, flat(r, p), p.bg, p.ba);
    gates++;
    unit_checks += 2;
    if (want > T0 && got <= want - 1)
        UNIT_FAIL("line %d: %s: %s: %s pc%u sid%u bg%u bank%u after %s: not blocked at T0%+lld "
                  "(ready at T0%+lld, want T0%+lld)",
                  line, r->name, rule, memsim__cmd_names[cmd], p.pc, p.sid, p.bg, p.ba, after,
                  (long long)(want - 1) - (long long)T0, (long long)got - (long long)T0,
                  (long long)want - (long long)T0);
    if (got > want)
        UNIT_FAIL("line %d: %s: %s: %s pc%u sid%u bg%u bank%u after %s: still blocked at T0%+lld "
                  "(ready at T0%+lld, want T0%+lld)",
                  line, r->name, rule, memsim__cmd_names[cmd], p.pc, p.sid, p.bg, p.ba, after,
                  (long long)want - (long long)T0, (long long)got - (long long)T0,
                  (long long)want - (long long)T0);
}

/* Fresh channel, `prev` to p0 at T0, then gate `next` to p1 at T0 + lat. */
static void pair_at(int line, rig *r, const char *rule, ms_cmd prev, at p0, ms_cmd next, at p1,
                    uint64_t lat)
{
    fresh(r);
    issue(r, prev, p0, T0);
    gate_at(line, r, rule, memsim__cmd_names[prev], next, p1, T0 + lat);
}

#define GATE(...) gate_at(__LINE__, __VA_ARGS__)
#define PAIR(...) pair_at(__LINE__, __VA_ARGS__)

/* ---- expected values: formulas over the resolved parameters ---- */

#define P(x)      ((uint64_t)r->spec.t[MS_T_##x])
#define P_(rg, x) ((uint64_t)(rg)->spec.t[MS_T_##x])
#define MAXV(...)                                                                                  \
    max_of((const uint64_t[]){__VA_ARGS__},                                                        \
           sizeof((const uint64_t[]){__VA_ARGS__}) / sizeof(uint64_t))

static uint64_t max_of(const uint64_t *v, size_t n)
{
    uint64_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (v[i] > m) m = v[i];
    return m;
}

static int is_col(ms_cmd c)
{
    return c == MS_CMD_RD || c == MS_CMD_RDA || c == MS_CMD_WR || c == MS_CMD_WRA;
}

/* Command-bus cycles `prev` imposes on `next`: its occupancy when both use
 * the same bus (row or column), 0 across buses. HBM3: ACT 1.5 clocks, other
 * row commands half a clock, column commands 1 clock; HBM2: ACT 2 clocks,
 * the others 1. */
static uint64_t bus(const rig *r, ms_cmd prev, ms_cmd next)
{
    if (is_col(prev) != is_col(next)) return 0;
    if (prev == MS_CMD_ACT) return r->hbm3 ? 3 : 2;
    if (is_col(prev)) return r->hbm3 ? 2 : 1;
    return 1;
}

static uint64_t wr_rec(const rig *r)
{
    return P(CWL) + P(BL) + P(WR);
}

/* WR* -> RD* to another SID of the pc: nCWL + nBL + nRTRS - nCL, when positive. */
static uint64_t wr_rd_sid_switch(const rig *r)
{
    int64_t v = (int64_t)P(CWL) + (int64_t)P(BL) + (int64_t)P(RTRS) - (int64_t)P(CL);
    return v > 0 ? (uint64_t)v : 0;
}

/* RD* -> WR* in a pc: nCL + nBL + nRTW_GAP - nCWL. */
static uint64_t rtw(const rig *r)
{
    int64_t v = (int64_t)P(CL) + (int64_t)P(BL) + (int64_t)P(RTW_GAP) - (int64_t)P(CWL);
    return v > 0 ? (uint64_t)v : 0;
}

/* ---- command buses (channel) ---- */

static void rules_bus(rig *r)
{
    static const ms_cmd row[] = {MS_CMD_ACT, MS_CMD_PRE, MS_CMD_PREA, MS_CMD_REF, MS_CMD_REFPB};
    static const ms_cmd col[] = {MS_CMD_RD, MS_CMD_RDA, MS_CMD_WR, MS_CMD_WRA};
    /* Each row command, then an ACT to the other pc (no rule but the row bus)
     * and a RD to the other pc (no rule, other bus: same cycle). */
    for (size_t i = 0; i < sizeof row / sizeof row[0]; i++) {
        PAIR(r, "row bus", row[i], HOME, MS_CMD_ACT, OTHER_PC, bus(r, row[i], MS_CMD_ACT));
        PAIR(r, "row bus", row[i], HOME, MS_CMD_PRE, OTHER_PC_SID, bus(r, row[i], MS_CMD_PRE));
        PAIR(r, "row bus: not the column bus", row[i], HOME, MS_CMD_RD, OTHER_PC, 0);
        PAIR(r, "row bus: not the column bus", row[i], HOME, MS_CMD_WR, OTHER_PC_SID, 0);
    }
    /* Each column command, then a column command to the other pc (no data-bus
     * rule crosses pcs) and a row command (other bus). */
    for (size_t i = 0; i < sizeof col / sizeof col[0]; i++) {
        for (size_t j = 0; j < sizeof col / sizeof col[0]; j++)
            PAIR(r, "column bus", col[i], HOME, col[j], OTHER_PC, bus(r, col[i], col[j]));
        PAIR(r, "column bus: not the row bus", col[i], HOME, MS_CMD_ACT, OTHER_PC, 0);
        PAIR(r, "column bus: not the row bus", col[i], HOME, MS_CMD_ACT, OTHER_BG_BANK, 0);
        PAIR(r, "column bus: not the row bus", col[i], HOME, MS_CMD_PRE, SAME_BG, 0);
        PAIR(r, "column bus: not the row bus", col[i], HOME, MS_CMD_REFPB, OTHER_PC, 0);
    }
    /* A row and a column command in the same cycle (ACT to pc 0, RD to pc 1),
     * then both buses busy: an ACT to pc 1 and a RD to another SID of pc 0,
     * which no rule of either command reaches, wait for their bus only. */
    fresh(r);
    issue(r, MS_CMD_ACT, HOME, T0);
    issue(r, MS_CMD_RD, OTHER_PC, T0);
    GATE(r, "both buses", "ACT+RD", MS_CMD_ACT, OTHER_PC_SID, T0 + bus(r, MS_CMD_ACT, MS_CMD_ACT));
    GATE(r, "both buses", "ACT+RD", MS_CMD_RD, (at){0, 1, 0, 3}, T0 + bus(r, MS_CMD_RD, MS_CMD_RD));
    /* The resolved occupancy and bus of every command. */
    for (unsigned c = 0; c < MS_CMD_COUNT; c++) {
        if (c == MS_CMD_PRESB || c == MS_CMD_REFSB) continue;
        CHECK_EQ(r->spec.cmd_cycles[c], bus(r, (ms_cmd)c, (ms_cmd)c));
        CHECK_EQ(r->spec.cmd_bus[c], is_col((ms_cmd)c) ? MS_BUS_COL : MS_BUS_ROW);
    }
    CHECK(r->spec.dual_bus);
}

/* ---- bank ---- */

static void rules_bank(rig *r)
{
    static const ms_cmd rds[] = {MS_CMD_RD, MS_CMD_RDA}, wrs[] = {MS_CMD_WR, MS_CMD_WRA};
    const ms_cmd A = MS_CMD_ACT;
    /* ACT -> ACT same bank: tRC (tRRD_L, tRRD_S and the bus apply too). */
    PAIR(r, "tRC", A, HOME, A, HOME, MAXV(P(RC), P(RRD_L), P(RRD_S), bus(r, A, A)));
    PAIR(r, "tRC: not another pc", A, HOME, A, OTHER_PC, bus(r, A, A));
    PAIR(r, "tRC: not another SID", A, HOME, A, OTHER_SID, bus(r, A, A));
    /* ACT -> RD*: nRCD; ACT -> WR*: nRCD_WR (tRCDWR). */
    for (size_t i = 0; i < 2; i++) {
        PAIR(r, "tRCDRD", A, HOME, rds[i], HOME, MAXV(P(RCD), bus(r, A, rds[i])));
        PAIR(r, "tRCDWR", A, HOME, wrs[i], HOME, MAXV(P(RCD_WR), bus(r, A, wrs[i])));
        PAIR(r, "tRCDRD: not another bank", A, HOME, rds[i], SAME_BG, bus(r, A, rds[i]));
        PAIR(r, "tRCDWR: not another bank", A, HOME, wrs[i], SAME_BG, bus(r, A, wrs[i]));
        PAIR(r, "tRCDRD: not another SID", A, HOME, rds[i], OTHER_SID, bus(r, A, rds[i]));
        PAIR(r, "tRCDWR: not another pc", A, HOME, wrs[i], OTHER_PC, bus(r, A, wrs[i]));
    }
    CHECK(P(RCD_WR) < P(RCD)); /* so the two gates tell the parameters apart */
    /* ACT -> PRE: tRAS. */
    PAIR(r, "tRAS", A, HOME, MS_CMD_PRE, HOME, MAXV(P(RAS), bus(r, A, MS_CMD_PRE)));
    PAIR(r, "tRAS: not another bank", A, HOME, MS_CMD_PRE, SAME_BG, bus(r, A, MS_CMD_PRE));
    PAIR(r, "tRAS: not another SID", A, HOME, MS_CMD_PRE, OTHER_SID, bus(r, A, MS_CMD_PRE));
    PAIR(r, "tRAS: not another pc", A, HOME, MS_CMD_PRE, OTHER_PC, bus(r, A, MS_CMD_PRE));
    /* PRE -> ACT: tRP. */
    PAIR(r, "tRP", MS_CMD_PRE, HOME, A, HOME, MAXV(P(RP), bus(r, MS_CMD_PRE, A)));
    PAIR(r, "tRP: not another bank", MS_CMD_PRE, HOME, A, SAME_BG, bus(r, MS_CMD_PRE, A));
    PAIR(r, "tRP: not another SID", MS_CMD_PRE, HOME, A, OTHER_SID, bus(r, MS_CMD_PRE, A));
    PAIR(r, "tRP: not another pc", MS_CMD_PRE, HOME, A, OTHER_PC, bus(r, MS_CMD_PRE, A));
    /* RD -> PRE: tRTP; WR -> PRE: nCWL + nBL + nWR. */
    PAIR(r, "tRTP", MS_CMD_RD, HOME, MS_CMD_PRE, HOME, MAXV(P(RTP), bus(r, MS_CMD_RD, MS_CMD_PRE)));
    PAIR(r, "tRTP: not another bank", MS_CMD_RD, HOME, MS_CMD_PRE, SAME_BG,
         bus(r, MS_CMD_RD, MS_CMD_PRE));
    PAIR(r, "tRTP: not another SID", MS_CMD_RD, HOME, MS_CMD_PRE, OTHER_SID,
         bus(r, MS_CMD_RD, MS_CMD_PRE));
    PAIR(r, "tWR", MS_CMD_WR, HOME, MS_CMD_PRE, HOME,
         MAXV(wr_rec(r), bus(r, MS_CMD_WR, MS_CMD_PRE)));
    PAIR(r, "tWR: not another bank", MS_CMD_WR, HOME, MS_CMD_PRE, SAME_BG,
         bus(r, MS_CMD_WR, MS_CMD_PRE));
    PAIR(r, "tWR: not another pc", MS_CMD_WR, HOME, MS_CMD_PRE, OTHER_PC,
         bus(r, MS_CMD_WR, MS_CMD_PRE));
    /* Auto-precharge: RDA -> ACT nRTP + nRP, WRA -> ACT nCWL + nBL + nWR + nRP. */
    PAIR(r, "tRTP+tRP", MS_CMD_RDA, HOME, A, HOME, MAXV(P(RTP) + P(RP), bus(r, MS_CMD_RDA, A)));
    PAIR(r, "tRTP+tRP: not another bank", MS_CMD_RDA, HOME, A, SAME_BG, bus(r, MS_CMD_RDA, A));
    PAIR(r, "tRTP+tRP: not another SID", MS_CMD_RDA, HOME, A, OTHER_SID, bus(r, MS_CMD_RDA, A));
    PAIR(r, "tWR+tRP", MS_CMD_WRA, HOME, A, HOME, MAXV(wr_rec(r) + P(RP), bus(r, MS_CMD_WRA, A)));
    PAIR(r, "tWR+tRP: not another bank", MS_CMD_WRA, HOME, A, SAME_BG, bus(r, MS_CMD_WRA, A));
    PAIR(r, "tWR+tRP: not another pc", MS_CMD_WRA, HOME, A, OTHER_PC, bus(r, MS_CMD_WRA, A));
}

/* Bank rules reach no other bank: every other bank of HOME's group, and the
 * bank with HOME's index in every other group, sees only the bank-group or
 * SID rules that apply, or the bus. */
static void rules_bank_sweep(rig *r)
{
    const ms_cmd A = MS_CMD_ACT, PRE = MS_CMD_PRE, RFP = MS_CMD_REFPB;
    for (unsigned g = 0; g < r->spec.bankgroups; g++)
        for (unsigned b = 0; b < r->spec.banks_per_group; b++) {
            at o = {HOME.pc, HOME.sid, g, b};
            if (g == HOME.bg && b == HOME.ba) continue;
            int bg = g == HOME.bg;
            PAIR(r, "tRC: not another bank", A, HOME, A, o,
                 MAXV(bg ? P(RRD_L) : 0, P(RRD_S), bus(r, A, A)));
            PAIR(r, "tRCD: not another bank", A, HOME, MS_CMD_RDA, o, bus(r, A, MS_CMD_RDA));
            PAIR(r, "tRCDWR: not another bank", A, HOME, MS_CMD_WR, o, bus(r, A, MS_CMD_WR));
            PAIR(r, "tRAS: not another bank", A, HOME, PRE, o, bus(r, A, PRE));
            PAIR(r, "tRP: not another bank", PRE, HOME, A, o, bus(r, PRE, A));
            PAIR(r, "tRTP: not another bank", MS_CMD_RD, HOME, PRE, o, bus(r, MS_CMD_RD, PRE));
            PAIR(r, "tWR+tRP: not another bank", MS_CMD_WRA, HOME, A, o, bus(r, MS_CMD_WRA, A));
            PAIR(r, "tRFCpb: not another bank (tRREFD)", RFP, HOME, A, o,
                 MAXV(P(RREFD), bus(r, RFP, A)));
            PAIR(r, "tRFCpb: not another bank", RFP, HOME, PRE, o, bus(r, RFP, PRE));
            PAIR(r, "tRC (REFPB): not another bank", A, HOME, RFP, o,
                 MAXV(bg ? P(RRD_L) : 0, P(RRD_S), bus(r, A, RFP)));
        }
}

/* ---- bank group (HOME -> SAME_BG; bank-group rules also hold in the bank) ---- */

static void rules_bankgroup(rig *r)
{
    const ms_cmd A = MS_CMD_ACT, RD = MS_CMD_RD, RDA = MS_CMD_RDA, WR = MS_CMD_WR, WRA = MS_CMD_WRA;
    const uint64_t wtr_l = P(CWL) + P(BL) + P(WTR_L), wtr_s = P(CWL) + P(BL) + P(WTR_S);
    /* ACT -> ACT: tRRD_L (tRRD_S applies too). */
    PAIR(r, "tRRD_L", A, HOME, A, SAME_BG, MAXV(P(RRD_L), P(RRD_S), bus(r, A, A)));
    PAIR(r, "tRRD_L: not another bank group", A, HOME, A, OTHER_BG, MAXV(P(RRD_S), bus(r, A, A)));
    /* RD* -> RD*: tCCD_L (tCCD_S and the pc's data bus nBL apply too). */
    const uint64_t ccd_rd = MAXV(P(CCD_L), P(CCD_S), P(BL), bus(r, RD, RD));
    PAIR(r, "tCCD_L", RD, HOME, RD, SAME_BG, ccd_rd);
    PAIR(r, "tCCD_L", RD, HOME, RDA, SAME_BG, ccd_rd);
    PAIR(r, "tCCD_L", RDA, HOME, RD, SAME_BG, ccd_rd);
    PAIR(r, "tCCD_L", RD, HOME, RD, HOME, ccd_rd);
    /* WR* -> WR*: tCCD_L_WR (tCCD_S and nBL apply too). */
    const uint64_t ccd_wr = MAXV(P(CCD_L_WR), P(CCD_S), P(BL), bus(r, WR, WR));
    PAIR(r, "tCCD_L_WR", WR, HOME, WR, SAME_BG, ccd_wr);
    PAIR(r, "tCCD_L_WR", WR, HOME, WRA, SAME_BG, ccd_wr);
    PAIR(r, "tCCD_L_WR", WRA, HOME, WR, SAME_BG, ccd_wr);
    PAIR(r, "tCCD_L_WR", WR, HOME, WR, HOME, ccd_wr);
    /* WR* -> RD*: nCWL + nBL + nWTR_L (the tWTR_S form applies too). */
    const uint64_t wtr = MAXV(wtr_l, wtr_s, bus(r, WR, RD));
    PAIR(r, "tWTR_L", WR, HOME, RD, SAME_BG, wtr);
    PAIR(r, "tWTR_L", WRA, HOME, RDA, SAME_BG, wtr);
    PAIR(r, "tWTR_L", WR, HOME, RD, HOME, wtr);
}

/* ---- stack ID (the engine's rank; HOME -> OTHER_BG unless noted) ---- */

static void rules_sid(rig *r)
{
    const ms_cmd A = MS_CMD_ACT, RD = MS_CMD_RD, RDA = MS_CMD_RDA, WR = MS_CMD_WR, WRA = MS_CMD_WRA,
                 PREA = MS_CMD_PREA;
    PAIR(r, "tRRD_S", A, HOME, A, OTHER_BG, MAXV(P(RRD_S), bus(r, A, A)));
    PAIR(r, "tRRD_S: not another SID", A, HOME, A, OTHER_SID, bus(r, A, A));
    PAIR(r, "tRRD_S: not another pc", A, HOME, A, OTHER_PC, bus(r, A, A));
    /* Column to column, another bank group: tCCD_S with the pc's nBL; tRTRS
     * (another SID only) must not apply. */
    PAIR(r, "tCCD_S (no tRTRS in a SID)", RD, HOME, RD, OTHER_BG,
         MAXV(P(CCD_S), P(BL), bus(r, RD, RD)));
    PAIR(r, "tCCD_S (no tRTRS in a SID)", RDA, HOME, RDA, OTHER_BG_BANK,
         MAXV(P(CCD_S), P(BL), bus(r, RDA, RDA)));
    PAIR(r, "tCCD_S (no tRTRS in a SID)", WR, HOME, WR, OTHER_BG,
         MAXV(P(CCD_S), P(BL), bus(r, WR, WR)));
    PAIR(r, "tCCD_S (no tRTRS in a SID)", WRA, HOME, WRA, OTHER_BG_BANK,
         MAXV(P(CCD_S), P(BL), bus(r, WRA, WRA)));
    /* WR* -> RD*: nCWL + nBL + nWTR_S; the SID-switch form must not apply. */
    PAIR(r, "tWTR_S (no tRTRS in a SID)", WR, HOME, RD, OTHER_BG,
         MAXV(P(CWL) + P(BL) + P(WTR_S), bus(r, WR, RD)));
    PAIR(r, "tWTR_S (no tRTRS in a SID)", WRA, HOME, RDA, OTHER_BG_BANK,
         MAXV(P(CWL) + P(BL) + P(WTR_S), bus(r, WRA, RDA)));
    PAIR(r, "tWTR_S: not another SID", WR, HOME, RD, OTHER_SID,
         MAXV(wr_rd_sid_switch(r), bus(r, WR, RD)));
    PAIR(r, "tWTR_S: not another pc", WR, HOME, RD, OTHER_PC, bus(r, WR, RD));
    /* Into PREA: tRAS, tRTP, tWR from any bank of the SID. */
    PAIR(r, "tRAS (PREA)", A, HOME, PREA, HOME, MAXV(P(RAS), bus(r, A, PREA)));
    PAIR(r, "tRTP (PREA)", RD, HOME, PREA, HOME, MAXV(P(RTP), bus(r, RD, PREA)));
    PAIR(r, "tRTP (PREA)", RDA, HOME, PREA, HOME, MAXV(P(RTP), bus(r, RDA, PREA)));
    PAIR(r, "tWR (PREA)", WR, HOME, PREA, HOME, MAXV(wr_rec(r), bus(r, WR, PREA)));
    PAIR(r, "tWR (PREA)", WRA, HOME, PREA, HOME, MAXV(wr_rec(r), bus(r, WRA, PREA)));
    /* PREA -> ACT: tRP to every bank of the SID. */
    PAIR(r, "tRP (PREA)", PREA, HOME, A, OTHER_BG_BANK, MAXV(P(RP), bus(r, PREA, A)));
    PAIR(r, "tRP (PREA)", PREA, HOME, A, SAME_BG, MAXV(P(RP), bus(r, PREA, A)));
    PAIR(r, "tRP (PREA)", PREA, HOME, A, HOME, MAXV(P(RP), bus(r, PREA, A)));
    /* ... and to no other SID or pc. */
    static const at out[] = {{0, 1, 1, 2}, {1, 0, 1, 2}, {1, 1, 0, 0}};
    for (size_t i = 0; i < 3; i++) {
        PAIR(r, "tRAS (PREA): not another SID/pc", A, HOME, PREA, out[i], bus(r, A, PREA));
        PAIR(r, "tRTP (PREA): not another SID/pc", RDA, HOME, PREA, out[i], bus(r, RDA, PREA));
        PAIR(r, "tWR (PREA): not another SID/pc", WR, HOME, PREA, out[i], bus(r, WR, PREA));
        PAIR(r, "tRP (PREA): not another SID/pc", PREA, HOME, A, out[i], bus(r, PREA, A));
    }
}

/* ---- SID: the four-activate window ---- */

/* Six ACTs round-robin over the bank groups of one SID, each issued at the
 * earliest cycle the rules allow (tRRD_S after the previous ACT, tRRD_L after
 * the previous one in its bank group, the bus, and from the 5th on tFAW after
 * the 4th most recent); each is gated before it issues. */
static void rules_faw(rig *r)
{
    const unsigned G = r->spec.bankgroups;
    const ms_cmd A = MS_CMD_ACT;
    uint64_t t[6];
    at p[6];
    fresh(r);
    for (unsigned i = 0; i < 6; i++) {
        p[i] = (at){0, 0, i % G, i / G};
        uint64_t want = T0;
        if (i > 0) want = t[i - 1] + MAXV(P(RRD_S), bus(r, A, A));
        for (unsigned j = 0; j < i; j++)
            if (p[j].bg == p[i].bg) want = MAXV(want, t[j] + P(RRD_L));
        if (i >= 4) want = MAXV(want, t[i - 4] + P(FAW));
        if (i > 0)
            GATE(r, i >= 4 ? "tFAW" : "tRRD_S/tRRD_L (window not full)", "ACTs", A, p[i], want);
        t[i] = want;
        issue(r, A, p[i], t[i]);
    }
    /* tFAW is per SID: four ACTs on SID 0 of pc 0 hold back neither SID 1 nor
     * pc 1 (the row bus only); and REFPB does not count in the window: after
     * four ACTs it sees only tRRD_S, tRRD_L and the bus. */
    static const at free_[] = {{0, 1, 0, 1}, {1, 0, 0, 1}, {1, 1, 0, 1}};
    for (size_t k = 0; k < 3; k++) {
        fresh(r);
        for (unsigned i = 0; i < 4; i++)
            issue(r, A, p[i], t[i]);
        GATE(r, "tFAW: not another SID/pc", "4 ACTs", A, free_[k], t[3] + bus(r, A, A));
    }
    fresh(r);
    for (unsigned i = 0; i < 4; i++)
        issue(r, A, p[i], t[i]);
    GATE(r, "REFPB not in tFAW (tRRD_S, tRRD_L)", "4 ACTs", MS_CMD_REFPB, p[4],
         MAXV(t[3] + P(RRD_S), t[0] + P(RRD_L), t[3] + bus(r, A, MS_CMD_REFPB)));
}

/* ---- SID: all-bank refresh ---- */

static void rules_refresh(rig *r)
{
    const ms_cmd REF = MS_CMD_REF;
    /* Into REF: PRE* nRP, RDA nRTP + nRP, WRA nCWL + nBL + nWR + nRP, ACT nRC. */
    PAIR(r, "tRP (REF)", MS_CMD_PRE, HOME, REF, HOME, MAXV(P(RP), bus(r, MS_CMD_PRE, REF)));
    PAIR(r, "tRP (REF)", MS_CMD_PREA, HOME, REF, HOME, MAXV(P(RP), bus(r, MS_CMD_PREA, REF)));
    PAIR(r, "tRTP+tRP (REF)", MS_CMD_RDA, OTHER_BG_BANK, REF, HOME,
         MAXV(P(RTP) + P(RP), bus(r, MS_CMD_RDA, REF)));
    PAIR(r, "tWR+tRP (REF)", MS_CMD_WRA, HOME, REF, HOME,
         MAXV(wr_rec(r) + P(RP), bus(r, MS_CMD_WRA, REF)));
    PAIR(r, "tRC (REF)", MS_CMD_ACT, OTHER_BG_BANK, REF, HOME,
         MAXV(P(RC), bus(r, MS_CMD_ACT, REF)));
    /* REF -> any command of the SID: nRFC. */
    for (unsigned c = 0; c < MS_CMD_COUNT; c++) {
        if (c == MS_CMD_PRESB || c == MS_CMD_REFSB) continue;
        PAIR(r, "tRFC", REF, HOME, (ms_cmd)c, SAME_BG, MAXV(P(RFC), bus(r, REF, (ms_cmd)c)));
    }
    /* None of them to another SID or pc. */
    static const at out[] = {{0, 1, 1, 2}, {1, 0, 1, 2}, {1, 1, 0, 3}};
    for (size_t i = 0; i < 3; i++) {
        PAIR(r, "tRFC: not another SID/pc", REF, HOME, REF, out[i], bus(r, REF, REF));
        PAIR(r, "tRFC: not another SID/pc", REF, HOME, MS_CMD_ACT, out[i], bus(r, REF, MS_CMD_ACT));
        PAIR(r, "tRFC: not another SID/pc", REF, HOME, MS_CMD_REFPB, out[i],
             bus(r, REF, MS_CMD_REFPB));
        PAIR(r, "tRFC: not another SID/pc", REF, HOME, MS_CMD_RD, out[i], bus(r, REF, MS_CMD_RD));
        PAIR(r, "tRP (REF): not another SID/pc", MS_CMD_PRE, HOME, REF, out[i],
             bus(r, MS_CMD_PRE, REF));
        PAIR(r, "tRP (REF): not another SID/pc", MS_CMD_PREA, HOME, REF, out[i],
             bus(r, MS_CMD_PREA, REF));
        PAIR(r, "tRC (REF): not another SID/pc", MS_CMD_ACT, HOME, REF, out[i],
             bus(r, MS_CMD_ACT, REF));
        PAIR(r, "tRTP+tRP (REF): not another SID/pc", MS_CMD_RDA, HOME, REF, out[i],
             bus(r, MS_CMD_RDA, REF));
        PAIR(r, "tWR+tRP (REF): not another SID/pc", MS_CMD_WRA, HOME, REF, out[i],
             bus(r, MS_CMD_WRA, REF));
    }
}

/* ---- pseudo-channel: data bus, turnarounds, other SIDs ---- */

/* From `h`: `sid` is another SID of h's pc, `pc` a node of the other pc. */
static void rules_pc(rig *r, at h, at sid, at pc)
{
    const ms_cmd RD = MS_CMD_RD, RDA = MS_CMD_RDA, WR = MS_CMD_WR, WRA = MS_CMD_WRA;
    at same_bg = h, other_bg_bank = h, pc_sid = pc;
    same_bg.ba ^= 1u;
    other_bg_bank.bg ^= 1u;
    other_bg_bank.ba ^= 1u;
    pc_sid.sid ^= 1u;
    /* RD* -> WR*: nCL + nBL + nRTW_GAP - nCWL, any bank and SID of the pc. */
    const uint64_t rw = MAXV(rtw(r), bus(r, RD, WR));
    PAIR(r, "tRTW", RD, h, WR, h, rw);
    PAIR(r, "tRTW", RD, h, WRA, same_bg, rw);
    PAIR(r, "tRTW", RDA, h, WRA, other_bg_bank, rw);
    PAIR(r, "tRTW", RD, h, WR, sid, rw);
    PAIR(r, "tRTW", RDA, h, WR, sid, rw);
    PAIR(r, "tRTW: not another pc", RD, h, WR, pc, bus(r, RD, WR));
    PAIR(r, "tRTW: not another pc", RDA, h, WRA, pc_sid, bus(r, RDA, WRA));
    /* Another SID of the pc: nBL + nRTRS (the pc's nBL applies too). */
    const uint64_t rr = MAXV(P(BL) + P(RTRS), P(BL), bus(r, RD, RD));
    PAIR(r, "tRTRS RD->RD", RD, h, RD, sid, rr);
    PAIR(r, "tRTRS RD->RD", RDA, h, RD, sid, rr);
    PAIR(r, "tRTRS RD->RD", RD, h, RDA, sid, rr);
    const uint64_t ww = MAXV(P(BL) + P(RTRS), P(BL), bus(r, WR, WR));
    PAIR(r, "tRTRS WR->WR", WR, h, WR, sid, ww);
    PAIR(r, "tRTRS WR->WR", WRA, h, WRA, sid, ww);
    PAIR(r, "tRTRS WR->WR", WR, h, WRA, sid, ww);
    /* WR* -> RD* another SID: nCWL + nBL + nRTRS - nCL when positive. */
    const uint64_t wrr = MAXV(wr_rd_sid_switch(r), bus(r, WR, RD));
    PAIR(r, "tRTRS WR->RD", WR, h, RD, sid, wrr);
    PAIR(r, "tRTRS WR->RD", WRA, h, RDA, sid, wrr);
    /* Neither tBL nor tRTRS to the other pc: the column bus only. */
    PAIR(r, "tBL/tRTRS: not another pc", RD, h, RD, pc, bus(r, RD, RD));
    PAIR(r, "tBL/tRTRS: not another pc", RD, h, RD, pc_sid, bus(r, RD, RD));
    PAIR(r, "tBL/tRTRS: not another pc", RDA, h, RDA, pc_sid, bus(r, RDA, RDA));
    PAIR(r, "tBL/tRTRS: not another pc", WR, h, WR, pc, bus(r, WR, WR));
    PAIR(r, "tBL/tRTRS: not another pc", WRA, h, WR, pc_sid, bus(r, WRA, WR));
    PAIR(r, "tRTRS WR->RD: not another pc", WR, h, RD, pc_sid, bus(r, WR, RD));
    PAIR(r, "tRTRS WR->RD: not another pc", WRA, h, RDA, pc, bus(r, WRA, RDA));
}

/* ---- per-bank refresh ---- */

/* From `h`: `sid` is another SID of h's pc, `pc` a node of the other pc. */
static void rules_refpb(rig *r, at h, at sid, at pc)
{
    const ms_cmd A = MS_CMD_ACT, PRE = MS_CMD_PRE, PREA = MS_CMD_PREA, REF = MS_CMD_REF,
                 RFP = MS_CMD_REFPB;
    at same_bg = h, other_bg = h, other_bg_bank = h, pc_sid = pc;
    same_bg.ba ^= 1u;
    other_bg.bg ^= 1u;
    other_bg_bank.bg ^= 1u;
    other_bg_bank.ba ^= 1u;
    pc_sid.sid ^= 1u;
    const uint64_t rfcpb = P(RFCPB), rrefd = P(RREFD);

    /* Bank: REFPB -> ACT, PRE, REFPB nRFCpb (tRREFD holds for ACT, REFPB too). */
    PAIR(r, "tRFCpb", RFP, h, A, h, MAXV(rfcpb, rrefd, bus(r, RFP, A)));
    PAIR(r, "tRFCpb", RFP, h, PRE, h, MAXV(rfcpb, bus(r, RFP, PRE)));
    PAIR(r, "tRFCpb", RFP, h, RFP, h, MAXV(rfcpb, rrefd, bus(r, RFP, RFP)));
    /* Into REFPB of the bank: PRE nRP, RDA nRTP + nRP, WRA nCWL+nBL+nWR+nRP,
     * ACT nRC (tRRD_L, tRRD_S apply too). */
    PAIR(r, "tRP (REFPB)", PRE, h, RFP, h, MAXV(P(RP), bus(r, PRE, RFP)));
    PAIR(r, "tRTP+tRP (REFPB)", MS_CMD_RDA, h, RFP, h,
         MAXV(P(RTP) + P(RP), bus(r, MS_CMD_RDA, RFP)));
    PAIR(r, "tWR+tRP (REFPB)", MS_CMD_WRA, h, RFP, h,
         MAXV(wr_rec(r) + P(RP), bus(r, MS_CMD_WRA, RFP)));
    PAIR(r, "tRC (REFPB)", A, h, RFP, h, MAXV(P(RC), P(RRD_L), P(RRD_S), bus(r, A, RFP)));

    /* Another bank of the bank group: no bank rule. */
    PAIR(r, "tRREFD (tRFCpb not another bank)", RFP, h, A, same_bg, MAXV(rrefd, bus(r, RFP, A)));
    PAIR(r, "tRREFD (tRFCpb not another bank)", RFP, h, RFP, same_bg,
         MAXV(rrefd, bus(r, RFP, RFP)));
    PAIR(r, "tRFCpb: not another bank", RFP, h, PRE, same_bg, bus(r, RFP, PRE));
    PAIR(r, "tRP (REFPB): not another bank", PRE, h, RFP, same_bg, bus(r, PRE, RFP));
    PAIR(r, "tRTP+tRP (REFPB): not another bank", MS_CMD_RDA, h, RFP, same_bg,
         bus(r, MS_CMD_RDA, RFP));
    PAIR(r, "tWR+tRP (REFPB): not another bank", MS_CMD_WRA, h, RFP, same_bg,
         bus(r, MS_CMD_WRA, RFP));
    /* ACT -> REFPB: tRRD_L in the bank group, tRRD_S in the SID. */
    PAIR(r, "tRRD_L (ACT->REFPB)", A, h, RFP, same_bg, MAXV(P(RRD_L), P(RRD_S), bus(r, A, RFP)));
    PAIR(r, "tRRD_S (ACT->REFPB)", A, h, RFP, other_bg, MAXV(P(RRD_S), bus(r, A, RFP)));
    PAIR(r, "tRRD_S (ACT->REFPB)", A, h, RFP, other_bg_bank, MAXV(P(RRD_S), bus(r, A, RFP)));
    /* SID: PREA -> REFPB nRP, REFPB -> REF, PREA nRFCpb. */
    PAIR(r, "tRP (PREA->REFPB)", PREA, h, RFP, h, MAXV(P(RP), bus(r, PREA, RFP)));
    PAIR(r, "tRP (PREA->REFPB)", PREA, h, RFP, other_bg_bank, MAXV(P(RP), bus(r, PREA, RFP)));
    PAIR(r, "tRFCpb (REF)", RFP, h, REF, h, MAXV(rfcpb, bus(r, RFP, REF)));
    PAIR(r, "tRFCpb (PREA)", RFP, h, PREA, h, MAXV(rfcpb, bus(r, RFP, PREA)));
    /* Pseudo-channel: REFPB -> ACT, REFPB nRREFD, any SID and bank of the pc. */
    PAIR(r, "tRREFD", RFP, h, A, other_bg, MAXV(rrefd, bus(r, RFP, A)));
    PAIR(r, "tRREFD", RFP, h, RFP, other_bg_bank, MAXV(rrefd, bus(r, RFP, RFP)));
    PAIR(r, "tRREFD (other SID)", RFP, h, A, sid, MAXV(rrefd, bus(r, RFP, A)));
    PAIR(r, "tRREFD (other SID)", RFP, h, RFP, sid, MAXV(rrefd, bus(r, RFP, RFP)));
    PAIR(r, "tRREFD: not PRE", RFP, h, PRE, sid, bus(r, RFP, PRE));
    /* The SID rules do not reach another SID of the pc. */
    PAIR(r, "tRRD_S (ACT->REFPB): not another SID", A, h, RFP, sid, bus(r, A, RFP));
    PAIR(r, "tRP (PREA->REFPB): not another SID", PREA, h, RFP, sid, bus(r, PREA, RFP));
    PAIR(r, "tRFCpb (REF): not another SID", RFP, h, REF, sid, bus(r, RFP, REF));
    PAIR(r, "tRFCpb (PREA): not another SID", RFP, h, PREA, sid, bus(r, RFP, PREA));
    /* Nothing crosses to the other pc but the row bus. */
    PAIR(r, "tRREFD: not another pc", RFP, h, A, pc, bus(r, RFP, A));
    PAIR(r, "tRREFD: not another pc", RFP, h, RFP, pc, bus(r, RFP, RFP));
    PAIR(r, "tRREFD: not another pc", RFP, h, A, pc_sid, bus(r, RFP, A));
    PAIR(r, "tRREFD: not another pc", RFP, h, RFP, pc_sid, bus(r, RFP, RFP));
    PAIR(r, "tRFCpb: not another pc", RFP, h, PRE, pc, bus(r, RFP, PRE));
    PAIR(r, "tRFCpb (REF): not another pc", RFP, h, REF, pc, bus(r, RFP, REF));
    PAIR(r, "tRFCpb (PREA): not another pc", RFP, h, PREA, pc, bus(r, RFP, PREA));
    PAIR(r, "tRP (REFPB): not another pc", PRE, h, RFP, pc, bus(r, PRE, RFP));
    PAIR(r, "tRC (REFPB): not another pc", A, h, RFP, pc, bus(r, A, RFP));
    PAIR(r, "tRP (PREA->REFPB): not another pc", PREA, h, RFP, pc_sid, bus(r, PREA, RFP));
    PAIR(r, "tWR+tRP (REFPB): not another pc", MS_CMD_WRA, h, RFP, pc, bus(r, MS_CMD_WRA, RFP));
}

/* ---- tPPD (HBM3: PRE* -> PRE*, same SID) ---- */

static void rules_ppd(rig *r)
{
    const ms_cmd pre[] = {MS_CMD_PRE, MS_CMD_PREA};
    if (r->hbm3) {
        CHECK(r->spec.has[MS_T_PPD]);
        for (size_t i = 0; i < 2; i++)
            for (size_t j = 0; j < 2; j++) {
                PAIR(r, "tPPD", pre[i], HOME, pre[j], OTHER_BG_BANK,
                     MAXV(P(PPD), bus(r, pre[i], pre[j])));
                PAIR(r, "tPPD: not another SID", pre[i], HOME, pre[j], OTHER_SID,
                     bus(r, pre[i], pre[j]));
                PAIR(r, "tPPD: not another pc", pre[i], HOME, pre[j], OTHER_PC,
                     bus(r, pre[i], pre[j]));
            }
        PAIR(r, "tPPD", MS_CMD_PRE, HOME, MS_CMD_PRE, HOME,
             MAXV(P(PPD), bus(r, MS_CMD_PRE, MS_CMD_PRE)));
        PAIR(r, "tPPD", MS_CMD_PRE, HOME, MS_CMD_PRE, SAME_BG,
             MAXV(P(PPD), bus(r, MS_CMD_PRE, MS_CMD_PRE)));
        /* Not to REFPB (not a precharge). */
        PAIR(r, "tPPD: not REFPB", MS_CMD_PRE, SAME_BG, MS_CMD_REFPB, HOME,
             bus(r, MS_CMD_PRE, MS_CMD_REFPB));
    } else {
        /* HBM2 has no tPPD: the row bus only. */
        CHECK(!r->spec.has[MS_T_PPD]);
        for (size_t i = 0; i < 2; i++)
            for (size_t j = 0; j < 2; j++)
                PAIR(r, "no tPPD in HBM2", pre[i], HOME, pre[j], OTHER_BG_BANK,
                     bus(r, pre[i], pre[j]));
    }
    /* Nor the DDR5 same-bank refresh parameters. */
    CHECK(!r->spec.has[MS_T_RFCSB] && !r->spec.has[MS_T_REFSBRD]);
}

static void run_rules(rig *r)
{
    rules_bus(r);
    rules_bank(r);
    rules_bank_sweep(r);
    rules_bankgroup(r);
    rules_sid(r);
    rules_faw(r);
    rules_refresh(r);
    /* The pseudo-channel and per-bank refresh gates from each of the four
     * (pc, SID) pairs, so that every flat rank is a source and a target. */
    for (unsigned pc = 0; pc < 2; pc++)
        for (unsigned sid = 0; sid < 2; sid++) {
            at h = {pc, sid, HOME.bg, HOME.ba};
            at other_sid = {pc, sid ^ 1u, HOME.bg, HOME.ba};
            at other_pc = {pc ^ 1u, sid, HOME.bg, HOME.ba};
            rules_pc(r, h, other_sid, other_pc);
            rules_refpb(r, h, other_sid, other_pc);
        }
    rules_ppd(r);
}

/* ---- the presets ---- */

static void run_preset(const char *preset, const char *org)
{
    rig r;
    if (!rig_open(&r, preset, org, NULL)) return;
    run_rules(&r);
    rig_close(&r);
}

static void test_hbm2_2000(void)
{
    run_preset("HBM2-2000", "8Gb");
}

static void test_hbm2e_3200(void)
{
    run_preset("HBM2E-3200", "16Gb");
}

static void test_hbm3_6400(void)
{
    run_preset("HBM3-6400", "16Gb");
}

static void test_hbm3e_9600(void)
{
    run_preset("HBM3E-9600", "24Gb");
}

/* HBM3-6400 with nCCD_S 1 < nBL 2 (tBL binds inside a SID), nCCD_L_WR 6 !=
 * nCCD_L 4, nRTRS 30 (WR->RD to another SID 10 + 2 + 30 - 20 = 22 clocks >
 * same-SID nCWL + nBL + nWTR_S = 19; RD->RD 32), nRREFD 2 < nRRD_S 4
 * (REFPB -> ACT is tRREFD, ACT -> REFPB tRRD_S). Values in clocks: x2. */
static void test_hbm3_6400_overrides(void)
{
    static const char *const over[] = {"timing.nCCD_S",
                                       "1",
                                       "timing.nCCD_L_WR",
                                       "6",
                                       "timing.nRTRS",
                                       "30",
                                       "timing.nRREFD",
                                       "2",
                                       NULL};
    rig r;
    if (!rig_open(&r, "HBM3-6400", "16Gb", over)) return;
    CHECK_EQ(r.spec.t[MS_T_CCD_S], 2);
    CHECK_EQ(r.spec.t[MS_T_CCD_L_WR], 12);
    CHECK_EQ(r.spec.t[MS_T_RTRS], 60);
    CHECK_EQ(r.spec.t[MS_T_RREFD], 4);
    run_rules(&r);
    /* The overrides do separate the rules. */
    CHECK(r.spec.t[MS_T_BL] > r.spec.t[MS_T_CCD_S]);
    CHECK(r.spec.t[MS_T_BL] > r.spec.cmd_cycles[MS_CMD_RD]);
    CHECK(r.spec.t[MS_T_CCD_L_WR] > r.spec.t[MS_T_CCD_L]);
    CHECK(wr_rd_sid_switch(&r) >
          (uint64_t)r.spec.t[MS_T_CWL] + r.spec.t[MS_T_BL] + r.spec.t[MS_T_WTR_S]);
    CHECK(r.spec.t[MS_T_RRD_S] > r.spec.t[MS_T_RREFD]);
    CHECK(r.spec.t[MS_T_RREFD] > 1u); /* above the row bus */
    rig_close(&r);
}

/* HBM3E-9600 with nCCD_S 4 > nBL + nRTRS = 3 (tCCD_S binds inside a SID, and
 * must not reach another SID, which sees nBL + nRTRS) and nPPD 5 above the
 * other rules into a precharge. */
static void test_hbm3e_9600_overrides(void)
{
    static const char *const over[] = {"timing.nCCD_S", "4", "timing.nPPD", "5", NULL};
    rig r;
    if (!rig_open(&r, "HBM3E-9600", "24Gb", over)) return;
    CHECK_EQ(r.spec.t[MS_T_CCD_S], 8);
    CHECK_EQ(r.spec.t[MS_T_PPD], 10);
    run_rules(&r);
    CHECK(r.spec.t[MS_T_CCD_S] > (uint64_t)r.spec.t[MS_T_BL] + r.spec.t[MS_T_RTRS]);
    rig_close(&r);
}

/* HBM2-2000 with nFAW 30 > 4 x nRRD_S = 16 (with 15 ns tFAW never binds at
 * 2.0 Gb/s), nCCD_S 1 < nBL 2, nRTRS 25 (WR->RD to another SID 5 + 2 + 25 -
 * 14 = 18 > same-SID 5 + 2 + 6 = 13), nRREFD 2 < nRRD_S 4. */
static void test_hbm2_2000_overrides(void)
{
    static const char *const over[] = {
        "timing.nFAW", "30", "timing.nCCD_S", "1", "timing.nRTRS", "25", "timing.nRREFD",
        "2",           NULL};
    rig r;
    if (!rig_open(&r, "HBM2-2000", "8Gb", over)) return;
    CHECK_EQ(r.spec.t[MS_T_FAW], 30);
    CHECK_EQ(r.spec.t[MS_T_CCD_S], 1);
    CHECK_EQ(r.spec.t[MS_T_RTRS], 25);
    CHECK_EQ(r.spec.t[MS_T_RREFD], 2);
    run_rules(&r);
    CHECK(r.spec.t[MS_T_FAW] > 4u * r.spec.t[MS_T_RRD_S]);
    CHECK(r.spec.t[MS_T_BL] > r.spec.t[MS_T_CCD_S]);
    CHECK(wr_rd_sid_switch(&r) >
          (uint64_t)r.spec.t[MS_T_CWL] + r.spec.t[MS_T_BL] + r.spec.t[MS_T_WTR_S]);
    CHECK(r.spec.t[MS_T_RRD_S] > r.spec.t[MS_T_RREFD]);
    rig_close(&r);
}

/* ---- resolved parameters ---- */

static void check_param(const rig *r, ms_param p, uint32_t want)
{
    unit_checks++;
    if (!r->spec.has[p] || r->spec.t[p] != want)
        UNIT_FAIL("%s: %s = %u cycles (has %d), want %u", r->name, memsim__param_names[p],
                  r->spec.t[p], r->spec.has[p], want);
}

typedef struct fact {
    ms_param p;
    uint32_t clocks;
} fact;

/* HBM3-6400, tCK 0.625 ns (memory-facts.md §3, Ramulator 2.1 hbm3.py):
 * values in clocks; spec.t is in half clocks. */
static void test_resolved_hbm3(void)
{
    static const fact f[] = {
        {MS_T_CL, 20},    {MS_T_CWL, 10},    {MS_T_RCD, 31},    {MS_T_RCD_WR, 15}, {MS_T_RP, 26},
        {MS_T_RAS, 45},   {MS_T_RC, 72},     {MS_T_WR, 33},     {MS_T_RTP, 9},     {MS_T_CCD_S, 2},
        {MS_T_CCD_L, 4},  {MS_T_RRD_S, 4},   {MS_T_RRD_L, 5},   {MS_T_FAW, 24},    {MS_T_WTR_S, 7},
        {MS_T_WTR_L, 10}, {MS_T_RFCPB, 320}, {MS_T_REFI, 6240}, {MS_T_PPD, 2},     {MS_T_BL, 2},
    };
    rig r;
    if (!rig_open(&r, "HBM3-6400", "16Gb", NULL)) return;
    CHECK_NEAR(r.spec.clk_ps, 625.0, 1e-9);
    CHECK_NEAR(r.spec.tck_ps, 312.5, 1e-9);
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
        check_param(&r, f[i].p, f[i].clocks * 2u);
    /* The same set's tCCDR 3 (column to column, other SID) = nBL + nRTRS and
     * tRTW 20 = nCL + nBL + nRTW_GAP - nCWL; tRREFD = max(3 nCK, 8 ns) = 13. */
    CHECK_EQ(P_(&r, BL) + P_(&r, RTRS), 3u * 2u);
    CHECK_EQ(rtw(&r), 20u * 2u);
    check_param(&r, MS_T_RREFD, 13u * 2u);
    rig_close(&r);
}

/* HBM2-2000, tCK 1 ns (Ramulator 2.1 hbm2.py / DRAMsim3 HBM2): one cycle per clock. */
static void test_resolved_hbm2(void)
{
    static const fact f[] = {
        {MS_T_CL, 14},   {MS_T_CWL, 5},     {MS_T_RCD, 14},    {MS_T_RCD_WR, 12}, {MS_T_RP, 14},
        {MS_T_RAS, 34},  {MS_T_RC, 48},     {MS_T_WR, 16},     {MS_T_RTP, 5},     {MS_T_BL, 2},
        {MS_T_RFC, 260}, {MS_T_RFCPB, 160}, {MS_T_REFI, 3900},
    };
    rig r;
    if (!rig_open(&r, "HBM2-2000", "8Gb", NULL)) return;
    CHECK_NEAR(r.spec.clk_ps, 1000.0, 1e-9);
    CHECK_NEAR(r.spec.tck_ps, 1000.0, 1e-9);
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
        check_param(&r, f[i].p, f[i].clocks);
    rig_close(&r);
}

/* ---- HBM3 column alignment (applied by the controller) ---- */

/* A mixed random workload on HBM3-6400 with a command trace: every column
 * command starts on an even cycle (a rising clock edge). */
static void test_hbm3_col_align(void)
{
    memsim_config *cfg = memsim_config_create();
    CHECK(cfg != NULL);
    if (!cfg) return;
    int ok = memsim_config_set(cfg, "preset", "HBM3-6400", NULL) == MEMSIM_OK &&
             memsim_config_set(cfg, "dram.stacks", "1", NULL) == MEMSIM_OK &&
             memsim_config_set(cfg, "dram.channels", "2", NULL) == MEMSIM_OK;
    CHECK(ok);
    memsim_sim *sim = NULL;
    if (!ok || memsim_sim_create(cfg, &sim) != MEMSIM_OK) {
        UNIT_FAIL("HBM3-6400: %s", memsim_config_error(cfg));
        memsim_config_free(cfg);
        return;
    }
    memsim_config_free(cfg);
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    CHECK(out != NULL);
    if (!out) {
        memsim_sim_free(sim);
        return;
    }
    memsim_sim_set_cmd_trace(sim, out);
    memsim_synth_params p;
    memsim_synth_defaults(&p);
    p.pattern = MEMSIM_PATTERN_RANDOM;
    p.requests = 4000;
    p.read_ratio = 0.6;
    p.seed = 11;
    memsim_source *src = NULL;
    char err[256];
    CHECK_EQ(memsim_source_synthetic(&p, &src, err, sizeof err), MEMSIM_OK);
    if (src) CHECK_EQ(memsim_sim_run(sim, src, NULL), MEMSIM_OK);
    memsim_source_free(src);
    memsim_sim_free(sim);
    fclose(out);

    unsigned long long cols = 0, odd_cols = 0, rows = 0, odd_rows = 0;
    int body = 0;
    for (char *line = buf, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next) *next++ = '\0';
        if (line[0] == '#') continue;
        if (!body) {
            body = !strncmp(line, "t_ps,clk,", 9);
            continue;
        }
        /* t_ps,clk,ch,pc,rank,bg,bank,row,col,cmd */
        unsigned long long tps, clk;
        const char *cmd = strrchr(line, ',');
        if (sscanf(line, "%llu,%llu,", &tps, &clk) != 2 || !cmd) {
            UNIT_FAIL("bad trace line: %s", line);
            break;
        }
        cmd++;
        int col =
            !strcmp(cmd, "RD") || !strcmp(cmd, "RDA") || !strcmp(cmd, "WR") || !strcmp(cmd, "WRA");
        if (col) {
            cols++;
            if (clk % 2u) {
                if (odd_cols++ < 5) UNIT_FAIL("HBM3 column command at odd cycle: %s", line);
            }
        } else {
            rows++;
            odd_rows += clk % 2u;
        }
    }
    CHECK(body);
    CHECK(cols >= 4000);
    CHECK_EQ(odd_cols, 0);
    CHECK(rows > 0);
    fprintf(stderr,
            "HBM3-6400 run: %llu column commands (none at an odd cycle), %llu row "
            "commands (%llu at odd cycles)\n",
            cols, rows, odd_rows);
    free(buf);
}

int main(void)
{
    UNIT_RUN(test_resolved_hbm3);
    UNIT_RUN(test_resolved_hbm2);
    UNIT_RUN(test_hbm2_2000);
    UNIT_RUN(test_hbm2e_3200);
    UNIT_RUN(test_hbm3_6400);
    UNIT_RUN(test_hbm3e_9600);
    UNIT_RUN(test_hbm3_6400_overrides);
    UNIT_RUN(test_hbm2_2000_overrides);
    UNIT_RUN(test_hbm3e_9600_overrides);
    UNIT_RUN(test_hbm3_col_align);
    fprintf(stderr, "%llu timing gates\n", gates);
    UNIT_DONE();
}
