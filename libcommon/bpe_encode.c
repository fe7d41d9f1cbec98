/* bpe_encode.c — applying learned merges.  Within a chunk the pair with the
 * lowest merge index (rank) goes first, and among equal ranks the leftmost;
 * a min-heap of (rank, position) gives that order in O(n log n) for a chunk
 * of n bytes.  A merge only makes pairs of a higher rank (a pair holding
 * token 256+k was learnt after merge k), so this is the learnt merges
 * applied one after the other, each left to right, as learning did.
 * Chunks repeat (words), so their encodings are cached. */
#include "bpe.h"
#include "bpe_pairs.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

#define NONE UINT32_MAX
#define CACHE_MAX_CHUNK 256          /* longer chunks are encoded every time */
#define CACHE_MAX_BYTES (64u << 20)  /* then the cache starts over */

typedef struct cache_slot {
    uint64_t hash;                   /* 0 = empty */
    uint32_t text, len;              /* chunk bytes in cache_text */
    uint32_t ids, nids;              /* its tokens in cache_ids */
} cache_slot;

struct lm_bpe_encoder {
    const lm_vocab *v;
    lm_pairmap rank;
    /* scratch for one chunk */
    uint32_t *tok, *next, *prev;
    uint64_t *heap;                  /* rank << 32 | position */
    uint32_t *out;
    size_t cap, hcap;
    /* the chunk cache */
    cache_slot *slot;
    size_t nslot, nused;
    unsigned char *cache_text;
    uint32_t *cache_ids;
    size_t ntext, nids, text_cap, ids_cap;
};

lm_bpe_encoder *bpe_encoder_new(const lm_vocab *v)
{
    lm_bpe_encoder *e = xcalloc(1, sizeof *e);
    e->v = v;
    pairmap_init(&e->rank, v->nmerges);
    for (uint32_t k = 0; k < v->nmerges; k++) pairmap_put(&e->rank, v->merges[2 * k], v->merges[2 * k + 1], k);
    e->nslot = 1 << 10;              /* grows with use; small for a short prime */
    e->slot = xcalloc(e->nslot, sizeof *e->slot);
    return e;
}

void bpe_encoder_free(lm_bpe_encoder *e)
{
    if (!e) return;
    pairmap_free(&e->rank);
    free(e->tok);
    free(e->next);
    free(e->prev);
    free(e->heap);
    free(e->out);
    free(e->slot);
    free(e->cache_text);
    free(e->cache_ids);
    free(e);
}

/* ---- one chunk, without the cache ------------------------------------------ */

static void heap_push(lm_bpe_encoder *e, size_t *n, uint64_t x)
{
    if (*n == e->hcap) {
        e->hcap = e->hcap ? 2 * e->hcap : 64;
        e->heap = xrealloc(e->heap, xmul(e->hcap, sizeof *e->heap));
    }
    size_t i = (*n)++;
    while (i > 0 && x < e->heap[(i - 1) / 2]) {
        e->heap[i] = e->heap[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    e->heap[i] = x;
}

static uint64_t heap_pop(lm_bpe_encoder *e, size_t *n)
{
    uint64_t top = e->heap[0], last = e->heap[--*n];
    size_t i = 0;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= *n) break;
        if (c + 1 < *n && e->heap[c + 1] < e->heap[c]) c++;
        if (e->heap[c] >= last) break;
        e->heap[i] = e->heap[c];
        i = c;
    }
    if (*n) e->heap[i] = last;
    return top;
}

static void push_pair(lm_bpe_encoder *e, size_t *nh, uint32_t i)
{
    uint32_t j = e->next[i];
    if (j == NONE) return;
    uint32_t r = pairmap_get(&e->rank, e->tok[i], e->tok[j]);
    if (r != LM_PAIR_NONE) heap_push(e, nh, (uint64_t)r << 32 | i);
}

static size_t encode_uncached(lm_bpe_encoder *e, const unsigned char *p, size_t n)
{
    if (n > e->cap) {
        e->cap = n;
        e->tok = xrealloc(e->tok, xmul(n, sizeof *e->tok));
        e->next = xrealloc(e->next, xmul(n, sizeof *e->next));
        e->prev = xrealloc(e->prev, xmul(n, sizeof *e->prev));
        e->out = xrealloc(e->out, xmul(n, sizeof *e->out));
    }
    if (n == 0) return 0;
    if (n >= NONE) die("bpe: a chunk of %zu bytes is over the limit of %u", n, NONE - 1);
    for (size_t i = 0; i < n; i++) {
        e->tok[i] = p[i];
        e->next[i] = i + 1 < n ? (uint32_t)i + 1 : NONE;
        e->prev[i] = i ? (uint32_t)i - 1 : NONE;
    }
    size_t nh = 0;
    for (size_t i = 0; i + 1 < n; i++) push_pair(e, &nh, (uint32_t)i);
    while (nh) {
        uint64_t top = heap_pop(e, &nh);
        uint32_t r = (uint32_t)(top >> 32), i = (uint32_t)top, j = e->next[i];
        /* stale if the pair at I is no longer merge R's */
        if (e->tok[i] == NONE || j == NONE || e->tok[i] != e->v->merges[2 * r] ||
            e->tok[j] != e->v->merges[2 * r + 1])
            continue;
        e->tok[i] = 256 + r;
        e->next[i] = e->next[j];
        if (e->next[j] != NONE) e->prev[e->next[j]] = i;
        e->tok[j] = NONE;
        if (e->prev[i] != NONE) push_pair(e, &nh, e->prev[i]);
        push_pair(e, &nh, i);
    }
    size_t k = 0;
    for (uint32_t i = 0; i != NONE; i = e->next[i]) e->out[k++] = e->tok[i];
    return k;
}

