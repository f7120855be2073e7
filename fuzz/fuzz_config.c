/*
 * fuzz_config.c - libFuzzer target for the YAML configuration loader
 * (src/config/yaml.c, config.c) and for memsim_sim_create() on what it loads
 * (src/core/spec.c: every key's validation and the resolved geometry).
 *
 * The input is a YAML file. Whether or not loading succeeded, a configuration
 * that names a preset is handed to memsim_sim_create(); a simulator that is
 * created runs a short fixed workload (CFG_REQUESTS requests, at most
 * CFG_MAX_STEPS clock steps, so that huge fuzzed timings stay cheap) with the
 * command trace, JSON and summary written to /dev/null. Invariants: loading
 * returns E_PARSE, E_INVALID or OK; every error leaves a one-line message;
 * nothing crashes or leaks.
 *
 * With MEMSIM_FUZZ_DIFF=1 in the environment the command trace goes to a file
 * instead and memsim_check_file() must accept it with no violation: the
 * simulator-versus-checker differential of docs/cmd-trace.md over fuzzed
 * configurations. It is off by default because a finding there is a timing
 * bug to report rather than a crash, and it would stop the campaign.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "memsim/check.h"
#include "memsim/memsim.h"

#define CFG_REQUESTS  48u
#define CFG_MAX_STEPS 4000u
#define CFG_ERR_CAP   512u /* the size of memsim_config's own message buffer */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Runs CFG_REQUESTS requests (mixed reads and writes, spread over the
 * capacity) through @p sim, skipping idle time, for at most CFG_MAX_STEPS steps. */
static void fc_run(memsim_sim *sim)
{
    const uint64_t cap = memsim_sim_capacity(sim);
    uint64_t x = 0x9e3779b97f4a7c15ull;
    unsigned sent = 0;
    FUZZ_ASSERT(cap >= 64, "capacity %llu", (unsigned long long)cap);
    for (unsigned step = 0; step < CFG_MAX_STEPS; step++) {
        while (sent < CFG_REQUESTS) {
            uint64_t addr = (x % cap) & ~(uint64_t)63;
            int is_write = (int)(sent % 3 == 2);
            if (!memsim_sim_can_accept(sim, addr, is_write)) break;
            memsim_status st = memsim_sim_send(sim, addr, is_write, sent);
            FUZZ_ASSERT(st == MEMSIM_OK, "send after can_accept: %s", memsim_status_name(st));
            sent++;
            x = x * 6364136223846793005ull + 1442695040888963407ull;
        }
        if (sent == CFG_REQUESTS && memsim_sim_pending(sim) == 0) break;
        uint64_t next = memsim_sim_next_event(sim), now = memsim_sim_cycle(sim);
        if (next != UINT64_MAX && next > now) {
            memsim_status st = memsim_sim_skip_to(sim, next);
            FUZZ_ASSERT(st == MEMSIM_OK, "skip_to(next_event): %s", memsim_sim_error(sim));
        }
        memsim_sim_tick(sim);
    }
}

static void fc_check_trace(const char *path)
{
    memsim_check_result res;
    char err[1024];
    memsim_status st = memsim_check_file(path, stderr, 5, &res, err, sizeof err);
    FUZZ_ASSERT(st == MEMSIM_OK, "checker refused the simulator's trace: %s", err);
    FUZZ_ASSERT(res.violations == 0, "%llu violations in the simulator's trace",
                (unsigned long long)res.violations);
}

static void fc_simulate(memsim_config *cfg)
{
    memsim_sim *sim = NULL;
    memsim_status st = memsim_sim_create(cfg, &sim);
    if (st != MEMSIM_OK) {
        FUZZ_ASSERT(sim == NULL, "sim returned with an error");
        FUZZ_ASSERT(st == MEMSIM_E_INVALID, "create: %s", memsim_status_name(st));
        fuzz_check_message("memsim_sim_create", memsim_config_error(cfg), CFG_ERR_CAP);
        return;
    }
    const char *diff = getenv("MEMSIM_FUZZ_DIFF");
    const char *trace_path = NULL;
    FILE *trace = fuzz_devnull();
    if (diff && diff[0] == '1') {
        trace_path = fuzz_tmp_path(1);
        trace = fopen(trace_path, "w");
        FUZZ_ASSERT(trace != NULL, "cannot write %s", trace_path);
    }
    memsim_sim_set_cmd_trace(sim, trace);
    fc_run(sim);
    memsim_sim_set_cmd_trace(sim, NULL);
    FUZZ_ASSERT(memsim_sim_write_json(sim, fuzz_devnull()) == MEMSIM_OK, "write_json");
    FUZZ_ASSERT(memsim_sim_write_summary(sim, fuzz_devnull()) == MEMSIM_OK, "write_summary");
    memsim_sim_free(sim);
    if (trace_path) {
        FUZZ_ASSERT(fclose(trace) == 0, "cannot close %s", trace_path);
        fc_check_trace(trace_path);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_write_tmp(0, data, size);
    memsim_config *cfg = memsim_config_create();
    FUZZ_ASSERT(cfg != NULL, "out of memory");
    memsim_status st = memsim_config_load_yaml(cfg, path);
    if (st != MEMSIM_OK) {
        FUZZ_ASSERT(st == MEMSIM_E_PARSE || st == MEMSIM_E_INVALID, "load: %s",
                    memsim_status_name(st));
        fuzz_check_message("memsim_config_load_yaml", memsim_config_error(cfg), CFG_ERR_CAP);
    }
    if (memsim_config_get(cfg, "preset")) fc_simulate(cfg);
    memsim_config_free(cfg);
    return 0;
}
