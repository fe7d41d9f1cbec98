/* ngram_merge.c — the N-way streaming merge of counts streams.  See
 * ngram_merge.h. */
#include "ngram_merge.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ngram_count.h"
#include "util.h"
#include "vocab.h"

/* One shard, read a record at a time. */
typedef struct cursor {
    lm_reader *r;
    lm_vocab vocab;
    int order;                /* the shard's */
    int k;                    /* the buffered record's order; INT_MAX at the end */
    lm_ngram_level rec;       /* the buffered record's entries */
    size_t cap, i;            /* rec's room, its next entry */
    size_t seen[LM_NGRAM_MAX_ORDER + 1];   /* entries consumed per order */
    uint64_t last;            /* the previous entry's (parent, word), for the sort check */
    uint32_t *below, *here;   /* sum's index of each entry of orders k-1, k */
    size_t here_cap;
} cursor;

/* The next record into C->rec; false at the end of the stream. */
static bool load(cursor *c)
{
    const msgpack_object *o = lm_read_next(c->r);
    if (!o) {
        c->k = INT_MAX;
        return false;
    }
    if (o->type != MSGPACK_OBJECT_MAP) lm_reader_die(c->r, "expected a map");
    int64_t k = lm_get_i64(c->r, o, "order");
    if (k < (c->k == 0 ? 1 : c->k) || k > c->order)
        lm_reader_die(c->r, "order %lld out of sequence", (long long)k);
    if (k != c->k) c->last = 0;
    const msgpack_object *wo = lm_get(c->r, o, "word");
    size_t n = lm_obj_array(c->r, wo, LM_EXT_U32, "word");
    if (n > c->cap) {
        c->cap = n;
        c->rec.word = grow_array(c->rec.word, n, sizeof *c->rec.word);
        c->rec.parent = grow_array(c->rec.parent, n, sizeof *c->rec.parent);
        c->rec.count = grow_array(c->rec.count, n, sizeof *c->rec.count);
    }
    lm_copy_u32s(c->r, wo, c->rec.word, n, "word");
    if (k > 1) lm_copy_u32s(c->r, lm_get(c->r, o, "parent"), c->rec.parent, n, "parent");
    lm_copy_u32s(c->r, lm_get(c->r, o, "count"), c->rec.count, n, "count");
    c->k = (int)k;
    c->rec.n = n;
    c->i = 0;
    return true;
}

/* Whether C has an entry of order K left (loading records as needed). */
static bool has(cursor *c, int k)
{
    while (c->i >= c->rec.n) {
        if (c->k > k || !load(c)) return false;
    }
    return c->k == k;
}

/* C's next entry of order K >= 2 as (the sum's parent, word), checked. */
static uint64_t key(const cursor *c, int k)
{
    uint32_t w = c->rec.word[c->i], p = c->rec.parent[c->i];
    if (w >= c->vocab.n) lm_reader_die(c->r, "id %u outside the vocabulary", w);
    if (p >= c->seen[k - 1])
        lm_reader_die(c->r, "parent %u is not an entry of order %d", p, k - 1);
    uint64_t own = (uint64_t)p << 32 | w;
    if (c->seen[k] > 0 && own <= c->last)
        lm_reader_die(c->r, "order %d: entries not sorted by (parent, word)", k);
    return (uint64_t)(k == 2 ? p : c->below[p]) << 32 | w;
}

typedef struct out_level {
    lm_writer w;
    lm_ngram_level buf;       /* up to LM_LEVEL_RECORD entries */
    size_t cap;               /* grown as entries come (small outputs stay small) */
    size_t written;           /* entries of the current order so far */
} out_level;

static void pack_count(msgpack_packer *pk, const void *ctx, int k, size_t at, size_t m)
{
    (void)k;
    const lm_ngram_level *L = ctx;
    lm_pack_str(pk, "count");
    lm_pack_u32s(pk, L->count + at, m);
}

/* The buffered entries as one record (an order with none: one empty
 * record, as counts_write writes it). */
static void flush(out_level *o, int k)
{
    level_write(&o->w, &o->buf, k, 1, pack_count, &o->buf);
    o->written += o->buf.n;
    o->buf.n = 0;
}

static void grow_out(out_level *o)
{
    o->cap = o->cap ? 2 * o->cap : 1024;
    o->buf.word = grow_array(o->buf.word, o->cap, sizeof *o->buf.word);
    o->buf.parent = grow_array(o->buf.parent, o->cap, sizeof *o->buf.parent);
    o->buf.count = grow_array(o->buf.count, o->cap, sizeof *o->buf.count);
}

static void emit(out_level *o, int k, uint32_t parent, uint32_t word, uint64_t count)
{
    if (count > UINT32_MAX) die("an n-gram count exceeds 2^32-1");
    if (o->buf.n == o->cap) grow_out(o);
    o->buf.word[o->buf.n] = word;
    o->buf.parent[o->buf.n] = parent;
    o->buf.count[o->buf.n] = (uint32_t)count;
    if (++o->buf.n == LM_LEVEL_RECORD) flush(o, k);
}