/* ---- the cache ------------------------------------------------------------------ */

static uint64_t hash_chunk(const unsigned char *p, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 1099511628211ULL;
    return h | 1;                    /* never 0, the empty mark */
}

static void cache_clear(lm_bpe_encoder *e)
{
    memset(e->slot, 0, xmul(e->nslot, sizeof *e->slot));
    e->nused = e->ntext = e->nids = 0;
}

static void cache_grow(lm_bpe_encoder *e)
{
    cache_slot *old = e->slot;
    size_t oldn = e->nslot;
    e->nslot *= 2;
    e->slot = xcalloc(e->nslot, sizeof *e->slot);
    for (size_t i = 0; i < oldn; i++) {
        if (!old[i].hash) continue;
        size_t s = old[i].hash & (e->nslot - 1);
        while (e->slot[s].hash) s = (s + 1) & (e->nslot - 1);
        e->slot[s] = old[i];
    }
    free(old);
}

const uint32_t *bpe_encode_chunk(lm_bpe_encoder *e, const unsigned char *p, size_t n,
                                 size_t *ntok)
{
    if (n > CACHE_MAX_CHUNK) {
        *ntok = encode_uncached(e, p, n);
        return e->out;
    }
    uint64_t h = hash_chunk(p, n);
    size_t s = h & (e->nslot - 1);
    for (; e->slot[s].hash; s = (s + 1) & (e->nslot - 1)) {
        cache_slot *c = &e->slot[s];
        if (c->hash == h && c->len == n && memcmp(e->cache_text + c->text, p, n) == 0) {
            *ntok = c->nids;
            return e->cache_ids + c->ids;
        }
    }
    size_t k = encode_uncached(e, p, n);
    *ntok = k;
    if (e->ntext + n > CACHE_MAX_BYTES) {
        cache_clear(e);
        s = h & (e->nslot - 1);
    }
    if (e->ntext + n > e->text_cap) {
        e->text_cap = e->text_cap ? 2 * e->text_cap : 1 << 16;
        if (e->text_cap < e->ntext + n) e->text_cap = e->ntext + n;
        e->cache_text = xrealloc(e->cache_text, e->text_cap);
    }
    if (e->nids + k > e->ids_cap) {
        e->ids_cap = e->ids_cap ? 2 * e->ids_cap : 1 << 16;
        if (e->ids_cap < e->nids + k) e->ids_cap = e->nids + k;
        e->cache_ids = xrealloc(e->cache_ids, xmul(e->ids_cap, sizeof *e->cache_ids));
    }
    memcpy(e->cache_text + e->ntext, p, n);
    memcpy(e->cache_ids + e->nids, e->out, k * sizeof *e->out);
    e->slot[s] = (cache_slot){ h, (uint32_t)e->ntext, (uint32_t)n, (uint32_t)e->nids, (uint32_t)k };
    e->ntext += n;
    e->nids += k;
    if (2 * ++e->nused > e->nslot) cache_grow(e);
    return e->out;
}

/* ---- a whole text ------------------------------------------------------------- */

static void append(uint32_t **ids, size_t *nids, size_t *cap, const uint32_t *t, size_t k)
{
    if (*nids + k > *cap) {
        *cap = *cap ? 2 * *cap : 64;
        if (*cap < *nids + k) *cap = *nids + k;
        *ids = xrealloc(*ids, xmul(*cap, sizeof **ids));
    }
    memcpy(*ids + *nids, t, k * sizeof *t);
    *nids += k;
}

void bpe_encode_text(lm_bpe_encoder *e, const unsigned char *p, size_t n,
                     uint32_t **ids, size_t *nids, size_t *cap)
{
    const lm_vocab *v = e->v;
    size_t i = 0;
    while (i < n) {
        const unsigned char *nl = memchr(p + i, '\n', n - i);
        size_t end = nl ? (size_t)(nl - p) + 1 : n;       /* the line, newline included */
        size_t body = nl && v->eos != LM_NO_ID ? end - 1 : end;
        for (size_t s = i; s < body;) {
            size_t len = bpe_split_next(p + s, body - s, v->split);
            size_t k;
            const uint32_t *t = bpe_encode_chunk(e, p + s, len, &k);
            append(ids, nids, cap, t, k);
            s += len;
        }
        if (body < end) append(ids, nids, cap, &v->eos, 1);
        i = end;
    }
}
