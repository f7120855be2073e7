/*
 * test_energy.c - the IDD energy model (stats/energy.c, docs/energy.md)
 * against energies computed by hand from the equations and the datasheet
 * figures, for small command patterns on DDR5-4800 and HBM3-6400:
 *   - one read with closed pages (ACT, RDA, the internal precharge) and an
 *     idle tail: every component to the picojoule;
 *   - a refresh (REFab on DDR5, REFpb on HBM3) and its background;
 *   - an idle interval: background only;
 * then the identity that defines IDD0 (an ACT-PRE pair of one bank plus its
 * background is IDD0 over tRC), exact scaling with the devices of a rank and
 * with ranks, the power.* overrides, and the epoch series adding up to the
 * total. The constants below are the datasheet figures of ddr5.c / hbm3.c and
 * the clock counts of the timing tables, written out on purpose: the test
 * restates the model rather than calling it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/sim.h"
#include "stats/energy.h"
#include "unit.h"

typedef struct run {
    memsim_sim *sim;
    char *trace;
    size_t len;
    FILE *fp;
} run;

static memsim_sim *make(const char *const *kv)
{
    memsim_config *cfg = memsim_config_create();
    for (; kv[0]; kv += 2)
        if (memsim_config_set(cfg, kv[0], kv[1], "test") != MEMSIM_OK)
            UNIT_FAIL("config %s=%s: %s", kv[0], kv[1], memsim_config_error(cfg));
    memsim_sim *sim = NULL;
    if (memsim_sim_create(cfg, &sim) != MEMSIM_OK)
        UNIT_FAIL("create: %s", memsim_config_error(cfg));
    memsim_config_free(cfg);
    return sim;
}

/* Sends `n` reads (addresses addr[i]) from cycle 0 on, runs until done, then idles to `end`. */
static void drive(run *r, const char *const *kv, const uint64_t *addr, unsigned n, uint64_t end)
{
    r->sim = make(kv);
    r->fp = open_memstream(&r->trace, &r->len);
    memsim_sim_set_cmd_trace(r->sim, r->fp);
    for (unsigned i = 0; i < n;) { /* one request per channel and cycle */
        memsim_status st = memsim_sim_send(r->sim, addr[i], 0, i);
        if (st == MEMSIM_OK)
            i++;
        else
            memsim_sim_tick(r->sim);
    }
    while (memsim_sim_pending(r->sim))
        memsim_sim_tick(r->sim);
    while (memsim_sim_cycle(r->sim) < end)
        memsim_sim_tick(r->sim);
    fflush(r->fp);
}

static void done(run *r)
{
    memsim_sim_free(r->sim);
    fclose(r->fp);
    free(r->trace);
}

static double stat(const run *r, const char *key)
{
    double v = -1;
    if (memsim_sim_stat(r->sim, -1, key, &v) != MEMSIM_OK) UNIT_FAIL("no statistic %s", key);
    return v;
}

/* The clk column of the n-th trace line whose command is `cmd` (-1 if none). */
static long long cmd_clk(const run *r, const char *cmd, int nth)
{
    const char *p = r->trace;
    while ((p = strchr(p, '\n')) != NULL) {
        p++;
        if (*p == '#' || *p == 't' || !*p) continue;
        const char *eol = strchr(p, '\n'), *comma = eol;
        while (comma > p && comma[-1] != ',')
            comma--;
        if ((size_t)(eol - comma) == strlen(cmd) && !strncmp(comma, cmd, strlen(cmd)) &&
            nth-- == 0) {
            unsigned long long tps, clk;
            if (sscanf(p, "%llu,%llu", &tps, &clk) == 2) return (long long)clk;
        }
    }
    return -1;
}

/* ---- DDR5-4800, 16 Gb x8: 4 devices per rank, 32 banks ---- */
#define D5_TCK (1e3 / 2400.0) /* ns per cycle */
#define D5_DEV 4.0
#define D5_RAS 77.0 /* 32 ns */
#define D5_RP  34.0
#define D5_RTP 18.0
#define D5_RFC 708.0 /* 295 ns, 16 Gb */
#define D5_VDD 1.1
#define D5_VPP 1.8
#define D5_IO  3.0

