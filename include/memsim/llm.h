/*
 * llm.h - LLM inference and training traffic on an accelerator, closed-loop
 * with the memory simulator (docs/llm.md).
 *
 * Three plain-data descriptions go in: an accelerator (compute peaks, cores,
 * on-chip SRAM, DMA engines, and the memory it is built with), a decoder
 * transformer, and a step (phase, batch, sequence lengths). memsim_llm_run()
 * turns the step into operators, splits each operator across the cores and
 * into SRAM-sized tiles, moves the tiles between memory and SRAM with DMA
 * engines that issue into a memsim_sim (back-pressure is the simulator's
 * queues), overlaps each tile's compute with the next tile's DMA (double
 * buffering), and reports time per step and per token.
 *
 * Big models are not simulated burst by burst: each operator is simulated
 * until its throughput is steady (the last windows agree within the
 * tolerance) and its remaining tiles are extrapolated at that throughput; the
 * first two layers are simulated and the others extrapolated from the second
 * (layers are identical but for MoE routing, which is scaled by bytes). The
 * result says how much was simulated. `full` turns extrapolation off.
 *
 *     memsim_accel chip;  memsim_llm_model m;  memsim_llm_step s;  memsim_llm_result r;
 *     memsim_accel_preset("trn2", &chip);
 *     memsim_llm_model_load_yaml("configs/models/llama3-70b.yaml", &m, err, sizeof err);
 *     memsim_llm_step_defaults(&s);  s.batch = 8;  s.ctx = 4096;
 *     if (memsim_llm_run(&chip, &m, &s, &r, err, sizeof err) != MEMSIM_OK) ... err
 */
#ifndef MEMSIM_LLM_H
#define MEMSIM_LLM_H

#include <stddef.h>
#include <stdint.h>

#include "memsim/memsim.h"

