/*
 * hbm3.c - HBM3 (JESD238) and HBM3E as tables; HBM3E composes HBM3's
 * formulas and rules and adds its faster bins and denser dies.
 *
 * A stack has 16 channels of 64 bits, each two 32-bit pseudo-channels. Data
 * run at four times the command clock (a 6.4 Gb/s pin has a 1.6 GHz clock,
 * tCK 0.625 ns); BL8 moves 32 bytes per pseudo-channel in 2 clocks. Row
 * commands use the row bus: ACT for 1.5 clocks, the others for half a clock;
 * column commands use the column bus for one clock and start on a rising
 * edge. memsim's cycle for HBM is therefore half a clock (units_per_clock 2):
 * every timing below, given in clocks or nanoseconds, becomes twice as many
 * cycles. Sources (../shared/reference/memory-facts.md §3):
 *  - timings at 6.4 Gb/s, as published with Ramulator 2.1's hbm3.py, turned
 *    into nanoseconds at tCK 0.625 ns so that other data rates round them
 *    with the JEDEC rule: CL 20 (12.5 ns), tRCDRD 31 (19.375 ns), tRCDWR 15
 *    (9.375 ns), tRP 26 (16.25 ns), tRAS 45 (28.125 ns), tRC 72 (45 ns),
 *    tWR 33 (20.625 ns), tRTP 9 (5.625 ns), tRRDS 4 (2.5 ns), tRRDL 5
 *    (3.125 ns), tFAW 24 (15 ns), tWTRS 7 (4.375 ns), tWTRL 10 (6.25 ns);
 *    CWL 10 (6.25 ns); tCCDS 2, tCCDL 4 and tPPD 2 clocks;
 *  - tCCDR 3 clocks (column to column, other stack ID) = nBL + nRTRS: nRTRS 1;
 *  - tRTW 20 clocks at 6.4 Gb/s = CL + nBL + nRTW_GAP - CWL: nRTW_GAP 8;
 *  - tRFCpb 200 ns, tREFI 3.9 us, tRREFD max(3 nCK, 8 ns);
 *    tRFCab by channel density (JESD238 table 84): <= 4 Gb 260 ns,
 *    <= 8 Gb 350 ns, <= 16 Gb 450 ns, else 550 ns. Channel density here is
 *    one stack ID's share of a channel (die density / 4 channels per die).
 *  - up to 8 REFab may be postponed (as in HBM2); per-bank mode: 8 rounds.
 * HBM3E reuses every HBM3 formula: vendors publish only the pin rate and the
 * die density for it, so its bins are the HBM3 nanosecond values at 8.0 to
 * 9.8 Gb/s (ASSUMPTION, stated in `memsim presets`).
 */
#include "standards/standard.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* CL, tRCD, tRP and CWL come from the formulas: a bin is a data rate. */
static const ms_speed hbm3_speeds[] = {
    {"HBM3-4800", 4800, 0, 0, 0, 0}, {"HBM3-5200", 5200, 0, 0, 0, 0},
    {"HBM3-5600", 5600, 0, 0, 0, 0}, {"HBM3-6000", 6000, 0, 0, 0, 0},
    {"HBM3-6400", 6400, 0, 0, 0, 0},
};

static const ms_speed hbm3e_speeds[] = {
    {"HBM3E-8000", 8000, 0, 0, 0, 0}, {"HBM3E-8400", 8400, 0, 0, 0, 0},
    {"HBM3E-9200", 9200, 0, 0, 0, 0}, {"HBM3E-9600", 9600, 0, 0, 0, 0},
    {"HBM3E-9800", 9800, 0, 0, 0, 0},
};

/* Per pseudo-channel and stack ID: 4 bank groups x 4 banks, a 1 KB page
 * (32 columns of BL8 x 32 bits). A die holds 4 channels = 8 pseudo-channels,
 * so rows = die density / (8 x 16 banks x 8 Kb). 24 Gb dies have 24K rows. */
static const ms_org hbm3_orgs[] = {
    {"8Gb", 8, 64, 4, 4, 8192, 256, MS_PAGE_1K},
    {"16Gb", 16, 64, 4, 4, 16384, 256, MS_PAGE_1K},
};

static const ms_org hbm3e_orgs[] = {
    {"16Gb", 16, 64, 4, 4, 16384, 256, MS_PAGE_1K},
    {"24Gb", 24, 64, 4, 4, 24576, 256, MS_PAGE_1K},
    {"32Gb", 32, 64, 4, 4, 32768, 256, MS_PAGE_1K},
};

