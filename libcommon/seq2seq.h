/* seq2seq.h — an encoder-decoder over pairs of sequences (lm-seq2seq(7)
 * has every equation of the forward and the backward, in this file's
 * notation):
 *
 *   encoder   source embedding (V, E), then Le layers of one lm_cell run
 *             forward and (bidirectional) backward over the source, the
 *             two directions' states concatenated: h_j (C = D*H, D = 1, 2)
 *   bridge    s_0 = tanh(W_s g + b_s) for every decoder layer, g = <-h_1
 *             (the backward direction's state at the first source token;
 *             unidirectional: ->h_N)
 *   attention additive (Bahdanau et al. 2015):
 *               e_ij = v_a . tanh(W_a s_{i-1} + U_a h_j),
 *               a_ij = softmax_j(e_ij) over the source's own length,
 *               c_i = sum_j a_ij h_j;
 *             U_a h_j for all j is one GEMM per batch.  None: c_i = c =
 *             [->h_N; <-h_1] for every i (Cho et al. 2014's encoder-
 *             decoder, Bahdanau's baseline)
 *   decoder   target embedding (V, E), then Ld layers of the cell; layer
 *             1 reads [E y_{i-1}; c_i] (y_{-1} = the end symbol), teacher
 *             forcing in training
 *   output    logits = W_o [s_i; c_i] + b_o, softmax cross-entropy
 *
 * A batch holds B pairs of any lengths, time-major and padded
 * (LM_NO_ID); each stream's source and target lengths mask the
 * attention and the loss, and the backward direction runs over each
 * source reversed within its own length, so padding never changes a
 * result.  All parameters are one flat buffer (the offsets below), as
 * for rnn.h, so the optimizer, clipping and checkpoints are the same
 * loops. */
#ifndef LM_SEQ2SEQ_H
#define LM_SEQ2SEQ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cell.h"
#include "rng.h"

#define LM_S2S_MAX_LAYERS 8
enum { LM_ATTN_NONE, LM_ATTN_ADDITIVE };
extern const char *const lm_attention_names[];   /* "none", "additive", NULL */

typedef struct lm_s2s {
    const lm_cell *cell;
    int enc_layers, dec_layers, hidden, embed, attn;   /* attn: the size of W_a s + U_a h */
    int attention;            /* LM_ATTN_* */
    bool bidir;
    uint32_t vocab;
    int dirs, C;              /* directions (1, 2) and C = dirs * hidden */
    size_t nparams;
    size_t off_src_emb, off_enc[LM_S2S_MAX_LAYERS][2], off_Ws, off_bs, off_tgt_emb,
        off_dec[LM_S2S_MAX_LAYERS], off_Wa, off_Ua, off_va, off_Wo, off_bo;
} lm_s2s;

/* Fills in the layout; dies on sizes out of range or over LM_MAX_PARAMS. */
void s2s_shape(lm_s2s *net, const lm_cell *cell, int enc_layers, int dec_layers, int hidden,
               int embed, int attn, int attention, bool bidir, uint32_t vocab);
size_t s2s_param_count(const lm_cell *cell, int enc_layers, int dec_layers, int hidden,
                       int embed, int attn, int attention, bool bidir, uint32_t vocab);
/* As rnn_init_params: embeddings N(0, 1), cells by cell->init, the rest
 * U(-1/sqrt(fan), 1/sqrt(fan)); with INIT->scale, U(-s, s). */
void s2s_init_params(const lm_s2s *net, float *params, const lm_weight_init *init, lm_rng *rng);

/* The named parameter blocks in memory order (for the gradient check):
 * up to LM_S2S_MAX_BLOCKS; returns how many. */
#define LM_S2S_MAX_BLOCKS (4 * LM_S2S_MAX_LAYERS + 16)
typedef struct lm_s2s_block {
    char name[32];
    size_t off, n;
} lm_s2s_block;
int s2s_blocks(const lm_s2s *net, lm_s2s_block *b);

/* B pairs, time-major and padded with LM_NO_ID: SRC (N, B), TGT (T, B)
 * (each target ending with the end symbol), their lengths. */
typedef struct lm_s2s_batch {
    int B, N, T;
    const uint32_t *src, *tgt;
    const int *slen, *tlen;
    uint32_t start;           /* the decoder's first input: the end symbol */
} lm_s2s_batch;

typedef struct lm_s2s_work lm_s2s_work;
lm_s2s_work *s2s_work_new(const lm_s2s *net, int B, int N, int T, bool dropout);
void s2s_work_free(lm_s2s_work *w);
double s2s_work_bytes(const lm_s2s *net, int B, int N, int T, bool dropout);

/* Forward and backward of one batch: returns the summed loss (nats) over
 * the targets' tokens; GRADS gets SCALE times its gradient added. */
double s2s_train_batch(const lm_s2s *net, const float *params, float *grads, lm_s2s_work *w,
                       const lm_s2s_batch *b, float scale, float dropout, lm_rng *rng);
/* log P(tgt[t, b] | source, tgt[< t]) into LOGP (T, B) for t < tlen[b];
 * with ALPHA non-NULL, the attention weights (T, B, N) too (zero past a
 * source's length; none: all zero). */
void s2s_score_batch(const lm_s2s *net, const float *params, lm_s2s_work *w,
                     const lm_s2s_batch *b, double *logp, float *alpha);

/* ---- decoding one source (the model interface's scratch) ---------------- */

/* The decoder state of one stream: the layers' (Ld, S, H) and the last
 * context c_i (C): s2s_state_floats(net) floats. */
size_t s2s_state_floats(const lm_s2s *net);
/* Encodes SRC (N ids, N at most the work's source steps) into W (made
 * with B = 1, T = 1). */
void s2s_encode_source(const lm_s2s *net, const float *params, lm_s2s_work *w,
                       const uint32_t *src, int N);
/* STATE at the start of the target for the source in W: s_0, then fed
 * the start symbol START (so the logits are those of the first token). */
void s2s_start(const lm_s2s *net, const float *params, lm_s2s_work *w, uint32_t start,
               float *state);
/* One more target token into STATE (attention over the source in W). */
void s2s_feed(const lm_s2s *net, const float *params, lm_s2s_work *w, float *state, uint32_t y);
/* The next token's logits W_o [s; c] + b_o from STATE (vocab floats). */
void s2s_logits(const lm_s2s *net, const float *params, const float *state, float *logits);
/* The most source steps W holds. */
int s2s_work_src_cap(const lm_s2s_work *w);

#endif
