/*
 * source.h - what the rest of libmemsim may ask of a request source beyond the
 * public API in memsim/memsim.h.
 *
 * A synthetic source may be created with footprint 0, meaning "the whole
 * capacity of the simulator it is run on"; the capacity is only known once a
 * simulator exists, so memsim_sim_run() calls
 * memsim__source_set_default_footprint() before its first
 * memsim_source_next(). Reading such a source before that returns
 * MEMSIM_E_INVALID "synthetic footprint is 0".
 */
#ifndef MEMSIM_FRONTEND_SOURCE_H
#define MEMSIM_FRONTEND_SOURCE_H

#include <stdint.h>

#include "memsim/memsim.h"

/** For a synthetic source whose footprint is 0, sets it to @p capacity_bytes.
 *  Does nothing for trace readers, for an explicit footprint, or for NULL. */
void memsim__source_set_default_footprint(memsim_source *src, uint64_t capacity_bytes);
/* Gives a synthetic source with rate_gbps the clock it converts the rate with. */
void memsim__source_set_clock(memsim_source *src, double tck_ps);

/** Writes where the last request came from, for messages: "<path>:<line>" for
 *  a trace, "synthetic request <n>" for a generator. */
void memsim__source_where(const memsim_source *src, char *buf, size_t len);

#endif /* MEMSIM_FRONTEND_SOURCE_H */
