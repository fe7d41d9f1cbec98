/* sample.c — decoding strategies as small functions over a vector of
 * scores, and the sampler that chains them.  See sample.h. */
#include "sample.h"
#include "util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- the strategies ------------------------------------------------------ */

/* The order every strategy uses: higher score first, then lower id. */
static bool better(float xa, uint32_t a, float xb, uint32_t b)
{
    return xa > xb || (xa == xb && a < b);
}

uint32_t sample_argmax(const float *x, uint32_t V)
{
    uint32_t best = LM_NO_ID;
    float bx = -INFINITY;
    for (uint32_t i = 0; i < V; i++)
        if (x[i] > bx) { bx = x[i]; best = i; }   /* strict: ties keep the lower id */
    return best;
}

void sample_repetition_penalty(float *x, uint32_t V, const uint32_t *ids, size_t n, double r)
{
    for (size_t i = 0; i < n; i++) {
        uint32_t t = ids[i];
        if (t >= V) continue;
        x[t] = x[t] > 0 ? (float)(x[t] / r) : (float)(x[t] * r);
    }
}

size_t sample_no_repeat_ngram(float *x, uint32_t V, const uint32_t *hist, size_t n, uint32_t N)
{
    if (N == 0 || n + 1 < N) return 0;
    size_t k = N - 1, bans = 0;            /* length of the prefix to match */
    const uint32_t *tail = hist + n - k;   /* the last N-1 tokens */
    /* every start i of an earlier N-gram hist[i .. i+N) */
    for (size_t i = 0; i + k < n; i++) {
        if (k && memcmp(hist + i, tail, k * sizeof *hist) != 0) continue;
        uint32_t t = hist[i + k];
        if (t < V) { x[t] = -INFINITY; bans++; }
    }
    return bans;
}

static float max_finite(const float *x, uint32_t V)
{
    float m = -INFINITY;
    for (uint32_t i = 0; i < V; i++)
        if (x[i] > m) m = x[i];
    return m;
}

void sample_temperature(float *x, uint32_t V, double T)
{
    float m = max_finite(x, V);
    if (m == -INFINITY) return;
    double r = 1 / T;
    for (uint32_t i = 0; i < V; i++) x[i] = (float)((x[i] - m) * r);
}

/* A binary heap of ids whose root is the worst kept so far. */
static void heap_sift_down(uint32_t *h, uint32_t n, uint32_t i, const float *x)
{
    for (;;) {
        uint32_t l = 2 * i + 1, r = l + 1, w = i;
        if (l < n && better(x[h[w]], h[w], x[h[l]], h[l])) w = l;
        if (r < n && better(x[h[w]], h[w], x[h[r]], h[r])) w = r;
        if (w == i) return;
        uint32_t t = h[i]; h[i] = h[w]; h[w] = t;
        i = w;
    }
}

void sample_top_k(float *x, uint32_t V, uint32_t K, uint32_t *heap)
{
    if (K == 0 || K >= V) return;
    for (uint32_t i = 0; i < K; i++) heap[i] = i;
    for (uint32_t i = K / 2; i-- > 0;) heap_sift_down(heap, K, i, x);
    for (uint32_t i = K; i < V; i++) {
        if (better(x[i], i, x[heap[0]], heap[0])) {
            heap[0] = i;
            heap_sift_down(heap, K, 0, x);
        }
    }
    /* heap[0] is the K-th best: keep exactly what is not worse than it */
    uint32_t last = heap[0];
    float lx = x[last];
    for (uint32_t i = 0; i < V; i++)
        if (i != last && !better(x[i], i, lx, last)) x[i] = -INFINITY;
}

static void swap_u32(uint32_t *a, uint32_t *b)
{
    uint32_t t = *a; *a = *b; *b = t;
}

/* The last token of the nucleus among ORDER[0..n): in (score descending,
 * id ascending) order, the first token at which the cumulative PROB
 * reaches WANT.  Quickselect rather than a sort, so it takes expected O(n)
 * however large the nucleus: partition around a pivot, then keep looking
 * only on the side where the cumulative sum crosses WANT. */
