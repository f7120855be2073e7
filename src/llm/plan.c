/*
 * plan.c - turns (chip, model, step) into a chain of operator groups with
 * the address ranges each reads and writes and the flops it computes
 * (docs/llm.md has the formulas).
 *
 * Memory layout of one chip (its tensor-parallel shard), each region 4 KiB
 * aligned: the layers' weights, the embedding table, the LM head; the KV
 * cache ([layer][sequence][kv head][K|V][token][head_dim]); activations
 * (one block reused layer after layer, or one per layer when training keeps
 * them for the backward pass); activation gradients; weight gradients; the
 * optimizer's fp32 master weights and Adam moments.
 *
 * Activations stay on chip when the largest one fits in half the SRAM of
 * all cores (decode, small prefill) and move through memory otherwise
 * (training always keeps them in memory for the backward pass). Weights are
 * read once per operator (ideal reuse: activations blocked to fit on chip).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "llm/llm_internal.h"

typedef struct dims {
    uint64_t H, hd, nh, nkv, qd, F, V, Vt, E, k, g, wb, kvb, ab, B, S, M, slots;
    uint64_t layer_w, pl, pchip; /* weight bytes and params of one layer shard; params of a chip */
    uint64_t w_embed, w_lm, w_norm; /* head and tail weights */
    unsigned L;
    int spill, train, decode;
} dims;

typedef struct regions {
    uint64_t w, embed, lm, kv, act, act_block, grad_act, wgrad, opt, end;
} regions;

static uint64_t align4k(uint64_t x)
{
    return (x + 4095u) & ~(uint64_t)4095u;
}

static void set_err(char *err, size_t len, const char *msg)
{
    if (err && len) snprintf(err, len, "%s", msg);
}

static int add_group(llm_plan *p, const char *name, unsigned part, unsigned layer, int in_layer)
{
    if (p->n_groups == p->cap_groups) {
        size_t cap = p->cap_groups ? 2 * p->cap_groups : 64;
        llm_group *g = realloc(p->groups, cap * sizeof *g);
        if (!g) return 0;
        p->groups = g;
        p->cap_groups = cap;
    }
    llm_group *g = &p->groups[p->n_groups++];
    memset(g, 0, sizeof *g);
    snprintf(g->name, sizeof g->name, "%s", name);
    g->part = part;
    g->layer = layer;
    g->in_layer = in_layer;
    g->first_range = p->n_ranges;
    return 1;
}

static int add_range(llm_plan *p, uint64_t addr, uint64_t bytes, int write, unsigned cls)
{
    if (!bytes) return 1;
    if (p->n_ranges == p->cap_ranges) {
        size_t cap = p->cap_ranges ? 2 * p->cap_ranges : 256;
        llm_range *r = realloc(p->ranges, cap * sizeof *r);
        if (!r) return 0;
        p->ranges = r;
        p->cap_ranges = cap;
    }
    llm_group *g = &p->groups[p->n_groups - 1];
    p->ranges[p->n_ranges++] = (llm_range){addr, bytes, (uint8_t)write, (uint8_t)cls};
    g->n_ranges++;
    if (write)
        g->wr_bytes += bytes;
    else
        g->rd_bytes += bytes;
    p->class_bytes[cls] += (double)bytes;
    return 1;
}

static void add_flops(llm_plan *p, double f)
{
    p->groups[p->n_groups - 1].flops += f;
    p->flops += f;
}

static uint64_t mix64(uint64_t x)
{
    x += 0x9e3779b97f4a7c15u;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9u;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebu;
    return x ^ (x >> 31);
}

/* The experts layer `l` routes the step's tokens to: each token picks k
 * distinct experts (a seeded hash standing in for the router). Marks
 * used[e]; returns how many distinct experts. */
static uint64_t route(const dims *d, uint64_t seed, unsigned l, unsigned char *used)
{
    memset(used, 0, d->E);
    uint64_t distinct = 0;
    for (uint64_t t = 0; t < d->M && distinct < d->E; t++) {
        uint64_t h = mix64(seed ^ mix64(((uint64_t)l << 40) ^ t));
        for (uint64_t j = 0, picked = 0; picked < d->k; j++) {
            uint64_t e = mix64(h + j) % d->E;
            /* distinct within the token: skip an expert it already has */
            int again = 0;
            for (uint64_t i = 0; i < j && !again; i++)
                again = mix64(h + i) % d->E == e;
            if (again) continue;
            picked++;
            if (!used[e]) {
                used[e] = 1;
                distinct++;
            }
        }
    }
    return distinct;
}

