/* cell_mamba.c — a selective state-space layer: the Mamba block (Gu and
 * Dao 2023) with pre-norm and residual, as the reference models stack it.
 * For a layer of width D (= H, and = its input: the residual needs it),
 * inner width Di = E D, state N per channel, conv width K, dt rank R:
 *
 *   x̂_t     = RMSNorm(x_t) = x_t / sqrt(mean(x_t²) + 1e-5) ⊙ w_norm
 *   [u0, z]  = W_in x̂_t                                  (2 Di)
 *   u_t      = SiLU(b_conv + Σ_k w_conv[:, k] ⊙ u0_{t-K+1+k})  (causal, depthwise)
 *   [δ, B, C] = W_x u_t                                    (R, N, N)
 *   Δ_t      = softplus(W_dt δ + b_dt)                     (Di)
 *   A        = −exp(A_log)                                 (Di, N)
 *   h_t      = exp(Δ_t A) ⊙ h_{t-1} + (Δ_t u_t) B_tᵀ       (Di, N): ZOH for A, Euler for B
 *   y_t      = h_t C_t + D ⊙ u_t                           (Di)
 *   out_t    = x_t + W_out (y_t ⊙ SiLU(z_t))               (D)
 *
 * Parameters, in memory order: norm (D), in_proj (2 Di, D) [u0 rows then
 * z rows], conv_w (Di, K), conv_b (Di), x_proj (R + 2N, Di) [δ, B, C
 * rows], dt_w (Di, R), dt_b (Di), A_log (Di, N), D (Di), out_proj (D, Di)
 * — the shapes of PyTorch's Mamba module, so bench/torch_mamba.py loads
 * them as they are.
 *
 * State per stream, S = 1 + E N + (K - 1) E vectors of D: the layer's
 * last output (what the model's softmax reads), the SSM state h (Di, N)
 * and the convolution's tail, the last K - 1 inputs u0 (K - 1, Di),
 * oldest first.  In the model's (S, B, D) layout a stream's h and tail
 * are strided by B D; the forward gathers them into contiguous rows and
 * scatters them back, once per window.
 *
 * Every projection is one GEMM over the window's T B rows; only the scan
 * is sequential, a fused loop over (state, channel) per step.  The
 * forward stores h at the start of every chunk of steps and the backward
 * recomputes the chunk's h_t (SCAN_CHUNK); it recomputes exp(Δ A) rather
 * than storing it.  Threads:
 * lm-train already splits the batch's streams across threads (train.c),
 * and the scan is independent per stream, so the cell adds none. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cell.h"
#include "fastmath.h"
#include "linalg.h"

extern const lm_cell cell_mamba;

#define RMS_EPS 1e-5f

typedef union mamba_params {
    struct { float *norm, *in_proj, *conv_w, *conv_b, *x_proj, *dt_w, *dt_b, *A_log, *D, *out_proj; };
    float *at[10];
} mamba_params;

/* The derived sizes of a layer. */
typedef struct msz {
    int D, Di, N, K, R, P;   /* P = R + 2N, x_proj's rows */
} msz;

static msz sizes(int H, const lm_cell_hp *hp)
{
    msz s = { H, hp->expand * H, hp->state, hp->conv, hp->dt_rank, 0 };
    s.P = s.R + 2 * s.N;
    return s;
}

static const char *mamba_resolve(lm_cell_hp *hp, int in, int H)
{
    static _Thread_local char msg[160];
    if (in != H) {
        snprintf(msg, sizeof msg, "a Mamba layer adds its input to its output, so the "
                 "embedding must be as wide as the layer (--embed %d, --hidden %d)", in, H);
        return msg;
    }
    if (!hp->state) hp->state = 16;
    if (!hp->expand) hp->expand = 2;
    if (!hp->conv) hp->conv = 4;
    if (!hp->dt_rank) hp->dt_rank = (H + 15) / 16;
    if (hp->state < 1 || hp->expand < 1 || hp->conv < 1 || hp->dt_rank < 1 ||
        hp->state > LM_CELL_HP_MAX || hp->expand > LM_CELL_HP_MAX || hp->conv > LM_CELL_HP_MAX ||
        hp->dt_rank > LM_CELL_HP_MAX)
        return "--state, --expand, --conv and --dt-rank must be between 1 and 4096";
    /* The carried state is (1 + E N + (K-1) E) vectors of H per stream. */
    if ((long long)hp->expand * hp->state + (long long)(hp->conv - 1) * hp->expand > 65536)
        return "--expand times --state (plus the conv tail) is over 65536 state vectors";
    return NULL;
}

