/* rnn.h — the recurrent language model over flat buffers:
 *
 *   embedding (V, E) -> L recurrent layers (one lm_cell) -> projection
 *   (V, H) + bias (V) -> softmax cross-entropy, fused
 *
 * All parameters live in one float buffer and all gradients in another of
 * the same layout (rnn_shape gives the offsets), so the optimizer,
 * clipping, checkpoints and gradient checks are loops over one array.
 *
 * Dropout (Zaremba et al. 2014) is applied to the non-recurrent
 * connections only: the embedding output, between layers, and before the
 * projection; inverted, so nothing changes at evaluation.  The post-2014
 * regularisers (lm_rnn_reg: locked masks, embedding dropout, weight drop,
 * AR/TAR) are training-only too; weight tying changes the model itself:
 *
 *   tied, E = H   z = E h^L + b_p             (Press & Wolf 2017)
 *   tied, E != H  z = E (P h^L) + b_p, P (E, H) (Inan et al. 2017)
 *
 * the embedding matrix E is the output projection, and its gradient is the
 * sum of both uses (one buffer: the two backward passes add into it).
 * A final norm (LM_HEAD_NORM, as the reference Mamba and transformer LMs
 * end) puts an RMSNorm with its own gain g (H) between the top layer and
 * the softmax, before the output dropout:
 *
 *   z = W_p (g ⊙ h^L / sqrt(mean(h^L²) + 1e-5)) + b_p
 *
 * Two uses of a window of T steps over B parallel streams (ids time-major,
 * (T, B)):
 *   train  inputs x_0..x_{T-1}, targets y_t = the next token; the loss is
 *          the mean over the window, gradients are added to GRADS;
 *   score  the log-probability of every id in the window, each predicted
 *          from the state before it is fed (the first one from the carried
 *          state), which is what lm-score and validation report. */
#ifndef LM_RNN_H
#define LM_RNN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cell.h"
#include "rng.h"

#define LM_MAX_LAYERS 16

typedef struct lm_rnn {
    const lm_cell *cell;
    lm_cell_hp hp;            /* the cell's hyper-parameters, resolved (zeros: none) */
    int state_vecs;           /* per layer and stream, vectors of H (cell_state_vecs) */
    int layers, hidden, embed;
    uint32_t vocab;
    size_t nparams;
    size_t off_embed, off_layer[LM_MAX_LAYERS], off_proj_w, off_proj_b;
    /* --tie-weights: off_proj_w is off_embed, and the softmax reads
     * OUT = embed columns; tie_proj: E != H, so P (E, H) at off_tie_proj
     * maps h^L to the embedding's size first.  Untied: OUT = hidden. */
    bool tied, tie_proj;
    int out;
    size_t off_tie_proj;
    bool final_norm;          /* LM_HEAD_NORM: the gain g (H) at off_norm_f */
    size_t off_norm_f;
} lm_rnn;

/* The head between the top layer and the softmax, as flags (a bool true
 * is LM_HEAD_TIED). */
#define LM_HEAD_TIED 1u
#define LM_HEAD_NORM 2u
unsigned rnn_head(const lm_rnn *net);

/* Fills in the layout.  Dies if the sizes are out of range or the model
 * would need more than LM_MAX_PARAMS floats. */
#define LM_MAX_PARAMS ((size_t)1 << 27)   /* 512 MB of float32: one stream record */
void rnn_shape(lm_rnn *net, const lm_cell *cell, int layers, int hidden, int embed,
               uint32_t vocab);
/* Parameter count for a shape without building it (for --params). */
size_t rnn_param_count(const lm_cell *cell, int layers, int hidden, int embed, uint32_t vocab);
/* The same with the cell's hyper-parameters HP (zeros: the defaults;
 * NULL: all defaults): rnn_shape is rnn_shape_hp with NULL.
 * rnn_param_count_hp returns 0 for hyper-parameters that cannot work. */
void rnn_shape_hp(lm_rnn *net, const lm_cell *cell, const lm_cell_hp *hp, int layers,
                  int hidden, int embed, uint32_t vocab);
size_t rnn_param_count_hp(const lm_cell *cell, const lm_cell_hp *hp, int layers, int hidden,
                          int embed, uint32_t vocab);
/* And with the head HEAD: the embedding tied to the output projection
 * (LM_HEAD_TIED), a final norm (LM_HEAD_NORM). */
void rnn_shape_tied(lm_rnn *net, const lm_cell *cell, const lm_cell_hp *hp, int layers,
                    int hidden, int embed, uint32_t vocab, unsigned head);
size_t rnn_param_count_tied(const lm_cell *cell, const lm_cell_hp *hp, int layers, int hidden,
                            int embed, uint32_t vocab, unsigned head);
