/* bpe_stream.c — lm-tokenize's BPE mode: text files to a tokens stream,
 * learning the merges first (the text is held as its distinct chunks with
 * their counts, plus one chunk id per occurrence) or applying a vocabulary
 * (streamed, line by line).  Both read each file line by line and cut the
 * lines the same way, so applying a learnt vocabulary to its own text gives
 * the tokens learning wrote. */
#include "bpe.h"
#include "tokenize.h"
#include "tokens.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

#define EOS_CHUNK UINT32_MAX   /* an occurrence that is a line's newline as </s> */

/* Calls FN for every chunk (or EOS_CHUNK newline) of the files, in order. */
typedef void (*chunk_fn)(void *ctx, const unsigned char *p, size_t n, bool eos);

static void read_chunks(char *const *paths, int npaths, int split, bool eos, chunk_fn fn, void *ctx)
{
    static char *const stdin_only[] = { "-" };
    if (npaths == 0) { paths = stdin_only; npaths = 1; }
    char *line = NULL;
    size_t cap = 0;
    for (int f = 0; f < npaths; f++) {
        FILE *fp = lm_open_read(paths[f]);
        ssize_t got;
        while ((got = getline(&line, &cap, fp)) > 0) {
            const unsigned char *p = (const unsigned char *)line;
            size_t end = (size_t)got;
            size_t body = eos && p[end - 1] == '\n' ? end - 1 : end;
            for (size_t s = 0; s < body;) {
                size_t len = bpe_split_next(p + s, body - s, split);
                fn(ctx, p + s, len, false);
                s += len;
            }
            if (body < end) fn(ctx, NULL, 0, true);
        }
        if (ferror(fp)) die_errno("%s: read error", lm_display_name(paths[f]));
        if (fp != stdin) fclose(fp);
    }
    free(line);
}

/* One chunk's tokens into the stream, the text they cover with the first
 * of them (a record break falls between chunks unless one chunk alone
 * fills a record). */
static void emit(lm_chunk_writer *cw, const uint32_t *ids, size_t k, uint64_t bytes, uint64_t chars)
{
    if (cw->n && cw->n + k > cw->cap) chunk_writer_flush(cw);
    chunk_writer_cover(cw, bytes, chars);
    for (size_t i = 0; i < k; i++) chunk_writer_add(cw, ids[i], 0);
}

/* ---- applying ---------------------------------------------------------------- */

typedef struct applier {
    lm_bpe_encoder *enc;
    lm_chunk_writer cw;
    uint32_t eos;
} applier;

static void apply_chunk(void *ctx, const unsigned char *p, size_t n, bool eos)
{
    applier *a = ctx;
    if (eos) { emit(&a->cw, &a->eos, 1, 1, 1); return; }
    size_t k;
    const uint32_t *ids = bpe_encode_chunk(a->enc, p, n, &k);
    emit(&a->cw, ids, k, n, utf8_count_chars(p, n));
}

/* ---- learning ---------------------------------------------------------------- */

typedef struct collector {
    lm_bpe_chunks ch;
    size_t nbytes, bytes_cap, chunk_cap;
    uint64_t *chars;           /* per distinct chunk */
    uint32_t *slot;            /* hash index: chunk id + 1, 0 = empty */
    size_t nslot;
    uint32_t *seq;             /* the text as chunk ids (EOS_CHUNK for </s>) */
    size_t nseq, seq_cap;
} collector;

static uint64_t hash_bytes(const unsigned char *p, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 1099511628211ULL;
    return h;
}

static void reindex(collector *c)
{
    free(c->slot);
    c->nslot = c->nslot ? 2 * c->nslot : 1 << 16;
    c->slot = xcalloc(c->nslot, sizeof *c->slot);
    for (uint32_t id = 0; id < c->ch.n; id++) {
        size_t s = c->ch.start[id], n = c->ch.start[id + 1] - s;
        size_t i = hash_bytes(c->ch.bytes + s, n) & (c->nslot - 1);
        while (c->slot[i]) i = (i + 1) & (c->nslot - 1);
        c->slot[i] = id + 1;
    }
}

static uint32_t intern(collector *c, const unsigned char *p, size_t n)
{
    size_t i = hash_bytes(p, n) & (c->nslot - 1);
    for (; c->slot[i]; i = (i + 1) & (c->nslot - 1)) {
        uint32_t id = c->slot[i] - 1;
        size_t s = c->ch.start[id];
        if (c->ch.start[id + 1] - s == n && memcmp(c->ch.bytes + s, p, n) == 0) return id;
    }
    if (c->ch.n >= EOS_CHUNK - 1) die("bpe: more than %u distinct chunks", EOS_CHUNK - 2);
    uint32_t id = c->ch.n++;
    if (c->ch.n + 1 > c->chunk_cap) {
        c->chunk_cap = 2 * c->chunk_cap + 1024;
        c->ch.start = xrealloc(c->ch.start, xmul(c->chunk_cap, sizeof *c->ch.start));
        c->ch.count = xrealloc(c->ch.count, xmul(c->chunk_cap, sizeof *c->ch.count));
        c->chars = xrealloc(c->chars, xmul(c->chunk_cap, sizeof *c->chars));
    }
    if (c->nbytes + n > c->bytes_cap) {
        c->bytes_cap = 2 * c->bytes_cap + n + (1 << 16);
        c->ch.bytes = xrealloc(c->ch.bytes, c->bytes_cap);
    }
    memcpy(c->ch.bytes + c->nbytes, p, n);
    c->ch.start[id] = c->nbytes;
    c->nbytes += n;
    c->ch.start[id + 1] = c->nbytes;
    c->ch.count[id] = 0;
    c->chars[id] = utf8_count_chars(p, n);
    c->slot[i] = id + 1;
    if (2 * (size_t)c->ch.n > c->nslot) reindex(c);
    return id;
}

