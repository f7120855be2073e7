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
#include <fcntl.h>
#include <unistd.h>

/* Where FUZZ_ASSERT writes: stderr, or a copy of it once fuzz_quiet_begin() ran. */
static FILE *fuzz_log_fp;

static inline FILE *fuzz_log(void)
{
    return fuzz_log_fp ? fuzz_log_fp : stderr;
}

#define FUZZ_ASSERT(cond, ...)                                                                     \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(fuzz_log(), "%s:%d: FUZZ_ASSERT(%s) failed: ", __FILE__, __LINE__, #cond);     \
            fprintf(fuzz_log(), __VA_ARGS__);                                                      \
            fputc('\n', fuzz_log());                                                               \
            fflush(fuzz_log());                                                                    \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

/* Sends stderr (fd 2) to /dev/null until fuzz_quiet_end(), for code that
 * prints on every input (the CLI). FUZZ_ASSERT keeps writing to a copy of the
 * real stderr, and libFuzzer's own output between inputs still shows. */
static int fuzz_saved_fd2 = -1, fuzz_null_fd = -1;

static inline void fuzz_quiet_begin(void)
{
    if (fuzz_saved_fd2 < 0) {
        fuzz_saved_fd2 = dup(2);
        fuzz_null_fd = open("/dev/null", O_WRONLY);
        FUZZ_ASSERT(fuzz_saved_fd2 >= 0 && fuzz_null_fd >= 0, "cannot dup stderr");
        fuzz_log_fp = fdopen(dup(fuzz_saved_fd2), "w");
        FUZZ_ASSERT(fuzz_log_fp != NULL, "cannot fdopen a copy of stderr");
    }
    fflush(stderr);
    dup2(fuzz_null_fd, 2);
}

static inline void fuzz_quiet_end(void)
{
    fflush(stderr);
    dup2(fuzz_saved_fd2, 2);
}

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
    /* TMPDIR, else /dev/shm: rewriting a file on a disk-backed /tmp every
     * iteration made the targets I/O-bound (25x fewer executions). */
    const char *env = getenv("TMPDIR");
    const char *dirs[] = {env && *env ? env : "/dev/shm", "/tmp"};
    int fd = -1;
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0] && fd < 0; i++) {
        snprintf(p, FUZZ_PATH_CAP, "%s/memsim-fuzz-XXXXXX", dirs[i]);
        fd = mkstemp(p);
    }
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
