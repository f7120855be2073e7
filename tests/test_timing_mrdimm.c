/*
 * test_timing_mrdimm.c - tight timing gates for the MRDIMM (DDR5 multiplexed-
 * rank DIMM), in the manner of test_timing.c and test_timing_hbm.c, plus its
 * command grid, resolved defaults, configuration errors and idle read latency.
 *
 * Each case gets a fresh channel, issues the preceding command(s) through
 * memsim__apply() at cycle T0, and gates the following command with
 * memsim__ready(): blocked at want-1 and ready at want. The expected value is
 * written here from the model's formulas over the resolved parameters
 * spec.t[MS_T_*] -- never read from the rule tables. Where several rules
 * apply the expectation is MAXV() over all of them.
 *
 * The MRDIMM model under test (src/standards/mrdimm.c):
 *  - one engine cycle is one HOST clock; spec.units = host_mux = pcs (1 with
 *    dram.mux false), and every DDR5 parameter (below MS_T_FIRST_HOST) is
 *    already in host clocks (device clocks x units); nBL_HOST, nRTRS_HOST,
 *    nRTW_HOST, nWTR_HOST, nCA_SLOT, nMUX are host clocks, never scaled;
 *  - a channel is one subchannel of spec.pcs pseudo-channels (pc), each a
 *    whole-width rank group (spec.ranks ranks: 2 on -tall modules) with its own
 *    banks and device data bus; flat rank = pc * ranks + rank;
 *  - every DDR5 rule (bank, bank group, rank, tFAW, refresh, REFsb, tPPD, the
 *    device data bus: tBL, tRTW, and tRTRS between ranks of a pc) holds
 *    inside a pc and reaches no other pc;
 *  - host CA (channel): any command -> any command cmd_cycles(first) host
 *    clocks (ACT, RD, RDA, WR, WRA 2, others 1); device CA (pc): any -> any
 *    cmd_cycles(first) x units, same pc only;
 *  - host data bus, with the buffers' slot compensation skew(p) = ((pcs - 1 -
 *    p) x nCA_SLOT) mod gcd(nBL_HOST, pcs x nCA_SLOT) (0 with nCA_SLOT 0): a
 *    rule of latency x from pc a (at t) to a different pc b means b >= t + x
 *    + skew(a) - skew(b) (never below 0). Same pc: RD*->RD*, WR*->WR*
 *    nBL_HOST; RD*->WR* nCL + nBL_HOST + nRTW_HOST - nCWL. Other pc:
 *    RD*->RD*, WR*->WR* nBL_HOST + nRTRS_HOST; RD*->WR* nCL + nBL_HOST +
 *    nRTW_HOST - nCWL; WR*->RD* nCWL + nBL_HOST + nWTR_HOST - nCL;
 *  - the command grid (memsim__align): every command on a device clock edge
 *    (cycle % units == 0) and, with nCA_SLOT > 0, in its pc's slot
 *    ((cycle / nCA_SLOT) % pcs == pc);
 *  - a read completes for the host at t + nCL + nBL_HOST + nMUX + skew(pc)
 *    (dram.mux false: t + nCL + nBL).
 *
 * Positions {pc, rank, bg, bank}: from each home h = (pc, rank, 1, 2) of the
 * rig (every flat rank), SAME_BG flips the bank (bank 3), OTHER_BG the bank
 * group (bg 0, the same bank index: h's DDR5 bank set), OTHER_BG_BANK both,
 * OTHER_RANK the rank (tall rigs). Cross-pc gates run for every ordered pair
 * of pseudo-channels (a, b), a != b, so that the skew shows in both
 * directions (pc0 -> pc1 later by one slot, pc1 -> pc0 earlier by one slot);
 * each sweeps all 10 x 10 command pairs to two targets of the other pc, where
 * only the host CA and the host data-bus rules may apply.
 *
 * Rigs (dram.channels 1): MRDIMM-8800, MRDIMM-12800, MRDIMM-8800-tall,
 * MRDIMM-12800-tall (tRTRS between ranks of a pc), MRDIMM-8800 with dram.pcs 4
 * (3, 2, 1, 0 slots of 4 host clocks mod 8: skews 4, 0, 4, 0) and with
 * nCA_SLOT 8 as well (rounds of 32, skews 0), MRDIMM-8800 with dram.mux false
 * (units 1, no slots), and two override rigs that make host rules bind which
 * the defaults dominate:
 *  - "host": nRTRS_HOST 10, nRTW_HOST 40, nWTR_HOST 100, nCA_SLOT 4 (skew 4,
 *    not units), and device nCCD_S 4 (8 host clocks < nBL 16: the device tBL
 *    binds in a pc) and nFAW 40 (80 > 4 x nRRD_S 64: tFAW binds). Same-pc
 *    RD->WR is then the host rule (64 + 8 + 40 - 60 = 52 > device tRTW 28),
 *    and the other-pc-only rules would show inside a pc if they leaked
 *    (RD->RD 8 + 10 = 18 > 16; WR->RD 60 + 8 + 100 - 64 = 104 > the same-pc
 *    nCWL + nBL + nWTR_S = 88);
 *  - "bl_host": nBL_HOST 20 > nBL 16, with nCCD_S 4: same-pc RD->RD and
 *    WR->WR are the host tBL_HOST.
 * Without overrides the same-pc host rules never bind (device tBL 16 > 8,
 * device tRTW 28 > 16): those gates then only show that they do no harm.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/sim.h"
#include "memsim/memsim.h"
#include "standards/standard.h"
#include "unit.h"

/* ---- rigs ---- */

#define T0 1000u /* issue cycle of the first preceding command; 1000 % 16 = 8 */

typedef struct rig {
    char name[160];
    ms_spec spec;
    ms_timing tm;
    ms_channel ch;
} rig;

typedef struct at {
    unsigned pc, rank, bg, ba;
} at;

static unsigned long long gates;

/* Resolves `preset` with one channel and optional {key, value} override
 * pairs ending in NULL; builds the timing table and a channel.
 * @return 1, or 0 after reporting a failure. */
static int rig_open(rig *r, const char *preset, const char *tag, const char *const *over)
{
    memset(r, 0, sizeof *r);
    snprintf(r->name, sizeof r->name, "%s%s%s", preset, tag ? " " : "", tag ? tag : "");
    char err[MS_ERR_LEN] = "";
    memsim_config *cfg = memsim_config_create();
    int ok = cfg && memsim_config_set(cfg, "preset", preset, NULL) == MEMSIM_OK &&
             memsim_config_set(cfg, "dram.channels", "1", NULL) == MEMSIM_OK;
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
    /* The geometry the positions need, and the host interface. */
    CHECK_EQ(r->spec.channels, 1);
    CHECK(r->spec.pcs == 2 || r->spec.pcs == 4);
    CHECK(r->spec.ranks == 1 || r->spec.ranks == 2);
    CHECK_EQ(r->spec.nranks, r->spec.pcs * r->spec.ranks);
    CHECK_EQ(r->spec.bankgroups, 8);
    CHECK_EQ(r->spec.banks_per_group, 4);
    CHECK(r->spec.host_mux == r->spec.pcs || r->spec.host_mux == 1);
    CHECK_EQ(r->spec.units, r->spec.host_mux);
    CHECK_EQ(r->spec.col_align, 1);
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
    return p.pc * r->spec.ranks + p.rank;
}

static void issue(rig *r, ms_cmd cmd, at p, uint64_t t)
{
    memsim__apply(&r->ch, cmd, flat(r, p), p.bg, p.ba, t);
}

/* ---- the gate assertion ---- */

/* `cmd` to `p` must be blocked at want-1 and ready at want. want = T0 means
 * no rule applies (the command may issue in the preceding command's cycle). */
static void gate_at(int line, rig *r, const char *rule, const char *after, ms_cmd cmd, at p,
                    uint64_t want)
{
    uint64_t got = memsim__ready(&r->ch, cmd, flat(r, p), p.bg, p.ba);
    gates++;
    unit_checks += 2;
    if (want > T0 && got <= want - 1)
        UNIT_FAIL("line %d: %s: %s: %s pc%u rank%u bg%u bank%u after %s: not blocked at T0%+lld "
                  "(ready at T0%+lld, want T0%+lld)",
                  line, r->name, rule, memsim__cmd_names[cmd], p.pc, p.rank, p.bg, p.ba, after,
                  (long long)(want - 1) - (long long)T0, (long long)got - (long long)T0,
                  (long long)want - (long long)T0);
    if (got > want)
        UNIT_FAIL("line %d: %s: %s: %s pc%u rank%u bg%u bank%u after %s: still blocked at "
                  "T0%+lld (ready at T0%+lld, want T0%+lld)",
                  line, r->name, rule, memsim__cmd_names[cmd], p.pc, p.rank, p.bg, p.ba, after,
                  (long long)want - (long long)T0, (long long)got - (long long)T0,
                  (long long)want - (long long)T0);
}

/* Fresh channel, `prev` to p0 at T0, then gate `next` to p1 at T0 + lat. */
static void pair_at(int line, rig *r, const char *rule, ms_cmd prev, at p0, ms_cmd next, at p1,
                    uint64_t lat)
{
    char after[64];
    snprintf(after, sizeof after, "%s pc%u rank%u bg%u bank%u", memsim__cmd_names[prev], p0.pc,
             p0.rank, p0.bg, p0.ba);
    fresh(r);
    issue(r, prev, p0, T0);
    gate_at(line, r, rule, after, next, p1, T0 + lat);
}

#define GATE(...) gate_at(__LINE__, __VA_ARGS__)
#define PAIR(...) pair_at(__LINE__, __VA_ARGS__)

/* ---- expected values: formulas over the resolved parameters ---- */

#define P(x) ((uint64_t)r->spec.t[MS_T_##x])
#define I(x) ((int64_t)r->spec.t[MS_T_##x])
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

static uint64_t pos(int64_t v)
{
    return v > 0 ? (uint64_t)v : 0;
}

static int is_rd(ms_cmd c)
{
    return c == MS_CMD_RD || c == MS_CMD_RDA;
}

