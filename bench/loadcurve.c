/*
 * loadcurve.c - a bandwidth-latency curve: read latency against offered load.
 *
 *   loadcurve CONFIG.yaml PATTERN READ_RATIO REQUESTS GBPS...
 *
 * For each offered load (GB/s, in 64-byte requests) it simulates CONFIG
 * afresh with requests arriving at a steady pace -- request i arrives at
 * cycle floor(i x 64 / load / tCK), which a whole-cycle interval cannot
 * express at tens of GB/s -- and prints one CSV line:
 *   offered_gbps,achieved_gbps,read_mean_ns,read_p50_ns,read_p90_ns,read_p99_ns
 * A request waits outside the controller while its channel's queue is
 * full, and that wait counts in its latency (as a core's miss would see it),
 * so past saturation the latency climbs with the backlog. PATTERN is stream
 * (sequential 64-byte lines) or random (uniform over the capacity, seed 1).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "memsim/memsim.h"

/* xorshift64*: the random pattern's addresses and read/write draws */
static uint64_t next_u64(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 2685821657736338717ull;
}

static int point(const char *cfg_path, int random, double read_ratio, uint64_t n, double gbps)
{
    memsim_config *cfg = memsim_config_create();
    memsim_sim *sim = NULL;
    if (!cfg || memsim_config_load_yaml(cfg, cfg_path) != MEMSIM_OK ||
        memsim_sim_create(cfg, &sim) != MEMSIM_OK) {
        fprintf(stderr, "loadcurve: %s: %s\n", cfg_path, cfg ? memsim_config_error(cfg) : "");
        memsim_config_free(cfg);
        return 2;
    }
    memsim_config_free(cfg);
    double period = 64.0 * 1000.0 / gbps / memsim_sim_tck_ps(sim); /* cycles per request */
    uint64_t lines = memsim_sim_capacity(sim) / 64u, seed = 0x9e3779b97f4a7c15ull;
    uint64_t i = 0, addr = 0, arrival = 0;
    int is_write = 0, have = 0;
    for (;;) {
        uint64_t now = memsim_sim_cycle(sim);
        while (i < n) {
            if (!have) { /* draw request i */
                arrival = (uint64_t)((double)i * period);
                addr = random ? next_u64(&seed) % lines * 64u : i % lines * 64u;
                is_write = (double)(next_u64(&seed) >> 11) / 9007199254740992.0 >= read_ratio;
                have = 1;
            }
            if (arrival > now || !memsim_sim_can_accept(sim, addr, is_write)) break;
            memsim_sim_send_at(sim, addr, is_write, i, arrival);
            i++;
            have = 0;
        }
        if (i == n && memsim_sim_pending(sim) == 0) break;
        memsim_sim_tick(sim);
        /* done: end here, not at the next wake-up (a refresh, say), which
         * would count idle time into the bandwidth */
        if (i == n && memsim_sim_pending(sim) == 0) break;
        uint64_t t = memsim_sim_next_event(sim);
        now = memsim_sim_cycle(sim);
        if (i < n && arrival < t) t = arrival > now ? arrival : now;
        if (t > now && t != UINT64_MAX) memsim_sim_skip_to(sim, t);
    }
    double v[5];
    const char *keys[] = {"bandwidth_gbps", "read_latency_ns.mean", "read_latency_ns.p50",
                          "read_latency_ns.p90", "read_latency_ns.p99"};
    for (int k = 0; k < 5; k++)
        memsim_sim_stat(sim, -1, keys[k], &v[k]);
    printf("%.1f,%.2f,%.1f,%.1f,%.1f,%.1f\n", gbps, v[0], v[1], v[2], v[3], v[4]);
    memsim_sim_free(sim);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 6 || (strcmp(argv[2], "stream") && strcmp(argv[2], "random"))) {
        fprintf(stderr, "usage: loadcurve CONFIG.yaml stream|random READ_RATIO REQUESTS GBPS...\n");
        return 2;
    }
    double rr = atof(argv[3]);
    uint64_t n = strtoull(argv[4], NULL, 10);
    printf("offered_gbps,achieved_gbps,read_mean_ns,read_p50_ns,read_p90_ns,read_p99_ns\n");
    for (int a = 5; a < argc; a++) {
        double g = atof(argv[a]);
        if (g <= 0 || n == 0) {
            fprintf(stderr, "loadcurve: bad load '%s' or request count\n", argv[a]);
            return 2;
        }
        int rc = point(argv[1], !strcmp(argv[2], "random"), rr, n, g);
        if (rc) return rc;
    }
    return 0;
}
