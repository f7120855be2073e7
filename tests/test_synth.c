/*
 * test_synth.c - synthetic request generators (src/frontend/synth.c) and the
 * PRNG under them (src/util/rng.h).
 *
 * The PRNG is pinned to the published reference outputs of splitmix64 (seed
 * 1234567) and xoshiro256** (state {1,2,3,4}); the generators are checked
 * against the exact address formulas documented in synth.c, and for
 * determinism, read ratio, alignment, footprint bound and arrival times.
 */
#include <math.h>

#include "frontend/source.h"
#include "memsim/memsim.h"
#include "unit.h"
#include "util/rng.h"

/* Creates a generator or fails the test. */
static memsim_source *make(const memsim_synth_params *p)
{
    memsim_source *src = NULL;
    char err[256];
    memsim_status st = memsim_source_synthetic(p, &src, err, sizeof err);
    CHECK_EQ(st, MEMSIM_OK);
    CHECK_STR(err, "");
    return src;
}

/* Expects creation to fail with E_INVALID and message @p msg. */
static void expect_invalid(const memsim_synth_params *p, const char *msg)
{
    memsim_source *src = (memsim_source *)&src; /* poison: must be reset to NULL */
    char err[256];
    memsim_status st = memsim_source_synthetic(p, &src, err, sizeof err);
    CHECK_EQ(st, MEMSIM_E_INVALID);
    CHECK(src == NULL);
    CHECK_STR(err, msg);
}

static void test_rng_reference(void)
{
    static const uint64_t splitmix[5] = {6457827717110365317ULL, 3203168211198807973ULL,
                                         9817491932198370423ULL, 4593380528125082431ULL,
                                         16408922859458223821ULL};
    static const uint64_t xoshiro[6] = {11520ULL,
                                        0ULL,
                                        1509978240ULL,
                                        1215971899390074240ULL,
                                        1216172134540287360ULL,
                                        607988272756665600ULL};
    uint64_t sm = 1234567;
    memsim__rng r = {{1, 2, 3, 4}};
    for (int i = 0; i < 5; i++)
        CHECK(memsim__rng_splitmix64(&sm) == splitmix[i]);
    for (int i = 0; i < 6; i++)
        CHECK(memsim__rng_next(&r) == xoshiro[i]);
}

static void test_rng_seed_and_bounds(void)
{
    memsim__rng a, b, c;
    int same = 1, differ = 0;
    unsigned hist[7] = {0};
    memsim__rng_seed(&a, 42);
    memsim__rng_seed(&b, 42);
    memsim__rng_seed(&c, 43);
    for (int i = 0; i < 100; i++) {
        uint64_t x = memsim__rng_next(&a), y = memsim__rng_next(&b), z = memsim__rng_next(&c);
        same &= x == y;
        differ |= x != z;
    }
    CHECK(same);
    CHECK(differ);
    /* Seed 0 must not give xoshiro's all-zero fixed point. */
    memsim__rng_seed(&a, 0);
    CHECK(a.s[0] | a.s[1] | a.s[2] | a.s[3]);

    CHECK_EQ(memsim__rng_below(&a, 0), 0);
    CHECK_EQ(memsim__rng_below(&a, 1), 0);
    for (int i = 0; i < 70000; i++) {
        uint64_t v = memsim__rng_below(&a, 7);
        CHECK(v < 7);
        if (v < 7) hist[v]++;
    }
    for (int i = 0; i < 7; i++)
        CHECK_NEAR(hist[i], 10000, 500);
    /* A bound near 2^64 exercises the rejection branch. */
    for (int i = 0; i < 1000; i++)
        CHECK(memsim__rng_below(&a, UINT64_MAX - 5) < UINT64_MAX - 5);
    for (int i = 0; i < 1000; i++) {
        double d = memsim__rng_double(&a);
        CHECK(d >= 0.0 && d < 1.0);
    }
}

