/*
 * jedec_rules.c - the timing rules every DDR-family standard shares.
 *
 * Written once from JESD79-4 (DDR4) and JESD79-5 (DDR5) and the prose list in
 * docs/cmd-trace.md, which the independent checker implements separately.
 * Each row: {name, level, sibling, window, preceding set, following set,
 * latency terms, constant}. Standards add their own rows (ddr5.c: REFsb;
 * hbm.c: REFpb); a rule that uses a parameter a standard lacks resolves to
 * <= 0 and is dropped, so the rows stay valid for all of them (tPPD exists in
 * DDR5 and HBM3 only). nRCD_WR is nRCD unless the standard sets it (HBM's
 * tRCDWR). The data-bus rows sit at pseudo-channel level: in DDR4/DDR5 a
 * channel has one, and the engine folds them into the channel level.
 */
#include "standards/standard.h"

#define T(p)                                                                                       \
    {                                                                                              \
        (int8_t)(p), 1                                                                             \
    }
#define TN(p)                                                                                      \
    {                                                                                              \
        (int8_t)(p), -1                                                                            \
    }
#define P    MS_LVL_PC
#define R    MS_LVL_RANK
#define G    MS_LVL_BANKGROUP
#define B    MS_LVL_BANK
#define S(c) MS_SET(MS_CMD_##c)

static const ms_rule core_rules[] = {
    /* Bank: row cycle, activation, precharge, recovery. */
    {"tRC", B, 0, 0, S(ACT), S(ACT), {T(MS_T_RC)}, 0},
    {"tRCD", B, 0, 0, S(ACT), MS_SET_RD, {T(MS_T_RCD)}, 0},
    {"tRCD", B, 0, 0, S(ACT), MS_SET_WR, {T(MS_T_RCD_WR)}, 0},
    {"tRAS", B, 0, 0, S(ACT), S(PRE) | S(PRESB), {T(MS_T_RAS)}, 0},
    {"tRP", B, 0, 0, S(PRE) | S(PRESB), S(ACT), {T(MS_T_RP)}, 0},
    {"tRTP", B, 0, 0, S(RD), S(PRE) | S(PRESB), {T(MS_T_RTP)}, 0},
    {"tWR", B, 0, 0, S(WR), S(PRE) | S(PRESB), {T(MS_T_CWL), T(MS_T_BL), T(MS_T_WR)}, 0},
    {"tRTP+tRP", B, 0, 0, S(RDA), S(ACT), {T(MS_T_RTP), T(MS_T_RP)}, 0},
    {"tWR+tRP", B, 0, 0, S(WRA), S(ACT), {T(MS_T_CWL), T(MS_T_BL), T(MS_T_WR), T(MS_T_RP)}, 0},
    /* Bank group. */
    {"tRRD_L", G, 0, 0, S(ACT), S(ACT), {T(MS_T_RRD_L)}, 0},
    {"tCCD_L", G, 0, 0, MS_SET_RD, MS_SET_RD, {T(MS_T_CCD_L)}, 0},
    {"tCCD_L_WR", G, 0, 0, MS_SET_WR, MS_SET_WR, {T(MS_T_CCD_L_WR)}, 0},
    {"tWTR_L", G, 0, 0, MS_SET_WR, MS_SET_RD, {T(MS_T_CWL), T(MS_T_BL), T(MS_T_WTR_L)}, 0},
    /* Rank. */
    {"tRRD_S", R, 0, 0, S(ACT), S(ACT), {T(MS_T_RRD_S)}, 0},
    {"tFAW", R, 0, 4, S(ACT), S(ACT), {T(MS_T_FAW)}, 0},
    {"tCCD_S", R, 0, 0, MS_SET_RD, MS_SET_RD, {T(MS_T_CCD_S)}, 0},
    {"tCCD_S", R, 0, 0, MS_SET_WR, MS_SET_WR, {T(MS_T_CCD_S)}, 0},
    {"tWTR_S", R, 0, 0, MS_SET_WR, MS_SET_RD, {T(MS_T_CWL), T(MS_T_BL), T(MS_T_WTR_S)}, 0},
    {"tRAS", R, 0, 0, S(ACT), S(PREA), {T(MS_T_RAS)}, 0},
    {"tRTP", R, 0, 0, S(RD) | S(RDA), S(PREA), {T(MS_T_RTP)}, 0},
    {"tWR", R, 0, 0, S(WR) | S(WRA), S(PREA), {T(MS_T_CWL), T(MS_T_BL), T(MS_T_WR)}, 0},
    {"tRP", R, 0, 0, S(PREA), S(ACT), {T(MS_T_RP)}, 0},
    {"tRP", R, 0, 0, MS_SET_PRE, S(REF), {T(MS_T_RP)}, 0},
    {"tRTP+tRP", R, 0, 0, S(RDA), S(REF), {T(MS_T_RTP), T(MS_T_RP)}, 0},
    {"tWR+tRP", R, 0, 0, S(WRA), S(REF), {T(MS_T_CWL), T(MS_T_BL), T(MS_T_WR), T(MS_T_RP)}, 0},
    {"tRC", R, 0, 0, S(ACT), S(REF), {T(MS_T_RC)}, 0},
    {"tRFC", R, 0, 0, S(REF), MS_SET_ALL, {T(MS_T_RFC)}, 0},
    {"tPPD", R, 0, 0, MS_SET_PRE, MS_SET_PRE, {T(MS_T_PPD)}, 0},
    /* Pseudo-channel (the whole channel in DDR4/DDR5): data bus and
     * read/write turnarounds; across ranks of one data bus, tRTRS. */
    {"tBL", P, 0, 0, MS_SET_RD, MS_SET_RD, {T(MS_T_BL)}, 0},
    {"tBL", P, 0, 0, MS_SET_WR, MS_SET_WR, {T(MS_T_BL)}, 0},
    {"tRTRS", R, 1, 0, MS_SET_RD, MS_SET_RD, {T(MS_T_BL), T(MS_T_RTRS)}, 0},
    {"tRTRS", R, 1, 0, MS_SET_WR, MS_SET_WR, {T(MS_T_BL), T(MS_T_RTRS)}, 0},
    {"tRTW",
     P,
     0,
     0,
     MS_SET_RD,
     MS_SET_WR,
     {T(MS_T_CL), T(MS_T_BL), T(MS_T_RTW_GAP), TN(MS_T_CWL)},
     0},
    {"tRTRS",
     R,
     1,
     0,
     MS_SET_WR,
     MS_SET_RD,
     {T(MS_T_CWL), T(MS_T_BL), T(MS_T_RTRS), TN(MS_T_CL)},
     0},
};

const ms_rule_set memsim__jedec_core_rules = {core_rules, sizeof core_rules / sizeof core_rules[0]};
