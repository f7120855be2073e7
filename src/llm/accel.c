/*
 * accel.c - the built-in accelerators and the accelerator YAML loader
 * (include/memsim/llm.h, docs/llm.md).
 *
 * The built-ins are rows of one const table. Each row's note says which
 * figures are published (AWS Neuron architecture pages, the NVIDIA Hopper
 * whitepaper, Intel Xeon 6 material; memory-facts.md §4) and which are
 * assumed; an assumption is marked ASSUMED. Figures are of the whole chip
 * (TFLOPS) or per core (SRAM, DMA engines). Defaults everywhere: compute
 * efficiency 1.0 and 2 tile buffers (double buffering).
 *
 * An accelerator file is a mapping; `base: trn2` starts from a built-in and
 * the other keys override it (the table `fields` below lists them). Without a
 * base, the fields marked required must be given; fp8 then defaults to the
 * bf16 rate and fp32 to a quarter of it (the NeuronCore-v2 ratio, ASSUMED).
 * `memory` is a memory preset or a path to a memsim YAML file (a value with a
 * '/' or ending in .yaml/.yml); a relative path is resolved against the
 * accelerator file's directory. `memory_set` holds memsim config KEY: VALUE
 * pairs. When the file names its own `memory`, the base's memory_set entries
 * are dropped (they were settings of the base's memory); otherwise the file's
 * entries are added to the base's, a KEY given again replacing the old value.
 *
 * The YAML reader at the end (memsim__llm_yaml_walk) is shared with model.c:
 * it flattens nested mappings into dotted keys, as src/config/yaml.c does,
 * and hands each leaf with its line to a callback. Its prototype is repeated
 * in model.c because src/llm has no internal header of ours yet.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "config/config.h"
#include "llm/llm_internal.h"
#include "memsim/llm.h"
#include "util/quote.h"

/* ---- the built-in accelerators ---------------------------------------- */

#define XEON6_NOTE                                                                                 \
    "Xeon 6 6980P-class socket (Intel Xeon 6 material): 128 cores, 2 MiB L2/core, AMX and "        \
    "AVX-512. ASSUMED: 2.0 GHz all-core AMX clock (1024 BF16 flop/cycle/core), no FP8 unit "       \
    "(FP8 at the BF16 rate), L2 miss slots as one 30 GB/s engine per core with 48 in flight, "     \
    "256 KiB of L2 streamed ahead. "

#define NEURON_V2_NOTE                                                                             \
    "(Neuron architecture docs): 2 NeuronCore-v2, 190 TFLOPS BF16, 47.5 FP32, 24 MiB SBUF per "    \
    "core, 16 DMA engines per core at 27.2 GB/s. ASSUMED: FP8 at the BF16 rate, 256 DMA requests " \
    "in flight per engine."

/* Rows that share a compute die (inf2/trn1, h100/h200, the two Xeon 6
 * sockets) share its figures; each row adds its name, note and memory. */
#define NEURON_V2_CHIP                                                                             \
    .cores = 2, .tflops_fp32 = 47.5, .tflops_bf16 = 190, .tflops_fp8 = 190,                        \
    .compute_efficiency = 1.0, .sram_mib = 24, .buffers = 2, .dma_engines = 16, .dma_gbps = 27.2,  \
    .dma_outstanding = 256
#define HOPPER_SXM                                                                                 \
    .cores = 132, .tflops_fp32 = 67, .tflops_bf16 = 989, .tflops_fp8 = 1979,                       \
    .compute_efficiency = 1.0, .sram_mib = 0.22, .buffers = 2, .dma_engines = 1, .dma_gbps = 112,  \
    .dma_outstanding = 2048
#define XEON6_SOCKET                                                                               \
    .cores = 128, .tflops_fp32 = 16.4, .tflops_bf16 = 262, .tflops_fp8 = 262,                      \
    .compute_efficiency = 1.0, .sram_mib = 0.25, .buffers = 2, .dma_engines = 1, .dma_gbps = 30,   \
    .dma_outstanding = 48

