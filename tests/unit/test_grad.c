/* Gradient checks: every cell's backward, and the whole network
 * (embedding, stacked cells with carried state, dropout, projection, fused
 * softmax cross-entropy), against central finite differences.
 *
 * The code under test computes in float32, so the finite differences are
 * taken in float32 too.  With step h the central difference has truncation
 * error O(h^2 f''') and rounding error about eps_f32 * |L| / h; h = 4e-3
 * balances the two (measured here: worst differences 2e-5 for the network,
 * whose loss is a mean, and 8e-5 for the cells, whose test loss is a sum
 * of order 10).  So an entry passes when
 * |analytic - numeric| <= 2e-4 + 1e-2 * |numeric|: several times the
 * observed noise, yet below what a missing or wrong term produces
 * (test_broken_term shows the same check failing on one dropped term). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cell.h"
#include "rnn.h"
#include "rng.h"
#include "util.h"

#include "check.h"

#define FD_STEP 4e-3f
#define ATOL 2e-4
#define RTOL 1e-2

typedef struct check {
    double max_abs;     /* largest |analytic - numeric| */
    int bad;            /* entries outside the bound */
    int n;
} check;

static void compare(check *c, double analytic, double numeric)
{
    double d = fabs(analytic - numeric);
    if (d > c->max_abs) c->max_abs = d;
    if (d > ATOL + RTOL * fabs(numeric)) c->bad++;
    c->n++;
}

static void fill(float *p, size_t n, float k, lm_rng *r)
{
    for (size_t i = 0; i < n; i++) p[i] = (float)((2 * rng_uniform(r) - 1) * k);
}

/* ---- one cell ------------------------------------------------------------
 * Loss = sum(R .* hs[1..T]) + sum(Q .* state after T), with random R, Q,
 * from a random carried state: checks dparams, dx and dstate_before. */

typedef struct cell_case {
    const lm_cell *cell;
    lm_cell_hp hp;
    lm_cell_dims d;
    float *p, *x, *state0, *R, *Q;
    float *hs, *state, *cache;
} cell_case;

static double cell_loss(cell_case *k)
{
    size_t BH = (size_t)k->d.B * k->d.H, sn = cell_state_vecs(k->cell, &k->hp) * BH;
    memcpy(k->state, k->state0, sn * sizeof(float));
    k->cell->forward(&k->d, k->p, k->x, k->hs, k->state, k->cache);
    double L = 0;
    for (size_t i = 0; i < (size_t)k->d.T * BH; i++) L += (double)k->R[i] * k->hs[BH + i];
    for (size_t i = 0; i < sn; i++) L += (double)k->Q[i] * k->state[i];
    return L;
}

static void numeric_vs(cell_case *k, float *v, size_t n, const float *analytic, check *c)
{
    for (size_t i = 0; i < n; i++) {
        float save = v[i];
        v[i] = save + FD_STEP;
        double lp = cell_loss(k);
        v[i] = save - FD_STEP;
        double lm = cell_loss(k);
        v[i] = save;
        compare(c, analytic[i], (lp - lm) / (2.0 * FD_STEP));
    }
}

/* HP: the cell's hyper-parameters (NULL: defaults); a cell with them
 * (mamba) is residual, so its input is as wide as its layer.  BROKEN, if
 * set, names a block whose analytic gradient is dropped (as if the
 * backward had left its term out): then nothing is CHECKed and the number
 * of entries outside the bound is returned, for test_broken_term. */
