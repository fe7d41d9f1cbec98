/* cell_rnn.c — the vanilla (Elman) recurrent cell:
 *
 *   h_t = tanh(W x_t + U h_{t-1} + b)
 *
 * Parameters: W (H, in), U (H, H), b (H).  State: h.  The cache is the
 * pre-activations' gradient buffer only: tanh' = 1 - h^2 comes from hs. */
#include <math.h>
#include <string.h>

#include "cell.h"
#include "fastmath.h"
#include "linalg.h"

extern const lm_cell cell_rnn;

/* The named view of a layer's parameters (cell.h). */
typedef union rnn_params { struct { float *W, *U, *b; }; float *at[3]; } rnn_params;

static const lm_param_shape rnn_shape[] = {
    { "W", 1, LM_COLS_IN }, { "U", 1, LM_COLS_H }, { "b", 1, LM_COLS_1 }
};

LM_CELL_VIEW(rnn_params, rnn_view, cell_rnn)

static void rnn_init(float *p, int in, int H, const lm_weight_init *init, lm_rng *rng)
{
    cell_uniform(p, cell_param_count(&cell_rnn, in, H), init_bound(init, H), rng);
}

static size_t rnn_cache_size(int T, int B, int H)
{
    (void)T, (void)B, (void)H;
    return 0;
}

static size_t rnn_work_size(int T, int B, int H)
{
    return (size_t)T * B * H;   /* dpre (T, B, H) */
}

static void rnn_forward(const lm_cell_dims *d, const float *p, const float *x, float *hs,
                        float *state, float *cache)
{
    (void)cache;
    const int T = d->T, B = d->B, in = d->in, H = d->H;
    const size_t BH = (size_t)B * H;
    const rnn_params P = rnn_view(p, in, H);
    const float *W = P.W, *U = P.U, *b = P.b;
    memcpy(hs, state, BH * sizeof *hs);
    /* hs[1..T] = x W^T: all input projections at once. */
    cell_input_projection(d, H, x, W, hs + BH);
    for (int t = 0; t < T; t++) {
        float *h = hs + (size_t)(t + 1) * BH;
        gemm_nt(B, H, H, hs + (size_t)t * BH, U, h, 1);
        for (int i = 0; i < B; i++)
            for (int j = 0; j < H; j++) h[(size_t)i * H + j] = lm_tanhf(h[(size_t)i * H + j] + b[j]);
    }
    memcpy(state, hs + (size_t)T * BH, BH * sizeof *hs);
}

static void rnn_backward(const lm_cell_dims *d, const float *p, float *dp, const float *x,
                         const float *hs, const float *cache, float *dhs, float *dstate,
                         float *dx, float *work)
{
    (void)cache;
    const int T = d->T, B = d->B, in = d->in, H = d->H;
    const size_t BH = (size_t)B * H;
    const rnn_params P = rnn_view(p, in, H), G = rnn_view(dp, in, H);
    const float *W = P.W, *U = P.U;
    float *dW = G.W, *dU = G.U, *db = G.b;
    float *dpre = work;
    /* dL/dh_T also flows from the carried state. */
    float *dhT = dhs + (size_t)(T - 1) * BH;
    for (size_t k = 0; k < BH; k++) dhT[k] += dstate[k];
    for (int t = T - 1; t >= 0; t--) {
        const float *h = hs + (size_t)(t + 1) * BH;
        const float *dh = dhs + (size_t)t * BH;
        float *dz = dpre + (size_t)t * BH;
        for (size_t k = 0; k < BH; k++) dz[k] = dh[k] * (1.0f - h[k] * h[k]);
        /* dh_{t-1} += dz U */
        if (t > 0) gemm_nn(B, H, H, dz, U, dhs + (size_t)(t - 1) * BH, 1);
        else gemm_nn(B, H, H, dz, U, dstate, 0);
    }
    gemm_tn_acc(T * B, H, in, dpre, x, dW);
    gemm_tn_acc(T * B, H, H, dpre, hs, dU);
    colsum_acc(T * B, H, dpre, db);
    gemm_nn(T * B, H, in, dpre, W, dx, 0);
}

const lm_cell cell_rnn = {
    .name = "rnn",
    .gates = 1,
    .state_vecs = 1,
    .shape = rnn_shape,
    .nblocks = 3,
    .init = rnn_init,
    .cache_size = rnn_cache_size,
    .work_size = rnn_work_size,
    .forward = rnn_forward,
    .backward = rnn_backward,
};