static int is_wr(ms_cmd c)
{
    return c == MS_CMD_WR || c == MS_CMD_WRA;
}

/* DDR5 command clocks on a CA bus (JESD79-5: ACT, RD, RDA, WR, WRA are
 * two-clock commands; PRE, PREA, PRESB, REF, REFSB one). */
static uint64_t ca(ms_cmd c)
{
    return c == MS_CMD_ACT || is_rd(c) || is_wr(c) ? 2 : 1;
}

/* The command buses after `prev` at p0 for a command at p1: the shared host
 * CA (ca(prev) host clocks) and, in the same pc, its device CA (ca(prev)
 * device clocks = x units host clocks, which covers the host CA). */
static uint64_t bus(const rig *r, ms_cmd prev, at p0, at p1)
{
    return p0.pc == p1.pc ? ca(prev) * r->spec.units : ca(prev);
}

/* The device CA of a pc (same pc, any rank). */
static uint64_t dca(const rig *r, ms_cmd prev)
{
    return ca(prev) * r->spec.units;
}

/* The buffers' slot compensation of pc p: (pcs - 1 - p) slots, reduced
 * modulo the grid that holds whole host bursts and whole CA rounds,
 * gcd(nBL_HOST, pcs x nCA_SLOT); 0 without slots. */
static int64_t skew_of(const ms_spec *s, unsigned p)
{
    const int64_t slot = s->t[MS_T_CA_SLOT];
    if (!slot) return 0;
    int64_t g = s->t[MS_T_BL_HOST], k = slot * s->pcs;
    while (k) {
        int64_t m = g % k;
        g = k;
        k = m;
    }
    return (int64_t)(s->pcs - 1u - p) * slot % g;
}

static int64_t skew(const rig *r, unsigned p)
{
    return skew_of(&r->spec, p);
}

/* A host-bus rule of latency x from pc a to a different pc b, relative to the
 * first command: x + skew(a) - skew(b), never below 0. */
static uint64_t cross(const rig *r, unsigned a, unsigned b, int64_t x)
{
    return pos(x + skew(r, a) - skew(r, b));
}

/* Host data-bus rules from `prev` at p0 to `next` at p1. */
static uint64_t host(const rig *r, ms_cmd prev, at p0, ms_cmd next, at p1)
{
    int same = p0.pc == p1.pc;
    int64_t x;
    if ((is_rd(prev) && is_rd(next)) || (is_wr(prev) && is_wr(next)))
        x = same ? I(BL_HOST) : I(BL_HOST) + I(RTRS_HOST);
    else if (is_rd(prev) && is_wr(next))
        x = I(CL) + I(BL_HOST) + I(RTW_HOST) - I(CWL);
    else if (is_wr(prev) && is_rd(next) && !same)
        x = I(CWL) + I(BL_HOST) + I(WTR_HOST) - I(CL);
    else
        return 0;
    return same ? pos(x) : cross(r, p0.pc, p1.pc, x);
}

/* Device data-bus rules of one pc (DDR5's rows): tBL and tRTW for any rank,
 * tRTRS between two ranks of the pc. Nothing across pcs. (WR->RD inside a
 * rank is tWTR_S/tWTR_L, written where it binds.) */
static uint64_t device(const rig *r, ms_cmd prev, at p0, ms_cmd next, at p1)
{
    if (p0.pc != p1.pc) return 0;
    int other = p0.rank != p1.rank;
    if ((is_rd(prev) && is_rd(next)) || (is_wr(prev) && is_wr(next)))
        return P(BL) + (other ? P(RTRS) : 0);
    if (is_rd(prev) && is_wr(next)) return pos(I(CL) + I(BL) + I(RTW_GAP) - I(CWL));
    if (is_wr(prev) && is_rd(next) && other) return pos(I(CWL) + I(BL) + I(RTRS) - I(CL));
    return 0;
}

/* Everything at channel and pc level: both CA buses, the host and the device
 * data buses. */
static uint64_t chan(const rig *r, ms_cmd prev, at p0, ms_cmd next, at p1)
{
    return MAXV(bus(r, prev, p0, p1), host(r, prev, p0, next, p1), device(r, prev, p0, next, p1));
}

static uint64_t wr_rec(const rig *r)
{
    return P(CWL) + P(BL) + P(WR);
}

/* ---- command buses ---- */

/* Device CA inside h's pc: each command, then one that no other rule reaches. */
static void rules_bus(rig *r, at h)
{
    const ms_cmd A = MS_CMD_ACT, RD = MS_CMD_RD;
    at obb = {h.pc, h.rank, h.bg ^ 1u, h.ba ^ 1u};
    PAIR(r, "device CA", A, h, RD, obb, dca(r, A));
    PAIR(r, "device CA", A, h, MS_CMD_WR, obb, dca(r, A));
    PAIR(r, "device CA", MS_CMD_PRE, h, A, obb, dca(r, MS_CMD_PRE));
    PAIR(r, "device CA", MS_CMD_PREA, h, RD, obb, dca(r, MS_CMD_PREA));
    PAIR(r, "device CA", MS_CMD_PRESB, h, RD, obb, dca(r, MS_CMD_PRESB));
    PAIR(r, "device CA", RD, h, A, obb, dca(r, RD));
    PAIR(r, "device CA", MS_CMD_RDA, h, A, obb, dca(r, MS_CMD_RDA));
    PAIR(r, "device CA", MS_CMD_WR, h, A, obb, dca(r, MS_CMD_WR));
    PAIR(r, "device CA", MS_CMD_WRA, h, MS_CMD_PRE, obb, dca(r, MS_CMD_WRA));
    PAIR(r, "device CA", MS_CMD_REFSB, h, RD, obb, dca(r, MS_CMD_REFSB));
    if (r->spec.ranks > 1) {
        /* REF holds its own rank for tRFC; the device CA the whole pc. */
        at orank = {h.pc, h.rank ^ 1u, h.bg, h.ba};
        PAIR(r, "device CA (other rank)", MS_CMD_REF, h, A, orank, dca(r, MS_CMD_REF));
        PAIR(r, "device CA (other rank)", A, h, A, orank, dca(r, A));
        PAIR(r, "device CA (other rank)", MS_CMD_PRE, h, MS_CMD_PRE, orank, dca(r, MS_CMD_PRE));
    }
    /* The resolved command clocks. */
    for (unsigned c = 0; c < MS_CMD_COUNT; c++) {
        if (c == MS_CMD_REFPB) continue;
        CHECK_EQ(r->spec.cmd_cycles[c], ca((ms_cmd)c));
        CHECK_EQ(r->spec.cmd_bus[c], MS_BUS_CA);
    }
    CHECK(!r->spec.dual_bus);
}

/* The host CA is one bus for all pcs: after a PRE to pc a at T0 and an ACT to
 * pc b at T0 + 1 (the host CA allows it), another command to pc a waits for
 * the ACT's 2 host clocks, beyond pc a's device CA. */
static void rules_bus_shared(rig *r, unsigned a, unsigned b)
{
    at pa = {a, 0, 1, 2}, pa2 = {a, 0, 0, 3}, pb = {b, 0, 1, 2};
    fresh(r);
    issue(r, MS_CMD_PRE, pa, T0);
    GATE(r, "host CA", "PRE", MS_CMD_ACT, pb, T0 + ca(MS_CMD_PRE));
    issue(r, MS_CMD_ACT, pb, T0 + ca(MS_CMD_PRE));
    GATE(r, "host CA shared (PRE pc a, ACT pc b)", "PRE+ACT", MS_CMD_ACT, pa2,
         MAXV(T0 + dca(r, MS_CMD_PRE), T0 + ca(MS_CMD_PRE) + ca(MS_CMD_ACT)));
}

/* ---- bank ---- */

static void rules_bank(rig *r, at h)
{
    const ms_cmd A = MS_CMD_ACT, PRE = MS_CMD_PRE, RD = MS_CMD_RD, RDA = MS_CMD_RDA, WR = MS_CMD_WR,
                 WRA = MS_CMD_WRA;
    static const ms_cmd cols[] = {MS_CMD_RD, MS_CMD_RDA, MS_CMD_WR, MS_CMD_WRA};
    at sbg = {h.pc, h.rank, h.bg, h.ba ^ 1u};
    /* ACT -> ACT same bank: tRC (tRRD_L, tRRD_S, the device CA apply too). */
    PAIR(r, "tRC", A, h, A, h, MAXV(P(RC), P(RRD_L), P(RRD_S), dca(r, A)));
    for (size_t i = 0; i < 4; i++) {
        PAIR(r, "tRCD", A, h, cols[i], h, MAXV(P(RCD), dca(r, A)));
        PAIR(r, "tRCD: not another bank", A, h, cols[i], sbg, dca(r, A));
    }
    PAIR(r, "tRAS", A, h, PRE, h, MAXV(P(RAS), dca(r, A)));
    PAIR(r, "tRAS: not another bank", A, h, PRE, sbg, dca(r, A));
    PAIR(r, "tRP", PRE, h, A, h, MAXV(P(RP), dca(r, PRE)));
    PAIR(r, "tRP: not another bank", PRE, h, A, sbg, dca(r, PRE));
    PAIR(r, "tRTP", RD, h, PRE, h, MAXV(P(RTP), dca(r, RD)));
    PAIR(r, "tRTP: not another bank", RD, h, PRE, sbg, dca(r, RD));
    PAIR(r, "tWR", WR, h, PRE, h, MAXV(wr_rec(r), dca(r, WR)));
    PAIR(r, "tWR: not another bank", WR, h, PRE, sbg, dca(r, WR));
    PAIR(r, "tRTP+tRP", RDA, h, A, h, MAXV(P(RTP) + P(RP), dca(r, RDA)));
    PAIR(r, "tRTP+tRP: not another bank", RDA, h, A, sbg, dca(r, RDA));
    PAIR(r, "tWR+tRP", WRA, h, A, h, MAXV(wr_rec(r) + P(RP), dca(r, WRA)));
    PAIR(r, "tWR+tRP: not another bank", WRA, h, A, sbg, dca(r, WRA));
    if (r->spec.ranks > 1) {
        at orank = {h.pc, h.rank ^ 1u, h.bg, h.ba};
        PAIR(r, "tRC: not another rank", A, h, A, orank, dca(r, A));
        PAIR(r, "tRCD: not another rank", A, h, RD, orank, dca(r, A));
        PAIR(r, "tRAS: not another rank", A, h, PRE, orank, dca(r, A));
        PAIR(r, "tRP: not another rank", PRE, h, A, orank, dca(r, PRE));
        PAIR(r, "tWR+tRP: not another rank", WRA, h, A, orank, dca(r, WRA));
    }
}