static int mamba_blocks(int in, int H, const lm_cell_hp *hp, lm_param_block *b)
{
    (void)in;
    msz s = sizes(H, hp);
    size_t D = (size_t)s.D, Di = (size_t)s.Di;
    b[0] = (lm_param_block){ "norm", D, false };
    b[1] = (lm_param_block){ "in_proj", 2 * Di * D, true };
    b[2] = (lm_param_block){ "conv_w", Di * (size_t)s.K, true };
    b[3] = (lm_param_block){ "conv_b", Di, false };
    b[4] = (lm_param_block){ "x_proj", (size_t)s.P * Di, true };
    b[5] = (lm_param_block){ "dt_w", Di * (size_t)s.R, true };
    b[6] = (lm_param_block){ "dt_b", Di, false };
    b[7] = (lm_param_block){ "A_log", Di * (size_t)s.N, false };
    b[8] = (lm_param_block){ "D", Di, false };
    b[9] = (lm_param_block){ "out_proj", D * Di, true };
    return 10;
}

static mamba_params mamba_view(const float *p, int in, int H, const lm_cell_hp *hp)
{
    mamba_params v;
    cell_view_hp(&cell_mamba, p, in, H, hp, v.at);
    return v;
}

static int mamba_state_vecs(const lm_cell_hp *hp)
{
    return 1 + hp->expand * hp->state + (hp->conv - 1) * hp->expand;
}

/* The reference initialisation (mamba_simple.py): Linear and Conv1d as
 * PyTorch's default, U(±1/sqrt(fan_in)) (or U(±s) with --init-scale s);
 * dt_w U(±R^-1/2); Δ's bias the inverse softplus of a step drawn
 * log-uniform in [1e-3, 0.1]; A_log = log(1..N) per channel (S4D-real);
 * D = 1; the norm's weight 1. */
static void mamba_init(float *p, int in, int H, const lm_cell_hp *hp, const lm_weight_init *init,
                       lm_rng *rng)
{
    msz s = sizes(H, hp);
    mamba_params P = mamba_view(p, in, H, hp);
    size_t Di = (size_t)s.Di;
    for (int j = 0; j < s.D; j++) P.norm[j] = 1;
    cell_uniform(P.in_proj, 2 * Di * s.D, init_bound(init, s.D), rng);
    cell_uniform(P.conv_w, Di * s.K, init_bound(init, s.K), rng);
    cell_uniform(P.conv_b, Di, init_bound(init, s.K), rng);
    cell_uniform(P.x_proj, (size_t)s.P * Di, init_bound(init, s.Di), rng);
    cell_uniform(P.dt_w, Di * s.R, init->scale > 0 ? init->scale : 1 / sqrtf((float)s.R), rng);
    for (size_t c = 0; c < Di; c++) {
        double dt = exp(rng_uniform(rng) * (log(0.1) - log(1e-3)) + log(1e-3));
        if (dt < 1e-4) dt = 1e-4;
        P.dt_b[c] = (float)(dt + log(-expm1(-dt)));   /* softplus⁻¹(dt) */
    }
    for (size_t c = 0; c < Di; c++)
        for (int n = 0; n < s.N; n++) P.A_log[c * s.N + n] = logf((float)(n + 1));
    for (size_t c = 0; c < Di; c++) P.D[c] = 1;
    cell_uniform(P.out_proj, (size_t)s.D * Di, init_bound(init, s.Di), rng);
}

/* ---- buffers ----------------------------------------------------------------
 * One list of sizes carves the cache and the work (as rnn.c's carver). */

typedef struct mcache {
    float *xn, *rstd, *xz, *u0e, *upre, *u, *dbc, *dlt, *dtpre, *delta, *hss, *y, *g, *A, *tail,
        *convT, *hrow, *du, *hpp;
} mcache;