static void test_defaults(void)
{
    memsim_synth_params p;
    memsim_synth_defaults(&p);
    CHECK_EQ(p.pattern, MEMSIM_PATTERN_RANDOM);
    CHECK_EQ(p.requests, 100000);
    CHECK(p.read_ratio == 1.0);
    CHECK_EQ(p.interval, 0);
    CHECK_EQ(p.base, 0);
    CHECK_EQ(p.footprint, 0);
    CHECK_EQ(p.seed, 1);
    CHECK_EQ(p.bytes, 64);
    memsim_synth_defaults(NULL); /* must not crash */
}

/* Reads n requests of @p p into @p out. */
static void read_n(const memsim_synth_params *p, memsim_request *out, size_t n)
{
    memsim_source *src = make(p);
    for (size_t i = 0; i < n; i++)
        CHECK_EQ(memsim_source_next(src, &out[i]), MEMSIM_OK);
    memsim_source_free(src);
}

static void test_determinism(void)
{
    enum { N = 1000 };
    static memsim_request a[N], b[N], c[N];
    memsim_synth_params p;
    int same = 1, differ = 0;
    memsim_synth_defaults(&p);
    p.requests = N;
    p.read_ratio = 0.5;
    p.footprint = 1u << 30;
    p.seed = 7;
    read_n(&p, a, N);
    read_n(&p, b, N);
    p.seed = 8;
    read_n(&p, c, N);
    for (int i = 0; i < N; i++) {
        same &= a[i].addr == b[i].addr && a[i].is_write == b[i].is_write &&
                a[i].arrival == b[i].arrival && a[i].bytes == b[i].bytes;
        differ |= a[i].addr != c[i].addr;
    }
    CHECK(same);
    CHECK(differ);
}

static double write_share(double read_ratio, uint64_t seed, memsim_pattern pattern)
{
    memsim_synth_params p;
    memsim_request r;
    memsim_source *src;
    uint64_t writes = 0, n = 0;
    memsim_synth_defaults(&p);
    p.pattern = pattern;
    p.requests = 100000;
    p.read_ratio = read_ratio;
    p.footprint = 1u << 20;
    p.seed = seed;
    src = make(&p);
    while (memsim_source_next(src, &r) == MEMSIM_OK) {
        writes += r.is_write;
        n++;
    }
    CHECK_EQ(n, 100000);
    memsim_source_free(src);
    return (double)writes / (double)n;
}

static void test_read_ratio(void)
{
    CHECK_NEAR(write_share(0.7, 1, MEMSIM_PATTERN_RANDOM), 0.3, 0.01);
    CHECK_NEAR(write_share(0.7, 99, MEMSIM_PATTERN_STREAM), 0.3, 0.01);
    CHECK_NEAR(write_share(0.25, 5, MEMSIM_PATTERN_STRIDED), 0.75, 0.01);
    CHECK_NEAR(write_share(0.5, 3, MEMSIM_PATTERN_RANDOM), 0.5, 0.01);
    CHECK(write_share(1.0, 1, MEMSIM_PATTERN_RANDOM) == 0.0);
    CHECK(write_share(0.0, 1, MEMSIM_PATTERN_RANDOM) == 1.0);
}

static void test_stream(void)
{
    memsim_synth_params p;
    memsim_request r[10];
    memsim_synth_defaults(&p);
    p.pattern = MEMSIM_PATTERN_STREAM;
    p.requests = 10;
    p.base = 0x1000;
    p.footprint = 256;
    read_n(&p, r, 10);
    for (int i = 0; i < 10; i++) {
        CHECK_EQ(r[i].addr, 0x1000 + (uint64_t)(i % 4) * 64);
        CHECK_EQ(r[i].bytes, 64);
        CHECK(r[i].arrival == MEMSIM_ASAP);
        CHECK_EQ(r[i].is_write, 0);
    }
    /* Footprint not a multiple of bytes: only whole requests (0, 96, 0, ...). */
    p.bytes = 96;
    p.footprint = 250;
    read_n(&p, r, 5);
    CHECK_EQ(r[0].addr, 0x1000);
    CHECK_EQ(r[1].addr, 0x1000 + 96);
    CHECK_EQ(r[2].addr, 0x1000);
    CHECK_EQ(r[3].addr, 0x1000 + 96);
    CHECK_EQ(r[4].bytes, 96);
}

