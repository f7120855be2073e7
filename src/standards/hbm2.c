/*
 * hbm2.c - HBM2 (JESD235) and HBM2E as tables; HBM2E composes HBM2's
 * formulas and rules and adds its faster bins and 16 Gb dies.
 *
 * A stack has 8 channels of 128 bits, each two 64-bit pseudo-channels
 * (pseudo-channel mode, BL4: 32 bytes per access in 2 clocks; Intel Agilex 7
 * M-Series HBM2E user guide 773264 §3.5.1). Data run at twice the clock.
 * ACT occupies the row bus for 2 clocks, other row commands 1; column
 * commands use the column bus for 1 clock (DRAMSys CheckerHBM2, Ramulator
 * 2.1 hbm2.py). Every command takes whole clocks, so a memsim cycle is one
 * clock. There is no public vendor AC table for HBM2/HBM2E; the timings are
 * Ramulator 2.1's HBM2 set at 2.0 Gb/s (tCK 1 ns, agreeing with DRAMsim3's
 * HBM2_8Gb_x128 on CL, tRCD, tRP, tRAS) as nanosecond formulas, so the
 * 2.4 Gb/s and HBM2E bins round them with the JEDEC rule (this reproduces
 * Ramulator 2.1's 2.4 and 3.8 Gb/s sets within a clock):
 *   CL 14 ns, CWL 5 ns, tRCDRD 14 ns, tRCDWR 12 ns, tRP 14 ns, tRAS 34 ns,
 *   tRC 48 ns, tWR 16 ns, tRTP 5 ns, tRRD_S = tRRD_L = max(4 nCK, 4 ns) --
 *   DRAMsim3 has tRRD_L 6: we take 6 ns for the same bank group --,
 *   tFAW max(8 nCK, 15 ns), tCCD_S 2 nCK, tCCD_L max(4 nCK, 3 ns),
 *   tWTR_S 6 ns, tWTR_L 8 ns; tRTW = CL + nBL + 2 - CWL (nRTW_GAP 2);
 *   tREFI 3.9 us; tRFCpb (REFSB in JESD235) 160 ns for 8 Gb dies, 200 ns for
 *   16 Gb; tRREFD max(4 nCK, 8 ns); tRFCab by channel density (one stack
 *   ID's share of a channel, die density / 2 channels per die): <= 4 Gb
 *   260 ns, <= 8 Gb 350 ns (Ramulator 2.1 _resolve_nRFC; DRAMsim3 uses 260
 *   for the 8 Gb die).
 *  - nRTRS 1 (column commands to different stack IDs: one idle clock on the
 *    data bus) is a controller choice, as for DDR ranks.
 *  - Refresh postponement: 8 REFab (as AMD's Versal HBM controller allows;
 *    no JEDEC text was available: ASSUMPTION); per-bank mode, 8 rounds.
 */
#include "standards/standard.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* CL, tRCD, tRP and CWL come from the formulas: a bin is a data rate. */
static const ms_speed hbm2_speeds[] = {
    {"HBM2-1600", 1600, 0, 0, 0, 0},
    {"HBM2-2000", 2000, 0, 0, 0, 0},
    {"HBM2-2400", 2400, 0, 0, 0, 0},
};

static const ms_speed hbm2e_speeds[] = {
    {"HBM2E-3200", 3200, 0, 0, 0, 0},
    {"HBM2E-3600", 3600, 0, 0, 0, 0},
};

/* Per pseudo-channel and stack ID: 4 bank groups x 4 banks, a 1 KB page
 * (32 columns of BL4 x 64 bits). A die holds 2 channels = 4 pseudo-channels:
 * an 8 Gb die gives 256 MiB per pseudo-channel (gem5 HBM_2000_4H_1x64),
 * a 16 Gb die 512 MiB (Intel 773264 §3.3). */
static const ms_org hbm2_orgs[] = {
    {"8Gb", 8, 128, 4, 4, 16384, 128, MS_PAGE_1K},
};

static const ms_org hbm2e_orgs[] = {
    {"8Gb", 8, 128, 4, 4, 16384, 128, MS_PAGE_1K},
    {"16Gb", 16, 128, 4, 4, 32768, 128, MS_PAGE_1K},
};

