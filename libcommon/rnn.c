/* rnn.c — embedding, the cell stack, projection and fused softmax
 * cross-entropy: forward and backward over one window. */
#include "rnn.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fastmath.h"
#include "linalg.h"
#include "parallel.h"
#include "util.h"
#include "vocab.h"

static size_t layer_in(const lm_rnn *net, int l)
{
    return l == 0 ? (size_t)net->embed : (size_t)net->hidden;
}

size_t rnn_param_count_tied(const lm_cell *cell, const lm_cell_hp *hp, int layers, int hidden,
                            int embed, uint32_t vocab, unsigned head)
{
    bool tied = head & LM_HEAD_TIED;
    lm_cell_hp r = hp ? *hp : (lm_cell_hp){ 0 };
    if (cell_resolve(cell, &r, embed, hidden)) return 0;
    size_t n = (size_t)vocab * embed;
    for (int l = 0; l < layers; l++)
        n += cell_param_count_hp(cell, l == 0 ? embed : hidden, hidden, &r);
    /* Tied: no W_p of its own, but P (E, H) when the sizes differ. */
    size_t out = !tied ? (size_t)vocab * hidden : embed != hidden ? (size_t)embed * hidden : 0;
    return n + out + vocab + (head & LM_HEAD_NORM ? (size_t)hidden : 0);
}

size_t rnn_param_count_hp(const lm_cell *cell, const lm_cell_hp *hp, int layers, int hidden,
                          int embed, uint32_t vocab)
{
    return rnn_param_count_tied(cell, hp, layers, hidden, embed, vocab, 0);
}

size_t rnn_param_count(const lm_cell *cell, int layers, int hidden, int embed, uint32_t vocab)
{
    return rnn_param_count_hp(cell, NULL, layers, hidden, embed, vocab);
}

void rnn_shape(lm_rnn *net, const lm_cell *cell, int layers, int hidden, int embed,
               uint32_t vocab)
{
    rnn_shape_hp(net, cell, NULL, layers, hidden, embed, vocab);
}

void rnn_shape_hp(lm_rnn *net, const lm_cell *cell, const lm_cell_hp *hp, int layers,
                  int hidden, int embed, uint32_t vocab)
{
    rnn_shape_tied(net, cell, hp, layers, hidden, embed, vocab, false);
}

void rnn_shape_tied(lm_rnn *net, const lm_cell *cell, const lm_cell_hp *hp, int layers,
                    int hidden, int embed, uint32_t vocab, unsigned head)
{
    bool tied = head & LM_HEAD_TIED;
    if (layers < 1 || layers > LM_MAX_LAYERS)
        die("%d layers is out of range (1 to %d)", layers, LM_MAX_LAYERS);
    if (hidden < 1 || embed < 1 || vocab < 1)
        die("model sizes must be positive (hidden %d, embed %d, vocabulary %u)", hidden, embed,
            vocab);
    /* Sizes are bounded by the callers (hidden, embed <= 2^16, vocabulary
     * <= 2^24), so the exact count cannot overflow. */
    lm_cell_hp r = hp ? *hp : (lm_cell_hp){ 0 };
    const char *why = cell_resolve(cell, &r, embed, hidden);
    if (why) die("--cell %s: %s", cell->name, why);
    size_t want = rnn_param_count_tied(cell, &r, layers, hidden, embed, vocab, head);
    if (want > LM_MAX_PARAMS)
        die("a %s model with %d layers of %d and vocabulary %u would have %zu parameters "
            "(%.3g GB); the limit is %zu", cell->name, layers, hidden, vocab, want,
            (double)want * 4 / 1e9, LM_MAX_PARAMS);
    memset(net, 0, sizeof *net);
    net->cell = cell;
    net->hp = r;
    net->state_vecs = cell_state_vecs(cell, &r);
    net->layers = layers;
    net->hidden = hidden;
    net->embed = embed;
    net->vocab = vocab;
    size_t off = 0;
    net->off_embed = off;
    off += (size_t)vocab * embed;
    for (int l = 0; l < layers; l++) {
        net->off_layer[l] = off;
        off += cell_param_count_hp(cell, (int)layer_in(net, l), hidden, &r);
    }
    net->tied = tied;
    net->tie_proj = tied && embed != hidden;
    net->out = tied ? embed : hidden;
    if (net->tie_proj) {
        net->off_tie_proj = off;
        off += (size_t)embed * hidden;
    }
    if (tied) {
        net->off_proj_w = net->off_embed;   /* the one matrix, both uses */
    } else {
        net->off_proj_w = off;
        off += (size_t)vocab * hidden;
    }
    net->off_proj_b = off;
    off += vocab;
    net->final_norm = head & LM_HEAD_NORM;
    if (net->final_norm) {
        net->off_norm_f = off;
        off += (size_t)hidden;
    }
    net->nparams = off;
}

unsigned rnn_head(const lm_rnn *net)
{
    return (net->tied ? LM_HEAD_TIED : 0) | (net->final_norm ? LM_HEAD_NORM : 0);
}

