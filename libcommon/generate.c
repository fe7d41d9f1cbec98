/* generate.c — text from a model: the prime, then sampling or beam search,
 * the decoded text written as it goes.  See generate.h. */
#include "generate.h"
#include "beam.h"
#include "bpe.h"
#include "sample.h"
#include "tokenize.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- decoded text out ------------------------------------------------------ */

typedef struct text_out {
    lm_text_out t;
    const char *name;
    bool tty;                 /* flush every token */
    double last_flush;
} text_out;

static void out_flush(text_out *o)
{
    lm_check_write(o->t.fp, o->name);
    o->last_flush = lm_now();
}

static void out_token(text_out *o, uint32_t id)
{
    bool newline = text_out_token(&o->t, id);
    if (ferror(o->t.fp) || o->tty || newline || lm_now() - o->last_flush > 0.1) out_flush(o);
}

/* --nbest: one line per hypothesis, the text with \\, \t, \n escaped. */
static void out_hyp_line(FILE *fp, const lm_vocab *v, const lm_beam_hyp *h)
{
    fprintf(fp, "%.6f\t%.6f\t", h->score, h->logp);
    lm_text_out t;
    text_out_init(&t, fp, v, true);
    for (size_t i = 0; i < h->len; i++) text_out_token(&t, h->ids[i]);
    fputc('\n', fp);
}

/* ---- the prime -------------------------------------------------------------- */

typedef struct prime {
    const lm_vocab *v;
    uint32_t *ids;
    size_t n, cap;
    char bad[96];             /* the first token outside the vocabulary */
} prime;

static void on_prime_token(void *ctx, const char *tok, size_t len, uint64_t through_bytes,
                           uint64_t through_chars)
{
    (void)through_chars;
    prime *p = ctx;
    const lm_vocab *v = p->v;
    uint32_t id = vocab_find(v, tok, len);
    if (id == LM_NO_ID || id == v->bos) {
        if (v->unk == LM_NO_ID) {
            /* reported once the tokenizer has let go of its buffers */
            const unsigned char *u = (const unsigned char *)tok;
            unsigned long long at = through_bytes - len + 1;
            if (p->bad[0]) return;
            if (len == 1 && (u[0] < 0x20 || u[0] >= 0x7f))
                snprintf(p->bad, sizeof p->bad, "byte %llu: byte 0x%02x", at, u[0]);
            else
                snprintf(p->bad, sizeof p->bad, "byte %llu: '%.*s'", at, (int)len, tok);
            return;
        }
        id = v->unk;
    }
    if (p->n == p->cap) {
        p->cap = p->cap ? 2 * p->cap : 64;
        p->ids = xrealloc(p->ids, xmul(p->cap, sizeof *p->ids));
    }
    p->ids[p->n++] = id;
}

/* The prime's tokens under the model's vocabulary.  In word mode a prime
 * that does not end with a newline is an unfinished sentence: no </s>. */
static void tokenize_prime(const char *text, const char *name, const lm_vocab *v, prime *p)
{
    memset(p, 0, sizeof *p);
    p->v = v;
    size_t n = strlen(text);
    if (n == 0) return;
    if (v->mode == LM_MODE_BPE) {          /* every byte string has a BPE encoding */
        lm_bpe_encoder *e = bpe_encoder_new(v);
        bpe_encode_text(e, (const unsigned char *)text, n, &p->ids, &p->n, &p->cap);
        bpe_encoder_free(e);
        return;
    }
    FILE *fp = fmemopen((void *)text, n, "r");
    if (!fp) die_errno("%s", name);
    uint64_t bytes, chars;
    tokenize_file(fp, name, v->mode, on_prime_token, p, &bytes, &chars);
    fclose(fp);
    if (p->bad[0]) {
        free(p->ids);
        die("%s: %s is not in the model's vocabulary (a %s vocabulary of %u tokens)", name,
            p->bad, lm_mode_name(v->mode), v->n);
    }
    if (v->mode == LM_MODE_WORD && text[n - 1] != '\n' && p->n && p->ids[p->n - 1] == v->eos)
        p->n--;
}

/* ---- --stop ------------------------------------------------------------------------ */

/* The continuation's text as lm-tokenize --decode would write it, kept
 * in memory (by the same writer, text_out_token) so that --stop compares
 * exactly the bytes the user sees. */
typedef struct stop_text {
    const char *stop;
    size_t len;               /* 0: off */
    char *buf;
    size_t size;
    FILE *fp;
    lm_text_out t;
} stop_text;

static void stop_init(stop_text *st, const lm_vocab *v, const char *stop)
{
    memset(st, 0, sizeof *st);
    st->len = stop ? strlen(stop) : 0;
    if (!st->len) return;
    st->stop = stop;
    st->fp = open_memstream(&st->buf, &st->size);
    if (!st->fp) die_errno("--stop");
    text_out_init(&st->t, st->fp, v, false);
}

static bool stop_reached(stop_text *st, uint32_t tok)
{
    if (!st->len) return false;
    text_out_token(&st->t, tok);
    if (fflush(st->fp) != 0) die_errno("--stop");
    return st->size >= st->len && memcmp(st->buf + st->size - st->len, st->stop, st->len) == 0;
}

static void stop_free(stop_text *st)
{
    if (st->fp) fclose(st->fp);
    free(st->buf);
}

/* ---- the two ways to continue ------------------------------------------------ */

/* Beam search from STATE; the best result as text, or with nbest all of
 * them as lines.  Returns the best one's length. */