static uint32_t nucleus_last(uint32_t *order, uint32_t n, const float *x, const float *prob,
                             double want)
{
    uint32_t lo = 0, hi = n;
    double before = 0;            /* probability of everything ahead of order[lo] */
    while (hi - lo > 1) {
        /* median of three as the pivot */
        uint32_t a = order[lo], b = order[lo + (hi - lo) / 2], c = order[hi - 1], piv;
        if (better(x[a], a, x[b], b)) piv = better(x[b], b, x[c], c) ? b : better(x[a], a, x[c], c) ? c : a;
        else piv = better(x[a], a, x[c], c) ? a : better(x[b], b, x[c], c) ? c : b;
        uint32_t i = lo, at = lo;
        double mass = 0;
        for (uint32_t j = lo; j < hi; j++) {
            if (better(x[order[j]], order[j], x[piv], piv)) {
                mass += prob[order[j]];
                swap_u32(&order[i++], &order[j]);
            }
        }
        if (before + mass >= want) { hi = i; continue; }
        before += mass;
        if (before + prob[piv] >= want) return piv;
        before += prob[piv];
        for (at = i; order[at] != piv; at++)
            ;
        swap_u32(&order[i], &order[at]);
        lo = i + 1;
        if (lo == hi) return piv;    /* rounding kept WANT out of reach: all of them */
    }
    return order[lo];
}

void sample_top_p(float *x, uint32_t V, double P, uint32_t *order, float *prob)
{
    if (P >= 1) return;
    float m = max_finite(x, V);
    if (m == -INFINITY) return;
    double sum = 0;
    uint32_t finite = 0;
    for (uint32_t i = 0; i < V; i++) {
        prob[i] = expf(x[i] - m);
        sum += prob[i];
        finite += x[i] > -INFINITY;
    }
    /* A token with probability below (1-P)/(finite-1) cannot be in the
     * nucleus (Holtzman's set) unless it is the most probable one: were it
     * in at rank r >= 1, the tokens from rank r down (at most finite-1 of
     * them, none larger) would hold more than 1-P.  Leaving the rest out
     * keeps a large vocabulary cheap. */
    double cut = finite > 1 ? (1 - P) / (finite - 1) * sum : 0;
    uint32_t nc = 0;
    for (uint32_t i = 0; i < V; i++)
        if (x[i] > -INFINITY && prob[i] >= cut) order[nc++] = i;
    if (nc == 0) order[nc++] = sample_argmax(x, V);   /* the cut can only miss the top */
    uint32_t last = nucleus_last(order, nc, x, prob, P * (1 - LM_TOP_P_SLACK) * sum);
    float lx = x[last];
    for (uint32_t i = 0; i < V; i++)
        if (i != last && !better(x[i], i, lx, last)) x[i] = -INFINITY;
}

uint32_t sample_draw(const float *x, uint32_t V, lm_rng *rng, float *prob)
{
    float m = max_finite(x, V);
    if (m == -INFINITY) return LM_NO_ID;
    double sum = 0;
    uint32_t lastf = 0;
    for (uint32_t i = 0; i < V; i++) {
        prob[i] = expf(x[i] - m);     /* exp(-inf) = 0 */
        sum += prob[i];
        if (prob[i] > 0) lastf = i;
    }
    double u = rng_uniform(rng) * sum, cum = 0;
    for (uint32_t i = 0; i < V; i++) {
        cum += prob[i];
        if (u < cum) return i;
    }
    return lastf;   /* u landed in the rounding gap at the very end */
}

/* ---- options ----------------------------------------------------------- */

void sample_opts_default(lm_sample_opts *o)
{
    memset(o, 0, sizeof *o);
    o->temperature = 1;
    o->top_p = 1;
    o->repetition_penalty = 1;
}

/* ---- the sampler ----------------------------------------------------------- */

/* Hash of the k tokens at p (k >= 1). */
static size_t ngram_hash(const uint32_t *p, size_t k)
{
    uint64_t h = 0x9e3779b97f4a7c15ULL;
    for (size_t i = 0; i < k; i++) {
        h ^= p[i];
        h *= 0xbf58476d1ce4e5b9ULL;
        h ^= h >> 29;
    }
    return (size_t)h;
}

/* Indexes the (N-1)-gram that the newest token of hist follows. */
static void ngram_index(lm_sampler *s)
{
    size_t k = s->o.no_repeat_ngram - 1;
    if (k == 0 || s->n < k + 1) return;
    size_t i = s->n - 1 - k, b = ngram_hash(s->hist + i, k) & s->ng_mask;
    s->ng_next[i] = s->ng_head[b];
    s->ng_head[b] = i + 1;
}