static int add_span(lm_span *s, int n, size_t off, size_t len)
{
    if (n > 0 && s[n - 1].off + s[n - 1].n == off) s[n - 1].n += len;
    else s[n++] = (lm_span){ off, len };
    return n;
}

int rnn_decay_spans(const lm_rnn *net, lm_span *s)
{
    int n = add_span(s, 0, net->off_embed, (size_t)net->vocab * net->embed);
    for (int l = 0; l < net->layers; l++) {
        lm_param_block b[LM_CELL_MAX_BLOCKS];
        int nb = cell_blocks_hp(net->cell, (int)layer_in(net, l), net->hidden, &net->hp, b);
        size_t off = net->off_layer[l];
        for (int i = 0; i < nb; off += b[i].n, i++)
            if (b[i].decay) n = add_span(s, n, off, b[i].n);
    }
    if (net->tie_proj) n = add_span(s, n, net->off_tie_proj, (size_t)net->embed * net->hidden);
    if (!net->tied) n = add_span(s, n, net->off_proj_w, (size_t)net->vocab * net->hidden);
    return n;
}

void rnn_init_params(const lm_rnn *net, float *params, const lm_weight_init *init, lm_rng *rng)
{
    float *emb = params + net->off_embed;
    size_t nemb = (size_t)net->vocab * net->embed;
    if (init->scale > 0 || net->tied) cell_uniform(emb, nemb, init_bound(init, net->out), rng);
    else for (size_t i = 0; i < nemb; i++) emb[i] = (float)rng_normal(rng);
    for (int l = 0; l < net->layers; l++)
        cell_init(net->cell, params + net->off_layer[l], (int)layer_in(net, l), net->hidden,
                  &net->hp, init, rng);
    if (net->tied) {
        if (net->tie_proj)
            cell_uniform(params + net->off_tie_proj, (size_t)net->embed * net->hidden,
                         init_bound(init, net->hidden), rng);
        cell_uniform(params + net->off_proj_b, net->vocab, init_bound(init, net->out), rng);
    } else {
        cell_uniform(params + net->off_proj_w, (size_t)net->vocab * net->hidden + net->vocab,
                     init_bound(init, net->hidden), rng);
    }
    if (net->final_norm)   /* the gain starts at 1, as the cells' norms do; no draw */
        for (int j = 0; j < net->hidden; j++) params[net->off_norm_f + (size_t)j] = 1;
}

/* ---- workspace ------------------------------------------------------------ */

static size_t gmax(const lm_rnn *net)
{
    return (size_t)(net->embed > net->hidden ? net->embed : net->hidden);
}

/* Every buffer of a work, in one list: the same walk sizes the single
 * allocation (BASE NULL), carves it, and counts the bytes for
 * rnn_work_bytes, so the three cannot disagree.  Each buffer starts on a
 * 64-byte line. */
typedef struct carver {
    float *base;
    size_t used;      /* floats */
} carver;

static float *carve(carver *cv, size_t n)
{
    float *p = cv->base ? cv->base + cv->used : NULL;
    cv->used += (n + 15) / 16 * 16;
    return p;
}

bool rnn_reg_dropout(const lm_rnn_reg *reg)
{
    return reg && (reg->drop_in > 0 || reg->drop_hidden > 0 || reg->drop_out > 0);
}

bool rnn_reg_random(const lm_rnn_reg *reg)
{
    return rnn_reg_dropout(reg) ||
           (reg && (reg->drop_embed > 0 || reg->weight_drop > 0 || reg->drop_branch > 0));
}

/* The dropout rate at layer L's input (L < layers) or, for L = layers,
 * the top layer's output. */
static float drop_at(const lm_rnn *net, const lm_rnn_reg *reg, int l)
{
    if (!reg) return 0;
    return l == 0 ? reg->drop_in : l < net->layers ? reg->drop_hidden : reg->drop_out;
}

/* Layer L's recurrent block "U" for weight drop: its offset in the
 * layer's parameters, its size in *N; dies for a cell without one. */
static size_t u_block(const lm_rnn *net, int l, size_t *n)
{
    lm_param_block b[LM_CELL_MAX_BLOCKS];
    int nb = cell_blocks_hp(net->cell, (int)layer_in(net, l), net->hidden, &net->hp, b);
    size_t off = 0;
    for (int i = 0; i < nb; off += b[i].n, i++)
        if (strcmp(b[i].name, "U") == 0) {
            *n = b[i].n;
            return off;
        }
    die("--weight-drop: the %s cell has no recurrent matrix U to drop", net->cell->name);
}

/* The rate of the dropout on a residual cell's branch (0 for other cells:
 * lm-train refuses --dropout-branch for them). */
static float branch_rate(const lm_rnn *net, const lm_rnn_reg *reg)
{
    return reg && net->cell->residual ? reg->drop_branch : 0;
}

/* The old single --dropout P: the same rate at the three positions. */
static lm_rnn_reg uniform_dropout(float p)
{
    return (lm_rnn_reg){ .drop_in = p, .drop_hidden = p, .drop_out = p };
}

