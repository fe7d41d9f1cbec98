/* pairs.c — SOURCE<TAB>TARGET text to a pairs stream, and the strict
 * reader.  See pairs.h and lm-stream(5). */
#include "pairs.h"

#include <stdlib.h>
#include <string.h>

#include "bpe.h"
#include "util.h"

/* Room for CAP pairs in P's per-pair arrays (the offsets one more). */
static void pairs_grow(lm_pairs *p, size_t cap)
{
    p->src_off = xrealloc(p->src_off, xmul(cap + 1, sizeof *p->src_off));
    p->tgt_off = xrealloc(p->tgt_off, xmul(cap + 1, sizeof *p->tgt_off));
    p->src_bytes = xrealloc(p->src_bytes, xmul(cap, sizeof *p->src_bytes));
    p->src_chars = xrealloc(p->src_chars, xmul(cap, sizeof *p->src_chars));
    p->tgt_bytes = xrealloc(p->tgt_bytes, xmul(cap, sizeof *p->tgt_bytes));
    p->tgt_chars = xrealloc(p->tgt_chars, xmul(cap, sizeof *p->tgt_chars));
}

/* ---- the sides of a line as tokens -------------------------------------- */

static bool side_space(unsigned char c)
{
    return c == ' ' || c == '\r' || c == '\v' || c == '\f' || c == '\t';
}

typedef void (*side_fn)(void *ctx, const char *tok, size_t len, size_t at);

/* Calls FN for each token of the side P[0..N) in MODE; AT is the token's
 * byte offset in the side.  Returns the number of tokens. */
static size_t side_tokens(int mode, const char *p, size_t n, side_fn fn, void *ctx)
{
    size_t count = 0;
    const unsigned char *u = (const unsigned char *)p;
    for (size_t i = 0; i < n;) {
        if (mode == LM_MODE_WORD) {
            while (i < n && side_space(u[i])) i++;
            if (i == n) break;
            size_t s = i;
            while (i < n && !side_space(u[i])) i++;
            size_t len = i - s;
            /* the markers are the model's, never the text's (as tokenize.h) */
            if ((len == 3 && memcmp(p + s, "<s>", 3) == 0) || (len == 4 && memcmp(p + s, "</s>", 4) == 0))
                fn(ctx, "<unk>", 5, s);
            else
                fn(ctx, p + s, len, s);
        } else {
            size_t len = mode == LM_MODE_BYTE ? 1 : utf8_token_len(u + i, n - i, 1);
            fn(ctx, p + i, len, i);
            i += len;
        }
        count++;
    }
    return count;
}

/* ---- encoding ------------------------------------------------------------ */

typedef struct ids_buf {
    uint32_t *v;
    size_t n, cap;
} ids_buf;

static void ids_push(ids_buf *b, uint32_t id)
{
    if (b->n == b->cap) {
        b->cap = b->cap ? 2 * b->cap : 1024;
        b->v = xrealloc(b->v, xmul(b->cap, sizeof *b->v));
    }
    b->v[b->n++] = id;
}

typedef struct pair_encoder {
    const lm_vocab *apply;     /* the vocabulary given or learnt, or NULL: building */
    lm_bpe_encoder *bpe;       /* applying a BPE vocabulary */
    lm_vocab prov;             /* building: provisional, with counts */
    ids_buf *side;             /* where this side's ids go */
    const char *name;
    uint64_t line;
    const char *which;         /* "source" or "target" */
    int mode;
    lm_pairs p;                /* what is built: offsets, byte and char counts */
    ids_buf src, tgt;
    size_t cap;
} pair_encoder;