/* offsets inside one layer's weights */
static uint64_t w_qkv(const dims *d)
{
    return d->H * d->wb; /* after the attention norm */
}
static uint64_t w_o(const dims *d)
{
    return w_qkv(d) + d->H * d->qd * d->wb;
}
static uint64_t w_ffn_norm(const dims *d)
{
    return w_o(d) + d->nh * d->hd * d->H * d->wb;
}
static uint64_t w_router(const dims *d)
{
    return w_ffn_norm(d) + d->H * d->wb;
}
static uint64_t expert_bytes(const dims *d)
{
    return (d->g + 1u) * d->H * d->F * d->wb;
}
static uint64_t w_expert(const dims *d, uint64_t e)
{
    return w_router(d) + (d->E > 1 ? d->H * d->E * d->wb : 0) + e * expert_bytes(d);
}

/* the activation block of a layer: X, QKV, O, X2, U */
typedef struct act_off {
    uint64_t x, qkv, o, x2, u, size;
} act_off;

static act_off act_layout(const dims *d)
{
    act_off a;
    uint64_t ek = d->E > 1 ? d->k : 1;
    a.x = 0;
    a.qkv = align4k(a.x + d->M * d->H * d->ab);
    a.o = align4k(a.qkv + d->M * d->qd * d->ab);
    a.x2 = align4k(a.o + d->M * d->nh * d->hd * d->ab);
    a.u = align4k(a.x2 + d->M * d->H * d->ab);
    a.size = align4k(a.u + d->M * ek * d->F * d->ab);
    return a;
}

static uint64_t kv_addr(const dims *d, const regions *r, unsigned l, uint64_t b, uint64_t h, int v,
                        uint64_t tok)
{
    uint64_t head = 2u * d->slots * d->hd * d->kvb;
    return r->kv + (((uint64_t)l * d->B + b) * d->nkv + h) * head +
           (uint64_t)v * d->slots * d->hd * d->kvb + tok * d->hd * d->kvb;
}

