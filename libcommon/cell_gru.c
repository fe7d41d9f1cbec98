/* cell_gru.c — gated recurrent unit (Cho et al. 2014), in the form cuDNN
 * and PyTorch use, with the reset gate applied after the recurrent product
 * so that all three recurrent products are one GEMM per step:
 *
 *   r = σ(W_r x + U_r h + b_r)
 *   z = σ(W_z x + U_z h + b_z)
 *   n = tanh(W_n x + b_n + r ⊙ (U_n h + c_n))
 *   h' = (1 - z) ⊙ n + z ⊙ h
 *
 * Parameters: W (3H, in), U (3H, H), b (3H), c_n (H).  State: h.
 * Cache: r, z, n (T, B, 3H) and U_n h + c_n (T, B, H). */
#include <math.h>
#include <string.h>

#include "cell.h"
#include "fastmath.h"
#include "linalg.h"

extern const lm_cell cell_gru;

/* The named view of a layer's parameters (cell.h). */
typedef union gru_params { struct { float *W, *U, *b, *cn; }; float *at[4]; } gru_params;

static const lm_param_shape gru_shape[] = {
    { "W", 3, LM_COLS_IN }, { "U", 3, LM_COLS_H }, { "b", 3, LM_COLS_1 }, { "c_n", 1, LM_COLS_1 }
};

LM_CELL_VIEW(gru_params, gru_view, cell_gru)

static void gru_init(float *p, int in, int H, const lm_weight_init *init, lm_rng *rng)
{
    cell_uniform(p, cell_param_count(&cell_gru, in, H), init_bound(init, H), rng);
}

static size_t gru_cache_size(int T, int B, int H)
{
    return (size_t)T * B * 3 * H + (size_t)T * B * H + (size_t)B * 3 * H;
}

static size_t gru_work_size(int T, int B, int H)
{
    return 2 * (size_t)T * B * 3 * H;   /* d(input pre-activations), d(recurrent ones) */
}

/* One stream's step: gate values over the input pre-activations, in
 * place; U_n h + c_n kept for the backward; the new h. */
static void gru_gates(int H, float *restrict ar, float *restrict az, float *restrict an,
                      const float *restrict rr, const float *restrict rz,
                      const float *restrict rn, const float *restrict b,
                      const float *restrict cn, const float *restrict hprev,
                      float *restrict hnt, float *restrict h)
{
    for (int j = 0; j < H; j++) {
        float r = lm_sigmoidf(ar[j] + rr[j] + b[j]);
        float z = lm_sigmoidf(az[j] + rz[j] + b[H + j]);
        float hnj = rn[j] + cn[j];
        float n = lm_tanhf(an[j] + b[2 * H + j] + r * hnj);
        ar[j] = r, az[j] = z, an[j] = n;
        hnt[j] = hnj;
        h[j] = (1.0f - z) * n + z * hprev[j];
    }
}

static void gru_forward(const lm_cell_dims *d, const float *p, const float *x, float *hs,
                        float *state, float *cache)
{
    const int T = d->T, B = d->B, in = d->in, H = d->H, G = 3 * H;
    const size_t BH = (size_t)B * H;
    const gru_params P = gru_view(p, in, H);
    const float *W = P.W, *U = P.U, *b = P.b, *cn = P.cn;
    float *act = cache, *hn = act + (size_t)T * B * G, *rec = hn + (size_t)T * BH;
    memcpy(hs, state, BH * sizeof *hs);
    cell_input_projection(d, G, x, W, act);
    for (int t = 0; t < T; t++) {
        float *a = act + (size_t)t * B * G, *hnt = hn + (size_t)t * BH;
        const float *hprev = hs + (size_t)t * BH;
        float *h = hs + (size_t)(t + 1) * BH;
        gemm_nt(B, G, H, hprev, U, rec, 0);
        for (int m = 0; m < B; m++) {
            size_t k = (size_t)m * H;
            float *ar = a + (size_t)m * G;
            const float *rr = rec + (size_t)m * G;
            gru_gates(H, ar, ar + H, ar + 2 * H, rr, rr + H, rr + 2 * H, b, cn, hprev + k,
                      hnt + k, h + k);
        }
    }
    memcpy(state, hs + (size_t)T * BH, BH * sizeof *hs);
}