/* The parameters --weight-decay shrinks, as (offset, count) spans of the
 * flat buffer: the embedding, every layer's matrices (lm_param_block's
 * DECAY), a tied model's P and an untied projection; not the biases,
 * gains or SSM constants.  Adjacent spans are merged; returns how many
 * were written to S (room for LM_RNN_MAX_SPANS). */
typedef struct lm_span {
    size_t off, n;
} lm_span;
#define LM_RNN_MAX_SPANS (LM_MAX_LAYERS * LM_CELL_MAX_BLOCKS + 3)
int rnn_decay_spans(const lm_rnn *net, lm_span *s);

/* PyTorch's defaults unless INIT->scale is set: embedding N(0, 1), cells
 * as cell->init, projection weight and bias U(-1/sqrt(H), 1/sqrt(H)); with
 * INIT->scale s, everything U(-s, s) (Zaremba et al. 2014) but an LSTM's
 * forget-gate bias, INIT->forget_bias either way.  A tied embedding is
 * drawn as the projection it also is, U(-1/sqrt(OUT), 1/sqrt(OUT)): N(0, 1)
 * logits would start the softmax saturated. */
void rnn_init_params(const lm_rnn *net, float *params, const lm_weight_init *init, lm_rng *rng);

/* The regularisers of a training window (lm-train(1) REGULARISATION).
 * All rates are probabilities in [0, 1); every mask is inverted (kept
 * units scaled by 1/(1-p)) and drawn from the window's generator in a
 * fixed order: words, weights (layer by layer), then the units as the
 * forward meets them, so a seed gives the same masks everywhere. */
typedef struct lm_rnn_reg {
    float drop_in;       /* the embedding output (layer 1's input) */
    float drop_hidden;   /* between layers */
    float drop_out;      /* the top layer's output, before the projection */
    bool locked;         /* one mask per stream per window, shared by its T steps
                          * (Gal & Ghahramani 2016); else a fresh one each step */
    float drop_embed;    /* whole words: row v of E zeroed for the window */
    float weight_drop;   /* DropConnect on each layer's recurrent U, per window */
    float ar, tar;       /* ar * mean(m . h^L)^2, tar * mean (h^L_t - h^L_{t-1})^2 */
    float drop_branch;   /* a residual cell's branch, before the add (lm_cell_dims) */
} lm_rnn_reg;
/* Whether REG (NULL: none) needs the dropout buffers, and any randomness. */
bool rnn_reg_dropout(const lm_rnn_reg *reg);
bool rnn_reg_random(const lm_rnn_reg *reg);

/* Activations, caches and scratch for B streams and windows of up to
 * TMAX steps, plus the state each stream carries: one user's (one
 * thread's), carved from one allocation by one list of sizes. */
typedef struct lm_rnn_work {
    const lm_rnn *net;
    int B, Tmax;
    bool dropout;
    size_t state_floats;      /* per stream: layers * net->state_vecs * H */
    float *state;             /* (L, S, B, H) carried between windows */
    float *x0;                /* (T, B, E) embedded inputs */
    float *xin[LM_MAX_LAYERS];/* (T, B, in) layer inputs after dropout */
    float *top;               /* (T, B, H) projection input after dropout */
    float *mask[LM_MAX_LAYERS + 1];
    float *hs[LM_MAX_LAYERS]; /* (T+1, B, H) */
    float *cache[LM_MAX_LAYERS];
    float *logits;            /* (T*B, V) */
    float *g1, *g2;           /* gradient ping-pong, (T, B, max(E, H)) */
    float *dstate;            /* (S, B, H) */
    float *cwork;             /* the cells' backward scratch */
    const float *emb_proj;    /* (V, gates * H): E W0^T, when folded (not owned) */
    float *xproj;             /* (T, B, gates * H): its rows for a window */
    float *tq;                /* (T, B, E): P h^L, the tied softmax's input (tie_proj) */
    float *nf, *nf_r;         /* (T, B, H), (T, B): the final norm's output and 1/rms */
    float *emask;             /* (V) embedding dropout's word mask */
    float *bmask[LM_MAX_LAYERS];       /* (T, B, H) each layer's branch mask */
    float *wd_params[LM_MAX_LAYERS];   /* each layer's parameters with U dropped */
    float *wd_mask[LM_MAX_LAYERS];     /* its U mask */
    float *wd_grads;          /* one layer's gradient, for the dropped copy */
    double penalty;           /* the last window's AR + TAR term (nats) */
    float *block;             /* the one allocation */
} lm_rnn_work;

lm_rnn_work *rnn_work_new(const lm_rnn *net, int B, int Tmax, bool dropout);
/* For training with the regularisers REG (NULL: none). */
lm_rnn_work *rnn_work_new_reg(const lm_rnn *net, int B, int Tmax, const lm_rnn_reg *reg);
double rnn_work_bytes_reg(const lm_rnn *net, int B, int Tmax, const lm_rnn_reg *reg);
/* For inference with a folded embedding FOLD (rnn_fold_embedding; NULL:
 * none), which the work reads and does not own. */
