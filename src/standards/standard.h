/*
 * standard.h - how a DRAM standard is written down: as const tables.
 *
 * A standard (ddr4.c, ddr5.c, ...) is data only: its levels are fixed
 * (channel > rank > bank group > bank), its commands come from one shared
 * enum, and it supplies
 *   - speed presets (data rate, CL-tRCD-tRP, CWL),
 *   - organisation presets (density, width, banks, rows, columns, page class),
 *   - nanosecond formulas for the remaining timings, chosen by page class and
 *     data-rate range, rounded to clocks by memsim__nck() (JEDEC guard band),
 *   - density-dependent refresh times,
 *   - timing rules {scope level, sibling, preceding set, following set,
 *     latency as a sum of parameters, window}.
 * The engine (src/core/timing.c) flattens the rules per preceding command at
 * create time; the checker (src/check) never sees these tables.
 * A variant composes a base standard by pointing at its tables and adding rows.
 */
#ifndef MEMSIM_STANDARD_H
#define MEMSIM_STANDARD_H

#include <stddef.h>
#include <stdint.h>

/* Levels of the hierarchy. ORDER LEVEL. A pseudo-channel (HBM, MRDIMM) has its
 * own banks and data bus but shares the channel's command buses; DDR4/DDR5
 * have one pseudo-channel per channel. "Rank" is the stack ID (SID) in HBM. */
enum { MS_LVL_CHANNEL = 0, MS_LVL_PC, MS_LVL_RANK, MS_LVL_BANKGROUP, MS_LVL_BANK, MS_LVL_COUNT };

/* Commands, shared by every standard. ORDER CMD: keep memsim__cmd_names in step. */
typedef enum ms_cmd {
    MS_CMD_ACT = 0,
    MS_CMD_PRE,
    MS_CMD_PREA,
    MS_CMD_PRESB,
    MS_CMD_RD,
    MS_CMD_RDA,
    MS_CMD_WR,
    MS_CMD_WRA,
    MS_CMD_REF,
    MS_CMD_REFSB,
    MS_CMD_REFPB,
    MS_CMD_COUNT
} ms_cmd;

#define MS_SET(c)  (1u << (c))
#define MS_SET_RD  (MS_SET(MS_CMD_RD) | MS_SET(MS_CMD_RDA))
#define MS_SET_WR  (MS_SET(MS_CMD_WR) | MS_SET(MS_CMD_WRA))
#define MS_SET_COL (MS_SET_RD | MS_SET_WR)
#define MS_SET_PRE (MS_SET(MS_CMD_PRE) | MS_SET(MS_CMD_PREA) | MS_SET(MS_CMD_PRESB))
#define MS_SET_ALL ((1u << MS_CMD_COUNT) - 1u)

/* What a command addresses. */
enum { MS_SCOPE_BANK = 0, MS_SCOPE_BANKSET, MS_SCOPE_RANK };

extern const char *const memsim__cmd_names[MS_CMD_COUNT];
extern const uint8_t memsim__cmd_scope[MS_CMD_COUNT];

/* Timing parameters, in clocks once resolved. ORDER PARAM: keep
 * memsim__param_names in step. */
typedef enum ms_param {
    MS_T_BL = 0,
    MS_T_CL,
    MS_T_CWL,
    MS_T_RCD,
    MS_T_RP,
    MS_T_RAS,
    MS_T_RC,
    MS_T_WR,
    MS_T_RTP,
    MS_T_CCD_S,
    MS_T_CCD_L,
    MS_T_CCD_L_WR,
    MS_T_RRD_S,
    MS_T_RRD_L,
    MS_T_FAW,
    MS_T_WTR_S,
    MS_T_WTR_L,
    MS_T_RTW_GAP,
    MS_T_RTRS,
    MS_T_RFC,
    MS_T_RFCSB,
    MS_T_REFI,
    MS_T_REFSBRD,
    MS_T_PPD,
    MS_T_RCD_WR, /* ACT to write, where it differs from nRCD (HBM: tRCDWR) */
    MS_T_RFCPB,  /* per-bank refresh cycle (HBM REFpb) */
    MS_T_RREFD,  /* REFpb to ACT or REFpb of another bank (HBM) */
    /* Host-side parameters of a multiplexed module (MRDIMM), in host clocks
     * (engine cycles): never scaled by units_per_clock. */
    MS_T_BL_HOST,   /* host data-bus cycles of one burst */
    MS_T_RTRS_HOST, /* host bus: gap between bursts of different pseudo-channels */
    MS_T_RTW_HOST,  /* host bus: extra read-to-write turnaround */
    MS_T_WTR_HOST,  /* host bus: write-to-read gap, other pseudo-channel */
    MS_T_CA_SLOT,   /* host CA slot: pseudo-channel p owns slots (clk / slot) % pcs == p */
    MS_T_MUX,       /* MRCD/MDB latency adder to every read, as the host sees it */
    MS_T_COUNT
} ms_param;

#define MS_T_FIRST_HOST MS_T_BL_HOST

