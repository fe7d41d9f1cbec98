/* ngram_model.c — the n-gram table behind model.h: the state (the last
 * order-1 tokens) and the model operations over ngram.h's lookups, and the
 * model stream.  See ngram_model.h.  The model is only read: every
 * operation takes it const, and a state is all a user carries. */
#include "ngram_model.h"
#include "model.h"
#include "util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define LN10 2.302585092994045684

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

static int st_match_length(const lm_model *m, const void *state, uint32_t token)
{
    const ngram_state *s = state;
    int matched;
    ngram_log10_matched(m->impl, s->ctx, (int)s->n, token, &matched);
    return matched;
}

static void st_next_logprobs(const lm_model *m, void *scratch, const void *state, float *logp)
{
    (void)scratch;
    const ngram_state *s = state;
    ngram_distribution(m->impl, s->ctx, (int)s->n, logp);
}

/* The whole sequence through a cursor (ngram.h), with st_feed's
 * conventions: in word mode </s> ends the sentence and the next context
 * is <s>.  Same numbers as logprob + feed, in half the lookups. */
static void st_score(const lm_model *m, const uint32_t *ids, size_t n, double *logp, int threads)
{
    (void)threads;        /* a lookup is faster than handing work to a thread */
    const lm_ngram *g = m->impl;
    bool sentences = g->vocab.mode == LM_MODE_WORD && g->order > 1;
    ngram_cursor c;
    ngram_cursor_set(g, &c, &g->vocab.bos, sentences);
    for (size_t i = 0; i < n; i++) {
        int matched;
        logp[i] = ngram_cursor_next(g, &c, ids[i], &matched) * LN10;
        if (sentences && ids[i] == g->vocab.eos) ngram_cursor_set(g, &c, &g->vocab.bos, 1);
    }
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
    .score = st_score,
    .match_length = st_match_length,
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

typedef struct level_probs {
    const float *logp, *bo;    /* bo NULL at the top order */
} level_probs;

static void pack_probs(msgpack_packer *pk, const void *ctx, int k, size_t at, size_t m)
{
    (void)k;
    const level_probs *lp = ctx;
    lm_pack_str(pk, "logp");
    lm_pack_f32s(pk, lp->logp + at, m);
    if (lp->bo) {
        lm_pack_str(pk, "bo");
        lm_pack_f32s(pk, lp->bo + at, m);
    }
}

void ngram_write_header(lm_writer *w, const lm_vocab *v, int order, const char *smoothing)
{
    lm_write_header(w, "model", LM_MODEL_VERSION, 4);
    lm_pack_str(&w->pk, "type");
    lm_pack_str(&w->pk, "ngram");
    lm_pack_str(&w->pk, "vocab");
    vocab_pack(&w->pk, v);
    lm_pack_str(&w->pk, "order");
    msgpack_pack_int(&w->pk, order);
    lm_pack_str(&w->pk, "smoothing");
    lm_pack_str(&w->pk, smoothing);
}

void ngram_write_level(lm_writer *w, const lm_ngram_level *L, int k, const float *logp,
                       const float *bo)
{
    level_probs lp = { logp, bo };
    level_write(w, L, k, 1 + (bo != NULL), pack_probs, &lp);
}

void ngram_write(const lm_ngram *g, FILE *fp, const char *name)
{
    lm_writer w;
    lm_writer_init(&w, fp, name);
    ngram_write_header(&w, &g->vocab, g->order, g->smoothing);
    for (int k = 1; k <= g->order; k++)
        ngram_write_level(&w, &g->lv[k], k, g->logp[k], k < g->order ? g->bo[k] : NULL);
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
