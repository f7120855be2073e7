/*
 * queue.c - slab, age list, per-bank lists and the active-bank set of a
 * request queue (see queue.h); the scheduler's candidate groups are in
 * queue.h (inline). Every operation is O(1); nothing allocates after init.
 */
#include <stdlib.h>
#include <string.h>

#include "core/queue.h"

memsim_status memsim__queue_init(ms_queue *q, unsigned cap, unsigned banks, unsigned ranks)
{
    memset(q, 0, sizeof *q);
    if (cap == 0 || cap > MS_QUEUE_MAX || banks == 0 || banks >= MS_NIL || ranks == 0 ||
        banks % ranks)
        return MEMSIM_E_INVALID;
    q->e = calloc(cap, sizeof *q->e);
    q->next = calloc(cap, sizeof(uint16_t));
    q->prev = calloc(cap, sizeof(uint16_t));
    q->bnext = calloc(cap, sizeof(uint16_t));
    q->bprev = calloc(cap, sizeof(uint16_t));
    q->bank_head = calloc(banks, sizeof(uint16_t));
    q->bank_tail = calloc(banks, sizeof(uint16_t));
    q->active = calloc(banks, sizeof(uint16_t));
    q->active_pos = calloc(banks, sizeof(uint16_t));
    q->cand = calloc(banks, sizeof *q->cand);
    q->words = (banks + 63u) / 64u;
    q->occ = calloc(q->words, sizeof(uint64_t));
    q->dirty = calloc(q->words, sizeof(uint64_t));
    q->dirty_all = calloc(q->words, sizeof(uint64_t));
    q->bpr = banks / ranks;
    if (ranks <= MS_GROUP_RANKS) q->grp_bank = calloc(MS_GROUPS * q->bpr, sizeof(uint16_t));
    if (!q->e || !q->next || !q->prev || !q->bnext || !q->bprev || !q->bank_head || !q->bank_tail ||
        !q->active || !q->active_pos || !q->cand || !q->occ || !q->dirty || !q->dirty_all ||
        (ranks <= MS_GROUP_RANKS && !q->grp_bank)) {
        memsim__queue_free(q);
        return MEMSIM_E_NOMEM;
    }
    q->cap = cap;
    q->banks = banks;
    q->head = q->tail = MS_NIL;
    for (unsigned i = 0; i < cap; i++)
        q->next[i] = (uint16_t)(i + 1 < cap ? i + 1 : MS_NIL);
    q->free_list = 0;
    for (unsigned b = 0; b < banks; b++) {
        q->bank_head[b] = q->bank_tail[b] = MS_NIL;
        q->active_pos[b] = MS_NIL;
    }
    return MEMSIM_OK;
}

void memsim__queue_free(ms_queue *q)
{
    void *p[] = {q->e,      q->next,       q->prev, q->bnext, q->bprev, q->bank_head, q->bank_tail,
                 q->active, q->active_pos, q->cand, q->occ,   q->dirty, q->dirty_all, q->grp_bank};
    for (size_t i = 0; i < sizeof p / sizeof p[0]; i++)
        free(p[i]);
    memset(q, 0, sizeof *q);
}

uint16_t memsim__queue_push(ms_queue *q, const ms_req *r)
{
    uint16_t i = q->free_list;
    q->free_list = q->next[i];
    q->e[i] = *r;
    q->e[i].seq = q->seq++;
    /* age list */
    q->next[i] = MS_NIL;
    q->prev[i] = q->tail;
    if (q->tail != MS_NIL)
        q->next[q->tail] = i;
    else
        q->head = i;
    q->tail = i;
    /* bank list */
    uint16_t b = r->bank;
    q->bnext[i] = MS_NIL;
    q->bprev[i] = q->bank_tail[b];
    if (q->bank_tail[b] != MS_NIL) {
        q->bnext[q->bank_tail[b]] = i;
    } else {
        q->bank_head[b] = i;
        q->occ[b >> 6] |= 1ull << (b & 63u);
        q->active_pos[b] = (uint16_t)q->n_active;
        q->active[q->n_active++] = b;
    }
    q->bank_tail[b] = i;
    q->n++;
    return i;
}

void memsim__queue_remove(ms_queue *q, uint16_t i)
{
    /* age list */
    if (q->prev[i] != MS_NIL)
        q->next[q->prev[i]] = q->next[i];
    else
        q->head = q->next[i];
    if (q->next[i] != MS_NIL)
        q->prev[q->next[i]] = q->prev[i];
    else
        q->tail = q->prev[i];
    /* bank list */
    uint16_t b = q->e[i].bank;
    if (q->bprev[i] != MS_NIL)
        q->bnext[q->bprev[i]] = q->bnext[i];
    else
        q->bank_head[b] = q->bnext[i];
    if (q->bnext[i] != MS_NIL)
        q->bprev[q->bnext[i]] = q->bprev[i];
    else
        q->bank_tail[b] = q->bprev[i];
    if (q->bank_head[b] == MS_NIL) { /* swap-remove from the active set */
        uint16_t pos = q->active_pos[b], last = q->active[--q->n_active];
        q->active[pos] = last;
        q->active_pos[last] = pos;
        q->active_pos[b] = MS_NIL;
        q->occ[b >> 6] &= ~(1ull << (b & 63u));
        if (q->cand[b].grp) memsim__queue_regroup(q, b, MS_GROUPS); /* no candidate now */
    }
    q->next[i] = q->free_list;
    q->free_list = i;
    q->n--;
}
