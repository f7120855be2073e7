/*
 * hist.c - bucket arithmetic of the latency histogram (see hist.h).
 */
#include "stats/hist.h"

static unsigned log2_floor(uint64_t v)
{
    unsigned n = 0;
    while (v >>= 1)
        n++;
    return n;
}

/* Exact region [0, EXACT); then octave k covers [EXACT << k, EXACT << (k+1)). */
static unsigned bucket_of(uint64_t v)
{
    if (v < MS_HIST_EXACT) return (unsigned)v;
    unsigned oct = log2_floor(v / MS_HIST_EXACT);
    if (oct >= MS_HIST_OCTAVES) return MS_HIST_BUCKETS - 1u;
    uint64_t lo = (uint64_t)MS_HIST_EXACT << oct;
    unsigned sub = (unsigned)((v - lo) / (lo / MS_HIST_SUB));
    return MS_HIST_EXACT + oct * MS_HIST_SUB + sub;
}

uint64_t memsim__hist_bucket_top(unsigned b)
{
    if (b < MS_HIST_EXACT) return b;
    unsigned oct = (b - MS_HIST_EXACT) / MS_HIST_SUB;
    unsigned sub = (b - MS_HIST_EXACT) % MS_HIST_SUB;
    uint64_t lo = (uint64_t)MS_HIST_EXACT << oct;
    return lo + (uint64_t)(sub + 1u) * (lo / MS_HIST_SUB) - 1u;
}

void memsim__hist_add(ms_hist *h, uint64_t v)
{
    h->b[bucket_of(v)]++;
    h->count++;
    h->sum += (double)v;
    if (v > h->max) h->max = v;
}

void memsim__hist_merge(ms_hist *dst, const ms_hist *src)
{
    for (unsigned i = 0; i < MS_HIST_BUCKETS; i++)
        dst->b[i] += src->b[i];
    dst->count += src->count;
    dst->sum += src->sum;
    if (src->max > dst->max) dst->max = src->max;
}

uint64_t memsim__hist_quantile(const ms_hist *h, double q)
{
    if (h->count == 0) return 0;
    /* rank of the sample: ceil(q * count), at least 1 */
    double want = q * (double)h->count;
    uint64_t rank = (uint64_t)want;
    if ((double)rank < want) rank++;
    if (rank == 0) rank = 1;
    uint64_t seen = 0;
    for (unsigned i = 0; i < MS_HIST_BUCKETS; i++) {
        seen += h->b[i];
        if (seen >= rank) {
            uint64_t top = memsim__hist_bucket_top(i);
            return top < h->max ? top : h->max;
        }
    }
    return h->max;
}
