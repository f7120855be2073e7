/*
 * source.c - the request-source object: the public calls that apply to every
 * kind of source (next, error, format, free) and the footprint hand-off from
 * the simulator. Trace readers live in trace.c, generators in synth.c.
 *
 * A source is a tagged union rather than a table of function pointers: there
 * are two kinds, a switch is easier to follow, and the hot path (next) costs
 * one predictable branch either way.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frontend/source_impl.h"

void memsim__source_fail(memsim_source *src, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(src->err, src->err_cap, fmt, ap);
    va_end(ap);
}

void memsim__source_put_error(char *err, size_t err_len, const char *msg)
{
    if (err && err_len) snprintf(err, err_len, "%s", msg);
}

memsim_status memsim_source_next(memsim_source *src, memsim_request *out)
{
    if (!src || !out) return MEMSIM_E_INVALID;
    if (src->kind == MEMSIM__SOURCE_TRACE) return memsim__trace_next(src, out);
    return memsim__synth_next(src, out);
}

const char *memsim_source_error(const memsim_source *src)
{
    return src ? src->err : "";
}

memsim_trace_format memsim_source_format(const memsim_source *src)
{
    return src ? src->format : MEMSIM_TRACE_AUTO;
}

void memsim_source_free(memsim_source *src)
{
    if (!src) return;
    if (src->kind == MEMSIM__SOURCE_TRACE) memsim__trace_close(src);
    free(src);
}

void memsim__source_set_default_footprint(memsim_source *src, uint64_t capacity_bytes)
{
    if (!src || src->kind != MEMSIM__SOURCE_SYNTH) return;
    if (src->u.synth.p.footprint == 0) src->u.synth.p.footprint = capacity_bytes;
}

void memsim__source_set_clock(memsim_source *src, double tck_ps)
{
    if (!src || src->kind != MEMSIM__SOURCE_SYNTH || src->u.synth.p.rate_gbps <= 0.0) return;
    /* bytes / (GB/s) is ns; x 1000 / tCK(ps) is cycles per request. */
    src->u.synth.period = (double)src->u.synth.p.bytes * 1000.0 / src->u.synth.p.rate_gbps / tck_ps;
}

void memsim__source_where(const memsim_source *src, char *buf, size_t len)
{
    if (src->kind == MEMSIM__SOURCE_TRACE)
        snprintf(buf, len, "%s:%llu", src->u.trace.path, (unsigned long long)src->u.trace.line_no);
    else
        snprintf(buf, len, "synthetic request %llu", (unsigned long long)src->u.synth.i);
}