static void work_layout(const lm_rnn *net, int B, int T, const lm_rnn_reg *reg, bool folded,
                        carver *cv, lm_rnn_work *w)
{
    const lm_cell *c = net->cell;
    size_t TB = (size_t)T * B, H = (size_t)net->hidden, V = net->vocab;
    size_t state_floats = (size_t)net->layers * net->state_vecs * H;
    /* Products here are of sizes bounded by the callers (rnn_shape, the
     * tools' option ranges): each fits in size_t. */
    w->state = carve(cv, state_floats * B);
    w->dstate = carve(cv, (size_t)net->state_vecs * B * H);
    w->x0 = carve(cv, TB * net->embed);
    for (int l = 0; l < net->layers; l++) {
        size_t in = layer_in(net, l);
        w->hs[l] = carve(cv, (T + 1) * (size_t)B * H);
        w->cache[l] = carve(cv, cell_cache_size(c, T, B, (int)H, &net->hp));
        if (drop_at(net, reg, l) > 0) {
            w->xin[l] = carve(cv, TB * in);
            w->mask[l] = carve(cv, TB * in);
        }
    }
    if (drop_at(net, reg, net->layers) > 0) {
        w->top = carve(cv, TB * H);
        w->mask[net->layers] = carve(cv, TB * H);
    }
    w->tq = net->tie_proj ? carve(cv, TB * net->embed) : NULL;
    w->nf = net->final_norm ? carve(cv, TB * net->hidden) : NULL;
    w->nf_r = net->final_norm ? carve(cv, TB) : NULL;
    w->emask = reg && reg->drop_embed > 0 ? carve(cv, V) : NULL;
    for (int l = 0; l < net->layers; l++)
        w->bmask[l] = branch_rate(net, reg) > 0 ? carve(cv, TB * H) : NULL;
    if (reg && reg->weight_drop > 0) {
        size_t most = 0;
        for (int l = 0; l < net->layers; l++) {
            size_t n = cell_param_count_hp(c, (int)layer_in(net, l), (int)H, &net->hp), nu;
            u_block(net, l, &nu);
            most = n > most ? n : most;
            w->wd_params[l] = carve(cv, n);
            w->wd_mask[l] = carve(cv, nu);
        }
        w->wd_grads = carve(cv, most);
    }
    w->logits = carve(cv, TB * V);
    w->g1 = carve(cv, TB * gmax(net));
    w->g2 = carve(cv, TB * gmax(net));
    w->cwork = carve(cv, cell_work_size(c, T, B, (int)H, &net->hp));
    w->xproj = folded ? carve(cv, TB * c->gates * H) : NULL;
}

double rnn_work_bytes_reg(const lm_rnn *net, int B, int T, const lm_rnn_reg *reg)
{
    lm_rnn_work w;
    carver cv = { NULL, 0 };
    work_layout(net, B, T, reg, false, &cv, &w);
    return (double)cv.used * sizeof(float);
}

double rnn_work_bytes(const lm_rnn *net, int B, int T, bool dropout)
{
    lm_rnn_reg reg = uniform_dropout(dropout ? 0.5f : 0);
    return rnn_work_bytes_reg(net, B, T, &reg);
}

static lm_rnn_work *work_new(const lm_rnn *net, int B, int T, const lm_rnn_reg *reg,
                             const float *fold)
{
    lm_rnn_work *w = xcalloc(1, sizeof *w);
    w->net = net;
    w->B = B;
    w->Tmax = T;
    w->dropout = rnn_reg_dropout(reg);
    w->state_floats = (size_t)net->layers * net->state_vecs * net->hidden;
    w->emb_proj = fold;
    carver cv = { NULL, 0 };
    work_layout(net, B, T, reg, fold != NULL, &cv, w);
    size_t n = cv.used;
    cv.base = aligned_alloc(64, xmul(n, sizeof(float)));
    if (!cv.base) die("out of memory (%zu bytes of activations)", n * sizeof(float));
    cv.used = 0;
    work_layout(net, B, T, reg, fold != NULL, &cv, w);
    w->block = cv.base;
    memset(w->state, 0, w->state_floats * B * sizeof(float));
    return w;
}

lm_rnn_work *rnn_work_new(const lm_rnn *net, int B, int T, bool dropout)
{
    lm_rnn_reg reg = uniform_dropout(dropout ? 0.5f : 0);
    return work_new(net, B, T, &reg, NULL);
}

lm_rnn_work *rnn_work_new_reg(const lm_rnn *net, int B, int T, const lm_rnn_reg *reg)
{
    return work_new(net, B, T, reg, NULL);
}

lm_rnn_work *rnn_work_new_folded(const lm_rnn *net, int B, int T, const float *fold)
{
    return work_new(net, B, T, NULL, fold);
}

void rnn_work_free(lm_rnn_work *w)
{
    if (!w) return;
    free(w->block);
    free(w);
}

