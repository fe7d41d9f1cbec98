/* seq2seq.c — the encoder-decoder with additive attention: forward and
 * hand-written backward over a padded batch.  See seq2seq.h and
 * lm-seq2seq(7), whose equations name the buffers here. */
#include "seq2seq.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fastmath.h"
#include "linalg.h"
#include "rnn.h"
#include "util.h"
#include "vocab.h"

const char *const lm_attention_names[] = { "none", "additive", NULL };

/* ---- shape ------------------------------------------------------------------ */

static int enc_in(const lm_s2s *n, int l) { return l == 0 ? n->embed : n->C; }
static int dec_in(const lm_s2s *n, int l) { return l == 0 ? n->embed + n->C : n->hidden; }

/* One walk over the layout: offsets (NET non-NULL) and the count. */
static size_t layout(lm_s2s *net, const lm_cell *cell, int Le, int Ld, int H, int E, int Ha,
                     int attention, bool bidir, uint32_t V)
{
    lm_s2s tmp = { .cell = cell, .enc_layers = Le, .dec_layers = Ld, .hidden = H, .embed = E,
                   .attn = Ha, .attention = attention, .bidir = bidir, .vocab = V,
                   .dirs = bidir ? 2 : 1, .C = (bidir ? 2 : 1) * H };
    lm_s2s *n = net ? net : &tmp;
    if (net) *net = tmp;
    size_t off = 0;
    n->off_src_emb = off, off += (size_t)V * E;
    for (int l = 0; l < Le; l++)
        for (int d = 0; d < n->dirs; d++)
            n->off_enc[l][d] = off, off += cell_param_count(cell, enc_in(n, l), H);
    n->off_Ws = off, off += (size_t)Ld * H * H;
    n->off_bs = off, off += (size_t)Ld * H;
    n->off_tgt_emb = off, off += (size_t)V * E;
    for (int l = 0; l < Ld; l++) n->off_dec[l] = off, off += cell_param_count(cell, dec_in(n, l), H);
    if (attention == LM_ATTN_ADDITIVE) {
        n->off_Wa = off, off += (size_t)Ha * H;
        n->off_Ua = off, off += (size_t)Ha * n->C;
        n->off_va = off, off += (size_t)Ha;
    }
    n->off_Wo = off, off += (size_t)V * (H + n->C);
    n->off_bo = off, off += V;
    n->nparams = off;
    return off;
}

size_t s2s_param_count(const lm_cell *cell, int Le, int Ld, int H, int E, int Ha, int attention,
                       bool bidir, uint32_t V)
{
    return layout(NULL, cell, Le, Ld, H, E, Ha, attention, bidir, V);
}

void s2s_shape(lm_s2s *net, const lm_cell *cell, int Le, int Ld, int H, int E, int Ha,
               int attention, bool bidir, uint32_t V)
{
    if (Le < 1 || Le > LM_S2S_MAX_LAYERS || Ld < 1 || Ld > LM_S2S_MAX_LAYERS)
        die("%d encoder and %d decoder layers: out of range (1 to %d)", Le, Ld, LM_S2S_MAX_LAYERS);
    if (H < 1 || E < 1 || Ha < 1 || V < 1)
        die("model sizes must be positive (hidden %d, embed %d, attention %d, vocabulary %u)", H,
            E, Ha, V);
    size_t want = s2s_param_count(cell, Le, Ld, H, E, Ha, attention, bidir, V);
    if (want > LM_MAX_PARAMS)
        die("a seq2seq model of %zu parameters is over the limit of %zu", want, LM_MAX_PARAMS);
    layout(net, cell, Le, Ld, H, E, Ha, attention, bidir, V);
}

void s2s_init_params(const lm_s2s *net, float *p, const lm_weight_init *init, lm_rng *rng)
{
    const int H = net->hidden, E = net->embed, C = net->C;
    const size_t VE = (size_t)net->vocab * E;
    float *emb[2] = { p + net->off_src_emb, p + net->off_tgt_emb };
    for (int k = 0; k < 2; k++) {
        if (init->scale > 0) cell_uniform(emb[k], VE, init->scale, rng);
        else for (size_t i = 0; i < VE; i++) emb[k][i] = (float)rng_normal(rng);
        if (k == 1) break;
        for (int l = 0; l < net->enc_layers; l++)
            for (int d = 0; d < net->dirs; d++)
                net->cell->init(p + net->off_enc[l][d], enc_in(net, l), H, init, rng);
        cell_uniform(p + net->off_Ws, (size_t)net->dec_layers * H * (H + 1), init_bound(init, H), rng);
    }
    for (int l = 0; l < net->dec_layers; l++) net->cell->init(p + net->off_dec[l], dec_in(net, l), H, init, rng);
    if (net->attention == LM_ATTN_ADDITIVE) {
        cell_uniform(p + net->off_Wa, (size_t)net->attn * H, init_bound(init, H), rng);
        cell_uniform(p + net->off_Ua, (size_t)net->attn * C, init_bound(init, C), rng);
        cell_uniform(p + net->off_va, (size_t)net->attn, init_bound(init, net->attn), rng);
    }
    cell_uniform(p + net->off_Wo, (size_t)net->vocab * (H + C) + net->vocab, init_bound(init, H + C), rng);
}

