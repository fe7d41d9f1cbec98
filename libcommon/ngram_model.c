/* ngram_model.c — the n-gram table behind model.h: the state (the last
 * order-1 tokens) and the model operations over ngram.h's lookups, and the
 * model stream.  See ngram_model.h.  The model is only read: every
 * operation takes it const, and a state is all a user carries. */
#include "ngram_model.h"
#include "model.h"
#include "util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>

#define LN10 2.302585092994045684

/* ---- the model interface ------------------------------------------------------ */

/* State: the number of context tokens, then up to order-1 ids, the most
 * recent first. */
typedef struct ngram_state {
    uint32_t n;
    uint32_t ctx[];
} ngram_state;

static size_t st_size(const lm_model *m)
{
    const lm_ngram *g = m->impl;
    return sizeof(ngram_state) + sizeof(uint32_t) * (size_t)(g->order > 1 ? g->order - 1 : 1);
}

static void st_init(const lm_model *m, void *scratch, void *state)
{
    (void)scratch;
    const lm_ngram *g = m->impl;
    ngram_state *s = state;
    memset(s, 0, st_size(m));
    if (g->vocab.mode == LM_MODE_WORD && g->order > 1) {
        s->n = 1;
        s->ctx[0] = g->vocab.bos;
    }
}

static void st_feed(const lm_model *m, void *scratch, void *state, uint32_t token)
{
    const lm_ngram *g = m->impl;
    ngram_state *s = state;
    if (g->order == 1) return;
    if (g->vocab.mode == LM_MODE_WORD && token == g->vocab.eos) {
        st_init(m, scratch, state);
        return;
    }
    uint32_t keep = s->n < (uint32_t)g->order - 1 ? s->n : (uint32_t)g->order - 2;
    memmove(s->ctx + 1, s->ctx, keep * sizeof *s->ctx);
    s->ctx[0] = token;
    s->n = keep + 1;
}

static double st_logprob(const lm_model *m, void *scratch, const void *state, uint32_t token)
{
    (void)scratch;
    const ngram_state *s = state;
    return ngram_log10(m->impl, s->ctx, (int)s->n, token) * LN10;
}

static int st_match_length(const lm_model *m, const void *state, uint32_t token)
{
    const ngram_state *s = state;
    int matched;
    ngram_log10_matched(m->impl, s->ctx, (int)s->n, token, &matched);
    return matched;
}

static void st_next_logprobs(const lm_model *m, void *scratch, const void *state, float *logp)
{
    (void)scratch;
    const ngram_state *s = state;
    ngram_distribution(m->impl, s->ctx, (int)s->n, logp);
}

/* The whole sequence through a cursor (ngram.h), with st_feed's
 * conventions: in word mode </s> ends the sentence and the next context
 * is <s>.  Same numbers as logprob + feed, in half the lookups. */
static void st_score(const lm_model *m, const uint32_t *ids, size_t n, double *logp, int threads)
{
    (void)threads;        /* a lookup is faster than handing work to a thread */
    const lm_ngram *g = m->impl;
    bool sentences = g->vocab.mode == LM_MODE_WORD && g->order > 1;
    if (g->tab[1].slot) {
        ngram_table_score(g, ids, n, sentences, logp);
        for (size_t i = 0; i < n; i++) logp[i] *= LN10;
        return;
    }
    ngram_cursor c;
    ngram_cursor_set(g, &c, &g->vocab.bos, sentences);
    for (size_t i = 0; i < n; i++) {
        int matched;
        logp[i] = ngram_cursor_next(g, &c, ids[i], &matched) * LN10;
        if (sentences && ids[i] == g->vocab.eos) ngram_cursor_set(g, &c, &g->vocab.bos, 1);
    }
}

static void st_free(lm_model *m)
{
    lm_ngram *g = m->impl;
    ngram_free(g);
    free(g);
}

static const lm_model_ops ngram_ops = {
    .type = "ngram",
    .state_size = st_size,
    .state_init = st_init,
    .feed = st_feed,
    .next_logprobs = st_next_logprobs,
    .logprob = st_logprob,
    .score = st_score,
    .match_length = st_match_length,
    .free = st_free,
};

