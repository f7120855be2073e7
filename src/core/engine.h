/*
 * engine.h - internal structures of the simulator: the resolved specification
 * (immutable after create), per-channel timing state, the controller, and the
 * simulator that owns them all. Nothing here is global: several simulators run
 * side by side in one process.
 *
 * Time is in command-clock cycles (uint64). Per node and command the engine
 * keeps the earliest cycle at which that command may issue ("next" arrays),
 * so "can this command issue now?" is four loads and compares.
 */
#ifndef MEMSIM_ENGINE_H
#define MEMSIM_ENGINE_H

#include <stdint.h>
#include <stdio.h>

#include "memsim/memsim.h"
#include "standards/standard.h"
#include "core/queue.h"
#include "stats/hist.h"

#define MS_NEVER   UINT64_MAX
#define MS_ERR_LEN 512

/* Address-map fields. ORDER FIELD: keep field names in addrmap.c in step. */
enum { MS_F_CH = 0, MS_F_PC, MS_F_RA, MS_F_BG, MS_F_BA, MS_F_RO, MS_F_CO, MS_F_COUNT };

enum { MS_SCHED_FRFCFS = 0, MS_SCHED_FCFS };
enum { MS_PAGE_OPEN = 0, MS_PAGE_CLOSED, MS_PAGE_ADAPTIVE };

/* Fields are digits of a mixed-radix number (the address in bursts): the
 * least significant field is addr % size, and so on up. Power-of-two sizes
 * decode with shifts; others (5 HBM stacks, 3 stack IDs, 24 Gb rows) divide. */
typedef struct ms_addrmap {
    uint8_t order[MS_F_COUNT]; /* fields from least to most significant */
    uint8_t n_fields;
    uint8_t all_pow2; /* every field a power of two: shift[] and bits[] apply */
    uint8_t shift[MS_F_COUNT];
    uint8_t bits[MS_F_COUNT];
    uint32_t size[MS_F_COUNT];
    uint8_t ba_has_bg; /* "Ba" without "Bg": bank-group values are the low Ba digit */
    uint8_t xor_bank;  /* XOR bank group and bank with the low row bits */
    uint8_t offset_bits;
    char text[40];
} ms_addrmap;

/* Everything resolved from the configuration. Not copyable: std points at
 * std_buf. */
typedef struct ms_spec {
    const ms_standard *std; /* composed over its base: every field filled */
    ms_standard std_buf;
    const ms_module *module; /* module preset ("MRDIMM-8800"), or NULL */
    const ms_speed *speed;
    const ms_org *org;
    ms_speed speed_buf; /* a chip preset's speed */
    char speed_name[24];
    char preset[32];
    const ms_chip *chip; /* chip preset ("trn2"), or NULL */
    unsigned stacks;     /* HBM: stacks of the device (channels = stacks x per stack) */
    unsigned stack_height;
    unsigned rate_mts;
    double tck_ps;             /* one engine cycle (half a clock where units = 2) */
    double clk_ps;             /* one command clock */
    uint64_t tps_num, tps_den; /* tck_ps as an exact fraction, for trace times */
    unsigned units;            /* engine cycles per clock */
    unsigned channels, pcs, ranks, bankgroups, banks_per_group, rows, columns;
    unsigned nranks; /* pcs x ranks: the flat rank index is pc * ranks + rank */
    unsigned devices_per_rank;
    unsigned bank_shift; /* log2(banks_per_group): flat bank -> flat bank group */
    unsigned burst, tx_bytes;
    uint64_t capacity;
    uint32_t t[MS_T_COUNT];
    uint8_t has[MS_T_COUNT];
    uint8_t cmd_cycles[MS_CMD_COUNT];
    uint8_t cmd_bus[MS_CMD_COUNT];
    uint8_t dual_bus;  /* separate row and column buses: up to two commands a cycle */
    uint8_t col_align; /* column commands at multiples of this many cycles (1 = any) */
    /* MRDIMM: host data rate / device rate (pcs; 1 with dram.mux false); 0
     * for standards without a host interface. With it, commands land on
     * device clock edges and, with t[MS_T_CA_SLOT], in their pseudo-channel's
     * CA slot (memsim__align). */
    unsigned host_mux;
    double peak_gbps; /* all channels' data buses */
    /* refresh */
    int refresh_on;
    int refresh_sb;
    int refresh_pb;        /* HBM per-bank refresh */
    unsigned ref_units;    /* sb: bank sets; pb: banks per rank; else 1 */
    uint64_t ref_interval; /* cycles between refresh commands of one rank */
    unsigned ref_max_postpone;
    /* controller */
    unsigned rq_depth, wq_depth;
    int scheduler;
    uint64_t age_cap;
    unsigned wr_high, wr_low;
    int page_policy;
    uint64_t page_timeout;
    uint64_t epoch;
    ms_addrmap map;
    ms_power power; /* energy model figures (stats/energy.c) */
} ms_spec;

