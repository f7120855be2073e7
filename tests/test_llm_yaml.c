/*
 * test_llm_yaml.c - the accelerator table and YAML loader (llm/accel.c) and
 * the model loader, check and parameter count (llm/model.c):
 *   - every built-in accelerator has sane positive fields and a terminated
 *     note; get(i) and preset(name) agree; an unknown name is refused;
 *   - the model files of configs/models load and count 8.03e9, 70.55e9 and
 *     46.7e9 parameters (the published sizes, within 0.5 %);
 *   - configs/chips/example-accel.yaml loads its base and its overrides;
 *   - bad files give the right status and one line naming the file, the line
 *     and the key.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "memsim/llm.h"
#include "unit.h"

#define PATH_CAP 512

static char tmpdir[256];

/* Writes @p text to @p name inside the test's temporary directory. */
static const char *write_file(const char *name, const char *text, char *path)
{
    snprintf(path, PATH_CAP, "%s/%s", tmpdir, name);
    FILE *fp = fopen(path, "wb");
    CHECK(fp != NULL);
    if (!fp) return path;
    CHECK_EQ(fwrite(text, 1, strlen(text), fp), strlen(text));
    CHECK_EQ(fclose(fp), 0);
    return path;
}

static void test_presets(void)
{
    CHECK(memsim_accel_count() >= 8);
    for (size_t i = 0; i < memsim_accel_count(); i++) {
        memsim_accel a, b;
        CHECK_EQ(memsim_accel_get(i, &a), MEMSIM_OK);
        CHECK(memchr(a.name, '\0', sizeof a.name) && a.name[0]);
        /* a note that filled its array would have lost its terminator */
        CHECK(memchr(a.note, '\0', sizeof a.note - 1) != NULL);
        CHECK(strstr(a.note, "ASSUMED") != NULL);
        CHECK(a.cores > 0);
        CHECK(a.tflops_fp32 > 0 && a.tflops_bf16 > 0 && a.tflops_fp8 > 0);
        CHECK(a.tflops_fp32 <= a.tflops_bf16 && a.tflops_bf16 <= a.tflops_fp8);
        CHECK(a.compute_efficiency > 0 && a.compute_efficiency <= 1);
        CHECK(a.sram_mib > 0);
        CHECK(a.buffers >= 2);
        CHECK(a.dma_engines > 0 && a.dma_gbps > 0 && a.dma_outstanding > 0);
        CHECK(a.memory[0] != '\0');
        CHECK(a.n_memory_sets <= MEMSIM_ACCEL_MAX_SETS);
        for (unsigned s = 0; s < a.n_memory_sets; s++)
            CHECK(strchr(a.memory_sets[s], '=') != NULL);
        CHECK_EQ(memsim_accel_preset(a.name, &b), MEMSIM_OK);
        CHECK(memcmp(&a, &b, sizeof a) == 0);
    }
    memsim_accel a;
    CHECK_EQ(memsim_accel_get(memsim_accel_count(), &a), MEMSIM_E_INVALID);
    CHECK_EQ(memsim_accel_preset("trn9", &a), MEMSIM_E_INVALID);
    CHECK_EQ(memsim_accel_preset(NULL, &a), MEMSIM_E_INVALID);

    /* spot checks against the published figures */
    CHECK_EQ(memsim_accel_preset("trn2", &a), MEMSIM_OK);
    CHECK_EQ(a.cores, 8);
    CHECK_NEAR(a.tflops_bf16, 667, 1e-9);
    CHECK_NEAR(a.tflops_fp8, 1299, 1e-9);
    CHECK_NEAR(a.sram_mib, 28, 1e-9);
    CHECK_STR(a.memory, "trn2");
    CHECK_EQ(memsim_accel_preset("h100", &a), MEMSIM_OK);
    CHECK_EQ(a.cores, 132);
    CHECK_EQ(a.dma_outstanding, 2048);
    CHECK_EQ(memsim_accel_preset("xeon6-mrdimm-8800", &a), MEMSIM_OK);
    CHECK_STR(a.memory, "MRDIMM-8800");
    CHECK_EQ(a.n_memory_sets, 4);
    CHECK_STR(a.memory_sets[3], "mapping.scheme=RoBaRaCoBgPcCh");
}

