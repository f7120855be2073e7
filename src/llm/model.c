/*
 * model.c - decoder-only transformer descriptions: the model YAML loader, the
 * field check, the parameter count, and the step defaults and phase names
 * (include/memsim/llm.h, docs/llm.md).
 *
 * A model file is one flat mapping of the keys in `fields` below, named like
 * Hugging Face config.json fields where there is one (hidden = hidden_size,
 * ffn = intermediate_size, kv_heads = num_key_value_heads, experts =
 * num_local_experts, experts_per_token = num_experts_per_tok). Defaults:
 * kv_heads = heads, head_dim = hidden / heads, experts 0 (dense), gated_ffn
 * true (SwiGLU), dtype_bytes 2, kv_bytes = dtype_bytes, name = the file name
 * without extension.
 *
 * memsim_llm_model_check() is the one place that validates; when the loader
 * calls it, each message names the line of the offending key (or of the
 * mapping, for a value the file left to its default).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "config/config.h"
#include "llm/llm_internal.h"
#include "memsim/llm.h"
#include "util/quote.h"

/* ORDER FIELD: indices into fields[]. */
enum {
    F_NAME,
    F_LAYERS,
    F_HIDDEN,
    F_HEADS,
    F_KV_HEADS,
    F_HEAD_DIM,
    F_FFN,
    F_VOCAB,
    F_EXPERTS,
    F_TOPK,
    F_GATED,
    F_DTYPE,
    F_KV_BYTES,
    N_FIELDS
};

typedef struct field {
    const char *key;
    size_t off; /* of the unsigned member of memsim_llm_model (not for name) */
    int required;
    int instead; /* whose line a message names when this key was not given (-1: the mapping's) */
} field;

#define FIELD(k, m, req, instead)                                                                  \
    {                                                                                              \
        k, offsetof(memsim_llm_model, m), req, instead                                             \
    }

static const field fields[N_FIELDS] = {
    FIELD("name", name, 0, -1),
    FIELD("layers", layers, 1, -1),
    FIELD("hidden", hidden, 1, -1),
    FIELD("heads", heads, 1, -1),
    FIELD("kv_heads", kv_heads, 0, F_HEADS),
    FIELD("head_dim", head_dim, 0, F_HEADS),
    FIELD("ffn", ffn, 1, -1),
    FIELD("vocab", vocab, 1, -1),
    FIELD("experts", experts, 0, -1),
    FIELD("experts_per_token", experts_per_token, 0, F_EXPERTS),
    FIELD("gated_ffn", gated_ffn, 0, -1),
    FIELD("dtype_bytes", dtype_bytes, 0, -1),
    FIELD("kv_bytes", kv_bytes, 0, F_DTYPE),
};

/* Where a message points: a file and the line of each key, or nothing. */
typedef struct where {
    const char *path; /* NULL: the model came from code */
    const size_t *line;
    size_t map_line;
} where;

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

/* "FILE:LINE: KEY: " for a loaded model, "model 'NAME': KEY: " otherwise. */
static memsim_status fail(const where *w, const memsim_llm_model *m, int f, char *err, size_t len,
                          const char *what)
{
    if (w && w->path) {
        size_t line = w->line[f];
        if (!line && fields[f].instead >= 0) line = w->line[fields[f].instead];
        errorf(err, len, "%s:%zu: %s: %s", w->path, line ? line : w->map_line, fields[f].key, what);
    } else
        errorf(err, len, "model '%.*s': %s: %s", (int)sizeof m->name, m->name, fields[f].key, what);
    return MEMSIM_E_INVALID;
}

static unsigned get(const memsim_llm_model *m, int f)
{
    unsigned v;
    memcpy(&v, (const char *)m + fields[f].off, sizeof v);
    return v;
}

/* Checks lo <= field f <= hi. */
static memsim_status range(const where *w, const memsim_llm_model *m, int f, unsigned lo,
                           unsigned hi, char *err, size_t len)
{
    unsigned v = get(m, f);
    if (v >= lo && v <= hi) return MEMSIM_OK;
    char what[96];
    snprintf(what, sizeof what, "expected an integer from %u to %u, got %u", lo, hi, v);
    return fail(w, m, f, err, len, what);
}

