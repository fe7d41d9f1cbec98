/* ngram_discount.c — stage 2 of Kneser-Ney: each order's discounts from
 * its counts-of-counts.  See ngram_estimate.h. */
#include "ngram_estimate.h"
#include "util.h"

#include <stdio.h>

ngram_discount ngram_discounts(const uint32_t *a, size_t n, int k, int smoothing)
{
    uint64_t nc[5] = { 0 };
    for (size_t i = 0; i < n; i++)
        if (a[i] >= 1 && a[i] <= 4) nc[a[i]]++;
    ngram_discount D = { { 0, 0.5, 1.0, 1.5 } };
    char why[160] = "";
    int top = smoothing == LM_SMOOTH_KN ? 2 : 4;
    for (int j = 1; j <= top && !why[0]; j++)
        if (nc[j] == 0) snprintf(why, sizeof why, "no n-grams with adjusted count %d", j);
    if (!why[0]) {
        double y = (double)nc[1] / ((double)nc[1] + 2.0 * (double)nc[2]);
        if (smoothing == LM_SMOOTH_KN) {
            D.d[1] = D.d[2] = D.d[3] = y;
        } else {
            for (int j = 1; j <= 3 && !why[0]; j++) {
                D.d[j] = j - (j + 1) * y * (double)nc[j + 1] / (double)nc[j];
                if (D.d[j] < 0 || D.d[j] > j)
                    snprintf(why, sizeof why, "discount D%d = %g is outside [0, %d]", j, D.d[j], j);
            }
        }
    }
    if (why[0]) {
        D = (ngram_discount){ { 0, 0.5, 1.0, 1.5 } };
        if (smoothing == LM_SMOOTH_KN) D.d[1] = D.d[2] = D.d[3] = 0.75;
        warnx_lm("warning: order %d: %s (small or artificial data?); using %s", k, why,
                 smoothing == LM_SMOOTH_KN ? "D=0.75" : "D1=0.5 D2=1 D3+=1.5");
    }
    return D;
}
