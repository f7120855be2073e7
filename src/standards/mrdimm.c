/*
 * mrdimm.c - the DDR5 multiplexed-rank DIMM (MRDIMM; SK hynix, Intel and
 * Renesas's MCR DIMM) as a variant of DDR5: everything not written here --
 * bins, organisations, formulas, refresh times, every DDR5 timing rule -- is
 * DDR5's (memsim__standard_compose).
 *
 * What the module adds (../shared/reference/memory-facts.md §2):
 *  - The devices of one 32-bit subchannel form pseudo-channels PC0 and PC1
 *    (dram.pcs: 2, or 4 for the 4:1 variants), each a whole-width rank (two
 *    on a tall module) with its own banks and device data bus at the DDR5
 *    device rate: MRDIMM-8800 is DDR5-4400 devices (Intel server memory
 *    reference code: host = 2 x DRAM rate).
 *  - The data buffers (MDB) interleave the pseudo-channels' 64-byte bursts on
 *    one host data bus running pcs times faster: BL16 takes 8 host clocks
 *    (nBL_HOST) where a device needs 8 device clocks = 16 host clocks. The
 *    engine cycle is therefore one host clock (units_per_clock = pcs), and
 *    every DDR5 timing becomes pcs times as many cycles.
 *  - Host-bus rules (rows below): bursts at least nBL_HOST apart; between
 *    bursts of different pseudo-channels in one direction nRTRS_HOST = 0 (the
 *    MDB drives every read burst and receives every write burst, so there is
 *    no driver change: ASSUMPTION, consistent with "the bursts interleave
 *    without gaps"); read-to-write nRTW_HOST = 4 host clocks (DDR5's nRTW_GAP
 *    derivation -- preambles and postambles -- applied at the host interface:
 *    ASSUMPTION); write-to-read of another pseudo-channel nWTR_HOST = 2 host
 *    clocks (DDR5's rank-switch nRTRS at the host interface: ASSUMPTION).
 *    One read/write direction for both pseudo-channels follows: the
 *    controller drains writes per channel.
 *  - Shared command/address bus: the host CA runs at the host clock, so a
 *    two-clock DDR5 command occupies it for 2 host clocks (cmd_cycles, DDR5's
 *    values); the pseudo-channels take turns in slots of nCA_SLOT host clocks
 *    (default one device clock), PC0 in even and PC1 in odd slots (Intel
 *    US20230071117; a public SystemC MRDIMM controller). Every device
 *    command lands on a device clock edge.
 *  - Slot compensation: pseudo-channel p's commands come p slots after
 *    PC0's, so the buffers delay its host burst by ((pcs - 1 - p) slots) mod
 *    G, G = gcd(nBL_HOST, pcs x nCA_SLOT) (the "timing offset" the MRCD
 *    signals to the data buffers, Intel US20220229790A1; memsim__pc_skew):
 *    every burst then lies on one grid of G host clocks and the bursts of
 *    all pseudo-channels follow one another with no gap. pcs 2: G is the
 *    4-clock round, skews 1 and 0 slots; pcs 4: rounds of 16, G = 8, skews
 *    4, 0, 4, 0 host clocks. Without it the slot grid (4 host clocks) and
 *    the burst (8) never line up for alternate pseudo-channels and a stream
 *    loses 20 %; unreduced ((pcs - 1 - p) slots) the four bursts of a pcs 4
 *    round land on one instant and a stream gets 46 % of the host bus.
 *  - nMUX: the MRCD/MDB latency the host sees on every read, in host
 *    clocks. Not public. Default: nBL - nBL_HOST (a read's host burst cannot
 *    end before its device burst: 8 host clocks) plus 4 host clocks (one
 *    device clock each for the MRCD and the MDB): ASSUMPTION, 12 host
 *    clocks = 2.7 ns at 8800 MT/s.
 * With dram.mux: false the host bus runs at the device rate and the module
 * is exactly a dual-rank DDR5 RDIMM (nBL_HOST = nBL, nRTRS_HOST = nWTR_HOST =
 * nRTRS, nRTW_HOST = nRTW_GAP, no slots, nMUX 0), which tests/test_mrdimm.c
 * checks run by run.
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
#define N(a) (sizeof(a) / sizeof((a)[0]))

/* The host data bus, shared by every pseudo-channel of the channel, written
 * per pair of pseudo-channels: same (sibling 0) or other (sibling 1). The
 * engine shifts the other-PC rows by the buffers' slot compensation
 * (memsim__pc_skew). The device data bus of each pseudo-channel keeps DDR5's
 * rows (jedec_rules.c). */
