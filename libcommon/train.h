/* train.h — truncated BPTT over a token sequence: B parallel streams, each
 * a contiguous 1/B of the data, read in windows of T steps with the hidden
 * state carried from window to window (and its gradient cut there, the C
 * equivalent of PyTorch's detach()).  An epoch ends when the streams reach
 * the end of their segment; the state is then reset to zero.
 *
 * With N threads the B streams are split into N shards of consecutive
 * streams; each thread runs its shard's whole window (forward and
 * backward, OpenBLAS single-threaded inside) into its own gradient
 * buffer, and the shards' gradients are averaged in a fixed order.  The
 * recurrence is independent per stream, so this is exact, and
 * deterministic for a given thread count.  Each shard draws its dropout
 * masks from a generator seeded, each step, from the run's generator.
 *
 * Under mpirun (dist.h) the same G shards are spread over P ranks of N
 * threads each, G = P x N, rank r running shards rN .. rN+N-1 (a
 * contiguous block of streams); the layout, the seeds and the fold of
 * the G gradients are those of one process with G threads, so the
 * model is the same bits whichever way G is made up. */
#ifndef LM_TRAIN_H
#define LM_TRAIN_H

#include <stddef.h>
#include <stdint.h>

#include "checkpoint.h"
#include "rnn.h"

#define LM_MAX_SHARDS 64

typedef struct lm_shard {
    int b0, B;                /* its streams: b0 .. b0+B-1 */
    lm_rnn_work *w;
    float *grads;
    uint32_t *in, *tg;        /* (T, B) window inputs and targets */
    lm_rng rng;
    double loss;
} lm_shard;

typedef struct lm_trainer {
    lm_checkpoint *ck;        /* parameters, optimizer, position, RNG: all state */
    int nshards;              /* this rank's */
    int gshards, first;       /* all ranks': G, and the global index of shard[0] */
    lm_shard shard[LM_MAX_SHARDS];
    float *grads;             /* the averaged gradient */
    float *wgt;               /* (G) each shard's share of the streams */
    double *losses;           /* (G) the shards' losses, every rank's */
    float *scratch;           /* the ranks' reduction buffer, when P > 1 */
    const uint32_t *ids;
    size_t n, seg;            /* tokens, tokens per stream */
    int T;                    /* the current window's length */
    double *flow;             /* --grad-flow output, when asked */
    lm_rnn_reg reg;           /* the regularisers, from the checkpoint's cfg */
    lm_span decay[LM_RNN_MAX_SPANS];   /* what --weight-decay shrinks */
    int ndecay;
} lm_trainer;

/* Binds CK (whose cfg, params, optimizer and position are set) to the
 * data, with THREADS shards; restores the carried state from CK->state if
 * present.  Dies if the data has fewer than 2 tokens per stream. */
void trainer_init(lm_trainer *tr, lm_checkpoint *ck, const uint32_t *ids, size_t n, int threads);
void trainer_free(lm_trainer *tr);
uint64_t trainer_windows_per_epoch(const lm_trainer *tr);
/* One window: forward, backward, clipping, optimizer step at LR; advances
 * the position (and epoch).  Returns the mean training loss; *GRAD_NORM
 * gets the gradient norm before clipping. */
double trainer_step(lm_trainer *tr, double lr, double *grad_norm);
/* Copies the shards' carried states into CK->state (before a write). */
void trainer_save_state(lm_trainer *tr);
/* --grad-flow: rnn_grad_flow on the first shard's window at the current
 * position, leaving the training state as it was.  FLOW has room for
 * (L, seq); returns the window's length T. */
int trainer_grad_flow(lm_trainer *tr, double *flow);

/* ACC[i] = the sum over s = 0..G-1, left to right, of WGT[s] * SHARD[s][i],
 * for i < N: the one order in which the shards' gradients are added,
 * by threads and by ranks (dist_sum_shards) alike. */
void shards_fold(float *acc, const float *const *shard, const float *wgt, int g, size_t n);
/* The regularisers a run's configuration asks for. */
lm_rnn_reg trainer_reg(const lm_train_config *cfg);
/* NT-ASGD at an evaluation of loss VALID_LOSS: records it in CK's
 * history and, when the trigger fires (nt_asgd_trigger), starts the
 * average: from the next step the model (CK->params) is the average of
 * the optimizer's weights since this step.  Returns true when it fired. */
bool trainer_asgd_eval(lm_checkpoint *ck, double valid_loss);

/* Fingerprint of a token sequence (to refuse resuming on other data). */
uint64_t tokens_hash(const uint32_t *ids, size_t n);

#endif
