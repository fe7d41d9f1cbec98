/* The averages lm-train's model can be (optim.h): ASGD's running mean
 * against the mean of the iterates summed in double, and NT-ASGD's
 * trigger against hand-worked sequences of validation losses.  AdamW
 * (optim_decay, then optim_step) against the update written out in
 * double, and what --weight-decay shrinks (rnn_decay_spans) against the
 * layouts counted by hand. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "optim.h"
#include "rnn.h"
#include "rng.h"

#include "check.h"

/* K iterates of N weights, averaged as train.c does after NT-ASGD fires
 * (the average starts as the first iterate, then one update per step),
 * against sum / K in double. */
static void test_uniform_average(int K, size_t N)
{
    lm_rng r;
    rng_seed(&r, (uint64_t)K);
    float *w = malloc(N * sizeof *w), *avg = malloc(N * sizeof *avg);
    double *sum = calloc(N, sizeof *sum);
    double worst = 0;
    for (int k = 1; k <= K; k++) {
        for (size_t i = 0; i < N; i++) {
            w[i] = (float)(rng_uniform(&r) * 4 - 2 + 0.01 * k);   /* drifting, as weights do */
            sum[i] += w[i];
        }
        if (k == 1)
            for (size_t i = 0; i < N; i++) avg[i] = w[i];
        else
            optim_average_uniform(avg, w, N, (uint64_t)k);
    }
    for (size_t i = 0; i < N; i++) {
        double d = fabs(avg[i] - sum[i] / K);
        worst = d > worst ? d : worst;
    }
    printf("uniform average of %d iterates: max |running - exact| %.2e\n", K, worst);
    CHECK(worst < 1e-5 * (1 + 0.01 * K));   /* float32 rounding, a few ulps per step */
    free(w), free(avg), free(sum);
}

static void test_trigger(void)
{
    /* interval 2: needs more than 2 earlier losses */
    const double down[] = { 3.0, 2.5, 2.4, 2.3 };
    CHECK(!nt_asgd_trigger(down, 0, 5.0, 2));
    CHECK(!nt_asgd_trigger(down, 2, 5.0, 2));      /* only 2 before: too few */
    CHECK(nt_asgd_trigger(down, 3, 3.1, 2));        /* 3.1 > min(3.0) */
    CHECK(!nt_asgd_trigger(down, 3, 2.9, 2));       /* 2.9 < 3.0: still improving on old ones */
    CHECK(!nt_asgd_trigger(down, 4, 2.5, 2));       /* 2.5 > min(3.0, 2.5)? equal: no */
    CHECK(nt_asgd_trigger(down, 4, 2.51, 2));
    /* the last INTERVAL losses do not count: a recent low does not stop it */
    const double recent_low[] = { 2.0, 2.2, 1.0, 1.1 };
    CHECK(nt_asgd_trigger(recent_low, 4, 2.1, 2));  /* > min(2.0, 2.2) = 2.0 */
    CHECK(!nt_asgd_trigger(recent_low, 4, 1.9, 2));
    CHECK(!nt_asgd_trigger(recent_low, 4, 9.0, 0)); /* off */
    CHECK(nt_asgd_trigger(recent_low, 1, 2.5, 0) == false);
    CHECK(nt_asgd_trigger(recent_low, 2, 2.5, 1));  /* 2.5 > min(2.0) */
}

/* STEPS of AdamW as train.c takes them (decay, then Adam) on random
 * gradients, against PyTorch's torch.optim.AdamW update in double:
 *   p *= 1 - lr wd;  m = b1 m + (1-b1) g;  v = b2 v + (1-b2) g^2;
 *   p -= (lr / (1 - b1^t)) m / (sqrt(v) / sqrt(1 - b2^t) + eps). */
