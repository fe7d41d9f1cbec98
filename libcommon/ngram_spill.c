/* ngram_spill.c — counting in bounded working memory through sorted runs in
 * temporary files.  See ngram_spill.h.
 *
 * A run is a sequence of records in increasing history order, one per
 * distinct history of the positions it covers, front-coded (neighbours in
 * sorted order share long prefixes, most of a record at high orders):
 *   u8 s (keys shared with the previous record), u8 l, then keys s..l as
 *   u32 (ngram_count.h's: id + 1, <s> + 1), then u32 n
 * (native byte order: a run never leaves the process that wrote it).
 * Histories compare as their keys lexicographically, a prefix first (the
 * radix sort's order, where past the end the key is 0 and real keys are
 * at least 1). */
#include "ngram_spill.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FANIN 16              /* runs per intermediate merge */
#define MIN_BLOCK 256         /* tokens per block at least */
#define BYTES_PER_TOKEN (4 + 1 + 4 + 4)   /* id, length, two sort arrays */

/* stdio buffer per run: small bounds get small buffers, so that a tiny
 * --memory still makes blocks of useful size (and the tests many runs). */
static size_t io_buffer(size_t memory)
{
    return memory >= (256u << 20) ? 1u << 20 : memory >= (16u << 20) ? 64u << 10 : 4u << 10;
}

static size_t bucket_bytes(uint32_t nvocab)
{
    int bits = 1;
    while (bits < 32 && ((uint64_t)1 << bits) <= nvocab) bits++;
    return (((size_t)1 << (bits > 16 ? 16 : bits)) + 1) * sizeof(size_t);
}

/* Block phase: the bucket counts, one run being written and FANIN being
 * merged, besides the block itself. */
static size_t fixed_bytes(uint32_t nvocab, size_t memory)
{
    return bucket_bytes(nvocab) + (FANIN + 1) * io_buffer(memory);
}

size_t spill_min_memory(uint32_t nvocab, int order)
{
    size_t m = 0, need;
    /* the buffer size depends on the bound: find the bound that fits */
    do {
        need = fixed_bytes(nvocab, m) + (MIN_BLOCK + (size_t)order) * BYTES_PER_TOKEN;
        if (need <= m) return m;
        m = need;
    } while (1);
}

/* ---- runs ------------------------------------------------------------------------ */

typedef struct run {
    FILE *fp;
    int level;                /* 0: from a block; k: from merging FANIN of level k-1 */
} run;

typedef struct run_cursor {   /* a run being read: its current record */
    FILE *fp;
    uint32_t keys[LM_NGRAM_MAX_ORDER];
    int l;
    uint32_t n;
} run_cursor;

typedef struct spill {
    const char *dir;
    size_t io;
    spill_stats *st;
    run *stack;               /* levels non-increasing from the bottom */
    size_t nstack, cap;
} spill;

static FILE *run_create(const spill *s)
{
    return lm_tmpfile(s->dir, s->io);
}

/* Ends writing RUN and rewinds it for reading. */
static void run_finish(const spill *s, FILE *fp)
{
    if (fflush(fp) != 0 || ferror(fp))
        die_errno("%s: cannot write a temporary file (disk full?)", s->dir);
    s->st->spilled += (uint64_t)ftello(fp);
    rewind(fp);
}

/* The cursor's next record; false at the end of its run. */
static bool cursor_next(run_cursor *c)
{
    int sh = getc(c->fp);
    if (sh == EOF) return false;
    int l = getc(c->fp);
    if (l < 1 || l > LM_NGRAM_MAX_ORDER || sh > c->l || sh >= l ||
        fread(c->keys + sh, sizeof *c->keys, (size_t)(l - sh), c->fp) != (size_t)(l - sh) ||
        fread(&c->n, sizeof c->n, 1, c->fp) != 1)
        die("a temporary run file reads back short or corrupt (%s)",
            ferror(c->fp) ? "read error" : "truncated");
    c->l = l;
    return true;
}