static int gen_forward_layer(llm_plan *p, const dims *d, const regions *r, unsigned l,
                             unsigned char *used, uint64_t seed)
{
    uint64_t wl = r->w + (uint64_t)l * d->layer_w;
    uint64_t ab = r->act + (d->train ? (uint64_t)l * r->act_block : 0);
    uint64_t next = r->act + (d->train ? (uint64_t)(l + 1) * r->act_block : 0);
    act_off a = act_layout(d);
    uint64_t M = d->M, ek = d->E > 1 ? d->k : 1;
    int ok = 1;
    /* QKV projection (with the attention norm) */
    ok &= add_group(p, "qkv", LLM_PART_FWD, l, 1);
    ok &= add_range(p, wl, w_o(d), 0, LLM_W);
    if (d->spill) {
        ok &= add_range(p, ab + a.x, M * d->H * d->ab, 0, LLM_ACT);
        ok &= add_range(p, ab + a.qkv, M * d->qd * d->ab, 1, LLM_ACT);
    }
    add_flops(p, 2.0 * (double)M * (double)d->H * (double)d->qd);
    /* attention */
    ok &= add_group(p, "attn", LLM_PART_FWD, l, 1);
    if (d->decode) {
        for (uint64_t b = 0; b < d->B; b++)
            for (uint64_t h = 0; h < d->nkv; h++)
                for (int v = 0; v < 2; v++)
                    ok &= add_range(p, kv_addr(d, r, l, b, h, v, 0), d->S * d->hd * d->kvb, 0,
                                    LLM_KVR);
        for (uint64_t b = 0; b < d->B; b++)
            for (uint64_t h = 0; h < d->nkv; h++)
                for (int v = 0; v < 2; v++)
                    ok &= add_range(p, kv_addr(d, r, l, b, h, v, d->S), d->hd * d->kvb, 1, LLM_KVW);
        add_flops(p, 4.0 * (double)d->B * (double)(d->nh * d->hd) * (double)(d->S + 1));
    } else {
        if (d->spill) {
            ok &= add_range(p, ab + a.qkv, M * d->qd * d->ab, 0, LLM_ACT);
            ok &= add_range(p, ab + a.o, M * d->nh * d->hd * d->ab, 1, LLM_ACT);
        }
        if (!d->train) /* inference keeps the prompt's keys and values */
            for (uint64_t b = 0; b < d->B; b++)
                for (uint64_t h = 0; h < d->nkv; h++)
                    for (int v = 0; v < 2; v++)
                        ok &= add_range(p, kv_addr(d, r, l, b, h, v, 0), d->S * d->hd * d->kvb, 1,
                                        LLM_KVW);
        /* causal: query i attends to i + 1 keys */
        add_flops(p, 4.0 * (double)d->B * (double)(d->nh * d->hd) * (double)d->S *
                         (double)(d->S + 1) / 2.0);
    }
    /* output projection */
    ok &= add_group(p, "o_proj", LLM_PART_FWD, l, 1);
    ok &= add_range(p, wl + w_o(d), d->nh * d->hd * d->H * d->wb, 0, LLM_W);
    if (d->spill) {
        ok &= add_range(p, ab + a.o, M * d->nh * d->hd * d->ab, 0, LLM_ACT);
        ok &= add_range(p, ab + a.x2, M * d->H * d->ab, 1, LLM_ACT);
    }
    add_flops(p, 2.0 * (double)M * (double)(d->nh * d->hd) * (double)d->H);
    /* router (mixture of experts) */
    if (d->E > 1) {
        route(d, seed, l, used);
        ok &= add_group(p, "router", LLM_PART_FWD, l, 1);
        ok &= add_range(p, wl + w_ffn_norm(d), d->H * d->wb + d->H * d->E * d->wb, 0, LLM_W);
        if (d->spill) ok &= add_range(p, ab + a.x2, M * d->H * d->ab, 0, LLM_ACT);
        add_flops(p, 2.0 * (double)M * (double)d->H * (double)d->E);
    }
    /* FFN up (and gate) */
    uint64_t up = d->g * d->H * d->F * d->wb;
    ok &= add_group(p, "ffn_up", LLM_PART_FWD, l, 1);
    if (d->E <= 1) {
        ok &= add_range(p, wl + w_ffn_norm(d), d->H * d->wb + up, 0, LLM_W);
    } else {
        for (uint64_t e = 0; e < d->E; e++)
            if (used[e]) ok &= add_range(p, wl + w_expert(d, e), up, 0, LLM_W);
    }
    if (d->spill) {
        ok &= add_range(p, ab + a.x2, M * ek * d->H * d->ab, 0, LLM_ACT);
        ok &= add_range(p, ab + a.u, M * ek * d->F * d->ab, 1, LLM_ACT);
    }
    add_flops(p, 2.0 * (double)(M * ek) * (double)d->H * (double)d->F * (double)d->g);
    /* FFN down */
    uint64_t down = d->F * d->H * d->wb;
    ok &= add_group(p, "ffn_down", LLM_PART_FWD, l, 1);
    for (uint64_t e = 0; e < (d->E > 1 ? d->E : 1); e++)
        if (d->E <= 1 || used[e]) ok &= add_range(p, wl + w_expert(d, e) + up, down, 0, LLM_W);
    if (d->spill) {
        ok &= add_range(p, ab + a.u, M * ek * d->F * d->ab, 0, LLM_ACT);
        ok &= add_range(p, next + a.x, M * d->H * d->ab, 1, LLM_ACT);
    }
    add_flops(p, 2.0 * (double)(M * ek) * (double)d->F * (double)d->H);
    return ok;
}

/* one matrix's backward pass: weights, its input, the output gradient in;
 * the input gradient and the weight gradient out */