/* ---- bank group (h -> SAME_BG; bank-group rules also hold in the bank) ---- */

static void rules_bankgroup(rig *r, at h)
{
    const ms_cmd A = MS_CMD_ACT, RD = MS_CMD_RD, RDA = MS_CMD_RDA, WR = MS_CMD_WR, WRA = MS_CMD_WRA;
    at sbg = {h.pc, h.rank, h.bg, h.ba ^ 1u};
    at obg = {h.pc, h.rank, h.bg ^ 1u, h.ba};
    PAIR(r, "tRRD_L", A, h, A, sbg, MAXV(P(RRD_L), P(RRD_S), dca(r, A)));
    PAIR(r, "tRRD_L: not another bank group", A, h, A, obg, MAXV(P(RRD_S), dca(r, A)));
    /* RD* -> RD*: tCCD_L (tCCD_S and the pc's buses apply too). */
    PAIR(r, "tCCD_L", RD, h, RD, sbg, MAXV(P(CCD_L), P(CCD_S), chan(r, RD, h, RD, sbg)));
    PAIR(r, "tCCD_L", RD, h, RDA, sbg, MAXV(P(CCD_L), P(CCD_S), chan(r, RD, h, RDA, sbg)));
    PAIR(r, "tCCD_L", RDA, h, RD, sbg, MAXV(P(CCD_L), P(CCD_S), chan(r, RDA, h, RD, sbg)));
    PAIR(r, "tCCD_L", RD, h, RD, h, MAXV(P(CCD_L), P(CCD_S), chan(r, RD, h, RD, h)));
    /* WR* -> WR*: tCCD_L_WR. */
    PAIR(r, "tCCD_L_WR", WR, h, WR, sbg, MAXV(P(CCD_L_WR), P(CCD_S), chan(r, WR, h, WR, sbg)));
    PAIR(r, "tCCD_L_WR", WR, h, WRA, sbg, MAXV(P(CCD_L_WR), P(CCD_S), chan(r, WR, h, WRA, sbg)));
    PAIR(r, "tCCD_L_WR", WRA, h, WR, sbg, MAXV(P(CCD_L_WR), P(CCD_S), chan(r, WRA, h, WR, sbg)));
    /* WR* -> RD*: nCWL + nBL + nWTR_L (the tWTR_S form applies too). */
    const uint64_t wtr = MAXV(P(CWL) + P(BL) + P(WTR_L), P(CWL) + P(BL) + P(WTR_S), dca(r, WR));
    PAIR(r, "tWTR_L", WR, h, RD, sbg, wtr);
    PAIR(r, "tWTR_L", WRA, h, RDA, sbg, wtr);
    PAIR(r, "tWTR_L", WR, h, RD, h, wtr);
    CHECK(P(CCD_L) > MAXV(P(CCD_S), P(BL), P(BL_HOST))); /* tCCD_L binds */
}

/* ---- rank (h -> OTHER_BG unless noted) ---- */

static void rules_rank(rig *r, at h)
{
    const ms_cmd A = MS_CMD_ACT, RD = MS_CMD_RD, RDA = MS_CMD_RDA, WR = MS_CMD_WR, WRA = MS_CMD_WRA,
                 PREA = MS_CMD_PREA;
    at obg = {h.pc, h.rank, h.bg ^ 1u, h.ba};
    at obb = {h.pc, h.rank, h.bg ^ 1u, h.ba ^ 1u};
    at sbg = {h.pc, h.rank, h.bg, h.ba ^ 1u};
    PAIR(r, "tRRD_S", A, h, A, obg, MAXV(P(RRD_S), dca(r, A)));
    PAIR(r, "tRRD_S", A, h, A, obb, MAXV(P(RRD_S), dca(r, A)));
    /* Column to column, other bank group: tCCD_S with the pc's buses. */
    PAIR(r, "tCCD_S", RD, h, RD, obg, MAXV(P(CCD_S), chan(r, RD, h, RD, obg)));
    PAIR(r, "tCCD_S", RDA, h, RDA, obb, MAXV(P(CCD_S), chan(r, RDA, h, RDA, obb)));
    PAIR(r, "tCCD_S", WR, h, WR, obg, MAXV(P(CCD_S), chan(r, WR, h, WR, obg)));
    PAIR(r, "tCCD_S", WRA, h, WRA, obb, MAXV(P(CCD_S), chan(r, WRA, h, WRA, obb)));
    /* WR* -> RD*: nCWL + nBL + nWTR_S (no host WR->RD rule in a pc). */
    PAIR(r, "tWTR_S", WR, h, RD, obg, MAXV(P(CWL) + P(BL) + P(WTR_S), dca(r, WR)));
    PAIR(r, "tWTR_S", WRA, h, RDA, obb, MAXV(P(CWL) + P(BL) + P(WTR_S), dca(r, WRA)));
    /* Into PREA: tRAS, tRTP, tWR from any bank of the rank; PREA -> ACT tRP. */
    PAIR(r, "tRAS (PREA)", A, h, PREA, h, MAXV(P(RAS), dca(r, A)));
    PAIR(r, "tRTP (PREA)", RD, h, PREA, h, MAXV(P(RTP), dca(r, RD)));
    PAIR(r, "tRTP (PREA)", RDA, h, PREA, h, MAXV(P(RTP), dca(r, RDA)));
    PAIR(r, "tWR (PREA)", WR, h, PREA, h, MAXV(wr_rec(r), dca(r, WR)));
    PAIR(r, "tWR (PREA)", WRA, h, PREA, h, MAXV(wr_rec(r), dca(r, WRA)));
    PAIR(r, "tRP (PREA)", PREA, h, A, obb, MAXV(P(RP), dca(r, PREA)));
    PAIR(r, "tRP (PREA)", PREA, h, A, sbg, MAXV(P(RP), dca(r, PREA)));
    PAIR(r, "tRP (PREA)", PREA, h, A, h, MAXV(P(RP), dca(r, PREA)));
    if (r->spec.ranks > 1) {
        at orank = {h.pc, h.rank ^ 1u, h.bg ^ 1u, h.ba};
        PAIR(r, "tRRD_S: not another rank", A, h, A, orank, dca(r, A));
        PAIR(r, "tRAS (PREA): not another rank", A, h, PREA, orank, dca(r, A));
        PAIR(r, "tRTP (PREA): not another rank", RD, h, PREA, orank, dca(r, RD));
        PAIR(r, "tWR (PREA): not another rank", WR, h, PREA, orank, dca(r, WR));
        PAIR(r, "tRP (PREA): not another rank", PREA, h, A, orank, dca(r, PREA));
        PAIR(r, "tWTR_S: not another rank (tRTRS WR->RD)", WR, h, RD, orank,
             chan(r, WR, h, RD, orank));
    }
}

/* ---- rank: the four-activate window ---- */

/* Six ACTs round-robin over the bank groups of h's rank, each issued at the
 * earliest cycle the rules allow (tRRD_S and the device CA after the previous
 * one, tRRD_L after the previous one in its bank group, from the 5th on tFAW
 * after the 4th most recent); each is gated before it issues. Four ACTs hold
 * back no other rank and no other pc. */
static void rules_faw(rig *r, at h)
{
    const unsigned G = r->spec.bankgroups;
    const ms_cmd A = MS_CMD_ACT;
    uint64_t t[6];
    at p[6];
    fresh(r);
    for (unsigned i = 0; i < 6; i++) {
        p[i] = (at){h.pc, h.rank, i % G, i / G};
        uint64_t want = T0;
        if (i > 0) want = t[i - 1] + MAXV(P(RRD_S), dca(r, A));
        for (unsigned j = 0; j < i; j++)
            if (p[j].bg == p[i].bg) want = MAXV(want, t[j] + P(RRD_L));
        if (i >= 4) want = MAXV(want, t[i - 4] + P(FAW));
        if (i > 0)
            GATE(r, i >= 4 ? "tFAW" : "tRRD_S/tRRD_L (window not full)", "ACTs", A, p[i], want);
        t[i] = want;
        issue(r, A, p[i], t[i]);
    }
    for (unsigned k = 0; k < r->spec.nranks; k++) {
        at o = {k / r->spec.ranks, k % r->spec.ranks, 0, 1};
        if (o.pc == h.pc && o.rank == h.rank) continue;
        fresh(r);
        for (unsigned i = 0; i < 4; i++)
            issue(r, A, p[i], t[i]);
        GATE(r, o.pc == h.pc ? "tFAW: not another rank" : "tFAW: not another pc", "4 ACTs", A, o,
             t[3] + bus(r, A, p[3], o));
    }
}

/* ---- rank: all-bank refresh ---- */

