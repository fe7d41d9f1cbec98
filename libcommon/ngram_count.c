/* ngram_count.c — counting n-grams by one radix sort of the token
 * positions in suffix order, merging count shards, the counts stream.
 * See ngram_count.h.
 *
 * Counting: every token position p stands for the n-grams ending at p.
 * Sorting the positions by their reversed history (the token at p, then
 * p-1, ... up to N symbols, cut at the sentence start) puts every n-gram's
 * occurrences next to each other for all orders at once, and the groups of
 * order n+1 nest inside those of order n; one pass over the sorted
 * positions then emits every distinct n-gram in (parent, word) order with
 * its count.  The sort is an LSD radix sort, one counting pass per history
 * offset (two when the vocabulary exceeds 2^16 ids). */
#include "ngram_count.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

void level_push(lm_ngram_level *lv, size_t *cap, uint32_t word, uint32_t parent,
                const uint32_t *count)
{
    if (lv->n == *cap) {
        *cap = *cap ? *cap * 2 : 1024;
        lv->word = xrealloc(lv->word, xmul(*cap, sizeof *lv->word));
        lv->parent = xrealloc(lv->parent, xmul(*cap, sizeof *lv->parent));
        if (count) lv->count = xrealloc(lv->count, xmul(*cap, sizeof *lv->count));
    }
    lv->word[lv->n] = word;
    lv->parent[lv->n] = parent;
    if (count) lv->count[lv->n] = *count;
    lv->n++;
}

static void level_shrink(lm_ngram_level *lv)
{
    size_t n = lv->n ? lv->n : 1;
    lv->word = xrealloc(lv->word, n * sizeof *lv->word);
    if (lv->parent) lv->parent = xrealloc(lv->parent, n * sizeof *lv->parent);
    if (lv->count) lv->count = xrealloc(lv->count, n * sizeof *lv->count);
}

static void level_free(lm_ngram_level *lv)
{
    free(lv->word);
    free(lv->parent);
    free(lv->count);
    memset(lv, 0, sizeof *lv);
}

uint32_t *level_first_child(const lm_ngram_level *lv, size_t nparent)
{
    uint32_t *first = xmalloc(xmul(nparent + 1, sizeof *first));
    size_t i = 0;
    for (size_t k = 0; k <= nparent; k++) {
        while (i < lv->n && lv->parent[i] < k) i++;
        first[k] = (uint32_t)i;
    }
    return first;
}

long level_find_child(const lm_ngram_level *lv, const uint32_t *first, uint32_t node, uint32_t w)
{
    /* A branch-free lower bound: the comparisons of a search over a few
     * thousand children are unpredictable, and a mispredicted branch
     * costs as much as the load. */
    uint32_t lo = first[node], hi = first[node + 1];
    if (lo == hi) return -1;
    const uint32_t *base = lv->word + lo;
    size_t len = hi - lo;
    while (len > 1) {
        size_t half = len / 2;
        base += base[half - 1] < w ? half : 0;
        len -= half;
    }
    base += *base < w;
    size_t at = (size_t)(base - lv->word);
    return at < hi && *base == w ? (long)at : -1;
}

uint32_t *level_contexts(const lm_ngram_level *lv, int k, const uint32_t *prev)
{
    const lm_ngram_level *H = &lv[k], *P = &lv[k - 1];
    uint32_t *ctx = xmalloc(xmul(H->n ? H->n : 1, sizeof *ctx));
    if (k == 2) {
        memcpy(ctx, H->word, H->n * sizeof *ctx);
        return ctx;
    }
    uint32_t *first = level_first_child(P, lv[k - 2].n);
    for (size_t i = 0; i < H->n; i++) {
        long x = level_find_child(P, first, prev[H->parent[i]], H->word[i]);
        if (x < 0) die("an n-gram of order %d is stored without its context (inconsistent input)", k);
        ctx[i] = (uint32_t)x;
    }
    free(first);
    return ctx;
}

void level_words(const lm_ngram_level *lv, int n, size_t i, uint32_t *w)
{
    for (int k = 0; k < n; k++) {
        w[k] = lv[n - k].word[i];
        if (n - k > 1) i = lv[n - k].parent[i];
    }
}

