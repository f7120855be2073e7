/*
 * config.c - the configuration store: a fixed table of documented keys, each
 * with a type and range, and one string value per key.
 *
 * Values are validated when set, so a misspelt key or an out-of-range value is
 * reported with its origin ("cfg.yaml:12", "-s") before anything runs.
 * Defaults are not stored here: spec.c applies them (documented per key in
 * the table and in docs/config.md), so an unset key means "the default".
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "standards/standard.h"

#define TIMING_KEY(n, doc)                                                                         \
    {                                                                                              \
        "timing." n, "int", "0..10000000", doc                                                     \
    }

/* Energy-model overrides: per device (HBM: per pseudo-channel and stack ID);
 * unset keys take the standard's figures (docs/energy.md). */
#define POWER_KEY(n, unit, doc)                                                                    \
    {                                                                                              \
        "power." n, "number", "0..100000", unit ": override: " doc                                 \
    }

/* ORDER KEY: keep MS_KEY_* in config.h in step. */
static const memsim_key_info keys[] = {
    {"preset", "string", "memsim presets",
     "speed preset (DDR5-4800, DDR4-2400, HBM3-6400), module preset (MRDIMM-8800) or chip "
     "preset (trn2, h100)"},
    {"dram.org", "string", "memsim presets",
     "device organisation, e.g. 16Gb_x8 (default: the standard's)"},
    {"dram.channels", "int", "1..1024",
     "channels (DDR5: 32-bit subchannels; HBM: all stacks' channels) (default 1; HBM: "
     "stacks x channels per stack)"},
    {"dram.ranks", "int", "1..8",
     "ranks per channel; HBM: stack IDs per pseudo-channel (default 1; HBM: stack_height / 4)"},
    {"dram.stacks", "int", "1..16", "HBM stacks in the device (default 1; chip presets set it)"},
    {"dram.stack_height", "int", "4|8|12|16",
     "HBM dies per stack: 4 dies per stack ID (default 8; chip presets set it)"},
    {"dram.pcs", "int", "2|4",
     "MRDIMM pseudo-channels per subchannel; the host runs pcs times the device rate (default 2)"},
    {"dram.mux", "bool", "true|false",
     "MRDIMM: multiplex the pseudo-channels on the host bus; false = a dual-rank RDIMM at the "
     "device rate (default true)"},
    {"refresh.enabled", "bool", "true|false", "issue refresh commands (default true)"},
    {"refresh.mode", "enum", "ab|sb|pb",
     "all-bank REF, DDR5 same-bank REFsb, or HBM per-bank REFpb (default ab; HBM pb)"},
    {"refresh.max_postpone", "int", "1..64",
     "refresh commands that may be postponed (default: JEDEC: DDR4 8, DDR5 4; sb mode 8 rounds)"},
    {"controller.read_queue", "int", "1..4096",
     "read queue entries per channel (default 32 per pseudo-channel)"},
    {"controller.write_queue", "int", "1..4096",
     "write queue entries per channel (default 32 per pseudo-channel)"},
    {"controller.scheduler", "enum", "frfcfs|fcfs", "request scheduler (default frfcfs)"},
    {"controller.age_cap", "int", "0..1000000000",
     "cycles after which a request is served first; 0 = off (default 10000)"},
    {"controller.write_high", "int", "0..4096",
     "write-drain high watermark; 0 = 3/4 of write_queue"},
    {"controller.write_low", "int", "0..4096", "write-drain low watermark; 0 = 1/4 of write_queue"},
    {"controller.page_policy", "enum", "open|closed|adaptive", "row-buffer policy (default open)"},
    {"controller.page_timeout", "int", "0..1000000000",
     "adaptive policy: idle cycles before closing a row (default 100)"},
    {"mapping.scheme", "string", "fields Ch Pc Ra Bg Ba Ro Co",
     "address map, most significant field first (default RoBaRaCoCh; HBM: RoBaRaCoBgPcCh)"},
    {"mapping.xor_bank", "bool", "true|false",
     "XOR bank group and bank bits with low row bits (default false)"},
    {"stats.epoch", "int", "0..1000000000000",
     "cycles per statistics epoch; 0 = no time series (default 0)"},
    /* ORDER PARAM */
    TIMING_KEY("nBL", "override: data-bus clocks per burst"),
    TIMING_KEY("nCL", "override: read latency"),
    TIMING_KEY("nCWL", "override: write latency"),
    TIMING_KEY("nRCD", "override: ACT to column command"),
    TIMING_KEY("nRP", "override: precharge"),
    TIMING_KEY("nRAS", "override: ACT to PRE"),
    TIMING_KEY("nRC", "override: ACT to ACT, same bank"),
    TIMING_KEY("nWR", "override: write recovery"),
    TIMING_KEY("nRTP", "override: read to precharge"),
    TIMING_KEY("nCCD_S", "override: column to column, other bank group"),
    TIMING_KEY("nCCD_L", "override: column to column, same bank group"),
    TIMING_KEY("nCCD_L_WR", "override: write to write, same bank group"),
    TIMING_KEY("nRRD_S", "override: ACT to ACT, other bank group"),
    TIMING_KEY("nRRD_L", "override: ACT to ACT, same bank group"),
    TIMING_KEY("nFAW", "override: four-activate window"),
    TIMING_KEY("nWTR_S", "override: write to read, other bank group"),
    TIMING_KEY("nWTR_L", "override: write to read, same bank group"),
    TIMING_KEY("nRTW_GAP", "override: extra read-to-write turnaround clocks"),
    TIMING_KEY("nRTRS", "override: rank-to-rank data-bus switch"),
    TIMING_KEY("nRFC", "override: all-bank refresh cycle"),
    TIMING_KEY("nRFCsb", "override: same-bank refresh cycle"),
    TIMING_KEY("nREFI", "override: refresh interval"),
    TIMING_KEY("nREFSBRD", "override: same-bank refresh to ACT, other bank"),
    TIMING_KEY("nPPD", "override: precharge to precharge"),
    TIMING_KEY("nRCD_WR", "override: ACT to write (HBM tRCDWR; default nRCD)"),
    TIMING_KEY("nRFCpb", "override: per-bank refresh cycle (HBM)"),
    TIMING_KEY("nRREFD", "override: per-bank refresh to ACT or REFpb, other bank (HBM)"),
    TIMING_KEY("nBL_HOST", "override, host clocks: host data-bus clocks per burst (MRDIMM)"),
    TIMING_KEY("nRTRS_HOST", "override, host clocks: gap between pseudo-channels' bursts (MRDIMM)"),
    TIMING_KEY("nRTW_HOST", "override, host clocks: extra host read-to-write turnaround (MRDIMM)"),
    TIMING_KEY("nWTR_HOST", "override, host clocks: host write-to-read gap (MRDIMM)"),
    TIMING_KEY("nCA_SLOT", "override, host clocks: command slot per pseudo-channel; 0 = none"),
    TIMING_KEY("nMUX", "override, host clocks: MRCD/MDB latency added to reads (MRDIMM)"),
    /* ORDER POWER: keep power_fields in spec.c in step */
    POWER_KEY("vdd", "V", "core supply voltage"),
    POWER_KEY("vpp", "V", "wordline (pump) supply voltage"),
    POWER_KEY("idd0", "mA", "one-bank ACT-PRE loop current, VDD"),
    POWER_KEY("idd2n", "mA", "precharge standby current, VDD"),
    POWER_KEY("idd3n", "mA", "active standby current, VDD"),
    POWER_KEY("idd4r", "mA", "burst read current, VDD"),
    POWER_KEY("idd4w", "mA", "burst write current, VDD"),
    POWER_KEY("idd5b", "mA", "all-bank refresh current, VDD"),
    POWER_KEY("ipp0", "mA", "ACT-PRE loop current, VPP"),
    POWER_KEY("ipp2n", "mA", "precharge standby current, VPP"),
    POWER_KEY("ipp3n", "mA", "active standby current, VPP"),
    POWER_KEY("ipp4r", "mA", "burst read current, VPP"),
    POWER_KEY("ipp4w", "mA", "burst write current, VPP"),
    POWER_KEY("ipp5b", "mA", "all-bank refresh current, VPP"),
    POWER_KEY("rate_mts", "MT/s", "data rate the IDD4R/IDD4W figures were measured at"),
    POWER_KEY("io_rd_pj_bit", "pJ", "interface (I/O, termination) energy per bit read"),
    POWER_KEY("io_wr_pj_bit", "pJ", "interface (I/O, termination) energy per bit written"),
    POWER_KEY("module_w", "W", "module buffer power (MRCD/MDB, RCD) per module"),
};