int s2s_blocks(const lm_s2s *net, lm_s2s_block *b)
{
    int n = 0;
#define BLOCK(nm, o, cnt) (snprintf(b[n].name, sizeof b[n].name, "%s", nm), b[n].off = (o), b[n].n = (cnt), n++)
    const int H = net->hidden, C = net->C;
    BLOCK("src_emb", net->off_src_emb, (size_t)net->vocab * net->embed);
    for (int l = 0; l < net->enc_layers; l++)
        for (int d = 0; d < net->dirs; d++) {
            lm_param_block cb[LM_CELL_MAX_BLOCKS];
            int nb = cell_blocks(net->cell, enc_in(net, l), H, cb);
            size_t off = net->off_enc[l][d];
            for (int k = 0; k < nb; off += cb[k].n, k++) {
                char nm[32];
                snprintf(nm, sizeof nm, "enc%d%s.%s", l + 1, d ? "<" : ">", cb[k].name);
                BLOCK(nm, off, cb[k].n);
            }
        }
    BLOCK("W_s", net->off_Ws, (size_t)net->dec_layers * H * H);
    BLOCK("b_s", net->off_bs, (size_t)net->dec_layers * H);
    BLOCK("tgt_emb", net->off_tgt_emb, (size_t)net->vocab * net->embed);
    for (int l = 0; l < net->dec_layers; l++) {
        lm_param_block cb[LM_CELL_MAX_BLOCKS];
        int nb = cell_blocks(net->cell, dec_in(net, l), H, cb);
        size_t off = net->off_dec[l];
        for (int k = 0; k < nb; off += cb[k].n, k++) {
            char nm[32];
            snprintf(nm, sizeof nm, "dec%d.%s", l + 1, cb[k].name);
            BLOCK(nm, off, cb[k].n);
        }
    }
    if (net->attention == LM_ATTN_ADDITIVE) {
        BLOCK("W_a", net->off_Wa, (size_t)net->attn * H);
        BLOCK("U_a", net->off_Ua, (size_t)net->attn * C);
        BLOCK("v_a", net->off_va, (size_t)net->attn);
    }
    BLOCK("W_o", net->off_Wo, (size_t)net->vocab * (H + C));
    BLOCK("b_o", net->off_bo, (size_t)net->vocab);
#undef BLOCK
    return n;
}

/* ---- workspace ---------------------------------------------------------------- */

struct lm_s2s_work {
    const lm_s2s *net;
    int B, N, T;
    bool dropout;
    float *zero_state;                         /* (S, B, H), a run's start */
    float *x0, *mask_src;                      /* (N, B, E) embedded source, its mask */
    float *xrev[LM_S2S_MAX_LAYERS];            /* (N, B, in) each layer's input reversed */
    float *hs[LM_S2S_MAX_LAYERS][2];           /* (N+1, B, H) per direction */
    float *cache[LM_S2S_MAX_LAYERS][2];
    float *henc[LM_S2S_MAX_LAYERS];            /* (N, B, C) each layer's output h_j */
    float *sinit;                              /* (B, Ld H): s_0 of every layer */
    float *A;                                  /* (N, B, Ha): U_a h_j */
    float *cfix;                               /* (B, C): none's context */
    float *xd0, *mask_tgt;                     /* (T, B, E + C), (T, B, E) */
    float *hsd[LM_S2S_MAX_LAYERS];             /* (T+1, B, H) */
    float *cached[LM_S2S_MAX_LAYERS];          /* T steps of cache_size(1, B, H) */
    float *st;                                 /* (Ld, S, B, H) the decoder's carried state */
    float *wq, *alpha, *ctx;                   /* (T, B, Ha), (T, B, N), (T, B, C) */
    float *o, *mask_o;                         /* (T, B, H + C) */
    float *logits;                             /* (T B, V) */
    /* backward */
    float *dO, *dctx, *dstate, *dtop, *gA, *gB, *dwq, *dq, *dinit;
    float *dA, *dH, *dX, *dhsf, *dhsb, *dxf, *dxb, *cwork, *da, *dcsum;
    int Ncap;                                  /* the source steps it was made for */
    float *block;
    size_t cs1;                                /* cache_size(1, B, H) */
};

typedef struct carver {
    float *base;
    size_t used;
} carver;

static float *carve(carver *cv, size_t n)
{
    float *p = cv->base ? cv->base + cv->used : NULL;
    cv->used += (n + 15) / 16 * 16;
    return p;
}

