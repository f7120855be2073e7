/*
 * check_parse.c - reads the header and the command lines of a command trace
 * (docs/cmd-trace.md, "File format") for the checker.
 *
 * Invariants: a value handed to the rule code is in range - geometry fields
 * below the header's counts, "-1" exactly where the command has no such field,
 * clocks <= CHK_CLK_MAX, timings <= CHK_TIMING_MAX - so later arithmetic needs
 * no checks. Every error message says what was expected, prefixed by
 * "<path>:<line>: ". Unknown header keys, timing names and cmd_cycles or
 * cmd_bus commands are ignored so that newer writers stay readable.
 *
 * MRDIMM: `host_mux` (1..16) makes nBL_HOST, nRTRS_HOST, nRTW_HOST, nWTR_HOST
 * and nCA_SLOT required (nMUX stays optional); without host_mux every host
 * parameter is dropped, so its rules cannot apply to a non-MRDIMM trace.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "check/check_internal.h"

/* ORDER CMD */
static const char *const CMD_NAMES[CHK_CMD_COUNT] = {"ACT", "PRE", "PREA", "PRESB", "RD",   "RDA",
                                                     "WR",  "WRA", "REF",  "REFSB", "REFPB"};

/* ORDER PARAM */
static const char *const PARAM_NAMES[CHK_PARAM_COUNT] = {
    "nBL",        "nCL",       "nCWL",      "nRCD",     "nRP",       "nRAS",   "nRC",
    "nWR",        "nRTP",      "nCCD_S",    "nCCD_L",   "nCCD_L_WR", "nRRD_S", "nRRD_L",
    "nFAW",       "nWTR_S",    "nWTR_L",    "nRTW_GAP", "nRTRS",     "nRFC",   "nREFI",
    "nRFCsb",     "nREFSBRD",  "nPPD",      "nRCD_WR",  "nRFCpb",    "nRREFD", "nBL_HOST",
    "nRTRS_HOST", "nRTW_HOST", "nWTR_HOST", "nCA_SLOT", "nMUX"};

/* Plain `# key value` header keys. ORDER HKEY: keep in step with HKEYS. */
enum {
    HK_STANDARD,
    HK_RATE,
    HK_CHANNELS,
    HK_RANKS,
    HK_BANKGROUPS,
    HK_BPG,
    HK_ROWS,
    HK_COLUMNS,
    HK_BURST,
    HK_REFRESH_MODE,
    HK_REFRESH_INTERVAL,
    HK_REFRESH_POSTPONE,
    HK_REQUIRED_COUNT,
    HK_PCS = HK_REQUIRED_COUNT, /* optional from here on: pcs, default 1 */
    HK_PCS_OLD,                 /* pseudo_channels: an older name of pcs */
    HK_CPC,                     /* cycles_per_clock, default 1 */
    HK_COL_ALIGN,               /* col_align, default 1 */
    HK_HOST_MUX,                /* host_mux: MRDIMM only; absent = no host-side rules */
    HK_COUNT
};

typedef struct hkey {
    const char *name;
    uint64_t min, max; /* numeric keys only */
} hkey;

/* The bounds keep products and sums far from overflow and allocations sane. */
static const hkey HKEYS[HK_COUNT] = {{"standard", 0, 0},
                                     {"rate_mts", 1, 1000000},
                                     {"channels", 1, 4096},
                                     {"ranks", 1, 256},
                                     {"bankgroups", 1, 256},
                                     {"banks_per_group", 1, 256},
                                     {"rows", 1, (uint64_t)1 << 40},
                                     {"columns", 1, (uint64_t)1 << 40},
                                     {"burst", 1, (uint64_t)1 << 20},
                                     {"refresh_mode", 0, 0},
                                     /* up to CHK_CLK_MAX: memsim writes UINT64_MAX / 4
                                      * when refresh is off, and such traces were refused
                                      * (fuzz/fuzz_config.c, MEMSIM_FUZZ_DIFF=1);
                                      * refresh_due() guards against overflow. */
                                     {"refresh_interval", 1, (uint64_t)CHK_CLK_MAX},
                                     {"refresh_max_postpone", 0, (uint64_t)1 << 20},
                                     {"pcs", 1, 64},
                                     {"pseudo_channels", 1, 64},
                                     {"cycles_per_clock", 1, 64},
                                     {"col_align", 1, 1024},
                                     {"host_mux", 1, 16}};

