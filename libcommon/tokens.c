/* tokens.c — writing and reading tokens and logprobs streams.  See tokens.h. */
#include "tokens.h"
#include "util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void chunk_writer_begin(lm_chunk_writer *cw, FILE *fp, const char *name,
                        const lm_vocab *v, const char *model_desc)
{
    memset(cw, 0, sizeof *cw);
    lm_writer_init(&cw->w, fp, name);
    cw->logprobs = model_desc != NULL;
    cw->cap = LM_CHUNK_TOKENS;
    cw->ids = xmalloc(xmul(cw->cap, sizeof *cw->ids));
    if (cw->logprobs) cw->logp = xmalloc(xmul(cw->cap, sizeof *cw->logp));
    if (cw->logprobs) {
        lm_write_header(&cw->w, "logprobs", LM_LOGPROBS_VERSION, 2);
        lm_pack_str(&cw->w.pk, "model");
        lm_pack_str(&cw->w.pk, model_desc);
    } else {
        lm_write_header(&cw->w, "tokens", LM_TOKENS_VERSION, 1);
    }
    lm_pack_str(&cw->w.pk, "vocab");
    vocab_pack(&cw->w.pk, v);
}

void chunk_writer_flush(lm_chunk_writer *cw)
{
    if (cw->n == 0 && cw->bytes == 0 && cw->chars == 0) return;
    msgpack_packer *pk = &cw->w.pk;
    msgpack_pack_map(pk, cw->logprobs ? 4 : 3);
    lm_pack_str(pk, "ids");
    lm_pack_u32s(pk, cw->ids, cw->n);
    if (cw->logprobs) {
        lm_pack_str(pk, "logp");
        lm_pack_f64s(pk, cw->logp, cw->n);
    }
    lm_pack_str(pk, "bytes");
    msgpack_pack_uint64(pk, cw->bytes);
    lm_pack_str(pk, "chars");
    msgpack_pack_uint64(pk, cw->chars);
    cw->n = 0;
    cw->bytes = cw->chars = 0;
}

void chunk_writer_add(lm_chunk_writer *cw, uint32_t id, double logp)
{
    if (cw->n == cw->cap) chunk_writer_flush(cw);
    cw->ids[cw->n] = id;
    if (cw->logprobs) cw->logp[cw->n] = logp;
    cw->n++;
}

void chunk_writer_cover(lm_chunk_writer *cw, uint64_t bytes, uint64_t chars)
{
    cw->bytes += bytes;
    cw->chars += chars;
}

void chunk_writer_end(lm_chunk_writer *cw)
{
    chunk_writer_flush(cw);
    lm_writer_flush(&cw->w);
    free(cw->ids);
    free(cw->logp);
    cw->ids = NULL;
    cw->logp = NULL;
}

void chunk_reader_open(lm_chunk_reader *cr, const char *path, const char *kind)
{
    chunk_reader_start(cr, lm_reader_open(path), kind);
}

void chunk_reader_start(lm_chunk_reader *cr, lm_reader *r, const char *kind)
{
    memset(cr, 0, sizeof *cr);
    cr->r = r;
    const msgpack_object *h = lm_read_header(cr->r, kind);
    cr->logprobs = strcmp(kind, "logprobs") == 0;
    vocab_unpack(cr->r, lm_get(cr->r, h, "vocab"), &cr->vocab);
    if (cr->logprobs) {
        const msgpack_object *m = lm_map_find(h, "model");
        if (m && (m->type == MSGPACK_OBJECT_STR || m->type == MSGPACK_OBJECT_BIN))
            cr->model_desc = lm_get_strdup(cr->r, h, "model");
    }
}

bool chunk_reader_next(lm_chunk_reader *cr)
{
    const lm_reader *r = cr->r;
    const msgpack_object *o = lm_read_next(cr->r);
    if (!o) return false;
    if (o->type != MSGPACK_OBJECT_MAP) lm_reader_die(r, "expected a map");
    const msgpack_object *ids = lm_get(r, o, "ids");
    size_t n = lm_obj_array(r, ids, LM_EXT_U32, "ids");
    if (n > cr->cap) {
        cr->cap = n;
        cr->ids = xrealloc(cr->ids, xmul(n, sizeof *cr->ids));
        if (cr->logprobs) cr->logp = xrealloc(cr->logp, xmul(n, sizeof *cr->logp));
    }
    lm_copy_u32s(r, ids, cr->ids, n, "ids");
    for (size_t i = 0; i < n; i++)
        if (cr->ids[i] >= cr->vocab.n)
            lm_reader_die(r, "ids: token %zu has id %u, outside the vocabulary of %u",
                          i, cr->ids[i], cr->vocab.n);
    if (cr->logprobs) {
        lm_copy_f64s(r, lm_get(r, o, "logp"), cr->logp, n, "logp");
        for (size_t i = 0; i < n; i++)
            if (cr->logp[i] > 1e-6)
                lm_reader_die(r, "logp: value %zu is %g, a log-probability above 0", i, cr->logp[i]);
    }
    cr->n = n;
    cr->bytes = lm_get_u64(r, o, "bytes");
    cr->chars = lm_get_u64(r, o, "chars");
    return true;
}

void chunk_reader_close(lm_chunk_reader *cr)
{
    lm_reader_close(cr->r);
    vocab_free(&cr->vocab);
    free(cr->ids);
    free(cr->logp);
    free(cr->model_desc);
    memset(cr, 0, sizeof *cr);
}

void tokens_read(const char *path, lm_tokens *t)
{
    memset(t, 0, sizeof *t);
    lm_chunk_reader cr;
    chunk_reader_open(&cr, path, "tokens");
    size_t cap = 0, ccap = 0;
    while (chunk_reader_next(&cr)) {
        if (t->n + cr.n > cap) {
            cap = (t->n + cr.n) * 2;
            t->ids = xrealloc(t->ids, xmul(cap, sizeof *t->ids));
        }
        memcpy(t->ids + t->n, cr.ids, cr.n * sizeof *cr.ids);
        t->n += cr.n;
        if (t->nchunks == ccap) {
            ccap = ccap ? ccap * 2 : 16;
            t->chunk_end = xrealloc(t->chunk_end, xmul(ccap, sizeof *t->chunk_end));
            t->chunk_bytes = xrealloc(t->chunk_bytes, xmul(ccap, sizeof *t->chunk_bytes));
            t->chunk_chars = xrealloc(t->chunk_chars, xmul(ccap, sizeof *t->chunk_chars));
        }
        t->chunk_end[t->nchunks] = t->n;
        t->chunk_bytes[t->nchunks] = cr.bytes;
        t->chunk_chars[t->nchunks] = cr.chars;
        t->nchunks++;
        t->bytes += cr.bytes;
        t->chars += cr.chars;
    }
    t->vocab = cr.vocab;                 /* take ownership */
    memset(&cr.vocab, 0, sizeof cr.vocab);
    chunk_reader_close(&cr);
}

void tokens_free(lm_tokens *t)
{
    vocab_free(&t->vocab);
    free(t->ids);
    free(t->chunk_end);
    free(t->chunk_bytes);
    free(t->chunk_chars);
    memset(t, 0, sizeof *t);
}
