/*
 * registry.c - the list of standards, name lookups and the shared command and
 * parameter names. Adding a standard is one file plus one line in `standards`.
 */
#include <string.h>

#include "standards/standard.h"

/* ORDER CMD */
const char *const memsim__cmd_names[MS_CMD_COUNT] = {
    "ACT", "PRE", "PREA", "PRESB", "RD", "RDA", "WR", "WRA", "REF", "REFSB", "REFPB",
};

/* ORDER CMD */
const uint8_t memsim__cmd_scope[MS_CMD_COUNT] = {
    MS_SCOPE_BANK, MS_SCOPE_BANK, MS_SCOPE_RANK, MS_SCOPE_BANKSET, MS_SCOPE_BANK, MS_SCOPE_BANK,
    MS_SCOPE_BANK, MS_SCOPE_BANK, MS_SCOPE_RANK, MS_SCOPE_BANKSET, MS_SCOPE_BANK,
};

/* ORDER PARAM */
const char *const memsim__param_names[MS_T_COUNT] = {
    "nBL",        "nCL",       "nCWL",      "nRCD",     "nRP",       "nRAS",   "nRC",
    "nWR",        "nRTP",      "nCCD_S",    "nCCD_L",   "nCCD_L_WR", "nRRD_S", "nRRD_L",
    "nFAW",       "nWTR_S",    "nWTR_L",    "nRTW_GAP", "nRTRS",     "nRFC",   "nRFCsb",
    "nREFI",      "nREFSBRD",  "nPPD",      "nRCD_WR",  "nRFCpb",    "nRREFD", "nBL_HOST",
    "nRTRS_HOST", "nRTW_HOST", "nWTR_HOST", "nCA_SLOT", "nMUX",
};

static const ms_standard *const standards[] = {&memsim__ddr4,  &memsim__ddr5, &memsim__hbm2,
                                               &memsim__hbm2e, &memsim__hbm3, &memsim__hbm3e,
                                               &memsim__mrdimm};

size_t memsim__standard_count(void)
{
    return sizeof standards / sizeof standards[0];
}

const ms_standard *memsim__standard_get(size_t i)
{
    return i < memsim__standard_count() ? standards[i] : NULL;
}

const ms_standard *memsim__standard_find(const char *name)
{
    for (size_t i = 0; i < memsim__standard_count(); i++)
        if (strcmp(standards[i]->name, name) == 0) return standards[i];
    return NULL;
}

const ms_speed *memsim__speed_find(const char *name, const ms_standard **std)
{
    for (size_t i = 0; i < memsim__standard_count(); i++)
        for (size_t j = 0; j < standards[i]->n_speeds; j++)
            if (strcmp(standards[i]->speeds[j].name, name) == 0) {
                if (std) *std = standards[i];
                return &standards[i]->speeds[j];
            }
    return NULL;
}

const ms_module *memsim__module_find(const char *name, const ms_standard **std)
{
    for (size_t i = 0; i < memsim__standard_count(); i++)
        for (size_t j = 0; j < standards[i]->n_modules; j++)
            if (strcmp(standards[i]->modules[j].name, name) == 0) {
                if (std) *std = standards[i];
                return &standards[i]->modules[j];
            }
    return NULL;
}

#define PICK(f)                                                                                    \
    if (!out->f) out->f = b->f
#define PICK_N(f, n)                                                                               \
    if (!out->f) {                                                                                 \
        out->f = b->f;                                                                             \
        out->n = b->n;                                                                             \
    }

void memsim__standard_compose(const ms_standard *v, ms_standard *out)
{
    *out = *v;
    const ms_standard *b = v->base;
    if (!b) return;
    PICK(channel_bits);
    PICK(pcs);
    PICK(burst);
    PICK(beats_per_clock);
    PICK(units_per_clock);
    PICK(col_align);
    PICK(has_refsb);
    PICK(has_refpb);
    PICK(max_postpone);
    PICK(max_postpone_sb);
    PICK(refi_ps);
    PICK(default_org);
    PICK(source);
    PICK(channels_per_stack);
    PICK(dies_per_sid);
    PICK(host_mux);
    PICK_N(speeds, n_speeds);
    PICK_N(orgs, n_orgs);
    PICK_N(formulas, n_formulas);
    PICK_N(densities, n_densities);
    PICK_N(rule_sets, n_rule_sets);
    for (unsigned c = 0; c < MS_CMD_COUNT; c++) {
        PICK(cmd_cycles[c]);
        PICK(cmd_bus[c]);
    }
    for (unsigned p = 0; p < MS_T_COUNT; p++)
        PICK(fixed[p]);
    PICK(power.vdd);
    PICK(power.vpp);
    PICK(power.idd0);
    PICK(power.idd2n);
    PICK(power.idd3n);
    PICK(power.idd4r);
    PICK(power.idd4w);
    PICK(power.idd5b);
    PICK(power.ipp0);
    PICK(power.ipp2n);
    PICK(power.ipp3n);
    PICK(power.ipp4r);
    PICK(power.ipp4w);
    PICK(power.ipp5b);
    PICK(power.rate_mts);
    PICK(power.dq);
    PICK(power.io_rd_pj_bit);
    PICK(power.io_wr_pj_bit);
    PICK(power.module_w);
    PICK(power.module_chans);
    PICK(power.source);
    out->base = NULL;
}

const ms_org *memsim__org_find(const ms_standard *std, const char *name)
{
    for (size_t i = 0; i < std->n_orgs; i++)
        if (strcmp(std->orgs[i].name, name) == 0) return &std->orgs[i];
    return NULL;
}

uint32_t memsim__nck(uint64_t ps, unsigned rate_mts)
{
    /* 1000 * t / tCK with tCK = 2e6 / rate ps. */
    uint64_t milli = ps * rate_mts / 2000u;
    return (uint32_t)((milli + 974u) / 1000u);
}

unsigned memsim__nck_rate(const ms_standard *std, unsigned rate_mts)
{
    unsigned beats = std->beats_per_clock ? std->beats_per_clock : 2u;
    return rate_mts * 2u / beats;
}