static memsim_status check_sizes(const where *w, memsim_llm_model *m, char *err, size_t len)
{
    /* The bounds keep every byte count of a step within 2^64. */
    static const struct {
        int f;
        unsigned lo, hi;
    } bounds[] = {
        {F_LAYERS, 1, 4096},  {F_HIDDEN, 1, 1u << 20}, {F_HEADS, 1, 65536},
        {F_FFN, 1, 1u << 22}, {F_VOCAB, 1, 1u << 24},  {F_EXPERTS, 0, 4096},
    };
    for (size_t i = 0; i < sizeof bounds / sizeof bounds[0]; i++) {
        memsim_status st = range(w, m, bounds[i].f, bounds[i].lo, bounds[i].hi, err, len);
        if (st != MEMSIM_OK) return st;
    }
    char what[128];
    if (m->kv_heads == 0) m->kv_heads = m->heads;
    if (range(w, m, F_KV_HEADS, 1, m->heads, err, len) != MEMSIM_OK) return MEMSIM_E_INVALID;
    if (m->heads % m->kv_heads) {
        snprintf(what, sizeof what, "heads (%u) must be a multiple of kv_heads (%u)", m->heads,
                 m->kv_heads);
        return fail(w, m, F_KV_HEADS, err, len, what);
    }
    if (m->head_dim == 0) {
        if (m->hidden % m->heads) {
            snprintf(what, sizeof what,
                     "hidden (%u) is not a multiple of heads (%u): give head_dim", m->hidden,
                     m->heads);
            return fail(w, m, F_HEAD_DIM, err, len, what);
        }
        m->head_dim = m->hidden / m->heads;
    }
    return range(w, m, F_HEAD_DIM, 1, 65536, err, len);
}

static memsim_status check_moe_and_types(const where *w, memsim_llm_model *m, char *err, size_t len)
{
    char what[128];
    if (m->experts > 1) {
        if (m->experts_per_token == 0) {
            snprintf(what, sizeof what, "required when experts > 1 (experts is %u)", m->experts);
            return fail(w, m, F_TOPK, err, len, what);
        }
        if (range(w, m, F_TOPK, 1, m->experts, err, len) != MEMSIM_OK) return MEMSIM_E_INVALID;
    } else {
        /* dense: one FFN that every token uses; top-k is 0 (unset) or 1 and is
         * left as given (the built-in models of models.c hold 0) */
        if (range(w, m, F_TOPK, 0, 1, err, len) != MEMSIM_OK) return MEMSIM_E_INVALID;
    }
    if (range(w, m, F_GATED, 0, 1, err, len) != MEMSIM_OK) return MEMSIM_E_INVALID;
    if (m->kv_bytes == 0) m->kv_bytes = m->dtype_bytes;
    for (int f = F_DTYPE; f <= F_KV_BYTES; f++) {
        unsigned v = get(m, f);
        if (v != 1 && v != 2 && v != 4) {
            snprintf(what, sizeof what, "expected 1 (fp8), 2 (bf16) or 4 (fp32), got %u", v);
            return fail(w, m, f, err, len, what);
        }
    }
    return MEMSIM_OK;
}

static memsim_status check_at(const where *w, memsim_llm_model *m, char *err, size_t len)
{
    if (!memchr(m->name, '\0', sizeof m->name)) {
        m->name[sizeof m->name - 1] = '\0';
        return fail(w, m, F_NAME, err, len, "expected a NUL-terminated name");
    }
    memsim_status st = check_sizes(w, m, err, len);
    return st != MEMSIM_OK ? st : check_moe_and_types(w, m, err, len);
}

memsim_status memsim_llm_model_check(memsim_llm_model *m, char *err, size_t err_len)
{
    if (err && err_len) err[0] = '\0';
    if (!m) {
        errorf(err, err_len, "memsim_llm_model_check: expected a model");
        return MEMSIM_E_INVALID;
    }
    return check_at(NULL, m, err, err_len);
}

/* ---- the loader ---------------------------------------------------------- */

typedef struct loader {
    const char *path;
    char *err;
    size_t err_len;
    memsim_llm_model m;
    size_t line[N_FIELDS];
} loader;

static memsim_status set_value(loader *L, int f, const char *v, size_t line)
{
    char q[MEMSIM__QUOTE_CAP];
    memsim__quote(q, v, strlen(v));
    if (f == F_NAME) {
        size_t n = strlen(v);
        if (n == 0 || n >= sizeof L->m.name) {
            errorf(L->err, L->err_len, "%s:%zu: name: expected 1 to %zu characters, got '%s'",
                   L->path, line, sizeof L->m.name - 1, q);
            return MEMSIM_E_INVALID;
        }
        memcpy(L->m.name, v, n + 1);
        return MEMSIM_OK;
    }
    unsigned u;
    if (f == F_GATED) {
        int b;
        if (!memsim__parse_bool(v, &b)) {
            errorf(L->err, L->err_len, "%s:%zu: gated_ffn: expected true or false, got '%s'",
                   L->path, line, q);
            return MEMSIM_E_INVALID;
        }
        u = (unsigned)b;
    } else {
        uint64_t x;
        if (!memsim__parse_u64(v, &x) || x > 0xffffffffu) {
            errorf(L->err, L->err_len, "%s:%zu: %s: expected a non-negative integer, got '%s'",
                   L->path, line, fields[f].key, q);
            return MEMSIM_E_INVALID;
        }
        u = (unsigned)x;
    }
    memcpy((char *)&L->m + fields[f].off, &u, sizeof u);
    return MEMSIM_OK;
}