_Static_assert(HK_COUNT <= CHK_HKEY_MAX, "raise CHK_HKEY_MAX");

/* Largest number of banks over all channels; the history costs ~100 bytes each. */
#define MAX_TOTAL_BANKS ((uint64_t)1 << 18)
/* Largest channels x pcs: each data bus has an 8 KiB burst ring, so
 * without this bound a 1 KiB header asked for 2 GiB
 * (tests/fuzz_regress/check/bus-ring-2gib.csv). */
#define MAX_DATA_BUSES 4096u

/* What each command carries in bg, bank, row, col: 1 = a value >= 0,
 * 0 = exactly -1, 2 = either (PRE to a closed bank has no row). ORDER CMD */
static const unsigned char SHAPE[CHK_CMD_COUNT][4] = {
    {1, 1, 1, 0}, {1, 1, 2, 0}, {0, 0, 0, 0}, {0, 1, 0, 0}, {1, 1, 1, 1}, {1, 1, 1, 1},
    {1, 1, 1, 1}, {1, 1, 1, 1}, {0, 0, 0, 0}, {0, 1, 0, 0}, {1, 1, 0, 0}};

static const char *const FIELD_NAMES[CHK_FIELDS] = {"t_ps", "clk",  "ch",  "pc",  "rank",
                                                    "bg",   "bank", "row", "col", "cmd"};

const char *memsim__check_cmd_name(chk_cmd c)
{
    return (unsigned)c < CHK_CMD_COUNT ? CMD_NAMES[c] : "?";
}

int memsim__check_param_index(const char *name, size_t len)
{
    for (int i = 0; i < CHK_PARAM_COUNT; i++)
        if (strlen(PARAM_NAMES[i]) == len && memcmp(PARAM_NAMES[i], name, len) == 0) return i;
    return -1;
}

static memsim_status vfail_at(chk_reader *rd, unsigned long line, const char *fmt, va_list ap)
    CHK_PRINTF(3, 0);
static memsim_status vfail_at(chk_reader *rd, unsigned long line, const char *fmt, va_list ap)
{
    if (rd->err && rd->err_len) {
        int n = snprintf(rd->err, rd->err_len, "%s:%lu: ", rd->path, line);
        if (n >= 0 && (size_t)n < rd->err_len)
            vsnprintf(rd->err + n, rd->err_len - (size_t)n, fmt, ap);
    }
    return MEMSIM_E_PARSE;
}

static memsim_status fail_at(chk_reader *rd, unsigned long line, const char *fmt, ...)
    CHK_PRINTF(3, 4);
static memsim_status fail_at(chk_reader *rd, unsigned long line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    memsim_status st = vfail_at(rd, line, fmt, ap);
    va_end(ap);
    return st;
}

memsim_status memsim__check_fail(chk_reader *rd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    memsim_status st = vfail_at(rd, rd->line, fmt, ap);
    va_end(ap);
    return st;
}

/* Strict unsigned decimal: digits only, no sign, no blanks, no overflow. */
static int parse_u64(const char *s, uint64_t *out)
{
    uint64_t v = 0;
    if (!*s) return 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9') return 0;
        unsigned d = (unsigned)(*s - '0');
        if (v > (UINT64_MAX - d) / 10) return 0;
        v = v * 10 + d;
    }
    *out = v;
    return 1;
}

/* Splits on blanks in place; returns the token count, at most max (more are not split). */
static unsigned split_ws(char *s, char **tok, unsigned max)
{
    unsigned n = 0;
    while (n < max) {
        while (*s == ' ' || *s == '\t')
            s++;
        if (!*s) break;
        tok[n++] = s;
        while (*s && *s != ' ' && *s != '\t')
            s++;
        if (*s) *s++ = '\0';
    }
    return n;
}