static void test_adamw(int steps, double wd)
{
    enum { N = 257 };
    lm_rng r;
    rng_seed(&r, 7);
    float p[N], g[N];
    double pd[N], md[N] = { 0 }, vd[N] = { 0 };
    for (int i = 0; i < N; i++) pd[i] = p[i] = (float)(rng_uniform(&r) * 2 - 1);
    lm_optim o;
    optim_init(&o, LM_ADAM, N);
    double worst = 0, moved = 0;
    for (int t = 1; t <= steps; t++) {
        double lr = 0.01 * (1 + 0.5 * sin(t));   /* a schedule: lr changes every step */
        for (int i = 0; i < N; i++) g[i] = (float)(rng_uniform(&r) - 0.4);
        optim_decay(p, N, lr, wd);
        optim_step(&o, p, g, lr);
        double bc1 = 1 - pow(0.9, t), bc2 = 1 - pow(0.999, t);
        for (int i = 0; i < N; i++) {
            pd[i] *= 1 - lr * wd;
            md[i] = 0.9 * md[i] + 0.1 * g[i];
            vd[i] = 0.999 * vd[i] + 0.001 * (double)g[i] * g[i];
            pd[i] -= lr / bc1 * md[i] / (sqrt(vd[i]) / sqrt(bc2) + 1e-8);
        }
    }
    for (int i = 0; i < N; i++) {
        double d = fabs(p[i] - pd[i]);
        worst = d > worst ? d : worst;
        moved += fabs(pd[i]);
    }
    printf("AdamW, %d steps, wd %g: max |float - double| %.2e (mean |p| %.3f)\n", steps, wd,
           worst, moved / N);
    CHECK(worst < 2e-5);
    optim_free(&o);
}

/* Marks the spans in a mask; false if any overlaps another or runs past N. */
static int mark_spans(const lm_span *s, int n, unsigned char *mask, size_t np)
{
    for (int i = 0; i < n; i++) {
        if (s[i].off + s[i].n > np) return 0;
        for (size_t j = s[i].off; j < s[i].off + s[i].n; j++) {
            if (mask[j]) return 0;
            mask[j] = 1;
        }
    }
    return 1;
}

static size_t count_marked(const unsigned char *mask, size_t off, size_t n)
{
    size_t c = 0;
    for (size_t j = off; j < off + n; j++) c += mask[j];
    return c;
}

/* A 2-layer GRU (E 5, H 7, V 11), untied and tied with P, and a Mamba
 * layer: the decayed floats are the matrices, counted from the shapes. */
static void test_decay_spans(void)
{
    const size_t V = 11, E = 5, H = 7;
    for (int tied = 0; tied <= 1; tied++) {
        lm_rnn net;
        rnn_shape_tied(&net, cell_find("gru"), NULL, 2, (int)H, (int)E, (uint32_t)V, tied);
        lm_span s[LM_RNN_MAX_SPANS];
        int n = rnn_decay_spans(&net, s);
        unsigned char *mask = calloc(net.nparams, 1);
        CHECK(mark_spans(s, n, mask, net.nparams));
        size_t want = V * E + (3 * H * E + 3 * H * H) + (3 * H * H + 3 * H * H) +
                      (tied ? E * H : V * H);
        CHECK(count_marked(mask, 0, net.nparams) == want);
        CHECK(count_marked(mask, net.off_proj_b, V) == 0);
        for (int l = 0; l < 2; l++) {
            size_t in = l ? H : E, off = net.off_layer[l];
            CHECK(count_marked(mask, off, 3 * H * in + 3 * H * H) == 3 * H * in + 3 * H * H);
            CHECK(count_marked(mask, off + 3 * H * in + 3 * H * H, 4 * H) == 0);   /* b, c_n */
        }
        free(mask);
    }
    lm_rnn net;
    rnn_shape_hp(&net, cell_find("mamba"), NULL, 1, 16, 16, (uint32_t)V);
    lm_span s[LM_RNN_MAX_SPANS];
    int n = rnn_decay_spans(&net, s);
    unsigned char *mask = calloc(net.nparams, 1);
    CHECK(mark_spans(s, n, mask, net.nparams));
    /* D 16, Di 32, N 16, K 4, R 1: in_proj, conv_w, x_proj, dt_w, out_proj */
    size_t D = 16, Di = 32, P = 1 + 2 * 16;
    size_t want = V * D + 2 * Di * D + Di * 4 + P * Di + Di * 1 + D * Di + V * D;
    CHECK(count_marked(mask, 0, net.nparams) == want);
    const char *kept[] = { "norm", "conv_b", "dt_b", "A_log", "D" };
    for (int i = 0; i < 5; i++) {
        size_t off = net.off_layer[0] + cell_block_offset_hp(net.cell, 16, 16, &net.hp, kept[i]);
        CHECK(mask[off] == 0);
    }
    CHECK(count_marked(mask, net.off_proj_b, V) == 0);
    free(mask);
}

int main(void)
{
    test_adamw(1, 0.1);
    test_adamw(200, 0.1);
    test_adamw(200, 0);
    test_decay_spans();
    test_uniform_average(1, 5);
    test_uniform_average(10, 1000);
    test_uniform_average(500, 200);
    test_trigger();
    if (failures) fprintf(stderr, "test_optim: %d failures\n", failures);
    return failures ? 1 : 0;
}