static int gen_backward_layer(llm_plan *p, const dims *d, const regions *r, unsigned l,
                              unsigned char *used, uint64_t seed)
{
    uint64_t wl = r->w + (uint64_t)l * d->layer_w;
    uint64_t gl = r->wgrad + (uint64_t)l * d->layer_w; /* same layout as the weights */
    uint64_t ab = r->act + (uint64_t)l * r->act_block;
    uint64_t ga = r->grad_act; /* activation gradients, one block reused */
    act_off a = act_layout(d);
    uint64_t M = d->M, ek = d->E > 1 ? d->k : 1;
    uint64_t up = d->g * d->H * d->F * d->wb, down = d->F * d->H * d->wb;
    int ok = 1;
    if (d->E > 1) route(d, seed, l, used);
    uint64_t ne = d->E > 1 ? d->E : 1;

    ok &= add_group(p, "ffn_down_bwd", LLM_PART_BWD, l, 1);
    for (uint64_t e = 0; e < ne; e++)
        if (d->E <= 1 || used[e]) {
            ok &= add_range(p, wl + w_expert(d, e) + up, down, 0, LLM_W);
            ok &= add_range(p, gl + w_expert(d, e) + up, down, 1, LLM_OPT);
        }
    ok &= add_range(p, ab + a.u, M * ek * d->F * d->ab, 0, LLM_ACT);
    ok &= add_range(p, ga + a.x, M * d->H * d->ab, 0, LLM_ACT); /* dY */
    ok &= add_range(p, ga + a.u, M * ek * d->F * d->ab, 1, LLM_ACT);
    add_flops(p, 4.0 * (double)(M * ek) * (double)d->F * (double)d->H);

    ok &= add_group(p, "ffn_up_bwd", LLM_PART_BWD, l, 1);
    if (d->E <= 1) {
        ok &= add_range(p, wl + w_ffn_norm(d), d->H * d->wb + up, 0, LLM_W);
        ok &= add_range(p, gl + w_ffn_norm(d), d->H * d->wb + up, 1, LLM_OPT);
    } else {
        ok &= add_range(p, wl + w_ffn_norm(d), d->H * d->wb + d->H * d->E * d->wb, 0, LLM_W);
        ok &= add_range(p, gl + w_ffn_norm(d), d->H * d->wb + d->H * d->E * d->wb, 1, LLM_OPT);
        for (uint64_t e = 0; e < d->E; e++)
            if (used[e]) {
                ok &= add_range(p, wl + w_expert(d, e), up, 0, LLM_W);
                ok &= add_range(p, gl + w_expert(d, e), up, 1, LLM_OPT);
            }
    }
    ok &= add_range(p, ab + a.x2, M * ek * d->H * d->ab, 0, LLM_ACT);
    ok &= add_range(p, ga + a.u, M * ek * d->F * d->ab, 0, LLM_ACT);
    ok &= add_range(p, ga + a.x2, M * d->H * d->ab, 1, LLM_ACT);
    add_flops(p, 4.0 * (double)(M * ek) * (double)d->H * (double)d->F * (double)d->g);

    ok &= add_group(p, "o_proj_bwd", LLM_PART_BWD, l, 1);
    ok &= add_range(p, wl + w_o(d), d->nh * d->hd * d->H * d->wb, 0, LLM_W);
    ok &= add_range(p, gl + w_o(d), d->nh * d->hd * d->H * d->wb, 1, LLM_OPT);
    ok &= add_range(p, ab + a.o, M * d->nh * d->hd * d->ab, 0, LLM_ACT);
    ok &= add_range(p, ga + a.x2, M * d->H * d->ab, 0, LLM_ACT);
    ok &= add_range(p, ga + a.o, M * d->nh * d->hd * d->ab, 1, LLM_ACT);
    add_flops(p, 4.0 * (double)M * (double)(d->nh * d->hd) * (double)d->H);

    /* attention backward recomputes the scores (flash attention): 2.5x the
     * forward flops */
    ok &= add_group(p, "attn_bwd", LLM_PART_BWD, l, 1);
    ok &= add_range(p, ab + a.qkv, M * d->qd * d->ab, 0, LLM_ACT);
    ok &= add_range(p, ga + a.o, M * d->nh * d->hd * d->ab, 0, LLM_ACT);
    ok &= add_range(p, ga + a.qkv, M * d->qd * d->ab, 1, LLM_ACT);
    add_flops(p, 2.5 * 4.0 * (double)d->B * (double)(d->nh * d->hd) * (double)d->S *
                     (double)(d->S + 1) / 2.0);

    ok &= add_group(p, "qkv_bwd", LLM_PART_BWD, l, 1);
    ok &= add_range(p, wl, w_o(d), 0, LLM_W);
    ok &= add_range(p, gl, w_o(d), 1, LLM_OPT);
    ok &= add_range(p, ab + a.x, M * d->H * d->ab, 0, LLM_ACT);
    ok &= add_range(p, ga + a.qkv, M * d->qd * d->ab, 0, LLM_ACT);
    ok &= add_range(p, ga + a.x, M * d->H * d->ab, 1, LLM_ACT);
    add_flops(p, 4.0 * (double)M * (double)d->H * (double)d->qd);
    return ok;
}

/* Adam over `params` parameters: fp32 master, m and v read and written, the
 * gradient read, the weights written back in their datatype */