static int keys_cmp(const uint32_t *a, int la, const uint32_t *b, int lb)
{
    int m = la < lb ? la : lb;
    for (int i = 0; i < m; i++)
        if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
    return (la > lb) - (la < lb);
}

/* Where merged records go: a run (equal neighbours summed) or the trie. */
typedef struct sink {
    FILE *fp;                 /* a run, or NULL: */
    count_emitter *e;         /* the trie */
    uint32_t keys[LM_NGRAM_MAX_ORDER];
    int l;                    /* 0: nothing pending */
    uint32_t n;
    uint32_t last[LM_NGRAM_MAX_ORDER];   /* the record written last, */
    int last_len;                        /* for the front coding */
} sink;

static void sink_flush(sink *k)
{
    if (!k->l) return;
    int sh = 0;
    while (sh < k->l - 1 && sh < k->last_len && k->keys[sh] == k->last[sh]) sh++;
    putc(sh, k->fp);
    putc(k->l, k->fp);
    fwrite(k->keys + sh, sizeof *k->keys, (size_t)(k->l - sh), k->fp);
    fwrite(&k->n, sizeof k->n, 1, k->fp);
    memcpy(k->last + sh, k->keys + sh, (size_t)(k->l - sh) * sizeof *k->keys);
    k->last_len = k->l;
    k->l = 0;
}

static void sink_add(sink *k, const uint32_t *keys, int l, uint32_t n)
{
    if (!k->fp) {
        emitter_add(k->e, keys, l, n);      /* sums repeats itself */
        return;
    }
    if (k->l && n <= UINT32_MAX - k->n && keys_cmp(keys, l, k->keys, k->l) == 0) {
        k->n += n;
        return;
    }
    sink_flush(k);
    memcpy(k->keys, keys, (size_t)l * sizeof *keys);
    k->l = l;
    k->n = n;
}

/* A binary min-heap of cursors by their current record. */
static bool cursor_less(const run_cursor *a, const run_cursor *b)
{
    return keys_cmp(a->keys, a->l, b->keys, b->l) < 0;
}

static void heap_down(run_cursor **h, size_t n, size_t i)
{
    for (;;) {
        size_t m = i, l = 2 * i + 1, r = l + 1;
        if (l < n && cursor_less(h[l], h[m])) m = l;
        if (r < n && cursor_less(h[r], h[m])) m = r;
        if (m == i) return;
        run_cursor *t = h[i]; h[i] = h[m]; h[m] = t;
        i = m;
    }
}

/* Merges the runs R[0..n) (closing them) into K. */
static void merge_runs(run *r, size_t n, sink *k)
{
    run_cursor *cur = xmalloc(xmul(n ? n : 1, sizeof *cur));
    run_cursor **heap = xmalloc(xmul(n ? n : 1, sizeof *heap));
    size_t nh = 0;
    for (size_t i = 0; i < n; i++) {
        cur[i].fp = r[i].fp;
        cur[i].l = 0;
        if (cursor_next(&cur[i])) heap[nh++] = &cur[i];
    }
    for (size_t i = nh; i-- > 0;) heap_down(heap, nh, i);
    while (nh) {
        run_cursor *c = heap[0];
        sink_add(k, c->keys, c->l, c->n);
        if (!cursor_next(c)) heap[0] = heap[--nh];
        heap_down(heap, nh, 0);
    }
    for (size_t i = 0; i < n; i++) fclose(r[i].fp);
    free(heap);
    free(cur);
}

/* Pushes a finished run; merges FANIN runs of one level as they pile up. */
static void push_run(spill *s, FILE *fp, int level)
{
    if (s->nstack == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 2 * FANIN;
        s->stack = xrealloc(s->stack, xmul(s->cap, sizeof *s->stack));
    }
    s->stack[s->nstack++] = (run){ fp, level };
    while (s->nstack >= FANIN && s->stack[s->nstack - FANIN].level == s->stack[s->nstack - 1].level) {
        int lv = s->stack[s->nstack - 1].level;
        sink k = { .fp = run_create(s) };
        merge_runs(s->stack + s->nstack - FANIN, FANIN, &k);
        sink_flush(&k);
        run_finish(s, k.fp);
        s->nstack -= FANIN;
        s->st->merges++;
        s->stack[s->nstack++] = (run){ k.fp, lv + 1 };
    }
}