static void ddr5_read(void)
{
    const char *kv[] = {"preset", "DDR5-4800", "refresh.enabled", "false", "controller.page_policy",
                        "closed", NULL};
    uint64_t a = 0;
    run r;
    drive(&r, kv, &a, 1, 2000);
    long long ta = cmd_clk(&r, "ACT", 0), tr = cmd_clk(&r, "RDA", 0);
    CHECK(ta >= 0 && tr > ta);
    double pre_t =
        (double)tr + D5_RTP > (double)ta + D5_RAS ? (double)tr + D5_RTP : (double)ta + D5_RAS;
    double i1 = 92 + (142 - 92) / 32.0;
    CHECK_NEAR(stat(&r, "energy.act_pj"),
               D5_DEV * (D5_VDD * (122 - i1) + D5_VPP * (4.05 - 2.6)) * D5_RAS * D5_TCK, 0.01);
    CHECK_NEAR(stat(&r, "energy.pre_pj"),
               D5_DEV * (D5_VDD * (122 - 92) + D5_VPP * (4.05 - 2.6)) * D5_RP * D5_TCK, 0.01);
    /* BL16 at the 4800 MT/s the IDD4R figure is for: 3.333 ns; x8 = the reference width */
    CHECK_NEAR(stat(&r, "energy.read_pj"), D5_DEV * D5_VDD * (530 - 142) * (16 / 4.8), 0.01);
    CHECK_NEAR(stat(&r, "energy.write_pj"), 0, 1e-9);
    CHECK_NEAR(stat(&r, "energy.refresh_pj"), 0, 1e-9);
    CHECK_NEAR(stat(&r, "energy.background_pj"),
               D5_DEV * (D5_VDD * 92 + D5_VPP * 2.6) * 2000 * D5_TCK, 0.01);
    CHECK_NEAR(stat(&r, "energy.bank_open_pj"),
               D5_DEV * D5_VDD * (142 - 92) / 32.0 * (pre_t - (double)ta) * D5_TCK, 0.01);
    CHECK_NEAR(stat(&r, "energy.interface_pj"), 512 * D5_IO, 1e-9);
    CHECK_NEAR(stat(&r, "energy.buffer_pj"), 0, 1e-9);
    double sum = 0;
    for (int k = 0; k < MS_E_COUNT; k++) {
        char key[64];
        snprintf(key, sizeof key, "energy.%s_pj", memsim__energy_names[k]);
        sum += stat(&r, key);
    }
    CHECK_NEAR(stat(&r, "energy.total_pj"), sum, 1e-6);
    CHECK_NEAR(stat(&r, "energy.vdd_pj") + stat(&r, "energy.vpp_pj") + 512 * D5_IO, sum, 1e-6);
    CHECK_NEAR(stat(&r, "energy.average_power_w"), sum / (2000 * D5_TCK) / 1000.0, 1e-12);
    CHECK_NEAR(stat(&r, "energy.pj_per_bit"), sum / 512.0, 1e-9);
    CHECK_NEAR(stat(&r, "energy.read_pj_per_bit"),
               D5_DEV * D5_VDD * (530 - 142) * (16 / 4.8) / 512.0 + D5_IO, 1e-9);
    done(&r);
}

