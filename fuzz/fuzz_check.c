/*
 * fuzz_check.c - libFuzzer target for the command-trace checker
 * (src/check/, docs/cmd-trace.md) behind `memsim check`.
 *
 * The input is a command trace. memsim_check_file() reads it with violation
 * lines going to /dev/null. Invariants: the result is OK, or E_PARSE with a
 * one-line message "<path>:<line>: ..." (E_NOMEM would mean the header's
 * geometry bounds no longer bound memory; libFuzzer's -rss_limit_mb and
 * -malloc_limit_mb catch that too); violations are counted only for commands
 * read; nothing crashes or leaks.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fuzz_common.h"
#include "memsim/check.h"

#define CHECK_ERR_CAP 1024u

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_write_tmp(0, data, size);
    memsim_check_result res;
    char err[CHECK_ERR_CAP];
    memsim_status st = memsim_check_file(path, fuzz_devnull(), 20, &res, err, sizeof err);
    if (st == MEMSIM_OK) {
        FUZZ_ASSERT(err[0] == '\0', "OK with a message: %s", err);
        FUZZ_ASSERT(res.violations == 0 || res.commands > 0, "violations without commands");
        return 0;
    }
    FUZZ_ASSERT(st == MEMSIM_E_PARSE, "unexpected status %s: %s", memsim_status_name(st), err);
    fuzz_check_message("memsim_check_file", err, sizeof err);
    size_t n = strlen(path);
    FUZZ_ASSERT(strncmp(err, path, n) == 0 && err[n] == ':', "message without '<path>:': %s", err);
    return 0;
}