static void collect_chunk(void *ctx, const unsigned char *p, size_t n, bool eos)
{
    collector *c = ctx;
    uint32_t id = EOS_CHUNK;
    if (!eos) {
        id = intern(c, p, n);
        c->ch.count[id]++;
    }
    if (c->nseq == c->seq_cap) {
        c->seq_cap = c->seq_cap ? 2 * c->seq_cap : 1 << 16;
        c->seq = xrealloc(c->seq, xmul(c->seq_cap, sizeof *c->seq));
    }
    c->seq[c->nseq++] = id;
}

static void collector_init(collector *c)
{
    memset(c, 0, sizeof *c);
    c->chunk_cap = 1024;
    c->ch.start = xmalloc(xmul(c->chunk_cap, sizeof *c->ch.start));
    c->ch.count = xmalloc(xmul(c->chunk_cap, sizeof *c->ch.count));
    c->chars = xmalloc(xmul(c->chunk_cap, sizeof *c->chars));
    c->ch.start[0] = 0;
    reindex(c);
}

static void collector_free(collector *c)
{
    free(c->ch.bytes);
    free(c->ch.start);
    free(c->ch.count);
    free(c->chars);
    free(c->slot);
    free(c->seq);
}

void bpe_learn_texts(const char *const *texts, const size_t *lens, size_t n,
                     const lm_bpe_opts *o, lm_vocab *v)
{
    collector c;
    collector_init(&c);
    for (size_t i = 0; i < n; i++) {
        const unsigned char *p = (const unsigned char *)texts[i];
        for (size_t s = 0; s < lens[i];) {
            size_t len = bpe_split_next(p + s, lens[i] - s, o->split);
            collect_chunk(&c, p + s, len, false);
            s += len;
        }
    }
    bpe_vocab_init(v, o->split);
    uint32_t made = bpe_learn(&c.ch, o->merges, v, NULL, NULL);
    if (made < o->merges)
        warnx_lm("bpe: the text allows only %u merges, not %u", made, o->merges);
    bpe_vocab_add_eos(v);
    collector_free(&c);
}

void bpe_encode_files(char *const *paths, int npaths, const lm_vocab *vocab,
                      const lm_bpe_opts *o, bool vocab_only, FILE *out, const char *outname)
{
    if (vocab) {
        if (vocab_only) { vocab_write_stream(vocab, out, outname); return; }
        applier a;
        memset(&a, 0, sizeof a);
        a.enc = bpe_encoder_new(vocab);
        a.eos = vocab->eos;
        chunk_writer_begin(&a.cw, out, outname, vocab, NULL);
        read_chunks(paths, npaths, vocab->split, vocab->eos != LM_NO_ID, apply_chunk, &a);
        chunk_writer_end(&a.cw);
        bpe_encoder_free(a.enc);
        return;
    }
    collector c;
    collector_init(&c);
    read_chunks(paths, npaths, o->split, o->eos, collect_chunk, &c);
    lm_vocab v;
    bpe_vocab_init(&v, o->split);
    uint32_t *seg = NULL;
    size_t *seg_start = NULL;
    uint32_t made = bpe_learn(&c.ch, o->merges, &v, vocab_only ? NULL : &seg, &seg_start);
    if (made < o->merges)
        warnx_lm("bpe: the text allows only %u merges, not %u", made, o->merges);
    if (o->eos) bpe_vocab_add_eos(&v);
    if (vocab_only) {
        vocab_write_stream(&v, out, outname);
    } else {
        lm_chunk_writer cw;
        chunk_writer_begin(&cw, out, outname, &v, NULL);
        for (size_t i = 0; i < c.nseq; i++) {
            uint32_t id = c.seq[i];
            if (id == EOS_CHUNK) emit(&cw, &v.eos, 1, 1, 1);
            else
                emit(&cw, seg + seg_start[id], seg_start[id + 1] - seg_start[id],
                     c.ch.start[id + 1] - c.ch.start[id], c.chars[id]);
        }
        chunk_writer_end(&cw);
    }
    vocab_free(&v);
    free(seg);
    free(seg_start);
    collector_free(&c);
}