static size_t run_beam(lm_ctx *ctx, const void *state, const lm_generate_opts *o,
                       const uint32_t *mask, size_t nmask, text_out *out)
{
    const lm_vocab *v = &ctx->m->vocab;
    size_t max_len = o->max_tokens == SIZE_MAX ? LM_BEAM_MAX_LEN : o->max_tokens;
    lm_beam_hyp *h = xcalloc(o->beam, sizeof *h);
    size_t nh = beam_search(ctx, state, o->beam, o->length_penalty, max_len,
                            o->sentences ? v->eos : LM_NO_ID, o->sentences, mask, nmask, h);
    for (size_t i = 0; i < (o->nbest ? nh : nh > 0); i++) {
        if (o->nbest) out_hyp_line(out->t.fp, v, &h[i]);
        else for (size_t j = 0; j < h[i].len; j++) out_token(out, h[i].ids[j]);
    }
    size_t produced = nh ? h[0].len : 0;
    beam_free_hyps(h, nh);
    free(h);
    return produced;
}

/* Samples token by token from STATE (the model after the prime PR),
 * writing each as it comes.  Returns the number of tokens produced. */
static size_t run_sampler(lm_ctx *ctx, void *state, const lm_generate_opts *o, const prime *pr,
                          const uint32_t *mask, size_t nmask, text_out *out)
{
    const lm_vocab *v = &ctx->m->vocab;
    size_t limit = o->max_tokens, produced = 0, done_sentences = 0;
    lm_sampler s;
    sampler_init(&s, v->n, &o->s, o->seed, pr->n + (limit < 1 << 20 ? limit : 1 << 20) + 1);
    for (size_t i = 0; i < nmask; i++) sampler_mask(&s, mask[i]);
    for (size_t i = 0; i < pr->n; i++) sampler_push(&s, pr->ids[i]);
    float *x = xmalloc(xmul(v->n, sizeof *x));
    stop_text st;
    stop_init(&st, v, o->stop);
    for (; produced < limit; produced++) {
        model_next_logprobs(ctx, state, x);
        uint32_t tok = sampler_next(&s, x);
        if (tok == LM_NO_ID) {
            warnx_lm("every token is masked or banned after %zu tokens; stopping", produced);
            break;
        }
        out_token(out, tok);
        sampler_push(&s, tok);
        if (stop_reached(&st, tok)) {
            produced++;
            break;
        }
        if (o->sentences && tok == v->eos && ++done_sentences == o->sentences) {
            produced++;
            break;
        }
        if (produced + 1 < limit) model_feed(ctx, state, tok);
    }
    free(x);
    sampler_free(&s);
    stop_free(&st);
    return produced;
}

/* ---- generating text ------------------------------------------------------ */

lm_generate_error generate_check(const lm_model *m, const lm_generate_opts *o)
{
    const lm_vocab *v = &m->vocab;
    if (o->sentences && v->eos == LM_NO_ID) return LM_GENERATE_SENTENCES_NEED_WORDS;   /* word, or bpe --eos */
    if (o->no_unk && v->unk == LM_NO_ID) return LM_GENERATE_NO_UNK_TOKEN;
    return LM_GENERATE_OK;
}

size_t generate_text(const lm_model *m, const lm_generate_opts *o, FILE *fp, const char *name)
{
    const lm_vocab *v = &m->vocab;
    switch (generate_check(m, o)) {
    case LM_GENERATE_OK: break;
    case LM_GENERATE_SENTENCES_NEED_WORDS:
        die("the model is a %s model without </s>: sentences are word mode or bpe --eos", lm_mode_name(v->mode));
    case LM_GENERATE_NO_UNK_TOKEN: die("the model has no <unk> token to leave out");
    }
    uint32_t mask[2];
    size_t nmask = 0;
    if (v->bos != LM_NO_ID) mask[nmask++] = v->bos;     /* <s> is context only */
    if (o->no_unk) mask[nmask++] = v->unk;

    prime pr;
    tokenize_prime(o->prime ? o->prime : "", o->prime_name ? o->prime_name : "prime", v, &pr);
    lm_ctx *ctx = model_ctx_new(m);
    void *state = xmalloc(model_state_size(m));
    text_out out = { .name = name, .tty = isatty(fileno(fp)) == 1, .last_flush = lm_now() };
    size_t produced = 0, runs = o->samples && !o->beam ? o->samples : 1;
    for (size_t k = 0; k < runs; k++) {
        /* Sample k+1 is the run a single --seed (seed + k) would give. */
        lm_generate_opts one = *o;
        one.seed = o->seed + (uint64_t)k;
        model_state_init(ctx, state);
        for (size_t i = 0; i < pr.n; i++) model_feed(ctx, state, pr.ids[i]);
        text_out_init(&out.t, fp, v, o->samples > 0);
        if (o->echo && !o->nbest)
            for (size_t i = 0; i < pr.n; i++) out_token(&out, pr.ids[i]);
        produced += o->beam ? run_beam(ctx, state, &one, mask, nmask, &out)
                            : run_sampler(ctx, state, &one, &pr, mask, nmask, &out);
        /* Unescaped, a sample's line is exactly the single run's text. */
        if (!o->nbest) text_out_end(&out.t);
        if (o->samples) fputc('\n', fp);
        lm_check_write(fp, name);
    }
    free(pr.ids);
    free(state);
    model_ctx_free(ctx);
    return produced;
}
