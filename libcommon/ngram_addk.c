/* ngram_addk.c — add-k estimation, every order from the raw counts, with
 * the back-off weights that normalise it.  See ngram_estimate.h. */
#include "ngram_estimate.h"
#include "util.h"

#include <math.h>
#include <stdlib.h>

void ngram_addk(const lm_counts *c, double k, uint32_t bos, double nv, float **p, float **bo)
{
    const lm_ngram_level *U = &c->lv[1];
    double den = 0;
    for (size_t w = 0; w < U->n; w++) den += U->count[w];
    p[1] = xmalloc(xmul(U->n ? U->n : 1, sizeof *p[1]));
    for (size_t w = 0; w < U->n; w++)
        p[1][w] = w == bos ? 1.0f : (float)((U->count[w] + k) / (den + k * nv));

    uint32_t *ctx_prev = NULL;
    for (int o = 2; o <= c->order; o++) {
        const lm_ngram_level *H = &c->lv[o], *P = &c->lv[o - 1];
        uint32_t *ctx = level_contexts(c->lv, o, ctx_prev);
        const float *plow = p[o - 1];
        /* per context: the sum of its counts, the seen words' probability
         * one order below, the number of words seen */
        double *sum = xcalloc(P->n ? P->n : 1, sizeof *sum);
        double *lower = xcalloc(P->n ? P->n : 1, sizeof *lower);
        uint32_t *seen = xcalloc(P->n ? P->n : 1, sizeof *seen);
        for (size_t i = 0; i < H->n; i++) {
            uint32_t x = ctx[i];
            sum[x] += H->count[i];
            lower[x] += plow[H->parent[i]];
            seen[x]++;
        }
        p[o] = xmalloc(xmul(H->n ? H->n : 1, sizeof *p[o]));
        for (size_t i = 0; i < H->n; i++)
            p[o][i] = (float)((H->count[i] + k) / (sum[ctx[i]] + k * nv));
        bo[o - 1] = xmalloc(xmul(P->n ? P->n : 1, sizeof *bo[o - 1]));
        for (size_t j = 0; j < P->n; j++) {
            double b = 1;
            if (sum[j] > 0) {
                double left = 1 - (sum[j] + k * seen[j]) / (sum[j] + k * nv);
                if (left > 0 && 1 - lower[j] > 0) b = left / (1 - lower[j]);
            }
            bo[o - 1][j] = b > 0 ? (float)log10(b) : -99.0f;
        }
        free(sum);
        free(lower);
        free(seen);
        free(ctx_prev);
        ctx_prev = ctx;
    }
    free(ctx_prev);
}