extern const char *const memsim__param_names[MS_T_COUNT]; /* "nRCD" */

/* One term of a rule latency: coef x parameter. coef 0 ends the list. */
typedef struct ms_term {
    int8_t param;
    int8_t coef;
} ms_term;

#define MS_LAT_TERMS 4

/* A timing rule: after a command in `prev` issues to node N, a command in
 * `next` to the node at `level` that contains N (or, with `sibling`, to the
 * other nodes at `level` under the same parent) waits `latency` clocks. With
 * `window` = k > 1 the rule limits k+1 commands: the next one waits until the
 * k-th most recent one plus `latency` (tFAW: k = 4). A rule whose latency
 * resolves to <= 0 is dropped. */
typedef struct ms_rule {
    const char *name;
    uint8_t level;
    uint8_t sibling;
    uint8_t window;
    uint16_t prev;
    uint16_t next;
    ms_term lat[MS_LAT_TERMS];
    int16_t add;
} ms_rule;

typedef struct ms_rule_set {
    const ms_rule *rules;
    size_t n;
} ms_rule_set;

/* Rows every JEDEC DDR-style standard shares (jedec_rules.c). */
extern const ms_rule_set memsim__jedec_core_rules;
/* DDR5 additions: same-bank refresh and precharge-to-precharge (ddr5.c). */

/* Command buses. */
enum { MS_BUS_CA = 0, MS_BUS_ROW = 0, MS_BUS_COL = 1 };

/* Page classes for formulas that depend on the row-buffer size. */
enum { MS_PAGE_HALF = 1u, MS_PAGE_1K = 2u, MS_PAGE_2K = 4u, MS_PAGE_ANY = 7u };

/* nanosecond formula: param = max(min_nck, nck(ps)) for rates in [rate_lo, rate_hi].
 * The first row matching the page class and rate wins. ps = 0: min_nck only. */
typedef struct ms_formula {
    uint8_t param;
    uint8_t pages;
    uint16_t rate_lo, rate_hi;
    uint32_t ps;
    uint16_t min_nck;
} ms_formula;

/* A speed bin. */
typedef struct ms_speed {
    const char *name; /* "DDR5-4800" (fastest/typical bin) or "DDR5-4800B" */
    uint16_t rate_mts;
    uint8_t cl, rcd, rp, cwl;
} ms_speed;

/* A device organisation. */
typedef struct ms_org {
    const char *name; /* "16Gb_x8" */
    uint8_t density_gb;
    uint8_t dq;
    uint8_t bankgroups, banks_per_group;
    uint32_t rows;
    uint32_t columns;
    uint8_t page; /* MS_PAGE_* */
} ms_org;

/* Refresh times by density. */
typedef struct ms_density {
    uint8_t density_gb;
    uint32_t rfc_ps;   /* all-bank */
    uint32_t rfcsb_ps; /* same-bank; 0 if the standard has none */
} ms_density;

/* A module preset: a bin of the device standard behind a module's buffers
 * (MRDIMM-8800 = DDR5-4400 devices, host interface at twice their rate). */
typedef struct ms_module {
    const char *name;       /* "MRDIMM-8800" */
    const char *device_bin; /* "DDR5-4400": a speed bin of the base standard */
    uint8_t ranks;          /* ranks per pseudo-channel: 1, or 2 for a tall module */
    const char *org;        /* default device organisation */
    const char *note;       /* what is published and what is assumed */
} ms_module;

/* Currents and voltages of one device for the IDD energy model
 * (src/stats/energy.c, docs/energy.md), and the module's interface and
 * buffer power. Currents in mA per device (HBM: per pseudo-channel of one
 * stack ID), voltages in V. A field left 0 in a variant comes from its base;
 * a current of 0 in a composed standard means "none" (no VPP figures). */
typedef struct ms_power {
    double vdd, vpp;
    double idd0, idd2n, idd3n, idd4r, idd4w, idd5b; /* VDD domain */
    double ipp0, ipp2n, ipp3n, ipp4r, ipp4w, ipp5b; /* VPP domain */
    unsigned rate_mts;     /* the bin the IDD4R/W figures were measured at */
    unsigned dq;           /* the device width they were measured at; 0: per pseudo-channel */
    double io_rd_pj_bit;   /* interface (I/O and termination) energy per bit read */
    double io_wr_pj_bit;   /* ... and written */
    double module_w;       /* buffers on the module (MRCD/MDB), W per module */
    unsigned module_chans; /* channels per module: module_w is shared by them */
    const char *source;    /* where the figures come from; ASSUMPTION marks the guesses */
} ms_power;

typedef struct ms_standard ms_standard;

