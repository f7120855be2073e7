/*
 * spec.c - resolves a configuration into the immutable ms_spec the engine runs.
 *
 * Order: preset (standard + speed bin) -> organisation -> geometry -> timings
 * (bin values, then the standard's nanosecond formulas rounded with
 * memsim__nck(), then density-dependent refresh times, then user overrides,
 * then derived nRC = nRAS + nRP unless overridden) -> refresh -> controller ->
 * address map. Every default lives here or in the standard's tables; every
 * inconsistency is an error naming the key.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "core/engine.h"

/* Parameters every DDR standard must resolve. */
static const uint8_t required[] = {MS_T_BL,    MS_T_CL,       MS_T_CWL,   MS_T_RCD,   MS_T_RP,
                                   MS_T_RAS,   MS_T_RC,       MS_T_WR,    MS_T_RTP,   MS_T_CCD_S,
                                   MS_T_CCD_L, MS_T_CCD_L_WR, MS_T_RRD_S, MS_T_RRD_L, MS_T_FAW,
                                   MS_T_WTR_S, MS_T_WTR_L,    MS_T_RFC,   MS_T_REFI};

static uint64_t key_u64(const memsim_config *cfg, int key, uint64_t dflt)
{
    const char *v = memsim_config_get(cfg, memsim_config_key_info((size_t)key)->key);
    uint64_t x;
    return v && memsim__parse_u64(v, &x) ? x : dflt;
}

static const char *key_str(const memsim_config *cfg, int key, const char *dflt)
{
    const char *v = memsim_config_get(cfg, memsim_config_key_info((size_t)key)->key);
    return v ? v : dflt;
}

static int key_bool(const memsim_config *cfg, int key, int dflt)
{
    const char *v = key_str(cfg, key, NULL);
    int b;
    return v && memsim__parse_bool(v, &b) ? b : dflt;
}

/* "cfg.yaml:12: " for a key that was set, "" for a default: error prefixes. */
static const char *at(const memsim_config *cfg, int key, char *buf, size_t len)
{
    const char *o = memsim__config_origin(cfg, key);
    if (!o) return "";
    snprintf(buf, len, "%s: ", o);
    return buf;
}

static void set_t(ms_spec *s, unsigned p, uint64_t v)
{
    s->t[p] = (uint32_t)v;
    s->has[p] = 1;
}

static void resolve_formulas(ms_spec *s)
{
    const ms_standard *std = s->std;
    for (unsigned p = 0; p < MS_T_COUNT; p++)
        for (size_t i = 0; i < std->n_formulas; i++) {
            const ms_formula *f = &std->formulas[i];
            if (f->param != p || !(f->pages & s->org->page)) continue;
            if (s->rate_mts < f->rate_lo || s->rate_mts > f->rate_hi) continue;
            uint32_t v = f->ps ? memsim__nck(f->ps, memsim__nck_rate(std, s->rate_mts)) : 0;
            set_t(s, p, v > f->min_nck ? v : f->min_nck);
            break;
        }
    unsigned ck = memsim__nck_rate(std, s->rate_mts);
    for (size_t i = 0; i < std->n_densities; i++)
        if (std->densities[i].density_gb == s->org->density_gb) {
            set_t(s, MS_T_RFC, memsim__nck(std->densities[i].rfc_ps, ck));
            /* the second column is same-bank (DDR5) or per-bank (HBM) */
            if (std->densities[i].rfcsb_ps)
                set_t(s, std->has_refpb ? MS_T_RFCPB : MS_T_RFCSB,
                      memsim__nck(std->densities[i].rfcsb_ps, ck));
        }
    set_t(s, MS_T_REFI, memsim__nck(std->refi_ps, ck));
    for (unsigned p = 0; p < MS_T_COUNT; p++)
        if (std->fixed[p]) set_t(s, p, std->fixed[p]);
}