static void on_side_token(void *ctx, const char *tok, size_t len, size_t at)
{
    pair_encoder *e = ctx;
    uint32_t id;
    if (e->apply) {
        const lm_vocab *v = e->apply;
        id = vocab_find(v, tok, len);
        if (id == v->bos || id == v->eos) id = LM_NO_ID;   /* markers are never text */
        if (id == LM_NO_ID) {
            if (v->unk == LM_NO_ID) {
                const unsigned char *u = (const unsigned char *)tok;
                if (len == 1 && (u[0] < 0x20 || u[0] >= 0x7f))
                    die("%s:%llu: byte %zu of the %s: byte 0x%02x is not in the vocabulary", e->name,
                        (unsigned long long)e->line, at + 1, e->which, u[0]);
                die("%s:%llu: byte %zu of the %s: '%.*s' is not in the vocabulary", e->name,
                    (unsigned long long)e->line, at + 1, e->which, (int)len, tok);
            }
            id = v->unk;
        }
    } else if (len > LM_MAX_TOKEN_LEN) {
        id = e->prov.unk;
    } else {
        id = vocab_add(&e->prov, tok, len);
        e->prov.count[id]++;
    }
    ids_push(e->side, id);
}

/* A side under a BPE vocabulary: cut into chunks as lm-tokenize cuts a
 * line, each chunk's merges applied; appended to OUT.  Every byte is a
 * token, so nothing is unknown; a literal "</s>" in the text stays bytes
 * (no merge makes that token). */
static size_t bpe_side(lm_bpe_encoder *enc, int split, const char *p, size_t n, ids_buf *out)
{
    const unsigned char *u = (const unsigned char *)p;
    size_t before = out->n;
    for (size_t s = 0; s < n;) {
        size_t len = bpe_split_next(u + s, n - s, split), k;
        const uint32_t *ids = bpe_encode_chunk(enc, u + s, len, &k);
        for (size_t i = 0; i < k; i++) ids_push(out, ids[i]);
        s += len;
    }
    return out->n - before;
}

static size_t encode_side(pair_encoder *e, const char *p, size_t n)
{
    if (e->bpe) return bpe_side(e->bpe, e->apply->split, p, n, e->side);
    return side_tokens(e->mode, p, n, on_side_token, e);
}

/* ---- lines --------------------------------------------------------------- */

typedef void (*line_fn)(void *ctx, const char *name, uint64_t lineno, const char *line, size_t len);

/* Calls FN for each line of PATHS (none: stdin), without its newline. */
static void read_lines(char *const *paths, int npaths, line_fn fn, void *ctx)
{
    static char *const stdin_only[] = { "-" };
    if (npaths == 0) { paths = stdin_only; npaths = 1; }
    char *line = NULL;
    size_t lcap = 0;
    for (int f = 0; f < npaths; f++) {
        FILE *fp = lm_open_read(paths[f]);
        const char *name = lm_display_name(paths[f]);
        uint64_t lineno = 0;
        ssize_t got;
        while ((got = getline(&line, &lcap, fp)) > 0) {
            size_t len = (size_t)got;
            if (line[len - 1] == '\n') len--;
            fn(ctx, name, ++lineno, line, len);
        }
        if (ferror(fp)) die_errno("%s: read error", name);
        if (fp != stdin) fclose(fp);
    }
    free(line);
}

/* The lines held in memory, for BPE: the merges are learnt from every
 * side before the first pair is encoded (and stdin is read only once). */
typedef struct line_store {
    char *bytes;
    size_t nbytes, bytes_cap;
    size_t *off;               /* line i is bytes[off[i] .. off[i + 1]) */
    uint64_t *lineno;
    const char **name;
    size_t n, cap;
} line_store;

static void keep_line(void *ctx, const char *name, uint64_t lineno, const char *line, size_t len)
{
    line_store *ls = ctx;
    if (ls->n + 1 >= ls->cap) {
        ls->cap = ls->cap ? 2 * ls->cap : 1024;
        ls->off = xrealloc(ls->off, xmul(ls->cap + 1, sizeof *ls->off));
        ls->lineno = xrealloc(ls->lineno, xmul(ls->cap, sizeof *ls->lineno));
        ls->name = xrealloc(ls->name, xmul(ls->cap, sizeof *ls->name));
    }
    if (ls->nbytes + len > ls->bytes_cap) {
        ls->bytes_cap = 2 * ls->bytes_cap + len + (1 << 16);
        ls->bytes = xrealloc(ls->bytes, ls->bytes_cap);
    }
    memcpy(ls->bytes + ls->nbytes, line, len);
    ls->off[ls->n] = ls->nbytes;
    ls->nbytes += len;
    ls->off[ls->n + 1] = ls->nbytes;
    ls->lineno[ls->n] = lineno;
    ls->name[ls->n] = name;
    ls->n++;
}

