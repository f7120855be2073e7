/*
 * fuzz_cli.c - libFuzzer target for the argument parsing of `memsim run`
 * (memsim_cli_parse_run() and memsim_cli_config() in tools/memsim.c).
 *
 * The input is an argument vector: arguments separated by NUL bytes (a final
 * NUL ends the last one). fuzz/run.sh links tools/<name>.c with `main` renamed
 * (-Dmain=memsim_cli_main); nothing is simulated and no file is written. It
 * needs the tool's sources, so tests/test_fuzz_regress.c does not replay this
 * target (its regression inputs, if any, go to tests/fuzz_regress/cli/, to be
 * replayed with build-fuzz/fuzz_cli FILE...). A config file named on the command line
 * is replaced by a fixed temporary YAML file, because a fuzzed path could name
 * anything (a FIFO or /dev/stdin would block). When the arguments parse, the
 * configuration they build goes to memsim_sim_create(). The tool's messages
 * would print on every input, so stderr goes to /dev/null during the call
 * (fuzz_quiet_begin) and `make fuzz` closes stdout (--help) with -close_fd_mask=1.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "memsim/memsim.h"
#include "tools/cli.h"

#define CLI_MAX_ARGS  600 /* above MAX_SETS -s pairs */
#define CLI_MAX_INPUT 8192u

static const char cli_yaml[] = "preset: DDR4-2400\ncontroller:\n  scheduler: fcfs\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void cli_run(int argc, char **argv, const char *yaml_path)
{
    run_args a;
    if (!memsim_cli_parse_run(argc, argv, &a) || a.help) return;
    FUZZ_ASSERT(!!a.trace != !!a.synthetic, "accepted without exactly one request source");
    FUZZ_ASSERT(a.n_sets >= 0 && a.n_sets <= MAX_SETS, "n_sets %d", a.n_sets);
    if (a.yaml) a.yaml = yaml_path;
    memsim_config *cfg = memsim_cli_config(&a);
    if (!cfg) return;
    memsim_sim *sim = NULL;
    if (memsim_config_get(cfg, "preset")) {
        if (memsim_sim_create(cfg, &sim) != MEMSIM_OK)
            fuzz_check_message("memsim_sim_create", memsim_config_error(cfg), 512);
    }
    memsim_sim_free(sim);
    memsim_config_free(cfg);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > CLI_MAX_INPUT) return 0;
    const char *yaml_path = fuzz_write_tmp(2, (const uint8_t *)cli_yaml, sizeof cli_yaml - 1);
    char *buf = malloc(size + 1);
    FUZZ_ASSERT(buf != NULL, "out of memory");
    if (size) memcpy(buf, data, size);
    buf[size] = '\0';
    char *argv[CLI_MAX_ARGS + 1];
    int argc = 0;
    size_t end = size && buf[size - 1] == '\0' ? size - 1 : size;
    for (size_t i = 0; size && i <= end; i++) {
        if (argc == CLI_MAX_ARGS) {
            free(buf);
            return 0;
        }
        argv[argc++] = buf + i;
        i += strlen(buf + i);
    }
    argv[argc] = NULL;
    fuzz_quiet_begin();
    cli_run(argc, argv, yaml_path);
    fuzz_quiet_end();
    free(buf);
    return 0;
}
