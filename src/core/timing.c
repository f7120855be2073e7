/*
 * timing.c - the engine's fast timing state.
 *
 * At create, the standard's rule rows are flattened into a dense table
 * lat[prev][level][sibling][next] (the largest latency wins when rows
 * overlap); window rules (tFAW) are kept apart with a ring of recent issue
 * times per node. When a command issues, every node it constrains has its
 * "earliest next issue" entry raised; asking whether a command may issue is
 * then a max over the channel, rank, bank-group and bank entries.
 *
 * Speed (issue 5): the command buses are one "free at" cycle each
 * (ms_channel.bus_free), not an entry per command on the bus raised at every
 * issue; the channel rows keep only latencies longer than the bus occupation.
 * memsim__apply() follows a per-command plan: the rules on the command's own
 * nodes as one flat list by level, the rest (siblings, bank sets, other
 * pseudo-channels) through the generic groups; with one rank in all, its
 * rules join the channel's. The controller uses its own plans (plan_ctl:
 * only the entries of commands it can issue) through the inline
 * memsim__apply_inline() (engine.h); memsim__apply() keeps every entry.
 *
 * Invariant: rules at a level deeper than a command's scope only exist for
 * bank-set commands (PRESB, REFSB) at bank level; rank-scope commands (REF,
 * PREA) are constrained by rank-level rows. memsim__timing_build() drops any
 * other deeper row, which the standards avoid writing.
 */
#include <string.h>

#include "core/engine.h"

static int64_t rule_latency(const ms_rule *r, const ms_spec *spec)
{
    int64_t v = r->add;
    for (unsigned i = 0; i < MS_LAT_TERMS && r->lat[i].coef != 0; i++) {
        if (!spec->has[r->lat[i].param]) return 0; /* the standard lacks it: no rule */
        v += (int64_t)r->lat[i].coef * (int64_t)spec->t[r->lat[i].param];
    }
    return v;
}

static int depth_ok(unsigned prev, unsigned level)
{
    unsigned scope = memsim__cmd_scope[prev];
    if (level <= MS_LVL_RANK) return 1;
    if (scope == MS_SCOPE_BANK) return 1;
    return scope == MS_SCOPE_BANKSET && level == MS_LVL_BANK;
}

static void add_rule(ms_timing *tm, const ms_rule *r, uint32_t lat)
{
    for (unsigned p = 0; p < MS_CMD_COUNT; p++) {
        if (!(r->prev & MS_SET(p)) || !depth_ok(p, r->level)) continue;
        if (r->window > 1) {
            if (tm->n_win >= sizeof tm->win / sizeof tm->win[0]) continue;
            for (unsigned n = 0; n < MS_CMD_COUNT; n++)
                if (r->next & MS_SET(n) && tm->n_win < sizeof tm->win / sizeof tm->win[0])
                    tm->win[tm->n_win++] =
                        (ms_window_rule){r->level, (uint8_t)p, (uint8_t)n, r->window, 0, lat};
            continue;
        }
        for (unsigned n = 0; n < MS_CMD_COUNT; n++) {
            if (!(r->next & MS_SET(n))) continue;
            uint32_t *slot = &tm->lat[p][r->level][r->sibling ? 1 : 0][n];
            if (lat > *slot) *slot = lat;
        }
    }
}

/* Splits command p's groups into the flat list of rules on its own nodes
 * and the rest (see ms_apply_plan). A rank-scope command has no rules below
 * its rank, a bank-set command's bank rules reach every bank of its set, and
 * sibling rules reach other nodes: those stay groups; so do rank siblings
 * when a pseudo-channel has one rank (none to reach: dropped). */
