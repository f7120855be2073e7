/*
 * queue.h - a controller request queue indexed by age and by bank.
 *
 * Entries live in a fixed slab (capacity = queue depth, <= 4096, allocated
 * once). Two intrusive doubly linked lists run through them: the queue in
 * arrival order, and each bank's requests in arrival order. A dense list of
 * the banks that hold requests lets the scheduler visit each such bank once
 * per decision instead of every request: all of a bank's requests that need
 * the same command are ready at the same cycle, so only the oldest of them
 * can be chosen (see ctrl.c, scan()). Bitmaps with a bit per bank say which
 * banks hold requests and whose cached candidates are to be recomputed.
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
 * ones of banks holding requests before it scans. */
typedef struct ms_cand {
    uint64_t part;
    uint64_t seq; /* the request's age order */
    uint16_t slot;
    uint8_t cmd, rank;
    uint8_t grp;   /* its group + 1, or 0 (always 0 for a bank without requests) */
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
    /* Bitmaps, one bit per bank: it holds requests; its candidate is to be
     * recomputed (only those holding requests are); wholly. */
    uint64_t *occ, *dirty, *dirty_all;
    unsigned words;     /* of each bitmap */
    unsigned n_dirty;   /* some dirty bit may be set */
    uint16_t part_cmds; /* commands whose bank part may have changed (a bit each) */
    uint16_t *grp_bank; /* [MS_GROUPS][bpr]: each group's banks, or NULL (no groups) */
    uint16_t grp_n[MS_GROUPS];
    uint64_t grp_mask; /* nonempty groups */
    /* Per group, the least bank part of its candidates (memsim__queue_grp_min),
     * valid where grp_min_ok has the group's bit. The controller clears the
     * bits of a rank's groups in both queues when it issues to the rank or
     * queues a request there: bank parts and group members change only then. */
    uint64_t grp_min[MS_GROUPS];
    uint64_t grp_min_ok;
    unsigned bpr; /* banks per rank */
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
/* Marks the candidates of banks [first, first + n) for recomputation:
 * whole, or (whole = 0) only their bank part. */
static inline void memsim__queue_dirty(ms_queue *q, unsigned first, unsigned n, int whole)
{
    while (n) {
        unsigned w = first >> 6, lo = first & 63u, k = 64u - lo < n ? 64u - lo : n;
        uint64_t m = (k == 64u ? ~0ull : (1ull << k) - 1u) << lo;
        q->dirty[w] |= m;
        if (whole) q->dirty_all[w] |= m;
        first += k;
        n -= k;
    }
    q->n_dirty = 1;
    q->part_cmds = 0xFFFFu;
}

/* Moves bank b to group g (0..MS_GROUPS-1), or out of its group (g = MS_GROUPS).
 * Inline: the scheduler regroups a bank at nearly every command. */
static inline void memsim__queue_regroup(ms_queue *q, unsigned b, unsigned g)
{
    ms_cand *k = &q->cand[b];
    if (k->grp == g + 1u) return;
    if (k->grp) { /* swap-remove from its group */
        unsigned old = k->grp - 1u;
        uint16_t *arr = q->grp_bank + old * q->bpr;
        uint16_t last = arr[--q->grp_n[old]];
        arr[k->gpos] = last;
        q->cand[last].gpos = k->gpos;
        if (!q->grp_n[old]) q->grp_mask &= ~(1ull << old);
        k->grp = 0;
    }
    if (g < MS_GROUPS) {
        k->gpos = q->grp_n[g];
        q->grp_bank[g * q->bpr + q->grp_n[g]++] = (uint16_t)b;
        k->grp = (uint8_t)(g + 1u);
        q->grp_mask |= 1ull << g;
    }
}

/* The least bank part of group g's candidates (g nonempty). */
static inline uint64_t memsim__queue_grp_min(ms_queue *q, unsigned g)
{
    if (q->grp_min_ok >> g & 1u) return q->grp_min[g];
    uint64_t part = UINT64_MAX;
    const uint16_t *arr = q->grp_bank + g * q->bpr;
    for (unsigned j = 0, n = q->grp_n[g]; j < n; j++)
        if (q->cand[arr[j]].part < part) part = q->cand[arr[j]].part;
    q->grp_min[g] = part;
    q->grp_min_ok |= 1ull << g;
    return part;
}

#endif