/* Learns O's merges from both sides of every line of LS (a line without
 * a TAB is left to the encoding pass, which names it). */
static void learn_bpe_sides(const line_store *ls, const lm_bpe_opts *o, lm_vocab *v)
{
    const char **texts = xmalloc(xmul(2 * ls->n + 1, sizeof *texts));
    size_t *lens = xmalloc(xmul(2 * ls->n + 1, sizeof *lens)), n = 0;
    for (size_t i = 0; i < ls->n; i++) {
        const char *line = ls->bytes + ls->off[i];
        size_t len = ls->off[i + 1] - ls->off[i];
        const char *tab = memchr(line, '\t', len);
        if (!tab) continue;
        texts[n] = line, lens[n++] = (size_t)(tab - line);
        texts[n] = tab + 1, lens[n++] = len - (size_t)(tab - line) - 1;
    }
    bpe_learn_texts(texts, lens, n, o, v);
    free(texts);
    free(lens);
}

/* ---- encoding pairs ---------------------------------------------------------- */

static void encode_pair(void *ctx, const char *name, uint64_t lineno, const char *line, size_t len)
{
    pair_encoder *e = ctx;
    lm_pairs *p = &e->p;
    e->name = name;
    e->line = lineno;
    const char *tab = memchr(line, '\t', len);
    if (!tab) die("%s:%llu: no TAB (a pair is SOURCE<TAB>TARGET)", e->name, (unsigned long long)e->line);
    size_t sl = (size_t)(tab - line), tl = len - sl - 1;
    const char *t = tab + 1;
    if (memchr(t, '\t', tl))
        die("%s:%llu: more than one TAB (a pair is SOURCE<TAB>TARGET)", e->name,
            (unsigned long long)e->line);
    if (p->n == e->cap) {
        if (p->n >= LM_PAIRS_MAX) die("%s: over the limit of %zu pairs", e->name, LM_PAIRS_MAX);
        e->cap = e->cap ? 2 * e->cap : 1024;
        pairs_grow(p, e->cap);
    }
    p->src_off[p->n] = e->src.n;
    p->tgt_off[p->n] = e->tgt.n;
    e->side = &e->src, e->which = "source";
    size_t ns = encode_side(e, line, sl);
    e->side = &e->tgt, e->which = "target";
    size_t nt = encode_side(e, t, tl);
    if (ns == 0 || nt == 0)
        die("%s:%llu: empty %s", e->name, (unsigned long long)e->line, ns == 0 ? "source" : "target");
    if (ns >= LM_PAIRS_MAX_LEN || nt >= LM_PAIRS_MAX_LEN)
        die("%s:%llu: a side of %zu tokens is over the limit of %d", e->name,
            (unsigned long long)e->line, ns > nt ? ns : nt, LM_PAIRS_MAX_LEN - 1);
    ids_push(&e->tgt, LM_NO_ID);    /* the end symbol, once its id is known */
    p->src_bytes[p->n] = sl;
    p->src_chars[p->n] = utf8_count_chars((const unsigned char *)line, sl);
    p->tgt_bytes[p->n] = tl + 1;   /* + the line end the end symbol stands for */
    p->tgt_chars[p->n] = utf8_count_chars((const unsigned char *)t, tl) + 1;
    p->n++;
}

/* The vocabulary of a byte-mode pairs stream: the 256 bytes, then </s>. */
static void byte_pairs_vocab(lm_vocab *v)
{
    vocab_init_bytes(v);
    v->eos = vocab_add(v, "</s>", 4);
}