static void work_layout(const lm_s2s *net, int B, int N, int T, bool dropout, carver *cv,
                        lm_s2s_work *w)
{
    const lm_cell *c = net->cell;
    const size_t H = (size_t)net->hidden, E = (size_t)net->embed, C = (size_t)net->C,
                 Ha = (size_t)net->attn, S = (size_t)c->state_vecs, NB = (size_t)N * B,
                 TB = (size_t)T * B, Ld = (size_t)net->dec_layers;
    size_t inmax = E > C ? E : C, dinmax = E + C > H ? E + C : H;
    w->zero_state = carve(cv, S * B * H);
    w->x0 = carve(cv, NB * E);
    w->mask_src = dropout ? carve(cv, NB * E) : NULL;
    for (int l = 0; l < net->enc_layers; l++) {
        if (net->bidir) w->xrev[l] = carve(cv, NB * (size_t)enc_in(net, l));
        for (int d = 0; d < net->dirs; d++) {
            w->hs[l][d] = carve(cv, (NB + B) * H);
            w->cache[l][d] = carve(cv, c->cache_size(N, B, (int)H));
        }
        w->henc[l] = carve(cv, NB * C);
    }
    w->sinit = carve(cv, (size_t)B * Ld * H);
    w->A = carve(cv, NB * Ha);
    w->cfix = carve(cv, (size_t)B * C);
    w->xd0 = carve(cv, TB * (E + C));
    w->mask_tgt = dropout ? carve(cv, TB * E) : NULL;
    w->cs1 = c->cache_size(1, B, (int)H);
    for (size_t l = 0; l < Ld; l++) {
        w->hsd[l] = carve(cv, (TB + B) * H);
        w->cached[l] = carve(cv, (size_t)T * w->cs1);
    }
    w->st = carve(cv, Ld * S * B * H);
    w->wq = carve(cv, TB * Ha);
    w->alpha = carve(cv, TB * N);
    w->ctx = carve(cv, TB * C);
    w->o = carve(cv, TB * (H + C));
    w->mask_o = dropout ? carve(cv, TB * (H + C)) : NULL;
    w->logits = carve(cv, TB * net->vocab);
    w->dO = carve(cv, TB * (H + C));
    w->dctx = carve(cv, TB * C);
    w->dstate = carve(cv, Ld * S * B * H);
    w->dtop = carve(cv, TB * H);
    w->gA = carve(cv, (size_t)B * dinmax);
    w->gB = carve(cv, (size_t)B * dinmax);
    w->dwq = carve(cv, (size_t)B * Ha);
    w->dq = carve(cv, (size_t)B * H);
    w->dinit = carve(cv, (size_t)B * Ld * H);
    w->dA = carve(cv, NB * Ha);
    w->dH = carve(cv, NB * inmax);
    w->dX = carve(cv, NB * inmax);
    w->dhsf = carve(cv, NB * H);
    w->dhsb = carve(cv, NB * H);
    w->dxf = carve(cv, NB * inmax);
    w->dxb = carve(cv, NB * inmax);
    size_t ws = c->work_size(N, B, (int)H), ws1 = c->work_size(1, B, (int)H);
    w->cwork = carve(cv, ws > ws1 ? ws : ws1);
    w->da = carve(cv, (size_t)N);
    w->dcsum = carve(cv, (size_t)B * C);
}

double s2s_work_bytes(const lm_s2s *net, int B, int N, int T, bool dropout)
{
    lm_s2s_work w;
    carver cv = { NULL, 0 };
    work_layout(net, B, N, T, dropout, &cv, &w);
    return (double)cv.used * sizeof(float);
}

lm_s2s_work *s2s_work_new(const lm_s2s *net, int B, int N, int T, bool dropout)
{
    lm_s2s_work *w = xcalloc(1, sizeof *w);
    w->net = net, w->B = B, w->N = w->Ncap = N, w->T = T, w->dropout = dropout;
    carver cv = { NULL, 0 };
    work_layout(net, B, N, T, dropout, &cv, w);
    size_t n = cv.used;
    cv.base = aligned_alloc(64, xmul(n, sizeof(float)));
    if (!cv.base) die("out of memory (%zu bytes of activations)", n * sizeof(float));
    /* Zeroed once: rows past a stream's length are read (as padding) but
     * never written by some paths, and must hold finite values. */
    memset(cv.base, 0, n * sizeof(float));
    cv.used = 0;
    work_layout(net, B, N, T, dropout, &cv, w);
    w->block = cv.base;
    return w;
}

void s2s_work_free(lm_s2s_work *w)
{
    if (!w) return;
    free(w->block);
    free(w);
}

int s2s_work_src_cap(const lm_s2s_work *w)
{
    return w->Ncap;
}

/* ---- forward ------------------------------------------------------------------ */

/* Position j of a source of length LEN in the backward direction's run:
 * the source reversed within its length, padding left where it is. */
static int rev(int j, int len)
{
    return j < len ? len - 1 - j : j;
}

static void dropout_mask(float *x, float *mask, size_t n, float p, lm_rng *rng)
{
    float keep = 1.0f / (1.0f - p);
    for (size_t i = 0; i < n; i++) {
        mask[i] = rng_uniform(rng) < p ? 0.0f : keep;
        x[i] *= mask[i];
    }
}

static void embed_rows(float *dst, size_t dst_stride, const float *table, int E, const uint32_t *ids, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        uint32_t id = ids[k] == LM_NO_ID ? 0 : ids[k];
        memcpy(dst + k * dst_stride, table + (size_t)id * E, (size_t)E * sizeof(float));
    }
}

/* The encoder over B sources of N steps, then the bridge s_0, U_a h_j
 * (one GEMM) and none's fixed context. */
