/* cell_lstm.c — long short-term memory (Hochreiter and Schmidhuber 1997,
 * with the forget gate of Gers et al. 2000), gate order as PyTorch:
 *
 *   [i f g o] = [σ σ tanh σ](W x_t + U h_{t-1} + b)
 *   c_t = f ⊙ c_{t-1} + i ⊙ g
 *   h_t = o ⊙ tanh(c_t)
 *
 * Parameters: W (4H, in), U (4H, H), b (4H).  State: h then c.
 * Cache: the activated gates (T, B, 4H), cs (T+1, B, H) with cs[0] the
 * carried c, and tanh(c_t) (T, B, H). */
#include <math.h>
#include <string.h>

#include "cell.h"
#include "fastmath.h"
#include "linalg.h"

extern const lm_cell cell_lstm;

/* The named view of a layer's parameters (cell.h). */
typedef union lstm_params { struct { float *W, *U, *b; }; float *at[3]; } lstm_params;

static const lm_param_shape lstm_shape[] = {
    { "W", 4, LM_COLS_IN }, { "U", 4, LM_COLS_H }, { "b", 4, LM_COLS_1 }
};

LM_CELL_VIEW(lstm_params, lstm_view, cell_lstm)

static void lstm_init(float *p, int in, int H, const lm_weight_init *init, lm_rng *rng)
{
    cell_uniform(p, cell_param_count(&cell_lstm, in, H), init_bound(init, H), rng);
    /* A forget bias of 1 (the default) lets gradients flow through c from
     * the start (Gers et al. 2000; Jozefowicz et al. 2015); PyTorch's
     * nn.LSTM has none, and on short char windows learns faster early
     * without it (lm-train(1) INITIALISATION). */
    float *b = lstm_view(p, in, H).b;
    for (int j = 0; j < H; j++) b[H + j] = init->forget_bias;
}

static size_t lstm_cache_size(int T, int B, int H)
{
    return (size_t)T * B * 4 * H + (size_t)(T + 1) * B * H + (size_t)T * B * H;
}

static size_t lstm_work_size(int T, int B, int H)
{
    return (size_t)T * B * 4 * H + (size_t)B * H;   /* dpre, dc */
}

/* One stream's gates at one step, in place: pre-activations in, gate
 * values out; the new c, tanh(c) and h.  restrict lets it vectorise. */
static void lstm_gates(int H, float *restrict ai, float *restrict af, float *restrict ag,
                       float *restrict ao, const float *restrict b, const float *restrict cprev,
                       float *restrict c, float *restrict tc, float *restrict h)
{
    for (int j = 0; j < H; j++) {
        float i = lm_sigmoidf(ai[j] + b[j]);
        float f = lm_sigmoidf(af[j] + b[H + j]);
        float g = lm_tanhf(ag[j] + b[2 * H + j]);
        float o = lm_sigmoidf(ao[j] + b[3 * H + j]);
        float cn = f * cprev[j] + i * g;
        float th = lm_tanhf(cn);
        ai[j] = i, af[j] = f, ag[j] = g, ao[j] = o;
        c[j] = cn;
        tc[j] = th;
        h[j] = o * th;
    }
}

static void lstm_forward(const lm_cell_dims *d, const float *p, const float *x, float *hs,
                         float *state, float *cache)
{
    const int T = d->T, B = d->B, in = d->in, H = d->H, G = 4 * H;
    const size_t BH = (size_t)B * H;
    const lstm_params P = lstm_view(p, in, H);
    const float *W = P.W, *U = P.U, *b = P.b;
    float *gates = cache, *cs = gates + (size_t)T * B * G, *tcs = cs + (size_t)(T + 1) * BH;
    memcpy(hs, state, BH * sizeof *hs);
    memcpy(cs, state + BH, BH * sizeof *cs);
    cell_input_projection(d, G, x, W, gates);
    for (int t = 0; t < T; t++) {
        float *a = gates + (size_t)t * B * G;
        gemm_nt(B, G, H, hs + (size_t)t * BH, U, a, 1);
        const float *cprev = cs + (size_t)t * BH;
        float *c = cs + (size_t)(t + 1) * BH, *tc = tcs + (size_t)t * BH;
        float *h = hs + (size_t)(t + 1) * BH;
        for (int n = 0; n < B; n++) {
            size_t k = (size_t)n * H;
            float *ai = a + (size_t)n * G;
            lstm_gates(H, ai, ai + H, ai + 2 * H, ai + 3 * H, b, cprev + k, c + k, tc + k, h + k);
        }
    }
    memcpy(state, hs + (size_t)T * BH, BH * sizeof *hs);
    memcpy(state + BH, cs + (size_t)T * BH, BH * sizeof *cs);
}

