/*
 * test_llm.c - memsim_llm_run() (llm/plan.c, llm/sim.c) and
 * memsim_llm_write_json() (llm/json.c) on a tiny accelerator with a small
 * HBM3 memory, so that every run takes milliseconds:
 *   - the bytes of a step equal the closed form exactly (dense decode at tp
 *     1 and 2, MoE decode at batch 1, each class of a training step);
 *   - a compute-free decode reaches the memory's measured stream bandwidth;
 *   - a tiny model with a huge batch is compute-bound;
 *   - twice the memory bandwidth (HBM3-4800 -> HBM3E-9600) shortens a decode
 *     by the ratio of the two memories' measured stream bandwidths;
 *   - extrapolation agrees with a full simulation within 2 x the tolerance
 *     (memory-bound decode) and within the tolerance (compute-bound prefill,
 *     where no operator may beat its own compute time);
 *   - runs are deterministic;
 *   - bad input gives the right status and message (the model does not fit,
 *     tp does not divide the heads, an unknown memory, batch 0);
 *   - the JSON has the documented keys and escapes names;
 *   - prefill activations stay on chip exactly while they fit in half the
 *     SRAM, and move through memory otherwise.
 * The measured figures are printed, so a change in them shows in the log.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "memsim/llm.h"
#include "unit.h"

/* ---- fixtures ------------------------------------------------------------ */

/* A two-core accelerator with 1 MiB of SRAM per core (512 KiB tiles), four
 * DMA engines per core (8 x 64 GB/s, 256 requests in flight each: well above
 * the memory) and a small memory: `preset` with `channels` channels (HBM3:
 * 51.2 GB/s each at 6400, 1 GB each). */
static void tiny_chip(memsim_accel *a, const char *preset, unsigned channels)
{
    memset(a, 0, sizeof *a);
    snprintf(a->name, sizeof a->name, "tiny");
    snprintf(a->note, sizeof a->note, "test fixture");
    a->cores = 2;
    a->tflops_fp32 = 10;
    a->tflops_bf16 = 40;
    a->tflops_fp8 = 80;
    a->compute_efficiency = 1.0;
    a->sram_mib = 1.0;
    a->buffers = 2;
    a->dma_engines = 4;
    a->dma_gbps = 64;
    a->dma_outstanding = 256; /* as the Neuron presets */
    snprintf(a->memory, sizeof a->memory, "%s", preset);
    snprintf(a->memory_sets[0], sizeof a->memory_sets[0], "dram.channels=%u", channels);
    a->n_memory_sets = 1;
}

/* 2 layers, hidden 256, 8 heads of 32, 2 KV heads, SwiGLU FFN 512, vocab
 * 1000, bf16: 1.1 MB of weights per layer */
static void tiny_model(memsim_llm_model *m)
{
    memset(m, 0, sizeof *m);
    snprintf(m->name, sizeof m->name, "tiny");
    m->layers = 2;
    m->hidden = 256;
    m->heads = 8;
    m->kv_heads = 2;
    m->ffn = 512;
    m->vocab = 1000;
    m->gated_ffn = 1;
    m->dtype_bytes = 2;
}

/* 7.6 MB per decode step: the tiny model with an FFN of 2048 */
static void small_model(memsim_llm_model *m)
{
    tiny_model(m);
    snprintf(m->name, sizeof m->name, "small");
    m->ffn = 2048;
}

/* Runs one step; a failure is a test failure (with the message). */
static int run(const memsim_accel *a, const memsim_llm_model *m, const memsim_llm_step *s,
               memsim_llm_result *r)
{
    char err[512] = "";
    memsim_status st = memsim_llm_run(a, m, s, r, err, sizeof err);
    if (st != MEMSIM_OK) {
        UNIT_FAIL("memsim_llm_run: %s: %s", memsim_status_name(st), err);
        return 0;
    }
    return 1;
}

/* The stream bandwidth the memory of chip @p a reaches on its own: reads in
 * address order, as fast as the controller accepts them. GB/s. */
static double stream_gbps(const memsim_accel *a, uint64_t requests)
{
    memsim_config *cfg = memsim_config_create();
    CHECK_EQ(memsim_config_set(cfg, "preset", a->memory, NULL), MEMSIM_OK);
    for (unsigned i = 0; i < a->n_memory_sets; i++) {
        char kv[sizeof a->memory_sets[0]];
        snprintf(kv, sizeof kv, "%s", a->memory_sets[i]);
        char *eq = strchr(kv, '=');
        CHECK(eq != NULL);
        if (!eq) continue;
        *eq = 0;
        CHECK_EQ(memsim_config_set(cfg, kv, eq + 1, NULL), MEMSIM_OK);
    }
    memsim_sim *sim = NULL;
    CHECK_EQ(memsim_sim_create(cfg, &sim), MEMSIM_OK);
    memsim_config_free(cfg);
    if (!sim) return 0;
    memsim_synth_params p;
    memsim_synth_defaults(&p);
    p.pattern = MEMSIM_PATTERN_STREAM;
    p.requests = requests;
    p.read_ratio = 1.0;
    memsim_source *src = NULL;
    char err[256];
    CHECK_EQ(memsim_source_synthetic(&p, &src, err, sizeof err), MEMSIM_OK);
    if (!src) {
        memsim_sim_free(sim);
        return 0;
    }
    CHECK_EQ(memsim_sim_run(sim, src, NULL), MEMSIM_OK);
    double gbps = 0;
    CHECK_EQ(memsim_sim_stat(sim, -1, "bandwidth_gbps", &gbps), MEMSIM_OK);
    memsim_source_free(src);
    memsim_sim_free(sim);
    return gbps;
}