lm_rnn_work *rnn_work_new_folded(const lm_rnn *net, int B, int Tmax, const float *fold);
void rnn_work_free(lm_rnn_work *w);
/* Bytes rnn_work_new would allocate (to refuse absurd sizes up front). */
double rnn_work_bytes(const lm_rnn *net, int B, int Tmax, bool dropout);
void rnn_reset_state(lm_rnn_work *w);
/* For inference: the first layer's input projection of every token (a
 * V x gates*H table, E W0^T), so that feeding a token is a row copy
 * instead of a product; valid while PARAMS do not change.  NULL when the
 * table would exceed LM_FOLD_MAX floats.  The caller frees it. */
float *rnn_fold_embedding(const lm_rnn *net, const float *params);
#define LM_FOLD_MAX ((size_t)1 << 24)

/* One training window: forward, loss, backward.  Returns the mean loss in
 * nats per token.  GRADS is added to (the caller zeroes it). */
double rnn_train_window(const lm_rnn *net, const float *params, float *grads,
                        lm_rnn_work *w, const uint32_t *inputs, const uint32_t *targets,
                        int T, float dropout, lm_rng *rng);
/* The same with the regularisers REG (the work made for them).  Returns
 * the mean cross-entropy only; the AR/TAR term, which the gradient
 * includes, is left in W->penalty. */
double rnn_train_window_reg(const lm_rnn *net, const float *params, float *grads,
                            lm_rnn_work *w, const uint32_t *inputs, const uint32_t *targets,
                            int T, const lm_rnn_reg *reg, lm_rng *rng);

/* logits (M, V) = softmax input (M, H) projected: W_p top + b_p, or with
 * tied weights E (P) top + b_p.  Q: (M, E) scratch when NET->tie_proj. */
void rnn_project(const lm_rnn *net, const float *params, const float *top, int M, float *q,
                 float *logits);

/* The final norm (NET->final_norm) of M rows IN (M, H) into OUT, and
 * each row's 1/rms into RINV (M). */
void rnn_final_norm(const lm_rnn *net, const float *params, const float *in, int M, float *out,
                    float *rinv);

/* log sum_v exp(row[v]), vectorised, summed in double. */
double rnn_logsumexp(const float *row, uint32_t V);

/* Gradient flow through time (Pascanu et al. 2013): runs the window
 * without dropout, differentiates only the last step's loss L_T, and
 * writes ||dL_T/dh_t|| (over the B streams' H units) for every layer l and
 * step t into FLOW[l * T + t].  GRADS is scratch (added to). */
void rnn_grad_flow(const lm_rnn *net, const float *params, float *grads, lm_rnn_work *w,
                   const uint32_t *inputs, const uint32_t *targets, int T, double *flow);

/* Log-probability (natural log) of every id in the window, (T, B) time-
 * major; ids equal to LM_NO_ID are padding (fed as 0, not scored). */
void rnn_score_window(const lm_rnn *net, const float *params, lm_rnn_work *w,
                      const uint32_t *ids, int T, double *logp);

/* Runs the stack over the window (no projection): advances the carried
 * state, as feeding the tokens one by one would. */
void rnn_feed_window(const lm_rnn *net, const float *params, lm_rnn_work *w,
                     const uint32_t *ids, int T);

/* Scores a whole sequence by the evaluation convention of lm-score(1) and
 * lm-train's validation (FOLD: PARAMS' folded embedding, or NULL to fold
 * here): the sequence is cut into at most 32 contiguous
 * streams of at least 1024 tokens (fewer for a short text), each scored
 * from the zero state; word models first feed </s> (EOS, or LM_NO_ID for
 * none), so a text's first word is predicted as a sentence start.
 * THREADS threads each take a share of the streams (same numbers).
 * logp[i] for every token.  Returns the total in nats. */
double rnn_score_sequence(const lm_rnn *net, const float *params, const float *fold,
                          const uint32_t *ids, size_t n, uint32_t eos, double *logp, int threads);
/* The same scoring of streams PART * S / PARTS .. (PART + 1) * S / PARTS
 * only (S: the number of streams above), for one of PARTS processes:
 * fills logp[*LO .. *HI), the tokens of those streams (the same numbers
 * as rnn_score_sequence gives them). */
void rnn_score_part(const lm_rnn *net, const float *params, const float *fold,
                    const uint32_t *ids, size_t n, uint32_t eos, double *logp, int threads,
                    int part, int parts, size_t *lo, size_t *hi);
#define LM_EVAL_STREAMS 32
#define LM_EVAL_MIN_STREAM 1024

#endif