static void test_strided(void)
{
    memsim_synth_params p;
    memsim_request r[10];
    static const uint64_t want[8] = {0, 64, 192, 256, 384, 448, 576, 640};
    memsim_synth_defaults(&p);
    p.pattern = MEMSIM_PATTERN_STRIDED;
    p.requests = 10;
    p.stride = 4096;
    p.footprint = 16384;
    p.base = 1u << 20;
    read_n(&p, r, 10);
    for (int i = 0; i < 10; i++)
        CHECK_EQ(r[i].addr, (1u << 20) + (uint64_t)(i % 4) * 4096);

    /* Offsets 0,100,200,...,700 aligned down to 64. */
    p.stride = 100;
    p.footprint = 1024;
    p.base = 0;
    read_n(&p, r, 8);
    for (int i = 0; i < 8; i++)
        CHECK_EQ(r[i].addr, want[i]);

    /* Stride larger than the footprint wraps: (i * 5000) mod 4096. */
    p.stride = 5000;
    p.footprint = 4096;
    read_n(&p, r, 4);
    CHECK_EQ(r[0].addr, 0);
    CHECK_EQ(r[1].addr, 904 / 64 * 64);
    CHECK_EQ(r[2].addr, 1808 / 64 * 64);
    CHECK_EQ(r[3].addr, 2712 / 64 * 64);

    /* Huge footprint and stride: the running remainder must not overflow. */
    p.stride = UINT64_MAX / 2 + 1; /* 2^63 */
    p.footprint = UINT64_MAX - 63; /* a multiple of 64 */
    read_n(&p, r, 3);
    CHECK(r[0].addr == 0);
    CHECK(r[1].addr == (UINT64_MAX / 2 + 1));
    CHECK(r[2].addr == 64); /* 2^64 mod (2^64 - 64) */
}

static void test_random_alignment_and_bound(void)
{
    memsim_synth_params p;
    memsim_request r;
    memsim_source *src;
    unsigned hits[16] = {0};
    int ok = 1;
    memsim_synth_defaults(&p);
    p.requests = 20000;
    p.bytes = 128;
    p.base = 0x10000;
    p.footprint = 1u << 20;
    src = make(&p);
    while (memsim_source_next(src, &r) == MEMSIM_OK)
        ok &= r.addr % 128 == 0 && r.addr >= 0x10000 && r.addr + 128 <= 0x10000 + (1u << 20) &&
              r.bytes == 128;
    CHECK(ok);
    memsim_source_free(src);

    /* A small footprint: every one of the 16 slots is drawn, none outside. */
    p.bytes = 64;
    p.base = 0;
    p.footprint = 1000; /* 15 whole 64-byte slots fit */
    src = make(&p);
    ok = 1;
    while (memsim_source_next(src, &r) == MEMSIM_OK) {
        ok &= r.addr % 64 == 0 && r.addr + 64 <= 1000;
        if (r.addr / 64 < 16) hits[r.addr / 64]++;
    }
    CHECK(ok);
    for (int i = 0; i < 15; i++)
        CHECK_NEAR(hits[i], 20000.0 / 15, 200);
    CHECK_EQ(hits[15], 0);
    memsim_source_free(src);
}

static void test_arrivals(void)
{
    memsim_synth_params p;
    memsim_request r[5];
    memsim_synth_defaults(&p);
    p.requests = 5;
    p.footprint = 4096;
    p.interval = 10;
    read_n(&p, r, 5);
    for (int i = 0; i < 5; i++)
        CHECK(r[i].arrival == (uint64_t)i * 10);
    p.interval = 0;
    read_n(&p, r, 5);
    for (int i = 0; i < 5; i++)
        CHECK(r[i].arrival == MEMSIM_ASAP);
}

