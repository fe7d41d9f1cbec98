/* ngram_prune.c — count-threshold pruning with back-off weights
 * recomputed.  See ngram_prune.h.
 *
 * Three passes: mark what to keep from the top order down (an entry is
 * kept for its count or because a kept entry above uses it as suffix or
 * context); sum, per context, the kept entries' probabilities and those of
 * their suffixes, giving the new back-off weights; then compact every
 * order, renumbering the parents. */
#include "ngram_prune.h"
#include "util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void ngram_prune(lm_ngram *g, const uint32_t *const *raw, const uint64_t *min)
{
    const int N = g->order;
    if (N < 2) return;
    uint8_t *keep[LM_NGRAM_MAX_ORDER + 1] = { 0 };
    for (int k = 1; k <= N; k++) {
        size_t n = g->lv[k].n;
        keep[k] = xmalloc(n ? n : 1);
        for (size_t i = 0; i < n; i++) keep[k][i] = k == 1 || raw[k][i] >= min[k];
    }
    ngram_prune_marked(g, keep);
    for (int k = 1; k <= N; k++) free(keep[k]);
}

void ngram_prune_marked(lm_ngram *g, uint8_t *const *keep)
{
    const int N = g->order;
    if (N < 2) return;
    uint32_t *ctx[LM_NGRAM_MAX_ORDER + 1] = { 0 };
    for (int k = 2; k <= N; k++) ctx[k] = level_contexts(g->lv, k, ctx[k - 1]);
    for (int k = N; k >= 3; k--)
        for (size_t i = 0; i < g->lv[k].n; i++)
            if (keep[k][i]) keep[k - 1][g->lv[k].parent[i]] = keep[k - 1][ctx[k][i]] = 1;

    /* back-off weights of the contexts at orders 1..N-1 */
    for (int k = 2; k <= N; k++) {
        size_t np = g->lv[k - 1].n;
        double *s1 = xcalloc(np ? np : 1, sizeof *s1), *s2 = xcalloc(np ? np : 1, sizeof *s2);
        uint8_t *has = xcalloc(np ? np : 1, 1);
        for (size_t i = 0; i < g->lv[k].n; i++) {
            uint32_t c = ctx[k][i];
            has[c] = 1;
            if (!keep[k][i]) continue;
            s1[c] += pow(10.0, g->logp[k][i]);
            s2[c] += pow(10.0, g->logp[k - 1][g->lv[k].parent[i]]);
        }
        for (size_t c = 0; c < np; c++) {
            if (!has[c]) continue;
            double left = 1 - s1[c], lower = 1 - s2[c];
            g->bo[k - 1][c] = left > 0 && lower > 0 ? (float)log10(left / lower) : 0.0f;
        }
        free(s1);
        free(s2);
        free(has);
    }

    /* compact, renumbering parents */
    uint32_t *newidx = NULL;
    for (int k = 2; k <= N; k++) {
        lm_ngram_level *L = &g->lv[k];
        uint32_t *next = xmalloc(xmul(L->n ? L->n : 1, sizeof *next));
        size_t m = 0;
        for (size_t i = 0; i < L->n; i++) {
            if (!keep[k][i]) continue;
            next[i] = (uint32_t)m;
            L->word[m] = L->word[i];
            L->parent[m] = k == 2 ? L->parent[i] : newidx[L->parent[i]];
            g->logp[k][m] = g->logp[k][i];
            if (k < N) g->bo[k][m] = g->bo[k][i];
            m++;
        }
        L->n = m;
        free(newidx);
        newidx = next;
    }
    free(newidx);
    for (int k = 1; k <= N; k++) free(ctx[k]);
    ngram_index(g);
}