typedef struct mwork {
    float *dg, *dxz, *du, *ddelta, *ddbc, *ddlt, *du0e, *dxn, *dh, *dA, *tail, *dconvT, *hrow, *duv,
        *hchunk, *y;
} mwork;

/* The backward needs every h_t, Di N floats a step and stream: stored, that
 * is (T+1) B Di N floats (127 MB a layer at 2 x 239, T = B = 64) written
 * by the forward and read back by the backward from memory, and the scan
 * waits on it.  So the forward keeps h only at the start of each chunk of
 * SCAN_CHUNK steps, and the backward recomputes the chunk's h (the same
 * arithmetic, so the same floats) into a buffer that stays in cache. */
#define SCAN_CHUNK 8

static int chunks(int T)
{
    return (T + SCAN_CHUNK - 1) / SCAN_CHUNK;
}

static float *take(float **base, size_t *used, size_t n)
{
    float *p = *base ? *base + *used : NULL;
    *used += n;
    return p;
}

static size_t cache_layout(int T, int B, int H, const lm_cell_hp *hp, float *base, mcache *c)
{
    msz s = sizes(H, hp);
    size_t M = (size_t)T * B, Di = (size_t)s.Di, used = 0;
    c->xn = take(&base, &used, M * s.D);
    c->rstd = take(&base, &used, M);
    c->xz = take(&base, &used, M * 2 * Di);
    c->u0e = take(&base, &used, (size_t)(T + s.K - 1) * B * Di);
    c->upre = take(&base, &used, M * Di);
    c->u = take(&base, &used, M * Di);
    c->dbc = take(&base, &used, M * s.P);
    c->dlt = take(&base, &used, M * s.R);
    c->dtpre = take(&base, &used, M * Di);
    c->delta = take(&base, &used, M * Di);
    c->hss = take(&base, &used, (size_t)chunks(T) * B * Di * s.N);   /* h at each chunk's start */
    c->hpp = take(&base, &used, 2 * Di * s.N);                        /* the forward's h_{t-1}, h_t */
    c->y = take(&base, &used, M * Di);
    c->g = take(&base, &used, M * Di);
    c->A = take(&base, &used, Di * s.N);
    c->tail = take(&base, &used, (size_t)s.K * Di);   /* a stream's conv tail, gathered */
    c->convT = take(&base, &used, (size_t)s.K * Di);  /* conv_w as (K, Di): unit stride */
    c->hrow = take(&base, &used, Di * s.N);            /* a stream's h as carried, (Di, N) */
    c->du = take(&base, &used, Di);
    return used;
}

static size_t work_layout(int T, int B, int H, const lm_cell_hp *hp, float *base, mwork *w)
{
    msz s = sizes(H, hp);
    size_t M = (size_t)T * B, Di = (size_t)s.Di, used = 0;
    w->dg = take(&base, &used, M * Di);
    w->dxz = take(&base, &used, M * 2 * Di);
    w->du = take(&base, &used, M * Di);
    w->ddelta = take(&base, &used, M * Di);
    w->ddbc = take(&base, &used, M * s.P);
    w->ddlt = take(&base, &used, M * s.R);
    w->du0e = take(&base, &used, (size_t)(T + s.K - 1) * B * Di);
    w->dxn = take(&base, &used, M * s.D);
    w->dh = take(&base, &used, Di * s.N);
    w->dA = take(&base, &used, Di * s.N);
    w->tail = take(&base, &used, (size_t)s.K * Di);
    w->dconvT = take(&base, &used, (size_t)s.K * Di);
    w->hrow = take(&base, &used, Di * s.N);
    w->duv = take(&base, &used, Di);
    w->hchunk = take(&base, &used, (size_t)(SCAN_CHUNK + 1) * Di * s.N);   /* a chunk's h, again */
    w->y = take(&base, &used, Di);
    return used;
}

static size_t mamba_cache_size(int T, int B, int H, const lm_cell_hp *hp)
{
    mcache c;
    return cache_layout(T, B, H, hp, NULL, &c);
}

static size_t mamba_work_size(int T, int B, int H, const lm_cell_hp *hp)
{
    mwork w;
    return work_layout(T, B, H, hp, NULL, &w);
}