lm_model *ngram_model_wrap(lm_ngram *g, unsigned flags)
{
    if ((flags & LM_LOAD_DISTRIBUTIONS) && g->order > 1 && !g->fwd_first[2]) ngram_forward_index(g);
    lm_model *m = xcalloc(1, sizeof *m);
    m->ops = &ngram_ops;
    vocab_copy(&m->vocab, &g->vocab);
    char desc[64];
    snprintf(desc, sizeof desc, "ngram order %d %s", g->order, g->smoothing);
    m->desc = xstrdup(desc);
    m->impl = g;
    return m;
}

/* ---- the model stream --------------------------------------------------------------- */

typedef struct level_probs {
    const float *logp, *bo;    /* bo NULL at the top order */
} level_probs;

static void pack_probs(msgpack_packer *pk, const void *ctx, int k, size_t at, size_t m)
{
    (void)k;
    const level_probs *lp = ctx;
    lm_pack_str(pk, "logp");
    lm_pack_f32s(pk, lp->logp + at, m);
    if (lp->bo) {
        lm_pack_str(pk, "bo");
        lm_pack_f32s(pk, lp->bo + at, m);
    }
}

/* Bytes of order K's version-2 record with N entries, its payloads
 * (the map's keys and heads are a few hundred bytes more). */
static uint64_t v2_record_bytes(size_t n, int k, int order)
{
    uint64_t arrays = (uint64_t)n * 4 * (2 + (k > 1) + (k < order));
    return arrays + 16 * (k == 1 ? (uint64_t)n : ngram_table_size(n)) + 4096;
}

void ngram_writer_begin(ngram_writer *s, FILE *fp, const char *name, const lm_vocab *v, int order,
                        const char *smoothing, const size_t *nentries)
{
    memset(s, 0, sizeof *s);
    /* Written in 2 MiB blocks at 2 MiB offsets, a model file sits in the
     * page cache in 2 MiB pages, which lm-score's mapping then maps whole
     * (FilePmdMapped in smaps): one page fault and one TLB entry per 2 MiB
     * of tables instead of 512.  glibc keeps the block alignment of a full
     * buffer (its fwrite writes whole blocks), but takes the size only with
     * the buffer itself: a static one, as the FILE may outlive the writer
     * (one model at a time gets it; a process writes one). */
    static char block[(size_t)2 << 20];
    static bool block_used;
    if (!block_used) {
        block_used = true;
        setvbuf(fp, block, _IOFBF, sizeof block);
    }
    lm_writer_init(&s->w, fp, name);
    s->order = order;
    /* one record per order, table and all, must fit a reader's record
     * limit: a model too large for that is written as version 1 */
    s->version = LM_NGRAM_MODEL_VERSION;
    for (int k = 1; k <= order; k++)
        if (v2_record_bytes(nentries[k], k, order) > LM_MAX_RECORD) s->version = 1;
    lm_write_header(&s->w, "model", s->version, 4);
    lm_pack_str(&s->w.pk, "type");
    lm_pack_str(&s->w.pk, "ngram");
    lm_pack_str(&s->w.pk, "vocab");
    vocab_pack(&s->w.pk, v);
    lm_pack_str(&s->w.pk, "order");
    msgpack_pack_int(&s->w.pk, order);
    lm_pack_str(&s->w.pk, "smoothing");
    lm_pack_str(&s->w.pk, smoothing);
}

/* Order K as one record: the arrays of version 1 and the lookup table,
 * every payload 16-byte aligned in the stream. */
static void write_v2_level(ngram_writer *s, const lm_ngram_level *L, int k, const float *logp,
                           const float *bo)
{
    uint64_t nslots;
    uint32_t probe, *slot_of = NULL;
    ngram_slot *t = ngram_table_build(L, k, logp, bo, s->prev_slot, &nslots, &probe,
                                      k < s->order ? &slot_of : NULL);
    msgpack_packer *pk = &s->w.pk;
    msgpack_pack_map(pk, 1 + 2 * (2 + (k > 1) + (bo != NULL) + 1) + 2);
    lm_pack_str(pk, "order");
    msgpack_pack_int(pk, k);
    lm_pack_str(pk, "n");
    msgpack_pack_uint64(pk, L->n);
    lm_pack_aligned_ext(&s->w, "word", LM_EXT_U32, L->word, L->n * 4);
    if (k > 1) lm_pack_aligned_ext(&s->w, "parent", LM_EXT_U32, L->parent, L->n * 4);
    lm_pack_aligned_ext(&s->w, "logp", LM_EXT_F32, logp, L->n * 4);
    if (bo) lm_pack_aligned_ext(&s->w, "bo", LM_EXT_F32, bo, L->n * 4);
    lm_pack_str(pk, "probe");
    msgpack_pack_uint32(pk, probe);
    lm_pack_aligned_ext(&s->w, "table", LM_EXT_SLOT, t, (size_t)nslots * sizeof *t);
    free(t);
    free(s->prev_slot);
    s->prev_slot = slot_of;
}

