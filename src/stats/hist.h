/*
 * hist.h - a fixed-size latency histogram (no allocation after init).
 *
 * Values below MS_HIST_EXACT cycles are counted exactly; above, each power of
 * two is split into MS_HIST_SUB sub-buckets, so a percentile is reported as
 * the upper edge of its bucket, within 1/MS_HIST_SUB (3 %) of the true value.
 * Idle and loaded DRAM latencies (tens to hundreds of cycles) are exact.
 */
#ifndef MEMSIM_HIST_H
#define MEMSIM_HIST_H

#include <stdint.h>

#define MS_HIST_EXACT   2048u
#define MS_HIST_SUB     32u
#define MS_HIST_OCTAVES 44u
#define MS_HIST_BUCKETS (MS_HIST_EXACT + MS_HIST_SUB * MS_HIST_OCTAVES)

typedef struct ms_hist {
    uint64_t count;
    uint64_t max;
    double sum;
    uint64_t b[MS_HIST_BUCKETS];
} ms_hist;

void memsim__hist_add(ms_hist *h, uint64_t v);
/* Adds every count of `src` into `dst`. */
void memsim__hist_merge(ms_hist *dst, const ms_hist *src);
/* The largest value bucket b counts (its upper edge, inclusive). */
uint64_t memsim__hist_bucket_top(unsigned b);
/* The smallest value v such that at least q (0..1) of the samples are <= v. */
uint64_t memsim__hist_quantile(const ms_hist *h, double q);

#endif