/* ---- the carried state ------------------------------------------------------
 * A stream's F = V H floats, vectors v0 .. v0+V-1 of the (S, B, H) state,
 * to or from a contiguous row. */
static void gather(const float *state, int v0, int V, int B, int H, int b, float *row)
{
    for (int v = 0; v < V; v++)
        memcpy(row + (size_t)v * H, state + ((size_t)(v0 + v) * B + b) * H, (size_t)H * sizeof *row);
}

static void scatter(float *state, int v0, int V, int B, int H, int b, const float *row)
{
    for (int v = 0; v < V; v++)
        memcpy(state + ((size_t)(v0 + v) * B + b) * H, row + (size_t)v * H, (size_t)H * sizeof *row);
}

/* ---- pieces ---------------------------------------------------------------- */

static inline float silu(float x)
{
    return x * lm_sigmoidf(x);
}

static inline float silu_grad(float x)
{
    float s = lm_sigmoidf(x);
    return s * (1.0f + x * (1.0f - s));
}

/* The scan keeps h in (N, Di) order, state-major, so that its inner loops
 * run over channels: Δ, u, y and the per-channel sums of the backward stay
 * in vector lanes, and only dL/dB and dL/dC (N numbers a step) need a sum
 * across lanes.  (Over the state instead, N = 16 is two vectors and every
 * channel ends in a horizontal sum: that was a fifth of the backward.)
 * The carried state keeps PyTorch's (Di, N); the window transposes it
 * once per stream on the way in and out. */
static void transpose(int rows, int cols, const float *restrict a, float *restrict at)
{
    for (int i = 0; i < rows; i++)
        for (int j = 0; j < cols; j++) at[(size_t)j * rows + i] = a[(size_t)i * cols + j];
}

/* Lanes of the cross-channel sums: fixed-width blocks, so that the loops
 * vectorise without reassociating float sums. */
#define SL 8

/* One stream's step of the scan over all Di channels, A, hprev and h in
 * (N, Di):  h = exp(Δ A) ⊙ hprev + (Δ u) Bᵀ,  y = h C + D ⊙ u.
 * DU is scratch (Di). */
static void scan_step(int Di, int N, const float *restrict A, const float *restrict dl,
                      const float *restrict u, const float *restrict Bt, const float *restrict Ct,
                      const float *restrict Dp, const float *restrict hprev, float *restrict h,
                      float *restrict y, float *restrict du)
{
    for (int c = 0; c < Di; c++) {
        du[c] = dl[c] * u[c];
        y[c] = Dp[c] * u[c];
    }
    for (int n = 0; n < N; n++) {
        const float b = Bt[n], cn = Ct[n];
        const float *An = A + (size_t)n * Di, *hp = hprev + (size_t)n * Di;
        float *hn = h + (size_t)n * Di;
        for (int c = 0; c < Di; c++) {
            float v = lm_expf(dl[c] * An[c]) * hp[c] + du[c] * b;
            hn[c] = v;
            y[c] += cn * v;
        }
    }
}

/* One stream's step backward, in the same (N, Di) order.  DH holds dL/dh_t
 * from the later steps on entry and dL/dh_{t-1} on return; adds dL/dA into
 * DA and writes dL/dΔ, dL/du (the scan's part), dL/dB and dL/dC of the
 * step.  DUV is scratch (Di). */