static int gen_adam(llm_plan *p, const dims *d, const regions *r, const char *name, unsigned l,
                    int in_layer, uint64_t w_addr, uint64_t params)
{
    uint64_t o = r->opt + (w_addr - r->w) / d->wb * 12u;
    uint64_t gaddr = r->wgrad + (w_addr - r->w);
    int ok = add_group(p, name, LLM_PART_OPT, l, in_layer);
    ok &= add_range(p, o, 12u * params, 0, LLM_OPT);
    ok &= add_range(p, gaddr, params * d->wb, 0, LLM_OPT);
    ok &= add_range(p, o, 12u * params, 1, LLM_OPT);
    ok &= add_range(p, w_addr, params * d->wb, 1, LLM_OPT);
    add_flops(p, 12.0 * (double)params);
    return ok;
}

memsim_status memsim__llm_plan(const memsim_accel *chip, const memsim_llm_model *m,
                               const memsim_llm_step *s, double capacity, llm_plan *p, char *err,
                               size_t err_len)
{
    memset(p, 0, sizeof *p);
    char msg[512];
    unsigned tp = s->tp ? s->tp : 1;
    if (!s->batch || !s->ctx) {
        set_err(err, err_len, "batch and ctx must be at least 1");
        return MEMSIM_E_INVALID;
    }
    if (m->heads % tp) {
        snprintf(msg, sizeof msg, "--tp %u does not divide the model's %u attention heads", tp,
                 m->heads);
        set_err(err, err_len, msg);
        return MEMSIM_E_INVALID;
    }
    dims d;
    memset(&d, 0, sizeof d);
    d.L = m->layers;
    d.H = m->hidden;
    d.hd = m->head_dim ? m->head_dim : m->hidden / m->heads;
    d.nh = m->heads / tp;
    d.nkv = m->kv_heads >= tp ? (m->kv_heads + tp - 1) / tp : 1; /* fewer: replicated */
    d.qd = (d.nh + 2u * d.nkv) * d.hd;
    d.F = (m->ffn + tp - 1) / tp;
    d.V = m->vocab;
    d.Vt = (m->vocab + tp - 1) / tp;
    d.E = m->experts > 1 ? m->experts : 1;
    d.k = m->experts > 1 ? m->experts_per_token : 1;
    d.g = m->gated_ffn ? 2u : 1u;
    d.wb = m->dtype_bytes;
    d.ab = m->dtype_bytes;
    d.kvb = m->kv_bytes ? m->kv_bytes : m->dtype_bytes;
    d.B = s->batch;
    d.S = s->ctx;
    d.decode = s->phase == MEMSIM_LLM_DECODE;
    d.train = s->phase == MEMSIM_LLM_TRAIN;
    d.M = d.decode ? d.B : d.B * d.S;
    d.slots = d.S + (d.decode ? 1u : 0u);
    uint64_t ek = d.E > 1 ? d.k : 1;
    /* does the largest activation fit in half the chip's SRAM? */
    uint64_t widest = d.qd > d.H ? d.qd : d.H;
    if (ek * d.F > widest) widest = ek * d.F;
    double sram = (double)chip->cores * chip->sram_mib * 1048576.0;
    d.spill = d.train || (double)(d.M * widest * d.ab) > sram / 2.0;

    d.layer_w = align4k(w_expert(&d, d.E));
    d.pl = d.H * d.qd + d.nh * d.hd * d.H + 2u * d.H + (d.E > 1 ? d.H * d.E : 0) +
           d.E * (d.g + 1u) * d.H * d.F;
    d.w_embed = d.V * d.H * d.wb;
    d.w_lm = d.H * d.wb + d.Vt * d.H * d.wb;
    d.pchip = d.pl * d.L + d.V * d.H + d.Vt * d.H + d.H;

    regions r;
    memset(&r, 0, sizeof r);
    act_off a = act_layout(&d);
    r.w = 0;
    r.embed = align4k(r.w + d.layer_w * d.L);
    r.lm = align4k(r.embed + d.w_embed);
    r.kv = align4k(r.lm + d.w_lm);
    uint64_t kv_bytes = d.train ? 0 : (uint64_t)d.L * d.B * d.nkv * 2u * d.slots * d.hd * d.kvb;
    r.act = align4k(r.kv + kv_bytes);
    r.act_block = a.size;
    uint64_t act_blocks = d.spill ? (d.train ? d.L + 1u : 1u) : 0;
    r.grad_act = align4k(r.act + act_blocks * a.size);
    r.wgrad = align4k(r.grad_act + (d.train ? a.size : 0));
    /* weight gradients and the optimizer state mirror the weights region
     * (its 4 KiB padding included) */
    uint64_t wspan = r.kv - r.w;
    r.opt = align4k(r.wgrad + (d.train ? wspan : 0));
    r.end = r.opt + (d.train ? wspan / d.wb * 12u : 0);
    p->footprint = (double)r.end;
    p->layers = d.L;
    p->tokens = d.decode ? (double)d.B : (double)(d.B * d.S);
    double tf = d.wb == 1 ? chip->tflops_fp8 : d.wb == 2 ? chip->tflops_bf16 : chip->tflops_fp32;
    p->peak_tflops = tf;
    /* a step that does not fit is refused before its operators are made (a
     * huge prefill's embedding alone is a range per token) */
    if (capacity > 0 && p->footprint > capacity) return MEMSIM_OK;

    unsigned char *used = calloc(d.E, 1);
    if (!used) return MEMSIM_E_NOMEM;
    int ok = 1;
    /* head: the embedding rows of the step's tokens */
    ok &= add_group(p, "embed", LLM_PART_HEAD, 0, 0);
    for (uint64_t t = 0; t < d.M && ok; t++) {
        uint64_t tok = mix64(s->seed ^ mix64(t + 0x5151u)) % d.V;
        ok &= add_range(p, r.embed + tok * d.H * d.wb, d.H * d.wb, 0, LLM_W);
    }
    if (d.spill) ok &= add_range(p, r.act, d.M * d.H * d.ab, 1, LLM_ACT);
    for (unsigned l = 0; l < d.L && ok; l++)
        ok &= gen_forward_layer(p, &d, &r, l, used, s->seed);
    /* tail: final norm and LM head (prefill needs logits of the last tokens
     * only; training of every token, with the loss fused) */
    uint64_t mlm = d.train ? d.M : d.B;
    uint64_t last = r.act + (d.train ? (uint64_t)d.L * r.act_block : 0);
    ok &= add_group(p, "lm_head", LLM_PART_TAIL, 0, 0);
    ok &= add_range(p, r.lm, d.w_lm, 0, LLM_W);
    if (d.spill) ok &= add_range(p, last + a.x, mlm * d.H * d.ab, 0, LLM_ACT);
    add_flops(p, 2.0 * (double)mlm * (double)d.H * (double)d.Vt);
    if (d.train) {
        ok &= add_group(p, "lm_head_bwd", LLM_PART_TAIL, 0, 0);
        ok &= add_range(p, r.lm, d.w_lm, 0, LLM_W);
        ok &= add_range(p, r.wgrad + (r.lm - r.w), d.w_lm, 1, LLM_OPT);
        ok &= add_range(p, last + a.x, d.M * d.H * d.ab, 0, LLM_ACT);
        ok &= add_range(p, r.grad_act + a.x, d.M * d.H * d.ab, 1, LLM_ACT);
        add_flops(p, 4.0 * (double)d.M * (double)d.H * (double)d.Vt);
        for (unsigned i = 0; i < d.L && ok; i++)
            ok &= gen_backward_layer(p, &d, &r, d.L - 1u - i, used, s->seed);
        /* the embedding's gradient rows, scattered back */
        ok &= add_group(p, "embed_bwd", LLM_PART_TAIL, 0, 0);
        ok &= add_range(p, r.grad_act + a.x, d.M * d.H * d.ab, 0, LLM_ACT);
        ok &= add_range(p, r.wgrad + (r.embed - r.w), d.w_embed, 1, LLM_OPT);
        for (unsigned l = 0; l < d.L && ok; l++)
            ok &= gen_adam(p, &d, &r, "adam", l, 1, r.w + (uint64_t)l * d.layer_w, d.pl);
        ok &= gen_adam(p, &d, &r, "adam_head", 0, 0, r.embed, d.V * d.H);
        ok &= gen_adam(p, &d, &r, "adam_head", 0, 0, r.lm, d.Vt * d.H + d.H);
    }
    free(used);
    if (!ok) {
        memsim__llm_plan_free(p);
        return MEMSIM_E_NOMEM;
    }
    return MEMSIM_OK;
}

void memsim__llm_plan_free(llm_plan *p)
{
    free(p->groups);
    free(p->ranges);
    memset(p, 0, sizeof *p);
}