static void load_model(const char *file, double params, const char *name)
{
    char path[PATH_CAP], err[512];
    memsim_llm_model m;
    snprintf(path, sizeof path, "%s/configs/models/%s", MEMSIM_SOURCE_DIR, file);
    memsim_status st = memsim_llm_model_load_yaml(path, &m, err, sizeof err);
    CHECK_EQ(st, MEMSIM_OK);
    if (st != MEMSIM_OK) {
        UNIT_FAIL("%s", err);
        return;
    }
    CHECK_STR(m.name, name);
    CHECK_NEAR(memsim_llm_model_params(&m) / params, 1.0, 0.005);
    CHECK_EQ(m.head_dim, 128);
    CHECK_EQ(m.kv_heads, 8);
    CHECK_EQ(m.dtype_bytes, 2);
    CHECK_EQ(m.kv_bytes, 2);
    CHECK_EQ(m.gated_ffn, 1);
    /* the file and the built-in model of the same name agree */
    memsim_llm_model twin;
    CHECK_EQ(memsim_llm_model_preset(name, &twin), MEMSIM_OK);
    CHECK(memcmp(&twin, &m, sizeof m) == 0);
    /* check() accepts what load produced and changes nothing */
    memsim_llm_model c = m;
    CHECK_EQ(memsim_llm_model_check(&c, err, sizeof err), MEMSIM_OK);
    CHECK(memcmp(&c, &m, sizeof m) == 0);
}

static void test_models(void)
{
    load_model("llama3-8b.yaml", 8.03e9, "llama3-8b");
    load_model("llama3-70b.yaml", 70.55e9, "llama3-70b");
    load_model("mixtral-8x7b.yaml", 46.7e9, "mixtral-8x7b");

    char path[PATH_CAP], err[512];
    memsim_llm_model m;
    snprintf(path, sizeof path, "%s/configs/models/mixtral-8x7b.yaml", MEMSIM_SOURCE_DIR);
    CHECK_EQ(memsim_llm_model_load_yaml(path, &m, err, sizeof err), MEMSIM_OK);
    CHECK_EQ(m.experts, 8);
    CHECK_EQ(m.experts_per_token, 2);
    CHECK_EQ(m.vocab, 32000);
}

static void test_model_defaults(void)
{
    char path[PATH_CAP], err[512];
    memsim_llm_model m;
    write_file("tiny-model.yaml",
               "layers: 2\nhidden: 64\nheads: 4\nffn: 128\nvocab: 100\ngated_ffn: no\n", path);
    CHECK_EQ(memsim_llm_model_load_yaml(path, &m, err, sizeof err), MEMSIM_OK);
    CHECK_STR(m.name, "tiny-model");
    CHECK_EQ(m.kv_heads, 4);
    CHECK_EQ(m.head_dim, 16);
    CHECK_EQ(m.experts, 0);
    CHECK_EQ(m.experts_per_token, 0);
    CHECK_EQ(m.gated_ffn, 0);
    CHECK_EQ(m.dtype_bytes, 2);
    CHECK_EQ(m.kv_bytes, 2);
    /* 2 layers x (q, o 2*64*4*16 + k, v 2*64*4*16 + up, down 2*64*128 + norms 2*64)
     * + embedding and head 2*100*64 + final norm 64 */
    CHECK_NEAR(memsim_llm_model_params(&m), 2.0 * (8192 + 8192 + 16384 + 128) + 12800 + 64, 1e-6);

    /* check() from code: derived defaults, and messages naming the model */
    memsim_llm_model c;
    memset(&c, 0, sizeof c);
    snprintf(c.name, sizeof c.name, "code-model");
    c.layers = 1, c.hidden = 96, c.heads = 6, c.kv_heads = 4, c.ffn = 10, c.vocab = 10;
    c.dtype_bytes = 1;
    CHECK_EQ(memsim_llm_model_check(&c, err, sizeof err), MEMSIM_E_INVALID);
    CHECK_CONTAINS(err, "code-model");
    CHECK_CONTAINS(err, "kv_heads");
    c.kv_heads = 3;
    CHECK_EQ(memsim_llm_model_check(&c, err, sizeof err), MEMSIM_OK);
    CHECK_EQ(c.head_dim, 16);
    CHECK_EQ(c.kv_bytes, 1);
    c.experts = 4;
    c.experts_per_token = 0;
    CHECK_EQ(memsim_llm_model_check(&c, err, sizeof err), MEMSIM_E_INVALID);
    CHECK_CONTAINS(err, "experts_per_token");
    c.experts_per_token = 5;
    CHECK_EQ(memsim_llm_model_check(&c, err, sizeof err), MEMSIM_E_INVALID);
    c.experts_per_token = 4;
    CHECK_EQ(memsim_llm_model_check(&c, err, sizeof err), MEMSIM_OK);
    c.dtype_bytes = 3;
    CHECK_EQ(memsim_llm_model_check(&c, err, sizeof err), MEMSIM_E_INVALID);
    CHECK_CONTAINS(err, "dtype_bytes");
}