static void scan_step_backward(int Di, int N, const float *restrict A, const float *restrict dl,
                               const float *restrict u, const float *restrict Bt,
                               const float *restrict Ct, const float *restrict Dp,
                               const float *restrict hprev, const float *restrict h,
                               const float *restrict dy, float *restrict dh, float *restrict dA,
                               float *restrict ddl, float *restrict du, float *restrict dB,
                               float *restrict dC, float *restrict duv)
{
    for (int c = 0; c < Di; c++) {
        ddl[c] = 0;
        du[c] = dy[c] * Dp[c];
        duv[c] = dl[c] * u[c];
    }
    for (int n = 0; n < N; n++) {
        const float b = Bt[n], cn = Ct[n];
        const float *An = A + (size_t)n * Di, *hp = hprev + (size_t)n * Di, *hn = h + (size_t)n * Di;
        float *dhn = dh + (size_t)n * Di, *dAn = dA + (size_t)n * Di;
        float sb[SL] = { 0 }, sc[SL] = { 0 };
        int c = 0;
        for (; c + SL <= Di; c += SL)
            for (int k = 0; k < SL; k++) {
                int i = c + k;
                float g = dhn[i] + cn * dy[i];      /* dL/dh_t, all of it */
                float e = lm_expf(dl[i] * An[i]);
                float ge = g * e * hp[i];
                sc[k] += dy[i] * hn[i];
                sb[k] += g * duv[i];
                ddl[i] += ge * An[i] + g * u[i] * b;
                dAn[i] += ge * dl[i];
                du[i] += g * dl[i] * b;
                dhn[i] = g * e;
            }
        float tb = 0, tc = 0;
        for (; c < Di; c++) {
            float g = dhn[c] + cn * dy[c];
            float e = lm_expf(dl[c] * An[c]);
            float ge = g * e * hp[c];
            tc += dy[c] * hn[c];
            tb += g * duv[c];
            ddl[c] += ge * An[c] + g * u[c] * b;
            dAn[c] += ge * dl[c];
            du[c] += g * dl[c] * b;
            dhn[c] = g * e;
        }
        for (int k = 0; k < SL; k++) tb += sb[k], tc += sc[k];
        dB[n] = tb;
        dC[n] = tc;
    }
}

/* ---- forward ---------------------------------------------------------------- */

