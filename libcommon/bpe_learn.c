/* bpe_learn.c — learning BPE merges without recounting: every adjacent pair
 * keeps its count and the list of positions where it occurs; a max-heap
 * orders the pairs by count.  A merge visits only the positions of the
 * pair it merges and adjusts the counts of the pairs around each one, so
 * the whole run costs O(N log N) over the N bytes of the distinct chunks
 * (each weighted by how often it occurs), not O(N) per merge.
 *
 * The heap is lazy: an entry records the count its pair had when it was
 * pushed, and a pair whose count grows is pushed again.  So every pair has
 * an entry at least as large as its count, and the top entry, when it
 * still matches its pair's count, is the best pair.  Stale entries are
 * re-pushed with the current count (or dropped) as they surface. */
#include "bpe.h"
#include "bpe_pairs.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

#define NONE UINT32_MAX
#define DEAD UINT32_MAX       /* token of a position merged into its left neighbour */

typedef struct pair {
    uint32_t a, b;
    int64_t count;            /* weighted occurrences, overlapping ones included */
    uint32_t *occ;            /* positions where it starts (some since destroyed) */
    uint32_t nocc, cap;
    uint32_t touched;         /* merge step that last raised the count, + 1 */
    bool banned;              /* its bytes are already a token: never merged */
} pair;

typedef struct heap_entry {
    int64_t count;
    uint32_t pair;
} heap_entry;

typedef struct learner {
    uint32_t *tok, *next, *prev, *chunk;   /* per position */
    const uint64_t *weight;                /* per chunk */
    pair *pairs;
    uint32_t npairs, pcap;
    lm_pairmap index;
    heap_entry *heap;
    size_t nheap, hcap;
    uint32_t *raised;                      /* pairs raised by the current merge */
    size_t nraised, rcap;
    uint32_t step;
} learner;

/* ---- the heap: larger count first; ties to the smaller (left, right) ---- */

static bool before(const learner *L, heap_entry x, heap_entry y)
{
    if (x.count != y.count) return x.count > y.count;
    const pair *p = &L->pairs[x.pair], *q = &L->pairs[y.pair];
    if (p->a != q->a) return p->a < q->a;
    return p->b < q->b;
}

static void heap_push(learner *L, uint32_t pi)
{
    if (L->nheap == L->hcap) {
        L->hcap = L->hcap ? 2 * L->hcap : 1024;
        L->heap = xrealloc(L->heap, xmul(L->hcap, sizeof *L->heap));
    }
    heap_entry e = { L->pairs[pi].count, pi };
    size_t i = L->nheap++;
    while (i > 0 && before(L, e, L->heap[(i - 1) / 2])) {
        L->heap[i] = L->heap[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    L->heap[i] = e;
}

static heap_entry heap_pop(learner *L)
{
    heap_entry top = L->heap[0], last = L->heap[--L->nheap];
    size_t i = 0, n = L->nheap;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= n) break;
        if (c + 1 < n && before(L, L->heap[c + 1], L->heap[c])) c++;
        if (!before(L, L->heap[c], last)) break;
        L->heap[i] = L->heap[c];
        i = c;
    }
    if (n) L->heap[i] = last;
    return top;
}

/* ---- pairs ------------------------------------------------------------------- */

static uint32_t pair_of(learner *L, uint32_t a, uint32_t b)
{
    uint32_t pi = pairmap_get(&L->index, a, b);
    if (pi != LM_PAIR_NONE) return pi;
    if (L->npairs == L->pcap) {
        L->pcap = L->pcap ? 2 * L->pcap : 1024;
        L->pairs = xrealloc(L->pairs, xmul(L->pcap, sizeof *L->pairs));
    }
    pi = L->npairs++;
    L->pairs[pi] = (pair){ .a = a, .b = b };
    pairmap_put(&L->index, a, b, pi);
    return pi;
}

/* One more occurrence of (A, B) at POS, of weight W. */
static void add_occurrence(learner *L, uint32_t a, uint32_t b, uint32_t pos, uint64_t w)
{
    uint32_t pi = pair_of(L, a, b);     /* may move L->pairs */
    pair *p = &L->pairs[pi];
    if (p->nocc == p->cap) {
        p->cap = p->cap ? 2 * p->cap : 4;
        p->occ = xrealloc(p->occ, xmul(p->cap, sizeof *p->occ));
    }
    p->occ[p->nocc++] = pos;
    p->count += (int64_t)w;
    if (p->touched != L->step + 1) {
        p->touched = L->step + 1;
        if (L->nraised == L->rcap) {
            L->rcap = L->rcap ? 2 * L->rcap : 1024;
            L->raised = xrealloc(L->raised, xmul(L->rcap, sizeof *L->raised));
        }
        L->raised[L->nraised++] = (uint32_t)(p - L->pairs);
    }
}

static void remove_occurrence(learner *L, uint32_t a, uint32_t b, uint64_t w)
{
    /* the position stays in the list; it is seen to be stale when visited */
    L->pairs[pairmap_get(&L->index, a, b)].count -= (int64_t)w;
}

static int cmp_u32(const void *x, const void *y)
{
    uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
    return (a > b) - (a < b);
}