static const memsim_accel accels[] = {
    {.name = "inf2", .note = "AWS Inferentia2 " NEURON_V2_NOTE, NEURON_V2_CHIP, .memory = "inf2"},
    {.name = "trn1", .note = "AWS Trainium " NEURON_V2_NOTE, NEURON_V2_CHIP, .memory = "trn1"},
    {.name = "trn2",
     .note = "AWS Trainium2 (Neuron architecture docs): 8 NeuronCore-v3, 667 TFLOPS BF16, 1299 "
             "FP8, 181 FP32, 28 MiB SBUF per core. ASSUMED: 16 DMA engines per core at 27.2 "
             "GB/s (the NeuronCore-v2 figure), 256 requests in flight per engine.",
     .cores = 8,
     .tflops_fp32 = 181,
     .tflops_bf16 = 667,
     .tflops_fp8 = 1299,
     .compute_efficiency = 1.0,
     .sram_mib = 28,
     .buffers = 2,
     .dma_engines = 16,
     .dma_gbps = 27.2,
     .dma_outstanding = 256,
     .memory = "trn2"},
    {.name = "trn3",
     .note = "AWS Trainium3 (Neuron architecture docs): 8 NeuronCore-v4, 671 TFLOPS BF16, 2517 "
             "MXFP8, 32 MiB SBUF per core, 16 DMA engines per core at 38.4 GB/s. ASSUMED: 183 "
             "FP32, 256 DMA requests in flight per engine.",
     .cores = 8,
     .tflops_fp32 = 183,
     .tflops_bf16 = 671,
     .tflops_fp8 = 2517,
     .compute_efficiency = 1.0,
     .sram_mib = 32,
     .buffers = 2,
     .dma_engines = 16,
     .dma_gbps = 38.4,
     .dma_outstanding = 256,
     .memory = "trn3"},
    {.name = "h100",
     .note = "NVIDIA H100 SXM (Hopper whitepaper): 132 SMs, 989 TFLOPS BF16 dense, 1979 FP8, 67 "
             "FP32, 228 KB shared memory per SM. ASSUMED: the TMA as one DMA engine per SM at "
             "112 GB/s (64 B/clock L2-to-SM at 1.755 GHz), 2048 requests in flight.",
     HOPPER_SXM,
     .memory = "h100"},
    {.name = "h200",
     .note = "NVIDIA H200 SXM (Hopper whitepaper, H200 brief): the H100 SXM compute (132 SMs, "
             "989 TFLOPS BF16, 1979 FP8, 67 FP32, 228 KB per SM) with HBM3E. ASSUMED as for "
             "h100: one 112 GB/s TMA engine per SM, 2048 requests in flight.",
     HOPPER_SXM,
     .memory = "h200"},
    {.name = "xeon6-rdimm-6400",
     .note = XEON6_NOTE "12 x 2R DDR5-6400 RDIMM.",
     XEON6_SOCKET,
     .memory = "DDR5-6400", /* as configs/socket-12ch-rdimm-6400.yaml */
     .memory_sets = {"dram.org=16Gb_x4", "dram.channels=24", "dram.ranks=2",
                     "mapping.scheme=RoBaCoBgRaCh"},
     .n_memory_sets = 4},
    {.name = "xeon6-mrdimm-8800",
     .note = XEON6_NOTE "12 x MRDIMM-8800.",
     XEON6_SOCKET,
     .memory = "MRDIMM-8800", /* as configs/socket-12ch-mrdimm-8800.yaml */
     .memory_sets = {"dram.org=16Gb_x4", "dram.channels=24", "dram.ranks=1",
                     "mapping.scheme=RoBaRaCoBgPcCh"},
     .n_memory_sets = 4},
};

size_t memsim_accel_count(void)
{
    return sizeof accels / sizeof accels[0];
}

memsim_status memsim_accel_get(size_t i, memsim_accel *out)
{
    if (!out || i >= memsim_accel_count()) return MEMSIM_E_INVALID;
    *out = accels[i];
    return MEMSIM_OK;
}

memsim_status memsim_accel_preset(const char *name, memsim_accel *out)
{
    if (!name || !out) return MEMSIM_E_INVALID;
    for (size_t i = 0; i < memsim_accel_count(); i++)
        if (strcmp(accels[i].name, name) == 0) return memsim_accel_get(i, out);
    return MEMSIM_E_INVALID;
}

/* ---- the YAML loader ---------------------------------------------------- */

typedef enum { F_TEXT, F_UINT, F_REAL } ftype;

