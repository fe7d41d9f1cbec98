/* Unit tests for the n-gram model: for every smoothing, order (pruned or
 * not) and a walk through a corpus, the full next-token distribution sums
 * to 1 (<s> aside) and agrees with the single-token log-probability, and the
 * estimator leaves its counts as they were; the count merge of two halves
 * equals the counts of the whole. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "ngram_count.h"
#include "ngram_estimate.h"
#include "ngram_model.h"
#include "ngram_prune.h"
#include "util.h"

#include "check.h"

/* A word corpus: ids 3..9, sentences of 0-6 words, each ending in </s>. */
static size_t make_corpus(lm_vocab *v, uint32_t *ids, size_t cap, unsigned seed)
{
    vocab_init(v, LM_MODE_WORD);
    const char *w[] = { "a", "b", "c", "d", "e", "f", "g" };
    for (int i = 0; i < 7; i++) vocab_add(v, w[i], 1);
    size_t n = 0;
    while (n + 8 < cap) {
        seed = seed * 1103515245u + 12345u;
        int len = (int)((seed >> 16) % 7);
        for (int i = 0; i < len; i++) {
            seed = seed * 1103515245u + 12345u;
            ids[n++] = 3 + (seed >> 16) % (1 + (seed >> 8) % 7);
        }
        ids[n++] = v->eos;
    }
    return n;
}

static void test_distribution(int smoothing, int order, bool prune)
{
    lm_vocab v;
    uint32_t ids[600];
    size_t n = make_corpus(&v, ids, 600, 42);
    lm_counts c;
    counts_from_tokens(&c, &v, ids, n, order);
    lm_ngram *g = xmalloc(sizeof *g);
    uint64_t min[LM_NGRAM_MAX_ORDER + 1] = { 0, 0, 2, 3, 3, 3 };
    lm_quiet = true;
    ngram_estimate(&c, smoothing, 0.5, g);
    lm_quiet = false;
    /* the estimator only reads the counts */
    lm_counts again;
    counts_from_tokens(&again, &v, ids, n, order);
    for (int k = 1; k <= order; k++) {
        CHECK(c.lv[k].n == again.lv[k].n);
        CHECK(memcmp(c.lv[k].count, again.lv[k].count, c.lv[k].n * sizeof *c.lv[k].count) == 0);
        CHECK(memcmp(c.lv[k].word, again.lv[k].word, c.lv[k].n * sizeof *c.lv[k].word) == 0);
        CHECK(k == 1 || memcmp(c.lv[k].parent, again.lv[k].parent, c.lv[k].n * sizeof *c.lv[k].parent) == 0);
    }
    counts_free(&again);
    if (prune) {
        size_t before = g->lv[order].n;
        const uint32_t *raw[LM_NGRAM_MAX_ORDER + 1] = { 0 };
        for (int k = 1; k <= order; k++) raw[k] = c.lv[k].count;
        ngram_prune(g, raw, min);
        CHECK(order < 3 || g->lv[order].n < before);
    }
    counts_free(&c);
    /* Loaded for scoring: distributions by walking; the second half of
     * the run through the forward index a sampler's load builds. */
    lm_model *m = ngram_model_wrap(g, LM_LOAD_SCORE);
    lm_ctx *ctx = model_ctx_new(m);
    void *st = xmalloc(model_state_size(m));
    float *lp = xmalloc(m->vocab.n * sizeof *lp);
    model_state_init(ctx, st);
    double worst = 0;
    for (size_t i = 0; i < 200; i++) {
        if (i == 100 && order > 1) ngram_forward_index(g);
        model_next_logprobs(ctx, st, lp);
        CHECK(isinf(lp[m->vocab.bos]) && lp[m->vocab.bos] < 0);
        double sum = 0;
        for (uint32_t w = 0; w < m->vocab.n; w++) {
            if (w == m->vocab.bos) continue;
            sum += exp(lp[w]);
            double one = model_logprob(ctx, st, w);
            if (fabs(one - lp[w]) > worst) worst = fabs(one - lp[w]);
        }
        if (fabs(sum - 1) > 1e-4) {
            fprintf(stderr, "%s order %d%s, token %zu: distribution sums to %.7f\n",
                    lm_smoothing_name(smoothing), order, prune ? " pruned" : "", i, sum);
            failures++;
            break;
        }
        model_feed(ctx, st, ids[i]);
    }
    CHECK(worst < 1e-5);
    /* The whole corpus scored left to right (the cursor of model_score)
     * gives logprob + feed's numbers to the last bit. */
    double *seq = xmalloc(n * sizeof *seq);
    model_score(m, ids, n, seq, 1);
    model_state_init(ctx, st);
    size_t differ = 0;
    for (size_t i = 0; i < n; i++) {
        double one = model_logprob(ctx, st, ids[i]);
        if (memcmp(&one, &seq[i], sizeof one) != 0) differ++;
        model_feed(ctx, st, ids[i]);
    }
    CHECK(differ == 0);
    free(seq);
    free(lp);
    free(st);
    model_ctx_free(ctx);
    model_free(m);
    vocab_free(&v);
}

static void test_merge(void)
{
    lm_vocab v;
    uint32_t ids[2000];
    size_t n = make_corpus(&v, ids, 2000, 7), cut = n / 2;
    while (ids[cut - 1] != v.eos) cut++;          /* shards end at a sentence end */
    lm_counts whole, a, b;
    counts_from_tokens(&whole, &v, ids, n, 4);
    counts_from_tokens(&a, &v, ids, cut, 4);
    counts_from_tokens(&b, &v, ids + cut, n - cut, 4);
    counts_merge(&a, &b, "b");
    for (int k = 1; k <= 4; k++) {
        CHECK(a.lv[k].n == whole.lv[k].n);
        if (a.lv[k].n != whole.lv[k].n) continue;
        CHECK(memcmp(a.lv[k].word, whole.lv[k].word, a.lv[k].n * 4) == 0);
        CHECK(memcmp(a.lv[k].count, whole.lv[k].count, a.lv[k].n * 4) == 0);
        if (k > 1) CHECK(memcmp(a.lv[k].parent, whole.lv[k].parent, a.lv[k].n * 4) == 0);
    }
    counts_free(&whole);
    counts_free(&a);
    counts_free(&b);
    vocab_free(&v);
}

int main(void)
{
    lm_init("test_ngram");
    for (int s = LM_SMOOTH_MKN; s <= LM_SMOOTH_ADDK; s++)
        for (int o = 1; o <= 5; o++) {
            test_distribution(s, o, false);
            test_distribution(s, o, true);
        }
    test_merge();
    if (failures) fprintf(stderr, "%d failures\n", failures);
    return failures != 0;
}