static int test_cell_hp(const lm_cell *cl, int T, int B, int in, int H, const lm_cell_hp *hp,
                        const char *broken)
{
    lm_rng r;
    rng_seed(&r, 42 + T * 7 + B);
    if (cl->hyper) in = H;
    cell_case k = { .cell = cl, .hp = hp ? *hp : (lm_cell_hp){ 0 } };
    CHECK(cell_resolve(cl, &k.hp, in, H) == NULL);
    k.d = (lm_cell_dims){ T, B, in, H, NULL, &k.hp };
    size_t np = cell_param_count_hp(cl, in, H, &k.hp), BH = (size_t)B * H;
    size_t sn = cell_state_vecs(cl, &k.hp) * BH;
    k.p = xmalloc(np * sizeof(float));
    cell_init(cl, k.p, in, H, &k.hp, &(lm_weight_init){ 0, 1 }, &r);
    fill(k.p, np, 0.6f, &r);   /* larger than init: exercise non-linear regions */
    k.x = xmalloc((size_t)T * B * in * sizeof(float));
    fill(k.x, (size_t)T * B * in, 1.0f, &r);
    k.state0 = xmalloc(sn * sizeof(float));
    fill(k.state0, sn, 0.8f, &r);
    k.R = xmalloc((size_t)T * BH * sizeof(float));
    fill(k.R, (size_t)T * BH, 1.0f, &r);
    k.Q = xmalloc(sn * sizeof(float));
    fill(k.Q, sn, 1.0f, &r);
    k.hs = xmalloc((size_t)(T + 1) * BH * sizeof(float));
    k.state = xmalloc(sn * sizeof(float));
    size_t cs = cell_cache_size(cl, T, B, H, &k.hp);
    k.cache = xmalloc((cs ? cs : 1) * sizeof(float));

    /* Analytic. */
    cell_loss(&k);
    float *dp = xcalloc(np, sizeof(float)), *dx = xmalloc((size_t)T * B * in * sizeof(float));
    float *dhs = xmalloc((size_t)T * BH * sizeof(float)), *dstate = xmalloc(sn * sizeof(float));
    float *work = xmalloc(cell_work_size(cl, T, B, H, &k.hp) * sizeof(float));
    memcpy(dhs, k.R, (size_t)T * BH * sizeof(float));
    memcpy(dstate, k.Q, sn * sizeof(float));
    cl->backward(&k.d, k.p, dp, k.x, k.hs, k.cache, dhs, dstate, dx, work);

    /* Each parameter block on its own, by the cell's names for them. */
    check cx = { 0 }, cst = { 0 };
    lm_param_block blk[LM_CELL_MAX_BLOCKS];
    int nb = cell_blocks_hp(cl, in, H, &k.hp, blk);
    printf("cell %-4s T=%d B=%d in=%d H=%d", cl->name, T, B, in, H);
    if (cl->hyper)
        printf(" N=%d E=%d K=%d R=%d", k.hp.state, k.hp.expand, k.hp.conv, k.hp.dt_rank);
    printf("  max|diff|");
    int bad = 0;
    for (int i = 0, off = 0; i < nb; off += (int)blk[i].n, i++) {
        check cb = { 0 };
        if (broken && strcmp(blk[i].name, broken) == 0) memset(dp + off, 0, blk[i].n * sizeof(float));
        numeric_vs(&k, k.p + off, blk[i].n, dp + off, &cb);
        printf(" %s %.2e", blk[i].name, cb.max_abs);
        if (!broken) CHECK(cb.bad == 0);
        bad += cb.bad;
    }
    numeric_vs(&k, k.x, (size_t)T * B * in, dx, &cx);
    numeric_vs(&k, k.state0, sn, dstate, &cst);
    printf("  x %.2e  state %.2e\n", cx.max_abs, cst.max_abs);
    if (!broken) CHECK(cx.bad == 0);
    if (!broken) CHECK(cst.bad == 0);
    free(k.p), free(k.x), free(k.state0), free(k.R), free(k.Q), free(k.hs), free(k.state);
    free(k.cache), free(dp), free(dx), free(dhs), free(dstate), free(work);
    return bad + cx.bad + cst.bad;
}

static void test_cell(const lm_cell *cl, int T, int B, int in, int H)
{
    test_cell_hp(cl, T, B, in, H, NULL, NULL);
}

/* ---- the whole network --------------------------------------------------- */

typedef struct net_case {
    lm_rnn net;
    lm_rnn_work *w;
    float *params, *state0;
    uint32_t *in, *tg;
    int T;
    float dropout;
} net_case;

static double net_loss(net_case *k, float *grads)
{
    lm_rng r;
    rng_seed(&r, 7);   /* the same dropout masks every time */
    memcpy(k->w->state, k->state0, k->w->state_floats * k->w->B * sizeof(float));
    return rnn_train_window(&k->net, k->params, grads, k->w, k->in, k->tg, k->T, k->dropout, &r);
}

/* Checks every parameter of a small network; TAMPER, if given, corrupts
 * the analytic gradient first (test_broken_term). */
static check net_check(const char *cellname, int L, int T, int B, float dropout,
                       void (*tamper)(const lm_rnn *, float *))
{
    lm_rng r;
    rng_seed(&r, 1000 + T + 10 * B + L);
    net_case k = { .T = T, .dropout = dropout };
    const lm_cell *cl = cell_find(cellname);
    const int V = 7, H = 4, E = cl->hyper ? H : 5;   /* mamba: residual, embed = hidden */
    rnn_shape(&k.net, cl, L, H, E, V);
    k.params = xmalloc(k.net.nparams * sizeof(float));
    rnn_init_params(&k.net, k.params, &(lm_weight_init){ 0, 1 }, &r);
    fill(k.params + k.net.off_layer[0], k.net.off_proj_w - k.net.off_layer[0], 0.6f, &r);
    fill(k.params + k.net.off_proj_w, (size_t)V * H + V, 0.6f, &r);
    k.w = rnn_work_new(&k.net, B, T, dropout > 0);
    size_t sn = k.w->state_floats * B;
    k.state0 = xmalloc(sn * sizeof(float));
    fill(k.state0, sn, 0.8f, &r);
    k.in = xmalloc((size_t)T * B * sizeof(uint32_t));
    k.tg = xmalloc((size_t)T * B * sizeof(uint32_t));
    for (int i = 0; i < T * B; i++) k.in[i] = (uint32_t)rng_below(&r, V), k.tg[i] = (uint32_t)rng_below(&r, V);

    float *g = xcalloc(k.net.nparams, sizeof(float)), *scratch = xcalloc(k.net.nparams, sizeof(float));
    net_loss(&k, g);
    if (tamper) tamper(&k.net, g);
    check c = { 0 };
    for (size_t i = 0; i < k.net.nparams; i++) {
        float save = k.params[i];
        k.params[i] = save + FD_STEP;
        double lp = net_loss(&k, scratch);
        k.params[i] = save - FD_STEP;
        double lm = net_loss(&k, scratch);
        k.params[i] = save;
        compare(&c, g[i], (lp - lm) / (2.0 * FD_STEP));
    }
    free(g), free(scratch), free(k.params), free(k.state0), free(k.in), free(k.tg);
    rnn_work_free(k.w);
    return c;
}

