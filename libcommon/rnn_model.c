/* rnn_model.c — a neural checkpoint behind the model interface (model.h).
 *
 * The state of one stream is every layer's carried vectors, (L, S, H)
 * floats, so beam search can copy it.  Feeding a token runs one step of
 * the stack; the next-token distribution is the projection of the top
 * layer's h.  From the zero state that projection is softmax(bias): the
 * first token of a char or byte text is predicted from it; a word model's
 * fresh state has been fed </s> (a text starts as a sentence does). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "checkpoint.h"
#include "linalg.h"
#include "model.h"
#include "util.h"

/* The model: the checkpoint and, for inference, the folded embedding
 * (rnn_fold_embedding), both read-only once loaded. */
typedef struct rnn_impl {
    lm_checkpoint ck;
    float *fold;
} rnn_impl;

/* One user's scratch: the per-token path's work (B = 1, T = 1) and the
 * logits of one distribution. */
typedef struct rnn_scratch {
    lm_rnn_work *w;
    float *logits;
    float *q;                 /* tied with a projection: P h, E floats */
} rnn_scratch;

static const rnn_impl *impl_of(const lm_model *m)
{
    return m->impl;
}

static size_t rnn_state_size(const lm_model *m)
{
    const lm_rnn *net = &impl_of(m)->ck.net;
    return (size_t)net->layers * net->state_vecs * net->hidden * sizeof(float);
}

static void *rnn_scratch_new(const lm_model *m)
{
    const rnn_impl *im = impl_of(m);
    rnn_scratch *s = xmalloc(sizeof *s);
    s->w = rnn_work_new_folded(&im->ck.net, 1, 1, im->fold);
    s->logits = xmalloc(xmul(im->ck.net.vocab, sizeof(float)));
    s->q = xmalloc(xmul((size_t)im->ck.net.embed, sizeof(float)));
    return s;
}

static void rnn_scratch_free(void *scratch)
{
    rnn_scratch *s = scratch;
    if (!s) return;
    rnn_work_free(s->w);
    free(s->logits);
    free(s->q);
    free(s);
}

static void rnn_feed(const lm_model *m, void *scratch, void *state, uint32_t token)
{
    const rnn_impl *im = impl_of(m);
    lm_rnn_work *w = ((rnn_scratch *)scratch)->w;
    size_t n = rnn_state_size(m);
    memcpy(w->state, state, n);
    rnn_feed_window(&im->ck.net, im->ck.params, w, &token, 1);
    memcpy(state, w->state, n);
}

static void rnn_state_init(const lm_model *m, void *scratch, void *state)
{
    memset(state, 0, rnn_state_size(m));
    if (m->vocab.mode == LM_MODE_WORD && m->vocab.eos != LM_NO_ID)
        rnn_feed(m, scratch, state, m->vocab.eos);
}

/* The logits of the next token, W_p h + b_p (or the tied E (P) h + b_p)
 * from the top layer's h in STATE, into OUT; returns their log-sum-exp. */
static double next_logits(const lm_model *m, rnn_scratch *s, const void *state, float *out)
{
    const rnn_impl *im = impl_of(m);
    const lm_rnn *net = &im->ck.net;
    const int H = net->hidden;
    const float *h = (const float *)state +
        (size_t)(net->layers - 1) * net->state_vecs * H;   /* top layer, its h */
    if (net->final_norm) {   /* the work's rows, free between feeds */
        rnn_final_norm(net, im->ck.params, h, 1, s->w->nf, s->w->nf_r);
        h = s->w->nf;
    }
    rnn_project(net, im->ck.params, h, 1, s->q, out);
    return rnn_logsumexp(out, net->vocab);
}

static void rnn_next_logprobs(const lm_model *m, void *scratch, const void *state, float *logp)
{
    float lse = (float)next_logits(m, scratch, state, logp);
    for (uint32_t v = 0; v < m->vocab.n; v++) logp[v] -= lse;
}

static double rnn_logprob(const lm_model *m, void *scratch, const void *state, uint32_t token)
{
    float *logits = ((rnn_scratch *)scratch)->logits;
    double lse = next_logits(m, scratch, state, logits);
    return logits[token] - lse;
}

static void rnn_score(const lm_model *m, const uint32_t *ids, size_t n, double *logp, int threads)
{
    const rnn_impl *im = impl_of(m);
    uint32_t eos = m->vocab.mode == LM_MODE_WORD ? m->vocab.eos : LM_NO_ID;
    rnn_score_sequence(&im->ck.net, im->ck.params, im->fold, ids, n, eos, logp, threads);
}

static void rnn_free(lm_model *m)
{
    rnn_impl *im = m->impl;
    free(im->fold);
    checkpoint_free(&im->ck);
    free(im);
}

static const lm_model_ops rnn_ops = {
    .type = "rnn",
    .state_size = rnn_state_size,
    .scratch_new = rnn_scratch_new,
    .scratch_free = rnn_scratch_free,
    .state_init = rnn_state_init,
    .feed = rnn_feed,
    .next_logprobs = rnn_next_logprobs,
    .logprob = rnn_logprob,
    .score = rnn_score,
    .free = rnn_free,
};

lm_model *rnn_model_read(lm_reader *r, const msgpack_object *header, unsigned flags)
{
    (void)flags;   /* the fold serves scoring and sampling alike */
    rnn_impl *im = xcalloc(1, sizeof *im);
    checkpoint_read_body(r, header, &im->ck);
    const lm_rnn *net = &im->ck.net;
    im->fold = rnn_fold_embedding(net, im->ck.params);
    lm_model *m = xcalloc(1, sizeof *m);
    m->ops = &rnn_ops;
    m->impl = im;
    vocab_copy(&m->vocab, &im->ck.vocab);
    char desc[160];
    snprintf(desc, sizeof desc, "rnn %s %dx%d embed %d%s%s (%zu parameters)", net->cell->name,
             net->layers, net->hidden, net->embed, net->tied ? " tied" : "",
             net->final_norm ? " final-norm" : "", net->nparams);
    m->desc = xstrdup(desc);
    return m;
}
