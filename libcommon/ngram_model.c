/* ngram_model.c — the n-gram model behind model.h: back-off lookups in the
 * suffix trie, the full next-token distribution, and the model stream.
 * See ngram_model.h. */
#include "ngram_model.h"
#include "util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define LN10 2.302585092994045684

void ngram_index(lm_ngram *g)
{
    for (int k = 1; k < g->order; k++) {
        free(g->first[k]);
        g->first[k] = level_first_child(&g->lv[k + 1], g->lv[k].n);
    }
}

void ngram_free(lm_ngram *g)
{
    for (int k = 1; k <= LM_NGRAM_MAX_ORDER; k++) {
        free(g->lv[k].word);
        free(g->lv[k].parent);
        free(g->lv[k].count);
        free(g->logp[k]);
        free(g->bo[k]);
        free(g->first[k]);
        free(g->fwd_first[k]);
        free(g->fwd_word[k]);
        free(g->fwd_logp[k]);
    }
    vocab_free(&g->vocab);
    memset(g, 0, sizeof *g);
}

static inline long child(const lm_ngram *g, int k, uint32_t node, uint32_t w)
{
    return level_find_child(&g->lv[k + 1], g->first[k], node, w);
}

/* The sum of the back-off weights of the contexts ctx[0..L) for L = from
 * .. nctx, stopping where a context is not stored (its weight and those of
 * longer ones are 1). */