typedef struct field {
    const char *key;
    ftype type;
    size_t off, size; /* of the member of memsim_accel */
    double lo, hi;    /* F_UINT: lo..hi; F_REAL: above lo, at most hi */
    int required;     /* when there is no base */
} field;

#define FIELD(k, t, m, lo, hi, req)                                                                \
    {                                                                                              \
        k, t, offsetof(memsim_accel, m), sizeof(((memsim_accel *)0)->m), lo, hi, req               \
    }

/* ORDER FIELD: the order of unknown-key and missing-field messages. */
static const field fields[] = {
    FIELD("name", F_TEXT, name, 0, 0, 0),
    FIELD("note", F_TEXT, note, 0, 0, 0),
    FIELD("cores", F_UINT, cores, 1, 65536, 1),
    FIELD("tflops.fp32", F_REAL, tflops_fp32, 0, 1e6, 0),
    FIELD("tflops.bf16", F_REAL, tflops_bf16, 0, 1e6, 1),
    FIELD("tflops.fp8", F_REAL, tflops_fp8, 0, 1e6, 0),
    FIELD("compute_efficiency", F_REAL, compute_efficiency, 0, 1, 0),
    FIELD("sram_mib", F_REAL, sram_mib, 0, 1e6, 1),
    FIELD("buffers", F_UINT, buffers, 2, 64, 0),
    FIELD("dma.engines", F_UINT, dma_engines, 1, 4096, 1),
    FIELD("dma.gbps", F_REAL, dma_gbps, 0, 1e6, 1),
    FIELD("dma.outstanding", F_UINT, dma_outstanding, 1, 65536, 0),
    FIELD("memory", F_TEXT, memory, 0, 0, 1),
};
enum { N_FIELDS = sizeof fields / sizeof fields[0] };

#define SET_PREFIX "memory_set."

static size_t field_index(const char *key)
{
    size_t f = 0;
    while (f < N_FIELDS && strcmp(fields[f].key, key) != 0)
        f++;
    return f;
}

typedef struct loader {
    const char *path;
    char *err;
    size_t err_len;
    memsim_accel given;    /* the values the file gives */
    size_t line[N_FIELDS]; /* where each field was given; 0: not given */
    char base[32];
    size_t base_line;
    size_t set_line[MEMSIM_ACCEL_MAX_SETS];
} loader;

static void errorf(char *err, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void errorf(char *err, size_t len, const char *fmt, ...)
{
    if (!err || len == 0) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, len, fmt, ap);
    va_end(ap);
}

static void list_presets(char *buf, size_t len)
{
    size_t o = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < memsim_accel_count() && o < len; i++) {
        int n = snprintf(buf + o, len - o, "%s%s", i ? ", " : "", accels[i].name);
        if (n < 0) break;
        o += (size_t)n;
    }
}

static void list_keys(char *buf, size_t len)
{
    size_t o = 0;
    int n = snprintf(buf, len, "base");
    o = n > 0 ? (size_t)n : 0;
    for (size_t i = 0; i < N_FIELDS && o < len; i++) {
        n = snprintf(buf + o, len - o, ", %s", fields[i].key);
        if (n < 0) break;
        o += (size_t)n;
    }
    if (o < len) snprintf(buf + o, len - o, ", %sKEY", SET_PREFIX);
}

/* Copies text @p v into a char[size] member; 0 if it does not fit. */
static int set_text(char *dst, size_t size, const char *v)
{
    size_t n = strlen(v);
    if (n >= size) return 0;
    memcpy(dst, v, n + 1);
    return 1;
}

/* A finite decimal number without surrounding text. */
static int parse_real(const char *s, double *out)
{
    char *end;
    if (!*s || strchr(" \t\n", *s)) return 0;
    errno = 0;
    double x = strtod(s, &end);
    if (*end || errno || !isfinite(x)) return 0;
    *out = x;
    return 1;
}

int memsim__llm_is_path(const char *v)
{
    size_t n = strlen(v);
    return strchr(v, '/') || (n > 5 && !strcmp(v + n - 5, ".yaml")) ||
           (n > 4 && !strcmp(v + n - 4, ".yml"));
}

/* A memory path relative to the accelerator file's directory, or a preset
 * name as is. */