void counts_free(lm_counts *c)
{
    for (int n = 1; n <= LM_NGRAM_MAX_ORDER; n++) level_free(&c->lv[n]);
    vocab_free(&c->vocab);
    memset(c, 0, sizeof *c);
}

void counts_truncate(lm_counts *c, int order)
{
    for (int n = order + 1; n <= c->order; n++) level_free(&c->lv[n]);
    if (order < c->order) c->order = order;
}

/* ---- counting ------------------------------------------------------------ */

/* Histories: in word mode a position d words into its sentence has d+1
 * words and then <s> (cut at ORDER); in char mode position p has p+1.
 * *STATE carries d (word mode) or p (char mode) across blocks. */
void history_lengths(const lm_vocab *v, const uint32_t *ids, size_t from, size_t n, int order,
                     uint64_t *state, uint8_t *len)
{
    uint64_t d = *state;
    for (size_t p = from; p < n; p++) {
        if (v->mode == LM_MODE_WORD) {
            if (ids[p] == v->bos)
                die("word-mode tokens hold <s> (id %u) at token %llu of a sentence; <s> is "
                    "context only", v->bos, (unsigned long long)d);
            len[p] = d + 2 <= (uint64_t)order ? (uint8_t)((d + 2) | HIST_BOS) : (uint8_t)order;
            d = ids[p] == v->eos ? 0 : d + 1;
        } else {
            len[p] = (uint8_t)(d + 1 < (uint64_t)order ? d + 1 : (uint64_t)order);
            d++;
        }
    }
    *state = d;
}

static void radix_pass(const history *h, int j, int shift, uint32_t mask, const uint32_t *in,
                       uint32_t *out, size_t n, size_t *cnt, size_t nb)
{
    memset(cnt, 0, (nb + 1) * sizeof *cnt);
    for (size_t i = 0; i < n; i++) cnt[((key_at(h, in[i], j) >> shift) & mask) + 1]++;
    for (size_t b = 1; b <= nb; b++) cnt[b] += cnt[b - 1];
    for (size_t i = 0; i < n; i++) out[cnt[(key_at(h, in[i], j) >> shift) & mask]++] = in[i];
}

void history_sort(const history *h, size_t from, size_t n, uint32_t nvocab, int order,
                  uint32_t *a, uint32_t *b)
{
    for (size_t i = from; i < n; i++) a[i - from] = (uint32_t)i;
    size_t m = n - from;
    int bits = 1;
    while (bits < 32 && ((uint64_t)1 << bits) <= nvocab) bits++;     /* keys 0..V */
    int lo_bits = bits > 16 ? 16 : bits, hi_bits = bits - lo_bits;
    size_t nb = (size_t)1 << lo_bits;
    size_t *cnt = xmalloc(xmul(nb + 1, sizeof *cnt));
    /* an even number of passes leaves the result in A */
    for (int j = order - 1; j >= 0; j--) {
        radix_pass(h, j, 0, (uint32_t)(nb - 1), a, b, m, cnt, nb);
        uint32_t *t = a; a = b; b = t;
        if (hi_bits) {
            radix_pass(h, j, lo_bits, (uint32_t)(((size_t)1 << hi_bits) - 1), a, b, m, cnt,
                       (size_t)1 << hi_bits);
            t = a; a = b; b = t;
        }
    }
    if ((order * (hi_bits ? 2 : 1)) % 2) memcpy(b, a, m * sizeof *a);
    free(cnt);
}

int history_keys(const history *h, size_t p, uint32_t *keys)
{
    int l = h->len[p] & ~HIST_BOS;
    for (int j = 0; j < l; j++) keys[j] = key_at(h, p, j);
    return l;
}

