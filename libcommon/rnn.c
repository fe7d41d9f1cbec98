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

size_t rnn_param_count_hp(const lm_cell *cell, const lm_cell_hp *hp, int layers, int hidden,
                          int embed, uint32_t vocab)
{
    lm_cell_hp r = hp ? *hp : (lm_cell_hp){ 0 };
    if (cell_resolve(cell, &r, embed, hidden)) return 0;
    size_t n = (size_t)vocab * embed;
    for (int l = 0; l < layers; l++)
        n += cell_param_count_hp(cell, l == 0 ? embed : hidden, hidden, &r);
    return n + (size_t)vocab * hidden + vocab;
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
    size_t want = rnn_param_count_hp(cell, &r, layers, hidden, embed, vocab);
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
    net->off_proj_w = off;
    off += (size_t)vocab * hidden;
    net->off_proj_b = off;
    off += vocab;
    net->nparams = off;
}

void rnn_init_params(const lm_rnn *net, float *params, const lm_weight_init *init, lm_rng *rng)
{
    float *emb = params + net->off_embed;
    size_t nemb = (size_t)net->vocab * net->embed;
    if (init->scale > 0) cell_uniform(emb, nemb, init->scale, rng);
    else for (size_t i = 0; i < nemb; i++) emb[i] = (float)rng_normal(rng);
    for (int l = 0; l < net->layers; l++)
        cell_init(net->cell, params + net->off_layer[l], (int)layer_in(net, l), net->hidden,
                  &net->hp, init, rng);
    cell_uniform(params + net->off_proj_w, (size_t)net->vocab * net->hidden + net->vocab,
                 init_bound(init, net->hidden), rng);
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

static void work_layout(const lm_rnn *net, int B, int T, bool dropout, bool folded,
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
        if (dropout) {
            w->xin[l] = carve(cv, TB * in);
            w->mask[l] = carve(cv, TB * in);
        }
    }
    if (dropout) {
        w->top = carve(cv, TB * H);
        w->mask[net->layers] = carve(cv, TB * H);
    }
    w->logits = carve(cv, TB * V);
    w->g1 = carve(cv, TB * gmax(net));
    w->g2 = carve(cv, TB * gmax(net));
    w->cwork = carve(cv, cell_work_size(c, T, B, (int)H, &net->hp));
    w->xproj = folded ? carve(cv, TB * c->gates * H) : NULL;
}

double rnn_work_bytes(const lm_rnn *net, int B, int T, bool dropout)
{
    lm_rnn_work w;
    carver cv = { NULL, 0 };
    work_layout(net, B, T, dropout, false, &cv, &w);
    return (double)cv.used * sizeof(float);
}

static lm_rnn_work *work_new(const lm_rnn *net, int B, int T, bool dropout, const float *fold)
{
    lm_rnn_work *w = xcalloc(1, sizeof *w);
    w->net = net;
    w->B = B;
    w->Tmax = T;
    w->dropout = dropout;
    w->state_floats = (size_t)net->layers * net->state_vecs * net->hidden;
    w->emb_proj = fold;
    carver cv = { NULL, 0 };
    work_layout(net, B, T, dropout, fold != NULL, &cv, w);
    size_t n = cv.used;
    cv.base = aligned_alloc(64, xmul(n, sizeof(float)));
    if (!cv.base) die("out of memory (%zu bytes of activations)", n * sizeof(float));
    cv.used = 0;
    work_layout(net, B, T, dropout, fold != NULL, &cv, w);
    w->block = cv.base;
    memset(w->state, 0, w->state_floats * B * sizeof(float));
    return w;
}

lm_rnn_work *rnn_work_new(const lm_rnn *net, int B, int T, bool dropout)
{
    return work_new(net, B, T, dropout, NULL);
}