static int resolve_memory(const loader *L, const char *v, char *dst, size_t size)
{
    const char *slash = strrchr(L->path, '/');
    if (!memsim__llm_is_path(v) || v[0] == '/' || !slash) return set_text(dst, size, v);
    int dir = (int)(slash - L->path);
    int w = snprintf(dst, size, "%.*s/%s", dir, L->path, v);
    return w > 0 && (size_t)w < size;
}

static memsim_status set_field(loader *L, size_t f, const char *v, size_t line)
{
    const field *F = &fields[f];
    char *dst = (char *)&L->given + F->off;
    char q[MEMSIM__QUOTE_CAP];
    memsim__quote(q, v, strlen(v));
    if (F->type == F_TEXT) {
        int ok = f == field_index("memory") ? resolve_memory(L, v, dst, F->size)
                                            : set_text(dst, F->size, v);
        if (!ok) {
            errorf(L->err, L->err_len, "%s:%zu: %s: expected at most %zu characters, got '%s'",
                   L->path, line, F->key, F->size - 1, q);
            return MEMSIM_E_INVALID;
        }
        if (!*v && strcmp(F->key, "note") != 0) {
            errorf(L->err, L->err_len, "%s:%zu: %s: expected a name, got nothing", L->path, line,
                   F->key);
            return MEMSIM_E_INVALID;
        }
        return MEMSIM_OK;
    }
    if (F->type == F_UINT) {
        uint64_t x;
        if (!memsim__parse_u64(v, &x) || (double)x < F->lo || (double)x > F->hi) {
            errorf(L->err, L->err_len,
                   "%s:%zu: %s: expected an integer from %.0f to %.0f, got '%s'", L->path, line,
                   F->key, F->lo, F->hi, q);
            return MEMSIM_E_INVALID;
        }
        unsigned u = (unsigned)x;
        memcpy(dst, &u, sizeof u);
        return MEMSIM_OK;
    }
    double x;
    if (!parse_real(v, &x) || x <= F->lo || x > F->hi) {
        errorf(L->err, L->err_len,
               "%s:%zu: %s: expected a number above %g and at most %g, got '%s'", L->path, line,
               F->key, F->lo, F->hi, q);
        return MEMSIM_E_INVALID;
    }
    memcpy(dst, &x, sizeof x);
    return MEMSIM_OK;
}

/* memory_set.KEY: VALUE becomes "KEY=VALUE"; a KEY given twice is an error. */
static memsim_status add_set(loader *L, const char *key, const char *v, size_t line)
{
    memsim_accel *a = &L->given;
    size_t klen = strlen(key);
    char q[MEMSIM__QUOTE_CAP];
    for (unsigned i = 0; i < a->n_memory_sets; i++)
        if (!strncmp(a->memory_sets[i], key, klen) && a->memory_sets[i][klen] == '=') {
            errorf(L->err, L->err_len, "%s:%zu: %s%s: given twice (first at line %zu)", L->path,
                   line, SET_PREFIX, memsim__quote(q, key, klen), L->set_line[i]);
            return MEMSIM_E_INVALID;
        }
    if (strchr(key, '=')) {
        errorf(L->err, L->err_len, "%s:%zu: %s%s: expected a memsim config key, got an '='",
               L->path, line, SET_PREFIX, memsim__quote(q, key, klen));
        return MEMSIM_E_INVALID;
    }
    if (a->n_memory_sets == MEMSIM_ACCEL_MAX_SETS) {
        errorf(L->err, L->err_len, "%s:%zu: %s%s: expected at most %d memory_set entries", L->path,
               line, SET_PREFIX, memsim__quote(q, key, klen), MEMSIM_ACCEL_MAX_SETS);
        return MEMSIM_E_INVALID;
    }
    char *dst = a->memory_sets[a->n_memory_sets];
    int w = snprintf(dst, sizeof a->memory_sets[0], "%s=%s", key, v);
    if (w < 0 || (size_t)w >= sizeof a->memory_sets[0]) {
        errorf(L->err, L->err_len, "%s:%zu: %s%s: expected KEY=VALUE of at most %zu characters",
               L->path, line, SET_PREFIX, memsim__quote(q, key, klen),
               sizeof a->memory_sets[0] - 1);
        return MEMSIM_E_INVALID;
    }
    L->set_line[a->n_memory_sets++] = line;
    return MEMSIM_OK;
}