static void encode(const lm_s2s *net, const float *P, lm_s2s_work *w, int B, int N,
                   const uint32_t *src, const int *slen, float dropout, lm_rng *rng)
{
    const lm_cell *c = net->cell;
    const int H = net->hidden, E = net->embed, C = net->C, Ld = net->dec_layers;
    const size_t NB = (size_t)N * B, BH = (size_t)B * H;
    embed_rows(w->x0, E, P + net->off_src_emb, E, src, NB);
    if (dropout > 0) dropout_mask(w->x0, w->mask_src, NB * E, dropout, rng);
    const float *x = w->x0;
    for (int l = 0; l < net->enc_layers; l++) {
        const int in = enc_in(net, l);
        lm_cell_dims d = { N, B, in, H, NULL, NULL, NULL };
        memset(w->zero_state, 0, (size_t)c->state_vecs * BH * sizeof(float));
        c->forward(&d, P + net->off_enc[l][0], x, w->hs[l][0], w->zero_state, w->cache[l][0]);
        if (net->bidir) {
            for (int j = 0; j < N; j++)
                for (int b = 0; b < B; b++)
                    memcpy(w->xrev[l] + ((size_t)j * B + b) * in,
                           x + ((size_t)rev(j, slen[b]) * B + b) * in, (size_t)in * sizeof(float));
            memset(w->zero_state, 0, (size_t)c->state_vecs * BH * sizeof(float));
            c->forward(&d, P + net->off_enc[l][1], w->xrev[l], w->hs[l][1], w->zero_state,
                       w->cache[l][1]);
        }
        float *h = w->henc[l];
        for (int j = 0; j < N; j++)
            for (int b = 0; b < B; b++) {
                float *row = h + ((size_t)j * B + b) * C;
                memcpy(row, w->hs[l][0] + ((size_t)(j + 1) * B + b) * H, (size_t)H * sizeof(float));
                if (net->bidir)
                    memcpy(row + H, w->hs[l][1] + ((size_t)(rev(j, slen[b]) + 1) * B + b) * H,
                           (size_t)H * sizeof(float));
            }
        x = h;
    }
    const float *hN = w->henc[net->enc_layers - 1];
    /* g = <-h_1, the backward direction's state at the first token
     * (unidirectional: ->h_N), and none's c = [->h_N; <-h_1]. */
    float *g = w->dq;   /* (B, H) scratch until the backward */
    for (int b = 0; b < B; b++) {
        const float *last = hN + ((size_t)(slen[b] - 1) * B + b) * C, *first = hN + (size_t)b * C;
        memcpy(g + (size_t)b * H, net->bidir ? first + H : last, (size_t)H * sizeof(float));
        memcpy(w->cfix + (size_t)b * C, last, (size_t)H * sizeof(float));
        if (net->bidir) memcpy(w->cfix + (size_t)b * C + H, first + H, (size_t)H * sizeof(float));
    }
    gemm_nt(B, Ld * H, H, g, P + net->off_Ws, w->sinit, 0);
    const float *bs = P + net->off_bs;
    for (int b = 0; b < B; b++)
        for (int k = 0; k < Ld * H; k++) {
            float *v = w->sinit + (size_t)b * Ld * H + k;
            *v = tanhf(*v + bs[k]);
        }
    if (net->attention == LM_ATTN_ADDITIVE) gemm_nt((int)NB, net->attn, C, hN, P + net->off_Ua, w->A, 0);
}

/* The decoder's state at the start: each layer's h = s_0's slice, c = 0. */
static void init_state(const lm_s2s *net, const lm_s2s_work *w, int B, float *st)
{
    const int H = net->hidden, S = net->cell->state_vecs, Ld = net->dec_layers;
    memset(st, 0, (size_t)Ld * S * B * H * sizeof(float));
    for (int l = 0; l < Ld; l++)
        for (int b = 0; b < B; b++)
            memcpy(st + (size_t)l * S * B * H + (size_t)b * H, w->sinit + (size_t)b * Ld * H + (size_t)l * H,
                   (size_t)H * sizeof(float));
}

/* e = v_a . tanh(wq + A_j), in eight partial sums so that the loop
 * vectorises (one running sum would fix the order of the additions). */
#define SCORE_LANES 8
static float score_row(int Ha, const float *restrict wq, const float *restrict Aj,
                       const float *restrict va)
{
    float acc[SCORE_LANES] = { 0 };
    int k = 0;
    for (; k + SCORE_LANES <= Ha; k += SCORE_LANES)
        for (int l = 0; l < SCORE_LANES; l++) acc[l] += va[k + l] * lm_tanhf(wq[k + l] + Aj[k + l]);
    float e = 0;
    for (; k < Ha; k++) e += va[k] * lm_tanhf(wq[k] + Aj[k]);
    for (int l = 0; l < SCORE_LANES; l++) e += acc[l];
    return e;
}

/* One (b, j) of the attention backward: z recomputed from wq and A_j. */
static void score_row_backward(int Ha, float de, const float *restrict wq,
                               const float *restrict Aj, const float *restrict va,
                               float *restrict dva, float *restrict dAj, float *restrict dwq)
{
    for (int k = 0; k < Ha; k++) {
        float z = lm_tanhf(wq[k] + Aj[k]);
        dva[k] += de * z;
        float dz = de * va[k] * (1.0f - z * z);
        dAj[k] += dz;
        dwq[k] += dz;
    }
}

/* Attention from the queries Q (B, H) = s_{i-1}: wq = W_a q, a_j over
 * j < slen, ctx = sum_j a_j h_j.  ALPHA (B, N) is zero past the length. */
