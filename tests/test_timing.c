/*
 * test_timing.c - tight timing gates for every rule of DDR4 and DDR5.
 *
 * For each rule of docs/cmd-trace.md (so each row of jedec_rules.c and of
 * ddr5.c's ddr5_rules, plus the command bus and the tFAW window) a fresh
 * channel gets the preceding command(s) through memsim__apply() at cycle T0,
 * and the following command must be blocked at t-1 and ready at t according
 * to memsim__ready(). The expected t is written here from the JEDEC formula of
 * the prose list over the resolved parameters spec.t[MS_T_*] -- never read
 * from the rule tables -- so a wrong row, scope, sibling flag or command set
 * fails a gate. The target of the following command is chosen so that the
 * rule under test binds; where other rules apply as well (the command bus,
 * tRRD_S under tRRD_L, ...) the expected value is MAXV() over every rule that
 * applies, each term commented. "Bus only" gates check that a rule does not
 * leak to a node outside its scope.
 *
 * Positions (rank, bank group, bank): HOME (0,1,2); SAME_BG (0,1,3) is
 * another bank of HOME's group; OTHER_BG (0,0,2) has HOME's bank index in
 * another group, so it is in HOME's DDR5 bank set; OTHER_BG_BANK (0,0,3) is in
 * neither; OTHER_RANK (1,1,2). PRESB/REFSB at HOME address bank set 2.
 *
 * Rigs: DDR4-2400 (8Gb_x8, 2 ranks), DDR4-3200 (16Gb_x16: 2 bank groups),
 * DDR5-4800 (16Gb_x8, 2 ranks), DDR5-8800 (32Gb_x16), and two rigs with
 * timing overrides so that rules which never bind with JEDEC values do:
 * DDR4-2400 with nCCD_S 7 > nBL (tCCD_S) and DDR5-4800 with nCCD_S 2 < nBL
 * (tBL within a rank) and nFAW 40 > 4 x nRRD_S (tFAW); both raise nRTRS so
 * that the rank-switch WR->RD exceeds nCWL + nBL + nWTR_S and must still not
 * apply inside one rank. Resolved values are checked against
 * ../shared/reference/memory-facts.md §1 and JESD79-4, and memsim__nck()
 * against the 2.5 % guard band.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/engine.h"
#include "memsim/memsim.h"
#include "standards/standard.h"
#include "unit.h"

/* ---- rigs: a resolved preset and one channel, re-initialised per case ---- */

#define T0 1000u /* issue cycle of the first preceding command */

typedef struct rig {
    char name[80];
    ms_spec spec;
    ms_timing tm;
    ms_channel ch;
    int ddr5;
} rig;

typedef struct at {
    unsigned rank, bg, ba;
} at;

static const at HOME = {0, 1, 2};
static const at SAME_BG = {0, 1, 3};
static const at OTHER_BG = {0, 0, 2};
static const at OTHER_BG_BANK = {0, 0, 3};
static const at OTHER_RANK = {1, 1, 2};

static unsigned long long gates;

/* Resolves `preset` through the public config API with `org`, `ranks` and
 * optional {key, value} override pairs ending in NULL; builds the timing
 * table and a channel. @return 1, or 0 after reporting a failure. */