/* MRDIMM host-side parameters, in host clocks (engine cycles), after the
 * device timings are scaled: defaults from mrdimm.c's notes unless the user
 * set them; with dram.mux false, the values that make the module a dual-rank
 * RDIMM at the device rate. */
static memsim_status resolve_host(const memsim_config *cfg, ms_spec *s, const uint8_t *user,
                                  char *err, size_t len)
{
    int mux = s->host_mux > 1;
    uint32_t dflt[MS_T_COUNT] = {0};
    dflt[MS_T_BL_HOST] = s->t[MS_T_BL] / s->host_mux;
    dflt[MS_T_RTRS_HOST] = mux ? 0 : s->t[MS_T_RTRS];
    dflt[MS_T_RTW_HOST] = mux ? s->std->fixed[MS_T_RTW_HOST] : s->t[MS_T_RTW_GAP];
    dflt[MS_T_WTR_HOST] = mux ? s->std->fixed[MS_T_WTR_HOST] : s->t[MS_T_RTRS];
    dflt[MS_T_CA_SLOT] = mux ? s->units : 0;
    dflt[MS_T_MUX] = mux ? s->t[MS_T_BL] - dflt[MS_T_BL_HOST] + 2u * s->units : 0;
    for (unsigned p = MS_T_FIRST_HOST; p < MS_T_COUNT; p++)
        if (!user[p]) set_t(s, p, dflt[p]);
    char o[300];
    if (s->t[MS_T_BL_HOST] == 0) {
        snprintf(err, len, "%stiming.nBL_HOST: must be at least 1 host clock",
                 at(cfg, MS_KEY_TIMING0 + MS_T_BL_HOST, o, sizeof o));
        return MEMSIM_E_INVALID;
    }
    if (s->t[MS_T_CA_SLOT] % s->units) {
        snprintf(err, len,
                 "%stiming.nCA_SLOT: %u is not a multiple of the %u host clocks of one device "
                 "clock (every device command starts on a device clock edge)",
                 at(cfg, MS_KEY_TIMING0 + MS_T_CA_SLOT, o, sizeof o), s->t[MS_T_CA_SLOT], s->units);
        return MEMSIM_E_INVALID;
    }
    uint32_t wait = s->t[MS_T_BL] > s->t[MS_T_BL_HOST] ? s->t[MS_T_BL] - s->t[MS_T_BL_HOST] : 0;
    if (s->t[MS_T_MUX] < wait) {
        snprintf(err, len,
                 "%stiming.nMUX: %u host clocks is less than the %u a read's host burst waits "
                 "for the end of its device burst",
                 at(cfg, MS_KEY_TIMING0 + MS_T_MUX, o, sizeof o), s->t[MS_T_MUX], wait);
        return MEMSIM_E_INVALID;
    }
    return MEMSIM_OK;
}

/* Timings resolve in clocks (bins, formulas, overrides: what datasheets and
 * users speak), then scale to engine cycles (x units: HBM3's half clocks). */
