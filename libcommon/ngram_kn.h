/* ngram_kn.h — estimating a back-off model from counts: interpolated
 * modified Kneser-Ney (KenLM lmplz's method), Kneser-Ney with one discount
 * per order, and add-k.
 *
 * Kneser-Ney (mkn, kn), by the book and as lmplz does it:
 *   - adjusted counts a(g): raw counts for the top order and for n-grams
 *     that start with <s>; otherwise the number of distinct words seen
 *     before g (continuation counts).  In char/byte mode the start of the
 *     stream counts as one such word for the n-grams found there;
 *   - discounts per order from the counts-of-counts n1..n4 of a(.):
 *     Y = n1/(n1+2 n2), D_j = j - (j+1) Y n_{j+1}/n_j (mkn, j = 1, 2, 3+),
 *     D = Y (kn).  When they cannot be estimated (some n_j is 0, or a D_j
 *     falls outside [0, j]) the order falls back to D = 0.5, 1, 1.5 with a
 *     warning (lmplz aborts unless --discount_fallback);
 *   - P(w | c) = (a(cw) - D(a(cw))) / sum_v a(cv) + gamma(c) P(w | c'),
 *     gamma(c) = sum_j D_j N_j(c.) / sum_v a(cv), the back-off weight of c;
 *     the unigram level is interpolated with the uniform distribution over
 *     the vocabulary without <s>, so an unseen <unk> gets gamma/|V|;
 *     <s> gets probability 1 (log10 0), as KenLM writes it.
 *   KenLM's one quirk (the suffixes of the corpus's last n-gram enter its
 *   discount statistics with raw counts) is not replicated.
 *
 * add-k: seen n-grams get (c(cw) + k) / (sum_v c(cv) + k |V|) at every
 * order; the rest of each context's mass goes to the order below through
 * the back-off weight (1 - sum seen P) / (1 - sum seen P_lower), so the
 * model is normalised and fits ARPA; unigrams are exactly add-k. */
#ifndef LM_NGRAM_KN_H
#define LM_NGRAM_KN_H

#include "ngram_count.h"
#include "ngram_model.h"

enum lm_smoothing { LM_SMOOTH_MKN, LM_SMOOTH_KN, LM_SMOOTH_ADDK };

const char *lm_smoothing_name(int s);
int lm_smoothing_parse(const char *s);   /* -1 if unknown */

/* Estimates G from C (whose arrays are taken over and freed: estimation
 * needs no memory beyond the counts plus two floats per n-gram). */
void ngram_estimate(lm_counts *c, int smoothing, double add_k, lm_ngram *g);

#endif
