/*
 * queue.h - a controller request queue indexed by age and by bank.
 *
 * Entries live in a fixed slab (capacity = queue depth, <= 4096, allocated
 * once). Two intrusive doubly linked lists run through them: the queue in
 * arrival order, and each bank's requests in arrival order. A dense list of
 * the banks that hold requests lets the scheduler visit each such bank once
 * per decision instead of every request: all of a bank's requests that need
 * the same command are ready at the same cycle, so only the oldest of them
 * can be chosen (see ctrl.c, scan()).
 */
#ifndef MEMSIM_QUEUE_H
#define MEMSIM_QUEUE_H

#include <stdint.h>

#include "memsim/memsim.h"

#define MS_NIL       0xFFFFu
#define MS_QUEUE_MAX 4096u

/* A queued request (one burst). */
typedef struct ms_req {
    uint64_t arrival;
    uint64_t id;
    uint64_t seq; /* enqueue order within its queue: the age order */
    uint32_t row;
    uint32_t col;
    uint16_t bank; /* flat bank index within the channel */
    uint8_t rank, bg, ba;
    uint8_t is_write;
    uint8_t caused; /* PRE/ACT issued on its behalf: row miss/conflict statistics */
} ms_req;

/* The scheduler's cached candidate of one bank (ctrl.c, scan()): the request
 * it would serve, the command that request needs, and the bank part of that
 * command's ready time (the max of its bank-group and bank entries). The
 * controller marks it dirty (memsim__queue_dirty) whenever the bank's
 * requests, state, hits or timing entries change, and recomputes the dirty
 * ones before it scans. */
typedef struct ms_cand {
    uint64_t part;
    uint64_t seq; /* the request's age order */
    uint16_t slot;
    uint8_t cmd, rank;
    uint8_t dirty; /* listed in `dirty`: 1 its part, 2 all of it to recompute */
    uint8_t grp;   /* its group + 1, or 0 */
    uint16_t gpos; /* its index in the group */
} ms_cand;

/* Candidates are grouped by (rank, command): group rank * 8 + cmd (the
 * commands a request needs, ACT..WRA, are below 8). All of a group's
 * candidates share the channel, pseudo-channel and rank parts of their ready
 * time, so a group whose shared part is not yet reached is skipped whole.
 * Groups exist for up to MS_GROUP_RANKS ranks per channel (64 groups, one
 * mask word); beyond that the scheduler visits every bank. */
#define MS_GROUP_RANKS 8u
#define MS_GROUPS      (MS_GROUP_RANKS * 8u)

typedef struct ms_queue {
    ms_req *e;
    uint16_t *next, *prev;   /* age list */
    uint16_t *bnext, *bprev; /* per-bank list */
    uint16_t *bank_head;     /* per bank: oldest entry or MS_NIL */
    uint16_t *bank_tail;
    uint16_t *active;     /* banks holding entries, in no particular order */
    uint16_t *active_pos; /* per bank: its index in `active`, or MS_NIL */
    ms_cand *cand;        /* per bank */
    uint16_t *dirty;      /* banks whose candidate must be recomputed */
    unsigned n_dirty;
    uint16_t *grp_bank; /* [MS_GROUPS][bpr]: each group's banks, or NULL (no groups) */
    uint16_t grp_n[MS_GROUPS];
    uint64_t grp_mask; /* nonempty groups */
    unsigned bpr;      /* banks per rank */
    unsigned n_active;
    uint16_t head, tail, free_list;
    unsigned n, cap, banks;
    uint64_t seq;
} ms_queue;

/* `banks` of the channel in `ranks` ranks of banks / ranks banks each. */
memsim_status memsim__queue_init(ms_queue *q, unsigned cap, unsigned banks, unsigned ranks);
void memsim__queue_free(ms_queue *q);
/* Appends a copy of *r (room must exist); returns its slot. */
uint16_t memsim__queue_push(ms_queue *q, const ms_req *r);
/* Unlinks slot i. */
void memsim__queue_remove(ms_queue *q, uint16_t i);
/* Marks bank b's candidate for recomputation: whole, or (whole = 0) only
 * its bank part. */
static inline void memsim__queue_dirty(ms_queue *q, unsigned b, int whole)
{
    ms_cand *k = &q->cand[b];
    if (!k->dirty) q->dirty[q->n_dirty++] = (uint16_t)b;
    if (k->dirty < 2) k->dirty = whole ? 2 : 1;
}
/* Moves bank b to group g (0..MS_GROUPS-1), or out of its group (g = MS_GROUPS). */
void memsim__queue_regroup(ms_queue *q, unsigned b, unsigned g);

#endif
