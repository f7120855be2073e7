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

typedef struct ms_queue {
    ms_req *e;
    uint16_t *next, *prev;   /* age list */
    uint16_t *bnext, *bprev; /* per-bank list */
    uint16_t *bank_head;     /* per bank: oldest entry or MS_NIL */
    uint16_t *bank_tail;
    uint16_t *active;     /* banks holding entries, in no particular order */
    uint16_t *active_pos; /* per bank: its index in `active`, or MS_NIL */
    unsigned n_active;
    uint16_t head, tail, free_list;
    unsigned n, cap, banks;
    uint64_t seq;
} ms_queue;

memsim_status memsim__queue_init(ms_queue *q, unsigned cap, unsigned banks);
void memsim__queue_free(ms_queue *q);
/* Appends a copy of *r (room must exist); returns its slot. */
uint16_t memsim__queue_push(ms_queue *q, const ms_req *r);
/* Unlinks slot i. */
void memsim__queue_remove(ms_queue *q, uint16_t i);

#endif