/* Flattened timing rules: lat[prev][level][sibling][next], 0 = no rule. */
typedef struct ms_window_rule {
    uint8_t level, prev, next, window;
    uint16_t ring_off; /* windows per node of the rules before it (its rings' start) */
    uint32_t lat;
} ms_window_rule;

/* One (level, sibling) group of the flattened rules of a preceding command:
 * the following commands it constrains, with their latencies. */
typedef struct ms_apply_group {
    uint8_t level, sibling, n;
    uint8_t next[MS_CMD_COUNT];
    uint32_t lat[MS_CMD_COUNT];
} ms_apply_group;

/* How memsim__apply raises the entries of one preceding command: the rules
 * on its own nodes (its channel, pseudo-channel, rank, bank group and bank)
 * as one flat list of (following command, latency) by level; the groups of
 * ms_timing.groups that reach other nodes (siblings, a bank set, other
 * pseudo-channels); the window rules it starts. */
#define MS_PLAN_MAX (MS_LVL_COUNT * MS_CMD_COUNT)
typedef struct ms_apply_plan {
    uint8_t seg[MS_LVL_COUNT + 1]; /* level l's rules: [seg[l], seg[l + 1]) */
    uint8_t n_other;
    uint8_t win; /* bit k: window rule k counts this command */
    uint8_t next[MS_PLAN_MAX];
    uint32_t lat[MS_PLAN_MAX];
    uint8_t other[MS_LVL_COUNT * 2]; /* indices into groups[cmd] */
} ms_apply_plan;

typedef struct ms_timing {
    uint32_t lat[MS_CMD_COUNT][MS_LVL_COUNT][2][MS_CMD_COUNT];
    uint8_t has_pc;                                        /* some rule at pseudo-channel level */
    ms_apply_group groups[MS_CMD_COUNT][MS_LVL_COUNT * 2]; /* compact form of lat[] */
    uint8_t n_groups[MS_CMD_COUNT];
    ms_apply_plan plan[MS_CMD_COUNT];
    /* The plans of the controller: without the entries of commands it never
     * issues (RDA and WRA under open or adaptive pages, the refresh commands
     * of the other modes or of no refresh); sibling groups and windows as in
     * plan[]. memsim__apply() keeps every entry (the timing tests ask all). */
    ms_apply_plan plan_ctl[MS_CMD_COUNT];
    /* The command buses: a command takes bus bus[cmd] for bus_cyc[cmd]
     * cycles. Kept as one "free at" cycle per bus (ms_channel.bus_free)
     * rather than as channel entries of every command on the bus; lat[]
     * and groups[] hold only the channel rules longer than that. */
    uint8_t bus[MS_CMD_COUNT], bus_cyc[MS_CMD_COUNT];
    ms_window_rule win[4];
    unsigned n_win;
    /* An issue of this command may raise bank-group or bank entries outside
     * its own bank group (rank-scope and bank-set commands, rules to sibling
     * bank groups): the scheduler's cached candidates of the whole rank go. */
    uint8_t wide[MS_CMD_COUNT];
    /* For a bank-scope command that is not wide: the following commands (a
     * bit each) whose entries it raises at the other banks of its bank group
     * (its own bank-group rules, rules to sibling banks). Cached candidates
     * needing other commands keep their bank part. */
    uint16_t grp_cmds[MS_CMD_COUNT];
} ms_timing;

typedef struct ms_done {
    uint64_t cycle;
    uint64_t id;
    uint8_t is_write;
} ms_done;

typedef struct ms_ring {
    ms_done *d;
    unsigned head, n, cap;
} ms_ring;

typedef struct ms_chan_stats {
    uint64_t reads, writes;
    uint64_t row_hits, row_misses, row_conflicts;
    uint64_t cmds[MS_CMD_COUNT];
    uint64_t busy_cycles;      /* data-bus cycles, summed over pseudo-channels (MRDIMM: host bus) */
    uint64_t rq_area, wq_area; /* occupancy x cycles */
    uint64_t last_change;
    ms_hist rd_lat, wr_lat;
    uint64_t open_cycles; /* bank cycles open or refreshing, closed intervals (stats/energy.c) */
    uint64_t pre_banks;   /* banks closed by PRE, PREA, PRESB, RDA, WRA */
} ms_chan_stats;