static const ms_formula hbm3_formulas[] = {
    {MS_T_CL, MS_PAGE_ANY, 0, 65535, 12500, 0},   {MS_T_CWL, MS_PAGE_ANY, 0, 65535, 6250, 0},
    {MS_T_RCD, MS_PAGE_ANY, 0, 65535, 19375, 0},  {MS_T_RCD_WR, MS_PAGE_ANY, 0, 65535, 9375, 0},
    {MS_T_RP, MS_PAGE_ANY, 0, 65535, 16250, 0},   {MS_T_RAS, MS_PAGE_ANY, 0, 65535, 28125, 0},
    {MS_T_RC, MS_PAGE_ANY, 0, 65535, 45000, 0},   {MS_T_WR, MS_PAGE_ANY, 0, 65535, 20625, 0},
    {MS_T_RTP, MS_PAGE_ANY, 0, 65535, 5625, 0},   {MS_T_CCD_S, MS_PAGE_ANY, 0, 65535, 0, 2},
    {MS_T_CCD_L, MS_PAGE_ANY, 0, 65535, 0, 4},    {MS_T_CCD_L_WR, MS_PAGE_ANY, 0, 65535, 0, 4},
    {MS_T_RRD_S, MS_PAGE_ANY, 0, 65535, 2500, 2}, {MS_T_RRD_L, MS_PAGE_ANY, 0, 65535, 3125, 2},
    {MS_T_FAW, MS_PAGE_ANY, 0, 65535, 15000, 0},  {MS_T_WTR_S, MS_PAGE_ANY, 0, 65535, 4375, 0},
    {MS_T_WTR_L, MS_PAGE_ANY, 0, 65535, 6250, 0}, {MS_T_RFCPB, MS_PAGE_ANY, 0, 65535, 200000, 0},
    {MS_T_RREFD, MS_PAGE_ANY, 0, 65535, 8000, 3}, {MS_T_PPD, MS_PAGE_ANY, 0, 65535, 0, 2},
};

/* tRFCab by channel density (one stack ID's share of a channel, Gb): a
 * 16 Gb die has 4 channels, so its channel density is 4 Gb. */
static const ms_density hbm3_densities[] = {
    {8, 260000, 0},
    {16, 260000, 0},
    {24, 350000, 0},
    {32, 350000, 0},
};

static const ms_rule_set *const hbm3_rule_sets[] = {&memsim__jedec_core_rules, &memsim__hbm_rules};

/* Currents of one pseudo-channel of one stack ID. No public HBM3 IDD table:
 * ASSUMPTION, HBM2's per-pseudo-channel currents (hbm2.c) at equal bits per
 * second -- an HBM3 pseudo-channel (32 bits at 4 Gb/s) moves what an HBM2 one
 * (64 bits at 2 Gb/s) does, so rate_mts 4000 -- at HBM3's 1.1 V VDD. */
#define HBM3_POWER                                                                                 \
    {                                                                                              \
        .vdd = 1.1, .idd0 = 32.5, .idd2n = 20, .idd3n = 27.5, .idd4r = 195, .idd4w = 250,          \
        .idd5b = 125, .rate_mts = 4000, .io_rd_pj_bit = 0.5, .io_wr_pj_bit = 0.5,                  \
        .source = "ASSUMPTION: HBM2 pseudo-channel currents (DRAMsim3) at equal bits/s, 1.1 V; "   \
                  "interface energy ASSUMPTION"                                                    \
    }

#define HBM3_COMMON                                                                                \
    .channel_bits = 64, .pcs = 2, .burst = 8, .beats_per_clock = 4, .units_per_clock = 2,          \
    .col_align = 2, .has_refpb = 1, .max_postpone = 8, .max_postpone_sb = 8, .refi_ps = 3900000,   \
    .cmd_cycles =                                                                                  \
        {[MS_CMD_ACT] = 3, [MS_CMD_RD] = 2, [MS_CMD_RDA] = 2, [MS_CMD_WR] = 2, [MS_CMD_WRA] = 2},  \
    .cmd_bus = {[MS_CMD_RD] = MS_BUS_COL,                                                          \
                [MS_CMD_RDA] = MS_BUS_COL,                                                         \
                [MS_CMD_WR] = MS_BUS_COL,                                                          \
                [MS_CMD_WRA] = MS_BUS_COL},                                                        \
    .formulas = hbm3_formulas, .n_formulas = N(hbm3_formulas), .densities = hbm3_densities,        \
    .n_densities = N(hbm3_densities), .rule_sets = hbm3_rule_sets,                                 \
    .n_rule_sets = N(hbm3_rule_sets), .fixed = {[MS_T_RTW_GAP] = 8, [MS_T_RTRS] = 1},              \
    .channels_per_stack = 16, .dies_per_sid = 4, .power = HBM3_POWER

const ms_standard memsim__hbm3 = {
    .name = "HBM3",
    .default_org = "16Gb",
    .source = "JESD238 structure; Ramulator 2.1 hbm3.py timings at 6.4 Gb/s (memory-facts.md §3)",
    .speeds = hbm3_speeds,
    .n_speeds = N(hbm3_speeds),
    .orgs = hbm3_orgs,
    .n_orgs = N(hbm3_orgs),
    HBM3_COMMON,
};

const ms_standard memsim__hbm3e = {
    .name = "HBM3E",
    .default_org = "24Gb",
    .source = "HBM3 timings in ns (ASSUMPTION: HBM3E timings unpublished); Micron/SK hynix "
              "HBM3E pin rates and die densities (memory-facts.md §3)",
    .speeds = hbm3e_speeds,
    .n_speeds = N(hbm3e_speeds),
    .orgs = hbm3e_orgs,
    .n_orgs = N(hbm3e_orgs),
    HBM3_COMMON,
};