void ngram_writer_level(ngram_writer *s, const lm_ngram_level *L, int k, const float *logp,
                        const float *bo)
{
    if (s->version >= 2) {
        write_v2_level(s, L, k, logp, bo);
        return;
    }
    level_probs lp = { logp, bo };
    level_write(&s->w, L, k, 1 + (bo != NULL), pack_probs, &lp);
}

void ngram_writer_end(ngram_writer *s)
{
    free(s->prev_slot);
    s->prev_slot = NULL;
    lm_writer_flush(&s->w);
}

/* G's stream; with TAKE (G itself), each order freed once written. */
static void write_model(const lm_ngram *g, lm_ngram *take, FILE *fp, const char *name)
{
    ngram_writer s;
    size_t n[LM_NGRAM_MAX_ORDER + 1];
    for (int k = 1; k <= g->order; k++) n[k] = g->lv[k].n;
    ngram_writer_begin(&s, fp, name, &g->vocab, g->order, g->smoothing, n);
    for (int k = 1; k <= g->order; k++) {
        ngram_writer_level(&s, &g->lv[k], k, g->logp[k], k < g->order ? g->bo[k] : NULL);
        /* the orders above need none of it (their keys come from slots) */
        if (take) ngram_free_order(take, k);
    }
    ngram_writer_end(&s);
}

void ngram_write(const lm_ngram *g, FILE *fp, const char *name)
{
    write_model(g, NULL, fp, name);
}

void ngram_write_take(lm_ngram *g, FILE *fp, const char *name)
{
    write_model(g, g, fp, name);
    ngram_free(g);
}

/* The header's fields: vocabulary, order, smoothing. */
static void read_header_fields(lm_reader *r, const msgpack_object *h, lm_ngram *g)
{
    memset(g, 0, sizeof *g);
    vocab_unpack(r, lm_get(r, h, "vocab"), &g->vocab);
    int64_t order = lm_get_i64(r, h, "order");
    if (order < 1 || order > LM_NGRAM_MAX_ORDER)
        lm_reader_die(r, "order %lld is not in 1..%d", (long long)order, LM_NGRAM_MAX_ORDER);
    g->order = (int)order;
    char *sm = lm_get_strdup(r, h, "smoothing");
    snprintf(g->smoothing, sizeof g->smoothing, "%s", sm);
    free(sm);
}

void ngram_map_body(lm_reader *r, const msgpack_object *h, lm_ngram *g)
{
    if (!r->borrowed) die("internal: ngram_map_body needs a mapped reader");
    read_header_fields(r, h, g);
    g->name = xstrdup(r->name);
    const msgpack_object *o;
    int k = 0;
    while ((o = lm_read_next(r))) {
        if (o->type != MSGPACK_OBJECT_MAP) lm_reader_die(r, "expected a map");
        int64_t ok = lm_get_i64(r, o, "order");
        if (ok != k + 1 || ok > g->order)
            lm_reader_die(r, "order %lld out of sequence (version 2 has one record per order)",
                          (long long)ok);
        k = (int)ok;
        const msgpack_object *t = lm_get(r, o, "table");
        size_t nslots = lm_obj_array(r, t, LM_EXT_SLOT, "table");
        const char *p = t->via.ext.ptr;
        /* in place, as msgpack-c leaves a payload: in the mapping, aligned */
        if (nslots && (p < r->buf || p + nslots * sizeof(ngram_slot) > r->buf + r->end))
            lm_reader_die(r, "internal: table not read in place");
        if ((uintptr_t)p % 16)
            lm_reader_die(r, "table: not 16-byte aligned in the file (not written by lm?)");
        uint64_t probe = lm_get_u64(r, o, "probe");
        ngram_table *T = &g->tab[k];
        T->slot = (const ngram_slot *)p;
        T->nvocab = g->vocab.n;
        T->name = g->name;
        T->nslots = nslots;
        if (k == 1) {
            if (nslots != g->vocab.n)
                lm_reader_die(r, "table: order 1 has %zu slots for a vocabulary of %u", nslots,
                              g->vocab.n);
        } else {
            if (nslots == 0 || nslots >= ((uint64_t)1 << 32))
                lm_reader_die(r, "table: %zu slots is not in 1..2^32-1", nslots);
            if (probe > nslots)
                lm_reader_die(r, "table: longest probe %llu is over its %zu slots",
                              (unsigned long long)probe, nslots);
            T->max_probe = (uint32_t)probe;
            T->nparent = g->tab[k - 1].nslots;
        }
        uint64_t n = lm_get_u64(r, o, "n");
        if (k > 1 && n > nslots) lm_reader_die(r, "n: %llu entries in %zu slots", (unsigned long long)n, nslots);
        g->lv[k].n = (size_t)n;
    }
    if (k != g->order)
        die("%s: the stream ends after order %d of %d (truncated?)", r->name, k, g->order);
    if (g->vocab.n == 0) die("%s: an ngram model needs a vocabulary", r->name);
}

