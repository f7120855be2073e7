/*
 * hbm.c - the rows every HBM generation (hbm2.c, hbm3.c) shares on top of the
 * JEDEC rows (jedec_rules.c): per-bank refresh, REFpb.
 *
 * In HBM the levels are channel > pseudo-channel > stack ID (the "rank"
 * level) > bank group > bank. The channel level holds only the two command
 * buses (row and column); each pseudo-channel has its own data bus, so the
 * JEDEC data-bus rows (tBL, tRTW, and tRTRS between stack IDs, which is
 * HBM's tCCDR) apply per pseudo-channel.
 *
 * REFpb refreshes one bank, which must be precharged, for tRFCpb; the next
 * REFpb, or an ACT, to another bank of the same pseudo-channel waits tRREFD
 * (memory-facts.md §3; Ramulator 2.1 hbm3.py and its PR #134 for JESD235).
 * A REFpb after an ACT to another bank waits tRRD_S, or tRRD_L in the same
 * bank group, as a second ACT would (Ramulator 2.1, DRAMSys CheckerHBM2).
 * DRAMSys also counts REFpb in the tFAW window; memsim does not.
 * REFab is per stack ID here (the "rank"): Ramulator 2.1 scopes it to the
 * whole pseudo-channel; no JEDEC text was available to settle it.
 */
#include "standards/standard.h"

#define T(p)                                                                                       \
    {                                                                                              \
        (int8_t)(p), 1                                                                             \
    }
#define B    MS_LVL_BANK
#define G    MS_LVL_BANKGROUP
#define R    MS_LVL_RANK
#define P    MS_LVL_PC
#define S(c) MS_SET(MS_CMD_##c)

static const ms_rule hbm_rules[] = {
    {"tRFCpb", B, 0, 0, S(REFPB), S(ACT) | S(PRE) | S(REFPB), {T(MS_T_RFCPB)}, 0},
    {"tRP", B, 0, 0, S(PRE), S(REFPB), {T(MS_T_RP)}, 0},
    {"tRTP+tRP", B, 0, 0, S(RDA), S(REFPB), {T(MS_T_RTP), T(MS_T_RP)}, 0},
    {"tWR+tRP", B, 0, 0, S(WRA), S(REFPB), {T(MS_T_CWL), T(MS_T_BL), T(MS_T_WR), T(MS_T_RP)}, 0},
    {"tRC", B, 0, 0, S(ACT), S(REFPB), {T(MS_T_RC)}, 0},
    {"tRREFD", P, 0, 0, S(REFPB), S(ACT) | S(REFPB), {T(MS_T_RREFD)}, 0},
    {"tRRD_L", G, 0, 0, S(ACT), S(REFPB), {T(MS_T_RRD_L)}, 0},
    {"tRRD_S", R, 0, 0, S(ACT), S(REFPB), {T(MS_T_RRD_S)}, 0},
    {"tRP", R, 0, 0, S(PREA), S(REFPB), {T(MS_T_RP)}, 0},
    /* REF and PREA would also hit the bank under refresh */
    {"tRFCpb", R, 0, 0, S(REFPB), S(REF) | S(PREA), {T(MS_T_RFCPB)}, 0},
};

const ms_rule_set memsim__hbm_rules = {hbm_rules, sizeof hbm_rules / sizeof hbm_rules[0]};
