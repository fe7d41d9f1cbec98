/* The encoder-decoder (seq2seq.h): its hand-written backward against
 * central finite differences for every parameter block — the attention,
 * both directions of the encoder, the bridge, the decoder, the output —
 * over batches of mixed source and target lengths (so the masks are
 * crossed by every gradient), with and without attention, dropout and
 * bidirectionality, for every registered cell; two broken terms shown
 * failing the same check; and padding shown to change nothing: each pair
 * scored alone equals it scored in a mixed batch (to 1e-6), and so do
 * the gradients.
 *
 * The bound is test_grad.c's (float32 differences with step 4e-3 on a
 * loss that is a mean over the target tokens):
 * |analytic - numeric| <= 2e-4 + 1e-2 |numeric|. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "seq2seq.h"
#include "util.h"
#include "vocab.h"

#include "check.h"

#define FD_STEP 4e-3f
#define ATOL 2e-4
#define RTOL 1e-2

enum { V = 7, END = 6 };

typedef struct batch_data {
    lm_s2s_batch b;
    uint32_t src[64], tgt[64];
    int slen[8], tlen[8];
} batch_data;

/* B pairs with the lengths given, random ids, padded with LM_NO_ID. */
static void make_batch(batch_data *d, int B, const int *sl, const int *tl, lm_rng *r)
{
    int N = 0, T = 0;
    for (int b = 0; b < B; b++) N = sl[b] > N ? sl[b] : N, T = tl[b] > T ? tl[b] : T;
    for (int i = 0; i < 64; i++) d->src[i] = d->tgt[i] = LM_NO_ID;
    for (int b = 0; b < B; b++) {
        d->slen[b] = sl[b], d->tlen[b] = tl[b];
        for (int j = 0; j < sl[b]; j++) d->src[j * B + b] = (uint32_t)rng_below(r, END);
        for (int i = 0; i < tl[b]; i++) d->tgt[i * B + b] = i + 1 == tl[b] ? END : (uint32_t)rng_below(r, END);
    }
    d->b = (lm_s2s_batch){ B, N, T, d->src, d->tgt, d->slen, d->tlen, END };
}

static int ntokens(const lm_s2s_batch *b)
{
    int n = 0;
    for (int s = 0; s < b->B; s++) n += b->tlen[s];
    return n;
}

typedef struct mcase {
    lm_s2s net;
    float *p;
    lm_s2s_work *w;
    batch_data d;
    float dropout;
} mcase;

static double mloss(mcase *k, float *grads)
{
    lm_rng r;
    rng_seed(&r, 11);   /* the same dropout masks every time */
    double n = ntokens(&k->d.b);
    return s2s_train_batch(&k->net, k->p, grads, k->w, &k->d.b, (float)(1.0 / n), k->dropout, &r) / n;
}

static void setup(mcase *k, const char *cell, int Le, int Ld, int attention, bool bidir,
                  int B, const int *sl, const int *tl, float dropout, uint64_t seed)
{
    lm_rng r;
    rng_seed(&r, seed);
    k->dropout = dropout;
    s2s_shape(&k->net, cell_find(cell), Le, Ld, 3, 3, 4, attention, bidir, V);
    k->p = xmalloc(k->net.nparams * sizeof(float));
    s2s_init_params(&k->net, k->p, &(lm_weight_init){ 0.6f, 1 }, &r);
    make_batch(&k->d, B, sl, tl, &r);
    k->w = s2s_work_new(&k->net, B, k->d.b.N, k->d.b.T, dropout > 0);
}

typedef void (*tamper_fn)(const lm_s2s *, float *);

/* Worst difference and count outside the bound, per block; returns the
 * total count outside. */
static int grad_check(mcase *k, tamper_fn tamper, bool print)
{
    size_t np = k->net.nparams;
    float *g = xcalloc(np, sizeof(float)), *scratch = xcalloc(np, sizeof(float));
    mloss(k, g);
    if (tamper) tamper(&k->net, g);
    lm_s2s_block blk[LM_S2S_MAX_BLOCKS];
    int nb = s2s_blocks(&k->net, blk), bad = 0;
    size_t covered = 0;
    for (int i = 0; i < nb; i++) {
        double worst = 0;
        int out = 0;
        for (size_t e = blk[i].off; e < blk[i].off + blk[i].n; e++) {
            float save = k->p[e];
            k->p[e] = save + FD_STEP;
            double lp = mloss(k, scratch);
            k->p[e] = save - FD_STEP;
            double lm = mloss(k, scratch);
            k->p[e] = save;
            double num = (lp - lm) / (2.0 * FD_STEP), d = fabs(g[e] - num);
            worst = d > worst ? d : worst;
            out += d > ATOL + RTOL * fabs(num);
        }
        if (print) printf(" %s %.1e%s", blk[i].name, worst, out ? "(!)" : "");
        bad += out;
        covered += blk[i].n;
    }
    CHECK(covered == np);   /* the blocks tile the parameters */
    free(g), free(scratch);
    return bad;
}