void pairs_encode(char *const *paths, int npaths, const lm_encode_opts *o, FILE *out,
                  const char *outname)
{
    lm_vocab made;             /* byte mode's fixed vocabulary, or BPE's learnt one */
    bool own = false;
    line_store ls;
    memset(&ls, 0, sizeof ls);
    pair_encoder e;
    memset(&e, 0, sizeof e);
    e.apply = o->vocab;
    bool learn_bpe = !e.apply && o->mode == LM_MODE_BPE;   /* lines kept, then replayed */
    if (!e.apply && o->mode == LM_MODE_BYTE) {
        byte_pairs_vocab(&made);
        e.apply = &made, own = true;
    } else if (learn_bpe) {
        read_lines(paths, npaths, keep_line, &ls);
        learn_bpe_sides(&ls, o->bpe, &made);
        e.apply = &made, own = true;
    }
    if (e.apply && e.apply->eos == LM_NO_ID)
        die("the vocabulary has no end symbol for the targets (use a pairs stream's or a "
            "seq2seq model's, a word vocabulary, or a BPE one learnt with --eos)");
    e.mode = e.apply ? e.apply->mode : o->mode;
    if (e.mode == LM_MODE_BPE) e.bpe = bpe_encoder_new(e.apply);
    if (!e.apply) {
        vocab_init(&e.prov, e.mode);
        e.prov.count = xcalloc(e.prov.cap, sizeof *e.prov.count);
    }
    if (learn_bpe) {
        for (size_t i = 0; i < ls.n; i++)
            encode_pair(&e, ls.name[i], ls.lineno[i], ls.bytes + ls.off[i], ls.off[i + 1] - ls.off[i]);
        free(ls.bytes), free(ls.off), free(ls.lineno), free(ls.name);
    } else {
        read_lines(paths, npaths, encode_pair, &e);
    }
    lm_pairs *p = &e.p;
    if (p->n == 0) die("%s: no pairs", npaths == 1 ? lm_display_name(paths[0]) : npaths ? "input" : "stdin");
    p->src_off[p->n] = e.src.n;
    p->tgt_off[p->n] = e.tgt.n;
    if (e.apply) {
        vocab_copy(&p->vocab, e.apply);
    } else {
        uint32_t *remap = xmalloc(xmul(e.prov.n ? e.prov.n : 1, sizeof *remap));
        vocab_finish(&e.prov, o->min_count, o->max_words, &p->vocab, remap);
        for (size_t i = 0; i < e.src.n; i++) e.src.v[i] = remap[e.src.v[i]];
        for (size_t i = 0; i < e.tgt.n; i++) if (e.tgt.v[i] != LM_NO_ID) e.tgt.v[i] = remap[e.tgt.v[i]];
        free(remap);
        if (e.mode == LM_MODE_CHAR) p->vocab.eos = vocab_add(&p->vocab, "</s>", 4);
        if (p->vocab.count) p->vocab.count[p->vocab.eos] = p->n;
        vocab_free(&e.prov);
    }
    for (size_t i = 0; i < e.tgt.n; i++) if (e.tgt.v[i] == LM_NO_ID) e.tgt.v[i] = p->vocab.eos;
    p->src = e.src.v ? e.src.v : xmalloc(sizeof *p->src);
    p->tgt = e.tgt.v;
    if (o->vocab_only) {
        lm_writer w;
        lm_writer_init(&w, out, outname);
        lm_write_header(&w, "vocab", LM_VOCAB_VERSION, 1);
        lm_pack_str(&w.pk, "vocab");
        vocab_pack(&w.pk, &p->vocab);
        lm_writer_flush(&w);
    } else {
        pairs_write(p, out, outname);
    }
    pairs_free(p);
    if (e.bpe) bpe_encoder_free(e.bpe);
    if (own) vocab_free(&made);
}

static void pack_kv_u64(msgpack_packer *pk, const char *k, uint64_t v)
{
    lm_pack_str(pk, k);
    msgpack_pack_uint64(pk, v);
}