static void test_net(const char *cell, int L, int T, int B, float dropout)
{
    check c = net_check(cell, L, T, B, dropout, NULL);
    printf("net  %-4s L=%d T=%d B=%d dropout=%.1f  %d params, max|diff| %.2e, %d outside\n", cell,
           L, T, B, dropout, c.n, c.max_abs, c.bad);
    CHECK(c.bad == 0);
}

/* A backward that forgot one term: the LSTM forget gate's bias gradient
 * (as if df had been left out).  The same check must catch it. */
static void drop_forget_bias_grad(const lm_rnn *net, float *g)
{
    int in = net->embed, H = net->hidden;
    float *b = g + net->off_layer[0] + cell_block_offset(net->cell, in, H, "b");
    for (int j = 0; j < H; j++) b[H + j] = 0;
}

/* And a subtler one: a recurrent weight gradient off by 10 %. */
static void scale_recurrent_grad(const lm_rnn *net, float *g)
{
    int in = net->hidden, H = net->hidden;   /* layer 1 */
    float *U = g + net->off_layer[1] + cell_block_offset(net->cell, in, H, "U");
    for (size_t j = 0; j < 4 * (size_t)H * H; j++) U[j] *= 1.1f;
}

static void test_broken_term(void)
{
    check c = net_check("lstm", 2, 5, 3, 0, drop_forget_bias_grad);
    printf("broken: forget-bias term dropped -> %d entries outside the bound\n", c.bad);
    CHECK(c.bad > 0);
    c = net_check("lstm", 2, 5, 3, 0, scale_recurrent_grad);
    printf("broken: recurrent gradient x1.1 -> %d entries outside the bound\n", c.bad);
    CHECK(c.bad > 0);
    /* Mamba: the A_log term (dL/dA through exp(ΔA)) left out, and the
     * gradient of Δ's bias left out. */
    const lm_cell *m = cell_find("mamba");
    lm_cell_hp hp = { 3, 2, 3, 2 };
    int bad = test_cell_hp(m, 4, 2, 4, 4, &hp, "A_log");
    printf("broken: mamba A_log term dropped -> %d entries outside the bound\n", bad);
    CHECK(bad > 0);
    bad = test_cell_hp(m, 4, 2, 4, 4, &hp, "dt_b");
    printf("broken: mamba dt_b term dropped -> %d entries outside the bound\n", bad);
    CHECK(bad > 0);
}

int main(void)
{
    /* Every registered cell. */
    for (int i = 0; i < cell_count(); i++) {
        const lm_cell *c = cell_at(i);
        test_cell(c, 1, 1, 3, 4);
        test_cell(c, 4, 3, 5, 4);
        test_cell(c, 7, 2, 3, 6);
        test_net(c->name, 2, 1, 2, 0);
        test_net(c->name, 2, 4, 3, 0);
        test_net(c->name, 2, 6, 2, 0.3f);
        test_net(c->name, 1, 3, 2, 0);
    }
    /* Mamba's hyper-parameters: N not a multiple of the scan's lanes and
     * one that is (both loops), K = 1 (no tail) and K > T (the tail
     * outlives the window), E = 1 and 3, R = 1 and 3. */
    const lm_cell *m = cell_find("mamba");
    lm_cell_hp hps[] = { { 3, 2, 3, 2 }, { 8, 1, 1, 1 }, { 9, 3, 5, 3 }, { 2, 2, 2, 1 } };
    for (size_t i = 0; i < sizeof hps / sizeof *hps; i++) {
        test_cell_hp(m, 1, 1, 4, 4, &hps[i], NULL);
        test_cell_hp(m, 3, 2, 4, 4, &hps[i], NULL);
        test_cell_hp(m, 6, 3, 5, 5, &hps[i], NULL);
    }
    test_broken_term();
    if (failures) fprintf(stderr, "test_grad: %d failures\n", failures);
    return failures ? 1 : 0;
}