/* One stream's step backward: pre-activation gradients for the input
 * side (xr xz xn) and the recurrent side (hr hz hn), and the direct part
 * of dh_{t-1}, added (ACC) or stored. */
static void gru_gates_backward(int H, const float *restrict ar, const float *restrict az,
                               const float *restrict an, const float *restrict hnt,
                               const float *restrict hprev, const float *restrict dh,
                               float *restrict xr, float *restrict xz, float *restrict xn,
                               float *restrict hr, float *restrict hz, float *restrict hn,
                               float *restrict dprev, int acc)
{
    for (int j = 0; j < H; j++) {
        float r = ar[j], z = az[j], n = an[j], g = dh[j];
        float dan = g * (1.0f - z) * (1.0f - n * n);
        float dar = dan * hnt[j] * r * (1.0f - r);
        float daz = g * (hprev[j] - n) * z * (1.0f - z);
        xr[j] = hr[j] = dar;
        xz[j] = hz[j] = daz;
        xn[j] = dan;
        hn[j] = dan * r;
        dprev[j] = (acc ? dprev[j] : 0.0f) + g * z;
    }
}

static void gru_backward(const lm_cell_dims *d, const float *p, float *dp, const float *x,
                         const float *hs, const float *cache, float *dhs, float *dstate,
                         float *dx, float *work)
{
    const int T = d->T, B = d->B, in = d->in, H = d->H, G = 3 * H;
    const size_t BH = (size_t)B * H;
    const gru_params P = gru_view(p, in, H), D = gru_view(dp, in, H);
    const float *W = P.W, *U = P.U;
    float *dW = D.W, *dU = D.U, *db = D.b, *dcn = D.cn;
    const float *act = cache, *hn = act + (size_t)T * B * G;
    float *dpx = work, *dph = dpx + (size_t)T * B * G;
    float *dhT = dhs + (size_t)(T - 1) * BH;
    for (size_t k = 0; k < BH; k++) dhT[k] += dstate[k];
    for (int t = T - 1; t >= 0; t--) {
        const float *a = act + (size_t)t * B * G, *hnt = hn + (size_t)t * BH;
        const float *hprev = hs + (size_t)t * BH;
        const float *dh = dhs + (size_t)t * BH;
        float *gx = dpx + (size_t)t * B * G, *gh = dph + (size_t)t * B * G;
        float *dprev = t > 0 ? dhs + (size_t)(t - 1) * BH : dstate;
        for (int m = 0; m < B; m++) {
            size_t k = (size_t)m * H;
            const float *ar = a + (size_t)m * G;
            float *xr = gx + (size_t)m * G, *hr = gh + (size_t)m * G;
            gru_gates_backward(H, ar, ar + H, ar + 2 * H, hnt + k, hprev + k, dh + k, xr, xr + H,
                               xr + 2 * H, hr, hr + H, hr + 2 * H, dprev + k, t > 0);
        }
        gemm_nn(B, G, H, gh, U, dprev, 1);
    }
    gemm_tn_acc(T * B, G, in, dpx, x, dW);
    gemm_tn_acc(T * B, G, H, dph, hs, dU);
    colsum_acc(T * B, G, dpx, db);
    for (int m = 0; m < T * B; m++) {
        const float *row = dph + (size_t)m * G + 2 * H;
        for (int j = 0; j < H; j++) dcn[j] += row[j];
    }
    gemm_nn(T * B, G, in, dpx, W, dx, 0);
}

const lm_cell cell_gru = {
    .name = "gru",
    .gates = 3,
    .state_vecs = 1,
    .shape = gru_shape,
    .nblocks = 4,
    .init = gru_init,
    .cache_size = gru_cache_size,
    .work_size = gru_work_size,
    .forward = gru_forward,
    .backward = gru_backward,
};