static memsim_status resolve_timing(const memsim_config *cfg, ms_spec *s, char *err, size_t len)
{
    unsigned beats = s->std->beats_per_clock ? s->std->beats_per_clock : 2u;
    set_t(s, MS_T_BL, s->burst / beats);
    /* HBM bins give a data rate only: CL etc. come from the formulas */
    if (s->speed->cl) {
        set_t(s, MS_T_CL, s->speed->cl);
        set_t(s, MS_T_RCD, s->speed->rcd);
        set_t(s, MS_T_RP, s->speed->rp);
        set_t(s, MS_T_CWL, s->speed->cwl);
    }
    resolve_formulas(s);
    int rc_set = 0;
    uint8_t user[MS_T_COUNT] = {0};
    for (unsigned p = 0; p < MS_T_COUNT; p++) {
        const char *v = key_str(cfg, MS_KEY_TIMING0 + (int)p, NULL);
        uint64_t x;
        if (v && memsim__parse_u64(v, &x)) {
            int host = p >= MS_T_FIRST_HOST && s->host_mux;
            if (!s->has[p] && p != MS_T_RC && p != MS_T_RCD_WR && !host) {
                char o[300];
                snprintf(err, len, "%stiming.%s: %s has no such parameter",
                         at(cfg, MS_KEY_TIMING0 + (int)p, o, sizeof o), memsim__param_names[p],
                         s->std->name);
                return MEMSIM_E_INVALID;
            }
            set_t(s, p, x);
            user[p] = 1;
            if (p == MS_T_RC) rc_set = 1;
        }
    }
    if (!rc_set && !s->has[MS_T_RC]) set_t(s, MS_T_RC, (uint64_t)s->t[MS_T_RAS] + s->t[MS_T_RP]);
    if (!s->has[MS_T_RCD_WR]) set_t(s, MS_T_RCD_WR, s->t[MS_T_RCD]);
    for (size_t i = 0; i < sizeof required; i++) {
        const char *name = memsim__param_names[required[i]];
        char o[300];
        if (!s->has[required[i]]) {
            snprintf(err, len, "preset %s: timing %s is missing (set timing.%s)", s->preset, name,
                     name);
            return MEMSIM_E_INVALID;
        }
        if (s->t[required[i]] == 0) {
            snprintf(err, len, "%stiming.%s: must be at least 1 clock",
                     at(cfg, MS_KEY_TIMING0 + required[i], o, sizeof o), name);
            return MEMSIM_E_INVALID;
        }
    }
    for (unsigned p = 0; p < MS_T_FIRST_HOST; p++)
        s->t[p] *= s->units;
    if (s->host_mux) {
        memsim_status st = resolve_host(cfg, s, user, err, len);
        if (st != MEMSIM_OK) return st;
    }
    for (unsigned c = 0; c < MS_CMD_COUNT; c++) {
        s->cmd_cycles[c] = s->std->cmd_cycles[c] ? s->std->cmd_cycles[c] : 1;
        s->cmd_bus[c] = s->std->cmd_bus[c];
        if (s->cmd_bus[c] != s->cmd_bus[0]) s->dual_bus = 1;
    }
    s->col_align = s->std->col_align ? s->std->col_align : 1u;
    return MEMSIM_OK;
}