float *rnn_fold_embedding(const lm_rnn *net, const float *params)
{
    size_t N = (size_t)net->cell->gates * net->hidden;
    if (N == 0) return NULL;   /* a cell whose first block is not an input weight (cell.h) */
    if ((size_t)net->vocab * N > LM_FOLD_MAX) return NULL;   /* a table too big to pay */
    float *table = xmalloc(xmul(xmul(net->vocab, N), sizeof(float)));
    /* (V, N) = E (V, Emb) . W0 (N, Emb)^T: the cell contract (cell.h) puts
     * the input weight W first in a layer's parameters.  Single-threaded:
     * OpenBLAS's threads split the sums differently, and the table must
     * be the same whoever folds it. */
    int threads = linalg_threads();
    linalg_set_threads(1);
    gemm_nt((int)net->vocab, (int)N, net->embed, params + net->off_embed,
            params + net->off_layer[0], table, 0);
    linalg_set_threads(threads);
    return table;
}

void rnn_reset_state(lm_rnn_work *w)
{
    memset(w->state, 0, w->state_floats * w->B * sizeof(float));
}

/* ---- forward ---------------------------------------------------------------- */

/* An inverted-dropout mask value: 0 with probability P, else 1/(1-P). */
static float keep_or_drop(float p, lm_rng *rng)
{
    return rng_uniform(rng) < p ? 0.0f : 1.0f / (1.0f - p);
}

/* A fresh mask over T steps of BN = B * width units: per unit and step,
 * or LOCKED, one per unit for all T steps (drawn once, then repeated, so
 * the backward is the same product). */
static void dropout_mask(float *mask, int T, size_t BN, float p, bool locked, lm_rng *rng)
{
    size_t n = locked ? BN : (size_t)T * BN;
    for (size_t i = 0; i < n; i++) mask[i] = keep_or_drop(p, rng);
    if (locked)
        for (int t = 1; t < T; t++) memcpy(mask + (size_t)t * BN, mask, BN * sizeof *mask);
}

/* out = in * mask, with a fresh mask (dropout_mask). */
static void dropout_forward(float *out, float *mask, const float *in, int T, size_t BN, float p,
                            bool locked, lm_rng *rng)
{
    dropout_mask(mask, T, BN, p, locked, rng);
    for (size_t i = 0; i < (size_t)T * BN; i++) out[i] = in[i] * mask[i];
}

/* Weight drop (DropConnect, Wan et al. 2013, on the recurrent weights as
 * Merity et al. 2017 do): layer L's parameters copied with U's entries
 * masked, one mask for the window (all streams, all steps).  Returns the
 * parameters the cell is to run with. */
static const float *weight_drop(const lm_rnn *net, const float *params, lm_rnn_work *w, int l,
                                float p, lm_rng *rng)
{
    const lm_cell *c = net->cell;
    int in = (int)layer_in(net, l), H = net->hidden;
    const float *lp = params + net->off_layer[l];
    float *dst = w->wd_params[l], *mask = w->wd_mask[l];
    size_t nu, u0 = u_block(net, l, &nu);
    memcpy(dst, lp, cell_param_count_hp(c, in, H, &net->hp) * sizeof(float));
    float *U = dst + u0;
    for (size_t i = 0; i < nu; i++) {
        mask[i] = keep_or_drop(p, rng);
        U[i] *= mask[i];
    }
    return dst;
}

/* Embedding, then the layers; returns the top layer's hs (T+1, B, H) and
 * leaves the projection input (after dropout, training only) in *top.
 * REG NULL: inference (no randomness; the folded table if the work has
 * one). */
static const float *stack_forward(const lm_rnn *net, const float *params, lm_rnn_work *w,
                                  const uint32_t *ids, int T, const lm_rnn_reg *reg,
                                  lm_rng *rng, const float **top)
{
    const int B = w->B, E = net->embed, H = net->hidden;
    const lm_cell *c = net->cell;
    /* The embedding rows, or with the folded table (inference), the first
     * layer's input projections themselves. */
    bool folded = w->emb_proj && !reg;
    const float *src = folded ? w->emb_proj : params + net->off_embed;
    size_t width = folded ? (size_t)c->gates * H : (size_t)E;
    float *dst = folded ? w->xproj : w->x0;
    float *emask = reg && reg->drop_embed > 0 ? w->emask : NULL;
    if (emask)   /* whole words: one draw per vocabulary entry */
        for (uint32_t v = 0; v < net->vocab; v++) emask[v] = keep_or_drop(reg->drop_embed, rng);
    for (size_t k = 0; k < (size_t)T * B; k++) {
        uint32_t id = ids[k] == LM_NO_ID ? 0 : ids[k];
        float *row = dst + k * width;
        memcpy(row, src + (size_t)id * width, width * sizeof(float));
        if (emask)
            for (size_t e = 0; e < width; e++) row[e] *= emask[id];
    }
    const float *lp[LM_MAX_LAYERS];
    for (int l = 0; l < net->layers; l++)
        lp[l] = reg && reg->weight_drop > 0 ? weight_drop(net, params, w, l, reg->weight_drop, rng)
                                            : params + net->off_layer[l];
    const float *x = w->x0;
    size_t sb = (size_t)net->state_vecs * B * H;
    for (int l = 0; l < net->layers; l++) {
        size_t in = layer_in(net, l);
        float p = drop_at(net, reg, l);
        if (p > 0) {
            dropout_forward(w->xin[l], w->mask[l], x, T, (size_t)B * in, p, reg->locked, rng);
            x = w->xin[l];
        }
        lm_cell_dims d = { T, B, (int)in, H, l == 0 && folded ? w->xproj : NULL, &net->hp, NULL };
        if (branch_rate(net, reg) > 0) {
            dropout_mask(w->bmask[l], T, (size_t)B * H, reg->drop_branch, reg->locked, rng);
            d.branch_mask = w->bmask[l];
        }
        c->forward(&d, lp[l], x, w->hs[l], w->state + l * sb, w->cache[l]);
        x = w->hs[l] + (size_t)B * H;
    }
    /* Training only: inference projects other rows (the state before each
     * id) and norms them itself. */
    if (net->final_norm && reg) {
        rnn_final_norm(net, params, x, T * B, w->nf, w->nf_r);
        x = w->nf;
    }
    float p = drop_at(net, reg, net->layers);
    if (p > 0) {
        dropout_forward(w->top, w->mask[net->layers], x, T, (size_t)B * H, p, reg->locked, rng);
        x = w->top;
    }
    *top = x;
    return w->hs[net->layers - 1];
}