/* the bytes of operator @p name in @p r (0 if absent) */
static double op_bytes(const memsim_llm_result *r, const char *name)
{
    for (unsigned i = 0; i < r->n_ops; i++)
        if (!strcmp(r->ops[i].name, name)) return r->ops[i].bytes;
    return 0;
}

static double class_sum(const memsim_llm_result *r)
{
    return r->weight_bytes + r->kv_read_bytes + r->kv_write_bytes + r->act_bytes +
           r->optimizer_bytes;
}

/* CHECK that doubles are equal, printing both with all digits */
#define CHECK_DEQ(a, b)                                                                            \
    do {                                                                                           \
        double unit_x_ = (a), unit_y_ = (b);                                                       \
        unit_checks++;                                                                             \
        if (!(unit_x_ == unit_y_))                                                                 \
            UNIT_FAIL("%s == %s: %.17g != %.17g", #a, #b, unit_x_, unit_y_);                       \
    } while (0)

/* ---- 1. closed-form bytes ------------------------------------------------- */

/* Dense decode: every weight of the shard once (the layers' attention and FFN
 * norms included), the LM head and final norm, the batch's embedding rows; the
 * KV cache of ctx tokens read and one token written per sequence. */
static void check_dense_decode(unsigned tp)
{
    memsim_accel a;
    memsim_llm_model m;
    memsim_llm_step s;
    memsim_llm_result r;
    tiny_chip(&a, "HBM3-6400", 4);
    tiny_model(&m);
    memsim_llm_step_defaults(&s);
    s.batch = 3;
    s.ctx = 100;
    s.tp = tp;
    if (!run(&a, &m, &s, &r)) return;

    const double L = 2, H = 256, hd = 256 / 8, wb = 2, kvb = 2, B = 3, ctx = 100;
    const double nh = 8.0 / tp;
    const double nkv = tp <= 2 ? 2.0 / tp : 1; /* 2 KV heads: 1 per chip at tp 2 */
    const double qd = (nh + 2 * nkv) * hd;
    const double F = 512.0 / tp, Vt = 1000.0 / tp;
    const double layer = (H /* attention norm */ + H * qd /* q, k, v */ + nh * hd * H /* o */ +
                          H /* FFN norm */ + 3 * H * F /* gate, up, down */) *
                         wb;
    const double head = (Vt * H + H) * wb; /* LM head and final norm */
    const double embed = B * H * wb;       /* the batch's embedding rows */
    const double weights = L * layer + head + embed;
    const double kv_read = L * B * nkv * 2 * ctx * hd * kvb;
    const double kv_write = L * B * nkv * 2 * 1 * hd * kvb;
    fprintf(stderr, "  tp %u: weights %.0f, KV read %.0f, KV write %.0f bytes\n", tp, weights,
            kv_read, kv_write);
    CHECK_DEQ(r.weight_bytes, weights);
    CHECK_DEQ(r.kv_read_bytes, kv_read);
    CHECK_DEQ(r.kv_write_bytes, kv_write);
    CHECK_DEQ(r.act_bytes, 0);
    CHECK_DEQ(r.optimizer_bytes, 0);
    CHECK_DEQ(r.bytes, weights + kv_read + kv_write);
    CHECK_DEQ(r.bytes, class_sum(&r));
    /* flops: 2 per weight and token, attention 4 x heads x head_dim per cached
     * token (and the new one) */
    const double flops =
        L * B * (2 * H * qd + 4 * nh * hd * (ctx + 1) + 2 * nh * hd * H + 2 * 3 * H * F) +
        2 * B * H * Vt;
    CHECK_DEQ(r.flops, flops);
    CHECK_DEQ(r.tokens, B);
    CHECK_EQ(r.layers, 2);
    CHECK_EQ(r.layers_simulated, 2);
    CHECK_DEQ(r.simulated_fraction, 1.0);
    /* the operators' bytes add up to the step's */
    double sum = 0;
    for (unsigned i = 0; i < r.n_ops; i++)
        sum += r.ops[i].bytes;
    CHECK_DEQ(sum, r.bytes);
    CHECK_DEQ(op_bytes(&r, "attn"), kv_read + kv_write);
    CHECK_DEQ(op_bytes(&r, "ffn_down"), L * F * H * wb);
}

static void test_bytes_dense_decode(void)
{
    check_dense_decode(1);
    check_dense_decode(2);
}

/* MoE at batch 1: the one token's top-2 experts are read, nothing else of
 * the FFN; the router reads the FFN norm and its H x E matrix. */
static void test_bytes_moe_decode(void)
{
    memsim_accel a;
    memsim_llm_model m;
    memsim_llm_step s;
    memsim_llm_result r;
    tiny_chip(&a, "HBM3-6400", 4);
    tiny_model(&m);
    m.experts = 8;
    m.experts_per_token = 2;
    memsim_llm_step_defaults(&s);
    s.batch = 1;
    s.ctx = 100;
    for (uint64_t seed = 1; seed <= 3; seed++) {
        s.seed = seed;
        if (!run(&a, &m, &s, &r)) return;
        const double L = 2, H = 256, F = 512, wb = 2, E = 8;
        const double expert = 3 * H * F * wb; /* gate, up, down */
        CHECK_DEQ(op_bytes(&r, "ffn_up") + op_bytes(&r, "ffn_down"), L * 2 * expert);
        CHECK_DEQ(op_bytes(&r, "ffn_down"), L * 2 * F * H * wb);
        CHECK_DEQ(op_bytes(&r, "router"), L * (H + H * E) * wb);
        const double qd = (8 + 2 * 2) * 32.0;
        const double layer = (H + H * qd + H * H + H + H * E) * wb + 2 * expert;
        CHECK_DEQ(r.weight_bytes, L * layer + (1000 * H + H) * wb + H * wb);
        CHECK_DEQ(r.bytes, class_sum(&r));
    }
}

/* Training: forward, backward and Adam; no KV cache is kept, and each class
 * has a closed form: the weights are read forward and backward; each parameter's gradient
 * is written once (2 bytes), then Adam reads and writes 12 bytes of fp32
 * state, reads the gradient and writes the weight: 30 bytes per parameter;
 * the activations of every operator go to memory and come back. */
static void test_bytes_train(void)
{
    memsim_accel a;
    memsim_llm_model m;
    memsim_llm_step s;
    memsim_llm_result r;
    tiny_chip(&a, "HBM3-6400", 4);
    tiny_model(&m); /* made smaller: Adam alone moves 28 bytes per parameter */
    m.hidden = 128;
    m.heads = 4;
    m.ffn = 256;
    m.vocab = 500;
    memsim_llm_step_defaults(&s);
    s.phase = MEMSIM_LLM_TRAIN;
    s.batch = 2;
    s.ctx = 64;
    if (!run(&a, &m, &s, &r)) return;
    fprintf(stderr, "  train: %.0f bytes: weights %.0f, activations %.0f, optimizer %.0f\n",
            r.bytes, r.weight_bytes, r.act_bytes, r.optimizer_bytes);
    const double L = 2, H = 128, hd = 32, nhhd = 4 * hd, qd = (4 + 2 * 2) * hd, F = 256, V = 500;
    const double wb = 2, M = 2 * 64;
    const double layer_params = H * qd + nhhd * H + 2 * H + 3 * H * F;
    const double params = L * layer_params + 2 * V * H + H; /* embedding, LM head, final norm */
    CHECK_DEQ(memsim_llm_model_params(&m), params);
    CHECK_DEQ(r.weight_bytes, 2 * (L * layer_params + V * H + H) * wb + M * H * wb);
    CHECK_DEQ(r.optimizer_bytes, 30 * params);
    /* per layer forward: X, QKV, O, X2, U each written and read; backward:
     * each read again and its gradient written and read; plus the embedding,
     * the LM head forward and backward and the embedding's gradient */
    CHECK_DEQ(r.act_bytes, L * M * (10 * H + 5 * qd + 5 * nhhd + 5 * F) * wb + 5 * M * H * wb);
    CHECK_DEQ(r.bytes, class_sum(&r));
    CHECK(r.optimizer_bytes > 0);
    CHECK(r.act_bytes > 0);
    CHECK_DEQ(r.kv_read_bytes, 0);
    CHECK_DEQ(r.kv_write_bytes, 0);
    CHECK_DEQ(r.tokens, M);
}

/* ---- 2. a compute-free decode runs at the memory's stream bandwidth ------ */

/* The memory alone, fed one sequential stream as fast as it accepts, reaches
 * 197 GB/s of the 204.8 GB/s peak (HBM3-6400, 4 channels). The step's DMA
 * is several streams at once (two cores, each on its own tile: their rows
 * collide in the same banks), pauses briefly at operator boundaries and
 * starts with an empty pipeline: measured 0.98 of the stream. */
static void test_stream_bandwidth(void)
{
    memsim_accel a;
    memsim_llm_model m;
    memsim_llm_step s;
    memsim_llm_result r;
    tiny_chip(&a, "HBM3-6400", 4);
    small_model(&m);
    memsim_llm_step_defaults(&s);
    s.batch = 1;
    s.ctx = 256;
    s.no_compute = 1;
    if (!run(&a, &m, &s, &r)) return;
    double stream = stream_gbps(&a, 200000);
    double ratio = r.hbm_bandwidth_gbps / stream;
    fprintf(stderr,
            "  decode %.1f GB/s (%.1f MB, %.1f %% simulated), stream %.1f GB/s, peak %.1f: "
            "ratio %.4f\n",
            r.hbm_bandwidth_gbps, r.bytes / 1e6, 100 * r.simulated_fraction, stream, r.peak_gbps,
            ratio);
    CHECK(ratio > 0.90 && ratio < 1.01);
    CHECK_EQ(r.memory_bound, 1);
    CHECK(r.flops > 0);
    CHECK_NEAR(r.compute_utilization, r.flops / (r.step_time_s * 40e12), 1e-12);
    CHECK(r.peak_gbps > 204.7 && r.peak_gbps < 204.9);
    CHECK(r.roofline_ratio > 0.88 && r.roofline_ratio <= 1.0);
    CHECK_NEAR(r.roofline_ratio, r.hbm_bandwidth_gbps / r.peak_gbps, 1e-12);
    CHECK_NEAR(r.hbm_bandwidth_gbps, r.bytes / r.step_time_s / 1e9, 1e-9);
    CHECK_NEAR(r.tokens_per_s, 1 / r.step_time_s, 1e-6);
    CHECK_NEAR(r.time_per_token_ms, r.step_time_s * 1e3, 1e-15);
}

/* ---- 3. a tiny model with a huge batch is compute-bound ------------------ */

/* Decode of 1024 sequences with one cached token: 2 flops per weight and
 * token, 2 bytes per weight read once, so 1024 flops per byte against the
 * chip's 40e12 / 204.8e9 = 195. The compute of an operator is spread over
 * its tiles, and the tiles over the cores, so the tiles are small (16 KiB)
 * for every core to get many. Memory-only operators (the embedding rows, the
 * KV cache) cannot overlap compute: measured 0.85 of the compute roofline. */
static void test_compute_bound(void)
{
    memsim_accel a;
    memsim_llm_model m;
    memsim_llm_step s;
    memsim_llm_result r;
    tiny_chip(&a, "HBM3-6400", 4);
    tiny_model(&m);
    memsim_llm_step_defaults(&s);
    s.batch = 1024;
    s.ctx = 1;
    s.tile_kib = 16;
    if (!run(&a, &m, &s, &r)) return;
    double ratio = r.tokens_per_s / r.compute_tokens_per_s;
    fprintf(stderr,
            "  %.0f tokens/s of a %.0f compute roofline (%.4f), utilisation %.4f, memory %.1f "
            "GB/s\n",
            r.tokens_per_s, r.compute_tokens_per_s, ratio, r.compute_utilization,
            r.hbm_bandwidth_gbps);
    CHECK_EQ(r.memory_bound, 0);
    CHECK(r.compute_utilization > 0.80 && r.compute_utilization <= 1.0);
    CHECK(ratio > 0.80 && ratio <= 1.0);
    /* the two are one ratio: flops / (step time x peak) */
    CHECK_NEAR(r.compute_utilization, ratio, 1e-12);
    CHECK(r.roofline_ratio < 0.5); /* far from the memory roofline */
    CHECK_DEQ(r.tokens, 1024);
}

/* ---- 4. twice the bandwidth: the decode time scales with the stream ------ */

/* HBM3-4800 and HBM3E-9600 on 4 channels: 153.6 and 307.2 GB/s peak, 151.5
 * and 270.3 GB/s measured on a stream (1.78x). A memory-bound decode speeds
 * up by the stream ratio within 4 % (measured +0.4 %). The tiles are 64 KiB
 * so that the two cores' streams fall in different banks: the default 512
 * KiB tiles are a multiple of the 256 KiB that RoBaRaCoBgPcCh maps below the
 * row bits, so the two cores always address the same banks in different
 * rows, which costs HBM3E-9600 10 % and HBM3-4800 0.3 % (time ratio 1.62). */
static void test_bandwidth_scaling(void)
{
    memsim_accel a3, a3e;
    memsim_llm_model m;
    memsim_llm_step s;
    memsim_llm_result r3, r3e;
    tiny_chip(&a3, "HBM3-4800", 4);
    tiny_chip(&a3e, "HBM3E-9600", 4);
    small_model(&m);
    memsim_llm_step_defaults(&s);
    s.batch = 1;
    s.ctx = 256;
    s.full = 1;
    s.tile_kib = 64;
    if (!run(&a3, &m, &s, &r3) || !run(&a3e, &m, &s, &r3e)) return;
    double st3 = stream_gbps(&a3, 200000), st3e = stream_gbps(&a3e, 200000);
    double t_ratio = r3.step_time_s / r3e.step_time_s, s_ratio = st3e / st3;
    fprintf(stderr,
            "  HBM3-4800 %.3f us (%.1f GB/s, stream %.1f), HBM3E-9600 %.3f us (%.1f GB/s, "
            "stream %.1f): time ratio %.4f, stream ratio %.4f (%+.2f %%)\n",
            r3.step_time_s * 1e6, r3.hbm_bandwidth_gbps, st3, r3e.step_time_s * 1e6,
            r3e.hbm_bandwidth_gbps, st3e, t_ratio, s_ratio, 100 * (t_ratio / s_ratio - 1));
    CHECK(r3e.peak_gbps > 1.99 * r3.peak_gbps && r3e.peak_gbps < 2.01 * r3.peak_gbps);
    CHECK(t_ratio / s_ratio > 0.96 && t_ratio / s_ratio < 1.04);
    CHECK_EQ(r3.memory_bound, 1);
    CHECK_EQ(r3e.memory_bound, 1);
    CHECK_DEQ(r3.bytes, r3e.bytes);
}

/* ---- 5. extrapolation against a full simulation -------------------------- */

static void check_extrapolation(const memsim_llm_model *m, unsigned batch, unsigned ctx,
                                unsigned tile_kib, int expect_cut)
{
    memsim_accel a;
    memsim_llm_step s;
    memsim_llm_result rx, rf;
    tiny_chip(&a, "HBM3-6400", 4);
    /* see test_extrapolation() */
    snprintf(a.memory_sets[1], sizeof a.memory_sets[1], "refresh.max_postpone=8");
    a.n_memory_sets = 2;
    memsim_llm_step_defaults(&s);
    s.batch = batch;
    s.ctx = ctx;
    s.tile_kib = tile_kib;
    if (!run(&a, m, &s, &rx)) return;
    s.full = 1;
    if (!run(&a, m, &s, &rf)) return;
    double dev = rx.step_time_s / rf.step_time_s - 1;
    fprintf(stderr,
            "  %s: extrapolated %.3f us (%.1f %% simulated, %u operators cut), full %.3f us: "
            "%+.2f %% (tolerance %.0f %%)\n",
            m->name, rx.step_time_s * 1e6, 100 * rx.simulated_fraction, rx.ops_extrapolated,
            rf.step_time_s * 1e6, 100 * dev, 100 * rx.tolerance);
    CHECK_DEQ(rx.tolerance, 0.02);
    CHECK(dev <= 2 * rx.tolerance && dev >= -2 * rx.tolerance);
    CHECK(rx.simulated_fraction < 1);
    CHECK(rx.simulated_fraction > 0);
    CHECK_DEQ(rf.simulated_fraction, 1.0);
    CHECK_EQ(rx.layers, 4);
    CHECK_EQ(rf.layers, 4);
    CHECK_EQ(rx.layers_simulated, 2);
    CHECK_EQ(rf.layers_simulated, 4);
    CHECK_EQ(rf.ops_extrapolated, 0);
    if (expect_cut) CHECK(rx.ops_extrapolated > 0);
    /* the same step: the same bytes, whatever was simulated */
    CHECK_DEQ(rx.bytes, rf.bytes);
    CHECK_DEQ(rx.flops, rf.flops);
    /* without cuts, exactly the bytes of layers 3 and 4 are not simulated */
    if (!expect_cut) {
        double layer = 0;
        for (unsigned i = 0; i < rf.n_ops; i++)
            if (strcmp(rf.ops[i].name, "embed") && strcmp(rf.ops[i].name, "lm_head"))
                layer += rf.ops[i].bytes / 4;
        CHECK_NEAR(rx.simulated_fraction, 1 - 2 * layer / rx.bytes, 1e-12);
    }
}

/* The tiny model's operators are too short to be cut: only layers 3 and 4
 * are extrapolated (measured +1.5 %). With a vocabulary of 32000 its LM head
 * (16 MB, 110 us) is also cut once two halves of its span agree (measured
 * +0.5 %, 64 KiB tiles). Both with at most 8 postponed refreshes per rank:
 * with HBM3's 128 per-bank ones (31 us) the tiny chip's LM head bandwidth
 * drifts as it goes on and the cut misses it (-5.3 %; -7.1 % in 16 KiB
 * tiles, +1.3 % uncut in 128 KiB ones): a known limit, in issue 7's note. */
static void test_extrapolation(void)
{
    memsim_llm_model m;
    tiny_model(&m);
    m.layers = 4;
    check_extrapolation(&m, 3, 100, 0, 0);
    snprintf(m.name, sizeof m.name, "tiny-v32000");
    m.vocab = 32000;
    check_extrapolation(&m, 3, 100, 64, 1);
}

/* Prefill attention reads nothing from memory (its K and V come from the
 * step's own projections), yet its flops must spread over every core: it
 * takes flops / (peak x efficiency) with all 4 cores of the chip, not 4 x that
 * on one core (it did, before a group with flops got a tile per buffer of
 * every core). */
static void test_prefill_attention_spreads(void)
{
    memsim_accel a;
    memsim_llm_model m;
    memsim_llm_step s;
    memsim_llm_result r;
    tiny_chip(&a, "HBM3-6400", 4);
    a.cores = 4;
    tiny_model(&m);
    memsim_llm_step_defaults(&s);
    s.phase = MEMSIM_LLM_PREFILL;
    s.batch = 1;
    s.ctx = 1024;
    s.full = 1;
    if (!run(&a, &m, &s, &r)) return;
    const memsim_llm_op_stat *at = NULL;
    for (unsigned i = 0; i < r.n_ops; i++)
        if (!strcmp(r.ops[i].name, "attn")) at = &r.ops[i];
    CHECK(at != NULL);
    if (!at) return;
    double ideal = at->flops / (a.tflops_bf16 * 1e12 * a.compute_efficiency);
    fprintf(stderr, "  prefill attention: %.2f us, ideal on all cores %.2f us (%.2f x)\n",
            at->time_s * 1e6, ideal * 1e6, at->time_s / ideal);
    CHECK(at->flops > 0);
    CHECK(at->time_s >= 0.99 * ideal);
    CHECK(at->time_s <= 1.25 * ideal);
}

/* A compute-bound prefill, extrapolated. A compute-bound operator is paced
 * by its flops: its bytes arrive a whole tile per core at a time as buffers
 * free, so a span of a few tiles misjudges their rate by up to a tile (it
 * came out 9 % slow for ffn_up, -3 % for ffn_down, which then beat its own
 * compute time). It is extrapolated at its measured flops rate instead, and
 * no cut operator is charged less than its compute at the peak of all cores
 * or its bytes at the memory's peak. */
static void test_extrapolation_compute_bound(void)
{
    memsim_accel a;
    memsim_llm_model m;
    memsim_llm_step s;
    memsim_llm_result r, full;
    tiny_chip(&a, "HBM3-6400", 4);
    tiny_model(&m);
    m.layers = 6;
    m.hidden = 1024;
    m.ffn = 8192;
    memsim_llm_step_defaults(&s);
    s.phase = MEMSIM_LLM_PREFILL;
    s.batch = 1;
    s.ctx = 1024;
    if (!run(&a, &m, &s, &r)) return;
    s.full = 1;
    if (!run(&a, &m, &s, &full)) return;
    double err = r.step_time_s / full.step_time_s - 1;
    fprintf(stderr,
            "  prefill: compute utilisation %.4f (--full %.4f), %u operators extrapolated, "
            "%+.2f %%\n",
            r.compute_utilization, full.compute_utilization, r.ops_extrapolated, err * 100);
    CHECK_EQ(r.memory_bound, 0);
    CHECK(r.ops_extrapolated >= 3);
    CHECK(fabs(err) <= r.tolerance);
    CHECK(r.compute_utilization <= 1.0);
    /* and no operator beats its own compute time */
    for (unsigned i = 0; i < r.n_ops; i++) {
        double ideal = r.ops[i].flops / (a.tflops_bf16 * 1e12 * a.compute_efficiency);
        fprintf(stderr, "    %-10s %8.2f us, %.3f x its compute time\n", r.ops[i].name,
                r.ops[i].time_s * 1e6, ideal > 0 ? r.ops[i].time_s / ideal : 0);
        CHECK(r.ops[i].time_s >= ideal * (1 - 1e-9));
    }
}

/* ---- 6. determinism ------------------------------------------------------- */

static void check_same(const memsim_llm_result *a, const memsim_llm_result *b)
{
#define SAME(f) CHECK_DEQ(a->f, b->f)
    SAME(step_time_s);
    SAME(tokens);
    SAME(tokens_per_s);
    SAME(time_per_token_ms);
    SAME(bytes);
    SAME(weight_bytes);
    SAME(kv_read_bytes);
    SAME(kv_write_bytes);
    SAME(act_bytes);
    SAME(optimizer_bytes);
    SAME(flops);
    SAME(hbm_bandwidth_gbps);
    SAME(peak_gbps);
    SAME(read_latency_ns);
    SAME(energy_per_token_j);
    SAME(memory_power_w);
    SAME(roofline_tokens_per_s);
    SAME(roofline_ratio);
    SAME(compute_tokens_per_s);
    SAME(compute_utilization);
    SAME(memory_bound);
    SAME(simulated_fraction);
    SAME(simulated_time_s);
    SAME(tolerance);
    SAME(layers_simulated);
    SAME(layers);
    SAME(ops_extrapolated);
    SAME(footprint_bytes);
    SAME(capacity_bytes);
    SAME(n_ops);
    for (unsigned i = 0; i < a->n_ops && i < MEMSIM_LLM_MAX_OPS; i++) {
        CHECK_STR(a->ops[i].name, b->ops[i].name);
        SAME(ops[i].bytes);
        SAME(ops[i].flops);
        SAME(ops[i].time_s);
        SAME(ops[i].simulated_bytes);
    }
#undef SAME
}

/* The same inputs, the same result (MoE routing and extrapolation included);
 * another seed routes other experts. */
static void test_determinism(void)
{
    memsim_accel a;
    memsim_llm_model m;
    memsim_llm_step s;
    memsim_llm_result r1, r2;
    tiny_chip(&a, "HBM3-6400", 4);
    tiny_model(&m);
    m.layers = 3;
    m.experts = 8;
    m.experts_per_token = 2;
    memsim_llm_step_defaults(&s);
    s.batch = 2;
    s.ctx = 16;
    if (!run(&a, &m, &s, &r1) || !run(&a, &m, &s, &r2)) return;
    check_same(&r1, &r2);
    CHECK(r1.step_time_s > 0 && r1.energy_per_token_j > 0 && r1.read_latency_ns > 0);
    /* a second chip in the same process changes nothing (no global state) */
    memsim_accel b;
    tiny_chip(&b, "HBM3E-9600", 2);
    memsim_llm_result rb;
    if (!run(&b, &m, &s, &rb) || !run(&a, &m, &s, &r2)) return;
    check_same(&r1, &r2);
    /* the seed picks the experts (2 tokens x top-2 of 8 in 3 layers) and the
     * embedding rows */
    s.seed = 2;
    if (!run(&a, &m, &s, &r2)) return;
    CHECK(r2.step_time_s != r1.step_time_s);
}

/* ---- 7. errors ----------------------------------------------------------- */

static void test_errors(void)
{
    memsim_accel a;
    memsim_llm_model m;
    memsim_llm_step s;
    memsim_llm_result r;
    char err[512];
    tiny_chip(&a, "HBM3-6400", 1); /* 1 GB */
    memsim_llm_step_defaults(&s);

    /* 141 GB of bf16 weights in 1 GB */
    CHECK_EQ(memsim_llm_model_preset("llama3-70b", &m), MEMSIM_OK);
    err[0] = 0;
    CHECK_EQ(memsim_llm_run(&a, &m, &s, &r, err, sizeof err), MEMSIM_E_INVALID);
    CHECK_CONTAINS(err, "GB");
    CHECK_CONTAINS(err, "llama3-70b");
    CHECK_CONTAINS(err, "tiny");
    CHECK(strchr(err, '\n') == NULL);
    fprintf(stderr, "  %s\n", err);
    /* the KV cache alone can overflow: the tiny model's is 2 x 2 x 2 x 64 bytes
     * per token and sequence, 1 GB at 2^20 tokens */
    tiny_model(&m);
    s.ctx = 1u << 20;
    s.batch = 8;
    CHECK_EQ(memsim_llm_run(&a, &m, &s, &r, err, sizeof err), MEMSIM_E_INVALID);
    CHECK_CONTAINS(err, "GB");
    /* a prefill of 2^26 tokens is refused from its footprint, before the
     * plan makes an embedding range per token (when the check came after the
     * plan, this case took 10 s and 1.5 GB before saying so) */
    s.phase = MEMSIM_LLM_PREFILL;
    s.ctx = 1u << 26;
    s.batch = 1;
    CHECK_EQ(memsim_llm_run(&a, &m, &s, &r, err, sizeof err), MEMSIM_E_INVALID);
    CHECK_CONTAINS(err, "the step needs");
    memsim_llm_step_defaults(&s);

    /* tensor parallelism must divide the heads */
    s.tp = 3;
    CHECK_EQ(memsim_llm_run(&a, &m, &s, &r, err, sizeof err), MEMSIM_E_INVALID);
    CHECK_CONTAINS(err, "--tp 3");
    CHECK_CONTAINS(err, "8 attention heads");
    s.tp = 1;

    /* batch and ctx of 0, a tolerance out of (0, 1) */
    s.batch = 0;
    CHECK_EQ(memsim_llm_run(&a, &m, &s, &r, err, sizeof err), MEMSIM_E_INVALID);
    CHECK_CONTAINS(err, "batch");
    s.batch = 1;
    s.ctx = 0;
    CHECK_EQ(memsim_llm_run(&a, &m, &s, &r, err, sizeof err), MEMSIM_E_INVALID);
    s.ctx = 16;
    s.tolerance = 0;
    CHECK_EQ(memsim_llm_run(&a, &m, &s, &r, err, sizeof err), MEMSIM_E_INVALID);
    CHECK_CONTAINS(err, "tolerance");
    s.tolerance = 1;
    CHECK_EQ(memsim_llm_run(&a, &m, &s, &r, err, sizeof err), MEMSIM_E_INVALID);
    s.tolerance = 0.02;

    /* an unknown memory preset, a bad memory setting, a bad chip */
    memsim_accel b = a;
    snprintf(b.memory, sizeof b.memory, "HBM9-1234");
    CHECK(memsim_llm_run(&b, &m, &s, &r, err, sizeof err) != MEMSIM_OK);
    CHECK_CONTAINS(err, "HBM9-1234");
    b = a;
    snprintf(b.memory_sets[0], sizeof b.memory_sets[0], "dram.channels");
    CHECK_EQ(memsim_llm_run(&b, &m, &s, &r, err, sizeof err), MEMSIM_E_INVALID);
    CHECK_CONTAINS(err, "KEY=VALUE");
    b = a;
    snprintf(b.memory_sets[0], sizeof b.memory_sets[0], "dram.chanels=4");
    CHECK(memsim_llm_run(&b, &m, &s, &r, err, sizeof err) != MEMSIM_OK);
    CHECK_CONTAINS(err, "dram.chanels");
    b = a;
    b.buffers = 1;
    CHECK_EQ(memsim_llm_run(&b, &m, &s, &r, err, sizeof err), MEMSIM_E_INVALID);
    CHECK_CONTAINS(err, "buffers");
    b = a;
    b.cores = 0;
    CHECK_EQ(memsim_llm_run(&b, &m, &s, &r, err, sizeof err), MEMSIM_E_INVALID);

    /* a bad model is refused by the same check as the loader's */
    m.kv_heads = 3;
    CHECK_EQ(memsim_llm_run(&a, &m, &s, &r, err, sizeof err), MEMSIM_E_INVALID);
    CHECK_CONTAINS(err, "kv_heads");
    tiny_model(&m);

    /* a short error buffer is truncated, not overrun */
    char small[8];
    memset(small, 'x', sizeof small);
    s.batch = 0;
    CHECK_EQ(memsim_llm_run(&a, &m, &s, &r, small, sizeof small), MEMSIM_E_INVALID);
    CHECK(memchr(small, '\0', sizeof small) != NULL);
    CHECK_EQ(strlen(small), sizeof small - 1);
}

/* ---- 8. JSON -------------------------------------------------------------- */

static void test_json(void)
{
    memsim_accel a;
    memsim_llm_model m;
    memsim_llm_step s;
    memsim_llm_result r;
    tiny_chip(&a, "HBM3-6400", 4);
    snprintf(a.name, sizeof a.name, "ti\"ny\\chip");
    tiny_model(&m);
    snprintf(m.name, sizeof m.name, "mo\\del\"\t1");
    memsim_llm_step_defaults(&s);
    s.batch = 2;
    s.ctx = 64;
    if (!run(&a, &m, &s, &r)) return;
    FILE *fp = tmpfile();
    CHECK(fp != NULL);
    if (!fp) return;
    CHECK_EQ(memsim_llm_write_json(&a, &m, &s, &r, fp), MEMSIM_OK);
    long n = ftell(fp);
    CHECK(n > 0 && n < 65536);
    char *buf = calloc((size_t)n + 1, 1);
    rewind(fp);
    CHECK_EQ(fread(buf, 1, (size_t)n, fp), n);
    fclose(fp);
    static const char *const keys[] = {
        "\"tokens_per_s\": ",    "\"time_per_token_ms\": ",  "\"hbm_bandwidth_gbps\": ",
        "\"roofline_ratio\": ",  "\"simulated_fraction\": ", "\"energy_per_token_j\": ",
        "\"weight_bytes\": ",    "\"kv_read_bytes\": ",      "\"operators\": [",
        "\"phase\": \"decode\"", "\"footprint_bytes\": ",    "\"capacity_bytes\": ",
    };
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        CHECK_CONTAINS(buf, keys[i]);
    CHECK_CONTAINS(buf, "\"name\": \"ti\\\"ny\\\\chip\"");
    CHECK_CONTAINS(buf, "\"name\": \"mo\\\\del\\\"\\u00091\"");
    CHECK_CONTAINS(buf, "\"name\": \"lm_head\"");
    /* the figures are the result's, to 10 significant digits */
    char want[96];
    snprintf(want, sizeof want, "\"tokens_per_s\": %.10g,", r.tokens_per_s);
    CHECK_CONTAINS(buf, want);
    snprintf(want, sizeof want, "\"bytes_per_step\": %.10g,", r.bytes);
    CHECK_CONTAINS(buf, want);
    /* balanced braces and brackets outside strings, one object */
    int depth = 0, in_str = 0, bad = 0;
    for (long i = 0; i < n; i++) {
        char c = buf[i];
        if (in_str) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_str = 0;
            else if ((unsigned char)c < 0x20)
                bad = 1;
            continue;
        }
        if (c == '"') in_str = 1;
        if (c == '{' || c == '[') depth++;
        if (c == '}' || c == ']') bad |= --depth < 0;
    }
    CHECK(!bad && depth == 0 && !in_str);
    CHECK(buf[0] == '{' && buf[n - 2] == '}' && buf[n - 1] == '\n');
    free(buf);
}