static memsim_status resolve_refresh(const memsim_config *cfg, ms_spec *s, char *err, size_t len)
{
    s->refresh_on = key_bool(cfg, MS_KEY_REF_ENABLED, 1);
    /* HBM controllers refresh per bank, hiding most of tRFC behind other banks */
    const char *mode = key_str(cfg, MS_KEY_REF_MODE, s->std->has_refpb ? "pb" : "ab");
    s->refresh_sb = !strcmp(mode, "sb");
    s->refresh_pb = !strcmp(mode, "pb");
    char o[300];
    if (s->refresh_sb && (!s->std->has_refsb || !s->has[MS_T_RFCSB])) {
        snprintf(err, len,
                 "%srefresh.mode: same-bank refresh (sb) needs a standard that has it "
                 "(DDR5); %s has none",
                 at(cfg, MS_KEY_REF_MODE, o, sizeof o), s->std->name);
        return MEMSIM_E_INVALID;
    }
    if (s->refresh_pb && (!s->std->has_refpb || !s->has[MS_T_RFCPB] || !s->has[MS_T_RREFD])) {
        snprintf(err, len,
                 "%srefresh.mode: per-bank refresh (pb) needs a standard that has it "
                 "(HBM); %s has none",
                 at(cfg, MS_KEY_REF_MODE, o, sizeof o), s->std->name);
        return MEMSIM_E_INVALID;
    }
    if (s->refresh_sb) {
        /* fine-granularity mode: each bank index once per tREFI/2 */
        s->ref_units = s->banks_per_group;
        s->ref_interval = s->t[MS_T_REFI] / 2u / s->ref_units;
    } else if (s->refresh_pb) {
        /* each bank of a stack ID once per tREFI */
        s->ref_units = s->bankgroups * s->banks_per_group;
        s->ref_interval = s->t[MS_T_REFI] / s->ref_units;
    } else {
        s->ref_units = 1;
        s->ref_interval = s->t[MS_T_REFI];
    }
    s->ref_max_postpone = (unsigned)key_u64(
        cfg, MS_KEY_REF_POSTPONE,
        s->ref_units > 1 ? (uint64_t)s->std->max_postpone_sb * s->ref_units : s->std->max_postpone);
    /* sb/pb: consecutive commands are nREFSBRD/nRREFD apart, and each bank
     * (set) comes round every ref_units intervals, which must outlast its
     * refresh cycle. */
    uint64_t need = s->refresh_sb   ? s->t[MS_T_REFSBRD]
                    : s->refresh_pb ? s->t[MS_T_RREFD]
                                    : s->t[MS_T_RFC];
    uint64_t cyc = s->refresh_sb ? s->t[MS_T_RFCSB] : s->refresh_pb ? s->t[MS_T_RFCPB] : 0;
    if (cyc / s->ref_units > need) need = cyc / s->ref_units;
    if (s->refresh_on && s->ref_interval <= need) {
        snprintf(err, len,
                 "refresh interval %llu cycles is not longer than the %llu cycles one %s "
                 "needs (timing.nREFI too small?): refresh could never keep up",
                 (unsigned long long)s->ref_interval, (unsigned long long)need,
                 s->refresh_sb   ? "same-bank refresh (nREFSBRD, nRFCsb)"
                 : s->refresh_pb ? "per-bank refresh (nRREFD, nRFCpb)"
                                 : "refresh (nRFC)");
        return MEMSIM_E_INVALID;
    }
    return MEMSIM_OK;
}

static memsim_status resolve_controller(const memsim_config *cfg, ms_spec *s, char *err, size_t len)
{
    /* 32 entries per data bus: a channel's pseudo-channels share its queues */
    s->rq_depth = (unsigned)key_u64(cfg, MS_KEY_RQ, 32u * s->pcs);
    s->wq_depth = (unsigned)key_u64(cfg, MS_KEY_WQ, 32u * s->pcs);
    s->scheduler =
        strcmp(key_str(cfg, MS_KEY_SCHED, "frfcfs"), "fcfs") ? MS_SCHED_FRFCFS : MS_SCHED_FCFS;
    s->age_cap = key_u64(cfg, MS_KEY_AGE_CAP, 10000);
    s->wr_high = (unsigned)key_u64(cfg, MS_KEY_WR_HIGH, 0);
    s->wr_low = (unsigned)key_u64(cfg, MS_KEY_WR_LOW, 0);
    if (!s->wr_high) s->wr_high = s->wq_depth * 3u / 4u ? s->wq_depth * 3u / 4u : 1u;
    if (!s->wr_low) s->wr_low = s->wq_depth / 4u < s->wr_high ? s->wq_depth / 4u : 0u;
    if (s->wr_high > s->wq_depth || s->wr_low >= s->wr_high) {
        char o[300];
        int k = memsim__config_origin(cfg, MS_KEY_WR_LOW)    ? MS_KEY_WR_LOW
                : memsim__config_origin(cfg, MS_KEY_WR_HIGH) ? MS_KEY_WR_HIGH
                                                             : MS_KEY_WQ;
        snprintf(err, len,
                 "%scontroller.write_low (%u) must be below controller.write_high (%u), "
                 "which must not exceed controller.write_queue (%u)",
                 at(cfg, k, o, sizeof o), s->wr_low, s->wr_high, s->wq_depth);
        return MEMSIM_E_INVALID;
    }
    const char *pp = key_str(cfg, MS_KEY_PAGE, "open");
    s->page_policy = !strcmp(pp, "closed")     ? MS_PAGE_CLOSED
                     : !strcmp(pp, "adaptive") ? MS_PAGE_ADAPTIVE
                                               : MS_PAGE_OPEN;
    s->page_timeout = key_u64(cfg, MS_KEY_PAGE_TIMEOUT, 100);
    s->epoch = key_u64(cfg, MS_KEY_EPOCH, 0);
    return MEMSIM_OK;
}

