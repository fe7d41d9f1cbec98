/* ngram_initial.c — stage 3 of Kneser-Ney: per context its denominator
 * and back-off weight gamma, per n-gram its uninterpolated probability.
 * See ngram_estimate.h. */
#include "ngram_estimate.h"
#include "util.h"

#include <stdlib.h>

void ngram_initial(const uint32_t *a, const uint32_t *ctx, size_t n, size_t nctx,
                   const ngram_discount *D, double **u, double **gamma)
{
    double *den = xcalloc(nctx ? nctx : 1, sizeof *den);
    double *g = xcalloc(nctx ? nctx : 1, sizeof *g);      /* discounted mass, then gamma */
    for (size_t i = 0; i < n; i++) {
        size_t x = ctx ? ctx[i] : 0;
        den[x] += a[i];
        g[x] += discount_of(D, a[i]);
    }
    double *ui = xmalloc(xmul(n ? n : 1, sizeof *ui));
    for (size_t i = 0; i < n; i++) {
        size_t x = ctx ? ctx[i] : 0;
        ui[i] = den[x] > 0 ? (a[i] - discount_of(D, a[i])) / den[x] : 0;
    }
    for (size_t x = 0; x < nctx; x++) g[x] = den[x] > 0 ? g[x] / den[x] : 1;
    free(den);
    *u = ui;
    *gamma = g;
}
