/* ngram_interpolate.c — stage 4 of Kneser-Ney: each order interpolated
 * with the one below (the unigrams with the uniform distribution), and the
 * back-off weights.  See ngram_estimate.h. */
#include "ngram_estimate.h"

#include <math.h>

void ngram_interpolate(const uint32_t *a, const ngram_discount *D, const double *den,
                       const double *gamma, const uint32_t *ctx, const uint32_t *parent,
                       const float *plow, size_t n, float *p)
{
    for (size_t i = 0; i < n; i++) {
        uint32_t x = ctx[i];
        p[i] = den[x] > 0 ? (float)(ngram_initial_p(a[i], D, den[x]) + gamma[x] * plow[parent[i]])
                          : plow[parent[i]];
    }
}

void ngram_interpolate_uniform(const uint32_t *a, const ngram_discount *D, double den,
                               double gamma, size_t n, double nv, uint32_t bos, float *p)
{
    for (size_t w = 0; w < n; w++) {
        if (w == bos) p[w] = 1.0f;
        else if (den > 0) p[w] = (float)(ngram_initial_p(a[w], D, den) + gamma / nv);
        else p[w] = (float)(1.0 / nv);
    }
}

void ngram_backoffs(const double *gamma, size_t nctx, float *bo)
{
    for (size_t x = 0; x < nctx; x++) bo[x] = gamma[x] > 0 ? (float)log10(gamma[x]) : -99.0f;
}