/* The preset: a speed bin ("HBM3-6400") or a chip ("trn2"), which brings its
 * own rate, die and stacks as defaults. */
/* ORDER POWER: the ms_power field each power.* key overrides. */
static const size_t power_fields[MS_POWER_KEYS] = {
    offsetof(ms_power, vdd),          offsetof(ms_power, vpp),
    offsetof(ms_power, idd0),         offsetof(ms_power, idd2n),
    offsetof(ms_power, idd3n),        offsetof(ms_power, idd4r),
    offsetof(ms_power, idd4w),        offsetof(ms_power, idd5b),
    offsetof(ms_power, ipp0),         offsetof(ms_power, ipp2n),
    offsetof(ms_power, ipp3n),        offsetof(ms_power, ipp4r),
    offsetof(ms_power, ipp4w),        offsetof(ms_power, ipp5b),
    offsetof(ms_power, rate_mts),     offsetof(ms_power, io_rd_pj_bit),
    offsetof(ms_power, io_wr_pj_bit), offsetof(ms_power, module_w),
};

/* The energy model's figures: the composed standard's, then power.* keys. */
static memsim_status resolve_power(const memsim_config *cfg, ms_spec *s, char *err, size_t len)
{
    s->power = s->std->power;
    if (s->host_mux == 1) { /* dram.mux false: a plain RDIMM of the base's devices */
        const ms_standard *v = memsim__standard_find(s->std->name);
        if (v && v->base) {
            s->power.io_rd_pj_bit = v->base->power.io_rd_pj_bit;
            s->power.io_wr_pj_bit = v->base->power.io_wr_pj_bit;
            s->power.module_w = v->base->power.module_w;
        }
    }
    for (int k = 0; k < MS_POWER_KEYS; k++) {
        const char *v = key_str(cfg, MS_KEY_POWER0 + k, NULL);
        if (!v) continue;
        char *field = (char *)&s->power + power_fields[k];
        if (power_fields[k] != offsetof(ms_power, rate_mts)) {
            *(double *)field = strtod(v, NULL);
            continue;
        }
        *(unsigned *)field = (unsigned)strtod(v, NULL);
        if (!s->power.rate_mts) { /* every standard's own figure is at least 1 */
            char o[300];
            snprintf(err, len, "%spower.rate_mts: must be at least 1",
                     at(cfg, MS_KEY_POWER0 + k, o, sizeof o));
            return MEMSIM_E_INVALID;
        }
    }
    if (!s->power.module_chans) s->power.module_chans = 1;
    return MEMSIM_OK;
}

static memsim_status resolve_preset(const memsim_config *cfg, ms_spec *s, char *err, size_t len)
{
    const char *preset = key_str(cfg, MS_KEY_PRESET, NULL);
    if (!preset) {
        snprintf(err, len, "no preset: set 'preset' in the config or use --preset NAME");
        return MEMSIM_E_INVALID;
    }
    snprintf(s->preset, sizeof s->preset, "%s", preset);
    const ms_chip *chip = memsim__chip_find(preset);
    if (chip) {
        s->chip = chip;
        s->std = chip->std;
        snprintf(s->speed_name, sizeof s->speed_name, "%s-%u", chip->std->name, chip->rate_mts);
        s->speed_buf = (ms_speed){s->speed_name, chip->rate_mts, 0, 0, 0, 0};
        s->speed = &s->speed_buf;
        return MEMSIM_OK;
    }
    const ms_standard *std;
    const ms_module *m = memsim__module_find(preset, &std);
    if (m) {
        /* the module's devices: a bin of its base standard */
        s->module = m;
        s->std = std;
        memsim__standard_compose(std, &s->std_buf);
        for (size_t i = 0; i < s->std_buf.n_speeds; i++)
            if (!strcmp(s->std_buf.speeds[i].name, m->device_bin)) s->speed = &s->std_buf.speeds[i];
        if (s->speed) return MEMSIM_OK;
        snprintf(err, len, "module preset '%s': device bin %s not found", preset, m->device_bin);
        return MEMSIM_E_INVALID;
    }
    s->speed = memsim__speed_find(preset, &s->std);
    if (!s->speed) {
        snprintf(err, len, "unknown preset '%s' (memsim presets lists them)", preset);
        return MEMSIM_E_INVALID;
    }
    return MEMSIM_OK;
}

