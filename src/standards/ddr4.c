/*
 * ddr4.c - DDR4 SDRAM (JESD79-4) as tables.
 *
 * A channel is 64 bits wide, BL8: one 64-byte burst occupies the data bus for
 * 4 clocks. Sources (JESD79-4 speed-bin and AC-timing tables, as reproduced in
 * Micron's 8Gb/16Gb DDR4 datasheets):
 *  - bins (CL-tRCD-tRP): 1600 J/K/L 10/11/12; 1866 L/M/N 12/13/14;
 *    2133 N/P/R 14/15/16; 2400 P/R/T/U 15/16/17/18; 2666 T/U/V/W 17/18/19/20;
 *    2933 V/W/Y/AA 19/20/21/22; 3200 W/AA/AC 20/22/24. The name without a
 *    letter is the typical (second-fastest) bin, e.g. DDR4-2400 = 2400R 16-16-16.
 *    CWL (1tCK write preamble): 9, 10, 11, 12, 14, 16, 16.
 *  - tRAS 35/34/33/32 ns (1600/1866/2133/2400+), tWR 15 ns, tRTP and tWTR_L
 *    max(4 nCK, 7.5 ns), tWTR_S max(2 nCK, 2.5 ns), tCCD_S 4 nCK, tCCD_L
 *    max(5 nCK, 6.25/5.355/5.355/5 ns), tRRD_S/tRRD_L/tFAW by page size and
 *    bin (table below), tREFI 7.8 us, tRFC1 350 ns (8 Gb) / 550 ns (16 Gb).
 *  - Refresh: up to 8 REF may be postponed (max interval 9 x tREFI).
 *  - Read-to-write: RL + BL/2 - WL + 2 tCK => nRTW_GAP = 2. nRTRS 2 nCK is a
 *    controller choice (rank-to-rank switch), not a JEDEC value.
 *  - DDR4 has one write-to-write spacing: tCCD_L_WR = tCCD_L.
 */
#include "standards/standard.h"

#define BIN(name, rate, cl, cwl)                                                                   \
    {                                                                                              \
        name, rate, cl, cl, cl, cwl                                                                \
    }

static const ms_speed speeds[] = {
    BIN("DDR4-1600", 1600, 11, 9),    BIN("DDR4-1600J", 1600, 10, 9),
    BIN("DDR4-1600K", 1600, 11, 9),   BIN("DDR4-1600L", 1600, 12, 9),
    BIN("DDR4-1866", 1866, 13, 10),   BIN("DDR4-1866L", 1866, 12, 10),
    BIN("DDR4-1866M", 1866, 13, 10),  BIN("DDR4-1866N", 1866, 14, 10),
    BIN("DDR4-2133", 2133, 15, 11),   BIN("DDR4-2133N", 2133, 14, 11),
    BIN("DDR4-2133P", 2133, 15, 11),  BIN("DDR4-2133R", 2133, 16, 11),
    BIN("DDR4-2400", 2400, 16, 12),   BIN("DDR4-2400P", 2400, 15, 12),
    BIN("DDR4-2400R", 2400, 16, 12),  BIN("DDR4-2400T", 2400, 17, 12),
    BIN("DDR4-2400U", 2400, 18, 12),  BIN("DDR4-2666", 2666, 18, 14),
    BIN("DDR4-2666T", 2666, 17, 14),  BIN("DDR4-2666U", 2666, 18, 14),
    BIN("DDR4-2666V", 2666, 19, 14),  BIN("DDR4-2666W", 2666, 20, 14),
    BIN("DDR4-2933", 2933, 20, 16),   BIN("DDR4-2933V", 2933, 19, 16),
    BIN("DDR4-2933W", 2933, 20, 16),  BIN("DDR4-2933Y", 2933, 21, 16),
    BIN("DDR4-2933AA", 2933, 22, 16), BIN("DDR4-3200", 3200, 22, 16),
    BIN("DDR4-3200W", 3200, 20, 16),  BIN("DDR4-3200AA", 3200, 22, 16),
    BIN("DDR4-3200AC", 3200, 24, 16),
};

/* 8 Gb: x4/x8 4 BG x 4 banks, x16 2 BG x 4; rows 128K (x4) / 64K; 1K columns.
 * 16 Gb doubles the rows. Page: x4 512 B, x8 1 KB, x16 2 KB. */
static const ms_org orgs[] = {
    {"8Gb_x4", 8, 4, 4, 4, 131072, 1024, MS_PAGE_HALF},
    {"8Gb_x8", 8, 8, 4, 4, 65536, 1024, MS_PAGE_1K},
    {"8Gb_x16", 8, 16, 2, 4, 65536, 1024, MS_PAGE_2K},
    {"16Gb_x4", 16, 4, 4, 4, 262144, 1024, MS_PAGE_HALF},
    {"16Gb_x8", 16, 8, 4, 4, 131072, 1024, MS_PAGE_1K},
    {"16Gb_x16", 16, 16, 2, 4, 131072, 1024, MS_PAGE_2K},
};

#define HK  (MS_PAGE_HALF | MS_PAGE_1K)
#define ANY MS_PAGE_ANY