static void attend(const lm_s2s *net, const float *P, const lm_s2s_work *w, int B, int N,
                   const int *slen, const float *q, float *wq, float *alpha, float *ctx)
{
    const int C = net->C, Ha = net->attn;
    const float *h = w->henc[net->enc_layers - 1];
    if (net->attention == LM_ATTN_NONE) {
        memcpy(ctx, w->cfix, (size_t)B * C * sizeof(float));
        memset(alpha, 0, (size_t)B * N * sizeof(float));
        return;
    }
    const float *va = P + net->off_va;
    gemm_nt(B, Ha, net->hidden, q, P + net->off_Wa, wq, 0);
    for (int b = 0; b < B; b++) {
        const float *wb = wq + (size_t)b * Ha;
        float *a = alpha + (size_t)b * N, mx = -INFINITY;
        for (int j = 0; j < slen[b]; j++) {
            const float *Aj = w->A + ((size_t)j * B + b) * Ha;
            float e = score_row(Ha, wb, Aj, va);
            a[j] = e;
            mx = e > mx ? e : mx;
        }
        double s = 0;
        for (int j = 0; j < slen[b]; j++) s += a[j] = expf(a[j] - mx);
        float inv = (float)(1.0 / s);
        float *cb = ctx + (size_t)b * C;
        memset(cb, 0, (size_t)C * sizeof(float));
        for (int j = 0; j < N; j++) {
            if (j >= slen[b]) { a[j] = 0; continue; }
            a[j] *= inv;
            const float *hj = h + ((size_t)j * B + b) * C;
            for (int k = 0; k < C; k++) cb[k] += a[j] * hj[k];
        }
    }
}

/* The decoder layers' step on the input X0 (B, E + C) (embedding and
 * context in place): layer l runs one step of the cell from ST's slice
 * into HS[l] (its (2, B, H) slot) with the cache CACHE[l]. */
static void dec_layers_step(const lm_s2s *net, const float *P, int B, const float *x0,
                            float *const *hs, float *const *cache, float *st)
{
    const lm_cell *c = net->cell;
    const int H = net->hidden;
    const size_t sb = (size_t)c->state_vecs * B * H;
    const float *x = x0;
    for (int l = 0; l < net->dec_layers; l++) {
        lm_cell_dims d = { 1, B, dec_in(net, l), H, NULL, NULL, NULL };
        c->forward(&d, P + net->off_dec[l], x, hs[l], st + l * sb, cache[l]);
        x = hs[l] + (size_t)B * H;
    }
}

/* The whole forward with teacher forcing, up to the logits (T B, V). */
static void forward(const lm_s2s *net, const float *P, lm_s2s_work *w, const lm_s2s_batch *bt,
                    float dropout, lm_rng *rng)
{
    const int B = bt->B, N = bt->N, T = bt->T, H = net->hidden, E = net->embed, C = net->C,
              Ld = net->dec_layers, Ha = net->attn;
    const size_t BH = (size_t)B * H, DI = (size_t)E + C, OI = (size_t)H + C;
    encode(net, P, w, B, N, bt->src, bt->slen, dropout, rng);
    init_state(net, w, B, w->st);
    for (int l = 0; l < Ld; l++)   /* hs[0]: the state the first step starts from */
        memcpy(w->hsd[l], w->st + (size_t)l * net->cell->state_vecs * BH, BH * sizeof(float));
    for (int i = 0; i < T; i++) {
        float *x0 = w->xd0 + (size_t)i * B * DI;
        for (int b = 0; b < B; b++) {
            uint32_t y = i == 0 ? bt->start : bt->tgt[(size_t)(i - 1) * B + b];
            embed_rows(x0 + (size_t)b * DI, DI, P + net->off_tgt_emb, E, &y, 1);
        }
        if (dropout > 0)
            for (int b = 0; b < B; b++)
                dropout_mask(x0 + (size_t)b * DI, w->mask_tgt + ((size_t)i * B + b) * E, E, dropout, rng);
        float *ctx = w->ctx + (size_t)i * B * C;
        attend(net, P, w, B, N, bt->slen, w->hsd[Ld - 1] + (size_t)i * BH, w->wq + (size_t)i * B * Ha,
               w->alpha + (size_t)i * B * N, ctx);
        for (int b = 0; b < B; b++)
            memcpy(x0 + (size_t)b * DI + E, ctx + (size_t)b * C, (size_t)C * sizeof(float));
        float *hs[LM_S2S_MAX_LAYERS], *cache[LM_S2S_MAX_LAYERS];
        for (int l = 0; l < Ld; l++) hs[l] = w->hsd[l] + (size_t)i * BH, cache[l] = w->cached[l] + (size_t)i * w->cs1;
        dec_layers_step(net, P, B, x0, hs, cache, w->st);
        float *o = w->o + (size_t)i * B * OI;
        const float *s = w->hsd[Ld - 1] + (size_t)(i + 1) * BH;
        for (int b = 0; b < B; b++) {
            memcpy(o + (size_t)b * OI, s + (size_t)b * H, (size_t)H * sizeof(float));
            memcpy(o + (size_t)b * OI + H, ctx + (size_t)b * C, (size_t)C * sizeof(float));
        }
    }
    if (dropout > 0) dropout_mask(w->o, w->mask_o, (size_t)T * B * OI, dropout, rng);
    const int M = T * B;
    const uint32_t V = net->vocab;
    gemm_nt(M, (int)V, (int)OI, w->o, P + net->off_Wo, w->logits, 0);
    const float *bo = P + net->off_bo;
    for (int m = 0; m < M; m++) {
        float *row = w->logits + (size_t)m * V;
        for (uint32_t v = 0; v < V; v++) row[v] += bo[v];
    }
}

