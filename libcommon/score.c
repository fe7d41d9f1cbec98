/* score.c — lm-score's work: tokens in, logprobs out. */
#include "score.h"

#include <stdlib.h>

#include "linalg.h"
#include "model.h"
#include "tokens.h"
#include "util.h"

void score_run(const lm_score_opts *o)
{
    linalg_set_threads(o->threads);
    lm_model *m = model_load(o->model, LM_LOAD_SCORE);
    lm_tokens t;
    tokens_read(o->input, &t);
    if (!vocab_equal(&t.vocab, &m->vocab)) {
        /* freed first: the model's memory is not leaked by the error */
        int mode = m->vocab.mode, tmode = t.vocab.mode;
        uint32_t n = m->vocab.n, tn = t.vocab.n;
        bool added_unk = tmode == mode && tn == n + 1 && m->vocab.unk == LM_NO_ID &&
                         t.vocab.unk == n;
        model_free(m);
        tokens_free(&t);
        if (added_unk)
            die("%s: its <unk> (lm-tokenize --unk) is not in %s's vocabulary: the model gives "
                "an unseen character no probability; train on a vocabulary with <unk> "
                "(lm-tokenize --unk when building it)", lm_display_name(o->input), o->model);
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
