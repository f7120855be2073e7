/*
 * json.c - memsim_llm_write_json(): the inputs and the result of an LLM step
 * as one JSON object (docs/llm.md lists the fields).
 */
#include <stdio.h>

#include "memsim/llm.h"

/* s as a JSON string: quotes, backslashes and control bytes escaped */
static const char *jstr(char *dst, size_t cap, const char *s)
{
    size_t n = 0;
    dst[n++] = '"';
    for (; *s && n + 8 < cap; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') {
            dst[n++] = '\\';
            dst[n++] = (char)c;
        } else if (c < 0x20) {
            n += (size_t)snprintf(dst + n, cap - n, "\\u%04x", c);
        } else {
            dst[n++] = (char)c;
        }
    }
    dst[n++] = '"';
    dst[n] = 0;
    return dst;
}

static void num(FILE *fp, const char *k, double v, int comma)
{
    fprintf(fp, "    \"%s\": %.10g%s\n", k, v, comma ? "," : "");
}

memsim_status memsim_llm_write_json(const memsim_accel *chip, const memsim_llm_model *m,
                                    const memsim_llm_step *s, const memsim_llm_result *r, FILE *fp)
{
    char q1[600], q2[600], q3[600];
    fprintf(fp, "{\n  \"chip\": {\n    \"name\": %s,\n    \"memory\": %s,\n",
            jstr(q1, sizeof q1, chip->name), jstr(q2, sizeof q2, chip->memory));
    num(fp, "cores", chip->cores, 1);
    num(fp, "tflops_bf16", chip->tflops_bf16, 1);
    num(fp, "tflops_fp8", chip->tflops_fp8, 1);
    num(fp, "sram_mib_per_core", chip->sram_mib, 1);
    num(fp, "dma_engines_per_core", chip->dma_engines, 1);
    num(fp, "dma_gbps_per_engine", chip->dma_gbps, 0);
    fprintf(fp, "  },\n  \"model\": {\n    \"name\": %s,\n", jstr(q3, sizeof q3, m->name));
    num(fp, "params", memsim_llm_model_params(m), 1);
    num(fp, "layers", m->layers, 1);
    num(fp, "hidden", m->hidden, 1);
    num(fp, "experts", m->experts, 1);
    num(fp, "dtype_bytes", m->dtype_bytes, 0);
    fprintf(fp, "  },\n  \"step\": {\n    \"phase\": \"%s\",\n", memsim_llm_phase_name(s->phase));
    num(fp, "batch", s->batch, 1);
    num(fp, "ctx", s->ctx, 1);
    num(fp, "tp", s->tp, 1);
    num(fp, "full", s->full, 1);
    num(fp, "no_compute", s->no_compute, 0);
    fprintf(fp, "  },\n  \"result\": {\n");
    const struct {
        const char *k;
        double v;
    } f[] = {
        {"tokens_per_s", r->tokens_per_s},
        {"time_per_token_ms", r->time_per_token_ms},
        {"step_time_ms", r->step_time_s * 1e3},
        {"tokens_per_step", r->tokens},
        {"hbm_bandwidth_gbps", r->hbm_bandwidth_gbps},
        {"peak_gbps", r->peak_gbps},
        {"read_latency_ns", r->read_latency_ns},
        {"roofline_tokens_per_s", r->roofline_tokens_per_s},
        {"roofline_ratio", r->roofline_ratio},
        {"compute_roofline_tokens_per_s", r->compute_tokens_per_s},
        {"compute_utilization", r->compute_utilization},
        {"memory_bound", r->memory_bound},
        {"bytes_per_step", r->bytes},
        {"weight_bytes", r->weight_bytes},
        {"kv_read_bytes", r->kv_read_bytes},
        {"kv_write_bytes", r->kv_write_bytes},
        {"activation_bytes", r->act_bytes},
        {"optimizer_bytes", r->optimizer_bytes},
        {"flops_per_step", r->flops},
        {"energy_per_token_j", r->energy_per_token_j},
        {"memory_power_w", r->memory_power_w},
        {"simulated_fraction", r->simulated_fraction},
        {"simulated_time_ms", r->simulated_time_s * 1e3},
        {"tolerance", r->tolerance},
        {"layers_simulated", r->layers_simulated},
        {"layers", r->layers},
        {"operators_extrapolated", r->ops_extrapolated},
        {"footprint_bytes", r->footprint_bytes},
        {"capacity_bytes", r->capacity_bytes},
        {"wall_s", r->wall_s},
    };
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
        num(fp, f[i].k, f[i].v, 1);
    fprintf(fp, "    \"operators\": [");
    for (unsigned i = 0; i < r->n_ops; i++) {
        const memsim_llm_op_stat *o = &r->ops[i];
        fprintf(fp,
                "%s\n      {\"name\": %s, \"bytes\": %.10g, \"flops\": %.10g, \"time_ms\": "
                "%.10g, \"simulated_bytes\": %.10g}",
                i ? "," : "", jstr(q1, sizeof q1, o->name), o->bytes, o->flops, o->time_s * 1e3,
                o->simulated_bytes);
    }
    fprintf(fp, "\n    ]\n  }\n}\n");
    return ferror(fp) ? MEMSIM_E_IO : MEMSIM_OK;
}
