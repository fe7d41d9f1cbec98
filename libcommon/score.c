/* score.c — lm-score's work: tokens in, logprobs out. */
#include "score.h"

#include <stdlib.h>

#include "linalg.h"
#include "model.h"
#include "pairs.h"
#include "tokens.h"
#include "util.h"

/* An encoder-decoder: a pairs stream in, the targets' tokens out (the end
 * symbols included), each pair's record covering its target's text. */
static void score_pairs_run(const lm_score_opts *o, lm_model *m)
{
    lm_pairs p;
    pairs_read(o->input, &p);
    if (!vocab_equal(&p.vocab, &m->vocab)) {
        pairs_free(&p);
        model_free(m);
        die("%s: pairs made with another vocabulary than %s's; tokenize with 'lm-tokenize "
            "--pairs --vocab %s'", lm_display_name(o->input), o->model, o->model);
    }
    double *logp = xmalloc(xmul(p.tgt_tokens, sizeof *logp));
    m->ops->score_pairs(m, &p, logp, o->threads);
    lm_out out;
    FILE *fp = lm_out_open(&out, o->output);
    lm_chunk_writer cw;
    chunk_writer_begin(&cw, fp, o->output ? o->output : "stdout", &m->vocab, m->desc);
    for (size_t i = 0; i < p.n; i++) {
        /* a pair's tokens and the text they cover stay in one record */
        if (cw.n + pair_tgt_len(&p, i) > cw.cap) chunk_writer_flush(&cw);
        for (size_t k = p.tgt_off[i]; k < p.tgt_off[i + 1]; k++) chunk_writer_add(&cw, p.tgt[k], logp[k]);
        chunk_writer_cover(&cw, p.tgt_bytes[i], p.tgt_chars[i]);
    }
    chunk_writer_end(&cw);
    lm_out_commit(&out);
    free(logp);
    pairs_free(&p);
    model_free(m);
}

void score_run(const lm_score_opts *o)
{
    linalg_set_threads(o->threads);
    lm_model *m = model_load(o->model, LM_LOAD_SCORE);
    if (m->ops->score_pairs) {
        score_pairs_run(o, m);
        return;
    }
    lm_tokens t;
    tokens_read(o->input, &t);
    if (!vocab_equal(&t.vocab, &m->vocab)) {
        /* freed first: the model's memory is not leaked by the error */
        int mode = m->vocab.mode, tmode = t.vocab.mode;
        uint32_t n = m->vocab.n, tn = t.vocab.n;
        model_free(m);
        tokens_free(&t);
        die("%s: tokens made with another vocabulary than %s's (%s, %u tokens vs %s, %u); "
            "tokenize with 'lm-tokenize --vocab %s'", lm_display_name(o->input), o->model,
            lm_mode_name(tmode), tn, lm_mode_name(mode), n, o->model);
    }

    double *logp = xmalloc(xmul(t.n ? t.n : 1, sizeof *logp));
    model_score(m, t.ids, t.n, logp, o->threads);

    lm_out out;
    FILE *fp = lm_out_open(&out, o->output);
    lm_chunk_writer cw;
    chunk_writer_begin(&cw, fp, o->output ? o->output : "stdout", &m->vocab,
                       m->desc ? m->desc : m->ops->type);
    size_t start = 0;
    for (size_t ch = 0; ch < t.nchunks; ch++) {
        for (size_t i = start; i < t.chunk_end[ch]; i++) chunk_writer_add(&cw, t.ids[i], logp[i]);
        chunk_writer_cover(&cw, t.chunk_bytes[ch], t.chunk_chars[ch]);
        chunk_writer_flush(&cw);
        start = t.chunk_end[ch];
    }
    chunk_writer_end(&cw);
    lm_out_commit(&out);
    free(logp);
    tokens_free(&t);
    model_free(m);
}