static void test_example_accel(void)
{
    char path[PATH_CAP], err[512];
    memsim_accel a, base;
    snprintf(path, sizeof path, "%s/configs/chips/example-accel.yaml", MEMSIM_SOURCE_DIR);
    memsim_status st = memsim_accel_load_yaml(path, &a, err, sizeof err);
    CHECK_EQ(st, MEMSIM_OK);
    if (st != MEMSIM_OK) {
        UNIT_FAIL("%s", err);
        return;
    }
    CHECK_EQ(memsim_accel_preset("trn2", &base), MEMSIM_OK);
    CHECK_STR(a.name, "trn2-fastdma");
    CHECK_CONTAINS(a.note, "20%");
    CHECK_NEAR(a.dma_gbps, base.dma_gbps * 1.2, 1e-9);
    CHECK_EQ(a.cores, base.cores);
    CHECK_EQ(a.dma_engines, base.dma_engines);
    CHECK_NEAR(a.tflops_bf16, base.tflops_bf16, 1e-9);
    CHECK_NEAR(a.sram_mib, base.sram_mib, 1e-9);
    CHECK_STR(a.memory, "trn2");
    CHECK_EQ(a.n_memory_sets, 1);
    CHECK_STR(a.memory_sets[0], "controller.page_policy=open");
}

static void test_accel_yaml(void)
{
    char path[PATH_CAP], err[512];
    memsim_accel a;

    /* a full definition, no base: defaults and a memory file next to it */
    write_file("mine.yaml",
               "cores: 4\ntflops: {bf16: 100}\nsram_mib: 8\n"
               "dma:\n  engines: 2\n  gbps: 50\nmemory: mem/hbm.yaml\n"
               "memory_set:\n  dram:\n    channels: 4\n  controller.scheduler: fcfs\n",
               path);
    CHECK_EQ(memsim_accel_load_yaml(path, &a, err, sizeof err), MEMSIM_OK);
    CHECK_STR(a.name, "mine");
    CHECK_NEAR(a.tflops_fp8, 100, 1e-9);
    CHECK_NEAR(a.tflops_fp32, 25, 1e-9);
    CHECK_NEAR(a.compute_efficiency, 1.0, 1e-12);
    CHECK_EQ(a.buffers, 2);
    CHECK_EQ(a.dma_outstanding, 64);
    char want[PATH_CAP + 16];
    snprintf(want, sizeof want, "%s/mem/hbm.yaml", tmpdir);
    CHECK_STR(a.memory, want);
    CHECK_EQ(a.n_memory_sets, 2);
    CHECK_STR(a.memory_sets[0], "dram.channels=4");
    CHECK_STR(a.memory_sets[1], "controller.scheduler=fcfs");

    /* a base with its own sets: a new KEY adds, an old KEY replaces */
    write_file("xeon.yaml", "base: xeon6-rdimm-6400\nmemory_set: {dram.ranks: 1, x.y: z}\n", path);
    CHECK_EQ(memsim_accel_load_yaml(path, &a, err, sizeof err), MEMSIM_OK);
    CHECK_EQ(a.n_memory_sets, 5);
    CHECK_STR(a.memory_sets[2], "dram.ranks=1");
    CHECK_STR(a.memory_sets[4], "x.y=z");
    CHECK_STR(a.memory, "DDR5-6400");
    /* a new memory drops the base's sets */
    write_file("xeon2.yaml", "base: xeon6-rdimm-6400\nmemory: DDR5-4800\n", path);
    CHECK_EQ(memsim_accel_load_yaml(path, &a, err, sizeof err), MEMSIM_OK);
    CHECK_EQ(a.n_memory_sets, 0);
    CHECK_STR(a.memory, "DDR5-4800");
}

typedef struct bad {
    const char *file, *text;
    memsim_status st;
    const char *line; /* ":N:" expected in the message */
    const char *word; /* and this */
} bad;

static void expect(const bad *b, memsim_status st, const char *err, const char *path)
{
    if (st != b->st) UNIT_FAIL("%s: status %d, expected %d (%s)", b->file, st, b->st, err);
    CHECK_EQ(st, b->st);
    CHECK_CONTAINS(err, path);
    if (b->line) CHECK_CONTAINS(err, b->line);
    CHECK_CONTAINS(err, b->word);
    CHECK(strchr(err, '\n') == NULL);
}