void s2s_score_batch(const lm_s2s *net, const float *params, lm_s2s_work *w,
                     const lm_s2s_batch *b, double *logp, float *alpha)
{
    forward(net, params, w, b, 0.0f, NULL);
    const uint32_t V = net->vocab;
    for (int i = 0; i < b->T; i++)
        for (int s = 0; s < b->B; s++) {
            if (i >= b->tlen[s]) continue;
            size_t m = (size_t)i * b->B + s;
            const float *row = w->logits + m * V;
            logp[m] = row[b->tgt[m]] - rnn_logsumexp(row, V);
        }
    if (alpha) memcpy(alpha, w->alpha, (size_t)b->T * b->B * b->N * sizeof(float));
}

/* ---- backward ------------------------------------------------------------------ */

/* Attention backward for one step: DCTX (B, C) = dL/dc_i in; adds to dH
 * (the encoder's top output), dA (U_a h_j), dW_a, dv_a; writes dL/dq
 * (B, H) into DQ. */
static void attend_backward(const lm_s2s *net, const float *P, float *G, lm_s2s_work *w, int B,
                            int N, const int *slen, const float *q, const float *wq,
                            const float *alpha, const float *dctx, float *dq)
{
    const int C = net->C, Ha = net->attn, H = net->hidden;
    const float *h = w->henc[net->enc_layers - 1], *va = P + net->off_va;
    float *dva = G + net->off_va;
    float *dwq = w->dwq;
    memset(dwq, 0, (size_t)B * Ha * sizeof(float));
    for (int b = 0; b < B; b++) {
        const float *a = alpha + (size_t)b * N, *dc = dctx + (size_t)b * C, *wb = wq + (size_t)b * Ha;
        float *dwb = dwq + (size_t)b * Ha;
        /* da_j = dc . h_j; de_j = a_j (da_j - sum_k a_k da_k) */
        float *da = w->da;
        double mean = 0;
        for (int j = 0; j < slen[b]; j++) {
            const float *hj = h + ((size_t)j * B + b) * C;
            float *dhj = w->dH + ((size_t)j * B + b) * C;
            float acc[SCORE_LANES] = { 0 }, s = 0;
            int k = 0;
            for (; k + SCORE_LANES <= C; k += SCORE_LANES)
                for (int l = 0; l < SCORE_LANES; l++) acc[l] += dc[k + l] * hj[k + l];
            for (; k < C; k++) s += dc[k] * hj[k];
            for (int l = 0; l < SCORE_LANES; l++) s += acc[l];
            for (k = 0; k < C; k++) dhj[k] += a[j] * dc[k];
            da[j] = s;
            mean += (double)a[j] * s;
        }
        for (int j = 0; j < slen[b]; j++) {
            float de = a[j] * (da[j] - (float)mean);
            const float *Aj = w->A + ((size_t)j * B + b) * Ha;
            float *dAj = w->dA + ((size_t)j * B + b) * Ha;
            score_row_backward(Ha, de, wb, Aj, va, dva, dAj, dwb);
        }
    }
    gemm_tn_acc(B, Ha, H, dwq, q, G + net->off_Wa);
    gemm_nn(B, Ha, H, dwq, P + net->off_Wa, dq, 0);
}

static void scatter_emb(float *demb, int E, const float *g, size_t stride, const uint32_t *ids, size_t n)
{
    for (size_t m = 0; m < n; m++) {
        if (ids[m] == LM_NO_ID) continue;
        float *row = demb + (size_t)ids[m] * E;
        for (int e = 0; e < E; e++) row[e] += g[m * stride + e];
    }
}