static void teardown(mcase *k)
{
    free(k->p);
    s2s_work_free(k->w);
}

static void test_grad(const char *cell, int Le, int Ld, int attention, bool bidir, int B,
                      const int *sl, const int *tl, float dropout)
{
    mcase k;
    setup(&k, cell, Le, Ld, attention, bidir, B, sl, tl, dropout, 77 + B + Le * 3 + attention);
    printf("seq2seq %s Le=%d Ld=%d %s %s B=%d dropout=%.1f:", cell, Le, Ld,
           lm_attention_names[attention], bidir ? "bi" : "uni", B, dropout);
    int bad = grad_check(&k, NULL, true);
    printf("\n  -> %zu params, %d outside the bound\n", k.net.nparams, bad);
    CHECK(bad == 0);
    teardown(&k);
}

/* Broken backwards: the attention vector's gradient forgotten, and the
 * encoder's backward direction's recurrent gradient off by 10 %. */
static void drop_va(const lm_s2s *n, float *g)
{
    memset(g + n->off_va, 0, (size_t)n->attn * sizeof(float));
}

static void scale_backward_U(const lm_s2s *n, float *g)
{
    size_t off = n->off_enc[0][1] + cell_block_offset(n->cell, n->embed, n->hidden, "U");
    size_t cnt = (size_t)n->cell->gates * n->hidden * n->hidden;
    for (size_t i = 0; i < cnt; i++) g[off + i] *= 1.1f;
}

static void test_broken(void)
{
    static const int sl[3] = { 4, 2, 3 }, tl[3] = { 3, 4, 2 };
    mcase k;
    setup(&k, "gru", 1, 1, LM_ATTN_ADDITIVE, true, 3, sl, tl, 0, 5);
    int bad = grad_check(&k, drop_va, false);
    printf("broken: v_a's gradient dropped -> %d entries outside the bound\n", bad);
    CHECK(bad > 0);
    bad = grad_check(&k, scale_backward_U, false);
    printf("broken: the backward direction's U gradient x1.1 -> %d entries outside the bound\n", bad);
    CHECK(bad > 0);
    teardown(&k);
}

/* Each pair alone (B = 1, no padding) against the same pairs in one
 * mixed batch: log-probabilities to 1e-6, and the gradient of the
 * summed loss equal to the sum of the pairs' gradients. */
static void test_padding(const char *cell, int attention, bool bidir)
{
    enum { B = 5 };
    static const int sl[B] = { 6, 1, 3, 5, 2 }, tl[B] = { 2, 5, 1, 4, 3 };
    mcase k;
    setup(&k, cell, 2, 2, attention, bidir, B, sl, tl, 0, 99);
    const lm_s2s_batch *bb = &k.d.b;
    double lp_batch[64];
    s2s_score_batch(&k.net, k.p, k.w, bb, lp_batch, NULL);
    size_t np = k.net.nparams;
    float *gb = xcalloc(np, sizeof(float)), *gs = xcalloc(np, sizeof(float));
    s2s_train_batch(&k.net, k.p, gb, k.w, bb, 1.0f, 0, NULL);
    double worst = 0, gworst = 0, gscale = 0;
    for (int s = 0; s < B; s++) {
        uint32_t src[8], tgt[8];
        for (int j = 0; j < sl[s]; j++) src[j] = bb->src[j * B + s];
        for (int i = 0; i < tl[s]; i++) tgt[i] = bb->tgt[i * B + s];
        lm_s2s_batch one = { 1, sl[s], tl[s], src, tgt, &sl[s], &tl[s], END };
        lm_s2s_work *w1 = s2s_work_new(&k.net, 1, sl[s], tl[s], false);
        double lp[8];
        s2s_score_batch(&k.net, k.p, w1, &one, lp, NULL);
        for (int i = 0; i < tl[s]; i++) {
            double d = fabs(lp[i] - lp_batch[i * B + s]);
            worst = d > worst ? d : worst;
        }
        s2s_train_batch(&k.net, k.p, gs, w1, &one, 1.0f, 0, NULL);
        s2s_work_free(w1);
    }
    for (size_t i = 0; i < np; i++) {
        double d = fabs(gb[i] - gs[i]);
        gworst = d > gworst ? d : gworst;
        gscale = fabs(gs[i]) > gscale ? fabs(gs[i]) : gscale;
    }
    printf("padding %s %s %s: alone vs mixed batch, max|dlogp| %.2e, max|dgrad| %.2e (grads up to %.2f)\n",
           cell, lm_attention_names[attention], bidir ? "bi" : "uni", worst, gworst, gscale);
    CHECK(worst <= 1e-6);
    CHECK(gworst <= 1e-5 * (1 + gscale));
    free(gb), free(gs);
    teardown(&k);
}