static void test_end_and_count(void)
{
    memsim_synth_params p;
    memsim_request r;
    memsim_source *src;
    uint64_t n = 0;
    memsim_synth_defaults(&p);
    p.requests = 37;
    p.footprint = 4096;
    src = make(&p);
    while (memsim_source_next(src, &r) == MEMSIM_OK)
        n++;
    CHECK_EQ(n, 37);
    CHECK_EQ(memsim_source_next(src, &r), MEMSIM_END);
    CHECK_EQ(memsim_source_format(src), MEMSIM_TRACE_AUTO);
    CHECK_STR(memsim_source_error(src), "");
    memsim_source_free(src);

    /* Zero requests: END at once, even with footprint still unknown. */
    p.requests = 0;
    p.footprint = 0;
    src = make(&p);
    CHECK_EQ(memsim_source_next(src, &r), MEMSIM_END);
    memsim_source_free(src);
}

static void test_default_footprint(void)
{
    memsim_synth_params p;
    memsim_request r;
    memsim_source *src;
    memsim_synth_defaults(&p);
    p.requests = 1000;
    src = make(&p);
    CHECK_EQ(memsim_source_next(src, &r), MEMSIM_E_INVALID);
    CHECK_STR(memsim_source_error(src), "synthetic footprint is 0");
    memsim__source_set_default_footprint(src, 1u << 16);
    CHECK_EQ(memsim_source_next(src, &r), MEMSIM_OK);
    CHECK_STR(memsim_source_error(src), "");
    for (int i = 1; i < 1000; i++) {
        CHECK_EQ(memsim_source_next(src, &r), MEMSIM_OK);
        CHECK(r.addr < (1u << 16));
    }
    memsim_source_free(src);

    /* An explicit footprint is kept. */
    p.footprint = 4096;
    src = make(&p);
    memsim__source_set_default_footprint(src, 1u << 30);
    for (int i = 0; i < 1000; i++) {
        CHECK_EQ(memsim_source_next(src, &r), MEMSIM_OK);
        CHECK(r.addr < 4096);
    }
    memsim_source_free(src);

    /* A capacity smaller than the request size is caught at the first read. */
    p.footprint = 0;
    p.bytes = 256;
    src = make(&p);
    memsim__source_set_default_footprint(src, 128);
    CHECK_EQ(memsim_source_next(src, &r), MEMSIM_E_INVALID);
    CHECK_STR(memsim_source_error(src),
              "synthetic footprint 128 is smaller than the request size 256");
    memsim_source_free(src);
    memsim__source_set_default_footprint(NULL, 1); /* must not crash */
}

/* --rate: request i arrives at floor(i x bytes / rate / tCK); the clock comes
 * from the simulator, and reading before it is set is an error, not cycle 0. */
static void test_rate(void)
{
    memsim_synth_params p;
    memsim_request r;
    memsim_source *src;
    memsim_synth_defaults(&p);
    p.requests = 10000;
    p.footprint = 1u << 20;
    p.rate_gbps = 10.0; /* 64 B / 10 GB/s = 6.4 ns */
    src = make(&p);
    CHECK_EQ(memsim_source_next(src, &r), MEMSIM_E_INVALID);
    CHECK_STR(memsim_source_error(src), "synthetic rate 10 GB/s needs the memory clock: feed the "
                                        "source to memsim_sim_run()");
    memsim_source_free(src);

    src = make(&p);
    memsim__source_set_clock(src, 833.0); /* DDR4-2400: 6.4 ns = 7.683 cycles */
    double period = 64.0 * 1000.0 / 10.0 / 833.0;
    uint64_t prev = 0;
    for (uint64_t i = 0; i < p.requests; i++) {
        CHECK_EQ(memsim_source_next(src, &r), MEMSIM_OK);
        CHECK_EQ(r.arrival, (uint64_t)((double)i * period));
        CHECK(r.arrival >= prev);
        prev = r.arrival;
    }
    /* the last of 10000 arrives at 9999 x 6.4 ns = 63.99 us = 76823 cycles of 833 ps */
    CHECK_EQ(prev, 76823u);
    memsim_source_free(src);

    p.rate_gbps = -1.0;
    expect_invalid(&p, "synthetic rate -1 GB/s is not a positive number");
    p.rate_gbps = 5.0;
    p.interval = 4;
    expect_invalid(&p, "synthetic rate and interval exclude each other");
}