double s2s_train_batch(const lm_s2s *net, const float *P, float *G, lm_s2s_work *w,
                       const lm_s2s_batch *bt, float scale, float dropout, lm_rng *rng)
{
    const lm_cell *c = net->cell;
    const int B = bt->B, N = bt->N, T = bt->T, H = net->hidden, E = net->embed, C = net->C,
              Ld = net->dec_layers, Ha = net->attn, S = c->state_vecs;
    const size_t BH = (size_t)B * H, DI = (size_t)E + C, OI = (size_t)H + C, NB = (size_t)N * B,
                 sb = (size_t)S * BH;
    const uint32_t V = net->vocab;
    forward(net, P, w, bt, dropout, rng);

    /* Fused softmax cross-entropy over the targets' tokens, dL/dlogits in
     * place (rows past a target's length: zero). */
    double loss = 0;
    const int M = T * B;
    for (int m = 0; m < M; m++) {
        float *row = w->logits + (size_t)m * V;
        int i = m / B, b = m % B;
        if (i >= bt->tlen[b]) { memset(row, 0, V * sizeof(float)); continue; }
        uint32_t y = bt->tgt[m];
        double lse = rnn_logsumexp(row, V);
        loss -= row[y] - lse;
        for (uint32_t v = 0; v < V; v++) row[v] = expf((float)(row[v] - lse)) * scale;
        row[y] -= scale;
    }
    /* Output layer. */
    gemm_tn_acc(M, (int)V, (int)OI, w->logits, w->o, G + net->off_Wo);
    colsum_acc(M, (int)V, w->logits, G + net->off_bo);
    gemm_nn(M, (int)V, (int)OI, w->logits, P + net->off_Wo, w->dO, 0);
    if (dropout > 0) for (size_t k = 0; k < (size_t)M * OI; k++) w->dO[k] *= w->mask_o[k];
    for (int m = 0; m < M; m++) {
        memcpy(w->dtop + (size_t)m * H, w->dO + (size_t)m * OI, (size_t)H * sizeof(float));
        memcpy(w->dctx + (size_t)m * C, w->dO + (size_t)m * OI + H, (size_t)C * sizeof(float));
    }

    /* Decoder, step by step backwards; DQ carries dL/ds_{i-1} from step
     * i's attention query to step i-1. */
    memset(w->dstate, 0, (size_t)Ld * sb * sizeof(float));
    memset(w->dA, 0, NB * Ha * sizeof(float));
    memset(w->dH, 0, NB * C * sizeof(float));
    memset(w->dq, 0, BH * sizeof(float));
    float *dcsum = w->dcsum;   /* none: sum_i dL/dc_i, all steps sharing c */
    memset(dcsum, 0, (size_t)B * C * sizeof(float));
    for (int i = T - 1; i >= 0; i--) {
        float *dh = w->gA, *dx = w->gB;
        const float *dtop = w->dtop + (size_t)i * BH;
        for (size_t k = 0; k < BH; k++) dh[k] = dtop[k] + w->dq[k];
        for (int l = Ld - 1; l >= 0; l--) {
            const int in = dec_in(net, l);
            const float *x = l == 0 ? w->xd0 + (size_t)i * B * DI : w->hsd[l - 1] + (size_t)(i + 1) * BH;
            lm_cell_dims d = { 1, B, in, H, NULL, NULL, NULL };
            c->backward(&d, P + net->off_dec[l], G + net->off_dec[l], x, w->hsd[l] + (size_t)i * BH,
                        w->cached[l] + (size_t)i * w->cs1, dh, w->dstate + l * sb, dx, w->cwork);
            float *t = dh;
            dh = dx;
            dx = t;
        }
        /* dh: dL/d[E y_{i-1}; c_i] (B, E + C) */
        float *dc = w->dctx + (size_t)i * B * C;
        for (int b = 0; b < B; b++) {
            float *row = dh + (size_t)b * DI;
            if (dropout > 0) {
                const float *mk = w->mask_tgt + ((size_t)i * B + b) * E;
                for (int e = 0; e < E; e++) row[e] *= mk[e];
            }
            uint32_t y = i == 0 ? bt->start : bt->tgt[(size_t)(i - 1) * B + b];
            scatter_emb(G + net->off_tgt_emb, E, row, DI, &y, 1);
            for (int k = 0; k < C; k++) dc[(size_t)b * C + k] += row[E + k];
        }
        if (net->attention == LM_ATTN_ADDITIVE) {
            attend_backward(net, P, G, w, B, N, bt->slen, w->hsd[Ld - 1] + (size_t)i * BH,
                            w->wq + (size_t)i * B * Ha, w->alpha + (size_t)i * B * N, dc, w->dq);
        } else {
            for (size_t k = 0; k < (size_t)B * C; k++) dcsum[k] += dc[k];
        }
    }
    /* The bridge: dL/ds_0 per layer (the top one with the first query's
     * gradient), through tanh, into W_s, b_s and g. */
    for (int l = 0; l < Ld; l++)
        for (int b = 0; b < B; b++) {
            const float *ds = w->dstate + l * sb + (size_t)b * H;
            const float *s0 = w->sinit + (size_t)b * Ld * H + (size_t)l * H;
            float *dp = w->dinit + (size_t)b * Ld * H + (size_t)l * H;
            for (int k = 0; k < H; k++) {
                float g = ds[k] + (l == Ld - 1 ? w->dq[(size_t)b * H + k] : 0.0f);
                dp[k] = g * (1.0f - s0[k] * s0[k]);
            }
        }
    const float *hN = w->henc[net->enc_layers - 1];
    float *gsum = w->gA;   /* g (B, H), rebuilt, and dL/dg */
    float *dg = w->gB;
    for (int b = 0; b < B; b++) {
        const float *last = hN + ((size_t)(bt->slen[b] - 1) * B + b) * C, *first = hN + (size_t)b * C;
        memcpy(gsum + (size_t)b * H, net->bidir ? first + H : last, (size_t)H * sizeof(float));
    }
    gemm_tn_acc(B, Ld * H, H, w->dinit, gsum, G + net->off_Ws);
    colsum_acc(B, Ld * H, w->dinit, G + net->off_bs);
    gemm_nn(B, Ld * H, H, w->dinit, P + net->off_Ws, dg, 0);
    for (int b = 0; b < B; b++) {
        float *last = w->dH + ((size_t)(bt->slen[b] - 1) * B + b) * C, *first = w->dH + (size_t)b * C;
        const float *gb = dg + (size_t)b * H, *cs = dcsum + (size_t)b * C;
        for (int k = 0; k < H; k++) {
            if (net->bidir) first[H + k] += gb[k];
            else last[k] += gb[k];
        }
        if (net->attention == LM_ATTN_NONE)
            for (int k = 0; k < H; k++) {
                last[k] += cs[k];
                if (net->bidir) first[H + k] += cs[H + k];
            }
    }
    if (net->attention == LM_ATTN_ADDITIVE) {
        gemm_tn_acc((int)NB, Ha, C, w->dA, hN, G + net->off_Ua);
        gemm_nn((int)NB, Ha, C, w->dA, P + net->off_Ua, w->dH, 1);
    }

    /* Encoder, top layer down: each direction's dL/dh, its backward, and
     * the two dL/dx added in natural order. */
    float *dHl = w->dH, *dX = w->dX;
    for (int l = net->enc_layers - 1; l >= 0; l--) {
        const int in = enc_in(net, l);
        const float *x = l == 0 ? w->x0 : w->henc[l - 1];
        for (int j = 0; j < N; j++)
            for (int b = 0; b < B; b++) {
                const float *row = dHl + ((size_t)j * B + b) * C;
                memcpy(w->dhsf + ((size_t)j * B + b) * H, row, (size_t)H * sizeof(float));
                if (net->bidir)
                    memcpy(w->dhsb + ((size_t)rev(j, bt->slen[b]) * B + b) * H, row + H,
                           (size_t)H * sizeof(float));
            }
        lm_cell_dims d = { N, B, in, H, NULL, NULL, NULL };
        memset(w->zero_state, 0, sb * sizeof(float));
        c->backward(&d, P + net->off_enc[l][0], G + net->off_enc[l][0], x, w->hs[l][0],
                    w->cache[l][0], w->dhsf, w->zero_state, w->dxf, w->cwork);
        if (net->bidir) {
            memset(w->zero_state, 0, sb * sizeof(float));
            c->backward(&d, P + net->off_enc[l][1], G + net->off_enc[l][1], w->xrev[l], w->hs[l][1],
                        w->cache[l][1], w->dhsb, w->zero_state, w->dxb, w->cwork);
        }
        for (int j = 0; j < N; j++)
            for (int b = 0; b < B; b++) {
                float *o = dX + ((size_t)j * B + b) * in;
                const float *f = w->dxf + ((size_t)j * B + b) * in;
                for (int k = 0; k < in; k++) o[k] = f[k];
                if (net->bidir) {
                    const float *r = w->dxb + ((size_t)rev(j, bt->slen[b]) * B + b) * in;
                    for (int k = 0; k < in; k++) o[k] += r[k];
                }
            }
        float *t = dHl;
        dHl = dX;
        dX = t;
    }
    /* dHl: dL/d(embedded source) (N, B, E) */
    if (dropout > 0) for (size_t k = 0; k < NB * E; k++) dHl[k] *= w->mask_src[k];
    scatter_emb(G + net->off_src_emb, E, dHl, (size_t)E, bt->src, NB);
    return loss;
}

