/*
 * test_sched.c - end-to-end controller behaviour through the public API:
 * exact idle, hit and conflict latency per standard, FR-FCFS row-hit-first
 * versus FCFS, the age cap, write-drain watermarks, refresh postponement up to
 * the JEDEC limit (and not when idle), and the three page policies.
 *
 * Controller overhead, documented in docs/design.md: none. A request that
 * arrives at cycle t can have its first command issue at t, so the idle read
 * latency is exactly nRCD + nCL + nBL (ACT at t, RD at t + nRCD, last data
 * beat at t + nRCD + nCL + nBL).
 */
#include "core/sim.h"
#include "unit.h"

typedef struct done_log {
    uint64_t id[4096];
    uint64_t cycle[4096];
    unsigned n;
} done_log;

static void on_done(void *ctx, uint64_t id, int is_write, uint64_t cycle)
{
    (void)is_write;
    done_log *d = ctx;
    if (d->n < 4096) {
        d->id[d->n] = id;
        d->cycle[d->n] = cycle;
        d->n++;
    }
}

static memsim_sim *make_sim(const char *preset, const char *const *sets, done_log *log)
{
    memsim_config *cfg = memsim_config_create();
    CHECK_EQ(memsim_config_set(cfg, "preset", preset, NULL), MEMSIM_OK);
    for (; sets && *sets; sets += 2) {
        memsim_status st = memsim_config_set(cfg, sets[0], sets[1], NULL);
        if (st != MEMSIM_OK) UNIT_FAIL("%s", memsim_config_error(cfg));
    }
    memsim_sim *sim = NULL;
    if (memsim_sim_create(cfg, &sim) != MEMSIM_OK) UNIT_FAIL("%s", memsim_config_error(cfg));
    memsim_config_free(cfg);
    if (sim && log) memsim_sim_set_callback(sim, on_done, log);
    return sim;
}

/* Ticks (skipping idle time) until `n` completions or the cycle limit; stops
 * right after the tick that reported the n-th, without skipping further. */
static void run_until(memsim_sim *sim, done_log *log, unsigned n, uint64_t limit)
{
    while (log->n < n && memsim_sim_cycle(sim) < limit) {
        uint64_t t = memsim_sim_next_event(sim);
        if (t == UINT64_MAX) break;
        if (t > memsim_sim_cycle(sim)) memsim_sim_skip_to(sim, t);
        memsim_sim_tick(sim);
    }
}

static void send_at(memsim_sim *sim, uint64_t cycle, uint64_t addr, int w, uint64_t id)
{
    while (memsim_sim_cycle(sim) < cycle)
        memsim_sim_tick(sim);
    CHECK_EQ(memsim_sim_send(sim, addr, w, id), MEMSIM_OK);
}

/* Address of (row, column burst, bank group, bank) under the default
 * RoBaRaCoCh map with one channel and rank: offset 6 bits, then column bursts,
 * then Ba (bank group lowest), then row. */
static uint64_t addr_of(const memsim_sim *sim, uint32_t row, uint32_t colb, uint32_t bg,
                        uint32_t ba)
{
    const ms_spec *s = &sim->spec;
    unsigned cb = s->map.bits[MS_F_CO], bb = s->map.bits[MS_F_BA];
    uint64_t bank = (uint64_t)ba * s->bankgroups + bg;
    return ((((uint64_t)row << bb) | bank) << cb | colb) << 6;
}

static void idle_latency(const char *preset)
{
    done_log log = {0};
    memsim_sim *sim = make_sim(preset, NULL, &log);
    const uint32_t *t = sim->spec.t;
    send_at(sim, 0, addr_of(sim, 5, 0, 0, 0), 0, 1);
    run_until(sim, &log, 1, 100000);
    CHECK_EQ(log.cycle[0], t[MS_T_RCD] + t[MS_T_CL] + t[MS_T_BL]);
    /* a row hit once idle: nCL + nBL */
    uint64_t t1 = log.cycle[0] + 100;
    send_at(sim, t1, addr_of(sim, 5, 1, 0, 0), 0, 2);
    run_until(sim, &log, 2, 100000);
    CHECK_EQ(log.cycle[1] - t1, t[MS_T_CL] + t[MS_T_BL]);
    /* a row conflict once idle (tRAS long past): nRP + nRCD + nCL + nBL */
    uint64_t t2 = log.cycle[1] + 200;
    send_at(sim, t2, addr_of(sim, 9, 0, 0, 0), 0, 3);
    run_until(sim, &log, 3, 100000);
    CHECK_EQ(log.cycle[2] - t2, t[MS_T_RP] + t[MS_T_RCD] + t[MS_T_CL] + t[MS_T_BL]);
    /* an idle write to a closed bank: nRCD + nCWL + nBL */
    uint64_t t3 = log.cycle[2] + 200;
    send_at(sim, t3, addr_of(sim, 3, 0, 1, 0), 1, 4);
    run_until(sim, &log, 4, 100000);
    CHECK_EQ(log.cycle[3] - t3, t[MS_T_RCD] + t[MS_T_CWL] + t[MS_T_BL]);
    memsim_sim_free(sim);
}

