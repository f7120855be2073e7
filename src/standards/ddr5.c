/*
 * ddr5.c - DDR5 SDRAM (JESD79-5) as tables.
 *
 * A channel is one 32-bit subchannel (two per DIMM), BL16: one 64-byte burst
 * occupies the data bus for 8 clocks. Sources, all from
 * ../shared/reference/memory-facts.md §1 unless noted:
 *  - speed bins: JEDEC DDR5 bin table (A bins; B and C bins are +2 / +4 nCK
 *    for CL, tRCD and tRP), CWL = CL - 2;
 *  - formulas: Micron DDR5 core datasheet as quoted in gem5 ddr5.py:
 *    tRAS 32 ns, tWR 30 ns, tRTP max(12 nCK, 7.5 ns), tCCD_S 8 nCK,
 *    tCCD_L max(8 nCK, 5 ns), tRRD_S 8 nCK, tRRD_L max(8 nCK, 5 ns),
 *    tFAW max(32 nCK, 13.333 ns) for a 1 KB page, tWTR_S max(4 nCK, 2.5 ns),
 *    tWTR_L max(16 nCK, 10 ns), tPPD 2 nCK, tREFI 3.9 us;
 *  - tCCD_L_WR2 = max(16 nCK, 10 ns): write-to-write in one bank group when the
 *    second write needs no internal read-modify-write, which is the case for
 *    memsim's full 64-byte bursts (DDR5 SPD byte 79-81 / JESD79-5; the RMW
 *    value tCCD_L_WR = max(32 nCK, 20 ns) applies to partial writes only);
 *  - tFAW for a 2 KB page (x16): max(40 nCK, 16.667 ns) -- ASSUMPTION scaled
 *    from the 1 KB row by the DDR4 2K/1K ratio; no public table was cited;
 *  - tRFC1 / tRFCsb by density 195/115, 295/130, 410/190 ns (8/16/32 Gb);
 *  - tREFSBRD 30 ns (same-bank refresh to ACT of another bank; AMD/Xilinx
 *    DDR5 controller defaults list DDR5_TREFSBRD 30000 ps);
 *  - read-to-write: CL - CWL + BL/2 + 2 tCK - read DQS offset (1) +
 *    (tRPST - 0.5 tCK = 1) + tWPRE (2) => nRTW_GAP = 4 (gem5 ddr5.py derivation
 *    of tCCD_L_RTW from the Micron datasheet, with the 2-clock write preamble);
 *  - nRTRS (rank switch on the data bus) 2 nCK: not a JEDEC number, a
 *    controller choice (gem5 uses ~2 tCK); override with timing.nRTRS.
 *  - Refresh postponement: up to 4 REFab in normal refresh mode (JESD79-5
 *    §4.13). Same-bank refresh runs in fine-granularity mode: every tREFI/2
 *    each bank index gets one REFsb; up to 8 such rounds may be postponed.
 *  - ACT, RD, RDA, WR, WRA are two-clock commands on the CA bus; PRE, PREA,
 *    PRESB, REF, REFSB take one clock.
 */
#include "standards/standard.h"

#define T(p)                                                                                       \
    {                                                                                              \
        (int8_t)(p), 1                                                                             \
    }
#define B    MS_LVL_BANK
#define R    MS_LVL_RANK
#define S(c) MS_SET(MS_CMD_##c)

