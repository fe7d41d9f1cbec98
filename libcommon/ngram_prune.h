/* ngram_prune.h — count-threshold pruning of an estimated model.
 *
 * An n-gram of order k >= 2 whose raw count is below MIN[k] is dropped,
 * unless a kept n-gram of order k+1 needs it (as its suffix, which the trie
 * requires, or as its context, which carries the back-off weight).  The
 * kept n-grams keep their probabilities; every context's back-off weight
 * is then recomputed so its distribution still sums to 1:
 *   bo(c) = (1 - sum_{kept cw} P(w | c)) / (1 - sum_{kept cw} P(w | c')).
 * Unigrams are never pruned (they are the vocabulary).  Entropy-based
 * pruning is ngram_entropy.h. */
#ifndef LM_NGRAM_PRUNE_H
#define LM_NGRAM_PRUNE_H

#include "ngram.h"

/* RAW[k] are the raw counts of G's entries of order k as estimated (the
 * counts G was estimated from); MIN[k] the thresholds (MIN[1] ignored). */
void ngram_prune(lm_ngram *g, const uint32_t *const *raw, const uint64_t *min);

/* The pruning itself, whatever chose: KEEP[k][i] (orders 1..N, entries as
 * in G; order 1 all set) marks the n-grams to keep; the n-grams a kept one
 * needs are kept too (KEEP is updated), the back-off weights recomputed
 * and G compacted.  ngram_prune and ngram_prune_entropy mark, this
 * prunes. */
void ngram_prune_marked(lm_ngram *g, uint8_t *const *keep);

#endif