static void ddr5_refresh_and_idle(void)
{
    /* tREFI 3.9 us = 9360 cycles: the first REF is due then; idle past its tRFC */
    const char *kv[] = {"preset", "DDR5-4800", NULL};
    run r;
    drive(&r, kv, NULL, 0, 12000);
    CHECK_EQ(cmd_clk(&r, "REF", 1), -1);
    CHECK(cmd_clk(&r, "REF", 0) >= 9360 && cmd_clk(&r, "REF", 0) + (long long)D5_RFC <= 12000);
    CHECK_NEAR(stat(&r, "energy.refresh_pj"),
               D5_DEV * (D5_VDD * (277 - 142) + D5_VPP * (4.05 - 2.6)) * D5_RFC * D5_TCK, 0.01);
    /* every bank counts as open for tRFC */
    CHECK_NEAR(stat(&r, "energy.bank_open_pj"),
               D5_DEV * D5_VDD * (142 - 92) / 32.0 * 32 * D5_RFC * D5_TCK, 0.01);
    CHECK_NEAR(stat(&r, "energy.background_pj"),
               D5_DEV * (D5_VDD * 92 + D5_VPP * 2.6) * 12000 * D5_TCK, 0.01);
    CHECK_NEAR(stat(&r, "energy.act_pj") + stat(&r, "energy.pre_pj") + stat(&r, "energy.read_pj"),
               0, 1e-9);
    done(&r);

    const char *idle[] = {"preset", "DDR5-4800", "refresh.enabled", "false", NULL};
    drive(&r, idle, NULL, 0, 10000);
    double bg = D5_DEV * (D5_VDD * 92 + D5_VPP * 2.6) * 10000 * D5_TCK;
    CHECK_NEAR(stat(&r, "energy.total_pj"), bg, 0.01);
    CHECK_NEAR(stat(&r, "energy.average_power_w"), D5_DEV * (D5_VDD * 92 + D5_VPP * 2.6) / 1000,
               1e-12);
    done(&r);
}

/* ---- HBM3-6400, one channel, 4-high (one stack ID): a device is one
 * pseudo-channel; 16 banks; clock 0.625 ns = 2 cycles ---- */
#define H3_TCK (0.625 / 2)
#define H3_VDD 1.1

static void hbm3_patterns(void)
{
    const char *kv[] = {"preset",
                        "HBM3-6400",
                        "dram.channels",
                        "1",
                        "dram.stack_height",
                        "4",
                        "refresh.enabled",
                        "false",
                        "controller.page_policy",
                        "closed",
                        NULL};
    uint64_t a = 0;
    run r;
    drive(&r, kv, &a, 1, 4000);
    long long ta = cmd_clk(&r, "ACT", 0), tr = cmd_clk(&r, "RDA", 0);
    CHECK(ta >= 0 && tr > ta);
    /* tRAS 45, tRP 26, tRTP 9 clocks (memory-facts.md §3) = 90, 52, 18 cycles */
    double pre_t = (double)tr + 18 > (double)ta + 90 ? (double)tr + 18 : (double)ta + 90;
    double i1 = 20 + (27.5 - 20) / 16.0;
    CHECK_NEAR(stat(&r, "energy.act_pj"), H3_VDD * (32.5 - i1) * 90 * H3_TCK, 0.01);
    CHECK_NEAR(stat(&r, "energy.pre_pj"), H3_VDD * (32.5 - 20) * 52 * H3_TCK, 0.01);
    /* BL8 at the reference 4000 MT/s: 2 ns */
    CHECK_NEAR(stat(&r, "energy.read_pj"), H3_VDD * (195 - 27.5) * 2.0, 0.01);
    /* two devices: both pseudo-channels idle in the background */
    CHECK_NEAR(stat(&r, "energy.background_pj"), 2 * H3_VDD * 20 * 4000 * H3_TCK, 0.01);
    CHECK_NEAR(stat(&r, "energy.bank_open_pj"),
               H3_VDD * (27.5 - 20) / 16.0 * (pre_t - (double)ta) * H3_TCK, 0.01);
    CHECK_NEAR(stat(&r, "energy.interface_pj"), 256 * 0.5, 1e-9);
    CHECK_NEAR(stat(&r, "energy.vpp_pj"), 0, 1e-12);
    done(&r);

    /* per-bank refresh: tREFI 3.9 us / 16 banks per REFpb; tRFCpb 200 ns = 320 clocks */
    const char *ref[] = {"preset", "HBM3-6400", "dram.channels", "1", "dram.stack_height",
                         "4",      NULL};
    drive(&r, ref, NULL, 0, 20000);
    double n_pb = stat(&r, "commands.REFPB");
    CHECK(n_pb >= 2);
    /* tRFCab for the 16 Gb die (4 Gb per channel): 260 ns = 416 clocks */
    double e_ab = H3_VDD * (125 - 27.5) * 832 * H3_TCK;
    CHECK_NEAR(stat(&r, "energy.refresh_pj"), n_pb * e_ab / 16.0, 0.01);
    CHECK_NEAR(stat(&r, "energy.bank_open_pj"), n_pb * H3_VDD * (27.5 - 20) / 16.0 * 640 * H3_TCK,
               0.01);
    done(&r);
}

