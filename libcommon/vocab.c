/* vocab.c — token tables with a hash index; (de)serialisation.  See vocab.h. */
#include "vocab.h"
#include "bpe.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

static const char *mode_names[] = { "char", "byte", "word", "bpe" };
#define NMODES 4

const char *lm_mode_name(int mode)
{
    return mode >= 0 && mode < NMODES ? mode_names[mode] : "?";
}

int lm_mode_parse(const char *s)
{
    for (int i = 0; i < NMODES; i++)
        if (strcmp(s, mode_names[i]) == 0) return i;
    return -1;
}

/* FNV-1a: short tokens, good enough spread, no state. */
static uint64_t hash_bytes(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

static void rehash(lm_vocab *v, uint32_t nslot)
{
    free(v->slot);
    v->slot = xcalloc(nslot, sizeof *v->slot);
    v->nslot = nslot;
    for (uint32_t id = 0; id < v->n; id++) {
        uint32_t i = (uint32_t)hash_bytes(v->str[id], v->len[id]) & (nslot - 1);
        while (v->slot[i]) i = (i + 1) & (nslot - 1);
        v->slot[i] = id + 1;
    }
}

/* Room for N tokens without regrowing the arrays or the index (a
 * vocabulary read whole knows its final size). */
static void reserve(lm_vocab *v, uint32_t n)
{
    if (n > v->cap) {
        v->cap = n;
        v->str = xrealloc(v->str, xmul(v->cap, sizeof *v->str));
        v->len = xrealloc(v->len, xmul(v->cap, sizeof *v->len));
        if (v->count) v->count = xrealloc(v->count, xmul(v->cap, sizeof *v->count));
    }
    uint32_t nslot = v->nslot ? v->nslot : 64;
    while ((uint64_t)n * 2 > nslot) nslot *= 2;
    if (nslot != v->nslot) rehash(v, nslot);
}

void vocab_init(lm_vocab *v, int mode)
{
    memset(v, 0, sizeof *v);
    v->mode = mode;
    v->unk = v->bos = v->eos = LM_NO_ID;
    rehash(v, 64);
    if (mode == LM_MODE_WORD) {
        v->unk = vocab_add(v, "<unk>", 5);
        v->bos = vocab_add(v, "<s>", 3);
        v->eos = vocab_add(v, "</s>", 4);
    }
}

void vocab_init_bytes(lm_vocab *v)
{
    vocab_init(v, LM_MODE_BYTE);
    for (int b = 0; b < 256; b++) {
        char c = (char)b;
        vocab_add(v, &c, 1);
    }
}

void vocab_free(lm_vocab *v)
{
    if (v->spilled) {
        vocab_spilled_release(v->spilled);
        memset(v, 0, sizeof *v);
        return;
    }
    for (uint32_t i = 0; i < v->n; i++) free(v->str[i]);
    free(v->str);
    free(v->len);
    free(v->count);
    free(v->slot);
    free(v->merges);
    memset(v, 0, sizeof *v);
}

uint32_t vocab_find(const lm_vocab *v, const char *s, size_t len)
{
    if (!v->nslot) return LM_NO_ID;
    uint32_t i = (uint32_t)hash_bytes(s, len) & (v->nslot - 1);
    for (; v->slot[i]; i = (i + 1) & (v->nslot - 1)) {
        uint32_t id = v->slot[i] - 1;
        if (v->len[id] == len && memcmp(v->str[id], s, len) == 0) return id;
    }
    return LM_NO_ID;
}

uint32_t vocab_ensure_unk(lm_vocab *v)
{
    if (v->unk == LM_NO_ID) v->unk = vocab_add(v, "<unk>", 5);
    return v->unk;
}

uint32_t vocab_add(lm_vocab *v, const char *s, size_t len)
{
    uint32_t id = vocab_find(v, s, len);
    if (id != LM_NO_ID) return id;
    if (v->n >= LM_MAX_VOCAB) die("vocabulary is over the limit of %u tokens", LM_MAX_VOCAB);
    if (len > LM_MAX_TOKEN_LEN) die("a token of %zu bytes is over the limit of %d", len, LM_MAX_TOKEN_LEN);
    if (v->n == v->cap) {
        v->cap = v->cap ? v->cap * 2 : 64;
        v->str = xrealloc(v->str, xmul(v->cap, sizeof *v->str));
        v->len = xrealloc(v->len, xmul(v->cap, sizeof *v->len));
        if (v->count) v->count = xrealloc(v->count, xmul(v->cap, sizeof *v->count));
    }
    id = v->n++;
    v->str[id] = xmalloc(len + 1);
    memcpy(v->str[id], s, len);
    v->str[id][len] = 0;
    v->len[id] = (uint32_t)len;
    if (v->count) v->count[id] = 0;
    if ((uint64_t)v->n * 2 > v->nslot) rehash(v, v->nslot * 2);
    else {
        uint32_t i = (uint32_t)hash_bytes(s, len) & (v->nslot - 1);
        while (v->slot[i]) i = (i + 1) & (v->nslot - 1);
        v->slot[i] = id + 1;
    }
    return id;
}

void vocab_copy(lm_vocab *dst, const lm_vocab *src)
{
    /* the same ids in the same slots: the index is copied, not rebuilt */
    memset(dst, 0, sizeof *dst);
    if (src->spilled) {
        *dst = *src;
        vocab_spilled_ref(src->spilled);
        return;
    }
    dst->mode = src->mode;
    dst->n = dst->cap = src->n;
    dst->str = xmalloc(xmul(src->n ? src->n : 1, sizeof *dst->str));
    dst->len = xmalloc(xmul(src->n ? src->n : 1, sizeof *dst->len));
    for (uint32_t i = 0; i < src->n; i++) {
        dst->str[i] = xmalloc(src->len[i] + 1);
        memcpy(dst->str[i], src->str[i], src->len[i] + 1);
    }
    if (src->n) memcpy(dst->len, src->len, src->n * sizeof *src->len);
    if (src->nslot) {
        dst->nslot = src->nslot;
        dst->slot = xmalloc(xmul(src->nslot, sizeof *dst->slot));
        memcpy(dst->slot, src->slot, src->nslot * sizeof *src->slot);
    } else rehash(dst, 64);
    dst->unk = src->unk;
    dst->bos = src->bos;
    dst->eos = src->eos;
    if (src->count) {
        dst->count = xmalloc(xmul(dst->cap ? dst->cap : 1, sizeof *dst->count));
        memcpy(dst->count, src->count, xmul(src->n, sizeof *src->count));
    }
    dst->split = src->split;
    dst->nmerges = src->nmerges;
    if (src->merges) {
        dst->merges = xmalloc(xmul(2 * (size_t)src->nmerges + 1, sizeof *dst->merges));
        memcpy(dst->merges, src->merges, xmul(2 * (size_t)src->nmerges, sizeof *src->merges));
    }
}

bool vocab_equal(const lm_vocab *a, const lm_vocab *b)
{
    if (a->spilled || b->spilled) die("internal: vocab_equal on a spilled vocabulary");
    if (a->mode != b->mode || a->n != b->n || a->unk != b->unk || a->bos != b->bos ||
        a->eos != b->eos)
        return false;
    /* the same strings can come from different merges, which encode differently */
    if (a->mode == LM_MODE_BPE &&
        (a->split != b->split || a->nmerges != b->nmerges ||
         (a->nmerges && memcmp(a->merges, b->merges, 2 * (size_t)a->nmerges * sizeof *a->merges) != 0)))
        return false;
    for (uint32_t i = 0; i < a->n; i++)
        if (a->len[i] != b->len[i] || memcmp(a->str[i], b->str[i], a->len[i]) != 0) return false;
    return true;
}

uint64_t vocab_hash(const lm_vocab *v)
{
    if (v->spilled) die("internal: vocab_hash on a spilled vocabulary");
    uint64_t h = hash_bytes((const char *)&v->mode, sizeof v->mode);
    uint32_t sp[3] = { v->unk, v->bos, v->eos };
    h ^= hash_bytes((const char *)sp, sizeof sp) * 31;
    for (uint32_t i = 0; i < v->n; i++) {
        h = (h ^ hash_bytes(v->str[i], v->len[i])) * 1099511628211ULL;
        h ^= v->len[i];
    }
    return h;
}

static void pack_id(msgpack_packer *pk, uint32_t id)
{
    if (id == LM_NO_ID) msgpack_pack_nil(pk);
    else msgpack_pack_uint32(pk, id);
}

void vocab_pack(msgpack_packer *pk, const lm_vocab *v)
{
    if (v->spilled) {
        vocab_spilled_pack(pk, v->spilled);
        return;
    }
    msgpack_pack_map(pk, (v->count ? 6 : 5) + (v->mode == LM_MODE_BPE ? bpe_vocab_pack_fields(v) : 0));
    lm_pack_str(pk, "mode");
    lm_pack_str(pk, lm_mode_name(v->mode));
    lm_pack_str(pk, "tokens");
    msgpack_pack_array(pk, v->n);
    for (uint32_t i = 0; i < v->n; i++) lm_pack_bytes(pk, v->str[i], v->len[i]);
    lm_pack_str(pk, "unk");
    pack_id(pk, v->unk);
    lm_pack_str(pk, "bos");
    pack_id(pk, v->bos);
    lm_pack_str(pk, "eos");
    pack_id(pk, v->eos);
    if (v->count) {
        lm_pack_str(pk, "counts");
        lm_pack_u64s(pk, v->count, v->n);
    }
    if (v->mode == LM_MODE_BPE) bpe_vocab_pack(pk, v);
}

static uint32_t unpack_id(const lm_reader *r, const msgpack_object *map, const char *key, uint32_t n)
{
    const msgpack_object *o = lm_map_find(map, key);
    if (!o || o->type == MSGPACK_OBJECT_NIL) return LM_NO_ID;
    if (o->type != MSGPACK_OBJECT_POSITIVE_INTEGER || o->via.u64 >= n)
        lm_reader_die(r, "vocab: '%s' is not a token id below %u", key, n);
    return (uint32_t)o->via.u64;
}

void vocab_unpack(const lm_reader *r, const msgpack_object *o, lm_vocab *v)
{
    if (o->type != MSGPACK_OBJECT_MAP) lm_reader_die(r, "vocab: expected a map");
    char *mode = lm_get_strdup(r, o, "mode");
    int m = lm_mode_parse(mode);
    if (m < 0) {
        char shown[64];
        snprintf(shown, sizeof shown, "%s", mode);
        free(mode);
        lm_reader_die(r, "vocab: unknown mode '%s'", shown);
    }
    free(mode);
    const msgpack_object *toks = lm_get(r, o, "tokens");
    if (toks->type != MSGPACK_OBJECT_ARRAY) lm_reader_die(r, "vocab: 'tokens' is not an array");
    uint32_t n = toks->via.array.size;
    if (n > LM_MAX_VOCAB) lm_reader_die(r, "vocab: %u tokens is over the limit of %u", n, LM_MAX_VOCAB);
    vocab_init(v, LM_MODE_CHAR);
    v->mode = m;
    reserve(v, n);
    for (uint32_t i = 0; i < n; i++) {
        const msgpack_object *t = &toks->via.array.ptr[i];
        if (t->type != MSGPACK_OBJECT_BIN && t->type != MSGPACK_OBJECT_STR)
            lm_reader_die(r, "vocab: token %u is not a byte string", i);
        if (t->via.bin.size == 0 || t->via.bin.size > LM_MAX_TOKEN_LEN)
            lm_reader_die(r, "vocab: token %u has length %u (must be 1..%d)", i,
                          t->via.bin.size, LM_MAX_TOKEN_LEN);
        if (vocab_add(v, t->via.bin.ptr, t->via.bin.size) != i)   /* found, not added */
            lm_reader_die(r, "vocab: token %u is a duplicate", i);
    }
    v->unk = unpack_id(r, o, "unk", n);
    v->bos = unpack_id(r, o, "bos", n);
    v->eos = unpack_id(r, o, "eos", n);
    if (m == LM_MODE_WORD && (v->unk == LM_NO_ID || v->bos == LM_NO_ID || v->eos == LM_NO_ID))
        lm_reader_die(r, "vocab: a word vocabulary needs unk, bos and eos ids");
    if (m == LM_MODE_BYTE) {
        /* A pairs stream's byte vocabulary adds its end symbol as token 256. */
        bool with_end = n == 257 && v->eos == 256 && v->len[256] == 4 &&
                        memcmp(v->str[256], "</s>", 4) == 0;
        if (n != 256 && !with_end)
            lm_reader_die(r, "vocab: a byte vocabulary has 256 tokens (257 with </s> as its eos), not %u", n);
        for (uint32_t i = 0; i < 256; i++)
            if (v->len[i] != 1 || (unsigned char)v->str[i][0] != i)
                lm_reader_die(r, "vocab: byte vocabulary token %u is not byte %u", i, i);
    }
    if (m == LM_MODE_BPE) bpe_vocab_unpack(r, o, v);
    const msgpack_object *c = lm_map_find(o, "counts");
    if (c && c->type != MSGPACK_OBJECT_NIL) {
        v->count = xmalloc(xmul(v->cap, sizeof *v->count));
        lm_copy_u64s(r, c, v->count, n, "vocab counts");
    }
}

/* Sort order for vocab_finish: descending count, then bytes. */
static const lm_vocab *sort_vocab;
static bool sort_by_count;

static int cmp_tokens(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    const lm_vocab *v = sort_vocab;
    if (sort_by_count && v->count[x] != v->count[y]) return v->count[x] > v->count[y] ? -1 : 1;
    size_t n = v->len[x] < v->len[y] ? v->len[x] : v->len[y];
    int c = memcmp(v->str[x], v->str[y], n);
    if (c) return c;
    return (v->len[x] > v->len[y]) - (v->len[x] < v->len[y]);
}

void vocab_finish(const lm_vocab *prov, uint64_t min_count, uint64_t max_words,
                  lm_vocab *out, uint32_t *remap)
{
    uint32_t *order = xmalloc(xmul(prov->n ? prov->n : 1, sizeof *order));
    uint32_t first = 0, n = 0;
    if (prov->mode == LM_MODE_WORD) first = 3;     /* <unk> <s> </s> stay put */
    for (uint32_t i = first; i < prov->n; i++) order[n++] = i;
    sort_vocab = prov;
    sort_by_count = prov->mode == LM_MODE_WORD;
    qsort(order, n, sizeof *order, cmp_tokens);
    vocab_init(out, prov->mode);
    out->count = xcalloc(out->cap, sizeof *out->count);
    for (uint32_t i = 0; i < first; i++) {
        remap[i] = i;
        out->count[i] = prov->count[i];
    }
    uint64_t kept = 0;
    for (uint32_t k = 0; k < n; k++) {
        uint32_t id = order[k];
        bool keep = prov->mode != LM_MODE_WORD ||
                    (prov->count[id] >= min_count && (max_words == 0 || kept < max_words));
        if (keep) {
            remap[id] = vocab_add(out, prov->str[id], prov->len[id]);
            out->count[remap[id]] = prov->count[id];
            kept++;
        } else {
            remap[id] = out->unk;
            out->count[out->unk] += prov->count[id];
        }
    }
    free(order);
}
