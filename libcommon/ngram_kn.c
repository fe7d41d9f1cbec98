/* ngram_kn.c — add-k, Kneser-Ney and modified Kneser-Ney estimation over
 * the suffix trie of counts, order by order.  See ngram_kn.h.
 *
 * The stages, as in KenLM's builder: adjust counts (continuation counts),
 * discounts from counts-of-counts, then per order: each n-gram's context,
 * the per-context sums (denominator and discounted mass), the interpolated
 * probabilities, and the back-off weights of the order below. */
#include "ngram_kn.h"
#include "util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const smoothing_names[] = { "mkn", "kn", "addk" };

const char *lm_smoothing_name(int s)
{
    return s >= 0 && s <= LM_SMOOTH_ADDK ? smoothing_names[s] : "?";
}

int lm_smoothing_parse(const char *s)
{
    for (int i = 0; i <= LM_SMOOTH_ADDK; i++)
        if (strcmp(s, smoothing_names[i]) == 0) return i;
    return -1;
}

/* ---- stage 1: adjusted counts ------------------------------------------------ */

/* Replaces the raw counts of order K (< top) by adjusted counts, from the
 * raw counts of order K+1. */
static void adjust_counts(lm_counts *c, int k, uint32_t bos)
{
    lm_ngram_level *L = &c->lv[k];
    const lm_ngram_level *H = &c->lv[k + 1];
    size_t j = 0;
    for (size_t i = 0; i < L->n; i++) {
        uint64_t nchild = 0, sum = 0;
        for (; j < H->n && H->parent[j] == i; j++) {
            nchild++;
            sum += H->count[j];
        }
        if (L->word[i] == bos) continue;    /* starts with <s>: keeps its raw count */
        /* occurrences with nothing before them (the stream's start) count
         * as one more distinct left context */
        L->count[i] = (uint32_t)(nchild + (L->count[i] > sum));
    }
}

/* ---- stage 2: discounts --------------------------------------------------------- */

typedef struct discount {
    double d[4];          /* d[a] for adjusted count a = 1, 2, 3+ (d[0] = 0) */
} discount;

static double discount_of(const discount *D, uint32_t a)
{
    return D->d[a < 3 ? a : 3];
}

static discount estimate_discount(const lm_ngram_level *L, int k, int smoothing)
{
    uint64_t n[5] = { 0 };
    for (size_t i = 0; i < L->n; i++)
        if (L->count[i] >= 1 && L->count[i] <= 4) n[L->count[i]]++;
    discount D = { { 0, 0.5, 1.0, 1.5 } };
    char why[160] = "";
    int top = smoothing == LM_SMOOTH_KN ? 2 : 4;
    for (int j = 1; j <= top && !why[0]; j++)
        if (n[j] == 0) snprintf(why, sizeof why, "no n-grams with adjusted count %d", j);
    if (!why[0]) {
        double y = (double)n[1] / ((double)n[1] + 2.0 * (double)n[2]);
        if (smoothing == LM_SMOOTH_KN) {
            D.d[1] = D.d[2] = D.d[3] = y;
        } else {
            for (int j = 1; j <= 3 && !why[0]; j++) {
                D.d[j] = j - (j + 1) * y * (double)n[j + 1] / (double)n[j];
                if (D.d[j] < 0 || D.d[j] > j)
                    snprintf(why, sizeof why, "discount D%d = %g is outside [0, %d]", j, D.d[j], j);
            }
        }
    }
    if (why[0]) {
        D = (discount){ { 0, 0.5, 1.0, 1.5 } };
        if (smoothing == LM_SMOOTH_KN) D.d[1] = D.d[2] = D.d[3] = 0.75;
        warnx_lm("warning: order %d: %s (small or artificial data?); using %s", k, why,
                 smoothing == LM_SMOOTH_KN ? "D=0.75" : "D1=0.5 D2=1 D3+=1.5");
    }
    return D;
}

/* ---- stage 3: probabilities and back-offs ----------------------------------------- */

static float to_log10(double p)
{
    if (!(p > 1e-99)) return -99.0f;
    double l = log10(p);
    return l > 0 ? 0.0f : (float)l;
}

