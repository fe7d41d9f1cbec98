/* tokenize.c — char (UTF-8), byte and word tokenizers.  See tokenize.h. */
#include "tokenize.h"
#include "bpe.h"
#include "tokens.h"
#include "util.h"
#include "vocab.h"

#include <stdlib.h>
#include <string.h>

size_t utf8_token_len(const unsigned char *p, size_t n, int at_end)
{
    unsigned b = p[0];
    size_t need;
    unsigned lo = 0x80, hi = 0xbf;     /* allowed range of the second byte */
    if (b < 0x80) return 1;
    else if (b >= 0xc2 && b <= 0xdf) need = 2;
    else if (b == 0xe0) { need = 3; lo = 0xa0; }          /* no overlongs */
    else if (b >= 0xe1 && b <= 0xec) need = 3;
    else if (b == 0xed) { need = 3; hi = 0x9f; }          /* no surrogates */
    else if (b >= 0xee && b <= 0xef) need = 3;
    else if (b == 0xf0) { need = 4; lo = 0x90; }          /* no overlongs */
    else if (b >= 0xf1 && b <= 0xf3) need = 4;
    else if (b == 0xf4) { need = 4; hi = 0x8f; }          /* <= U+10FFFF */
    else return 1;                                        /* 80..c1, f5..ff */
    for (size_t i = 1; i < need; i++) {
        if (i >= n) return at_end ? 1 : 0;
        unsigned c = p[i];
        unsigned l = i == 1 ? lo : 0x80, h = i == 1 ? hi : 0xbf;
        if (c < l || c > h) return 1;
    }
    return need;
}

uint64_t utf8_count_chars(const unsigned char *p, size_t n)
{
    uint64_t chars = 0;
    for (size_t i = 0; i < n; chars++) i += utf8_token_len(p + i, n - i, 1);
    return chars;
}

/* char and byte: fixed-size blocks, carrying an incomplete UTF-8 sequence
 * over to the next block. */
static void tokenize_chars(FILE *fp, const char *name, int bytes_only, lm_token_fn fn,
                           void *ctx, uint64_t *total_bytes, uint64_t *total_chars)
{
    enum { BLOCK = 1 << 16 };
    unsigned char *buf = xmalloc(BLOCK + 4);
    size_t have = 0;
    uint64_t pos = 0, chars = 0;
    int at_end = 0;
    while (!at_end) {
        size_t got = fread(buf + have, 1, BLOCK, fp);
        if (got < BLOCK) {
            if (ferror(fp)) die_errno("%s: read error", name);
            at_end = 1;
        }
        have += got;
        size_t i = 0;
        while (i < have) {
            size_t len = utf8_token_len(buf + i, have - i, at_end);
            if (len == 0) break;                 /* wait for the rest */
            if (bytes_only) {
                /* One token per byte; a character counts when it is complete. */
                for (size_t k = 0; k < len; k++)
                    fn(ctx, (const char *)buf + i + k, 1, pos + k + 1, chars + (k + 1 == len));
            } else {
                fn(ctx, (const char *)buf + i, len, pos + len, chars + 1);
            }
            pos += len;
            chars++;
            i += len;
        }
        memmove(buf, buf + i, have - i);
        have -= i;
    }
    free(buf);
    *total_bytes = pos;
    *total_chars = chars;
}