static void test_idle_latency(void)
{
    idle_latency("DDR4-2400");
    idle_latency("DDR4-3200");
    idle_latency("DDR5-4800");
    idle_latency("DDR5-8800");
    /* the figures in ns that docs/design.md quotes */
    done_log log = {0};
    memsim_sim *sim = make_sim("DDR4-2400", NULL, &log);
    send_at(sim, 0, 0, 0, 1);
    run_until(sim, &log, 1, 1000);
    CHECK_NEAR((double)log.cycle[0] * memsim_sim_tck_ps(sim) / 1000.0, 30.0, 0.01); /* 36 clocks */
    memsim_sim_free(sim);
    sim = make_sim("DDR5-4800", NULL, &log);
    log.n = 0;
    send_at(sim, 0, 0, 0, 1);
    run_until(sim, &log, 1, 1000);
    CHECK_NEAR((double)log.cycle[0] * memsim_sim_tck_ps(sim) / 1000.0, 31.667, 0.01); /* 76 */
    memsim_sim_free(sim);
}

/* Bank 0 open on row 1; an older conflicting request (row 2) and a younger hit
 * (row 1). FR-FCFS serves the hit first, FCFS the conflict. */
static void hit_first(const char *sched, int hit_first_expected)
{
    done_log log = {0};
    const char *sets[] = {"controller.scheduler", sched, NULL};
    memsim_sim *sim = make_sim("DDR4-2400", sets, &log);
    send_at(sim, 0, addr_of(sim, 1, 0, 0, 0), 0, 100); /* opens row 1 */
    send_at(sim, 1, addr_of(sim, 2, 0, 0, 0), 0, 101); /* conflict, older */
    send_at(sim, 2, addr_of(sim, 1, 3, 0, 0), 0, 102); /* hit, younger */
    run_until(sim, &log, 3, 100000);
    CHECK_EQ(log.n, 3);
    CHECK_EQ(log.id[0], 100);
    CHECK_EQ(log.id[1], hit_first_expected ? 102 : 101);
    CHECK_EQ(log.id[2], hit_first_expected ? 101 : 102);
    double hits;
    memsim_sim_stat(sim, -1, "row_hits", &hits);
    CHECK_EQ((long long)hits, hit_first_expected ? 1 : 0);
    memsim_sim_free(sim);
}

static void test_frfcfs_vs_fcfs(void)
{
    hit_first("frfcfs", 1);
    hit_first("fcfs", 0);
}

/* An old conflicting request behind an endless stream of row hits: without an
 * age cap it waits for the whole stream; with one it is served once older than
 * the cap. */
static uint64_t conflict_wait(const char *cap)
{
    done_log log = {0};
    const char *sets[] = {"controller.age_cap", cap, NULL};
    memsim_sim *sim = make_sim("DDR4-2400", sets, &log);
    send_at(sim, 0, addr_of(sim, 1, 0, 0, 0), 0, 0);
    send_at(sim, 1, addr_of(sim, 2, 0, 0, 0), 0, 9999); /* the victim */
    uint64_t victim_done = 0;
    for (unsigned i = 1; i < 2000 && !victim_done; i++) {
        uint64_t a = addr_of(sim, 1, i % 128, 0, 0);
        while (!memsim_sim_can_accept(sim, a, 0))
            memsim_sim_tick(sim);
        memsim_sim_send(sim, a, 0, i);
        memsim_sim_tick(sim);
        for (unsigned k = 0; k < log.n; k++)
            if (log.id[k] == 9999) victim_done = log.cycle[k];
    }
    memsim_sim_free(sim);
    return victim_done;
}

static void test_age_cap(void)
{
    uint64_t capped = conflict_wait("200");
    uint64_t uncapped = conflict_wait("0");
    CHECK(capped > 0);
    CHECK(capped < 200 + 200);               /* served within the cap plus one PRE-ACT-RD */
    CHECK(uncapped == 0 || uncapped > 5000); /* starved for the whole stream */
}

/* Reads always pending: writes wait for the high watermark, then drain to the
 * low watermark. */