void ngram_read_body(lm_reader *r, const msgpack_object *h, lm_ngram *g)
{
    read_header_fields(r, h, g);
    const msgpack_object *o;
    int k = 1;
    size_t m;
    while ((o = lm_read_next(r))) {
        level_read(r, o, g->lv, g->order, &k, g->vocab.n, &m);
        size_t at = g->lv[k].n;
        g->logp[k] = grow_array(g->logp[k], at + m, sizeof *g->logp[k]);
        lm_copy_f32s(r, lm_get(r, o, "logp"), g->logp[k] + at, m, "logp");
        if (k < g->order) {
            g->bo[k] = grow_array(g->bo[k], at + m, sizeof *g->bo[k]);
            lm_copy_f32s(r, lm_get(r, o, "bo"), g->bo[k] + at, m, "bo");
        }
        for (size_t i = at; i < at + m; i++)
            if (!isfinite(g->logp[k][i]) || (k < g->order && !isfinite(g->bo[k][i])))
                lm_reader_die(r, "logp/bo %zu is not finite", i - at);
        g->lv[k].n += m;
    }
    if (g->lv[1].n != g->vocab.n)
        die("%s: an ngram model needs one unigram per vocabulary id (%zu, vocabulary %u)",
            r->name, g->lv[1].n, g->vocab.n);
    for (int j = 1; j <= g->order; j++) {
        if (!g->lv[j].word) g->lv[j].word = grow_array(NULL, 1, sizeof(uint32_t));
        if (j > 1 && !g->lv[j].parent) g->lv[j].parent = grow_array(NULL, 1, sizeof(uint32_t));
        if (!g->logp[j]) g->logp[j] = grow_array(NULL, 1, sizeof(float));
        if (j < g->order && !g->bo[j]) g->bo[j] = xcalloc(g->lv[j].n ? g->lv[j].n : 1, sizeof(float));
    }
    ngram_index(g);
}

lm_model *ngram_model_map(FILE *fp, const char *name)
{
    struct stat st;
    int fd = fileno(fp);
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0) return NULL;
    size_t size = (size_t)st.st_size;
    /* Not MAP_POPULATE: the pages a text touches fault in (16 at a time)
     * for less than mapping the whole file costs (measured on PTB: 34 vs
     * 29 ms of CPU for the test set). */
    void *map = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (map == MAP_FAILED) return NULL;
    /* pages read in from disk come in as 2 MiB pages (see ngram_writer_begin) */
    madvise(map, size, MADV_HUGEPAGE);
    lm_reader *r = lm_reader_from_mapped(map, size, name);
    const msgpack_object *h = lm_read_header(r, "model");
    if (r->version < 2 || !lm_obj_is_str(lm_map_find(h, "type"), "ngram")) {
        lm_reader_close(r);
        munmap(map, size);
        return NULL;
    }
    lm_ngram *g = xmalloc(sizeof *g);
    ngram_map_body(r, h, g);
    g->map = map;
    g->map_size = size;
    lm_reader_close(r);
    return ngram_model_wrap(g, LM_LOAD_SCORE);
}

lm_model *ngram_model_read(lm_reader *r, const msgpack_object *header, unsigned flags)
{
    lm_ngram *g = xmalloc(sizeof *g);
    ngram_read_body(r, header, g);
    return ngram_model_wrap(g, flags);
}
