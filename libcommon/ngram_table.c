/* ngram_table.c — building the per-order lookup tables, and scoring a
 * token sequence through them.  See ngram_table.h. */
#include "ngram_table.h"
#include "ngram.h"
#include "util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

uint64_t ngram_table_size(size_t n)
{
    uint64_t ns = ((uint64_t)n * 10 + 6) / 7;        /* load <= 0.7 */
    return (ns + 3) / 4 * 4 + (ns == 0) * 4;
}

_Noreturn void ngram_table_corrupt(const ngram_table *t, uint64_t i)
{
    die("%s: corrupt model: slot %llu of a lookup table holds word %u, parent %u (the "
        "vocabulary has %u ids, the order below %llu slots)", t->name ? t->name : "model",
        (unsigned long long)i, t->slot[i].word, t->slot[i].parent, t->nvocab,
        (unsigned long long)t->nparent);
}

/* Entry E of L, its parent slot PARENT, at the first free slot from HOME. */
static inline void place(ngram_slot *t, uint64_t ns, size_t e, uint32_t parent, uint64_t home,
                         const lm_ngram_level *L, const float *logp, const float *bo, uint32_t *map,
                         uint32_t *longest)
{
    uint64_t i = home;
    uint32_t probe = 1;
    for (; t[i].word != NGRAM_SLOT_EMPTY; probe++)
        if (++i == ns) i = 0;
    t[i] = (ngram_slot){ parent, L->word[e], logp[e], bo ? bo[e] : 0 };
    if (map) map[e] = (uint32_t)i;
    if (probe > *longest) *longest = probe;
}

ngram_slot *ngram_table_build(const lm_ngram_level *L, int k, const float *logp, const float *bo,
                              const uint32_t *prev_slot, uint64_t *nslots, uint32_t *max_probe,
                              uint32_t **slot_of)
{
    if (k == 1) {           /* the unigram array: slot = id */
        ngram_slot *t = xmalloc(xmul(L->n ? L->n : 1, sizeof *t));
        for (size_t i = 0; i < L->n; i++)
            t[i] = (ngram_slot){ 0, (uint32_t)i, logp[i], bo ? bo[i] : 0 };
        *nslots = L->n;
        *max_probe = 1;
        if (slot_of) *slot_of = NULL;
        return t;
    }
    uint64_t ns = ngram_table_size(L->n);
    ngram_slot *t = xmalloc(xmul(ns, sizeof *t));
    for (uint64_t i = 0; i < ns; i++) t[i] = (ngram_slot){ 0, NGRAM_SLOT_EMPTY, 0, 0 };
    uint32_t *map = slot_of ? xmalloc(xmul(L->n ? L->n : 1, sizeof *map)) : NULL;
    uint32_t longest = 0;
    /* the homes of the entries AHEAD on are computed and their slots
     * prefetched while this one is placed: the stores land all over the
     * table, and a cache miss each, one after another, was most of the
     * time of writing a model.  The entries go in the same order (the
     * table is the same). */
    enum { AHEAD = 16 };
    uint64_t home[AHEAD];
    uint32_t key[AHEAD];
    for (size_t e = 0; e < L->n + AHEAD; e++) {
        if (e >= AHEAD) {                      /* entry e - AHEAD, then e in its place */
            size_t f = e - AHEAD;
            place(t, ns, f, key[f % AHEAD], home[f % AHEAD], L, logp, bo, map, &longest);
        }
        if (e < L->n) {
            uint32_t parent = prev_slot ? prev_slot[L->parent[e]] : L->parent[e];
            key[e % AHEAD] = parent;
            home[e % AHEAD] = ngram_table_home(parent, L->word[e], ns);
            __builtin_prefetch(&t[home[e % AHEAD]], 1);
        }
    }
    *nslots = ns;
    *max_probe = longest;
    if (slot_of) *slot_of = map;
    return t;
}

/* ---- scoring ------------------------------------------------------------------------ */

/* Tokens walked together: the longest-match walks of different tokens do
 * not depend on each other (only on the words), so a block's probes of
 * one order are issued before any is waited for, and their cache misses
 * overlap instead of queueing one after another. */
#define BLOCK 32

