/*
 * run.c - memsim_sim_run(): feeds a request source into the simulator.
 *
 * The front end is in order: the request at the head waits until its arrival
 * cycle, until its channel's queue has room (one request per channel per
 * cycle), and until the outstanding cap allows; requests behind it wait too
 * (head-of-line blocking, like a trace player). A request larger than one
 * burst is split into consecutive 64-byte bursts. Latency counts from the
 * arrival cycle, so time spent waiting for queue space is included.
 *
 * Skip-ahead: after each cycle the loop jumps to the earliest of the
 * simulator's next event and the head request's arrival. A blocked head
 * request needs no wake-up of its own: only a column command (room in its
 * queue) or a completion (the outstanding cap) can unblock it, and the loop
 * looks again on the cycle after either. The run ends on the cycle after the
 * last completion, never skipping past it.
 */
#include <stdio.h>
#include <string.h>

#include "core/sim.h"
#include "frontend/source.h"

typedef struct feeder {
    memsim_request req;
    uint64_t next_addr, left; /* bursts of the current request */
    unsigned ch;              /* channel of next_addr, decoded once per burst */
    ms_req dec;               /* next_addr decoded (when ch_known) */
    int ch_known;
    int have, ended;
    uint64_t sent, done, id;
    uint64_t outstanding;
} feeder;

static void on_done(void *ctx, uint64_t id, int is_write, uint64_t cycle)
{
    (void)id;
    (void)is_write;
    (void)cycle;
    ((feeder *)ctx)->done++;
}

/* Queues what may be queued at this cycle. Sets *blocked if the head waits for
 * a simulator event rather than for a cycle: 1 for queue space, 2 for a
 * completion (the outstanding cap). */
static memsim_status feed(memsim_sim *sim, memsim_source *src, feeder *f, int *blocked)
{
    *blocked = 0;
    uint64_t tx = sim->spec.tx_bytes;
    for (;;) {
        if (!f->have) {
            if (f->ended) return MEMSIM_OK;
            memsim_status st = memsim_source_next(src, &f->req);
            if (st == MEMSIM_END) {
                f->ended = 1;
                return MEMSIM_OK;
            }
            if (st != MEMSIM_OK) {
                memsim__sim_set_error(sim, memsim_source_error(src));
                return st;
            }
            uint64_t first = f->req.addr / tx * tx;
            uint64_t end = f->req.addr + (f->req.bytes ? f->req.bytes : 1u);
            f->next_addr = first;
            f->ch_known = 0;
            f->left = (end - first + tx - 1u) / tx;
            f->have = 1;
        }
        uint64_t arrival = f->req.arrival == MEMSIM_ASAP ? sim->now : f->req.arrival;
        if (arrival > sim->now) return MEMSIM_OK;
        if (f->outstanding && f->sent - f->done >= f->outstanding) {
            *blocked = 2;
            return MEMSIM_OK;
        }
        if (f->next_addr >= sim->spec.capacity) {
            char msg[MS_ERR_LEN], where[300];
            memsim__source_where(src, where, sizeof where);
            snprintf(msg, sizeof msg,
                     "%s: address 0x%llx is beyond the memory's capacity of %llu bytes "
                     "(addresses 0x0 to 0x%llx)",
                     where, (unsigned long long)f->req.addr, (unsigned long long)sim->spec.capacity,
                     (unsigned long long)(sim->spec.capacity - 1u));
            memsim__sim_set_error(sim, msg);
            return MEMSIM_E_INVALID;
        }
        if (!f->ch_known) {
            memset(&f->dec, 0, sizeof f->dec);
            memsim__addrmap_decode(&sim->spec, f->next_addr, &f->ch, &f->dec);
            f->ch_known = 1;
        }
        int acc = memsim__sim_accept_ch(sim, f->ch, f->req.is_write);
        if (acc != MS_ACCEPT_OK) {
            /* a full queue waits for an issue (an event); the one-per-cycle
             * rule only for the next cycle */
            *blocked = acc == MS_ACCEPT_FULL;
            return MEMSIM_OK;
        }
        memsim__sim_send_decoded(sim, f->ch, &f->dec, f->req.is_write, f->sent, arrival);
        f->sent++;
        f->next_addr += tx;
        f->ch_known = 0;
        if (--f->left == 0) {
            f->have = 0;
            f->id++;
        }
    }
}

/* Requests pending but none completed for this long means a stuck controller:
 * far beyond any legal wait (refresh postponement, a drain, the age cap). */
static uint64_t watchdog_cycles(const ms_spec *s)
{
    uint64_t w = 64u * (s->ref_interval ? s->ref_interval : 10000u) * (s->ref_max_postpone + 1u);
    w += 64u * s->age_cap;
    return w > 10000000u ? w : 10000000u;
}