#define N_KEYS (sizeof keys / sizeof keys[0])
_Static_assert(N_KEYS == MS_KEY_POWER0 + MS_POWER_KEYS, "key table out of step with config.h");

struct memsim_config {
    char *val[N_KEYS];
    char *origin[N_KEYS]; /* where each value came from: "cfg.yaml:12", "-s" */
    char err[512];
};

size_t memsim_config_key_count(void)
{
    return N_KEYS;
}

const memsim_key_info *memsim_config_key_info(size_t i)
{
    return i < N_KEYS ? &keys[i] : NULL;
}

int memsim__config_key_index(const char *key)
{
    for (size_t i = 0; i < N_KEYS; i++)
        if (strcmp(keys[i].key, key) == 0) return (int)i;
    return -1;
}

memsim_config *memsim_config_create(void)
{
    return calloc(1, sizeof(memsim_config));
}

void memsim_config_free(memsim_config *cfg)
{
    if (!cfg) return;
    for (size_t i = 0; i < N_KEYS; i++) {
        free(cfg->val[i]);
        free(cfg->origin[i]);
    }
    free(cfg);
}

memsim_config *memsim_config_clone(const memsim_config *cfg)
{
    memsim_config *c = memsim_config_create();
    if (!c) return NULL;
    for (size_t i = 0; i < N_KEYS; i++)
        if ((cfg->val[i] && !(c->val[i] = strdup(cfg->val[i]))) ||
            (cfg->origin[i] && !(c->origin[i] = strdup(cfg->origin[i])))) {
            memsim_config_free(c);
            return NULL;
        }
    return c;
}