static double backoff_sum(const lm_ngram *g, const uint32_t *ctx, int nctx, int from)
{
    double s = 0;
    long node = ctx[0];
    for (int L = 1; L <= nctx; L++) {
        if (L >= from) s += g->bo[L][node];
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
    double lp = g->logp[1][w];
    int k = 1;
    for (; k <= nctx; k++) {
        long x = child(g, k, node, ctx[k - 1]);
        if (x < 0) break;
        node = (uint32_t)x;
        lp = g->logp[k + 1][node];
    }
    *m = k;
    return lp;
}

double ngram_log10(const lm_ngram *g, const uint32_t *ctx, int nctx, uint32_t w)
{
    int m;
    double lp = longest_match(g, ctx, nctx, w, &m);
    if (m <= nctx) lp += backoff_sum(g, ctx, nctx, m);
    return lp;
}

/* ---- the model interface ------------------------------------------------------ */

/* State: the number of context tokens, then up to order-1 ids, the most
 * recent first. */
typedef struct ngram_state {
    uint32_t n;
    uint32_t ctx[];
} ngram_state;

static size_t st_size(const lm_model *m)
{
    const lm_ngram *g = m->impl;
    return sizeof(ngram_state) + sizeof(uint32_t) * (size_t)(g->order > 1 ? g->order - 1 : 1);
}

static void st_init(const lm_model *m, void *scratch, void *state)
{
    (void)scratch;
    const lm_ngram *g = m->impl;
    ngram_state *s = state;
    memset(s, 0, st_size(m));
    if (g->vocab.mode == LM_MODE_WORD && g->order > 1) {
        s->n = 1;
        s->ctx[0] = g->vocab.bos;
    }
}

static void st_feed(const lm_model *m, void *scratch, void *state, uint32_t token)
{
    const lm_ngram *g = m->impl;
    ngram_state *s = state;
    if (g->order == 1) return;
    if (g->vocab.mode == LM_MODE_WORD && token == g->vocab.eos) {
        st_init(m, scratch, state);
        return;
    }
    uint32_t keep = s->n < (uint32_t)g->order - 1 ? s->n : (uint32_t)g->order - 2;
    memmove(s->ctx + 1, s->ctx, keep * sizeof *s->ctx);
    s->ctx[0] = token;
    s->n = keep + 1;
}

static double st_logprob(const lm_model *m, void *scratch, const void *state, uint32_t token)
{
    (void)scratch;
    const ngram_state *s = state;
    return ngram_log10(m->impl, s->ctx, (int)s->n, token) * LN10;
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

/* All words at once without the forward index: the back-off sums are
 * shared, so each word costs only its own walk, which stops at its first
 * missing order. */
static void walk_all(const lm_ngram *g, const ngram_state *s, float *logp)
{
    int n = (int)s->n;
    double bsum[LM_NGRAM_MAX_ORDER + 2];
    for (int from = 1; from <= n + 1; from++)
        bsum[from] = from <= n ? backoff_sum(g, s->ctx, n, from) : 0;
    for (uint32_t w = 0; w < g->vocab.n; w++) {
        int k;
        double lp = longest_match(g, s->ctx, n, w, &k);
        logp[w] = (float)((lp + bsum[k]) * LN10);
    }
}

/* All words at once: every word gets the unigram level and the back-off
 * weights of all stored contexts, then each longer order overwrites the
 * words stored after its context (entries of the forward index), with the
 * weights of the contexts longer than that order.  O(V + the context's
 * n-grams).  Until the index is built, walk_all.  <s> gets -inf: it is
 * context only. */
static void st_next_logprobs(const lm_model *m, void *scratch, const void *state, float *logp)
{
    (void)scratch;
    const lm_ngram *g = m->impl;
    const ngram_state *s = state;
    int n = (int)s->n;
    if (g->order > 1 && !g->fwd_first[2]) {
        walk_all(g, s, logp);
        if (g->vocab.mode == LM_MODE_WORD) logp[g->vocab.bos] = -INFINITY;
        return;
    }
    uint32_t node[LM_NGRAM_MAX_ORDER + 1];      /* node[L]: the last L tokens */
    int found = 0;
    for (int L = 1; L <= n; L++) {
        long x = L == 1 ? (long)s->ctx[0] : child(g, L - 1, node[L - 1], s->ctx[L - 1]);
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
    if (g->vocab.mode == LM_MODE_WORD) logp[g->vocab.bos] = -INFINITY;
}

static void st_free(lm_model *m)
{
    lm_ngram *g = m->impl;
    ngram_free(g);
    free(g);
}

static const lm_model_ops ngram_ops = {
    .type = "ngram",
    .state_size = st_size,
    .state_init = st_init,
    .feed = st_feed,
    .next_logprobs = st_next_logprobs,
    .logprob = st_logprob,
    .score = NULL,
    .free = st_free,
};

lm_model *ngram_model_wrap(lm_ngram *g, unsigned flags)
{
    if ((flags & LM_LOAD_DISTRIBUTIONS) && g->order > 1 && !g->fwd_first[2]) ngram_forward_index(g);
    lm_model *m = xcalloc(1, sizeof *m);
    m->ops = &ngram_ops;
    vocab_copy(&m->vocab, &g->vocab);
    char desc[64];
    snprintf(desc, sizeof desc, "ngram order %d %s", g->order, g->smoothing);
    m->desc = xstrdup(desc);
    m->impl = g;
    return m;
}

/* ---- the model stream --------------------------------------------------------------- */

static void pack_probs(msgpack_packer *pk, const void *ctx, int k, size_t at, size_t m)
{
    const lm_ngram *g = ctx;
    lm_pack_str(pk, "logp");
    lm_pack_f32s(pk, g->logp[k] + at, m);
    if (k < g->order) {
        lm_pack_str(pk, "bo");
        lm_pack_f32s(pk, g->bo[k] + at, m);
    }
}

void ngram_write(const lm_ngram *g, FILE *fp, const char *name)
{
    lm_writer w;
    lm_writer_init(&w, fp, name);
    lm_write_header(&w, "model", LM_MODEL_VERSION, 4);
    lm_pack_str(&w.pk, "type");
    lm_pack_str(&w.pk, "ngram");
    lm_pack_str(&w.pk, "vocab");
    vocab_pack(&w.pk, &g->vocab);
    lm_pack_str(&w.pk, "order");
    msgpack_pack_int(&w.pk, g->order);
    lm_pack_str(&w.pk, "smoothing");
    lm_pack_str(&w.pk, g->smoothing);
    for (int k = 1; k <= g->order; k++)
        level_write(&w, &g->lv[k], k, 1 + (k < g->order), pack_probs, g);
    lm_writer_flush(&w);
}

void ngram_read_body(lm_reader *r, const msgpack_object *h, lm_ngram *g)
{
    memset(g, 0, sizeof *g);
    vocab_unpack(r, lm_get(r, h, "vocab"), &g->vocab);
    int64_t order = lm_get_i64(r, h, "order");
    if (order < 1 || order > LM_NGRAM_MAX_ORDER)
        lm_reader_die(r, "order %lld is not in 1..%d", (long long)order, LM_NGRAM_MAX_ORDER);
    g->order = (int)order;
    char *sm = lm_get_strdup(r, h, "smoothing");
    snprintf(g->smoothing, sizeof g->smoothing, "%s", sm);
    free(sm);
    const msgpack_object *o;
    int k = 1;
    size_t m;
    while ((o = lm_read_next(r))) {
        level_read(r, o, g->lv, g->order, &k, g->vocab.n, &m);
        size_t at = g->lv[k].n;
        g->logp[k] = grow_array(g->logp[k], at + m, sizeof *g->logp[k]);
        lm_copy_f32s(r, lm_get(r, o, "logp"), g->logp[k] + at, m, "logp");
        if (k < g->order) {
            g->bo[k] = grow_array(g->bo[k], at + m, sizeof *g->bo[k]);
            lm_copy_f32s(r, lm_get(r, o, "bo"), g->bo[k] + at, m, "bo");
        }
        for (size_t i = at; i < at + m; i++)
            if (!isfinite(g->logp[k][i]) || (k < g->order && !isfinite(g->bo[k][i])))
                lm_reader_die(r, "logp/bo %zu is not finite", i - at);
        g->lv[k].n += m;
    }
    if (g->lv[1].n != g->vocab.n)
        die("%s: an ngram model needs one unigram per vocabulary id (%zu, vocabulary %u)",
            r->name, g->lv[1].n, g->vocab.n);
    for (int j = 1; j <= g->order; j++) {
        if (!g->lv[j].word) g->lv[j].word = grow_array(NULL, 1, sizeof(uint32_t));
        if (j > 1 && !g->lv[j].parent) g->lv[j].parent = grow_array(NULL, 1, sizeof(uint32_t));
        if (!g->logp[j]) g->logp[j] = grow_array(NULL, 1, sizeof(float));
        if (j < g->order && !g->bo[j]) g->bo[j] = xcalloc(g->lv[j].n ? g->lv[j].n : 1, sizeof(float));
    }
    ngram_index(g);
}

lm_model *ngram_model_read(lm_reader *r, const msgpack_object *header, unsigned flags)
{
    lm_ngram *g = xmalloc(sizeof *g);
    ngram_read_body(r, header, g);
    return ngram_model_wrap(g, flags);
}