static void mamba_forward(const lm_cell_dims *d, const float *p, const float *x, float *hs,
                          float *state, float *cache)
{
    const int T = d->T, B = d->B, H = d->H;
    const msz s = sizes(H, d->hp);
    const int D = s.D, Di = s.Di, N = s.N, K = s.K, R = s.R, P = s.P;
    const size_t M = (size_t)T * B, BD = (size_t)B * D, DN = (size_t)Di * N;
    const mamba_params W = mamba_view(p, d->in, H, d->hp);
    mcache c;
    cache_layout(T, B, H, d->hp, cache, &c);
    const int v_ssm = 1, v_tail = 1 + d->hp->expand * N, n_ssm = d->hp->expand * N,
              n_tail = (K - 1) * d->hp->expand;

    memcpy(hs, state, BD * sizeof *hs);
    for (int ch = 0; ch < Di; ch++)   /* A in (N, Di), the scan's order; lm_expf: 3 ulp */
        for (int n = 0; n < N; n++) c.A[(size_t)n * Di + ch] = -lm_expf(W.A_log[(size_t)ch * N + n]);
    transpose(Di, K, W.conv_w, c.convT);

    /* RMSNorm, then in_proj: one GEMM. */
    for (size_t m = 0; m < M; m++) {
        const float *xm = x + m * D;
        float ss = 0;
        for (int j = 0; j < D; j++) ss += xm[j] * xm[j];
        float r = 1.0f / sqrtf(ss / (float)D + RMS_EPS);
        c.rstd[m] = r;
        for (int j = 0; j < D; j++) c.xn[m * D + j] = xm[j] * r * W.norm[j];
    }
    gemm_nt((int)M, 2 * Di, D, c.xn, W.in_proj, c.xz, 0);

    /* The conv's input rows (T+K-1, B, Di): the carried tail (K-1 steps),
     * then u0. */
    for (int b = 0; b < B && K > 1; b++) {
        gather(state, v_tail, n_tail, B, H, b, c.tail);
        for (int k = 0; k < K - 1; k++)
            memcpy(c.u0e + ((size_t)k * B + b) * Di, c.tail + (size_t)k * Di,
                   (size_t)Di * sizeof(float));
    }
    for (size_t m = 0; m < M; m++)
        memcpy(c.u0e + ((size_t)(K - 1) * B + m) * Di, c.xz + m * 2 * Di, (size_t)Di * sizeof(float));
    for (int t = 0; t < T; t++)
        for (int b = 0; b < B; b++) {
            size_t m = (size_t)t * B + b;
            float *up = c.upre + m * Di;
            memcpy(up, W.conv_b, (size_t)Di * sizeof *up);
            for (int k = 0; k < K; k++) {
                const float *src = c.u0e + ((size_t)(t + k) * B + b) * Di;
                const float *wk = c.convT + (size_t)k * Di;
                for (int ch = 0; ch < Di; ch++) up[ch] += wk[ch] * src[ch];
            }
            for (int ch = 0; ch < Di; ch++) c.u[m * Di + ch] = silu(up[ch]);
        }

    /* x_proj, dt_proj: two GEMMs; Δ = softplus. */
    gemm_nt((int)M, P, Di, c.u, W.x_proj, c.dbc, 0);
    for (size_t m = 0; m < M; m++) memcpy(c.dlt + m * R, c.dbc + m * P, (size_t)R * sizeof(float));
    gemm_nt((int)M, Di, R, c.dlt, W.dt_w, c.dtpre, 0);
    for (size_t m = 0; m < M; m++)
        for (int ch = 0; ch < Di; ch++) {
            float v = c.dtpre[m * Di + ch] + W.dt_b[ch];
            c.dtpre[m * Di + ch] = v;
            c.delta[m * Di + ch] = lm_softplusf(v);   /* no libm: log1pf was a sixteenth of a step */
        }

    /* The scan, stream by stream, from the carried h. */
    for (int b = 0; b < B; b++) {
        float *hprev = c.hpp, *h = c.hpp + DN;
        gather(state, v_ssm, n_ssm, B, H, b, c.hrow);
        transpose(Di, N, c.hrow, hprev);
        for (int t = 0; t < T; t++) {
            size_t m = (size_t)t * B + b;
            const float *Bt = c.dbc + m * P + R;
            if (t % SCAN_CHUNK == 0)
                memcpy(c.hss + ((size_t)(t / SCAN_CHUNK) * B + b) * DN, hprev, DN * sizeof(float));
            scan_step(Di, N, c.A, c.delta + m * Di, c.u + m * Di, Bt, Bt + N, W.D, hprev, h,
                      c.y + m * Di, c.du);
            float *tmp = hprev;
            hprev = h;
            h = tmp;
        }
        transpose(N, Di, hprev, c.hrow);
        scatter(state, v_ssm, n_ssm, B, H, b, c.hrow);
        if (K > 1) {
            for (int k = 0; k < K - 1; k++)
                memcpy(c.tail + (size_t)k * Di, c.u0e + ((size_t)(T + k) * B + b) * Di,
                       (size_t)Di * sizeof(float));
            scatter(state, v_tail, n_tail, B, H, b, c.tail);
        }
    }

    /* The gate, out_proj (one GEMM) and the residual. */
    for (size_t m = 0; m < M; m++)
        for (int ch = 0; ch < Di; ch++)
            c.g[m * Di + ch] = c.y[m * Di + ch] * silu(c.xz[m * 2 * Di + Di + ch]);
    float *out = hs + BD;
    if (d->branch_mask) {   /* out = x + mask ⊙ W_out g */
        gemm_nt((int)M, D, Di, c.g, W.out_proj, out, 0);
        for (size_t k = 0; k < M * D; k++) out[k] = x[k] + d->branch_mask[k] * out[k];
    } else {
        memcpy(out, x, M * D * sizeof *out);
        gemm_nt((int)M, D, Di, c.g, W.out_proj, out, 1);
    }
    memcpy(state, hs + (size_t)T * BD, BD * sizeof *hs);
}

/* ---- backward --------------------------------------------------------------- */

