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
} lm_train_config;

#endif
