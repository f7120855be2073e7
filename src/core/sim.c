/*
 * sim.c - the simulator object: channels, the global clock, completions, and
 * the skip-ahead that jumps over cycles in which nothing can happen.
 *
 * One cycle, in order: the caller queues requests (memsim_sim_send), then
 * memsim_sim_tick() lets each channel whose wake-up cycle has come issue at
 * most one command, then reports completions up to this cycle, then advances
 * the clock. In step mode every channel ticks every cycle; the skip-ahead
 * result must be byte-identical (tests/test_step.c proves it).
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/sim.h"

static void sim_errorf(memsim_sim *sim, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sim_errorf(memsim_sim *sim, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sim->err, sizeof sim->err, fmt, ap);
    va_end(ap);
}

void memsim__sim_set_error(memsim_sim *sim, const char *msg)
{
    sim_errorf(sim, "%s", msg);
}

memsim_status memsim_sim_create(memsim_config *cfg, memsim_sim **out)
{
    *out = NULL;
    char err[MS_ERR_LEN];
    memsim_sim *sim = calloc(1, sizeof *sim);
    if (!sim) {
        memsim__config_errorf(cfg, "out of memory");
        return MEMSIM_E_NOMEM;
    }
    memsim_status st = memsim__spec_resolve(cfg, &sim->spec, err, sizeof err);
    if (st != MEMSIM_OK) {
        memsim__config_errorf(cfg, "%s", err);
        free(sim);
        return st;
    }
    sim->cfg = memsim_config_clone(cfg);
    sim->timing = calloc(1, sizeof *sim->timing);
    sim->ch = calloc(sim->spec.channels, sizeof *sim->ch);
    sim->accepted_at = calloc(sim->spec.channels, sizeof *sim->accepted_at);
    if (!sim->cfg || !sim->timing || !sim->ch || !sim->accepted_at) {
        memsim_sim_free(sim);
        memsim__config_errorf(cfg, "out of memory");
        return MEMSIM_E_NOMEM;
    }
    memsim__timing_build(&sim->spec, sim->timing);
    for (unsigned c = 0; c < sim->spec.channels; c++) {
        if (memsim__chan_init(&sim->ch[c], &sim->spec, sim->timing, c) != MEMSIM_OK) {
            sim->n_init = c;
            memsim_sim_free(sim);
            memsim__config_errorf(cfg, "out of memory");
            return MEMSIM_E_NOMEM;
        }
        sim->accepted_at[c] = MS_NEVER;
    }
    sim->n_init = sim->spec.channels;
    *out = sim;
    return MEMSIM_OK;
}

void memsim_sim_free(memsim_sim *sim)
{
    if (!sim) return;
    for (unsigned c = 0; c < sim->n_init; c++)
        memsim__chan_free(&sim->ch[c]);
    free(sim->ch);
    free(sim->accepted_at);
    free(sim->timing);
    free(sim->epochs);
    memsim_config_free(sim->cfg);
    free(sim);
}

const char *memsim_sim_error(const memsim_sim *sim)
{
    return sim ? sim->err : "";
}

void memsim_sim_set_callback(memsim_sim *sim, memsim_done_fn fn, void *ctx)
{
    sim->done_fn = fn;
    sim->done_ctx = ctx;
}

memsim_status memsim_sim_set_cmd_trace(memsim_sim *sim, FILE *fp)
{
    sim->trace = fp;
    if (fp) memsim__write_trace_header(sim, fp);
    return MEMSIM_OK;
}

unsigned memsim__sim_channel_of(const memsim_sim *sim, uint64_t addr)
{
    unsigned ch;
    ms_req r;
    memsim__addrmap_decode(&sim->spec, addr, &ch, &r);
    return ch;
}

int memsim__sim_accept_state(const memsim_sim *sim, uint64_t addr, int is_write)
{
    if (addr >= sim->spec.capacity) return MS_ACCEPT_FULL;
    return memsim__sim_accept_ch(sim, memsim__sim_channel_of(sim, addr), is_write);
}

int memsim_sim_can_accept(const memsim_sim *sim, uint64_t addr, int is_write)
{
    return memsim__sim_accept_state(sim, addr, is_write) == MS_ACCEPT_OK;
}

memsim_status memsim_sim_send_at(memsim_sim *sim, uint64_t addr, int is_write, uint64_t id,
                                 uint64_t arrival)
{
    if (addr >= sim->spec.capacity) {
        sim_errorf(sim, "address 0x%llx is beyond the capacity of %llu bytes",
                   (unsigned long long)addr, (unsigned long long)sim->spec.capacity);
        return MEMSIM_E_INVALID;
    }
    unsigned ch;
    ms_req r;
    memset(&r, 0, sizeof r);
    memsim__addrmap_decode(&sim->spec, addr, &ch, &r);
    if (memsim__sim_accept_ch(sim, ch, is_write) != MS_ACCEPT_OK) return MEMSIM_E_FULL;
    memsim__sim_send_decoded(sim, ch, &r, is_write, id, arrival);
    return MEMSIM_OK;
}

void memsim__sim_send_decoded(memsim_sim *sim, unsigned ch, ms_req *r, int is_write, uint64_t id,
                              uint64_t arrival)
{
    r->arrival = arrival <= sim->now ? arrival : sim->now;
    r->id = id;
    r->is_write = (uint8_t)(is_write != 0);
    memsim__chan_enqueue(&sim->ch[ch], r, sim->now);
    sim->accepted_at[ch] = sim->now;
    sim->pending++;
}

memsim_status memsim_sim_send(memsim_sim *sim, uint64_t addr, int is_write, uint64_t id)
{
    return memsim_sim_send_at(sim, addr, is_write, id, sim->now);
}

static void complete(memsim_sim *sim, uint64_t now)
{
    for (unsigned c = 0; c < sim->spec.channels; c++) {
        ms_ring *d = &sim->ch[c].done;
        while (d->n && d->d[d->head].cycle <= now) {
            ms_done x = d->d[d->head];
            d->head = (d->head + 1u) % d->cap;
            d->n--;
            sim->pending--;
            if (sim->done_fn) sim->done_fn(sim->done_ctx, x.id, x.is_write, x.cycle);
        }
    }
}

void memsim__sim_tick(memsim_sim *sim, int step)
{
    uint64_t now = sim->now;
    for (unsigned c = 0; c < sim->spec.channels; c++) {
        ms_channel *ch = &sim->ch[c];
        if (!step && ch->wake > now) continue;
        memsim__chan_tick(ch, now, sim->trace, &ch->wake);
    }
    complete(sim, now);
    if (sim->spec.epoch) memsim__epoch_update(sim, now);
    sim->now = now + 1;
}

void memsim_sim_tick(memsim_sim *sim)
{
    memsim__sim_tick(sim, 0);
}

uint64_t memsim_sim_next_event(const memsim_sim *sim)
{
    uint64_t t = MS_NEVER;
    for (unsigned c = 0; c < sim->spec.channels; c++) {
        const ms_channel *ch = &sim->ch[c];
        if (ch->wake < t) t = ch->wake;
        if (ch->done.n && ch->done.d[ch->done.head].cycle < t) t = ch->done.d[ch->done.head].cycle;
    }
    if (sim->spec.epoch) {
        uint64_t e = (sim->n_epochs + 1) * sim->spec.epoch - 1;
        if (e < t) t = e;
    }
    return t < sim->now ? sim->now : t;
}

memsim_status memsim_sim_skip_to(memsim_sim *sim, uint64_t cycle)
{
    if (cycle < sim->now || cycle > memsim_sim_next_event(sim)) {
        sim_errorf(sim, "skip_to(%llu): beyond the next event", (unsigned long long)cycle);
        return MEMSIM_E_INVALID;
    }
    sim->now = cycle;
    return MEMSIM_OK;
}

uint64_t memsim_sim_cycle(const memsim_sim *sim)
{
    return sim->now;
}

double memsim_sim_tck_ps(const memsim_sim *sim)
{
    return sim->spec.tck_ps;
}

uint64_t memsim_sim_pending(const memsim_sim *sim)
{
    return sim->pending;
}

uint64_t memsim_sim_capacity(const memsim_sim *sim)
{
    return sim->spec.capacity;
}

unsigned memsim_sim_channels(const memsim_sim *sim)
{
    return sim->spec.channels;
}
