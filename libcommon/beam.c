/* beam.c — beam search over the model interface.  See beam.h. */
#include "beam.h"
#include "util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct beam {
    double logp;
    size_t nstop;          /* STOP tokens produced */
    uint32_t *ids;         /* max_len slots */
    void *state;
} beam;

typedef struct cand {
    double logp;
    uint32_t from, tok;    /* parent beam, token */
} cand;

/* Candidate order: higher total log-prob, then earlier beam, then lower id. */
static bool cand_better(const cand *a, const cand *b)
{
    if (a->logp != b->logp) return a->logp > b->logp;
    if (a->from != b->from) return a->from < b->from;
    return a->tok < b->tok;
}

/* The kept candidates: a heap with the worst at the root. */
static void cand_sift_down(cand *h, size_t n, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, w = i;
        if (l < n && cand_better(&h[w], &h[l])) w = l;
        if (r < n && cand_better(&h[w], &h[r])) w = r;
        if (w == i) return;
        cand t = h[i]; h[i] = h[w]; h[w] = t;
        i = w;
    }
}

static void cand_sift_up(cand *h, size_t i)
{
    while (i > 0) {
        size_t p = (i - 1) / 2;
        if (!cand_better(&h[p], &h[i])) return;
        cand t = h[i]; h[i] = h[p]; h[p] = t;
        i = p;
    }
}

static int cmp_cand(const void *pa, const void *pb)
{
    const cand *a = pa, *b = pb;
    return cand_better(a, b) ? -1 : cand_better(b, a) ? 1 : 0;
}

static double len_score(double logp, size_t len, double A)
{
    return A == 0 || len == 0 ? logp : logp / pow((double)len, A);
}

/* Adds a finished hypothesis to POOL, the B best by score, best first; a
 * tie goes behind the ones already there (the first found ranks first). */
static void pool_add(lm_beam_hyp *pool, size_t *np, uint32_t B, const uint32_t *ids, size_t len,
                     double logp, double A)
{
    double score = len_score(logp, len, A);
    size_t n = *np, at = n;
    while (at > 0 && score > pool[at - 1].score) at--;
    if (at >= B) return;
    uint32_t *keep = n == B ? pool[B - 1].ids : NULL;   /* dropped off the end: reuse */
    if (n == B) n--;
    memmove(pool + at + 1, pool + at, (n - at) * sizeof *pool);
    keep = xrealloc(keep, xmul(len ? len : 1, sizeof *keep));
    if (len) memcpy(keep, ids, len * sizeof *ids);
    pool[at] = (lm_beam_hyp){ keep, len, logp, score };
    *np = n + 1;
}

size_t beam_search(lm_ctx *ctx, const void *state, uint32_t B, double A, size_t max_len,
                   uint32_t stop, size_t stop_count, const uint32_t *mask, size_t nmask,
                   lm_beam_hyp *out)
{
    const lm_model *m = ctx->m;
    uint32_t V = m->vocab.n;
    size_t S = model_state_size(m), K = 2 * (size_t)B;
    beam *cur = xcalloc(B, sizeof *cur), *nxt = xcalloc(B, sizeof *nxt);
    for (uint32_t b = 0; b < B; b++) {
        cur[b].ids = xmalloc(xmul(max_len ? max_len : 1, sizeof(uint32_t)));
        nxt[b].ids = xmalloc(xmul(max_len ? max_len : 1, sizeof(uint32_t)));
        cur[b].state = xmalloc(S ? S : 1);
        nxt[b].state = xmalloc(S ? S : 1);
    }
    float *row = xmalloc(xmul(V, sizeof *row));
    cand *heap = xmalloc(xmul(K, sizeof *heap));
    uint32_t *tmp = xmalloc(xmul(max_len ? max_len : 1, sizeof *tmp));
    lm_beam_hyp *cut = xcalloc(B, sizeof *cut);
    size_t nout = 0, ncut = 0, live = 1;
    if (stop_count == 0) stop = LM_NO_ID;
    memcpy(cur[0].state, state, S);
    cur[0].logp = 0;
    cur[0].nstop = 0;
    if (max_len == 0) pool_add(out, &nout, B, NULL, 0, 0, A);
    for (size_t len = 0; len < max_len && live > 0; len++) {
        /* the K best one-token extensions of the live beams */
        size_t nh = 0;
        for (size_t b = 0; b < live; b++) {
            model_next_logprobs(ctx, cur[b].state, row);
            for (size_t i = 0; i < nmask; i++)
                if (mask[i] < V) row[mask[i]] = -INFINITY;
            for (uint32_t w = 0; w < V; w++) {
                if (!(row[w] > -INFINITY)) continue;
                cand c = { cur[b].logp + row[w], (uint32_t)b, w };
                if (nh < K) {
                    heap[nh] = c;
                    cand_sift_up(heap, nh++);
                } else if (cand_better(&c, &heap[0])) {
                    heap[0] = c;
                    cand_sift_down(heap, nh, 0);
                }
            }
        }
        qsort(heap, nh, sizeof *heap, cmp_cand);
        /* Finished ones go to the pool; the first B unfinished live on.
         * At most `live` candidates end in STOP, so K = 2B leaves B.  A
         * finished candidate ranked below the B-th live one still goes to
         * the pool (it may beat what the live ones finish as). */
        size_t nlive = 0;
        for (size_t j = 0; j < nh; j++) {
            const cand *c = &heap[j];
            const beam *p = &cur[c->from];
            size_t nstop = p->nstop + (c->tok == stop);
            if (stop != LM_NO_ID && nstop >= stop_count) {
                memcpy(tmp, p->ids, len * sizeof *p->ids);
                tmp[len] = c->tok;
                pool_add(out, &nout, B, tmp, len + 1, c->logp, A);
                continue;
            }
            if (nlive == B) continue;
            beam *q = &nxt[nlive++];
            memcpy(q->ids, p->ids, len * sizeof *p->ids);
            q->ids[len] = c->tok;
            q->logp = c->logp;
            q->nstop = nstop;
            memcpy(q->state, p->state, S);
            model_feed(ctx, q->state, c->tok);
        }
        beam *t = cur; cur = nxt; nxt = t;
        live = nlive;
        if (len + 1 == max_len) {
            /* cut at the limit: finished too if there is no STOP, else they
             * only fill up the places STOP-ended sequences leave free */
            for (size_t b = 0; b < live; b++)
                pool_add(stop == LM_NO_ID ? out : cut, stop == LM_NO_ID ? &nout : &ncut, B,
                         cur[b].ids, max_len, cur[b].logp, A);
            live = 0;
        }
        /* Stop when no live beam can beat the B-th finished one: its
         * log-prob only falls, and for A >= 0 its length can only grow to
         * max_len (for A < 0 the bound is its current length). */
        if (nout == B && live > 0) {
            double best = cur[0].logp;   /* live beams are in candidate order */
            double bound = A >= 0 ? len_score(best, max_len, A) : len_score(best, len + 1, A);
            if (bound <= out[B - 1].score) live = 0;
        }
    }
    for (uint32_t b = 0; b < B; b++) {
        free(cur[b].ids); free(nxt[b].ids);
        free(cur[b].state); free(nxt[b].state);
    }
    free(cur);
    free(nxt);
    for (size_t i = 0; i < ncut; i++) {
        if (nout < B) out[nout++] = cut[i];
        else free(cut[i].ids);
    }
    free(cut);
    free(row);
    free(heap);
    free(tmp);
    return nout;
}

void beam_free_hyps(lm_beam_hyp *h, size_t n)
{
    for (size_t i = 0; i < n; i++) free(h[i].ids);
}
