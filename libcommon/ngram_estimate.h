/* ngram_estimate.h — estimating a back-off model from counts: interpolated
 * modified Kneser-Ney (KenLM lmplz's method), Kneser-Ney with one discount
 * per order, and add-k.
 *
 * Kneser-Ney (mkn, kn), by the book and as lmplz does it, in lmplz's
 * stages, one file each:
 *   1. adjust (ngram_adjust.c): adjusted counts a(g) are raw counts for
 *      the top order and for n-grams that start with <s>; otherwise the
 *      number of distinct words seen before g (continuation counts).  In
 *      char/byte mode the start of the stream counts as one such word for
 *      the n-grams found there;
 *   2. discount (ngram_discount.c): per order from the counts-of-counts
 *      n1..n4 of a(.): Y = n1/(n1+2 n2), D_j = j - (j+1) Y n_{j+1}/n_j
 *      (mkn, j = 1, 2, 3+), D = Y (kn).  When they cannot be estimated
 *      (some n_j is 0, or a D_j falls outside [0, j]) the order falls back
 *      to D = 0.5, 1, 1.5 with a warning (lmplz aborts unless
 *      --discount_fallback);
 *   3. initial probabilities (ngram_initial.c): per context c,
 *      gamma(c) = sum_j D_j N_j(c.) / sum_v a(cv), its back-off weight;
 *      per n-gram u(w | c) = (a(cw) - D(a(cw))) / sum_v a(cv);
 *   4. interpolate (ngram_interpolate.c): P(w | c) = u(w | c) + gamma(c)
 *      P(w | c'); the unigram level is interpolated with the uniform
 *      distribution over the vocabulary without <s>, so an unseen <unk>
 *      gets gamma/|V|; <s> gets probability 1 (log10 0), as KenLM writes it;
 *   5. output (ngram_estimate.c): log10 probabilities and back-off weights
 *      in the model table, on the counts' trie.
 *   KenLM's one quirk (the suffixes of the corpus's last n-gram enter its
 *   discount statistics with raw counts) is not replicated.
 *
 * add-k (ngram_addk.c): seen n-grams get (c(cw) + k) / (sum_v c(cv) + k |V|)
 * at every order; the rest of each context's mass goes to the order below
 * through the back-off weight (1 - sum seen P) / (1 - sum seen P_lower), so
 * the model is normalised and fits ARPA; unigrams are exactly add-k. */
#ifndef LM_NGRAM_ESTIMATE_H
#define LM_NGRAM_ESTIMATE_H

#include <stddef.h>
#include <stdint.h>

#include "ngram.h"
#include "ngram_count.h"

enum lm_smoothing { LM_SMOOTH_MKN, LM_SMOOTH_KN, LM_SMOOTH_ADDK };

/* "mkn", "kn", "addk", by enum lm_smoothing; NULL-terminated. */
extern const char *const lm_smoothing_names[];
const char *lm_smoothing_name(int s);

/* Estimates G from C, which it only reads (G gets copies of C's
 * vocabulary and trie). */
void ngram_estimate(const lm_counts *c, int smoothing, double add_k, lm_ngram *g);
/* The same, G taking C's trie (its word and parent arrays) over instead
 * of copying it, for a caller done with it: C keeps its vocabulary and
 * counts (what ngram_prune needs), and the peak is 8 bytes per n-gram
 * lower.  The estimate itself only reads C. */
void ngram_estimate_take(lm_counts *c, int smoothing, double add_k, lm_ngram *g);