lm_rnn_work *rnn_work_new_folded(const lm_rnn *net, int B, int T, const float *fold)
{
    return work_new(net, B, T, false, fold);
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

/* out = in * mask, with a fresh inverted-dropout mask (0 or 1/(1-p)). */
static void dropout_forward(float *out, float *mask, const float *in, size_t n, float p,
                            lm_rng *rng)
{
    float keep = 1.0f / (1.0f - p);
    for (size_t i = 0; i < n; i++) {
        mask[i] = rng_uniform(rng) < p ? 0.0f : keep;
        out[i] = in[i] * mask[i];
    }
}

/* Embedding, then the layers; returns the top layer's hs (T+1, B, H) and
 * leaves the projection input (after dropout, training only) in *top. */
static const float *stack_forward(const lm_rnn *net, const float *params, lm_rnn_work *w,
                                  const uint32_t *ids, int T, float dropout, lm_rng *rng,
                                  const float **top)
{
    const int B = w->B, E = net->embed, H = net->hidden;
    const lm_cell *c = net->cell;
    /* The embedding rows, or with the folded table (inference), the first
     * layer's input projections themselves. */
    bool folded = w->emb_proj && dropout == 0;
    const float *src = folded ? w->emb_proj : params + net->off_embed;
    size_t width = folded ? (size_t)c->gates * H : (size_t)E;
    float *dst = folded ? w->xproj : w->x0;
    for (size_t k = 0; k < (size_t)T * B; k++) {
        uint32_t id = ids[k] == LM_NO_ID ? 0 : ids[k];
        memcpy(dst + k * width, src + (size_t)id * width, width * sizeof(float));
    }
    const float *x = w->x0;
    size_t sb = (size_t)net->state_vecs * B * H;
    for (int l = 0; l < net->layers; l++) {
        size_t in = layer_in(net, l);
        if (dropout > 0) {
            dropout_forward(w->xin[l], w->mask[l], x, (size_t)T * B * in, dropout, rng);
            x = w->xin[l];
        }
        lm_cell_dims d = { T, B, (int)in, H, l == 0 && folded ? w->xproj : NULL, &net->hp };
        c->forward(&d, params + net->off_layer[l], x, w->hs[l], w->state + l * sb, w->cache[l]);
        x = w->hs[l] + (size_t)B * H;
    }
    if (dropout > 0) {
        dropout_forward(w->top, w->mask[net->layers], x, (size_t)T * B * H, dropout, rng);
        x = w->top;
    }
    *top = x;
    return w->hs[net->layers - 1];
}

/* logits (M, V) = top (M, H) . Wp^T + bp */
static void project(const lm_rnn *net, const float *params, const float *top, int M, float *logits)
{
    const uint32_t V = net->vocab;
    gemm_nt(M, (int)V, net->hidden, top, params + net->off_proj_w, logits, 0);
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

/* The window's forward and backward.  FLOW non-NULL: only the last
 * step's loss is differentiated, and FLOW (L, T) gets ||dL_T/dh_t|| per
 * layer and step (for --grad-flow). */
static double window(const lm_rnn *net, const float *params, float *grads, lm_rnn_work *w,
                     const uint32_t *inputs, const uint32_t *targets, int T, float dropout,
                     lm_rng *rng, double *flow)
{
    const int B = w->B, E = net->embed, H = net->hidden, M = T * B;
    const uint32_t V = net->vocab;
    const lm_cell *c = net->cell;
    const float *top;
    stack_forward(net, params, w, inputs, T, dropout, rng, &top);
    project(net, params, top, M, w->logits);

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

    /* Projection backward. */
    float *dtop = w->g1, *dx = w->g2;
    gemm_tn_acc(M, (int)V, H, w->logits, top, grads + net->off_proj_w);
    colsum_acc(M, (int)V, w->logits, grads + net->off_proj_b);
    gemm_nn(M, (int)V, H, w->logits, params + net->off_proj_w, dtop, 0);
    if (dropout > 0) {
        const float *mk = w->mask[net->layers];
        for (size_t k = 0; k < (size_t)M * H; k++) dtop[k] *= mk[k];
    }

    /* The stack, top down; the carried state's gradient is cut. */
    size_t sb = (size_t)net->state_vecs * B * H;
    for (int l = net->layers - 1; l >= 0; l--) {
        size_t in = layer_in(net, l);
        const float *x = l == 0 ? w->x0 : w->hs[l - 1] + (size_t)B * H;
        if (dropout > 0) x = w->xin[l];
        lm_cell_dims d = { T, B, (int)in, H, NULL, &net->hp };
        memset(w->dstate, 0, sb * sizeof(float));
        c->backward(&d, params + net->off_layer[l], grads + net->off_layer[l], x, w->hs[l],
                    w->cache[l], dtop, w->dstate, dx, w->cwork);
        if (flow)   /* dtop now holds the total dL/dh_t of every step */
            for (int t = 0; t < T; t++) {
                double s2 = 0;
                for (size_t k = 0; k < (size_t)B * H; k++) {
                    double g = dtop[(size_t)t * B * H + k];
                    s2 += g * g;
                }
                flow[(size_t)l * T + t] = sqrt(s2);
            }
        if (dropout > 0) {
            const float *mk = w->mask[l];
            for (size_t k = 0; k < (size_t)M * in; k++) dx[k] *= mk[k];
        }
        float *t = dtop;
        dtop = dx;
        dx = t;
    }
    /* Embedding: scatter-add. */
    float *demb = grads + net->off_embed;
    for (int m = 0; m < M; m++) {
        float *row = demb + (size_t)inputs[m] * E;
        const float *g = dtop + (size_t)m * E;
        for (int e = 0; e < E; e++) row[e] += g[e];
    }
    return loss / M;
}

double rnn_train_window(const lm_rnn *net, const float *params, float *grads,
                        lm_rnn_work *w, const uint32_t *inputs, const uint32_t *targets,
                        int T, float dropout, lm_rng *rng)
{
    return window(net, params, grads, w, inputs, targets, T, dropout, rng, NULL);
}

void rnn_grad_flow(const lm_rnn *net, const float *params, float *grads, lm_rnn_work *w,
                   const uint32_t *inputs, const uint32_t *targets, int T, double *flow)
{
    window(net, params, grads, w, inputs, targets, T, 0.0f, NULL, flow);
}

/* ---- scoring ----------------------------------------------------------------- */

void rnn_score_window(const lm_rnn *net, const float *params, lm_rnn_work *w,
                      const uint32_t *ids, int T, double *logp)
{
    const int M = T * w->B;
    const uint32_t V = net->vocab;
    const float *top;   /* unused: scoring projects the state before each id */
    const float *hs = stack_forward(net, params, w, ids, T, 0.0f, NULL, &top);
    /* Each id is predicted from the state before it: hs[0..T-1]. */
    project(net, params, hs, M, w->logits);
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
    stack_forward(net, params, w, ids, T, 0.0f, NULL, &top);
}