static int is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static void tokenize_words(FILE *fp, const char *name, lm_token_fn fn, void *ctx,
                           uint64_t *total_bytes, uint64_t *total_chars)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    uint64_t base_bytes = 0, base_chars = 0;
    /* Word spans of the current line: start and end offsets. */
    size_t *span = NULL, span_cap = 0;
    while ((n = getline(&line, &cap, fp)) > 0) {
        const unsigned char *p = (const unsigned char *)line;
        size_t len = (size_t)n;
        size_t body = len && p[len - 1] == '\n' ? len - 1 : len;
        size_t nw = 0;
        for (size_t i = 0; i < body;) {
            while (i < body && is_space(p[i])) i++;
            if (i == body) break;
            size_t s = i;
            while (i < body && !is_space(p[i])) i++;
            if (2 * nw + 2 > span_cap) {
                span_cap = span_cap ? span_cap * 2 : 64;
                span = xrealloc(span, xmul(span_cap, sizeof *span));
            }
            span[2 * nw] = s;
            span[2 * nw + 1] = i;
            nw++;
        }
        size_t first = 0, last = nw;
        if (nw && span[1] - span[0] == 3 && memcmp(p + span[0], "<s>", 3) == 0) first = 1;
        if (last > first && span[2 * last - 1] - span[2 * last - 2] == 4 &&
            memcmp(p + span[2 * last - 2], "</s>", 4) == 0)
            last--;
        size_t counted = 0;            /* chars counted up to this offset */
        uint64_t chars = base_chars;
        for (size_t w = first; w < last; w++) {
            size_t s = span[2 * w], e = span[2 * w + 1];
            chars += utf8_count_chars(p + counted, e - counted);
            counted = e;
            const char *tok = (const char *)p + s;
            size_t tl = e - s;
            if ((tl == 3 && memcmp(tok, "<s>", 3) == 0) || (tl == 4 && memcmp(tok, "</s>", 4) == 0)) {
                tok = "<unk>";
                tl = 5;
            }
            fn(ctx, tok, tl, base_bytes + e, chars);
        }
        chars += utf8_count_chars(p + counted, len - counted);
        base_bytes += len;
        base_chars = chars;
        fn(ctx, "</s>", 4, base_bytes, base_chars);
    }
    if (ferror(fp)) die_errno("%s: read error", name);
    free(line);
    free(span);
    *total_bytes = base_bytes;
    *total_chars = base_chars;
}

void tokenize_file(FILE *fp, const char *name, int mode, lm_token_fn fn, void *ctx,
                   uint64_t *total_bytes, uint64_t *total_chars)
{
    if (mode == LM_MODE_WORD) tokenize_words(fp, name, fn, ctx, total_bytes, total_chars);
    else tokenize_chars(fp, name, mode == LM_MODE_BYTE, fn, ctx, total_bytes, total_chars);
}

/* ---- encoding ---------------------------------------------------------- */

typedef struct encoder {
    const lm_encode_opts *o;
    const char *name;             /* current input, for messages */
    uint64_t base_bytes, base_chars;   /* totals of earlier inputs */
    uint64_t last_bytes, last_chars;   /* position of the last token's end */
    /* applying: tokens go straight out */
    lm_chunk_writer cw;
    /* building: provisional vocabulary and ids, chunk boundaries */
    lm_vocab prov;
    uint32_t *ids;
    size_t n, cap;
    size_t *chunk_end;
    uint64_t *chunk_bytes, *chunk_chars;
    size_t nchunks, ccap;
    uint64_t chunk_start_bytes, chunk_start_chars;
    bool warned_long;
} encoder;

static void build_close_chunk(encoder *e)
{
    if (e->nchunks == e->ccap) {
        e->ccap = e->ccap ? e->ccap * 2 : 64;
        e->chunk_end = xrealloc(e->chunk_end, xmul(e->ccap, sizeof *e->chunk_end));
        e->chunk_bytes = xrealloc(e->chunk_bytes, xmul(e->ccap, sizeof *e->chunk_bytes));
        e->chunk_chars = xrealloc(e->chunk_chars, xmul(e->ccap, sizeof *e->chunk_chars));
    }
    e->chunk_end[e->nchunks] = e->n;
    e->chunk_bytes[e->nchunks] = e->last_bytes - e->chunk_start_bytes;
    e->chunk_chars[e->nchunks] = e->last_chars - e->chunk_start_chars;
    e->nchunks++;
    e->chunk_start_bytes = e->last_bytes;
    e->chunk_start_chars = e->last_chars;
}

static void describe_token(char *buf, size_t n, const char *tok, size_t len)
{
    const unsigned char *p = (const unsigned char *)tok;
    if (len == 1 && p[0] >= 0x80) { snprintf(buf, n, "byte 0x%02x", p[0]); return; }
    uint32_t cp = p[0];
    if (len == 2) cp = (p[0] & 0x1f) << 6 | (p[1] & 0x3f);
    if (len == 3) cp = (p[0] & 0x0f) << 12 | (p[1] & 0x3f) << 6 | (p[2] & 0x3f);
    if (len == 4) cp = (uint32_t)(p[0] & 0x07) << 18 | (p[1] & 0x3f) << 12 | (p[2] & 0x3f) << 6 | (p[3] & 0x3f);
    if (cp >= 0x20 && cp != 0x7f)
        snprintf(buf, n, "character '%.*s' (U+%04X)", (int)len, tok, (unsigned)cp);
    else
        snprintf(buf, n, "character U+%04X", (unsigned)cp);
}

