/* ngram_interpolate.c — stage 4 of Kneser-Ney: each order interpolated
 * with the one below (the unigrams with the uniform distribution), and the
 * back-off weights.  See ngram_estimate.h. */
#include "ngram_estimate.h"

#include <math.h>

void ngram_interpolate(const double *u, const double *gamma, const uint32_t *ctx,
                       const uint32_t *parent, const float *plow, size_t n, float *p)
{
    for (size_t i = 0; i < n; i++) p[i] = (float)(u[i] + gamma[ctx[i]] * plow[parent[i]]);
}

void ngram_interpolate_uniform(const double *u, double gamma, size_t n, double nv,
                               uint32_t bos, float *p)
{
    for (size_t w = 0; w < n; w++) p[w] = w == bos ? 1.0f : (float)(u[w] + gamma / nv);
}

void ngram_backoffs(const double *gamma, size_t nctx, float *bo)
{
    for (size_t x = 0; x < nctx; x++) bo[x] = gamma[x] > 0 ? (float)log10(gamma[x]) : -99.0f;
}