/* One stream's step backward: from dh (and dc, updated in place to the
 * gradient for c_{t-1}) to the pre-activation gradients. */
static void lstm_gates_backward(int H, const float *restrict ai, const float *restrict af,
                                const float *restrict ag, const float *restrict ao,
                                const float *restrict cprev, const float *restrict tc,
                                const float *restrict dh, float *restrict dc, float *restrict di,
                                float *restrict df, float *restrict dg, float *restrict dO)
{
    for (int j = 0; j < H; j++) {
        float i = ai[j], f = af[j], g = ag[j], o = ao[j], th = tc[j];
        float dct = dc[j] + dh[j] * o * (1.0f - th * th);
        dO[j] = dh[j] * th * o * (1.0f - o);
        di[j] = dct * g * i * (1.0f - i);
        df[j] = dct * cprev[j] * f * (1.0f - f);
        dg[j] = dct * i * (1.0f - g * g);
        dc[j] = dct * f;
    }
}

static void lstm_backward(const lm_cell_dims *d, const float *p, float *dp, const float *x,
                          const float *hs, const float *cache, float *dhs, float *dstate,
                          float *dx, float *work)
{
    const int T = d->T, B = d->B, in = d->in, H = d->H, G = 4 * H;
    const size_t BH = (size_t)B * H;
    const lstm_params P = lstm_view(p, in, H), D = lstm_view(dp, in, H);
    const float *W = P.W, *U = P.U;
    float *dW = D.W, *dU = D.U, *db = D.b;
    const float *gates = cache, *cs = gates + (size_t)T * B * G, *tcs = cs + (size_t)(T + 1) * BH;
    float *dpre = work, *dc = dpre + (size_t)T * B * G;
    float *dhT = dhs + (size_t)(T - 1) * BH;
    for (size_t k = 0; k < BH; k++) dhT[k] += dstate[k];
    memcpy(dc, dstate + BH, BH * sizeof *dc);
    for (int t = T - 1; t >= 0; t--) {
        const float *a = gates + (size_t)t * B * G;
        const float *cprev = cs + (size_t)t * BH, *tc = tcs + (size_t)t * BH;
        const float *dh = dhs + (size_t)t * BH;
        float *da = dpre + (size_t)t * B * G;
        for (int n = 0; n < B; n++) {
            size_t k = (size_t)n * H;
            const float *ai = a + (size_t)n * G;
            float *di = da + (size_t)n * G;
            lstm_gates_backward(H, ai, ai + H, ai + 2 * H, ai + 3 * H, cprev + k, tc + k, dh + k,
                                dc + k, di, di + H, di + 2 * H, di + 3 * H);
        }
        if (t > 0) gemm_nn(B, G, H, da, U, dhs + (size_t)(t - 1) * BH, 1);
        else gemm_nn(B, G, H, da, U, dstate, 0);
    }
    memcpy(dstate + BH, dc, BH * sizeof *dc);
    gemm_tn_acc(T * B, G, in, dpre, x, dW);
    gemm_tn_acc(T * B, G, H, dpre, hs, dU);
    colsum_acc(T * B, G, dpre, db);
    gemm_nn(T * B, G, in, dpre, W, dx, 0);
}

const lm_cell cell_lstm = {
    .name = "lstm",
    .gates = 4,
    .state_vecs = 2,
    .shape = lstm_shape,
    .nblocks = 3,
    .init = lstm_init,
    .cache_size = lstm_cache_size,
    .work_size = lstm_work_size,
    .forward = lstm_forward,
    .backward = lstm_backward,
};