static const ms_formula hbm2_formulas[] = {
    {MS_T_CL, MS_PAGE_ANY, 0, 65535, 14000, 0},   {MS_T_CWL, MS_PAGE_ANY, 0, 65535, 5000, 0},
    {MS_T_RCD, MS_PAGE_ANY, 0, 65535, 14000, 0},  {MS_T_RCD_WR, MS_PAGE_ANY, 0, 65535, 12000, 0},
    {MS_T_RP, MS_PAGE_ANY, 0, 65535, 14000, 0},   {MS_T_RAS, MS_PAGE_ANY, 0, 65535, 34000, 0},
    {MS_T_RC, MS_PAGE_ANY, 0, 65535, 48000, 0},   {MS_T_WR, MS_PAGE_ANY, 0, 65535, 16000, 0},
    {MS_T_RTP, MS_PAGE_ANY, 0, 65535, 5000, 0},   {MS_T_CCD_S, MS_PAGE_ANY, 0, 65535, 0, 2},
    {MS_T_CCD_L, MS_PAGE_ANY, 0, 65535, 3000, 4}, {MS_T_CCD_L_WR, MS_PAGE_ANY, 0, 65535, 3000, 4},
    {MS_T_RRD_S, MS_PAGE_ANY, 0, 65535, 4000, 4}, {MS_T_RRD_L, MS_PAGE_ANY, 0, 65535, 6000, 4},
    {MS_T_FAW, MS_PAGE_ANY, 0, 65535, 15000, 8},  {MS_T_WTR_S, MS_PAGE_ANY, 0, 65535, 6000, 0},
    {MS_T_WTR_L, MS_PAGE_ANY, 0, 65535, 8000, 0}, {MS_T_RREFD, MS_PAGE_ANY, 0, 65535, 8000, 4},
};

/* tRFCab by channel density, tRFCpb by die density. */
static const ms_density hbm2_densities[] = {
    {8, 260000, 160000},
    {16, 350000, 200000},
};

static const ms_rule_set *const hbm2_rule_sets[] = {&memsim__jedec_core_rules, &memsim__hbm_rules};

/* Currents of one pseudo-channel of one stack ID: half of DRAMsim3's
 * HBM2_8Gb_x128 per-channel figures (IDD0 65, IDD2N 40, IDD3N 55, IDD4R 390,
 * IDD4W 500, IDD5AB 250 mA at 1.2 V, 2 Gb/s; memory-facts.md §3), ASSUMPTION:
 * a pseudo-channel draws half its legacy channel. No VPP figures (0).
 * Interface 0.5 pJ/bit: ASSUMPTION, unterminated interposer wires. */
#define HBM2_POWER                                                                                 \
    {                                                                                              \
        .vdd = 1.2, .idd0 = 32.5, .idd2n = 20, .idd3n = 27.5, .idd4r = 195, .idd4w = 250,          \
        .idd5b = 125, .rate_mts = 2000, .io_rd_pj_bit = 0.5, .io_wr_pj_bit = 0.5,                  \
        .source = "DRAMsim3 HBM2_8Gb_x128 IDD halved per pseudo-channel (ASSUMPTION); "            \
                  "interface energy ASSUMPTION"                                                    \
    }

#define HBM2_COMMON                                                                                \
    .channel_bits = 128, .pcs = 2, .burst = 4, .beats_per_clock = 2, .units_per_clock = 1,         \
    .col_align = 1, .has_refpb = 1, .max_postpone = 8, .max_postpone_sb = 8, .refi_ps = 3900000,   \
    .cmd_cycles = {[MS_CMD_ACT] = 2},                                                              \
    .cmd_bus = {[MS_CMD_RD] = MS_BUS_COL,                                                          \
                [MS_CMD_RDA] = MS_BUS_COL,                                                         \
                [MS_CMD_WR] = MS_BUS_COL,                                                          \
                [MS_CMD_WRA] = MS_BUS_COL},                                                        \
    .formulas = hbm2_formulas, .n_formulas = N(hbm2_formulas), .densities = hbm2_densities,        \
    .n_densities = N(hbm2_densities), .rule_sets = hbm2_rule_sets,                                 \
    .n_rule_sets = N(hbm2_rule_sets), .fixed = {[MS_T_RTW_GAP] = 2, [MS_T_RTRS] = 1},              \
    .channels_per_stack = 8, .dies_per_sid = 4, .power = HBM2_POWER

const ms_standard memsim__hbm2 = {
    .name = "HBM2",
    .default_org = "8Gb",
    .source = "JESD235 structure; Ramulator 2.1 hbm2.py / DRAMsim3 HBM2 timings at 2.0 Gb/s",
    .speeds = hbm2_speeds,
    .n_speeds = N(hbm2_speeds),
    .orgs = hbm2_orgs,
    .n_orgs = N(hbm2_orgs),
    HBM2_COMMON,
};

const ms_standard memsim__hbm2e = {
    .name = "HBM2E",
    .default_org = "16Gb",
    .source = "HBM2 timings in ns (no public HBM2E AC table); Intel 773264 / AMD PG313 geometry",
    .speeds = hbm2e_speeds,
    .n_speeds = N(hbm2e_speeds),
    .orgs = hbm2e_orgs,
    .n_orgs = N(hbm2e_orgs),
    HBM2_COMMON,
};
