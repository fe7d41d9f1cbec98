/* ngram.c — the back-off n-gram table: its indexes and lookups.  See
 * ngram.h. */
#include "ngram.h"
#include "util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define LN10 2.302585092994045684

void ngram_index(lm_ngram *g)
{
    for (int k = 1; k < g->order; k++) {
        free(g->first[k]);
        g->first[k] = level_first_child(&g->lv[k + 1], g->lv[k].n);
    }
}

void ngram_free_order(lm_ngram *g, int k)
{
    free(g->lv[k].word);
    free(g->lv[k].parent);
    free(g->lv[k].count);
    free(g->logp[k]);
    free(g->bo[k]);
    free(g->first[k]);
    free(g->fwd_first[k]);
    free(g->fwd_word[k]);
    free(g->fwd_logp[k]);
    g->lv[k].word = g->lv[k].parent = g->lv[k].count = NULL;
    g->logp[k] = g->bo[k] = g->fwd_logp[k] = NULL;
    g->first[k] = g->fwd_first[k] = g->fwd_word[k] = NULL;
}

void ngram_free(lm_ngram *g)
{
    for (int k = 1; k <= LM_NGRAM_MAX_ORDER; k++) ngram_free_order(g, k);
    vocab_free(&g->vocab);
    if (g->map) munmap(g->map, g->map_size);
    free(g->name);
    memset(g, 0, sizeof *g);
}

void ngram_forward_index(lm_ngram *g)
{
    uint32_t *ctx_prev = NULL, *last_prev = NULL;
    for (int k = 2; k <= g->order; k++) {
        const lm_ngram_level *L = &g->lv[k];
        size_t n = L->n, nc = g->lv[k - 1].n;
        uint32_t *ctx = level_contexts(g->lv, k, ctx_prev);
        uint32_t *last = xmalloc(xmul(n ? n : 1, sizeof *last));
        for (size_t i = 0; i < n; i++) last[i] = k == 2 ? L->parent[i] : last_prev[L->parent[i]];
        uint32_t *first = xcalloc(nc + 2, sizeof *first);
        for (size_t i = 0; i < n; i++) first[ctx[i] + 2]++;
        for (size_t c = 2; c <= nc + 1; c++) first[c] += first[c - 1];
        uint32_t *word = xmalloc(xmul(n ? n : 1, sizeof *word));
        float *lp = xmalloc(xmul(n ? n : 1, sizeof *lp));
        for (size_t i = 0; i < n; i++) {
            uint32_t at = first[ctx[i] + 1]++;
            word[at] = last[i];
            lp[at] = g->logp[k][i];
        }
        g->fwd_first[k] = first;       /* first[c] .. first[c+1] now */
        g->fwd_word[k] = word;
        g->fwd_logp[k] = lp;
        free(ctx_prev);
        free(last_prev);
        ctx_prev = ctx;
        last_prev = last;
    }
    free(ctx_prev);
    free(last_prev);
}

/* ---- lookups ---------------------------------------------------------------------- */

/* A node is an entry of its order: its index in the trie, or with the
 * lookup tables its slot (order 1: the id, either way). */
static inline bool tabled(const lm_ngram *g)
{
    return g->tab[1].slot != NULL;
}

static inline long child(const lm_ngram *g, int k, uint32_t node, uint32_t w)
{
    if (tabled(g)) return ngram_table_find(&g->tab[k + 1], node, w);
    return level_find_child(&g->lv[k + 1], g->first[k], node, w);
}

static inline float node_logp(const lm_ngram *g, int k, uint32_t node)
{
    return tabled(g) ? g->tab[k].slot[node].logp : g->logp[k][node];
}

static inline float node_bo(const lm_ngram *g, int k, uint32_t node)
{
    return tabled(g) ? g->tab[k].slot[node].bo : g->bo[k][node];
}

/* The trie's numbers were checked finite when read; the tables' are
 * checked where they are used (a mapped file is not read whole). */
static inline double checked(const lm_ngram *g, double lp)
{
    if (tabled(g) && !isfinite(lp))
        die("%s: corrupt model: a log-probability or back-off weight that is not finite",
            g->name ? g->name : "model");
    return lp;
}

/* The sum of the back-off weights of the contexts ctx[0..L) for L = from
 * .. nctx, stopping where a context is not stored (its weight and those of
 * longer ones are 1). */
static double backoff_sum(const lm_ngram *g, const uint32_t *ctx, int nctx, int from)
{
    double s = 0;
    long node = ctx[0];
    for (int L = 1; L <= nctx; L++) {
        if (L >= from) s += node_bo(g, L, (uint32_t)node);
        if (L == nctx) break;
        node = child(g, L, (uint32_t)node, ctx[L]);
        if (node < 0) break;
    }
    return s;
}

/* The longest stored n-gram ctx[m-2..0] w: its log10 probability; *m = its order. */
static double longest_match(const lm_ngram *g, const uint32_t *ctx, int nctx, uint32_t w, int *m)
{
    uint32_t node = w;
    double lp = node_logp(g, 1, w);
    int k = 1;
    for (; k <= nctx; k++) {
        long x = child(g, k, node, ctx[k - 1]);
        if (x < 0) break;
        node = (uint32_t)x;
        lp = node_logp(g, k + 1, node);
    }
    *m = k;
    return lp;
}

