/* train_config.h — a training run's hyper-parameters, as the checkpoint
 * keeps them (the header's "train" map, lm-stream(5)). */
#ifndef LM_TRAIN_CONFIG_H
#define LM_TRAIN_CONFIG_H

#include <stdint.h>

typedef struct lm_train_config {
    int batch, seq;
    double lr, lr_min;        /* lr_min: the floor of the cosine schedule */
    int optimizer;            /* enum lm_optimizer */
    double clip, dropout;
    uint64_t seed;
    int schedule;             /* enum lm_schedule */
    double lr_decay;          /* step schedule: factor per epoch */
    int decay_start;          /* step schedule: first epoch that decays */
    uint64_t warmup;          /* steps of linear warm-up */
    double average;           /* decay of the weights' moving average; 0: none */
    /* The regularisers (lm-train(1) REGULARISATION; rnn.h lm_rnn_reg).
     * The three dropout rates are --dropout's unless given apart. */
    double drop_in, drop_hidden, drop_out;
    int dropout_locked;       /* enum lm_dropout_mode */
    double drop_embed, weight_drop, ar, tar;
    int asgd;                 /* NT-ASGD's non-monotone interval, evaluations; 0: off */
    double weight_decay;      /* decoupled, of the matrices (rnn_decay_spans); 0: off */
    double drop_branch;       /* a residual cell's branch (mamba); 0: off */
} lm_train_config;

enum lm_dropout_mode { LM_DROPOUT_STEP, LM_DROPOUT_LOCKED };

#endif