#ifdef __cplusplus
extern "C" {
#endif

#define MEMSIM_ACCEL_MAX_SETS 8

/** An accelerator (or a CPU socket): compute, SRAM, DMA and its memory. */
typedef struct memsim_accel {
    char name[32];
    char note[320];            /* what is published and what is assumed, with sources */
    unsigned cores;            /* NeuronCores, SMs, CPU cores */
    double tflops_fp32;        /* dense peak of the whole chip, TFLOP/s */
    double tflops_bf16;        /* used for 2-byte data */
    double tflops_fp8;         /* used for 1-byte data */
    double compute_efficiency; /* fraction of the peak a tile reaches (1.0) */
    double sram_mib;           /* on-chip SRAM per core for tiles, MiB */
    unsigned buffers;          /* tile buffers per core: 2 = double buffering */
    unsigned dma_engines;      /* per core */
    double dma_gbps;           /* per engine, decimal GB/s */
    unsigned dma_outstanding;  /* requests in flight per engine */
    /* the memory: a preset name ("trn2", "MRDIMM-8800") or a YAML file, then
     * KEY=VALUE settings applied on top */
    char memory[256];
    char memory_sets[MEMSIM_ACCEL_MAX_SETS][96];
    unsigned n_memory_sets;
} memsim_accel;

/** @return the number of built-in accelerators. */
size_t memsim_accel_count(void);
/** Copies built-in accelerator @p i. @return MEMSIM_OK or MEMSIM_E_INVALID. */
memsim_status memsim_accel_get(size_t i, memsim_accel *out);
/** Copies the built-in accelerator called @p name. @return MEMSIM_E_INVALID if unknown. */
memsim_status memsim_accel_preset(const char *name, memsim_accel *out);
/** Loads an accelerator from YAML (docs/llm.md; `base: trn2` starts from a preset).
 *  On error writes "FILE:LINE: what was expected" to @p err. */
memsim_status memsim_accel_load_yaml(const char *path, memsim_accel *out, char *err,
                                     size_t err_len);

/** A decoder-only transformer. */
typedef struct memsim_llm_model {
    char name[64];
    unsigned layers, hidden, heads, kv_heads, head_dim; /* head_dim 0: hidden / heads */
    unsigned ffn;                                       /* intermediate size (per expert for MoE) */
    unsigned vocab;
    unsigned experts;           /* 0 or 1: dense */
    unsigned experts_per_token; /* top-k */
    unsigned gated_ffn;         /* 1: SwiGLU (gate, up, down); 0: up, down */
    unsigned dtype_bytes;       /* weights and activations: 2 bf16, 1 fp8, 4 fp32 */
    unsigned kv_bytes;          /* KV cache element (default dtype_bytes) */
} memsim_llm_model;

/** Built-in models (the shapes in configs/models/): @return their count. */
size_t memsim_llm_model_count(void);
/** Copies built-in model @p i. @return MEMSIM_OK or MEMSIM_E_INVALID. */
memsim_status memsim_llm_model_get(size_t i, memsim_llm_model *out);
/** Copies the built-in model called @p name ("llama3-70b"). @return MEMSIM_E_INVALID if unknown. */
memsim_status memsim_llm_model_preset(const char *name, memsim_llm_model *out);
/** Loads a model from YAML. On error writes "FILE:LINE: ..." to @p err. */
memsim_status memsim_llm_model_load_yaml(const char *path, memsim_llm_model *out, char *err,
                                         size_t err_len);
/** Checks a model's fields and fills derived defaults (head_dim, kv_bytes). */
memsim_status memsim_llm_model_check(memsim_llm_model *m, char *err, size_t err_len);
/** @return the parameter count of @p m (all experts). */
double memsim_llm_model_params(const memsim_llm_model *m);

typedef enum memsim_llm_phase {
    MEMSIM_LLM_DECODE = 0, /* one new token per sequence */
    MEMSIM_LLM_PREFILL,    /* ctx prompt tokens per sequence */
    MEMSIM_LLM_TRAIN       /* forward, backward and an Adam step over ctx tokens per sequence */
} memsim_llm_phase;

/** One step to simulate. */
typedef struct memsim_llm_step {
    memsim_llm_phase phase;
    unsigned batch;    /* sequences */
    unsigned ctx;      /* decode: tokens already cached; prefill/train: sequence length */
    unsigned tp;       /* tensor-parallel degree: chips sharing each layer (1) */
    double tolerance;  /* steady-state band for extrapolation (0.02) */
    int full;          /* 1: simulate every tile of every layer */
    int no_compute;    /* 1: compute takes no time (a pure memory bound) */
    uint64_t seed;     /* MoE routing and the embedding rows read */
    unsigned tile_kib; /* bytes read per tile, KiB; 0: SRAM / buffers, at most 1024 */
} memsim_llm_step;

void memsim_llm_step_defaults(memsim_llm_step *s);
/** "decode" / "prefill" / "train"; @return -1 if unknown. */
int memsim_llm_phase_from_name(const char *name);
const char *memsim_llm_phase_name(memsim_llm_phase p);

#define MEMSIM_LLM_MAX_OPS 24

/** One operator kind of a layer (or of the head/tail), summed over the step. */
typedef struct memsim_llm_op_stat {
    char name[16]; /* "qkv", "attn", "o_proj", "ffn_up", "ffn_down", "lm_head", ... */
    double bytes;  /* bytes moved per step (all layers) */
    double flops;  /* per step */
    double time_s; /* per step, simulated + extrapolated */
    double simulated_bytes;
} memsim_llm_op_stat;

typedef struct memsim_llm_result {
    /* the step */
    double step_time_s;
    double tokens; /* tokens produced (decode: batch) or processed per step */
    double tokens_per_s;
    double time_per_token_ms; /* decode: one step (each sequence's next token) */
    /* traffic, bytes per step, by closed form (counted by the generator) */
    double bytes, weight_bytes, kv_read_bytes, kv_write_bytes, act_bytes, optimizer_bytes;
    double flops;
    /* memory */
    double hbm_bandwidth_gbps; /* bytes / step time */
    double peak_gbps;          /* the memory's peak */
    double read_latency_ns;    /* mean, over the simulated part */
    double energy_per_token_j; /* memory energy */
    double memory_power_w;
    /* bounds */
    double roofline_tokens_per_s; /* memory roofline: tokens / (bytes / peak) */
    double roofline_ratio;        /* tokens_per_s / roofline_tokens_per_s */
    double compute_tokens_per_s;  /* compute roofline: tokens / (flops / peak) */
    double compute_utilization;   /* flops / (step time x peak) */
    int memory_bound;             /* 1 memory, 0 compute (the larger roofline time) */
    /* what was simulated */
    double simulated_fraction; /* bytes that went through the simulator / bytes */
    double simulated_time_s;   /* simulated memory time */
    double tolerance;
    unsigned layers_simulated, layers;
    unsigned ops_extrapolated;              /* operators cut short at steady state */
    double footprint_bytes, capacity_bytes; /* per chip */
    double wall_s;
    memsim_llm_op_stat ops[MEMSIM_LLM_MAX_OPS];
    unsigned n_ops;
} memsim_llm_result;

/** Simulates one step of @p m on @p chip. On error (the model does not fit,
 *  a bad field, a memory configuration error) writes one line to @p err. */
memsim_status memsim_llm_run(const memsim_accel *chip, const memsim_llm_model *m,
                             const memsim_llm_step *s, memsim_llm_result *out, char *err,
                             size_t err_len);

/** Writes @p r (and the inputs) as one JSON object. */
memsim_status memsim_llm_write_json(const memsim_accel *chip, const memsim_llm_model *m,
                                    const memsim_llm_step *s, const memsim_llm_result *r, FILE *fp);

#ifdef __cplusplus
}
#endif

#endif
