/* s2s_train.h — training and scoring an encoder-decoder on a pairs
 * stream: the batches lm-train --arch seq2seq steps through, and the
 * scoring lm-score and validation share.
 *
 * An epoch visits every pair once, in an order shuffled from the run's
 * seed and the epoch's number alone (so a resumed run, which stores only
 * the epoch and the batch index "pos", sees the same batches), B pairs a
 * batch (the last one smaller).  The loss is the mean over the batch's
 * target tokens.  With N threads each takes a contiguous share of the
 * batch into its own gradient buffer (of its share of the summed loss,
 * scaled by the whole batch's token count), and the shares are added in
 * a fixed order: exact, deterministic for a thread count. */
#ifndef LM_S2S_TRAIN_H
#define LM_S2S_TRAIN_H

#include <stddef.h>
#include <stdint.h>

#include "checkpoint.h"
#include "pairs.h"
#include "seq2seq.h"
#include "train.h"

typedef struct lm_s2s_shard {
    lm_s2s_work *w;
    float *grads;
    uint32_t *src, *tgt;      /* (N, B), (T, B) padded */
    int *slen, *tlen;
    lm_s2s_batch batch;
    lm_rng rng;
    double loss;              /* summed nats */
} lm_s2s_shard;

typedef struct lm_s2s_trainer {
    lm_checkpoint *ck;
    const lm_pairs *data;
    int nshards;
    lm_s2s_shard shard[LM_MAX_SHARDS];
    float *grads;
    size_t *order;            /* this epoch's order of the pairs */
    uint64_t order_epoch;
    float scale;              /* 1 / the batch's target tokens */
} lm_s2s_trainer;

void s2s_trainer_init(lm_s2s_trainer *tr, lm_checkpoint *ck, const lm_pairs *data, int threads);
void s2s_trainer_free(lm_s2s_trainer *tr);
uint64_t s2s_trainer_batches_per_epoch(const lm_s2s_trainer *tr);
/* One batch: forward, backward, clipping, the optimizer at LR; advances
 * the position.  Returns the mean loss per target token. */
double s2s_trainer_step(lm_s2s_trainer *tr, double lr, double *grad_norm);

/* log P(each target token | its source, the target before it), in the
 * order of P->tgt, batches of 64 pairs over THREADS threads.  Returns the
 * total (nats). */
double s2s_score_pairs(const lm_s2s *net, const float *params, const lm_pairs *p, double *logp,
                       int threads);

/* Fills B's padded arrays (room for B pairs of P's longest sides) with
 * pairs IDX[0 .. nb). */
void s2s_fill_batch(const lm_pairs *p, const size_t *idx, int nb, uint32_t *src, uint32_t *tgt,
                    int *slen, int *tlen, lm_s2s_batch *b);

#endif