static void build_plan(const ms_spec *spec, ms_timing *tm, unsigned p, ms_apply_plan *pl,
                       unsigned cmds)
{
    unsigned n = 0;
    for (unsigned level = 0; level < MS_LVL_COUNT; level++) {
        pl->seg[level] = (uint8_t)n;
        for (unsigned k = 0; k < tm->n_groups[p]; k++) {
            const ms_apply_group *g = &tm->groups[p][k];
            if (g->level != level) continue;
            if (g->sibling &&
                (level == MS_LVL_CHANNEL || (level == MS_LVL_RANK && spec->ranks <= 1)))
                continue; /* no node to reach */
            if (g->sibling || (level == MS_LVL_BANK && memsim__cmd_scope[p] == MS_SCOPE_BANKSET)) {
                pl->other[pl->n_other++] = (uint8_t)k;
                continue;
            }
            for (unsigned j = 0; j < g->n; j++) {
                unsigned at = n;
                if (!(cmds >> g->next[j] & 1u)) continue;
                /* One rank in all: its node and the channel's are raised
                 * and read together, so its rules join the channel's
                 * (one raise where both constrain a command). */
                if (level == MS_LVL_RANK && spec->nranks == 1)
                    for (at = 0; at < n && pl->next[at] != g->next[j]; at++)
                        ;
                if (at == n) {
                    pl->next[n] = g->next[j];
                    pl->lat[n++] = g->lat[j];
                } else if (g->lat[j] > pl->lat[at]) {
                    pl->lat[at] = g->lat[j];
                }
            }
        }
        if (level == MS_LVL_RANK && spec->nranks == 1) /* all on the channel's node */
            pl->seg[MS_LVL_PC] = pl->seg[MS_LVL_RANK] = (uint8_t)n;
    }
    pl->seg[MS_LVL_COUNT] = (uint8_t)n;
    for (unsigned k = 0; k < tm->n_win; k++)
        if (tm->win[k].prev == p) pl->win |= (uint8_t)(1u << k);
}