#define FINAL_NORM_EPS 1e-5f   /* the cells' RMSNorm's, and the reference models' */

void rnn_final_norm(const lm_rnn *net, const float *params, const float *in, int M, float *out,
                    float *rinv)
{
    const int H = net->hidden;
    const float *g = params + net->off_norm_f;
    for (size_t m = 0; m < (size_t)M; m++) {
        const float *x = in + m * H;
        float ss = 0;
        for (int j = 0; j < H; j++) ss += x[j] * x[j];
        float r = 1.0f / sqrtf(ss / (float)H + FINAL_NORM_EPS);
        rinv[m] = r;
        for (int j = 0; j < H; j++) out[m * H + j] = x[j] * r * g[j];
    }
}

/* Its backward, in place: D holds dL/dout on entry and dL/din on return;
 * dL/dg is added to GRADS.  X: the norm's input rows, RINV their 1/rms. */
static void final_norm_backward(const lm_rnn *net, const float *params, float *grads,
                                const float *x, const float *rinv, int M, float *d)
{
    const int H = net->hidden;
    const float *g = params + net->off_norm_f;
    float *dg = grads + net->off_norm_f;
    for (size_t m = 0; m < (size_t)M; m++) {
        const float *xm = x + m * H;
        float *dm = d + m * H;
        const float r = rinv[m];
        float dot = 0;
        for (int j = 0; j < H; j++) {
            dg[j] += dm[j] * xm[j] * r;
            dot += dm[j] * g[j] * xm[j];
        }
        const float k = r * r * r * dot / (float)H;
        for (int j = 0; j < H; j++) dm[j] = r * g[j] * dm[j] - k * xm[j];
    }
}

/* logits (M, V) = top (M, H) . Wp^T + bp; tied: q = top . P^T (M, E)
 * first (tie_proj), and Wp is the embedding (V, E). */
void rnn_project(const lm_rnn *net, const float *params, const float *top, int M, float *q,
                 float *logits)
{
    const uint32_t V = net->vocab;
    if (net->tie_proj) {
        gemm_nt(M, net->embed, net->hidden, top, params + net->off_tie_proj, q, 0);
        top = q;
    }
    gemm_nt(M, (int)V, net->out, top, params + net->off_proj_w, logits, 0);
    const float *bp = params + net->off_proj_b;
    for (int m = 0; m < M; m++) {
        float *row = logits + (size_t)m * V;
        for (uint32_t v = 0; v < V; v++) row[v] += bp[v];
    }
}

/* log of the softmax normaliser of a row: max + log sum exp(x - max). */
static float row_max(const float *row, uint32_t V)
{
    float mx = row[0];
    for (uint32_t v = 1; v < V; v++) mx = row[v] > mx ? row[v] : mx;
    return mx;
}

/* sum_v exp(row[v] - mx).  Sixteen float partial sums let the loop
 * vectorise (a single running sum would fix the order of the additions);
 * they are added up in double.  row_exp_inplace also replaces the row
 * by the exponentials (the softmax's numerators). */
#define LANES 16
static double row_sumexp(const float *row, uint32_t V, float mx)
{
    float acc[LANES] = { 0 };
    uint32_t v = 0;
    for (; v + LANES <= V; v += LANES) {
        const float *r = row + v;
        float e[LANES];
        for (int k = 0; k < LANES; k++) e[k] = lm_expf(r[k] - mx);
        for (int k = 0; k < LANES; k++) acc[k] += e[k];
    }
    double s = 0;
    for (; v < V; v++) s += lm_expf(row[v] - mx);
    for (int k = 0; k < LANES; k++) s += acc[k];
    return s;
}