static memsim_status on_leaf(void *ctx, const char *key, const char *value, size_t line)
{
    loader *L = ctx;
    char q[MEMSIM__QUOTE_CAP];
    if (!strncmp(key, SET_PREFIX, strlen(SET_PREFIX)) && key[strlen(SET_PREFIX)])
        return add_set(L, key + strlen(SET_PREFIX), value, line);
    if (!strcmp(key, "base")) {
        if (L->base_line) {
            errorf(L->err, L->err_len, "%s:%zu: base: given twice (first at line %zu)", L->path,
                   line, L->base_line);
            return MEMSIM_E_INVALID;
        }
        snprintf(L->base, sizeof L->base, "%.31s", value);
        L->base_line = line;
        return MEMSIM_OK; /* checked once the file is read */
    }
    for (size_t f = 0; f < N_FIELDS; f++) {
        if (strcmp(key, fields[f].key) != 0) continue;
        if (L->line[f]) {
            errorf(L->err, L->err_len, "%s:%zu: %s: given twice (first at line %zu)", L->path, line,
                   key, L->line[f]);
            return MEMSIM_E_INVALID;
        }
        L->line[f] = line;
        return set_field(L, f, value, line);
    }
    memsim__quote(q, key, strlen(key));
    /* "tflops: 100" or "memory_set: x" where a mapping belongs */
    size_t klen = strlen(key);
    for (size_t f = 0; f < N_FIELDS; f++)
        if (!strncmp(fields[f].key, key, klen) && fields[f].key[klen] == '.') {
            errorf(L->err, L->err_len,
                   "%s:%zu: %s: expected a mapping (for example '%s: ...'), got a value", L->path,
                   line, q, fields[f].key + klen + 1);
            return MEMSIM_E_INVALID;
        }
    if (!strcmp(key, "memory_set")) {
        errorf(L->err, L->err_len,
               "%s:%zu: memory_set: expected a mapping of memsim config KEY: VALUE pairs, got "
               "a value",
               L->path, line);
        return MEMSIM_E_INVALID;
    }
    char keys[512];
    list_keys(keys, sizeof keys);
    errorf(L->err, L->err_len, "%s:%zu: unknown key '%s'; expected one of: %s", L->path, line, q,
           keys);
    return MEMSIM_E_INVALID;
}

/* The file name without directory and extension: the default name. */
static void file_stem(const char *path, char *dst, size_t size)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    size_t n = strcspn(b, ".");
    if (n >= size) n = size - 1;
    memcpy(dst, b, n);
    dst[n] = '\0';
}

/* Adds the file's memory_set entries to out's, replacing equal KEYs. */
static memsim_status merge_sets(const loader *L, memsim_accel *out)
{
    const memsim_accel *g = &L->given;
    for (unsigned i = 0; i < g->n_memory_sets; i++) {
        size_t klen = strcspn(g->memory_sets[i], "=") + 1; /* with the '=' */
        unsigned j = 0;
        while (j < out->n_memory_sets && strncmp(out->memory_sets[j], g->memory_sets[i], klen))
            j++;
        if (j == MEMSIM_ACCEL_MAX_SETS) {
            errorf(L->err, L->err_len,
                   "%s:%zu: memory_set: expected at most %d entries with those of base '%s'",
                   L->path, L->set_line[i], MEMSIM_ACCEL_MAX_SETS, L->base);
            return MEMSIM_E_INVALID;
        }
        memcpy(out->memory_sets[j], g->memory_sets[i], sizeof out->memory_sets[j]);
        if (j == out->n_memory_sets) out->n_memory_sets++;
    }
    return MEMSIM_OK;
}

