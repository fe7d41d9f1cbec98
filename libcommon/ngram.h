/* ngram.h — the back-off n-gram table: the suffix trie of ngram_count.h
 * with a log10 probability per n-gram and a log10 back-off weight per
 * context, and its lookups.  What estimates it (ngram_estimate.h), reads
 * and writes it (ngram_model.h, ngram_arpa.h) and prunes it
 * (ngram_prune.h) all meet here; the model interface of model.h wraps it
 * in ngram_model.h.
 *
 * Each entry of order k holds log10 P(w_k | w_1..w_{k-1}) (as in ARPA) and,
 * below the top order, the log10 back-off weight of w_1..w_k as a context.
 * P(w | c) is the entry's probability for the longest stored c' w (c' a
 * suffix of c), times the back-off weights of the contexts longer than c'.
 * A lookup walks the trie from w leftwards: O(order) binary searches. */
#ifndef LM_NGRAM_H
#define LM_NGRAM_H

#include <stdint.h>

#include "ngram_count.h"
#include "ngram_table.h"
#include "vocab.h"

typedef struct lm_ngram {
    lm_vocab vocab;
    int order;
    char smoothing[8];
    lm_ngram_level lv[LM_NGRAM_MAX_ORDER + 1];   /* word, parent (count unused) */
    float *logp[LM_NGRAM_MAX_ORDER + 1];         /* log10 probability */
    float *bo[LM_NGRAM_MAX_ORDER + 1];           /* log10 back-off, orders < order */
    uint32_t *first[LM_NGRAM_MAX_ORDER + 1];     /* first[k]: children in order k+1 */
    /* The forward index, built at load time when the caller will ask for
     * whole distributions (LM_LOAD_DISTRIBUTIONS; building it costs about
     * as much as a few hundred of them without it, which a scorer never
     * asks for): for order k >= 2, the entries grouped by context (an entry
     * of order k-1), as (last word, log10 p) pairs; fwd_first[k][c] .. [c+1]. */
    uint32_t *fwd_first[LM_NGRAM_MAX_ORDER + 1];
    uint32_t *fwd_word[LM_NGRAM_MAX_ORDER + 1];
    float *fwd_logp[LM_NGRAM_MAX_ORDER + 1];
    /* A model mapped from a version-2 stream for scoring (ngram_model.h's
     * ngram_map_body): the lookup tables of ngram_table.h, read in place,
     * and nothing else (lv[k].n, but no word, parent, logp or bo arrays,
     * no first[]).  Every lookup below goes through tab[] when tab[1].slot
     * is set, with the same sums, so the numbers are those of the trie. */
    ngram_table tab[LM_NGRAM_MAX_ORDER + 1];
    void *map;            /* the mapping tab[] points into, or NULL */
    size_t map_size;
    char *name;           /* the file, for messages (or NULL) */
} lm_ngram;

/* Builds first[] from the parent arrays (after estimation or reading). */
void ngram_index(lm_ngram *g);
void ngram_free(lm_ngram *g);
/* Order K's arrays freed and cleared (lv[k].n stays), G otherwise intact. */
void ngram_free_order(lm_ngram *g, int k);

/* Builds the forward index (8 bytes per n-gram, 4 per context). */
void ngram_forward_index(lm_ngram *g);

/* log10 P(w | ctx), ctx[0] the most recent token, nctx < order. */
double ngram_log10(const lm_ngram *g, const uint32_t *ctx, int nctx, uint32_t w);
/* The same, and in *MATCHED the length of the longest stored n-gram
 * ctx[m-2..0] w it used (1: the unigram; KenLM's query calls it
 * ngram_length, SRILM's -debug 2 prints it as "[Ngram]"). */
double ngram_log10_matched(const lm_ngram *g, const uint32_t *ctx, int nctx, uint32_t w, int *matched);

/* Scoring left to right.  A cursor carries the context and the trie
 * nodes of its stored suffixes: the walk that finds a token's longest
 * match finds exactly the nodes of the next context, so each token costs
 * one walk instead of two (the match, then the back-off weights), and the
 * sums are those of ngram_log10, in the same order, to the last bit. */
typedef struct ngram_cursor {
    int nctx, found;                          /* context length; nodes stored */
    uint32_t ctx[LM_NGRAM_MAX_ORDER];         /* most recent first */
    uint32_t node[LM_NGRAM_MAX_ORDER + 1];    /* node[L]: the context ctx[0..L) */
} ngram_cursor;

void ngram_cursor_set(const lm_ngram *g, ngram_cursor *c, const uint32_t *ctx, int nctx);

/* log10 P(w | the cursor's context), *matched = the order of the longest
 * n-gram found (KenLM's ngram_length); then w joins the context (the
 * oldest token leaves it once it holds order-1). */
double ngram_cursor_next(const lm_ngram *g, ngram_cursor *c, uint32_t w, int *matched);

/* The whole next-token distribution after ctx[0..nctx) as natural logs,
 * g->vocab.n floats; <s> gets -inf in word mode (it is context only).
 * Through the forward index when it is built, else one walk per word. */
void ngram_distribution(const lm_ngram *g, const uint32_t *ctx, int nctx, float *logp);

#endif