void emitter_init(count_emitter *e, lm_counts *c, const lm_vocab *vocab, int order)
{
    memset(e, 0, sizeof *e);
    memset(c, 0, sizeof *c);
    vocab_copy(&c->vocab, vocab);
    c->order = order;
    e->c = c;
    uint32_t V = vocab->n;
    lm_ngram_level *L = &c->lv[1];     /* order 1: one entry per id */
    L->n = V;
    L->word = xmalloc(xmul(V ? V : 1, sizeof *L->word));
    L->count = xcalloc(V ? V : 1, sizeof *L->count);
    for (uint32_t i = 0; i < V; i++) L->word[i] = i;
    /* Each order's arrays start at a megabyte, lm-ngram's mmap threshold
     * (lm_malloc_unmap_large), so they are mapped with their pages
     * untouched until used.  Grown from a few kilobytes, they would be
     * carved out of the heap's free space and copied out of it when they
     * outgrow it, leaving their old pages resident behind them (290 MB of
     * the kernel's 125M-word count, where a freed vocabulary had left that
     * space); mapped from the start, they grow by remapping. */
    for (int k = 2; k <= order; k++) {
        lm_ngram_level *H = &c->lv[k];
        e->cap[k] = (size_t)1 << 18;
        H->word = xmalloc(e->cap[k] * sizeof *H->word);
        H->parent = xmalloc(e->cap[k] * sizeof *H->parent);
        H->count = xmalloc(e->cap[k] * sizeof *H->count);
    }
}

static void add_count(uint32_t *count, uint32_t n)
{
    if (n > UINT32_MAX - *count) die("an n-gram count exceeds 2^32-1");
    *count += n;
}

void emitter_add(count_emitter *e, const uint32_t *keys, int l, uint32_t n)
{
    int same = 0;
    while (same < l && same < e->prev_len && keys[same] == e->prev[same]) same++;
    lm_ngram_level *lv = e->c->lv;
    for (int k = 1; k <= l; k++) {
        lm_ngram_level *L = &lv[k];
        if (k <= same) {
            add_count(&L->count[e->cur[k]], n);
        } else if (k == 1) {
            e->cur[1] = keys[0] - 1;
            add_count(&L->count[e->cur[1]], n);
        } else {
            if (L->n == UINT32_MAX) die("more than 2^32-1 distinct n-grams of order %d", k);
            level_push(L, &e->cap[k], keys[k - 1] - 1, e->cur[k - 1], &n);
            e->cur[k] = (uint32_t)(L->n - 1);
        }
    }
    memcpy(e->prev + same, keys + same, (size_t)(l - same) * sizeof *keys);
    e->prev_len = l;
}

void emitter_finish(count_emitter *e)
{
    for (int k = 2; k <= e->c->order; k++) level_shrink(&e->c->lv[k]);
}

void counts_from_tokens(lm_counts *c, const lm_vocab *vocab, const uint32_t *ids,
                        size_t n, int order)
{
    if (order < 1 || order > LM_NGRAM_MAX_ORDER) die("order %d is not in 1..%d", order, LM_NGRAM_MAX_ORDER);
    if (n > UINT32_MAX - 1) die("more than 2^32-2 tokens in one counting run; count in shards and merge");
    uint8_t *len = xmalloc(n ? n : 1);
    uint64_t state = 0;
    history_lengths(vocab, ids, 0, n, order, &state, len);
    history h = { ids, len, vocab->bos };
    uint32_t *a = xmalloc(xmul(n ? n : 1, sizeof *a)), *b = xmalloc(xmul(n ? n : 1, sizeof *b));
    history_sort(&h, 0, n, vocab->n, order, a, b);
    free(b);
    count_emitter e;
    emitter_init(&e, c, vocab, order);
    uint32_t keys[LM_NGRAM_MAX_ORDER];
    for (size_t i = 0; i < n; i++) emitter_add(&e, keys, history_keys(&h, a[i], keys), 1);
    emitter_finish(&e);
    free(a);
    free(len);
}

/* ---- merging --------------------------------------------------------------- */