void memsim__config_errorf(memsim_config *cfg, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cfg->err, sizeof cfg->err, fmt, ap);
    va_end(ap);
}

const char *memsim_config_error(const memsim_config *cfg)
{
    return cfg ? cfg->err : "";
}

const char *memsim__config_origin(const memsim_config *cfg, int key)
{
    return key >= 0 && (size_t)key < N_KEYS && cfg->origin[key] ? cfg->origin[key] : NULL;
}

const char *memsim_config_get(const memsim_config *cfg, const char *key)
{
    int i = memsim__config_key_index(key);
    return i < 0 ? NULL : cfg->val[i];
}

int memsim__parse_u64(const char *s, uint64_t *out)
{
    if (!s || !*s) return 0;
    uint64_t v = 0;
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9') return 0;
        unsigned d = (unsigned)(*p - '0');
        if (v > (UINT64_MAX - d) / 10u) return 0;
        v = v * 10u + d;
    }
    *out = v;
    return 1;
}

int memsim__parse_bool(const char *s, int *out)
{
    if (!strcmp(s, "true") || !strcmp(s, "yes") || !strcmp(s, "on") || !strcmp(s, "1")) {
        *out = 1;
        return 1;
    }
    if (!strcmp(s, "false") || !strcmp(s, "no") || !strcmp(s, "off") || !strcmp(s, "0")) {
        *out = 0;
        return 1;
    }
    return 0;
}

