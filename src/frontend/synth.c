/*
 * synth.c - synthetic request generators: random, stream and strided address
 * patterns with a read/write mix and a fixed or as-fast-as-accepted arrival.
 *
 * Request i (0-based) of a generator with parameters p:
 *   span     = p.footprint rounded down to a multiple of p.bytes, so that every
 *              request lies wholly inside [base, base + footprint)
 *   random   : addr = base + bytes * U[0, span / bytes)
 *   stream   : addr = base + (i * bytes) mod span
 *   strided  : addr = base + align_down((i * stride) mod span, bytes)
 *   is_write = (U[0,1) >= read_ratio)      (so P(write) = 1 - read_ratio)
 *   arrival  = i * interval, or MEMSIM_ASAP when interval is 0; with rate_gbps,
 *              floor(i * period), period = bytes / rate / tCK cycles (the clock
 *              comes from memsim__source_set_clock(), called by memsim_sim_run())
 * Addresses are base plus a multiple of bytes: aligned to bytes when base is.
 * U draws come from one xoshiro256** stream seeded by p.seed (the random
 * pattern's address draw first, then the read/write draw), so the sequence
 * depends only on the parameters, never on the run (determinism).
 *
 * The stream and strided offsets are kept as a running remainder instead of
 * computing i * stride, which would overflow 64 bits on long runs.
 *
 * Footprint 0 means "the simulator's capacity", filled in by
 * memsim__source_set_default_footprint() (source.c) before the first read;
 * the checks that need the footprint therefore run on the first next().
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "frontend/source_impl.h"

#define SYNTH_ERR_CAP 256

void memsim_synth_defaults(memsim_synth_params *p)
{
    if (!p) return;
    memset(p, 0, sizeof *p);
    p->pattern = MEMSIM_PATTERN_RANDOM;
    p->requests = 100000;
    p->read_ratio = 1.0;
    p->interval = 0;
    p->stride = 64;
    p->base = 0;
    p->footprint = 0;
    p->seed = 1;
    p->bytes = MEMSIM__REQ_BYTES_DEFAULT;
}

/* Checks that need the footprint; @return MEMSIM_OK or MEMSIM_E_INVALID. */
static memsim_status check_footprint(memsim_source *src, const memsim_synth_params *p)
{
    if (p->footprint == 0) {
        memsim__source_fail(src, "synthetic footprint is 0");
        return MEMSIM_E_INVALID;
    }
    if (p->footprint < p->bytes) {
        memsim__source_fail(
            src, "synthetic footprint %" PRIu64 " is smaller than the request size %" PRIu32,
            p->footprint, p->bytes);
        return MEMSIM_E_INVALID;
    }
    if (p->footprint > UINT64_MAX - p->base) {
        memsim__source_fail(src,
                            "synthetic base 0x%" PRIx64 " plus footprint %" PRIu64
                            " exceeds the 64-bit address space",
                            p->base, p->footprint);
        return MEMSIM_E_INVALID;
    }
    return MEMSIM_OK;
}

/* Checks that do not need the footprint. */
static memsim_status check_params(memsim_source *src, const memsim_synth_params *p)
{
    if (p->pattern != MEMSIM_PATTERN_RANDOM && p->pattern != MEMSIM_PATTERN_STREAM &&
        p->pattern != MEMSIM_PATTERN_STRIDED) {
        memsim__source_fail(src, "unknown synthetic pattern %d", (int)p->pattern);
        return MEMSIM_E_INVALID;
    }
    /* Written so that NaN fails too. */
    if (!(p->read_ratio >= 0.0 && p->read_ratio <= 1.0)) {
        memsim__source_fail(src, "synthetic read ratio %g is outside [0, 1]", p->read_ratio);
        return MEMSIM_E_INVALID;
    }
    if (p->bytes < MEMSIM__REQ_BYTES_MIN || p->bytes > MEMSIM__REQ_BYTES_MAX) {
        memsim__source_fail(src, "synthetic request size %" PRIu32 " is out of range (%u..%u)",
                            p->bytes, MEMSIM__REQ_BYTES_MIN, MEMSIM__REQ_BYTES_MAX);
        return MEMSIM_E_INVALID;
    }
    if (p->pattern == MEMSIM_PATTERN_STRIDED && p->stride == 0) {
        memsim__source_fail(src, "synthetic stride must be > 0 for the strided pattern");
        return MEMSIM_E_INVALID;
    }
    if (p->rate_gbps != 0.0 && !(p->rate_gbps > 0.0 && p->rate_gbps < 1e9)) {
        memsim__source_fail(src, "synthetic rate %g GB/s is not a positive number", p->rate_gbps);
        return MEMSIM_E_INVALID;
    }
    if (p->rate_gbps > 0.0 && p->interval > 0) {
        memsim__source_fail(src, "synthetic rate and interval exclude each other");
        return MEMSIM_E_INVALID;
    }
    /* The last arrival, (requests - 1) * interval, must stay below MEMSIM_ASAP. */
    if (p->interval > 0 && p->requests > 1 && p->requests - 1 > (UINT64_MAX - 1) / p->interval) {
        memsim__source_fail(src,
                            "synthetic interval %" PRIu64 " times %" PRIu64
                            " requests overflows the cycle counter",
                            p->interval, p->requests);
        return MEMSIM_E_INVALID;
    }
    if (p->footprint != 0) return check_footprint(src, p);
    return MEMSIM_OK;
}