/* sample_no_repeat_ngram through the index: the same bans. */
static void ngram_ban(lm_sampler *s, float *x)
{
    size_t k = s->o.no_repeat_ngram - 1;
    if (k == 0) {
        for (size_t i = 0; i < s->ndistinct; i++) x[s->distinct[i]] = -INFINITY;
        return;
    }
    if (!s->ng_head) {   /* N set after sampler_init: no index, scan */
        sample_no_repeat_ngram(x, s->V, s->hist, s->n, s->o.no_repeat_ngram);
        return;
    }
    if (s->n < k) return;
    const uint32_t *tail = s->hist + s->n - k;
    for (size_t at = s->ng_head[ngram_hash(tail, k) & s->ng_mask]; at; at = s->ng_next[at - 1]) {
        size_t i = at - 1;
        if (memcmp(s->hist + i, tail, k * sizeof *tail) == 0 && s->hist[i + k] < s->V)
            x[s->hist[i + k]] = -INFINITY;
    }
}

void sampler_init(lm_sampler *s, uint32_t V, const lm_sample_opts *o, uint64_t seed,
                  size_t hist_hint)
{
    memset(s, 0, sizeof *s);
    s->o = *o;
    s->V = V;
    rng_seed(&s->rng, seed);
    s->mask[0] = s->mask[1] = LM_NO_ID;
    s->cap = hist_hint ? hist_hint : 256;
    s->hist = xmalloc(xmul(s->cap, sizeof *s->hist));
    s->seen = xcalloc(V, 1);
    s->distinct = xmalloc(xmul(V, sizeof *s->distinct));
    s->idx = xmalloc(xmul(V, sizeof *s->idx));
    s->prob = xmalloc(xmul(V, sizeof *s->prob));
    if (o->no_repeat_ngram > 1) {
        size_t buckets = 1024;
        while (buckets < s->cap && buckets < (size_t)1 << 24) buckets *= 2;
        s->ng_mask = buckets - 1;
        s->ng_head = xcalloc(buckets, sizeof *s->ng_head);
        s->ng_next = xmalloc(xmul(s->cap, sizeof *s->ng_next));
    }
}

void sampler_mask(lm_sampler *s, uint32_t token)
{
    if (token >= s->V) return;
    if (s->mask[0] == LM_NO_ID || s->mask[0] == token) s->mask[0] = token;
    else s->mask[1] = token;
}

void sampler_push(lm_sampler *s, uint32_t token)
{
    if (s->n == s->cap) {
        s->cap *= 2;
        s->hist = xrealloc(s->hist, xmul(s->cap, sizeof *s->hist));
        if (s->ng_next) s->ng_next = xrealloc(s->ng_next, xmul(s->cap, sizeof *s->ng_next));
    }
    s->hist[s->n++] = token;
    if (s->ng_head) ngram_index(s);
    if (token < s->V && !s->seen[token]) {
        s->seen[token] = 1;
        s->distinct[s->ndistinct++] = token;
    }
}

void sampler_ban(lm_sampler *s, float *x)
{
    const lm_sample_opts *o = &s->o;
    for (int i = 0; i < 2; i++)
        if (s->mask[i] != LM_NO_ID) x[s->mask[i]] = -INFINITY;
    if (o->repetition_penalty != 1)
        sample_repetition_penalty(x, s->V, s->distinct, s->ndistinct, o->repetition_penalty);
    if (o->no_repeat_ngram) ngram_ban(s, x);
}

uint32_t sampler_next(lm_sampler *s, float *x)
{
    const lm_sample_opts *o = &s->o;
    sampler_ban(s, x);
    if (o->greedy) return sample_argmax(x, s->V);
    if (o->temperature != 1) sample_temperature(x, s->V, o->temperature);
    if (o->top_k) sample_top_k(x, s->V, o->top_k, s->idx);
    if (o->top_p < 1) sample_top_p(x, s->V, o->top_p, s->idx, s->prob);
    return sample_draw(x, s->V, &s->rng, s->prob);
}

void sampler_free(lm_sampler *s)
{
    free(s->hist);
    free(s->seen);
    free(s->distinct);
    free(s->idx);
    free(s->prob);
    free(s->ng_head);
    free(s->ng_next);
    memset(s, 0, sizeof *s);
}

