/* sample.c — decoding strategies, the sampler that chains them, and beam
 * search over the model interface.  See sample.h. */
#include "sample.h"
#include "tokenize.h"
#include "util.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

bool sample_opt_parse(lm_sample_opts *o, const char *name, const char *value)
{
    char opt[48];
    snprintf(opt, sizeof opt, "--%s", name);
    if (strcmp(name, "temperature") == 0) {
        double t = parse_double(opt, value, -DBL_MAX, DBL_MAX);
        if (!(t > 0)) die_usage("%s: %g is not > 0 (use --greedy for the limit T -> 0)", opt, t);
        o->temperature = t;
    } else if (strcmp(name, "top-p") == 0) {
        double p = parse_double(opt, value, -DBL_MAX, DBL_MAX);
        if (!(p > 0 && p <= 1)) die_usage("%s: %g is not in (0, 1]", opt, p);
        o->top_p = p;
    } else if (strcmp(name, "repetition-penalty") == 0) {
        double r = parse_double(opt, value, -DBL_MAX, DBL_MAX);
        if (!(r > 0)) die_usage("%s: %g is not > 0 (1 = no penalty)", opt, r);
        o->repetition_penalty = r;
    } else if (strcmp(name, "length-penalty") == 0) {
        o->length_penalty = parse_double(opt, value, -10, 10);
    } else if (strcmp(name, "top-k") == 0) {
        o->top_k = (uint32_t)parse_ll(opt, value, 1, LM_MAX_VOCAB);
    } else if (strcmp(name, "no-repeat-ngram") == 0) {
        o->no_repeat_ngram = (uint32_t)parse_ll(opt, value, 1, 1000);
    } else if (strcmp(name, "beam") == 0) {
        o->beam = (uint32_t)parse_ll(opt, value, 1, 10000);
    } else {
        return false;
    }
    return true;
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

/* ---- beam search ----------------------------------------------------------- */

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

/* ---- decoded text out ------------------------------------------------------ */

typedef struct text_out {
    FILE *fp;
    const char *name;
    const lm_vocab *v;
    bool line_start;          /* word mode: nothing on this line yet */
    bool tty;                 /* flush every token */
    double last_flush;
} text_out;

static void out_flush(text_out *o)
{
    lm_check_write(o->fp, o->name);
    o->last_flush = lm_now();
}

/* Writes one token as text: char and byte tokens as their bytes; words
 * separated by spaces, </s> as a newline. */
static void out_token(text_out *o, uint32_t id)
{
    const lm_vocab *v = o->v;
    bool newline;
    if (v->mode == LM_MODE_WORD && id == v->eos) {
        fputc('\n', o->fp);
        o->line_start = newline = true;
    } else {
        if (v->mode == LM_MODE_WORD && !o->line_start) fputc(' ', o->fp);
        fwrite(v->str[id], 1, v->len[id], o->fp);
        o->line_start = false;
        newline = memchr(v->str[id], '\n', v->len[id]) != NULL;
    }
    if (ferror(o->fp) || o->tty || newline || lm_now() - o->last_flush > 0.1) out_flush(o);
}

/* --nbest: one line per hypothesis, the text with \\, \t, \n escaped. */
static void out_escaped(FILE *fp, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\\') fputs("\\\\", fp);
        else if (s[i] == '\t') fputs("\\t", fp);
        else if (s[i] == '\n') fputs("\\n", fp);
        else fputc(s[i], fp);
    }
}

static void out_hyp_line(FILE *fp, const lm_vocab *v, const lm_beam_hyp *h)
{
    fprintf(fp, "%.6f\t%.6f\t", h->score, h->logp);
    bool line_start = true;
    for (size_t i = 0; i < h->len; i++) {
        uint32_t id = h->ids[i];
        if (v->mode == LM_MODE_WORD && id == v->eos) {
            fputs("\\n", fp);
            line_start = true;
            continue;
        }
        if (v->mode == LM_MODE_WORD && !line_start) fputc(' ', fp);
        out_escaped(fp, v->str[id], v->len[id]);
        line_start = false;
    }
    fputc('\n', fp);
}

/* ---- the prime -------------------------------------------------------------- */

typedef struct prime {
    const lm_vocab *v;
    uint32_t *ids;
    size_t n, cap;
    char bad[96];             /* the first token outside the vocabulary */
} prime;

static void on_prime_token(void *ctx, const char *tok, size_t len, uint64_t through_bytes,
                           uint64_t through_chars)
{
    (void)through_chars;
    prime *p = ctx;
    const lm_vocab *v = p->v;
    uint32_t id = vocab_find(v, tok, len);
    if (id == LM_NO_ID || id == v->bos) {
        if (v->unk == LM_NO_ID) {
            /* reported once the tokenizer has let go of its buffers */
            const unsigned char *u = (const unsigned char *)tok;
            unsigned long long at = through_bytes - len + 1;
            if (p->bad[0]) return;
            if (len == 1 && (u[0] < 0x20 || u[0] >= 0x7f))
                snprintf(p->bad, sizeof p->bad, "byte %llu: byte 0x%02x", at, u[0]);
            else
                snprintf(p->bad, sizeof p->bad, "byte %llu: '%.*s'", at, (int)len, tok);
            return;
        }
        id = v->unk;
    }
    if (p->n == p->cap) {
        p->cap = p->cap ? 2 * p->cap : 64;
        p->ids = xrealloc(p->ids, xmul(p->cap, sizeof *p->ids));
    }
    p->ids[p->n++] = id;
}

