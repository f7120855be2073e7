/*
 * fuzz_trace.c - libFuzzer target for the request-trace readers
 * (src/frontend/trace.c, docs/trace-formats.md).
 *
 * The input is a trace file. It is opened with each format (AUTO, then every
 * forced one) and read until END or an error, at most TRACE_MAX_REQUESTS
 * requests. Invariants checked:
 *  - an open or read error is E_PARSE (E_IO never happens for a regular file)
 *    with a one-line message that starts with "<path>:";
 *  - errors are sticky and END repeats: the next call returns the same;
 *  - each request is in range: bytes 1..1048576, is_write 0/1, 64 bytes for
 *    the formats without a size, arrival ASAP for Ramulator only, and
 *    arrivals never decrease;
 *  - auto-detection agrees with forcing: the AUTO reader yields exactly the
 *    requests, final status and message of the reader forced to the format
 *    AUTO detected.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fuzz_common.h"
#include "memsim/memsim.h"

#define TRACE_MAX_REQUESTS 10000u
#define TRACE_ERR_CAP      1024u

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* What one reader produced: a hash of the requests, how it ended. */
typedef struct ft_outcome {
    int opened;
    memsim_trace_format format;
    uint64_t hash, count;
    memsim_status last;
    char err[TRACE_ERR_CAP];
} ft_outcome;

static uint64_t ft_mix(uint64_t h, uint64_t v)
{
    h ^= v;
    h *= 0x100000001b3ull; /* FNV-1a prime */
    return h ^ (h >> 29);
}

static void ft_check_request(const ft_outcome *o, const memsim_request *r, uint64_t prev_arrival)
{
    FUZZ_ASSERT(r->is_write <= 1, "is_write %u", r->is_write);
    FUZZ_ASSERT(r->bytes >= 1 && r->bytes <= 1048576u, "bytes %u out of range", r->bytes);
    if (o->format != MEMSIM_TRACE_MEMSIM && o->format != MEMSIM_TRACE_DRAMSYS)
        FUZZ_ASSERT(r->bytes == 64, "bytes %u in a format without sizes", r->bytes);
    if (o->format == MEMSIM_TRACE_RAMULATOR) {
        FUZZ_ASSERT(r->arrival == MEMSIM_ASAP, "Ramulator arrival %llu",
                    (unsigned long long)r->arrival);
    } else {
        FUZZ_ASSERT(r->arrival != MEMSIM_ASAP, "arrival ASAP in a timed format");
        FUZZ_ASSERT(r->arrival >= prev_arrival, "arrival %llu before %llu",
                    (unsigned long long)r->arrival, (unsigned long long)prev_arrival);
    }
}

static void ft_check_error(const char *path, const char *err, memsim_status st)
{
    FUZZ_ASSERT(st == MEMSIM_E_PARSE, "unexpected status %s", memsim_status_name(st));
    fuzz_check_message("trace", err, TRACE_ERR_CAP);
    size_t n = strlen(path);
    FUZZ_ASSERT(strncmp(err, path, n) == 0 && err[n] == ':', "message without '<path>:': %s", err);
}

static void ft_read(const char *path, memsim_trace_format fmt, ft_outcome *o)
{
    memsim_source *src = NULL;
    memset(o, 0, sizeof *o);
    o->hash = 0xcbf29ce484222325ull;
    o->last = memsim_source_open_trace(path, fmt, &src, o->err, sizeof o->err);
    if (o->last != MEMSIM_OK) {
        FUZZ_ASSERT(src == NULL, "source returned with an error");
        ft_check_error(path, o->err, o->last);
        return;
    }
    FUZZ_ASSERT(src != NULL && o->err[0] == '\0', "open OK but no source or a message");
    o->opened = 1;
    o->format = memsim_source_format(src);
    FUZZ_ASSERT(fmt == MEMSIM_TRACE_AUTO || o->format == fmt, "forced format not kept");
    uint64_t prev = 0;
    memsim_request r;
    while (o->count < TRACE_MAX_REQUESTS) {
        o->last = memsim_source_next(src, &r);
        if (o->last != MEMSIM_OK) break;
        FUZZ_ASSERT(o->format != MEMSIM_TRACE_AUTO, "a request from an undetected format");
        ft_check_request(o, &r, prev);
        if (r.arrival != MEMSIM_ASAP) prev = r.arrival;
        o->count++;
        o->hash = ft_mix(ft_mix(ft_mix(ft_mix(o->hash, r.arrival), r.addr), r.bytes), r.is_write);
    }
    if (o->last != MEMSIM_OK) {
        snprintf(o->err, sizeof o->err, "%s", memsim_source_error(src));
        if (o->last != MEMSIM_END)
            ft_check_error(path, o->err, o->last);
        else
            FUZZ_ASSERT(o->err[0] == '\0', "END with a message: %s", o->err);
        /* Sticky: the same status and message again. */
        FUZZ_ASSERT(memsim_source_next(src, &r) == o->last, "status not sticky");
        FUZZ_ASSERT(strcmp(memsim_source_error(src), o->err) == 0, "message changed");
    }
    memsim_source_free(src);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ft_outcome out[MEMSIM_TRACE_DRAMSYS + 1];
    const char *path = fuzz_write_tmp(0, data, size);
    for (int f = MEMSIM_TRACE_AUTO; f <= MEMSIM_TRACE_DRAMSYS; f++)
        ft_read(path, (memsim_trace_format)f, &out[f]);
    const ft_outcome *a = &out[MEMSIM_TRACE_AUTO];
    if (a->opened && a->format != MEMSIM_TRACE_AUTO) {
        const ft_outcome *b = &out[a->format];
        FUZZ_ASSERT(b->opened && a->count == b->count && a->hash == b->hash && a->last == b->last &&
                        strcmp(a->err, b->err) == 0,
                    "auto-detected %d differs from forced: %llu/%llu requests, %s/%s, '%s'/'%s'",
                    (int)a->format, (unsigned long long)a->count, (unsigned long long)b->count,
                    memsim_status_name(a->last), memsim_status_name(b->last), a->err, b->err);
    }
    return 0;
}