typedef struct ms_channel {
    unsigned id;
    const ms_spec *spec;
    const ms_timing *timing;
    struct ms_sim_priv *owner;
    uint8_t has_pc; /* timing->has_pc, here to save a load on the fast path */
    uint8_t grid;   /* has_pc, col_align > 1 or host_mux: the scheduler's grid steps */
    unsigned nb;    /* banks of the channel (all ranks) */
    /* timing state: earliest issue cycle per node and command */
    uint64_t bus_free[2]; /* per command bus: the first cycle it is free */
    uint64_t *nx_ch;      /* [CMD] */
    uint64_t *nx_pc;      /* [pc][CMD] */
    uint64_t *nx_rank;    /* [flat rank][CMD] */
    uint64_t *nx_bg;      /* [rank*bg][CMD] */
    uint64_t *nx_bank;    /* [bank][CMD] */
    uint64_t *win_ring;   /* per window rule: nodes x window */
    uint8_t *win_pos;
    /* bank state */
    int32_t *open_row;   /* -1 = closed */
    uint64_t *last_col;  /* cycle of the last column command per bank */
    uint16_t *pend;      /* queued requests per bank */
    uint16_t *hits;      /* queued requests hitting the open row per bank */
    unsigned *rank_pend; /* queued requests per rank */
    unsigned *rank_open; /* open banks per rank */
    /* refresh state per rank */
    uint8_t *rank_pc; /* per flat rank: its pseudo-channel (rank / ranks, no division) */
    uint64_t *ref_due;
    unsigned *ref_debt;
    unsigned *ref_next_bank; /* sb: next bank set; pb: next bank of the rank */
    uint8_t *ref_busy;       /* refresh urgent, or its precharge issued: requests wait */
    unsigned n_busy;         /* ranks with ref_busy set (set_busy() keeps it) */
    uint64_t ref_next;       /* the earliest ref_due (0: not yet computed) */
    uint8_t ref_owed;        /* some rank owes a refresh (ref_busy implies it) */
    uint64_t *open_at;       /* per bank: cycle of its ACT while open (energy) */
    /* queues */
    ms_queue rq, wq;
    int draining;
    ms_ring done;
    uint64_t wake; /* earliest cycle at which the controller may act */
    ms_chan_stats st;
} ms_channel;

/* Epoch time-series sample. */
typedef struct ms_epoch {
    uint64_t end_cycle;
    uint64_t reads, writes;
    double rd_lat_sum;
    double energy_pj; /* cumulative */
} ms_epoch;

typedef struct ms_sim_priv ms_sim_priv;

/* spec.c */
memsim_status memsim__spec_resolve(const memsim_config *cfg, ms_spec *spec, char *err, size_t len);

/* timing.c */
void memsim__timing_build(const ms_spec *spec, ms_timing *tm);
/* Raises the timing entries that `cmd` issued to (flat rank, bg, ba) at t
 * constrains (memsim__apply_inline() below, out of line for the tests). */
void memsim__apply(ms_channel *c, ms_cmd cmd, unsigned rank, unsigned bg, unsigned ba, uint64_t t);
void memsim__apply_rest(ms_channel *c, ms_cmd cmd, unsigned rank, unsigned bg, unsigned ba,
                        uint64_t t);

/* addrmap.c */
memsim_status memsim__addrmap_parse(ms_spec *spec, const char *text, int xor_bank, char *err,
                                    size_t len);
void memsim__addrmap_decode(const ms_spec *spec, uint64_t addr, unsigned *ch, ms_req *r);

/* ctrl.c */
memsim_status memsim__chan_init(ms_channel *c, const ms_spec *spec, const ms_timing *tm,
                                unsigned id);
void memsim__chan_free(ms_channel *c);
/* Issues at most one command at `now`; returns 1 if one issued. *wake gets the
 * next cycle at which the channel must tick again (now + 1 after an issue). */
int memsim__chan_tick(ms_channel *c, uint64_t now, FILE *trace, uint64_t *wake);
void memsim__chan_enqueue(ms_channel *c, const ms_req *r, uint64_t now);
void memsim__chan_finish_stats(ms_channel *c, uint64_t now);
/* One line on the controller's state, for the watchdog's error message. */
void memsim__chan_describe(const ms_channel *c, uint64_t now, char *buf, size_t len);

