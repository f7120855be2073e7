/*
 * unit.h - a tiny test harness in the manner of Redis' testhelp.h and libuv's
 * ASSERT_EQ: each check prints both sides on failure and the test binary
 * exits nonzero if any check failed. Header-only; each tests/test_*.c is one
 * ctest executable.
 */
#ifndef MEMSIM_TESTS_UNIT_H
#define MEMSIM_TESTS_UNIT_H

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int unit_failures;
static int unit_checks;

#define UNIT_FAIL(...)                                                                             \
    do {                                                                                           \
        fprintf(stderr, "%s:%d: ", __FILE__, __LINE__);                                            \
        fprintf(stderr, __VA_ARGS__);                                                              \
        fputc('\n', stderr);                                                                       \
        unit_failures++;                                                                           \
    } while (0)

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        unit_checks++;                                                                             \
        if (!(cond)) UNIT_FAIL("check failed: %s", #cond);                                         \
    } while (0)

#define CHECK_EQ(a, b)                                                                             \
    do {                                                                                           \
        long long unit_a_ = (long long)(a), unit_b_ = (long long)(b);                              \
        unit_checks++;                                                                             \
        if (unit_a_ != unit_b_) UNIT_FAIL("%s == %s: %lld != %lld", #a, #b, unit_a_, unit_b_);     \
    } while (0)

#define CHECK_NEAR(a, b, tol)                                                                      \
    do {                                                                                           \
        double unit_a_ = (double)(a), unit_b_ = (double)(b);                                       \
        unit_checks++;                                                                             \
        if (!(unit_a_ - unit_b_ <= (tol) && unit_b_ - unit_a_ <= (tol)))                           \
            UNIT_FAIL("%s ~= %s: %.6g vs %.6g (tol %g)", #a, #b, unit_a_, unit_b_, (double)(tol)); \
    } while (0)

#define CHECK_STR(a, b)                                                                            \
    do {                                                                                           \
        const char *unit_a_ = (a), *unit_b_ = (b);                                                 \
        unit_checks++;                                                                             \
        if (!unit_a_ || !unit_b_ || strcmp(unit_a_, unit_b_) != 0)                                 \
            UNIT_FAIL("%s == %s: \"%s\" != \"%s\"", #a, #b, unit_a_ ? unit_a_ : "(null)",          \
                      unit_b_ ? unit_b_ : "(null)");                                               \
    } while (0)

#define CHECK_CONTAINS(hay, needle)                                                                \
    do {                                                                                           \
        const char *unit_h_ = (hay), *unit_n_ = (needle);                                          \
        unit_checks++;                                                                             \
        if (!unit_h_ || !strstr(unit_h_, unit_n_))                                                 \
            UNIT_FAIL("\"%s\" does not contain \"%s\"", unit_h_ ? unit_h_ : "(null)", unit_n_);    \
    } while (0)

#define UNIT_RUN(fn)                                                                               \
    do {                                                                                           \
        int unit_before_ = unit_failures;                                                          \
        fn();                                                                                      \
        fprintf(stderr, "%s %s\n", unit_failures == unit_before_ ? "ok  " : "FAIL", #fn);          \
    } while (0)

#define UNIT_DONE()                                                                                \
    do {                                                                                           \
        fprintf(stderr, "%d checks, %d failures\n", unit_checks, unit_failures);                   \
        return unit_failures ? 1 : 0;                                                              \
    } while (0)

#endif