void memsim__timing_build(const ms_spec *spec, ms_timing *tm)
{
    memset(tm, 0, sizeof *tm);
    for (size_t s = 0; s < spec->std->n_rule_sets; s++) {
        const ms_rule_set *set = spec->std->rule_sets[s];
        for (size_t i = 0; i < set->n; i++) {
            int64_t lat = rule_latency(&set->rules[i], spec);
            if (lat > 0) add_rule(tm, &set->rules[i], (uint32_t)lat);
        }
    }
    /* The command buses: a command occupies its bus for cmd_cycles cycles;
     * commands on the other bus (HBM: row vs column) may issue meanwhile. */
    for (unsigned p = 0; p < MS_CMD_COUNT; p++) {
        uint32_t cyc = spec->cmd_cycles[p] ? spec->cmd_cycles[p] : 1u;
        for (unsigned n = 0; n < MS_CMD_COUNT; n++)
            if (spec->cmd_bus[n] == spec->cmd_bus[p] && cyc > tm->lat[p][MS_LVL_CHANNEL][0][n])
                tm->lat[p][MS_LVL_CHANNEL][0][n] = cyc;
    }
    /* A host interface (MRDIMM): the shared bus above is the host CA, in host
     * clocks; each pseudo-channel's devices also take a command for
     * cmd_cycles device clocks. */
    if (spec->host_mux)
        for (unsigned p = 0; p < MS_CMD_COUNT; p++) {
            uint32_t cyc = (spec->cmd_cycles[p] ? spec->cmd_cycles[p] : 1u) * spec->units;
            for (unsigned n = 0; n < MS_CMD_COUNT; n++)
                if (cyc > tm->lat[p][MS_LVL_PC][0][n]) tm->lat[p][MS_LVL_PC][0][n] = cyc;
        }
    /* One pseudo-channel: its rules are the channel's (and it has no
     * siblings), so the fast path skips the level. */
    for (unsigned p = 0; p < MS_CMD_COUNT; p++)
        for (unsigned n = 0; n < MS_CMD_COUNT; n++) {
            uint32_t *pc = tm->lat[p][MS_LVL_PC][0], *ch = tm->lat[p][MS_LVL_CHANNEL][0];
            if (spec->pcs <= 1) {
                if (pc[n] > ch[n]) ch[n] = pc[n];
                pc[n] = tm->lat[p][MS_LVL_PC][1][n] = 0;
            } else if (pc[n] || tm->lat[p][MS_LVL_PC][1][n]) {
                tm->has_pc = 1;
            }
        }
    /* The buses apart: a channel entry no longer than the bus occupation of
     * the preceding command on the following command's bus is implied by
     * bus_free (the build above makes every such entry at least that long). */
    for (unsigned p = 0; p < MS_CMD_COUNT; p++) {
        tm->bus[p] = spec->cmd_bus[p] ? 1u : 0u;
        tm->bus_cyc[p] = spec->cmd_cycles[p] ? spec->cmd_cycles[p] : 1u;
    }
    for (unsigned p = 0; p < MS_CMD_COUNT; p++)
        for (unsigned n = 0; n < MS_CMD_COUNT; n++)
            if (tm->bus[n] == tm->bus[p] && tm->lat[p][MS_LVL_CHANNEL][0][n] <= tm->bus_cyc[p])
                tm->lat[p][MS_LVL_CHANNEL][0][n] = 0;
    /* A rule to the other bank groups of the rank (tCCD_S, tRRD_S) no longer
     * than the same pair's rule in the command's own bank group (tCCD_L,
     * tRRD_L) holds in the whole rank: kept as a rank rule, it raises one
     * node instead of every other bank group's, and the scheduler's cached
     * bank parts of the other bank groups stand (the shared part is read at
     * every scan). Ready times are the same. */
    for (unsigned p = 0; p < MS_CMD_COUNT; p++)
        for (unsigned n = 0; n < MS_CMD_COUNT; n++) {
            uint32_t *own = &tm->lat[p][MS_LVL_BANKGROUP][0][n];
            uint32_t *sib = &tm->lat[p][MS_LVL_BANKGROUP][1][n];
            uint32_t *rank = &tm->lat[p][MS_LVL_RANK][0][n];
            if (!*sib || *own < *sib) continue;
            if (*sib > *rank) *rank = *sib;
            *sib = 0;
        }
    /* Compact lists for memsim__apply: only the nonzero entries. */
    for (unsigned p = 0; p < MS_CMD_COUNT; p++)
        for (unsigned level = 0; level < MS_LVL_COUNT; level++)
            for (unsigned sib = 0; sib < 2; sib++) {
                ms_apply_group g = {(uint8_t)level, (uint8_t)sib, 0, {0}, {0}};
                for (unsigned n = 0; n < MS_CMD_COUNT; n++)
                    if (tm->lat[p][level][sib][n]) {
                        g.next[g.n] = (uint8_t)n;
                        g.lat[g.n++] = tm->lat[p][level][sib][n];
                    }
                if (g.n) tm->groups[p][tm->n_groups[p]++] = g;
            }
    for (unsigned k = 1; k < tm->n_win; k++)
        tm->win[k].ring_off = (uint16_t)(tm->win[k - 1].ring_off + tm->win[k - 1].window);
    /* The commands this controller issues: its plans raise only their
     * entries (an entry nothing reads is not worth a raise). */
    unsigned ctl = MS_SET(MS_CMD_ACT) | MS_SET(MS_CMD_PRE) | MS_SET(MS_CMD_RD) | MS_SET(MS_CMD_WR);
    if (spec->page_policy == MS_PAGE_CLOSED) ctl |= MS_SET(MS_CMD_RDA) | MS_SET(MS_CMD_WRA);
    if (spec->refresh_on)
        ctl |= spec->refresh_pb   ? MS_SET(MS_CMD_PRE) | MS_SET(MS_CMD_REFPB)
               : spec->refresh_sb ? MS_SET(MS_CMD_PRESB) | MS_SET(MS_CMD_REFSB)
                                  : MS_SET(MS_CMD_PREA) | MS_SET(MS_CMD_REF);
    for (unsigned p = 0; p < MS_CMD_COUNT; p++) {
        build_plan(spec, tm, p, &tm->plan[p], MS_SET_ALL);
        build_plan(spec, tm, p, &tm->plan_ctl[p], ctl);
    }
    for (unsigned p = 0; p < MS_CMD_COUNT; p++) {
        tm->wide[p] = memsim__cmd_scope[p] != MS_SCOPE_BANK;
        for (unsigned k = 0; k < tm->n_groups[p]; k++) {
            const ms_apply_group *g = &tm->groups[p][k];
            if (g->level == MS_LVL_BANKGROUP && g->sibling) tm->wide[p] = 1;
            if ((g->level == MS_LVL_BANKGROUP && !g->sibling) ||
                (g->level == MS_LVL_BANK && g->sibling))
                for (unsigned j = 0; j < g->n; j++)
                    tm->grp_cmds[p] |= (uint16_t)(1u << g->next[j]);
        }
        for (unsigned k = 0; k < tm->n_win; k++) /* a window kept per bank group */
            if (tm->win[k].prev == p && tm->win[k].level >= MS_LVL_BANKGROUP)
                tm->grp_cmds[p] |= (uint16_t)(1u << tm->win[k].next);
    }
}