/* Replaces every occurrence of pair PI by token Z, left to right. */
static void merge_pair(learner *L, uint32_t pi, uint32_t z)
{
    pair p = L->pairs[pi];                 /* a copy: L->pairs may move */
    L->pairs[pi].occ = NULL;
    L->pairs[pi].nocc = L->pairs[pi].cap = 0;
    /* Only (a, a) can overlap itself ("aaa"), where the order decides. */
    if (p.a == p.b) qsort(p.occ, p.nocc, sizeof *p.occ, cmp_u32);
    for (uint32_t k = 0; k < p.nocc; k++) {
        uint32_t i = p.occ[k];
        if (L->tok[i] != p.a) continue;
        uint32_t j = L->next[i];
        if (j == NONE || L->tok[j] != p.b) continue;
        uint64_t w = L->weight[L->chunk[i]];
        uint32_t before_i = L->prev[i], after_j = L->next[j];
        remove_occurrence(L, p.a, p.b, w);
        if (before_i != NONE) {
            remove_occurrence(L, L->tok[before_i], p.a, w);
            add_occurrence(L, L->tok[before_i], z, before_i, w);
        }
        if (after_j != NONE) {
            remove_occurrence(L, p.b, L->tok[after_j], w);
            add_occurrence(L, z, L->tok[after_j], i, w);
            L->prev[after_j] = i;
        }
        L->tok[i] = z;
        L->next[i] = after_j;
        L->tok[j] = DEAD;
    }
    free(p.occ);
}

uint32_t bpe_learn(const lm_bpe_chunks *chunks, uint32_t merges, lm_vocab *v,
                   uint32_t **seg_ids, size_t **seg_start)
{
    learner L;
    memset(&L, 0, sizeof L);
    size_t n = chunks->n ? chunks->start[chunks->n] : 0;
    if (n >= NONE) die("bpe: the distinct chunks hold %zu bytes, over the limit of %u", n, NONE - 1);
    size_t alloc = n ? n : 1;
    L.tok = xmalloc(xmul(alloc, sizeof *L.tok));
    L.next = xmalloc(xmul(alloc, sizeof *L.next));
    L.prev = xmalloc(xmul(alloc, sizeof *L.prev));
    L.chunk = xmalloc(xmul(alloc, sizeof *L.chunk));
    L.weight = chunks->count;
    pairmap_init(&L.index, 1 << 16);
    for (uint32_t c = 0; c < chunks->n; c++) {
        size_t s = chunks->start[c], e = chunks->start[c + 1];
        for (size_t i = s; i < e; i++) {
            L.tok[i] = chunks->bytes[i];
            L.chunk[i] = c;
            L.prev[i] = i > s ? (uint32_t)i - 1 : NONE;
            L.next[i] = i + 1 < e ? (uint32_t)i + 1 : NONE;
            if (i > s) add_occurrence(&L, L.tok[i - 1], L.tok[i], (uint32_t)i - 1, chunks->count[c]);
        }
    }
    for (uint32_t pi = 0; pi < L.npairs; pi++) heap_push(&L, pi);
    uint32_t made = 0;
    while (made < merges && L.nheap) {
        heap_entry top = heap_pop(&L);
        pair *p = &L.pairs[top.pair];
        if (p->banned || p->count <= 0) continue;
        if (top.count != p->count) {
            /* stale; re-pushed if it was an overestimate (an underestimate
             * has a larger entry of its own further up) */
            if (top.count > p->count) heap_push(&L, top.pair);
            continue;
        }
        uint32_t z = bpe_vocab_add_merge(v, p->a, p->b);
        if (z == LM_NO_ID) { p->banned = true; continue; }
        L.step++;
        L.nraised = 0;
        merge_pair(&L, top.pair, z);
        if (L.pairs[top.pair].count != 0) die("bpe: internal error: merged pair left a count");
        for (size_t k = 0; k < L.nraised; k++)
            if (!L.pairs[L.raised[k]].banned) heap_push(&L, L.raised[k]);
        made++;
    }
    if (seg_ids) {
        size_t ntok = 0;
        for (uint32_t c = 0; c < chunks->n; c++)
            for (uint32_t i = (uint32_t)chunks->start[c]; i != NONE; i = L.next[i]) ntok++;
        *seg_ids = xmalloc(xmul(ntok ? ntok : 1, sizeof **seg_ids));
        *seg_start = xmalloc(xmul((size_t)chunks->n + 1, sizeof **seg_start));
        size_t k = 0;
        for (uint32_t c = 0; c < chunks->n; c++) {
            (*seg_start)[c] = k;
            for (uint32_t i = (uint32_t)chunks->start[c]; i != NONE; i = L.next[i])
                (*seg_ids)[k++] = L.tok[i];
        }
        (*seg_start)[chunks->n] = k;
    }
    for (uint32_t pi = 0; pi < L.npairs; pi++) free(L.pairs[pi].occ);
    free(L.pairs);
    pairmap_free(&L.index);
    free(L.heap);
    free(L.raised);
    free(L.tok);
    free(L.next);
    free(L.prev);
    free(L.chunk);
    return made;
}