void memsim__check_hparse_init(chk_hparse *hp)
{
    memset(hp, 0, sizeof *hp);
    for (int i = 0; i < CHK_PARAM_COUNT; i++)
        hp->timing[i] = -1;
    for (int c = 0; c < CHK_CMD_COUNT; c++)
        hp->cmd_cycles[c] = 1; /* cmd_bus[c] = CHK_BUS_ROW by the memset */
    hp->num[HK_PCS] = hp->num[HK_CPC] = hp->num[HK_COL_ALIGN] = 1;
}

void memsim__check_hparse_free(chk_hparse *hp)
{
    free(hp->phases);
    hp->phases = NULL;
    hp->nphases = hp->capphases = 0;
}

static memsim_status header_key(chk_reader *rd, chk_hparse *hp, int k, char **tok, unsigned n)
{
    if (n != 2) return memsim__check_fail(rd, "expected '# %s <value>'", HKEYS[k].name);
    hp->seen[k] = rd->line;
    if (k == HK_STANDARD) return MEMSIM_OK;
    if (k == HK_REFRESH_MODE) {
        if (strcmp(tok[1], "ab") == 0)
            hp->refresh_mode = CHK_REF_AB;
        else if (strcmp(tok[1], "sb") == 0)
            hp->refresh_mode = CHK_REF_SB;
        else if (strcmp(tok[1], "pb") == 0)
            hp->refresh_mode = CHK_REF_PB;
        else
            return memsim__check_fail(
                rd, "expected 'ab', 'sb' or 'pb' for 'refresh_mode', got '%s'", tok[1]);
        return MEMSIM_OK;
    }
    uint64_t v;
    if (!parse_u64(tok[1], &v) || v < HKEYS[k].min || v > HKEYS[k].max)
        return memsim__check_fail(rd,
                                  "expected an integer %" PRIu64 "..%" PRIu64 " for '%s', got '%s'",
                                  HKEYS[k].min, HKEYS[k].max, HKEYS[k].name, tok[1]);
    hp->num[k == HK_PCS_OLD ? HK_PCS : k] = v;
    return MEMSIM_OK;
}

static memsim_status header_timing(chk_reader *rd, chk_hparse *hp, char **tok, unsigned n)
{
    if (n < 2) return memsim__check_fail(rd, "expected '# timing <name> <value>'");
    int p = memsim__check_param_index(tok[1], strlen(tok[1]));
    if (p < 0) return MEMSIM_OK; /* a parameter no rule here uses */
    uint64_t v;
    if (n != 3 || !parse_u64(tok[2], &v) || v > (uint64_t)CHK_TIMING_MAX)
        return memsim__check_fail(rd,
                                  "expected an integer 0..%" PRId64 " for 'timing %s', got '%s'",
                                  CHK_TIMING_MAX, tok[1], n > 2 ? tok[2] : "");
    hp->timing[p] = (int64_t)v;
    return MEMSIM_OK;
}

static memsim_status header_cmd_cycles(chk_reader *rd, chk_hparse *hp, char **tok, unsigned n)
{
    if (n < 2) return memsim__check_fail(rd, "expected '# cmd_cycles <CMD> <n>'");
    int c = -1;
    for (int i = 0; i < CHK_CMD_COUNT; i++)
        if (strcmp(tok[1], CMD_NAMES[i]) == 0) c = i;
    if (c < 0) return MEMSIM_OK; /* a command this checker does not know */
    uint64_t v;
    if (n != 3 || !parse_u64(tok[2], &v) || v < 1 || v > 1024)
        return memsim__check_fail(rd, "expected an integer 1..1024 for 'cmd_cycles %s', got '%s'",
                                  tok[1], n > 2 ? tok[2] : "");
    hp->cmd_cycles[c] = (int64_t)v;
    return MEMSIM_OK;
}

static memsim_status header_cmd_bus(chk_reader *rd, chk_hparse *hp, char **tok, unsigned n)
{
    if (n < 2) return memsim__check_fail(rd, "expected '# cmd_bus <CMD> row|col'");
    int c = -1;
    for (int i = 0; i < CHK_CMD_COUNT; i++)
        if (strcmp(tok[1], CMD_NAMES[i]) == 0) c = i;
    if (c < 0) return MEMSIM_OK; /* a command this checker does not know */
    if (n != 3 || (strcmp(tok[2], "row") != 0 && strcmp(tok[2], "col") != 0))
        return memsim__check_fail(rd, "expected 'row' or 'col' for 'cmd_bus %s', got '%s'", tok[1],
                                  n > 2 ? tok[2] : "");
    hp->cmd_bus[c] = strcmp(tok[2], "col") == 0 ? CHK_BUS_COL : CHK_BUS_ROW;
    return MEMSIM_OK;
}