static inline void raise_node(uint64_t *nx, const ms_apply_group *g, uint64_t t)
{
    for (unsigned k = 0; k < g->n; k++) {
        uint64_t v = t + g->lat[k];
        if (v > nx[g->next[k]]) nx[g->next[k]] = v;
    }
}

/* raise_node() for a rule between pseudo-channels of a host bus: each
 * latency counts from t_skewed (the command's time plus its pseudo-channel's
 * skew) and the target's skew comes off (never below 0). */
static inline void raise_skewed(uint64_t *nx, const ms_apply_group *g, uint64_t t_skewed,
                                uint64_t skew)
{
    for (unsigned k = 0; k < g->n; k++) {
        uint64_t v = t_skewed + g->lat[k];
        v = v > skew ? v - skew : 0;
        if (v > nx[g->next[k]]) nx[g->next[k]] = v;
    }
}

/* Node indices: pseudo-channel p; flat rank r = p*R + sid; bank group r*G+g;
 * bank (r*G+g)*B+b. Rank siblings are the other ranks of the same
 * pseudo-channel (the ones sharing its data bus). */
static void apply_level(ms_channel *c, const ms_apply_group *lat, ms_cmd cmd, unsigned rank,
                        unsigned bg, unsigned ba, uint64_t t)
{
    unsigned level = lat->level, sib = lat->sibling;
    const ms_spec *s = c->spec;
    unsigned G = s->bankgroups, B = s->banks_per_group;
    switch (level) {
    case MS_LVL_CHANNEL:
        if (!sib) raise_node(c->nx_ch, lat, t);
        break;
    case MS_LVL_PC: {
        unsigned pc = rank / s->ranks;
        for (unsigned p = 0; p < s->pcs; p++) {
            if ((p == pc) == (sib != 0)) continue;
            if (sib && s->host_mux)
                raise_skewed(c->nx_pc + p * MS_CMD_COUNT, lat, t + memsim__pc_skew(s, pc),
                             memsim__pc_skew(s, p));
            else
                raise_node(c->nx_pc + p * MS_CMD_COUNT, lat, t);
        }
        break;
    }
    case MS_LVL_RANK: {
        if (!sib) { /* the common case: the command's own node, no sibling loop */
            raise_node(c->nx_rank + rank * MS_CMD_COUNT, lat, t);
            break;
        }
        unsigned first = rank / s->ranks * s->ranks;
        for (unsigned r = first; r < first + s->ranks; r++)
            if (r != rank) raise_node(c->nx_rank + r * MS_CMD_COUNT, lat, t);
        break;
    }
    case MS_LVL_BANKGROUP:
        if (!sib) {
            raise_node(c->nx_bg + (rank * G + bg) * MS_CMD_COUNT, lat, t);
            break;
        }
        for (unsigned g = 0; g < G; g++)
            if (g != bg) raise_node(c->nx_bg + (rank * G + g) * MS_CMD_COUNT, lat, t);
        break;
    default:
        if (memsim__cmd_scope[cmd] == MS_SCOPE_BANKSET) {
            for (unsigned g = 0; g < G; g++)
                raise_node(c->nx_bank + ((rank * G + g) * B + ba) * MS_CMD_COUNT, lat, t);
        } else if (!sib) {
            raise_node(c->nx_bank + ((rank * G + bg) * B + ba) * MS_CMD_COUNT, lat, t);
        } else {
            for (unsigned b = 0; b < B; b++)
                if (b != ba)
                    raise_node(c->nx_bank + ((rank * G + bg) * B + b) * MS_CMD_COUNT, lat, t);
        }
        break;
    }
}