/* Starts from the base (or the defaults) and applies what the file gave. */
static memsim_status build(const loader *L, size_t map_line, memsim_accel *out)
{
    char list[256];
    memset(out, 0, sizeof *out);
    if (L->base_line) {
        if (memsim_accel_preset(L->base, out) != MEMSIM_OK) {
            char q[MEMSIM__QUOTE_CAP];
            list_presets(list, sizeof list);
            errorf(L->err, L->err_len,
                   "%s:%zu: base: unknown accelerator '%s'; expected one of: %s", L->path,
                   L->base_line, memsim__quote(q, L->base, strlen(L->base)), list);
            return MEMSIM_E_INVALID;
        }
        if (L->line[field_index("memory")]) out->n_memory_sets = 0; /* a new memory */
    } else {
        for (size_t f = 0; f < N_FIELDS; f++)
            if (fields[f].required && !L->line[f]) {
                list_presets(list, sizeof list);
                errorf(L->err, L->err_len,
                       "%s:%zu: missing required key '%s' (give it, or 'base:' one of: %s)",
                       L->path, map_line, fields[f].key, list);
                return MEMSIM_E_INVALID;
            }
        out->compute_efficiency = 1.0;
        out->buffers = 2;
        out->dma_outstanding = 64;
        out->tflops_fp8 = L->given.tflops_bf16;        /* no FP8 unit */
        out->tflops_fp32 = L->given.tflops_bf16 / 4.0; /* ASSUMED: NeuronCore-v2 ratio */
    }
    for (size_t f = 0; f < N_FIELDS; f++)
        if (L->line[f])
            memcpy((char *)out + fields[f].off, (const char *)&L->given + fields[f].off,
                   fields[f].size);
    if (!L->line[field_index("name")]) file_stem(L->path, out->name, sizeof out->name);
    if (!L->line[field_index("note")]) {
        char base_note[sizeof out->note];
        memcpy(base_note, out->note, sizeof base_note);
        if (L->base_line)
            snprintf(out->note, sizeof out->note, "%.100s, base %s: %.170s", L->path, L->base,
                     base_note);
        else
            snprintf(out->note, sizeof out->note, "user-defined in %.200s", L->path);
    }
    return merge_sets(L, out);
}

memsim_status memsim_accel_load_yaml(const char *path, memsim_accel *out, char *err, size_t err_len)
{
    if (err && err_len) err[0] = '\0';
    if (!path || !out) {
        errorf(err, err_len, "memsim_accel_load_yaml: expected a path and an output");
        return MEMSIM_E_INVALID;
    }
    loader *L = calloc(1, sizeof *L);
    if (!L) {
        errorf(err, err_len, "%s: out of memory", path);
        return MEMSIM_E_NOMEM;
    }
    L->path = path;
    L->err = err;
    L->err_len = err_len;
    size_t map_line = 1;
    memsim_status st = memsim__llm_yaml_walk(path, on_leaf, L, &map_line, err, err_len);
    memsim_accel a;
    if (st == MEMSIM_OK) st = build(L, map_line, &a);
    if (st == MEMSIM_OK) *out = a;
    free(L);
    return st;
}

/* ---- the YAML reader (shared with model.c) ------------------------------ */

#define MAX_DEPTH 8
#define KEY_LEN   160

typedef struct walker {
    const char *path;
    memsim__llm_leaf_fn leaf;
    void *ctx;
    char *err;
    size_t err_len;
    char prefix[MAX_DEPTH][KEY_LEN]; /* the dotted key of each open mapping */
    int depth;                       /* open mappings, the root one included */
    char key[KEY_LEN];
    int have_key;
    int documents;
} walker;

static memsim_status on_scalar(walker *W, const yaml_event_t *ev, size_t line)
{
    const char *s = (const char *)ev->data.scalar.value;
    char q[MEMSIM__QUOTE_CAP];
    if (strlen(s) != ev->data.scalar.length) {
        errorf(W->err, W->err_len, "%s:%zu: expected text, got a NUL byte", W->path, line);
        return MEMSIM_E_PARSE;
    }
    if (W->depth == 0) {
        if (!*s) return MEMSIM_OK; /* an empty document */
        errorf(W->err, W->err_len, "%s:%zu: expected a key: value mapping, got '%s'", W->path, line,
               memsim__quote(q, s, strlen(s)));
        return MEMSIM_E_PARSE;
    }
    if (W->have_key) {
        W->have_key = 0;
        return W->leaf ? W->leaf(W->ctx, W->key, s, line) : MEMSIM_OK;
    }
    const char *pre = W->depth > 1 ? W->prefix[W->depth - 1] : "";
    int n = snprintf(W->key, sizeof W->key, "%s%s%s", pre, *pre ? "." : "", s);
    if (n < 0 || (size_t)n >= sizeof W->key) {
        errorf(W->err, W->err_len, "%s:%zu: expected a key of at most %zu characters, got '%s'",
               W->path, line, sizeof W->key - 1, memsim__quote(q, s, strlen(s)));
        return MEMSIM_E_PARSE;
    }
    W->have_key = 1;
    return MEMSIM_OK;
}