void counts_merge(lm_counts *a, const lm_counts *b, const char *bname)
{
    if (!vocab_equal(&a->vocab, &b->vocab))
        die("%s: counted with another vocabulary; tokenize every shard with the same "
            "'lm-tokenize --vocab FILE'", bname);
    if (a->order != b->order)
        die("%s: counts of order %d, the others have order %d", bname, b->order, a->order);
    for (size_t i = 0; i < a->lv[1].n; i++) {
        uint64_t s = (uint64_t)a->lv[1].count[i] + b->lv[1].count[i];
        if (s > UINT32_MAX) die("an n-gram count exceeds 2^32-1");
        a->lv[1].count[i] = (uint32_t)s;
    }
    /* ma/mb: index of each entry of the order below in the merged order */
    uint32_t *ma = NULL, *mb = NULL;
    for (int k = 2; k <= a->order; k++) {
        const lm_ngram_level *A = &a->lv[k], *B = &b->lv[k];
        lm_ngram_level M = { 0 };
        size_t cap = A->n + B->n, i = 0, j = 0;
        M.word = xmalloc(xmul(cap ? cap : 1, sizeof *M.word));
        M.parent = xmalloc(xmul(cap ? cap : 1, sizeof *M.parent));
        M.count = xmalloc(xmul(cap ? cap : 1, sizeof *M.count));
        uint32_t *na = xmalloc(xmul(A->n ? A->n : 1, sizeof *na));
        uint32_t *nb = xmalloc(xmul(B->n ? B->n : 1, sizeof *nb));
        while (i < A->n || j < B->n) {
            uint64_t ka = UINT64_MAX, kb = UINT64_MAX;
            if (i < A->n) ka = (uint64_t)(k == 2 ? A->parent[i] : ma[A->parent[i]]) << 32 | A->word[i];
            if (j < B->n) kb = (uint64_t)(k == 2 ? B->parent[j] : mb[B->parent[j]]) << 32 | B->word[j];
            uint64_t key = ka < kb ? ka : kb;
            uint64_t cnt = 0;
            if (ka == key) { cnt += A->count[i]; na[i++] = (uint32_t)M.n; }
            if (kb == key) { cnt += B->count[j]; nb[j++] = (uint32_t)M.n; }
            if (cnt > UINT32_MAX) die("an n-gram count exceeds 2^32-1");
            M.parent[M.n] = (uint32_t)(key >> 32);
            M.word[M.n] = (uint32_t)key;
            M.count[M.n] = (uint32_t)cnt;
            M.n++;
        }
        level_shrink(&M);
        level_free(&a->lv[k]);
        a->lv[k] = M;
        free(ma);
        free(mb);
        ma = na;
        mb = nb;
    }
    free(ma);
    free(mb);
}

/* ---- the counts stream ----------------------------------------------------- */

void level_write(lm_writer *w, const lm_ngram_level *L, int k, size_t nextra,
                 void (*extra)(msgpack_packer *pk, const void *ctx, int k, size_t at, size_t m),
                 const void *ctx)
{
    size_t at = 0;
    do {
        size_t m = L->n - at < LM_LEVEL_RECORD ? L->n - at : LM_LEVEL_RECORD;
        msgpack_pack_map(&w->pk, 2 + (k > 1) + nextra);
        lm_pack_str(&w->pk, "order");
        msgpack_pack_int(&w->pk, k);
        lm_pack_str(&w->pk, "word");
        lm_pack_u32s(&w->pk, L->word + at, m);
        if (k > 1) {
            lm_pack_str(&w->pk, "parent");
            lm_pack_u32s(&w->pk, L->parent + at, m);
        }
        extra(&w->pk, ctx, k, at, m);
        at += m;
    } while (at < L->n);
}

static void pack_counts(msgpack_packer *pk, const void *ctx, int k, size_t at, size_t m)
{
    const lm_counts *c = ctx;
    lm_pack_str(pk, "count");
    lm_pack_u32s(pk, c->lv[k].count + at, m);
}

void counts_write(const lm_counts *c, FILE *fp, const char *name)
{
    lm_writer w;
    lm_writer_init(&w, fp, name);
    lm_write_header(&w, "counts", LM_COUNTS_VERSION, 2);
    lm_pack_str(&w.pk, "vocab");
    vocab_pack(&w.pk, &c->vocab);
    lm_pack_str(&w.pk, "order");
    msgpack_pack_int(&w.pk, c->order);
    for (int k = 1; k <= c->order; k++) level_write(&w, &c->lv[k], k, 1, pack_counts, c);
    lm_writer_flush(&w);
}