static unsigned level_node(const ms_spec *s, unsigned level, unsigned rank, unsigned bg,
                           unsigned ba)
{
    switch (level) {
    case MS_LVL_CHANNEL:
        return 0;
    case MS_LVL_PC:
        return rank / s->ranks;
    case MS_LVL_RANK:
        return rank;
    case MS_LVL_BANKGROUP:
        return rank * s->bankgroups + bg;
    default:
        return (rank * s->bankgroups + bg) * s->banks_per_group + ba;
    }
}

static uint64_t *level_nx(ms_channel *c, unsigned level, unsigned node)
{
    switch (level) {
    case MS_LVL_CHANNEL:
        return c->nx_ch;
    case MS_LVL_PC:
        return c->nx_pc + node * MS_CMD_COUNT;
    case MS_LVL_RANK:
        return c->nx_rank + node * MS_CMD_COUNT;
    case MS_LVL_BANKGROUP:
        return c->nx_bg + node * MS_CMD_COUNT;
    default:
        return c->nx_bank + node * MS_CMD_COUNT;
    }
}

/* Window rules `bits` (a bit each, all counting cmd): record t; once the
 * ring holds `window` issues, the next one must wait for the oldest of them
 * plus the latency. Rule k's rings start after those of the rules before it
 * (ring_off windows per node, c->nb nodes). */
static void apply_windows(ms_channel *c, unsigned bits, unsigned rank, unsigned bg, unsigned ba,
                          uint64_t t)
{
    const ms_timing *tm = c->timing;
    for (; bits; bits &= bits - 1u) {
        unsigned k = (unsigned)__builtin_ctz(bits);
        const ms_window_rule *w = &tm->win[k];
        unsigned node = level_node(c->spec, w->level, rank, bg, ba);
        uint64_t *ring = c->win_ring + (size_t)c->nb * w->ring_off + (size_t)node * w->window;
        uint8_t *pos = c->win_pos + (size_t)k * c->nb + node;
        unsigned p = *pos;
        ring[p] = t;
        if (++p == w->window) p = 0;
        *pos = (uint8_t)p;
        uint64_t oldest = ring[p]; /* the window-th most recent, or MS_NEVER if unfilled */
        if (oldest != MS_NEVER) {
            uint64_t *nx = level_nx(c, w->level, node);
            if (oldest + w->lat > nx[w->next]) nx[w->next] = oldest + w->lat;
        }
    }
}

/* The rules that reach beyond the command's own nodes (siblings, bank sets,
 * other pseudo-channels) and the window rules: the part of memsim__apply()
 * that memsim__apply_inline() leaves out of line. */
void memsim__apply_rest(ms_channel *c, ms_cmd cmd, unsigned rank, unsigned bg, unsigned ba,
                        uint64_t t)
{
    const ms_timing *tm = c->timing;
    const ms_apply_plan *pl = &tm->plan[cmd];
    for (unsigned k = 0; k < pl->n_other; k++)
        apply_level(c, &tm->groups[cmd][pl->other[k]], cmd, rank, bg, ba, t);
    if (pl->win) apply_windows(c, pl->win, rank, bg, ba, t);
}

void memsim__apply(ms_channel *c, ms_cmd cmd, unsigned rank, unsigned bg, unsigned ba, uint64_t t)
{
    const ms_spec *s = c->spec;
    unsigned bank = (rank * s->bankgroups + bg) * s->banks_per_group + ba;
    memsim__apply_inline(c, c->timing->plan, cmd, rank, bg, ba, bank, t);
}