void ngram_estimate(lm_counts *c, int smoothing, double add_k, lm_ngram *g)
{
    memset(g, 0, sizeof *g);
    g->vocab = c->vocab;
    memset(&c->vocab, 0, sizeof c->vocab);
    const int N = c->order;
    g->order = N;
    snprintf(g->smoothing, sizeof g->smoothing, "%s", lm_smoothing_name(smoothing));
    const bool addk = smoothing == LM_SMOOTH_ADDK;
    const uint32_t bos = g->vocab.mode == LM_MODE_WORD ? g->vocab.bos : LM_NO_ID;
    const double nv = g->vocab.n - (bos != LM_NO_ID ? 1 : 0);   /* |V| without <s> */

    discount D[LM_NGRAM_MAX_ORDER + 1];
    if (!addk) {
        for (int k = 1; k < N; k++) adjust_counts(c, k, bos);
        for (int k = 1; k <= N; k++) D[k] = estimate_discount(&c->lv[k], k, smoothing);
    }

    /* unigrams: interpolated with the uniform distribution (KN) or add-k */
    const lm_ngram_level *U = &c->lv[1];
    double den = 0, mass = 0;
    for (size_t w = 0; w < U->n; w++) {
        den += U->count[w];
        if (!addk && U->count[w]) mass += discount_of(&D[1], U->count[w]);
    }
    float *p = xmalloc(xmul(U->n ? U->n : 1, sizeof *p));   /* linear until the next order */
    for (size_t w = 0; w < U->n; w++) {
        double a = U->count[w];
        if (w == bos) p[w] = 1.0f;
        else if (addk) p[w] = (float)((a + add_k) / (den + add_k * nv));
        else if (den > 0) p[w] = (float)((a - discount_of(&D[1], U->count[w])) / den + mass / den / nv);
        else p[w] = (float)(1.0 / nv);
    }
    g->logp[1] = p;

    uint32_t *ctx_prev = NULL;
    for (int k = 2; k <= N; k++) {
        const lm_ngram_level *H = &c->lv[k], *P = &c->lv[k - 1];
        uint32_t *ctx = level_contexts(c->lv, k, ctx_prev);
        const float *plow = g->logp[k - 1];
        /* per context: sum of counts; discounted mass (KN) or the seen
         * words' lower-order probability (add-k); add-k also the number
         * of words seen */
        double *sum = xcalloc(P->n ? P->n : 1, sizeof *sum);
        double *dm = xcalloc(P->n ? P->n : 1, sizeof *dm);
        uint32_t *seen = addk ? xcalloc(P->n ? P->n : 1, sizeof *seen) : NULL;
        for (size_t i = 0; i < H->n; i++) {
            uint32_t a = H->count[i], x = ctx[i];
            sum[x] += a;
            if (addk) {
                dm[x] += plow[H->parent[i]];
                seen[x]++;
            } else {
                dm[x] += discount_of(&D[k], a);
            }
        }
        float *pk = xmalloc(xmul(H->n ? H->n : 1, sizeof *pk));
        for (size_t i = 0; i < H->n; i++) {
            uint32_t a = H->count[i], x = ctx[i];
            if (addk) {
                pk[i] = (float)((a + add_k) / (sum[x] + add_k * nv));
            } else if (sum[x] > 0) {
                pk[i] = (float)((a - discount_of(&D[k], a)) / sum[x] +
                                dm[x] / sum[x] * plow[H->parent[i]]);
            } else {
                pk[i] = plow[H->parent[i]];
            }
        }
        /* back-off weights of order k-1, then its probabilities to log10 */
        float *bo = xmalloc(xmul(P->n ? P->n : 1, sizeof *bo));
        for (size_t j = 0; j < P->n; j++) {
            double b = 1;
            if (sum[j] > 0 && addk) {
                double left = 1 - (sum[j] + add_k * seen[j]) / (sum[j] + add_k * nv);
                double lower = 1 - dm[j];
                if (left > 0 && lower > 0) b = left / lower;
            } else if (sum[j] > 0) {
                b = dm[j] / sum[j];
            }
            bo[j] = b > 0 ? (float)log10(b) : -99.0f;
        }
        g->bo[k - 1] = bo;
        float *lp = g->logp[k - 1];
        for (size_t j = 0; j < P->n; j++) lp[j] = to_log10(lp[j]);
        g->logp[k] = pk;
        free(sum);
        free(dm);
        free(seen);
        free(c->lv[k - 1].count);
        c->lv[k - 1].count = NULL;
        free(ctx_prev);
        ctx_prev = ctx;
    }
    free(ctx_prev);
    for (size_t j = 0; j < c->lv[N].n; j++) g->logp[N][j] = to_log10(g->logp[N][j]);
    for (int k = 1; k <= N; k++) {
        g->lv[k] = c->lv[k];
        free(g->lv[k].count);
        g->lv[k].count = NULL;
        memset(&c->lv[k], 0, sizeof c->lv[k]);
    }
    counts_free(c);
    ngram_index(g);
}
