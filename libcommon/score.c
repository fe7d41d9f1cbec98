/* score.c — lm-score's work: tokens in, logprobs out. */
#include "score.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "linalg.h"
#include "ppl.h"
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
    lm_model *m = model_load(o->model, LM_LOAD_SCORE);
    /* an n-gram multiplies no matrices: OpenBLAS is never loaded (linalg.c) */
    if (strcmp(m->ops->type, "ngram") != 0) linalg_set_threads(o->threads);
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
    if (o->text) {
        score_write_text(fp, m, t.ids, t.n, logp, t.bytes, t.chars, lm_display_name(o->input),
                         o->unk_is_oov);
        lm_check_write(fp, o->output ? o->output : "stdout");
        lm_out_commit(&out);
        free(logp);
        tokens_free(&t);
        model_free(m);
        return;
    }
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

/* ---- the text view ------------------------------------------------------------- */

/* A word is written as it is (it holds no white space, so it cannot break
 * the line), as KenLM and SRILM show it; a character or byte token is
 * escaped, because it may be a tab, a newline or a space. */
static void write_token(FILE *out, const lm_vocab *v, uint32_t id)
{
    const char *s = v->str[id];
    uint32_t len = v->len[id];
    if (v->mode == LM_MODE_WORD) {
        fwrite(s, 1, len, out);
        return;
    }
    for (uint32_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\\') fputs("\\\\", out);
        else if (c < 0x21 || c == 0x7f) fprintf(out, "\\x%02x", c);
        else fputc(c, out);
    }
}

void score_write_text(FILE *out, const lm_model *m, const uint32_t *ids, size_t n,
                      const double *logp, uint64_t bytes, uint64_t chars, const char *file,
                      bool unk_is_oov)
{
    const lm_vocab *v = &m->vocab;
    bool ngram = m->ops->match_length != NULL;
    /* The n-gram lengths come from a walk of its own: the log-probabilities
     * are model_score's, the numbers the logprobs stream would carry. */
    lm_ctx *c = ngram ? model_ctx_new(m) : NULL;
    void *state = ngram ? xmalloc(model_state_size(m)) : NULL;
    if (ngram) model_state_init(c, state);
    fprintf(out, "# %s: token, id, n-gram length, log10 p, ln p\n", m->desc ? m->desc : m->ops->type);
    lm_ppl total = { 0 }, sentence = { 0 };
    for (size_t i = 0; i < n; i++) {
        int len = ngram ? model_match_length(m, state, ids[i]) : 0;
        write_token(out, v, ids[i]);
        fprintf(out, "\t%u\t%d\t%.10g\t%.10g\n", ids[i], len, logp[i] / M_LN10, logp[i]);
        if (ngram) model_feed(c, state, ids[i]);
        ppl_add_token(&total, v, ids[i], logp[i]);
        ppl_add_token(&sentence, v, ids[i], logp[i]);
        if (v->mode == LM_MODE_WORD && ids[i] == v->eos) {
            lm_srilm r = ppl_srilm(&sentence, unk_is_oov);
            ppl_print_srilm(out, "# ", NULL, &r);
            memset(&sentence, 0, sizeof sentence);
        }
        if (ferror(out)) break;
    }
    free(state);
    model_ctx_free(c);
    total.bytes = bytes;
    total.chars = chars;
    if (total.tokens == 0) return;
    /* lm-ppl's report, each line a comment */
    char *buf = NULL;
    size_t size = 0;
    FILE *mem = open_memstream(&buf, &size);
    if (!mem) die("out of memory");
    lm_ppl_report rep = { .unk_is_oov = unk_is_oov, .file = file };
    ppl_print_text(mem, &total, &rep);
    fclose(mem);
    for (char *line = buf, *end; *line; line = end + 1) {
        end = strchr(line, '\n');
        fprintf(out, "# %.*s\n", (int)(end - line), line);
    }
    free(buf);
}