/* "lo..hi" ranges and "a|b|c" alternatives from the key table. */
static int in_range(const memsim_key_info *k, const char *v)
{
    if (!strcmp(k->type, "int")) {
        uint64_t x, lo = 0, hi = 0;
        if (!memsim__parse_u64(v, &x)) return 0;
        if (strstr(k->range, "..")) {
            char buf[64];
            snprintf(buf, sizeof buf, "%s", k->range);
            char *dots = strstr(buf, "..");
            *dots = 0;
            if (!memsim__parse_u64(buf, &lo) || !memsim__parse_u64(dots + 2, &hi)) return 0;
            return x >= lo && x <= hi;
        }
    }
    if (!strcmp(k->type, "number")) { /* "lo..hi", finite decimal */
        char *end;
        errno = 0;
        double x = strtod(v, &end);
        return *v && !*end && errno == 0 && x >= 0 && x <= strtod(strstr(k->range, "..") + 2, NULL);
    }
    if (!strcmp(k->type, "bool")) {
        int b;
        return memsim__parse_bool(v, &b);
    }
    if (strchr(k->range, '|')) { /* enum or an int list "1|2|4|8" */
        size_t n = strlen(v);
        for (const char *p = k->range; p;) {
            const char *bar = strchr(p, '|');
            size_t len = bar ? (size_t)(bar - p) : strlen(p);
            if (len == n && !strncmp(p, v, n)) return 1;
            p = bar ? bar + 1 : NULL;
        }
        return 0;
    }
    return 1;
}

/* A control character: never part of a valid value. */
static int has_control(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f) return 1;
    return 0;
}

/* A YAML key or value can hold a newline (a quoted "\n", a multi-line plain
 * scalar), and error messages must stay one line (found by fuzz/fuzz_config.c). */
const char *memsim__config_quote(char *dst, const char *s)
{
    return memsim__quote(dst, s, strlen(s));
}

memsim_status memsim_config_set(memsim_config *cfg, const char *key, const char *value,
                                const char *origin)
{
    const char *o = origin ? origin : "config";
    char qk[MEMSIM__QUOTE_CAP], qv[MEMSIM__QUOTE_CAP];
    int i = memsim__config_key_index(key);
    if (i < 0) {
        memsim__config_errorf(cfg, "%s: unknown key '%s' (memsim keys lists them)", o,
                              memsim__config_quote(qk, key));
        return MEMSIM_E_INVALID;
    }
    /* Control characters are refused for every key, so that the string values
     * stored here (dram.org, mapping.scheme) are safe to quote in the one-line
     * messages of memsim_sim_create(). */
    if (!value || has_control(value) || !in_range(&keys[i], value)) {
        memsim__config_errorf(cfg, "%s: bad value '%s' for %s: expected %s %s", o,
                              memsim__config_quote(qv, value ? value : ""), key, keys[i].type,
                              keys[i].range);
        return MEMSIM_E_INVALID;
    }
    if (i == MS_KEY_PRESET && !memsim__speed_find(value, NULL) && !memsim__chip_find(value) &&
        !memsim__module_find(value, NULL)) {
        memsim__config_errorf(cfg, "%s: unknown preset '%s' (memsim presets lists them)", o,
                              memsim__config_quote(qv, value));
        return MEMSIM_E_INVALID;
    }
    char *copy = strdup(value), *where = strdup(o);
    if (!copy || !where) {
        free(copy);
        free(where);
        memsim__config_errorf(cfg, "%s: out of memory", o);
        return MEMSIM_E_NOMEM;
    }
    free(cfg->val[i]);
    free(cfg->origin[i]);
    cfg->val[i] = copy;
    cfg->origin[i] = where;
    cfg->err[0] = 0;
    return MEMSIM_OK;
}