/* ---- decoding one source -------------------------------------------------------- */

size_t s2s_state_floats(const lm_s2s *net)
{
    return (size_t)net->dec_layers * net->cell->state_vecs * net->hidden + net->C;
}

void s2s_feed(const lm_s2s *net, const float *P, lm_s2s_work *w, float *state, uint32_t y)
{
    const int H = net->hidden, E = net->embed, C = net->C, Ld = net->dec_layers, S = net->cell->state_vecs;
    float *st = state, *ctx = state + (size_t)Ld * S * H;
    int slen = w->N;
    float *x0 = w->xd0, *alpha = w->alpha;
    embed_rows(x0, (size_t)E + C, P + net->off_tgt_emb, E, &y, 1);
    const float *q = st + (size_t)(Ld - 1) * S * H;   /* the top layer's h */
    attend(net, P, w, 1, w->N, &slen, q, w->wq, alpha, ctx);
    memcpy(x0 + E, ctx, (size_t)C * sizeof(float));
    float *hs[LM_S2S_MAX_LAYERS], *cache[LM_S2S_MAX_LAYERS];
    for (int l = 0; l < Ld; l++) hs[l] = w->hsd[l], cache[l] = w->cached[l];
    dec_layers_step(net, P, 1, x0, hs, cache, st);
}

void s2s_encode_source(const lm_s2s *net, const float *P, lm_s2s_work *w, const uint32_t *src, int N)
{
    if (N < 1 || N > w->Ncap) die("a source of %d tokens for a work of %d", N, w->Ncap);
    w->N = N;   /* the attention's length: this source's */
    encode(net, P, w, 1, N, src, &N, 0.0f, NULL);
}

void s2s_start(const lm_s2s *net, const float *P, lm_s2s_work *w, uint32_t start, float *state)
{
    init_state(net, w, 1, state);
    s2s_feed(net, P, w, state, start);
}

void s2s_logits(const lm_s2s *net, const float *P, const float *state, float *logits)
{
    const int H = net->hidden, C = net->C, Ld = net->dec_layers, S = net->cell->state_vecs;
    const float *s = state + (size_t)(Ld - 1) * S * H, *ctx = state + (size_t)Ld * S * H;
    const float *Wo = P + net->off_Wo, *bo = P + net->off_bo;
    for (uint32_t v = 0; v < net->vocab; v++) {
        const float *row = Wo + (size_t)v * (H + C);
        float z = bo[v];
        for (int k = 0; k < H; k++) z += row[k] * s[k];
        for (int k = 0; k < C; k++) z += row[H + k] * ctx[k];
        logits[v] = z;
    }
}