struct ms_standard {
    const char *name;
    /* A variant: every field left 0/NULL here is the base's (memsim__standard_compose). */
    const ms_standard *base;
    uint16_t channel_bits;            /* data width of one channel (all its pseudo-channels) */
    uint8_t pcs;                      /* pseudo-channels per channel; 0 means 1 */
    uint8_t burst;                    /* BL: beats per burst */
    uint8_t beats_per_clock;          /* data beats per command clock: 2 (DDR), 4 (HBM3); 0 = 2 */
    uint8_t units_per_clock;          /* engine cycles per clock: 2 for half-clock row commands */
    uint8_t col_align;                /* column commands start on multiples of this many cycles */
    uint8_t has_refsb;                /* supports same-bank refresh */
    uint8_t has_refpb;                /* supports per-bank refresh (HBM REFpb) */
    uint8_t max_postpone;             /* REFab commands that may be postponed (JEDEC) */
    uint8_t max_postpone_sb;          /* same-bank mode, in units of one REFsb round */
    uint32_t refi_ps;                 /* normal refresh interval */
    uint8_t cmd_cycles[MS_CMD_COUNT]; /* command-bus occupancy in engine cycles; 0 means 1 */
    uint8_t cmd_bus[MS_CMD_COUNT];    /* MS_BUS_*: all 0 for one shared CA bus */
    const char *default_org;
    const char *source; /* where the numbers come from */
    const ms_speed *speeds;
    size_t n_speeds;
    const ms_org *orgs;
    size_t n_orgs;
    const ms_formula *formulas;
    size_t n_formulas;
    const ms_density *densities;
    size_t n_densities;
    const ms_rule_set *const *rule_sets; /* composed: shared JEDEC rows + the standard's own */
    size_t n_rule_sets;
    uint32_t fixed[MS_T_COUNT]; /* parameters fixed in clocks (nRTW_GAP, nRTRS, ...); 0 = n/a */
    uint8_t channels_per_stack; /* HBM: channels of one stack; 0 for DIMM standards */
    uint8_t dies_per_sid;       /* HBM: dies per stack ID (stack_height / this = SIDs) */
    /* MRDIMM: the pseudo-channels are whole-width ranks that take turns on
     * one host data bus running pcs times faster than the devices. */
    uint8_t host_mux;
    const ms_module *modules;
    size_t n_modules;
    ms_power power; /* composed field by field over the base's */
};

/* A chip preset: a device built from HBM stacks, named after the accelerator
 * that carries it. The per-pin rate may be inferred from the published
 * bandwidth: `note` says so. */
typedef struct ms_chip {
    const char *name; /* "trn2" */
    const ms_standard *std;
    uint16_t rate_mts; /* per-pin data rate */
    const char *org;   /* die organisation */
    uint8_t stacks, height;
    const char *note; /* what is published, what is inferred, and where from */
} ms_chip;

/* The standards (one file each; HBM generations compose hbm.c's base). */
extern const ms_standard memsim__ddr4;
extern const ms_standard memsim__ddr5;
extern const ms_standard memsim__hbm2;
extern const ms_standard memsim__hbm2e;
extern const ms_standard memsim__hbm3;
extern const ms_standard memsim__hbm3e;
extern const ms_standard memsim__mrdimm;

/* DDR5's own rows (same-bank refresh), which MRDIMM composes. */
extern const ms_rule_set memsim__ddr5_rules;
/* MRDIMM's rows: the host data bus shared by the pseudo-channels. */
extern const ms_rule_set memsim__mrdimm_rules;

/* Fills *out with `v` over its base: each field `v` leaves 0 or NULL (each
 * element of fixed[], cmd_cycles[], cmd_bus[]) comes from v->base. */
void memsim__standard_compose(const ms_standard *v, ms_standard *out);

/* Module presets of every standard: the one named `name` (and its standard), or NULL. */
const ms_module *memsim__module_find(const char *name, const ms_standard **std);

/* Rows every HBM generation shares on top of the JEDEC rows: per-bank refresh. */
extern const ms_rule_set memsim__hbm_rules;

/* Chip presets (chips.c). */
size_t memsim__chip_count(void);
const ms_chip *memsim__chip_get(size_t i);
const ms_chip *memsim__chip_find(const char *name);

/* Registry (registry.c). */
size_t memsim__standard_count(void);
const ms_standard *memsim__standard_get(size_t i);
const ms_standard *memsim__standard_find(const char *name);
/* Finds the speed preset `name` in any standard; sets *std. */
const ms_speed *memsim__speed_find(const char *name, const ms_standard **std);
const ms_org *memsim__org_find(const ms_standard *std, const char *name);

/* JEDEC rounding: clocks for a time of `ps` picoseconds at `rate_mts`
 * (tCK = 2e6 / rate ps): ceil(t/tCK - 0.025), computed in integers as
 * (floor(1000 t/tCK) + 974) / 1000 -- the guard band of JESD79-4/5's rounding
 * algorithm, which keeps a value within 2.5 % above an integer from rounding up. */
uint32_t memsim__nck(uint64_t ps, unsigned rate_mts);
/* The clock rate as memsim__nck() wants it: twice the command clock in MHz
 * (= the data rate for DDR4/DDR5; half of it for HBM3, whose data run at four
 * times the clock). */
unsigned memsim__nck_rate(const ms_standard *std, unsigned rate_mts);

#endif
