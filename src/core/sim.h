/*
 * sim.h - the simulator object shared by sim.c, run.c and the report writers.
 */
#ifndef MEMSIM_SIM_H
#define MEMSIM_SIM_H

#include "config/config.h"
#include "core/engine.h"

struct memsim_sim {
    memsim_config *cfg; /* a copy, reported in the JSON */
    ms_spec spec;
    ms_timing *timing;
    ms_channel *ch;
    unsigned n_init;
    uint64_t *accepted_at; /* per channel: the cycle of the last accepted request */
    uint64_t now;
    uint64_t pending;
    memsim_done_fn done_fn;
    void *done_ctx;
    FILE *trace;
    ms_epoch *epochs;
    uint64_t n_epochs, cap_epochs;
    char err[MS_ERR_LEN];
};

enum { MS_ACCEPT_OK = 0, MS_ACCEPT_FULL, MS_ACCEPT_NEXT_CYCLE };
/* Why a request to addr can or cannot be queued now. */
int memsim__sim_accept_state(const memsim_sim *sim, uint64_t addr, int is_write);
/* The same for a request whose channel is known (addr < capacity). Inline:
 * the run loop asks it every cycle. */
static inline int memsim__sim_accept_ch(const memsim_sim *sim, unsigned ch, int is_write)
{
    const ms_channel *c = &sim->ch[ch];
    const ms_queue *q = is_write ? &c->wq : &c->rq;
    if (q->n >= q->cap) return MS_ACCEPT_FULL;
    return sim->accepted_at[ch] == sim->now ? MS_ACCEPT_NEXT_CYCLE : MS_ACCEPT_OK;
}
unsigned memsim__sim_channel_of(const memsim_sim *sim, uint64_t addr);
/* memsim_sim_send_at() for a request the caller decoded (*r from
 * memsim__addrmap_decode() of a zeroed ms_req, ch its channel) and that
 * channel ch accepts now; fills in arrival, id and direction. */
void memsim__sim_send_decoded(memsim_sim *sim, unsigned ch, ms_req *r, int is_write, uint64_t id,
                              uint64_t arrival);
void memsim__sim_tick(memsim_sim *sim, int step);
void memsim__sim_set_error(memsim_sim *sim, const char *msg);
void memsim__write_trace_header(const memsim_sim *sim, FILE *fp);
void memsim__epoch_update(memsim_sim *sim, uint64_t now);

#endif