void pairs_write(const lm_pairs *p, FILE *out, const char *outname)
{
    lm_writer w;
    lm_writer_init(&w, out, outname);
    msgpack_packer *pk = &w.pk;
    lm_write_header(&w, "pairs", LM_PAIRS_VERSION, 2);
    lm_pack_str(pk, "vocab");
    vocab_pack(pk, &p->vocab);
    pack_kv_u64(pk, "pairs", p->n);
    for (size_t i = 0; i < p->n; i++) {
        msgpack_pack_map(pk, 6);
        lm_pack_str(pk, "src");
        lm_pack_u32s(pk, p->src + p->src_off[i], pair_src_len(p, i));
        lm_pack_str(pk, "tgt");
        lm_pack_u32s(pk, p->tgt + p->tgt_off[i], pair_tgt_len(p, i));
        pack_kv_u64(pk, "src_bytes", p->src_bytes[i]);
        pack_kv_u64(pk, "src_chars", p->src_chars[i]);
        pack_kv_u64(pk, "tgt_bytes", p->tgt_bytes[i]);
        pack_kv_u64(pk, "tgt_chars", p->tgt_chars[i]);
    }
    lm_writer_flush(&w);
}

/* ---- reading ---------------------------------------------------------------- */

static uint64_t get_count(const lm_reader *r, const msgpack_object *o, const char *k, uint64_t lo)
{
    uint64_t v = lm_get_u64(r, o, k);
    if (v < lo || v > ((uint64_t)1 << 40))
        lm_reader_die(r, "\"%s\" is %llu, out of range", k, (unsigned long long)v);
    return v;
}

/* One side's ids: 1 .. LM_PAIRS_MAX_LEN of them, each in the vocabulary;
 * the end symbol last on a target and nowhere else. */
static uint32_t *get_side(const lm_reader *r, const msgpack_object *o, const char *k,
                          const lm_vocab *v, bool target, size_t *n)
{
    uint32_t *ids = lm_get_u32s(r, o, k, n);
    if (*n == 0 || *n > LM_PAIRS_MAX_LEN)
        lm_reader_die(r, "\"%s\" has %zu ids (must be 1 to %d)", k, *n, LM_PAIRS_MAX_LEN);
    for (size_t i = 0; i < *n; i++) {
        if (ids[i] >= v->n) lm_reader_die(r, "\"%s\"[%zu] = %u is not in the vocabulary of %u", k, i, ids[i], v->n);
        bool last = target && i + 1 == *n;
        if ((ids[i] == v->eos) != last)
            lm_reader_die(r, last ? "\"%s\" does not end with the end symbol"
                                  : "\"%s\"[%zu] is the end symbol before the end", k, i);
    }
    return ids;
}