static void rules_refresh(rig *r, at h)
{
    const ms_cmd REF = MS_CMD_REF;
    at sbg = {h.pc, h.rank, h.bg, h.ba ^ 1u};
    at obb = {h.pc, h.rank, h.bg ^ 1u, h.ba ^ 1u};
    PAIR(r, "tRP (REF)", MS_CMD_PRE, h, REF, h, MAXV(P(RP), dca(r, MS_CMD_PRE)));
    PAIR(r, "tRP (REF)", MS_CMD_PREA, h, REF, h, MAXV(P(RP), dca(r, MS_CMD_PREA)));
    PAIR(r, "tRP (REF)", MS_CMD_PRESB, h, REF, h, MAXV(P(RP), dca(r, MS_CMD_PRESB)));
    PAIR(r, "tRTP+tRP (REF)", MS_CMD_RDA, obb, REF, h, MAXV(P(RTP) + P(RP), dca(r, MS_CMD_RDA)));
    PAIR(r, "tWR+tRP (REF)", MS_CMD_WRA, h, REF, h, MAXV(wr_rec(r) + P(RP), dca(r, MS_CMD_WRA)));
    PAIR(r, "tRC (REF)", MS_CMD_ACT, obb, REF, h, MAXV(P(RC), dca(r, MS_CMD_ACT)));
    /* REF -> any command of the rank: nRFC. */
    for (unsigned c = 0; c < MS_CMD_COUNT; c++) {
        if (c == MS_CMD_REFPB) continue;
        PAIR(r, "tRFC", REF, h, (ms_cmd)c, sbg, MAXV(P(RFC), dca(r, REF)));
    }
    if (r->spec.ranks > 1) {
        at orank = {h.pc, h.rank ^ 1u, h.bg, h.ba};
        PAIR(r, "tRFC: not another rank", REF, h, REF, orank, dca(r, REF));
        PAIR(r, "tRFC: not another rank", REF, h, MS_CMD_RD, orank, dca(r, REF));
        PAIR(r, "tRP (REF): not another rank", MS_CMD_PRE, h, REF, orank, dca(r, MS_CMD_PRE));
        PAIR(r, "tRC (REF): not another rank", MS_CMD_ACT, h, REF, orank, dca(r, MS_CMD_ACT));
        PAIR(r, "tWR+tRP (REF): not another rank", MS_CMD_WRA, h, REF, orank, dca(r, MS_CMD_WRA));
    }
}

/* ---- DDR5: same-bank refresh and precharge on bank sets ---- */

static void rules_bankset(rig *r, at h)
{
    const ms_cmd A = MS_CMD_ACT, PRE = MS_CMD_PRE, PRESB = MS_CMD_PRESB, REFSB = MS_CMD_REFSB;
    const unsigned G = r->spec.bankgroups;
    const uint64_t rfcsb = P(RFCSB), refsbrd = P(REFSBRD);
    at sbg = {h.pc, h.rank, h.bg, h.ba ^ 1u};
    at obb = {h.pc, h.rank, h.bg ^ 1u, h.ba ^ 1u};
    /* REFSB -> ACT, PRE, PRESB, REFSB of the set: nRFCsb; and the per-bank
     * rows of PRESB/REFSB in every bank group of the set. */
    for (unsigned g = 0; g < G; g++) {
        at in = {h.pc, h.rank, g, h.ba};
        PAIR(r, "tRFCsb", REFSB, h, A, in, MAXV(rfcsb, refsbrd, dca(r, REFSB)));
        PAIR(r, "tRFCsb", REFSB, h, PRE, in, MAXV(rfcsb, dca(r, REFSB)));
        PAIR(r, "tRAS (PRESB)", A, in, PRESB, h, MAXV(P(RAS), dca(r, A)));
        PAIR(r, "tRTP (PRESB)", MS_CMD_RD, in, PRESB, h, MAXV(P(RTP), dca(r, MS_CMD_RD)));
        PAIR(r, "tWR (PRESB)", MS_CMD_WR, in, PRESB, h, MAXV(wr_rec(r), dca(r, MS_CMD_WR)));
        PAIR(r, "tRP (PRESB)", PRESB, h, A, in, MAXV(P(RP), dca(r, PRESB)));
        PAIR(r, "tRP (REFSB)", PRE, in, REFSB, h, MAXV(P(RP), dca(r, PRE)));
        PAIR(r, "tRTP+tRP (REFSB)", MS_CMD_RDA, in, REFSB, h,
             MAXV(P(RTP) + P(RP), dca(r, MS_CMD_RDA)));
        PAIR(r, "tWR+tRP (REFSB)", MS_CMD_WRA, in, REFSB, h,
             MAXV(wr_rec(r) + P(RP), dca(r, MS_CMD_WRA)));
        PAIR(r, "tRC (REFSB)", A, in, REFSB, h, MAXV(P(RC), dca(r, A)));
    }
    PAIR(r, "tRFCsb", REFSB, h, PRESB, h, MAXV(rfcsb, dca(r, REFSB)));
    PAIR(r, "tRFCsb", REFSB, h, REFSB, h, MAXV(rfcsb, refsbrd, dca(r, REFSB)));
    PAIR(r, "tRP (REFSB)", PRESB, h, REFSB, h, MAXV(P(RP), dca(r, PRESB)));
    PAIR(r, "tRP (PREA->REFSB)", MS_CMD_PREA, h, REFSB, h, MAXV(P(RP), dca(r, MS_CMD_PREA)));
    PAIR(r, "tRFCsb (REF)", REFSB, h, MS_CMD_REF, h, MAXV(rfcsb, dca(r, REFSB)));
    PAIR(r, "tRFCsb (PREA)", REFSB, h, MS_CMD_PREA, h, MAXV(rfcsb, dca(r, REFSB)));
    /* Outside the set: the rank rules of REFSB only. */
    PAIR(r, "tREFSBRD", REFSB, h, A, sbg, MAXV(refsbrd, dca(r, REFSB)));
    PAIR(r, "tREFSBRD", REFSB, h, A, obb, MAXV(refsbrd, dca(r, REFSB)));
    PAIR(r, "tREFSBRD", REFSB, h, REFSB, sbg, MAXV(refsbrd, dca(r, REFSB)));
    PAIR(r, "tRFCsb: not another bank", REFSB, h, PRE, sbg, dca(r, REFSB));
    PAIR(r, "tRFCsb: not another set", REFSB, h, PRESB, sbg, dca(r, REFSB));
    PAIR(r, "tRAS (PRESB): not another set", A, obb, PRESB, h, dca(r, A));
    PAIR(r, "tRP (PRESB): not another set", PRESB, h, A, sbg, dca(r, PRESB));
    PAIR(r, "tRP (REFSB): not another set", PRE, sbg, REFSB, h, dca(r, PRE));
    PAIR(r, "tRC (REFSB): not another set", A, obb, REFSB, h, dca(r, A));
    if (r->spec.ranks > 1) {
        at orank = {h.pc, h.rank ^ 1u, h.bg, h.ba};
        PAIR(r, "tREFSBRD: not another rank", REFSB, h, A, orank, dca(r, REFSB));
        PAIR(r, "tRFCsb: not another rank", REFSB, h, REFSB, orank, dca(r, REFSB));
        PAIR(r, "tRFCsb: not another rank", REFSB, h, PRE, orank, dca(r, REFSB));
    }
}

/* ---- DDR5: precharge to precharge (tPPD, rank) ---- */

static void rules_ppd(rig *r, at h)
{
    static const ms_cmd pre[] = {MS_CMD_PRE, MS_CMD_PREA, MS_CMD_PRESB};
    at obb = {h.pc, h.rank, h.bg ^ 1u, h.ba ^ 1u};
    for (size_t i = 0; i < 3; i++)
        for (size_t j = 0; j < 3; j++)
            PAIR(r, "tPPD", pre[i], h, pre[j], obb, MAXV(P(PPD), dca(r, pre[i])));
    PAIR(r, "tPPD", MS_CMD_PRE, h, MS_CMD_PRE, h, MAXV(P(PPD), dca(r, MS_CMD_PRE)));
    if (r->spec.ranks > 1) {
        at orank = {h.pc, h.rank ^ 1u, h.bg, h.ba};
        PAIR(r, "tPPD: not another rank", MS_CMD_PRE, h, MS_CMD_PRE, orank, dca(r, MS_CMD_PRE));
    }
}

/* ---- the data buses inside a pc: device rows and same-pc host rules ---- */

static void rules_pc_data(rig *r, at h)
{
    const ms_cmd RD = MS_CMD_RD, RDA = MS_CMD_RDA, WR = MS_CMD_WR, WRA = MS_CMD_WRA;
    at obg = {h.pc, h.rank, h.bg ^ 1u, h.ba};
    at obb = {h.pc, h.rank, h.bg ^ 1u, h.ba ^ 1u};
    at sbg = {h.pc, h.rank, h.bg, h.ba ^ 1u};
    /* RD*->RD*, WR*->WR* in another bank group: the device tBL (nBL), the
     * same-pc host tBL_HOST (nBL_HOST), tCCD_S and the device CA. */
    const uint64_t rr = MAXV(P(BL), P(BL_HOST), P(CCD_S), dca(r, RD));
    const uint64_t ww = MAXV(P(BL), P(BL_HOST), P(CCD_S), dca(r, WR));
    PAIR(r, "tBL / tBL_HOST (same pc)", RD, h, RD, obg, rr);
    PAIR(r, "tBL / tBL_HOST (same pc)", RDA, h, RD, obb, rr);
    PAIR(r, "tBL / tBL_HOST (same pc)", RD, h, RDA, obb, rr);
    PAIR(r, "tBL / tBL_HOST (same pc)", WR, h, WR, obg, ww);
    PAIR(r, "tBL / tBL_HOST (same pc)", WRA, h, WR, obb, ww);
    PAIR(r, "tBL / tBL_HOST (same pc)", WR, h, WRA, obb, ww);
    /* RD* -> WR*: device nCL + nBL + nRTW_GAP - nCWL, host nCL + nBL_HOST +
     * nRTW_HOST - nCWL; any bank, any rank of the pc. */
    const uint64_t rw = MAXV(pos(I(CL) + I(BL) + I(RTW_GAP) - I(CWL)),
                             pos(I(CL) + I(BL_HOST) + I(RTW_HOST) - I(CWL)), dca(r, RD));
    PAIR(r, "tRTW / tRTW_HOST (same pc)", RD, h, WR, h, rw);
    PAIR(r, "tRTW / tRTW_HOST (same pc)", RD, h, WRA, sbg, rw);
    PAIR(r, "tRTW / tRTW_HOST (same pc)", RDA, h, WR, obg, rw);
    PAIR(r, "tRTW / tRTW_HOST (same pc)", RDA, h, WRA, obb, rw);
    /* WR* -> RD* in a pc: tWTR_S; no host rule (tWTR_HOST is other-pc only). */
    PAIR(r, "tWTR_S (no tWTR_HOST in a pc)", WR, h, RD, obg,
         MAXV(P(CWL) + P(BL) + P(WTR_S), dca(r, WR)));
    /* tRTRS_HOST is other-pc only: RD->RD in a pc never sees nBL_HOST + nRTRS_HOST. */
    if (r->spec.ranks > 1) {
        at orank = {h.pc, h.rank ^ 1u, h.bg, h.ba};
        at orank2 = {h.pc, h.rank ^ 1u, h.bg ^ 1u, h.ba ^ 1u};
        /* Another rank of the pc: nBL + nRTRS (device tRTRS). */
        const uint64_t rrr = MAXV(P(BL) + P(RTRS), P(BL), P(BL_HOST), dca(r, RD));
        const uint64_t wwr = MAXV(P(BL) + P(RTRS), P(BL), P(BL_HOST), dca(r, WR));
        PAIR(r, "tRTRS RD->RD (ranks of a pc)", RD, h, RD, orank, rrr);
        PAIR(r, "tRTRS RD->RD (ranks of a pc)", RDA, h, RD, orank2, rrr);
        PAIR(r, "tRTRS RD->RD (ranks of a pc)", RD, h, RDA, orank, rrr);
        PAIR(r, "tRTRS WR->WR (ranks of a pc)", WR, h, WR, orank, wwr);
        PAIR(r, "tRTRS WR->WR (ranks of a pc)", WRA, h, WRA, orank2, wwr);
        PAIR(r, "tRTRS WR->RD (ranks of a pc)", WR, h, RD, orank,
             MAXV(pos(I(CWL) + I(BL) + I(RTRS) - I(CL)), dca(r, WR)));
        PAIR(r, "tRTRS WR->RD (ranks of a pc)", WRA, h, RDA, orank2,
             MAXV(pos(I(CWL) + I(BL) + I(RTRS) - I(CL)), dca(r, WRA)));
        PAIR(r, "tRTW (ranks of a pc)", RD, h, WR, orank, rw);
        PAIR(r, "tRTW (ranks of a pc)", RDA, h, WRA, orank2, rw);
    }
}

