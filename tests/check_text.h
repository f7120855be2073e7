/*
 * check_text.h - shared by the checker tests (test_check.c, test_check_hbm.c):
 * a growable string to build a command trace in, and a run of `memsim check`
 * on such a text that captures its status, result, report and error.
 */
#ifndef MEMSIM_TESTS_CHECK_TEXT_H
#define MEMSIM_TESTS_CHECK_TEXT_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "memsim/check.h"

typedef struct sbuf {
    char *s;
    size_t len, cap;
} sbuf;

static inline void sb_add(sbuf *b, const char *s)
{
    size_t n = strlen(s);
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (b->len + n + 1 > cap)
            cap *= 2;
        char *p = realloc(b->s, cap);
        if (!p) abort();
        b->s = p;
        b->cap = cap;
    }
    memcpy(b->s + b->len, s, n + 1);
    b->len += n;
}

static inline void sb_printf(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static inline void sb_printf(sbuf *b, const char *fmt, ...)
{
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    sb_add(b, tmp);
}

typedef struct run {
    memsim_status st;
    memsim_check_result res;
    char path[64];
    char report[8192];
    char err[512];
} run;

/* Writes `text` to a temporary file and checks it, reporting at most
 * `max_report` violations into r->report. */
static inline void run_text(run *r, const char *text, unsigned max_report)
{
    memset(r, 0, sizeof *r);
    snprintf(r->path, sizeof r->path, "/tmp/test_check_XXXXXX");
    int fd = mkstemp(r->path);
    if (fd < 0) abort();
    FILE *fp = fdopen(fd, "w");
    if (!fp) abort();
    fputs(text, fp);
    fclose(fp);
    char *mem = NULL;
    size_t memlen = 0;
    FILE *rep = open_memstream(&mem, &memlen);
    if (!rep) abort();
    r->st = memsim_check_file(r->path, rep, max_report, &r->res, r->err, sizeof r->err);
    fclose(rep);
    snprintf(r->report, sizeof r->report, "%s", mem ? mem : "");
    free(mem);
    unlink(r->path);
}

/* Writes a copy of trace `in_path` to `out_path` with the nth `cmd` line
 * moved one clock earlier (t_ps recomputed, so only timing rules can fire).
 * @return 0 if there is no such line. */
static inline int corrupt_trace(const char *in_path, const char *cmd, unsigned nth,
                                const char *out_path)
{
    FILE *in = fopen(in_path, "r");
    FILE *out = fopen(out_path, "w");
    if (!in || !out) abort();
    char line[256];
    unsigned seen = 0, rate = 1;
    int done = 0;
    while (fgets(line, sizeof line, in)) {
        unsigned long long tps, clk;
        char rest[200];
        if (sscanf(line, "# rate_mts %u", &rate) == 1 || line[0] == '#' || done ||
            sscanf(line, "%llu,%llu,%199s", &tps, &clk, rest) != 3) {
            fputs(line, out);
            continue;
        }
        const char *name = strrchr(rest, ',');
        if (name && !strcmp(name + 1, cmd) && clk > 0 && ++seen == nth) {
            fprintf(out, "%llu,%llu,%s\n", (clk - 1) * 2000000ull / rate, clk - 1, rest);
            done = 1;
            continue;
        }
        fputs(line, out);
    }
    fclose(in);
    fclose(out);
    return done;
}

/* Copies the first n bytes of a compact test body segment into seg (size
 * len), with each '@' replaced by `at`. Aborts on a segment too long. */
static inline void expand_at(char *seg, size_t len, const char *body, size_t n, long at)
{
    size_t j = 0;
    for (size_t i = 0; i < n; i++) {
        if (j + 24 >= len) abort();
        if (body[i] == '@')
            j += (size_t)snprintf(seg + j, len - j, "%ld", at);
        else
            seg[j++] = body[i];
    }
    seg[j] = '\0';
}

#endif