/* Kneser-Ney (mkn, kn) estimated and written as a model stream to FP one
 * order at a time, the stream byte-identical to ngram_estimate then
 * ngram_write.  C's levels are freed as soon as the orders above no
 * longer need them (C is left with its vocabulary): after order k is
 * interpolated, order k-1 is written and dropped, so the peak is about
 * the two largest adjacent orders' counts and working arrays (roughly
 * 40 bytes per n-gram of the lower and 20 of the upper) beside the
 * levels not yet reached (12 bytes an n-gram).  With TEMP_DIR, those
 * wait in temporary files there instead, with their adjusted counts in
 * place of the raw ones (C's counts are consumed): 28 bytes an n-gram of
 * the lower order and 20 of the upper, and nothing else
 * (ngram_estimate_write.c).  With ARPA_FP (and no TEMP_DIR), the same
 * model as ARPA text too (ngram_arpa.h's arpa_writer, formatting the
 * orders below the top on a second thread while the orders above are
 * estimated); the levels' words and parents then stay to the end. */
void ngram_estimate_write(lm_counts *c, int smoothing, FILE *fp, const char *name,
                          FILE *arpa_fp, const char *arpa_name, const char *temp_dir);

/* log10 P as the model stores it: -99 for 0 (or below 1e-99), at most 0. */
float ngram_to_log10(double p);

/* ---- the stages --------------------------------------------------------------- */

/* 1. The adjusted counts of order K < C's order (BOS: <s>, or LM_NO_ID
 *    outside word mode).  Fresh array. */
uint32_t *ngram_adjust_counts(const lm_counts *c, int k, uint32_t bos);
/*    The same into A, which may be order K's count array itself (the
 *    raw counts replaced by the adjusted ones; order K+1's stay raw). */
void ngram_adjust_into(const lm_counts *c, int k, uint32_t bos, uint32_t *a);

/* 2. The discounts of order K (for the warning) from its adjusted counts
 *    A[0..n); SMOOTHING mkn or kn. */
typedef struct ngram_discount {
    double d[4];          /* d[a] for adjusted count a = 1, 2, 3+ (d[0] = 0) */
} ngram_discount;
ngram_discount ngram_discounts(const uint32_t *a, size_t n, int k, int smoothing);
static inline double discount_of(const ngram_discount *D, uint32_t a)
{
    return D->d[a < 3 ? a : 3];
}

/* 3. For N n-grams with adjusted counts A and contexts CTX (NULL: all one
 *    context, the unigrams') among NCTX contexts: per context DEN[x] =
 *    sum_v a(xv) and GAMMA[x] (1 for a context without counts, DEN 0).
 *    Fresh arrays.  An n-gram's initial (uninterpolated) probability is
 *    ngram_initial_p, computed where it is interpolated: stored, it would
 *    cost 8 bytes per n-gram of the order at the estimator's peak. */
void ngram_initial(const uint32_t *a, const uint32_t *ctx, size_t n, size_t nctx,
                   const ngram_discount *D, double **den, double **gamma);
static inline double ngram_initial_p(uint32_t a, const ngram_discount *D, double den)
{
    return (a - discount_of(D, a)) / den;
}

/* 4. P[i] = u(i) + GAMMA[CTX[i]] PLOW[PARENT[i]] (PLOW[PARENT[i]] where
 *    the context has no counts), linear, PLOW linear too; the unigrams'
 *    P[w] = u(w) + GAMMA / NV (1 / NV without counts; NV = |V| without
 *    <s>), P[BOS] = 1. */
void ngram_interpolate(const uint32_t *a, const ngram_discount *D, const double *den,
                       const double *gamma, const uint32_t *ctx, const uint32_t *parent,
                       const float *plow, size_t n, float *p);
void ngram_interpolate_uniform(const uint32_t *a, const ngram_discount *D, double den,
                               double gamma, size_t n, double nv, uint32_t bos, float *p);
/*    The back-off weights: BO[x] = log10 GAMMA[x] (-99 for 0). */
void ngram_backoffs(const double *gamma, size_t nctx, float *bo);

/* add-k, all orders: linear probabilities P[k] and log10 back-off weights
 * BO[k] (k < order), fresh arrays. */
void ngram_addk(const lm_counts *c, double k, uint32_t bos, double nv, float **p, float **bo);

#endif