/* IDD0 is measured as one bank cycling ACT-PRE every tRC: the model's ACT
 * and PRE energies plus that bank's background must give IDD0 x tRC. */
static void idd0_identity(void)
{
    const char *presets[] = {"DDR4-2400", "DDR5-6400", "HBM3-6400", "MRDIMM-8800"};
    for (size_t i = 0; i < sizeof presets / sizeof presets[0]; i++) {
        const char *kv[] = {"preset", presets[i], NULL};
        memsim_sim *sim = make(kv);
        const ms_spec *s = &sim->spec;
        const ms_power *p = &s->power;
        ms_cmd_energy ce;
        memsim__cmd_energy(s, &ce);
        double ns = s->tck_ps / 1000.0, banks = s->bankgroups * s->banks_per_group;
        double ras = s->t[MS_T_RAS] * ns, rp = s->t[MS_T_RP] * ns;
        double bg = p->vdd * (p->idd2n * (ras + rp) + (p->idd3n - p->idd2n) / banks * ras) +
                    p->vpp * (p->ipp2n * (ras + rp) + (p->ipp3n - p->ipp2n) / banks * ras);
        CHECK_NEAR(ce.act[0] + ce.act[1] + ce.pre[0] + ce.pre[1] + bg,
                   (p->vdd * p->idd0 + p->vpp * p->ipp0) * (ras + rp), 1e-6);
        CHECK(ce.act[0] > 0 && ce.pre[0] > 0 && ce.rd[0] > 0 && ce.ref[0] > 0);
        memsim_sim_free(sim);
    }
}

/* Energy scales exactly with the devices of a rank (16Gb_x8: 4, x4: 8; the
 * burst current per device halves with the width, so read energy stays) and
 * with ranks (an idle rank still draws its background). */
static void scaling(void)
{
    uint64_t addr[] = {0, 64 * 1024, 1 << 20};
    const char *x8[] = {"preset", "DDR5-4800", "dram.org", "16Gb_x8", NULL};
    const char *x4[] = {"preset", "DDR5-4800", "dram.org", "16Gb_x4", NULL};
    run a, b;
    drive(&a, x8, addr, 3, 20000);
    drive(&b, x4, addr, 3, 20000);
    for (const char *const *c = (const char *const[]){"ACT", "RD", "PRE", "REF", NULL}; *c; c++)
        for (int i = 0; i < 4; i++) /* the same commands at the same cycles */
            CHECK_EQ(cmd_clk(&a, *c, i), cmd_clk(&b, *c, i));
    const char *twice[] = {"act", "pre", "refresh", "background", "bank_open"};
    for (size_t k = 0; k < 5; k++) {
        char key[64];
        snprintf(key, sizeof key, "energy.%s_pj", twice[k]);
        CHECK_NEAR(stat(&b, key), 2 * stat(&a, key), 1e-9 * stat(&b, key));
        CHECK(stat(&a, key) > 0);
    }
    CHECK_NEAR(stat(&b, "energy.read_pj"), stat(&a, "energy.read_pj"), 1e-6);
    done(&a);
    done(&b);

    const char *r1[] = {"preset", "DDR5-4800", "refresh.enabled", "false", NULL};
    const char *r2[] = {"preset", "DDR5-4800", "refresh.enabled", "false", "dram.ranks", "2", NULL};
    drive(&a, r1, addr, 3, 20000);
    drive(&b, r2, addr, 3, 20000);
    CHECK_NEAR(stat(&b, "energy.background_pj"), 2 * stat(&a, "energy.background_pj"), 1e-6);
    done(&a);
    done(&b);
}