/* Pseudo-channels and the host interface: HBM's are fixed by the standard;
 * an MRDIMM has dram.pcs of them multiplexed on the host bus unless
 * dram.mux is false. The engine cycle is then one host clock. */
static memsim_status resolve_mux(const memsim_config *cfg, ms_spec *s, char *err, size_t len)
{
    const ms_standard *std = s->std;
    char o[300];
    s->pcs = std->pcs ? std->pcs : 1u;
    if (!std->host_mux) {
        int k = memsim__config_origin(cfg, MS_KEY_PCS)   ? MS_KEY_PCS
                : memsim__config_origin(cfg, MS_KEY_MUX) ? MS_KEY_MUX
                                                         : -1;
        if (k >= 0) {
            snprintf(err, len, "%s%s: %s has no multiplexed pseudo-channels (MRDIMM only)",
                     at(cfg, k, o, sizeof o), memsim_config_key_info((size_t)k)->key, std->name);
            return MEMSIM_E_INVALID;
        }
        return MEMSIM_OK;
    }
    s->pcs = (unsigned)key_u64(cfg, MS_KEY_PCS, s->pcs);
    s->host_mux = key_bool(cfg, MS_KEY_MUX, 1) ? s->pcs : 1u;
    s->units = s->host_mux;
    return MEMSIM_OK;
}

/* Channels, pseudo-channels, ranks (HBM: stack IDs from the stack height). */
static memsim_status resolve_geometry(const memsim_config *cfg, ms_spec *s, char *err, size_t len)
{
    const ms_standard *std = s->std;
    const ms_chip *chip = s->chip;
    char o[300];
    unsigned dflt_ch = 1, dflt_ranks = 1;
    if (std->channels_per_stack) {
        s->stacks = (unsigned)key_u64(cfg, MS_KEY_STACKS, chip ? chip->stacks : 1u);
        s->stack_height = (unsigned)key_u64(cfg, MS_KEY_STACK_HEIGHT, chip ? chip->height : 8u);
        if (s->stack_height % std->dies_per_sid) {
            snprintf(err, len, "%sdram.stack_height: %u is not a multiple of %u dies per stack ID",
                     at(cfg, MS_KEY_STACK_HEIGHT, o, sizeof o), s->stack_height, std->dies_per_sid);
            return MEMSIM_E_INVALID;
        }
        dflt_ch = s->stacks * std->channels_per_stack;
        dflt_ranks = s->stack_height / std->dies_per_sid;
    } else {
        int k = memsim__config_origin(cfg, MS_KEY_STACKS)         ? MS_KEY_STACKS
                : memsim__config_origin(cfg, MS_KEY_STACK_HEIGHT) ? MS_KEY_STACK_HEIGHT
                                                                  : -1;
        if (k >= 0) {
            snprintf(err, len, "%s%s: %s has no stacks (HBM only)", at(cfg, k, o, sizeof o),
                     memsim_config_key_info((size_t)k)->key, std->name);
            return MEMSIM_E_INVALID;
        }
    }
    if (s->module) dflt_ranks = s->module->ranks;
    s->channels = (unsigned)key_u64(cfg, MS_KEY_CHANNELS, dflt_ch);
    s->ranks = (unsigned)key_u64(cfg, MS_KEY_RANKS, dflt_ranks);
    s->nranks = s->pcs * s->ranks;
    s->bankgroups = s->org->bankgroups;
    s->banks_per_group = s->org->banks_per_group;
    while ((1u << s->bank_shift) < s->banks_per_group)
        s->bank_shift++;
    s->rows = s->org->rows;
    s->columns = s->org->columns;
    s->burst = std->burst;
    /* HBM splits a channel's width; MRDIMM's pseudo-channels are whole-width
     * ranks that take turns on the host bus. */
    unsigned pc_bits = s->host_mux ? std->channel_bits : std->channel_bits / s->pcs;
    s->devices_per_rank = pc_bits / s->org->dq ? pc_bits / s->org->dq : 1u;
    s->tx_bytes = pc_bits / 8u * s->burst;
    s->capacity = (uint64_t)s->channels * s->nranks * s->bankgroups * s->banks_per_group * s->rows *
                  (s->columns / s->burst) * s->tx_bytes;
    s->peak_gbps = (double)s->channels * std->channel_bits / 8.0 * s->rate_mts / 1000.0 *
                   (s->host_mux ? s->host_mux : 1u);
    return MEMSIM_OK;
}

