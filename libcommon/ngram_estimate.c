/* ngram_estimate.c — the estimator: the Kneser-Ney stages in order (or
 * add-k), then the output into the model table.  See ngram_estimate.h.
 *
 * Memory beyond the counts, which the stages only read: the model (16
 * bytes per n-gram, 12 at the top order; 8 less with ngram_estimate_take),
 * the adjusted counts (4 bytes per n-gram below the top order, each order
 * freed once it is interpolated), and per order while it is processed 4
 * bytes per n-gram and 20 per context. */
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

    double *den, *gamma;
    size_t V = c->lv[1].n;
    ngram_initial(a[1], NULL, V, 1, &D[1], &den, &gamma);
    p[1] = xmalloc(xmul(V ? V : 1, sizeof *p[1]));
    ngram_interpolate_uniform(a[1], &D[1], den[0], gamma[0], V, nv, bos, p[1]);
    free(den);
    free(gamma);
    free(adj[1]);

    uint32_t *ctx_prev = NULL;
    for (int k = 2; k <= N; k++) {
        const lm_ngram_level *H = &c->lv[k];
        size_t nctx = c->lv[k - 1].n;
        uint32_t *ctx = level_contexts(c->lv, k, ctx_prev);
        ngram_initial(a[k], ctx, H->n, nctx, &D[k], &den, &gamma);
        p[k] = xmalloc(xmul(H->n ? H->n : 1, sizeof *p[k]));
        ngram_interpolate(a[k], &D[k], den, gamma, ctx, H->parent, p[k - 1], H->n, p[k]);
        free(adj[k]);
        bo[k - 1] = xmalloc(xmul(nctx ? nctx : 1, sizeof *bo[k - 1]));
        ngram_backoffs(gamma, nctx, bo[k - 1]);
        free(den);
        free(gamma);
        free(ctx_prev);
        ctx_prev = ctx;
    }
    free(ctx_prev);
}

float ngram_to_log10(double p)
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

/* Stages 1-5: G with the probabilities P as log10, but without its trie. */
static void estimate(const lm_counts *c, int smoothing, double add_k, lm_ngram *g)
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
    /* stage 5, output */
    for (int k = 1; k <= c->order; k++) {
        for (size_t i = 0; i < c->lv[k].n; i++) p[k][i] = ngram_to_log10(p[k][i]);
        g->logp[k] = p[k];
        g->bo[k] = bo[k];
        g->lv[k].n = c->lv[k].n;
    }
}

void ngram_estimate(const lm_counts *c, int smoothing, double add_k, lm_ngram *g)
{
    estimate(c, smoothing, add_k, g);
    for (int k = 1; k <= c->order; k++) {
        g->lv[k].word = copy_u32s(c->lv[k].word, c->lv[k].n);
        if (k > 1) g->lv[k].parent = copy_u32s(c->lv[k].parent, c->lv[k].n);
    }
    ngram_index(g);
}

void ngram_estimate_take(lm_counts *c, int smoothing, double add_k, lm_ngram *g)
{
    estimate(c, smoothing, add_k, g);
    for (int k = 1; k <= c->order; k++) {
        g->lv[k].word = c->lv[k].word;
        g->lv[k].parent = c->lv[k].parent;
        c->lv[k].word = c->lv[k].parent = NULL;
    }
    ngram_index(g);
}