double ngram_log10_matched(const lm_ngram *g, const uint32_t *ctx, int nctx, uint32_t w, int *matched)
{
    int m;
    double lp = longest_match(g, ctx, nctx, w, &m);
    if (m <= nctx) lp += backoff_sum(g, ctx, nctx, m);
    if (matched) *matched = m;
    return checked(g, lp);
}

double ngram_log10(const lm_ngram *g, const uint32_t *ctx, int nctx, uint32_t w)
{
    return ngram_log10_matched(g, ctx, nctx, w, NULL);
}

void ngram_cursor_set(const lm_ngram *g, ngram_cursor *c, const uint32_t *ctx, int nctx)
{
    c->nctx = nctx;
    c->found = 0;
    memcpy(c->ctx, ctx, (size_t)nctx * sizeof *ctx);
    long node = nctx ? (long)ctx[0] : -1;
    for (int L = 1; L <= nctx && node >= 0; L++) {     /* the walk of backoff_sum */
        c->node[L] = (uint32_t)node;
        c->found = L;
        if (L < nctx) node = child(g, L, (uint32_t)node, ctx[L]);
    }
}

double ngram_cursor_next(const lm_ngram *g, ngram_cursor *c, uint32_t w, int *matched)
{
    uint32_t match[LM_NGRAM_MAX_ORDER + 1];   /* match[k]: ctx[k-2..0] w */
    uint32_t node = w;
    double lp = node_logp(g, 1, w);
    int k = 1;
    match[1] = w;
    for (; k <= c->nctx; k++) {               /* longest_match */
        long x = child(g, k, node, c->ctx[k - 1]);
        if (x < 0) break;
        node = (uint32_t)x;
        lp = node_logp(g, k + 1, node);
        match[k + 1] = node;
    }
    if (k <= c->nctx) {                       /* backoff_sum from k */
        double s = 0;
        for (int L = k; L <= c->found; L++) s += node_bo(g, L, c->node[L]);
        lp += s;
    }
    *matched = k;
    if (g->order > 1) {
        int keep = c->nctx < g->order - 1 ? c->nctx : g->order - 2;
        memmove(c->ctx + 1, c->ctx, (size_t)keep * sizeof *c->ctx);
        c->ctx[0] = w;
        c->nctx = keep + 1;
        c->found = k < c->nctx ? k : c->nctx;
        memcpy(c->node + 1, match + 1, (size_t)c->found * sizeof *match);
    }
    return checked(g, lp);
}

/* All words at once without the forward index: the back-off sums are
 * shared, so each word costs only its own walk, which stops at its first
 * missing order. */
static void walk_all(const lm_ngram *g, const uint32_t *ctx, int n, float *logp)
{
    double bsum[LM_NGRAM_MAX_ORDER + 2];
    for (int from = 1; from <= n + 1; from++)
        bsum[from] = from <= n ? backoff_sum(g, ctx, n, from) : 0;
    for (uint32_t w = 0; w < g->vocab.n; w++) {
        int k;
        double lp = longest_match(g, ctx, n, w, &k);
        logp[w] = (float)(checked(g, lp + bsum[k]) * LN10);
    }
}

/* All words at once: every word gets the unigram level and the back-off
 * weights of all stored contexts, then each longer order overwrites the
 * words stored after its context (entries of the forward index), with the
 * weights of the contexts longer than that order.  O(V + the context's
 * n-grams). */
static void forward_all(const lm_ngram *g, const uint32_t *ctx, int n, float *logp)
{
    uint32_t node[LM_NGRAM_MAX_ORDER + 1];      /* node[L]: the last L tokens */
    int found = 0;
    for (int L = 1; L <= n; L++) {
        long x = L == 1 ? (long)ctx[0] : child(g, L - 1, node[L - 1], ctx[L - 1]);
        if (x < 0) break;
        node[L] = (uint32_t)x;
        found = L;
    }
    double tail[LM_NGRAM_MAX_ORDER + 2];        /* tail[j]: weights of contexts >= j long */
    tail[found + 1] = 0;
    for (int L = found; L >= 1; L--) tail[L] = tail[L + 1] + g->bo[L][node[L]];
    for (uint32_t w = 0; w < g->vocab.n; w++)
        logp[w] = (float)((g->logp[1][w] + tail[1]) * LN10);
    for (int k = 2; k <= found + 1 && k <= g->order; k++) {
        const uint32_t *first = g->fwd_first[k], *word = g->fwd_word[k];
        const float *lp = g->fwd_logp[k];
        for (uint32_t i = first[node[k - 1]]; i < first[node[k - 1] + 1]; i++)
            logp[word[i]] = (float)((lp[i] + tail[k]) * LN10);
    }
}

void ngram_distribution(const lm_ngram *g, const uint32_t *ctx, int nctx, float *logp)
{
    if (tabled(g) || (g->order > 1 && !g->fwd_first[2])) walk_all(g, ctx, nctx, logp);
    else forward_all(g, ctx, nctx, logp);
    if (g->vocab.mode == LM_MODE_WORD) logp[g->vocab.bos] = -INFINITY;
}