/* ---- inline fast path ---- */

/* The host-bus delay the data buffers add to pseudo-channel pc's bursts so
 * that the CA slots line up with the burst cadence (0 without slots):
 * skew(pc) = ((pcs - 1 - pc) x nCA_SLOT) mod G, G = gcd(nBL_HOST, pcs x
 * nCA_SLOT). pc's commands come pc slots into a CA round of pcs x nCA_SLOT
 * host clocks, so its bursts start (pcs - 1) x nCA_SLOT mod G into a round,
 * as every pc's: all host bursts lie on one grid of G host clocks, the
 * finest that both bursts and rounds keep, at the smallest delay (< G). At
 * the defaults the pcs also spread evenly over the grid's points in a round,
 * so the bursts of all pcs follow one another without a gap. pcs 2 (G = the
 * round, 4): skews 2 and 0; pcs 4 (slots of 4, rounds of 16, G = 8): 4, 0, 4,
 * 0. (Unreduced, (pcs - 1 - pc) slots put the four bursts of a pcs 4 round on
 * one instant: one 8-clock burst per 16-clock round.) A host-bus rule from pc
 * a to pc b then reads t_b >= t_a + x + skew(a) - skew(b). */
static inline uint64_t memsim__pc_skew(const ms_spec *s, unsigned pc)
{
    const uint64_t slot = s->t[MS_T_CA_SLOT];
    if (!slot) return 0;
    uint64_t g = s->t[MS_T_BL_HOST], r = slot * s->pcs; /* g = gcd(nBL_HOST, round) */
    while (r) {
        const uint64_t m = g % r;
        g = r;
        r = m;
    }
    return (uint64_t)(s->pcs - 1u - pc) * slot % g;
}

/* The earliest cycle at or after `ready` and `now` at which `cmd` to
 * pseudo-channel `pc` may start on the command bus grid: column commands on
 * multiples of col_align (HBM3: rising edges); with a host interface
 * (MRDIMM) every command on a device clock edge and in a CA slot of its
 * pseudo-channel: (cycle / slot) % pcs == pc. */
static inline uint64_t memsim__align(const ms_spec *s, ms_cmd cmd, unsigned pc, uint64_t ready,
                                     uint64_t now)
{
    if (ready < now) ready = now;
    if (s->col_align > 1 && cmd >= MS_CMD_RD && cmd <= MS_CMD_WRA) {
        const uint64_t a = s->col_align;
        ready = a & (a - 1u) ? (ready + a - 1u) / a * a : (ready + a - 1u) & ~(a - 1u);
    }
    if (s->host_mux) {
        uint64_t u = s->units, slot = s->t[MS_T_CA_SLOT];
        ready = (ready + u - 1u) / u * u;
        if (slot) { /* slot is a multiple of u: a window holds device edges */
            uint64_t period = slot * s->pcs, start = ready - ready % period + pc * slot;
            if (ready >= start + slot) start += period;
            if (ready < start) ready = start;
        }
    }
    return ready;
}

/* The earliest cycle `cmd` may issue to (flat rank, bg, ba): the max of the
 * channel, pseudo-channel, rank, bank-group and bank entries (every bank of a
 * set for PRESB/REFSB). Inline: the scheduler asks this for every queued
 * request. */
static inline uint64_t memsim__ready(const ms_channel *c, ms_cmd cmd, unsigned rank, unsigned bg,
                                     unsigned ba)
{
    const ms_spec *s = c->spec;
    uint64_t t = c->nx_ch[cmd];
    uint64_t v = c->nx_rank[rank * MS_CMD_COUNT + cmd];
    if (v > t) t = v;
    v = c->bus_free[c->timing->bus[cmd]];
    if (v > t) t = v;
    if (c->timing->has_pc) {
        v = c->nx_pc[rank / s->ranks * MS_CMD_COUNT + cmd];
        if (v > t) t = v;
    }
    switch (memsim__cmd_scope[cmd]) {
    case MS_SCOPE_BANK: {
        unsigned g = rank * s->bankgroups + bg;
        v = c->nx_bg[g * MS_CMD_COUNT + cmd];
        if (v > t) t = v;
        v = c->nx_bank[(g * s->banks_per_group + ba) * MS_CMD_COUNT + cmd];
        if (v > t) t = v;
        break;
    }
    case MS_SCOPE_BANKSET:
        for (unsigned g = 0; g < s->bankgroups; g++) {
            v = c->nx_bank[((rank * s->bankgroups + g) * s->banks_per_group + ba) * MS_CMD_COUNT +
                           cmd];
            if (v > t) t = v;
        }
        break;
    default:
        break;
    }
    return t;
}