void *grow_array(void *p, size_t n, size_t elem)
{
    return xrealloc(p, xmul(n ? n : 1, elem));
}

int level_read(lm_reader *r, const msgpack_object *o, lm_ngram_level *lv, int order,
               int *k, uint32_t nvocab, size_t *m)
{
    if (o->type != MSGPACK_OBJECT_MAP) lm_reader_die(r, "expected a map");
    int64_t ok = lm_get_i64(r, o, "order");
    if (ok < *k || ok > order) lm_reader_die(r, "order %lld out of sequence", (long long)ok);
    *k = (int)ok;
    lm_ngram_level *L = &lv[*k];
    const msgpack_object *wo = lm_get(r, o, "word");
    size_t n = lm_obj_array(r, wo, LM_EXT_U32, "word"), at = L->n;
    L->word = grow_array(L->word, at + n, sizeof *L->word);
    lm_copy_u32s(r, wo, L->word + at, n, "word");
    if (*k > 1) {
        L->parent = grow_array(L->parent, at + n, sizeof *L->parent);
        lm_copy_u32s(r, lm_get(r, o, "parent"), L->parent + at, n, "parent");
    }
    for (size_t i = at; i < at + n; i++) {
        if (L->word[i] >= nvocab)
            lm_reader_die(r, "word %zu: id %u outside the vocabulary", i - at, L->word[i]);
        if (*k == 1 && L->word[i] != i) lm_reader_die(r, "order 1 must list every id in order");
        if (*k > 1 && L->parent[i] >= lv[*k - 1].n)
            lm_reader_die(r, "parent %zu: %u is not an entry of order %d", i - at, L->parent[i], *k - 1);
        if (*k > 1 && i > 0 && (L->parent[i] < L->parent[i - 1] ||
                                (L->parent[i] == L->parent[i - 1] && L->word[i] <= L->word[i - 1])))
            lm_reader_die(r, "order %d: entries not sorted by (parent, word)", *k);
    }
    *m = n;
    return *k;
}

void counts_read_body(lm_reader *r, const msgpack_object *h, lm_counts *c)
{
    memset(c, 0, sizeof *c);
    vocab_unpack(r, lm_get(r, h, "vocab"), &c->vocab);
    int64_t order = lm_get_i64(r, h, "order");
    if (order < 1 || order > LM_NGRAM_MAX_ORDER)
        lm_reader_die(r, "order %lld is not in 1..%d", (long long)order, LM_NGRAM_MAX_ORDER);
    c->order = (int)order;
    const msgpack_object *o;
    int k = 1;
    size_t m;
    while ((o = lm_read_next(r))) {
        lm_ngram_level *L = &c->lv[level_read(r, o, c->lv, c->order, &k, c->vocab.n, &m)];
        L->count = grow_array(L->count, L->n + m, sizeof *L->count);
        lm_copy_u32s(r, lm_get(r, o, "count"), L->count + L->n, m, "count");
        L->n += m;
    }
    if (c->lv[1].n != c->vocab.n)
        die("%s: counts of order 1 must have one entry per vocabulary id (%zu, vocabulary %u)",
            r->name, c->lv[1].n, c->vocab.n);
    for (int j = 1; j <= c->order; j++) {
        lm_ngram_level *L = &c->lv[j];
        if (!L->word) L->word = grow_array(NULL, 1, sizeof *L->word);
        if (!L->count) L->count = grow_array(NULL, 1, sizeof *L->count);
        if (j > 1 && !L->parent) L->parent = grow_array(NULL, 1, sizeof *L->parent);
    }
}

void counts_read(const char *path, lm_counts *c)
{
    lm_reader *r = lm_reader_open(path);
    const msgpack_object *h = lm_read_header(r, "counts");
    counts_read_body(r, h, c);
    lm_reader_close(r);
}