static double row_exp_inplace(float *row, uint32_t V, float mx)
{
    float acc[LANES] = { 0 };
    uint32_t v = 0;
    for (; v + LANES <= V; v += LANES) {
        float *r = row + v;
        for (int k = 0; k < LANES; k++) {
            r[k] = lm_expf(r[k] - mx);
            acc[k] += r[k];
        }
    }
    double s = 0;
    for (; v < V; v++) s += row[v] = lm_expf(row[v] - mx);
    for (int k = 0; k < LANES; k++) s += acc[k];
    return s;
}

double rnn_logsumexp(const float *row, uint32_t V)
{
    float mx = row_max(row, V);
    return mx + log(row_sumexp(row, V, mx));
}

/* ---- training window ------------------------------------------------------- */

/* AR and TAR (Merity et al. 2017): the penalty, with its gradient added
 * to DTOP and DH.  AR is on the dropped top output TOP (M, H), whose
 * gradient DTOP is (before its mask is applied); TAR on the raw top
 * layer's h_1..h_T within the window, HS + B*H, whose gradient is DH
 * (after the mask).  Means over the units, as the cross-entropy is a mean
 * over the tokens. */
static double ar_penalty(const float *top, float *dtop, size_t n, float ar)
{
    double s = 0;
    float k = 2.0f * ar / (float)n;
    for (size_t i = 0; i < n; i++) {
        s += (double)top[i] * top[i];
        dtop[i] += k * top[i];
    }
    return ar * s / (double)n;
}

static double tar_penalty(const float *h, float *dh, int T, size_t BH, float tar)
{
    if (T < 2) return 0;
    size_t n = (size_t)(T - 1) * BH;
    float k = 2.0f * tar / (float)n;
    double s = 0;
    for (size_t i = BH; i < (size_t)T * BH; i++) {
        float d = h[i] - h[i - BH];
        s += (double)d * d;
        dh[i] += k * d;
        dh[i - BH] -= k * d;
    }
    return tar * s / (double)n;
}

/* The window's forward and backward.  FLOW non-NULL: only the last
 * step's loss is differentiated, and FLOW (L, T) gets ||dL_T/dh_t|| per
 * layer and step (for --grad-flow). */
static double window(const lm_rnn *net, const float *params, float *grads, lm_rnn_work *w,
                     const uint32_t *inputs, const uint32_t *targets, int T,
                     const lm_rnn_reg *reg, lm_rng *rng, double *flow)
{
    const int B = w->B, E = net->embed, H = net->hidden, M = T * B;
    const uint32_t V = net->vocab;
    const lm_cell *c = net->cell;
    const float *top;
    stack_forward(net, params, w, inputs, T, reg, rng, &top);
    rnn_project(net, params, top, M, w->tq, w->logits);

    /* Fused softmax cross-entropy: the loss, and dL/dlogits in place. */
    double loss = 0;
    const float scale = 1.0f / (float)M;
    for (int m = 0; m < M; m++) {
        float *row = w->logits + (size_t)m * V;
        double s = row_exp_inplace(row, V, row_max(row, V));
        uint32_t y = targets[m];
        loss -= log(row[y] / s);
        if (flow && m < (T - 1) * B) {
            memset(row, 0, V * sizeof(float));
            continue;
        }
        float inv = (float)(1.0 / s) * scale;
        for (uint32_t v = 0; v < V; v++) row[v] *= inv;
        row[y] -= scale;
    }

    /* Projection backward.  Tied, the embedding's gradient gets this use
     * here and the input use below: off_proj_w is off_embed. */
    float *dtop = w->g1, *dx = w->g2;
    const float *q = net->tie_proj ? w->tq : top;
    float *dq = net->tie_proj ? w->g2 : dtop;   /* g2 is free until the stack's backward */
    gemm_tn_acc(M, (int)V, net->out, w->logits, q, grads + net->off_proj_w);
    colsum_acc(M, (int)V, w->logits, grads + net->off_proj_b);
    gemm_nn(M, (int)V, net->out, w->logits, params + net->off_proj_w, dq, 0);
    if (net->tie_proj) {   /* q = top P^T: dP += dq^T top, dtop = dq P */
        gemm_tn_acc(M, E, H, dq, top, grads + net->off_tie_proj);
        gemm_nn(M, E, H, dq, params + net->off_tie_proj, dtop, 0);
    }
    w->penalty = 0;
    if (reg && reg->ar > 0) w->penalty += ar_penalty(top, dtop, (size_t)M * H, reg->ar);
    if (drop_at(net, reg, net->layers) > 0) {
        const float *mk = w->mask[net->layers];
        for (size_t k = 0; k < (size_t)M * H; k++) dtop[k] *= mk[k];
    }
    if (net->final_norm)
        final_norm_backward(net, params, grads, w->hs[net->layers - 1] + (size_t)B * H, w->nf_r,
                            M, dtop);
    if (reg && reg->tar > 0)
        w->penalty += tar_penalty(w->hs[net->layers - 1] + (size_t)B * H, dtop, T,
                                  (size_t)B * H, reg->tar);

    /* The stack, top down; the carried state's gradient is cut. */
    size_t sb = (size_t)net->state_vecs * B * H;
    bool wd = reg && reg->weight_drop > 0;
    for (int l = net->layers - 1; l >= 0; l--) {
        size_t in = layer_in(net, l);
        const float *x = l == 0 ? w->x0 : w->hs[l - 1] + (size_t)B * H;
        float p = drop_at(net, reg, l);
        if (p > 0) x = w->xin[l];
        lm_cell_dims d = { T, B, (int)in, H, NULL, &net->hp,
                           branch_rate(net, reg) > 0 ? w->bmask[l] : NULL };
        memset(w->dstate, 0, sb * sizeof(float));
        /* Weight drop: the cell runs on the dropped copy, into a scratch
         * gradient; U's gradient is then masked as U was. */
        size_t np = cell_param_count_hp(c, (int)in, H, &net->hp);
        const float *lp = wd ? w->wd_params[l] : params + net->off_layer[l];
        float *lg = wd ? w->wd_grads : grads + net->off_layer[l];
        if (wd) memset(lg, 0, np * sizeof(float));
        c->backward(&d, lp, lg, x, w->hs[l], w->cache[l], dtop, w->dstate, dx, w->cwork);
        if (wd) {
            float *g = grads + net->off_layer[l];
            size_t nu, u0 = u_block(net, l, &nu);
            const float *mk = w->wd_mask[l];
            for (size_t i = 0; i < np; i++)
                g[i] += i >= u0 && i < u0 + nu ? lg[i] * mk[i - u0] : lg[i];
        }
        if (flow)   /* dtop now holds the total dL/dh_t of every step */
            for (int t = 0; t < T; t++) {
                double s2 = 0;
                for (size_t k = 0; k < (size_t)B * H; k++) {
                    double g = dtop[(size_t)t * B * H + k];
                    s2 += g * g;
                }
                flow[(size_t)l * T + t] = sqrt(s2);
            }
        if (p > 0) {
            const float *mk = w->mask[l];
            for (size_t k = 0; k < (size_t)M * in; k++) dx[k] *= mk[k];
        }
        float *t = dtop;
        dtop = dx;
        dx = t;
    }
    /* Embedding: scatter-add (a dropped word's row gets nothing). */
    float *demb = grads + net->off_embed;
    const float *emask = reg && reg->drop_embed > 0 ? w->emask : NULL;
    for (int m = 0; m < M; m++) {
        float *row = demb + (size_t)inputs[m] * E;
        const float *g = dtop + (size_t)m * E;
        float k = emask ? emask[inputs[m]] : 1.0f;
        if (k == 0) continue;
        if (emask) for (int e = 0; e < E; e++) row[e] += k * g[e];
        else for (int e = 0; e < E; e++) row[e] += g[e];
    }
    return loss / M;
}