/* power.* keys override the standard's figures; bad values are refused. */
static void overrides(void)
{
    uint64_t a = 0;
    const char *base[] = {"preset", "DDR5-4800", "refresh.enabled", "false", NULL};
    const char *more[] = {
        "preset",         "DDR5-4800", "refresh.enabled",    "false", "power.idd4r", "918",
        "power.module_w", "2.5",       "power.io_rd_pj_bit", "1.5",   NULL};
    run r0, r1;
    drive(&r0, base, &a, 1, 1000);
    drive(&r1, more, &a, 1, 1000);
    CHECK_NEAR(stat(&r1, "energy.read_pj"), 2 * stat(&r0, "energy.read_pj"),
               1e-6); /* 918-142 = 2 x (530-142) */
    CHECK_NEAR(stat(&r1, "energy.interface_pj"), 512 * 1.5, 1e-9);
    /* 2.5 W per module of two subchannels, over 1000 cycles */
    CHECK_NEAR(stat(&r1, "energy.buffer_pj"), 2.5 / 2 * 1000 * D5_TCK * 1000, 1e-6);
    done(&r0);
    done(&r1);
    memsim_config *cfg = memsim_config_create();
    CHECK(memsim_config_set(cfg, "preset", "DDR5-4800", "t") == MEMSIM_OK);
    CHECK(memsim_config_set(cfg, "power.vdd", "-1", "t") == MEMSIM_E_INVALID);
    CHECK(memsim_config_set(cfg, "power.vdd", "abc", "t") == MEMSIM_E_INVALID);
    CHECK(memsim_config_set(cfg, "power.vdd", "nan", "t") == MEMSIM_E_INVALID);
    CHECK(memsim_config_set(cfg, "power.vdd", "1.25", "t") == MEMSIM_OK);
    CHECK(memsim_config_set(cfg, "power.rate_mts", "0", "t") == MEMSIM_OK);
    memsim_sim *sim = NULL;
    CHECK(memsim_sim_create(cfg, &sim) == MEMSIM_E_INVALID);
    CHECK_CONTAINS(memsim_config_error(cfg), "power.rate_mts");
    memsim_config_free(cfg);
}

/* With epochs on, the cumulative energy of the last full epoch never exceeds
 * the total, grows monotonically, and the epochs' energies sum to it. */
static void epochs(void)
{
    const char *kv[] = {"preset", "DDR5-4800", "stats.epoch", "1000", NULL};
    uint64_t addr[64];
    for (unsigned i = 0; i < 64; i++)
        addr[i] = (uint64_t)i * 4096u * 64u;
    run r;
    drive(&r, kv, addr, 64, 10000);
    const memsim_sim *sim = r.sim;
    CHECK(sim->n_epochs >= 9);
    for (uint64_t e = 1; e < sim->n_epochs; e++)
        CHECK(sim->epochs[e].energy_pj > sim->epochs[e - 1].energy_pj);
    ms_energy en;
    memsim__energy(sim, 0, 1, sim->epochs[sim->n_epochs - 1].end_cycle, &en);
    CHECK_NEAR(sim->epochs[sim->n_epochs - 1].energy_pj, en.total, 1e-6);
    done(&r);
}

int main(void)
{
    UNIT_RUN(ddr5_read);
    UNIT_RUN(ddr5_refresh_and_idle);
    UNIT_RUN(hbm3_patterns);
    UNIT_RUN(idd0_identity);
    UNIT_RUN(scaling);
    UNIT_RUN(overrides);
    UNIT_RUN(epochs);
    UNIT_DONE();
}