/* The figure: 500 pairs of mixed lengths in one batch, each
 * scored alone too (lstm, attention, bidirectional, 2 layers). */
static void test_batch_500(void)
{
    enum { B = 500 };
    lm_rng r;
    rng_seed(&r, 500);
    lm_s2s net;
    s2s_shape(&net, cell_find("lstm"), 2, 2, 8, 6, 5, LM_ATTN_ADDITIVE, true, V);
    float *p = xmalloc(net.nparams * sizeof(float));
    s2s_init_params(&net, p, &(lm_weight_init){ 0, 1 }, &r);
    int *sl = xmalloc(B * sizeof(int)), *tl = xmalloc(B * sizeof(int)), N = 0, T = 0;
    for (int b = 0; b < B; b++) {
        sl[b] = 1 + (int)rng_below(&r, 20), tl[b] = 1 + (int)rng_below(&r, 15);
        N = sl[b] > N ? sl[b] : N, T = tl[b] > T ? tl[b] : T;
    }
    uint32_t *src = xmalloc((size_t)N * B * sizeof(uint32_t)), *tgt = xmalloc((size_t)T * B * sizeof(uint32_t));
    for (int j = 0; j < N; j++)
        for (int b = 0; b < B; b++) src[j * B + b] = j < sl[b] ? (uint32_t)rng_below(&r, END) : LM_NO_ID;
    for (int i = 0; i < T; i++)
        for (int b = 0; b < B; b++)
            tgt[i * B + b] = i + 1 == tl[b] ? END : i < tl[b] ? (uint32_t)rng_below(&r, END) : LM_NO_ID;
    lm_s2s_batch bb = { B, N, T, src, tgt, sl, tl, END };
    lm_s2s_work *w = s2s_work_new(&net, B, N, T, false);
    double *lp = xmalloc((size_t)T * B * sizeof(double)), one_lp[16], worst = 0;
    s2s_score_batch(&net, p, w, &bb, lp, NULL);
    lm_s2s_work *w1 = s2s_work_new(&net, 1, N, T, false);
    for (int b = 0; b < B; b++) {
        uint32_t s1[32], t1[32];
        for (int j = 0; j < sl[b]; j++) s1[j] = src[j * B + b];
        for (int i = 0; i < tl[b]; i++) t1[i] = tgt[i * B + b];
        lm_s2s_batch one = { 1, sl[b], tl[b], s1, t1, &sl[b], &tl[b], END };
        s2s_score_batch(&net, p, w1, &one, one_lp, NULL);
        for (int i = 0; i < tl[b]; i++) {
            double d = fabs(one_lp[i] - lp[i * B + b]);
            worst = d > worst ? d : worst;
        }
    }
    printf("500 pairs (sources 1-%d, targets 1-%d tokens): alone vs one batch, max|dlogp| %.2e\n", N, T, worst);
    CHECK(worst <= 1e-6);
    s2s_work_free(w), s2s_work_free(w1);
    free(p), free(sl), free(tl), free(src), free(tgt), free(lp);
}

int main(void)
{
    test_batch_500();
    static const int sl3[3] = { 4, 2, 3 }, tl3[3] = { 3, 4, 2 };
    static const int sl1[1] = { 3 }, tl1[1] = { 2 };
    static const int sl2[2] = { 1, 5 }, tl2[2] = { 5, 1 };
    for (int i = 0; i < cell_count(); i++) {
        if (cell_at(i)->hyper) continue;   /* seq2seq takes the cells without hyper-parameters */
        const char *c = cell_at(i)->name;
        test_grad(c, 1, 1, LM_ATTN_ADDITIVE, true, 3, sl3, tl3, 0);
        test_grad(c, 2, 2, LM_ATTN_ADDITIVE, true, 2, sl2, tl2, 0);
        test_grad(c, 1, 1, LM_ATTN_NONE, true, 3, sl3, tl3, 0);
        test_padding(c, LM_ATTN_ADDITIVE, true);
        test_padding(c, LM_ATTN_NONE, true);
    }
    test_grad("lstm", 1, 2, LM_ATTN_ADDITIVE, false, 1, sl1, tl1, 0);
    test_grad("gru", 2, 1, LM_ATTN_NONE, false, 3, sl3, tl3, 0);
    test_grad("lstm", 1, 1, LM_ATTN_ADDITIVE, true, 3, sl3, tl3, 0.3f);
    test_padding("gru", LM_ATTN_ADDITIVE, false);
    test_broken();
    if (failures) fprintf(stderr, "test_seq2seq: %d failures\n", failures);
    return failures ? 1 : 0;
}