_Noreturn static void not_finite(const lm_ngram *g, size_t i)
{
    die("%s: corrupt model: token %zu meets a log-probability or back-off weight that is "
        "not finite", g->name ? g->name : "model", i);
}

void ngram_table_score(const lm_ngram *g, const uint32_t *ids, size_t n, bool sentences,
                       double *logp)
{
    const int N = g->order;
    const ngram_table *tab = g->tab;
    /* the context of the next token, most recent first (ngram_cursor's) */
    uint32_t ctx[LM_NGRAM_MAX_ORDER];
    int nctx = 0;
    /* the slots of the next token's stored contexts: node[L] for ctx[0..L) */
    uint32_t node[LM_NGRAM_MAX_ORDER + 1];
    int found = 0;
    if (sentences) {
        ctx[0] = node[1] = g->vocab.bos;
        nctx = found = 1;
    }
    /* per token of the block: its context, and the slots of its matches */
    uint32_t bctx[BLOCK][LM_NGRAM_MAX_ORDER];
    uint32_t match[BLOCK][LM_NGRAM_MAX_ORDER + 1];
    uint64_t home[BLOCK];
    int bn[BLOCK], bk[BLOCK];
    for (size_t i0 = 0; i0 < n; i0 += BLOCK) {
        int B = n - i0 < BLOCK ? (int)(n - i0) : BLOCK;
        /* the contexts, as the cursor moves them */
        for (int b = 0; b < B; b++) {
            uint32_t w = ids[i0 + b];
            if (w >= g->vocab.n) die("%s: token %zu: id %u is outside the vocabulary",
                                     g->name ? g->name : "model", i0 + b, w);
            memcpy(bctx[b], ctx, (size_t)nctx * sizeof *ctx);
            bn[b] = nctx;
            bk[b] = 1;
            match[b][1] = w;
            if (N > 1) {
                int keep = nctx < N - 1 ? nctx : N - 2;
                memmove(ctx + 1, ctx, (size_t)keep * sizeof *ctx);
                ctx[0] = w;
                nctx = keep + 1;
                if (sentences && w == g->vocab.eos) {
                    ctx[0] = g->vocab.bos;
                    nctx = 1;
                }
            }
        }
        /* the longest matches, one order at a time over the block */
        for (int L = 1; L < N; L++) {
            const ngram_table *t = &tab[L + 1];
            int live = 0;
            for (int b = 0; b < B; b++) {
                if (bk[b] != L || bn[b] < L) continue;
                home[b] = ngram_table_home(match[b][L], bctx[b][L - 1], t->nslots);
                __builtin_prefetch(&t->slot[home[b]]);
                /* a miss runs on to a free slot, about 6 slots at load 0.7
                 * (Knuth's (1 + 1/(1-a)^2)/2): into the next line, often */
                if (home[b] + 4 < t->nslots) __builtin_prefetch(&t->slot[home[b] + 4]);
                live++;
            }
            if (!live) break;
            for (int b = 0; b < B; b++) {
                if (bk[b] != L || bn[b] < L) continue;
                long x = ngram_table_find_from(t, home[b], match[b][L], bctx[b][L - 1]);
                if (x < 0) continue;
                match[b][L + 1] = (uint32_t)x;
                bk[b] = L + 1;
            }
        }
        /* the back-off weights of the contexts longer than the match:
         * those the previous token matched (ngram_cursor_next's sums) */
        for (int b = 0; b < B; b++) {
            int k = bk[b];
            double lp = tab[k].slot[match[b][k]].logp;
            if (k <= bn[b]) {
                double s = 0;
                for (int L = k; L <= found; L++) s += tab[L].slot[node[L]].bo;
                lp += s;
            }
            if (!isfinite(lp)) not_finite(g, i0 + b);
            logp[i0 + b] = lp;
            if (N > 1) {
                int next = bn[b] < N - 1 ? bn[b] + 1 : N - 1;
                found = k < next ? k : next;
                memcpy(node + 1, match[b] + 1, (size_t)found * sizeof *node);
                if (sentences && ids[i0 + b] == g->vocab.eos) {
                    node[1] = g->vocab.bos;
                    found = 1;
                }
            }
        }
    }
}