static memsim_status on_event(walker *W, const yaml_event_t *ev, int *done)
{
    size_t line = ev->start_mark.line + 1;
    char q[MEMSIM__QUOTE_CAP];
    switch (ev->type) {
    case YAML_SCALAR_EVENT:
        return on_scalar(W, ev, line);
    case YAML_MAPPING_START_EVENT:
        if (W->depth == 0) { /* the root mapping */
            W->depth = 1;
            return MEMSIM_OK;
        }
        if (!W->have_key) {
            errorf(W->err, W->err_len,
                   "%s:%zu: expected a key: value mapping, got a mapping as a key", W->path, line);
            return MEMSIM_E_PARSE;
        }
        if (W->depth >= MAX_DEPTH) {
            errorf(W->err, W->err_len, "%s:%zu: nesting deeper than %d", W->path, line, MAX_DEPTH);
            return MEMSIM_E_PARSE;
        }
        memcpy(W->prefix[W->depth++], W->key, sizeof W->key);
        W->have_key = 0;
        return MEMSIM_OK;
    case YAML_MAPPING_END_EVENT:
        W->depth--;
        return MEMSIM_OK;
    case YAML_SEQUENCE_START_EVENT:
    case YAML_ALIAS_EVENT:
        errorf(W->err, W->err_len, "%s:%zu: %s%sexpected a key: value mapping, got a %s", W->path,
               line, W->have_key ? memsim__quote(q, W->key, strlen(W->key)) : "",
               W->have_key ? ": " : "", ev->type == YAML_ALIAS_EVENT ? "YAML alias" : "list");
        return MEMSIM_E_PARSE;
    case YAML_DOCUMENT_START_EVENT:
        if (++W->documents > 1) {
            errorf(W->err, W->err_len, "%s:%zu: expected one YAML document, got a second", W->path,
                   line);
            return MEMSIM_E_PARSE;
        }
        return MEMSIM_OK;
    case YAML_STREAM_END_EVENT:
        *done = 1;
        return MEMSIM_OK;
    default:
        return MEMSIM_OK;
    }
}

/* One pass over the events of W->path; leaves go to W->leaf when it is set. */
static memsim_status walk_once(walker *W, FILE *fp, size_t *map_line)
{
    yaml_parser_t p;
    if (!yaml_parser_initialize(&p)) {
        errorf(W->err, W->err_len, "%s: out of memory", W->path);
        return MEMSIM_E_NOMEM;
    }
    yaml_parser_set_input_file(&p, fp);
    memsim_status st = MEMSIM_OK;
    for (int done = 0; !done && st == MEMSIM_OK;) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&p, &ev)) {
            errorf(W->err, W->err_len, "%s:%zu: %s", W->path, p.problem_mark.line + 1,
                   p.problem ? p.problem : "YAML syntax error");
            st = MEMSIM_E_PARSE;
            break;
        }
        if (ev.type == YAML_MAPPING_START_EVENT && W->depth == 0)
            *map_line = ev.start_mark.line + 1;
        st = on_event(W, &ev, &done);
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&p);
    return st;
}

/* Reads @p path and calls @p leaf for each scalar with its dotted key and
 * line. *map_line is the line of the root mapping (1 if there is none).
 * The file is read twice, so that a YAML error anywhere is reported (as
 * MEMSIM_E_PARSE) before any complaint about a value. */
memsim_status memsim__llm_yaml_walk(const char *path, memsim__llm_leaf_fn leaf, void *ctx,
                                    size_t *map_line, char *err, size_t err_len)
{
    *map_line = 1;
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        errorf(err, err_len, "%s: cannot open: %s", path, strerror(errno));
        return MEMSIM_E_IO;
    }
    walker *W = calloc(1, sizeof *W);
    memsim_status st = MEMSIM_E_NOMEM;
    if (!W) errorf(err, err_len, "%s: out of memory", path);
    for (int pass = 0; W && pass < 2; pass++) {
        memset(W, 0, sizeof *W);
        W->path = path;
        W->leaf = pass ? leaf : NULL;
        W->ctx = ctx;
        W->err = err;
        W->err_len = err_len;
        rewind(fp);
        st = walk_once(W, fp, map_line);
        if (st != MEMSIM_OK) break;
    }
    free(W);
    fclose(fp);
    return st;
}