/* ---- blocks ---------------------------------------------------------------------- */

/* Sorts the positions FROM..N of H and spills them as one run.  Even a
 * stream that is one block goes through a run: the block's arrays are
 * freed before the trie is built from it, which lowers the peak (the two
 * are never in memory together) for the price of writing and reading the
 * run once. */
static void spill_block(spill *s, const history *h, size_t from, size_t n, uint32_t nvocab,
                        int order, uint32_t *a, uint32_t *b)
{
    history_sort(h, from, n, nvocab, order, a, b);
    sink k = { .fp = run_create(s) };
    uint32_t keys[LM_NGRAM_MAX_ORDER];
    for (size_t i = 0; i < n - from; i++) sink_add(&k, keys, history_keys(h, a[i], keys), 1);
    sink_flush(&k);
    run_finish(s, k.fp);
    s->st->runs++;
    push_run(s, k.fp, 0);
}

void counts_spilled(lm_counts *c, lm_chunk_reader *cr, int order, size_t memory,
                    const char *dir, spill_stats *st)
{
    if (order < 1 || order > LM_NGRAM_MAX_ORDER) die("order %d is not in 1..%d", order, LM_NGRAM_MAX_ORDER);
    const lm_vocab *v = &cr->vocab;
    size_t least = spill_min_memory(v->n, order);
    if (memory < least)
        die("a memory bound of %zu bytes is too small for counting at order %d (at least %zu)",
            memory, order, least);
    /* checked before reading: a bad -T fails at once, not after the first block */
    if (access(dir ? dir : "/tmp", W_OK | X_OK) != 0)
        die_errno("%s: cannot write temporary files there (-T DIR)", dir ? dir : "/tmp");
    memset(st, 0, sizeof *st);
    spill s = { .dir = dir ? dir : "/tmp", .io = io_buffer(memory), .st = st };
    const size_t ctx = (size_t)order - 1;       /* tokens kept before a block as context */
    size_t block = (memory - fixed_bytes(v->n, memory)) / BYTES_PER_TOKEN - ctx;
    if (block > UINT32_MAX - 1 - ctx) block = UINT32_MAX - 1 - ctx;   /* positions are u32 */
    st->block = block;
    uint32_t *ids = xmalloc(xmul(ctx + block, sizeof *ids));
    uint8_t *len = xmalloc(ctx + block);
    /* the first block has no context before it: room for ctx more positions */
    uint32_t *a = xmalloc(xmul(ctx + block, sizeof *a)), *b = xmalloc(xmul(ctx + block, sizeof *b));
    history h = { ids, len, v->bos };
    uint64_t state = 0;
    size_t from = 0, n = 0;            /* ids[0..from): context; [from..n): the block */
    for (;;) {
        bool more = chunk_reader_next(cr);
        size_t at = 0;
        while (more ? at < cr->n : n > from) {
            size_t take = more ? cr->n - at : 0;
            if (take > ctx + block - n) take = ctx + block - n;
            memcpy(ids + n, cr->ids + at, take * sizeof *ids);
            at += take;
            n += take;
            if (more && n < ctx + block) break;          /* the block is not full yet */
            history_lengths(v, ids, from, n, order, &state, len);
            spill_block(&s, &h, from, n, v->n, order, a, b);
            st->tokens += n - from;
            size_t keep = n < ctx ? n : ctx;
            memmove(ids, ids + n - keep, keep * sizeof *ids);
            from = n = keep;
        }
        if (!more) break;
    }
    free(a);
    free(b);
    free(len);
    free(ids);
    lm_trim_heap();     /* arrays the heap's free space held go back before the trie grows */

    count_emitter e;
    emitter_init(&e, c, v, order);
    sink k = { .e = &e };
    merge_runs(s.stack, s.nstack, &k);
    emitter_finish(&e);
    lm_trim_heap();
    free(s.stack);
}