static void test_accel_errors(void)
{
    static const bad cases[] = {
        {"a1.yaml", "base: trn2\ndma:\n  gbps: 30\n  engnes: 4\n", MEMSIM_E_INVALID,
         ":4:", "dma.engnes"},
        {"a2.yaml", "base: trn2\ncores: eight\n", MEMSIM_E_INVALID, ":2:", "cores"},
        {"a3.yaml", "base: trn2\n\ntflops:\n  bf16: fast\n", MEMSIM_E_INVALID,
         ":4:", "tflops.bf16"},
        {"a4.yaml", "base: trn2\ncompute_efficiency: 1.5\n", MEMSIM_E_INVALID,
         ":2:", "compute_efficiency"},
        {"a5.yaml", "base: trn2\nbuffers: 1\n", MEMSIM_E_INVALID, ":2:", "buffers"},
        {"a6.yaml", "# comment\nbase: trn9\n", MEMSIM_E_INVALID, ":2:", "trn2"},
        {"a7.yaml", "\ncores: 2\ntflops: {bf16: 1}\nsram_mib: 1\ndma: {engines: 1}\nmemory: x\n",
         MEMSIM_E_INVALID, ":2:", "dma.gbps"},
        {"a8.yaml", "base: trn2\ncores: [1, 2]\n", MEMSIM_E_PARSE, ":2:", "list"},
        {"a9.yaml", "base: trn2\ncores: 2\ncores: 3\n", MEMSIM_E_INVALID, ":3:", "line 2"},
        {"a10.yaml", "base: trn2\ntflops: 100\n", MEMSIM_E_INVALID, ":2:", "tflops"},
        {"a11.yaml", "base: trn2\ncores: 1\n bad: x\n", MEMSIM_E_PARSE, ":3:", "not allowed"},
        {"a12.yaml",
         "base: trn2\nmemory_set: {a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8, "
         "i: 9}\n",
         MEMSIM_E_INVALID, ":2:", "memory_set.i"},
    };
    char path[PATH_CAP], err[512];
    memsim_accel a;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        write_file(cases[i].file, cases[i].text, path);
        err[0] = '\0';
        expect(&cases[i], memsim_accel_load_yaml(path, &a, err, sizeof err), err, path);
    }
    /* the unknown key message lists the valid keys */
    write_file("a1.yaml", cases[0].text, path);
    memsim_accel_load_yaml(path, &a, err, sizeof err);
    CHECK_CONTAINS(err, "dma.engines");
    CHECK_CONTAINS(err, "memory_set.KEY");

    snprintf(path, sizeof path, "%s/no-such-chip.yaml", tmpdir);
    CHECK_EQ(memsim_accel_load_yaml(path, &a, err, sizeof err), MEMSIM_E_IO);
    CHECK_CONTAINS(err, path);
    CHECK_CONTAINS(err, "cannot open");
}