/* The command-bus, channel, pseudo-channel and rank part of cmd's ready time
 * in (flat) rank `rank`: what every bank of the rank shares. `with_pc` is
 * c->has_pc, passed as a constant by callers that specialise on it. */
static inline uint64_t memsim__ready_shared(const ms_channel *c, ms_cmd cmd, unsigned rank,
                                            int with_pc)
{
    uint64_t t = c->nx_ch[cmd], v = c->nx_rank[rank * MS_CMD_COUNT + cmd];
    if (v > t) t = v;
    v = c->bus_free[c->timing->bus[cmd]];
    if (v > t) t = v;
    if (with_pc) {
        v = c->nx_pc[c->rank_pc[rank] * MS_CMD_COUNT + cmd];
        if (v > t) t = v;
    }
    return t;
}

/* The bank-group and bank part of cmd's ready time at flat bank `bank` (bank
 * groups hold banks_per_group consecutive banks). */
static inline uint64_t memsim__ready_part(const ms_channel *c, ms_cmd cmd, unsigned bank)
{
    uint64_t t = c->nx_bg[(bank >> c->spec->bank_shift) * MS_CMD_COUNT + cmd];
    uint64_t v = c->nx_bank[bank * MS_CMD_COUNT + cmd];
    return v > t ? v : t;
}

/* memsim__ready() for a bank-scope command (ACT, PRE, RD, RDA, WR, WRA) to the
 * flat bank index `bank`: the larger of the two parts above. */
static inline uint64_t memsim__ready_bank(const ms_channel *c, ms_cmd cmd, unsigned rank,
                                          unsigned bank, int with_pc)
{
    uint64_t t = memsim__ready_shared(c, cmd, rank, with_pc);
    uint64_t v = memsim__ready_part(c, cmd, bank);
    return v > t ? v : t;
}

/* Raises node nx's entries by plan rules [from, to). */
static inline void memsim__raise_plan(uint64_t *nx, const ms_apply_plan *pl, unsigned from,
                                      unsigned to, uint64_t t)
{
    for (unsigned k = from; k < to; k++) {
        uint64_t v = t + pl->lat[k];
        if (v > nx[pl->next[k]]) nx[pl->next[k]] = v;
    }
}

/* memsim__apply(), inline in the controller's issue path (the call and its
 * register saves were ~8 % of it), with plans[] (plan or plan_ctl) and the
 * flat bank index of (rank, bg, ba): the command bus and the rules on the
 * command's own nodes here, the rest (siblings, bank sets, windows) in
 * memsim__apply_rest(). */
static inline void memsim__apply_inline(ms_channel *c, const ms_apply_plan *plans, ms_cmd cmd,
                                        unsigned rank, unsigned bg, unsigned ba, unsigned bank,
                                        uint64_t t)
{
    const ms_timing *tm = c->timing;
    const ms_apply_plan *pl = &plans[cmd];
    const uint8_t *seg = pl->seg;
    uint64_t *bus = &c->bus_free[tm->bus[cmd]];
    if (t + tm->bus_cyc[cmd] > *bus) *bus = t + tm->bus_cyc[cmd];
    unsigned g = bank >> c->spec->bank_shift;
    memsim__raise_plan(c->nx_ch, pl, seg[MS_LVL_CHANNEL], seg[MS_LVL_PC], t);
    if (seg[MS_LVL_PC] != seg[MS_LVL_RANK])
        memsim__raise_plan(c->nx_pc + c->rank_pc[rank] * MS_CMD_COUNT, pl, seg[MS_LVL_PC],
                           seg[MS_LVL_RANK], t);
    memsim__raise_plan(c->nx_rank + rank * MS_CMD_COUNT, pl, seg[MS_LVL_RANK],
                       seg[MS_LVL_BANKGROUP], t);
    memsim__raise_plan(c->nx_bg + g * MS_CMD_COUNT, pl, seg[MS_LVL_BANKGROUP], seg[MS_LVL_BANK], t);
    memsim__raise_plan(c->nx_bank + bank * MS_CMD_COUNT, pl, seg[MS_LVL_BANK], seg[MS_LVL_COUNT],
                       t);
    if (pl->n_other || pl->win) memsim__apply_rest(c, cmd, rank, bg, ba, t);
}

#endif
