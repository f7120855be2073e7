/*
 * fuzz_common.h - helpers shared by the libFuzzer targets in fuzz/ and by
 * tests/test_fuzz_regress.c, which #includes all four targets into one
 * translation unit (hence the include guard and the per-file prefixes of the
 * targets' own static helpers).
 *
 * The library reads paths, not buffers, so each input is written to a
 * per-process temporary file created once with mkstemp and rewritten on every
 * iteration; the files are removed at exit. This process-wide state belongs
 * to the harness, not to libmemsim (which keeps none).
 *
 * FUZZ_ASSERT aborts: libFuzzer reports an abort as a crash and saves the
 * input, and the regression test fails. Targets must be deterministic (no
 * clock, no randomness beyond the input) and leak-free (LeakSanitizer runs).
 */
#ifndef MEMSIM_FUZZ_COMMON_H
#define MEMSIM_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FUZZ_ASSERT(cond, ...)                                                                     \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: FUZZ_ASSERT(%s) failed: ", __FILE__, __LINE__, #cond);        \
            fprintf(stderr, __VA_ARGS__);                                                          \
            fputc('\n', stderr);                                                                   \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

#define FUZZ_TMP_SLOTS 3 /* 0: the input, 1: fuzz_config's command trace, 2: fuzz_cli's YAML */
#define FUZZ_PATH_CAP  512

static char fuzz_tmp[FUZZ_TMP_SLOTS][FUZZ_PATH_CAP];

static inline void fuzz_tmp_remove(void)
{
    for (int i = 0; i < FUZZ_TMP_SLOTS; i++)
        if (fuzz_tmp[i][0]) remove(fuzz_tmp[i]);
}

/* @return the path of temporary file @p slot, created on first use; aborts if
 * it cannot be created (nothing could be fuzzed). */
static inline const char *fuzz_tmp_path(int slot)
{
    static int registered;
    char *p = fuzz_tmp[slot];
    if (p[0]) return p;
    const char *dir = getenv("TMPDIR");
    snprintf(p, FUZZ_PATH_CAP, "%s/memsim-fuzz-XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(p);
    FUZZ_ASSERT(fd >= 0, "cannot create a temporary file under %s", p);
    close(fd);
    if (!registered) registered = atexit(fuzz_tmp_remove) == 0;
    return p;
}

/* Writes @p size bytes to temporary file @p slot. @return its path. */
static inline const char *fuzz_write_tmp(int slot, const uint8_t *data, size_t size)
{
    const char *path = fuzz_tmp_path(slot);
    FILE *fp = fopen(path, "wb");
    FUZZ_ASSERT(fp != NULL, "cannot rewrite %s", path);
    FUZZ_ASSERT(size == 0 || fwrite(data, 1, size, fp) == size, "short write to %s", path);
    FUZZ_ASSERT(fclose(fp) == 0, "cannot close %s", path);
    return path;
}

/* A sink for reports the targets produce but do not inspect. */
static inline FILE *fuzz_devnull(void)
{
    static FILE *fp;
    if (!fp) fp = fopen("/dev/null", "w");
    FUZZ_ASSERT(fp != NULL, "cannot open /dev/null");
    return fp;
}

/* Error messages are one line: non-empty, no newline, NUL-terminated within @p cap. */
static inline void fuzz_check_message(const char *what, const char *msg, size_t cap)
{
    FUZZ_ASSERT(msg != NULL, "%s: NULL message", what);
    size_t n = strnlen(msg, cap);
    FUZZ_ASSERT(n < cap, "%s: message not terminated", what);
    FUZZ_ASSERT(n > 0, "%s: empty error message", what);
    FUZZ_ASSERT(memchr(msg, '\n', n) == NULL, "%s: message spans lines: \"%s\"", what, msg);
}

#endif /* MEMSIM_FUZZ_COMMON_H */