static void test_validation(void)
{
    memsim_synth_params p;
    memsim_source *src = NULL;
    memsim_synth_defaults(&p);
    p.read_ratio = 1.5;
    expect_invalid(&p, "synthetic read ratio 1.5 is outside [0, 1]");
    p.read_ratio = -0.1;
    expect_invalid(&p, "synthetic read ratio -0.1 is outside [0, 1]");
    p.read_ratio = (double)NAN;
    expect_invalid(&p, "synthetic read ratio nan is outside [0, 1]");
    memsim_synth_defaults(&p);
    p.bytes = 0;
    expect_invalid(&p, "synthetic request size 0 is out of range (1..1048576)");
    p.bytes = 1048577;
    expect_invalid(&p, "synthetic request size 1048577 is out of range (1..1048576)");
    memsim_synth_defaults(&p);
    p.pattern = MEMSIM_PATTERN_STRIDED;
    p.stride = 0;
    expect_invalid(&p, "synthetic stride must be > 0 for the strided pattern");
    memsim_synth_defaults(&p);
    p.pattern = (memsim_pattern)9;
    expect_invalid(&p, "unknown synthetic pattern 9");
    memsim_synth_defaults(&p);
    p.footprint = 32;
    expect_invalid(&p, "synthetic footprint 32 is smaller than the request size 64");
    p.footprint = 4096;
    p.base = UINT64_MAX - 1000;
    expect_invalid(&p, "synthetic base 0xfffffffffffffc17 plus footprint 4096 exceeds the "
                       "64-bit address space");
    memsim_synth_defaults(&p);
    p.interval = UINT64_MAX / 2;
    p.requests = 4;
    expect_invalid(&p, "synthetic interval 9223372036854775807 times 4 requests overflows "
                       "the cycle counter");
    p.requests = 2; /* arrivals 0 and 2^63 - 1 fit */
    src = make(&p);
    memsim_source_free(src);

    /* Bounds are inclusive. */
    memsim_synth_defaults(&p);
    p.bytes = 1;
    p.read_ratio = 0.0;
    p.footprint = 1;
    src = make(&p);
    memsim_source_free(src);
    p.bytes = 1048576;
    p.footprint = 1048576;
    src = make(&p);
    memsim_source_free(src);

    CHECK_EQ(memsim_source_synthetic(NULL, &src, NULL, 0), MEMSIM_E_INVALID);
    CHECK(src == NULL);
    CHECK_EQ(memsim_source_synthetic(&p, NULL, NULL, 0), MEMSIM_E_INVALID);
    memsim_source_free(NULL);
    CHECK_STR(memsim_source_error(NULL), "");
}

int main(void)
{
    UNIT_RUN(test_rng_reference);
    UNIT_RUN(test_rng_seed_and_bounds);
    UNIT_RUN(test_defaults);
    UNIT_RUN(test_determinism);
    UNIT_RUN(test_read_ratio);
    UNIT_RUN(test_stream);
    UNIT_RUN(test_strided);
    UNIT_RUN(test_random_alignment_and_bound);
    UNIT_RUN(test_arrivals);
    UNIT_RUN(test_end_and_count);
    UNIT_RUN(test_default_footprint);
    UNIT_RUN(test_validation);
    UNIT_RUN(test_rate);
    UNIT_DONE();
}