/* The work must have the buffers REG's options need. */
static void check_work(const lm_rnn *net, const lm_rnn_work *w, const lm_rnn_reg *reg)
{
    for (int l = 0; l <= net->layers; l++)
        if (drop_at(net, reg, l) > 0 && !w->mask[l])
            die("internal error: a training work made without the dropout buffers");
    if ((reg && reg->drop_embed > 0 && !w->emask) || (reg && reg->weight_drop > 0 && !w->wd_grads) ||
        (branch_rate(net, reg) > 0 && !w->bmask[0]))
        die("internal error: a training work made without the regularisers' buffers");
    if (reg && reg->drop_branch > 0 && !net->cell->residual)
        die("--dropout-branch: the %s cell has no residual branch (it is for mamba)",
            net->cell->name);
}

double rnn_train_window_reg(const lm_rnn *net, const float *params, float *grads,
                            lm_rnn_work *w, const uint32_t *inputs, const uint32_t *targets,
                            int T, const lm_rnn_reg *reg, lm_rng *rng)
{
    lm_rnn_reg none = { 0 };
    if (!reg) reg = &none;   /* NULL means inference to stack_forward */
    check_work(net, w, reg);
    return window(net, params, grads, w, inputs, targets, T, reg, rng, NULL);
}

double rnn_train_window(const lm_rnn *net, const float *params, float *grads,
                        lm_rnn_work *w, const uint32_t *inputs, const uint32_t *targets,
                        int T, float dropout, lm_rng *rng)
{
    lm_rnn_reg reg = uniform_dropout(dropout);
    return rnn_train_window_reg(net, params, grads, w, inputs, targets, T, &reg, rng);
}

void rnn_grad_flow(const lm_rnn *net, const float *params, float *grads, lm_rnn_work *w,
                   const uint32_t *inputs, const uint32_t *targets, int T, double *flow)
{
    lm_rnn_reg none = { 0 };
    window(net, params, grads, w, inputs, targets, T, &none, NULL, flow);
}

/* ---- scoring ----------------------------------------------------------------- */