static void on_token(void *ctx, const char *tok, size_t len, uint64_t through_bytes,
                     uint64_t through_chars)
{
    encoder *e = ctx;
    uint64_t bytes = e->base_bytes + through_bytes, chars = e->base_chars + through_chars;
    if (e->o->vocab) {
        const lm_vocab *v = e->o->vocab;
        uint32_t id = vocab_find(v, tok, len);
        if (id == LM_NO_ID) {
            if (v->unk == LM_NO_ID) {
                char what[64];
                describe_token(what, sizeof what, tok, len);
                die("%s: byte %llu: %s is not in the vocabulary (a %s vocabulary of %u tokens, "
                    "without <unk>%s)", e->name, (unsigned long long)(through_bytes - len + 1), what,
                    lm_mode_name(v->mode), v->n,
                    v->mode == LM_MODE_CHAR ? "; --unk maps it to <unk>" : "");
            }
            id = v->unk;
        }
        if (id == v->bos) id = v->unk;   /* <s> is context only (word mode) */
        if (e->cw.n == e->cw.cap) chunk_writer_flush(&e->cw);  /* cover goes with its token */
        chunk_writer_cover(&e->cw, bytes - e->last_bytes, chars - e->last_chars);
        chunk_writer_add(&e->cw, id, 0);
    } else {
        uint32_t id;
        if (len > LM_MAX_TOKEN_LEN) {
            if (!e->warned_long)
                warnx_lm("%s: a word of %zu bytes is over the limit of %d: taken as <unk>",
                         e->name, len, LM_MAX_TOKEN_LEN);
            e->warned_long = true;
            id = e->prov.unk;
        } else {
            id = vocab_add(&e->prov, tok, len);
        }
        e->prov.count[id]++;
        if (e->n == e->cap) {
            e->cap = e->cap ? e->cap * 2 : 1 << 16;
            e->ids = xrealloc(e->ids, xmul(e->cap, sizeof *e->ids));
        }
        e->ids[e->n++] = id;
    }
    e->last_bytes = bytes;
    e->last_chars = chars;
    if (!e->o->vocab && e->n % LM_CHUNK_TOKENS == 0) build_close_chunk(e);
}

void vocab_write_stream(const lm_vocab *v, FILE *out, const char *outname)
{
    lm_writer w;
    lm_writer_init(&w, out, outname);
    lm_write_header(&w, "vocab", LM_VOCAB_VERSION, 1);
    lm_pack_str(&w.pk, "vocab");
    vocab_pack(&w.pk, v);
    lm_writer_flush(&w);
}