static memsim_status header_phase(chk_reader *rd, chk_hparse *hp, char **tok, unsigned n)
{
    uint64_t r, c;
    if (n != 3 || !parse_u64(tok[1], &r) || !parse_u64(tok[2], &c) || c > (uint64_t)CHK_CLK_MAX)
        return memsim__check_fail(rd, "expected '# refresh_phase <rank> <cycle>'");
    if (hp->nphases == hp->capphases) {
        size_t cap = hp->capphases ? 2 * hp->capphases : 8;
        chk_phase_line *p = realloc(hp->phases, cap * sizeof *p);
        if (!p) {
            memsim__check_fail(rd, "out of memory");
            return MEMSIM_E_NOMEM;
        }
        hp->phases = p;
        hp->capphases = cap;
    }
    chk_phase_line *pl = &hp->phases[hp->nphases++];
    pl->rank = r;
    pl->clk = (int64_t)c;
    pl->line = rd->line;
    return MEMSIM_OK;
}

memsim_status memsim__check_header_line(chk_reader *rd, chk_hparse *hp, char *text)
{
    char *tok[4];
    unsigned n = split_ws(text, tok, 4);
    if (n == 0) return MEMSIM_OK;
    if (strcmp(tok[0], "timing") == 0) return header_timing(rd, hp, tok, n);
    if (strcmp(tok[0], "cmd_cycles") == 0) return header_cmd_cycles(rd, hp, tok, n);
    if (strcmp(tok[0], "cmd_bus") == 0) return header_cmd_bus(rd, hp, tok, n);
    if (strcmp(tok[0], "refresh_phase") == 0) return header_phase(rd, hp, tok, n);
    for (int k = 0; k < HK_COUNT; k++)
        if (strcmp(tok[0], HKEYS[k].name) == 0) return header_key(rd, hp, k, tok, n);
    return MEMSIM_OK; /* unknown keys: forward compatibility */
}

static memsim_status header_required(chk_reader *rd, const chk_hparse *hp)
{
    for (int k = 0; k < HK_REQUIRED_COUNT; k++)
        if (!hp->seen[k]) return memsim__check_fail(rd, "missing header '# %s'", HKEYS[k].name);
    for (int p = 0; p < CHK_PARAM_FIRST_OPTIONAL; p++)
        if (hp->timing[p] < 0)
            return memsim__check_fail(rd, "missing header '# timing %s'", PARAM_NAMES[p]);
    if (hp->refresh_mode == CHK_REF_SB && hp->timing[CHK_nRFCsb] < 0)
        return memsim__check_fail(rd, "refresh_mode sb needs timing nRFCsb");
    if (hp->refresh_mode == CHK_REF_PB && hp->timing[CHK_nRFCpb] < 0)
        return memsim__check_fail(rd, "refresh_mode pb needs timing nRFCpb");
    if (hp->seen[HK_HOST_MUX])
        for (int p = CHK_PARAM_FIRST_HOST; p < CHK_PARAM_HOST_REQUIRED_END; p++)
            if (hp->timing[p] < 0)
                return fail_at(rd, hp->seen[HK_HOST_MUX],
                               "host_mux needs '# timing %s' (missing from the header)",
                               PARAM_NAMES[p]);
    uint64_t buses = hp->num[HK_CHANNELS] * hp->num[HK_PCS];
    if (buses > MAX_DATA_BUSES)
        return memsim__check_fail(rd,
                                  "expected at most %u data buses (channels x pcs), "
                                  "got %" PRIu64,
                                  MAX_DATA_BUSES, buses);
    uint64_t banks = buses * hp->num[HK_RANKS] * hp->num[HK_BANKGROUPS] * hp->num[HK_BPG];
    if (banks > MAX_TOTAL_BANKS)
        return memsim__check_fail(rd, "expected at most %" PRIu64 " banks in all, got %" PRIu64,
                                  MAX_TOTAL_BANKS, banks);
    return MEMSIM_OK;
}