/* ---- across pseudo-channels: host rules only ---- */

/* Name of the host rule between two commands of different pcs. */
static const char *cross_rule(ms_cmd prev, ms_cmd next)
{
    if ((is_rd(prev) && is_rd(next)) || (is_wr(prev) && is_wr(next)))
        return "tRTRS_HOST (other pc)";
    if (is_rd(prev) && is_wr(next)) return "tRTW_HOST (other pc)";
    if (is_wr(prev) && is_rd(next)) return "tWTR_HOST (other pc)";
    return "host CA only (other pc)";
}

/* From h (pc a) to pc b != a. */
static void rules_cross(rig *r, at h, unsigned b)
{
    const ms_cmd RD = MS_CMD_RD, RDA = MS_CMD_RDA, WR = MS_CMD_WR, WRA = MS_CMD_WRA;
    const unsigned a = h.pc;
    at o = {b, h.rank, h.bg, h.ba};
    at o2 = {b, r->spec.ranks > 1 ? h.rank ^ 1u : h.rank, h.bg ^ 1u, h.ba ^ 1u};
    /* The host data-bus rules, written out: x + skew(a) - skew(b). */
    const uint64_t rr = MAXV(cross(r, a, b, I(BL_HOST) + I(RTRS_HOST)), ca(RD));
    const uint64_t ww = MAXV(cross(r, a, b, I(BL_HOST) + I(RTRS_HOST)), ca(WR));
    const uint64_t rw = MAXV(cross(r, a, b, I(CL) + I(BL_HOST) + I(RTW_HOST) - I(CWL)), ca(RD));
    const uint64_t wr = MAXV(cross(r, a, b, I(CWL) + I(BL_HOST) + I(WTR_HOST) - I(CL)), ca(WR));
    PAIR(r, "tRTRS_HOST RD->RD", RD, h, RD, o, rr);
    PAIR(r, "tRTRS_HOST RD->RD", RDA, h, RD, o2, rr);
    PAIR(r, "tRTRS_HOST RD->RD", RD, h, RDA, o2, rr);
    PAIR(r, "tRTRS_HOST WR->WR", WR, h, WR, o, ww);
    PAIR(r, "tRTRS_HOST WR->WR", WRA, h, WRA, o2, ww);
    PAIR(r, "tRTRS_HOST WR->WR", WR, h, WRA, o, ww);
    PAIR(r, "tRTW_HOST RD->WR", RD, h, WR, o, rw);
    PAIR(r, "tRTW_HOST RD->WR", RDA, h, WRA, o2, rw);
    PAIR(r, "tWTR_HOST WR->RD", WR, h, RD, o, wr);
    PAIR(r, "tWTR_HOST WR->RD", WRA, h, RDA, o2, wr);
    /* Every command pair: only the host CA and the host data bus cross, so
     * no DDR5 rule, device data-bus row or device CA reaches pc b. */
    for (unsigned p = 0; p < MS_CMD_COUNT; p++)
        for (unsigned n = 0; n < MS_CMD_COUNT; n++) {
            ms_cmd prev = (ms_cmd)p, next = (ms_cmd)n;
            if (prev == MS_CMD_REFPB || next == MS_CMD_REFPB) continue;
            PAIR(r, cross_rule(prev, next), prev, h, next, o,
                 MAXV(ca(prev), host(r, prev, h, next, o)));
            PAIR(r, cross_rule(prev, next), prev, h, next, o2,
                 MAXV(ca(prev), host(r, prev, h, next, o2)));
        }
    rules_bus_shared(r, a, b);
}

static void run_rules(rig *r)
{
    for (unsigned pc = 0; pc < r->spec.pcs; pc++)
        for (unsigned rank = 0; rank < r->spec.ranks; rank++) {
            at h = {pc, rank, 1, 2};
            rules_bus(r, h);
            rules_bank(r, h);
            rules_bankgroup(r, h);
            rules_rank(r, h);
            rules_faw(r, h);
            rules_refresh(r, h);
            rules_bankset(r, h);
            rules_ppd(r, h);
            rules_pc_data(r, h);
            for (unsigned b = 0; b < r->spec.pcs; b++)
                if (b != pc) rules_cross(r, h, b);
        }
    /* The engine's skew is the model's. */
    for (unsigned p = 0; p < r->spec.pcs; p++)
        CHECK_EQ((long long)memsim__pc_skew(&r->spec, p), (long long)skew(r, p));
}

/* ---- the rigs ---- */

static void run_preset(const char *preset, const char *tag, const char *const *over)
{
    rig r;
    if (!rig_open(&r, preset, tag, over)) return;
    run_rules(&r);
    rig_close(&r);
}

static void test_mrdimm_8800(void)
{
    rig rg, *r = &rg;
    if (!rig_open(r, "MRDIMM-8800", NULL, NULL)) return;
    run_rules(r);
    /* Defaults: every same-pc host rule is dominated by a device rule. */
    CHECK(P(BL) > P(BL_HOST));
    CHECK(pos(I(CL) + I(BL) + I(RTW_GAP) - I(CWL)) >
          pos(I(CL) + I(BL_HOST) + I(RTW_HOST) - I(CWL)));
    /* The skew in both directions: RD pc0 -> RD pc1 one slot later, pc1 -> pc0 one earlier. */
    CHECK_EQ(cross(r, 0, 1, I(BL_HOST) + I(RTRS_HOST)), 10);
    CHECK_EQ(cross(r, 1, 0, I(BL_HOST) + I(RTRS_HOST)), 6);
    rig_close(r);
}

static void test_mrdimm_12800(void)
{
    run_preset("MRDIMM-12800", NULL, NULL);
}

static void test_mrdimm_8800_tall(void)
{
    rig rg, *r = &rg;
    if (!rig_open(r, "MRDIMM-8800-tall", NULL, NULL)) return;
    CHECK_EQ(r->spec.ranks, 2);
    CHECK_STR(r->spec.org->name, "32Gb_x4");
    run_rules(r);
    rig_close(r);
}

/* Two ranks per pc: tRTRS between the ranks of a pc (20 > tBL 16 and
 * tCCD_S 16; WR->RD 88 + 16 + 4 - 92 = 16 < the same-rank 120), nothing of it
 * across pcs (RD->RD pc0 -> pc1 is 8 + 0 + 2 = 10). */
static void test_mrdimm_12800_tall(void)
{
    rig rg, *r = &rg;
    if (!rig_open(r, "MRDIMM-12800-tall", NULL, NULL)) return;
    CHECK_EQ(r->spec.ranks, 2);
    CHECK_EQ(r->spec.nranks, 4);
    CHECK_STR(r->spec.org->name, "32Gb_x4");
    run_rules(r);
    CHECK(P(BL) + P(RTRS) > MAXV(P(BL), P(CCD_S), P(BL_HOST) + P(RTRS_HOST)));
    CHECK(pos(I(CWL) + I(BL) + I(RTRS) - I(CL)) < P(CWL) + P(BL) + P(WTR_S));
    rig_close(r);
}

/* Four pseudo-channels: units 4, slots of 4 host clocks, rounds of 16, the
 * grid gcd(8, 16) = 8: skews 12, 8, 4, 0 mod 8 = 4, 0, 4, 0. A round's
 * commands at start + 4p have their host bursts at start + nCL + 4, 4, 12,
 * 12: two pcs on each of the round's two burst positions, so bursts of all
 * four pcs (each one per nBL = 32) can follow one another without a gap. */