void pairs_read_body(lm_reader *r, const msgpack_object *h, lm_pairs *p)
{
    memset(p, 0, sizeof *p);
    vocab_unpack(r, lm_get(r, h, "vocab"), &p->vocab);
    if (p->vocab.eos == LM_NO_ID) lm_reader_die(r, "the vocabulary has no end symbol (eos)");
    uint64_t want = lm_get_u64(r, h, "pairs");
    if (want == 0 || want > LM_PAIRS_MAX)
        lm_reader_die(r, "\"pairs\" is %llu (must be 1 to %zu)", (unsigned long long)want, LM_PAIRS_MAX);
    ids_buf src = { 0 }, tgt = { 0 };
    size_t cap = 0;
    const msgpack_object *o;
    while ((o = lm_read_next(r))) {
        if (o->type != MSGPACK_OBJECT_MAP) lm_reader_die(r, "record is not a map");
        if (p->n == want) lm_reader_die(r, "more pairs than the header's %llu", (unsigned long long)want);
        if (p->n == cap) {
            cap = cap ? 2 * cap : 256;
            if (cap > want) cap = (size_t)want;
            pairs_grow(p, cap);
        }
        size_t i = p->n, ns, nt;
        uint32_t *s = get_side(r, o, "src", &p->vocab, false, &ns);
        uint32_t *t = get_side(r, o, "tgt", &p->vocab, true, &nt);
        p->src_off[i] = src.n;
        p->tgt_off[i] = tgt.n;
        for (size_t k = 0; k < ns; k++) ids_push(&src, s[k]);
        for (size_t k = 0; k < nt; k++) ids_push(&tgt, t[k]);
        free(s);
        free(t);
        p->src_bytes[i] = get_count(r, o, "src_bytes", 0);
        p->src_chars[i] = get_count(r, o, "src_chars", 0);
        p->tgt_bytes[i] = get_count(r, o, "tgt_bytes", 0);
        p->tgt_chars[i] = get_count(r, o, "tgt_chars", 0);
        if (p->src_chars[i] > p->src_bytes[i] || p->tgt_chars[i] > p->tgt_bytes[i])
            lm_reader_die(r, "more chars than bytes");
        if (ns > p->max_src) p->max_src = ns;
        if (nt > p->max_tgt) p->max_tgt = nt;
        p->tgt_tokens += nt;
        p->n++;
    }
    if (p->n != want)
        lm_reader_die(r, "%zu pairs, but the header says %llu (truncated?)", p->n, (unsigned long long)want);
    p->src_off[p->n] = src.n;
    p->tgt_off[p->n] = tgt.n;
    p->src = src.v;
    p->tgt = tgt.v;
}

void pairs_read(const char *path, lm_pairs *p)
{
    lm_reader *r = lm_reader_open(path);
    const msgpack_object *h = lm_read_header(r, "pairs");
    pairs_read_body(r, h, p);
    lm_reader_close(r);
}

void pairs_free(lm_pairs *p)
{
    vocab_free(&p->vocab);
    free(p->src_off), free(p->tgt_off), free(p->src), free(p->tgt);
    free(p->src_bytes), free(p->src_chars), free(p->tgt_bytes), free(p->tgt_chars);
    memset(p, 0, sizeof *p);
}

uint64_t pairs_hash(const lm_pairs *p)
{
    uint64_t h = 1469598103934665603ULL ^ p->n;   /* FNV-1a over lengths and ids */
    for (size_t i = 0; i < p->n; i++) {
        size_t ns = pair_src_len(p, i), nt = pair_tgt_len(p, i);
        h = (h ^ ns) * 1099511628211ULL;
        for (size_t k = 0; k < ns; k++) h = (h ^ p->src[p->src_off[i] + k]) * 1099511628211ULL;
        h = (h ^ nt) * 1099511628211ULL;
        for (size_t k = 0; k < nt; k++) h = (h ^ p->tgt[p->tgt_off[i] + k]) * 1099511628211ULL;
    }
    return h;
}

/* ---- one side, for decoding from a source ------------------------------------ */

typedef struct side_collect {
    const lm_vocab *v;
    const char *name;
    ids_buf ids;
} side_collect;

static void on_collect(void *ctx, const char *tok, size_t len, size_t at)
{
    side_collect *c = ctx;
    uint32_t id = vocab_find(c->v, tok, len);
    if (id == c->v->bos || id == c->v->eos) id = LM_NO_ID;
    if (id == LM_NO_ID) {
        if (c->v->unk == LM_NO_ID)
            die("%s: byte %zu: '%.*s' is not in the model's vocabulary", c->name, at + 1,
                (int)len, tok);
        id = c->v->unk;
    }
    ids_push(&c->ids, id);
}

size_t pairs_tokenize_side(const lm_vocab *v, const char *s, size_t len, const char *name,
                           uint32_t **ids)
{
    side_collect c = { v, name, { 0 } };
    if (v->mode == LM_MODE_BPE) {
        lm_bpe_encoder *enc = bpe_encoder_new(v);
        bpe_side(enc, v->split, s, len, &c.ids);
        bpe_encoder_free(enc);
    } else {
        side_tokens(v->mode, s, len, on_collect, &c);
    }
    *ids = c.ids.v;
    return c.ids.n;
}