memsim_status memsim_source_synthetic(const memsim_synth_params *p, memsim_source **out, char *err,
                                      size_t err_len)
{
    memsim_source *src;
    memsim_status st;

    if (out) *out = NULL;
    if (!p || !out) {
        memsim__source_put_error(err, err_len, "memsim_source_synthetic: NULL argument");
        return MEMSIM_E_INVALID;
    }
    src = malloc(sizeof *src + SYNTH_ERR_CAP);
    if (!src) {
        memsim__source_put_error(err, err_len, "out of memory");
        return MEMSIM_E_NOMEM;
    }
    memset(src, 0, sizeof *src);
    src->kind = MEMSIM__SOURCE_SYNTH;
    src->format = MEMSIM_TRACE_AUTO;
    src->err = (char *)(src + 1);
    src->err_cap = SYNTH_ERR_CAP;
    src->err[0] = '\0';

    st = check_params(src, p);
    if (st != MEMSIM_OK) {
        memsim__source_put_error(err, err_len, src->err);
        free(src);
        return st;
    }
    src->u.synth.p = *p;
    memsim__rng_seed(&src->u.synth.rng, p->seed);
    memsim__source_put_error(err, err_len, "");
    *out = src;
    return MEMSIM_OK;
}

/* First read: the footprint is final now (set by the caller or by the
 * simulator), so derive the span and check what depends on it. */
static memsim_status synth_prepare(memsim_source *src)
{
    memsim__synth_state *s = &src->u.synth;
    memsim_status st = check_footprint(src, &s->p);
    if (st != MEMSIM_OK) return st;
    if (s->p.rate_gbps > 0.0 && !(s->period > 0.0)) {
        memsim__source_fail(src,
                            "synthetic rate %g GB/s needs the memory clock: feed the source "
                            "to memsim_sim_run()",
                            s->p.rate_gbps);
        return MEMSIM_E_INVALID;
    }
    s->span = s->p.footprint - s->p.footprint % s->p.bytes;
    s->stride_mod = s->p.stride % s->span;
    s->cur = 0;
    src->err[0] = '\0';
    return MEMSIM_OK;
}

memsim_status memsim__synth_next(memsim_source *src, memsim_request *out)
{
    memsim__synth_state *s = &src->u.synth;
    uint64_t off;

    if (s->i >= s->p.requests) return MEMSIM_END;
    if (s->span == 0) {
        memsim_status st = synth_prepare(src);
        if (st != MEMSIM_OK) return st;
    }

    switch (s->p.pattern) {
    case MEMSIM_PATTERN_RANDOM:
        off = memsim__rng_below(&s->rng, s->span / s->p.bytes) * s->p.bytes;
        break;
    case MEMSIM_PATTERN_STREAM:
        off = s->cur;
        s->cur += s->p.bytes;
        if (s->cur >= s->span) s->cur = 0;
        break;
    case MEMSIM_PATTERN_STRIDED:
    default:
        off = s->cur - s->cur % s->p.bytes;
        /* cur = (cur + stride) mod span, without overflowing when span > 2^63. */
        if (s->cur >= s->span - s->stride_mod)
            s->cur -= s->span - s->stride_mod;
        else
            s->cur += s->stride_mod;
        break;
    }
    out->addr = s->p.base + off;
    out->bytes = s->p.bytes;
    out->is_write = (uint8_t)(memsim__rng_double(&s->rng) >= s->p.read_ratio);
    if (s->p.rate_gbps > 0.0) {
        out->arrival = (uint64_t)((double)s->i * s->period);
    } else {
        out->arrival = s->p.interval ? s->i * s->p.interval : MEMSIM_ASAP;
    }
    s->i++;
    return MEMSIM_OK;
}
