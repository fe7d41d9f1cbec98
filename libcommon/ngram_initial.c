/* ngram_initial.c — stage 3 of Kneser-Ney: per context its denominator
 * and back-off weight gamma (the n-grams' initial probabilities follow
 * from them, ngram_initial_p).  See ngram_estimate.h. */
#include "ngram_estimate.h"
#include "util.h"

void ngram_initial(const uint32_t *a, const uint32_t *ctx, size_t n, size_t nctx,
                   const ngram_discount *D, double **den, double **gamma)
{
    double *s = xcalloc(nctx ? nctx : 1, sizeof *s);
    double *g = xcalloc(nctx ? nctx : 1, sizeof *g);      /* discounted mass, then gamma */
    for (size_t i = 0; i < n; i++) {
        size_t x = ctx ? ctx[i] : 0;
        s[x] += a[i];
        g[x] += discount_of(D, a[i]);
    }
    for (size_t x = 0; x < nctx; x++) g[x] = s[x] > 0 ? g[x] / s[x] : 1;
    *den = s;
    *gamma = g;
}
