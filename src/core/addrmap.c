/*
 * addrmap.c - address mapping from an ordered field string.
 *
 * "RoBaRaCoCh" lists fields from the most to the least significant digit of
 * the address in bursts (address / burst bytes). Fields: Ch channel, Pc
 * pseudo-channel, Ra rank (HBM: stack ID), Bg bank group, Ba bank, Ro row,
 * Co column (in bursts). Each field is a digit whose base is its count, so
 * counts need not be powers of two (5 HBM stacks = 80 channels, 3 stack IDs,
 * 24K rows): the least significant field is (address / burst) % count, the
 * next one the quotient's remainder by its count, and so on. With every count
 * a power of two this is plain bit slicing, which decode uses then. Without
 * "Bg", "Ba" covers bank group and bank with the bank group as the low digit,
 * so consecutive Ba values alternate bank groups (tCCD_S instead of tCCD_L).
 * With xor_bank, bank group and bank are XORed with the low row bits
 * (permutation-based interleaving) to spread row conflicts.
 */
#include <stdio.h>
#include <string.h>

#include "core/engine.h"

/* ORDER FIELD */
static const char *const field_names[MS_F_COUNT] = {"Ch", "Pc", "Ra", "Bg", "Ba", "Ro", "Co"};

static uint8_t log2u(uint64_t v)
{
    uint8_t n = 0;
    while (v > 1) {
        v >>= 1;
        n++;
    }
    return n;
}

static int pow2(uint64_t v)
{
    return v && !(v & (v - 1));
}

memsim_status memsim__addrmap_parse(ms_spec *s, const char *text, int xor_bank, char *err,
                                    size_t len)
{
    ms_addrmap *m = &s->map;
    memset(m, 0, sizeof *m);
    snprintf(m->text, sizeof m->text, "%s", text);
    size_t n = strlen(text);
    int seen[MS_F_COUNT] = {0};
    uint8_t msb_first[MS_F_COUNT];
    if (n == 0 || n % 2 || n / 2 > MS_F_COUNT) {
        snprintf(err, len, "mapping.scheme: '%s' is not a sequence of fields Ch Pc Ra Bg Ba Ro Co",
                 text);
        return MEMSIM_E_INVALID;
    }
    for (size_t i = 0; i < n / 2; i++) {
        int f = -1;
        for (int k = 0; k < MS_F_COUNT; k++)
            if (!strncmp(text + 2 * i, field_names[k], 2)) f = k;
        if (f < 0 || seen[f]) {
            snprintf(err, len, "mapping.scheme: '%s': field '%.2s' is %s", text, text + 2 * i,
                     f < 0 ? "unknown (expected Ch Pc Ra Bg Ba Ro Co)" : "repeated");
            return MEMSIM_E_INVALID;
        }
        seen[f] = 1;
        msb_first[i] = (uint8_t)f;
    }
    if (!pow2(s->bankgroups) || !pow2(s->banks_per_group) || !pow2(s->tx_bytes)) {
        snprintf(err, len, "mapping: bank groups, banks and the burst size must be powers of two");
        return MEMSIM_E_INVALID;
    }
    m->ba_has_bg = !seen[MS_F_BG];
    m->size[MS_F_CH] = s->channels;
    m->size[MS_F_PC] = s->pcs;
    m->size[MS_F_RA] = s->ranks;
    m->size[MS_F_BG] = m->ba_has_bg ? 1u : s->bankgroups;
    m->size[MS_F_BA] = s->banks_per_group * (m->ba_has_bg ? s->bankgroups : 1u);
    m->size[MS_F_RO] = s->rows;
    m->size[MS_F_CO] = s->columns / s->burst;
    static const char *const need_msg[MS_F_COUNT] = {
        "Ch (channels > 1)", "Pc (pseudo-channels > 1)", "Ra (ranks > 1)", "", "Ba", "Ro", "Co"};
    m->all_pow2 = 1;
    for (int f = 0; f < MS_F_COUNT; f++) {
        if (!seen[f] && m->size[f] > 1 && f != MS_F_BG) {
            snprintf(err, len, "mapping.scheme: '%s' lacks field %s", text, need_msg[f]);
            return MEMSIM_E_INVALID;
        }
        if (!pow2(m->size[f])) m->all_pow2 = 0;
        m->bits[f] = log2u(m->size[f]);
    }
    m->offset_bits = log2u(s->tx_bytes);
    m->xor_bank = (uint8_t)(xor_bank != 0);
    unsigned shift = m->offset_bits;
    m->n_fields = (uint8_t)(n / 2);
    for (size_t i = n / 2; i-- > 0;) {
        uint8_t f = msb_first[i];
        m->order[n / 2 - 1 - i] = f;
        m->shift[f] = (uint8_t)shift;
        shift += m->bits[f];
    }
    return MEMSIM_OK;
}

static inline uint32_t field(const ms_addrmap *m, uint64_t addr, int f)
{
    return (uint32_t)((addr >> m->shift[f]) & (m->size[f] - 1u));
}

void memsim__addrmap_decode(const ms_spec *s, uint64_t addr, unsigned *ch, ms_req *r)
{
    const ms_addrmap *m = &s->map;
    unsigned G = s->bankgroups, B = s->banks_per_group;
    uint32_t v[MS_F_COUNT] = {0};
    if (m->all_pow2) {
        for (int f = 0; f < MS_F_COUNT; f++)
            v[f] = field(m, addr, f);
    } else {
        uint64_t x = addr >> m->offset_bits;
        for (unsigned i = 0; i < m->n_fields; i++) {
            unsigned f = m->order[i];
            v[f] = (uint32_t)(x % m->size[f]);
            x /= m->size[f];
        }
    }
    *ch = v[MS_F_CH];
    uint32_t ba = v[MS_F_BA], bg;
    if (m->ba_has_bg) {
        bg = ba % G;
        ba = ba / G;
    } else {
        bg = v[MS_F_BG];
    }
    r->row = v[MS_F_RO];
    r->col = v[MS_F_CO] * s->burst;
    if (m->xor_bank) {
        bg ^= r->row & (G - 1u);
        ba ^= (r->row >> log2u(G)) & (B - 1u);
    }
    unsigned rank = v[MS_F_PC] * s->ranks + v[MS_F_RA]; /* flat: pc * ranks + stack ID */
    r->rank = (uint8_t)rank;
    r->bg = (uint8_t)bg;
    r->ba = (uint8_t)ba;
    r->bank = (uint16_t)((rank * G + bg) * B + ba);
}