static void merge_order1(cursor *cs, int n, out_level *o)
{
    uint32_t V = cs[0].vocab.n;
    uint64_t *sum = xcalloc(V ? V : 1, sizeof *sum);
    for (int s = 0; s < n; s++) {
        cursor *c = &cs[s];
        while (has(c, 1)) {
            if (c->rec.word[c->i] != c->seen[1])
                lm_reader_die(c->r, "order 1 must list every id in order");
            if (c->seen[1] >= V) lm_reader_die(c->r, "order 1 has more entries than the vocabulary");
            sum[c->seen[1]++] += c->rec.count[c->i++];
        }
        if (c->seen[1] != V)
            die("%s: counts of order 1 must have one entry per vocabulary id (%zu, vocabulary %u)",
                c->r->name, c->seen[1], V);
    }
    for (uint32_t id = 0; id < V; id++) emit(o, 1, 0, id, sum[id]);
    if (o->buf.n > 0 || o->written == 0) flush(o, 1);
    free(sum);
}

static void merge_order(cursor *cs, int n, int k, out_level *o)
{
    o->written = 0;
    for (;;) {
        uint64_t best = UINT64_MAX;
        for (int s = 0; s < n; s++)
            if (has(&cs[s], k)) {
                uint64_t kk = key(&cs[s], k);
                if (kk < best) best = kk;
            }
        if (best == UINT64_MAX) break;
        uint64_t count = 0;
        uint32_t at = (uint32_t)(o->written + o->buf.n);
        for (int s = 0; s < n; s++) {
            cursor *c = &cs[s];
            if (!has(c, k) || key(c, k) != best) continue;
            count += c->rec.count[c->i];
            c->last = (uint64_t)c->rec.parent[c->i] << 32 | c->rec.word[c->i];
            if (c->seen[k] >= c->here_cap) {
                c->here_cap = c->here_cap ? 2 * c->here_cap : 1024;
                c->here = grow_array(c->here, c->here_cap, sizeof *c->here);
            }
            c->here[c->seen[k]++] = at;
            c->i++;
        }
        emit(o, k, (uint32_t)(best >> 32), (uint32_t)best, count);
    }
    if (o->buf.n > 0 || o->written == 0) flush(o, k);
    for (int s = 0; s < n; s++) {   /* order k becomes the order below */
        cursor *c = &cs[s];
        free(c->below);
        c->below = c->here;
        c->here = NULL;
        c->here_cap = 0;
    }
}

void counts_merge_streams(lm_reader *const *in, int n, int order, FILE *fp, const char *name)
{
    cursor *cs = xcalloc((size_t)n, sizeof *cs);
    for (int s = 0; s < n; s++) {
        cursor *c = &cs[s];
        c->r = in[s];
        const msgpack_object *h = lm_read_header(c->r, "counts");
        vocab_unpack(c->r, lm_get(c->r, h, "vocab"), &c->vocab);
        int64_t k = lm_get_i64(c->r, h, "order");
        if (k < 1 || k > LM_NGRAM_MAX_ORDER)
            lm_reader_die(c->r, "order %lld is not in 1..%d", (long long)k, LM_NGRAM_MAX_ORDER);
        c->order = (int)k;
        if (s > 0 && !vocab_equal(&cs[0].vocab, &c->vocab))
            die("%s: counted with another vocabulary; tokenize every shard with the same "
                "'lm-tokenize --vocab FILE'", c->r->name);
        if (s > 0 && c->order != cs[0].order)
            die("%s: counts of order %d, the others have order %d", c->r->name, c->order,
                cs[0].order);
    }
    if (order > cs[0].order)
        die("counts of order %d cannot make order %d", cs[0].order, order);
    int top = order ? order : cs[0].order;
    out_level o = { 0 };
    grow_out(&o);   /* never NULL, even for an order with nothing to write */
    lm_writer_init(&o.w, fp, name);
    lm_write_header(&o.w, "counts", LM_COUNTS_VERSION, 2);
    lm_pack_str(&o.w.pk, "vocab");
    vocab_pack(&o.w.pk, &cs[0].vocab);
    lm_pack_str(&o.w.pk, "order");
    msgpack_pack_int(&o.w.pk, top);
    merge_order1(cs, n, &o);
    for (int k = 2; k <= top; k++) merge_order(cs, n, k, &o);
    lm_writer_flush(&o.w);
    free(o.buf.word);
    free(o.buf.parent);
    free(o.buf.count);
    for (int s = 0; s < n; s++) {
        cursor *c = &cs[s];
        vocab_free(&c->vocab);
        free(c->rec.word);
        free(c->rec.parent);
        free(c->rec.count);
        free(c->below);
        free(c->here);
    }
    free(cs);
}
