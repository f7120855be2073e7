/*
 * models.c - built-in model shapes, the same as the files in configs/models/
 * (tests/test_llm.c checks that each file loads to its built-in twin).
 * Sources: the models' public config.json files on Hugging Face.
 */
#include <string.h>

#include "memsim/llm.h"

/* name, layers, hidden, heads, kv_heads, head_dim, ffn, vocab, experts, top-k, gated,
 * dtype bytes, kv bytes */
static const memsim_llm_model models[] = {
    {"llama3-8b", 32, 4096, 32, 8, 128, 14336, 128256, 0, 0, 1, 2, 2},
    {"llama3-70b", 80, 8192, 64, 8, 128, 28672, 128256, 0, 0, 1, 2, 2},
    {"mixtral-8x7b", 32, 4096, 32, 8, 128, 14336, 32000, 8, 2, 1, 2, 2},
};

size_t memsim_llm_model_count(void)
{
    return sizeof models / sizeof models[0];
}

memsim_status memsim_llm_model_get(size_t i, memsim_llm_model *out)
{
    if (i >= memsim_llm_model_count()) return MEMSIM_E_INVALID;
    *out = models[i];
    return MEMSIM_OK;
}

memsim_status memsim_llm_model_preset(const char *name, memsim_llm_model *out)
{
    for (size_t i = 0; i < memsim_llm_model_count(); i++)
        if (!strcmp(models[i].name, name)) return memsim_llm_model_get(i, out);
    return MEMSIM_E_INVALID;
}