/* First matching row wins: {param, pages, rate_lo, rate_hi, ps, min nCK}. */
static const ms_formula formulas[] = {
    {MS_T_RAS, ANY, 0, 1600, 35000, 0},
    {MS_T_RAS, ANY, 1601, 1866, 34000, 0},
    {MS_T_RAS, ANY, 1867, 2133, 33000, 0},
    {MS_T_RAS, ANY, 2134, 65535, 32000, 0},
    {MS_T_WR, ANY, 0, 65535, 15000, 0},
    {MS_T_RTP, ANY, 0, 65535, 7500, 4},
    {MS_T_WTR_S, ANY, 0, 65535, 2500, 2},
    {MS_T_WTR_L, ANY, 0, 65535, 7500, 4},
    {MS_T_CCD_S, ANY, 0, 65535, 0, 4},
    {MS_T_CCD_L, ANY, 0, 1600, 6250, 5},
    {MS_T_CCD_L, ANY, 1601, 2133, 5355, 5},
    {MS_T_CCD_L, ANY, 2134, 65535, 5000, 5},
    {MS_T_CCD_L_WR, ANY, 0, 1600, 6250, 5},
    {MS_T_CCD_L_WR, ANY, 1601, 2133, 5355, 5},
    {MS_T_CCD_L_WR, ANY, 2134, 65535, 5000, 5},
    /* tRRD_S: 1/2K and 1K pages share a row; 2K is slower. */
    {MS_T_RRD_S, HK, 0, 1600, 5000, 4},
    {MS_T_RRD_S, HK, 1601, 1866, 4200, 4},
    {MS_T_RRD_S, HK, 1867, 2133, 3700, 4},
    {MS_T_RRD_S, HK, 2134, 2400, 3300, 4},
    {MS_T_RRD_S, HK, 2401, 2666, 3000, 4},
    {MS_T_RRD_S, HK, 2667, 2933, 2700, 4},
    {MS_T_RRD_S, HK, 2934, 65535, 2500, 4},
    {MS_T_RRD_S, MS_PAGE_2K, 0, 1600, 6000, 4},
    {MS_T_RRD_S, MS_PAGE_2K, 1601, 65535, 5300, 4},
    {MS_T_RRD_L, HK, 0, 1600, 6000, 4},
    {MS_T_RRD_L, HK, 1601, 2133, 5300, 4},
    {MS_T_RRD_L, HK, 2134, 65535, 4900, 4},
    {MS_T_RRD_L, MS_PAGE_2K, 0, 1600, 7500, 4},
    {MS_T_RRD_L, MS_PAGE_2K, 1601, 65535, 6400, 4},
    {MS_T_FAW, MS_PAGE_HALF, 0, 1600, 20000, 16},
    {MS_T_FAW, MS_PAGE_HALF, 1601, 1866, 17000, 16},
    {MS_T_FAW, MS_PAGE_HALF, 1867, 2133, 15000, 16},
    {MS_T_FAW, MS_PAGE_HALF, 2134, 2400, 13000, 16},
    {MS_T_FAW, MS_PAGE_HALF, 2401, 2666, 12000, 16},
    {MS_T_FAW, MS_PAGE_HALF, 2667, 2933, 10875, 16},
    {MS_T_FAW, MS_PAGE_HALF, 2934, 65535, 10000, 16},
    {MS_T_FAW, MS_PAGE_1K, 0, 1600, 25000, 20},
    {MS_T_FAW, MS_PAGE_1K, 1601, 1866, 23000, 20},
    {MS_T_FAW, MS_PAGE_1K, 1867, 65535, 21000, 20},
    {MS_T_FAW, MS_PAGE_2K, 0, 1600, 35000, 28},
    {MS_T_FAW, MS_PAGE_2K, 1601, 65535, 30000, 28},
};

static const ms_density densities[] = {
    {8, 350000, 0},
    {16, 550000, 0},
};

static const ms_rule_set *const rule_sets[] = {&memsim__jedec_core_rules};

#define N(a) (sizeof(a) / sizeof((a)[0]))

const ms_standard memsim__ddr4 = {
    .name = "DDR4",
    .channel_bits = 64,
    .burst = 8,
    .has_refsb = 0,
    .max_postpone = 8,
    .max_postpone_sb = 0,
    .refi_ps = 7800000,
    .cmd_cycles = {0},
    .default_org = "8Gb_x8",
    .source = "JESD79-4 bins and AC timings (Micron 8Gb/16Gb DDR4 datasheets)",
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
    .fixed = {[MS_T_RTW_GAP] = 2, [MS_T_RTRS] = 2},
    /* One 4 Gb x8 die at DDR4-2400 (Micron datasheet figures as published in
     * DRAMPower's memspec MICRON_4Gb_DDR4-2400_8bit_A), used for every
     * density: a denser die's refresh costs more through its longer tRFC.
     * IPP2N/3N/4R/4W: ASSUMPTION, IPP6 (2.6 mA); IPP5B: ASSUMPTION, IPP0.
     * Interface 5 pJ/bit: ASSUMPTION, SSTL/POD termination at 1.2 V. */
    .power = {.vdd = 1.2,
              .vpp = 2.5,
              .idd0 = 60.75,
              .idd2n = 38.25,
              .idd3n = 44.0,
              .idd4r = 184.5,
              .idd4w = 168.75,
              .idd5b = 118.0,
              .ipp0 = 4.05,
              .ipp2n = 2.6,
              .ipp3n = 2.6,
              .ipp4r = 2.6,
              .ipp4w = 2.6,
              .ipp5b = 4.05,
              .rate_mts = 2400,
              .dq = 8,
              .io_rd_pj_bit = 5.0,
              .io_wr_pj_bit = 5.0,
              .module_w = 0,
              .module_chans = 1,
              .source = "Micron 4Gb DDR4-2400 x8 IDD (DRAMPower memspec); IPP details and "
                        "interface energy ASSUMPTIONS"},
};
