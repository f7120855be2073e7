/*
 * source_impl.h - the layout of memsim_source, shared by the frontend files
 * only (source.c dispatches, trace.c reads traces, synth.c generates).
 * Nothing outside src/frontend/ includes this: elsewhere the source is opaque.
 *
 * Invariants:
 *  - one allocation per source, made at open/create: the struct, then the
 *    error buffer, then (traces) the display path and the read buffer; the
 *    read path never allocates;
 *  - err is always NUL-terminated, "" when there is no error;
 *  - a trace reader's parse or I/O error is sticky: once next() failed it
 *    returns the same status and message again, so a caller that ignores
 *    one failure cannot silently skip a request.
 */
#ifndef MEMSIM_FRONTEND_SOURCE_IMPL_H
#define MEMSIM_FRONTEND_SOURCE_IMPL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "frontend/source.h"
#include "memsim/memsim.h"
#include "util/rng.h"

/* Request sizes allowed in traces and synthetic parameters, bytes. */
#define MEMSIM__REQ_BYTES_MIN     1u
#define MEMSIM__REQ_BYTES_MAX     1048576u
#define MEMSIM__REQ_BYTES_DEFAULT 64u

#if defined(__GNUC__)
#define MEMSIM__PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define MEMSIM__PRINTF(f, a)
#endif

enum memsim__source_kind { MEMSIM__SOURCE_TRACE, MEMSIM__SOURCE_SYNTH };

typedef struct memsim__trace_state {
    FILE *fp;
    int owns_fp;      /* 0 for stdin, which the caller keeps */
    int eof;          /* fread reported end of file: never read again */
    const char *path; /* display name for messages ("<stdin>" for "-") */
    char *buf;        /* read buffer of buf_cap bytes; lines point into it */
    size_t buf_cap, pos, end;
    uint64_t line_no; /* 1-based number of the last line taken from buf */
    const char *line; /* a request line read ahead (format detection) */
    size_t line_len;
    int have_line;
    uint64_t prev_arrival; /* arrival of the previous request, 0 before the first */
    memsim_status sticky;  /* MEMSIM_OK, or the error every later next() repeats */
} memsim__trace_state;

typedef struct memsim__synth_state {
    memsim_synth_params p;
    memsim__rng rng;
    uint64_t i;          /* index of the next request */
    uint64_t span;       /* footprint rounded down to a multiple of bytes; 0 = not ready */
    uint64_t cur;        /* stream/strided offset of the next request within span */
    uint64_t stride_mod; /* stride % span */
    double period;       /* cycles between arrivals with rate_gbps; 0 until the clock is set */
} memsim__synth_state;

struct memsim_source {
    enum memsim__source_kind kind;
    memsim_trace_format format;
    char *err;
    size_t err_cap;
    union {
        memsim__trace_state trace;
        memsim__synth_state synth;
    } u;
};

/** Formats a one-line message into src->err. */
void memsim__source_fail(memsim_source *src, const char *fmt, ...) MEMSIM__PRINTF(2, 3);

/** Copies @p msg into a caller's error buffer; @p err may be NULL or err_len 0. */
void memsim__source_put_error(char *err, size_t err_len, const char *msg);

memsim_status memsim__trace_next(memsim_source *src, memsim_request *out);
void memsim__trace_close(memsim_source *src);
memsim_status memsim__synth_next(memsim_source *src, memsim_request *out);

#endif /* MEMSIM_FRONTEND_SOURCE_IMPL_H */