static void mamba_backward(const lm_cell_dims *d, const float *p, float *dp, const float *x,
                           const float *hs, const float *cache, float *dhs, float *dstate,
                           float *dx, float *work)
{
    (void)hs;
    const int T = d->T, B = d->B, H = d->H;
    const msz s = sizes(H, d->hp);
    const int D = s.D, Di = s.Di, N = s.N, K = s.K, R = s.R, P = s.P;
    const size_t M = (size_t)T * B, BD = (size_t)B * D, DN = (size_t)Di * N;
    const mamba_params W = mamba_view(p, d->in, H, d->hp), G = mamba_view(dp, d->in, H, d->hp);
    mcache c;
    cache_layout(T, B, H, d->hp, (float *)cache, &c);
    mwork w;
    work_layout(T, B, H, d->hp, work, &w);
    const int v_ssm = 1, v_tail = 1 + d->hp->expand * N, n_ssm = d->hp->expand * N,
              n_tail = (K - 1) * d->hp->expand;

    /* The carried output is the last step's: its gradient joins there. */
    float *dout = dhs;
    for (size_t k = 0; k < BD; k++) dout[(size_t)(T - 1) * BD + k] += dstate[k];

    /* out_proj, the gate.  With a branch mask the branch's gradient is
     * dout ⊙ mask, in dxn (free until in_proj's backward); the residual's
     * is dout itself. */
    const float *dbranch = dout;
    if (d->branch_mask) {
        for (size_t k = 0; k < M * D; k++) w.dxn[k] = dout[k] * d->branch_mask[k];
        dbranch = w.dxn;
    }
    gemm_tn_acc((int)M, D, Di, dbranch, c.g, G.out_proj);
    gemm_nn((int)M, D, Di, dbranch, W.out_proj, w.dg, 0);
    float *dy = w.dg;
    for (size_t m = 0; m < M; m++)
        for (int ch = 0; ch < Di; ch++) {
            float z = c.xz[m * 2 * Di + Di + ch], g = w.dg[m * Di + ch];
            w.dxz[m * 2 * Di + Di + ch] = g * c.y[m * Di + ch] * silu_grad(z);
            dy[m * Di + ch] = g * silu(z);
        }
    for (size_t m = 0; m < M; m++)
        for (int ch = 0; ch < Di; ch++) G.D[ch] += dy[m * Di + ch] * c.u[m * Di + ch];

    /* The scan backward, stream by stream, from dL/dh_T. */
    memset(w.dA, 0, DN * sizeof(float));
    for (int b = 0; b < B; b++) {
        gather(dstate, v_ssm, n_ssm, B, H, b, w.hrow);
        transpose(Di, N, w.hrow, w.dh);
        for (int j = chunks(T) - 1; j >= 0; j--) {
            const int t0 = j * SCAN_CHUNK, t1 = t0 + SCAN_CHUNK < T ? t0 + SCAN_CHUNK : T;
            memcpy(w.hchunk, c.hss + ((size_t)j * B + b) * DN, DN * sizeof(float));
            for (int t = t0; t < t1; t++) {
                size_t m = (size_t)t * B + b;
                const float *Bt = c.dbc + m * P + R;
                scan_step(Di, N, c.A, c.delta + m * Di, c.u + m * Di, Bt, Bt + N, W.D,
                          w.hchunk + (size_t)(t - t0) * DN, w.hchunk + (size_t)(t - t0 + 1) * DN,
                          w.y, w.duv);
            }
            for (int t = t1 - 1; t >= t0; t--) {
                size_t m = (size_t)t * B + b;
                const float *Bt = c.dbc + m * P + R;
                float *gB = w.ddbc + m * P + R;
                scan_step_backward(Di, N, c.A, c.delta + m * Di, c.u + m * Di, Bt, Bt + N, W.D,
                                   w.hchunk + (size_t)(t - t0) * DN,
                                   w.hchunk + (size_t)(t - t0 + 1) * DN, dy + m * Di, w.dh, w.dA,
                                   w.ddelta + m * Di, w.du + m * Di, gB, gB + N, w.duv);
            }
        }
        transpose(N, Di, w.dh, w.hrow);
        scatter(dstate, v_ssm, n_ssm, B, H, b, w.hrow);
    }
    /* A = -exp(A_log): dA/dA_log = A. */
    for (int ch = 0; ch < Di; ch++)
        for (int n = 0; n < N; n++) {
            size_t k = (size_t)n * Di + ch;
            G.A_log[(size_t)ch * N + n] += w.dA[k] * c.A[k];
        }

    /* Δ = softplus(pre): softplus' = σ. dt_proj, then x_proj. */
    for (size_t k = 0; k < M * Di; k++) w.ddelta[k] *= lm_sigmoidf(c.dtpre[k]);
    colsum_acc((int)M, Di, w.ddelta, G.dt_b);
    gemm_tn_acc((int)M, Di, R, w.ddelta, c.dlt, G.dt_w);
    gemm_nn((int)M, Di, R, w.ddelta, W.dt_w, w.ddlt, 0);
    for (size_t m = 0; m < M; m++) memcpy(w.ddbc + m * P, w.ddlt + m * R, (size_t)R * sizeof(float));
    gemm_tn_acc((int)M, P, Di, w.ddbc, c.u, G.x_proj);
    gemm_nn((int)M, P, Di, w.ddbc, W.x_proj, w.du, 1);

    /* SiLU, then the causal conv: into the rows of (tail, u0). */
    for (size_t k = 0; k < M * Di; k++) w.du[k] *= silu_grad(c.upre[k]);
    size_t rows = (size_t)(T + K - 1) * B;
    memset(w.du0e, 0, rows * Di * sizeof(float));
    if (K > 1)
        for (int b = 0; b < B; b++) {   /* the tail carried on is rows T .. T+K-2 */
            gather(dstate, v_tail, n_tail, B, H, b, w.tail);
            for (int k = 0; k < K - 1; k++) {
                float *dst = w.du0e + ((size_t)(T + k) * B + b) * Di;
                for (int ch = 0; ch < Di; ch++) dst[ch] += w.tail[(size_t)k * Di + ch];
            }
        }
    colsum_acc((int)M, Di, w.du, G.conv_b);
    memset(w.dconvT, 0, (size_t)K * Di * sizeof(float));
    for (int t = 0; t < T; t++)
        for (int b = 0; b < B; b++) {
            const float *g = w.du + ((size_t)t * B + b) * Di;
            for (int k = 0; k < K; k++) {
                size_t r = ((size_t)(t + k) * B + b) * Di;
                const float *src = c.u0e + r;
                float *dsrc = w.du0e + r;
                const float *wk = c.convT + (size_t)k * Di;
                float *gk = w.dconvT + (size_t)k * Di;
                for (int ch = 0; ch < Di; ch++) {
                    gk[ch] += g[ch] * src[ch];
                    dsrc[ch] += g[ch] * wk[ch];
                }
            }
        }
    for (int ch = 0; ch < Di; ch++)
        for (int k = 0; k < K; k++) G.conv_w[(size_t)ch * K + k] += w.dconvT[(size_t)k * Di + ch];
    if (K > 1)
        for (int b = 0; b < B; b++) {   /* the tail carried in is rows 0 .. K-2 */
            for (int k = 0; k < K - 1; k++)
                memcpy(w.tail + (size_t)k * Di, w.du0e + ((size_t)k * B + b) * Di,
                       (size_t)Di * sizeof(float));
            scatter(dstate, v_tail, n_tail, B, H, b, w.tail);
        }
    memset(dstate, 0, BD * sizeof *dstate);   /* the output carried in is not read */

    /* in_proj: one GEMM each way. */
    for (size_t m = 0; m < M; m++)
        memcpy(w.dxz + m * 2 * Di, w.du0e + ((size_t)(K - 1) * B + m) * Di,
               (size_t)Di * sizeof(float));
    gemm_tn_acc((int)M, 2 * Di, D, w.dxz, c.xn, G.in_proj);
    gemm_nn((int)M, 2 * Di, D, w.dxz, W.in_proj, w.dxn, 0);

    /* RMSNorm, and the residual. */
    for (size_t m = 0; m < M; m++) {
        const float *xm = x + m * D, *g = w.dxn + m * D;
        const float r = c.rstd[m];
        float dot = 0;
        for (int j = 0; j < D; j++) {
            G.norm[j] += g[j] * xm[j] * r;
            dot += g[j] * W.norm[j] * xm[j];
        }
        const float k = r * r * r * dot / (float)D;
        for (int j = 0; j < D; j++)
            dx[m * D + j] = dout[m * D + j] + r * g[j] * W.norm[j] - k * xm[j];
    }
}

static const lm_cell_hyper mamba_hyper = {
    .resolve = mamba_resolve,
    .blocks = mamba_blocks,
    .state_vecs = mamba_state_vecs,
    .init = mamba_init,
    .cache_size = mamba_cache_size,
    .work_size = mamba_work_size,
};

const lm_cell cell_mamba = {
    .name = "mamba",
    .gates = 0,
    .forward = mamba_forward,
    .backward = mamba_backward,
    .hyper = &mamba_hyper,
    .residual = true,
};