static void test_model_errors(void)
{
    static const bad cases[] = {
        {"m1.yaml", "layers: 2\nhidden: 64\nheads: 4\nffn: 8\nvocab: 9\nrope: 1\n",
         MEMSIM_E_INVALID, ":6:", "rope"},
        {"m2.yaml", "layers: two\nhidden: 64\n", MEMSIM_E_INVALID, ":1:", "layers"},
        {"m3.yaml", "layers: 2\nhidden: 64\nheads: 6\nkv_heads: 4\nffn: 8\nvocab: 9\nhead_dim: 8\n",
         MEMSIM_E_INVALID, ":4:", "kv_heads"},
        {"m4.yaml", "# model\n\nlayers: 2\nhidden: 64\nheads: 4\nvocab: 9\n", MEMSIM_E_INVALID,
         ":3:", "ffn"},
        {"m5.yaml", "layers: 2\nhidden: 64\nheads: 4\nffn: 8\nvocab: 9\nexperts: 8\n",
         MEMSIM_E_INVALID, ":6:", "experts_per_token"},
        {"m6.yaml",
         "layers: 2\nhidden: 64\nheads: 4\nffn: 8\nvocab: 9\nexperts: 8\nexperts_per_token: 9\n",
         MEMSIM_E_INVALID, ":7:", "experts_per_token"},
        {"m7.yaml", "layers: 2\nhidden: 64\nheads: 4\nffn: 8\nvocab: 9\ndtype_bytes: 3\n",
         MEMSIM_E_INVALID, ":6:", "dtype_bytes"},
        {"m8.yaml", "layers: 2\nhidden: 64\nheads: 4\nffn: 0\nvocab: 9\n", MEMSIM_E_INVALID,
         ":4:", "ffn"},
        {"m9.yaml", "layers: 2\nhidden: 64\nheads: 4\nffn: 8\nvocab: 9\ngated_ffn: maybe\n",
         MEMSIM_E_INVALID, ":6:", "gated_ffn"},
        {"m10.yaml", "layers: 2\nhidden: -64\n", MEMSIM_E_INVALID, ":2:", "hidden"},
        {"m11.yaml", "- layers\n", MEMSIM_E_PARSE, ":1:", "list"},
        {"m12.yaml", "layers: 2\n---\nlayers: 3\n", MEMSIM_E_PARSE, ":2:", "document"},
    };
    char path[PATH_CAP], err[512];
    memsim_llm_model m;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        write_file(cases[i].file, cases[i].text, path);
        err[0] = '\0';
        expect(&cases[i], memsim_llm_model_load_yaml(path, &m, err, sizeof err), err, path);
    }
    snprintf(path, sizeof path, "%s/no-such-model.yaml", tmpdir);
    CHECK_EQ(memsim_llm_model_load_yaml(path, &m, err, sizeof err), MEMSIM_E_IO);
    CHECK_CONTAINS(err, path);
    CHECK_CONTAINS(err, "cannot open");
    /* a NULL or zero-length err is allowed */
    CHECK_EQ(memsim_llm_model_load_yaml(path, &m, NULL, 0), MEMSIM_E_IO);
}

static void test_step_and_phases(void)
{
    memsim_llm_step s;
    memsim_llm_step_defaults(&s);
    CHECK_EQ(s.phase, MEMSIM_LLM_DECODE);
    CHECK_EQ(s.batch, 1);
    CHECK_EQ(s.ctx, 2048);
    CHECK_EQ(s.tp, 1);
    CHECK_NEAR(s.tolerance, 0.02, 1e-12);
    CHECK_EQ(s.full, 0);
    CHECK_EQ(s.no_compute, 0);
    CHECK_EQ(s.seed, 1);
    CHECK_EQ(memsim_llm_phase_from_name("decode"), MEMSIM_LLM_DECODE);
    CHECK_EQ(memsim_llm_phase_from_name("prefill"), MEMSIM_LLM_PREFILL);
    CHECK_EQ(memsim_llm_phase_from_name("train"), MEMSIM_LLM_TRAIN);
    CHECK_EQ(memsim_llm_phase_from_name("Decode"), -1);
    CHECK_EQ(memsim_llm_phase_from_name(NULL), -1);
    for (int p = MEMSIM_LLM_DECODE; p <= MEMSIM_LLM_TRAIN; p++)
        CHECK_EQ(memsim_llm_phase_from_name(memsim_llm_phase_name((memsim_llm_phase)p)), p);
}

/* Removes the files the tests wrote, then the directory. */
static void cleanup(void)
{
    static const char *const names[] = {
        "tiny-model.yaml", "mine.yaml", "xeon.yaml", "xeon2.yaml", "a1.yaml", "a2.yaml",
        "a3.yaml",         "a4.yaml",   "a5.yaml",   "a6.yaml",    "a7.yaml", "a8.yaml",
        "a9.yaml",         "a10.yaml",  "a11.yaml",  "a12.yaml",   "m1.yaml", "m2.yaml",
        "m3.yaml",         "m4.yaml",   "m5.yaml",   "m6.yaml",    "m7.yaml", "m8.yaml",
        "m9.yaml",         "m10.yaml",  "m11.yaml",  "m12.yaml",
    };
    char path[PATH_CAP];
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", tmpdir, names[i]);
        unlink(path);
    }
    rmdir(tmpdir);
}

int main(void)
{
    const char *dir = getenv("TMPDIR");
    snprintf(tmpdir, sizeof tmpdir, "%s/memsim-llm-XXXXXX", dir && *dir ? dir : "/tmp");
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
    UNIT_RUN(test_presets);
    UNIT_RUN(test_models);
    UNIT_RUN(test_model_defaults);
    UNIT_RUN(test_example_accel);
    UNIT_RUN(test_accel_yaml);
    UNIT_RUN(test_accel_errors);
    UNIT_RUN(test_model_errors);
    UNIT_RUN(test_step_and_phases);
    cleanup();
    UNIT_DONE();
}