static void test_mrdimm_8800_pcs4(void)
{
    static const char *const over[] = {"dram.pcs", "4", NULL};
    rig rg, *r = &rg;
    if (!rig_open(r, "MRDIMM-8800", "pcs=4", over)) return;
    CHECK_EQ(r->spec.pcs, 4);
    CHECK_EQ(r->spec.units, 4);
    static const int64_t want[4] = {4, 0, 4, 0}, burst[4] = {4, 4, 12, 12};
    for (unsigned p = 0; p < 4; p++) {
        CHECK_EQ(skew(r, p), want[p]);
        CHECK_EQ((int64_t)p * I(CA_SLOT) + skew(r, p), burst[p]);
    }
    /* RD pc0 -> RD pc1: 8 + 4 - 0 = 12; pc1 -> pc0: 8 - 4 = 4 */
    CHECK_EQ(cross(r, 0, 1, I(BL_HOST) + I(RTRS_HOST)), 12);
    CHECK_EQ(cross(r, 1, 0, I(BL_HOST) + I(RTRS_HOST)), 4);
    run_rules(r);
    rig_close(r);
}

/* Four pseudo-channels with slots of two device clocks (nCA_SLOT 8):
 * rounds of 32 already put the bursts of a round 8 = nBL_HOST apart, so the
 * skews (24, 16, 8, 0 mod 8) are all 0. */
static void test_mrdimm_8800_pcs4_slot8(void)
{
    static const char *const over[] = {"dram.pcs", "4", "timing.nCA_SLOT", "8", NULL};
    rig rg, *r = &rg;
    if (!rig_open(r, "MRDIMM-8800", "pcs=4 nCA_SLOT=8", over)) return;
    CHECK_EQ(P(CA_SLOT), 8);
    for (unsigned p = 0; p < 4; p++)
        CHECK_EQ(skew(r, p), 0);
    run_rules(r);
    rig_close(r);
}

/* dram.mux false: units 1, no slots, no skew; the host rules are DDR5's
 * rank-switch rules at the device rate. */
static void test_mrdimm_8800_nomux(void)
{
    static const char *const over[] = {"dram.mux", "false", NULL};
    rig rg, *r = &rg;
    if (!rig_open(r, "MRDIMM-8800", "mux=false", over)) return;
    CHECK_EQ(r->spec.units, 1);
    CHECK_EQ(r->spec.host_mux, 1);
    CHECK_EQ(P(CA_SLOT), 0);
    run_rules(r);
    rig_close(r);
}

/* Host rules made to bind (see the file header). */
static void test_mrdimm_8800_host(void)
{
    static const char *const over[] = {"timing.nRTRS_HOST",
                                       "10",
                                       "timing.nRTW_HOST",
                                       "40",
                                       "timing.nWTR_HOST",
                                       "100",
                                       "timing.nCA_SLOT",
                                       "4",
                                       "timing.nCCD_S",
                                       "4",
                                       "timing.nFAW",
                                       "40",
                                       NULL};
    rig rg, *r = &rg;
    if (!rig_open(r, "MRDIMM-8800", "host overrides", over)) return;
    /* Host parameters are host clocks; DDR5 ones device clocks x units. */
    CHECK_EQ(P(RTRS_HOST), 10);
    CHECK_EQ(P(RTW_HOST), 40);
    CHECK_EQ(P(WTR_HOST), 100);
    CHECK_EQ(P(CA_SLOT), 4);
    CHECK_EQ(P(CCD_S), 8);
    CHECK_EQ(P(FAW), 80);
    CHECK_EQ(skew(r, 0), 4);
    run_rules(r);
    /* The overrides separate the rules. */
    CHECK(P(BL) > MAXV(P(CCD_S), P(BL_HOST), dca(r, MS_CMD_RD))); /* device tBL */
    CHECK(P(BL_HOST) + P(RTRS_HOST) > P(BL));                     /* leak shows */
    CHECK(pos(I(CL) + I(BL_HOST) + I(RTW_HOST) - I(CWL)) >
          pos(I(CL) + I(BL) + I(RTW_GAP) - I(CWL))); /* host tRTW */
    CHECK(pos(I(CWL) + I(BL_HOST) + I(WTR_HOST) - I(CL)) > P(CWL) + P(BL) + P(WTR_S)); /* leak */
    CHECK(P(FAW) > 4u * P(RRD_S));
    rig_close(r);
}

/* nBL_HOST above nBL: the same-pc host tBL_HOST binds. */
static void test_mrdimm_8800_bl_host(void)
{
    static const char *const over[] = {"timing.nBL_HOST", "20", "timing.nCCD_S", "4", NULL};
    rig rg, *r = &rg;
    if (!rig_open(r, "MRDIMM-8800", "nBL_HOST=20", over)) return;
    CHECK_EQ(P(BL_HOST), 20);
    run_rules(r);
    CHECK(P(BL_HOST) > MAXV(P(BL), P(CCD_S), dca(r, MS_CMD_RD)));
    rig_close(r);
}

/* ---- the command grid (memsim__align) ---- */

/* The model: a command may start at c iff c is a device clock edge and, with
 * slots, in pc's slot. */
static int legal(const ms_spec *s, unsigned pc, uint64_t c)
{
    uint64_t slot = s->t[MS_T_CA_SLOT];
    return c % s->units == 0 && (slot == 0 || (c / slot) % s->pcs == pc);
}

static uint64_t earliest(const ms_spec *s, unsigned pc, uint64_t from)
{
    while (!legal(s, pc, from))
        from++;
    return from;
}

/* Literal cases around the slot boundaries near T0 (1000 = 250 x 4 = 62.5 x 16). */
typedef struct align_case {
    unsigned pc;
    uint64_t ready, now, want;
} align_case;

static void align_cases(const rig *r, const align_case *c, size_t n)
{
    for (size_t i = 0; i < n; i++)
        for (unsigned cmd = 0; cmd < MS_CMD_COUNT; cmd++) {
            uint64_t got = memsim__align(&r->spec, (ms_cmd)cmd, c[i].pc, c[i].ready, c[i].now);
            gates++;
            unit_checks++;
            if (got != c[i].want)
                UNIT_FAIL("%s: align(%s, pc%u, ready %llu, now %llu) = %llu, want %llu", r->name,
                          memsim__cmd_names[cmd], c[i].pc, (unsigned long long)c[i].ready,
                          (unsigned long long)c[i].now, (unsigned long long)got,
                          (unsigned long long)c[i].want);
        }
}

/* Every (pc, ready, now) over a few periods against the brute-force search. */
static void align_exhaustive(const rig *r)
{
    const ms_spec *s = &r->spec;
    /* 128 cycles around T0 hold at least 8 periods (the longest, pcs 4: 16),
     * and 0..40 the start of time. */
    static const uint64_t range[2][2] = {{T0 - 64, T0 + 64}, {0, 40}};
    unsigned long long bad = 0;
    for (unsigned k = 0; k < 2; k++)
        for (unsigned pc = 0; pc < s->pcs; pc++)
            for (uint64_t ready = range[k][0]; ready <= range[k][1]; ready++)
                for (uint64_t now = range[k][0]; now <= range[k][1]; now += 1 + (now % 3)) {
                    uint64_t want = earliest(s, pc, ready > now ? ready : now);
                    for (unsigned cmd = 0; cmd < MS_CMD_COUNT; cmd++) {
                        uint64_t got = memsim__align(s, (ms_cmd)cmd, pc, ready, now);
                        unit_checks++;
                        if (got != want && bad++ < 5)
                            UNIT_FAIL("%s: align(%s, pc%u, ready %llu, now %llu) = %llu, want %llu",
                                      r->name, memsim__cmd_names[cmd], pc,
                                      (unsigned long long)ready, (unsigned long long)now,
                                      (unsigned long long)got, (unsigned long long)want);
                    }
                }
    CHECK_EQ(bad, 0);
}

static void test_grid(void)
{
    rig r;
    /* pcs 2, units 2, slot 2: pc0 at 4k, pc1 at 4k + 2. */
    if (rig_open(&r, "MRDIMM-8800", NULL, NULL)) {
        static const align_case c[] = {
            {0, 999, 0, 1000},    {0, 1000, 0, 1000},   {0, 1001, 0, 1004},    {0, 1002, 0, 1004},
            {0, 1003, 0, 1004},   {0, 1004, 0, 1004},   {1, 999, 0, 1002},     {1, 1000, 0, 1002},
            {1, 1001, 0, 1002},   {1, 1002, 0, 1002},   {1, 1003, 0, 1006},    {1, 1004, 0, 1006},
            {0, 990, 1001, 1004}, {1, 990, 1003, 1006}, {1, 1003, 1001, 1006},
        };
        align_cases(&r, c, sizeof c / sizeof c[0]);
        align_exhaustive(&r);
        rig_close(&r);
    }
    /* nCA_SLOT 4 (two device clocks): pc0 at 8k, 8k + 2; pc1 at 8k + 4, 8k + 6. */
    static const char *const slot4[] = {"timing.nCA_SLOT", "4", NULL};
    if (rig_open(&r, "MRDIMM-8800", "nCA_SLOT=4", slot4)) {
        static const align_case c[] = {
            {0, 1000, 0, 1000}, {0, 1001, 0, 1002}, {0, 1002, 0, 1002}, {0, 1003, 0, 1008},
            {1, 1000, 0, 1004}, {1, 1004, 0, 1004}, {1, 1005, 0, 1006}, {1, 1007, 0, 1012},
        };
        align_cases(&r, c, sizeof c / sizeof c[0]);
        align_exhaustive(&r);
        rig_close(&r);
    }
    /* pcs 4, units 4, slot 4: pc p at 16k + 4p; 1000 = 16 x 62 + 8 is pc2's. */
    static const char *const pcs4[] = {"dram.pcs", "4", NULL};
    if (rig_open(&r, "MRDIMM-8800", "pcs=4", pcs4)) {
        static const align_case c[] = {
            {0, 1000, 0, 1008}, {1, 1000, 0, 1012}, {2, 1000, 0, 1000}, {3, 1000, 0, 1004},
            {2, 1001, 0, 1016}, {3, 1001, 0, 1004}, {3, 1004, 0, 1004}, {3, 1005, 0, 1020},
            {0, 993, 0, 1008},  {1, 997, 0, 1012},
        };
        align_cases(&r, c, sizeof c / sizeof c[0]);
        align_exhaustive(&r);
        rig_close(&r);
    }
    /* No slots (nCA_SLOT 0): device clock edges only. */
    static const char *const slot0[] = {"timing.nCA_SLOT", "0", NULL};
    if (rig_open(&r, "MRDIMM-8800", "nCA_SLOT=0", slot0)) {
        static const align_case c[] = {
            {0, 1000, 0, 1000}, {1, 1000, 0, 1000}, {0, 1001, 0, 1002}, {1, 1001, 0, 1002}};
        align_cases(&r, c, sizeof c / sizeof c[0]);
        align_exhaustive(&r);
        rig_close(&r);
    }
    /* dram.mux false: no grid at all. */
    static const char *const nomux[] = {"dram.mux", "false", NULL};
    if (rig_open(&r, "MRDIMM-8800", "mux=false", nomux)) {
        static const align_case c[] = {{0, 1001, 0, 1001}, {1, 1001, 0, 1001}, {1, 7, 9, 9}};
        align_cases(&r, c, sizeof c / sizeof c[0]);
        align_exhaustive(&r);
        rig_close(&r);
    }
}

