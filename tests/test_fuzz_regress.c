/*
 * test_fuzz_regress.c - replays the fuzz targets' inputs without libFuzzer:
 * every file in tests/fuzz_regress/<target>/ (inputs that once crashed,
 * leaked or broke an invariant, kept after the fix) and in
 * fuzz/corpus/<target>/ (the seed corpus), dispatched by directory name;
 * tests/fuzz_regress/config_diff/ replays fuzz_config in its differential mode.
 *
 * The targets are #included with LLVMFuzzerTestOneInput renamed, so one
 * executable holds them all; a broken invariant aborts (FUZZ_ASSERT) and
 * under the sanitizer build (build-san) leaks and UB fail as well. The `cli`
 * target is not replayed here: it links the command-line tool's sources
 * (tools/), which are not part of libmemsim; `make fuzz` builds it and
 * build-fuzz/fuzz_cli FILE... replays tests/fuzz_regress/cli/.
 * Files are taken in name order so a run is deterministic.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

#define LLVMFuzzerTestOneInput fuzz_trace_one
#include "../fuzz/fuzz_trace.c"
#undef LLVMFuzzerTestOneInput

#define LLVMFuzzerTestOneInput fuzz_config_one
#include "../fuzz/fuzz_config.c"
#undef LLVMFuzzerTestOneInput

#define LLVMFuzzerTestOneInput fuzz_check_one
#include "../fuzz/fuzz_check.c"
#undef LLVMFuzzerTestOneInput

typedef int (*fuzz_fn)(const uint8_t *data, size_t size);

/* config_diff: fuzz_config with MEMSIM_FUZZ_DIFF=1 (the simulator's command
 * trace must pass the checker), for inputs whose bug only that shows. It has
 * no seed corpus: some seeds are configurations the simulator cannot keep up
 * with (see fuzz/corpus/config/small-refi.yaml), which the checker rightly flags. */
static const struct {
    const char *name;
    fuzz_fn fn;
    int diff, has_seeds;
} targets[] = {
    {"trace", fuzz_trace_one, 0, 1},
    {"config", fuzz_config_one, 0, 1},
    {"config_diff", fuzz_config_one, 1, 0},
    {"check", fuzz_check_one, 0, 1},
};

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Reads the whole file @p path into a malloc'd buffer. @return NULL on error. */
static uint8_t *read_all(const char *path, size_t *size)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) return NULL;
    size_t cap = 4096, n = 0;
    uint8_t *buf = malloc(cap);
    while (buf) {
        n += fread(buf + n, 1, cap - n, fp);
        if (n < cap) break;
        uint8_t *bigger = realloc(buf, cap * 2);
        if (!bigger) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = bigger;
        cap *= 2;
    }
    int bad = ferror(fp);
    fclose(fp);
    if (bad) {
        free(buf);
        return NULL;
    }
    *size = n;
    return buf;
}

/* Runs @p fn over every regular file of @p dir. @return the number of files. */
static size_t replay_dir(const char *dir, fuzz_fn fn)
{
    DIR *d = opendir(dir);
    if (!d) return 0;
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') continue;
        if (n == cap) {
            cap = cap ? 2 * cap : 64;
            char **bigger = realloc(names, cap * sizeof *names);
            CHECK(bigger != NULL);
            if (!bigger) break;
            names = bigger;
        }
        names[n] = strdup(e->d_name);
        CHECK(names[n] != NULL);
        if (names[n]) n++;
    }
    closedir(d);
    if (n) qsort(names, n, sizeof *names, cmp_names);
    for (size_t i = 0; i < n; i++) {
        char path[1024];
        size_t size = 0;
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        uint8_t *data = read_all(path, &size);
        CHECK(data != NULL);
        if (data) fn(data, size);
        free(data);
        free(names[i]);
    }
    free(names);
    return n;
}

int main(void)
{
    for (size_t t = 0; t < sizeof targets / sizeof targets[0]; t++) {
        char dir[512];
        size_t seeds = 0;
        if (targets[t].diff)
            setenv("MEMSIM_FUZZ_DIFF", "1", 1);
        else
            unsetenv("MEMSIM_FUZZ_DIFF");
        if (targets[t].has_seeds) {
            snprintf(dir, sizeof dir, "%s/fuzz/corpus/%s", MEMSIM_SOURCE_DIR, targets[t].name);
            seeds = replay_dir(dir, targets[t].fn);
            CHECK(seeds > 0); /* the seed corpus is committed */
        }
        snprintf(dir, sizeof dir, "%s/tests/fuzz_regress/%s", MEMSIM_SOURCE_DIR, targets[t].name);
        size_t regress = replay_dir(dir, targets[t].fn);
        fprintf(stderr, "fuzz_%s: %zu seed and %zu regression inputs replayed\n", targets[t].name,
                seeds, regress);
    }
    fprintf(stderr, "fuzz_cli: not replayed here (needs tools/*.c; see the file header)\n");
    UNIT_DONE();
}