memsim_status memsim__check_header_finish(chk_reader *rd, chk_hparse *hp, const char *csv,
                                          chk_header *h)
{
    if (strcmp(csv, CHK_CSV_HEADER) != 0)
        return memsim__check_fail(rd, "expected the CSV header '%s', got '%.60s'", CHK_CSV_HEADER,
                                  csv);
    memsim_status st = header_required(rd, hp);
    if (st != MEMSIM_OK) return st;
    memset(h, 0, sizeof *h);
    h->rate_mts = hp->num[HK_RATE];
    h->channels = (unsigned)hp->num[HK_CHANNELS];
    h->pcs = (unsigned)hp->num[HK_PCS];
    h->cycles_per_clock = (unsigned)hp->num[HK_CPC];
    h->col_align = (unsigned)hp->num[HK_COL_ALIGN];
    h->host_mux = hp->seen[HK_HOST_MUX] ? (unsigned)hp->num[HK_HOST_MUX] : 0;
    h->ranks = (unsigned)hp->num[HK_RANKS];
    h->bankgroups = (unsigned)hp->num[HK_BANKGROUPS];
    h->banks_per_group = (unsigned)hp->num[HK_BPG];
    h->rows = hp->num[HK_ROWS];
    h->columns = hp->num[HK_COLUMNS];
    h->burst = hp->num[HK_BURST];
    h->refresh_mode = hp->refresh_mode;
    h->refresh_interval = (int64_t)hp->num[HK_REFRESH_INTERVAL];
    h->refresh_max_postpone = (int64_t)hp->num[HK_REFRESH_POSTPONE];
    memcpy(h->timing, hp->timing, sizeof h->timing);
    if (h->timing[CHK_nRCD_WR] < 0) h->timing[CHK_nRCD_WR] = h->timing[CHK_nRCD];
    if (!h->host_mux) /* no MRDIMM: the host-side rules stay off whatever else is listed */
        for (int p = CHK_PARAM_FIRST_HOST; p < CHK_PARAM_COUNT; p++)
            h->timing[p] = -1;
    memcpy(h->cmd_cycles, hp->cmd_cycles, sizeof h->cmd_cycles);
    memcpy(h->cmd_bus, hp->cmd_bus, sizeof h->cmd_bus);
    const unsigned flat = h->pcs * h->ranks;   /* flat ranks: pc * ranks + rank */
    h->phase = calloc(flat, sizeof *h->phase); /* a rank without a line has phase 0 */
    if (!h->phase) {
        memsim__check_fail(rd, "out of memory");
        return MEMSIM_E_NOMEM;
    }
    for (size_t i = 0; i < hp->nphases; i++) {
        const chk_phase_line *pl = &hp->phases[i];
        if (pl->rank >= flat)
            return fail_at(rd, pl->line,
                           "refresh_phase rank %" PRIu64 " out of range (expected 0..%u)", pl->rank,
                           flat - 1);
        h->phase[pl->rank] = pl->clk;
    }
    return MEMSIM_OK;
}

/* Splits a CSV line in place; returns the number of fields (pointers kept for the first max). */
static unsigned split_csv(char *s, char **f, unsigned max)
{
    unsigned n = 0;
    for (;;) {
        if (n < max) f[n] = s;
        n++;
        char *c = strchr(s, ',');
        if (!c) return n;
        *c = '\0';
        s = c + 1;
    }
}

static memsim_status field_index(chk_reader *rd, char **f, unsigned i, uint64_t limit,
                                 uint64_t *out)
{
    if (!parse_u64(f[i], out))
        return memsim__check_fail(rd, "expected a non-negative integer for %s, got '%s'",
                                  FIELD_NAMES[i], f[i]);
    if (*out >= limit)
        return memsim__check_fail(rd, "%s %" PRIu64 " out of range (expected 0..%" PRIu64 ")",
                                  FIELD_NAMES[i], *out, limit - 1);
    return MEMSIM_OK;
}

