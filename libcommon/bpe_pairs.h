/* bpe_pairs.h — a hash map from a pair of token ids to a uint32 value,
 * what learning (pair -> pair index), applying (pair -> merge rank) and
 * the vocabulary check (pair seen?) all need.  Open addressing, linear
 * probing, never shrinks. */
#ifndef LM_BPE_PAIRS_H
#define LM_BPE_PAIRS_H

#include <stddef.h>
#include <stdint.h>

#define LM_PAIR_NONE UINT32_MAX

typedef struct lm_pairmap {
    uint64_t *key;            /* (left << 32 | right) + 1; 0 = empty */
    uint32_t *val;
    size_t nslot, n;
} lm_pairmap;

void pairmap_init(lm_pairmap *m, size_t expect);
void pairmap_free(lm_pairmap *m);
/* The value of (A, B), or LM_PAIR_NONE. */
uint32_t pairmap_get(const lm_pairmap *m, uint32_t a, uint32_t b);
/* Sets (A, B) to VAL (replacing any value). */
void pairmap_put(lm_pairmap *m, uint32_t a, uint32_t b, uint32_t val);

#endif
