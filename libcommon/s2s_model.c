/* s2s_model.c — an encoder-decoder checkpoint behind the model interface
 * (model.h): a conditional model.  A context's scratch holds the encoded
 * source (model_set_source); a state is one stream's decoder state and
 * last context vector (s2s_state_floats), so beam search copies it; the
 * fresh state has been fed the start symbol, so the first distribution
 * is that of the target's first token. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "checkpoint.h"
#include "model.h"
#include "rnn.h"
#include "s2s_train.h"
#include "util.h"

typedef struct s2s_scratch {
    lm_s2s_work *w;           /* B = 1, T = 1, sized for the longest source so far */
    bool have_source;
    float *logits;
} s2s_scratch;

static const lm_checkpoint *ck_of(const lm_model *m)
{
    return m->impl;
}

static size_t s2s_state_size(const lm_model *m)
{
    return s2s_state_floats(&ck_of(m)->s2s) * sizeof(float);
}

static void *s2s_scratch_new(const lm_model *m)
{
    s2s_scratch *s = xcalloc(1, sizeof *s);
    s->logits = xmalloc(xmul(m->vocab.n, sizeof(float)));
    return s;
}

static void s2s_scratch_free(void *scratch)
{
    s2s_scratch *s = scratch;
    if (!s) return;
    s2s_work_free(s->w);
    free(s->logits);
    free(s);
}

static void s2s_set_source(const lm_model *m, void *scratch, const uint32_t *ids, size_t n)
{
    const lm_checkpoint *ck = ck_of(m);
    s2s_scratch *s = scratch;
    if (n == 0) die("an empty source");
    if (n > LM_PAIRS_MAX_LEN) die("a source of %zu tokens is over the limit of %d", n, LM_PAIRS_MAX_LEN);
    if (!s->w || s2s_work_src_cap(s->w) < (int)n) {
        s2s_work_free(s->w);
        s->w = s2s_work_new(&ck->s2s, 1, (int)n, 1, false);
    }
    s2s_encode_source(&ck->s2s, ck->params, s->w, ids, (int)n);
    s->have_source = true;
}

static s2s_scratch *with_source(void *scratch)
{
    s2s_scratch *s = scratch;
    if (!s->have_source) die("a seq2seq model needs a source first (lm-sample --source)");
    return s;
}

static void s2s_state_init(const lm_model *m, void *scratch, void *state)
{
    const lm_checkpoint *ck = ck_of(m);
    s2s_start(&ck->s2s, ck->params, with_source(scratch)->w, m->vocab.eos, state);
}

static void s2s_feed_token(const lm_model *m, void *scratch, void *state, uint32_t token)
{
    const lm_checkpoint *ck = ck_of(m);
    s2s_feed(&ck->s2s, ck->params, with_source(scratch)->w, state, token);
}

static void s2s_next_logprobs(const lm_model *m, void *scratch, const void *state, float *logp)
{
    (void)scratch;
    const lm_checkpoint *ck = ck_of(m);
    s2s_logits(&ck->s2s, ck->params, state, logp);
    float lse = (float)rnn_logsumexp(logp, m->vocab.n);
    for (uint32_t v = 0; v < m->vocab.n; v++) logp[v] -= lse;
}

static double s2s_logprob(const lm_model *m, void *scratch, const void *state, uint32_t token)
{
    const lm_checkpoint *ck = ck_of(m);
    float *lg = ((s2s_scratch *)scratch)->logits;
    s2s_logits(&ck->s2s, ck->params, state, lg);
    return lg[token] - rnn_logsumexp(lg, m->vocab.n);
}

static double s2s_score_all(const lm_model *m, const lm_pairs *p, double *logp, int threads)
{
    const lm_checkpoint *ck = ck_of(m);
    return s2s_score_pairs(&ck->s2s, ck->params, p, logp, threads);
}

/* A seq2seq model scores pairs, not a token sequence: model_score
 * refuses (lm-score reads pairs for it). */
static void s2s_score_tokens(const lm_model *m, const uint32_t *ids, size_t n, double *logp, int threads)
{
    (void)m, (void)ids, (void)n, (void)logp, (void)threads;
    die("a seq2seq model scores a pairs stream (lm-tokenize --pairs), not tokens");
}

static void s2s_attention(const lm_model *m, const uint32_t *src, size_t n, const uint32_t *tgt,
                          size_t tn, float *alpha)
{
    const lm_checkpoint *ck = ck_of(m);
    int sl = (int)n, tl = (int)tn;
    lm_s2s_batch b = { 1, sl, tl, src, tgt, &sl, &tl, m->vocab.eos };
    lm_s2s_work *w = s2s_work_new(&ck->s2s, 1, sl, tl, false);
    double *lp = xmalloc(xmul(tn, sizeof *lp));
    s2s_score_batch(&ck->s2s, ck->params, w, &b, lp, alpha);
    free(lp);
    s2s_work_free(w);
}

static void s2s_free(lm_model *m)
{
    lm_checkpoint *ck = m->impl;
    checkpoint_free(ck);
    free(ck);
}

static const lm_model_ops s2s_ops = {
    .type = "seq2seq",
    .state_size = s2s_state_size,
    .scratch_new = s2s_scratch_new,
    .scratch_free = s2s_scratch_free,
    .state_init = s2s_state_init,
    .feed = s2s_feed_token,
    .next_logprobs = s2s_next_logprobs,
    .logprob = s2s_logprob,
    .score = s2s_score_tokens,
    .set_source = s2s_set_source,
    .score_pairs = s2s_score_all,
    .attention = s2s_attention,
    .free = s2s_free,
};

lm_model *s2s_model_read(lm_reader *r, const msgpack_object *header, unsigned flags)
{
    (void)flags;
    lm_checkpoint *ck = xcalloc(1, sizeof *ck);
    checkpoint_read_body(r, header, ck);
    const lm_s2s *n = &ck->s2s;
    lm_model *m = xcalloc(1, sizeof *m);
    m->ops = &s2s_ops;
    m->impl = ck;
    vocab_copy(&m->vocab, &ck->vocab);
    char desc[200];
    snprintf(desc, sizeof desc, "seq2seq %s %dx%d%s attention %s embed %d (%zu parameters)",
             n->cell->name, n->enc_layers, n->hidden, n->bidir ? " bidirectional" : "",
             lm_attention_names[n->attention], n->embed, n->nparams);
    m->desc = xstrdup(desc);
    return m;
}