/* ---- resolved parameters ---- */

static int resolve(const char *preset, const char *const *over, ms_spec *s, char *err, size_t len)
{
    memsim_config *cfg = memsim_config_create();
    int ok = cfg && memsim_config_set(cfg, "preset", preset, NULL) == MEMSIM_OK;
    for (size_t i = 0; ok && over && over[i]; i += 2)
        ok = memsim_config_set(cfg, over[i], over[i + 1], NULL) == MEMSIM_OK;
    if (!ok) {
        snprintf(err, len, "config: %s", cfg ? memsim_config_error(cfg) : "out of memory");
        memsim_config_free(cfg);
        return -1;
    }
    memsim_status st = memsim__spec_resolve(cfg, s, err, len);
    memsim_config_free(cfg);
    return (int)st;
}

static void test_resolved(void)
{
    static ms_spec s;
    char err[MS_ERR_LEN] = "";
    const uint32_t *t = s.t;
    CHECK_EQ(resolve("MRDIMM-8800", NULL, &s, err, sizeof err), MEMSIM_OK);
    CHECK_STR(s.std->name, "MRDIMM");
    CHECK_STR(s.speed->name, "DDR5-4400");
    CHECK_STR(s.org->name, "16Gb_x4");
    CHECK_EQ(s.units, 2);
    CHECK_EQ(s.pcs, 2);
    CHECK_EQ(s.ranks, 1);
    CHECK_EQ(s.host_mux, 2);
    CHECK_EQ(t[MS_T_BL], 16);
    CHECK_EQ(t[MS_T_CL], 64);
    CHECK_EQ(t[MS_T_CWL], 60);
    CHECK_EQ(t[MS_T_RCD], 64);
    CHECK_EQ(t[MS_T_BL_HOST], 8);
    CHECK_EQ(t[MS_T_RTRS_HOST], 0);
    CHECK_EQ(t[MS_T_RTW_HOST], 4);
    CHECK_EQ(t[MS_T_WTR_HOST], 2);
    CHECK_EQ(t[MS_T_CA_SLOT], 2);
    CHECK_EQ(t[MS_T_MUX], 12);
    CHECK_NEAR(s.peak_gbps, 35.2, 1e-9);
    CHECK_EQ(s.tx_bytes, 64);
    /* one host clock: 2e6 / 8800 ps; a device clock two of them */
    CHECK_NEAR(s.tck_ps, 2e6 / 8800.0, 1e-9);
    CHECK_NEAR(s.clk_ps, 2e6 / 4400.0, 1e-9);
    /* every DDR5 parameter is DDR5-4400's x 2 */
    {
        static ms_spec d;
        static const char *const x4[] = {"dram.org", "16Gb_x4", NULL};
        CHECK_EQ(resolve("DDR5-4400", x4, &d, err, sizeof err), MEMSIM_OK);
        for (unsigned p = 0; p < MS_T_FIRST_HOST; p++) {
            unit_checks++;
            if (s.has[p] != d.has[p] || t[p] != 2u * d.t[p])
                UNIT_FAIL("MRDIMM-8800 %s = %u (has %d), want 2 x DDR5-4400's %u (has %d)",
                          memsim__param_names[p], t[p], s.has[p], d.t[p], d.has[p]);
        }
    }
    const char *pcs4[] = {"dram.pcs", "4", NULL};
    CHECK_EQ(resolve("MRDIMM-8800", pcs4, &s, err, sizeof err), MEMSIM_OK);
    CHECK_EQ(s.units, 4);
    CHECK_EQ(s.pcs, 4);
    CHECK_EQ(s.host_mux, 4);
    CHECK_EQ(t[MS_T_CA_SLOT], 4);
    CHECK_EQ(t[MS_T_BL_HOST], 8);
    CHECK_EQ(t[MS_T_BL], 32);
    const char *nomux[] = {"dram.mux", "false", NULL};
    CHECK_EQ(resolve("MRDIMM-8800", nomux, &s, err, sizeof err), MEMSIM_OK);
    CHECK_EQ(s.units, 1);
    CHECK_EQ(s.pcs, 2);
    CHECK_EQ(s.host_mux, 1);
    CHECK_EQ(t[MS_T_BL_HOST], 8);
    CHECK_EQ(t[MS_T_BL], 8);
    CHECK_EQ(t[MS_T_RTRS_HOST], t[MS_T_RTRS]);
    CHECK_EQ(t[MS_T_WTR_HOST], t[MS_T_RTRS]);
    CHECK_EQ(t[MS_T_RTW_HOST], t[MS_T_RTW_GAP]);
    CHECK_EQ(t[MS_T_CA_SLOT], 0);
    CHECK_EQ(t[MS_T_MUX], 0);
    CHECK_NEAR(s.peak_gbps, 17.6, 1e-9);
    /* the other presets */
    CHECK_EQ(resolve("MRDIMM-12800", NULL, &s, err, sizeof err), MEMSIM_OK);
    CHECK_STR(s.speed->name, "DDR5-6400");
    CHECK_EQ(s.ranks, 1);
    CHECK_NEAR(s.peak_gbps, 51.2, 1e-9);
    CHECK_EQ(resolve("MRDIMM-12800-tall", NULL, &s, err, sizeof err), MEMSIM_OK);
    CHECK_STR(s.speed->name, "DDR5-6400");
    CHECK_STR(s.org->name, "32Gb_x4");
    CHECK_EQ(s.ranks, 2);
    CHECK_EQ(s.nranks, 4);
    CHECK_EQ(resolve("MRDIMM-8800-tall", NULL, &s, err, sizeof err), MEMSIM_OK);
    CHECK_STR(s.speed->name, "DDR5-4400");
    CHECK_EQ(s.ranks, 2);
    /* host overrides are host clocks, DDR5 overrides device clocks */
    const char *over[] = {"timing.nMUX", "20", "timing.nRTRS_HOST", "3", "timing.nRCD", "40", NULL};
    CHECK_EQ(resolve("MRDIMM-8800", over, &s, err, sizeof err), MEMSIM_OK);
    CHECK_EQ(t[MS_T_MUX], 20);
    CHECK_EQ(t[MS_T_RTRS_HOST], 3);
    CHECK_EQ(t[MS_T_RCD], 80);
}

/* The engine's skews, literally, for the defaults and for slot and burst
 * lengths that make the grid gcd(nBL_HOST, pcs x nCA_SLOT) differ from the
 * round and from nBL_HOST; every one in [0, grid). */
static void test_skew_values(void)
{
    static const struct {
        const char *over[7];
        unsigned pcs;
        uint64_t want[4];
    } c[] = {
        {{NULL}, 2, {2, 0}},                                                 /* grid 4 = round */
        {{"timing.nCA_SLOT", "4", NULL}, 2, {4, 0}},                         /* grid 8 = round */
        {{"timing.nCA_SLOT", "10", NULL}, 2, {2, 0}},                        /* gcd(8, 20) = 4 */
        {{"timing.nBL_HOST", "20", NULL}, 2, {2, 0}},                        /* gcd(20, 4) = 4 */
        {{"timing.nCA_SLOT", "0", NULL}, 2, {0, 0}},                         /* no slots */
        {{"dram.mux", "false", NULL}, 2, {0, 0}},                            /* no slots */
        {{"dram.pcs", "4", NULL}, 4, {4, 0, 4, 0}},                          /* gcd(8, 16) = 8 */
        {{"dram.pcs", "4", "timing.nCA_SLOT", "8", NULL}, 4, {0, 0, 0, 0}},  /* 8 */
        {{"dram.pcs", "4", "timing.nCA_SLOT", "12", NULL}, 4, {4, 0, 4, 0}}, /* 8 */
        {{"dram.pcs", "4", "timing.nBL_HOST", "12", NULL}, 4, {0, 0, 0, 0}}, /* 4 */
        {{"dram.pcs", "4", "timing.nBL_HOST", "16", "timing.nMUX", "32", NULL},
         4,
         {12, 8, 4, 0}}, /* gcd(16, 16) = 16 = round */
    };
    static ms_spec s;
    char err[MS_ERR_LEN];
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        if (resolve("MRDIMM-8800", c[i].over, &s, err, sizeof err) != MEMSIM_OK) {
            UNIT_FAIL("case %zu: %s", i, err);
            continue;
        }
        CHECK_EQ(s.pcs, c[i].pcs);
        for (unsigned p = 0; p < s.pcs; p++) {
            unit_checks++;
            if (memsim__pc_skew(&s, p) != c[i].want[p] || (int64_t)c[i].want[p] != skew_of(&s, p))
                UNIT_FAIL("case %zu (%s=%s): skew(%u) = %llu (model %lld), want %llu", i,
                          c[i].over[0] ? c[i].over[0] : "defaults",
                          c[i].over[0] ? c[i].over[1] : "", p,
                          (unsigned long long)memsim__pc_skew(&s, p), (long long)skew_of(&s, p),
                          (unsigned long long)c[i].want[p]);
        }
    }
}

