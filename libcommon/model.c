/* model.c — loading any model file, and the generic scoring loop. */
#include "model.h"
#include "mix_model.h"
#include "ngram_arpa.h"
#include "ngram_model.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

lm_model *rnn_model_read(lm_reader *r, const msgpack_object *header, unsigned flags);
lm_model *s2s_model_read(lm_reader *r, const msgpack_object *header, unsigned flags);

/* Model types a "model" stream can hold: one line each. */
static const struct {
    const char *type;
    lm_model_reader read;
} model_types[] = {
    { "ngram", ngram_model_read },
    { "rnn", rnn_model_read },
    { "seq2seq", s2s_model_read },
    { NULL, NULL },
};

/* ARPA text is an n-gram model. */
static lm_model *arpa_model_load(FILE *fp, const char *name, unsigned flags)
{
    lm_ngram *g = xmalloc(sizeof *g);
    arpa_read(fp, name, g);
    return ngram_model_wrap(g, flags);
}

/* ARPA files are text that starts (after blank lines) with "\data\". */
static bool looks_like_arpa(FILE *fp)
{
    int c;
    while ((c = getc(fp)) == '\n' || c == '\r' || c == ' ' || c == '\t')
        ;
    if (c == EOF) return false;
    ungetc(c, fp);
    return c == '\\';
}

bool model_is_mix_file(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) return false;
    char head[8];
    size_t n = fread(head, 1, sizeof head, fp);
    fclose(fp);
    return mix_looks_like(head, n);
}

/* A mix file is text starting "lm-mix": read whole (it is small), else
 * NULL with FP where it was. */
static lm_model *mix_load_if(FILE *fp, const char *path, unsigned flags)
{
    int c = getc(fp);
    ungetc(c, fp);
    if (c != 'l') return NULL;
    char *text = xmalloc(LM_MIX_MAX_BYTES + 1);
    size_t n = fread(text, 1, LM_MIX_MAX_BYTES + 1, fp);
    if (!mix_looks_like(text, n)) die("%s: not a model (neither an lm model stream, an ARPA file "
                                      "nor a mix file)", lm_display_name(path));
    lm_model *m = mix_model_load(path, text, n, flags);
    free(text);
    return m;
}

lm_model *model_load(const char *path, unsigned flags)
{
    FILE *fp = lm_open_read(path);
    const char *name = lm_display_name(path);
    int c = getc(fp);
    if (c == EOF) die("%s: empty model file", name);
    ungetc(c, fp);
    unsigned char head = (unsigned char)c;
    lm_model *mixed = mix_load_if(fp, path, flags);
    if (mixed) {
        if (fp != stdin) fclose(fp);
        return mixed;
    }
    if (!lm_looks_like_stream(&head, 1)) {
        if (looks_like_arpa(fp)) {
            lm_model *m = arpa_model_load(fp, name, flags);
            if (fp != stdin) fclose(fp);
            return m;
        }
        die("%s: not a model (neither an lm model stream nor an ARPA file)", name);
    }
    if (flags == LM_LOAD_SCORE && fp != stdin) {
        /* a version-2 n-gram model is scored in place, from the mapping */
        lm_model *mapped = ngram_model_map(fp, name);
        if (mapped) {
            fclose(fp);
            return mapped;
        }
        /* (FP itself is where it was: the mapping read through its fd) */
    }
    lm_reader *r = lm_reader_from_file(fp, name);
    const msgpack_object *h = lm_read_header(r, "model");
    char *type = lm_get_strdup(r, h, "type");
    lm_model *m = NULL;
    for (size_t i = 0; model_types[i].type; i++)
        if (strcmp(type, model_types[i].type) == 0) m = model_types[i].read(r, h, flags);
    if (!m) die("%s: unknown model type '%s'", name, type);
    free(type);
    lm_reader_close(r);
    if (fp != stdin) fclose(fp);
    return m;
}

void model_free(lm_model *m)
{
    if (!m) return;
    if (m->ops && m->ops->free) m->ops->free(m);
    vocab_free(&m->vocab);
    free(m->desc);
    free(m);
}

lm_ctx *model_ctx_new(const lm_model *m)
{
    lm_ctx *c = xmalloc(sizeof *c);
    c->m = m;
    c->scratch = m->ops->scratch_new ? m->ops->scratch_new(m) : NULL;
    return c;
}

void model_ctx_free(lm_ctx *c)
{
    if (!c) return;
    if (c->m->ops->scratch_free) c->m->ops->scratch_free(c->scratch);
    free(c);
}

size_t model_state_size(const lm_model *m)
{
    return m->ops->state_size(m);
}

void model_state_init(lm_ctx *c, void *state)
{
    c->m->ops->state_init(c->m, c->scratch, state);
}

void model_feed(lm_ctx *c, void *state, uint32_t token)
{
    c->m->ops->feed(c->m, c->scratch, state, token);
}

void model_next_logprobs(lm_ctx *c, const void *state, float *logp)
{
    c->m->ops->next_logprobs(c->m, c->scratch, state, logp);
}

double model_logprob(lm_ctx *c, const void *state, uint32_t token)
{
    return c->m->ops->logprob(c->m, c->scratch, state, token);
}

void model_set_source(lm_ctx *c, const uint32_t *ids, size_t n)
{
    if (!c->m->ops->set_source) die("a %s model takes no source", c->m->ops->type);
    c->m->ops->set_source(c->m, c->scratch, ids, n);
}

int model_match_length(const lm_model *m, const void *state, uint32_t token)
{
    return m->ops->match_length ? m->ops->match_length(m, state, token) : 0;
}

void model_score(const lm_model *m, const uint32_t *ids, size_t n, double *logp, int threads)
{
    if (m->ops->score) {
        m->ops->score(m, ids, n, logp, threads);
        return;
    }
    lm_ctx *c = model_ctx_new(m);
    void *state = xmalloc(model_state_size(m));
    model_state_init(c, state);
    for (size_t i = 0; i < n; i++) {
        logp[i] = model_logprob(c, state, ids[i]);
        model_feed(c, state, ids[i]);
    }
    free(state);
    model_ctx_free(c);
}

void model_read_vocab(const char *path, lm_vocab *v)
{
    FILE *fp = lm_open_read(path);
    const char *name = lm_display_name(path);
    int c = getc(fp);
    if (c == EOF) die("%s: empty file (expected a vocabulary)", name);
    ungetc(c, fp);
    unsigned char head = (unsigned char)c;
    lm_model *mixed = mix_load_if(fp, path, LM_LOAD_SCORE);
    if (mixed) {
        vocab_copy(v, &mixed->vocab);
        model_free(mixed);
        if (fp != stdin) fclose(fp);
        return;
    }
    if (!lm_looks_like_stream(&head, 1)) {
        if (looks_like_arpa(fp)) {
            lm_model *m = arpa_model_load(fp, name, LM_LOAD_SCORE);
            vocab_copy(v, &m->vocab);
            model_free(m);
            if (fp != stdin) fclose(fp);
            return;
        }
        die("%s: has no vocabulary (not an lm stream or an ARPA file)", name);
    }
    lm_reader *r = lm_reader_from_file(fp, name);
    const msgpack_object *h = lm_read_header(r, NULL);
    const msgpack_object *o = lm_map_find(h, "vocab");
    if (!o) die("%s: %s stream carries no vocabulary", name, r->kind);
    vocab_unpack(r, o, v);
    lm_reader_close(r);
    if (fp != stdin) fclose(fp);
}