static int rig_open(rig *r, const char *preset, const char *org, const char *ranks,
                    const char *const *over)
{
    memset(r, 0, sizeof *r);
    snprintf(r->name, sizeof r->name, "%s %s %s rank(s)%s", preset, org, ranks,
             over ? " +overrides" : "");
    char err[MS_ERR_LEN] = "";
    memsim_config *cfg = memsim_config_create();
    int ok = cfg && memsim_config_set(cfg, "preset", preset, NULL) == MEMSIM_OK &&
             memsim_config_set(cfg, "dram.org", org, NULL) == MEMSIM_OK &&
             memsim_config_set(cfg, "dram.ranks", ranks, NULL) == MEMSIM_OK;
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
    r->ddr5 = !strcmp(r->spec.std->name, "DDR5");
    /* The positions above need 2 bank groups of 4 banks. */
    CHECK(r->spec.bankgroups >= 2 && r->spec.banks_per_group >= 4);
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

static void issue(rig *r, ms_cmd cmd, at p, uint64_t t)
{
    memsim__apply(&r->ch, cmd, p.rank, p.bg, p.ba, t);
}

/* ---- the gate assertion ---- */

/* `cmd` to `p` must be blocked at want-1 and ready at want. */
static void gate_at(int line, rig *r, const char *rule, const char *after, ms_cmd cmd, at p,
                    uint64_t want)
{
    uint64_t got = memsim__ready(&r->ch, cmd, p.rank, p.bg, p.ba);
    gates++;
    unit_checks += 2;
    if (got <= want - 1)
        UNIT_FAIL("line %d: %s: %s: %s rank%u bg%u bank%u after %s: not blocked at %llu "
                  "(ready at %llu = T0%+lld, want %llu = T0%+lld)",
                  line, r->name, rule, memsim__cmd_names[cmd], p.rank, p.bg, p.ba, after,
                  (unsigned long long)(want - 1), (unsigned long long)got,
                  (long long)got - (long long)T0, (unsigned long long)want,
                  (long long)want - (long long)T0);
    if (got > want)
        UNIT_FAIL("line %d: %s: %s: %s rank%u bg%u bank%u after %s: still blocked at %llu "
                  "(ready at %llu = T0%+lld, want T0%+lld)",
                  line, r->name, rule, memsim__cmd_names[cmd], p.rank, p.bg, p.ba, after,
                  (unsigned long long)want, (unsigned long long)got, (long long)got - (long long)T0,
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

/* ---- expected values: JEDEC formulas over the resolved parameters ---- */

#define P(x) ((uint64_t)r->spec.t[MS_T_##x])
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

/* Command-bus clocks of a command (docs/cmd-trace.md CMD_BUS; JESD79-5: ACT,
 * RD, RDA, WR, WRA are two-cycle commands on the CA bus, PRE*, REF* one). */
static uint64_t bus(const rig *r, ms_cmd c)
{
    if (!r->ddr5) return 1;
    return c == MS_CMD_ACT || c == MS_CMD_RD || c == MS_CMD_RDA || c == MS_CMD_WR || c == MS_CMD_WRA
               ? 2
               : 1;
}

/* WR* -> RD* to another rank: nCWL + nBL + nRTRS - nCL, when positive. */
static uint64_t wr_rd_rank_switch(const rig *r)
{
    int64_t v = (int64_t)P(CWL) + (int64_t)P(BL) + (int64_t)P(RTRS) - (int64_t)P(CL);
    return v > 0 ? (uint64_t)v : 0;
}

/* ---- command bus (channel) ---- */

/* Each preceding command followed by one that no other rule constrains. */
static void rules_bus(rig *r)
{
    PAIR(r, "CMD_BUS", MS_CMD_ACT, HOME, MS_CMD_RD, OTHER_BG_BANK, bus(r, MS_CMD_ACT));
    PAIR(r, "CMD_BUS", MS_CMD_PRE, HOME, MS_CMD_ACT, OTHER_BG_BANK, bus(r, MS_CMD_PRE));
    PAIR(r, "CMD_BUS", MS_CMD_PREA, HOME, MS_CMD_RD, OTHER_BG_BANK, bus(r, MS_CMD_PREA));
    PAIR(r, "CMD_BUS", MS_CMD_RD, HOME, MS_CMD_ACT, OTHER_BG_BANK, bus(r, MS_CMD_RD));
    PAIR(r, "CMD_BUS", MS_CMD_RDA, HOME, MS_CMD_ACT, OTHER_BG_BANK, bus(r, MS_CMD_RDA));
    PAIR(r, "CMD_BUS", MS_CMD_WR, HOME, MS_CMD_ACT, OTHER_BG_BANK, bus(r, MS_CMD_WR));
    PAIR(r, "CMD_BUS", MS_CMD_WRA, HOME, MS_CMD_ACT, OTHER_BG_BANK, bus(r, MS_CMD_WRA));
    if (r->spec.ranks > 1) {
        PAIR(r, "CMD_BUS", MS_CMD_REF, HOME, MS_CMD_ACT, OTHER_RANK, bus(r, MS_CMD_REF));
        PAIR(r, "CMD_BUS", MS_CMD_ACT, HOME, MS_CMD_ACT, OTHER_RANK, bus(r, MS_CMD_ACT));
    }
    if (r->ddr5) {
        PAIR(r, "CMD_BUS", MS_CMD_PRESB, HOME, MS_CMD_ACT, OTHER_BG_BANK, bus(r, MS_CMD_PRESB));
        PAIR(r, "CMD_BUS", MS_CMD_REFSB, HOME, MS_CMD_RD, OTHER_BG_BANK, bus(r, MS_CMD_REFSB));
    }
    /* The resolved command-bus clocks (DDR5: 2-clock ACT/RD/WR, 1-clock PRE/REF). */
    for (unsigned c = 0; c < MS_CMD_COUNT; c++)
        CHECK_EQ(r->spec.cmd_cycles[c], bus(r, (ms_cmd)c));
}

/* ---- bank ---- */

static void rules_bank(rig *r)
{
    const ms_cmd cols[] = {MS_CMD_RD, MS_CMD_RDA, MS_CMD_WR, MS_CMD_WRA};
    const uint64_t wr_rec = P(CWL) + P(BL) + P(WR);
    /* ACT -> ACT same bank: tRC, and tRRD_L, tRRD_S, bus also apply. */
    PAIR(r, "tRC", MS_CMD_ACT, HOME, MS_CMD_ACT, HOME,
         MAXV(P(RC), P(RRD_L), P(RRD_S), bus(r, MS_CMD_ACT)));
    /* ACT -> RD*, WR*: tRCD in the bank; another bank sees the bus only. */
    for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++) {
        PAIR(r, "tRCD", MS_CMD_ACT, HOME, cols[i], HOME, MAXV(P(RCD), bus(r, MS_CMD_ACT)));
        PAIR(r, "tRCD: not another bank", MS_CMD_ACT, HOME, cols[i], SAME_BG, bus(r, MS_CMD_ACT));
    }
    /* ACT -> PRE: tRAS. */
    PAIR(r, "tRAS", MS_CMD_ACT, HOME, MS_CMD_PRE, HOME, MAXV(P(RAS), bus(r, MS_CMD_ACT)));
    PAIR(r, "tRAS: not another bank", MS_CMD_ACT, HOME, MS_CMD_PRE, SAME_BG, bus(r, MS_CMD_ACT));
    PAIR(r, "tRAS: not another bank group", MS_CMD_ACT, HOME, MS_CMD_PRE, OTHER_BG,
         bus(r, MS_CMD_ACT));
    /* PRE -> ACT: tRP. */
    PAIR(r, "tRP", MS_CMD_PRE, HOME, MS_CMD_ACT, HOME, MAXV(P(RP), bus(r, MS_CMD_PRE)));
    PAIR(r, "tRP: not another bank", MS_CMD_PRE, HOME, MS_CMD_ACT, SAME_BG, bus(r, MS_CMD_PRE));
    /* RD -> PRE: tRTP; WR -> PRE: nCWL + nBL + nWR. */
    PAIR(r, "tRTP", MS_CMD_RD, HOME, MS_CMD_PRE, HOME, MAXV(P(RTP), bus(r, MS_CMD_RD)));
    PAIR(r, "tRTP: not another bank", MS_CMD_RD, HOME, MS_CMD_PRE, SAME_BG, bus(r, MS_CMD_RD));
    PAIR(r, "tWR", MS_CMD_WR, HOME, MS_CMD_PRE, HOME, MAXV(wr_rec, bus(r, MS_CMD_WR)));
    PAIR(r, "tWR: not another bank", MS_CMD_WR, HOME, MS_CMD_PRE, SAME_BG, bus(r, MS_CMD_WR));
    /* Auto-precharge: RDA -> ACT nRTP + nRP, WRA -> ACT nCWL + nBL + nWR + nRP. */
    PAIR(r, "tRTP+tRP", MS_CMD_RDA, HOME, MS_CMD_ACT, HOME,
         MAXV(P(RTP) + P(RP), bus(r, MS_CMD_RDA)));
    PAIR(r, "tRTP+tRP: not another bank", MS_CMD_RDA, HOME, MS_CMD_ACT, SAME_BG,
         bus(r, MS_CMD_RDA));
    PAIR(r, "tWR+tRP", MS_CMD_WRA, HOME, MS_CMD_ACT, HOME,
         MAXV(wr_rec + P(RP), bus(r, MS_CMD_WRA)));
    PAIR(r, "tWR+tRP: not another bank", MS_CMD_WRA, HOME, MS_CMD_ACT, SAME_BG, bus(r, MS_CMD_WRA));
}

/* ---- bank group (HOME -> SAME_BG; bank-group rules also hold in the bank) ---- */

static void rules_bankgroup(rig *r)
{
    const uint64_t wtr_l = P(CWL) + P(BL) + P(WTR_L), wtr_s = P(CWL) + P(BL) + P(WTR_S);
    /* ACT -> ACT: tRRD_L (tRRD_S applies too). */
    PAIR(r, "tRRD_L", MS_CMD_ACT, HOME, MS_CMD_ACT, SAME_BG,
         MAXV(P(RRD_L), P(RRD_S), bus(r, MS_CMD_ACT)));
    /* RD* -> RD*: tCCD_L (tCCD_S and the data bus nBL apply too). */
    const uint64_t ccd_rd = MAXV(P(CCD_L), P(CCD_S), P(BL), bus(r, MS_CMD_RD));
    PAIR(r, "tCCD_L", MS_CMD_RD, HOME, MS_CMD_RD, SAME_BG, ccd_rd);
    PAIR(r, "tCCD_L", MS_CMD_RD, HOME, MS_CMD_RDA, SAME_BG, ccd_rd);
    PAIR(r, "tCCD_L", MS_CMD_RDA, HOME, MS_CMD_RD, SAME_BG, ccd_rd);
    PAIR(r, "tCCD_L", MS_CMD_RD, HOME, MS_CMD_RD, HOME, ccd_rd);
    /* WR* -> WR*: tCCD_L_WR (tCCD_S and nBL apply too). */
    const uint64_t ccd_wr = MAXV(P(CCD_L_WR), P(CCD_S), P(BL), bus(r, MS_CMD_WR));
    PAIR(r, "tCCD_L_WR", MS_CMD_WR, HOME, MS_CMD_WR, SAME_BG, ccd_wr);
    PAIR(r, "tCCD_L_WR", MS_CMD_WR, HOME, MS_CMD_WRA, SAME_BG, ccd_wr);
    PAIR(r, "tCCD_L_WR", MS_CMD_WRA, HOME, MS_CMD_WR, SAME_BG, ccd_wr);
    PAIR(r, "tCCD_L_WR", MS_CMD_WR, HOME, MS_CMD_WR, HOME, ccd_wr);
    /* WR* -> RD*: nCWL + nBL + nWTR_L (the tWTR_S form applies too). */
    const uint64_t wtr = MAXV(wtr_l, wtr_s, bus(r, MS_CMD_WR));
    PAIR(r, "tWTR_L", MS_CMD_WR, HOME, MS_CMD_RD, SAME_BG, wtr);
    PAIR(r, "tWTR_L", MS_CMD_WRA, HOME, MS_CMD_RDA, SAME_BG, wtr);
    PAIR(r, "tWTR_L", MS_CMD_WR, HOME, MS_CMD_RD, HOME, wtr);
}

/* ---- rank (HOME -> OTHER_BG unless noted) ---- */

static void rules_rank(rig *r)
{
    const uint64_t wr_rec = P(CWL) + P(BL) + P(WR);
    PAIR(r, "tRRD_S", MS_CMD_ACT, HOME, MS_CMD_ACT, OTHER_BG, MAXV(P(RRD_S), bus(r, MS_CMD_ACT)));
    /* Column to column in another bank group: tCCD_S, with the data bus nBL. The
     * same gates prove that tRTRS (nBL + nRTRS) does not apply within a rank. */
    PAIR(r, "tCCD_S (no tRTRS in a rank)", MS_CMD_RD, HOME, MS_CMD_RD, OTHER_BG,
         MAXV(P(CCD_S), P(BL), bus(r, MS_CMD_RD)));
    PAIR(r, "tCCD_S (no tRTRS in a rank)", MS_CMD_RDA, HOME, MS_CMD_RDA, OTHER_BG_BANK,
         MAXV(P(CCD_S), P(BL), bus(r, MS_CMD_RDA)));
    PAIR(r, "tCCD_S (no tRTRS in a rank)", MS_CMD_WR, HOME, MS_CMD_WR, OTHER_BG,
         MAXV(P(CCD_S), P(BL), bus(r, MS_CMD_WR)));
    PAIR(r, "tCCD_S (no tRTRS in a rank)", MS_CMD_WRA, HOME, MS_CMD_WRA, OTHER_BG_BANK,
         MAXV(P(CCD_S), P(BL), bus(r, MS_CMD_WRA)));
    /* WR* -> RD*: nCWL + nBL + nWTR_S; the rank-switch form must not apply. */
    PAIR(r, "tWTR_S (no tRTRS in a rank)", MS_CMD_WR, HOME, MS_CMD_RD, OTHER_BG,
         MAXV(P(CWL) + P(BL) + P(WTR_S), bus(r, MS_CMD_WR)));
    PAIR(r, "tWTR_S (no tRTRS in a rank)", MS_CMD_WRA, HOME, MS_CMD_RDA, OTHER_BG_BANK,
         MAXV(P(CWL) + P(BL) + P(WTR_S), bus(r, MS_CMD_WRA)));
    /* Into PREA: tRAS, tRTP, tWR from any bank of the rank. */
    PAIR(r, "tRAS (PREA)", MS_CMD_ACT, HOME, MS_CMD_PREA, HOME, MAXV(P(RAS), bus(r, MS_CMD_ACT)));
    PAIR(r, "tRTP (PREA)", MS_CMD_RD, HOME, MS_CMD_PREA, HOME, MAXV(P(RTP), bus(r, MS_CMD_RD)));
    PAIR(r, "tRTP (PREA)", MS_CMD_RDA, HOME, MS_CMD_PREA, HOME, MAXV(P(RTP), bus(r, MS_CMD_RDA)));
    PAIR(r, "tWR (PREA)", MS_CMD_WR, HOME, MS_CMD_PREA, HOME, MAXV(wr_rec, bus(r, MS_CMD_WR)));
    PAIR(r, "tWR (PREA)", MS_CMD_WRA, HOME, MS_CMD_PREA, HOME, MAXV(wr_rec, bus(r, MS_CMD_WRA)));
    /* PREA -> ACT: tRP to every bank of the rank. */
    PAIR(r, "tRP (PREA)", MS_CMD_PREA, HOME, MS_CMD_ACT, OTHER_BG_BANK,
         MAXV(P(RP), bus(r, MS_CMD_PREA)));
    PAIR(r, "tRP (PREA)", MS_CMD_PREA, HOME, MS_CMD_ACT, SAME_BG, MAXV(P(RP), bus(r, MS_CMD_PREA)));
    if (r->spec.ranks > 1) {
        PAIR(r, "tRAS (PREA): not another rank", MS_CMD_ACT, HOME, MS_CMD_PREA, OTHER_RANK,
             bus(r, MS_CMD_ACT));
        PAIR(r, "tRTP (PREA): not another rank", MS_CMD_RD, HOME, MS_CMD_PREA, OTHER_RANK,
             bus(r, MS_CMD_RD));
        PAIR(r, "tWR (PREA): not another rank", MS_CMD_WR, HOME, MS_CMD_PREA, OTHER_RANK,
             bus(r, MS_CMD_WR));
        PAIR(r, "tRP (PREA): not another rank", MS_CMD_PREA, HOME, MS_CMD_ACT, OTHER_RANK,
             bus(r, MS_CMD_PREA));
        PAIR(r, "tRRD_S: not another rank", MS_CMD_ACT, HOME, MS_CMD_ACT, OTHER_RANK,
             bus(r, MS_CMD_ACT));
        PAIR(r, "tCCD_S/tWTR_S: not another rank", MS_CMD_WR, HOME, MS_CMD_RD, OTHER_RANK,
             MAXV(wr_rd_rank_switch(r), bus(r, MS_CMD_WR)));
    }
}

/* ---- rank: the four-activate window ---- */

/* Six ACTs round-robin over the bank groups (bank i / G), each issued at the
 * earliest cycle the JEDEC rules allow: tRRD_S after the previous ACT, tRRD_L
 * after the previous one in its bank group, and from the 5th on tFAW after
 * the 4th most recent. Each ACT is gated before it issues. */
static void rules_faw(rig *r)
{
    const unsigned G = r->spec.bankgroups;
    uint64_t t[6];
    at p[6];
    fresh(r);
    for (unsigned i = 0; i < 6; i++) {
        p[i] = (at){0, i % G, i / G};
        uint64_t want = T0;
        if (i > 0) want = t[i - 1] + MAXV(P(RRD_S), bus(r, MS_CMD_ACT));
        for (unsigned j = 0; j < i; j++)
            if (p[j].bg == p[i].bg) want = MAXV(want, t[j] + P(RRD_L));
        if (i >= 4) want = MAXV(want, t[i - 4] + P(FAW));
        /* With G >= 4 the first four ACTs see tRRD_S only: the window is not
         * counted before it is full. DDR5 x8 has nFAW = 4 x nRRD_S, so there
         * the 5th gate is tFAW and tRRD_S at once (the override rig separates
         * them). */
        if (i > 0)
            GATE(r, i >= 4 ? "tFAW" : "tRRD_S/tRRD_L (window not full)", "ACTs", MS_CMD_ACT, p[i],
                 want);
        t[i] = want;
        issue(r, MS_CMD_ACT, p[i], t[i]);
    }
    /* tFAW is per rank: four ACTs on rank 0 do not hold back rank 1. */
    if (r->spec.ranks > 1) {
        fresh(r);
        for (unsigned i = 0; i < 4; i++)
            issue(r, MS_CMD_ACT, p[i], t[i]);
        GATE(r, "tFAW: not another rank", "ACTs", MS_CMD_ACT, OTHER_RANK,
             t[3] + bus(r, MS_CMD_ACT));
    }
}

/* ---- rank: all-bank refresh ---- */

static void rules_refresh(rig *r)
{
    /* Into REF: PRE* nRP, RDA nRTP + nRP, WRA nCWL + nBL + nWR + nRP, ACT nRC. */
    PAIR(r, "tRP (REF)", MS_CMD_PRE, HOME, MS_CMD_REF, HOME, MAXV(P(RP), bus(r, MS_CMD_PRE)));
    PAIR(r, "tRP (REF)", MS_CMD_PREA, HOME, MS_CMD_REF, HOME, MAXV(P(RP), bus(r, MS_CMD_PREA)));
    PAIR(r, "tRTP+tRP (REF)", MS_CMD_RDA, HOME, MS_CMD_REF, HOME,
         MAXV(P(RTP) + P(RP), bus(r, MS_CMD_RDA)));
    PAIR(r, "tWR+tRP (REF)", MS_CMD_WRA, HOME, MS_CMD_REF, HOME,
         MAXV(P(CWL) + P(BL) + P(WR) + P(RP), bus(r, MS_CMD_WRA)));
    PAIR(r, "tRC (REF)", MS_CMD_ACT, OTHER_BG_BANK, MS_CMD_REF, HOME,
         MAXV(P(RC), bus(r, MS_CMD_ACT)));
    /* REF -> any command of the rank: nRFC. */
    for (unsigned c = 0; c < MS_CMD_COUNT; c++) {
        if (!r->ddr5 && (c == MS_CMD_PRESB || c == MS_CMD_REFSB)) continue;
        PAIR(r, "tRFC", MS_CMD_REF, HOME, (ms_cmd)c, SAME_BG, MAXV(P(RFC), bus(r, MS_CMD_REF)));
    }
    if (r->spec.ranks > 1) {
        PAIR(r, "tRFC: not another rank", MS_CMD_REF, HOME, MS_CMD_REF, OTHER_RANK,
             bus(r, MS_CMD_REF));
        PAIR(r, "tRP (REF): not another rank", MS_CMD_PRE, HOME, MS_CMD_REF, OTHER_RANK,
             bus(r, MS_CMD_PRE));
        PAIR(r, "tRC (REF): not another rank", MS_CMD_ACT, HOME, MS_CMD_REF, OTHER_RANK,
             bus(r, MS_CMD_ACT));
        PAIR(r, "tRP (REF): not another rank", MS_CMD_PREA, HOME, MS_CMD_REF, OTHER_RANK,
             bus(r, MS_CMD_PREA));
        PAIR(r, "tRTP+tRP (REF): not another rank", MS_CMD_RDA, HOME, MS_CMD_REF, OTHER_RANK,
             bus(r, MS_CMD_RDA));
        PAIR(r, "tWR+tRP (REF): not another rank", MS_CMD_WRA, HOME, MS_CMD_REF, OTHER_RANK,
             bus(r, MS_CMD_WRA));
    }
    if (r->ddr5)
        PAIR(r, "tRP (REF)", MS_CMD_PRESB, HOME, MS_CMD_REF, HOME,
             MAXV(P(RP), bus(r, MS_CMD_PRESB)));
}

/* ---- channel: data bus and turnarounds ---- */

static void rules_channel(rig *r)
{
    /* RD* -> WR*: nCL + nBL + nRTW_GAP - nCWL, whatever the two targets. */
    const uint64_t rtw = MAXV(P(CL) + P(BL) + P(RTW_GAP) - P(CWL), bus(r, MS_CMD_RD));
    PAIR(r, "tRTW", MS_CMD_RD, HOME, MS_CMD_WR, HOME, rtw);
    PAIR(r, "tRTW", MS_CMD_RD, HOME, MS_CMD_WR, SAME_BG, rtw);
    PAIR(r, "tRTW", MS_CMD_RDA, HOME, MS_CMD_WRA, OTHER_BG_BANK, rtw);
    if (r->spec.ranks < 2) return;
    PAIR(r, "tRTW", MS_CMD_RD, HOME, MS_CMD_WR, OTHER_RANK, rtw);
    /* Other rank: nBL + nRTRS (the channel-wide nBL applies too). */
    const uint64_t rr = MAXV(P(BL) + P(RTRS), P(BL), bus(r, MS_CMD_RD));
    PAIR(r, "tRTRS RD->RD", MS_CMD_RD, HOME, MS_CMD_RD, OTHER_RANK, rr);
    PAIR(r, "tRTRS RD->RD", MS_CMD_RDA, HOME, MS_CMD_RD, OTHER_RANK, rr);
    PAIR(r, "tRTRS RD->RD", MS_CMD_RD, HOME, MS_CMD_RDA, OTHER_RANK, rr);
    const uint64_t ww = MAXV(P(BL) + P(RTRS), P(BL), bus(r, MS_CMD_WR));
    PAIR(r, "tRTRS WR->WR", MS_CMD_WR, HOME, MS_CMD_WR, OTHER_RANK, ww);
    PAIR(r, "tRTRS WR->WR", MS_CMD_WRA, HOME, MS_CMD_WRA, OTHER_RANK, ww);
    /* WR* -> RD* other rank: nCWL + nBL + nRTRS - nCL when positive (DDR4-3200:
     * 16 + 4 + 2 - 22 = 0, so only the bus remains). */
    const uint64_t wrr = MAXV(wr_rd_rank_switch(r), bus(r, MS_CMD_WR));
    PAIR(r, "tRTRS WR->RD", MS_CMD_WR, HOME, MS_CMD_RD, OTHER_RANK, wrr);
    PAIR(r, "tRTRS WR->RD", MS_CMD_WRA, HOME, MS_CMD_RDA, OTHER_RANK, wrr);
}

/* ---- DDR5: same-bank refresh and precharge on bank sets ---- */

static void rules_bankset(rig *r)
{
    const unsigned G = r->spec.bankgroups;
    const uint64_t rfcsb = P(RFCSB), refsbrd = P(REFSBRD);
    /* REFSB -> ACT, PRE, PRESB, REFSB of the set: nRFCsb (tREFSBRD also holds
     * for ACT and REFSB); in every bank group, and to no other bank. */
    for (unsigned g = 0; g < G; g++) {
        at in = {0, g, HOME.ba};
        PAIR(r, "tRFCsb", MS_CMD_REFSB, HOME, MS_CMD_ACT, in,
             MAXV(rfcsb, refsbrd, bus(r, MS_CMD_REFSB)));
        PAIR(r, "tRFCsb", MS_CMD_REFSB, HOME, MS_CMD_PRE, in, MAXV(rfcsb, bus(r, MS_CMD_REFSB)));
        /* Per bank of the set: ACT -> PRESB tRAS, RD -> PRESB tRTP, WR -> PRESB tWR,
         * PRESB -> ACT tRP; into REFSB tRP, tRTP+tRP, tWR+tRP, tRC. */
        PAIR(r, "tRAS (PRESB)", MS_CMD_ACT, in, MS_CMD_PRESB, HOME,
             MAXV(P(RAS), bus(r, MS_CMD_ACT)));
        PAIR(r, "tRTP (PRESB)", MS_CMD_RD, in, MS_CMD_PRESB, HOME, MAXV(P(RTP), bus(r, MS_CMD_RD)));
        PAIR(r, "tWR (PRESB)", MS_CMD_WR, in, MS_CMD_PRESB, HOME,
             MAXV(P(CWL) + P(BL) + P(WR), bus(r, MS_CMD_WR)));
        PAIR(r, "tRP (PRESB)", MS_CMD_PRESB, HOME, MS_CMD_ACT, in,
             MAXV(P(RP), bus(r, MS_CMD_PRESB)));
        PAIR(r, "tRP (REFSB)", MS_CMD_PRE, in, MS_CMD_REFSB, HOME, MAXV(P(RP), bus(r, MS_CMD_PRE)));
        PAIR(r, "tRTP+tRP (REFSB)", MS_CMD_RDA, in, MS_CMD_REFSB, HOME,
             MAXV(P(RTP) + P(RP), bus(r, MS_CMD_RDA)));
        PAIR(r, "tWR+tRP (REFSB)", MS_CMD_WRA, in, MS_CMD_REFSB, HOME,
             MAXV(P(CWL) + P(BL) + P(WR) + P(RP), bus(r, MS_CMD_WRA)));
        PAIR(r, "tRC (REFSB)", MS_CMD_ACT, in, MS_CMD_REFSB, HOME, MAXV(P(RC), bus(r, MS_CMD_ACT)));
    }
    PAIR(r, "tRFCsb", MS_CMD_REFSB, HOME, MS_CMD_PRESB, HOME, MAXV(rfcsb, bus(r, MS_CMD_REFSB)));
    PAIR(r, "tRFCsb", MS_CMD_REFSB, HOME, MS_CMD_REFSB, HOME,
         MAXV(rfcsb, refsbrd, bus(r, MS_CMD_REFSB)));
    PAIR(r, "tRP (REFSB)", MS_CMD_PRESB, HOME, MS_CMD_REFSB, HOME,
         MAXV(P(RP), bus(r, MS_CMD_PRESB)));
    /* PREA -> REFSB: nRP (JESD79-5; engine row ddr5_rules "tRP" R PREA->REFSB). */
    PAIR(r, "tRP (PREA->REFSB)", MS_CMD_PREA, HOME, MS_CMD_REFSB, HOME,
         MAXV(P(RP), bus(r, MS_CMD_PREA)));

    /* Outside the set (bank index 3): only the rank rules of REFSB. */
    PAIR(r, "tREFSBRD", MS_CMD_REFSB, HOME, MS_CMD_ACT, SAME_BG,
         MAXV(refsbrd, bus(r, MS_CMD_REFSB)));
    PAIR(r, "tREFSBRD", MS_CMD_REFSB, HOME, MS_CMD_ACT, OTHER_BG_BANK,
         MAXV(refsbrd, bus(r, MS_CMD_REFSB)));
    PAIR(r, "tREFSBRD", MS_CMD_REFSB, HOME, MS_CMD_REFSB, SAME_BG,
         MAXV(refsbrd, bus(r, MS_CMD_REFSB)));
    PAIR(r, "tRFCsb: not another bank", MS_CMD_REFSB, HOME, MS_CMD_PRE, SAME_BG,
         bus(r, MS_CMD_REFSB));
    PAIR(r, "tRFCsb: not another set", MS_CMD_REFSB, HOME, MS_CMD_PRESB, SAME_BG,
         bus(r, MS_CMD_REFSB));
    PAIR(r, "tRAS (PRESB): not another set", MS_CMD_ACT, OTHER_BG_BANK, MS_CMD_PRESB, HOME,
         bus(r, MS_CMD_ACT));
    PAIR(r, "tRP (PRESB): not another set", MS_CMD_PRESB, HOME, MS_CMD_ACT, SAME_BG,
         bus(r, MS_CMD_PRESB));
    PAIR(r, "tRP (REFSB): not another set", MS_CMD_PRE, SAME_BG, MS_CMD_REFSB, HOME,
         bus(r, MS_CMD_PRE));
    PAIR(r, "tRC (REFSB): not another set", MS_CMD_ACT, OTHER_BG_BANK, MS_CMD_REFSB, HOME,
         bus(r, MS_CMD_ACT));
    PAIR(r, "tRTP+tRP (REFSB): not another set", MS_CMD_RDA, SAME_BG, MS_CMD_REFSB, HOME,
         bus(r, MS_CMD_RDA));
    PAIR(r, "tWR+tRP (REFSB): not another set", MS_CMD_WRA, SAME_BG, MS_CMD_REFSB, HOME,
         bus(r, MS_CMD_WRA));
    PAIR(r, "tRP (REFSB): not another set", MS_CMD_PRESB, SAME_BG, MS_CMD_REFSB, HOME,
         bus(r, MS_CMD_PRESB));
    /* REFSB -> REF: nRFCsb. */
    PAIR(r, "tRFCsb (REF)", MS_CMD_REFSB, HOME, MS_CMD_REF, HOME,
         MAXV(rfcsb, bus(r, MS_CMD_REFSB)));
    if (r->spec.ranks > 1) {
        PAIR(r, "tREFSBRD: not another rank", MS_CMD_REFSB, HOME, MS_CMD_ACT, OTHER_RANK,
             bus(r, MS_CMD_REFSB));
        PAIR(r, "tRFCsb: not another rank", MS_CMD_REFSB, HOME, MS_CMD_REFSB, OTHER_RANK,
             bus(r, MS_CMD_REFSB));
    }
}

/* ---- DDR5: precharge to precharge (tPPD, rank) ---- */

static void rules_ppd(rig *r)
{
    const ms_cmd pre[] = {MS_CMD_PRE, MS_CMD_PREA, MS_CMD_PRESB};
    for (size_t i = 0; i < 3; i++)
        for (size_t j = 0; j < 3; j++)
            PAIR(r, "tPPD", pre[i], HOME, pre[j], OTHER_BG_BANK, MAXV(P(PPD), bus(r, pre[i])));
    PAIR(r, "tPPD", MS_CMD_PRE, HOME, MS_CMD_PRE, HOME, MAXV(P(PPD), bus(r, MS_CMD_PRE)));
    if (r->spec.ranks > 1)
        PAIR(r, "tPPD: not another rank", MS_CMD_PRE, HOME, MS_CMD_PRE, OTHER_RANK,
             bus(r, MS_CMD_PRE));
}

/* DDR4 lacks tPPD, tRFCsb, tREFSBRD: those rows must have been dropped. */
static void rules_ddr4_absent(rig *r)
{
    PAIR(r, "no tPPD in DDR4", MS_CMD_PRE, HOME, MS_CMD_PRE, OTHER_BG_BANK, bus(r, MS_CMD_PRE));
    PAIR(r, "no tPPD in DDR4", MS_CMD_PREA, HOME, MS_CMD_PRE, OTHER_BG_BANK, bus(r, MS_CMD_PREA));
    CHECK(!r->spec.has[MS_T_PPD] && !r->spec.has[MS_T_RFCSB] && !r->spec.has[MS_T_REFSBRD]);
}

static void run_rules(rig *r)
{
    rules_bus(r);
    rules_bank(r);
    rules_bankgroup(r);
    rules_rank(r);
    rules_faw(r);
    rules_refresh(r);
    rules_channel(r);
    if (r->ddr5) {
        rules_bankset(r);
        rules_ppd(r);
    } else {
        rules_ddr4_absent(r);
    }
}

/* ---- the presets ---- */

static void test_ddr4_2400(void)
{
    rig r;
    if (!rig_open(&r, "DDR4-2400", "8Gb_x8", "2", NULL)) return;
    run_rules(&r);
    rig_close(&r);
}

static void test_ddr4_3200_x16(void)
{
    rig r;
    if (!rig_open(&r, "DDR4-3200", "16Gb_x16", "1", NULL)) return;
    CHECK_EQ(r.spec.bankgroups, 2);
    run_rules(&r);
    rig_close(&r);
}

static void test_ddr5_4800(void)
{
    rig r;
    if (!rig_open(&r, "DDR5-4800", "16Gb_x8", "2", NULL)) return;
    run_rules(&r);
    rig_close(&r);
}

static void test_ddr5_8800_x16(void)
{
    rig r;
    if (!rig_open(&r, "DDR5-8800", "32Gb_x16", "1", NULL)) return;
    CHECK_EQ(r.spec.bankgroups, 4);
    run_rules(&r);
    rig_close(&r);
}

/* Overrides that make otherwise dominated rules bind: nCCD_S 2 < nBL (tBL
 * within a rank), nRTRS 60 (WR->RD other rank 32+8+60-34 = 66 > same-rank
 * nCWL + nBL + nWTR_S = 46), nFAW 40 > 4 x nRRD_S. */
static void test_ddr5_4800_overrides(void)
{
    static const char *const over[] = {
        "timing.nCCD_S", "2", "timing.nRTRS", "60", "timing.nFAW", "40", NULL};
    rig r;
    if (!rig_open(&r, "DDR5-4800", "16Gb_x8", "2", over)) return;
    CHECK_EQ(r.spec.t[MS_T_CCD_S], 2);
    CHECK_EQ(r.spec.t[MS_T_RTRS], 60);
    CHECK_EQ(r.spec.t[MS_T_FAW], 40);
    run_rules(&r);
    /* The overrides do separate the rules: tBL binds over tCCD_S within a rank,
     * and the rank-switch WR->RD exceeds the same-rank nCWL + nBL + nWTR_S. */
    CHECK(r.spec.t[MS_T_BL] > r.spec.t[MS_T_CCD_S]);
    CHECK(wr_rd_rank_switch(&r) >
          (uint64_t)r.spec.t[MS_T_CWL] + r.spec.t[MS_T_BL] + r.spec.t[MS_T_WTR_S]);
    rig_close(&r);
}

/* DDR4 with nCCD_S 7 > nBL 4 (so tCCD_S binds: with JEDEC values it equals
 * nBL in every preset) and nRTRS 30 (WR->RD other rank 12+4+30-16 = 30 >
 * same-rank nCWL + nBL + nWTR_S = 19). */
static void test_ddr4_2400_overrides(void)
{
    static const char *const over[] = {"timing.nCCD_S", "7", "timing.nRTRS", "30", NULL};
    rig r;
    if (!rig_open(&r, "DDR4-2400", "8Gb_x8", "2", over)) return;
    CHECK_EQ(r.spec.t[MS_T_CCD_S], 7);
    CHECK_EQ(r.spec.t[MS_T_RTRS], 30);
    run_rules(&r);
    CHECK(r.spec.t[MS_T_CCD_S] > r.spec.t[MS_T_BL]);
    CHECK(wr_rd_rank_switch(&r) >
          (uint64_t)r.spec.t[MS_T_CWL] + r.spec.t[MS_T_BL] + r.spec.t[MS_T_WTR_S]);
    rig_close(&r);
}

/* ---- resolved parameters ---- */

/* memory-facts.md §1, "Derived nCK for the A bins", with 16Gb_x8 (nCCD_L =
 * nRRD_L share a row) plus the fixed DDR5 clocks of the formulas paragraph. */
static const char *const ddr5_bins[4] = {"DDR5-4800", "DDR5-5600", "DDR5-6400", "DDR5-8800"};
static const struct {
    ms_param p;
    uint32_t v[4];
} ddr5_facts[] = {
    {MS_T_CL, {34, 40, 46, 62}},
    {MS_T_RCD, {34, 40, 46, 62}},
    {MS_T_RP, {34, 40, 46, 62}},
    {MS_T_CWL, {32, 38, 44, 60}},
    {MS_T_RAS, {77, 90, 103, 141}},
    {MS_T_RC, {111, 130, 149, 203}},
    {MS_T_WR, {72, 84, 96, 132}},
    {MS_T_RTP, {18, 21, 24, 33}},
    {MS_T_CCD_L, {12, 14, 16, 22}},
    {MS_T_RRD_L, {12, 14, 16, 22}},
    {MS_T_WTR_S, {6, 7, 8, 11}},
    {MS_T_WTR_L, {24, 28, 32, 44}},
    {MS_T_REFI, {9360, 10920, 12480, 17160}},
    {MS_T_RFC, {708, 826, 944, 1298}},
    {MS_T_RFCSB, {312, 364, 416, 572}},
    {MS_T_CCD_S, {8, 8, 8, 8}},
    {MS_T_RRD_S, {8, 8, 8, 8}},
    {MS_T_PPD, {2, 2, 2, 2}},
    {MS_T_BL, {8, 8, 8, 8}},
};

static void check_param(const rig *r, ms_param p, uint32_t want)
{
    unit_checks++;
    if (!r->spec.has[p] || r->spec.t[p] != want)
        UNIT_FAIL("%s: %s = %u (has %d), want %u", r->name, memsim__param_names[p], r->spec.t[p],
                  r->spec.has[p], want);
}

static void test_resolved_ddr5(void)
{
    for (unsigned b = 0; b < 4; b++) {
        rig r;
        if (!rig_open(&r, ddr5_bins[b], "16Gb_x8", "1", NULL)) continue;
        for (size_t i = 0; i < sizeof ddr5_facts / sizeof ddr5_facts[0]; i++)
            check_param(&r, ddr5_facts[i].p, ddr5_facts[i].v[b]);
        rig_close(&r);
    }
}

static void test_resolved_ddr4(void)
{
    rig r;
    /* DDR4-2400 (2400R 16-16-16), 8Gb_x8 (1 KB page), JESD79-4. */
    if (rig_open(&r, "DDR4-2400", "8Gb_x8", "2", NULL)) {
        static const struct {
            ms_param p;
            uint32_t v;
        } f[] = {{MS_T_CL, 16},   {MS_T_RCD, 16},    {MS_T_RP, 16},   {MS_T_CWL, 12},
                 {MS_T_RAS, 39},  {MS_T_RC, 55},     {MS_T_FAW, 26},  {MS_T_RRD_S, 4},
                 {MS_T_RRD_L, 6}, {MS_T_CCD_S, 4},   {MS_T_CCD_L, 6}, {MS_T_CCD_L_WR, 6},
                 {MS_T_WTR_S, 3}, {MS_T_WTR_L, 9},   {MS_T_RTP, 9},   {MS_T_WR, 18},
                 {MS_T_RFC, 420}, {MS_T_REFI, 9360}, {MS_T_BL, 4}};
        for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
            check_param(&r, f[i].p, f[i].v);
        rig_close(&r);
    }
    /* DDR4-3200 (3200AA 22-22-22), 16Gb_x16 (2 KB page): tRRD_S 5.3 ns, tRRD_L
     * 6.4 ns, tFAW 30 ns, tRFC1 550 ns at tCK 0.625 ns. */
    if (rig_open(&r, "DDR4-3200", "16Gb_x16", "1", NULL)) {
        static const struct {
            ms_param p;
            uint32_t v;
        } f[] = {{MS_T_CL, 22},   {MS_T_CWL, 16},    {MS_T_RAS, 52}, {MS_T_RC, 74},
                 {MS_T_RRD_S, 9}, {MS_T_RRD_L, 11},  {MS_T_FAW, 48}, {MS_T_CCD_L, 8},
                 {MS_T_WTR_S, 4}, {MS_T_WTR_L, 12},  {MS_T_RTP, 12}, {MS_T_WR, 24},
                 {MS_T_RFC, 880}, {MS_T_REFI, 12480}};
        for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
            check_param(&r, f[i].p, f[i].v);
        rig_close(&r);
    }
}

/* ---- rounding: memsim__nck, JEDEC guard band ---- */

static void test_nck(void)
{
    /* DDR4-2000-like clock, tCK 1000 ps: clocks are ps / 1000. */
    CHECK_EQ(memsim__nck(12000, 2000), 12); /* exact */
    CHECK_EQ(memsim__nck(12020, 2000), 12); /* 12.020: within 2.5 % above 12 */
    CHECK_EQ(memsim__nck(12025, 2000), 12); /* 12.025: the edge of the band */
    CHECK_EQ(memsim__nck(12030, 2000), 13); /* 12.030: rounds up */
    CHECK_EQ(memsim__nck(11990, 2000), 12); /* below an integer: up */
    CHECK_EQ(memsim__nck(0, 2000), 0);
    /* DDR4-2400, tCK 833.33 ps: 12.02 clocks = 10016.7 ps, 12.03 = 10025 ps. */
    CHECK_EQ(memsim__nck(10000, 2400), 12);
    CHECK_EQ(memsim__nck(10017, 2400), 12);
    CHECK_EQ(memsim__nck(10025, 2400), 13);
    /* DDR5-4800, tCK 416.67 ps: 32 ns = 76.8 -> 77; 13.333 ns = 31.9992 -> 32;
     * 30 ns = 72 exactly. DDR5-8800: 5 ns = 22 exactly; 7.5 ns = 33. */
    CHECK_EQ(memsim__nck(32000, 4800), 77);
    CHECK_EQ(memsim__nck(13333, 4800), 32);
    CHECK_EQ(memsim__nck(30000, 4800), 72);
    CHECK_EQ(memsim__nck(5000, 8800), 22);
    CHECK_EQ(memsim__nck(7500, 8800), 33);
}

int main(void)
{
    UNIT_RUN(test_nck);
    UNIT_RUN(test_resolved_ddr4);
    UNIT_RUN(test_resolved_ddr5);
    UNIT_RUN(test_ddr4_2400);
    UNIT_RUN(test_ddr4_3200_x16);
    UNIT_RUN(test_ddr5_4800);
    UNIT_RUN(test_ddr5_8800_x16);
    UNIT_RUN(test_ddr4_2400_overrides);
    UNIT_RUN(test_ddr5_4800_overrides);
    fprintf(stderr, "%llu timing gates\n", gates);
    UNIT_DONE();
}