static void stall_error(memsim_sim *sim, uint64_t patience)
{
    char msg[MS_ERR_LEN], state[360] = "";
    for (unsigned c = 0; c < sim->spec.channels; c++)
        if (sim->ch[c].rq.n || sim->ch[c].wq.n) {
            memsim__chan_describe(&sim->ch[c], sim->now, state, sizeof state);
            break;
        }
    if (patience)
        snprintf(msg, sizeof msg, "watchdog: no request completed in %llu cycles at cycle %llu; %s",
                 (unsigned long long)patience, (unsigned long long)sim->now, state);
    else
        snprintf(msg, sizeof msg, "watchdog: requests are queued but no command can ever issue; %s",
                 state);
    memsim__sim_set_error(sim, msg);
}

/* The next cycle the loop must visit. Completions matter to it only to lift
 * the outstanding cap, for epochs, and to end the run (once nothing is left
 * to send or queued); otherwise they wait for the next channel wake-up, and
 * memsim__sim_tick() reports them then, each with its own cycle. Every
 * channel's wake-up counts, also one with nothing queued: it may owe a
 * refresh or close a page then. */
static uint64_t next_cycle(const memsim_sim *sim, const feeder *f)
{
    int completions = f->outstanding || sim->spec.epoch || (f->ended && !f->have);
    uint64_t t = MS_NEVER;
    for (unsigned c = 0; c < sim->spec.channels && !completions; c++) {
        const ms_channel *ch = &sim->ch[c];
        if (ch->wake < t) t = ch->wake;
        if (!ch->rq.n && !ch->wq.n && ch->done.n) completions = 1; /* the run may end with these */
    }
    if (completions || t == MS_NEVER) return memsim_sim_next_event(sim);
    return t < sim->now ? sim->now : t;
}

memsim_status memsim_sim_run(memsim_sim *sim, memsim_source *src, const memsim_run_options *opt)
{
    memsim_run_options none = {0};
    if (!opt) opt = &none;
    feeder f = {.outstanding = opt->outstanding};
    memsim_done_fn saved_fn = sim->done_fn;
    void *saved_ctx = sim->done_ctx;
    memsim_sim_set_callback(sim, on_done, &f);
    memsim__source_set_default_footprint(src, sim->spec.capacity);
    memsim__source_set_clock(src, memsim_sim_tck_ps(sim));
    uint64_t next_report = 1u << 20, iter = 0, last_done = 0, last_progress = sim->now;
    uint64_t patience = watchdog_cycles(&sim->spec);
    memsim_status st = MEMSIM_OK;
    for (;;) {
        int blocked;
        st = feed(sim, src, &f, &blocked);
        if (st != MEMSIM_OK) break;
        if (f.ended && !f.have && sim->pending == 0) break;
        uint64_t done_before = f.done;
        memsim__sim_tick(sim, opt->step);
        /* the callback also polls for interruption, so call it regularly */
        if (opt->progress && (f.done >= next_report || (++iter & 0xffffu) == 0)) {
            if (f.done >= next_report) next_report += 1u << 20;
            if (opt->progress(opt->progress_ctx, f.done, sim->now)) {
                st = MEMSIM_E_INTERRUPTED;
                memsim__sim_set_error(sim, "interrupted");
                break;
            }
        }
        if (f.done != last_done || sim->pending == 0) {
            last_done = f.done;
            last_progress = sim->now;
        } else if (sim->now - last_progress > patience) {
            stall_error(sim, patience);
            st = MEMSIM_E_STALL;
            break;
        }
        if (opt->step) continue;
        /* The run ends on the cycle after its last completion, as in step
         * mode: do not skip past it to a wake-up nothing is waiting for. */
        if (f.ended && !f.have && sim->pending == 0) continue;
        uint64_t t = next_cycle(sim, &f);
        if (f.have && !blocked) {
            uint64_t a = f.req.arrival == MEMSIM_ASAP ? sim->now : f.req.arrival;
            if (a < t) t = a < sim->now ? sim->now : a;
        } else if (f.have && f.outstanding && f.done != done_before) {
            t = sim->now; /* a completion may have lifted the outstanding cap */
        } else if (f.have && blocked == 1 &&
                   memsim__sim_accept_ch(sim, f.ch, f.req.is_write) != MS_ACCEPT_FULL) {
            t = sim->now; /* an issue freed room in the head request's queue */
        }
        if (t == MS_NEVER) {
            if (sim->pending || f.have) {
                stall_error(sim, 0);
                st = MEMSIM_E_STALL;
            }
            break;
        }
        if (t > sim->now) sim->now = t; /* not skip_to: t may pass a completion (next_cycle) */
    }
    memsim_sim_set_callback(sim, saved_fn, saved_ctx);
    for (unsigned c = 0; c < sim->spec.channels; c++)
        memsim__chan_finish_stats(&sim->ch[c], sim->now);
    return st;
}