memsim_status memsim__spec_resolve(const memsim_config *cfg, ms_spec *s, char *err, size_t len)
{
    memset(s, 0, sizeof *s);
    memsim_status st = resolve_preset(cfg, s, err, len);
    if (st != MEMSIM_OK) return st;
    memsim__standard_compose(s->std, &s->std_buf);
    s->std = &s->std_buf;
    const ms_chip *chip = s->chip;
    const char *org = key_str(cfg, MS_KEY_ORG,
                              chip        ? chip->org
                              : s->module ? s->module->org
                                          : s->std->default_org);
    s->org = memsim__org_find(s->std, org);
    char o[300];
    if (!s->org) {
        snprintf(err, len,
                 "%sdram.org: unknown organisation '%s' for %s (memsim presets lists them)",
                 at(cfg, MS_KEY_ORG, o, sizeof o), org, s->std->name);
        return MEMSIM_E_INVALID;
    }
    s->rate_mts = s->speed->rate_mts;
    unsigned beats = s->std->beats_per_clock ? s->std->beats_per_clock : 2u;
    s->units = s->std->units_per_clock ? s->std->units_per_clock : 1u;
    st = resolve_mux(cfg, s, err, len);
    if (st != MEMSIM_OK) return st;
    s->clk_ps = 1e6 * beats / (double)s->rate_mts;
    s->tck_ps = s->clk_ps / s->units;
    s->tps_num = 1000000u * beats;
    s->tps_den = (uint64_t)s->rate_mts * s->units;
    st = resolve_geometry(cfg, s, err, len);
    if (st == MEMSIM_OK) st = resolve_timing(cfg, s, err, len);
    if (st == MEMSIM_OK) st = resolve_refresh(cfg, s, err, len);
    if (st == MEMSIM_OK) st = resolve_controller(cfg, s, err, len);
    if (st == MEMSIM_OK) st = resolve_power(cfg, s, err, len);
    if (st == MEMSIM_OK) {
        char e[MS_ERR_LEN];
        st = memsim__addrmap_parse(
            s, key_str(cfg, MS_KEY_MAP, s->pcs > 1 ? "RoBaRaCoBgPcCh" : "RoBaRaCoCh"),
            key_bool(cfg, MS_KEY_MAP_XOR, 0), e, sizeof e);
        if (st != MEMSIM_OK) snprintf(err, len, "%s%s", at(cfg, MS_KEY_MAP, o, sizeof o), e);
    }
    return st;
}