/* memsim__spec_resolve must fail with MEMSIM_E_INVALID and a message naming `key`. */
static void expect_error(const char *preset, const char *const *over, const char *key)
{
    static ms_spec s;
    char err[MS_ERR_LEN] = "";
    int st = resolve(preset, over, &s, err, sizeof err);
    unit_checks++;
    if (st != MEMSIM_E_INVALID)
        UNIT_FAIL("%s with %s=%s: status %d, want MEMSIM_E_INVALID (%s)", preset, over[0], over[1],
                  st, err);
    CHECK_CONTAINS(err, key);
}

static void test_config_errors(void)
{
    static ms_spec s;
    char err[MS_ERR_LEN];
    const char *slot3[] = {"timing.nCA_SLOT", "3", NULL};
    expect_error("MRDIMM-8800", slot3, "timing.nCA_SLOT");
    const char *slot6[] = {"dram.pcs", "4", "timing.nCA_SLOT", "6", NULL};
    expect_error("MRDIMM-8800", slot6, "timing.nCA_SLOT");
    /* nMUX >= nBL - nBL_HOST = 16 - 8: 7 fails, 8 passes */
    const char *mux7[] = {"timing.nMUX", "7", NULL};
    expect_error("MRDIMM-8800", mux7, "timing.nMUX");
    const char *mux8[] = {"timing.nMUX", "8", NULL};
    CHECK_EQ(resolve("MRDIMM-8800", mux8, &s, err, sizeof err), MEMSIM_OK);
    const char *bl0[] = {"timing.nBL_HOST", "0", NULL};
    expect_error("MRDIMM-8800", bl0, "timing.nBL_HOST");
    const char *pcs[] = {"dram.pcs", "2", NULL};
    expect_error("DDR5-4800", pcs, "dram.pcs");
    const char *mux[] = {"dram.mux", "false", NULL};
    expect_error("DDR5-4800", mux, "dram.mux");
    expect_error("HBM3-6400", pcs, "dram.pcs");
    /* host parameters do not exist outside MRDIMM */
    const char *host[] = {"timing.nBL_HOST", "8", NULL};
    expect_error("DDR5-4800", host, "timing.nBL_HOST");
}

/* ---- idle read latency through the public API ---- */

typedef struct done_rec {
    uint64_t cycle;
    unsigned n;
} done_rec;

static void on_done(void *ctx, uint64_t id, int is_write, uint64_t cycle)
{
    (void)id;
    (void)is_write;
    done_rec *d = ctx;
    d->cycle = cycle;
    d->n++;
}

/* Finds the first `cmd` line of the trace body: sets its clk and pc. */
static int find_cmd(const char *trace, const char *cmd, uint64_t *clk, unsigned *pc)
{
    for (const char *l = trace; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
        if (*l == '#' || *l == 't') continue;
        unsigned long long tps, c;
        unsigned ch, p;
        char name[8];
        if (sscanf(l, "%llu,%llu,%u,%u,%*d,%*d,%*d,%*d,%*d,%7[A-Z]", &tps, &c, &ch, &p, name) ==
                5 &&
            !strcmp(name, cmd)) {
            *clk = c;
            *pc = p;
            return 1;
        }
    }
    return 0;
}

/* One read to pseudo-channel pc (address pc x 64 under the default map
 * RoBaRaCoBgPcCh), arriving at cycle `arrival` into an idle channel: ACT at
 * the first legal cycle >= arrival, RD at the first legal cycle >= ACT +
 * nRCD, the host has the data at RD + nCL + nBL_HOST + nMUX + skew(pc)
 * (dram.mux false: RD + nCL + nBL). */
static void idle_read(const char *preset, const char *const *over, unsigned pc, uint64_t arrival)
{
    memsim_config *cfg = memsim_config_create();
    CHECK_EQ(memsim_config_set(cfg, "preset", preset, NULL), MEMSIM_OK);
    for (size_t i = 0; over && over[i]; i += 2)
        CHECK_EQ(memsim_config_set(cfg, over[i], over[i + 1], NULL), MEMSIM_OK);
    memsim_sim *sim = NULL;
    if (memsim_sim_create(cfg, &sim) != MEMSIM_OK) {
        UNIT_FAIL("%s: %s", preset, memsim_config_error(cfg));
        memsim_config_free(cfg);
        return;
    }
    memsim_config_free(cfg);
    const ms_spec *s = &sim->spec;
    char *buf = NULL;
    size_t len = 0;
    FILE *tr = open_memstream(&buf, &len);
    memsim_sim_set_cmd_trace(sim, tr);
    done_rec d = {0, 0};
    memsim_sim_set_callback(sim, on_done, &d);
    while (memsim_sim_cycle(sim) < arrival)
        memsim_sim_tick(sim);
    CHECK_EQ(memsim_sim_send(sim, (uint64_t)pc * 64u, 0, 1), MEMSIM_OK);
    while (d.n == 0 && memsim_sim_cycle(sim) < arrival + 100000)
        memsim_sim_tick(sim);
    fflush(tr);
    uint64_t act = earliest(s, pc, arrival);
    uint64_t rd = earliest(s, pc, act + s->t[MS_T_RCD]);
    uint64_t skew_pc = (uint64_t)skew_of(s, pc);
    uint64_t done = s->host_mux > 1
                        ? rd + s->t[MS_T_CL] + s->t[MS_T_BL_HOST] + s->t[MS_T_MUX] + skew_pc
                        : rd + s->t[MS_T_CL] + s->t[MS_T_BL];
    uint64_t clk = 0;
    unsigned tpc = 99;
    gates++;
    CHECK(find_cmd(buf, "ACT", &clk, &tpc));
    CHECK_EQ(tpc, pc);
    CHECK_EQ(clk, act);
    CHECK(find_cmd(buf, "RD", &clk, &tpc));
    CHECK_EQ(tpc, pc);
    CHECK_EQ(clk, rd);
    CHECK_EQ(d.n, 1);
    unit_checks++;
    if (d.cycle != done)
        UNIT_FAIL("%s pc%u read arriving at %llu: done at %llu (latency %llu), want %llu "
                  "(ACT %llu, RD %llu, latency %llu)",
                  preset, pc, (unsigned long long)arrival, (unsigned long long)d.cycle,
                  (unsigned long long)(d.cycle - arrival), (unsigned long long)done,
                  (unsigned long long)act, (unsigned long long)rd,
                  (unsigned long long)(done - arrival));
    double lat = -1;
    CHECK_EQ(memsim_sim_stat(sim, -1, "read_latency_cycles.max", &lat), MEMSIM_OK);
    CHECK_EQ((long long)lat, (long long)(done - arrival));
    memsim_sim_free(sim);
    fclose(tr);
    free(buf);
}

static void test_idle_read(void)
{
    /* MRDIMM-8800 arriving at 0: pc0 ACT 0, RD 64, done 64 + 64 + 8 + 12 + 2 =
     * 150; pc1 ACT 2, RD 66, done 66 + 64 + 8 + 12 + 0 = 150. */
    idle_read("MRDIMM-8800", NULL, 0, 0);
    idle_read("MRDIMM-8800", NULL, 1, 0);
    for (unsigned pc = 0; pc < 2; pc++)
        for (uint64_t a = 1; a < 10; a++)
            idle_read("MRDIMM-8800", NULL, pc, a);
    static const char *const pcs4[] = {"dram.pcs", "4", NULL};
    for (unsigned pc = 0; pc < 4; pc++)
        for (uint64_t a = 0; a < 20; a += 3)
            idle_read("MRDIMM-8800", pcs4, pc, a);
    static const char *const nomux[] = {"dram.mux", "false", NULL};
    for (unsigned pc = 0; pc < 2; pc++)
        for (uint64_t a = 0; a < 3; a++)
            idle_read("MRDIMM-8800", nomux, pc, a);
    for (unsigned pc = 0; pc < 2; pc++)
        idle_read("MRDIMM-12800-tall", NULL, pc, 5);
    /* the literal figure: 150 host clocks = 34.09 ns at 8800 MT/s */
    static ms_spec s;
    char err[MS_ERR_LEN];
    if (resolve("MRDIMM-8800", NULL, &s, err, sizeof err) == MEMSIM_OK)
        CHECK_EQ(s.t[MS_T_RCD] + s.t[MS_T_CL] + s.t[MS_T_BL_HOST] + s.t[MS_T_MUX] +
                     s.t[MS_T_CA_SLOT],
                 150);
    /* pcs 4 (host clock 113.6 ps), arriving at 0: pc p's ACT at 4p, RD 128
     * later, done 128 + 8 + 32 + skew(p) after it: 300, 300, 308, 308 host
     * clocks (34.1 to 35.0 ns; the unreduced skew gave 308 for every pc) */
    if (resolve("MRDIMM-8800", pcs4, &s, err, sizeof err) == MEMSIM_OK)
        for (unsigned pc = 0; pc < 4; pc++)
            CHECK_EQ(4u * pc + s.t[MS_T_RCD] + s.t[MS_T_CL] + s.t[MS_T_BL_HOST] + s.t[MS_T_MUX] +
                         (uint64_t)skew_of(&s, pc),
                     pc < 2 ? 300u : 308u);
}

int main(void)
{
    UNIT_RUN(test_resolved);
    UNIT_RUN(test_config_errors);
    UNIT_RUN(test_grid);
    UNIT_RUN(test_idle_read);
    UNIT_RUN(test_mrdimm_8800);
    UNIT_RUN(test_mrdimm_12800);
    UNIT_RUN(test_mrdimm_8800_tall);
    UNIT_RUN(test_mrdimm_12800_tall);
    UNIT_RUN(test_mrdimm_8800_pcs4);
    UNIT_RUN(test_mrdimm_8800_pcs4_slot8);
    UNIT_RUN(test_skew_values);
    UNIT_RUN(test_mrdimm_8800_nomux);
    UNIT_RUN(test_mrdimm_8800_host);
    UNIT_RUN(test_mrdimm_8800_bl_host);
    fprintf(stderr, "%llu timing gates\n", gates);
    UNIT_DONE();
}