void encode_files(char *const *paths, int npaths, const lm_encode_opts *o,
                  FILE *out, const char *outname)
{
    static char *const stdin_only[] = { "-" };
    if (npaths == 0) { paths = stdin_only; npaths = 1; }
    if (o->vocab ? o->vocab->mode == LM_MODE_BPE : o->mode == LM_MODE_BPE) {
        bpe_encode_files(paths, npaths, o->vocab, o->bpe, o->vocab_only, out, outname);
        return;
    }
    /* The byte vocabulary is fixed, so byte mode always streams. */
    lm_vocab bytes;
    lm_encode_opts byte_opts;
    if (!o->vocab && o->mode == LM_MODE_BYTE) {
        vocab_init_bytes(&bytes);
        byte_opts = *o;
        byte_opts.vocab = &bytes;
        encode_files(paths, npaths, &byte_opts, out, outname);
        vocab_free(&bytes);
        return;
    }
    encoder e;
    memset(&e, 0, sizeof e);
    e.o = o;
    if (o->vocab) {
        if (o->vocab_only) { vocab_write_stream(o->vocab, out, outname); return; }
        chunk_writer_begin(&e.cw, out, outname, o->vocab, NULL);
    } else {
        vocab_init(&e.prov, o->mode);
        e.prov.count = xcalloc(e.prov.cap, sizeof *e.prov.count);
    }
    int mode = o->vocab ? o->vocab->mode : o->mode;
    for (int i = 0; i < npaths; i++) {
        FILE *fp = lm_open_read(paths[i]);
        e.name = lm_display_name(paths[i]);
        uint64_t tb, tc;
        tokenize_file(fp, e.name, mode, on_token, &e, &tb, &tc);
        if (fp != stdin) fclose(fp);
        e.base_bytes += tb;
        e.base_chars += tc;
    }
    if (o->vocab) {
        /* Text after the last token (none in practice) still counts. */
        chunk_writer_cover(&e.cw, e.base_bytes - e.last_bytes, e.base_chars - e.last_chars);
        chunk_writer_end(&e.cw);
        return;
    }
    e.last_bytes = e.base_bytes;
    e.last_chars = e.base_chars;
    if (e.n % LM_CHUNK_TOKENS != 0 || e.nchunks == 0 || e.chunk_start_bytes != e.base_bytes)
        build_close_chunk(&e);
    lm_vocab fin;
    uint32_t *remap = xmalloc(xmul(e.prov.n, sizeof *remap));
    vocab_finish(&e.prov, o->min_count, o->max_words, &fin, remap);
    if (o->unk) vocab_ensure_unk(&fin);
    if (o->vocab_only) {
        vocab_write_stream(&fin, out, outname);
    } else {
        lm_chunk_writer cw;
        chunk_writer_begin(&cw, out, outname, &fin, NULL);
        size_t start = 0;
        for (size_t c = 0; c < e.nchunks; c++) {
            for (size_t i = start; i < e.chunk_end[c]; i++) chunk_writer_add(&cw, remap[e.ids[i]], 0);
            chunk_writer_cover(&cw, e.chunk_bytes[c], e.chunk_chars[c]);
            chunk_writer_flush(&cw);
            start = e.chunk_end[c];
        }
        chunk_writer_end(&cw);
    }
    free(remap);
    vocab_free(&fin);
    vocab_free(&e.prov);
    free(e.ids);
    free(e.chunk_end);
    free(e.chunk_bytes);
    free(e.chunk_chars);
}

/* ---- decoding ------------------------------------------------------------ */

void text_out_init(lm_text_out *t, FILE *fp, const lm_vocab *v, bool escape)
{
    *t = (lm_text_out){ fp, v, escape, true };
}

static void put_text(const lm_text_out *t, const char *s, size_t n)
{
    if (!t->escape) {
        fwrite(s, 1, n, t->fp);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\\') fputs("\\\\", t->fp);
        else if (s[i] == '\t') fputs("\\t", t->fp);
        else if (s[i] == '\n') fputs("\\n", t->fp);
        else fputc(s[i], t->fp);
    }
}

bool text_out_token(lm_text_out *t, uint32_t id)
{
    const lm_vocab *v = t->v;
    if (v->mode == LM_MODE_BPE && id == v->eos) {
        put_text(t, "\n", 1);
        return true;
    }
    if (v->mode != LM_MODE_WORD) {
        put_text(t, v->str[id], v->len[id]);
        return memchr(v->str[id], '\n', v->len[id]) != NULL;
    }
    if (id == v->eos) {
        put_text(t, "\n", 1);
        t->line_start = true;
        return true;
    }
    if (!t->line_start) fputc(' ', t->fp);
    put_text(t, v->str[id], v->len[id]);
    t->line_start = false;
    return memchr(v->str[id], '\n', v->len[id]) != NULL;
}

void text_out_end(lm_text_out *t)
{
    if (t->v->mode == LM_MODE_WORD && !t->line_start) put_text(t, "\n", 1);
}

void decode_stream(const char *path, FILE *out, const char *outname)
{
    lm_chunk_reader cr;
    chunk_reader_open(&cr, path, "tokens");
    lm_text_out t;
    text_out_init(&t, out, &cr.vocab, false);
    while (chunk_reader_next(&cr)) {
        for (size_t i = 0; i < cr.n; i++) text_out_token(&t, cr.ids[i]);
        if (ferror(out)) lm_check_write(out, outname);
    }
    text_out_end(&t);
    chunk_reader_close(&cr);
    lm_check_write(out, outname);
}
