/* ngram_entropy.c — entropy-based pruning.  See ngram_entropy.h.
 *
 * One pass per order over the entries: P(h) of every entry as a history
 * (log10, by the chain rule, an order from the one below through the
 * entry's context), the probability mass left after each context, D for
 * each entry; then ngram_prune_marked. */
#include "ngram_entropy.h"
#include "ngram_prune.h"
#include "util.h"

#include <math.h>
#include <stdlib.h>

void ngram_prune_entropy(lm_ngram *g, double threshold)
{
    const int N = g->order;
    if (N < 2) return;
    uint8_t *keep[LM_NGRAM_MAX_ORDER + 1] = { 0 };
    uint32_t *ctx[LM_NGRAM_MAX_ORDER + 1] = { 0 };
    double *hist[LM_NGRAM_MAX_ORDER + 1] = { 0 };     /* log10 P(entry as a history) */
    size_t n1 = g->lv[1].n;
    keep[1] = xmalloc(n1 ? n1 : 1);
    hist[1] = xmalloc(xmul(n1 ? n1 : 1, sizeof *hist[1]));
    for (size_t w = 0; w < n1; w++) {
        keep[1][w] = 1;
        hist[1][w] = g->logp[1][w];
    }
    if (g->vocab.mode == LM_MODE_WORD && g->vocab.bos < n1 && g->vocab.eos < n1)
        hist[1][g->vocab.bos] = g->logp[1][g->vocab.eos];
    for (int k = 2; k <= N; k++) {
        const lm_ngram_level *L = &g->lv[k];
        size_t n = L->n, nc = g->lv[k - 1].n;
        ctx[k] = level_contexts(g->lv, k, ctx[k - 1]);
        keep[k] = xmalloc(n ? n : 1);
        if (k < N) hist[k] = xmalloc(xmul(n ? n : 1, sizeof *hist[k]));
        /* the mass each context leaves to back-off, at its order and below */
        double *left = xmalloc(xmul(nc ? nc : 1, sizeof *left));
        double *lower = xmalloc(xmul(nc ? nc : 1, sizeof *lower));
        for (size_t c = 0; c < nc; c++) left[c] = lower[c] = 1;
        for (size_t i = 0; i < n; i++) {
            left[ctx[k][i]] -= pow(10.0, g->logp[k][i]);
            lower[ctx[k][i]] -= pow(10.0, g->logp[k - 1][L->parent[i]]);
        }
        for (size_t i = 0; i < n; i++) {
            uint32_t c = ctx[k][i];
            double lp = g->logp[k][i] * M_LN10, lq = g->logp[k - 1][L->parent[i]] * M_LN10;
            double p = exp(lp), q = exp(lq);
            double bo = g->bo[k - 1][c] * M_LN10;
            double bo_new = log((left[c] + p) / (lower[c] + q));
            double ph = exp(hist[k - 1][c] * M_LN10);
            double d = -ph * (p * (lq + bo_new - lp) + (bo_new - bo) * left[c]);
            keep[k][i] = expm1(d) >= threshold;
            if (k < N) hist[k][i] = hist[k - 1][c] + g->logp[k][i];
        }
        free(left);
        free(lower);
    }
    ngram_prune_marked(g, keep);
    for (int k = 1; k <= N; k++) {
        free(keep[k]);
        free(ctx[k]);
        free(hist[k]);
    }
}