/* Speed bins: name, rate, CL, tRCD, tRP, CWL. The name without a letter is the A bin. */
#define BIN(rate, cl)                                                                              \
    {"DDR5-" #rate, rate, cl, cl, cl, cl - 2},                                                     \
        {"DDR5-" #rate "B", rate, cl + 2, cl + 2, cl + 2, cl},                                     \
    {                                                                                              \
        "DDR5-" #rate "C", rate, cl + 4, cl + 4, cl + 4, cl + 2                                    \
    }

static const ms_speed speeds[] = {
    BIN(4000, 28), BIN(4400, 32), BIN(4800, 34), BIN(5200, 38), BIN(5600, 40),
    BIN(6000, 42), BIN(6400, 46), BIN(7200, 52), BIN(8000, 56), BIN(8800, 62),
};

/* 8 Gb: 8 BG x 2 banks (x16: 4 x 2); 16/32 Gb: 8 BG x 4 banks (x16: 4 x 4).
 * Rows 64K (8/16 Gb) or 128K (32 Gb); page 1 KB for x4/x8 (2K or 1K columns),
 * 2 KB for x16. Each row satisfies BG*banks*rows*columns*dq = density. */
static const ms_org orgs[] = {
    {"8Gb_x4", 8, 4, 8, 2, 65536, 2048, MS_PAGE_1K},
    {"8Gb_x8", 8, 8, 8, 2, 65536, 1024, MS_PAGE_1K},
    {"8Gb_x16", 8, 16, 4, 2, 65536, 1024, MS_PAGE_2K},
    {"16Gb_x4", 16, 4, 8, 4, 65536, 2048, MS_PAGE_1K},
    {"16Gb_x8", 16, 8, 8, 4, 65536, 1024, MS_PAGE_1K},
    {"16Gb_x16", 16, 16, 4, 4, 65536, 1024, MS_PAGE_2K},
    {"32Gb_x4", 32, 4, 8, 4, 131072, 2048, MS_PAGE_1K},
    {"32Gb_x8", 32, 8, 8, 4, 131072, 1024, MS_PAGE_1K},
    {"32Gb_x16", 32, 16, 4, 4, 131072, 1024, MS_PAGE_2K},
};

static const ms_formula formulas[] = {
    {MS_T_RAS, MS_PAGE_ANY, 0, 65535, 32000, 0},
    {MS_T_WR, MS_PAGE_ANY, 0, 65535, 30000, 0},
    {MS_T_RTP, MS_PAGE_ANY, 0, 65535, 7500, 12},
    {MS_T_CCD_S, MS_PAGE_ANY, 0, 65535, 0, 8},
    {MS_T_CCD_L, MS_PAGE_ANY, 0, 65535, 5000, 8},
    {MS_T_CCD_L_WR, MS_PAGE_ANY, 0, 65535, 10000, 16},
    {MS_T_RRD_S, MS_PAGE_ANY, 0, 65535, 0, 8},
    {MS_T_RRD_L, MS_PAGE_ANY, 0, 65535, 5000, 8},
    {MS_T_FAW, MS_PAGE_HALF | MS_PAGE_1K, 0, 65535, 13333, 32},
    {MS_T_FAW, MS_PAGE_2K, 0, 65535, 16667, 40},
    {MS_T_WTR_S, MS_PAGE_ANY, 0, 65535, 2500, 4},
    {MS_T_WTR_L, MS_PAGE_ANY, 0, 65535, 10000, 16},
    {MS_T_REFSBRD, MS_PAGE_ANY, 0, 65535, 30000, 0},
    {MS_T_PPD, MS_PAGE_ANY, 0, 65535, 0, 2},
};

static const ms_density densities[] = {
    {8, 195000, 115000},
    {16, 295000, 130000},
    {32, 410000, 190000},
};

/* Same-bank refresh; bank-level rows apply to each bank of the set that
 * PRESB/REFSB address. (tPPD is a shared row in jedec_rules.c.) */
static const ms_rule ddr5_rules[] = {
    {"tRFCsb", B, 0, 0, S(REFSB), S(ACT) | S(PRE) | S(PRESB) | S(REFSB), {T(MS_T_RFCSB)}, 0},
    {"tRP", B, 0, 0, S(PRE) | S(PRESB), S(REFSB), {T(MS_T_RP)}, 0},
    {"tRP", R, 0, 0, S(PREA), S(REFSB), {T(MS_T_RP)}, 0},
    {"tRTP+tRP", B, 0, 0, S(RDA), S(REFSB), {T(MS_T_RTP), T(MS_T_RP)}, 0},
    {"tWR+tRP", B, 0, 0, S(WRA), S(REFSB), {T(MS_T_CWL), T(MS_T_BL), T(MS_T_WR), T(MS_T_RP)}, 0},
    {"tRC", B, 0, 0, S(ACT), S(REFSB), {T(MS_T_RC)}, 0},
    {"tREFSBRD", R, 0, 0, S(REFSB), S(ACT) | S(REFSB), {T(MS_T_REFSBRD)}, 0},
    /* PREA would also hit the bank set under refresh */
    {"tRFCsb", R, 0, 0, S(REFSB), S(REF) | S(PREA), {T(MS_T_RFCSB)}, 0},
};

const ms_rule_set memsim__ddr5_rules = {ddr5_rules, sizeof ddr5_rules / sizeof ddr5_rules[0]};
static const ms_rule_set *const rule_sets[] = {&memsim__jedec_core_rules, &memsim__ddr5_rules};

#define N(a) (sizeof(a) / sizeof((a)[0]))

const ms_standard memsim__ddr5 = {
    .name = "DDR5",
    .channel_bits = 32,
    .burst = 16,
    .has_refsb = 1,
    .max_postpone = 4,
    .max_postpone_sb = 8,
    .refi_ps = 3900000,
    .cmd_cycles =
        {[MS_CMD_ACT] = 2, [MS_CMD_RD] = 2, [MS_CMD_RDA] = 2, [MS_CMD_WR] = 2, [MS_CMD_WRA] = 2},
    .default_org = "16Gb_x8",
    .source = "JESD79-5 bins; Micron DDR5 core datasheet formulas (memory-facts.md §1)",
    .speeds = speeds,
    .n_speeds = N(speeds),
    .orgs = orgs,
    .n_orgs = N(orgs),
    .formulas = formulas,
    .n_formulas = N(formulas),
    .densities = densities,
    .n_densities = N(densities),
    .rule_sets = rule_sets,
    .n_rule_sets = N(rule_sets),
    .fixed = {[MS_T_RTW_GAP] = 4, [MS_T_RTRS] = 2},
    /* One 16 Gb die at DDR5-4800 (Micron 16Gb DDR5 die rev A datasheet, as
     * quoted in gem5 ddr5.py; memory-facts.md §1), used for every density and
     * width. VPP currents are not in that source: ASSUMPTION, DDR4's
     * (Micron 4Gb DDR4 IPP0 4.05 mA, standby as IPP6 2.6 mA) at 1.8 V.
     * Interface 3 pJ/bit: ASSUMPTION, POD termination at 1.1 V (34 ohm
     * driver, 48 ohm ODT) plus pin switching; see docs/energy.md. */
    .power = {.vdd = 1.1,
              .vpp = 1.8,
              .idd0 = 122,
              .idd2n = 92,
              .idd3n = 142,
              .idd4r = 530,
              .idd4w = 479,
              .idd5b = 277,
              .ipp0 = 4.05,
              .ipp2n = 2.6,
              .ipp3n = 2.6,
              .ipp4r = 2.6,
              .ipp4w = 2.6,
              .ipp5b = 4.05,
              .rate_mts = 4800,
              .dq = 8,
              .io_rd_pj_bit = 3.0,
              .io_wr_pj_bit = 3.0,
              .module_w = 0,
              .module_chans = 2,
              .source = "Micron 16Gb DDR5 rev A, DDR5-4800 IDD (gem5 ddr5.py); IPP and "
                        "interface energy ASSUMPTIONS"},
};