/* The prime's tokens under the model's vocabulary.  In word mode a prime
 * that does not end with a newline is an unfinished sentence: no </s>. */
static void tokenize_prime(const char *text, const lm_vocab *v, prime *p)
{
    memset(p, 0, sizeof *p);
    p->v = v;
    size_t n = strlen(text);
    if (n == 0) return;
    FILE *fp = fmemopen((void *)text, n, "r");
    if (!fp) die_errno("--prime");
    uint64_t bytes, chars;
    tokenize_file(fp, "--prime", v->mode, on_prime_token, p, &bytes, &chars);
    fclose(fp);
    if (p->bad[0]) {
        free(p->ids);
        die("--prime: %s is not in the model's vocabulary (a %s vocabulary of %u tokens)",
            p->bad, lm_mode_name(v->mode), v->n);
    }
    if (v->mode == LM_MODE_WORD && text[n - 1] != '\n' && p->n && p->ids[p->n - 1] == v->eos)
        p->n--;
}

/* ---- generating text ------------------------------------------------------ */

size_t sample_generate(const lm_model *m, const lm_generate_opts *o, FILE *fp, const char *name)
{
    const lm_vocab *v = &m->vocab;
    const lm_sample_opts *so = &o->s;
    if (o->sentences && v->mode != LM_MODE_WORD)
        die_usage("--sentences: the model is a %s model (sentences are word mode)",
                  lm_mode_name(v->mode));
    if (o->no_unk && v->unk == LM_NO_ID) die_usage("--no-unk: the model has no <unk> token");
    size_t limit = o->max_tokens;
    uint32_t mask[2];
    size_t nmask = 0, produced = 0;
    if (v->bos != LM_NO_ID) mask[nmask++] = v->bos;     /* <s> is context only */
    if (o->no_unk) mask[nmask++] = v->unk;

    prime pr;
    tokenize_prime(o->prime ? o->prime : "", v, &pr);
    lm_ctx *ctx = model_ctx_new(m);
    void *state = xmalloc(model_state_size(m));
    model_state_init(ctx, state);
    for (size_t i = 0; i < pr.n; i++) model_feed(ctx, state, pr.ids[i]);

    text_out out = { fp, name, v, true, isatty(fileno(fp)) == 1, lm_now() };
    if (o->echo && !o->nbest)
        for (size_t i = 0; i < pr.n; i++) out_token(&out, pr.ids[i]);

    if (so->beam) {
        size_t max_len = limit == SIZE_MAX ? LM_BEAM_MAX_LEN : limit;
        lm_beam_hyp *h = xcalloc(so->beam, sizeof *h);
        size_t nh = beam_search(ctx, state, so->beam, so->length_penalty, max_len,
                                o->sentences ? v->eos : LM_NO_ID, o->sentences, mask, nmask, h);
        for (size_t i = 0; i < (o->nbest ? nh : nh > 0); i++) {
            if (o->nbest) out_hyp_line(fp, v, &h[i]);
            else for (size_t j = 0; j < h[i].len; j++) out_token(&out, h[i].ids[j]);
        }
        produced = nh ? h[0].len : 0;
        beam_free_hyps(h, nh);
        free(h);
    } else {
        lm_sampler s;
        sampler_init(&s, v->n, so, o->seed, pr.n + (limit < 1 << 20 ? limit : 1 << 20) + 1);
        for (size_t i = 0; i < nmask; i++) sampler_mask(&s, mask[i]);
        for (size_t i = 0; i < pr.n; i++) sampler_push(&s, pr.ids[i]);
        float *x = xmalloc(xmul(v->n, sizeof *x));
        size_t done_sentences = 0;
        for (; produced < limit; produced++) {
            model_next_logprobs(ctx, state, x);
            uint32_t tok = sampler_next(&s, x);
            if (tok == LM_NO_ID) {
                warnx_lm("every token is masked or banned after %zu tokens; stopping", produced);
                break;
            }
            out_token(&out, tok);
            sampler_push(&s, tok);
            if (o->sentences && tok == v->eos && ++done_sentences == o->sentences) {
                produced++;
                break;
            }
            if (produced + 1 < limit) model_feed(ctx, state, tok);
        }
        free(x);
        sampler_free(&s);
    }
    if (v->mode == LM_MODE_WORD && !out.line_start && !o->nbest) fputc('\n', fp);
    lm_check_write(fp, name);
    free(pr.ids);
    free(state);
    model_ctx_free(ctx);
    return produced;
}