void rnn_score_window(const lm_rnn *net, const float *params, lm_rnn_work *w,
                      const uint32_t *ids, int T, double *logp)
{
    const int M = T * w->B;
    const uint32_t V = net->vocab;
    const float *top;   /* unused: scoring projects the state before each id */
    const float *hs = stack_forward(net, params, w, ids, T, NULL, NULL, &top);
    /* Each id is predicted from the state before it: hs[0..T-1]. */
    if (net->final_norm) {
        rnn_final_norm(net, params, hs, M, w->nf, w->nf_r);
        hs = w->nf;
    }
    rnn_project(net, params, hs, M, w->tq, w->logits);
    for (int m = 0; m < M; m++) {
        if (ids[m] == LM_NO_ID) continue;
        const float *row = w->logits + (size_t)m * V;
        logp[m] = row[ids[m]] - rnn_logsumexp(row, V);
    }
}

/* Streams B0 .. B0+NB-1 of a sequence cut into segments of SEG tokens,
 * each led by LEAD copies of EOS (0 or 1), scored window by window. */
typedef struct score_job {
    const lm_rnn *net;
    const float *params;
    const uint32_t *ids;
    size_t n, seg, lead, S;
    size_t s_lo, s_hi;      /* the streams this call scores */
    uint32_t eos;
    double *logp;
    int nshards;
    const float *fold;      /* the folded embedding, or NULL */
} score_job;

static void score_shard(void *arg, int s)
{
    const score_job *j = arg;
    size_t span = j->s_hi - j->s_lo;
    size_t b0 = j->s_lo + span * s / j->nshards, b1 = j->s_lo + span * (s + 1) / j->nshards;
    size_t NB = b1 - b0;
    if (NB == 0) return;
    const int T = 64;
    size_t len = j->seg + j->lead;
    /* The folded table costs V tokens' worth: used for a shard that
     * scores at least that many. */
    const float *fold = len * NB >= (size_t)j->net->vocab ? j->fold : NULL;
    lm_rnn_work *w = rnn_work_new_folded(j->net, (int)NB, T, fold);
    uint32_t *win = xmalloc(xmul((size_t)T * NB, sizeof *win));
    double *lp = xmalloc(xmul((size_t)T * NB, sizeof *lp));
    for (size_t pos = 0; pos < len; pos += (size_t)T) {
        int Tw = (int)(len - pos < (size_t)T ? len - pos : (size_t)T);
        for (int t = 0; t < Tw; t++)
            for (size_t b = 0; b < NB; b++) {
                size_t step = pos + t, i = (b0 + b) * j->seg + (step - j->lead);
                uint32_t id = LM_NO_ID;
                if (step < j->lead) id = j->eos;
                else if (step - j->lead < j->seg && i < j->n) id = j->ids[i];
                win[(size_t)t * NB + b] = id;
            }
        rnn_score_window(j->net, j->params, w, win, Tw, lp);
        for (int t = 0; t < Tw; t++)
            for (size_t b = 0; b < NB; b++) {
                size_t step = pos + t, i = (b0 + b) * j->seg + (step - j->lead);
                if (step >= j->lead && step - j->lead < j->seg && i < j->n)
                    j->logp[i] = lp[(size_t)t * NB + b];
            }
    }
    free(win);
    free(lp);
    rnn_work_free(w);
}

void rnn_score_part(const lm_rnn *net, const float *params, const float *fold,
                    const uint32_t *ids, size_t n, uint32_t eos, double *logp, int threads,
                    int part, int parts, size_t *lo, size_t *hi)
{
    *lo = *hi = 0;
    if (n == 0) return;
    size_t S = (n + LM_EVAL_MIN_STREAM - 1) / LM_EVAL_MIN_STREAM;
    if (S > LM_EVAL_STREAMS) S = LM_EVAL_STREAMS;
    size_t seg = (n + S - 1) / S;
    S = (n + seg - 1) / seg;
    size_t s_lo = S * (size_t)part / (size_t)parts, s_hi = S * (size_t)(part + 1) / (size_t)parts;
    *lo = s_lo * seg < n ? s_lo * seg : n;
    *hi = s_hi * seg < n ? s_hi * seg : n;
    if (s_hi == s_lo) return;
    score_job j = { net, params, ids, n, seg, eos != LM_NO_ID ? 1 : 0, S, s_lo, s_hi, eos, logp,
                    1, fold };
    j.nshards = threads < (int)(s_hi - s_lo) ? threads : (int)(s_hi - s_lo);
    if (j.nshards < 1) j.nshards = 1;
    /* Shards run OpenBLAS single-threaded (parallel_run sees to it). */
    float *own = NULL;
    if (!fold) j.fold = own = rnn_fold_embedding(net, params);
    parallel_run(j.nshards, score_shard, &j);
    free(own);
}

double rnn_score_sequence(const lm_rnn *net, const float *params, const float *fold,
                          const uint32_t *ids, size_t n, uint32_t eos, double *logp, int threads)
{
    size_t lo, hi;
    rnn_score_part(net, params, fold, ids, n, eos, logp, threads, 0, 1, &lo, &hi);
    double total = 0;
    for (size_t i = 0; i < n; i++) total += logp[i];
    return total;
}

void rnn_feed_window(const lm_rnn *net, const float *params, lm_rnn_work *w,
                     const uint32_t *ids, int T)
{
    const float *top;
    stack_forward(net, params, w, ids, T, NULL, NULL, &top);
}
