/* ngram_estimate.c — the estimator: the Kneser-Ney stages in order (or
 * add-k), then the output into the model table.  See ngram_estimate.h.
 *
 * Memory beyond the counts, which are only read: the model (16 bytes per
 * n-gram, 12 at the top order), the adjusted counts (4 bytes per n-gram
 * below the top order, each order freed once the order above is done), and
 * per order while it is processed 8 bytes per n-gram and 16 per context. */
#include "ngram_estimate.h"
#include "util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const lm_smoothing_names[] = { "mkn", "kn", "addk", NULL };

const char *lm_smoothing_name(int s)
{
    return s >= 0 && s <= LM_SMOOTH_ADDK ? lm_smoothing_names[s] : "?";
}

/* Stages 1-4 over every order: linear probabilities P[k], log10 back-off
 * weights BO[k] (k < order). */
static void kneser_ney(const lm_counts *c, int smoothing, uint32_t bos, double nv,
                       float **p, float **bo)
{
    const int N = c->order;
    uint32_t *adj[LM_NGRAM_MAX_ORDER + 1] = { 0 };
    const uint32_t *a[LM_NGRAM_MAX_ORDER + 1];         /* the adjusted counts of each order */
    for (int k = 1; k < N; k++) a[k] = adj[k] = ngram_adjust_counts(c, k, bos);
    a[N] = c->lv[N].count;
    ngram_discount D[LM_NGRAM_MAX_ORDER + 1];
    for (int k = 1; k <= N; k++) D[k] = ngram_discounts(a[k], c->lv[k].n, k, smoothing);

    double *u, *gamma;
    size_t V = c->lv[1].n;
    ngram_initial(a[1], NULL, V, 1, &D[1], &u, &gamma);
    p[1] = xmalloc(xmul(V ? V : 1, sizeof *p[1]));
    ngram_interpolate_uniform(u, gamma[0], V, nv, bos, p[1]);
    free(u);
    free(gamma);

    uint32_t *ctx_prev = NULL;
    for (int k = 2; k <= N; k++) {
        const lm_ngram_level *H = &c->lv[k];
        size_t nctx = c->lv[k - 1].n;
        uint32_t *ctx = level_contexts(c->lv, k, ctx_prev);
        ngram_initial(a[k], ctx, H->n, nctx, &D[k], &u, &gamma);
        p[k] = xmalloc(xmul(H->n ? H->n : 1, sizeof *p[k]));
        ngram_interpolate(u, gamma, ctx, H->parent, p[k - 1], H->n, p[k]);
        bo[k - 1] = xmalloc(xmul(nctx ? nctx : 1, sizeof *bo[k - 1]));
        ngram_backoffs(gamma, nctx, bo[k - 1]);
        free(u);
        free(gamma);
        free(adj[k - 1]);
        free(ctx_prev);
        ctx_prev = ctx;
    }
    free(ctx_prev);
}

static float to_log10(double p)
{
    if (!(p > 1e-99)) return -99.0f;
    double l = log10(p);
    return l > 0 ? 0.0f : (float)l;
}

static uint32_t *copy_u32s(const uint32_t *v, size_t n)
{
    uint32_t *c = xmalloc(xmul(n ? n : 1, sizeof *c));
    if (n) memcpy(c, v, n * sizeof *c);
    return c;
}

/* Stage 5: G holds C's trie and the probabilities P as log10. */
static void output(const lm_counts *c, float **p, float **bo, lm_ngram *g)
{
    for (int k = 1; k <= c->order; k++) {
        const lm_ngram_level *L = &c->lv[k];
        g->lv[k].n = L->n;
        g->lv[k].word = copy_u32s(L->word, L->n);
        if (k > 1) g->lv[k].parent = copy_u32s(L->parent, L->n);
        for (size_t i = 0; i < L->n; i++) p[k][i] = to_log10(p[k][i]);
        g->logp[k] = p[k];
        g->bo[k] = bo[k];
    }
    ngram_index(g);
}

void ngram_estimate(const lm_counts *c, int smoothing, double add_k, lm_ngram *g)
{
    memset(g, 0, sizeof *g);
    vocab_copy(&g->vocab, &c->vocab);
    g->order = c->order;
    snprintf(g->smoothing, sizeof g->smoothing, "%s", lm_smoothing_name(smoothing));
    const uint32_t bos = g->vocab.mode == LM_MODE_WORD ? g->vocab.bos : LM_NO_ID;
    const double nv = g->vocab.n - (bos != LM_NO_ID ? 1 : 0);   /* |V| without <s> */
    float *p[LM_NGRAM_MAX_ORDER + 1] = { 0 }, *bo[LM_NGRAM_MAX_ORDER + 1] = { 0 };
    if (smoothing == LM_SMOOTH_ADDK) ngram_addk(c, add_k, bos, nv, p, bo);
    else kneser_ney(c, smoothing, bos, nv, p, bo);
    output(c, p, bo, g);
}