static const ms_rule host_rules[] = {
    {"tBL_HOST", P, 0, 0, MS_SET_RD, MS_SET_RD, {T(MS_T_BL_HOST)}, 0},
    {"tBL_HOST", P, 0, 0, MS_SET_WR, MS_SET_WR, {T(MS_T_BL_HOST)}, 0},
    {"tRTRS_HOST", P, 1, 0, MS_SET_RD, MS_SET_RD, {T(MS_T_BL_HOST), T(MS_T_RTRS_HOST)}, 0},
    {"tRTRS_HOST", P, 1, 0, MS_SET_WR, MS_SET_WR, {T(MS_T_BL_HOST), T(MS_T_RTRS_HOST)}, 0},
    {"tRTW_HOST",
     P,
     0,
     0,
     MS_SET_RD,
     MS_SET_WR,
     {T(MS_T_CL), T(MS_T_BL_HOST), T(MS_T_RTW_HOST), TN(MS_T_CWL)},
     0},
    {"tRTW_HOST",
     P,
     1,
     0,
     MS_SET_RD,
     MS_SET_WR,
     {T(MS_T_CL), T(MS_T_BL_HOST), T(MS_T_RTW_HOST), TN(MS_T_CWL)},
     0},
    {"tWTR_HOST",
     P,
     1,
     0,
     MS_SET_WR,
     MS_SET_RD,
     {T(MS_T_CWL), T(MS_T_BL_HOST), T(MS_T_WTR_HOST), TN(MS_T_CL)},
     0},
};

const ms_rule_set memsim__mrdimm_rules = {host_rules, N(host_rules)};

static const ms_rule_set *const rule_sets[] = {&memsim__jedec_core_rules, &memsim__ddr5_rules,
                                               &memsim__mrdimm_rules};

/* Gen1 8800 and Gen2 12800 (JEDEC roadmap; memory-facts.md §2). A standard
 * module has one rank per pseudo-channel of 16 Gb x4 devices (2 x 8 devices
 * x 2 GB = 32 GB per subchannel, 64 GB per DIMM); a tall one two ranks of
 * 32 Gb x4 devices (256 GB per DIMM, the size Rambus and Micron list). */
static const ms_module modules[] = {
    {"MRDIMM-8800", "DDR5-4400", 1, "16Gb_x4",
     "Gen1: DDR5-4400 devices, host 8800 MT/s (Intel Xeon 6 MRC table)"},
    {"MRDIMM-8800-tall", "DDR5-4400", 2, "32Gb_x4", "Gen1 tall: two ranks per pseudo-channel"},
    {"MRDIMM-12800", "DDR5-6400", 1, "16Gb_x4",
     "Gen2: DDR5-6400 devices, host 12800 MT/s (JEDEC roadmap)"},
    {"MRDIMM-12800-tall", "DDR5-6400", 2, "32Gb_x4", "Gen2 tall: two ranks per pseudo-channel"},
};

const ms_standard memsim__mrdimm = {
    .name = "MRDIMM",
    .base = &memsim__ddr5,
    .pcs = 2,
    .host_mux = 1,
    .source = "DDR5 (JESD79-5) devices behind MRCD/MDB buffers; host interface from Intel "
              "US20230071117 and memory-facts.md §2; host-bus gaps and nMUX are ASSUMPTIONS",
    .rule_sets = rule_sets,
    .n_rule_sets = N(rule_sets),
    .fixed = {[MS_T_RTW_HOST] = 4, [MS_T_WTR_HOST] = 2},
    .modules = modules,
    .n_modules = N(modules),
    /* The devices are DDR5's (composed). Data cross two interfaces, device to
     * MDB and MDB to host: 2 x DDR5's 3 pJ/bit (ASSUMPTION). The MRCD and ten
     * MDBs: 4 W per module (ASSUMPTION; a 256 GB tall MRDIMM draws about
     * 20 W in all, memory-facts.md §2, which docs/energy.md checks). */
    .power = {.io_rd_pj_bit = 6.0,
              .io_wr_pj_bit = 6.0,
              .module_w = 4.0,
              .source = "DDR5 devices (Micron 16Gb rev A IDD); two-hop interface energy and "
                        "4 W MRCD/MDB power per module are ASSUMPTIONS"},
};
