/* ngram_table.h — the per-order lookup tables of a version-2 n-gram model
 * stream (lm-stream(5)): what lm-score probes instead of walking the
 * trie of ngram.h with a binary search per order.
 *
 * Order k >= 2 is an open-addressing hash table (linear probing, at most
 * 70% full, 4 slots to a cache line) of 16-byte slots {parent, word, logp,
 * bo}: the n-gram w_1..w_k is keyed by its first word w_1 and the SLOT of
 * its suffix w_2..w_k in order k-1's table, so the slot found at order k
 * is the key of order k+1, and one probe per order (one cache miss, as
 * KenLM's probing) reaches the log10 probability, the back-off weight and
 * the next key.  Order 1 is the unigram array itself: slot = id.
 *
 * The tables are written by lm and read in place from a mapped file: a
 * slot is never used as an index before it is checked, and a lookup
 * probes at most the table's recorded longest probe, so a corrupt file
 * gives a wrong miss or a clear error, never a crash or a hang. */
#ifndef LM_NGRAM_TABLE_H
#define LM_NGRAM_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ngram_count.h"

typedef struct ngram_slot {
    uint32_t parent;     /* the suffix's slot in order k-1 (order 1: 0) */
    uint32_t word;       /* the first word; NGRAM_SLOT_EMPTY in a free slot */
    float logp, bo;      /* log10 P, log10 back-off (0 at the top order) */
} ngram_slot;

#define NGRAM_SLOT_EMPTY UINT32_MAX

/* One order's table as the lookups see it. */
typedef struct ngram_table {
    const ngram_slot *slot;
    uint64_t nslots;        /* slots (order 1: the vocabulary's size) */
    uint32_t max_probe;     /* the longest probe any stored key needs */
    uint32_t nvocab;        /* a stored word is below this */
    uint64_t nparent;       /* a stored parent is below this: order k-1's slots */
    const char *name;       /* the file, for the message */
} ngram_table;

/* A slot that cannot be (a parent or word out of range): dies. */
_Noreturn void ngram_table_corrupt(const ngram_table *t, uint64_t i);

/* The home slot of key (PARENT, WORD) in a table of NSLOTS (< 2^32)
 * slots: h = MurmurHash3's 64-bit finalizer of PARENT << 32 | WORD, then
 * (h >> 32) * NSLOTS >> 32 (Lemire's range reduction: any table size, so
 * the load stays near 0.7 where a power of two would leave a table as
 * little as 35% full).  Part of the file format (lm-stream(5)). */
static inline uint64_t ngram_table_home(uint32_t parent, uint32_t word, uint64_t nslots)
{
    uint64_t x = (uint64_t)parent << 32 | word;
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return (x >> 32) * nslots >> 32;
}

/* The slot of key (PARENT, WORD) in T, or -1, probing from slot I (its
 * home).  A free slot or the end of the longest probe ends the search. */
static inline long ngram_table_find_from(const ngram_table *t, uint64_t i, uint32_t parent,
                                         uint32_t word)
{
    for (uint32_t p = 0; p < t->max_probe; p++) {
        const ngram_slot *s = &t->slot[i];
        if (s->word == word && s->parent == parent) return (long)i;
        if (s->word == NGRAM_SLOT_EMPTY) return -1;
        if (s->word >= t->nvocab || s->parent >= t->nparent) ngram_table_corrupt(t, i);
        if (++i == t->nslots) i = 0;
    }
    return -1;
}

static inline long ngram_table_find(const ngram_table *t, uint32_t parent, uint32_t word)
{
    return ngram_table_find_from(t, ngram_table_home(parent, word, t->nslots), parent, word);
}

/* Slots for N entries: at most 70% full, a multiple of 4 (>= 4). */
uint64_t ngram_table_size(size_t n);

/* Builds order K's table from level L (sorted by parent, word) and its
 * LOGP and BO (BO NULL at the top order); PREV_SLOT maps order k-1's
 * entries to their slots (NULL for K = 2, where the parent is a unigram
 * id and so its slot).  Returns the fresh slots (*NSLOTS of them), the
 * longest probe in *MAX_PROBE, and with SLOT_OF non-NULL a fresh map of
 * this order's entries to their slots, for the order above.  Order 1:
 * the unigram array, L->n slots, identity map (*SLOT_OF = NULL). */
ngram_slot *ngram_table_build(const lm_ngram_level *L, int k, const float *logp, const float *bo,
                              const uint32_t *prev_slot, uint64_t *nslots, uint32_t *max_probe,
                              uint32_t **slot_of);

/* Scoring a token sequence through the tables (the lm_ngram of ngram.h
 * with tab[] set): LOGP[i] = log10 P(ids[i] | its context), the numbers
 * of ngram_cursor_next to the last bit; with SENTENCES (word mode) every
 * sentence starts from <s> = BOS and ends at EOS.  Dies on a non-finite
 * log-probability or back-off weight (a corrupt file). */
struct lm_ngram;
void ngram_table_score(const struct lm_ngram *g, const uint32_t *ids, size_t n, bool sentences,
                       double *logp);

#endif
