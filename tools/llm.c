/*
 * llm.c - `memsim llm`: tokens per second of an LLM step on an accelerator,
 * with its memory simulated cycle by cycle (docs/llm.md).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "memsim/llm.h"
#include "tools/cli.h"

static const char llm_usage[] =
    "usage: memsim llm --chip NAME|FILE.yaml --model NAME|FILE.yaml\n"
    "                  [--phase decode|prefill|train] [--batch N] [--ctx N] [--tp N]\n"
    "                  [--tolerance X] [--full] [--no-compute] [--tile-kib N] [--seed S]\n"
    "                  [--json FILE] [--quiet]\n"
    "       memsim llm --list   the built-in accelerators and models\n\n"
    "  --chip        an accelerator preset (trn2, trn3, h100, xeon6-mrdimm-8800, ...) or YAML\n"
    "  --model       a built-in model (llama3-8b, llama3-70b, mixtral-8x7b) or YAML\n"
    "  --phase       decode (one token per sequence, default), prefill (ctx prompt tokens),\n"
    "                train (forward, backward and an Adam step over ctx tokens)\n"
    "  --batch       sequences (1); --ctx: cached tokens (decode) or sequence length (2048)\n"
    "  --tp          chips sharing each layer by tensor parallelism (1); one chip is simulated\n"
    "  --tolerance   steady-state band for extrapolation (0.02); --full simulates every tile\n"
    "  --no-compute  compute takes no time: the memory bound alone\n"
    "  --tile-kib    bytes read per tile (default: SRAM per core / buffers, at most 1 MiB)\n";

static int parse_uint(const char *flag, const char *v, unsigned long long max,
                      unsigned long long *out)
{
    char *end;
    errno = 0;
    if (!v || !*v || *v == '-') return memsim_cli_fail("%s: expected a positive integer", flag), 0;
    unsigned long long x = strtoull(v, &end, 0);
    if (errno || *end || x == 0 || x > max)
        return memsim_cli_fail("%s: expected an integer from 1 to %llu, got '%s'", flag, max, v), 0;
    *out = x;
    return 1;
}

static int is_file(const char *s)
{
    size_t n = strlen(s);
    return strchr(s, '/') || (n > 5 && !strcmp(s + n - 5, ".yaml")) ||
           (n > 4 && !strcmp(s + n - 4, ".yml"));
}

static void list_all(void)
{
    printf("%-18s %5s %8s %8s %8s %8s %6s %9s  %s\n", "accelerator", "cores", "BF16 TF", "FP8 TF",
           "SRAM MiB", "DMA", "GB/s", "in flight", "memory");
    memsim_accel a;
    for (size_t i = 0; i < memsim_accel_count(); i++) {
        if (memsim_accel_get(i, &a) != MEMSIM_OK) continue;
        printf("%-18s %5u %8.0f %8.0f %8.2f %8u %6.1f %9u  %s\n", a.name, a.cores, a.tflops_bf16,
               a.tflops_fp8, a.sram_mib, a.dma_engines, a.dma_gbps, a.dma_outstanding, a.memory);
        printf("    %s\n", a.note);
    }
    printf("\nSRAM, DMA engines, bandwidth and requests in flight are per core (per engine for\n"
           "the last two). Models: ");
    memsim_llm_model m;
    for (size_t i = 0; i < memsim_llm_model_count(); i++)
        if (memsim_llm_model_get(i, &m) == MEMSIM_OK)
            printf("%s%s (%.1f B parameters)", i ? ", " : "", m.name,
                   memsim_llm_model_params(&m) / 1e9);
    printf(".\n");
}

static void print_result(const memsim_accel *chip, const memsim_llm_model *m,
                         const memsim_llm_step *s, const memsim_llm_result *r)
{
    printf("memsim llm: %s on %s (memory %s), %s, batch %u, ctx %u, tp %u\n", m->name, chip->name,
           chip->memory, memsim_llm_phase_name(s->phase), s->batch, s->ctx, s->tp);
    if (s->phase == MEMSIM_LLM_DECODE)
        printf("  time per token  %.3f ms per step (each sequence's next token)\n",
               r->time_per_token_ms);
    else
        printf("  step time       %.3f ms (%.4f ms per token)\n", r->step_time_s * 1e3,
               r->time_per_token_ms);
    printf("  tokens/s        %.1f\n", r->tokens_per_s);
    printf("  memory          %.1f GB/s achieved of %.1f GB/s peak (%.1f %%), read latency "
           "%.1f ns mean\n",
           r->hbm_bandwidth_gbps, r->peak_gbps, 100.0 * r->hbm_bandwidth_gbps / r->peak_gbps,
           r->read_latency_ns);
    printf("  bytes per step  %.3f GB: weights %.3f, KV read %.3f, KV write %.4f, activations "
           "%.3f, optimizer %.3f\n",
           r->bytes / 1e9, r->weight_bytes / 1e9, r->kv_read_bytes / 1e9, r->kv_write_bytes / 1e9,
           r->act_bytes / 1e9, r->optimizer_bytes / 1e9);
    printf("  bound           %s: memory roofline %.1f tokens/s (achieved %.3f of it), compute "
           "roofline %.1f tokens/s, compute utilisation %.1f %%\n",
           r->memory_bound ? "memory" : "compute", r->roofline_tokens_per_s, r->roofline_ratio,
           r->compute_tokens_per_s, 100.0 * r->compute_utilization);
    printf("  energy          %.4f J per token in memory, %.1f W memory power\n",
           r->energy_per_token_j, r->memory_power_w);
    printf("  simulated       %.1f %% of the bytes (%u of %u layers; %u operators extrapolated "
           "from a steady state within %.1f %%), %.3f ms of memory time, %.1f s wall\n",
           100.0 * r->simulated_fraction, r->layers_simulated, r->layers, r->ops_extrapolated,
           100.0 * r->tolerance, r->simulated_time_s * 1e3, r->wall_s);
    printf("  footprint       %.1f GB of %.1f GB per chip\n", r->footprint_bytes / 1e9,
           r->capacity_bytes / 1e9);
    printf("  %-14s %10s %10s %10s %9s\n", "operator", "GB", "ms", "GB/s", "simulated");
    for (unsigned i = 0; i < r->n_ops; i++) {
        const memsim_llm_op_stat *o = &r->ops[i];
        printf("  %-14s %10.3f %10.3f %10.1f %8.1f%%\n", o->name, o->bytes / 1e9, o->time_s * 1e3,
               o->time_s > 0 ? o->bytes / o->time_s / 1e9 : 0.0,
               o->bytes > 0 ? 100.0 * o->simulated_bytes / o->bytes : 100.0);
    }
}

int memsim_cli_llm(int argc, char **argv)
{
    const char *chip_arg = NULL, *model_arg = NULL, *json = NULL;
    int quiet = 0;
    memsim_llm_step s;
    memsim_llm_step_defaults(&s);
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(llm_usage, stdout);
            return 0;
        }
        if (!strcmp(a, "--list")) {
            list_all();
            return 0;
        }
        if (!strcmp(a, "--full")) {
            s.full = 1;
            continue;
        }
        if (!strcmp(a, "--no-compute")) {
            s.no_compute = 1;
            continue;
        }
        if (!strcmp(a, "--quiet")) {
            quiet = 1;
            continue;
        }
        static const char *const valued[] = {"--chip",     "--model", "--phase", "--batch",
                                             "--ctx",      "--tp",    "--json",  "--tolerance",
                                             "--tile-kib", "--seed"};
        int known = 0;
        for (size_t k = 0; k < sizeof valued / sizeof valued[0]; k++)
            known |= !strcmp(a, valued[k]);
        if (!known) return memsim_cli_fail("llm: unknown option '%s' (memsim llm --help)", a);
        if (i + 1 >= argc) return memsim_cli_fail("llm: %s needs a value", a);
        const char *v = argv[++i];
        unsigned long long x;
        if (!strcmp(a, "--chip")) {
            chip_arg = v;
        } else if (!strcmp(a, "--model")) {
            model_arg = v;
        } else if (!strcmp(a, "--json")) {
            json = v;
        } else if (!strcmp(a, "--phase")) {
            int p = memsim_llm_phase_from_name(v);
            if (p < 0)
                return memsim_cli_fail("--phase: expected decode, prefill or train, got '%s'", v);
            s.phase = (memsim_llm_phase)p;
        } else if (!strcmp(a, "--tolerance")) {
            char *end;
            errno = 0;
            double t = strtod(v, &end);
            if (errno || *end || !(t > 0 && t < 1))
                return memsim_cli_fail("--tolerance: expected a fraction between 0 and 1 "
                                       "(0.02 = 2 %%), got '%s'",
                                       v);
            s.tolerance = t;
        } else if (!strcmp(a, "--seed")) {
            char *end;
            errno = 0;
            unsigned long long seed = strtoull(v, &end, 0);
            if (errno || *end || !*v || *v == '-')
                return memsim_cli_fail("--seed: expected a non-negative integer, got '%s'", v);
            s.seed = seed;
        } else {
            unsigned long long max = !strcmp(a, "--tp") ? 1024u : 1u << 24;
            if (!parse_uint(a, v, max, &x)) return 2;
            if (!strcmp(a, "--batch"))
                s.batch = (unsigned)x;
            else if (!strcmp(a, "--ctx"))
                s.ctx = (unsigned)x;
            else if (!strcmp(a, "--tp"))
                s.tp = (unsigned)x;
            else
                s.tile_kib = (unsigned)x;
        }
    }
    if (!chip_arg || !model_arg)
        return memsim_cli_fail("llm: --chip and --model are required (memsim llm --help)");
    memsim_accel chip;
    memsim_llm_model m;
    char err[1024];
    if (is_file(chip_arg)) {
        if (memsim_accel_load_yaml(chip_arg, &chip, err, sizeof err) != MEMSIM_OK)
            return memsim_cli_fail("%s", err);
    } else if (memsim_accel_preset(chip_arg, &chip) != MEMSIM_OK) {
        return memsim_cli_fail("--chip: unknown accelerator '%s' (memsim llm --list)", chip_arg);
    }
    if (is_file(model_arg)) {
        if (memsim_llm_model_load_yaml(model_arg, &m, err, sizeof err) != MEMSIM_OK)
            return memsim_cli_fail("%s", err);
    } else if (memsim_llm_model_preset(model_arg, &m) != MEMSIM_OK) {
        return memsim_cli_fail("--model: unknown model '%s' (memsim llm --list, or a YAML file)",
                               model_arg);
    }
    cli_out o = {0};
    if (json && !memsim_cli_out_open(&o, json))
        return memsim_cli_fail("cannot write '%s': %s", json, strerror(errno));
    memsim_llm_result r;
    memsim_status st = memsim_llm_run(&chip, &m, &s, &r, err, sizeof err);
    if (st != MEMSIM_OK) {
        memsim_cli_out_abort(&o);
        return memsim_cli_fail("%s", err);
    }
    if (json) {
        if (memsim_llm_write_json(&chip, &m, &s, &r, o.fp) != MEMSIM_OK ||
            !memsim_cli_out_commit(&o)) {
            memsim_cli_out_abort(&o);
            return memsim_cli_fail("cannot write '%s'", json);
        }
    }
    if (!quiet) print_result(&chip, &m, &s, &r);
    return 0;
}