/* ---- 9. activations on chip or in memory --------------------------------- */

/* Prefill activations stay on chip while the widest (M tokens x 512 FFN
 * columns x 2 bytes) fits in half the SRAM of both cores (256 KiB with
 * 256 KiB per core): 256 tokens do, 257 do not, and then every operator
 * reads its input and writes its output. */
static void test_prefill_activations(void)
{
    memsim_accel a;
    memsim_llm_model m;
    memsim_llm_step s;
    memsim_llm_result r;
    tiny_chip(&a, "HBM3-6400", 4);
    a.sram_mib = 0.25;
    tiny_model(&m);
    memsim_llm_step_defaults(&s);
    s.phase = MEMSIM_LLM_PREFILL;
    const double L = 2, H = 256, nhhd = 256, qd = (8 + 2 * 2) * 32.0, F = 512, ab = 2;
    static const unsigned shapes[][2] = {{1, 256}, {2, 128}, {1, 257}, {3, 128}};
    for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
        s.batch = shapes[i][0];
        s.ctx = shapes[i][1];
        if (!run(&a, &m, &s, &r)) return;
        const double B = s.batch, M = B * s.ctx;
        const int spills = M > 256;
        /* per layer: qkv reads X and writes QKV, attention reads QKV and writes
         * O, o_proj O -> X2, ffn_up X2 -> U, ffn_down U -> X; the embedding
         * writes X; the LM head reads the last token's X of each sequence */
        const double act = spills ? L * M * (2 * H + 2 * qd + 2 * nhhd + 2 * F + 2 * H) * ab +
                                        M * H * ab + B * H * ab
                                  : 0;
        fprintf(stderr, "  batch %u ctx %u: activations %.0f bytes\n", s.batch, s.ctx, r.act_bytes);
        CHECK_DEQ(r.act_bytes, act);
        CHECK_DEQ(r.kv_write_bytes, L * B * 2 * 2 * s.ctx * 32 * 2);
        CHECK_DEQ(r.kv_read_bytes, 0);
        CHECK_DEQ(r.bytes, class_sum(&r));
        CHECK_DEQ(r.tokens, M);
        CHECK_NEAR(r.time_per_token_ms, r.step_time_s * 1e3 / M, 1e-15);
    }
}

int main(void)
{
    UNIT_RUN(test_bytes_dense_decode);
    UNIT_RUN(test_bytes_moe_decode);
    UNIT_RUN(test_bytes_train);
    UNIT_RUN(test_stream_bandwidth);
    UNIT_RUN(test_compute_bound);
    UNIT_RUN(test_bandwidth_scaling);
    UNIT_RUN(test_extrapolation);
    UNIT_RUN(test_determinism);
    UNIT_RUN(test_errors);
    UNIT_RUN(test_json);
    UNIT_RUN(test_prefill_activations);
    UNIT_RUN(test_prefill_attention_spreads);
    UNIT_RUN(test_extrapolation_compute_bound);
    UNIT_DONE();
}