/* bg, bank, row, col (fields 5..8), shaped by the command. */
static memsim_status parse_address(chk_reader *rd, const chk_header *h, char **f, chk_line *o)
{
    const uint64_t limit[4] = {h->bankgroups, h->banks_per_group, h->rows, h->columns};
    int64_t v[4];
    for (unsigned i = 0; i < 4; i++) {
        unsigned fi = 5 + i, want = SHAPE[o->cmd][i];
        uint64_t u;
        if (strcmp(f[fi], "-1") == 0) {
            if (want == 1)
                return memsim__check_fail(rd, "%s needs a %s (got -1)", CMD_NAMES[o->cmd],
                                          FIELD_NAMES[fi]);
            v[i] = -1;
            continue;
        }
        if (!parse_u64(f[fi], &u))
            return memsim__check_fail(rd, "expected -1 or a non-negative integer for %s, got '%s'",
                                      FIELD_NAMES[fi], f[fi]);
        if (want == 0)
            return memsim__check_fail(rd, "%s has no %s (expected -1, got %s)", CMD_NAMES[o->cmd],
                                      FIELD_NAMES[fi], f[fi]);
        memsim_status st = field_index(rd, f, fi, limit[i], &u);
        if (st != MEMSIM_OK) return st;
        v[i] = (int64_t)u;
    }
    if (v[3] >= 0 && (uint64_t)v[3] % h->burst != 0)
        return memsim__check_fail(rd, "col %" PRId64 " is not a multiple of burst %" PRIu64, v[3],
                                  h->burst);
    o->bg = (int)v[0];
    o->bank = (int)v[1];
    o->row = v[2];
    o->col = v[3];
    return MEMSIM_OK;
}

static memsim_status parse_command(chk_reader *rd, const chk_header *h, const char *name,
                                   chk_line *o)
{
    int c = -1;
    for (int i = 0; i < CHK_CMD_COUNT; i++)
        if (strcmp(name, CMD_NAMES[i]) == 0) c = i;
    if (c < 0) /* REFPB is named only where it can be legal, so DDR messages stay as they were */
        return memsim__check_fail(rd,
                                  "unknown command '%s' (expected ACT, PRE, PREA, PRESB, RD, "
                                  "RDA, WR, WRA, REF%s)",
                                  name,
                                  h->timing[CHK_nRFCpb] < 0 ? " or REFSB" : ", REFSB or REFPB");
    o->cmd = (chk_cmd)c;
    if ((c == CHK_PRESB || c == CHK_REFSB) && h->timing[CHK_nRFCsb] < 0)
        return memsim__check_fail(rd, "%s needs timing nRFCsb", name);
    if (c == CHK_REFPB && h->timing[CHK_nRFCpb] < 0)
        return memsim__check_fail(rd, "%s needs timing nRFCpb", name);
    return MEMSIM_OK;
}

memsim_status memsim__check_parse_line(chk_reader *rd, const chk_header *h, char *text,
                                       chk_line *out)
{
    char *f[CHK_FIELDS];
    unsigned n = split_csv(text, f, CHK_FIELDS);
    if (n != CHK_FIELDS)
        return memsim__check_fail(rd, "expected %u comma-separated fields (%s), got %u", CHK_FIELDS,
                                  CHK_CSV_HEADER, n);
    memsim_status st = parse_command(rd, h, f[9], out);
    uint64_t clk, ch, pc, rank;
    if (st == MEMSIM_OK && !parse_u64(f[0], &out->t_ps))
        st = memsim__check_fail(rd, "expected a non-negative integer for t_ps, got '%s'", f[0]);
    if (st == MEMSIM_OK) st = field_index(rd, f, 1, (uint64_t)CHK_CLK_MAX + 1, &clk);
    if (st == MEMSIM_OK) st = field_index(rd, f, 2, h->channels, &ch);
    if (st == MEMSIM_OK) st = field_index(rd, f, 3, h->pcs, &pc);
    if (st == MEMSIM_OK) st = field_index(rd, f, 4, h->ranks, &rank);
    if (st == MEMSIM_OK) st = parse_address(rd, h, f, out);
    if (st != MEMSIM_OK) return st;
    out->clk = (int64_t)clk;
    out->ch = (unsigned)ch;
    out->pc = (unsigned)pc;
    out->rank = (unsigned)rank;
    out->unit = out->ch * h->pcs + out->pc;
    return MEMSIM_OK;
}
