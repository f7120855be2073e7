/*
 * llm_internal.h - the step plan shared by the generator (plan.c) and the
 * closed-loop DMA engine (sim.c).
 *
 * A step is a chain of groups. A group is one operator of one layer (or of
 * the head and tail): the address ranges it reads and writes and the flops it
 * computes. Groups run in order: a group's tiles compute only after every
 * tile of the previous group has (the operator needs its input), but their
 * DMA may start as soon as a buffer is free (weight prefetch across operator
 * boundaries).
 */
#ifndef MEMSIM_LLM_INTERNAL_H
#define MEMSIM_LLM_INTERNAL_H

#include <stdint.h>

#include "memsim/llm.h"

/* traffic classes, for the closed-form byte counts */
enum { LLM_W = 0, LLM_KVR, LLM_KVW, LLM_ACT, LLM_OPT, LLM_CLASSES };

/* parts of a step: layers of one part are alike, so all but the first two
 * may be extrapolated */
enum { LLM_PART_HEAD = 0, LLM_PART_FWD, LLM_PART_BWD, LLM_PART_OPT, LLM_PART_TAIL, LLM_PARTS };

typedef struct llm_range {
    uint64_t addr, bytes;
    uint8_t write, cls;
} llm_range;

typedef struct llm_group {
    char name[16];
    unsigned part, layer; /* layer: index within the part's layers; 0 outside layers */
    int in_layer;         /* 1 for groups of a repeated layer */
    double flops;
    uint64_t rd_bytes, wr_bytes;
    uint64_t first_range, n_ranges; /* into llm_plan.ranges */
} llm_group;

typedef struct llm_plan {
    llm_group *groups;
    size_t n_groups, cap_groups;
    llm_range *ranges;
    size_t n_ranges, cap_ranges;
    double class_bytes[LLM_CLASSES];
    double flops;
    double footprint;
    double tokens;
    unsigned layers; /* per part */
    double peak_tflops;
} llm_plan;

/* Reads the YAML mapping in path (accel.c) and calls leaf() for each leaf
 * key ("dma.gbps"); *map_line gets the mapping's line. Errors name FILE:LINE. */
typedef memsim_status (*memsim__llm_leaf_fn)(void *ctx, const char *key, const char *value,
                                             size_t line);
memsim_status memsim__llm_yaml_walk(const char *path, memsim__llm_leaf_fn leaf, void *ctx,
                                    size_t *map_line, char *err, size_t err_len);

/* 1 if a memory or chip name is a file path: it has a '/' or ends in .yaml
 * or .yml (accel.c); otherwise it is a preset name. */
int memsim__llm_is_path(const char *name);

/* Builds the plan of step @p s for one chip: MEMSIM_OK, or an error in err.
 * When the step's footprint exceeds @p capacity bytes (> 0), it stops before
 * generating any operator: p->footprint is set, p->n_groups is 0. */
memsim_status memsim__llm_plan(const memsim_accel *chip, const memsim_llm_model *m,
                               const memsim_llm_step *s, double capacity, llm_plan *p, char *err,
                               size_t err_len);
void memsim__llm_plan_free(llm_plan *p);

#endif