static void test_write_drain(void)
{
    done_log log = {0};
    const char *sets[] = {"controller.write_queue",
                          "8",
                          "controller.write_high",
                          "6",
                          "controller.write_low",
                          "2",
                          NULL};
    memsim_sim *sim = make_sim("DDR4-2400", sets, &log);
    ms_channel *c = &sim->ch[0];
    unsigned writes_sent = 0, max_wq = 0, min_wq_after_drain = 99;
    int drained_once = 0;
    for (uint64_t cyc = 0; cyc < 20000; cyc++) {
        uint64_t ra = addr_of(sim, (uint32_t)(cyc * 7 % 1000), 0, (uint32_t)(cyc % 4), 0);
        if (cyc % 2 == 0 && memsim_sim_can_accept(sim, ra, 0)) memsim_sim_send(sim, ra, 0, cyc);
        uint64_t wa = addr_of(sim, (uint32_t)(cyc * 13 % 1000), 1, (uint32_t)(cyc % 4), 1);
        if (cyc % 2 == 1 && cyc % 50 == 1 && memsim_sim_can_accept(sim, wa, 1)) {
            memsim_sim_send(sim, wa, 1, cyc);
            writes_sent++;
        }
        unsigned before = c->wq.n;
        memsim_sim_tick(sim);
        if (c->wq.n > max_wq) max_wq = c->wq.n;
        if (before > c->wq.n && c->rq.n > 0) { /* a write issued while reads wait */
            CHECK(c->draining);
            drained_once = 1;
            if (c->wq.n < min_wq_after_drain) min_wq_after_drain = c->wq.n;
        }
    }
    CHECK(writes_sent > 20);
    CHECK(drained_once);
    CHECK_EQ(max_wq, 6);             /* drain starts at the high watermark */
    CHECK_EQ(min_wq_after_drain, 2); /* and stops at the low one */
    memsim_sim_free(sim);
}

/* Count the REF commands and the cycle of the first. */
static void refresh_pattern(int busy, uint64_t *first_ref, uint64_t *refs, uint64_t cycles)
{
    done_log log = {0};
    memsim_sim *sim = make_sim("DDR4-2400", NULL, &log);
    uint64_t id = 0;
    *first_ref = 0;
    while (memsim_sim_cycle(sim) < cycles) {
        uint64_t a = addr_of(sim, (uint32_t)(id * 7919 % 60000), 0, (uint32_t)(id % 4),
                             (uint32_t)(id / 4 % 4));
        if (busy && memsim_sim_can_accept(sim, a, 0)) memsim_sim_send(sim, a, 0, id++);
        memsim_sim_tick(sim);
        if (!*first_ref && sim->ch[0].st.cmds[MS_CMD_REF]) *first_ref = memsim_sim_cycle(sim) - 1;
    }
    *refs = sim->ch[0].st.cmds[MS_CMD_REF];
    memsim_sim_free(sim);
}

static void test_refresh_postpone(void)
{
    const uint64_t refi = 9360; /* DDR4-2400 */
    uint64_t first, refs;
    refresh_pattern(0, &first, &refs, 40 * refi);
    CHECK(first >= refi && first < refi + 100); /* idle: refreshed when due */
    CHECK(refs >= 39 && refs <= 40);
    refresh_pattern(1, &first, &refs, 40 * refi);
    /* busy: postponed until 8 are owed (the JEDEC limit), never more */
    CHECK(first >= 8 * refi && first < 8 * refi + 1000);
    CHECK(refs >= 40 - 8 - 1 && refs <= 40);
}

static uint64_t count_cmd(const char *preset, const char *policy, ms_cmd cmd, unsigned n_reads,
                          uint64_t gap)
{
    done_log log = {0};
    const char *sets[] = {"controller.page_policy", policy, "controller.page_timeout", "50", NULL};
    memsim_sim *sim = make_sim(preset, sets, &log);
    for (unsigned i = 0; i < n_reads; i++)
        send_at(sim, i * gap, addr_of(sim, 3, i % 4, 0, 0), 0, i);
    run_until(sim, &log, n_reads, 1000000);
    for (unsigned k = 0; k < 300; k++)
        memsim_sim_tick(sim);
    uint64_t v = sim->ch[0].st.cmds[cmd];
    memsim_sim_free(sim);
    return v;
}

static void test_page_policies(void)
{
    /* spaced reads to one row: open keeps it open (1 ACT); closed uses RDA and
     * re-activates each time; adaptive closes after the 50-cycle timeout */
    CHECK_EQ(count_cmd("DDR5-4800", "open", MS_CMD_ACT, 4, 400), 1);
    CHECK_EQ(count_cmd("DDR5-4800", "open", MS_CMD_PRE, 4, 400), 0);
    CHECK_EQ(count_cmd("DDR5-4800", "closed", MS_CMD_RDA, 4, 400), 4);
    CHECK_EQ(count_cmd("DDR5-4800", "closed", MS_CMD_ACT, 4, 400), 4);
    CHECK_EQ(count_cmd("DDR5-4800", "adaptive", MS_CMD_PRE, 4, 400), 4);
    /* back-to-back reads to one row within the timeout stay open */
    CHECK_EQ(count_cmd("DDR5-4800", "adaptive", MS_CMD_ACT, 4, 10), 1);
    /* closed policy keeps a row open while another queued request hits it */
    CHECK_EQ(count_cmd("DDR5-4800", "closed", MS_CMD_ACT, 4, 1), 1);
}

int main(void)
{
    UNIT_RUN(test_idle_latency);
    UNIT_RUN(test_frfcfs_vs_fcfs);
    UNIT_RUN(test_age_cap);
    UNIT_RUN(test_write_drain);
    UNIT_RUN(test_refresh_postpone);
    UNIT_RUN(test_page_policies);
    UNIT_DONE();
}