static memsim_status on_leaf(void *ctx, const char *key, const char *value, size_t line)
{
    loader *L = ctx;
    for (int f = 0; f < N_FIELDS; f++) {
        if (strcmp(key, fields[f].key) != 0) continue;
        if (L->line[f]) {
            errorf(L->err, L->err_len, "%s:%zu: %s: given twice (first at line %zu)", L->path, line,
                   key, L->line[f]);
            return MEMSIM_E_INVALID;
        }
        L->line[f] = line;
        return set_value(L, f, value, line);
    }
    char keys[320], q[MEMSIM__QUOTE_CAP];
    size_t o = 0;
    keys[0] = '\0';
    for (int f = 0; f < N_FIELDS; f++) {
        int n = snprintf(keys + o, sizeof keys - o, "%s%s", f ? ", " : "", fields[f].key);
        if (n < 0 || (size_t)n >= sizeof keys - o) break;
        o += (size_t)n;
    }
    errorf(L->err, L->err_len, "%s:%zu: unknown key '%s'; expected one of: %s", L->path, line,
           memsim__quote(q, key, strlen(key)), keys);
    return MEMSIM_E_INVALID;
}

memsim_status memsim_llm_model_load_yaml(const char *path, memsim_llm_model *out, char *err,
                                         size_t err_len)
{
    if (err && err_len) err[0] = '\0';
    if (!path || !out) {
        errorf(err, err_len, "memsim_llm_model_load_yaml: expected a path and an output");
        return MEMSIM_E_INVALID;
    }
    loader L;
    memset(&L, 0, sizeof L);
    L.path = path;
    L.err = err;
    L.err_len = err_len;
    L.m.gated_ffn = 1;
    L.m.dtype_bytes = 2;
    size_t map_line = 1;
    memsim_status st = memsim__llm_yaml_walk(path, on_leaf, &L, &map_line, err, err_len);
    if (st != MEMSIM_OK) return st;
    for (int f = 0; f < N_FIELDS; f++)
        if (fields[f].required && !L.line[f]) {
            errorf(err, err_len, "%s:%zu: missing required key '%s'", path, map_line,
                   fields[f].key);
            return MEMSIM_E_INVALID;
        }
    if (!L.line[F_NAME]) { /* the file name without directory and extension */
        const char *b = strrchr(path, '/');
        b = b ? b + 1 : path;
        size_t n = strcspn(b, ".");
        if (n >= sizeof L.m.name) n = sizeof L.m.name - 1;
        memcpy(L.m.name, b, n);
        L.m.name[n] = '\0';
    }
    where w = {path, L.line, map_line};
    st = check_at(&w, &L.m, err, err_len);
    if (st == MEMSIM_OK) *out = L.m;
    return st;
}

double memsim_llm_model_params(const memsim_llm_model *m)
{
    if (!m || !m->heads) return 0;
    double h = m->hidden, hd = m->head_dim ? m->head_dim : (double)m->hidden / m->heads;
    double kvh = m->kv_heads ? m->kv_heads : m->heads;
    double e = m->experts > 1 ? m->experts : 1;
    double attn = h * m->heads * hd * 2 /* q, o */ + 2 * h * kvh * hd /* k, v */;
    double ffn = (m->gated_ffn ? 3 : 2) * h * m->ffn * e;
    double router = m->experts > 1 ? h * m->experts : 0;
    double layer = attn + ffn + router + 2 * h /* two norms */;
    return m->layers * layer + 2.0 * m->vocab * h /* embedding, LM head */ + h /* final norm */;
}

/* ---- steps and phases ----------------------------------------------------- */

void memsim_llm_step_defaults(memsim_llm_step *s)
{
    if (!s) return;
    memset(s, 0, sizeof *s);
    s->phase = MEMSIM_LLM_DECODE;
    s->batch = 1;
    s->ctx = 2048;
    s->tp = 1;
    s->tolerance = 0.02;
    s->full = 0;
    s->no_compute = 0;
    s->seed = 1;
}

/* ORDER PHASE: as memsim_llm_phase. */
static const char *const phase_names[] = {"decode", "prefill", "train"};

int memsim_llm_phase_from_name(const char *name)
{
    if (!name) return -1;
    for (int i = 0; i < (int)(sizeof phase_names / sizeof phase_names[0]); i++)
        if (strcmp(name, phase_names[i]) == 0) return i;
    return -1;
}

const char *memsim_llm_phase_name(memsim_llm_phase p)
{
    size_t i = (size_t)p;
    return i < sizeof phase_names / sizeof phase_names[0] ? phase_names[i] : "unknown";
}
